//! A table laid out the other way round: its field names down the first column (受理日期,
//! 当事人, 调解结果 …) and one record a column. It is read turned over its diagonal, like any
//! register, and every place it gives (records, findings, totals) is turned back, so a record
//! is named by its column.

use super::grid::Grid;
use super::legend::Group;
use super::sheet::{find_headers, Header, SheetResult};
use super::vocab::{LedgerKind, Vocabulary};
use super::Origin;
use crate::diag::{column_index, column_letter, Finding};
use regex::Regex;
use std::sync::OnceLock;

/// Reads a sheet whose records run across, when it is one: the grid turned over has a
/// register's header in its first two rows (the field names in column A or B) and at least two
/// records.
pub(super) fn read(
    grid: &Grid,
    place: (&str, &str),
    year: i32,
    (vocab, legends): (&Vocabulary, &[Group]),
) -> Option<(LedgerKind, SheetResult)> {
    let mut turned = grid.transposed();
    // Merged cells are filled already; turned, a title merged across the top would read as a
    // header as deep as the table is wide.
    turned.merges.clear();
    let headers = find_headers(&turned, vocab);
    let header = headers.first()?;
    if header.first_row > 1 || header.count_column().is_some() {
        return None;
    }
    let end = headers.get(1).map(|h| h.first_row);
    let mut part =
        super::register::read_records(&turned, header, place, (year, end), (vocab, legends));
    if part.records.len() < 2 {
        return None;
    }
    // Each record is named by its column, at the table's first field row.
    let top = header.columns.values().map(|(c, _)| *c).min().unwrap_or(0) + 1;
    for r in &mut part.records {
        r.origin = turn(&r.origin, top);
    }
    for t in &mut part.declared {
        t.origin = turn(&t.origin, top);
        t.column = None;
    }
    part.findings = part.findings.into_iter().map(turn_finding).collect();
    let notes = std::mem::take(&mut part.layout);
    part.layout = [describe(header), swap_rows_in_text(&notes)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("；");
    Some((header.kind, part))
}

/// "调解台账，字段名在第一列、一列一件（已按列读取）：日期=第 2 行“受理日期”、…"
fn describe(header: &Header) -> String {
    let mut fields: Vec<(u32, String)> = header
        .columns
        .iter()
        .map(|(field, (c, label))| (*c, format!("{field}=第 {} 行“{label}”", c + 1)))
        .collect();
    fields.sort();
    let list: Vec<String> = fields.into_iter().map(|(_, s)| s).collect();
    format!(
        "{}，字段名在第 {} 列、一列一件（已按列读取）：{}",
        header.kind.description(),
        column_letter(header.first_row),
        list.join("、")
    )
}

/// A place in the turned grid (its row is the real column) as the sheet shows it.
fn turn(origin: &Origin, top: u32) -> Origin {
    Origin {
        row: top,
        column: Some(super::text(&column_letter(origin.row.saturating_sub(1)))),
        ..origin.clone()
    }
}

fn turn_finding(mut f: Finding) -> Finding {
    let column = f.column.as_deref().and_then(column_index);
    let row = f.row;
    f.row = column.map(|c| c + 1);
    f.column = row.map(|r| column_letter(r.saturating_sub(1)));
    f.message = swap_rows_in_text(&f.message);
    f
}

/// "第 3、5 行" in a message about the turned grid -> "第 C、E 列".
fn swap_rows_in_text(text: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| crate::text::compile(r"第 ?(\d+(?:[、，,]\s*\d+)*) ?行"));
    re.replace_all(text, |caps: &regex::Captures| {
        let letters: Vec<String> = caps[1]
            .split(['、', '，', ','])
            .filter_map(|n| n.trim().parse::<u32>().ok())
            .map(|n| column_letter(n.saturating_sub(1)))
            .collect();
        format!("第 {} 列", letters.join("、"))
    })
    .into_owned()
}
