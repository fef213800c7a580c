//! Ledgers as offices really keep them: one workbook per pattern, built here with
//! rust_xlsxwriter, and the exact figures a careful person would count from it.

mod common;

use common::*;
use rust_xlsxwriter::Workbook;
use std::path::Path;

#[test]
fn two_row_merged_header_under_a_title_and_unit_row_with_footer_rows() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "台账",
        vec![
            vec!["某镇2024年矛盾纠纷排查化解台账"],
            vec!["填报单位：某镇司法所", "", "", "", "填报时间：2025年1月6日"],
            vec!["序号", "受理\n日期", "案件来源", "当事人", "", "调解结果"],
            vec!["", "", "", "申请人", "被申请人", ""],
            vec!["#1", "@2024-01-15", "法院", "张三", "李四", "调解成功"],
            vec![],
            vec!["#2", "@2024-02-01", "派出所", "王五", "赵六", "调解不成功"],
            vec![
                "#3",
                "@2024-02-09",
                "诉前委派",
                "孙七",
                "周八",
                "达成调解协议",
            ],
            vec!["合计", "", "3件"],
            vec!["填报人：王某    审核人：李某    联系电话：0938-1234567"],
            vec!["注：本表按受理时间登记。"],
        ],
    );
    s.merges = vec![
        (0, 0, 0, 5),
        (2, 0, 3, 0),
        (2, 1, 3, 1),
        (2, 2, 3, 2),
        (2, 3, 2, 4),
        (2, 5, 3, 5),
    ];
    write_book(&inputs.join("司法所/台账.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 3.0);
    assert_eq!(n(&f, "调解.化解"), 2.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.派出所.化解"), 0.0);
    assert!(f.contains_key("调解.单位.某镇司法所.受理"));
}

#[test]
fn a_three_row_header_lower_down_the_sheet() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "Sheet1",
        vec![
            vec!["某镇2024年矛盾纠纷调处台账"],
            vec![],
            vec![],
            vec!["序号", "受理情况", "", "", "调处情况", ""],
            vec!["", "登记", "", "纠纷来源", "处理结果", "结案日期"],
            vec!["", "编号", "登记日期", "", "", ""],
            vec!["#1", "T-01", "2024-03-05", "公安", "已化解", "2024-03-09"],
            vec!["#2", "T-02", "2024-04-05", "信访办", "调解中", ""],
        ],
    );
    s.merges = vec![
        (3, 0, 5, 0),
        (3, 1, 3, 3),
        (3, 4, 3, 5),
        (4, 1, 4, 2),
        (4, 3, 5, 3),
        (4, 4, 5, 4),
        (4, 5, 5, 5),
    ];
    write_book(&inputs.join("台账.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 2.0);
    assert_eq!(n(&f, "调解.化解"), 1.0);
    assert_eq!(n(&f, "调解.来源.派出所.受理"), 1.0);
    assert_eq!(n(&f, "调解.来源.信访.化解"), 0.0);
}

#[test]
fn a_village_and_a_source_written_once_fill_down_their_block() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "台账",
        vec![
            vec!["村名", "受理日期", "纠纷来源", "纠纷类型", "调解结果"],
            vec![
                "东村人民调解委员会",
                "@2024-01-02",
                "派出所",
                "邻里纠纷",
                "成功",
            ],
            vec!["", "@2024-01-05", "", "婚姻家庭纠纷", "成功"],
            vec!["", "@2024-02-05", "法院", "邻里纠纷", "成功"],
            vec!["西村人民调解委员会", "@2024-03-01", "", "邻里纠纷", "成功"],
            vec!["", "@2024-03-02", "", "劳务纠纷", "未达成"],
        ],
    );
    s.merges = vec![(1, 0, 3, 0), (1, 2, 2, 2), (4, 0, 5, 0)];
    write_book(&inputs.join("村.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.单位.东村人民调解委员会.受理"), 3.0);
    assert_eq!(n(&f, "调解.单位.西村人民调解委员会.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.派出所.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 1.0);
    // No source column value: a village committee's own cases.
    assert_eq!(n(&f, "调解.来源.村调委会.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.村调委会.化解"), 1.0);
}

#[test]
fn totals_above_between_and_below_the_data_are_not_counted() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "记录",
        vec![
            vec!["日期", "会议类型", "会议名称", "参会人数"],
            vec!["合计", "", "", "#90"],
            vec!["@2024-01-10", "专题学法", "学习宪法", "#30"],
            vec!["@2024-01-20", "党委会", "研究工作", "#10"],
            vec!["小计", "", "", "#40"],
            vec!["@2024-02-10", "专题学法", "学习民法典", "#50"],
            vec!["小计", "", "", "#50"],
            vec!["总计", "", "", "#90"],
        ],
    );
    write_book(&inputs.join("会议记录.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "会议.次数"), 3.0);
    assert_eq!(n(&f, "会议.人次"), 90.0);
    assert_eq!(n(&f, "会议.类型.专题学法.次数"), 2.0);
}

#[test]
fn dates_in_every_common_form_and_only_the_report_year_counts() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "台账",
        vec![
            vec!["受理日期", "案件来源", "调解结果"],
            vec!["@2024-03-05", "法院", "成功"],
            vec!["#45356", "法院", "成功"], // a serial number without a date format
            vec!["2024.3.5", "法院", "成功"],
            vec!["2024年3月5日", "法院", "成功"],
            vec!["2024/03/05", "法院", "成功"],
            vec!["2024-3-5", "法院", "成功"],
            vec!["20240305", "法院", "成功"],
            vec!["#20240305", "法院", "成功"],
            vec!["２０２４年３月５日", "法院", "成功"],
            vec!["3月5日", "法院", "成功"],
            vec!["2023年12月30日", "法院", "成功"],
            vec!["@2025-01-02", "法院", "成功"],
        ],
    );
    write_book(&inputs.join("台账.xlsx"), &[s]);
    let (f, err) = facts(&inputs);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 10.0);
    assert!(err.contains("2 行的日期不在 2024 年内"), "{err}");
    assert!(err.contains("第 12、13 行"), "{err}");
}

