//! Figures written in Chinese numerals: `{{x|汉字}}` in the template.

mod common;
use common::*;

fn with_template(ws: &std::path::Path, edit: impl Fn(String) -> String) -> String {
    let template = ws.join("inputs/报告模板.txt");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, edit(text.clone())).unwrap();
    text
}

#[test]
fn a_count_in_chinese_numerals_is_printed_in_the_report() {
    let ws = sample_workspace();
    with_template(ws.path(), |t| {
        t.replace(
            "{{会议.类型.专题学法.次数}}次",
            "{{会议.类型.专题学法.次数|汉字}}次",
        )
        .replace(
            "成功化解{{调解.来源.法院.化解}}件",
            "成功化解{{调解.来源.法院.化解|汉字}}件",
        )
    });
    let docx = build(ws.path());
    let all = paragraphs(&part(&docx, "word/document.xml")).join("\n");
    assert!(all.contains("2024年专题学法八次"), "{all}");
    assert!(all.contains("成功化解六十六件"), "{all}");
}

#[test]
fn a_rate_in_chinese_numerals_is_refused_with_its_line() {
    let ws = sample_workspace();
    let text = with_template(ws.path(), |t| {
        t.replace(
            "{{调解.来源.法院.化解率|%}}",
            "{{调解.来源.法院.化解率|汉字}}",
        )
    });
    let out = gongwen(ws.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let line = text
        .lines()
        .position(|l| l.contains("{{调解.来源.法院.化解率|%}}"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("第 {line} 行")), "{err}");
    assert!(err.contains("汉字格式只能用于整数"), "{err}");
    assert!(
        err.contains("{{调解.来源.法院.化解率|%}}"),
        "the fix: {err}"
    );
}
