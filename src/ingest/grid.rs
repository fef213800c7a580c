//! A sheet as a sparse grid of cells with positions, filled by every source format, so header
//! detection and merged-cell fill-down are written once, above the formats.

use super::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

/// A rectangle of merged cells, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// One sheet of a file: its name, whether it is hidden, its cells.
#[derive(Debug)]
pub struct SheetGrid {
    pub name: String,
    pub hidden: bool,
    pub grid: Grid,
}

/// One worksheet (or one CSV file) as read.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Non-empty cells by (row, col), 0-based.
    cells: BTreeMap<(u32, u32), Cell>,
    pub merges: Vec<Merge>,
    /// Excel's 1904 date system is used by the workbook.
    pub is_1904: bool,
}

/// The largest merged area filled down or across; larger merges are decoration.
const MAX_MERGE_FILL: u64 = 100_000;
/// The most cells all of a sheet's merged areas fill together (a hostile merged-cell list of
/// millions of areas costs no more than this).
const MAX_TOTAL_FILL: u64 = 4_000_000;

impl Grid {
    pub fn set(&mut self, row: u32, col: u32, cell: Cell) {
        if !cell.is_empty() {
            self.cells.insert((row, col), cell);
        }
    }

    pub fn get(&self, row: u32, col: u32) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.cells.get(&(row, col)).unwrap_or(&EMPTY)
    }

    /// Removes every cell of one row.
    pub fn clear_row(&mut self, row: u32) {
        let cols: Vec<u32> = self.row(row).map(|(c, _)| c).collect();
        for c in cols {
            self.cells.remove(&(row, c));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Rows that hold at least one cell, in order.
    pub fn rows(&self) -> Vec<u32> {
        let mut rows: Vec<u32> = self.cells.keys().map(|(r, _)| *r).collect();
        rows.dedup();
        rows
    }

    /// Rows from `first` on that hold at least one cell, in order, found as they are walked (for
    /// a look at the first few rows under a header without listing the whole sheet).
    pub fn rows_from(&self, first: u32) -> impl Iterator<Item = u32> + '_ {
        let mut last = None;
        self.cells
            .range((first, 0)..)
            .map(|((r, _), _)| *r)
            .filter(move |r| {
                let new = last != Some(*r);
                last = Some(*r);
                new
            })
    }

    /// The last row that holds a cell (0 for an empty grid).
    pub fn last_row(&self) -> u32 {
        self.cells.keys().next_back().map_or(0, |(r, _)| *r)
    }

    /// The most cells any row holds (merged cells filled count as held).
    pub fn width(&self) -> u32 {
        let mut per_row: BTreeMap<u32, u32> = BTreeMap::new();
        for (r, _) in self.cells.keys() {
            *per_row.entry(*r).or_default() += 1;
        }
        per_row.into_values().max().unwrap_or(0)
    }

    /// The cells of one row, in column order.
    pub fn row(&self, row: u32) -> impl Iterator<Item = (u32, &Cell)> {
        self.cells
            .range((row, 0)..=(row, u32::MAX))
            .map(|((_, c), cell)| (*c, cell))
    }

    /// Tables side by side: blocks of at least three columns separated by a column with no cell
    /// at all (call before [`Grid::fill_merges`], so a title merged across the gap stays in its
    /// first cell). One grid per block, merges clipped to it; `None` when there is no such gap.
    pub fn side_by_side(&self) -> Option<Vec<Grid>> {
        let used: BTreeSet<u32> = self.cells.keys().map(|(_, c)| *c).collect();
        let mut blocks: Vec<(u32, u32)> = Vec::new();
        for c in used {
            match blocks.last_mut() {
                Some((_, last)) if *last + 1 == c => *last = c,
                _ => blocks.push((c, c)),
            }
        }
        if blocks.len() < 2 || blocks.iter().any(|(a, b)| b - a < 2) {
            return None;
        }
        let grids = blocks
            .into_iter()
            .map(|(first, last)| Grid {
                cells: self
                    .cells
                    .iter()
                    .filter(|((_, c), _)| (first..=last).contains(c))
                    .map(|(k, v)| (*k, v.clone()))
                    .collect(),
                merges: self
                    .merges
                    .iter()
                    .filter(|m| m.first_col <= last && m.last_col >= first)
                    .map(|m| Merge {
                        first_col: m.first_col.max(first),
                        last_col: m.last_col.min(last),
                        ..*m
                    })
                    .collect(),
                is_1904: self.is_1904,
            })
            .collect();
        Some(grids)
    }

    /// The grid turned over its diagonal: rows become columns and columns rows (a table whose
    /// field names run down its first column, read like one whose names run across).
    pub fn transposed(&self) -> Grid {
        Grid {
            cells: self
                .cells
                .iter()
                .map(|((r, c), cell)| ((*c, *r), cell.clone()))
                .collect(),
            merges: self
                .merges
                .iter()
                .map(|m| Merge {
                    first_row: m.first_col,
                    first_col: m.first_row,
                    last_row: m.last_col,
                    last_col: m.last_row,
                })
                .collect(),
            is_1904: self.is_1904,
        }
    }

    /// Copies each merged area's top-left value into every cell of the area, so a village or a
    /// source written once for a block of rows applies to each of them.
    pub fn fill_merges(&mut self) {
        let last_row = self.last_row();
        let mut filled = 0u64;
        let merges = std::mem::take(&mut self.merges);
        for m in &merges {
            let Some(value) = self.cells.get(&(m.first_row, m.first_col)).cloned() else {
                continue;
            };
            let bottom = m.last_row.min(last_row);
            let area = (bottom.saturating_sub(m.first_row) as u64 + 1)
                * (m.last_col.saturating_sub(m.first_col) as u64 + 1);
            if area > MAX_MERGE_FILL || filled + area > MAX_TOTAL_FILL {
                continue;
            }
            filled += area;
            for r in m.first_row..=bottom {
                for c in m.first_col..=m.last_col {
                    self.cells.entry((r, c)).or_insert_with(|| value.clone());
                }
            }
        }
        self.merges = merges;
    }
}
