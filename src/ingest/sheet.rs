//! Where a sheet's table is: find the header row(s) however the sheet is decorated, map columns
//! to canonical fields (names propose, values confirm), and tell spacer, footer, total and
//! title rows from data. Reading the data rows is `register` (rows) and `row` (one row).

use super::cell::{parse_date, parse_number, Cell};
use super::grid::Grid;
use super::vocab::{LedgerKind, Vocabulary};
use super::{DeclaredTotal, Record};
use crate::diag::Finding;
use crate::text::squash;
use regex::Regex;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// How many rows from the top are searched for a header.
const HEADER_SEARCH_ROWS: usize = 30;
/// The deepest header (rows) that is recognised.
const MAX_HEADER_ROWS: u32 = 3;

/// A recognised header: where it is and which column holds which field.
#[derive(Debug, Clone)]
pub struct Header {
    pub kind: LedgerKind,
    /// First and last header row, 0-based.
    pub first_row: u32,
    pub last_row: u32,
    /// field key -> (column, label as written)
    pub columns: BTreeMap<&'static str, (u32, String)>,
    /// Fields written as tick boxes: a group cell (案件来源) over one column per value
    /// (法院推送 | 派出所移交 | …), the row's value being the column with the mark.
    pub ticks: BTreeMap<&'static str, Vec<(u32, String)>>,
    pub score: u32,
}

impl Header {
    /// The column whose numbers are added up, when the table is a count table: 数量, 件次, or
    /// 次数 where there is no date (in a dated register 次数 is a meeting's ordinal, "第12次").
    pub fn count_column(&self) -> Option<&'static str> {
        let has = |k: &str| self.columns.contains_key(k);
        ["数量", "件次", "次数"]
            .into_iter()
            .find(|k| has(k))
            .filter(|k| *k != "次数" || !has("日期"))
    }
}

/// What one sheet gave.
#[derive(Debug, Default)]
pub struct SheetResult {
    pub records: Vec<Record>,
    pub declared: Vec<DeclaredTotal>,
    pub findings: Vec<Finding>,
    /// Months the sheet has a row for (a grid with months down).
    pub months: Vec<u32>,
    /// The rows are months or quarters (a grid with time down).
    pub time_rows: bool,
    /// How the sheet was read, for the reading summary (shape, header rows, column map).
    pub layout: String,
    /// Code columns decoded: (column label, where its legend is).
    pub decoded: Vec<(String, String)>,
    /// The months its title says it covers ("2023年12月至2024年11月"), first of each month.
    pub period: Option<(super::cell::Date, super::cell::Date)>,
}

/// The label of each column over header rows `first..=last` (merged cells already filled):
/// distinct texts top to bottom, joined ("当事人" over "申请人" -> "当事人申请人"). A lower
/// cell merged across columns that have different labels above names no sub-column: it is
/// the label of a case's second row (`spanning::second_line`).
pub(super) fn labels(grid: &Grid, first: u32, last: u32) -> BTreeMap<u32, String> {
    let mut out: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for r in first..=last {
        let second_line = second_line_areas(grid, r, first, &out);
        for (c, cell) in grid.row(r) {
            let text = split_count(&squash(&cell.as_text())).0;
            if text.is_empty() || second_line.iter().any(|(a, b)| (*a..=*b).contains(&c)) {
                continue;
            }
            let parts = out.entry(c).or_default();
            if !parts.contains(&text) {
                parts.push(text);
            }
        }
    }
    out.into_iter().map(|(c, p)| (c, p.concat())).collect()
}

/// Whether a cell merged across lies under different labels (编号 | 登记日期 | 纠纷类型 over
/// one 调解结果): the label of a case's second row, with no sub-headers below it.
pub(super) fn names_second_line(grid: &Grid, m: &super::grid::Merge) -> bool {
    let Some(up) = m.first_row.checked_sub(1) else {
        return false;
    };
    let mut texts: Vec<String> = (m.first_col..=m.last_col)
        .map(|c| squash(&grid.get(up, c).as_text()))
        .filter(|t| !t.is_empty())
        .collect();
    texts.dedup();
    texts.len() >= 2
}

