//! The checklist workbook put together. rust_xlsxwriter writes its frame: styles, properties,
//! every sheet with its name, bold header, column widths, frozen header row and filter, but no
//! rows. The rows are then written into each sheet of that frame as they are made
//! (`sheet_xml`), while a second thread deflates what is made into the zip and copies the
//! frame's other parts unchanged; the shared-string table goes last, with the rows' texts
//! added to the headers'.

use super::sheet_xml::{push_column, SheetXml, Strings};
use std::io::{Cursor, Read, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// One sheet's rows, over as many worksheets of the frame as `parts` says (how many rows
/// each), with a writer of the next row (called once per row, in order).
pub struct Rows<'p> {
    pub columns: usize,
    pub parts: Vec<usize>,
    pub next: &'p mut dyn FnMut(&mut SheetXml),
}

const SHARED: &str = "xl/sharedStrings.xml";

/// Writes the workbook: the frame's parts, its worksheets filled with `sheets`' rows in order
/// (the first sheet's first part is the frame's `sheet1`), deflated at `level`.
pub fn save<W: Write + Send>(
    frame: &[u8],
    sheets: Vec<Rows>,
    level: i64,
    out: W,
) -> std::io::Result<W> {
    let mut archive = ZipArchive::new(Cursor::new(frame)).map_err(zip_error)?;
    let mut shared = String::new();
    archive
        .by_name(SHARED)
        .map_err(zip_error)?
        .read_to_string(&mut shared)?;
    let (head, items) = split_table(&shared)?;
    let count: usize = sheets.iter().map(|s| s.parts.len()).sum();
    let mut empty = Vec::with_capacity(count);
    for i in 0..count {
        let mut xml = String::new();
        archive
            .by_name(&sheet_name(i))
            .map_err(zip_error)?
            .read_to_string(&mut xml)?;
        empty.push(xml);
    }
    let (tx, rx) = sync_channel::<Vec<u8>>(8);
    std::thread::scope(|scope| {
        let packer = scope.spawn(move || pack(frame, rx, level, out));
        // Sending stops when the packer has failed; its error is the one told.
        let _ = make(&empty, sheets, (head, items), &tx);
        drop(tx);
        packer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("核对清单打包时出错")))
    })
}

/// The name of the frame's `i`-th worksheet part.
fn sheet_name(i: usize) -> String {
    format!("xl/worksheets/sheet{}.xml", i + 1)
}

/// Every part's XML with its rows, then the shared-string table, each followed by an empty
/// chunk (the end of the part).
fn make(
    empty: &[String],
    sheets: Vec<Rows>,
    (head, items): (Table, &str),
    tx: &SyncSender<Vec<u8>>,
) -> Result<(), std::sync::mpsc::SendError<Vec<u8>>> {
    let mut strings = Strings::new(head.unique);
    let mut empty = empty.iter();
    for sheet in sheets {
        for (&len, xml) in sheet.parts.iter().zip(empty.by_ref()) {
            let Some(at) = xml.find("</sheetData>") else {
                tx.send(xml.clone().into_bytes())?;
                tx.send(Vec::new())?;
                continue;
            };
            let start = with_dimension(&xml[..at], sheet.columns, len);
            let mut rows = SheetXml::new(&mut strings, 2, start);
            for _ in 0..len {
                rows.start_row();
                (sheet.next)(&mut rows);
                rows.end_row();
                if let Some(full) = rows.take_full() {
                    tx.send(full)?;
                }
            }
            tx.send(rows.finish(&xml.as_bytes()[at..]))?;
            tx.send(Vec::new())?;
        }
    }
    let (added, refs, new_items) = strings.into_parts();
    let start = format!(
        "{}<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{}\" uniqueCount=\"{}\">",
        head.prolog,
        head.count + refs,
        u64::from(head.unique) + u64::from(added)
    );
    let mut table = start.into_bytes();
    table.extend_from_slice(items.as_bytes());
    table.extend_from_slice(&new_items);
    table.extend_from_slice(b"</sst>");
    tx.send(table)?;
    tx.send(Vec::new())
}

