//! The small WordprocessingML parts: settings, font table and the two page-number footers.

use super::stylesheet::FOOTER;
use super::xml::Xml;
use super::{R_NS, W_NS};
use crate::styles::Styles;

/// word/settings.xml: odd and even footers differ; full-width punctuation is not compressed
/// (compression would let more than `chars_per_line` characters onto a line).
pub(crate) fn settings_xml(styles: &Styles) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:settings", &[("xmlns:w", W_NS)]);
    x.empty("w:zoom", &[("w:percent", "100")]);
    let tab =
        (styles.body.first_line_indent_chars.max(1) as i64 * styles.body_char_twips()).to_string();
    x.empty("w:defaultTabStop", &[("w:val", &tab)]);
    x.empty("w:evenAndOddHeaders", &[]);
    x.empty("w:characterSpacingControl", &[("w:val", "doNotCompress")]);
    x.open("w:compat", &[]);
    x.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    );
    x.close("w:compat");
    x.empty(
        "w:themeFontLang",
        &[("w:val", "en-US"), ("w:eastAsia", "zh-CN")],
    );
    x.close("w:settings");
    x.into_bytes()
}

/// Every font the styles name, the Latin font first, each once, and whether it is a Chinese
/// (eastAsia) font.
pub(crate) fn fonts_used(styles: &Styles) -> Vec<(&str, bool)> {
    let east: [&str; 14] = [
        &styles.title.font,
        &styles.addressee.font,
        &styles.body.font,
        &styles.heading1.font,
        &styles.heading2.font,
        &styles.heading3.font,
        &styles.heading4.font,
        &styles.signature.font,
        &styles.page_number.font,
        &styles.table.font,
        &styles.table.header_font,
        &styles.red_header.font,
        &styles.red_header.signer_font,
        &styles.end_block.font,
    ];
    let latin = styles.fonts.latin.as_str();
    let mut fonts: Vec<(&str, bool)> = vec![(latin, east.contains(&latin))];
    for f in east {
        if !fonts.iter().any(|(name, _)| *name == f) {
            fonts.push((f, true));
        }
    }
    fonts
}

/// word/fontTable.xml
pub(crate) fn font_table_xml(styles: &Styles) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:fonts", &[("xmlns:w", W_NS)]);
    for (name, chinese) in fonts_used(styles) {
        x.open("w:font", &[("w:name", name)]);
        if chinese {
            // GB2312 character set.
            x.empty("w:charset", &[("w:val", "86")]);
            x.empty("w:family", &[("w:val", "auto")]);
            x.empty("w:pitch", &[("w:val", "variable")]);
        } else {
            x.empty("w:charset", &[("w:val", "00")]);
            x.empty("w:family", &[("w:val", "roman")]);
            x.empty("w:pitch", &[("w:val", "variable")]);
        }
        x.close("w:font");
    }
    x.close("w:fonts");
    x.into_bytes()
}

/// Which side of the page a footer's page number sits on.
#[derive(Clone, Copy)]
pub(crate) enum Side {
    /// Odd pages: right, `indent_chars` in.
    Right,
    /// Even pages: left, `indent_chars` in.
    Left,
}

/// word/footer1.xml (odd pages) or word/footer2.xml (even pages): "— N —" with a PAGE field.
pub(crate) fn footer_xml(styles: &Styles, side: Side) -> Vec<u8> {
    let pn = &styles.page_number;
    let indent = (pn.indent_chars as f64 * pn.size_pt * 20.0).round() as i64;
    let indent = indent.to_string();
    let (ind_attr, jc) = match side {
        Side::Right => ("w:right", "right"),
        Side::Left => ("w:left", "left"),
    };
    let mut x = Xml::new();
    x.open("w:ftr", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)]);
    x.open("w:p", &[]).open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", FOOTER)]);
    x.empty(
        "w:ind",
        &[
            (ind_attr, &indent),
            ("w:firstLineChars", "0"),
            ("w:firstLine", "0"),
        ],
    );
    x.empty("w:jc", &[("w:val", jc)]);
    x.close("w:pPr");
    let text_run = |x: &mut Xml, t: &str| {
        x.open("w:r", &[]).w_t(t).close("w:r");
    };
    let field_char = |x: &mut Xml, kind: &str| {
        x.open("w:r", &[])
            .empty("w:fldChar", &[("w:fldCharType", kind)])
            .close("w:r");
    };
    text_run(&mut x, &format!("{} ", pn.dash));
    field_char(&mut x, "begin");
    x.open("w:r", &[])
        .leaf("w:instrText", &[("xml:space", "preserve")], " PAGE ")
        .close("w:r");
    field_char(&mut x, "separate");
    text_run(&mut x, "1");
    field_char(&mut x, "end");
    text_run(&mut x, &format!(" {}", pn.dash));
    x.close("w:p").close("w:ftr");
    x.into_bytes()
}

/// word/footer3.xml: an empty footer, for the end block's section.
pub(crate) fn blank_footer_xml() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:ftr", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)]);
    x.open("w:p", &[]).open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", FOOTER)]);
    x.close("w:pPr").close("w:p");
    x.close("w:ftr");
    x.into_bytes()
}