/// The columns (first, last) of the cells of header row `r` merged across columns whose labels
/// above (`above`, rows `first..r`) differ: labels of a second row, not sub-headers.
pub(super) fn second_line_areas(
    grid: &Grid,
    r: u32,
    first: u32,
    above: &BTreeMap<u32, Vec<String>>,
) -> Vec<(u32, u32)> {
    if r == first {
        return Vec::new();
    }
    grid.merges
        .iter()
        .filter(|m| m.first_row == r && m.last_col > m.first_col)
        .filter(|m| {
            let mut labels: Vec<&Vec<String>> = (m.first_col..=m.last_col)
                .filter_map(|c| above.get(&c))
                .collect();
            labels.dedup();
            labels.len() >= 2
        })
        .map(|m| (m.first_col, m.last_col))
        .collect()
}

/// Maps labels to fields of `kind`: each field takes its best column, each column one field.
/// Names propose, values confirm: a column whose cells below do not fit the field (`fits`) is
/// not taken for it.
fn map_columns(
    kind: LedgerKind,
    labels: &BTreeMap<u32, String>,
    vocab: &Vocabulary,
    fits: &dyn Fn(&str, u32) -> bool,
) -> (BTreeMap<&'static str, (u32, String)>, u32) {
    let mut candidates = Vec::new();
    let scores: Vec<_> = labels.values().map(|l| vocab.scores(kind, l)).collect();
    for (i, field) in kind.fields().iter().enumerate() {
        for ((col, label), scores) in labels.iter().zip(&scores) {
            let score = scores[i];
            if score > 0 && fits(field.key, *col) {
                candidates.push((score, field.key, *col, label.clone()));
            }
        }
    }
    // Highest score first; ties go to the leftmost column.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
    let mut columns = BTreeMap::new();
    let mut used = Vec::new();
    let mut total = 0;
    for (score, key, col, label) in candidates {
        if columns.contains_key(key) || used.contains(&col) {
            continue;
        }
        columns.insert(key, (col, label));
        used.push(col);
        total += score;
    }
    (columns, total)
}

/// How many rows a header starting at `row` spans, judged by its merged cells: a group cell
/// merged across columns has sub-headers below it; a cell merged down spans the header's depth.
pub(super) fn header_depth(grid: &Grid, row: u32, width: u32) -> u32 {
    let mut depth = 1;
    loop {
        let before = depth;
        for m in &grid.merges {
            if m.first_row < row || m.first_row >= row + depth {
                continue;
            }
            let cols = m.last_col - m.first_col + 1;
            let rows = m.last_row - m.first_row + 1;
            if rows > 1 {
                depth = depth.max(m.last_row - row + 1);
            } else if cols > 1 && cols < width && !names_second_line(grid, m) {
                depth = depth.max(m.first_row - row + 2);
            }
        }
        depth = depth.min(MAX_HEADER_ROWS);
        if depth == before {
            return depth;
        }
    }
}

/// Tick-box fields: a mapped field whose header cell is a group over two or more sub-columns
/// with different names.
fn tick_groups(
    grid: &Grid,
    (first, last): (u32, u32),
    kind: LedgerKind,
    columns: &BTreeMap<&'static str, (u32, String)>,
    vocab: &Vocabulary,
) -> BTreeMap<&'static str, Vec<(u32, String)>> {
    let mut out = BTreeMap::new();
    if last == first {
        return out;
    }
    let text = |r: u32, c: u32| squash(&grid.get(r, c).as_text());
    for key in ["来源", "结果", "类型", "类别", "渠道"] {
        let Some((col, _)) = columns.get(key) else {
            continue;
        };
        let Some(field) = kind.fields().iter().find(|f| f.key == key) else {
            continue;
        };
        // The group cell names the field (案件来源); its sub-columns name values (法院推送).
        let parent = text(first, *col);
        if vocab.score(kind, &parent, field) == 0 {
            continue;
        }
        let subs: Vec<(u32, String)> = grid
            .row(first)
            .map(|(c, _)| c)
            .filter(|c| text(first, *c) == parent)
            .map(|c| (c, text(last, c)))
            .filter(|(_, child)| {
                !child.is_empty() && *child != parent && vocab.score(kind, child, field) == 0
            })
            .collect();
        if subs.len() >= 2 {
            out.insert(key, subs);
        }
    }
    out
}

