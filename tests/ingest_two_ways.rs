//! One item, one count: two tabulations of the same items by different dimensions (two sheets of
//! one file, two files of one office folder) are counted once and the other compared; two
//! ledgers by the same dimension, or in two folders, are two ledgers; totals that differ are
//! named.

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

/// 政务公开 by month and channel, or by month and category: the same 20 items.
fn disclosure_by(
    name: &'static str,
    across: [&'static str; 3],
    rows: [[&'static str; 3]; 3],
) -> Sheet<'static> {
    let mut all = vec![
        vec!["某镇2024年政务公开信息统计表"],
        vec!["月份", across[0], across[1], across[2], "合计"],
    ];
    let totals = ["#7", "#6", "#7"];
    for (m, (r, t)) in ["1月", "2月", "3月"]
        .into_iter()
        .zip(rows.iter().zip(totals))
    {
        all.push(vec![m, r[0], r[1], r[2], t]);
    }
    sheet(name, all)
}

#[test]
fn the_same_items_by_channel_and_by_category_on_two_sheets_count_once() {
    let (_d, inputs) = scratch();
    let by_channel = disclosure_by(
        "按渠道",
        ["政府网站", "政务公开栏", "微信公众号"],
        [["#3", "#2", "#2"], ["#2", "#2", "#2"], ["#4", "#1", "#2"]],
    );
    let by_category = disclosure_by(
        "按类别",
        ["财政预决算", "行政执法公示", "乡村振兴衔接资金"],
        [["#1", "#4", "#2"], ["#0", "#3", "#3"], ["#2", "#2", "#3"]],
    );
    write_book(
        &inputs.join("政务公开/2024年统计.xlsx"),
        &[by_channel, by_category],
    );
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "公开.件次"), 20.0);
    assert_eq!(n(&f, "公开.渠道.政府网站.件次"), 9.0);
    let (findings, _) = check(&inputs);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    let all = readings(&inputs);
    let compared = reading(&all, "政务公开/2024年统计.xlsx", "按类别");
    assert_eq!(compared["outcome"], "summary");
    assert_eq!(compared["records"], 0);
    assert!(
        compared["how"].as_str().unwrap().ends_with(
            "与“按渠道”表是同一批事项按类别的另一种分法，未重复计入，已核对合计一致（20 件）"
        ),
        "{compared}"
    );
    let kept = reading(&all, "政务公开/2024年统计.xlsx", "按渠道");
    assert_eq!(kept["records"], 9);
    assert!(
        kept["how"]
            .as_str()
            .unwrap()
            .contains("“按类别”表是同一批事项的另一种分法"),
        "{kept}"
    );
}

/// Cases by village and source (受理 | 调解成功), or by village and type (化解数 | 未化解数).
fn cases_by_source() -> Sheet<'static> {
    let mut s = sheet(
        "Sheet1",
        vec![
            vec!["村名", "法院委派", "", "派出所移交", ""],
            vec!["", "受理", "调解成功", "受理", "调解成功"],
            vec!["东村", "#3", "#3", "#2", "#1"],
            vec!["西村", "#1", "#1", "#4", "#4"],
        ],
    );
    s.merges = vec![(0, 0, 1, 0), (0, 1, 0, 2), (0, 3, 0, 4)];
    s
}

