//! The formal document (GB/T 9704 7.2, 7.3.5, 7.4): the red header, the signature in its four
//! forms and the end block, from the template's front matter; the second sample in
//! `examples/正式发文` built and rendered.

mod common;

use common::*;
use gongwen::styles::{mm_to_twips, Styles};
use std::path::{Path, PathBuf};

const EXAMPLE: &str = "examples/正式发文/报告模板.txt";
const EXAMPLE_TITLE: &str = "天水市秦州区杨家寺镇人民政府关于2024年法治政府建设工作情况的报告";

fn styles() -> Styles {
    Styles::load(&root().join("styles/gbt9704.toml")).unwrap()
}

/// The `<w:p>` elements of document.xml outside tables, whole, with their texts.
fn top_paragraphs(xml: &str) -> Vec<(String, String)> {
    let tables = regex::Regex::new(r"(?s)<w:tbl>.*?</w:tbl>").unwrap();
    let flat = tables.replace_all(xml, "<w:p><w:r><w:t>[表格]</w:t></w:r></w:p>");
    let para = regex::Regex::new(r"(?s)<w:p(?:\s[^>]*)?/>|<w:p(?:\s[^>]*)?>.*?</w:p>").unwrap();
    para.find_iter(&flat)
        .map(|m| {
            let p = m.as_str().to_string();
            let text = paragraphs(&p).concat();
            (p, text)
        })
        .collect()
}

/// Builds the template at `template` (relative to the workspace) into `out/` there.
fn build_template(ws: &Path, template: &str, extra: &[&str]) -> PathBuf {
    let mut args = vec!["build", "--template", template];
    args.extend_from_slice(extra);
    let out = gongwen(ws, &args);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    let docx = ws.join("out").join(format!("{EXAMPLE_TITLE}.docx"));
    validate(&docx);
    validate(&ws.join("out").join("核对清单.xlsx"));
    docx
}

fn example_workspace() -> tempfile::TempDir {
    let ws = sample_workspace();
    copy_dir(&root().join("examples"), &ws.path().join("examples"));
    ws
}