/// Adds `date1904="1"` to an xlsx's workbook part, as a workbook made on an old Mac has.
fn make_1904(path: &Path) {
    rewrite_xlsx(path, |name, text| {
        if name == "xl/workbook.xml" {
            assert!(text.contains("<workbookPr"));
            text.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
        } else {
            text
        }
    });
}

#[test]
fn serial_dates_follow_the_1904_date_system_when_the_workbook_uses_it() {
    let (_d, inputs) = scratch();
    // 43894 is 2024-03-05 in the 1904 system and 2020-03-04 in the 1900 system.
    let s = sheet(
        "台账",
        vec![
            vec!["受理日期", "案件来源", "调解结果"],
            vec!["#43894", "派出所", "成功"],
        ],
    );
    let path = inputs.join("mac.xlsx");
    write_book(&path, &[s]);
    make_1904(&path);
    let (f, err) = facts(&inputs);
    assert_eq!(n(&f, "调解.来源.派出所.受理"), 1.0, "{err}");
}

#[test]
fn numbers_written_as_text_with_units_or_full_width_digits() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "会议",
        vec![
            vec!["日期", "会议类型", "参会人数"],
            vec!["2024-05-01", "专题学法", "32人"],
            vec!["2024-05-02", "专题学法", "３０"],
            vec!["2024-05-03", "专题学法", "#12"],
            vec!["2024-05-04", "专题学法", " 8 人 "],
        ],
    );
    write_book(&inputs.join("会议.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "会议.人次"), 82.0);
    assert_eq!(n(&f, "会议.次数"), 4.0);
}

#[test]
fn outcome_words_are_read_as_a_careful_person_reads_them() {
    let (_d, inputs) = scratch();
    let mut rows = vec![vec!["受理日期", "案件来源", "是否化解"]];
    let words = [
        "调解成功",
        "成功",
        "已化解",
        "达成调解协议",
        "√",
        "是", // resolved
        "调解不成功",
        "未达成",
        "终止调解",
        "调解中",
        "否",
        "", // not
    ];
    for w in &words {
        rows.push(vec!["2024-06-01", "信访", w]);
    }
    write_book(&inputs.join("台账.xlsx"), &[sheet("台账", rows)]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.来源.信访.受理"), 12.0);
    assert_eq!(n(&f, "调解.来源.信访.化解"), 6.0);
    assert_eq!(n(&f, "调解.来源.信访.化解率"), 50.0);
}

#[test]
fn a_formula_saved_without_its_value_is_reported_not_counted_as_zero() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "会议",
        vec![
            vec!["日期", "会议类型", "参会人数"],
            vec!["2024-05-01", "专题学法", "=10+20|30"],
            vec!["2024-05-02", "专题学法", "#12"],
        ],
    );
    let path = inputs.join("会议.xlsx");
    write_book(&path, &[s]);
    drop_formula_results(&path);
    let (_f, err) = facts(&inputs);
    assert!(
        err.contains("会议.xlsx，工作表“会议”，第 2 行，C 列"),
        "{err}"
    );
    assert!(err.contains("公式"), "{err}");
}