fn cases_by_type(west_marriage: &'static str) -> Sheet<'static> {
    let mut s = sheet(
        "Sheet1",
        vec![
            vec!["村名", "婚姻家庭纠纷", "", "邻里纠纷", ""],
            vec!["", "化解数", "未化解数", "化解数", "未化解数"],
            vec!["东村", "#2", "#1", "#2", "#0"],
            vec!["西村", west_marriage, "#0", "#3", "#0"],
        ],
    );
    s.merges = vec![(0, 0, 1, 0), (0, 1, 0, 2), (0, 3, 0, 4)];
    s
}

#[test]
fn the_same_cases_by_source_and_by_type_in_two_files_of_one_folder_count_once() {
    let (_d, inputs) = scratch();
    write_book(
        &inputs.join("司法所/纠纷来源统计.xlsx"),
        &[cases_by_source()],
    );
    write_book(
        &inputs.join("司法所/纠纷类型统计.xlsx"),
        &[cases_by_type("#2")],
    );
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 10.0);
    assert_eq!(n(&f, "调解.化解"), 9.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 4.0);
    assert_eq!(n(&f, "调解.单位.西村.受理"), 5.0);
    let (findings, _) = check(&inputs);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    let all = readings(&inputs);
    assert!(
        how(&all, "司法所/纠纷类型统计.xlsx", "Sheet1").ends_with(
            "与“司法所/纠纷来源统计.xlsx”中的“Sheet1”表是同一批事项按类型的另一种分法，未重复计入，已核对合计一致（10 件）"
        ),
        "{all:#?}"
    );

    // Apart in two folders they are two offices' ledgers: both counted.
    let (_d, inputs) = scratch();
    write_book(&inputs.join("东片/纠纷来源统计.xlsx"), &[cases_by_source()]);
    write_book(
        &inputs.join("西片/纠纷类型统计.xlsx"),
        &[cases_by_type("#2")],
    );
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 20.0);
}

#[test]
fn two_villages_sheets_by_the_same_dimension_with_equal_totals_are_two_ledgers() {
    let (_d, inputs) = scratch();
    let village = |name: &'static str| {
        sheet(
            name,
            vec![
                vec![name, "", ""],
                vec!["纠纷类型", "受理数", "化解数"],
                vec!["婚姻家庭纠纷", "#2", "#2"],
                vec!["邻里纠纷", "#3", "#2"],
            ],
        )
    };
    write_book(
        &inputs.join("村调委会/2024年调解统计.xlsx"),
        &[village("东村"), village("西村")],
    );
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 10.0);
    assert_eq!(n(&f, "调解.类型.邻里纠纷.化解"), 4.0);
    let all = readings(&inputs);
    for s in ["东村", "西村"] {
        assert_eq!(
            reading(&all, "村调委会/2024年调解统计.xlsx", s)["records"],
            2
        );
    }
}

#[test]
fn breakdowns_of_the_same_cases_whose_totals_differ_count_once_with_an_error_naming_both() {
    let (_d, inputs) = scratch();
    let mut by_source = cases_by_source();
    by_source.name = "按来源";
    let mut by_type = cases_by_type("#3");
    by_type.name = "按类型";
    write_book(&inputs.join("纠纷统计.xlsx"), &[by_source, by_type]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 10.0, "the first breakdown, not 21");
    let (findings, _) = check(&inputs);
    let hits: Vec<_> = errors(&findings)
        .into_iter()
        .filter(|e| e["sheet"] == "按类型" && e["message"].as_str().unwrap().contains("“按来源”表"))
        .collect();
    assert!(!hits.is_empty(), "{findings:#?}");
    let total = hits
        .iter()
        .find(|e| {
            e["message"]
                .as_str()
                .unwrap()
                .contains("件数是 11，但逐行统计是 10")
        })
        .unwrap_or_else(|| panic!("{hits:#?}"));
    assert_eq!(total["file"], "纠纷统计.xlsx");
    let all = readings(&inputs);
    assert!(
        how(&all, "纠纷统计.xlsx", "按类型")
            .contains("合计不一致（本表 11 件，“按来源”表 10 件），只按“按来源”表计入"),
        "{all:#?}"
    );
}

