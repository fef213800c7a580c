//! Slips in the template that do not stop the report: a heading that skips a level, a figure
//! typed by hand that a ledger holds, one kind of figure in Chinese and Arabic numerals. Each is
//! told as a 提醒 naming the template line and what to do; the report is still written.

mod common;
use common::*;
use std::path::Path;

const TEMPLATE: &str = "inputs/报告模板.txt";

/// Rewrites the workspace's copy of the sample template; each edit must change it.
fn edit_template(ws: &Path, edits: &[(&str, &str)]) {
    let path = ws.join(TEMPLATE);
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "the sample template has no {from:?}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&path, text).unwrap();
}

/// The 1-based line of the sample template holding `words`.
fn line_of(words: &str) -> usize {
    let text = std::fs::read_to_string(root().join(TEMPLATE)).unwrap();
    text.lines().position(|l| l.contains(words)).unwrap() + 1
}

/// Builds the report in `ws` (exit 0, the report written and valid) and returns what gongwen
/// said on stderr.
fn build_saying(ws: &Path) -> String {
    let out = gongwen(ws, &[]);
    let said = stderr(&out);
    assert!(out.status.success(), "{}\n{said}", stdout(&out));
    validate(&report_path(ws));
    said
}

/// `gongwen check` in `ws` with `args`: its output (exit 0: warnings only).
fn check_saying(ws: &Path, args: &[&str]) -> String {
    let out = gongwen(ws, &[&["check"], args].concat());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

#[test]
fn the_sample_and_the_example_templates_get_no_warning() {
    let ws = sample_workspace();
    let said = check_saying(ws.path(), &[]);
    assert!(!said.contains("提醒"), "{said}");
    assert!(said.contains("没有发现问题"), "{said}");
    let example = root().join("examples/正式发文/报告模板.txt");
    let said = check_saying(ws.path(), &["--template", example.to_str().unwrap()]);
    assert!(!said.contains("提醒"), "{said}");
    let said = build_saying(ws.path());
    assert!(!said.contains("提醒"), "{said}");
}

#[test]
fn a_heading_that_skips_a_level_is_told_and_the_report_is_built() {
    let ws = sample_workspace();
    let line = line_of("## 深入学习宣传贯彻习近平法治思想");
    let above = line_of("# 工作方面");
    edit_template(
        ws.path(),
        &[(
            "## 深入学习宣传贯彻习近平法治思想",
            "### 深入学习宣传贯彻习近平法治思想",
        )],
    );
    let said = build_saying(ws.path());
    assert!(
        said.contains(&format!(
            "提醒：{TEMPLATE}，第 {line} 行：标题跳过了一级：上面第 {above} 行是一级标题“一、工作方面”，这里直接用了三级标题（1.）"
        )),
        "{said}"
    );
    assert!(said.contains("处理办法：请把这一行开头改成“##”"), "{said}");
    // The heading is still printed where the clerk put it.
    let all = paragraphs(&part(&report_path(ws.path()), "word/document.xml")).join("\n");
    assert!(all.contains("1.深入学习宣传贯彻习近平法治思想"), "{all}");
}

#[test]
fn an_attachment_that_starts_below_the_first_level_is_told() {
    let ws = sample_workspace();
    let line = line_of("【附件】") + 1;
    edit_template(
        ws.path(),
        &[(
            "【附件】2024年矛盾纠纷化解情况统计表\n",
            "【附件】2024年矛盾纠纷化解情况统计表\n## 各来源情况\n",
        )],
    );
    let said = check_saying(ws.path(), &[]);
    assert!(
        said.contains(&format!(
            "提醒  第 {line} 行：附件“2024年矛盾纠纷化解情况统计表”的第一个标题用了二级标题（（一））"
        )),
        "{said}"
    );
}

#[test]
fn figures_typed_by_hand_are_told_with_the_placeholder_to_use() {
    let ws = sample_workspace();
    let court = line_of("今年以来法院推送案件");
    let disclosed = line_of("{{公开.件次|余}}");
    edit_template(
        ws.path(),
        &[
            (
                "今年以来法院推送案件{{调解.来源.法院.受理}}件",
                "今年以来法院推送案件66件",
            ),
            ("{{公开.件次|余}}件次", "240余件次"),
        ],
    );
    let said = build_saying(ws.path());
    assert!(
        said.contains(&format!(
            "提醒：{TEMPLATE}，第 {court} 行：“66件”与台账数据 调解.来源.法院.受理（66）相同，是手工写的吗？\n      处理办法：建议改为 {{{{调解.来源.法院.受理}}}}，台账改了报告会跟着改"
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "第 {disclosed} 行：“240余件次”与台账数据 公开.件次（243，约数写作240余）相同"
        )),
        "{said}"
    );
    assert!(said.contains("建议改为 {{公开.件次|余}}"), "{said}");
    // Exactly these two: the rest of the sample's numbers are years, titles and placeholders.
    assert_eq!(said.matches("提醒").count(), 2, "{said}");
}

#[test]
fn one_kind_of_figure_in_two_numeral_forms_is_told_where_it_differs() {
    let ws = sample_workspace();
    let chinese = line_of("{{会议.类型.专题学法.次数}}次");
    let arabic = [
        line_of("{{会议.类型.党委会专题研究法治工作.次数}}"),
        line_of("{{会议.类型.主要负责人专题会议.次数}}"),
    ];
    edit_template(
        ws.path(),
        &[(
            "{{会议.类型.专题学法.次数}}次",
            "{{会议.类型.专题学法.次数|汉字}}次",
        )],
    );
    let said = build_saying(ws.path());
    assert!(
        said.contains(&format!(
            "提醒：{TEMPLATE}，第 {chinese} 行：这一行用汉字写“次数”，第 {}、{} 行用阿拉伯数字写同一类数字：同类数字应统一写法（GB/T 15835）",
            arabic[0], arabic[1]
        )),
        "{said}"
    );
    assert!(
        said.contains(
            "处理办法：请把 {{会议.类型.专题学法.次数|汉字}} 改成 {{会议.类型.专题学法.次数}}，和其他各处一样用阿拉伯数字"
        ),
        "{said}"
    );
    assert_eq!(said.matches("提醒").count(), 1, "{said}");
    let all = paragraphs(&part(&report_path(ws.path()), "word/document.xml")).join("\n");
    assert!(all.contains("2024年专题学法八次"), "{all}");
}
