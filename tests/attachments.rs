//! The end of the official document: the 附件说明 under the body, the 附注 below the date, and
//! each attachment on pages of its own with its table of figures (GB/T 9704 7.3.4, 7.3.6).

mod common;

use common::*;
use gongwen::styles::Styles;

fn styles() -> Styles {
    Styles::load(&root().join("styles/gbt9704.toml")).unwrap()
}

/// The `<w:p>` elements of document.xml, whole.
fn paragraph_xml(xml: &str) -> Vec<String> {
    let para = regex::Regex::new(r"(?s)<w:p(?:\s[^>]*)?/>|<w:p(?:\s[^>]*)?>.*?</w:p>").unwrap();
    para.find_iter(xml)
        .map(|m| m.as_str().to_string())
        .collect()
}

#[test]
fn the_attachment_starts_a_page_with_its_mark_and_title_on_the_third_line() {
    let ws = sample_workspace();
    let docx = build(ws.path());
    let xml = part(&docx, "word/document.xml");
    let paras = paragraph_xml(&xml);
    let texts = paragraphs(&xml);
    let mark = texts.iter().position(|t| t == "附件").expect("the mark");
    assert!(
        paras[mark].contains("<w:pageBreakBefore/>"),
        "{}",
        paras[mark]
    );
    assert!(paras[mark].contains(r#"w:val="AttachmentMark""#));
    assert_eq!(texts[mark + 1], "", "the second line is blank");
    assert_eq!(texts[mark + 2], "2024年矛盾纠纷化解情况统计表");
    assert!(paras[mark + 2].contains(r#"w:val="Title""#));
    // The mark in 3号黑体 flush left, like the level-1 heading.
    let s = styles();
    let stylesheet = part(&docx, "word/styles.xml");
    let mark_style = stylesheet
        .split("<w:style ")
        .find(|st| st.contains(r#"w:styleId="AttachmentMark""#))
        .unwrap();
    assert!(mark_style.contains(&format!(r#"w:eastAsia="{}""#, s.heading1.font)));
    assert!(mark_style.contains(r#"<w:jc w:val="left"/>"#));
    assert!(mark_style.contains(&format!(r#"<w:sz w:val="{}"/>"#, s.heading1.size_pt * 2.0)));
    // One attachment: "附件：名称" without a number, under the body, two characters in.
    let list = texts
        .iter()
        .position(|t| t.starts_with("附件："))
        .expect("附件说明");
    assert_eq!(texts[list], "附件：2024年矛盾纠纷化解情况统计表");
    assert_eq!(texts[list - 1], "", "one blank line above it");
    let organ = texts
        .iter()
        .position(|t| t == "天水市秦州区杨家寺镇人民政府")
        .unwrap();
    assert!(
        list < organ && organ < mark,
        "附件说明 before the signature"
    );
    assert!(
        paras[list].contains(r#"w:hangingChars="300""#),
        "{}",
        paras[list]
    );
    // 附注: the line after the date, in parentheses, indented like the body.
    assert_eq!(texts[organ + 1], "2025年1月10日");
    assert_eq!(texts[organ + 2], "（此件公开发布）");
    assert!(!paras[organ + 2].contains("<w:pStyle"), "body format");
}

#[test]
fn the_table_repeats_its_header_keeps_rows_whole_and_spans_the_text_block() {
    let ws = sample_workspace();
    let docx = build(ws.path());
    let xml = part(&docx, "word/document.xml");
    let s = styles();
    let table = &xml[xml.find("<w:tbl>").expect("a table")..xml.find("</w:tbl>").unwrap()];
    assert!(table.contains(r#"<w:jc w:val="center"/>"#), "centred");
    let rows: Vec<&str> = table.split("<w:tr>").skip(1).collect();
    assert_eq!(rows.len(), 6, "header, four sources, 合计");
    assert!(rows[0].contains("<w:tblHeader/>"), "header repeats");
    assert!(rows[1..].iter().all(|r| !r.contains("<w:tblHeader/>")));
    assert!(
        rows.iter().all(|r| r.contains("<w:cantSplit/>")),
        "no row split"
    );
    // Ruled as [table] says, every side and between the cells.
    let sz = format!(r#"w:sz="{}""#, (s.table.border_pt * 8.0).round());
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let at = table.find(&format!("<w:{side} ")).unwrap();
        assert!(
            table[at..].split("/>").next().unwrap().contains(&sz),
            "{side}"
        );
    }
    // Columns add up to the text block's width (156 mm).
    let col = regex::Regex::new(r#"<w:gridCol w:w="(\d+)"/>"#).unwrap();
    let widths: Vec<i64> = col
        .captures_iter(table)
        .map(|c| c[1].parse().unwrap())
        .collect();
    assert_eq!(widths.len(), 4);
    let block = gongwen::styles::mm_to_twips(s.text_width_mm());
    assert_eq!(widths.iter().sum::<i64>(), block);
    // The header row in the header font, the cells in the table font.
    let stylesheet = part(&docx, "word/styles.xml");
    let font_of = |id: &str| {
        stylesheet
            .split("<w:style ")
            .find(|st| st.contains(&format!(r#"w:styleId="{id}""#)))
            .unwrap()
            .to_string()
    };
    assert!(font_of("TableHeader").contains(&format!(r#"w:eastAsia="{}""#, s.table.header_font)));
    assert!(font_of("TableText").contains(&format!(r#"w:eastAsia="{}""#, s.table.font)));
    assert!(rows[0].contains(r#"w:val="TableHeader""#));
    assert!(rows[1].contains(r#"w:val="TableText""#));
}

/// The sample workspace with its template's table lines replaced by `table`.
fn with_table(table: &str) -> tempfile::TempDir {
    let ws = sample_workspace();
    let path = ws.path().join("inputs/报告模板.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("【表格】").unwrap();
    std::fs::write(&path, format!("{}{table}\n", &text[..at])).unwrap();
    ws
}

/// The template line a text is on.
fn line_of(ws: &tempfile::TempDir, words: &str) -> u64 {
    let text = std::fs::read_to_string(ws.path().join("inputs/报告模板.txt")).unwrap();
    text.lines().position(|l| l.contains(words)).unwrap() as u64 + 1
}

fn check_template(ws: &tempfile::TempDir) -> (Vec<serde_json::Value>, i32) {
    let out = gongwen(ws.path(), &["check", "--json"]);
    let all: serde_json::Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (
        all["findings"].as_array().unwrap().clone(),
        out.status.code().unwrap(),
    )
}

#[test]
fn a_total_row_that_the_rows_listed_do_not_add_up_to_is_refused_at_its_line() {
    // 村调委会 left out: the four-source total of 188 is not the sum of the rows shown.
    let ws = with_table(
        "【表格】调解.来源\n列：来源、受理、化解、化解率\n行：法院、派出所、信访\n合计：合计",
    );
    let (all, code) = check_template(&ws);
    let line = line_of(&ws, "【表格】");
    let f = finding(&all, "error", "inputs/报告模板.txt", line, "145");
    assert!(f["message"].as_str().unwrap().contains("188"), "{f}");
    assert_eq!(code, 1);
    // Without the total the same rows are a fine table.
    let ws = with_table("【表格】调解.来源\n列：来源、受理、化解、化解率\n行：法院、派出所、信访");
    let (all, code) = check_template(&ws);
    assert!(all.iter().all(|f| f["severity"] != "error"), "{all:#?}");
    assert_eq!(code, 0);
}

#[test]
fn a_row_or_column_the_ledgers_do_not_have_is_named_with_what_they_have() {
    let ws = with_table("【表格】调解.来源\n列：来源、受理\n行：法院、派出所、信访办");
    let (all, _) = check_template(&ws);
    let line = line_of(&ws, "【表格】");
    let f = finding(&all, "error", "inputs/报告模板.txt", line, "信访办");
    assert!(f["hint"].as_str().unwrap().contains("信访"), "{f}");

    // A template that cannot be read stops before any counting, as the clerk sees it.
    let ws = with_table("【表格】调解.来源\n列：来源、受理、结案率");
    let out = gongwen(ws.path(), &["check"]);
    let line = line_of(&ws, "列：");
    let said = stderr(&out);
    assert!(
        said.contains(&format!("第 {line} 行：表格的列“结案率”不认识")),
        "{said}"
    );
    assert!(said.contains("来源、受理、化解、化解率"), "{said}");
    assert_eq!(out.status.code(), Some(1));

    let ws = with_table("【表格】调解.村庄\n列：受理");
    let out = gongwen(ws.path(), &["check"]);
    let line = line_of(&ws, "【表格】");
    let said = stderr(&out);
    assert!(
        said.contains(&format!("第 {line} 行：表格“调解.村庄”")),
        "{said}"
    );
    assert!(said.contains("调解.来源、调解.类型"), "{said}");
}

#[test]
fn without_a_row_list_every_value_is_listed_largest_first() {
    let ws = with_table("【表格】会议.类型\n列：会议类型=类型、次数、参会人次=人次");
    let docx = build(ws.path());
    let xml = part(&docx, "word/document.xml");
    let table = &xml[xml.find("<w:tbl>").unwrap()..xml.find("</w:tbl>").unwrap()];
    let cells = paragraphs(table);
    assert_eq!(&cells[..3], ["会议类型", "次数", "参会人次"]);
    let out = gongwen(ws.path(), &["facts", "--json"]);
    let facts: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&stdout(&out)).unwrap();
    let counts: Vec<f64> = cells[3..]
        .chunks(3)
        .map(|row| {
            let name = format!("会议.类型.{}", row[0]);
            assert_eq!(row[1], facts[&format!("{name}.次数")].to_string());
            assert_eq!(row[2], facts[&format!("{name}.人次")].to_string());
            row[1].parse().unwrap()
        })
        .collect();
    let kinds = facts
        .keys()
        .filter(|k| k.starts_with("会议.类型.") && k.ends_with(".次数"))
        .count();
    assert_eq!(counts.len(), kinds, "every kind of meeting");
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
}

#[test]
fn an_attachment_with_nothing_under_it_is_a_slip_at_its_line() {
    let ws = sample_workspace();
    let path = ws.path().join("inputs/报告模板.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}【附件】2024年学法情况表\n")).unwrap();
    let (all, code) = check_template(&ws);
    let line = line_of(&ws, "【附件】2024年学法情况表");
    finding(&all, "error", "inputs/报告模板.txt", line, "没有内容");
    assert_eq!(code, 1);
}

#[test]
fn several_attachments_are_numbered_in_the_list_and_on_their_pages() {
    let ws = sample_workspace();
    let path = ws.path().join("inputs/报告模板.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let second =
        "【附件】2024年学法及会议情况统计表\n【表格】会议.类型\n列：类型、次数、人次\n合计：\n";
    std::fs::write(&path, format!("{text}{second}")).unwrap();
    let docx = build(ws.path());
    let texts = paragraphs(&part(&docx, "word/document.xml"));
    let list = texts.iter().position(|t| t.starts_with("附件：")).unwrap();
    assert_eq!(texts[list], "附件：1.2024年矛盾纠纷化解情况统计表");
    assert_eq!(texts[list + 1], "2.2024年学法及会议情况统计表");
    assert!(texts.iter().any(|t| t == "附件1"));
    let second_mark = texts.iter().position(|t| t == "附件2").unwrap();
    assert_eq!(texts[second_mark + 2], "2024年学法及会议情况统计表");
    // The meeting table's total is the year's: 会议.次数.
    let out = gongwen(ws.path(), &["facts", "--json"]);
    let facts: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&stdout(&out)).unwrap();
    let total = texts[second_mark..]
        .iter()
        .position(|t| t == "合计")
        .unwrap()
        + second_mark;
    assert_eq!(texts[total + 1], facts["会议.次数"].to_string());
    assert_eq!(texts[total + 2], facts["会议.人次"].to_string());
}
