//! Records that span rows: a printed register (人民调解登记簿) writes a case over two or more
//! rows, the second holding what the first left open: the 调解结果 in its column, in a cell
//! merged across the row, or after a label ("调解结果：调解成功") anywhere on it. Such rows are
//! folded into the row that starts the case before the rows are read, so each case is one
//! record at its first row.

use super::cell::{parse_date, parse_number, Cell};
use super::grid::Grid;
use super::sheet::Header;
use super::vocab::Vocabulary;
use crate::text::squash;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Fields a case's later rows may complete without starting a new case: its outcome and its
/// end, a second party, the people present. Any other field written on a row starts a record.
const LATER_ROW_FIELDS: &[&str] = &[
    "结果",
    "结案日期",
    "当事人",
    "化解数",
    "未化解数",
    "参会人员",
    "人数",
    "备注",
    "状态",
];

/// The header labels of a running-number column (序号, 编号), whose number starts a record.
const NUMBER_LABELS: &[&str] = &["序号", "编号", "序", "No", "NO", "no"];

/// A sheet whose cases span rows, folded: the grid with every later row's values moved up to
/// the row of its case, and the header (with a field the later rows name by label, such as a
/// 调解结果 with no column of its own, added in a column right of the table).
pub(super) struct Folded {
    pub(super) grid: Grid,
    pub(super) header: Header,
    /// Rows folded into the case above them.
    pub(super) rows: usize,
    /// Labels written before a value on the later rows ("调解结果").
    pub(super) labels: Vec<String>,
}

/// Folds the later rows of cases that span rows, when the sheet is laid out that way: a later
/// row written after a label, or later rows under at least a third of the cases. `skip` says
/// which rows are no rows of the table (totals, footers, page numbers, legends); rows from
/// `end` on belong to another table.
pub(super) fn fold(
    grid: &Grid,
    header: &Header,
    end: Option<u32>,
    skip: &dyn Fn(u32) -> bool,
    vocab: &Vocabulary,
) -> Option<Folded> {
    if plainly_a_row_a_case(grid, header, end, skip, vocab) {
        return None;
    }
    let plan = plan(grid, header, end, skip, vocab);
    let labelled = plan.moves.iter().any(|m| m.label.is_some());
    if plan.later.is_empty() || !labelled && plan.later.len() * 3 < plan.starts {
        return None;
    }
    let mut folded = Folded {
        grid: grid.clone(),
        header: header.clone(),
        rows: plan.later.len(),
        labels: Vec::new(),
    };
    let right = grid
        .rows()
        .iter()
        .filter_map(|r| grid.row(*r).map(|(c, _)| c).last())
        .max();
    let mut spare = right.map_or(0, |c| c + 1);
    let mut moved = Vec::with_capacity(plan.moves.len());
    for m in &plan.moves {
        let col = match folded.header.columns.get(m.field) {
            Some((c, _)) => *c,
            None => {
                let label = m.label.clone().unwrap_or_else(|| m.field.to_string());
                folded.header.columns.insert(m.field, (spare, label));
                spare += 1;
                spare - 1
            }
        };
        moved.push((m.to, col, Cell::Text(m.value.as_str().into())));
        if let Some(l) = &m.label {
            if !folded.labels.contains(l) {
                folded.labels.push(l.clone());
            }
        }
    }
    folded.grid.fill_in(moved);
    let cleared: BTreeSet<u32> = plan
        .later
        .iter()
        .chain(&plan.second_heads)
        .copied()
        .collect();
    folded.grid.clear_rows(&cleared);
    Some(folded)
}

