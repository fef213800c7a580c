//! `cargo bench`: how long ingest + facts take on a large year, and the peak memory.
//!
//! Writes 100 village ledgers of 500 rows each (50,000 disputes) plus one 200,000-row ledger
//! into a temporary folder, then times `ingest` + `reconcile` + `facts` over them (median of 5
//! runs) and prints the process's peak resident memory. Figures go in the closing notes, never in
//! tests.

use gongwen::ingest::ingest;
use gongwen::{facts, reconcile};
use rust_xlsxwriter::Workbook;
use std::path::Path;
use std::time::Instant;

fn ledger(path: &Path, rows: u32, village: &str) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, format!("{village}2024年矛盾纠纷调解台账"))
        .unwrap();
    let header = [
        "序号",
        "受理日期",
        "案件来源",
        "纠纷类型",
        "当事人",
        "调解结果",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let sources = ["法院", "派出所", "信访", "群众申请"];
    let kinds = ["邻里纠纷", "婚姻家庭纠纷", "土地承包纠纷", "损害赔偿纠纷"];
    for i in 0..rows {
        let r = i + 2;
        ws.write_number(r, 0, f64::from(i + 1)).unwrap();
        ws.write_string(r, 1, format!("2024-{:02}-{:02}", i % 12 + 1, i % 28 + 1))
            .unwrap();
        ws.write_string(r, 2, sources[(i % 4) as usize]).unwrap();
        ws.write_string(r, 3, kinds[(i % 4) as usize]).unwrap();
        ws.write_string(r, 4, format!("{village}甲{i}与乙{i}"))
            .unwrap();
        ws.write_string(
            r,
            5,
            if i % 10 == 0 {
                "调解中"
            } else {
                "调解成功"
            },
        )
        .unwrap();
    }
    ws.write_string(rows + 2, 0, "合计").unwrap();
    ws.write_string(rows + 2, 2, format!("{rows}件")).unwrap();
    book.save(path).unwrap();
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn time(label: &str, dir: &Path, expect_rows: usize) {
    let mut runs = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let ingested = ingest(dir, 2024, &[]);
        let findings = reconcile::check(&ingested, 2024);
        let present = [gongwen::ingest::LedgerKind::Mediation];
        let facts = facts::compute(&ingested.records, 2024, &present, &ingested.meeting_kinds);
        runs.push(start.elapsed().as_secs_f64());
        assert_eq!(ingested.records.len(), expect_rows);
        assert!(facts.get("调解.受理").is_some() && findings.iter().all(|f| !f.is_error()));
    }
    runs.sort_by(f64::total_cmp);
    println!(
        "{label}: median {:.3} s over 5 runs (min {:.3} s), {expect_rows} rows, peak RSS {:.0} MiB",
        runs[2],
        runs[0],
        peak_rss_mib()
    );
}

fn main() {
    let many = tempfile::tempdir().unwrap();
    for v in 0..100 {
        ledger(
            &many.path().join(format!("村{v:03}.xlsx")),
            500,
            &format!("第{v}村"),
        );
    }
    time("100 workbooks x 500 rows", many.path(), 50_000);
    let big = tempfile::tempdir().unwrap();
    ledger(&big.path().join("全镇.xlsx"), 200_000, "全镇");
    time("1 workbook x 200,000 rows", big.path(), 200_000);
}
