//! The sample year end to end: the report reads like the town's own 2024 report, its figures
//! come from the workbooks, and a failed build leaves the last report alone.

mod common;

use common::*;
use std::path::Path;

/// The reference report as an official document writes it: full-width punctuation, and the
/// numbering slip under "6." and "7." (sub-items restarting at "(一)") corrected to "（1）".
fn reference_paragraphs() -> Vec<String> {
    let seed = std::fs::read_to_string(root().join("tests/data/seed-2024.txt")).unwrap();
    let mut out = Vec::new();
    let mut under_level3 = false;
    let mut sub = 0;
    let level3 = regex::Regex::new(r"^\d+\.").unwrap();
    let level1 =
        regex::Regex::new(r"^[一二三四五六七八九十]+、(工作方面|存在的问题|下一步工作计划)")
            .unwrap();
    let paren = regex::Regex::new(r"^\(([一二三四五六七八九十]+)\)").unwrap();
    for line in seed.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut line = line.to_string();
        if level1.is_match(&line) {
            under_level3 = false;
        }
        if level3.is_match(&line) {
            under_level3 = true;
            sub = 0;
        }
        if under_level3 && paren.is_match(&line) {
            sub += 1;
            line = paren
                .replace(&line, format!("（{sub}）").as_str())
                .into_owned();
        }
        let line = line
            .replace(',', "，")
            .replace('(', "（")
            .replace(')', "）")
            .replace(':', "：")
            .replace(';', "；")
            .replace("。 ", "。");
        out.push(line);
    }
    out
}

fn report_paragraphs(docx: &Path) -> Vec<String> {
    paragraphs(&part(docx, "word/document.xml"))
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect()
}

#[test]
fn the_sample_report_reads_like_the_towns_own_report() {
    let ws = sample_workspace();
    let docx = build(ws.path());
    let got = report_paragraphs(&docx);
    let mut want = vec!["2024年杨家寺镇法治政府建设情况报告".to_string()];
    want.extend(reference_paragraphs());
    // The end matter the template adds to the town's text: the 附件说明 under the body, the
    // signature, the 附注 below the date, then the attachment: its mark, its title and the
    // table of mediation sources, figures as `gongwen facts` counts them.
    want.push("附件：2024年矛盾纠纷化解情况统计表".to_string());
    want.push("天水市秦州区杨家寺镇人民政府".to_string());
    want.push("2025年1月10日".to_string());
    want.push("（此件公开发布）".to_string());
    want.push("附件".to_string());
    want.push("2024年矛盾纠纷化解情况统计表".to_string());
    want.extend(["来源", "受理（件）", "化解（件）", "化解率"].map(String::from));
    let out = gongwen(ws.path(), &["facts", "--json"]);
    let facts: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&stdout(&out)).unwrap();
    for (label, prefix) in [
        ("法院", "调解.来源.法院"),
        ("派出所", "调解.来源.派出所"),
        ("信访", "调解.来源.信访"),
        ("村调委会", "调解.来源.村调委会"),
        ("合计", "调解"),
    ] {
        want.push(label.to_string());
        for m in ["受理", "化解"] {
            want.push(facts[&format!("{prefix}.{m}")].to_string());
        }
        want.push(format!("{}%", facts[&format!("{prefix}.化解率")]));
    }
    assert_eq!(got.len(), want.len(), "paragraph count\n{got:#?}");
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "paragraph {i} differs");
    }
}

