//! The merged areas of an .xlsx sheet, read from the end of its part. calamine finds them by
//! parsing the whole sheet a second time after its cells (a tenth of a reader's time); here the
//! part is inflated, searched for its `<mergeCells>` element, and only that element is parsed.
//! Anything unexpected (sheets listed otherwise than calamine lists them, a part not found, a
//! reference that does not read) gives `None`, and calamine's own reading is used instead.

use super::grid::Merge;
use quick_xml::events::Event;
use std::io::{Cursor, Read};

/// Each sheet's name and the path of its part in the package, in workbook order.
pub(super) type SheetParts = Vec<(String, String)>;

/// The sheets of the workbook in `bytes` (an .xlsx package) and their parts, found as calamine
/// finds them: the package's relationships name the workbook part, its relationships name each
/// sheet's part.
pub(super) fn sheet_parts(bytes: &[u8]) -> Option<SheetParts> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let root = part_text(&mut zip, "_rels/.rels")?;
    let workbook = relationships(&root)
        .into_iter()
        .find(|(_, kind, _)| kind.ends_with("/relationships/officeDocument"))
        .map(|(_, _, target)| target.trim_start_matches('/').to_string())?;
    let (dir, name) = workbook.rsplit_once('/').unwrap_or(("", &workbook));
    let dir = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let rels = relationships(&part_text(&mut zip, &format!("{dir}_rels/{name}.rels"))?);
    let book = part_text(&mut zip, &workbook)?;
    let mut xml = quick_xml::Reader::from_str(&book);
    let mut sheets = Vec::new();
    loop {
        match xml.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let mut name = None;
                let mut id = None;
                for a in e.attributes() {
                    let a = a.ok()?;
                    let key = a.key.local_name();
                    if key.as_ref() == "name" {
                        name = Some(value(&a)?);
                    } else if key.as_ref() == "id" {
                        id = Some(value(&a)?);
                    }
                }
                let (name, id) = (name?, id?);
                let (_, _, target) = rels.iter().find(|(rid, _, _)| *rid == id)?;
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("{dir}{target}"),
                };
                sheets.push((name, path));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Some(sheets)
}

