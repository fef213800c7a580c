//! word/document.xml: title, addressee, blocks, signature and the section properties.

use super::end_block;
use super::paragraph::{empty_paragraph, paragraph_start, run, run_text, Extra};
use super::stylesheet::{heading_style, lead_style, ADDRESSEE, ATTACHMENT_MARK, TITLE};
use super::text::title_lines;
use super::xml::Xml;
use super::{BLANK_FOOTER_ID, FOOTER_EVEN_ID, FOOTER_ODD_ID, R_NS, W_NS};
use crate::document::{Block, Document, Inline};
use crate::styles::{mm_to_twips, Styles};

/// Distance of the (unused) header from the top edge. There is no header part, so this only
/// has to stay inside the top margin.
const HEADER_DISTANCE_MM: f64 = 15.0;

/// word/document.xml
pub(crate) fn document_xml(doc: &Document, styles: &Styles) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:document", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)]);
    x.open("w:body", &[]);

    if let Some(h) = &doc.red_header {
        super::red_header::write_red_header(&mut x, h, styles);
    }
    let lines = title_lines(&doc.title, styles);
    if !lines.is_empty() {
        paragraph_start(&mut x, Some(TITLE), &[]);
        x.open("w:r", &[]);
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                x.empty("w:br", &[]);
            }
            run_text(&mut x, line);
        }
        x.close("w:r").close("w:p");
    }
    for _ in 0..styles.title.blank_lines_after {
        empty_paragraph(&mut x);
    }

    if let Some(addressee) = doc
        .addressee
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        let text = format!("{}：", addressee.trim_end_matches([':', '：']));
        paragraph_start(&mut x, Some(ADDRESSEE), &[]);
        run(&mut x, None, &text);
        x.close("w:p");
    }

    // The signature never stands alone on a page: the last lines of the body, the 附件说明, the
    // blank lines left for the seal and the organ name all keep with what follows (GB/T 9704
    // 7.3.5.1).
    let keep_last = doc.signature.is_some();
    write_blocks(&mut x, &doc.blocks, styles, keep_last);
    attachment_list(&mut x, doc, styles, keep_last);

    if let Some(sig) = &doc.signature {
        super::signature::write_signature(&mut x, sig, styles);
    }
    // 附注: the line after the date, two characters in, in parentheses (7.3.6).
    if let Some(note) = doc.note.as_deref().filter(|n| !n.trim().is_empty()) {
        paragraph_start(&mut x, None, &[]);
        run(&mut x, None, &format!("（{}）", note.trim()));
        x.close("w:p");
    }
    for (i, a) in doc.attachments.iter().enumerate() {
        attachment(&mut x, a, attachment_number(doc, i), styles);
    }

    match &doc.end_block {
        Some(e) => {
            let body_footers = (FOOTER_ODD_ID, FOOTER_EVEN_ID);
            end_block::hairline_paragraph(&mut x, |x| section(x, styles, body_footers, None));
            end_block::write_end_block(&mut x, e, styles);
            end_block::hairline_paragraph(&mut x, |_| {});
            let blank = (BLANK_FOOTER_ID, BLANK_FOOTER_ID);
            section(&mut x, styles, blank, Some("evenPage"));
        }
        None => section(&mut x, styles, (FOOTER_ODD_ID, FOOTER_EVEN_ID), None),
    }
    x.close("w:body").close("w:document");
    x.into_bytes()
}

/// The body's blocks (or an attachment's); with `keep_last` the last keeps with what follows.
fn write_blocks(x: &mut Xml, blocks: &[Block], styles: &Styles, keep_last: bool) {
    let last = blocks.len().saturating_sub(1);
    for (i, block) in blocks.iter().enumerate() {
        let extras: &[Extra] = if i == last && keep_last {
            &[Extra::KeepNext]
        } else {
            &[]
        };
        match block {
            Block::Heading {
                level,
                number,
                text,
            } => {
                paragraph_start(x, Some(&heading_style(*level)), extras);
                run(x, None, &format!("{number}{text}"));
                x.close("w:p");
            }
            Block::Paragraph(inlines) => {
                paragraph_start(x, None, extras);
                inline_runs(x, inlines);
                x.close("w:p");
            }
            Block::Table(table) => super::table::write_table(x, table, styles),
        }
    }
}

/// What an attachment is called on its page and in the 附件说明: "1", "2", …; nothing when
/// there is only one (7.3.4).
fn attachment_number(doc: &Document, i: usize) -> String {
    if doc.attachments.len() > 1 {
        (i + 1).to_string()
    } else {
        String::new()
    }
}