/// Whether a count column's name comes back in other columns ("婚姻家庭纠纷 本月总数",
/// "邻里纠纷 本月总数"): a statistics sheet, read as a cross table instead.
fn repeats_a_count(
    kind: LedgerKind,
    labels: &BTreeMap<u32, String>,
    columns: &BTreeMap<&'static str, (u32, String)>,
    vocab: &Vocabulary,
) -> bool {
    const COUNTS: [&str; 4] = ["数量", "化解数", "件次", "次数"];
    kind.fields()
        .iter()
        .filter(|f| COUNTS.contains(&f.key))
        .filter_map(|f| columns.get(f.key).map(|(col, _)| (f, *col)))
        .any(|(f, col)| {
            labels
                .iter()
                .filter(|(c, _)| **c != col && !columns.values().any(|(m, _)| m == *c))
                .any(|(_, label)| vocab.score(kind, label, f) > 0)
        })
}

/// Every header of the sheet's ledger: the best one in the first rows, then any other header
/// of the same kind further down or above it (tables stacked on one sheet, the header repeated
/// on each printed page), in row order. Each header's rows run to the next header.
pub fn find_headers(grid: &Grid, vocab: &Vocabulary) -> Vec<Header> {
    let Some(best) = find_header(grid, vocab) else {
        return Vec::new();
    };
    let width = grid.width();
    let kind = best.kind;
    let mut headers = vec![best];
    for row in grid.rows() {
        if headers
            .iter()
            .any(|h| (h.first_row..=h.last_row).contains(&row))
            || !looks_like_header_row(grid, row)
        {
            continue;
        }
        if let Some(h) = header_at(grid, row, width, kind, vocab) {
            if h.score * 10 >= headers[0].score * 6 {
                headers.push(h);
            }
        }
    }
    headers.sort_by_key(|h| h.first_row);
    // The same header again (printed on every page) continues its table: one table, and its
    // repeated header rows are skipped as such.
    headers.dedup_by(|later, earlier| later.columns == earlier.columns);
    headers
}

/// Two or more cells, all of them words: no number, no date. Settled by the cells' kinds
/// first (most rows of a table hold a number or a date), then by the texts most likely to read
/// as one (those that start with a digit), so a million rows parse few texts.
fn looks_like_header_row(grid: &Grid, row: u32) -> bool {
    let mut words = 0;
    for (_, cell) in grid.row(row) {
        match cell {
            Cell::Text(t) => words += usize::from(!t.trim().is_empty()),
            Cell::Empty => {}
            _ => return false,
        }
    }
    if words < 2 {
        return false;
    }
    let value = |c: &Cell| parse_number(c).is_some() || parse_date(c, 2000, false).is_some();
    let digit_first = |c: &Cell| matches!(c, Cell::Text(t) if t.trim_start().starts_with(|d: char| d.is_ascii_digit()));
    let texts = || grid.row(row).map(|(_, c)| c);
    !texts().filter(|c| digit_first(c)).any(value)
        && !texts().filter(|c| !digit_first(c)).any(value)
}

/// Finds the best header in the first rows of the grid, for any ledger kind.
pub fn find_header(grid: &Grid, vocab: &Vocabulary) -> Option<Header> {
    let width = grid.width();
    let mut best: Option<Header> = None;
    for row in grid.rows_from(0).take(HEADER_SEARCH_ROWS) {
        // The header's rows and labels are the same whichever kind it is tried as.
        let (last, labels) = header_labels(grid, row, width);
        for kind in LedgerKind::ALL {
            if let Some(h) = header_of(grid, (row, last, &labels), kind, vocab) {
                if best.as_ref().is_none_or(|b| h.score > b.score) {
                    best = Some(h);
                }
            }
        }
    }
    best
}

/// The header of `kind` starting at `row`, if its labels name enough of the kind's fields (and
/// are not a statistics sheet's repeated count columns).
fn header_at(
    grid: &Grid,
    row: u32,
    width: u32,
    kind: LedgerKind,
    vocab: &Vocabulary,
) -> Option<Header> {
    let (last, labels) = header_labels(grid, row, width);
    header_of(grid, (row, last, &labels), kind, vocab)
}

/// The last row of a header starting at `row`, and its labels by column.
fn header_labels(grid: &Grid, row: u32, width: u32) -> (u32, BTreeMap<u32, String>) {
    let last = row + header_depth(grid, row, width) - 1;
    (last, labels(grid, row, last))
}