#[test]
fn equal_totals_that_break_down_differently_by_month_are_both_counted_with_a_warning() {
    let (_d, inputs) = scratch();
    let by_channel = disclosure_by(
        "Sheet1",
        ["政府网站", "政务公开栏", "微信公众号"],
        [["#3", "#2", "#2"], ["#2", "#2", "#2"], ["#4", "#1", "#2"]],
    );
    // The same 20 in all, but 8 / 5 / 7 by month instead of 7 / 6 / 7.
    let mut by_category = disclosure_by(
        "Sheet1",
        ["财政预决算", "行政执法公示", "乡村振兴衔接资金"],
        [["#2", "#4", "#2"], ["#0", "#2", "#3"], ["#2", "#2", "#3"]],
    );
    by_category.rows[2][4] = "#8";
    by_category.rows[3][4] = "#5";
    write_book(&inputs.join("政务公开/渠道.xlsx"), &[by_channel]);
    write_book(&inputs.join("政务公开/类别.xlsx"), &[by_category]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "公开.件次"), 40.0);
    let (findings, _) = check(&inputs);
    let w: Vec<_> = findings
        .iter()
        .filter(|x| x["severity"] == "warning" && x["file"] == "政务公开/类别.xlsx")
        .collect();
    assert_eq!(w.len(), 1, "{findings:#?}");
    let message = w[0]["message"].as_str().unwrap();
    assert!(
        message.contains("“政务公开/渠道.xlsx”中的“Sheet1”表")
            && message.contains("都是 20 件")
            && message.contains("按月份的分布不同"),
        "{message}"
    );
}

#[test]
fn a_statistics_sheet_that_sums_up_the_register_beside_it_is_compared_not_counted() {
    let (_d, inputs) = scratch();
    let register = sheet(
        "台账",
        vec![
            vec!["序号", "受理日期", "纠纷类型", "调解结果"],
            vec!["#1", "@2024-02-03", "婚姻家庭纠纷", "调解成功"],
            vec!["#2", "@2024-03-11", "邻里纠纷", "调解成功"],
            vec!["#3", "@2024-05-20", "邻里纠纷", "调解不成功"],
        ],
    );
    let stats = sheet(
        "统计",
        vec![
            vec!["纠纷类型", "受理数", "化解数", "未化解数"],
            vec!["婚姻家庭纠纷", "#1", "#1", "#0"],
            vec!["邻里纠纷", "#2", "#1", "#1"],
        ],
    );
    write_book(&inputs.join("调解台账.xlsx"), &[stats, register]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 3.0);
    assert_eq!(n(&f, "调解.化解"), 2.0);
    let all = readings(&inputs);
    assert_eq!(reading(&all, "调解台账.xlsx", "台账")["records"], 3);
    assert!(
        how(&all, "调解台账.xlsx", "统计").ends_with(
            "与“台账”表是同一批事项汇总的另一种分法，未重复计入，已核对合计一致（3 件）"
        ),
        "{all:#?}"
    );
}

#[test]
fn a_register_a_tabulation_by_channel_and_one_by_category_count_the_register_once() {
    let (_d, inputs) = scratch();
    let by_channel = sheet(
        "渠道",
        vec![
            vec!["公开渠道", "件次"],
            vec!["政府网站", "#2"],
            vec!["政务公开栏", "#1"],
        ],
    );
    let by_category = sheet(
        "类别",
        vec![
            vec!["公开类别", "件次"],
            vec!["财政预决算", "#1"],
            vec!["行政执法公示", "#2"],
        ],
    );
    let register = sheet(
        "登记",
        vec![
            vec!["序号", "公开日期", "公开类别", "公开渠道", "公开内容"],
            vec!["#1", "@2024-03-01", "财政预决算", "政府网站", "2024年预算"],
            vec![
                "#2",
                "@2024-04-01",
                "行政执法公示",
                "政府网站",
                "执法公示一",
            ],
            vec![
                "#3",
                "@2024-05-01",
                "行政执法公示",
                "政务公开栏",
                "执法公示二",
            ],
        ],
    );
    write_book(
        &inputs.join("政务公开台账.xlsx"),
        &[by_channel, by_category, register],
    );
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "公开.件次"), 3.0);
    assert_eq!(n(&f, "公开.类别.行政执法公示.件次"), 2.0);
    assert_eq!(n(&f, "公开.渠道.政府网站.件次"), 2.0);
    let all = readings(&inputs);
    assert_eq!(reading(&all, "政务公开台账.xlsx", "登记")["records"], 3);
    for s in ["渠道", "类别"] {
        let r = reading(&all, "政务公开台账.xlsx", s);
        assert_eq!(r["outcome"], "summary", "{r}");
        assert!(
            r["how"]
                .as_str()
                .unwrap()
                .contains("与“登记”表是同一批事项"),
            "{r}"
        );
    }
    let (findings, _) = check(&inputs);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
}
