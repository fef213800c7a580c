//! A tiny XML writer: elements, escaped attributes and escaped text into a `String`.
//!
//! It does no checking of nesting; the part builders open and close elements in the order the
//! schema wants. Characters XML 1.0 cannot carry (most C0 controls) are dropped.

/// XML being written, starting with the declaration every OOXML part carries.
pub(crate) struct Xml {
    out: String,
}

impl Xml {
    /// A new part with `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`.
    pub(crate) fn new() -> Xml {
        Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"),
        }
    }

    /// `<tag a="v" ...>`
    pub(crate) fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Xml {
        self.start(tag, attrs);
        self.out.push('>');
        self
    }

    /// `<tag a="v" .../>`
    pub(crate) fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Xml {
        self.start(tag, attrs);
        self.out.push_str("/>");
        self
    }

    /// `</tag>`
    pub(crate) fn close(&mut self, tag: &str) -> &mut Xml {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// Escaped character data.
    pub(crate) fn text(&mut self, text: &str) -> &mut Xml {
        escape_into(&mut self.out, text);
        self
    }

    /// `<tag a="v">text</tag>`
    pub(crate) fn leaf(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> &mut Xml {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// `<w:t>text</w:t>`, with `xml:space="preserve"` when the text has leading or trailing
    /// white space that would otherwise be dropped.
    pub(crate) fn w_t(&mut self, text: &str) -> &mut Xml {
        if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
            self.leaf("w:t", &[("xml:space", "preserve")], text)
        } else {
            self.leaf("w:t", &[], text)
        }
    }

    /// The finished part as bytes.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    fn start(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value);
            self.out.push('"');
        }
    }
}

/// Appends `text` with `& < > " '` escaped and characters XML cannot carry left out.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Whether XML 1.0 allows the character in a document (tab, newline, CR handled by the caller).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut x = Xml::new();
        x.leaf("a", &[("v", "x\"<&>")], "1 < 2 & 3 > 0 \u{1}ok");
        let s = String::from_utf8(x.into_bytes()).unwrap();
        assert!(
            s.ends_with("<a v=\"x&quot;&lt;&amp;&gt;\">1 &lt; 2 &amp; 3 &gt; 0 ok</a>"),
            "{s}"
        );
    }

    #[test]
    fn text_with_outer_spaces_is_preserved() {
        let mut x = Xml::new();
        x.w_t(" — ").w_t("1");
        let s = String::from_utf8(x.into_bytes()).unwrap();
        assert!(
            s.ends_with("<w:t xml:space=\"preserve\"> — </w:t><w:t>1</w:t>"),
            "{s}"
        );
    }
}