/// The header of `kind` whose rows `row..=last` hold `labels`, if they make one.
fn header_of(
    grid: &Grid,
    (row, last, labels): (u32, u32, &BTreeMap<u32, String>),
    kind: LedgerKind,
    vocab: &Vocabulary,
) -> Option<Header> {
    let fits = |key: &str, col: u32| {
        labels
            .get(&col)
            .is_some_and(|l| super::dates::part_label(key, l))
            && super::confirm::values_fit(grid, last, key, col, vocab)
    };
    let (columns, score) = map_columns(kind, labels, vocab, &fits);
    let keys: Vec<&str> = columns.keys().copied().collect();
    if !kind.is_satisfied_by(&keys)
        || repeats_a_count(kind, labels, &columns, vocab)
        || (kind == LedgerKind::Meeting
            && !super::confirm::names_confirm(grid, last, &columns, vocab))
    {
        return None;
    }
    Some(Header {
        kind,
        first_row: row,
        last_row: last,
        ticks: tick_groups(grid, (row, last), kind, &columns, vocab),
        columns,
        score,
    })
}

/// Whether a (squashed) cell text is a total's label ([`total_words`]); a text with neither 计
/// nor 总, which every such label has, is settled without the pattern (most cells of a ledger).
pub(super) fn is_total_label(text: &str) -> bool {
    crate::text::holds_any(text, &['计', '总']) && total_words().is_match(text)
}

/// A cell's text, squashed, when it is a total's label ([`is_total_label`]). Only a text cell
/// can be (squashing keeps its 计 or 总), so no number or date of a million rows is spelled
/// out to find it is not.
pub(super) fn total_label(cell: &Cell) -> Option<Cow<'_, str>> {
    let Cell::Text(t) = cell else {
        return None;
    };
    if !crate::text::holds_any(t, &['计', '总']) {
        return None;
    }
    let label = crate::text::squashed(t);
    is_total_label(&label).then_some(label)
}

fn total_words() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // "合计", "本月合计", "全年合计", "第一季度小计", "总计：" — a short label, not prose that
    // happens to contain the word.
    RE.get_or_init(|| {
        crate::text::compile(r"^(?:本月|本季度?|本年|全年|全镇|各村|[一二三四1-4]季度|第[一二三四1-4]季度|上半年|下半年|\d{1,2}月|[一二三四五六七八九十]+月)?(?:合计|小计|总计|共计|总数|汇总|合\s*计)[:：]?$|^(?:合计|小计|总计|共计)")
    })
}

fn footer_words() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        crate::text::compile(r"^(填报人|填表人|审核人|制表人|负责人|联系电话|联系人|注[:：]|备注[:：]|说明[:：]|单位负责人|统计人)")
    })
}

/// The texts of a row, squashed, the empty ones left out.
fn row_texts(grid: &Grid, row: u32) -> Vec<Cow<'_, str>> {
    grid.row(row)
        .map(|(_, c)| c.squashed())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Whether a row is a footer or a row to pass over (see `footer` and `skipped`), its texts
/// squashed once for both.
pub(super) fn is_footer_or_skipped(grid: &Grid, row: u32) -> bool {
    if plainly_neither(grid, row) {
        return false;
    }
    let texts = row_texts(grid, row);
    footer(&texts) || skipped(&texts)
}

/// A row that cannot be a footer or a row to pass over, seen from its cells as they are
/// (most rows of a ledger): its first cell does not begin with a footer's word, 其中 or a
/// number that could be 1, it is not one text alone, and no text in it holds 页 or 累. Any
/// other row is looked at squashed, word by word (`footer`, `skipped`).
fn plainly_neither(grid: &Grid, row: u32) -> bool {
    const STARTS: [char; 17] = [
        '填', '审', '制', '负', '联', '注', '备', '说', '单', '统', '其', '0', '1', '+', '０',
        '１', '＋',
    ];
    // What `row_texts` keeps: a cell whose squashed text is not empty.
    let shown = |c: &&Cell| match c {
        Cell::Empty | Cell::NoCachedValue => false,
        Cell::Text(t) | Cell::Error(t) => !t.trim().is_empty(),
        _ => true,
    };
    let marked = |c: &Cell| matches!(c, Cell::Text(t) | Cell::Error(t) if crate::text::holds_any(t, &['页', '累']));
    let mut cells = grid.row(row).map(|(_, c)| c).filter(shown);
    let Some(first) = cells.next() else {
        return true;
    };
    match first {
        // Could be the 1 of a column-number row.
        Cell::Number(n) if (n - 1.0).abs() < 0.5 => return false,
        Cell::Text(t) | Cell::Error(t) => {
            if t.trim_start().starts_with(STARTS) || marked(first) {
                return false;
            }
        }
        // Another number, a date or a yes/no is no footer's word, page number or 1.
        _ => return !cells.any(marked),
    }
    let mut alone = true;
    for c in cells {
        alone = false;
        if marked(c) {
            return false;
        }
    }
    !alone
}

