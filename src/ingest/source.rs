//! Reading one file into grids: the format is chosen from the file's first bytes, not its name.
//! xlsx is read with calamine's streaming cell reader (a stray cell at XFD1048576 costs nothing);
//! xls, xlsb and ods through calamine ranges; csv/tsv text in UTF-8, UTF-16 or GBK.

use super::cell::{Cell, Date};
use super::grid::{Grid, Merge};
use super::merged;
use crate::text::decode_lines;
use calamine::{
    open_workbook_auto_from_rs, Data, DataRef, Range, Reader, SheetVisible, Sheets, Xls, XlsOptions,
};
use std::io::{Cursor, Read};

pub use super::grid::SheetGrid;

/// What the first bytes say the file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A zip package: xlsx, xlsb, ods or a WPS .et saved as xlsx.
    Zip,
    /// An OLE compound file: xls (Excel 97 or 95) or a legacy WPS .et.
    Ole,
    /// Delimited text.
    Text,
}

pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        Format::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Format::Ole
    } else {
        Format::Text
    }
}

/// The sheets of a file, and notes for the clerk on how it was read (Chinese sentences).
#[derive(Debug)]
pub struct Opened {
    pub sheets: Vec<SheetGrid>,
    pub notes: Vec<String>,
}

/// Whether a workbook is one gongwen wrote (its checklist): the package says gongwen made it.
pub fn written_by_gongwen(bytes: &[u8]) -> bool {
    if sniff(bytes) != Format::Zip {
        return false;
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(core) = zip.by_name("docProps/core.xml") else {
        return false;
    };
    let mut text = String::new();
    // A core-properties part is a few hundred bytes; a huge one is not gongwen's.
    if core.take(64 * 1024).read_to_string(&mut text).is_err() {
        return false;
    }
    text.contains("<dc:creator>gongwen</dc:creator>") && text.contains("核对清单")
}

/// Reads every sheet of a file. The error is a Chinese sentence saying why it cannot be read.
pub fn read(bytes: Vec<u8>) -> Result<Opened, String> {
    let mut notes = Vec::new();
    let sheets = read_sheets(bytes, &mut notes)?;
    Ok(Opened { sheets, notes })
}

fn read_sheets(bytes: Vec<u8>, notes: &mut Vec<String>) -> Result<Vec<SheetGrid>, String> {
    if bytes.is_empty() {
        return Err("文件是空的（0 字节）".to_string());
    }
    if let Some(what) = foreign(&bytes) {
        return Err(format!("这是{what}，不是电子表格"));
    }
    match sniff(&bytes) {
        Format::Zip => guarded(|| {
            let package = super::package::inspect(&bytes)?;
            let is_1904 = uses_1904_dates(&bytes);
            let ods = package == super::package::Package::OpenDocument;
            let mut sheets = read_workbook(&bytes, None, ods)?;
            for s in &mut sheets {
                s.grid.is_1904 = is_1904;
            }
            Ok(sheets)
        }),
        Format::Ole if is_encrypted_package(&bytes) => {
            Err("文件设有打开密码，无法读取".to_string())
        }
        Format::Ole => guarded(|| {
            super::compound::inspect(&bytes)?;
            let sheets = read_workbook(&bytes, None, false)?;
            // Excel 95 files often lack a code page record and their GBK text then reads as
            // Latin letters; read them again as code page 936 (GBK) when that looks better.
            if garbled(&sheets) > 0 {
                if let Ok(gbk) = read_workbook(&bytes, Some(936), false) {
                    if garbled(&gbk) < garbled(&sheets) {
                        return Ok(gbk);
                    }
                }
            }
            Ok(sheets)
        }),
        Format::Text if bytes.iter().all(|b| b.is_ascii_whitespace()) => {
            Err("文件是空的".to_string())
        }
        Format::Text => {
            let (text, encoding, odd) = decode_lines(&bytes);
            if !odd.is_empty() {
                let lines: Vec<u32> = odd.iter().map(|l| *l as u32).collect();
                let other = if encoding == "UTF-8" { "GBK" } else { "UTF-8" };
                notes.push(format!(
                    "{}的文字编码（{other}）与其他行（{encoding}）不同，已逐行按各自的编码读出，请核对这几行",
                    crate::diag::row_list(&lines)
                ));
            }
            if super::xml2003::is_spreadsheet_ml(&text) {
                super::xml2003::read(&text)
            } else if looks_like_html(&text) {
                Ok(read_html_tables(&text))
            } else {
                Ok(vec![read_delimited(&text)])
            }
        }
    }
}

/// An Office file saved with a password: a compound file holding an `EncryptedPackage` stream
/// (its directory names are UTF-16).
fn is_encrypted_package(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// What a file that is no spreadsheet is, by its first bytes: a PDF, a picture, an archive.
fn foreign(bytes: &[u8]) -> Option<&'static str> {
    const KINDS: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF 文件"),
        (b"\x89PNG", "PNG 图片"),
        (b"\xFF\xD8\xFF", "JPEG 图片"),
        (b"GIF8", "GIF 图片"),
        (b"Rar!", "RAR 压缩包"),
        (b"7z\xBC\xAF\x27\x1C", "7z 压缩包"),
        (b"\x1F\x8B", "gzip 压缩包"),
        (b"{\\rtf", "RTF 文档"),
        (b"\x7FELF", "程序文件"),
    ];
    KINDS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

/// calamine panics on some damaged files; a panic must not take the run down.
fn guarded(
    read: impl FnOnce() -> Result<Vec<SheetGrid>, String>,
) -> Result<Vec<SheetGrid>, String> {
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    std::panic::set_hook(quiet);
    result.unwrap_or_else(|_| Err("文件已损坏，无法读取".to_string()))
}

/// Whether an xlsx package says `date1904` in its workbook part.
fn uses_1904_dates(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(mut part) = zip.by_name("xl/workbook.xml") else {
        return false;
    };
    let mut xml = String::new();
    if part.read_to_string(&mut xml).is_err() {
        return false;
    }
    xml.contains("date1904=\"1\"") || xml.contains("date1904=\"true\"")
}

/// How many characters of the sheets' text look like GBK bytes read as another code page.
fn garbled(sheets: &[SheetGrid]) -> usize {
    let mut n = 0;
    for s in sheets {
        for ch in s.name.chars() {
            n += usize::from(is_garbled_char(ch));
        }
        for r in s.grid.rows() {
            for (_, cell) in s.grid.row(r) {
                if let Cell::Text(t) = cell {
                    n += t.chars().filter(|c| is_garbled_char(*c)).count();
                }
            }
        }
    }
    n
}

fn is_garbled_char(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{FF}' | '\u{FFFD}' | '\u{E000}'..='\u{F8FF}')
}

fn read_workbook(bytes: &[u8], codepage: Option<u16>, ods: bool) -> Result<Vec<SheetGrid>, String> {
    let reader = Cursor::new(bytes);
    // calamine gives no merged cells for ods: they come from content.xml (of an OpenDocument
    // package only: a stray content.xml in an xlsx is never read).
    let ods_merges = if ods {
        ods_merged_cells(reader.get_ref())
    } else {
        Default::default()
    };
    let mut book = match codepage {
        None => open_workbook_auto_from_rs(reader).map_err(describe)?,
        Some(cp) => {
            let mut options = XlsOptions::default();
            options.force_codepage = Some(cp);
            Sheets::Xls(Xls::new_with_options(reader, options).map_err(describe)?)
        }
    };
    let sheets: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    let mut out = Vec::new();
    let mut parts: Option<Option<merged::SheetParts>> = None;
    for (name, hidden) in sheets {
        let grid = match &mut book {
            Sheets::Xlsx(x) => {
                let mut grid = Grid::default();
                {
                    // A shared string (one text of the workbook's table, on thousands of rows:
                    // a source, an outcome) is kept once, by where it stands in that table.
                    let mut shared: rustc_hash::FxHashMap<usize, std::sync::Arc<str>> =
                        Default::default();
                    let mut cells = x.worksheet_cells_reader(&name).map_err(describe)?;
                    while let Some(cell) =
                        cells.next_cell_with_formula_metadata().map_err(describe)?
                    {
                        let (r, c) = cell.pos;
                        let no_value = matches!(&cell.value, DataRef::Empty)
                            || matches!(&cell.value, DataRef::String(s) if s.is_empty());
                        let value = match &cell.value {
                            _ if cell.formula.is_some() && no_value => Cell::NoCachedValue,
                            DataRef::SharedString(s) => Cell::Text(
                                shared
                                    .entry(s.as_ptr() as usize)
                                    .or_insert_with(|| (*s).into())
                                    .clone(),
                            ),
                            other => from_data_ref(other),
                        };
                        grid.set(r, c, value);
                    }
                }
                // Read from the end of the sheet's part where the sheets are listed as
                // calamine lists them; else by calamine (a second pass over the sheet).
                let own = parts
                    .get_or_insert_with(|| {
                        merged::sheet_parts(bytes)
                            .filter(|p| p.iter().map(|(n, _)| n).eq(x.sheet_names().iter()))
                    })
                    .as_ref()
                    .and_then(|p| p.iter().find(|(n, _)| *n == name))
                    .and_then(|(_, path)| merged::merges(bytes, path));
                grid.merges = match own {
                    Some(merges) => merges,
                    None => x
                        .merge_cells_by_sheet_name(&name)
                        .map_err(describe)?
                        .into_iter()
                        .map(|d| to_merge(d.start, d.end))
                        .collect(),
                };
                grid
            }
            Sheets::Xls(x) => {
                let range = x.worksheet_range(&name).map_err(describe)?;
                let mut grid = grid_from_range(&range);
                grid.merges = x
                    .merge_cells_by_sheet_name(&name)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|d| to_merge(d.start, d.end))
                    .collect();
                grid
            }
            Sheets::Ods(x) => {
                let range = x.worksheet_range(&name).map_err(describe)?;
                let mut grid = grid_from_range(&range);
                grid.merges = ods_merges.get(&name).cloned().unwrap_or_default();
                grid
            }
            other => {
                let range = other.worksheet_range(&name).map_err(describe)?;
                grid_from_range(&range)
            }
        };
        out.push(SheetGrid { name, hidden, grid });
    }
    Ok(out)
}