#[test]
fn a_count_table_counts_what_its_count_column_says() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "统计",
        vec![
            vec!["某镇2024年会议学习情况统计表"],
            vec!["会议类型", "次数", "参会人次"],
            vec!["专题学法", "#8", "#240"],
            vec!["法治建设培训班", "4次", "#200"],
            vec!["合计", "#12", "#440"],
        ],
    );
    write_book(&inputs.join("会议统计.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "会议.类型.专题学法.次数"), 8.0);
    assert_eq!(n(&f, "会议.类型.法治建设培训班.次数"), 4.0);
    assert_eq!(n(&f, "会议.次数"), 12.0);
    assert_eq!(n(&f, "会议.人次"), 440.0);
}

#[test]
fn a_grid_of_months_by_categories_with_total_row_and_column() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "Sheet1",
        vec![
            vec!["某镇2024年政务公开信息统计表"],
            vec![
                "月份",
                "财政预决算",
                "乡村振兴衔接资金",
                "行政执法公示",
                "合计",
            ],
            vec!["1月", "#2", "#3", "#1", "#6"],
            vec!["2月", "#0", "#4", "#2", "#6"],
            vec!["3月", "#5", "", "#1", "#6"],
            vec!["合计", "#7", "#7", "#4", "#18"],
        ],
    );
    write_book(&inputs.join("公开.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "公开.件次"), 18.0);
    assert_eq!(n(&f, "公开.类别.财政预决算.件次"), 7.0);
    assert_eq!(n(&f, "公开.类别.行政执法公示.件次"), 4.0);
    assert!(!f.contains_key("公开.类别.合计.件次"));
}

#[test]
fn a_statistics_sheet_by_village_and_dispute_type() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "统计",
        vec![
            vec!["矛盾纠纷排查调处情况统计表"],
            vec![
                "村名",
                "婚姻家庭纠纷",
                "",
                "",
                "邻里纠纷",
                "",
                "",
                "合计",
                "",
                "",
            ],
            vec![
                "",
                "本月总数",
                "化解数",
                "未化解数",
                "本月总数",
                "化解数",
                "未化解数",
                "本月总数",
                "化解数",
                "未化解数",
            ],
            vec!["东村", "#3", "#3", "#0", "#2", "#1", "#1", "#5", "#4", "#1"],
            vec!["西村", "#1", "#1", "#0", "#4", "#4", "#0", "#5", "#5", "#0"],
            vec![
                "合计", "#4", "#4", "#0", "#6", "#5", "#1", "#10", "#9", "#1",
            ],
        ],
    );
    s.merges = vec![
        (0, 0, 0, 9),
        (1, 0, 2, 0),
        (1, 1, 1, 3),
        (1, 4, 1, 6),
        (1, 7, 1, 9),
    ];
    write_book(&inputs.join("调解统计.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 10.0);
    assert_eq!(n(&f, "调解.化解"), 9.0);
    assert_eq!(n(&f, "调解.类型.邻里纠纷.受理"), 6.0);
    assert_eq!(n(&f, "调解.类型.邻里纠纷.化解"), 5.0);
    assert_eq!(n(&f, "调解.单位.东村.受理"), 5.0);
}

#[test]
fn a_summary_sheet_is_not_counted_twice_and_hidden_or_prose_sheets_are_skipped() {
    let (_d, inputs) = scratch();
    let month = |name: &'static str, date: &'static str| {
        sheet(
            name,
            vec![
                vec!["受理日期", "案件来源", "调解结果"],
                vec![date, "法院", "成功"],
                vec![date, "派出所", "成功"],
            ],
        )
    };
    let summary = sheet(
        "全年汇总",
        vec![
            vec!["案件来源", "受理数", "化解数"],
            vec!["法院", "#2", "#2"],
            vec!["派出所", "#2", "#2"],
        ],
    );
    let mut hidden = month("旧表", "2024-07-01");
    hidden.hidden = true;
    let prose = sheet(
        "说明",
        vec![vec!["本台账按月分表登记，全年汇总见“全年汇总”表。"]],
    );
    write_book(
        &inputs.join("台账.xlsx"),
        &[
            month("1月", "2024-01-05"),
            month("2月", "2024-02-05"),
            summary,
            hidden,
            prose,
        ],
    );
    let (f, err) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 4.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 2.0);
    assert!(
        err.contains("工作表“旧表”") && err.contains("隐藏"),
        "{err}"
    );
}

