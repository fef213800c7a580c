//! A cross table's data rows -> records (a group's cases from its 总数, or 化解 + 未化解), with
//! its 合计 rows and columns collected for [`Totals`].

use super::super::cell::{parse_count, parse_date, parse_number, Cell, Date};
use super::super::grid::Grid;
use super::super::sheet::{is_footer_or_skipped, SheetResult};
use super::super::vocab::LedgerKind;
use super::super::{Origin, Record};
use super::layout::dimension_for;
use super::measures::is_total_label;
use super::totals::Totals;
use super::{is_repeated_header, Group, Layout, Source};

use crate::diag::{column_letter, Finding};
use crate::text::squash;

impl Layout {
    /// Reads the data rows into records (and findings on their cells) and collects the totals
    /// written in them.
    pub(super) fn read_rows(&self, source: &Source, out: &mut SheetResult) -> Totals {
        let grid = source.grid;
        let mut row_dim = self.row_dim;
        let mut totals = Totals::new();
        for &r in &self.data_rows {
            let origin = Origin {
                file: crate::ingest::text(source.file),
                sheet: crate::ingest::text(source.sheet),
                row: r + 1,
                column: None,
            };
            let label_cell = grid.get(r, self.label_col);
            let label = squash(&label_cell.as_text());
            if is_footer_or_skipped(grid, r) {
                continue;
            }
            if is_total_label(&label) || grid.row(r).any(|(_, c)| is_total_label(&c.as_text())) {
                totals.add_total_row(grid, r, &origin, (&self.groups, &self.total_cols));
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
            // The total columns total the row: the first of each role (总数, 化解, 未化解).
            totals.add_row_totals(grid, (&origin, &label), (&self.groups, &self.total_cols));
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
        let at = |c: Option<u32>, label: &str, out: &mut SheetResult| {
            c.and_then(|c| count_at(grid, (row.row, c), label, place, out))
        };
        for g in &self.groups {
            let done = at(g.resolved, &g.label, out);
            let open = at(g.unresolved, &g.label, out);
            // The group's cases: its 总数, else what was resolved and what was not.
            let count = match g.count {
                Some(_) => at(g.count, &g.label, out),
                None if done.is_none() && open.is_none() => None,
                None => Some(done.unwrap_or(0.0) + open.unwrap_or(0.0)),
            };
            let Some(count) = count.filter(|n| *n != 0.0) else {
                continue;
            };
            if let (Some(c), Some(d), Some(o)) = (g.count, done, open) {
                if d + o != count {
                    out.findings
                        .push(parts_disagree(source, row, (g, c), (count, d, o)));
                }
            }
            let resolved = match (done, open) {
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
        let mut dims = crate::ingest::TextMap::new();
        if !self.column_dim.is_empty() {
            dims.insert(self.column_dim, vocab.canonical(self.column_dim, &g.label));
        }
        if let Some(d) = row.dim.filter(|_| !row.label.is_empty()) {
            dims.insert(d, vocab.canonical(d, &row.label));
        }
        let mut fields = crate::ingest::TextMap::new();
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
                column: Some(crate::ingest::text(&column_letter(g.first_col()))),
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
            missing: Default::default(),
            case: Default::default(),
            loose: Default::default(),
        }
    }
}

/// A group's 总数 that is not its 化解 + 未化解 in one row: an error naming the cell (the 总数 is
/// counted, the 化解数 taken as written).
fn parts_disagree(
    source: &Source,
    row: &DataRow,
    (g, c): (&Group, u32),
    (count, done, open): (f64, f64, f64),
) -> Finding {
    let n = super::super::cell::format_number;
    Finding::error(
        source.file,
        format!(
            "{}“{}”一栏总数是 {}，但化解数 {} 加未化解数 {} 是 {}",
            if row.label.is_empty() {
                String::new()
            } else {
                format!("{}的", row.label)
            },
            g.label,
            n(count),
            n(done),
            n(open),
            n(done + open)
        ),
    )
    .sheet(source.sheet)
    .row(row.row + 1)
    .column(column_letter(c))
    .hint("请核对这一行的总数、化解数和未化解数，改正写错的一方")
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
