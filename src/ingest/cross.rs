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

use super::cell::{parse_count, parse_date, parse_number, Cell, Date};
use super::grid::Grid;
use super::sheet::{header_depth, is_footer, is_skipped, split_count, total_words, SheetResult};
use super::vocab::{LedgerKind, Vocabulary};
use super::{DeclaredTotal, Origin, Record};
use crate::diag::{column_letter, Finding};
use crate::text::squash;
use std::collections::BTreeMap;

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
    count: u32,
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
                    count: u32::MAX,
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
            _ if self.count == u32::MAX => self.count = c,
            _ => {}
        }
    }
}

/// A rate or share (化解率, 成功率, 占比, %): compared with a rate or not at all, never counted.
fn is_rate(label: &str) -> bool {
    let l = squash(label);
    ["率", "%", "％", "百分比", "占比"]
        .iter()
        .any(|w| l.contains(w))
}

/// What each sub-column of a statistics group holds.
fn sub_role(label: &str) -> Option<&'static str> {
    let l = squash(label);
    if is_rate(&l) {
        None
    } else if ["未化解", "不成功", "未成功", "未调解成功"]
        .iter()
        .any(|w| l.contains(w))
    {
        Some("未化解")
    } else if ["化解", "成功", "调结", "办结"]
        .iter()
        .any(|w| l.contains(w))
    {
        Some("化解")
    } else if [
        "总数",
        "受理",
        "件数",
        "数量",
        "合计",
        "小计",
        "案件数",
        "纠纷数",
        "件次",
        "次数",
    ]
    .iter()
    .any(|w| l.contains(w))
    {
        Some("总数")
    } else {
        None
    }
}

fn is_total_label(label: &str) -> bool {
    total_words().is_match(&squash(label))
}

/// A running total (累计, 全年累计): neither counted nor compared.
fn is_running_total(label: &str) -> bool {
    squash(label).contains("累计")
}

/// A disclosure channel: 政府网站, 政务公开栏, 微信公众号, 电子显示屏, 宣传栏, 广播, 会议.
fn is_channel(label: &str) -> bool {
    [
        "网站",
        "网",
        "公开栏",
        "宣传栏",
        "公示栏",
        "微信",
        "公众号",
        "显示屏",
        "广播",
        "新媒体",
        "APP",
        "抖音",
        "短信",
    ]
    .iter()
    .any(|w| label.contains(w))
}

/// "1月", "一月", "第一季度", "一季度", "上半年", "Q1".
pub(super) fn is_time_label(label: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"^(?:\d{4}年)?(?:\d{1,2}月份?|[一二三四五六七八九十]{1,3}月份?|第?[一二三四1-4]季度|[Qq][1-4]|[上下]半年)$").unwrap()
    })
    .is_match(&squash(label))
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
    let totals = layout.read_rows(&source, &mut out);
    let declared = totals.into_declared(layout.kind, &out.records);
    out.declared.extend(declared);
    Some((layout.kind, out))
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
    /// 合计 columns: the first totals a row's counts.
    total_cols: Vec<u32>,
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

impl Layout {
    /// The layout of a sheet read as a cross table; `None` when it is not one.
    fn find(vocab: &Vocabulary, grid: &Grid, words: &str, year: i32) -> Option<Layout> {
        let rows = grid.rows();
        let (index, first, last) = find_header(grid, &rows)?;
        let context = surrounding_words(grid, &rows[..index], words);
        let kind = kind_from_words(&context)?;
        let data_rows: Vec<u32> = rows.iter().copied().filter(|r| *r > last).collect();
        let (label_col, value_cols) = label_and_value_columns(grid, (first, last), &data_rows)?;
        let (header, grouped) = orient_header(grid, (first, last), &value_cols);
        let measures_across = is_measures_across(grid, header, &value_cols, grouped);
        let (groups, total_cols) =
            classify_columns(grid, header, &value_cols, grouped, measures_across);
        if groups.is_empty() {
            return None;
        }

        // What the rows and the columns stand for.
        let row_header = header.parent(grid, label_col);
        let row_is_time = rows_are_time(grid, &row_header, &data_rows, label_col, year);
        let row_dim = (!row_is_time).then(|| dimension_for(vocab, kind, &row_header));
        // Columns that are months or quarters: the rows carry the category, the columns the time.
        let columns_are_time =
            !measures_across && groups.len() >= 2 && groups.iter().all(|g| is_time_label(&g.label));
        let column_dim = if columns_are_time || measures_across {
            ""
        } else {
            column_dimension(vocab, kind, &groups, row_dim)
        };
        Some(Layout {
            kind,
            context,
            first,
            last,
            data_rows,
            label_col,
            value_cols,
            groups,
            total_cols,
            grouped,
            row_is_time,
            row_dim,
            columns_are_time,
            column_dim,
        })
    }

