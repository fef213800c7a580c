//! Each reconciliation check on a workbook made to trip it, asserting the exact finding:
//! severity, file, sheet, row (and column where it applies), plus what a build does about it.

mod common;

use common::*;

const HEAD: [&str; 6] = [
    "序号",
    "受理日期",
    "案件来源",
    "纠纷类型",
    "当事人",
    "调解结果",
];

fn ledger(rows: Vec<Vec<&'static str>>) -> Vec<Vec<&'static str>> {
    let mut all = vec![HEAD.to_vec()];
    all.extend(rows);
    all
}

#[test]
fn a_total_that_differs_from_its_rows_is_an_error_naming_both_numbers() {
    let (_d, inputs) = scratch();
    let rows = ledger(vec![
        vec!["#1", "2024-01-05", "法院", "邻里纠纷", "张三与李四", "成功"],
        vec!["#2", "2024-02-05", "法院", "邻里纠纷", "王五与赵六", "成功"],
        vec!["合计", "", "3件"],
    ]);
    write_book(&inputs.join("司法所/台账.xlsx"), &[sheet("台账", rows)]);
    let (all, code) = check(&inputs);
    let f = finding(&all, "error", "司法所/台账.xlsx", 4, "合计");
    assert_eq!(f["sheet"], "台账");
    assert_eq!(f["column"], "C");
    assert!(
        f["message"].as_str().unwrap().contains("3")
            && f["message"].as_str().unwrap().contains("2")
    );
    assert_eq!(code, 1);
}

#[test]
fn a_summary_sheet_or_a_count_in_a_heading_that_disagrees_is_an_error() {
    let (_d, inputs) = scratch();
    let month = |name: &'static str| {
        sheet(
            name,
            vec![
                vec!["受理日期", "案件来源", "调解结果"],
                vec!["2024-01-05", "法院", "成功"],
                vec!["2024-01-06", "派出所", "成功"],
            ],
        )
    };
    let summary = sheet(
        "汇总",
        vec![
            vec!["案件来源", "受理数"],
            vec!["法院", "#3"],
            vec!["派出所", "#2"],
        ],
    );
    write_book(
        &inputs.join("月报.xlsx"),
        &[month("1月"), month("2月"), summary],
    );
    let mut s = sheet(
        "台账",
        vec![
            vec!["序号", "受理日期", "案件来源", "调解结果"],
            vec!["婚姻家庭纠纷（共计：3件）"],
            vec!["#1", "2024-01-01", "法院", "成功"],
            vec!["#2", "2024-01-02", "信访", "成功"],
            vec!["邻里纠纷（共计：1件）"],
            vec!["#3", "2024-01-03", "法院", "成功"],
        ],
    );
    s.merges = vec![(1, 0, 1, 3), (4, 0, 4, 3)];
    write_book(&inputs.join("分类台账.xlsx"), &[s]);
    let (all, _) = check(&inputs);
    finding(&all, "error", "月报.xlsx", 2, "汇总表“汇总”中的法院");
    finding(&all, "error", "分类台账.xlsx", 2, "婚姻家庭纠纷");
    let errors = all.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(errors, 2, "{all:#?}");
}

#[test]
fn a_grid_total_row_that_disagrees_is_an_error_at_its_cell() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "Sheet1",
        vec![
            vec!["某镇2024年政务公开信息统计表"],
            vec!["月份", "财政预决算", "行政执法公示", "合计"],
            vec!["1月", "#2", "#1", "#3"],
            vec!["2月", "#1", "#2", "#4"],
            vec!["合计", "#3", "#4", "#7"],
        ],
    );
    write_book(&inputs.join("公开.xlsx"), &[s]);
    let (all, _) = check(&inputs);
    let row_total = finding(&all, "error", "公开.xlsx", 4, "2月");
    assert_eq!(row_total["column"], "D");
    let col_total = finding(&all, "error", "公开.xlsx", 5, "行政执法公示");
    assert_eq!(col_total["column"], "C");
}

