//! Cross tables: sheets whose categories run across the columns instead of down one column.
//!
//! - a grid: months (or villages, channels) down, categories across, often with a 合计 column
//!   and a 合计 row: every number becomes a record counting that many items;
//! - a statistics sheet: one row per village (or month), a group of columns per dispute type
//!   with 总数 / 化解数 / 未化解数 under it: every group becomes a record with its count and
//!   resolved count.
//!
//! The ledger kind is not in such a header, so it comes from the words around the table: the
//! title rows, the sheet name, the file name (公开 / 调解, 纠纷 / 会议, 学法).

use super::cell::{parse_number, Cell};
use super::grid::Grid;
use super::sheet::{split_count, SheetResult};
use super::vocab::{LedgerKind, Vocabulary};
use crate::text::squash;

mod layout;
mod measures;
mod rows;
mod totals;

pub use measures::is_time_label;
use measures::{is_rate, sub_role};

/// How many rows from the top are searched for the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// The kind a sheet's surrounding words point to.
pub fn kind_from_words(words: &str) -> Option<LedgerKind> {
    let w = squash(words);
    if w.contains("公开") {
        Some(LedgerKind::Disclosure)
    } else if ["调解", "纠纷", "矛盾", "调处", "化解"]
        .iter()
        .any(|k| w.contains(k))
    {
        Some(LedgerKind::Mediation)
    } else if ["会议", "学法", "学习", "培训"]
        .iter()
        .any(|k| w.contains(k))
    {
        Some(LedgerKind::Meeting)
    } else {
        None
    }
}

/// One column group of a cross table.
#[derive(Debug)]
struct Group {
    /// The category this group counts ("婚姻家庭纠纷", "财政预决算").
    label: String,
    /// The column of all its cases (总数, 受理); without one, the cases are 化解 + 未化解.
    count: Option<u32>,
    resolved: Option<u32>,
    unresolved: Option<u32>,
    /// A rate column of the group (化解率), compared with the rate of its rows, never counted.
    rate: Option<u32>,
}

impl Group {
    /// The group with this label, added (with no columns yet) when there is none.
    fn named<'g>(groups: &'g mut Vec<Group>, label: &str) -> &'g mut Group {
        let i = match groups.iter().position(|g| g.label == label) {
            Some(i) => i,
            None => {
                groups.push(Group {
                    label: label.to_string(),
                    count: None,
                    resolved: None,
                    unresolved: None,
                    rate: None,
                });
                groups.len() - 1
            }
        };
        &mut groups[i]
    }

    /// Column `c` in its role (总数, 化解, 未化解), unless the group has a column in it already.
    fn take_column(&mut self, role: &str, c: u32) {
        match role {
            "化解" if self.resolved.is_none() => self.resolved = Some(c),
            "未化解" if self.unresolved.is_none() => self.unresolved = Some(c),
            "总数" if self.count.is_none() => self.count = Some(c),
            _ => {}
        }
    }

    /// Whether the group's cases can be counted: it has their total, or both its resolved and
    /// its unresolved ones.
    fn is_countable(&self) -> bool {
        self.count.is_some() || (self.resolved.is_some() && self.unresolved.is_some())
    }

    /// The group's first column: where its record is said to come from.
    fn first_col(&self) -> u32 {
        [self.count, self.resolved, self.unresolved]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(0)
    }
}

/// A data row that repeats the header's kind of labels (受理数 | 化解数 | 化解率) under a new row
/// heading (纠纷类型): the header of a second block.
fn is_repeated_header(grid: &Grid, r: u32, value_cols: &[u32]) -> bool {
    let cells: Vec<&Cell> = value_cols
        .iter()
        .map(|c| grid.get(r, *c))
        .filter(|c| !c.is_empty())
        .collect();
    !cells.is_empty()
        && cells
            .iter()
            .all(|c| matches!(c, Cell::Text(_)) && !is_numeric(c))
        && cells.iter().any(|c| {
            let t = c.as_text();
            sub_role(&t).is_some() || is_rate(&t)
        })
}

fn is_numeric(cell: &Cell) -> bool {
    !cell.is_empty() && parse_number(cell).is_some()
}

/// Reads a sheet as a cross table. `words` are the file and sheet names; the title rows above
/// the header are added to them. `None` when the sheet is not one.
pub fn read(
    vocab: &Vocabulary,
    grid: &Grid,
    file: &str,
    sheet: &str,
    words: &str,
    year: i32,
) -> Option<(LedgerKind, SheetResult)> {
    let layout = Layout::find(vocab, grid, words, year)?;
    Some(read_layout(vocab, grid, (file, sheet), year, layout))
}

