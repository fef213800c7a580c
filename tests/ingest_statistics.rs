//! Statistics sheets of any measure set: cross tables whose per-type groups hold any of
//! 总数/受理, 化解, 未化解 (受理 = 化解 + 未化解 where there is no total), total columns and rows
//! (left or right, above or below) and counts in group headers compared, never counted. One item
//! counted once (two tabulations of the same items) is in `ingest_two_ways.rs`.

mod common;

use common::*;

/// The reading line of one sheet (file, sheet), as `gongwen check --json` gives it.
fn reading<'a>(all: &'a [serde_json::Value], file: &str, sheet: &str) -> &'a serde_json::Value {
    all.iter()
        .find(|r| r["file"] == file && r["sheet"] == sheet)
        .unwrap_or_else(|| panic!("no reading of {file} / {sheet} in {all:#?}"))
}

fn how(all: &[serde_json::Value], file: &str, sheet: &str) -> String {
    reading(all, file, sheet)["how"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn errors(all: &[serde_json::Value]) -> Vec<&serde_json::Value> {
    all.iter().filter(|f| f["severity"] == "error").collect()
}

#[test]
fn types_carrying_only_resolved_and_unresolved_counts_under_a_merged_header() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "村级统计",
        vec![
            vec!["某镇2024年各村矛盾纠纷排查调处情况统计表"],
            vec![
                "村名",
                "婚姻家庭纠纷",
                "",
                "邻里纠纷",
                "",
                "土地承包纠纷",
                "",
            ],
            vec![
                "",
                "化解数",
                "未化解数",
                "已化解",
                "正在调解中",
                "调解成功",
                "调解不成功",
            ],
            vec!["东村", "#3", "#1", "#2", "#0", "#1", "#1"],
            vec!["西村", "#2", "#0", "#4", "#1", "", ""],
            vec!["南村", "#0", "#0", "#1", "#0", "#2", "#0"],
            vec!["合计", "#5", "#1", "#7", "#1", "#3", "#1"],
        ],
    );
    s.merges = vec![
        (0, 0, 0, 6),
        (1, 0, 2, 0),
        (1, 1, 1, 2),
        (1, 3, 1, 4),
        (1, 5, 1, 6),
    ];
    write_book(&inputs.join("村调委会/统计.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 18.0);
    assert_eq!(n(&f, "调解.化解"), 15.0);
    assert_eq!(n(&f, "调解.类型.婚姻家庭纠纷.受理"), 6.0);
    assert_eq!(n(&f, "调解.类型.婚姻家庭纠纷.化解"), 5.0);
    assert_eq!(n(&f, "调解.类型.邻里纠纷.受理"), 8.0);
    assert_eq!(n(&f, "调解.类型.邻里纠纷.化解"), 7.0);
    assert_eq!(n(&f, "调解.类型.土地承包纠纷.受理"), 4.0);
    assert_eq!(n(&f, "调解.单位.东村.受理"), 8.0);
    assert_eq!(n(&f, "调解.单位.西村.化解"), 6.0);
    let (findings, _) = check(&inputs);
    assert!(
        errors(&findings).is_empty(),
        "the 合计 row agrees: {findings:#?}"
    );
    let all = readings(&inputs);
    assert_eq!(
        how(&all, "村调委会/统计.xlsx", "村级统计"),
        "矛盾纠纷调解台账，统计表（每类分化解数/未化解数，受理数 = 化解数 + 未化解数），表头第 2–3 行：\
         每行一个单位（A 列），每列一个类型（婚姻家庭纠纷、邻里纠纷、土地承包纠纷）"
    );
}

#[test]
fn total_columns_on_the_left_a_total_row_above_and_counts_in_group_headers_are_compared() {
    let (_d, inputs) = scratch();
    let rows = |marriage: &'static str| {
        vec![
            vec!["杨家寺镇2024年矛盾纠纷化解情况月报统计"],
            vec![
                "月份",
                "本月矛盾纠纷总数",
                "本月未化解纠纷数",
                marriage,
                "",
                "邻里纠纷（共计：4件）",
                "",
            ],
            vec!["", "", "", "已化解", "未化解", "化解数", "未化解数"],
            vec!["合计", "#11", "#2", "#6", "#1", "#3", "#1"],
            vec!["1月", "#4", "#1", "#2", "#1", "#1", "#0"],
            vec!["2月", "#5", "#1", "#3", "#0", "#1", "#1"],
            vec!["3月", "#2", "#0", "#1", "#0", "#1", "#0"],
        ]
    };
    let merges = vec![
        (0, 0, 0, 6),
        (1, 0, 2, 0),
        (1, 1, 2, 1),
        (1, 2, 2, 2),
        (1, 3, 1, 4),
        (1, 5, 1, 6),
    ];
    let mut s = sheet("月报", rows("婚姻家庭纠纷（共计：7件）"));
    s.merges = merges.clone();
    write_book(&inputs.join("司法所/月报.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 11.0);
    assert_eq!(n(&f, "调解.化解"), 9.0);
    assert_eq!(n(&f, "调解.类型.婚姻家庭纠纷.受理"), 7.0);
    assert_eq!(n(&f, "调解.类型.邻里纠纷.化解"), 3.0);
    assert!(
        !f.keys()
            .any(|k| k.contains("总数") || k.contains("未化解纠纷")),
        "total columns are no dispute types: {:?}",
        f.keys()
    );
    let (findings, _) = check(&inputs);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    let all = readings(&inputs);
    let line = how(&all, "司法所/月报.xlsx", "月报");
    assert!(
        line.contains("每列一个类型（婚姻家庭纠纷、邻里纠纷）")
            && line.contains("B“本月矛盾纠纷总数”、C“本月未化解纠纷数”只用于核对"),
        "{line}"
    );
    assert_eq!(reading(&all, "司法所/月报.xlsx", "月报")["records"], 6);

    // The count in a group header is compared: a wrong one is an error naming its cell.
    let (_d, inputs) = scratch();
    let mut s = sheet("月报", rows("婚姻家庭纠纷（共计：9件）"));
    s.merges = merges;
    write_book(&inputs.join("月报.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 11.0);
    let (findings, _) = check(&inputs);
    let e = finding(&findings, "error", "月报.xlsx", 2, "婚姻家庭纠纷");
    assert_eq!(e["sheet"], "月报");
    assert_eq!(e["column"], "D");
    assert!(e["message"].as_str().unwrap().contains("9"), "{e}");
    assert_eq!(errors(&findings).len(), 1, "{findings:#?}");
}

#[test]
fn a_total_group_on_the_right_with_a_wrong_total_row_above_the_data() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "Sheet1",
        vec![
            vec!["2024年度矛盾纠纷调处统计（按案件来源）"],
            vec![
                "调委会",
                "法院委派",
                "",
                "派出所移交",
                "",
                "信访转办",
                "",
                "合计",
                "",
                "",
            ],
            vec![
                "",
                "受理",
                "调解成功",
                "受理",
                "调解成功",
                "受理",
                "调解成功",
                "总数",
                "化解",
                "未化解",
            ],
            vec![
                "合计", "#6", "#5", "#3", "#3", "#2", "#1", "#11", "#9", "#3",
            ],
            vec![
                "东村调委会",
                "#4",
                "#3",
                "#1",
                "#1",
                "#0",
                "#0",
                "#5",
                "#4",
                "#1",
            ],
            vec![
                "西村调委会",
                "#2",
                "#2",
                "#2",
                "#2",
                "#2",
                "#1",
                "#6",
                "#5",
                "#1",
            ],
        ],
    );
    s.merges = vec![
        (0, 0, 0, 9),
        (1, 0, 2, 0),
        (1, 1, 1, 2),
        (1, 3, 1, 4),
        (1, 5, 1, 6),
        (1, 7, 1, 9),
    ];
    write_book(&inputs.join("来源统计.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 11.0);
    assert_eq!(n(&f, "调解.化解"), 9.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 6.0);
    assert_eq!(n(&f, "调解.来源.派出所.化解"), 3.0);
    assert_eq!(n(&f, "调解.来源.信访.受理"), 2.0);
    assert!(!f.keys().any(|k| k.contains("合计")), "{:?}", f.keys());
    let (findings, _) = check(&inputs);
    // The 合计 row above the data says 3 unresolved where the rows give 2: one error, in J.
    let e = finding(&findings, "error", "来源统计.xlsx", 4, "未化解");
    assert_eq!(e["column"], "J");
    assert_eq!(errors(&findings).len(), 1, "{findings:#?}");
}

#[test]
fn the_transpose_types_down_and_months_across_each_with_resolved_and_in_progress() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "一季度",
        vec![
            vec!["纠纷类型", "1月", "", "2月", "", "3月", "", "小计", ""],
            vec![
                "",
                "调解成功",
                "调解中",
                "调解成功",
                "调解中",
                "调解成功",
                "调解中",
                "调解成功",
                "调解中",
            ],
            vec!["婚姻家庭", "#1", "#0", "#2", "#1", "#0", "#0", "#3", "#1"],
            vec!["山林土地", "#0", "#1", "#1", "#0", "#3", "#0", "#4", "#1"],
            vec!["合同债务", "#2", "#0", "#0", "#0", "#1", "#1", "#3", "#1"],
        ],
    );
    s.merges = vec![
        (0, 0, 1, 0),
        (0, 1, 0, 2),
        (0, 3, 0, 4),
        (0, 5, 0, 6),
        (0, 7, 0, 8),
    ];
    write_book(&inputs.join("矛盾纠纷季报.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 13.0);
    assert_eq!(n(&f, "调解.化解"), 10.0);
    assert_eq!(n(&f, "调解.类型.山林土地.受理"), 5.0);
    assert_eq!(n(&f, "调解.类型.山林土地.化解"), 4.0);
    assert_eq!(n(&f, "调解.类型.合同债务.化解"), 3.0);
    assert!(!f.keys().any(|k| k.contains("月")), "{:?}", f.keys());
    let (findings, _) = check(&inputs);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    let all = readings(&inputs);
    let line = how(&all, "矛盾纠纷季报.xlsx", "一季度");
    assert!(
        line.contains("每行一个类型（A 列），每列一个月份或季度（1月、2月、3月）")
            && line.contains("每类分化解数/未化解数"),
        "{line}"
    );
}

#[test]
fn a_type_with_only_its_resolved_count_is_named_not_counted_as_received() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "统计",
        vec![
            vec!["单位", "婚姻纠纷", "", "邻里纠纷"],
            vec!["", "受理数", "化解数", "化解数"],
            vec!["东村", "#3", "#2", "#4"],
            vec!["西村", "#1", "#1", "#2"],
        ],
    );
    s.merges = vec![(0, 0, 1, 0), (0, 1, 0, 2)];
    write_book(&inputs.join("纠纷统计.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 4.0);
    assert_eq!(n(&f, "调解.化解"), 3.0);
    let (findings, _) = check(&inputs);
    let hits: Vec<_> = errors(&findings)
        .into_iter()
        .filter(|e| e["file"] == "纠纷统计.xlsx" && e["sheet"] == "统计")
        .collect();
    assert_eq!(hits.len(), 1, "{findings:#?}");
    let message = hits[0]["message"].as_str().unwrap();
    assert!(
        message.contains("邻里纠纷") && message.contains("D") && message.contains("未计入"),
        "{message}"
    );
}

#[test]
fn a_total_that_is_not_resolved_plus_unresolved_is_named_in_its_row() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "2024年",
        vec![
            vec!["乡镇（街道）", "家事纠纷", "", "", "相邻关系纠纷", "", ""],
            vec!["", "总数", "已化解", "未化解", "总数", "已化解", "未化解"],
            vec!["甲村", "#4", "#3", "#1", "#2", "#2", "#0"],
            vec!["乙村", "#5", "#3", "#1", "#1", "#0", "#1"],
        ],
    );
    s.merges = vec![(0, 0, 1, 0), (0, 1, 0, 3), (0, 4, 0, 6)];
    write_book(&inputs.join("调处统计.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    // The 总数 is counted as written, the 化解数 as written.
    assert_eq!(n(&f, "调解.受理"), 12.0);
    assert_eq!(n(&f, "调解.化解"), 8.0);
    assert_eq!(n(&f, "调解.类型.家事纠纷.受理"), 9.0);
    let (findings, _) = check(&inputs);
    let e = finding(
        &findings,
        "error",
        "调处统计.xlsx",
        4,
        "乙村的“家事纠纷”一栏总数是 5",
    );
    assert_eq!(e["column"], "B");
    assert_eq!(errors(&findings).len(), 1, "{findings:#?}");
}

#[test]
fn one_row_headers_with_measures_across_or_a_total_measure_column() {
    // Types down, 已化解 | 未化解 across: 受理 is their sum.
    let (_d, inputs) = scratch();
    write_book(
        &inputs.join("调解情况.xlsx"),
        &[sheet(
            "全年",
            vec![
                vec!["纠纷类别", "已化解（件）", "未化解（件）"],
                vec!["婚姻家庭", "#4", "#1"],
                vec!["邻里", "#2", "#2"],
                vec!["合计", "#6", "#3"],
            ],
        )],
    );
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 9.0);
    assert_eq!(n(&f, "调解.化解"), 6.0);
    assert_eq!(n(&f, "调解.类型.邻里.受理"), 4.0);
    let (findings, _) = check(&inputs);
    assert!(errors(&findings).is_empty(), "{findings:#?}");

    // Months down, types across and a column of the month's total on the right.
    let (_d, inputs) = scratch();
    write_book(
        &inputs.join("纠纷月报.xlsx"),
        &[sheet(
            "Sheet1",
            vec![
                vec!["月份", "婚姻家庭", "邻里", "土地", "本月纠纷总数"],
                vec!["1月", "#2", "#1", "#0", "#3"],
                vec!["2月", "#1", "#3", "#1", "#6"],
            ],
        )],
    );
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 8.0);
    assert!(!f.keys().any(|k| k.contains("总数")), "{:?}", f.keys());
    let (findings, _) = check(&inputs);
    let e = finding(
        &findings,
        "error",
        "纠纷月报.xlsx",
        3,
        "件数是 6，但逐行统计是 5",
    );
    assert_eq!(e["column"], "E");
}

#[test]
fn measures_over_types_with_no_received_count_and_a_subtotal_under_each() {
    let (_d, inputs) = scratch();
    let mut s = sheet(
        "汇总统计",
        vec![
            vec!["2024年矛盾纠纷调处情况"],
            vec!["月份", "调解成功", "", "", "调解不成功", "", ""],
            vec!["", "婚姻家庭", "邻里", "小计", "婚姻家庭", "邻里", "小计"],
            vec!["一月", "#2", "#1", "#3", "#1", "#0", "#1"],
            vec!["二月", "#1", "#3", "#4", "#0", "#2", "#2"],
            vec!["合计", "#3", "#4", "#7", "#1", "#2", "#3"],
        ],
    );
    s.merges = vec![(0, 0, 0, 6), (1, 0, 2, 0), (1, 1, 1, 3), (1, 4, 1, 6)];
    write_book(&inputs.join("调处统计.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 10.0);
    assert_eq!(n(&f, "调解.化解"), 7.0);
    assert_eq!(n(&f, "调解.类型.邻里.受理"), 6.0);
    assert_eq!(n(&f, "调解.类型.婚姻家庭.化解"), 3.0);
    assert!(!f.keys().any(|k| k.contains("小计")), "{:?}", f.keys());
    let (findings, _) = check(&inputs);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
}