#[test]
fn the_same_case_twice_in_one_ledger_is_an_error() {
    let (_d, inputs) = scratch();
    let mut rows = vec![vec![
        "案件编号",
        "受理日期",
        "案件来源",
        "纠纷类型",
        "当事人",
        "调解结果",
    ]];
    rows.extend([
        vec![
            "TJ-001",
            "2024-01-05",
            "法院",
            "邻里纠纷",
            "张三与李四",
            "成功",
        ],
        vec![
            "TJ-002",
            "2024-01-06",
            "法院",
            "邻里纠纷",
            "王五与赵六",
            "成功",
        ],
        vec![
            "TJ-001",
            "2024-03-05",
            "法院",
            "劳务纠纷",
            "孙七与周八",
            "成功",
        ],
        vec![
            "TJ-004",
            "2024-01-06",
            "法院",
            "邻里纠纷",
            "赵六、王五",
            "成功",
        ],
    ]);
    write_book(&inputs.join("台账.xlsx"), &[sheet("台账", rows)]);
    let (all, code) = check(&inputs);
    finding(&all, "error", "台账.xlsx", 4, "与第 2 行是同一件纠纷");
    finding(&all, "error", "台账.xlsx", 5, "与第 3 行是同一件纠纷");
    assert_eq!(code, 1);
}

#[test]
fn impossible_numbers_are_errors() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "统计",
        vec![
            vec!["案件来源", "受理数", "化解数"],
            vec!["法院", "#5", "#6"],
            vec!["派出所", "#-2", "#0"],
            vec!["信访", "#3", "#3"],
        ],
    );
    write_book(&inputs.join("统计.xlsx"), &[s]);
    let (all, _) = check(&inputs);
    finding(&all, "error", "统计.xlsx", 2, "化解数 6 大于受理数 5");
    finding(&all, "error", "统计.xlsx", 3, "负数");
    assert_eq!(
        all.iter().filter(|f| f["severity"] == "error").count(),
        2,
        "{all:#?}"
    );
}

#[test]
fn a_template_fact_whose_ledger_is_missing_is_an_error() {
    let (_d, inputs) = scratch();
    write_book(
        &inputs.join("台账.xlsx"),
        &[sheet(
            "台账",
            ledger(vec![vec![
                "#1",
                "2024-01-05",
                "法院",
                "邻里纠纷",
                "张三",
                "成功",
            ]]),
        )],
    );
    std::fs::write(
        inputs.join("报告模板.txt"),
        "---\n标题：2024年某镇报告\n署名：某镇人民政府\n成文日期：2025年1月10日\n报告年度：2024\n---\n法院推送{{调解.来源.法院.受理}}件。\n全年公开{{公开.件次}}件次。\n",
    )
    .unwrap();
    let (all, code) = check(&inputs);
    let f = &all
        .iter()
        .find(|f| f["severity"] == "error")
        .expect("an error");
    assert_eq!(f["row"], 8, "{all:#?}");
    assert!(f["file"].as_str().unwrap().ends_with("报告模板.txt"));
    assert!(
        f["message"].as_str().unwrap().contains("政务公开统计"),
        "{f}"
    );
    assert_eq!(code, 1);
}