/// Reads a sheet as a statistics sheet: a grouped cross table with two categories or more, each
/// with its measures (受理 | 调解成功, 化解数 | 未化解数) under it. A count table's header can be
/// found in such a sheet's row of measures; the categories above them are what it counts.
pub fn read_statistics(
    vocab: &Vocabulary,
    grid: &Grid,
    (file, sheet): (&str, &str),
    words: &str,
    year: i32,
) -> Option<(LedgerKind, SheetResult)> {
    let layout = Layout::find(vocab, grid, words, year)
        .filter(|l| l.grouped && l.groups.len() + l.incomplete.len() >= 2)?;
    Some(read_layout(vocab, grid, (file, sheet), year, layout))
}

fn read_layout(
    vocab: &Vocabulary,
    grid: &Grid,
    (file, sheet): (&str, &str),
    year: i32,
    layout: Layout,
) -> (LedgerKind, SheetResult) {
    let mut out = SheetResult {
        time_rows: layout.row_is_time,
        period: super::cell::parse_period(&layout.context),
        layout: layout.describe(),
        ..SheetResult::default()
    };
    let source = Source {
        vocab,
        grid,
        file,
        sheet,
        year,
    };
    for g in &layout.incomplete {
        out.findings
            .push(totals::incomplete_group(&source, layout.last, g));
    }
    let mut totals = layout.read_rows(&source, &mut out);
    totals.add_header_counts(&source, &layout.header_counts);
    let declared = totals.into_declared(layout.kind, &out.records);
    out.declared.extend(declared);
    (layout.kind, out)
}

/// A column that totals each row, in one role (总数, 化解, 未化解).
#[derive(Debug)]
struct TotalColumn {
    col: u32,
    role: &'static str,
    /// Its heading ("合计", "本月未化解纠纷数").
    label: String,
}

/// A count written in a category's heading: compared with the group's rows.
#[derive(Debug)]
struct HeaderCount {
    row: u32,
    col: u32,
    label: String,
    declared: f64,
}

/// Where a sheet comes from, and what its cells are read with.
struct Source<'a> {
    vocab: &'a Vocabulary,
    grid: &'a Grid,
    file: &'a str,
    sheet: &'a str,
    year: i32,
}

/// The two rows of a header read as category ("parent") over role ("child"), whichever of them
/// holds which; the same row twice for a one-row header.
#[derive(Clone, Copy)]
struct HeaderRows {
    /// The row holding the categories.
    top: u32,
    /// The row holding the roles.
    bottom: u32,
}

impl HeaderRows {
    fn parent(self, grid: &Grid, c: u32) -> String {
        header_text(grid, self.top, c)
    }

    fn child(self, grid: &Grid, c: u32) -> String {
        header_text(grid, self.bottom, c)
    }

    /// The label that names a column: the child, or the parent where there is no child.
    fn heading(self, grid: &Grid, c: u32) -> String {
        let child = self.child(grid, c);
        if child.is_empty() {
            self.parent(grid, c)
        } else {
            child
        }
    }
}

/// A header cell's label, without a count written into it ("婚姻纠纷（12件）").
fn header_text(grid: &Grid, r: u32, c: u32) -> String {
    split_count(&squash(&grid.get(r, c).as_text())).0
}

/// What was found about a cross table: its header, its label and value columns, the groups the
/// values fall into, and what its rows and columns stand for.
struct Layout {
    kind: LedgerKind,
    /// The file and sheet names and the title rows above the header.
    context: String,
    /// The first and the last row of the header.
    first: u32,
    last: u32,
    /// The rows below the header.
    data_rows: Vec<u32>,
    /// The row label column.
    label_col: u32,
    /// The columns right of the label column that hold mostly numbers.
    value_cols: Vec<u32>,
    groups: Vec<Group>,
    /// Groups whose cases cannot be counted (a 化解数 and nothing else): named, not counted.
    incomplete: Vec<Group>,
    /// 合计 columns and columns of a measure alone (本月矛盾纠纷总数): compared, never counted.
    total_cols: Vec<TotalColumn>,
    /// Counts written into the category headings ("婚姻家庭纠纷（共计：15件）").
    header_counts: Vec<HeaderCount>,
    /// A statistics sheet: roles (总数/化解数/未化解数) under each category, or the other way
    /// round.
    grouped: bool,
    row_is_time: bool,
    /// What a row label names, until a repeated header names another; `None` for time.
    row_dim: Option<&'static str>,
    columns_are_time: bool,
    /// What a column names; empty for time and for measures across.
    column_dim: &'static str,
}