/// Whether every row of the table plainly starts a case (most ledgers), so nothing is folded:
/// no merged area reaches below the header and no second header line names later fields; each
/// row but a total has a cell of its own in a running-number column or in a field a later row
/// does not complete, and no cell of the row is a label (with a colon, or a later field's exact name)
/// that could make the next one a labelled value. A table where any row is not so plain is
/// planned row by row ([`plan`]).
fn plainly_a_row_a_case(
    grid: &Grid,
    header: &Header,
    end: Option<u32>,
    skip: &dyn Fn(u32) -> bool,
    vocab: &Vocabulary,
) -> bool {
    if grid.merges.iter().any(|m| m.last_row > header.last_row) {
        return false;
    }
    let (second, second_row) = second_line(grid, header, vocab);
    if !second.is_empty() || second_row.is_some() {
        return false;
    }
    let (number_col, field_of) = columns(grid, header);
    let names = Names::new(header, vocab);
    // A later field with no column is what a label alone in a cell can name.
    let unplaced = LATER_ROW_FIELDS
        .iter()
        .any(|f| !header.columns.contains_key(f));
    let could_be_label = |text: &str| {
        if !unplaced {
            return false;
        }
        let label = crate::text::squashed(text);
        label.chars().count() <= 8
            && !label.chars().any(|c| c.is_ascii_digit())
            && names
                .field(&label)
                .is_some_and(|(f, score)| score >= 100 && LATER_ROW_FIELDS.contains(&f))
    };
    grid.rows_from(header.last_row.saturating_add(1))
        .take_while(|r| end.is_none_or(|e| *r < e))
        .filter(|r| !skip(*r))
        .all(|r| {
            // A total ends the case above it, and is none.
            if grid
                .row(r)
                .any(|(_, c)| super::sheet::total_label(c).is_some())
            {
                return true;
            }
            let mut starts = false;
            for (c, cell) in grid.row(r) {
                // A number or a date is spelled with digits and '-' or '.' alone: never empty,
                // never a label.
                let plain_value = match cell {
                    Cell::Number(n) => n.is_finite(),
                    Cell::Date(_) => true,
                    _ => false,
                };
                if !plain_value {
                    let text = cell.text();
                    let text = text.trim();
                    if text.is_empty() {
                        continue;
                    }
                    if text.contains(':')
                        || crate::text::holds_any(text, &['：'])
                        || could_be_label(text)
                    {
                        return false;
                    }
                }
                starts = starts
                    || Some(c) == number_col && parse_number(cell).is_some()
                    || field_of
                        .get(&c)
                        .is_some_and(|f| !LATER_ROW_FIELDS.contains(f));
            }
            starts
        })
}

/// The table's running-number column (序号, 编号…), and the field each mapped column holds.
fn columns(grid: &Grid, header: &Header) -> (Option<u32>, BTreeMap<u32, &'static str>) {
    let labels = super::sheet::labels(grid, header.first_row, header.last_row);
    let number_col = labels
        .iter()
        .find(|(_, l)| NUMBER_LABELS.contains(&l.as_str()))
        .map(|(c, _)| *c);
    let field_of = header.columns.iter().map(|(k, (c, _))| (*c, *k)).collect();
    (number_col, field_of)
}

/// What folding would do.
#[derive(Default)]
struct Plan {
    /// Rows that start a record.
    starts: usize,
    /// Rows that continue the record above.
    later: Vec<u32>,
    /// Second header rows (naming what the later rows hold), passed over.
    second_heads: Vec<u32>,
    moves: Vec<Move>,
}

/// A value of a later row, for the row of its case.
struct Move {
    to: u32,
    field: &'static str,
    value: String,
    label: Option<String>,
}

fn plan(
    grid: &Grid,
    header: &Header,
    end: Option<u32>,
    skip: &dyn Fn(u32) -> bool,
    vocab: &Vocabulary,
) -> Plan {
    let (number_col, field_of) = columns(grid, header);
    let (second, second_row) = second_line(grid, header, vocab);
    let names = Names::new(header, vocab);
    let merged = Merged::of(grid);
    let mut plan = Plan::default();
    plan.second_heads.extend(second_row);
    let mut case: Option<u32> = None;
    for r in grid.rows() {
        if r <= header.last_row || skip(r) || Some(r) == second_row {
            continue;
        }
        if end.is_some_and(|e| r >= e) {
            break;
        }
        let row = RowCells::of(grid, r, &second, &names, &merged);
        let total = grid
            .row(r)
            .any(|(_, c)| super::sheet::total_label(c).is_some());
        if row.is_second_header_again(&second) {
            plan.second_heads.push(r);
            continue;
        }
        if total || row.is_header_again(header) || row.is_heading(header, vocab) {
            case = None;
            continue;
        }
        let starts = row.own.iter().any(|(c, text, label)| {
            label.is_none()
                && !(row.spread.contains(c) && vocab.resolved(text).is_some())
                && (Some(*c) == number_col && parse_number(grid.get(r, *c)).is_some()
                    || field_of
                        .get(c)
                        .is_some_and(|f| !LATER_ROW_FIELDS.contains(f)))
        });
        if starts {
            plan.starts += 1;
            case = Some(r);
            continue;
        }
        let Some(p) = case else { continue };
        let moves = row.moves_to(p, grid, header, &field_of, vocab);
        // A row that completes nothing and holds a value its case already has (a second
        // outcome) is left to be read as the row it is.
        if moves.is_empty() && row.conflicts_with(p, grid, &field_of) {
            continue;
        }
        plan.later.push(r);
        plan.moves.extend(moves);
    }
    plan
}

