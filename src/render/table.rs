//! A table of figures as `w:tbl`: centred across the text block, ruled as `[table]` in the
//! styles says, its header row repeated on every page, no row split across two pages.

use super::stylesheet::{TABLE_CAPTION, TABLE_HEADER, TABLE_TEXT};
use super::xml::Xml;
use crate::document::{Inline, Table};
use crate::styles::{mm_to_twips, Styles};

/// Room beside a cell's text (twips, each side).
const CELL_MARGIN: i64 = 85;

/// Writes the caption (if any) and the table.
pub(super) fn write_table(x: &mut Xml, table: &Table, styles: &Styles) {
    if let Some(caption) = &table.caption {
        x.open("w:p", &[])
            .open("w:pPr", &[])
            .empty("w:pStyle", &[("w:val", TABLE_CAPTION)])
            .empty("w:keepNext", &[])
            .close("w:pPr");
        super::paragraph::run_plain(x, caption);
        x.close("w:p");
    }
    let widths = column_widths(table, styles);
    let total: i64 = widths.iter().sum();
    x.open("w:tbl", &[]);
    x.open("w:tblPr", &[]);
    x.empty("w:tblW", &[("w:w", &total.to_string()), ("w:type", "dxa")]);
    x.empty("w:jc", &[("w:val", "center")]);
    let size = ((styles.table.border_pt * 8.0).round() as i64)
        .clamp(2, 96)
        .to_string();
    x.open("w:tblBorders", &[]);
    for side in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        x.empty(
            side,
            &[
                ("w:val", "single"),
                ("w:sz", &size),
                ("w:space", "0"),
                ("w:color", "000000"),
            ],
        );
    }
    x.close("w:tblBorders");
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    let margin = CELL_MARGIN.to_string();
    x.open("w:tblCellMar", &[])
        .empty("w:left", &[("w:w", &margin), ("w:type", "dxa")])
        .empty("w:right", &[("w:w", &margin), ("w:type", "dxa")])
        .close("w:tblCellMar");
    x.empty(
        "w:tblLook",
        &[
            ("w:val", "0020"),
            ("w:firstRow", "1"),
            ("w:lastRow", "0"),
            ("w:firstColumn", "0"),
            ("w:lastColumn", "0"),
            ("w:noHBand", "1"),
            ("w:noVBand", "1"),
        ],
    );
    x.close("w:tblPr");
    x.open("w:tblGrid", &[]);
    for w in &widths {
        x.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    x.close("w:tblGrid");
    let header: Vec<String> = table.header.clone();
    write_row(x, &header, &widths, true);
    for row in &table.rows {
        let texts: Vec<String> = row.iter().map(Inline::text).collect();
        write_row(x, &texts, &widths, false);
    }
    x.close("w:tbl");
}

fn write_row(x: &mut Xml, cells: &[String], widths: &[i64], header: bool) {
    x.open("w:tr", &[]);
    x.open("w:trPr", &[]);
    x.empty("w:cantSplit", &[]);
    if header {
        x.empty("w:tblHeader", &[]);
    }
    x.close("w:trPr");
    for (i, w) in widths.iter().enumerate() {
        x.open("w:tc", &[]);
        x.open("w:tcPr", &[])
            .empty("w:tcW", &[("w:w", &w.to_string()), ("w:type", "dxa")])
            .empty("w:vAlign", &[("w:val", "center")])
            .close("w:tcPr");
        let style = if header { TABLE_HEADER } else { TABLE_TEXT };
        x.open("w:p", &[])
            .open("w:pPr", &[])
            .empty("w:pStyle", &[("w:val", style)])
            .close("w:pPr");
        super::paragraph::run_plain(x, cells.get(i).map_or("", String::as_str));
        x.close("w:p");
        x.close("w:tc");
    }
    x.close("w:tr");
}

/// Column widths in twips, filling the text block: each column as wide as its widest text
/// needs, the room left shared out in the same proportions.
fn column_widths(table: &Table, styles: &Styles) -> Vec<i64> {
    let n = table.header.len().max(1);
    let char_twips = styles.table.size_pt * 20.0;
    let mut need = vec![2.0f64; n];
    let texts = std::iter::once(table.header.clone()).chain(
        table
            .rows
            .iter()
            .map(|r| r.iter().map(Inline::text).collect()),
    );
    for row in texts {
        for (i, t) in row.iter().enumerate().take(n) {
            need[i] = need[i].max(crate::text::cells(t));
        }
    }
    let natural: Vec<f64> = need
        .iter()
        .map(|c| (c + 1.0) * char_twips + 2.0 * CELL_MARGIN as f64)
        .collect();
    let text_width = mm_to_twips(styles.text_width_mm()) as f64;
    let sum: f64 = natural.iter().sum();
    let mut widths: Vec<i64> = natural
        .iter()
        .map(|w| (w / sum * text_width).floor() as i64)
        .collect();
    // Rounding leftovers go to the first column, so the table spans the block exactly.
    let used: i64 = widths.iter().sum();
    widths[0] += text_width as i64 - used;
    widths
}

/// Opens a table without borders, `width` twips wide and centred, whose cells have no margins
/// on `bare_sides` ("top", "left", …): the frame of the red header's mark and of the end block.
/// The caller writes `w:tblGrid` and the rows, then closes `w:tbl`.
pub(super) fn borderless_table(x: &mut Xml, width: i64, bare_sides: &[&str]) {
    x.open("w:tbl", &[]).open("w:tblPr", &[]);
    x.empty("w:tblW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
    x.empty("w:jc", &[("w:val", "center")]);
    x.open("w:tblBorders", &[]);
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        x.empty(&format!("w:{side}"), &[("w:val", "nil")]);
    }
    x.close("w:tblBorders");
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    x.open("w:tblCellMar", &[]);
    for side in bare_sides {
        x.empty(&format!("w:{side}"), &[("w:w", "0"), ("w:type", "dxa")]);
    }
    x.close("w:tblCellMar");
    x.empty("w:tblLook", &[("w:val", "0000")]);
    x.close("w:tblPr");
}
