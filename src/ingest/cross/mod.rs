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
use super::sheet::{split_count, total_words, SheetResult};
use super::vocab::{LedgerKind, Vocabulary};
use crate::text::squash;

mod layout;
mod rows;

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