/// A value written after the label of its field ("调解结果：调解成功").
struct Labelled {
    field: &'static str,
    value: String,
    label: String,
}

/// The cells a row holds of its own (not filled down from a merged cell above it): column,
/// text, and the field label written before the value ("调解结果：…").
struct RowCells<'g> {
    own: Vec<(u32, Cow<'g, str>, Option<Labelled>)>,
    /// The own cells' texts as written, before labels and values were paired.
    raw: Vec<(u32, Cow<'g, str>)>,
    /// Columns of own cells merged across several columns (one value written once).
    spread: Vec<u32>,
}

/// The fields a case's second row holds, named by the header's second row (a 调解结果 merged
/// across the columns of the first): column -> (field, label).
type SecondLine = BTreeMap<u32, (&'static str, String)>;

/// The header's second-row labels, and the row they are on when it is not inside the header
/// as found (a second header row with no merged cell to say so): a cell merged across columns
/// with different labels above, or a row under the header all of whose cells name fields the
/// header has no column for.
fn second_line(grid: &Grid, header: &Header, vocab: &Vocabulary) -> (SecondLine, Option<u32>) {
    let field = |text: &str| {
        let label = squash(text);
        header
            .kind
            .fields()
            .iter()
            .filter(|f| !header.columns.contains_key(f.key))
            .map(|f| (vocab.score(header.kind, &label, f), f.key))
            .filter(|(s, _)| *s > 0)
            .max_by_key(|(s, _)| *s)
            .map(|(_, k)| (k, label))
    };
    let mut out = SecondLine::new();
    for m in grid.merges.iter().filter(|m| {
        m.first_row > header.first_row
            && m.first_row <= header.last_row
            && m.last_col > m.first_col
            && super::sheet::names_second_line(grid, m)
    }) {
        if let Some(named) = field(&grid.get(m.first_row, m.first_col).as_text()) {
            for c in m.first_col..=m.last_col {
                out.insert(c, named.clone());
            }
        }
    }
    if !out.is_empty() {
        return (out, None);
    }
    let Some(next) = grid.rows_from(header.last_row + 1).next() else {
        return (out, None);
    };
    let cells: Vec<(u32, String)> = grid
        .row(next)
        .map(|(c, cell)| (c, cell.as_text()))
        .filter(|(_, t)| !t.trim().is_empty())
        .collect();
    let named: Vec<_> = cells.iter().map(|(c, t)| (*c, field(t))).collect();
    if named.is_empty() || named.iter().any(|(_, f)| f.is_none()) {
        return (out, None);
    }
    for (c, f) in named {
        if let Some(f) = f {
            out.insert(c, f);
        }
    }
    (out, Some(next))
}

/// Where a sheet's merged areas lie, looked up per cell rather than per area.
struct Merged {
    /// Cells of a merged area below its first row (filled down, not written there).
    below_top: std::collections::HashSet<(u32, u32)>,
    /// (row, column) of each cell in the first row of an area merged across columns.
    spread: std::collections::BTreeSet<(u32, u32)>,
    /// Areas too large to list by cell (decoration, or a hostile file), checked one by one.
    large: Vec<super::grid::Merge>,
}

/// The most cells of merged areas listed by cell, in one area and in all.
const LISTED_AREA: u64 = 10_000;
const LISTED_TOTAL: u64 = 1_000_000;

impl Merged {
    fn of(grid: &Grid) -> Merged {
        let mut merged = Merged {
            below_top: Default::default(),
            spread: Default::default(),
            large: Vec::new(),
        };
        let last = grid.last_row();
        let mut listed = 0u64;
        for m in &grid.merges {
            let rows = m.last_row.min(last).saturating_sub(m.first_row) as u64 + 1;
            let area = rows * (m.last_col.saturating_sub(m.first_col) as u64 + 1);
            if area > LISTED_AREA || listed + area > LISTED_TOTAL {
                merged.large.push(*m);
                continue;
            }
            listed += area;
            for r in m.first_row + 1..=m.last_row.min(last) {
                merged
                    .below_top
                    .extend((m.first_col..=m.last_col).map(|c| (r, c)));
            }
            if m.last_col > m.first_col {
                merged
                    .spread
                    .extend((m.first_col..=m.last_col).map(|c| (m.first_row, c)));
            }
        }
        merged
    }
}

impl<'g> RowCells<'g> {
    fn of(
        grid: &'g Grid,
        r: u32,
        second: &SecondLine,
        names: &Names,
        merged: &Merged,
    ) -> RowCells<'g> {
        let above = |c: u32| {
            merged.below_top.contains(&(r, c))
                || merged.large.iter().any(|m| {
                    m.first_row < r && r <= m.last_row && (m.first_col..=m.last_col).contains(&c)
                })
        };
        let spread: Vec<u32> = merged
            .spread
            .range((r, 0)..=(r, u32::MAX))
            .map(|(_, c)| *c)
            .collect();
        // The texts are the grid's own where they can be (a million rows are read here).
        let own: Vec<(u32, Cow<'g, str>, Option<Labelled>)> = grid
            .row(r)
            .filter(|(c, _)| !above(*c))
            .map(|(c, cell)| {
                let text = match cell.text() {
                    Cow::Borrowed(t) => Cow::Borrowed(t.trim()),
                    Cow::Owned(t) => Cow::Owned(t.trim().to_string()),
                };
                let label = labelled(&text, names);
                (c, text, label)
            })
            .filter(|(_, t, _)| !t.is_empty())
            .collect();
        let raw = own
            .iter()
            .map(|(c, t, _)| {
                let squashed = match t {
                    Cow::Borrowed(t) => crate::text::squashed(t),
                    Cow::Owned(t) => Cow::Owned(squash(t)),
                };
                (*c, squashed)
            })
            .collect();
        let own = pair_labels(own, names);
        let mut row = RowCells { own, raw, spread };
        row.read_as_second_line(grid, second);
        row
    }

    /// A row whose cells all lie under the header's second-row labels, one text each, no date:
    /// a case's second row; its values are labelled with those fields.
    fn read_as_second_line(&mut self, grid: &Grid, second: &SecondLine) {
        let fits = !self.own.is_empty()
            && self.own.iter().all(|(c, text, label)| {
                label.is_none()
                    && second.get(c).is_some_and(|(field, _)| {
                        *field == "结案日期"
                            || parse_date(&Cell::Text(text.as_ref().into()), 2000, grid.is_1904)
                                .is_none()
                    })
            });
        let mut texts: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (c, text, _) in &self.own {
            if let Some((f, _)) = second.get(c) {
                texts.entry(f).or_default().push(text.as_ref());
            }
        }
        let one_each = texts.values_mut().all(|v| {
            v.dedup();
            v.len() == 1
        });
        if !fits || !one_each {
            return;
        }
        for (c, text, label) in &mut self.own {
            let (field, written) = &second[c];
            *label = Some(Labelled {
                field,
                value: text.to_string(),
                label: written.clone(),
            });
        }
    }

    /// The header's second row written again (a printed page's).
    fn is_second_header_again(&self, second: &SecondLine) -> bool {
        !self.raw.is_empty()
            && self
                .raw
                .iter()
                .all(|(c, t)| second.get(c).is_some_and(|(_, label)| t.as_ref() == label))
    }

    /// The header written again (a printed page's): two or more cells that are the labels.
    fn is_header_again(&self, header: &Header) -> bool {
        header
            .columns
            .values()
            .filter(|(c, label)| {
                self.own
                    .iter()
                    .any(|(oc, t, _)| oc == c && label.ends_with(crate::text::squashed(t).as_ref()))
            })
            .count()
            >= 2
    }

    /// One text merged across most of the table, neither a labelled value nor an outcome: a
    /// title repeated on a printed page or a section heading.
    fn is_heading(&self, header: &Header, vocab: &Vocabulary) -> bool {
        let mut texts: Vec<&str> = self.own.iter().map(|(_, t, _)| t.as_ref()).collect();
        texts.dedup();
        texts.len() == 1
            && self.own[0].2.is_none()
            && vocab.resolved(texts[0]).is_none()
            && self.spread.len() * 2 > header.columns.len()
    }

    /// What this row completes of the case at row `p`: labelled values, values in a later-row
    /// field's column the case left empty, and an outcome written across the row.
    fn moves_to(
        &self,
        p: u32,
        grid: &Grid,
        header: &Header,
        field_of: &BTreeMap<u32, &'static str>,
        vocab: &Vocabulary,
    ) -> Vec<Move> {
        let mut moves: Vec<Move> = Vec::new();
        let empty_at = |field: &str| {
            header
                .columns
                .get(field)
                .is_none_or(|(c, _)| grid.get(p, *c).is_empty())
        };
        for (c, text, label) in &self.own {
            let (field, value, label) = match label {
                Some(l) => (l.field, l.value.clone(), Some(l.label.clone())),
                None => match field_of.get(c) {
                    Some(f) if LATER_ROW_FIELDS.contains(f) => (*f, text.to_string(), None),
                    _ if self.spread.contains(c) && vocab.resolved(text).is_some() => {
                        ("结果", text.to_string(), None)
                    }
                    _ => continue,
                },
            };
            if !empty_at(field) || moves.iter().any(|m| m.field == field) {
                continue;
            }
            if label.is_none() && !header.columns.contains_key(field) {
                continue;
            }
            moves.push(Move {
                to: p,
                field,
                value,
                label,
            });
        }
        moves
    }

    /// Whether the row writes an outcome where the case's row has another (a second party
    /// or more names are the same case's).
    fn conflicts_with(&self, p: u32, grid: &Grid, field_of: &BTreeMap<u32, &'static str>) -> bool {
        self.own.iter().any(|(c, text, _)| {
            field_of
                .get(c)
                .is_some_and(|f| ["结果", "化解数", "未化解数"].contains(f))
                && {
                    let there = grid.get(p, *c);
                    !there.is_empty() && squash(&there.as_text()) != squash(text)
                }
        })
    }
}

/// A label alone in a cell and its value in the next ("调解结果：" | "调解成功"): one labelled
/// value, in the value's column.
fn pair_labels<'g>(
    own: Vec<(u32, Cow<'g, str>, Option<Labelled>)>,
    names: &Names,
) -> Vec<(u32, Cow<'g, str>, Option<Labelled>)> {
    let mut out: Vec<(u32, Cow<'g, str>, Option<Labelled>)> = Vec::new();
    let mut pending: Option<(&'static str, String)> = None;
    for (c, text, label) in own {
        if let Some((field, name)) = pending.take() {
            if label.is_none() && crate::text::squashed(&text) != name.as_str() {
                let value = Labelled {
                    field,
                    value: text.to_string(),
                    label: name,
                };
                out.push((c, text, Some(value)));
                continue;
            }
        }
        if label.is_none() {
            if let Some(named) = bare_label(&text, names) {
                pending = Some(named);
                continue;
            }
        }
        out.push((c, text, label));
    }
    out
}

/// "调解结果：调解成功" -> (结果, "调解成功"): a value written after the label of a field of the
/// sheet's kind.
fn labelled(text: &str, names: &Names) -> Option<Labelled> {
    let (label, value) = text.split_once(['：', ':'])?;
    let (label, value) = (squash(label), value.trim());
    if value.is_empty() {
        return None;
    }
    let (field, _) = names.field(&label)?;
    Some(Labelled {
        field,
        value: value.to_string(),
        label,
    })
}

/// A cell that is only a field's label ("调解结果：", or exactly the name of a field with no
/// column, such as "调解结果"), its value being in the next cell: the field and the label.
fn bare_label(text: &str, names: &Names) -> Option<(&'static str, String)> {
    let colon = text.ends_with(['：', ':']);
    let label = crate::text::squashed(text.trim_end_matches(['：', ':']));
    // A label is a few characters and no digits (a value or a date is neither).
    if label.chars().count() > 8 || label.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let (field, score) = names.field(&label)?;
    let label = label.into_owned();
    // With a colon any label; without, only the exact name of a field the header has no column
    // for (a header written again is no label and value).
    let named_only = score >= 100
        && !names.header.columns.contains_key(field)
        && LATER_ROW_FIELDS.contains(&field)
        && names.vocab.resolved(&label).is_none();
    (colon || named_only).then_some((field, label))
}

/// The fields of the sheet's kind that short labels name, each label looked up once.
struct Names<'a> {
    header: &'a Header,
    vocab: &'a Vocabulary,
    seen: std::cell::RefCell<BTreeMap<String, Option<(&'static str, u32)>>>,
}

impl<'a> Names<'a> {
    fn new(header: &'a Header, vocab: &'a Vocabulary) -> Names<'a> {
        Names {
            header,
            vocab,
            seen: Default::default(),
        }
    }

    /// The field a short label names best, with its score.
    fn field(&self, label: &str) -> Option<(&'static str, u32)> {
        if label.chars().count() > 8 {
            return None;
        }
        if let Some(known) = self.seen.borrow().get(label) {
            return *known;
        }
        let kind = self.header.kind;
        let best = kind
            .fields()
            .iter()
            .map(|f| (self.vocab.score(kind, label, f), f.key))
            .filter(|(s, _)| *s > 0)
            .max_by_key(|(s, _)| *s)
            .map(|(s, field)| (field, s));
        self.seen.borrow_mut().insert(label.to_string(), best);
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: [&str; 5] = ["序号", "日期", "当事人", "纠纷类型", "调解结果"];

    fn grid(rows: &[&[&str]]) -> Grid {
        let mut g = Grid::default();
        for (r, cells) in std::iter::once(&HEAD[..])
            .chain(rows.iter().copied())
            .enumerate()
        {
            for (c, t) in cells.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
                g.set(r as u32, c as u32, Cell::Text((*t).into()));
            }
        }
        g
    }

    /// Whether the plain path and the row-by-row plan agree, and whether the sheet is folded.
    fn folded(rows: &[&[&str]]) -> (bool, bool) {
        let (g, vocab) = (grid(rows), Vocabulary::default());
        let header = super::super::sheet::find_header(&g, &vocab).expect("a header");
        let plain = plainly_a_row_a_case(&g, &header, None, &|_| false, &vocab);
        if plain {
            assert!(plan(&g, &header, None, &|_| false, &vocab).later.is_empty());
        }
        (plain, fold(&g, &header, None, &|_| false, &vocab).is_some())
    }

    #[test]
    fn a_plain_register_is_passed_and_a_case_over_two_rows_is_still_folded() {
        let case = |n: &'static str| -> [&'static str; 5] {
            [n, "2024-03-05", "张三与李四", "邻里纠纷", "调解成功"]
        };
        let (one, two, three) = (case("1"), case("2"), case("3"));
        assert_eq!(
            folded(&[&one, &two, &three, &["合计", "", "", "", "3"]]),
            (true, false)
        );
        // The outcome written on the case's second row.
        let open = ["1", "2024-03-05", "张三与李四", "邻里纠纷", ""];
        let open2 = ["2", "2024-04-05", "王五与赵六", "婚姻家庭纠纷", ""];
        let later: [&str; 5] = ["", "", "", "", "调解成功"];
        assert_eq!(folded(&[&open, &later, &open2, &later]), (false, true));
        // After a label, anywhere on the row.
        let labelled: [&str; 5] = ["", "", "调解结果：调解成功", "", ""];
        assert_eq!(folded(&[&open, &labelled, &two, &three]), (false, true));
    }
}
