//! The red header (版头) of a formal document, GB/T 9704 7.2: the organ mark in red 小标宋 with
//! its top `top_mm` below the text block's top, two lines under it the 发文字号 (centred, or one
//! character in from the left with 签发人 one character in from the right), the red rule as
//! wide as the text block `rule_below_mm` under the number, and two blank lines before the title.

use super::paragraph::{empty_paragraph, run};
use super::stylesheet::{DOC_NUMBER, RED_MARK};
use super::text::half_cells;
use super::xml::Xml;
use crate::document::RedHeader;
use crate::styles::{half_points, mm_to_twips, Styles};

/// The narrowest a mark is squeezed to fit one line (character scale, percent).
const MIN_SCALE: i64 = 40;

pub(super) fn write_red_header(x: &mut Xml, h: &RedHeader, styles: &Styles) {
    let s = &styles.red_header;
    // The gap above the mark: an empty line exactly as tall, off the grid.
    super::paragraph::spacer(x, mm_to_twips(s.top_mm));
    if h.organs.len() > 1 && !h.suffix.is_empty() {
        joint_mark(x, h, styles);
    } else {
        for (i, organ) in h.organs.iter().enumerate() {
            let last = i + 1 == h.organs.len();
            let text = if last {
                format!("{organ}{}", h.suffix)
            } else {
                organ.clone()
            };
            mark_paragraph(
                x,
                &text,
                scale(&text, mm_to_twips(styles.text_width_mm()), styles),
            );
        }
    }
    // 7.2.5: the number two lines under the mark; the rule under the number, or under the
    // mark's two lines when there is no number.
    empty_paragraph(x);
    empty_paragraph(x);
    number_line(x, h, styles);
    empty_paragraph(x);
    empty_paragraph(x);
}

/// The character scale (percent, at most 100) that fits `text` of the mark's size in `room`.
fn scale(text: &str, room: i64, styles: &Styles) -> i64 {
    let natural = half_cells(text) as i64 * half_points(styles.red_header.size_pt) * 10 / 2;
    if natural <= room || natural == 0 {
        100
    } else {
        (room * 100 / natural).max(MIN_SCALE)
    }
}

/// One line of the mark, narrowed to `scale` percent.
fn mark_paragraph(x: &mut Xml, text: &str, scale: i64) {
    x.open("w:p", &[]).open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", RED_MARK)]);
    x.close("w:pPr");
    mark_run(x, text, scale);
    x.close("w:p");
}

fn mark_run(x: &mut Xml, text: &str, scale: i64) {
    x.open("w:r", &[]);
    if scale < 100 {
        x.open("w:rPr", &[])
            .empty("w:w", &[("w:val", &scale.to_string())])
            .close("w:rPr");
    }
    x.w_t(text);
    x.close("w:r");
}

