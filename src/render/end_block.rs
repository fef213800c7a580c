//! The end block (版记), GB/T 9704 7.4: 抄送 and 印发机关/印发日期 in 4号仿宋 between rules as
//! wide as the text block (heavy first and last, light between), the last rule on the bottom
//! edge of the last page's text block, and that page an even one (the back of the last sheet).
//!
//! The block is a section of its own starting on an even page (`w:type evenPage`): Word and
//! LibreOffice insert a blank page when the text ends on an even page, and print it blank. The
//! section's footers are empty, so neither that blank page nor the end block's page carries a
//! folio (7.5).

use super::paragraph::run;
use super::stylesheet::END_BLOCK;
use super::text::half_cells;
use super::xml::Xml;
use crate::document::EndBlock;
use crate::styles::{mm_to_twips, Styles};

/// A border weight in eighths of a point.
fn eighths(mm: f64) -> String {
    (((mm * 72.0 / 25.4) * 8.0).round() as i64)
        .clamp(2, 96)
        .to_string()
}

/// One line of the block: its text, the lines it takes, and the rules above and below it.
struct Row {
    text: RowText,
    lines: i64,
    top: String,
    bottom: String,
}

enum RowText {
    /// "抄送：…。", wrapped lines lined up after the colon.
    CopyTo(String),
    /// 印发机关 on the left, "…印发" on the right.
    Printer(String, String),
}

/// Lines of the 抄送 text: the first line holds what fits between the indents, each further
/// line three characters less (it lines up after "抄送：").
fn copy_lines(text: &str, chars_per_line: i64) -> i64 {
    let cells = half_cells(text) as i64;
    let first = 2 * chars_per_line;
    let next = (2 * (chars_per_line - 3)).max(2);
    if cells <= first {
        1
    } else {
        1 + (cells - first + next - 1) / next
    }
}

fn rows(e: &EndBlock, styles: &Styles) -> Vec<Row> {
    let s = &styles.end_block;
    let (heavy, light) = (eighths(s.heavy_rule_mm), eighths(s.light_rule_mm));
    let char_twips = (s.size_pt * 20.0).round() as i64;
    let width = mm_to_twips(styles.text_width_mm());
    let per_line = ((width - 2 * s.indent_chars as i64 * char_twips) / char_twips).max(4);
    let mut rows = Vec::new();
    if let Some(c) = &e.copy_to {
        let text = format!("抄送：{}。", c.trim_end_matches(['。', '.']));
        rows.push(Row {
            lines: copy_lines(&text, per_line),
            text: RowText::CopyTo(text),
            top: heavy.clone(),
            bottom: light.clone(),
        });
    }
    rows.push(Row {
        text: RowText::Printer(e.printer.clone(), format!("{}印发", e.date)),
        lines: 1,
        top: if rows.is_empty() {
            heavy.clone()
        } else {
            light
        },
        bottom: heavy,
    });
    rows
}

/// Room left under the last rule (twips): the rules' own weight, which some readers add to
/// the rows' heights, must not push the last row onto a new page.
const RULE_ALLOWANCE: i64 = 60;

/// Writes the block: an empty line as tall as the grid lines the block leaves free, then the
/// ruled table, each row as many grid lines tall as its text, so its last rule lies on the
/// text block's bottom edge (floating tables at the page bottom are not read alike by Word and
/// LibreOffice; this is).
pub(super) fn write_end_block(x: &mut Xml, e: &EndBlock, styles: &Styles) {
    let rows = rows(e, styles);
    let pitch = styles.line_pitch_twips();
    let taken: i64 = rows.iter().map(|r| r.lines).sum();
    let free = (styles.grid.lines_per_page as i64 - taken).max(0);
    let room = mm_to_twips(styles.text_height_mm());
    let spacer = room - taken * pitch - RULE_ALLOWANCE;
    if free > 0 {
        super::paragraph::spacer(x, spacer);
    }
    let width = mm_to_twips(styles.text_width_mm());
    let s = &styles.end_block;
    let indent = s.indent_chars as i64 * (s.size_pt * 20.0).round() as i64;
    super::table::borderless_table(x, width, &["top", "left", "bottom", "right"]);
    x.open("w:tblGrid", &[]);
    x.empty("w:gridCol", &[("w:w", &width.to_string())]);
    x.close("w:tblGrid");
    for row in &rows {
        x.open("w:tr", &[]).open("w:trPr", &[]);
        x.empty("w:cantSplit", &[]);
        x.empty(
            "w:trHeight",
            &[
                ("w:val", &(row.lines * pitch).to_string()),
                ("w:hRule", "exact"),
            ],
        );
        x.close("w:trPr");
        x.open("w:tc", &[]).open("w:tcPr", &[]);
        x.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
        x.open("w:tcBorders", &[]);
        for (side, sz) in [("top", &row.top), ("bottom", &row.bottom)] {
            x.empty(
                &format!("w:{side}"),
                &[
                    ("w:val", "single"),
                    ("w:sz", sz),
                    ("w:space", "0"),
                    ("w:color", "000000"),
                ],
            );
        }
        x.close("w:tcBorders");
        x.empty("w:vAlign", &[("w:val", "center")]);
        x.close("w:tcPr");
        x.open("w:p", &[]).open("w:pPr", &[]);
        x.empty("w:pStyle", &[("w:val", END_BLOCK)]);
        match &row.text {
            RowText::CopyTo(text) => {
                let hang = 3 * (s.size_pt * 20.0).round() as i64;
                x.empty(
                    "w:ind",
                    &[
                        ("w:left", &(indent + hang).to_string()),
                        ("w:right", &indent.to_string()),
                        ("w:hanging", &hang.to_string()),
                    ],
                );
                x.close("w:pPr");
                run(x, None, text);
            }
            RowText::Printer(printer, date) => {
                x.open("w:tabs", &[]);
                x.empty(
                    "w:tab",
                    &[("w:val", "right"), ("w:pos", &(width - indent).to_string())],
                );
                x.close("w:tabs");
                x.empty(
                    "w:ind",
                    &[("w:left", &indent.to_string()), ("w:firstLine", "0")],
                );
                x.close("w:pPr");
                run(x, None, printer);
                x.open("w:r", &[]).empty("w:tab", &[]).close("w:r");
                run(x, None, date);
            }
        }
        x.close("w:p").close("w:tc").close("w:tr");
    }
    x.close("w:tbl");
}

/// A paragraph that holds nothing and takes (almost) no room: it carries a section's
/// properties, or ends the document after a table, without pushing onto a new page.
pub(super) fn hairline_paragraph(x: &mut Xml, section: impl FnOnce(&mut Xml)) {
    x.open("w:p", &[]).open("w:pPr", &[]);
    x.empty("w:snapToGrid", &[("w:val", "0")]);
    super::stylesheet::write_exact_spacing(x, 2);
    x.open("w:rPr", &[])
        .empty("w:sz", &[("w:val", "2")])
        .empty("w:szCs", &[("w:val", "2")])
        .close("w:rPr");
    section(x);
    x.close("w:pPr").close("w:p");
}
