//! Summaries compared like for like: a 汇总 sheet of the clerk's own formulas, by source and by
//! type, with counts and rates, is checked measure by measure, each line once; a correct year
//! gives no error, a wrong line gives exactly one.

mod common;

use common::*;

/// One case: (month, source, type, resolved).
type Case = (u32, &'static str, &'static str, bool);

/// 12 cases.
const CASES: [Case; 12] = [
    (1, "法院", "婚姻家庭纠纷", true),
    (1, "派出所", "邻里纠纷", true),
    (2, "法院", "邻里纠纷", true),
    (3, "信访", "土地纠纷", false),
    (4, "法院", "婚姻家庭纠纷", true),
    (5, "派出所", "土地纠纷", true),
    (6, "法院", "邻里纠纷", true),
    (7, "信访", "婚姻家庭纠纷", true),
    (8, "派出所", "邻里纠纷", false),
    (9, "法院", "土地纠纷", true),
    (11, "信访", "邻里纠纷", true),
    (12, "法院", "婚姻家庭纠纷", true),
];

fn detail() -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        "序号",
        "受理日期",
        "案件来源",
        "纠纷类型",
        "当事人",
        "调解结果",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>()];
    for (i, (m, src, kind, ok)) in CASES.iter().enumerate() {
        rows.push(vec![
            format!("#{}", i + 1),
            format!("@2024-{m:02}-10"),
            src.to_string(),
            kind.to_string(),
            format!("当事人{i}"),
            if *ok {
                "调解成功"
            } else {
                "调解不成功"
            }
            .to_string(),
        ]);
    }
    rows
}

/// A 全年汇总 sheet: by source, then by type; 受理数 / 化解数 / 化解率 as COUNTIF formulas with
/// their cached results; `wrong` adds 1 to the 受理数 of 法院.
fn summary(wrong: bool) -> Vec<Vec<String>> {
    let count = |f: &dyn Fn(&Case) -> bool| CASES.iter().filter(|c| f(c)).count();
    let mut rows: Vec<Vec<String>> = vec![
        vec!["2024年矛盾纠纷化解情况汇总".into()],
        vec![
            "案件来源".into(),
            "受理数".into(),
            "化解数".into(),
            "化解率".into(),
        ],
    ];
    let block = |rows: &mut Vec<Vec<String>>, names: &[&str], col: &str, by_source: bool| {
        let (mut t, mut d) = (0, 0);
        for name in names {
            let pick = |c: &Case| {
                if by_source {
                    c.1 == *name
                } else {
                    c.2 == *name
                }
            };
            let mut n = count(&|c| pick(c));
            let done = count(&|c| pick(c) && c.3);
            if wrong && *name == "法院" {
                n += 1;
            }
            t += n;
            d += done;
            rows.push(vec![
                name.to_string(),
                format!("=COUNTIF(台账!{col}:{col},\"{name}\")|{n}"),
                format!("=COUNTIFS(台账!{col}:{col},\"{name}\",台账!F:F,\"调解成功\")|{done}"),
                format!("=C{0}/B{0}|{1}", rows.len() + 1, done as f64 / n as f64),
            ]);
        }
        rows.push(vec![
            "合计".into(),
            format!("=SUM(B3:B5)|{t}"),
            format!("=SUM(C3:C5)|{d}"),
            format!("=C6/B6|{}", d as f64 / t as f64),
        ]);
    };
    block(&mut rows, &["法院", "派出所", "信访"], "C", true);
    rows.push(vec![]);
    rows.push(vec![
        "纠纷类型".into(),
        "受理数".into(),
        "化解数".into(),
        "化解率".into(),
    ]);
    block(
        &mut rows,
        &["婚姻家庭纠纷", "邻里纠纷", "土地纠纷"],
        "D",
        false,
    );
    rows
}

fn as_refs(rows: &[Vec<String>]) -> Vec<Vec<&str>> {
    rows.iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect()
}

fn write(inputs: &std::path::Path, wrong: bool) {
    let d = detail();
    let s = summary(wrong);
    write_book(
        &inputs.join("司法所/2024年调解台账.xlsx"),
        &[sheet("台账", as_refs(&d)), sheet("全年汇总", as_refs(&s))],
    );
}