/// Rows that are neither records nor totals to check: a running total (累计, 全年累计), a
/// breakdown of the row above (其中：…), the column-number row some ledgers put under the
/// header (1 2 3 4 …).
fn skipped(cells: &[Cow<str>]) -> bool {
    let Some(first) = cells.first() else {
        return false;
    };
    if first.starts_with("其中") || cells.iter().any(|t| RUNNING.iter().any(|w| t == w)) {
        return true;
    }
    let numbers: Vec<u32> = cells.iter().filter_map(|t| t.parse().ok()).collect();
    numbers.len() == cells.len()
        && numbers.len() >= 3
        && numbers[0] == 1
        && numbers.windows(2).all(|w| w[1] == w[0] + 1)
}

const RUNNING: [&str; 5] = ["累计", "本年累计", "全年累计", "年度累计", "累计数"];

/// A footer row: 填报人/审核人/联系电话, 注：…, a printed page's "第 1 页 共 3 页" or "— 1 —",
/// or the "以下空白" written under the last entry.
fn footer(texts: &[Cow<str>]) -> bool {
    static PAGE: OnceLock<Regex> = OnceLock::new();
    let page = PAGE.get_or_init(|| {
        crate::text::compile(r"^(?:(第\d+页)?(共\d+页)?(第\d+页)?|[—–\-－─·]+\d+[—–\-－─·]+|[（(]?以下(?:空白|无内容|无正文|无)[）)]?)$")
    });
    // Every footer word begins with one of these (the pattern is asked only then).
    let footer_start = ['填', '审', '制', '负', '联', '注', '备', '说', '单', '统'];
    texts
        .first()
        .is_some_and(|t| t.starts_with(footer_start) && footer_words().is_match(t))
        || texts.len() == 1 && page.is_match(&texts[0])
        || texts
            .iter()
            .any(|t| crate::text::holds_any(t, &['页']) && page.is_match(t))
}

/// A count written into a label: "婚姻家庭纠纷（共计：12件）" -> ("婚姻家庭纠纷", Some(12)).
pub(super) fn split_count(label: &str) -> (String, Option<f64>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        crate::text::compile(r"[（(]\s*(?:共计|合计|总计|共|计)?\s*[:：]?\s*(\d+(?:\.\d+)?)\s*(?:件次|件|起|次|条|个|项|人)?\s*[）)]")
    });
    match re.captures(label) {
        Some(c) => (re.replace(label, "").trim().to_string(), c[1].parse().ok()),
        None => (label.to_string(), None),
    }
}

fn unit_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| crate::text::compile(r"(?:填报单位|报送单位|单位名称)[:：]\s*([^\s:：]+)"))
}

/// The unit named in a 填报单位 line above the header. `words` are [`title_words`].
pub(super) fn filled_in_unit(words: &[String]) -> Option<String> {
    static NOTE: OnceLock<Regex> = OnceLock::new();
    let note = NOTE.get_or_init(|| crate::text::compile(r"[（(][^）)]*[）)]"));
    let c = words.iter().find_map(|t| unit_pattern().captures(t))?;
    // "杨家寺镇司法所（盖章）" -> "杨家寺镇司法所"
    let unit = note.replace_all(&c[1], "").trim().to_string();
    Some(unit).filter(|u| !u.is_empty())
}

/// A village committee named in the title or the file name ("石咀村人民调解委员会").
pub(super) fn committee_named(words: &[String]) -> Option<String> {
    static COMMITTEE: OnceLock<Regex> = OnceLock::new();
    let committee = COMMITTEE.get_or_init(|| {
        crate::text::compile(r"([\p{Han}]{1,12}?村(?:人民)?(?:调解委员会|调委会))")
    });
    words
        .iter()
        .find_map(|t| committee.captures(&squash(t)).map(|c| c[1].to_string()))
}

/// A sheet named after a village ("杨家寺村", "东村社区") names the unit of its rows.
pub(super) fn village_sheet(sheet: &str) -> Option<String> {
    let s = squash(sheet);
    ["村", "社区", "村委会", "居委会", "调委会"]
        .iter()
        .any(|w| s.ends_with(w))
        .then_some(s)
}

