//! Never silent, never absurd: each way a wrong figure could slip through with exit 0 and no
//! word gives its finding here, naming the file, sheet and cell, and never a changed figure.

mod common;

use common::*;
use rust_xlsxwriter::Workbook;

/// A disclosure count table whose 件次 column holds `bad` on its second data row.
fn disclosure_with(inputs: &std::path::Path, bad: f64) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("统计").unwrap();
    for (c, h) in ["月份", "信息类别", "件次"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "1月").unwrap();
    ws.write_string(1, 1, "政策文件").unwrap();
    ws.write_number(1, 2, 12.0).unwrap();
    ws.write_string(2, 0, "2月").unwrap();
    ws.write_string(2, 1, "工作动态").unwrap();
    ws.write_number(2, 2, bad).unwrap();
    std::fs::create_dir_all(inputs.join("政务公开")).unwrap();
    book.save(inputs.join("政务公开/公开统计.xlsx")).unwrap();
}

#[test]
fn a_count_that_is_not_a_whole_number_is_an_error_at_its_cell() {
    for bad in [f64::NAN, 0.5, 0.3333] {
        let (_d, inputs) = scratch();
        disclosure_with(&inputs, bad);
        let (all, code) = check(&inputs);
        assert_eq!(code, 1, "{bad}: {all:#?}");
        let f = finding(&all, "error", "政务公开/公开统计.xlsx", 3, "件次");
        assert_eq!(f["sheet"], "统计");
        assert_eq!(f["column"], "C");
        let build = gongwen(
            inputs.parent().unwrap(),
            &["--inputs", inputs.to_str().unwrap(), "--year", "2024"],
        );
        assert_ne!(build.status.code(), Some(0), "{bad}");
        assert!(!inputs.parent().unwrap().join("out").exists());
    }
}

#[test]
fn a_nan_in_a_grid_of_months_by_category_is_an_error_at_its_cell() {
    let (_d, inputs) = scratch();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("统计表").unwrap();
    let head = ["月份", "政策文件", "工作动态", "合计"];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, m) in ["1月", "2月"].iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *m).unwrap();
        ws.write_number(r, 1, 3.0).unwrap();
        ws.write_number(r, 2, if r == 2 { f64::NAN } else { 4.0 })
            .unwrap();
    }
    std::fs::create_dir_all(inputs.join("政务公开")).unwrap();
    book.save(inputs.join("政务公开/2024年政务公开统计.xlsx"))
        .unwrap();
    let (all, code) = check(&inputs);
    assert_eq!(code, 1, "{all:#?}");
    let f = finding(
        &all,
        "error",
        "政务公开/2024年政务公开统计.xlsx",
        3,
        "工作动态",
    );
    assert_eq!(f["column"], "C");
}