    /// How the sheet was read, for the reading summary.
    fn describe(&self) -> String {
        let labels: Vec<&str> = self.groups.iter().map(|g| g.label.as_str()).collect();
        let rows_mean = if self.row_is_time {
            "月份或季度"
        } else {
            self.row_dim.unwrap_or("单位")
        };
        let columns_mean = if self.columns_are_time {
            "月份或季度"
        } else {
            self.column_dim
        };
        format!(
            "{}，{}，{}：每行一个{rows_mean}（{} 列），每列一个{columns_mean}（{}）",
            self.kind.description(),
            if self.grouped {
                "统计表（每类分总数/化解数/未化解数）"
            } else {
                "交叉表"
            },
            super::reading::rows_text(self.first, self.last),
            column_letter(self.label_col),
            labels.join("、")
        )
    }

    /// Reads the data rows into records (and findings on their cells) and collects the totals
    /// written in them.
    fn read_rows(&self, source: &Source, out: &mut SheetResult) -> Totals {
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
        fields.insert("数量", super::cell::format_number(count));
        let rate = g
            .rate
            .and_then(|c| parse_number(source.grid.get(row.row, c)));
        if let Some(rate) = rate {
            fields.insert("化解率", super::cell::format_number(rate));
        }
        let date = if self.columns_are_time {
            super::cell::parse_date_text(&g.label, source.year)
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

/// The header: the first row with at least three labels under which numbers follow. Its index
/// in `rows`, and its first and last row.
fn find_header(grid: &Grid, rows: &[u32]) -> Option<(usize, u32, u32)> {
    let width = grid.width();
    for (i, &row) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let mut texts: Vec<String> = grid
            .row(row)
            .filter(|(_, c)| matches!(c, Cell::Text(_)) && !is_numeric(c))
            .map(|(_, c)| squash(&c.as_text()))
            .collect();
        texts.sort();
        texts.dedup();
        if texts.len() < 3 {
            continue;
        }
        let depth = header_depth(grid, row, width);
        let last = row + depth - 1;
        let numeric_cols = grid
            .row(row)
            .filter(|(c, _)| {
                rows.iter()
                    .filter(|r| **r > last)
                    .take(12)
                    .any(|r| is_numeric(grid.get(*r, *c)))
            })
            .count();
        if numeric_cols >= 2 {
            return Some((i, row, last));
        }
    }
    None
}

/// `words` with the text of the title rows above the header added.
fn surrounding_words(grid: &Grid, title_rows: &[u32], words: &str) -> String {
    let mut context = words.to_string();
    for r in title_rows {
        for (_, c) in grid.row(*r) {
            context.push(' ');
            context.push_str(&c.as_text());
        }
    }
    context
}

/// The share of a column's filled data cells that are numbers.
fn numeric_share(grid: &Grid, data_rows: &[u32], c: u32) -> f64 {
    let filled: Vec<&Cell> = data_rows
        .iter()
        .map(|r| grid.get(*r, c))
        .filter(|x| !x.is_empty())
        .collect();
    if filled.is_empty() {
        return 0.0;
    }
    filled.iter().filter(|x| is_numeric(x)).count() as f64 / filled.len() as f64
}

/// The row label column and the value columns right of it (mostly numbers); `None` without a
/// label column or with fewer than two value columns.
fn label_and_value_columns(
    grid: &Grid,
    (first, last): (u32, u32),
    data_rows: &[u32],
) -> Option<(u32, Vec<u32>)> {
    let columns: Vec<u32> = {
        let mut cols: Vec<u32> = (first..=last)
            .flat_map(|r| grid.row(r).map(|(c, _)| c))
            .collect();
        cols.sort_unstable();
        cols.dedup();
        cols
    };
    let numeric_share = |c: u32| numeric_share(grid, data_rows, c);
    // The row label column: the first column that holds text (or months), not a 序号.
    let label_col = columns.iter().copied().find(|c| {
        let l = header_text(grid, first, *c);
        l != "序号" && l != "编号" && numeric_share(*c) < 0.5
    })?;
    let value_cols: Vec<u32> = columns
        .iter()
        .copied()
        .filter(|c| *c > label_col && numeric_share(*c) >= 0.5)
        .collect();
    if value_cols.len() < 2 {
        return None;
    }
    Some((label_col, value_cols))
}

/// Which header row holds the categories and which the roles, and whether the table is grouped
/// (a statistics sheet).
fn orient_header(grid: &Grid, (first, last): (u32, u32), value_cols: &[u32]) -> (HeaderRows, bool) {
    let header = HeaderRows {
        top: first,
        bottom: last,
    };
    // A grid has one column per category. A statistics sheet: roles (总数/化解数/未化解数) under each category; or the other way
    // round, categories under each role (受理数 over [类型A | 类型B | 小计]).
    let role_below = |c: &u32| {
        sub_role(&header.child(grid, *c)).is_some() && sub_role(&header.parent(grid, *c)).is_none()
    };
    let role_above = |c: &u32| {
        sub_role(&header.parent(grid, *c)).is_some()
            && header.child(grid, *c) != header.parent(grid, *c)
    };
    let grouped = last > first && value_cols.iter().any(role_below);
    let reversed = last > first && !grouped && value_cols.iter().any(role_above);
    // From here on the category is "parent" and the role "child", whichever row holds which.
    let header = if reversed {
        HeaderRows {
            top: last,
            bottom: first,
        }
    } else {
        header
    };
    (header, grouped || reversed)
}

/// Measures across (受理数 | 化解数 | 化解率), one row per category: one group, no column
/// dimension.
fn is_measures_across(grid: &Grid, header: HeaderRows, value_cols: &[u32], grouped: bool) -> bool {
    let counted: Vec<String> = value_cols
        .iter()
        .map(|c| header.heading(grid, *c))
        .filter(|l| !is_rate(l) && !is_running_total(l))
        .collect();
    !grouped
        && !counted.is_empty()
        && counted
            .iter()
            .all(|l| sub_role(l).is_some() && !is_total_label(l))
        && counted.iter().any(|l| sub_role(l) == Some("化解"))
}

/// The value columns sorted into groups (rate columns joined to theirs) and 合计 columns;
/// running totals (累计) are left out.
fn classify_columns(
    grid: &Grid,
    header: HeaderRows,
    value_cols: &[u32],
    grouped: bool,
    measures_across: bool,
) -> (Vec<Group>, Vec<u32>) {
    let mut groups: Vec<Group> = Vec::new();
    let mut total_cols: Vec<u32> = Vec::new();
    let mut rate_cols: Vec<u32> = Vec::new();
    for &c in value_cols {
        if is_rate(&header.heading(grid, c)) || is_rate(&header.parent(grid, c)) {
            rate_cols.push(c);
            continue;
        }
        let (label, role) = if measures_across {
            let role = sub_role(&header.heading(grid, c)).unwrap_or("总数");
            (String::new(), role)
        } else if grouped {
            let role = sub_role(&header.child(grid, c)).unwrap_or("总数");
            (header.parent(grid, c), role)
        } else {
            (header.heading(grid, c), "总数")
        };
        if is_running_total(&label) || is_running_total(&header.parent(grid, c)) {
            continue;
        }
        if !measures_across && (label.is_empty() || is_total_label(&label)) {
            total_cols.push(c);
            continue;
        }
        Group::named(&mut groups, &label).take_column(role, c);
    }
    groups.retain(|g| g.count != u32::MAX);
    // A rate column belongs to the group it follows (or, measures across, to the one group).
    for c in rate_cols {
        if let Some(g) = groups.iter_mut().rev().find(|g| g.count < c) {
            g.rate.get_or_insert(c);
        }
    }
    (groups, total_cols)
}

/// The rows are months or quarters: the label column's header says so, or its first filled
/// cells are all dates.
fn rows_are_time(grid: &Grid, header: &str, data_rows: &[u32], label_col: u32, year: i32) -> bool {
    ["月份", "月", "时间", "日期", "季度"]
        .iter()
        .any(|w| header.contains(w))
        || data_rows
            .iter()
            .filter_map(|r| {
                let cell = grid.get(*r, label_col);
                (!cell.is_empty()).then(|| parse_date(cell, year, grid.is_1904).is_some())
            })
            .take(6)
            .all(|is_date| is_date)
}

/// The dimension a row label column names (案件来源 -> 来源, 纠纷类型 -> 类型).
fn dimension_for(vocab: &Vocabulary, kind: LedgerKind, header: &str) -> &'static str {
    kind.fields()
        .iter()
        .filter(|f| ["类型", "类别", "渠道", "单位", "来源"].contains(&f.key))
        .max_by_key(|f| vocab.score(kind, header, f))
        .filter(|f| vocab.score(kind, header, f) > 0)
        .map(|f| f.key)
        .unwrap_or(match kind {
            LedgerKind::Mediation => "单位",
            LedgerKind::Meeting => "单位",
            LedgerKind::Disclosure => "渠道",
        })
}

/// What the columns (the groups) stand for, when they are neither time nor measures.
fn column_dimension(
    vocab: &Vocabulary,
    kind: LedgerKind,
    groups: &[Group],
    row_dim: Option<&str>,
) -> &'static str {
    match kind {
        LedgerKind::Mediation => {
            let known = ["法院", "派出所", "信访", "村调委会"];
            // Columns that are mostly referral channels (法院委派, 派出所移交, …, 群众申请).
            let sources = groups
                .iter()
                .filter(|g| known.contains(&vocab.canonical("来源", &g.label).as_str()))
                .count();
            if sources * 2 >= groups.len() && sources > 0 {
                "来源"
            } else {
                "类型"
            }
        }
        LedgerKind::Meeting => "类型",
        LedgerKind::Disclosure => {
            let channels = groups.iter().filter(|g| is_channel(&g.label)).count();
            if row_dim == Some("类别") || channels * 2 > groups.len() {
                "渠道"
            } else {
                "类别"
            }
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
struct Totals {
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
    fn into_declared(self, kind: LedgerKind, records: &[Record]) -> Vec<DeclaredTotal> {
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
