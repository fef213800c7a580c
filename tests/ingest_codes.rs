//! Columns of codes (1, 2, 3 … or A/B/C) and the legends that explain them: a 代码表 sheet, a
//! block of lines under the table, one line for several columns beside it. Codes without a
//! legend are an error naming the column.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

fn reading(inputs: &Path, file: &str, sheet: &str) -> Value {
    let all = readings(inputs);
    all.iter()
        .find(|r| r["file"] == file && r["sheet"] == sheet)
        .unwrap_or_else(|| panic!("no reading for {file} {sheet}: {all:#?}"))
        .clone()
}

fn how(r: &Value) -> String {
    r["how"].as_str().unwrap_or_default().to_string()
}

#[test]
fn a_legend_sheet_explains_the_source_and_outcome_codes() {
    let (_d, inputs) = scratch();
    let ledger = sheet(
        "台账",
        vec![
            vec!["序号", "受理日期", "当事人", "案件来源", "调解结果"],
            vec!["#1", "@2024-01-05", "张三", "#1", "A"],
            vec!["#2", "@2024-02-11", "李四", "#2", "A"],
            vec!["#3", "@2024-03-02", "王五", "#1", "B"],
            vec!["#4", "@2024-04-20", "赵六", "#3", "A"],
            vec!["#5", "@2024-05-08", "孙七", "#1", "A"],
        ],
    );
    // The legend sheet comes after the ledger; a header row, then code | meaning pairs under a
    // heading per column.
    let legend = sheet(
        "代码表",
        vec![
            vec!["代码", "含义"],
            vec!["案件来源代码"],
            vec!["#1", "法院委派"],
            vec!["#2", "派出所移交"],
            vec!["#3", "信访转办"],
            vec![],
            vec!["调解结果代码"],
            vec!["A", "调解成功"],
            vec!["B", "调解不成功"],
        ],
    );
    write_book(&inputs.join("司法所/调解台账.xlsx"), &[ledger, legend]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 5.0);
    assert_eq!(n(&f, "调解.化解"), 4.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 3.0);
    assert_eq!(n(&f, "调解.来源.法院.化解"), 2.0);
    assert_eq!(n(&f, "调解.来源.派出所.受理"), 1.0);
    assert_eq!(n(&f, "调解.来源.信访.化解"), 1.0);
    let file = "司法所/调解台账.xlsx";
    let l = reading(&inputs, file, "代码表");
    assert_eq!(l["outcome"], "not_read");
    assert_eq!(l["records"], 0);
    assert_eq!(how(&l), "代码表，用于解释“案件来源”“调解结果”的代码");
    let t = reading(&inputs, file, "台账");
    assert_eq!(t["records"], 5);
    assert!(
        how(&t).contains("“案件来源”一栏的代码按工作表“代码表”解释"),
        "{t}"
    );
    let (all, _) = check(&inputs);
    assert!(
        !all.iter()
            .any(|f| f["file"] == file && f["severity"] == "error"),
        "{all:#?}"
    );
}

#[test]
fn a_legend_block_under_the_table_is_read_and_not_counted() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "Sheet1",
        vec![
            vec!["某村2024年矛盾纠纷调解登记表"],
            vec!["纠纷来源", "登记日期", "纠纷类型", "处理结果"],
            vec!["#2", "2024-03-01", "邻里纠纷", "已化解"],
            vec!["#1", "2024-03-15", "土地纠纷", "已化解"],
            vec!["#1", "2024-05-02", "婚姻家庭纠纷", "未化解"],
            vec!["#4", "2024-06-09", "邻里纠纷", "已化解"],
            vec![],
            vec!["来源代码说明："],
            // Written in the first column, which is the table's 来源 column.
            vec!["1-法院委派"],
            vec!["2-派出所移交"],
            vec!["3-信访转办"],
        ],
    );
    let file = "村调委会/某村登记表.xlsx";
    write_book(&inputs.join(file), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 4.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.派出所.受理"), 1.0);
    assert_eq!(n(&f, "调解.化解"), 3.0);
    let t = reading(&inputs, file, "Sheet1");
    assert_eq!(t["records"], 4);
    assert!(
        how(&t).contains("“纠纷来源”一栏的代码按表格中的说明解释"),
        "{t}"
    );
    // Code 4 is in no legend: said at its cell, counted as written.
    let (all, _) = check(&inputs);
    let w = finding(&all, "warning", file, 6, "代码“4”");
    assert_eq!(w["column"], "A");
    assert_eq!(w["sheet"], "Sheet1");
}