/// 附件说明: one blank line under the body, two characters in: "附件：1.名称", later names
/// under the first (7.3.4), no closing punctuation.
fn attachment_list(x: &mut Xml, doc: &Document, styles: &Styles, keep: bool) {
    if doc.attachments.is_empty() {
        return;
    }
    let keep: &[Extra] = if keep { &[Extra::KeepNext] } else { &[] };
    paragraph_start(x, None, keep);
    x.close("w:p");
    let char_twips = styles.body_char_twips();
    let lead = styles.body.first_line_indent_chars as i64;
    // "附件：" is three characters: the names line up after it.
    let (left, hanging) = (lead + 3, 3);
    for (i, a) in doc.attachments.iter().enumerate() {
        let number = attachment_number(doc, i);
        let number = if number.is_empty() {
            number
        } else {
            format!("{number}.")
        };
        let title = a.title.trim_end_matches(['。', '.', '；', ';', '，', ',']);
        let (text, indent) = if i == 0 {
            (format!("附件：{number}{title}"), hanging)
        } else {
            (format!("{number}{title}"), 0)
        };
        let mut extras = vec![Extra::Indent {
            left: left * char_twips,
            left_chars: left * 100,
            hanging: indent * char_twips,
            hanging_chars: indent * 100,
        }];
        extras.extend(keep.iter().map(|_| Extra::KeepNext));
        paragraph_start(x, None, &extras);
        run(x, None, &text);
        x.close("w:p");
    }
}

/// An attachment on pages of its own: "附件1" flush left on the first line in 黑体, its title
/// centred on the third, then its text in the body's format (7.3.4; page numbers continue).
fn attachment(x: &mut Xml, a: &crate::document::Attachment, number: String, styles: &Styles) {
    paragraph_start(x, Some(ATTACHMENT_MARK), &[Extra::PageBreakBefore]);
    run(x, None, &format!("附件{number}"));
    x.close("w:p");
    empty_paragraph(x);
    let lines = title_lines(&a.title, styles);
    if !lines.is_empty() {
        paragraph_start(x, Some(TITLE), &[]);
        x.open("w:r", &[]);
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                x.empty("w:br", &[]);
            }
            run_text(x, line);
        }
        x.close("w:r").close("w:p");
    }
    for _ in 0..styles.title.blank_lines_after {
        empty_paragraph(x);
    }
    write_blocks(x, &a.blocks, styles, false);
}

/// The runs of a body paragraph: a lead in its character style, facts in runs of their own,
/// neighbouring plain texts merged.
fn inline_runs(x: &mut Xml, inlines: &[Inline]) {
    let mut pending = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) => pending.push_str(t),
            Inline::Fact { text, .. } => {
                flush(x, &mut pending);
                run(x, None, text);
            }
            Inline::Lead {
                level,
                number,
                text,
            } => {
                flush(x, &mut pending);
                run(x, Some(&lead_style(*level)), &format!("{number}{text}"));
            }
        }
    }
    flush(x, &mut pending);
}

fn flush(x: &mut Xml, pending: &mut String) {
    if !pending.is_empty() {
        run(x, None, pending);
        pending.clear();
    }
}

/// A `w:sectPr`: footers (odd, even), how the section starts (`None`: on a new page), page
/// size, margins, line grid.
fn section(x: &mut Xml, styles: &Styles, footers: (&str, &str), start: Option<&str>) {
    let p = &styles.page;
    let top = mm_to_twips(p.margin_top_mm);
    let header = mm_to_twips(HEADER_DISTANCE_MM).min(top).max(0);
    x.open("w:sectPr", &[]);
    x.empty(
        "w:footerReference",
        &[("w:type", "default"), ("r:id", footers.0)],
    );
    x.empty(
        "w:footerReference",
        &[("w:type", "even"), ("r:id", footers.1)],
    );
    if let Some(kind) = start {
        x.empty("w:type", &[("w:val", kind)]);
    }
    x.empty(
        "w:pgSz",
        &[
            ("w:w", &mm_to_twips(p.width_mm).to_string()),
            ("w:h", &mm_to_twips(p.height_mm).to_string()),
        ],
    );
    x.empty(
        "w:pgMar",
        &[
            ("w:top", &top.to_string()),
            ("w:right", &mm_to_twips(p.margin_right_mm).to_string()),
            ("w:bottom", &mm_to_twips(p.margin_bottom_mm).to_string()),
            ("w:left", &mm_to_twips(p.margin_left_mm).to_string()),
            ("w:header", &header.to_string()),
            (
                "w:footer",
                &styles.footer_distance_twips().max(0).to_string(),
            ),
            ("w:gutter", "0"),
        ],
    );
    x.empty("w:pgNumType", &[("w:fmt", "decimal")]);
    x.empty(
        "w:docGrid",
        &[
            ("w:type", "lines"),
            ("w:linePitch", &styles.line_pitch_twips().to_string()),
        ],
    );
    x.close("w:sectPr");
}