#[test]
fn warnings_for_dates_words_missing_fields_and_hidden_sheets() {
    let (_d, inputs) = scratch();
    let mut rows = vec![vec![
        "受理日期",
        "案件来源",
        "纠纷类型",
        "当事人",
        "调解结果",
        "结案日期",
    ]];
    rows.extend([
        vec![
            "2024-01-05",
            "法院",
            "邻里纠纷",
            "张三",
            "成功",
            "2024-01-02",
        ], // 2: closed first
        vec!["2023-12-30", "法院", "邻里纠纷", "李四", "成功", ""], // 3: outside
        vec!["2024-02-01", "综治中心", "邻里纠纷", "王五", "待定", ""], // 4: words
        vec!["", "", "邻里纠纷", "赵六", "", ""],                   // 5: missing
        vec!["2024年13月1日", "法院", "邻里纠纷", "孙七", "成功", ""], // 6: bad date
    ]);
    let mut hidden = sheet(
        "旧表",
        ledger(vec![vec![
            "#1",
            "2024-01-05",
            "法院",
            "邻里纠纷",
            "x",
            "成功",
        ]]),
    );
    hidden.hidden = true;
    write_book(&inputs.join("台账.xlsx"), &[sheet("台账", rows), hidden]);
    let (all, code) = check(&inputs);
    let file = "台账.xlsx";
    finding(
        &all,
        "warning",
        file,
        2,
        "结案日期 2024-01-02 早于受理日期 2024-01-05",
    );
    finding(&all, "warning", file, 3, "1 行的日期不在 2024 年内");
    finding(&all, "warning", file, 4, "调解结果“待定”无法判断是否化解");
    finding(
        &all,
        "warning",
        file,
        4,
        "案件来源“综治中心”不属于法院、派出所、信访、12345热线",
    );
    finding(&all, "warning", file, 5, "没有填写日期");
    finding(&all, "warning", file, 5, "没有填写案件来源");
    finding(&all, "warning", file, 5, "没有填写调解结果");
    finding(&all, "warning", file, 6, "日期无法识别");
    let hidden = all
        .iter()
        .find(|f| f["sheet"] == "旧表")
        .expect("hidden sheet mentioned");
    assert_eq!(hidden["severity"], "warning");
    assert!(all.iter().all(|f| f["severity"] == "warning"), "{all:#?}");
    assert_eq!(code, 0);
}

#[test]
fn the_same_case_in_two_ledgers_is_a_warning_naming_both_places() {
    let (_d, inputs) = scratch();
    write_book(
        &inputs.join("司法所/台账.xlsx"),
        &[sheet(
            "台账",
            ledger(vec![vec![
                "#1",
                "2024-05-05",
                "派出所",
                "邻里纠纷",
                "张三与李四",
                "成功",
            ]]),
        )],
    );
    write_book(
        &inputs.join("村调委会/东村.xlsx"),
        &[sheet(
            "2024",
            vec![
                vec!["调解日期", "纠纷类型", "当事人", "调解结果"],
                vec!["2024-05-10", "邻里纠纷", "李四、张三", "调解成功"],
            ],
        )],
    );
    let (all, code) = check(&inputs);
    let f = finding(&all, "warning", "村调委会/东村.xlsx", 2, "司法所/台账.xlsx");
    assert!(f["message"].as_str().unwrap().contains("第 2 行"), "{f}");
    assert_eq!(code, 0);
    let facts = gongwen(
        inputs.parent().unwrap(),
        &[
            "facts",
            "--json",
            "--year",
            "2024",
            "--inputs",
            inputs.to_str().unwrap(),
        ],
    );
    let facts: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&stdout(&facts)).unwrap();
    assert_eq!(facts["调解.受理"], 2, "counts stay per ledger");
}

#[test]
fn a_month_missing_from_a_monthly_series_is_a_warning() {
    let (_d, inputs) = scratch();
    let month = |name: &'static str, date: &'static str| {
        sheet(
            name,
            vec![
                vec!["日期", "会议类型", "参会人数"],
                vec![date, "专题学法", "#20"],
            ],
        )
    };
    write_book(
        &inputs.join("会议.xlsx"),
        &[
            month("1月", "2024-01-05"),
            month("2月", "2024-02-05"),
            month("4月", "2024-04-05"),
        ],
    );
    let (all, _) = check(&inputs);
    let f = all
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("缺少 3月"))
        .unwrap_or_else(|| panic!("{all:#?}"));
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["file"], "会议.xlsx");
}

/// A copy of the sample year with one 合计 that no longer matches.
fn broken_sample() -> tempfile::TempDir {
    let ws = sample_workspace();
    let csv = ws.path().join("inputs/政务公开/2024年政务公开信息统计.csv");
    let bytes = std::fs::read(&csv).unwrap();
    let (text, _, _) = encoding_rs::GB18030.decode(&bytes);
    std::fs::write(
        &csv,
        encoding_rs::GB18030
            .encode(&text.replace("合计,,,243", "合计,,,253"))
            .0,
    )
    .unwrap();
    ws
}