#[test]
fn a_workbook_that_is_no_ledger_is_named() {
    let (_d, inputs) = scratch();
    write_book(
        &inputs.join("通讯录.xlsx"),
        &[sheet(
            "Sheet1",
            vec![vec!["姓名", "电话"], vec!["张三", "13800000000"]],
        )],
    );
    write_book(
        &inputs.join("台账.xlsx"),
        &[sheet(
            "台账",
            vec![
                vec!["受理日期", "案件来源", "调解结果"],
                vec!["2024-01-01", "法院", "成功"],
            ],
        )],
    );
    let (f, err) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 1.0);
    assert!(
        err.contains("通讯录.xlsx") && err.contains("未计入"),
        "{err}"
    );
}

#[test]
fn a_stray_cell_at_the_last_cell_of_the_sheet_costs_nothing() {
    let (_d, inputs) = scratch();
    let path = inputs.join("台账.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (r, row) in [
        ["受理日期", "案件来源", "调解结果"],
        ["2024-01-01", "法院", "成功"],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    ws.write_string(1_048_575, 16_383, " ").unwrap();
    book.save(&path).unwrap();
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 1.0);
}

#[test]
fn section_rows_name_the_type_and_a_count_in_a_header_is_not_a_record() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "台账",
        vec![
            vec!["序号", "受理日期", "案件来源", "调解结果"],
            vec!["婚姻家庭纠纷（共计：2件）"],
            vec!["#1", "2024-01-01", "法院", "成功"],
            vec!["#2", "2024-01-02", "信访", "成功"],
            vec!["邻里纠纷（共计：1件）"],
            vec!["#3", "2024-01-03", "法院", "不成功"],
        ],
    );
    s.merges = vec![(1, 0, 1, 3), (4, 0, 4, 3)];
    write_book(&inputs.join("台账.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 3.0);
    assert_eq!(n(&f, "调解.类型.婚姻家庭纠纷.受理"), 2.0);
    assert_eq!(n(&f, "调解.类型.邻里纠纷.化解"), 0.0);
}

#[test]
fn column_names_vary_and_gongwen_toml_teaches_new_ones() {
    let (_d, inputs) = scratch();
    write_book(
        &inputs.join("a.xlsx"),
        &[sheet(
            "台账",
            vec![
                vec!["收案时间", "来源渠道", "案件类别", "处理结果"],
                vec!["2024-01-01", "法庭", "邻里纠纷", "成功"],
            ],
        )],
    );
    write_book(
        &inputs.join("b.xlsx"),
        &[sheet(
            "台账",
            vec![
                vec!["登记日期", "推送部门", "纠纷类别", "调处结果"],
                vec!["2024-01-02", "综治中心", "邻里纠纷", "成功"],
            ],
        )],
    );
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 1.0);
    assert_eq!(n(&f, "调解.受理"), 2.0);
    std::fs::write(
        inputs.join("gongwen.toml"),
        "[\"栏目\"]\n\"调解.来源\" = [\"推送部门\"]\n\n[\"归并\".\"来源\"]\n\"综治中心\" = \"信访\"\n",
    )
    .unwrap();
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.来源.信访.受理"), 1.0);
    assert_eq!(n(&f, "调解.类型.邻里纠纷.受理"), 2.0);
}

