//! A sheet as a sparse grid of cells with positions, filled by every source format, so header
//! detection and merged-cell fill-down are written once, above the formats.

use super::cell::Cell;
use std::collections::BTreeSet;

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
    /// Non-empty cells in (row, col) order, 0-based: one flat list (a district's register of a
    /// million rows holds six million cells; a tree of them cost twice the memory).
    cells: Vec<Placed>,
    pub merges: Vec<Merge>,
    /// Excel's 1904 date system is used by the workbook.
    pub is_1904: bool,
    /// Where each row's cells begin in `cells` (row r: `starts[r]..starts[r + 1]`), made on
    /// first use after a change: a row is looked up a dozen times as a sheet is read.
    starts: std::cell::OnceCell<Vec<u32>>,
}

/// A cell and where it stands.
#[derive(Debug, Clone)]
struct Placed {
    row: u32,
    col: u32,
    cell: Cell,
}

impl Placed {
    fn at(&self) -> (u32, u32) {
        (self.row, self.col)
    }
}

/// The largest merged area filled down or across; larger merges are decoration.
const MAX_MERGE_FILL: u64 = 100_000;
/// The most cells all of a sheet's merged areas fill together (a hostile merged-cell list of
/// millions of areas costs no more than this).
const MAX_TOTAL_FILL: u64 = 4_000_000;

impl Grid {
    /// Puts a cell in place (an empty one is not kept). Readers give cells in order, which
    /// costs nothing; a cell out of order is put in its place.
    pub fn set(&mut self, row: u32, col: u32, cell: Cell) {
        if cell.is_empty() {
            return;
        }
        self.starts.take();
        let placed = Placed { row, col, cell };
        match self.cells.last() {
            Some(last) if last.at() >= (row, col) => match self.find_in_all(row, col) {
                Ok(i) => self.cells[i] = placed,
                Err(i) => self.cells.insert(i, placed),
            },
            _ => self.cells.push(placed),
        }
    }

    /// Puts in every cell of `new` where the grid has none (an earlier one of `new` wins over a
    /// later one at the same place): one pass from the end, in place, however many there are.
    pub fn fill_in(&mut self, mut new: Vec<(u32, u32, Cell)>) {
        self.starts.take();
        new.retain(|(r, c, cell)| !cell.is_empty() && self.find_in_all(*r, *c).is_err());
        new.sort_by_key(|(r, c, _)| (*r, *c));
        new.dedup_by_key(|(r, c, _)| (*r, *c));
        let mut old = self.cells.len();
        self.cells.reserve_exact(new.len());
        self.cells.resize_with(old + new.len(), || Placed {
            row: 0,
            col: 0,
            cell: Cell::Empty,
        });
        // Walk down from the end: each old cell after the next new one moves up to the end.
        let mut free = self.cells.len();
        while let Some((row, col, cell)) = new.pop() {
            while old > 0 && self.cells[old - 1].at() > (row, col) {
                old -= 1;
                free -= 1;
                self.cells.swap(old, free);
            }
            free -= 1;
            self.cells[free] = Placed { row, col, cell };
        }
    }