/// The sheet's start with its used range reaching the last row written.
fn with_dimension(start: &str, columns: usize, rows: usize) -> Vec<u8> {
    const OPEN: &str = "<dimension ref=\"";
    let found = start
        .find(OPEN)
        .and_then(|at| Some((at, at + OPEN.len() + start[at + OPEN.len()..].find('"')?)));
    match found {
        Some((at, end)) if rows > 0 && columns > 0 => {
            let mut out = start.as_bytes()[..at + OPEN.len()].to_vec();
            out.extend_from_slice(b"A1:");
            push_column(&mut out, columns as u32 - 1);
            out.extend_from_slice((rows + 1).to_string().as_bytes());
            out.extend_from_slice(&start.as_bytes()[end..]);
            out
        }
        _ => start.as_bytes().to_vec(),
    }
}

/// The start of the frame's shared-string table: what comes before `<sst`, and its counts.
struct Table<'t> {
    prolog: &'t str,
    count: u64,
    unique: u32,
}

/// The frame's table split into its start and its `<si>` items.
fn split_table(xml: &str) -> std::io::Result<(Table<'_>, &str)> {
    let bad = || std::io::Error::other("核对清单的共享文本表无法识别");
    let at = xml.find("<sst").ok_or_else(bad)?;
    let open_end = at + xml[at..].find('>').ok_or_else(bad)? + 1;
    let close = xml.rfind("</sst>").ok_or_else(bad)?;
    let attr = |name: &str| -> Option<u64> {
        let tag = &xml[at..open_end];
        let from = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[from..].split('"').next()?.parse().ok()
    };
    let (count, unique) = match (attr("count"), attr("uniqueCount")) {
        (Some(c), Some(u)) => (c, u32::try_from(u).map_err(|_| bad())?),
        _ => (0, 0),
    };
    if unique == 0 && xml[open_end..close].contains("<si>") {
        return Err(bad());
    }
    Ok((
        Table {
            prolog: &xml[..at],
            count,
            unique,
        },
        &xml[open_end..close.max(open_end)],
    ))
}

/// The zip: the frame's parts in their order, the filled worksheets in place of the empty
/// ones, the shared-string table at the end.
fn pack<W: Write>(frame: &[u8], rx: Receiver<Vec<u8>>, level: i64, out: W) -> std::io::Result<W> {
    let mut archive = ZipArchive::new(Cursor::new(frame)).map_err(zip_error)?;
    let mut zip = ZipWriter::new_stream(out);
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(level))
        .unix_permissions(0o600)
        .last_modified_time(DateTime::default());
    let mut next_sheet = 0;
    let take = |zip: &mut ZipWriter<_>, name: &str| -> std::io::Result<()> {
        zip.start_file(name, options).map_err(zip_error)?;
        loop {
            let chunk = rx
                .recv()
                .map_err(|_| std::io::Error::other("核对清单的行没有写完"))?;
            if chunk.is_empty() {
                return Ok(());
            }
            zip.write_all(&chunk)?;
        }
    };
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).map_err(zip_error)?;
        let name = file.name().map_err(zip_error)?.to_string();
        if name.starts_with("xl/worksheets/sheet") {
            if name != sheet_name(next_sheet) {
                return Err(std::io::Error::other(format!(
                    "核对清单的工作表顺序不对：{name}"
                )));
            }
            drop(file);
            take(&mut zip, &name)?;
            next_sheet += 1;
        } else if name != SHARED {
            zip.raw_copy_file(file).map_err(zip_error)?;
        }
    }
    take(&mut zip, SHARED)?;
    let out = zip.finish().map_err(zip_error)?;
    Ok(out.into_inner())
}

fn zip_error(e: zip::result::ZipError) -> std::io::Error {
    match e {
        zip::result::ZipError::Io(io) => io,
        other => std::io::Error::other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_used_range_and_the_string_table_grow_with_the_rows() {
        let start = r#"<worksheet><dimension ref="A1:L1"/><sheetData><row r="1"></row>"#;
        let got = String::from_utf8(with_dimension(start, 12, 100_000)).unwrap();
        assert_eq!(
            got,
            r#"<worksheet><dimension ref="A1:L100001"/><sheetData><row r="1"></row>"#
        );
        assert_eq!(with_dimension(start, 12, 0), start.as_bytes());
        let sst = r#"<?xml version="1.0"?><sst xmlns="x" count="3" uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>"#;
        let (head, items) = split_table(sst).unwrap();
        assert_eq!((head.count, head.unique), (3, 2));
        assert_eq!(head.prolog, r#"<?xml version="1.0"?>"#);
        assert_eq!(items, "<si><t>a</t></si><si><t>b</t></si>");
    }
}