/// (Id, Type, Target) of each relationship in a relationships part.
fn relationships(xml: &str) -> Vec<(String, String, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let mut fields = [String::new(), String::new(), String::new()];
                for a in e.attributes().flatten() {
                    let at = match a.key.local_name().as_ref() {
                        "Id" => 0,
                        "Type" => 1,
                        "Target" => 2,
                        _ => continue,
                    };
                    if let Some(v) = value(&a) {
                        fields[at] = v;
                    }
                }
                let [id, kind, target] = fields;
                out.push((id, kind, target));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// An attribute's value, its character references read.
fn value(a: &quick_xml::events::attributes::Attribute) -> Option<String> {
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

/// The most a small part (relationships, the workbook part) may inflate to.
const SMALL_PART: u64 = 16 * 1024 * 1024;

fn part_text(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let part = zip.by_name(name).ok()?;
    let mut text = String::new();
    part.take(SMALL_PART).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The merged areas of the sheet whose part is `path`, read from its `<mergeCells>` element
/// alone; an empty list for a sheet without one.
pub(super) fn merges(bytes: &[u8], path: &str) -> Option<Vec<Merge>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut part = zip.by_name(path).ok()?;
    // The element comes after the cells: the part is read through in blocks, and from the
    // block where it starts on, kept (with enough of the block before for a tag cut in two).
    const BLOCK: usize = 256 * 1024;
    const OVERLAP: usize = 64;
    let finder = memchr::memmem::Finder::new(b"mergeCells");
    let mut tail: Vec<u8> = Vec::new();
    let mut block = vec![0u8; BLOCK];
    let mut found = false;
    loop {
        let n = part.read(&mut block).ok()?;
        if n == 0 {
            break;
        }
        if found {
            tail.extend_from_slice(&block[..n]);
            continue;
        }
        let keep = tail.len().min(OVERLAP);
        let mut window = tail.split_off(tail.len() - keep);
        window.extend_from_slice(&block[..n]);
        match finder.find(&window) {
            Some(at) => {
                let start = window[..at].iter().rposition(|b| *b == b'<').unwrap_or(0);
                tail = window.split_off(start);
                found = true;
            }
            None => tail = window,
        }
    }
    if !found {
        return Some(Vec::new());
    }
    read_merge_cells(&tail)
}

/// The areas of the `<mergeCells>` element `xml` starts with (as calamine reads them: the
/// `ref` of each `<mergeCell>` until the element ends).
fn read_merge_cells(xml: &[u8]) -> Option<Vec<Merge>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut buf = Vec::new();
    let mut open = false;
    let mut out = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.local_name().as_ref() == "mergeCells" => open = true,
            Event::Start(e) if open && e.local_name().as_ref() == "mergeCell" => {
                let Some(reference) = e.attributes().flatten().find(|a| a.key.as_ref() == "ref")
                else {
                    continue;
                };
                out.push(area(&reference.value)?);
            }
            Event::End(e) if open && e.local_name().as_ref() == "mergeCells" => return Some(out),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// "B2:D3" (or "B2" alone) as a merged area, 0-based.
fn area(reference: &str) -> Option<Merge> {
    let mut ends = reference.split(':').map(cell);
    let first = ends.next()??;
    let last = match ends.next() {
        Some(end) => end?,
        None => first,
    };
    if ends.next().is_some() {
        return None;
    }
    Some(Merge {
        first_row: first.0,
        first_col: first.1,
        last_row: last.0,
        last_col: last.1,
    })
}

/// "B2" (or "$B$2") as (row, column), 0-based.
fn cell(reference: &str) -> Option<(u32, u32)> {
    let r = reference.replace('$', "");
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = r.split_at(letters);
    if col.is_empty() || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = col.bytes().try_fold(0u32, |n, b| {
        n.checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: u32 = row.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_as_calamine_reads_them() {
        assert_eq!(cell("A1"), Some((0, 0)));
        assert_eq!(cell("$AB$12"), Some((11, 27)));
        assert_eq!(cell("A0"), None);
        assert_eq!(cell("12"), None);
        let m = area("B2:D3").unwrap();
        assert_eq!(
            (m.first_row, m.first_col, m.last_row, m.last_col),
            (1, 1, 2, 3)
        );
        let one = area("C5").unwrap();
        assert_eq!((one.first_row, one.last_col), (4, 2));
        assert!(area("A1:B2:C3").is_none());
    }

    #[test]
    fn a_workbook_s_merges_are_calamine_s_however_the_blocks_fall() {
        use calamine::Reader;
        let mut book = rust_xlsxwriter::Workbook::new();
        for (name, rows) in [("台账", 30_000u32), ("汇总&表", 3)] {
            let ws = book.add_worksheet();
            ws.set_name(name).unwrap();
            ws.merge_range(0, 0, 0, 5, "标题", &rust_xlsxwriter::Format::new())
                .unwrap();
            for r in 1..rows {
                ws.write_string(r, 0, format!("甲{r}与乙{r}")).unwrap();
                ws.write_number(r, 1, f64::from(r)).unwrap();
            }
            ws.merge_range(rows, 2, rows + 2, 3, "续", &rust_xlsxwriter::Format::new())
                .unwrap();
        }
        let bytes = book.save_to_buffer().unwrap();
        let parts = sheet_parts(&bytes).unwrap();
        let mut calamine: calamine::Xlsx<_> =
            calamine::Xlsx::new(Cursor::new(bytes.clone())).unwrap();
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, calamine.sheet_names());
        for (name, path) in &parts {
            let ours = merges(&bytes, path).unwrap();
            let theirs = calamine.merge_cells_by_sheet_name(name).unwrap();
            assert_eq!(ours.len(), 2, "{name}");
            for (a, b) in ours.iter().zip(&theirs) {
                assert_eq!((a.first_row, a.first_col), b.start, "{name}");
                assert_eq!((a.last_row, a.last_col), b.end, "{name}");
            }
        }
    }

    #[test]
    fn every_workbook_the_project_holds_has_calamine_s_merges() {
        use calamine::Reader;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![root.join("inputs"), root.join("tests/fixtures")];
        let mut read = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "xlsx") {
                    continue;
                }
                let bytes = std::fs::read(&path).unwrap();
                let Ok(mut book) = calamine::Xlsx::new(Cursor::new(bytes.clone())) else {
                    continue;
                };
                let Some(parts) = sheet_parts(&bytes) else {
                    continue;
                };
                for (name, part) in &parts {
                    let (Some(ours), Ok(theirs)) =
                        (merges(&bytes, part), book.merge_cells_by_sheet_name(name))
                    else {
                        continue;
                    };
                    let theirs: Vec<_> = theirs.iter().map(|d| (d.start, d.end)).collect();
                    let ours: Vec<_> = ours
                        .iter()
                        .map(|m| ((m.first_row, m.first_col), (m.last_row, m.last_col)))
                        .collect();
                    assert_eq!(ours, theirs, "{} {name}", path.display());
                    read += 1;
                }
            }
        }
        assert!(read > 5, "{read} sheets compared");
    }
}
