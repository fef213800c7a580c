//! A worksheet's rows written as SpreadsheetML, straight into a byte buffer: texts go to the
//! workbook's shared-string table (each distinct text once), numbers stay numbers. A
//! district's checklist is a million rows of twelve cells; this writes them several times
//! faster than building each cell through rust_xlsxwriter (README, design notes).

use crate::render::xml::escape_into;
use rustc_hash::FxHashMap;

/// The most characters an Excel cell holds.
pub const CELL_CHARS: usize = 32_767;

/// The shared-string table's texts added by the rows, past those the frame's headers hold.
pub struct Strings {
    index: FxHashMap<Box<str>, u32>,
    /// The index of the first text added (the frame's own come before it).
    first: u32,
    /// The `<si>` items of the texts added, in index order.
    items: Vec<u8>,
    /// How many cells refer to a text added.
    refs: u64,
    scratch: String,
    /// Past this many bytes of items, no text is added.
    limit: usize,
}

/// Texts kept in the table, in bytes of their items: past this, a row's new texts are written
/// in their cells (the table never grows with a corpus of texts that do not repeat).
const TABLE_BYTES: usize = 48 << 20;

impl Strings {
    /// A table whose first added text gets index `first`.
    pub fn new(first: u32) -> Strings {
        Strings::with_limit(first, TABLE_BYTES)
    }

    fn with_limit(first: u32, limit: usize) -> Strings {
        Strings {
            limit,
            index: FxHashMap::default(),
            first,
            items: Vec::new(),
            refs: 0,
            scratch: String::new(),
        }
    }

    /// The index of `text`, added when new; `None` when the table is full and `text` not in
    /// it.
    fn index(&mut self, text: &str) -> Option<u32> {
        if let Some(&i) = self.index.get(text) {
            self.refs += 1;
            return Some(i);
        }
        if self.items.len() > self.limit {
            return None;
        }
        let i = self.first + self.index.len() as u32;
        self.items.extend_from_slice(b"<si>");
        push_t(&mut self.items, &mut self.scratch, text);
        self.items.extend_from_slice(b"</si>");
        self.index.insert(text.into(), i);
        self.refs += 1;
        Some(i)
    }

    /// How many texts were added, how many cells refer to them, and their `<si>` items.
    pub fn into_parts(self) -> (u32, u64, Vec<u8>) {
        (self.index.len() as u32, self.refs, self.items)
    }
}

/// `<t>text</t>`, escaped, keeping outer spaces.
fn push_t(out: &mut Vec<u8>, scratch: &mut String, text: &str) {
    let outer = |c: Option<char>| c.is_some_and(char::is_whitespace);
    if outer(text.chars().next()) || outer(text.chars().next_back()) {
        out.extend_from_slice(br#"<t xml:space="preserve">"#);
    } else {
        out.extend_from_slice(b"<t>");
    }
    scratch.clear();
    escape_into(scratch, text);
    out.extend_from_slice(scratch.as_bytes());
    out.extend_from_slice(b"</t>");
}

/// The rows of one worksheet as they are written: each row's cells left to right.
pub struct SheetXml<'s> {
    buf: Vec<u8>,
    strings: &'s mut Strings,
    /// The current row as Excel numbers it, and its digits.
    row: u32,
    digits: Digits,
    col: u32,
    scratch: String,
}

impl<'s> SheetXml<'s> {
    /// Rows written after `start`, from Excel's row `first` on.
    pub fn new(strings: &'s mut Strings, first: u32, mut start: Vec<u8>) -> SheetXml<'s> {
        start.reserve(CHUNK);
        SheetXml {
            buf: start,
            strings,
            row: first.saturating_sub(1),
            digits: Digits::of(0),
            col: 0,
            scratch: String::new(),
        }
    }

    /// Opens the next row.
    pub fn start_row(&mut self) {
        self.row += 1;
        self.col = 0;
        self.digits = Digits::of(self.row.into());
        self.buf.extend_from_slice(b"<row r=\"");
        self.buf.extend_from_slice(self.digits.as_bytes());
        self.buf.extend_from_slice(b"\">");
    }

    pub fn end_row(&mut self) {
        self.buf.extend_from_slice(b"</row>");
    }

    /// What is written so far, once it is big enough to be sent on.
    pub fn take_full(&mut self) -> Option<Vec<u8>> {
        (self.buf.len() >= CHUNK)
            .then(|| std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK + CHUNK / 4)))
    }

    /// What is left, with `end` written after it.
    pub fn finish(mut self, end: &[u8]) -> Vec<u8> {
        self.buf.extend_from_slice(end);
        self.buf
    }

    /// Leaves the next cell blank.
    pub fn skip(&mut self) {
        self.col += 1;
    }

    /// A text cell (a blank one for an empty text), cut to what a cell holds.
    pub fn text(&mut self, text: &str) {
        if text.is_empty() {
            return self.skip();
        }
        let text = fit(text);
        match self.strings.index(&text) {
            Some(i) => {
                self.open_cell(Some("s"));
                self.buf.extend_from_slice(b"<v>");
                self.buf
                    .extend_from_slice(Digits::of(u64::from(i)).as_bytes());
                self.buf.extend_from_slice(b"</v></c>");
            }
            None => {
                self.open_cell(Some("inlineStr"));
                self.buf.extend_from_slice(b"<is>");
                push_t(&mut self.buf, &mut self.scratch, &text);
                self.buf.extend_from_slice(b"</is></c>");
            }
        }
        self.col += 1;
    }

    /// A number cell; a value Excel cannot hold (infinite, not a number) is written as text.
    pub fn number(&mut self, n: f64) {
        if !n.is_finite() {
            return self.text(&n.to_string());
        }
        self.open_cell(None);
        self.buf.extend_from_slice(b"<v>");
        if n.fract() == 0.0 && n.abs() < 1e15 {
            if n < 0.0 {
                self.buf.push(b'-');
            }
            self.buf
                .extend_from_slice(Digits::of(n.abs() as u64).as_bytes());
        } else {
            use std::io::Write;
            let _ = write!(self.buf, "{n}");
        }
        self.buf.extend_from_slice(b"</v></c>");
        self.col += 1;
    }

    /// A cell given as text that is written as a number when it reads as one ("12", "0",
    /// "97.7"; not "007", kept as written).
    pub fn guess(&mut self, v: &str) {
        match v.parse::<f64>() {
            Ok(n) if n.is_finite() && (!v.starts_with('0') || v == "0") => self.number(n),
            _ => self.text(v),
        }
    }

    fn open_cell(&mut self, kind: Option<&str>) {
        self.buf.extend_from_slice(b"<c r=\"");
        push_column(&mut self.buf, self.col);
        self.buf.extend_from_slice(self.digits.as_bytes());
        if let Some(kind) = kind {
            self.buf.extend_from_slice(b"\" t=\"");
            self.buf.extend_from_slice(kind.as_bytes());
        }
        self.buf.extend_from_slice(b"\">");
    }
}