/// The merged cells of each table of an OpenDocument spreadsheet (cells with
/// `table:number-rows-spanned` / `table:number-columns-spanned` in content.xml).
fn ods_merged_cells(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<Merge>> {
    use quick_xml::events::{BytesStart, Event};
    let mut out = std::collections::BTreeMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let mut xml = String::new();
    let read = zip
        .by_name("content.xml")
        .map(|mut part| part.read_to_string(&mut xml).is_ok());
    if read.ok() != Some(true) {
        return out;
    }
    let number = |e: &BytesStart, name: &str| -> u32 {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .and_then(|a| a.value.parse().ok())
            .unwrap_or(1)
    };
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut table, mut row, mut col) = (String::new(), 0u32, 0u32);
    loop {
        let (e, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::Eof) | Err(_) => break,
            _ => continue,
        };
        match e.name().as_ref() {
            "table:table" => {
                table = e
                    .try_get_attribute("table:name")
                    .ok()
                    .flatten()
                    .map(|a| a.value.to_string())
                    .unwrap_or_default();
                row = 0;
            }
            "table:table-row" => {
                // Rows are counted at their start; an empty row element still takes its place.
                col = 0;
                if empty {
                    row = row.saturating_add(number(&e, "table:number-rows-repeated"));
                } else {
                    row = row.saturating_add(1);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let r = row.saturating_sub(1);
                let rows = number(&e, "table:number-rows-spanned");
                let cols = number(&e, "table:number-columns-spanned");
                if e.name().as_ref() == "table:table-cell" && (rows > 1 || cols > 1) {
                    out.entry(table.clone())
                        .or_insert_with(Vec::new)
                        .push(Merge {
                            first_row: r,
                            first_col: col,
                            last_row: r + rows - 1,
                            last_col: col + cols - 1,
                        });
                }
                col = col.saturating_add(number(&e, "table:number-columns-repeated"));
            }
            _ => {}
        }
    }
    out
}