#[test]
fn a_register_of_disclosed_items_counts_one_per_row() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "公开目录",
        vec![
            vec!["序号", "公开日期", "信息名称", "公开类别", "公开方式"],
            vec![
                "#1",
                "2024-01-08",
                "2024年镇级预算公开",
                "财政预决算",
                "政府网站",
            ],
            vec![
                "#2",
                "2024-02-08",
                "衔接资金项目公示",
                "乡村振兴衔接资金",
                "宣传栏",
            ],
            vec![
                "#3",
                "2024-03-08",
                "行政处罚决定书",
                "行政执法公示",
                "政府网站",
            ],
            vec![
                "#4",
                "2023-12-08",
                "2023年决算公开",
                "财政预决算",
                "政府网站",
            ],
        ],
    );
    write_book(&inputs.join("政务公开登记.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "公开.件次"), 3.0);
    assert_eq!(n(&f, "公开.渠道.政府网站.件次"), 2.0);
    assert_eq!(n(&f, "公开.类别.财政预决算.件次"), 1.0);
}

#[test]
fn merged_blocks_in_an_ods_file_fill_down() {
    // A LibreOffice sheet: 会议类型 written once and merged down each block of rows.
    let (_d, inputs) = scratch();
    std::fs::copy(
        root().join("tests/fixtures/formats/merged-blocks.ods"),
        inputs.join("会议记录.ods"),
    )
    .unwrap();
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "会议.类型.理论学习中心组学习.次数"), 4.0);
    assert_eq!(n(&f, "会议.类型.法治专题讲座.次数"), 2.0);
    assert_eq!(n(&f, "会议.人次"), 243.0);
}

#[test]
fn tick_box_columns_name_the_source_and_the_outcome() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "Sheet1",
        vec![
            vec!["杨家寺镇综治中心矛盾纠纷受理登记表"],
            vec!["序号", "受理日期", "案件来源", "", "", "", "调解结果", ""],
            vec![
                "",
                "",
                "法院推送",
                "派出所移交",
                "信访转办",
                "群众申请",
                "成功",
                "不成功",
            ],
            vec!["#1", "2024-01-05", "√", "", "", "", "√", ""],
            vec!["#2", "2024-02-05", "", "√", "", "", "", "√"],
            vec!["#3", "2024-03-05", "", "", "", "√", "√", ""],
        ],
    );
    s.merges = vec![(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 5), (1, 6, 1, 7)];
    write_book(&inputs.join("登记表.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.来源.法院.化解"), 1.0);
    assert_eq!(n(&f, "调解.来源.派出所.受理"), 1.0);
    assert_eq!(n(&f, "调解.来源.派出所.化解"), 0.0);
    assert_eq!(n(&f, "调解.来源.当事人申请.受理"), 1.0);
    assert_eq!(n(&f, "调解.化解"), 2.0);
}