#[test]
fn a_build_with_an_error_writes_nothing_and_force_writes_the_report() {
    let ws = sample_workspace();
    let docx = build(ws.path());
    let before = std::fs::read(&docx).unwrap();
    let broken = broken_sample();
    common::copy_dir(&ws.path().join("out"), &broken.path().join("out"));
    let out = gongwen(broken.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("政务公开/2024年政务公开信息统计.csv，第 75 行，D 列"),
        "{err}"
    );
    assert!(err.contains("253") && err.contains("243"), "{err}");
    let old = report_path(broken.path());
    assert_eq!(
        std::fs::read(&old).unwrap(),
        before,
        "the old report must stay as it was"
    );

    let forced = gongwen(broken.path(), &["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(
        stderr(&forced).contains("--force"),
        "the clerk is told: {}",
        stderr(&forced)
    );
    validate(&old);
    validate(&broken.path().join("out/核对清单.xlsx"));
}

#[test]
fn the_checklist_workbook_traces_every_fact_to_its_rows() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let ws = sample_workspace();
    build(ws.path());
    let mut book: Xlsx<_> = open_workbook(ws.path().join("out/核对清单.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["问题", "读取方式", "报告数据", "明细"]);
    let text = |d: &Data| d.to_string();
    let facts = book.worksheet_range("报告数据").unwrap();
    let rows = book.worksheet_range("明细").unwrap();
    let mut checked = 0;
    for fact in facts.rows().skip(1) {
        let name = text(&fact[0]);
        let declared_rows: usize = text(&fact[5]).parse().unwrap();
        let found = rows
            .rows()
            .skip(1)
            .filter(|r| text(&r[11]).split('、').any(|n| n == name))
            .count();
        assert_eq!(found, declared_rows, "{name}");
        assert!(
            text(&fact[3]).contains(&text(&fact[2])),
            "the sentence shows the figure"
        );
        checked += 1;
    }
    // 17 figures in the body's sentences, 15 in the attachment's table (4 sources and the
    // total, 3 columns each).
    assert_eq!(checked, 32);
    let total = facts
        .rows()
        .find(|r| text(&r[0]) == "调解.受理")
        .expect("the table's total is traced like any figure");
    assert_eq!(text(&total[1]), "188");
    assert!(text(&total[3]).contains("合计"), "{}", text(&total[3]));
    let court = facts
        .rows()
        .find(|r| text(&r[0]) == "调解.来源.法院.受理")
        .unwrap();
    assert_eq!(text(&court[1]), "66");
}

#[test]
fn a_formula_without_its_value_is_an_error_at_its_cell() {
    let (_d, inputs) = scratch();
    let path = inputs.join("会议.xlsx");
    write_book(
        &path,
        &[sheet(
            "会议",
            vec![
                vec!["日期", "会议类型", "参会人数"],
                vec!["2024-05-01", "专题学法", "=10+20|30"],
            ],
        )],
    );
    drop_formula_results(&path);
    let (all, code) = check(&inputs);
    let f = finding(&all, "error", "会议.xlsx", 2, "公式");
    assert_eq!(f["column"], "C");
    assert_eq!(code, 1);
}

#[test]
fn explain_lists_the_rows_behind_a_figure() {
    let ws = sample_workspace();
    let out = gongwen(ws.path(), &["explain", "调解.来源.信访.受理"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("调解.来源.信访.受理 = 21"), "{text}");
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("，第 ")).collect();
    assert_eq!(rows.len(), 21, "{text}");
    assert!(rows
        .iter()
        .all(|l| l.contains("司法所/2024年矛盾纠纷排查化解台账.xlsx，工作表“台账”")));
    assert!(
        rows.iter().all(|l| l.contains("来源 ")),
        "the source as written is shown"
    );
    // Every field as written, not only those the checks keep after reading.
    assert!(
        rows.iter()
            .all(|l| l.contains("类型 ") && l.contains("结案日期 ")),
        "{text}"
    );
    let wrong = gongwen(ws.path(), &["explain", "调解.来源.信访.受里"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("调解.来源.信访.受理"),
        "{}",
        stderr(&wrong)
    );
}
