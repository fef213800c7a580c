//! word/document.xml: title, addressee, blocks, signature and the section properties.

use super::stylesheet::{heading_style, lead_style, ADDRESSEE, SIGNATURE, TITLE};
use super::text::{signature_indents, title_lines};
use super::xml::Xml;
use super::{FOOTER_EVEN_ID, FOOTER_ODD_ID, R_NS, W_NS};
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

    // The signature never stands alone on a page: the last lines of the body, the blank lines
    // left for the seal and the organ name all keep with what follows (GB/T 9704 7.3.5.1).
    let last = doc.blocks.len().saturating_sub(1);
    for (i, block) in doc.blocks.iter().enumerate() {
        let extras: &[Extra] = if i == last && doc.signature.is_some() {
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
                paragraph_start(&mut x, Some(&heading_style(*level)), extras);
                run(&mut x, None, &format!("{number}{text}"));
                x.close("w:p");
            }
            Block::Paragraph(inlines) => {
                paragraph_start(&mut x, None, extras);
                inline_runs(&mut x, inlines);
                x.close("w:p");
            }
        }
    }

    if let Some(sig) = &doc.signature {
        for _ in 0..styles.signature.blank_lines_before {
            paragraph_start(&mut x, None, &[Extra::KeepNext]);
            x.close("w:p");
        }
        let (name_indent, date_indent) = signature_indents(&sig.organ, &sig.date, styles);
        // The organ name stays on the page of its date.
        paragraph_start(
            &mut x,
            Some(SIGNATURE),
            &[Extra::KeepNext, Extra::RightIndent(name_indent)],
        );
        run(&mut x, None, &sig.organ);
        x.close("w:p");
        paragraph_start(&mut x, Some(SIGNATURE), &[Extra::RightIndent(date_indent)]);
        run(&mut x, None, &sig.date);
        x.close("w:p");
    }

    section(&mut x, styles);
    x.close("w:body").close("w:document");
    x.into_bytes()
}

/// Direct paragraph properties beyond the style.
enum Extra {
    KeepNext,
    RightIndent(i64),
}

/// Opens `w:p` and writes `w:pPr` when there is a style or an extra.
fn paragraph_start(x: &mut Xml, style: Option<&str>, extras: &[Extra]) {
    x.open("w:p", &[]);
    if style.is_none() && extras.is_empty() {
        return;
    }
    x.open("w:pPr", &[]);
    if let Some(s) = style {
        x.empty("w:pStyle", &[("w:val", s)]);
    }
    // Schema order: keepNext before ind.
    if extras.iter().any(|e| matches!(e, Extra::KeepNext)) {
        x.empty("w:keepNext", &[]);
    }
    for e in extras {
        if let Extra::RightIndent(twips) = e {
            x.empty(
                "w:ind",
                &[
                    ("w:right", &twips.to_string()),
                    ("w:firstLineChars", "0"),
                    ("w:firstLine", "0"),
                ],
            );
        }
    }
    x.close("w:pPr");
}

fn empty_paragraph(x: &mut Xml) {
    x.empty("w:p", &[]);
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

/// One run, with a character style if given. Empty text writes nothing.
fn run(x: &mut Xml, char_style: Option<&str>, text: &str) {
    if text.is_empty() {
        return;
    }
    x.open("w:r", &[]);
    if let Some(s) = char_style {
        x.open("w:rPr", &[])
            .empty("w:rStyle", &[("w:val", s)])
            .close("w:rPr");
    }
    run_text(x, text);
    x.close("w:r");
}

/// The content of a run: text, with `\n` as a line break and `\t` as a tab.
fn run_text(x: &mut Xml, text: &str) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            x.empty("w:br", &[]);
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                x.empty("w:tab", &[]);
            }
            let piece = piece.trim_end_matches('\r');
            if piece.is_empty() {
                continue;
            }
            x.w_t(piece);
        }
    }
}

/// The final `w:sectPr`: footers, page size, margins, line grid.
fn section(x: &mut Xml, styles: &Styles) {
    let p = &styles.page;
    let top = mm_to_twips(p.margin_top_mm);
    let header = mm_to_twips(HEADER_DISTANCE_MM).min(top).max(0);
    x.open("w:sectPr", &[]);
    x.empty(
        "w:footerReference",
        &[("w:type", "default"), ("r:id", FOOTER_ODD_ID)],
    );
    x.empty(
        "w:footerReference",
        &[("w:type", "even"), ("r:id", FOOTER_EVEN_ID)],
    );
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
