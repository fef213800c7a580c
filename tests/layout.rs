//! The GB/T 9704 layout, checked twice: in the Word XML against `styles/gbt9704.toml`, and on
//! the pages of `gongwen build --pdf` (22 lines of at most 28 characters, "— N —" folios).

mod common;

use common::*;
use gongwen::styles::{half_points, mm_to_twips, Styles};
use std::path::Path;

fn styles() -> Styles {
    Styles::load(&root().join("styles/gbt9704.toml")).unwrap()
}

/// The value of `attr` on the first `<tag …>` inside `scope`.
fn attr(scope: &str, tag: &str, attr: &str) -> Option<String> {
    let re = regex::Regex::new(&format!(r#"<{tag}(?:\s[^>]*)?\s{attr}="([^"]*)""#)).unwrap();
    re.captures(scope).map(|c| c[1].to_string())
}

/// The XML of one style in styles.xml.
fn style<'a>(styles_xml: &'a str, id: &str) -> &'a str {
    let start = styles_xml
        .find(&format!(r#"w:styleId="{id}""#))
        .unwrap_or_else(|| panic!("style {id} missing"));
    let end = styles_xml[start..].find("</w:style>").unwrap() + start;
    &styles_xml[start..end]
}

fn check_layout(docx: &Path, s: &Styles) {
    let doc = part(docx, "word/document.xml");
    let sect = &doc[doc.rfind("<w:sectPr").expect("sectPr")..];
    let num = |v: Option<String>| v.unwrap().parse::<i64>().unwrap();
    assert_eq!(
        num(attr(sect, "w:pgSz", "w:w")),
        mm_to_twips(s.page.width_mm)
    );
    assert_eq!(
        num(attr(sect, "w:pgSz", "w:h")),
        mm_to_twips(s.page.height_mm)
    );
    assert_eq!(
        num(attr(sect, "w:pgMar", "w:top")),
        mm_to_twips(s.page.margin_top_mm)
    );
    assert_eq!(
        num(attr(sect, "w:pgMar", "w:bottom")),
        mm_to_twips(s.page.margin_bottom_mm)
    );
    assert_eq!(
        num(attr(sect, "w:pgMar", "w:left")),
        mm_to_twips(s.page.margin_left_mm)
    );
    assert_eq!(
        num(attr(sect, "w:pgMar", "w:right")),
        mm_to_twips(s.page.margin_right_mm)
    );
    assert_eq!(
        num(attr(sect, "w:pgMar", "w:footer")),
        s.footer_distance_twips()
    );
    assert_eq!(attr(sect, "w:docGrid", "w:type").as_deref(), Some("lines"));
    assert_eq!(
        num(attr(sect, "w:docGrid", "w:linePitch")),
        s.line_pitch_twips()
    );
    assert!(sect.contains(r#"w:type="even""#) && sect.contains(r#"w:type="default""#));

    let st = part(docx, "word/styles.xml");
    assert!(!st.contains("Theme"), "theme fonts must not be used");
    let normal = style(&st, "Normal");
    assert_eq!(attr(normal, "w:rFonts", "w:eastAsia").unwrap(), s.body.font);
    assert_eq!(attr(normal, "w:rFonts", "w:ascii").unwrap(), s.fonts.latin);
    assert_eq!(attr(normal, "w:rFonts", "w:hAnsi").unwrap(), s.fonts.latin);
    assert_eq!(
        num(attr(normal, "w:sz", "w:val")),
        half_points(s.body.size_pt)
    );
    assert_eq!(
        num(attr(normal, "w:spacing", "w:line")),
        s.line_pitch_twips()
    );
    assert_eq!(
        attr(normal, "w:spacing", "w:lineRule").as_deref(),
        Some("exact")
    );
    let rpr = &normal[normal.find("<w:rPr>").unwrap()..];
    assert_eq!(
        num(attr(rpr, "w:spacing", "w:val")),
        s.body_char_spacing_twips()
    );
    assert_eq!(
        num(attr(normal, "w:ind", "w:firstLineChars")),
        s.body.first_line_indent_chars as i64 * 100
    );
    let title = style(&st, "Title");
    assert_eq!(attr(title, "w:rFonts", "w:eastAsia").unwrap(), s.title.font);
    assert_eq!(
        num(attr(title, "w:sz", "w:val")),
        half_points(s.title.size_pt)
    );
    assert_eq!(attr(title, "w:jc", "w:val").as_deref(), Some("center"));
    for (id, h) in [
        ("Heading1", &s.heading1),
        ("Heading2", &s.heading2),
        ("Heading3", &s.heading3),
        ("Heading4", &s.heading4),
    ] {
        let x = style(&st, id);
        assert_eq!(attr(x, "w:rFonts", "w:eastAsia").unwrap(), h.font, "{id}");
        assert_eq!(
            attr(x, "w:rFonts", "w:ascii").unwrap(),
            s.fonts.latin,
            "{id}"
        );
        assert_eq!(
            num(attr(x, "w:sz", "w:val")),
            half_points(h.size_pt),
            "{id}"
        );
    }
    // Every style that sets fonts sets both the East Asian and the Latin font.
    for fonts in regex::Regex::new(r"<w:rFonts[^>]*>")
        .unwrap()
        .find_iter(&st)
    {
        let f = fonts.as_str();
        assert!(
            f.contains("w:eastAsia=") && f.contains("w:ascii=") && f.contains("w:hAnsi="),
            "{f}"
        );
    }

    let settings = part(docx, "word/settings.xml");
    assert!(settings.contains("<w:evenAndOddHeaders/>"));
    let indent = (s.page_number.indent_chars as f64 * s.page_number.size_pt * 20.0).round() as i64;
    for (name, side, jc) in [
        ("word/footer1.xml", "w:right", "right"),
        ("word/footer2.xml", "w:left", "left"),
    ] {
        let f = part(docx, name);
        assert_eq!(attr(&f, "w:jc", "w:val").as_deref(), Some(jc), "{name}");
        assert_eq!(num(attr(&f, "w:ind", side)), indent, "{name}");
        assert!(f.contains(" PAGE "), "{name} has a PAGE field");
        let text = paragraphs(&f).concat();
        let dash = &s.page_number.dash;
        assert_eq!(text, format!("{dash} 1 {dash}"), "{name}");
    }
    let footer_style = style(&st, "Footer");
    assert_eq!(
        attr(footer_style, "w:rFonts", "w:eastAsia").unwrap(),
        s.page_number.font
    );
    assert_eq!(
        num(attr(footer_style, "w:sz", "w:val")),
        half_points(s.page_number.size_pt)
    );
}

#[test]
fn the_word_xml_carries_every_number_of_the_styles_file() {
    let ws = sample_workspace();
    let docx = build(ws.path());
    check_layout(&docx, &styles());
}

#[test]
fn changing_the_styles_file_changes_the_report() {
    let ws = sample_workspace();
    let path = ws.path().join("styles/gbt9704.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace("margin_top_mm = 37", "margin_top_mm = 30")
        .replace("lines_per_page = 22", "lines_per_page = 20")
        .replace("font = \"黑体\"", "font = \"方正黑体_GBK\"")
        .replace("size_pt = 14            # 4号", "size_pt = 12");
    std::fs::write(&path, &text).unwrap();
    let changed = Styles::load(&path).unwrap();
    assert_ne!(changed.line_pitch_twips(), styles().line_pitch_twips());
    let docx = build(ws.path());
    check_layout(&docx, &changed);
    assert!(part(&docx, "word/styles.xml").contains("方正黑体_GBK"));
}

#[test]
fn a_bad_styles_file_is_refused_with_its_name() {
    let ws = sample_workspace();
    let path = ws.path().join("styles/gbt9704.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("size_pt = 22", "size_pt = \"二号\"")).unwrap();
    let out = gongwen(ws.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("gbt9704.toml"), "{}", stderr(&out));
}

/// Width in body characters: CJK one, ASCII one half. Every character counts, closing
/// punctuation included: `build --pdf` keeps LibreOffice from hanging marks into the margin.
fn width_in_chars(text: &str) -> f64 {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    gongwen::text::cells(&t)
}

#[test]
fn rendered_pages_hold_22_lines_of_28_characters_with_folios() {
    if !tool_available("soffice", "libreoffice-writer-nogui")
        || !tool_available("pdftotext", "poppler-utils")
    {
        return;
    }
    let s = styles();
    let ws = sample_workspace();
    let pdf = build_pdf(ws.path());
    let pages = pdf_lines(&pdf);
    assert!(
        pages.len() >= 5,
        "the sample report has {} pages",
        pages.len()
    );

    let pt_per_mm = 72.0 / 25.4;
    let text_bottom = (s.page.height_mm - s.page.margin_bottom_mm) * pt_per_mm;
    let text_right = (s.page.width_mm - s.page.margin_right_mm) * pt_per_mm;
    let text_left = s.page.margin_left_mm * pt_per_mm;
    let folio_indent = s.page_number.indent_chars as f64 * s.page_number.size_pt;
    let folio = regex::Regex::new(r"^—(\d+)—$").unwrap();
    // The body's pages, then the attachment's: its first line is "附件" (flush left, 黑体).
    let starts_attachment = |page: &[PdfLine]| {
        page.iter()
            .filter(|l| l.y_min <= text_bottom)
            .min_by(|a, b| a.y_min.total_cmp(&b.y_min))
            .is_some_and(|l| l.text.trim().starts_with("附件"))
    };
    let body_pages = pages
        .iter()
        .position(|p| starts_attachment(p))
        .unwrap_or(pages.len());
    assert!(
        body_pages < pages.len(),
        "the sample ends with its attachment"
    );
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        let (folios, body): (Vec<&PdfLine>, Vec<&PdfLine>) =
            page.iter().partition(|l| l.y_min > text_bottom);
        assert_eq!(folios.len(), 1, "page {n}: one page number line");
        let f = folios[0];
        let caps = folio
            .captures(&f.text)
            .unwrap_or_else(|| panic!("page {n}: folio {:?}", f.text));
        assert_eq!(
            caps[1].parse::<usize>().unwrap(),
            n,
            "page {n} is numbered {}",
            &caps[1]
        );
        if n % 2 == 1 {
            assert!(
                (text_right - folio_indent - f.x_max).abs() < 3.0,
                "odd page {n} folio at {}",
                f.x_max
            );
        } else {
            assert!(
                (f.x_min - text_left - folio_indent).abs() < 3.0,
                "even page {n} folio at {}",
                f.x_min
            );
        }
        // Lines on the grid: the first page's title is followed by blank lines.
        let mut rows: Vec<f64> = body.iter().map(|l| l.y_min).collect();
        rows.dedup_by(|a, b| (*a - *b).abs() < 2.0);
        let grid_lines = rows.len()
            + if n == 1 {
                s.title.blank_lines_after as usize
            } else {
                0
            };
        if n > body_pages {
            // The attachment's table: rows as tall as their text needs, off the body's grid.
            continue;
        }
        if n < body_pages {
            assert_eq!(grid_lines, s.grid.lines_per_page as usize, "page {n} lines");
        } else {
            assert!(
                grid_lines <= s.grid.lines_per_page as usize,
                "last page {n}"
            );
        }
        for l in &body {
            let w = width_in_chars(&l.text);
            assert!(
                w <= s.grid.chars_per_line as f64,
                "page {n}: {w} characters: {}",
                l.text
            );
        }
    }
}