    pub fn get(&self, row: u32, col: u32) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        match self.find(row, col) {
            Ok(i) => &self.cells[i].cell,
            Err(_) => &EMPTY,
        }
    }

    /// [`Grid::find`] without the row index (for changes, which drop it).
    fn find_in_all(&self, row: u32, col: u32) -> Result<usize, usize> {
        self.cells.binary_search_by_key(&(row, col), Placed::at)
    }

    fn find(&self, row: u32, col: u32) -> Result<usize, usize> {
        let span = self.span(row);
        match self.cells[span.clone()].binary_search_by_key(&col, |p| p.col) {
            Ok(i) => Ok(span.start + i),
            Err(i) => Err(span.start + i),
        }
    }

    /// The cells of one row, as positions in the list.
    fn span(&self, row: u32) -> std::ops::Range<usize> {
        let starts = self.starts.get_or_init(|| {
            let rows = self.cells.last().map_or(0, |p| p.row as usize + 1);
            let mut starts = Vec::with_capacity(rows + 1);
            let mut at = 0usize;
            for r in 0..=rows {
                while at < self.cells.len() && (self.cells[at].row as usize) < r {
                    at += 1;
                }
                starts.push(at as u32);
            }
            starts
        });
        let row = row as usize;
        match (starts.get(row), starts.get(row + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => self.cells.len()..self.cells.len(),
        }
    }

    /// Removes every cell of the given rows.
    pub fn clear_rows(&mut self, rows: &BTreeSet<u32>) {
        if !rows.is_empty() {
            self.starts.take();
            self.cells.retain(|p| !rows.contains(&p.row));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Rows that hold at least one cell, in order.
    pub fn rows(&self) -> Vec<u32> {
        self.rows_from(0).collect()
    }

    /// Rows from `first` on that hold at least one cell, in order, found as they are walked (for
    /// a look at the first few rows under a header without listing the whole sheet).
    pub fn rows_from(&self, first: u32) -> impl Iterator<Item = u32> + '_ {
        let start = self.cells.partition_point(|p| p.row < first);
        let mut last = None;
        self.cells[start..].iter().map(|p| p.row).filter(move |r| {
            let new = last != Some(*r);
            last = Some(*r);
            new
        })
    }

    /// The last row that holds a cell (0 for an empty grid).
    pub fn last_row(&self) -> u32 {
        self.cells.last().map_or(0, |p| p.row)
    }

    /// The most cells any row holds (merged cells filled count as held).
    pub fn width(&self) -> u32 {
        self.cells
            .chunk_by(|a, b| a.row == b.row)
            .map(|run| run.len() as u32)
            .max()
            .unwrap_or(0)
    }

    /// The cells of one row, in column order.
    pub fn row(&self, row: u32) -> impl Iterator<Item = (u32, &Cell)> {
        self.cells[self.span(row)].iter().map(|p| (p.col, &p.cell))
    }

    /// Tables side by side: blocks of at least three columns separated by a column with no cell
    /// at all (call before [`Grid::fill_merges`], so a title merged across the gap stays in its
    /// first cell). One grid per block, merges clipped to it; `None` when there is no such gap.
    pub fn side_by_side(&self) -> Option<Vec<Grid>> {
        let used: BTreeSet<u32> = self.cells.iter().map(|p| p.col).collect();
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
                    .filter(|p| (first..=last).contains(&p.col))
                    .cloned()
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
                starts: Default::default(),
            })
            .collect();
        Some(grids)
    }

    /// The grid turned over its diagonal: rows become columns and columns rows (a table whose
    /// field names run down its first column, read like one whose names run across).
    pub fn transposed(&self) -> Grid {
        let mut cells: Vec<Placed> = self
            .cells
            .iter()
            .map(|p| Placed {
                row: p.col,
                col: p.row,
                cell: p.cell.clone(),
            })
            .collect();
        cells.sort_unstable_by_key(Placed::at);
        Grid {
            cells,
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
            starts: Default::default(),
        }
    }

    /// Copies each merged area's top-left value into every cell of the area, so a village or a
    /// source written once for a block of rows applies to each of them.
    pub fn fill_merges(&mut self) {
        let last_row = self.last_row();
        let mut filled = 0u64;
        let mut new = Vec::new();
        for m in &self.merges {
            let Ok(top) = self.find(m.first_row, m.first_col) else {
                continue;
            };
            let value = &self.cells[top].cell;
            let bottom = m.last_row.min(last_row);
            let area = (bottom.saturating_sub(m.first_row) as u64 + 1)
                * (m.last_col.saturating_sub(m.first_col) as u64 + 1);
            if area > MAX_MERGE_FILL || filled + area > MAX_TOTAL_FILL {
                continue;
            }
            filled += area;
            for r in m.first_row..=bottom {
                for c in m.first_col..=m.last_col {
                    new.push((r, c, value.clone()));
                }
            }
        }
        self.fill_in(new);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn cells_set_in_any_order_read_back_by_row_and_column() {
        let mut g = Grid::default();
        g.set(2, 1, text("c"));
        g.set(0, 3, text("a"));
        g.set(2, 0, text("b"));
        g.set(0, 3, text("a2"));
        g.set(1, 0, Cell::Empty);
        assert_eq!(g.rows(), vec![0, 2]);
        assert_eq!(g.get(0, 3), &text("a2"));
        assert_eq!(g.get(1, 0), &Cell::Empty);
        let row: Vec<u32> = g.row(2).map(|(c, _)| c).collect();
        assert_eq!(row, vec![0, 1]);
        assert_eq!((g.width(), g.last_row()), (2, 2));
        assert_eq!(g.rows_from(1).collect::<Vec<_>>(), vec![2]);
    }

    #[test]
    fn filling_in_keeps_what_is_there_and_the_first_of_the_new() {
        let mut g = Grid::default();
        g.set(0, 0, text("kept"));
        g.set(3, 0, text("last"));
        g.fill_in(vec![
            (0, 0, text("lost")),
            (2, 1, text("first")),
            (2, 1, text("second")),
            (1, 0, text("new")),
        ]);
        assert_eq!(g.get(0, 0), &text("kept"));
        assert_eq!(g.get(2, 1), &text("first"));
        assert_eq!(g.rows(), vec![0, 1, 2, 3]);
        g.clear_rows(&[1, 3].into_iter().collect());
        assert_eq!(g.rows(), vec![0, 2]);
    }

    #[test]
    fn a_merged_area_gives_its_value_to_each_of_its_cells() {
        let mut g = Grid::default();
        g.set(0, 0, text("村"));
        g.set(2, 1, text("x"));
        g.merges.push(Merge {
            first_row: 0,
            first_col: 0,
            last_row: 2,
            last_col: 0,
        });
        g.fill_merges();
        assert_eq!(g.get(1, 0), &text("村"));
        assert_eq!(g.get(2, 0), &text("村"));
        assert_eq!(g.row(2).count(), 2);
    }
}