#[test]
fn one_legend_line_beside_the_table_for_several_columns() {
    let (_d, inputs) = scratch();
    let legend = "案件来源：1=法院；2=派出所；3=信访；调解结果：1=成功，2=不成功";
    let s = sheet(
        "调解",
        vec![
            vec!["受理时间", "调解结果", "案件来源", "纠纷类型"],
            vec!["2024年1月3日", "#1", "#3", "邻里纠纷", "", "", legend],
            vec!["2024年2月3日", "#2", "#1", "土地纠纷"],
            vec!["2024年2月9日", "#1", "#1", "劳务纠纷"],
            vec!["2024年7月1日", "#1", "#2", "邻里纠纷"],
        ],
    );
    let file = "调解.xlsx";
    write_book(&inputs.join(file), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 4.0);
    assert_eq!(n(&f, "调解.化解"), 3.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.法院.化解"), 1.0);
    assert_eq!(n(&f, "调解.来源.信访.受理"), 1.0);
    assert_eq!(n(&f, "调解.来源.派出所.化解"), 1.0);
    let t = reading(&inputs, file, "调解");
    assert!(
        how(&t).contains("“调解结果”一栏的代码按表格中的说明解释")
            && how(&t).contains("“案件来源”一栏的代码按表格中的说明解释"),
        "{t}"
    );
}

#[test]
fn codes_without_a_legend_are_an_error_naming_the_column() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "2024",
        vec![
            vec!["序号", "受理日期", "案件来源", "是否化解"],
            vec!["#1", "@2024-01-05", "#1", "#1"],
            vec!["#2", "@2024-02-05", "#2", "#0"],
            vec!["#3", "@2024-03-05", "#3", "#1"],
        ],
    );
    let file = "台账.xlsx";
    write_book(&inputs.join(file), &[s]);
    let (all, code) = check(&inputs);
    assert_ne!(code, 0, "{all:#?}");
    let errors: Vec<&Value> = all
        .iter()
        .filter(|f| f["severity"] == "error" && f["file"] == file)
        .collect();
    // 1/0 under 是否化解 are yes/no marks; only the source column is in doubt.
    assert_eq!(errors.len(), 1, "{all:#?}");
    let e = errors[0];
    assert_eq!(e["sheet"], "2024");
    assert_eq!(e["column"], "C");
    let msg = e["message"].as_str().unwrap();
    assert!(
        msg.contains("“案件来源”一栏（C 列）填的是代码（1、2、3）"),
        "{msg}"
    );
    assert!(e["hint"].as_str().unwrap().contains("代码表"), "{e}");
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 3.0);
    assert_eq!(n(&f, "调解.化解"), 2.0);
}

#[test]
fn a_fill_in_notes_sheet_with_numbered_notes_and_type_codes() {
    let (_d, inputs) = scratch();
    let ledger = sheet(
        "1-6月",
        vec![
            vec!["编号", "日期", "纠纷类型", "来源", "结果"],
            vec!["T01", "2024.1.9", "A", "法院", "成功"],
            vec!["T02", "2024.2.9", "b", "派出所", "成功"],
            vec!["T03", "2024.3.9", "C", "法院", "不成功"],
            vec!["T04", "2024.4.9", "B", "村调委会", "成功"],
        ],
    );
    let notes = sheet(
        "填表说明",
        vec![
            vec!["填表说明"],
            vec!["1.本表按月填写，每月5日前报送司法所"],
            vec!["2.纠纷类型代码：A=婚姻家庭纠纷 B=邻里纠纷 C=土地纠纷"],
            vec!["3.请勿修改表头"],
        ],
    );
    let file = "调解台账.xlsx";
    write_book(&inputs.join(file), &[notes, ledger]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 4.0);
    assert_eq!(n(&f, "调解.类型.邻里纠纷.受理"), 2.0);
    assert_eq!(n(&f, "调解.类型.婚姻家庭纠纷.受理"), 1.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 2.0);
    assert_eq!(
        how(&reading(&inputs, file, "填表说明")),
        "代码表，用于解释“纠纷类型”的代码"
    );
    let (all, _) = check(&inputs);
    assert!(
        !all.iter()
            .any(|f| f["file"] == file && f["severity"] == "error"),
        "{all:#?}"
    );
}