fn to_merge(start: (u32, u32), end: (u32, u32)) -> Merge {
    Merge {
        first_row: start.0,
        first_col: start.1,
        last_row: end.0,
        last_col: end.1,
    }
}

fn grid_from_range(range: &Range<Data>) -> Grid {
    let mut grid = Grid::default();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, value) in range.used_cells() {
        let cell = match value {
            Data::DateTime(dt) => excel_date(dt),
            Data::DateTimeIso(s) => iso_date(s),
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::String(s) => Cell::Text(s.as_str().into()),
            Data::Bool(b) => Cell::Bool(*b),
            Data::Error(e) => Cell::Error(format!("{e}").into()),
            Data::DurationIso(s) => Cell::Text(s.as_str().into()),
            Data::Empty => Cell::Empty,
        };
        grid.set(r0 + r as u32, c0 + c as u32, cell);
    }
    grid
}

fn from_data_ref(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::DateTime(dt) => excel_date(dt),
        DataRef::DateTimeIso(s) => iso_date(s),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.as_str().into()),
        DataRef::SharedString(s) => Cell::Text((*s).into()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::Error(e) => Cell::Error(format!("{e}").into()),
        DataRef::DurationIso(s) => Cell::Text(s.as_str().into()),
        DataRef::Empty => Cell::Empty,
    }
}

