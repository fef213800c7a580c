//! A cross table's data rows -> records, and its 合计 rows and columns -> declared totals.

use super::super::cell::{parse_count, parse_date, parse_number, Cell, Date};
use super::super::grid::Grid;
use super::super::sheet::{is_footer, is_skipped, SheetResult};
use super::super::vocab::LedgerKind;
use super::super::{DeclaredTotal, Origin, Record};
use super::layout::dimension_for;
use super::{is_repeated_header, is_total_label, Group, Layout, Source};

use crate::diag::{column_letter, Finding};
use crate::text::squash;
use std::collections::BTreeMap;

impl Layout {
    /// Reads the data rows into records (and findings on their cells) and collects the totals
    /// written in them.
    pub(super) fn read_rows(&self, source: &Source, out: &mut SheetResult) -> Totals {
        let grid = source.grid;
        let mut row_dim = self.row_dim;
        let mut totals = Totals::new();
        for &r in &self.data_rows {
            let origin = Origin {
                file: source.file.to_string(),
                sheet: source.sheet.to_string(),
                row: r + 1,
                column: None,
            };
            let label_cell = grid.get(r, self.label_col);
            let label = squash(&label_cell.as_text());
            if is_footer(grid, r) || is_skipped(grid, r) {
                continue;
            }
            if is_total_label(&label) || grid.row(r).any(|(_, c)| is_total_label(&c.as_text())) {
                totals.add_total_row(grid, r, &origin, &self.groups);
                continue;
            }
            if !label.is_empty() && is_repeated_header(grid, r, &self.value_cols) {
                row_dim =
                    (!self.row_is_time).then(|| dimension_for(source.vocab, self.kind, &label));
                totals.blocks.push(out.records.len());
                continue;
            }
            if label.is_empty() && self.value_cols.iter().all(|c| grid.get(r, *c).is_empty()) {
                continue;
            }
            let date = if self.row_is_time {
                parse_date(label_cell, source.year, grid.is_1904)
            } else {
                None
            };
            if let Some(d) = date.filter(|d| d.year == source.year) {
                out.months.push(d.month);
            }
            // The first 合计 column totals the row's counts (a statistics sheet's 合计 group has
            // its 总数 first).
            if let Some(&c) = self.total_cols.first() {
                if let Some(n) = parse_number(grid.get(r, c)) {
                    totals.add_row_total(&origin, c, &label, n);
                }
            }
            let row = DataRow {
                row: r,
                origin,
                label,
                date,
                dim: row_dim,
            };
            self.read_row(source, &row, out);
        }
        totals
    }

    /// The records of one data row: one for each group with a count other than zero.
    fn read_row(&self, source: &Source, row: &DataRow, out: &mut SheetResult) {
        let (grid, place) = (source.grid, (source.file, source.sheet));
        for g in &self.groups {
            let Some(count) = count_at(grid, (row.row, g.count), &g.label, place, out) else {
                continue;
            };
            if count == 0.0 {
                continue;
            }
            let resolved = match (
                g.resolved
                    .and_then(|c| count_at(grid, (row.row, c), &g.label, place, out)),
                g.unresolved
                    .and_then(|c| count_at(grid, (row.row, c), &g.label, place, out)),
            ) {
                (Some(done), _) => Some(done),
                (None, Some(open)) => Some(count - open),
                _ => None,
            };
            let record = self.record(source, row, g, count, resolved);
            out.records.push(record);
        }
    }

    /// The record of one group in one data row.
    fn record(
        &self,
        source: &Source,
        row: &DataRow,
        g: &Group,
        count: f64,
        resolved: Option<f64>,
    ) -> Record {
        let vocab = source.vocab;
        let mut dims = BTreeMap::new();
        if !self.column_dim.is_empty() {
            dims.insert(self.column_dim, vocab.canonical(self.column_dim, &g.label));
        }
        if let Some(d) = row.dim.filter(|_| !row.label.is_empty()) {
            dims.insert(d, vocab.canonical(d, &row.label));
        }
        let mut fields = BTreeMap::new();
        fields.insert("栏目", g.label.clone());
        fields.insert("数量", super::super::cell::format_number(count));
        let rate = g
            .rate
            .and_then(|c| parse_number(source.grid.get(row.row, c)));
        if let Some(rate) = rate {
            fields.insert("化解率", super::super::cell::format_number(rate));
        }
        let date = if self.columns_are_time {
            super::super::cell::parse_date_text(&g.label, source.year)
        } else {
            row.date
        };
        Record {
            ledger: self.kind,
            origin: Origin {
                column: Some(column_letter(g.count)),
                ..row.origin.clone()
            },
            date,
            end_date: None,
            dims,
            count,
            resolved: if self.kind == LedgerKind::Mediation {
                resolved
            } else {
                None
            },
            attendance: None,
            fields,
            missing: Vec::new(),
        }
    }
}