#[test]
fn a_correct_summary_of_formulas_by_source_and_by_type_gives_no_error() {
    let (_d, inputs) = scratch();
    write(&inputs, false);
    let (all, code) = check(&inputs);
    let errors: Vec<_> = all.iter().filter(|f| f["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(code, 0);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 12.0, "the summary is not counted again");
    assert_eq!(n(&f, "调解.来源.法院.受理"), 6.0);
    let r = readings(&inputs);
    let line = r
        .iter()
        .find(|r| r["sheet"] == "全年汇总")
        .expect("a reading line");
    assert_eq!(line["outcome"], "summary", "{line}");
}

#[test]
fn one_wrong_line_of_a_summary_is_one_error_naming_its_cell() {
    let (_d, inputs) = scratch();
    write(&inputs, true);
    let (all, code) = check(&inputs);
    assert_eq!(code, 1);
    let errors: Vec<_> = all.iter().filter(|f| f["severity"] == "error").collect();
    assert_eq!(
        errors.len(),
        1,
        "the 法院 line, once (its 合计 agrees with its lines): {errors:#?}"
    );
    let f = finding(&all, "error", "司法所/2024年调解台账.xlsx", 3, "7");
    assert_eq!(f["sheet"], "全年汇总");
    assert_eq!(f["column"], "B");
}

#[test]
fn a_rate_is_compared_with_a_rate() {
    let (_d, inputs) = scratch();
    write(&inputs, false);
    // The 派出所 line's 化解率 (row 4, 2 of 3 resolved) written as 0.9 instead of 0.667.
    rewrite_xlsx(
        &inputs.join("司法所/2024年调解台账.xlsx"),
        |name, text| {
            if name == "xl/worksheets/sheet2.xml" {
                text.replacen("<v>0.6666666666666666</v>", "<v>0.9</v>", 1)
            } else {
                text
            }
        },
    );
    let (all, code) = check(&inputs);
    assert_eq!(code, 1);
    let f = finding(&all, "error", "司法所/2024年调解台账.xlsx", 4, "化解率");
    let m = f["message"].as_str().unwrap();
    assert!(m.contains("90") && m.contains("66.7"), "{m}");
}

#[test]
fn a_december_to_november_summary_is_compared_over_its_own_months_with_a_warning() {
    let (_d, inputs) = scratch();
    let detail = vec![
        vec!["受理日期", "案件来源", "纠纷类型", "调解结果"],
        vec!["@2023-12-10", "法院", "邻里纠纷", "调解成功"],
        vec!["@2024-03-10", "法院", "邻里纠纷", "调解成功"],
        vec!["@2024-06-10", "派出所", "土地纠纷", "调解成功"],
        vec!["@2024-11-10", "法院", "邻里纠纷", "调解不成功"],
    ];
    let summary = vec![
        vec!["矛盾纠纷化解汇总（2023年12月至2024年11月）"],
        vec!["案件来源", "受理数", "化解数", "化解率"],
        vec![
            "法院",
            "=COUNTIF(台账!B:B,\"法院\")|3",
            "#2",
            "=C3/B3|0.6667",
        ],
        vec!["派出所", "#1", "#1", "=C4/B4|1"],
        vec!["合计", "=SUM(B3:B4)|4", "=SUM(C3:C4)|3", "=C5/B5|0.75"],
    ];
    write_book(
        &inputs.join("司法所/调解台账.xlsx"),
        &[sheet("台账", detail), sheet("汇总", summary)],
    );
    let (all, code) = check(&inputs);
    let errors: Vec<_> = all.iter().filter(|f| f["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(code, 0);
    let w = all
        .iter()
        .find(|f| f["severity"] == "warning" && f["sheet"] == "汇总")
        .unwrap_or_else(|| panic!("{all:#?}"));
    let m = w["message"].as_str().unwrap();
    assert!(
        m.contains("2023年12月至2024年11月") && m.contains("2024年（1月至12月）"),
        "{m}"
    );
    let (f, _) = facts(&inputs);
    assert_eq!(
        n(&f, "调解.来源.法院.受理"),
        2.0,
        "the report counts 2024 only"
    );
}

#[test]
fn an_excel_table_total_row_is_compared_column_by_column() {
    let (_d, inputs) = scratch();
    let rows = vec![
        vec!["日期", "信息类别", "公开渠道", "数量"],
        vec!["@2024-01-10", "政策文件", "政府网站", "#3"],
        vec!["@2024-02-10", "工作动态", "政府网站", "#5"],
        vec!["@2024-03-10", "政策文件", "公开栏", "#2"],
        // SUBTOTAL(103, …) counts the entries of 信息类别; SUBTOTAL(109, …) sums 数量.
        vec![
            "汇总",
            "=SUBTOTAL(103,B2:B4)|3",
            "",
            "=SUBTOTAL(109,D2:D4)|10",
        ],
    ];
    write_book(
        &inputs.join("政务公开/公开统计.xlsx"),
        &[sheet("表1", rows)],
    );
    let (all, code) = check(&inputs);
    let errors: Vec<_> = all.iter().filter(|f| f["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(code, 0);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "公开.件次"), 10.0);
}
