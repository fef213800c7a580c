//! `{{x|同比}}`: a figure compared with last year's ledgers, kept in `inputs/2023/` (or named
//! with `--previous`), which are never counted as this year's.

mod common;

use common::*;
use std::path::Path;

/// A 2023 mediation ledger: `n` cases from each source, all resolved but `unresolved`.
fn ledger_2023(path: &Path, counts: &[(&str, usize)], unresolved: usize) {
    let mut rows = vec![vec!["序号", "受理日期", "案件来源", "调解结果"]];
    let mut numbers = Vec::new();
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    for i in 0..total {
        numbers.push(format!("#{}", i + 1));
    }
    let mut k = 0;
    for (source, n) in counts {
        for _ in 0..*n {
            let outcome = if k < unresolved {
                "未化解"
            } else {
                "已化解"
            };
            rows.push(vec![numbers[k].as_str(), "@2023-05-10", source, outcome]);
            k += 1;
        }
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    write_book(path, &[sheet("2023年", rows)]);
}

fn add_line(ws: &Path, line: &str) {
    let path = ws.join("inputs/报告模板.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen("# 存在的问题", &format!("{line}\n# 存在的问题"), 1);
    std::fs::write(&path, text).unwrap();
}

const LINE: &str = "与上年相比，法院推送案件{{调解.来源.法院.受理|同比}}，派出所推送案件{{调解.来源.派出所.受理|同比}}，信访件{{调解.来源.信访.受理|同比}}，化解率{{调解.来源.法院.化解率|同比}}。";

#[test]
fn figures_compare_with_last_years_folder_and_last_year_is_not_counted_as_this_year() {
    let ws = sample_workspace();
    let before = facts(&ws.path().join("inputs")).0;
    // 2024: 法院 66, 派出所 58, 信访 21, 法院 all resolved.
    ledger_2023(
        &ws.path()
            .join("inputs/2023/司法所/2023年矛盾纠纷排查化解台账.xlsx"),
        &[("法院", 60), ("派出所", 58), ("信访", 25)],
        3,
    );
    // This year's figures are what they were: the 2023 folder is last year's, not this year's.
    let (after, _) = facts(&ws.path().join("inputs"));
    assert_eq!(before, after);
    // …and the clerk is told so, in case this year's ledgers went there by mistake.
    let (found, _) = check(&ws.path().join("inputs"));
    assert!(
        found.iter().any(|f| f["file"] == "2023"
            && f["severity"] == "warning"
            && f["message"].as_str().unwrap().contains("没有计入 2024 年")),
        "{found:#?}"
    );
    add_line(ws.path(), LINE);
    let docx = build(ws.path());
    let texts = paragraphs(&part(&docx, "word/document.xml"));
    // 66 vs 60: +10%; 58 vs 58: 持平; 21 vs 25: -16%; 100% vs 57/60 = 95%: +5 points.
    assert!(
        texts.iter().any(|t| t
            == "与上年相比，法院推送案件增长10%，派出所推送案件持平，信访件下降16%，化解率提高5个百分点。"),
        "{texts:#?}"
    );
    // The checklist shows both years' figures behind each comparison.
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(ws.path().join("out/核对清单.xlsx")).unwrap();
    let used = book.worksheet_range("报告数据").unwrap();
    let row = |name: &str| -> Vec<String> {
        used.rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
            .find(|r| r[0] == name && r[2] == "增长10%")
            .unwrap_or_else(|| panic!("no row {name}"))
    };
    assert_eq!(row("调解.来源.法院.受理")[1], "66");
    assert_eq!(row("调解.来源.法院.受理（2023年）")[1], "60");
}

#[test]
fn previous_names_last_years_folder_anywhere() {
    let ws = sample_workspace();
    let elsewhere = ws.path().join("2023年台账");
    ledger_2023(
        &elsewhere.join("司法所/台账.xlsx"),
        &[("法院", 55), ("派出所", 60), ("信访", 21)],
        0,
    );
    add_line(
        ws.path(),
        "法院推送案件{{调解.来源.法院.受理|同比}}，派出所{{调解.来源.派出所.受理|同比}}。",
    );
    let out = gongwen(ws.path(), &["build", "--previous", "2023年台账"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docx = report_path(ws.path());
    validate(&docx);
    let texts = paragraphs(&part(&docx, "word/document.xml"));
    assert!(
        texts
            .iter()
            .any(|t| t == "法院推送案件增长20%，派出所下降3.3%。"),
        "{texts:#?}"
    );
}

#[test]
fn a_comparison_without_last_years_ledgers_names_its_line_and_the_folder_to_make() {
    let ws = sample_workspace();
    add_line(ws.path(), LINE);
    let out = gongwen(ws.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("没有找到2023年的台账"), "{err}");
    assert!(
        err.contains("“2023”的子文件夹") && err.contains("--previous"),
        "{err}"
    );
    assert!(!report_path(ws.path()).exists());
}

#[test]
fn last_year_at_zero_has_no_percentage_and_says_so() {
    let ws = sample_workspace();
    ledger_2023(
        &ws.path().join("inputs/2023/司法所/台账.xlsx"),
        &[("法院", 10), ("信访", 0)],
        0,
    );
    add_line(ws.path(), "信访件{{调解.来源.信访.受理|同比}}。");
    let out = gongwen(ws.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("2023年的“调解.来源.信访.受理”是 0，今年是 21"),
        "{err}"
    );
}
