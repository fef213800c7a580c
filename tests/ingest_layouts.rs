//! Layouts a printed register takes: a case over two or more rows (the 调解结果 on the second,
//! in its column, merged across, or after a label "调解结果："), the title and header repeated on
//! every printed page, page-number rows and "以下空白"; and tables laid out with their field
//! names down the first column and the records across.

mod common;

use common::*;

/// A printed 人民调解登记簿 of two pages, each page with the title and the header again, a
/// page-number row under it, and "以下空白" after the last case. Each case takes two rows: the
/// second holds the outcome, written in four ways a clerk writes it.
#[test]
fn a_printed_register_takes_two_rows_a_case_with_its_outcome_on_the_second() {
    let (_d, inputs) = scratch();
    let title = "某某镇人民调解委员会人民调解登记簿";
    let head = vec![
        "编号",
        "登记日期",
        "当事人",
        "纠纷类型",
        "纠纷来源",
        "纠纷简要情况",
        "调解结果",
    ];
    let mut s = sheet(
        "登记簿",
        vec![
            vec![title],
            head.clone(),
            // 1: the outcome in its own column on the second row.
            vec![
                "#1",
                "@2024-01-05",
                "张某某",
                "邻里纠纷",
                "法院委派",
                "宅基地界址",
                "",
            ],
            vec!["", "", "李某某", "", "", "双方各让一步", "调解成功"],
            // 2: after a label, in a cell merged across the second row.
            vec![
                "#2",
                "@2024-02-11",
                "王某",
                "婚姻家庭",
                "当事人申请",
                "赡养费",
                "",
            ],
            vec!["", "调解结果：达成协议并当场履行"],
            // 3: after a label, in an unmerged cell under another column.
            vec![
                "#3",
                "@2024-03-02",
                "赵某",
                "合同纠纷",
                "派出所移交",
                "货款",
                "",
            ],
            vec!["", "", "", "", "", "调解结果：调解不成功，引导诉讼", ""],
            vec!["— 1 —"],
            vec![title],
            head.clone(),
            // 4: over three rows; the outcome, unlabelled, merged across the last two columns.
            vec![
                "#4",
                "@2024-04-20",
                "孙某",
                "损害赔偿",
                "村（居）调委会主动调解",
                "车辆刮擦",
                "",
            ],
            vec!["", "", "周某", "", "", "", ""],
            vec!["", "", "", "", "", "已化解", ""],
            // 5: one row, outcome in place.
            vec![
                "#5",
                "@2024-05-08",
                "吴某",
                "邻里纠纷",
                "信访部门转交",
                "噪音",
                "和解",
            ],
            vec!["以下空白"],
            vec!["第 2 页"],
        ],
    );
    s.merges = vec![(0, 0, 0, 6), (5, 1, 5, 6), (9, 0, 9, 6), (13, 5, 13, 6)];
    write_book(&inputs.join("司法所/调解登记簿.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 5.0, "{f:#?}");
    assert_eq!(n(&f, "调解.化解"), 4.0, "{f:#?}");
    assert_eq!(n(&f, "调解.来源.法院.受理"), 1.0);
    assert_eq!(n(&f, "调解.来源.派出所.化解"), 0.0);
    assert_eq!(n(&f, "调解.来源.信访.化解"), 1.0);
    // The title is no dispute type and the page rows no records.
    assert!(
        !f.keys().any(|k| k.contains("登记簿") || k.contains('页')),
        "{:?}",
        f.keys().collect::<Vec<_>>()
    );
    let (findings, _) = check(&inputs);
    assert!(
        !findings.iter().any(|x| x["severity"] == "error"),
        "{findings:#?}"
    );
    let r = reading_of(&inputs, "司法所/调解登记簿.xlsx");
    assert_eq!(r["records"], 5, "{r:#?}");
    assert!(how(&r).contains("一件占多行（5 行是上一件的续行"), "{r:#?}");
}

/// Without a 调解结果 column the outcome is only on the second row, after its label: it is still
/// read, and a case whose second row says nothing is unresolved, not a record of its own.
#[test]
fn an_outcome_written_only_after_a_label_on_the_row_below() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "Sheet1",
        vec![
            vec!["人民调解案件登记表"],
            vec![
                "序号",
                "受理时间",
                "申请人",
                "被申请人",
                "案件来源",
                "纠纷事由",
            ],
            vec!["#1", "2024年6月3日", "甲", "乙", "人民法院委派", "借款"],
            vec!["", "调解结果：调解成功"],
            vec!["#2", "2024年7月9日", "丙", "丁", "公安机关移交", "打架"],
            vec!["", "调解结果：正在调解"],
            vec!["#3", "2024年8月1日", "戊", "己", "当事人申请", "租房"],
            vec!["", "调解结果：双方自愿和解"],
            vec!["#4", "2024年9月1日", "庚", "辛", "当事人申请", "工资"],
            vec!["", "调解结果：达成调解协议"],
        ],
    );
    s.merges = vec![
        (0, 0, 0, 5),
        (3, 1, 3, 5),
        (5, 1, 5, 5),
        (7, 1, 7, 5),
        (9, 1, 9, 5),
    ];
    write_book(&inputs.join("案件登记.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 4.0, "{f:#?}");
    assert_eq!(n(&f, "调解.化解"), 3.0, "{f:#?}");
    let r = reading_of(&inputs, "案件登记.xlsx");
    assert_eq!(r["records"], 4, "{r:#?}");
    assert!(how(&r).contains("“调解结果”写在续行上"), "{r:#?}");
}

/// The header itself takes two rows like each case: the second header row names what each
/// case's second row holds (调解结果, merged across), and both header rows come again on the
/// next printed page.
#[test]
fn a_two_row_header_names_what_each_cases_second_row_holds() {
    let (_d, inputs) = scratch();
    let head1 = vec!["编号", "登记日期", "纠纷类型", "案件来源", "简要情况"];
    let head2 = vec!["", "调解结果"];
    let mut s = sheet(
        "2024",
        vec![
            head1.clone(),
            head2.clone(),
            vec!["#1", "@2024-03-01", "邻里纠纷", "派出所移交", "排水"],
            vec!["", "调解成功"],
            vec!["#2", "@2024-03-09", "土地纠纷", "法院委派", "地界"],
            vec!["", "调解不成，已引导当事人诉讼"],
            vec!["#3", "@2024-04-11", "邻里纠纷", "当事人申请", "树木遮光"],
            vec!["", "双方和解"],
            vec!["第 1 页，共 2 页"],
            head1.clone(),
            head2.clone(),
            vec!["#4", "@2024-06-21", "婚姻家庭", "当事人申请", "抚养"],
            vec!["", "达成调解协议"],
            vec!["#5", "@2024-07-30", "合同纠纷", "12345热线转办", "工钱"],
            vec!["", "正在调解"],
        ],
    );
    // Each 编号 and the header's 编号 merged down over their two rows; each second row merged
    // across.
    s.merges = vec![(0, 0, 1, 0), (1, 1, 1, 4), (9, 0, 10, 0), (10, 1, 10, 4)];
    for first in [2u32, 4, 6, 11, 13] {
        s.merges.push((first, 0, first + 1, 0));
        s.merges.push((first + 1, 1, first + 1, 4));
    }
    write_book(&inputs.join("人民调解登记簿.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 5.0, "{f:#?}");
    assert_eq!(n(&f, "调解.化解"), 3.0, "{f:#?}");
    assert_eq!(n(&f, "调解.来源.派出所.化解"), 1.0);
    assert_eq!(n(&f, "调解.来源.法院.化解"), 0.0);
    let r = reading_of(&inputs, "人民调解登记簿.xlsx");
    assert_eq!(r["records"], 5, "{r:#?}");
    assert!(how(&r).contains("“调解结果”写在续行上"), "{r:#?}");
    let (findings, _) = check(&inputs);
    assert!(
        !findings.iter().any(|x| x["severity"] == "error"),
        "{findings:#?}"
    );
}

/// The same without a merged cell anywhere: the second header row is told by its words alone.
#[test]
fn a_second_header_row_without_merged_cells() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "调解",
        vec![
            vec!["序号", "受理日期", "纠纷类型", "案件来源"],
            vec!["", "调解结果", "结案日期"],
            vec!["#1", "@2024-03-01", "邻里纠纷", "派出所移交"],
            vec!["", "调解成功", "@2024-03-05"],
            vec!["#2", "@2024-03-09", "土地纠纷", "法院委派"],
            vec!["", "终止调解"],
            vec!["#3", "@2024-04-11", "邻里纠纷", "当事人申请"],
            vec!["", "已履行"],
        ],
    );
    write_book(&inputs.join("登记.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 3.0, "{f:#?}");
    assert_eq!(n(&f, "调解.化解"), 2.0, "{f:#?}");
    assert_eq!(n(&f, "调解.来源.法院.化解"), 0.0);
    assert_eq!(reading_of(&inputs, "登记.xlsx")["records"], 3);
}

/// A register with its field names down column A and one case a column: read case by case,
/// each named by its column; a bad cell is named by its row and column as the sheet shows them.
#[test]
fn a_register_with_its_field_names_down_the_first_column() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "调解情况",
        vec![
            vec!["某某村人民调解委员会2024年调解案件情况"],
            vec!["项目", "第1件", "第2件", "第3件", "第4件"],
            vec![
                "受理日期",
                "@2024-02-03",
                "@2024-05-17",
                "2024年7月8日",
                "2023年12月28日",
            ],
            vec!["当事人", "甲、乙", "丙、丁", "戊、己", "庚、辛"],
            vec!["纠纷类型", "邻里纠纷", "婚姻家庭", "邻里纠纷", "合同纠纷"],
            vec![
                "案件来源",
                "法院委派",
                "派出所移交",
                "当事人申请",
                "当事人申请",
            ],
            vec!["调解结果", "调解成功", "调解不成功", "达成协议", "调解成功"],
        ],
    );
    s.merges = vec![(0, 0, 0, 4)];
    write_book(&inputs.join("村调委会.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 3.0, "{f:#?}");
    assert_eq!(n(&f, "调解.化解"), 2.0);
    assert_eq!(n(&f, "调解.类型.邻里纠纷.受理"), 2.0);
    assert!(
        !f.contains_key("调解.类型.合同纠纷.受理"),
        "another year's case"
    );
    assert_eq!(n(&f, "调解.来源.法院.受理"), 1.0);
    let r = reading_of(&inputs, "村调委会.xlsx");
    assert_eq!(r["records"], 4, "{r:#?}");
    let line = how(&r);
    assert!(line.contains("字段名在第 A 列、一列一件"), "{line}");
    assert!(line.contains("日期=第 3 行“受理日期”"), "{line}");
    // The case of another year is the fourth: row 3, column E.
    let (findings, _) = check(&inputs);
    let f = finding(&findings, "warning", "村调委会.xlsx", 3, "第 3 行 E 列");
    assert_eq!(f["column"], "E", "{f:#?}");
    assert!(
        f["message"].as_str().unwrap().contains("不在 2024 年内"),
        "{f:#?}"
    );
}

/// A meeting log the same way round: dates, kinds and attendance across.
#[test]
fn a_meeting_log_with_its_records_across() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "学法记录",
        vec![
            vec!["会议时间", "@2024-01-09", "@2024-03-12", "@2024-06-20"],
            vec!["会议类型", "党委会", "专题学法", "专题学法"],
            vec!["参会人数", "#12", "#40", "#38"],
            vec!["学习内容", "宪法", "民法典", "行政复议法"],
        ],
    );
    write_book(&inputs.join("会议.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "会议.次数"), 3.0, "{f:#?}");
    assert_eq!(n(&f, "会议.人次"), 90.0);
    assert_eq!(n(&f, "会议.类型.专题学法.次数"), 2.0);
    assert!(how(&reading_of(&inputs, "会议.xlsx")).contains("一列一件"));
}

/// A register of cases with no outcome written anywhere is an error naming the sheet, not a
/// year of unresolved cases.
#[test]
fn a_register_with_no_outcome_anywhere_is_an_error() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "来访",
        vec![
            vec!["受理日期", "当事人", "纠纷类型", "案件来源"],
            vec!["@2024-03-01", "甲", "邻里纠纷", "派出所移交"],
            vec!["@2024-03-09", "乙", "土地纠纷", "法院委派"],
        ],
    );
    write_book(&inputs.join("登记.xlsx"), &[s]);
    let (findings, code) = check(&inputs);
    let f = findings
        .iter()
        .find(|f| f["severity"] == "error" && f["sheet"] == "来访")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("没有“调解结果”一栏"),
        "{f:#?}"
    );
    assert_eq!(code, 1);
}

/// The label alone in one cell and the outcome in the next ("调解结果：" | "调解成功"), and a
/// meeting whose second row lists who came ("参会人员：张三、李四、王五").
#[test]
fn a_label_in_one_cell_and_its_value_in_the_next_and_names_on_a_meetings_second_row() {
    let (_d, inputs) = scratch();
    let cases = sheet(
        "登记",
        vec![
            vec!["序号", "日期", "当事人", "纠纷类型", "来源"],
            vec!["#1", "@2024-01-02", "甲", "邻里纠纷", "派出所"],
            vec!["", "调解结果：", "调解成功"],
            vec!["#2", "@2024-01-05", "乙", "邻里纠纷", "法院"],
            vec!["", "调解结果", "未成功"],
            vec!["#3", "@2024-02-05", "丙", "婚姻家庭", "法院"],
            vec!["", "调解结果", "达成协议"],
        ],
    );
    write_book(&inputs.join("调解.xlsx"), &[cases]);
    let meetings = sheet(
        "会议",
        vec![
            vec!["序号", "会议时间", "会议类型", "会议内容"],
            vec!["#1", "@2024-01-02", "党委会", "研究法治工作"],
            vec!["", "参会人员：张三、李四、王五"],
            vec!["#2", "@2024-03-05", "专题学法", "民法典"],
            vec!["", "参会人员：张三、李四"],
        ],
    );
    write_book(&inputs.join("会议.xlsx"), &[meetings]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 3.0, "{f:#?}");
    assert_eq!(n(&f, "调解.化解"), 2.0, "{f:#?}");
    assert_eq!(n(&f, "调解.来源.法院.化解"), 1.0);
    assert_eq!(n(&f, "会议.次数"), 2.0);
    assert_eq!(n(&f, "会议.人次"), 5.0);
    assert!(how(&reading_of(&inputs, "会议.xlsx")).contains("“参会人员”写在续行上"));
    let (findings, _) = check(&inputs);
    assert!(findings.is_empty(), "{findings:#?}");
}