/// Joint issuance with "文件": the organs one under another, spread to one width (distributed),
/// and "文件" beside them, centred across their lines (a table without borders).
fn joint_mark(x: &mut Xml, h: &RedHeader, styles: &Styles) {
    let size = half_points(styles.red_header.size_pt) * 10;
    let suffix_w = half_cells(&h.suffix) as i64 * size / 2;
    let gap = size / 2;
    let width = mm_to_twips(styles.text_width_mm());
    let longest = h.organs.iter().map(|o| half_cells(o)).max().unwrap_or(0) as i64 * size / 2;
    // The block is centred: names as wide as the longest (or the room), then the suffix.
    let names_w = longest.min(width - suffix_w - gap).max(size);
    let total = names_w + gap + suffix_w;
    let line = (size as f64 * 1.25).round() as i64;
    super::table::borderless_table(x, total, &["left", "right"]);
    x.open("w:tblGrid", &[]);
    for w in [names_w, gap + suffix_w] {
        x.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    x.close("w:tblGrid");
    for (i, organ) in h.organs.iter().enumerate() {
        x.open("w:tr", &[]).open("w:trPr", &[]);
        x.empty("w:cantSplit", &[]);
        x.empty(
            "w:trHeight",
            &[("w:val", &line.to_string()), ("w:hRule", "exact")],
        );
        x.close("w:trPr");
        cell_start(x, names_w, None);
        x.open("w:p", &[]).open("w:pPr", &[]);
        x.empty("w:pStyle", &[("w:val", RED_MARK)]);
        x.empty("w:jc", &[("w:val", "distribute")]);
        x.close("w:pPr");
        mark_run(x, organ, scale(organ, names_w, styles));
        x.close("w:p").close("w:tc");
        cell_start(x, gap + suffix_w, Some(i == 0));
        x.open("w:p", &[]).open("w:pPr", &[]);
        x.empty("w:pStyle", &[("w:val", RED_MARK)]);
        x.empty("w:jc", &[("w:val", "right")]);
        x.close("w:pPr");
        if i == 0 {
            mark_run(x, &h.suffix, 100);
        }
        x.close("w:p").close("w:tc");
        x.close("w:tr");
    }
    x.close("w:tbl");
}

/// A cell's properties: its width, and for the suffix column the vertical merge (`Some(true)`
/// starts it) centred across the rows.
fn cell_start(x: &mut Xml, width: i64, merge: Option<bool>) {
    x.open("w:tc", &[]).open("w:tcPr", &[]);
    x.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
    match merge {
        Some(true) => {
            x.empty("w:vMerge", &[("w:val", "restart")]);
        }
        Some(false) => {
            x.empty("w:vMerge", &[]);
        }
        None => {}
    }
    x.empty("w:vAlign", &[("w:val", "center")]);
    x.close("w:tcPr");
}

/// The 发文字号 line with the red rule under it (a bottom border as wide as the text block).
fn number_line(x: &mut Xml, h: &RedHeader, styles: &Styles) {
    let s = &styles.red_header;
    let c = styles.body_char_twips();
    let width = mm_to_twips(styles.text_width_mm());
    // The border's distance is counted from the bottom of the line, which lies about half the
    // line's leading under the characters.
    let leading_pt = (styles.line_pitch_twips() as f64 / 20.0 - styles.body.size_pt) / 2.0;
    let space = (s.rule_below_mm * 72.0 / 25.4 - leading_pt)
        .round()
        .clamp(0.0, 31.0) as i64;
    let sz = ((s.rule_pt * 8.0).round() as i64).clamp(2, 96);
    x.open("w:p", &[]).open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", DOC_NUMBER)]);
    x.open("w:pBdr", &[]);
    x.empty(
        "w:bottom",
        &[
            ("w:val", "single"),
            ("w:sz", &sz.to_string()),
            ("w:space", &space.to_string()),
            ("w:color", &s.color),
        ],
    );
    x.close("w:pBdr");
    let upward = !h.signers.is_empty();
    if upward {
        x.open("w:tabs", &[]);
        x.empty("w:tab", &[("w:val", "left"), ("w:pos", &c.to_string())]);
        x.empty(
            "w:tab",
            &[("w:val", "right"), ("w:pos", &(width - c).to_string())],
        );
        x.close("w:tabs");
        x.empty("w:jc", &[("w:val", "left")]);
    }
    x.close("w:pPr");
    let number = h.number.as_deref().unwrap_or_default();
    if upward {
        tab(x);
        run(x, None, number);
        tab(x);
        run(x, None, "签发人：");
        x.open("w:r", &[]).open("w:rPr", &[]);
        x.empty(
            "w:rFonts",
            &[("w:eastAsia", &s.signer_font), ("w:hint", "eastAsia")],
        );
        x.close("w:rPr");
        x.w_t(&h.signers.join("　"));
        x.close("w:r");
    } else {
        run(x, None, number);
    }
    x.close("w:p");
}

fn tab(x: &mut Xml) {
    x.open("w:r", &[]).empty("w:tab", &[]).close("w:r");
}