/// A sheet name that says something: not "Sheet1", "工作表2", "2024年", "3月", "汇总".
pub(super) fn meaningful_sheet_name(sheet: &str) -> Option<String> {
    static GENERIC: OnceLock<Regex> = OnceLock::new();
    let generic = GENERIC.get_or_init(|| {
        crate::text::compile(r"(?i)^(sheet|工作表|表|页|shee)?\d*$|^\d{4}年?度?$|^\d{1,2}月份?$|^[一二三四五六七八九十]+月份?$|^第?[一二三四1-4]季度$|汇总|合计|总表|台账|记录|统计|说明|登记")
    });
    let s = squash(sheet);
    (!s.is_empty() && !generic.is_match(&s)).then_some(s)
}

/// The texts above the header (title, 填报单位 lines), then the file's name.
pub(super) fn title_words(grid: &Grid, header: &Header, file: &str) -> Vec<String> {
    let mut words: Vec<String> = grid
        .rows_from(0)
        .take_while(|r| *r < header.first_row)
        .flat_map(|r| {
            grid.row(r)
                .map(|(_, c)| crate::text::fold_width(&c.as_text()))
                .collect::<Vec<_>>()
        })
        .collect();
    words.push(file.rsplit('/').next().unwrap_or(file).to_string());
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Cell {
        Cell::Text(t.into())
    }

    /// Rows as clerks write them: records, footers, page numbers, running totals, column
    /// numbers, in every form the cells come in.
    fn rows() -> Vec<Vec<Cell>> {
        let dated = super::super::Date::new(2024, 3, 5).map(|d| vec![Cell::Date(d), text("公安")]);
        let mut rows = vec![
            vec![
                Cell::Number(3.0),
                text("2024-03-05"),
                text("法院"),
                text("调解成功"),
            ],
            vec![
                text("张三与李四"),
                text("邻里纠纷"),
                Cell::Empty,
                text("已化解"),
            ],
            vec![text("填表人：王五"), Cell::Empty, text("审核人：赵六")],
            vec![Cell::NoCachedValue, text(" 填报人：王五")],
            vec![text("  "), text("第1页"), text("共3页")],
            vec![text("— 2 —")],
            vec![text("以下空白")],
            vec![text("其中：婚姻家庭"), Cell::Number(4.0)],
            vec![text("全年累计"), Cell::Number(40.0)],
            vec![text("累 计"), Cell::Number(40.0)],
            vec![Cell::Number(1.0), Cell::Number(2.0), Cell::Number(3.0)],
            vec![Cell::Number(2.0), text("第2页")],
            vec![Cell::Number(7.0), text("本年累计")],
            vec![text("1"), text("2"), text("3"), text("4")],
            vec![text("１"), text("２"), text("３")],
            vec![text("01"), text("2"), text("3")],
            vec![text("+1"), text("2"), text("3")],
            vec![Cell::Bool(true), text("第2页")],
            vec![text("注：本表按月填报")],
            vec![text("说明：")],
            vec![text("一本台账")],
        ];
        rows.push(vec![]);
        rows.extend(dated);
        rows
    }

    #[test]
    fn a_row_passed_as_plain_is_never_a_footer_or_a_row_to_skip() {
        let mut plain = 0;
        for (r, cells) in rows().into_iter().enumerate() {
            let mut grid = Grid::default();
            for (c, cell) in cells.into_iter().enumerate() {
                grid.set(0, c as u32, cell);
            }
            let texts = row_texts(&grid, 0);
            let slow = footer(&texts) || skipped(&texts);
            if plainly_neither(&grid, 0) {
                plain += 1;
                assert!(!slow, "row {r} {texts:?}");
            }
            assert_eq!(is_footer_or_skipped(&grid, 0), slow, "row {r} {texts:?}");
        }
        // The records are passed at a glance.
        assert!(plain >= 4);
    }

    #[test]
    fn only_a_text_holding_a_total_word_is_a_total_label() {
        assert_eq!(total_label(&text("合 计")).as_deref(), Some("合计"));
        assert_eq!(
            total_label(&text("本月小计：")).as_deref(),
            Some("本月小计:")
        );
        assert!(total_label(&text("统计员")).is_none());
        assert!(total_label(&Cell::Number(12.0)).is_none());
    }
}