fn excel_date(dt: &calamine::ExcelDateTime) -> Cell {
    if dt.is_datetime() {
        let (y, m, d, ..) = dt.to_ymd_hms_milli();
        if let Some(date) = Date::new(y as i32, m as u32, d as u32) {
            return Cell::Date(date);
        }
    }
    Cell::Number(dt.as_f64())
}

fn iso_date(s: &str) -> Cell {
    match super::cell::parse_date_text(s, 0) {
        Some(d) => Cell::Date(d),
        None => Cell::Text(s.into()),
    }
}

fn describe<E: std::fmt::Display>(e: E) -> String {
    let text = e.to_string();
    if text.contains("assword") {
        "文件设有打开密码，无法读取".to_string()
    } else {
        format!("文件无法作为电子表格读取（{text}）")
    }
}

/// A web page saved with a spreadsheet's name, as office platforms export "Excel" files.
fn looks_like_html(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect::<String>().to_lowercase();
    head.contains("<table") || head.contains("<html")
}

/// Reads every `<table>` of a web page as a sheet: cells of `<td>`/`<th>`, with `colspan` and
/// `rowspan` kept as merged cells.
fn read_html_tables(text: &str) -> Vec<SheetGrid> {
    use regex::Regex;
    let table = crate::text::compile(r"(?is)<table\b.*?</table>");
    let row = crate::text::compile(r"(?is)<tr\b[^>]*>(.*?)(?:</tr>|$)");
    let cell = crate::text::compile(r"(?is)<t([dh])\b([^>]*)>(.*?)</t[dh]>");
    let span = |attrs: &str, name: &str| -> u32 {
        Regex::new(&format!(r#"(?i){name}\s*=\s*["']?(\d+)"#))
            .ok()
            .and_then(|re| re.captures(attrs).and_then(|c| c[1].parse().ok()))
            .unwrap_or(1)
            .clamp(1, 1000)
    };
    let tag = crate::text::compile(r"(?s)<[^>]*>");
    let mut sheets = Vec::new();
    for (t, m) in table.find_iter(text).enumerate() {
        let mut grid = Grid::default();
        // Cells still covered by a rowspan from above: (row, col).
        let mut taken = std::collections::BTreeSet::new();
        for (r, tr) in row.captures_iter(m.as_str()).enumerate() {
            let r = r as u32;
            let mut c = 0u32;
            for td in cell.captures_iter(&tr[1]) {
                while taken.contains(&(r, c)) {
                    c += 1;
                }
                let (cols, rows) = (span(&td[2], "colspan"), span(&td[2], "rowspan"));
                let value = html_text(&tag.replace_all(&td[3].replace("<br", "\n<br"), ""));
                grid.set(r, c, Cell::Text(value.into()));
                if cols > 1 || rows > 1 {
                    grid.merges.push(Merge {
                        first_row: r,
                        first_col: c,
                        last_row: r + rows - 1,
                        last_col: c + cols - 1,
                    });
                    for rr in r..r + rows {
                        for cc in c..c + cols {
                            taken.insert((rr, cc));
                        }
                    }
                }
                c += cols;
            }
        }
        sheets.push(SheetGrid {
            name: format!("表{}", t + 1),
            hidden: false,
            grid,
        });
    }
    sheets
}

/// The text of an HTML cell: entities decoded, spaces collapsed.
fn html_text(s: &str) -> String {
    let mut out = s
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    let numeric = crate::text::compile(r"&#(x?)([0-9a-fA-F]+);");
    out = numeric
        .replace_all(&out, |c: &regex::Captures| {
            let n = u32::from_str_radix(&c[2], if c[1].is_empty() { 10 } else { 16 }).ok();
            n.and_then(char::from_u32)
                .map(String::from)
                .unwrap_or_default()
        })
        .into_owned();
    out.replace("&amp;", "&").trim().to_string()
}

/// Reads comma-, tab- or semicolon-separated text in any of the encodings offices use.
fn read_delimited(text: &str) -> SheetGrid {
    // The delimiter that splits the most of the first lines (a title line has none).
    let sample: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    // On a tie the last wins: the comma.
    let delimiter = [';', '\t', ',']
        .into_iter()
        .max_by_key(|d| sample.iter().map(|l| l.matches(*d).count()).sum::<usize>())
        .unwrap_or(',');
    let mut grid = Grid::default();
    // Excel shows record N on row N + 1, whatever line breaks its quoted fields hold.
    for (row, (_, fields)) in split_records(text, delimiter).into_iter().enumerate() {
        for (c, field) in fields.into_iter().enumerate() {
            grid.set(row as u32, c as u32, Cell::Text(field.into()));
        }
    }
    SheetGrid {
        name: String::new(),
        hidden: false,
        grid,
    }
}

/// Splits delimited text into records, each with the 0-based line it starts on (CRLF, LF and CR
/// line ends; quoted fields may hold delimiters, doubled quotes and line breaks).
fn split_records(text: &str, delimiter: char) -> Vec<(u32, Vec<String>)> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 0u32;
    let mut start = 0u32;
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if quoted {
            match ch {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\r' | '\n' => {
                    if ch == '\r' && chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(ch),
            }
            continue;
        }
        match ch {
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            c if c == delimiter => fields.push(std::mem::take(&mut field)),
            '\r' | '\n' => {
                if ch == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                fields.push(std::mem::take(&mut field));
                out.push((start, std::mem::take(&mut fields)));
                line += 1;
                start = line;
            }
            _ => field.push(ch),
        }
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        out.push((start, fields));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keep_their_line_with_crlf_and_quoted_breaks() {
        let text = "标题,,\r\n月份,件次\r\n\r\n\"1月\",\"多\r\n行\"\r\n\"a,\"\"b\"\"\",3";
        let recs = split_records(text, ',');
        let lines: Vec<u32> = recs.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [0, 1, 2, 3, 5]);
        assert_eq!(recs[3].1, ["1月", "多\n行"]);
        assert_eq!(recs[4].1, ["a,\"b\"", "3"]);
    }
}
