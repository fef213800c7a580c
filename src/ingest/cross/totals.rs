//! The totals a cross table writes besides its counts — 合计 rows (above or below the data),
//! 合计 columns and columns of a measure alone (本月矛盾纠纷总数, 本月未化解纠纷数), counts in
//! the category headings ("婚姻家庭纠纷（共计：15件）") — each compared, measure by measure,
//! with what the records give for it; and the finding for a group that cannot be counted.

use super::super::cell::parse_number;
use super::super::grid::Grid;
use super::super::vocab::LedgerKind;
use super::super::{DeclaredTotal, Origin, Record};
use super::measures::role_name;
use super::{Group, HeaderCount, Source, TotalColumn};

use crate::diag::{column_letter, Finding};

/// A number written in a 合计 row or column, before it is compared with the records.
struct Total {
    origin: Origin,
    column: u32,
    /// The category (a 合计 row) or the row label (a 合计 column) it totals.
    label: String,
    declared: f64,
    /// 件数, 化解数 or 未化解数.
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

/// What a record gives for a measure: its cases, its resolved ones, or the others.
fn measure_of(r: &Record, measure: &str) -> f64 {
    match measure {
        "化解数" => r.resolved.unwrap_or(0.0),
        "未化解数" => r.count - r.resolved.unwrap_or(0.0),
        _ => r.count,
    }
}

/// The measure a role is compared as.
fn measure_for(role: &str) -> &'static str {
    match role {
        "化解" | "未化解" => role_name(role),
        _ => "件数",
    }
}

/// The first total column of each role; the roles of resolution only where the groups say what
/// was resolved (else a 未化解 column could not be compared).
fn total_columns<'t>(total_cols: &'t [TotalColumn], groups: &[Group]) -> Vec<&'t TotalColumn> {
    let resolution = groups
        .iter()
        .any(|g| g.resolved.is_some() || g.unresolved.is_some());
    let mut first: Vec<&TotalColumn> = Vec::new();
    for t in total_cols {
        if (t.role == "总数" || resolution) && !first.iter().any(|f| f.role == t.role) {
            first.push(t);
        }
    }
    first
}

/// The totals written in a cross table's data rows and headings.
pub(super) struct Totals {
    /// Total rows: each totals one category down its block.
    column_totals: Vec<Total>,
    /// Total rows' cells under a total column: each totals its block.
    block_totals: Vec<Total>,
    /// 合计 columns: each totals one row across.
    row_totals: Vec<Total>,
    /// Counts in the headings: each totals one category down the whole sheet.
    header_totals: Vec<Total>,
    /// A header repeated lower down for a second breakdown (by source, then by type) starts a
    /// block of its own: its rows have its dimension, its 合计 totals only them. The index of
    /// each block's first record.
    pub(super) blocks: Vec<usize>,
}

impl Totals {
    /// No totals yet, and one block that starts at the first record.
    pub(super) fn new() -> Totals {
        Totals {
            column_totals: Vec::new(),
            block_totals: Vec::new(),
            row_totals: Vec::new(),
            header_totals: Vec::new(),
            blocks: vec![0],
        }
    }

    /// A total row: what it gives each group (cases, resolved, unresolved) and, under the
    /// total columns, the whole block.
    pub(super) fn add_total_row(
        &mut self,
        grid: &Grid,
        r: u32,
        origin: &Origin,
        (groups, total_cols): (&[Group], &[TotalColumn]),
    ) {
        let block = self.blocks.len() - 1;
        for g in groups {
            let measures = [
                (g.count, "件数"),
                (g.resolved, "化解数"),
                (g.unresolved, "未化解数"),
            ];
            for (col, measure) in measures {
                let Some(col) = col else { continue };
                if let Some(n) = parse_number(grid.get(r, col)) {
                    self.column_totals.push(Total {
                        origin: origin.clone(),
                        column: col,
                        label: g.label.clone(),
                        declared: n,
                        measure,
                        block,
                    });
                }
            }
        }
        for t in total_columns(total_cols, groups) {
            if let Some(n) = parse_number(grid.get(r, t.col)) {
                self.block_totals.push(Total {
                    origin: origin.clone(),
                    column: t.col,
                    label: "各类".to_string(),
                    declared: n,
                    measure: measure_for(t.role),
                    block,
                });
            }
        }
    }