/// The sample template with its front matter changed: `edit` rewrites the text.
fn variant(ws: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let path = ws.join("inputs/报告模板.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
    build(ws)
}

#[test]
fn the_red_header_carries_the_red_organ_mark_the_number_with_its_signer_and_the_red_rule() {
    let ws = example_workspace();
    let docx = build_template(ws.path(), EXAMPLE, &[]);
    let xml = part(&docx, "word/document.xml");
    let paras = top_paragraphs(&xml);
    let s = styles();
    // First: the gap down to the mark, 35 mm, off the grid.
    assert!(
        paras[0].0.contains(&format!(
            r#"w:line="{}" w:lineRule="exact""#,
            mm_to_twips(s.red_header.top_mm)
        )),
        "{}",
        paras[0].0
    );
    assert_eq!(paras[1].1, "天水市秦州区杨家寺镇人民政府文件");
    assert!(paras[1].0.contains(r#"w:val="RedHeaderMark""#));
    // The mark's style: red 小标宋, centred.
    let stylesheet = part(&docx, "word/styles.xml");
    let mark = stylesheet
        .split("<w:style ")
        .find(|st| st.contains(r#"w:styleId="RedHeaderMark""#))
        .unwrap();
    assert!(mark.contains(r#"<w:color w:val="FF0000"/>"#), "{mark}");
    assert!(mark.contains(r#"w:eastAsia="方正小标宋简体""#), "{mark}");
    assert!(mark.contains(r#"<w:jc w:val="center"/>"#), "{mark}");
    // Two blank lines, then the number one character in on the left and 签发人 one character
    // in on the right, the red rule under it as wide as the text block (no indents).
    assert_eq!((paras[2].1.as_str(), paras[3].1.as_str()), ("", ""));
    let (number, text) = &paras[4];
    assert_eq!(text, "杨政发〔2025〕3号签发人：李明");
    let c = s.body_char_twips();
    let width = mm_to_twips(s.text_width_mm());
    assert!(
        number.contains(&format!(r#"<w:tab w:val="left" w:pos="{c}"/>"#)),
        "{number}"
    );
    assert!(
        number.contains(&format!(r#"<w:tab w:val="right" w:pos="{}"/>"#, width - c)),
        "{number}"
    );
    assert!(!number.contains("<w:ind"), "{number}");
    let rule = regex::Regex::new(
        r#"<w:bottom w:val="single" w:sz="(\d+)" w:space="\d+" w:color="FF0000"/>"#,
    )
    .unwrap();
    let sz: f64 = rule.captures(number).expect("a red rule")[1]
        .parse()
        .unwrap();
    assert_eq!(sz / 8.0, s.red_header.rule_pt);
    // 签发人's name in 楷体.
    assert!(number.contains(r#"w:eastAsia="楷体_GB2312""#), "{number}");
    // Two blank lines below the rule, then the title (7.3.1).
    assert_eq!((paras[5].1.as_str(), paras[6].1.as_str()), ("", ""));
    assert!(paras[7].0.contains(r#"w:val="Title""#));
    assert_eq!(paras[7].1.replace('\n', ""), EXAMPLE_TITLE);
}

#[test]
fn the_end_block_is_ruled_on_an_even_page_of_its_own_without_a_folio() {
    let ws = example_workspace();
    let docx = build_template(ws.path(), EXAMPLE, &[]);
    let xml = part(&docx, "word/document.xml");
    let s = styles();
    // Two sections: the body's with its page numbers, then the end block's, starting on an
    // even page, whose footers are empty.
    let sections: Vec<&str> = xml.split("<w:sectPr>").skip(1).collect();
    assert_eq!(sections.len(), 2);
    assert!(sections[0].contains(r#"r:id="rId4""#) && !sections[0].contains("<w:type "));
    assert!(
        sections[1].contains(r#"<w:type w:val="evenPage"/>"#),
        "{}",
        sections[1]
    );
    let rels = part(&docx, "word/_rels/document.xml.rels");
    let blank = regex::Regex::new(r#"r:id="(rId\d+)""#).unwrap();
    for id in blank.captures_iter(sections[1]) {
        let target = regex::Regex::new(&format!(r#"Id="{}"[^>]*Target="([^"]+)""#, &id[1]))
            .unwrap()
            .captures(&rels)
            .expect("the footer's relationship")[1]
            .to_string();
        let footer = part(&docx, &format!("word/{target}"));
        assert!(!footer.contains("PAGE"), "{footer}");
    }
    // The block's two lines, 4号仿宋, between a heavy rule, a light one and a heavy one.
    let block = &xml[xml.rfind("<w:tbl>").unwrap()..xml.rfind("</w:tbl>").unwrap()];
    let texts = paragraphs(block);
    assert_eq!(
        texts,
        [
            "抄送：区委依法治区办，区司法局。",
            "杨家寺镇党政办公室2025年1月10日印发"
        ]
    );
    let eighths = |mm: f64| ((mm * 72.0 / 25.4) * 8.0).round() as i64;
    let (heavy, light) = (
        eighths(s.end_block.heavy_rule_mm),
        eighths(s.end_block.light_rule_mm),
    );
    let borders = regex::Regex::new(r#"<w:(top|bottom) w:val="single" w:sz="(\d+)""#).unwrap();
    let found: Vec<(String, i64)> = borders
        .captures_iter(block)
        .map(|c| (c[1].to_string(), c[2].parse().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("top".to_string(), heavy),
            ("bottom".to_string(), light),
            ("top".to_string(), light),
            ("bottom".to_string(), heavy)
        ]
    );
    assert!(block.contains(&format!(
        r#"<w:tblW w:w="{}""#,
        mm_to_twips(s.text_width_mm())
    )));
    let stylesheet = part(&docx, "word/styles.xml");
    let style = stylesheet
        .split("<w:style ")
        .find(|st| st.contains(r#"w:styleId="EndBlock""#))
        .unwrap();
    assert!(
        style.contains(r#"w:eastAsia="仿宋_GB2312""#) && style.contains(r#"<w:sz w:val="28"/>"#)
    );
}

/// The rendered example: the red mark on the first page, the end block alone on the last
/// page, on its last lines, without a page number.
#[test]
fn the_example_renders_with_the_header_on_the_first_page_and_the_end_block_at_the_foot_of_the_last()
{
    if !tool_available("soffice", "libreoffice-writer-nogui")
        || !tool_available("pdftotext", "poppler-utils")
    {
        return;
    }
    let ws = example_workspace();
    let docx = build_template(ws.path(), EXAMPLE, &["--pdf"]);
    let pages = pdf_lines(&docx.with_extension("pdf"));
    let s = styles();
    let pt = |mm: f64| mm * 72.0 / 25.4;
    let first = &pages[0];
    let mark = first
        .iter()
        .find(|l| l.text == "天水市秦州区杨家寺镇人民政府文件")
        .expect("the mark on page 1");
    let mark_top = pt(s.page.margin_top_mm + s.red_header.top_mm);
    assert!(
        (mark.y_min - mark_top).abs() < pt(3.0),
        "mark at {} pt",
        mark.y_min
    );
    assert!(first.iter().any(|l| l.text.contains("杨政发〔2025〕3号")));
    let last = pages.last().unwrap();
    let texts: Vec<&str> = last.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "抄送：区委依法治区办，区司法局。",
            "杨家寺镇党政办公室",
            "2025年1月10日印发"
        ],
        "the last page holds the end block only, no page number"
    );
    // Its last line is the last line of the text block.
    let bottom = pt(s.page.height_mm - s.page.margin_bottom_mm);
    let line = pt(s.text_height_mm() / s.grid.lines_per_page as f64);
    let printed = &last[2];
    assert!(
        (printed.y_min - last[1].y_min).abs() < 1.0,
        "印发机关 and 印发日期 on one line"
    );
    assert!(
        printed.y_min > bottom - 1.5 * line && printed.y_min < bottom,
        "印发 line at {} pt, text block ends at {bottom} pt",
        printed.y_min
    );
    // Every page before it has its folio.
    for (i, page) in pages[..pages.len() - 1].iter().enumerate() {
        let folio = format!("{}{}{}", s.page_number.dash, i + 1, s.page_number.dash);
        assert!(
            page.iter().any(|l| l.text.replace(' ', "") == folio),
            "page {} has no folio",
            i + 1
        );
    }
}

#[test]
fn an_unsealed_signature_stands_two_characters_in_with_the_date_two_characters_right() {
    let ws = sample_workspace();
    let docx = variant(ws.path(), |t| t.replace("附注：此件公开发布", "印章：无"));
    let paras = top_paragraphs(&part(&docx, "word/document.xml"));
    let s = styles();
    let c = s.body_char_twips();
    let width = mm_to_twips(s.text_width_mm());
    let i = paras
        .iter()
        .position(|(_, t)| t == "天水市秦州区杨家寺镇人民政府")
        .unwrap();
    // One blank line under the 附件说明 (7.3.5.2), not the sealed form's room for a seal.
    assert_eq!(paras[i - 1].1, "");
    assert!(paras[i - 2].1.starts_with("附件："));
    let left = |p: &str| -> i64 {
        regex::Regex::new(r#"<w:ind w:left="(\d+)""#)
            .unwrap()
            .captures(p)
            .unwrap()[1]
            .parse()
            .unwrap()
    };
    let name_width = 14 * c;
    assert_eq!(left(&paras[i].0), width - 2 * c - name_width);
    assert_eq!(paras[i + 1].1, "2025年1月10日");
    assert_eq!(left(&paras[i + 1].0), left(&paras[i].0) + 2 * c);
}

#[test]
fn a_joint_signature_sets_short_organs_side_by_side_and_long_ones_one_under_another() {
    let ws = sample_workspace();
    let docx = variant(ws.path(), |t| {
        t.replace(
            "署名：天水市秦州区杨家寺镇人民政府",
            "署名：中共杨家寺镇委员会、杨家寺镇人民政府",
        )
    });
    let paras = top_paragraphs(&part(&docx, "word/document.xml"));
    let (line, _) = paras
        .iter()
        .find(|(_, t)| t == "中共杨家寺镇委员会杨家寺镇人民政府")
        .expect("both organs on one line");
    let stops: Vec<i64> = regex::Regex::new(r#"<w:tab w:val="center" w:pos="(\d+)"/>"#)
        .unwrap()
        .captures_iter(line)
        .map(|c| c[1].parse().unwrap())
        .collect();
    let s = styles();
    let c = s.body_char_twips();
    let width = mm_to_twips(s.text_width_mm());
    // The second organ centred over the date, the date four characters in from the right
    // ("2025年1月10日" is 13 half cells: digits are half as wide).
    let date_centre = width - 4 * c - 13 * c / 2 / 2;
    assert_eq!(stops, [date_centre - width / 2, date_centre]);

    let ws = sample_workspace();
    let docx = variant(ws.path(), |t| {
        t.replace(
            "署名：天水市秦州区杨家寺镇人民政府",
            "署名：中共天水市秦州区杨家寺镇委员会、天水市秦州区杨家寺镇人民政府",
        )
    });
    let texts: Vec<String> = top_paragraphs(&part(&docx, "word/document.xml"))
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let i = texts
        .iter()
        .position(|t| t == "中共天水市秦州区杨家寺镇委员会")
        .expect("the first organ on a line of its own");
    assert_eq!(texts[i + 1], "天水市秦州区杨家寺镇人民政府");
    assert_eq!(texts[i + 2], "2025年1月10日");
}

#[test]
fn a_signature_by_title_puts_the_title_beside_the_persons_seal_and_the_date_a_line_below() {
    let ws = sample_workspace();
    let docx = variant(ws.path(), |t| {
        t.replace("附注：此件公开发布", "签名：镇长 张三")
    });
    let paras = top_paragraphs(&part(&docx, "word/document.xml"));
    let i = paras
        .iter()
        .position(|(_, t)| t == "镇长　　张三")
        .expect("title and name");
    let s = styles();
    let four = 4 * s.body_char_twips();
    assert!(paras[i].0.contains(&format!(r#"w:right="{four}""#)));
    assert_eq!((paras[i - 1].1.as_str(), paras[i - 2].1.as_str()), ("", ""));
    assert!(
        paras[i - 3].1.starts_with("附件："),
        "two blank lines under the body"
    );
    assert_eq!(paras[i + 1].1, "");
    assert_eq!(paras[i + 2].1, "2025年1月10日");
    assert!(paras[i + 2].0.contains(&format!(r#"w:right="{four}""#)));
    assert!(!paras
        .iter()
        .any(|(_, t)| t == "天水市秦州区杨家寺镇人民政府"));
}

#[test]
fn formal_items_out_of_place_are_named_with_their_line() {
    let cases = [
        ("发文字号：杨政发〔2025〕3号", 7, "没有发文机关标志"),
        ("签发人：李明", 7, "没有发文机关标志"),
        ("抄送：区司法局", 7, "没有印发机关"),
        (
            "发文机关标志：杨家寺镇人民政府文件\n发文字号：杨政发2025年3号",
            8,
            "发文字号“杨政发2025年3号”的写法不对",
        ),
        ("印章：半个", 7, "只能写“有”或“无”"),
        ("签名：张三", 7, "职务和姓名"),
    ];
    for (item, line, words) in cases {
        let ws = sample_workspace();
        let path = ws.path().join("inputs/报告模板.txt");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("附注：此件公开发布", item)).unwrap();
        let out = gongwen(ws.path(), &[]);
        assert_eq!(out.status.code(), Some(1), "{item}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!("第 {line} 行")) && err.contains(words),
            "{item}: {err}"
        );
        assert!(!ws.path().join("out").exists());
    }
}

#[test]
fn a_document_number_is_printed_with_hexagonal_brackets_and_no_leading_zero() {
    let ws = sample_workspace();
    let docx = variant(ws.path(), |t| {
        t.replace(
            "附注：此件公开发布",
            "发文机关标志：杨家寺镇人民政府\n发文字号：杨政发[2025]03号",
        )
    });
    let paras = top_paragraphs(&part(&docx, "word/document.xml"));
    assert_eq!(paras[1].1, "杨家寺镇人民政府");
    let (number, text) = paras
        .iter()
        .find(|(p, _)| p.contains("DocumentNumber"))
        .unwrap();
    assert_eq!(text, "杨政发〔2025〕3号");
    // Without 签发人 the number is centred (the style), no tabs.
    assert!(!number.contains("<w:tabs>"));
}

#[test]
fn a_joint_mark_stacks_the_organs_to_one_width_with_wenjian_beside_them() {
    let ws = sample_workspace();
    let docx = variant(ws.path(), |t| {
        t.replace(
            "附注：此件公开发布",
            "发文机关标志：中共杨家寺镇委员会、杨家寺镇人民政府文件",
        )
    });
    let xml = part(&docx, "word/document.xml");
    let mark = &xml[xml.find("<w:tbl>").unwrap()..xml.find("</w:tbl>").unwrap()];
    let rows: Vec<Vec<String>> = mark
        .split("<w:tr>")
        .skip(1)
        .map(|r| {
            r.split("<w:tc>")
                .skip(1)
                .map(|c| paragraphs(c).concat())
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [["中共杨家寺镇委员会", "文件"], ["杨家寺镇人民政府", ""]],
        "organs in their order, 文件 once"
    );
    // The names are spread to one width; 文件 spans both lines, centred across them.
    assert_eq!(mark.matches(r#"<w:jc w:val="distribute"/>"#).count(), 2);
    assert!(mark.contains(r#"<w:vMerge w:val="restart"/>"#) && mark.contains("<w:vMerge/>"));
    assert_eq!(mark.matches(r#"w:val="RedHeaderMark""#).count(), 4);
    // No ruled lines around the mark.
    assert!(!mark.contains(r#"w:val="single""#));
}