#[test]
fn statistics_with_measures_over_types_and_month_totals() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "全年统计",
        vec![
            vec!["杨家寺镇司法所2024年矛盾纠纷调解情况统计表"],
            vec!["月份", "受理数（件）", "", "", "化解数（件）", "", ""],
            vec!["", "婚姻家庭", "邻里", "小计", "婚姻家庭", "邻里", "小计"],
            vec!["一月", "#2", "#1", "#3", "#2", "#1", "#3"],
            vec!["二月", "#1", "#3", "#4", "#1", "#2", "#3"],
            vec!["合计", "#3", "#4", "#7", "#3", "#3", "#6"],
        ],
    );
    s.merges = vec![(0, 0, 0, 6), (1, 0, 2, 0), (1, 1, 1, 3), (1, 4, 1, 6)];
    write_book(&inputs.join("统计.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 7.0);
    assert_eq!(n(&f, "调解.化解"), 6.0);
    assert_eq!(n(&f, "调解.类型.邻里.受理"), 4.0);
    assert_eq!(n(&f, "调解.类型.邻里.化解"), 3.0);
}

#[test]
fn quarter_columns_are_time_and_month_totals_are_not_records() {
    let (_d, inputs) = scratch();
    write_book(
        &inputs.join("公开.xlsx"),
        &[sheet(
            "2024",
            vec![
                vec!["某镇2024年政务公开统计"],
                vec![
                    "公开类别",
                    "第一季度",
                    "第二季度",
                    "第三季度",
                    "第四季度",
                    "全年合计",
                ],
                vec!["财政预决算", "#3", "#2", "#1", "#4", "#10"],
                vec!["行政执法公示", "#5", "#5", "#5", "#5", "#20"],
            ],
        )],
    );
    write_book(
        &inputs.join("会议.xlsx"),
        &[sheet(
            "记录",
            vec![
                vec!["日期", "会议类型", "参会人数"],
                vec!["2024-01-05", "专题学法", "#20"],
                vec!["2024-01-25", "专题学法", "#30"],
                vec!["本月合计", "", "#50"],
                vec!["其中：党员", "", "#40"],
                vec!["2024-02-05", "党委会", "#10"],
                vec!["本月合计", "", "#10"],
                vec!["全年合计", "", "#60"],
            ],
        )],
    );
    let (f, err) = facts(&inputs);
    assert_eq!(n(&f, "公开.件次"), 30.0);
    assert_eq!(n(&f, "公开.类别.财政预决算.件次"), 10.0);
    assert!(!f.keys().any(|k| k.contains("季度")), "{:?}", f.keys());
    assert_eq!(n(&f, "会议.次数"), 3.0);
    assert_eq!(n(&f, "会议.人次"), 60.0);
    assert!(!err.contains("错误"), "the totals agree: {err}");
}

#[test]
fn a_village_ledger_named_in_its_title_and_dates_of_other_years() {
    let (_d, inputs) = scratch();
    let mut a = sheet(
        "2023年",
        vec![
            vec!["调解日期", "纠纷类型", "调解结果"],
            vec!["12月5日", "邻里纠纷", "成功"],
        ],
    );
    a.rows
        .insert(0, vec!["石咀村人民调解委员会矛盾纠纷调解台账"]);
    let b = sheet(
        "2024年",
        vec![
            vec!["石咀村人民调解委员会矛盾纠纷调解台账"],
            vec!["序号", "调解日期", "纠纷类型", "调解结果"],
            vec!["1", "2", "3", "4"],
            vec!["#1", "24.3.5", "邻里纠纷", "调解成功，双方无异议"],
            vec!["#2", "3月9日", "婚姻家庭纠纷", "未调结"],
        ],
    );
    write_book(&inputs.join("台账.xlsx"), &[a, b]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.来源.村调委会.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.村调委会.化解"), 1.0);
}

#[test]
fn a_web_page_saved_as_xls_by_an_office_platform_is_read_as_a_table() {
    let (_d, inputs) = scratch();
    let html = r#"<html><head><meta charset="gbk"></head><body>
<table border="1">
<tr><td colspan="4">某镇2024年矛盾纠纷调解台账</td></tr>
<tr><th rowspan="2">受理日期</th><th rowspan="2">案件来源</th><th colspan="2">调解情况</th></tr>
<tr><th>调解结果</th><th>备注</th></tr>
<tr><td>2024-01-05</td><td>法院&nbsp;</td><td>调解成功</td><td></td></tr>
<tr><td>2024-02-05</td><td>派出所</td><td>调解不成功</td><td>&#x8865;</td></tr>
<tr><td>合计</td><td>2件</td><td></td><td></td></tr>
</table></body></html>"#;
    std::fs::write(
        inputs.join("导出台账.xls"),
        encoding_rs::GB18030.encode(html).0,
    )
    .unwrap();
    std::fs::write(inputs.join("空文件.xlsx"), b"").unwrap();
    let (f, err) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.法院.化解"), 1.0);
    assert!(err.contains("空文件.xlsx") && err.contains("空"), "{err}");
}

#[test]
fn tables_side_by_side_or_stacked_on_one_sheet_are_each_read() {
    let (_d, inputs) = scratch();
    let mut side = sheet(
        "全年",
        vec![
            vec!["某镇2024年矛盾纠纷调解台账"],
            vec![
                "受理日期",
                "案件来源",
                "调解结果",
                "",
                "受理日期",
                "案件来源",
                "调解结果",
            ],
            vec![
                "2024-01-05",
                "法院",
                "成功",
                "",
                "2024-07-05",
                "信访",
                "成功",
            ],
            vec![
                "2024-02-05",
                "派出所",
                "成功",
                "",
                "2024-08-05",
                "法院",
                "不成功",
            ],
        ],
    );
    side.merges = vec![(0, 0, 0, 6)];
    let stacked = sheet(
        "分表",
        vec![
            vec!["上半年"],
            vec!["受理日期", "案件来源", "调解结果"],
            vec!["2024-03-05", "法院", "成功"],
            vec!["合计", "1件"],
            vec!["下半年"],
            vec!["案号", "受理日期", "纠纷来源", "纠纷类型", "调解结果"],
            vec!["X-1", "2024-09-05", "派出所", "邻里纠纷", "成功"],
            vec!["X-2", "2024-10-05", "信访", "邻里纠纷", "成功"],
            vec!["合计", "2件"],
        ],
    );
    write_book(&inputs.join("台账.xlsx"), &[side, stacked]);
    let (f, err) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 7.0, "{err}");
    assert_eq!(n(&f, "调解.来源.法院.受理"), 3.0);
    assert_eq!(n(&f, "调解.来源.信访.化解"), 2.0);
    assert!(
        !err.contains("错误"),
        "each 合计 matches its own table: {err}"
    );
}

#[test]
fn printed_pages_two_row_cases_and_names_instead_of_a_count() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "台账",
        vec![
            vec!["受理日期", "当事人", "案件来源", "调解结果"],
            vec!["2024-01-05", "张三", "法院", "成功"],
            vec!["", "李四", "", ""],
            vec!["第 1 页 共 2 页"],
            vec!["受理日期", "当事人", "案件来源", "调解结果"],
            vec!["2024-02-05", "王五", "派出所", "未能达成一致"],
            vec!["", "赵六", "", ""],
        ],
    );
    s.merges = vec![
        (1, 0, 2, 0),
        (1, 2, 2, 2),
        (1, 3, 2, 3),
        (5, 0, 6, 0),
        (5, 2, 6, 2),
        (5, 3, 6, 3),
    ];
    write_book(&inputs.join("调解.xlsx"), &[s]);
    write_book(
        &inputs.join("会议.xlsx"),
        &[sheet(
            "记录",
            vec![
                vec!["会议时间", "会议类型", "参会人员"],
                vec!["2024年3月5日上午", "专题学法", "张三、李四、王五"],
                vec!["二〇二四年四月八日", "专题学法", "张三，李四"],
                vec!["2023年12月28日下午", "专题学法", "张三、李四"],
            ],
        )],
    );
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 2.0);
    assert_eq!(n(&f, "调解.化解"), 1.0);
    assert_eq!(n(&f, "会议.次数"), 2.0);
    assert_eq!(n(&f, "会议.人次"), 5.0);
}

#[test]
fn gongwen_toml_says_what_an_offices_own_outcome_words_mean() {
    let (_d, inputs) = scratch();
    write_book(
        &inputs.join("台账.xlsx"),
        &[sheet(
            "台账",
            vec![
                vec!["受理日期", "案件来源", "调解结果"],
                vec!["2024-01-05", "法院", "已落实"],
                vec!["2024-01-06", "法院", "协商中"],
            ],
        )],
    );
    let (f, err) = facts(&inputs);
    assert_eq!(n(&f, "调解.化解"), 0.0);
    assert!(
        err.contains("已落实") && err.contains("gongwen.toml"),
        "{err}"
    );
    std::fs::write(
        inputs.join("gongwen.toml"),
        "[\"归并\".\"结果\"]\n\"已落实\" = \"成功\"\n\"协商中\" = \"不成功\"\n",
    )
    .unwrap();
    let (f, err) = facts(&inputs);
    assert_eq!(n(&f, "调解.化解"), 1.0);
    assert!(!err.contains("已落实"), "{err}");
}