    /// A data row's total columns.
    pub(super) fn add_row_totals(
        &mut self,
        grid: &Grid,
        (origin, label): (&Origin, &str),
        (groups, total_cols): (&[Group], &[TotalColumn]),
    ) {
        for t in total_columns(total_cols, groups) {
            if let Some(n) = parse_number(grid.get(origin.row - 1, t.col)) {
                self.row_totals.push(Total {
                    origin: origin.clone(),
                    column: t.col,
                    label: label.to_string(),
                    declared: n,
                    measure: measure_for(t.role),
                    block: self.blocks.len() - 1,
                });
            }
        }
    }

    /// The counts written in the category headings.
    pub(super) fn add_header_counts(&mut self, source: &Source, counts: &[HeaderCount]) {
        for h in counts {
            self.header_totals.push(Total {
                origin: Origin {
                    file: crate::ingest::text(source.file),
                    sheet: crate::ingest::text(source.sheet),
                    row: h.row + 1,
                    column: None,
                },
                column: h.col,
                label: h.label.clone(),
                declared: h.declared,
                measure: "件数",
                block: 0,
            });
        }
    }

    /// Each total with what the records count for it. A total row totals one category (or, under
    /// a total column, every category) down its block; a 合计 column totals one row across; a
    /// heading's count its category down the sheet.
    pub(super) fn into_declared(self, kind: LedgerKind, records: &[Record]) -> Vec<DeclaredTotal> {
        let blocks = &self.blocks;
        let block_of = |t: &Total| {
            let start = blocks[t.block];
            let end = blocks.get(t.block + 1).copied().unwrap_or(records.len());
            &records[start..end]
        };
        let category =
            |r: &&Record, label: &str| r.fields.get("栏目").map(|t| t.as_str()) == Some(label);
        let mut declared = Vec::new();
        for mut total in self.column_totals {
            let counted: f64 = block_of(&total)
                .iter()
                .filter(|r| category(r, &total.label))
                .map(|r| measure_of(r, total.measure))
                .sum();
            if total.label.is_empty() {
                total.label = "各行".to_string();
            }
            declared.push(total.into_declared(kind, counted));
        }
        for total in self.block_totals {
            let counted: f64 = block_of(&total)
                .iter()
                .map(|r| measure_of(r, total.measure))
                .sum();
            declared.push(total.into_declared(kind, counted));
        }
        for total in self.row_totals {
            let counted: f64 = records
                .iter()
                .filter(|r| r.origin.row == total.origin.row)
                .map(|r| measure_of(r, total.measure))
                .sum();
            declared.push(total.into_declared(kind, counted));
        }
        for total in self.header_totals {
            let counted: f64 = records
                .iter()
                .filter(|r| category(r, &total.label))
                .map(|r| r.count)
                .sum();
            declared.push(total.into_declared(kind, counted));
        }
        declared
    }
}

/// A group whose cases cannot be counted (it has a 化解数 and no 总数 or 未化解数, or only a
/// 未化解数): an error naming its heading, rather than a 受理 read from the wrong measure.
pub(super) fn incomplete_group(source: &Source, header_row: u32, g: &Group) -> Finding {
    let (has, lacks) = if g.resolved.is_some() {
        ("化解数", "未化解数")
    } else {
        ("未化解数", "化解数")
    };
    let col = column_letter(g.first_col());
    Finding::error(
        source.file,
        format!(
            "“{}”一栏（{col} 列）只有{has}，没有受理数（总数）或{lacks}，得不出受理件数，这一类的数字未计入",
            g.label
        ),
    )
    .sheet(source.sheet)
    .row(header_row + 1)
    .column(col)
    .hint(format!(
        "请在“{}”下补上受理数（总数）或{lacks}一栏，再放回 inputs 文件夹",
        g.label
    ))
}
