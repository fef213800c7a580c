//! Reconcile: cross-checks of what the offices wrote, as findings naming file, sheet and row.
//!
//! In: everything ingest read and the report year. Out: findings (errors stop the build unless
//! forced; warnings are printed). It never changes a count.

use crate::diag::Finding;
use crate::facts::in_year;
use crate::ingest::Ingested;
use std::collections::BTreeMap;

/// Runs every check.
pub fn check(ingested: &Ingested, year: i32) -> Vec<Finding> {
    let mut findings = Vec::new();
    outside_year(ingested, year, &mut findings);
    findings
}

/// Rows dated outside the report year are not counted: say how many, and where, per sheet.
fn outside_year(ingested: &Ingested, year: i32, findings: &mut Vec<Finding>) {
    let mut by_sheet: BTreeMap<(&str, &str), Vec<u32>> = BTreeMap::new();
    for r in ingested.records.iter().filter(|r| !in_year(r, year)) {
        by_sheet
            .entry((&r.origin.file, &r.origin.sheet))
            .or_default()
            .push(r.origin.row);
    }
    for ((file, sheet), rows) in by_sheet {
        let list: Vec<String> = rows.iter().take(10).map(|r| r.to_string()).collect();
        let more = if rows.len() > 10 { " 等" } else { "" };
        let mut f = Finding::warning(
            file,
            format!(
                "{} 行的日期不在 {year} 年内，未计入统计（第 {}{more} 行）",
                rows.len(),
                list.join("、")
            ),
        )
        .row(rows[0])
        .hint(format!(
            "如果这些行属于 {year} 年，请改正日期；否则可以不理会"
        ));
        if !sheet.is_empty() {
            f = f.sheet(sheet);
        }
        findings.push(f);
    }
}
