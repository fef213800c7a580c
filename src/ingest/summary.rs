//! A file's sheets counted, or, for a 汇总 sheet that restates the other sheets of its kind,
//! compared with them: its figures become declared totals, never counted a second time.

use super::reading::{Outcome, SheetReading};
use super::sheet::SheetResult;
use super::{cross, DeclaredTotal, LedgerKind, Part, Record};
use crate::diag::Finding;

/// A sheet read as a ledger.
pub(super) struct ReadSheet {
    pub name: String,
    pub kind: LedgerKind,
    pub result: SheetResult,
}

/// Adds the reading line of a sheet whose rows were counted or compared.
fn reading_of(rel: &str, s: &ReadSheet, outcome: Outcome, compared: usize) -> SheetReading {
    match outcome {
        Outcome::Summary => SheetReading {
            outcome,
            kind: Some(s.kind.name()),
            how: format!(
                "{}的汇总表，与明细逐项核对（{compared} 项），不重复计入",
                s.kind.description()
            )
            .into(),
            ..SheetReading::not_read(rel, &s.name, "")
        },
        _ => SheetReading::ledger(
            rel,
            &s.name,
            s.kind,
            s.result.records.len(),
            s.result.layout.clone(),
        ),
    }
}

/// Sheet names of summaries that restate the other sheets.
const SUMMARY_WORDS: &[&str] = &["汇总", "总表", "合计"];

fn is_summary(name: &str) -> bool {
    SUMMARY_WORDS.iter().any(|w| name.contains(w))
}

/// Counts the detail sheets of one file, compares its summaries with them, and returns the
/// kinds of ledger found in it.
pub(super) fn count_or_compare(
    rel: &str,
    year: i32,
    sheets: Vec<ReadSheet>,
    out: &mut Part,
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
        super::move_all(&mut out.records, &mut s.result.records);
    }
    for s in summaries {
        let period = period_of(rel, year, &s, out);
        let compared = compare(&s, first_record, period, out);
        out.readings
            .push(reading_of(rel, &s, Outcome::Summary, compared));
    }
    kinds
}

/// The months a summary covers, (year, month) first and last: what its title says, else the
/// report year. A period other than the report year is worth a warning naming both.
fn period_of(rel: &str, year: i32, s: &ReadSheet, out: &mut Part) -> ((i32, u32), (i32, u32)) {
    let Some((from, to)) = s.result.period else {
        return ((year, 1), (year, 12));
    };
    let span = ((from.year, from.month), (to.year, to.month));
    if span != ((year, 1), (year, 12)) {
        out.findings.push(
            Finding::warning(
                rel,
                format!(
                    "汇总表“{}”统计的是 {}年{}月至{}年{}月，与报告年度 {year}年（1月至12月）不同；已按它自己的时段与明细核对，报告中的数字仍按 {year} 年统计",
                    s.name, from.year, from.month, to.year, to.month
                ),
            )
            .sheet(&s.name)
            .hint("请确认报告需要的是哪个时段；如果汇总表应当按自然年统计，请改正它的时段"),
        );
    }
    span
}

/// Compares each line of a summary sheet with the detail records of the same file counted so
/// far (from `first_record`) dated within `period` (undated ones too); returns how many lines
/// were compared.
fn compare(
    s: &ReadSheet,
    first_record: usize,
    period: ((i32, u32), (i32, u32)),
    out: &mut Part,
) -> usize {
    let within = |r: &Record| {
        r.date
            .is_none_or(|d| (period.0..=period.1).contains(&(d.year, d.month)))
    };
    let details: Vec<&Record> = out.records[first_record..]
        .iter()
        .filter(|r| r.ledger == s.kind && within(r))
        .collect();
    let mut totals = Vec::new();
    for r in &s.result.records {
        compare_line(s, r, &details, &mut totals);
    }
    let n = totals.len();
    out.declared.extend(totals);
    n
}

/// The declared totals one summary line gives, like for like: its count with the count of the
/// same rows, its 化解数 with theirs, its 化解率 with their rate.
fn compare_line(s: &ReadSheet, r: &Record, details: &[&Record], totals: &mut Vec<DeclaredTotal>) {
    // A summary by month compares month by month; by quarter it cannot be compared
    // row by row.
    let time_column = r
        .fields
        .get("栏目")
        .is_some_and(|l| cross::is_time_label(l));
    let by_time = s.result.time_rows || time_column;
    if by_time && r.date.is_none() {
        return;
    }
    let same_month = |d: &Record| match r.date.filter(|_| by_time) {
        Some(m) => d
            .date
            .is_some_and(|x| (x.year, x.month) == (m.year, m.month)),
        None => true,
    };
    let same: Vec<&&Record> = details
        .iter()
        .filter(|d| r.dims.iter().all(|(k, v)| d.dims.get(k) == Some(v)) && same_month(d))
        .collect();
    let mut what: Vec<String> = r.dims.values().map(|t| t.to_string()).collect();
    if let Some(m) = r.date.filter(|_| by_time) {
        what.insert(0, format!("{}月", m.month));
    }
    let label = format!("汇总表“{}”中的{}", s.name, what.join("、"));
    let count: f64 = same.iter().map(|d| d.count).sum();
    // Like for like: the count with the count, the resolved with the resolved.
    totals.push(DeclaredTotal {
        ledger: s.kind,
        column: r.origin.column.map(|c| c.to_string()),
        label: label.clone(),
        measure: "件数".to_string(),
        declared: r.count,
        counted: count,
        origin: r.origin.clone(),
    });
    let rate = r.fields.get("化解率").and_then(|v| v.parse::<f64>().ok());
    // A rate with a rate, once a line's count agrees (a wrong count already names the line).
    if let Some(rate) = rate.filter(|_| count == r.count) {
        // The 化解率 written (0.667 or 66.7) against the rows' own.
        let declared = if rate <= 1.0 { rate * 100.0 } else { rate };
        let done: f64 = same.iter().map(|d| d.resolved.unwrap_or(0.0)).sum();
        let own = if count > 0.0 {
            done / count * 100.0
        } else {
            0.0
        };
        let round = |x: f64| (x * 10.0).round() / 10.0;
        totals.push(DeclaredTotal {
            ledger: s.kind,
            column: None,
            label: label.clone(),
            measure: "化解率（%）".to_string(),
            declared: round(declared),
            // Written rates are rounded for display: half a point either way agrees.
            counted: if (declared - own).abs() <= 0.5 {
                round(declared)
            } else {
                round(own)
            },
            origin: r.origin.clone(),
        });
    }
    if let Some(resolved) = r.resolved {
        totals.push(DeclaredTotal {
            ledger: s.kind,
            column: None,
            label,
            measure: "化解数".to_string(),
            declared: resolved,
            counted: same.iter().map(|d| d.resolved.unwrap_or(0.0)).sum(),
            origin: r.origin.clone(),
        });
    }
}
