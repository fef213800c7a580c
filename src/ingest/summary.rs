//! A file's sheets counted, or, for a 汇总 sheet that restates the other sheets of its kind,
//! compared with them: its figures become declared totals, never counted a second time.

use super::reading::Outcome;
use super::workbook::{reading_of, ReadSheet};
use super::{cross, DeclaredTotal, Ingested, LedgerKind, Record};

/// Sheet names of summaries that restate the other sheets.
const SUMMARY_WORDS: &[&str] = &["汇总", "总表", "合计"];

fn is_summary(name: &str) -> bool {
    SUMMARY_WORDS.iter().any(|w| name.contains(w))
}

/// Counts the detail sheets of one file, compares its summaries with them, and returns the
/// kinds of ledger found in it.
pub(super) fn count_or_compare(
    rel: &str,
    sheets: Vec<ReadSheet>,
    out: &mut Ingested,
) -> Vec<LedgerKind> {
    let detailed: Vec<LedgerKind> = sheets
        .iter()
        .filter(|s| !is_summary(&s.name))
        .map(|s| s.kind)
        .collect();
    let mut kinds = Vec::new();
    let mut summaries = Vec::new();
    let first_record = out.records.len();
    for mut s in sheets {
        if !kinds.contains(&s.kind) {
            kinds.push(s.kind);
        }
        out.findings.append(&mut s.result.findings);
        out.declared.append(&mut s.result.declared);
        if is_summary(&s.name) && detailed.contains(&s.kind) {
            summaries.push(s);
            continue;
        }
        out.readings.push(reading_of(rel, &s, Outcome::Ledger, 0));
        out.records.append(&mut s.result.records);
    }
    for s in summaries {
        let compared = compare(&s, first_record, out);
        out.readings
            .push(reading_of(rel, &s, Outcome::Summary, compared));
    }
    kinds
}

/// Compares each line of a summary sheet with the detail records of the same file counted so
/// far (from `first_record`); returns how many lines were compared.
fn compare(s: &ReadSheet, first_record: usize, out: &mut Ingested) -> usize {
    let details: Vec<&Record> = out.records[first_record..]
        .iter()
        .filter(|r| r.ledger == s.kind)
        .collect();
    let mut totals = Vec::new();
    for r in &s.result.records {
        // A summary by month compares month by month; by quarter it cannot be compared
        // row by row.
        let time_column = r
            .fields
            .get("栏目")
            .is_some_and(|l| cross::is_time_label(l));
        let by_time = s.result.time_rows || time_column;
        if by_time && r.date.is_none() {
            continue;
        }
        let same_month = |d: &Record| match r.date.filter(|_| by_time) {
            Some(m) => d
                .date
                .is_some_and(|x| (x.year, x.month) == (m.year, m.month)),
            None => true,
        };
        let counted = details
            .iter()
            .filter(|d| r.dims.iter().all(|(k, v)| d.dims.get(k) == Some(v)) && same_month(d))
            .map(|d| d.count)
            .sum();
        let mut what: Vec<String> = r.dims.values().cloned().collect();
        if let Some(m) = r.date.filter(|_| by_time) {
            what.insert(0, format!("{}月", m.month));
        }
        totals.push(DeclaredTotal {
            ledger: s.kind,
            column: r.origin.column.clone(),
            label: format!("汇总表“{}”中的{}", s.name, what.join("、")),
            measure: "件数".to_string(),
            declared: r.count,
            counted,
            origin: r.origin.clone(),
        });
    }
    let n = totals.len();
    out.declared.extend(totals);
    n
}
