//! Reconcile: cross-checks of what the offices wrote, as findings naming file, sheet and row.
//!
//! In: everything ingest read and the report year. Out: findings. Errors (the report waits until
//! they are fixed, unless forced): a declared total that differs from its rows, the same case
//! twice in one ledger, impossible numbers. Warnings (the report is written, the clerk is told):
//! rows outside the year, 结案日期 before 受理日期, the same case in two ledgers, words not
//! recognised, rows missing a key field, months missing from a monthly series. It never changes a
//! count.

use crate::diag::Finding;
use crate::ingest::Origin;
use crate::ingest::{Ingested, Record};

mod cases;
mod rows;

/// Runs every check; findings come sorted by file, sheet and row.
pub fn check(ingested: &Ingested, year: i32) -> Vec<Finding> {
    check_and(ingested, year, |_| {})
}

/// [`check`], handing every record to `each` on the same walk (the facts are counted on it: a
/// district's records are read back from disk once for both).
pub fn check_and(ingested: &Ingested, year: i32, mut each: impl FnMut(&Record)) -> Vec<Finding> {
    let mut findings = Vec::new();
    declared_totals(ingested, &mut findings);
    // The checks of rows, in one walk over the records (a district's are read back from disk
    // once, not once per check).
    let mut rows = rows::RowChecks::new(year, &ingested.channels);
    for run in ingested.records.runs() {
        rows.run(&run);
        run.iter().for_each(&mut each);
    }
    rows.finish(ingested, &mut findings);
    missing_months(ingested, year, &mut findings);
    findings
}

fn num(n: f64) -> String {
    crate::template::Format::Plain.apply(n)
}

fn place(f: Finding, r: &Record) -> Finding {
    let f = f.row(r.origin.row);
    // A record in a cell of its own (a cross table's count, a table with its records across).
    let f = match &r.origin.column {
        Some(c) if f.column.is_none() => f.column(c),
        _ => f,
    };
    if r.origin.sheet.is_empty() {
        f
    } else {
        f.sheet(r.origin.sheet)
    }
}

/// Where a check met rows: how many, the first ten, and whether they are all cells of one row
/// (a table with its records across, a cross table's counts).
#[derive(Debug, Default)]
struct Places {
    count: usize,
    first: Vec<Origin>,
    across: bool,
}

impl Places {
    fn add(&mut self, o: &Origin) {
        self.across = o.column.is_some()
            && self
                .first
                .first()
                .is_none_or(|f| self.across && f.row == o.row);
        if self.first.len() < 10 {
            self.first.push(o.clone());
        }
        self.count += 1;
    }

    /// "第 3、5、9 行" for up to ten rows, then "等"; "第 C、E 列" for cells across one row,
    /// "第 3 行 C 列" for one in a cell of its own.
    fn text(&self) -> String {
        let more = if self.count > 10 { " 等" } else { "" };
        match self.first.as_slice() {
            [one] if self.count == 1 && one.column.is_some() => format!(
                "第 {} 行 {} 列",
                one.row,
                one.column.as_deref().unwrap_or_default()
            ),
            first if self.across => {
                let cols: Vec<&str> = first.iter().filter_map(|o| o.column.as_deref()).collect();
                format!("第 {}{more} 列", cols.join("、"))
            }
            first => {
                let rows: Vec<String> = first.iter().map(|o| o.row.to_string()).collect();
                format!("第 {}{more} 行", rows.join("、"))
            }
        }
    }

    /// A warning of these rows, at the first of them (its column too when they are across).
    fn warning(
        &self,
        file: &str,
        sheet: &str,
        message: String,
        hint: impl Into<String>,
    ) -> Finding {
        let first = &self.first[0];
        let mut f = Finding::warning(file, message).row(first.row).hint(hint);
        if let Some(c) = first.column.as_ref().filter(|_| self.across) {
            f = f.column(c);
        }
        if !sheet.is_empty() {
            f = f.sheet(sheet);
        }
        f
    }
}

fn declared_totals(ingested: &Ingested, findings: &mut Vec<Finding>) {
    for t in &ingested.declared {
        if (t.declared - t.counted).abs() < 1e-9 {
            continue;
        }
        let mut f = Finding::error(
            t.origin.file,
            format!(
                "“{}”写的{}是 {}，但逐行统计是 {}",
                t.label,
                t.measure,
                num(t.declared),
                num(t.counted)
            ),
        )
        .row(t.origin.row)
        .hint("请核对这一合计数与台账中的各行，改正写错的一方");
        if !t.origin.sheet.is_empty() {
            f = f.sheet(t.origin.sheet);
        }
        if let Some(c) = &t.column {
            f = f.column(c);
        }
        findings.push(f);
    }
}

fn missing_months(ingested: &Ingested, year: i32, findings: &mut Vec<Finding>) {
    let _ = year;
    for s in &ingested.series {
        let last = s.months.iter().copied().max().unwrap_or(0);
        let gaps: Vec<String> = (1..=last)
            .filter(|m| !s.months.contains(m))
            .map(|m| format!("{m}月"))
            .collect();
        if !gaps.is_empty() {
            findings.push(
                Finding::warning(
                    &s.file,
                    format!(
                        "按月报送的{}缺少 {}",
                        s.ledger.description(),
                        gaps.join("、")
                    ),
                )
                .hint("如果该月没有发生，请报送零报告（填 0 的一行或一张表）"),
            );
        }
    }
}