#[test]
fn figures_follow_the_workbooks() {
    let ws = sample_workspace();
    // One more village ledger: two disputes, one of them not resolved.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows: [[&str; 4]; 3] = [
        ["调解日期", "纠纷类型", "当事人", "调解结果"],
        ["2024年5月6日", "邻里纠纷", "赵甲与钱乙", "调解成功"],
        ["2024年6月7日", "宅基地纠纷", "孙丙与李丁", "调解不成功"],
    ];
    sheet
        .merge_range(
            0,
            0,
            0,
            3,
            "新庄村人民调解委员会2024年矛盾纠纷调解台账",
            &Default::default(),
        )
        .unwrap();
    sheet.write(1, 0, "填报单位：新庄村人民调解委员会").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write(r as u32 + 2, c as u16, *v).unwrap();
        }
    }
    book.save(ws.path().join("inputs/村调委会/新庄村调解台账.xlsx"))
        .unwrap();
    // And 20 more disclosed items in December.
    let csv = ws.path().join("inputs/政务公开/2024年政务公开信息统计.csv");
    let bytes = std::fs::read(&csv).unwrap();
    let (text, _, _) = encoding_rs::GB18030.decode(&bytes);
    let text = text.replace("合计,,,243", "12月,其他,宣传栏,20\r\n合计,,,263");
    std::fs::write(&csv, encoding_rs::GB18030.encode(&text).0).unwrap();

    let docx = build(ws.path());
    let all = report_paragraphs(&docx).join("\n");
    assert!(
        all.contains("各村人民调解组织共调解矛盾纠纷45起，成功调解44起，成功率97.8%"),
        "{all}"
    );
    assert!(all.contains("全年累计公开信息260余件次"), "{all}");
    assert!(all.contains("法院推送案件66件，成功化解66件，成功化解率100%"));
    // The attachment's table follows the same rows: the village row and the total take the
    // new dispute and its failure.
    assert!(all.contains("\n村调委会\n45\n44\n97.8%\n"), "{all}");
    assert!(all.contains("\n合计\n190\n189\n99.5%"), "{all}");
}

#[test]
fn two_builds_give_identical_bytes() {
    let ws = sample_workspace();
    let first = std::fs::read(build(ws.path())).unwrap();
    let ws2 = sample_workspace();
    let second = std::fs::read(build(ws2.path())).unwrap();
    assert!(first == second, "the two reports differ");
    let list = |dir: &Path| std::fs::read(dir.join("out/核对清单.xlsx")).unwrap();
    assert!(
        list(ws.path()) == list(ws2.path()),
        "the two checklists differ"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_report_untouched() {
    let ws = sample_workspace();
    let docx = build(ws.path());
    let before = std::fs::read(&docx).unwrap();
    let checklist = ws.path().join("out/核对清单.xlsx");
    let checklist_before = std::fs::read(&checklist).unwrap();
    let template = ws.path().join("inputs/报告模板.txt");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(
        &template,
        text.replace("{{公开.件次|余}}", "{{公开.件数|余}}"),
    )
    .unwrap();
    let out = gongwen(ws.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("{{公开.件数}}"), "{err}");
    assert!(err.contains("公开.件次"), "nearest name suggested: {err}");
    let line = text
        .lines()
        .position(|l| l.contains("{{公开.件次|余}}"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("第 {line} 行")),
        "template line named: {err}"
    );
    assert_eq!(std::fs::read(&docx).unwrap(), before, "old report changed");
    assert_eq!(
        std::fs::read(&checklist).unwrap(),
        checklist_before,
        "old checklist changed"
    );
    assert_no_leftovers(&ws.path().join("out"));
}

#[test]
fn a_gbk_template_is_read_like_utf8() {
    let ws = sample_workspace();
    let template = ws.path().join("inputs/报告模板.txt");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, encoding_rs::GB18030.encode(&text).0).unwrap();
    let docx = build(ws.path());
    let all = report_paragraphs(&docx).join("\n");
    assert!(all.contains("2024年专题学法8次"), "{all}");
}

#[test]
fn exit_codes_say_what_went_wrong() {
    let ws = sample_workspace();
    let out = gongwen(ws.path(), &["--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("不认识的参数"), "{}", stderr(&out));
    let out = gongwen(ws.path(), &["--inputs", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("找不到台账文件夹"),
        "{}",
        stderr(&out)
    );
    let help = gongwen(ws.path(), &["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("用法"), "{}", stdout(&help));
}

#[test]
fn facts_json_maps_names_to_numbers() {
    let ws = sample_workspace();
    let out = gongwen(ws.path(), &["facts", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let facts: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&stdout(&out)).unwrap();
    let n = |k: &str| facts[k].as_f64().unwrap_or_else(|| panic!("{k}"));
    assert_eq!(n("调解.来源.法院.受理"), 66.0);
    assert_eq!(n("调解.来源.派出所.化解"), 58.0);
    assert_eq!(n("调解.来源.信访.化解率"), 100.0);
    assert_eq!(n("调解.来源.村调委会.受理"), 43.0);
    assert_eq!(n("会议.类型.专题学法.次数"), 8.0);
    assert_eq!(n("公开.件次"), 243.0);
}