/// How many bytes of rows are sent on at once.
const CHUNK: usize = 256 * 1024;

/// A column's letters: 0 -> A, 25 -> Z, 26 -> AA.
pub fn push_column(out: &mut Vec<u8>, col: u32) {
    let mut letters = [0u8; 4];
    let mut at = letters.len();
    let mut n = col + 1;
    while n > 0 && at > 0 {
        at -= 1;
        letters[at] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    out.extend_from_slice(&letters[at..]);
}

/// A whole number's decimal digits.
#[derive(Clone, Copy)]
struct Digits {
    bytes: [u8; 20],
    from: u8,
}

impl Digits {
    fn of(mut n: u64) -> Digits {
        let mut bytes = [0u8; 20];
        let mut at = bytes.len();
        loop {
            at -= 1;
            bytes[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Digits {
            bytes,
            from: at as u8,
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[self.from as usize..]
    }
}

/// A text cut to what a cell holds, with a marker saying so.
pub fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= CELL_CHARS {
        return text.into();
    }
    let chars = text.chars().count();
    if chars <= CELL_CHARS {
        return text.into();
    }
    let keep = CELL_CHARS - 40;
    let cut: String = text.chars().take(keep).collect();
    format!("{cut}……（以下略去 {} 字）", chars - keep).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_addressed_texts_shared_and_numbers_kept() {
        let mut strings = Strings::new(5);
        let mut x = SheetXml::new(&mut strings, 2, Vec::new());
        x.start_row();
        x.text("台账 & <表>");
        x.skip();
        x.number(12.0);
        x.guess("007");
        x.guess("97.7");
        x.end_row();
        x.start_row();
        x.text("台账 & <表>");
        x.text("");
        x.number(-3.0);
        x.end_row();
        let xml = String::from_utf8(x.finish(b"")).unwrap();
        assert_eq!(
            xml,
            concat!(
                r#"<row r="2"><c r="A2" t="s"><v>5</v></c><c r="C2"><v>12</v></c>"#,
                r#"<c r="D2" t="s"><v>6</v></c><c r="E2"><v>97.7</v></c></row>"#,
                r#"<row r="3"><c r="A3" t="s"><v>5</v></c><c r="C3"><v>-3</v></c></row>"#
            )
        );
        let (added, refs, items) = strings.into_parts();
        assert_eq!((added, refs), (2, 3));
        assert_eq!(
            String::from_utf8(items).unwrap(),
            "<si><t>台账 &amp; &lt;表&gt;</t></si><si><t>007</t></si>"
        );
        let mut col = Vec::new();
        for c in [0, 25, 26, 701, 702] {
            push_column(&mut col, c);
            col.push(b' ');
        }
        assert_eq!(String::from_utf8(col).unwrap(), "A Z AA ZZ AAA ");
    }

    #[test]
    fn past_the_table_s_limit_new_texts_are_written_in_their_cells() {
        let mut strings = Strings::with_limit(0, 0);
        let mut x = SheetXml::new(&mut strings, 2, Vec::new());
        x.start_row();
        x.text("法院");
        x.text(" 派出所 ");
        x.text("法院");
        x.end_row();
        assert_eq!(
            String::from_utf8(x.finish(b"")).unwrap(),
            concat!(
                r#"<row r="2"><c r="A2" t="s"><v>0</v></c>"#,
                r#"<c r="B2" t="inlineStr"><is><t xml:space="preserve"> 派出所 </t></is></c>"#,
                r#"<c r="C2" t="s"><v>0</v></c></row>"#
            )
        );
    }

    #[test]
    fn long_texts_are_cut_with_a_marker() {
        let long = "字".repeat(40_000);
        let cut = fit(&long);
        assert!(cut.chars().count() <= CELL_CHARS);
        assert!(
            cut.ends_with("（以下略去 7273 字）"),
            "{}",
            &cut[cut.len() - 40..]
        );
        assert_eq!(fit("短"), "短");
    }
}
