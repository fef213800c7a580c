//! Dates whose parts are written elsewhere: the month in the file or sheet name, the year in a
//! folder, a title row "2024年3月份…", 年度/月份 (or 年/月/日) columns, serial numbers and
//! date-times stored as text. Each test checks the figures a clerk would count (rows of
//! another year left out) and the reading line or finding that says where the parts came from.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

/// The reading entry of one sheet.
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

/// Findings of `severity` on `file` whose message contains `words`.
fn findings_with(all: &[Value], severity: &str, file: &str, words: &str) -> Vec<Value> {
    all.iter()
        .filter(|f| {
            f["severity"] == severity
                && f["file"] == file
                && f["message"].as_str().unwrap_or_default().contains(words)
        })
        .cloned()
        .collect()
}

#[test]
fn the_year_in_the_folder_the_month_in_the_file_name_and_the_day_in_the_cell() {
    let (_d, inputs) = scratch();
    // Columns in an unusual order; the day written three ways.
    let s = sheet(
        "Sheet1",
        vec![
            vec!["调解结果", "案件来源", "序号", "受理日期"],
            vec!["调解成功", "法院委派", "#1", "5日"],
            vec!["调解不成功", "派出所", "#2", "#12"],
            vec!["达成协议", "诉前调解", "#3", "二十日"],
        ],
    );
    write_book(&inputs.join("2024年/3月.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 3.0);
    assert_eq!(n(&f, "调解.化解"), 2.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 2.0);
    let r = reading(&inputs, "2024年/3月.xlsx", "Sheet1");
    assert_eq!(r["records"], 3);
    assert!(
        how(&r).contains("日期中没写的年份取自文件夹名称“2024年”，月份取自文件名“3月.xlsx”"),
        "{r}"
    );
    let (all, _) = check(&inputs);
    assert!(
        findings_with(&all, "warning", "2024年/3月.xlsx", "日期").is_empty(),
        "{all:#?}"
    );
}

#[test]
fn a_year_folder_and_month_sheets_with_a_row_of_another_month() {
    let (_d, inputs) = scratch();
    let head = vec!["登记时间", "纠纷类型", "纠纷来源", "处理结果"];
    let jan = sheet(
        "一月",
        vec![
            head.clone(),
            vec!["8号", "邻里纠纷", "派出所", "已化解"],
            vec!["#21", "婚姻家庭纠纷", "法院", "已化解"],
        ],
    );
    let feb = sheet(
        "2月份",
        vec![
            head.clone(),
            vec!["3日", "土地纠纷", "信访", "未化解"],
            // Written with its own month: the cell wins, the clerk is told.
            vec!["3月1日", "邻里纠纷", "法院", "已化解"],
        ],
    );
    let mar = sheet(
        "三月",
        vec![head, vec!["#30", "劳务纠纷", "群众申请", "调解中"]],
    );
    write_book(
        &inputs.join("2024年度/杨家寺村调解台账.xlsx"),
        &[jan, feb, mar],
    );
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 5.0);
    assert_eq!(n(&f, "调解.化解"), 3.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.派出所.受理"), 1.0);
    let file = "2024年度/杨家寺村调解台账.xlsx";
    assert!(
        how(&reading(&inputs, file, "一月"))
            .contains("年份取自文件夹名称“2024年度”，月份取自工作表名称“一月”"),
        "{:?}",
        readings(&inputs)
    );
    let (all, _) = check(&inputs);
    let w = finding(&all, "warning", file, 3, "不是 2 月");
    assert_eq!(w["sheet"], "2月份");
    let msg = w["message"].as_str().unwrap();
    assert!(
        msg.contains("工作表名称“2月份”") && msg.contains("第 3 行"),
        "{msg}"
    );
    // A month with a day 30 in March is fine; no "unsettled" warning anywhere.
    assert!(findings_with(&all, "warning", file, "无法确定").is_empty());
}

#[test]
fn year_and_month_columns_make_the_date_and_rows_of_another_year_are_not_counted() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "台账",
        vec![
            vec!["序号", "年度", "月份", "案件来源", "纠纷类型", "调解结果"],
            vec!["#1", "#2024", "#3", "法院", "邻里纠纷", "成功"],
            vec!["#2", "2024年", "十一月", "派出所", "土地纠纷", "成功"],
            vec!["#3", "#2023", "#12", "法院", "婚姻家庭纠纷", "成功"],
            vec!["#4", "2024年度", "5月", "人民法院", "劳务纠纷", "不成功"],
        ],
    );
    write_book(&inputs.join("司法所/调解登记.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 3.0);
    assert_eq!(n(&f, "调解.化解"), 2.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 2.0);
    let r = reading(&inputs, "司法所/调解登记.xlsx", "台账");
    assert!(how(&r).contains("年度=B“年度”、月份=C“月份”"), "{r}");
    let (all, _) = check(&inputs);
    finding(&all, "warning", "司法所/调解登记.xlsx", 4, "不在 2024 年内");
}

#[test]
fn year_month_and_day_in_three_columns_of_a_meeting_log() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "会议",
        vec![
            vec!["年", "月", "日", "会议类型", "会议内容", "参会人数"],
            vec!["#2024", "#1", "#15", "党委会", "研究工作", "#12"],
            vec!["#2024", "#3", "#5", "专题学法", "学习宪法", "#30"],
            vec!["#2023", "#12", "#28", "专题学法", "年终学法", "#25"],
            vec!["#2024", "#6", "#18", "专题学法", "学习民法典", "#28"],
        ],
    );
    write_book(&inputs.join("党政办/会议记录.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "会议.次数"), 3.0);
    assert_eq!(n(&f, "会议.人次"), 70.0);
    assert_eq!(n(&f, "会议.类型.专题学法.次数"), 2.0);
    let (all, _) = check(&inputs);
    finding(&all, "warning", "党政办/会议记录.xlsx", 4, "不在 2024 年内");
}

#[test]
fn a_title_row_names_the_month_and_the_filing_date_is_not_taken_for_it() {
    let (_d, inputs) = scratch();
    // The sheet is named 4月 but the title, nearer to the rows, says 3月份.
    let s = sheet(
        "4月",
        vec![
            vec!["东村2024年3月份矛盾纠纷排查调处台账"],
            vec![
                "填报单位：东村人民调解委员会",
                "",
                "",
                "填报时间：2024年4月2日",
            ],
            vec!["日期", "来源", "类型", "结果"],
            vec!["#2", "法院", "邻里纠纷", "调解成功"],
            vec!["#9", "", "婚姻家庭纠纷", "调解成功"],
            vec!["#31", "法院", "土地纠纷", "未达成"],
        ],
    );
    write_book(&inputs.join("村/东村.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 3.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.村调委会.受理"), 1.0);
    let r = reading(&inputs, "村/东村.xlsx", "4月");
    assert!(
        how(&r).contains("年份取自标题“东村2024年3月份矛盾纠纷排查调处台账”，月份取自标题"),
        "{r}"
    );
    // Day 31 of March exists; of April it would not. The sheet name's other month is not
    // passed over in silence.
    let (all, _) = check(&inputs);
    let w = findings_with(&all, "warning", "村/东村.xlsx", "日期");
    assert_eq!(w.len(), 1, "{all:#?}");
    let msg = w[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("取为 3 月，但工作表名称“4月”写的是 4 月"),
        "{msg}"
    );
    assert_eq!(w[0]["sheet"], "4月");
}

#[test]
fn a_month_in_chinese_numerals_in_the_file_name() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "Sheet1",
        vec![
            vec!["受理时间", "案件来源", "调解情况"],
            vec!["3日", "法院", "调解成功"],
            vec!["十五日", "信访", "调解成功"],
            vec!["30日", "法院", "未成功"],
        ],
    );
    // 十一月: 30 November exists; the year is the report year.
    write_book(&inputs.join("矛盾纠纷调解台账（十一月）.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 3.0);
    assert_eq!(n(&f, "调解.化解"), 2.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 2.0);
    let r = reading(&inputs, "矛盾纠纷调解台账（十一月）.xlsx", "Sheet1");
    assert!(
        how(&r).contains("月份取自文件名“矛盾纠纷调解台账（十一月）.xlsx”"),
        "{r}"
    );
    assert!(!how(&r).contains("年份取自"), "{r}");
}

#[test]
fn serial_numbers_and_date_times_stored_as_text() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "台账",
        vec![
            vec!["受理日期", "案件来源", "调解结果", "当事人"],
            // 45383 is 2024-04-01; 45000 is 2023-03-16 (another year).
            vec!["45383", "法院", "成功", "甲"],
            vec!["45383.625", "派出所", "成功", "乙"],
            vec!["2024-03-05 14:30", "法院", "成功", "丙"],
            vec!["2024/3/5 下午2:30", "信访", "不成功", "丁"],
            vec!["45000", "法院", "成功", "戊"],
        ],
    );
    write_book(&inputs.join("台账.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 4.0);
    assert_eq!(n(&f, "调解.化解"), 3.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 2.0);
    let (all, _) = check(&inputs);
    let w = finding(&all, "warning", "台账.xlsx", 6, "不在 2024 年内");
    assert!(w["message"].as_str().unwrap().contains("1 行"), "{w}");
    assert!(findings_with(&all, "warning", "台账.xlsx", "无法识别").is_empty());
}

#[test]
fn a_day_without_a_month_anywhere_is_a_warning_naming_the_rows() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "Sheet1",
        vec![
            vec!["受理日期", "案件来源", "调解结果"],
            vec!["5日", "法院", "成功"],
            vec!["2024年3月8日", "法院", "成功"],
            vec!["12", "派出所", "成功"],
        ],
    );
    write_book(&inputs.join("司法所/调解台账.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    // Counted (the year is the report year's), but the clerk is told.
    assert_eq!(n(&f, "调解.受理"), 3.0);
    let (all, _) = check(&inputs);
    let w = finding(&all, "warning", "司法所/调解台账.xlsx", 2, "无法确定");
    let msg = w["message"].as_str().unwrap();
    assert!(msg.contains("2 行") && msg.contains("第 2、4 行"), "{msg}");
    assert!(msg.contains("已按无日期计入统计"), "{msg}");
    assert_eq!(w["sheet"], "Sheet1");
    // One warning for those rows, not a second "cannot read the date" one.
    assert!(findings_with(&all, "warning", "司法所/调解台账.xlsx", "无法识别").is_empty());
}

#[test]
fn days_of_another_years_folder_are_not_counted_even_without_a_month() {
    let (_d, inputs) = scratch();
    let rows = |day: &'static str| {
        vec![
            vec!["受理日期", "案件来源", "调解结果"],
            vec![day, "法院", "成功"],
            vec!["#9", "派出所", "成功"],
        ]
    };
    write_book(
        &inputs.join("2023年/台账.xlsx"),
        &[sheet("Sheet1", rows("5日"))],
    );
    write_book(
        &inputs.join("2024年/台账.xlsx"),
        &[sheet("6月", rows("7日"))],
    );
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 1.0);
    // The 2023 folder is last year's (kept for 同比), named once rather than row by row.
    let (all, _) = check(&inputs);
    assert!(
        all.iter().any(|w| w["file"] == "2023年"
            && w["severity"] == "warning"
            && w["message"]
                .as_str()
                .unwrap()
                .contains("当作 2023 年的台账，没有计入 2024 年")),
        "{all:#?}"
    );
    assert!(
        !all.iter().any(|w| w["file"] == "2023年/台账.xlsx"),
        "{all:#?}"
    );
}

#[test]
fn a_serial_number_in_the_file_name_is_not_its_year() {
    let (_d, inputs) = scratch();
    // "第2019号" numbers the ledger; the year is the folder's.
    let s = sheet(
        "Sheet1",
        vec![
            vec!["月份", "案件来源", "调解结果"],
            vec!["1月", "法院委派", "调解成功"],
            vec!["3月", "派出所", "调解成功"],
        ],
    );
    write_book(&inputs.join("2024年/第2019号调解台账.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 2.0);
    let (all, _) = check(&inputs);
    assert!(
        findings_with(&all, "warning", "2024年/第2019号调解台账.xlsx", "2019").is_empty(),
        "{all:#?}"
    );
}