/// A data row being read: its place, its label and what the label gives (a date, a dimension).
struct DataRow {
    row: u32,
    origin: Origin,
    label: String,
    date: Option<Date>,
    /// The dimension of the block the row is in.
    dim: Option<&'static str>,
}

/// The count in a cell of a data row. A cell that is meant as a number but is not a finite whole
/// one (NaN, 0.5, "2.5件") is an error naming it; a word with no digits in it is not a count and
/// is passed over, as before.
fn count_at(
    grid: &Grid,
    (r, c): (u32, u32),
    label: &str,
    place: (&str, &str),
    out: &mut SheetResult,
) -> Option<f64> {
    let cell = grid.get(r, c);
    match parse_count(cell) {
        Ok(n) => n,
        Err(why) => {
            let text = cell.as_text().to_lowercase();
            let meant_as_number = matches!(cell, Cell::Number(_) | Cell::NoCachedValue)
                || text.chars().any(|ch| ch.is_ascii_digit())
                || ["nan", "inf", "-inf", "infinity"].contains(&text.trim());
            if meant_as_number {
                out.findings.push(
                    Finding::error(place.0, format!("“{label}”一栏{why}"))
                        .sheet(place.1)
                        .row(r + 1)
                        .column(column_letter(c))
                        .hint("请填写整数，例如 12；公式请在 Excel 中保存一次让它算出结果"),
                );
            }
            None
        }
    }
}

/// A number written in a 合计 row or column, before it is compared with the records.
struct Total {
    origin: Origin,
    column: u32,
    /// The category (a 合计 row) or the row label (a 合计 column) it totals.
    label: String,
    declared: f64,
    /// 件数 or 化解数.
    measure: &'static str,
    /// The block it was found in: a total row totals that block only.
    block: usize,
}

impl Total {
    /// The total as declared, with the figure the records give for it.
    fn into_declared(self, kind: LedgerKind, counted: f64) -> DeclaredTotal {
        let label = self.label;
        DeclaredTotal {
            ledger: kind,
            origin: self.origin,
            column: Some(column_letter(self.column)),
            label: format!("{label}的合计"),
            measure: self.measure.to_string(),
            declared: self.declared,
            counted,
        }
    }
}

/// The totals written in a cross table's data rows.
pub(super) struct Totals {
    /// Total rows: each totals one category down its block.
    column_totals: Vec<Total>,
    /// 合计 columns: each totals one row across.
    row_totals: Vec<Total>,
    /// A header repeated lower down for a second breakdown (by source, then by type) starts a
    /// block of its own: its rows have its dimension, its 合计 totals only them. The index of
    /// each block's first record.
    blocks: Vec<usize>,
}

impl Totals {
    /// No totals yet, and one block that starts at the first record.
    fn new() -> Totals {
        Totals {
            column_totals: Vec::new(),
            row_totals: Vec::new(),
            blocks: vec![0],
        }
    }

    /// A total row: the count and the resolved count it gives each group.
    fn add_total_row(&mut self, grid: &Grid, r: u32, origin: &Origin, groups: &[Group]) {
        let block = self.blocks.len() - 1;
        for g in groups {
            let measures = [(Some(g.count), "件数"), (g.resolved, "化解数")];
            for (col, measure) in measures {
                if let Some(n) = col.and_then(|c| parse_number(grid.get(r, c))) {
                    self.column_totals.push(Total {
                        origin: origin.clone(),
                        column: col.unwrap_or(0),
                        label: g.label.clone(),
                        declared: n,
                        measure,
                        block,
                    });
                }
            }
        }
    }

    /// A row's 合计 column.
    fn add_row_total(&mut self, origin: &Origin, column: u32, label: &str, declared: f64) {
        self.row_totals.push(Total {
            origin: origin.clone(),
            column,
            label: label.to_string(),
            declared,
            measure: "件数",
            block: self.blocks.len() - 1,
        });
    }

    /// Each total with what the records count for it. A total row totals one category down its
    /// block; a 合计 column totals one row across.
    pub(super) fn into_declared(self, kind: LedgerKind, records: &[Record]) -> Vec<DeclaredTotal> {
        let mut declared = Vec::new();
        for mut total in self.column_totals {
            let start = self.blocks[total.block];
            let end = self.blocks.get(total.block + 1).copied();
            let counted: f64 = records[start..end.unwrap_or(records.len())]
                .iter()
                .filter(|r| r.fields.get("栏目") == Some(&total.label))
                .map(|r| match total.measure {
                    "化解数" => r.resolved.unwrap_or(0.0),
                    _ => r.count,
                })
                .sum();
            if total.label.is_empty() {
                total.label = "各行".to_string();
            }
            declared.push(total.into_declared(kind, counted));
        }
        for total in self.row_totals {
            let counted: f64 = records
                .iter()
                .filter(|r| r.origin.row == total.origin.row)
                .map(|r| r.count)
                .sum();
            declared.push(total.into_declared(kind, counted));
        }
        declared
    }
}
