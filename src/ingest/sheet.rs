//! One grid -> records: find the header row(s) however the sheet is decorated, map columns to
//! canonical fields, then read each data row, skipping spacer, footer and total rows.

use super::cell::{parse_attendance, parse_count, parse_date, parse_number, Cell};
use super::grid::Grid;
use super::vocab::{outcome_resolved, LedgerKind, Vocabulary};
use super::{DeclaredTotal, Origin, Record};
use crate::diag::{column_letter, Finding};
use crate::text::squash;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// How many rows from the top are searched for a header.
const HEADER_SEARCH_ROWS: usize = 30;
/// The deepest header (rows) that is recognised.
const MAX_HEADER_ROWS: u32 = 3;

/// A recognised header: where it is and which column holds which field.
#[derive(Debug)]
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
    /// The months its title says it covers ("2023年12月至2024年11月"), first of each month.
    pub period: Option<(super::cell::Date, super::cell::Date)>,
}

/// The label of each column over header rows `first..=last` (merged cells already filled):
/// distinct texts top to bottom, joined ("当事人" over "申请人" -> "当事人申请人").
pub(super) fn labels(grid: &Grid, first: u32, last: u32) -> BTreeMap<u32, String> {
    let mut out: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for r in first..=last {
        for (c, cell) in grid.row(r) {
            let text = split_count(&squash(&cell.as_text())).0;
            if text.is_empty() {
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
    for field in kind.fields() {
        for (col, label) in labels {
            let score = vocab.score(kind, label, field);
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
            } else if cols > 1 && cols < width {
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

/// Two or more cells, all of them words: no number, no date.
fn looks_like_header_row(grid: &Grid, row: u32) -> bool {
    let mut n = 0;
    for (_, cell) in grid.row(row) {
        match cell {
            Cell::Text(t)
                if parse_number(cell).is_none() && parse_date(cell, 2000, false).is_none() =>
            {
                if !t.trim().is_empty() {
                    n += 1;
                }
            }
            Cell::Empty => {}
            _ => return false,
        }
    }
    n >= 2
}

/// Finds the best header in the first rows of the grid, for any ledger kind.
pub fn find_header(grid: &Grid, vocab: &Vocabulary) -> Option<Header> {
    let rows = grid.rows();
    let width = grid.width();
    let mut best: Option<Header> = None;
    for &row in rows.iter().take(HEADER_SEARCH_ROWS) {
        for kind in LedgerKind::ALL {
            if let Some(h) = header_at(grid, row, width, kind, vocab) {
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
    let last = row + header_depth(grid, row, width) - 1;
    let labels = labels(grid, row, last);
    let fits = |key: &str, col: u32| values_fit(grid, last, key, col);
    let (columns, score) = map_columns(kind, &labels, vocab, &fits);
    let keys: Vec<&str> = columns.keys().copied().collect();
    if !kind.is_satisfied_by(&keys) || repeats_a_count(kind, &labels, &columns, vocab) {
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

/// Whether the cells under a header (the first 12 filled ones of column `col` below row `last`)
/// fit `field`: some dates for a date field, mostly numbers for a count. Fewer than three cells
/// cannot say. (Lenient: the cells may run into a second table stacked below.)
fn values_fit(grid: &Grid, last: u32, field: &str, col: u32) -> bool {
    let cells: Vec<&Cell> = grid
        .rows()
        .into_iter()
        .filter(|r| *r > last)
        .map(|r| grid.get(r, col))
        .filter(|c| !c.is_empty())
        .take(12)
        .collect();
    if cells.len() < 3 {
        return true;
    }
    let share = |ok: &dyn Fn(&Cell) -> bool| {
        cells.iter().filter(|c| ok(c)).count() as f64 / cells.len() as f64
    };
    match field {
        "日期" | "结案日期" => share(&|c| parse_date(c, 2000, grid.is_1904).is_some()) > 0.0,
        "数量" | "件次" | "化解数" | "未化解数" => {
            share(&|c| parse_number(c).is_some()) >= 0.25
        }
        "人数" => share(&|c| parse_attendance(c).is_some()) > 0.0,
        _ => true,
    }
}

pub(super) fn total_words() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // "合计", "本月合计", "全年合计", "第一季度小计", "总计：" — a short label, not prose that
    // happens to contain the word.
    RE.get_or_init(|| {
        Regex::new(r"^(?:本月|本季度?|本年|全年|全镇|各村|[一二三四1-4]季度|第[一二三四1-4]季度|上半年|下半年|\d{1,2}月|[一二三四五六七八九十]+月)?(?:合计|小计|总计|共计|总数|汇总|合\s*计)[:：]?$|^(?:合计|小计|总计|共计)")
            .unwrap()
    })
}

fn footer_words() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(填报人|填表人|审核人|制表人|负责人|联系电话|联系人|注[:：]|备注[:：]|说明[:：]|单位负责人|统计人)")
            .unwrap()
    })
}

/// Rows that are neither records nor totals to check: a running total (累计, 全年累计), a
/// breakdown of the row above (其中：…), the column-number row some ledgers put under the
/// header (1 2 3 4 …).
pub(super) fn is_skipped(grid: &Grid, row: u32) -> bool {
    let cells: Vec<String> = grid
        .row(row)
        .map(|(_, c)| squash(&c.as_text()))
        .filter(|t| !t.is_empty())
        .collect();
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

/// A footer row: 填报人/审核人/联系电话, 注：…, or a printed page's "第 1 页 共 3 页".
pub(super) fn is_footer(grid: &Grid, row: u32) -> bool {
    static PAGE: OnceLock<Regex> = OnceLock::new();
    let page = PAGE.get_or_init(|| Regex::new(r"^(第\d+页)?(共\d+页)?(第\d+页)?$").unwrap());
    let texts: Vec<String> = grid
        .row(row)
        .map(|(_, c)| squash(&c.as_text()))
        .filter(|t| !t.is_empty())
        .collect();
    texts.first().is_some_and(|t| footer_words().is_match(t))
        || texts.iter().any(|t| t.contains('页') && page.is_match(t))
}

/// A count written into a label: "婚姻家庭纠纷（共计：12件）" -> ("婚姻家庭纠纷", Some(12)).
pub(super) fn split_count(label: &str) -> (String, Option<f64>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"[（(]\s*(?:共计|合计|总计|共|计)?\s*[:：]?\s*(\d+(?:\.\d+)?)\s*(?:件次|件|起|次|条|个|项|人)?\s*[）)]")
            .unwrap()
    });
    match re.captures(label) {
        Some(c) => (re.replace(label, "").trim().to_string(), c[1].parse().ok()),
        None => (label.to_string(), None),
    }
}

fn unit_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?:填报单位|报送单位|单位名称)[:：]\s*([^\s:：]+)").unwrap())
}

/// The unit named in a 填报单位 line above the header. `words` are [`title_words`].
fn filled_in_unit(words: &[String]) -> Option<String> {
    static NOTE: OnceLock<Regex> = OnceLock::new();
    let note = NOTE.get_or_init(|| Regex::new(r"[（(][^）)]*[）)]").unwrap());
    let c = words.iter().find_map(|t| unit_pattern().captures(t))?;
    // "杨家寺镇司法所（盖章）" -> "杨家寺镇司法所"
    let unit = note.replace_all(&c[1], "").trim().to_string();
    Some(unit).filter(|u| !u.is_empty())
}

/// A village committee named in the title or the file name ("石咀村人民调解委员会").
fn committee_named(words: &[String]) -> Option<String> {
    static COMMITTEE: OnceLock<Regex> = OnceLock::new();
    let committee = COMMITTEE
        .get_or_init(|| Regex::new(r"([\p{Han}]{1,12}?村(?:人民)?(?:调解委员会|调委会))").unwrap());
    words
        .iter()
        .find_map(|t| committee.captures(&squash(t)).map(|c| c[1].to_string()))
}

/// A sheet named after a village ("杨家寺村", "东村社区") names the unit of its rows.
fn village_sheet(sheet: &str) -> Option<String> {
    let s = squash(sheet);
    ["村", "社区", "村委会", "居委会", "调委会"]
        .iter()
        .any(|w| s.ends_with(w))
        .then_some(s)
}

/// A sheet name that says something: not "Sheet1", "工作表2", "2024年", "3月", "汇总".
fn meaningful_sheet_name(sheet: &str) -> Option<String> {
    static GENERIC: OnceLock<Regex> = OnceLock::new();
    let generic = GENERIC.get_or_init(|| {
        Regex::new(r"(?i)^(sheet|工作表|表|页|shee)?\d*$|^\d{4}年?度?$|^\d{1,2}月份?$|^[一二三四五六七八九十]+月份?$|^第?[一二三四1-4]季度$|汇总|合计|总表|台账|记录|统计|说明|登记")
            .unwrap()
    });
    let s = squash(sheet);
    (!s.is_empty() && !generic.is_match(&s)).then_some(s)
}

/// The texts above the header (title, 填报单位 lines), then the file's name.
fn title_words(grid: &Grid, header: &Header, file: &str) -> Vec<String> {
    let mut words: Vec<String> = grid
        .rows()
        .into_iter()
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

/// What every row of one sheet is read with.
struct Context<'a> {
    grid: &'a Grid,
    header: &'a Header,
    /// The unit named in a 填报单位 line above the header.
    unit: Option<String>,
    /// The title or file name says this is a village mediation committee's ledger.
    village: bool,
    /// The sheet's name when it says something ("专题学法", "杨家寺村"), not "Sheet1" or "3月".
    sheet_name: Option<String>,
    year: i32,
    vocab: &'a Vocabulary,
}

/// Reads the records of one sheet whose header has been found.
pub fn read_records(
    grid: &Grid,
    header: &Header,
    place: (&str, &str),
    (year, end): (i32, Option<u32>),
    vocab: &Vocabulary,
) -> SheetResult {
    let (file, sheet) = place;
    let mut out = SheetResult::default();
    let words = title_words(grid, header, file);
    let head_labels = labels(grid, header.first_row, header.last_row);
    let ctx = Context {
        grid,
        header,
        // The unit of the rows: a 填报单位 line, else a sheet named after a village, else a
        // committee named in the title or the file name.
        unit: filled_in_unit(&words)
            .or_else(|| village_sheet(sheet))
            .or_else(|| committee_named(&words)),
        sheet_name: meaningful_sheet_name(sheet),
        village: words
            .iter()
            .any(|t| super::vocab::is_village_committee(&squash(t))),
        year,
        vocab,
    };
    let mapped: Vec<u32> = header.columns.values().map(|(c, _)| *c).collect();
    let mut section: Option<String> = None;
    // Totals are compared once every row is read: (total, first record it covers, records
    // before it, is a 小计 or section).
    let mut totals: Vec<(Pending, usize, usize, bool)> = Vec::new();
    let mut last_total = 0;
    for r in grid.rows() {
        if r <= header.last_row {
            continue;
        }
        if end.is_some_and(|e| r >= e) {
            break;
        }
        let origin = Origin {
            file: file.to_string(),
            sheet: sheet.to_string(),
            row: r + 1,
            column: None,
        };
        if is_footer(grid, r) || is_skipped(grid, r) {
            continue;
        }
        if let Some(label) = grid
            .row(r)
            .map(|(_, c)| squash(&c.as_text()))
            .find(|t| total_words().is_match(t))
        {
            // A 小计, or a month's or quarter's total, covers the rows since the last total.
            let subtotal = label.starts_with("小计")
                || ["本月", "月", "季度", "半年"]
                    .iter()
                    .any(|w| label.contains(w));
            for (c, cell) in grid.row(r) {
                let Some(n) = parse_number(cell) else {
                    continue;
                };
                let field = header
                    .columns
                    .iter()
                    .find(|(_, (fc, _))| *fc == c)
                    .map(|(k, _)| *k);
                // The total of a views column (浏览次数) totals readers, not items.
                if field.is_none()
                    && head_labels
                        .get(&c)
                        .is_some_and(|l| super::vocab::is_audience_measure(l))
                {
                    continue;
                }
                totals.push((
                    Pending {
                        origin: origin.clone(),
                        column: Some(column_letter(c)),
                        label: label.clone(),
                        measure: Measure::in_total_row(field, cell),
                        declared: n,
                    },
                    last_total,
                    out.records.len(),
                    subtotal,
                ));
            }
            last_total = out.records.len();
            continue;
        }
        // A section row ("婚姻家庭纠纷（共计：12件）" across the table) names the rows below it.
        let mut texts: Vec<String> = grid
            .row(r)
            .map(|(_, c)| squash(&c.as_text()))
            .filter(|t| !t.is_empty())
            .collect();
        texts.dedup();
        if texts.len() == 1
            && grid.row(r).count() > 1
            && parse_number(&Cell::Text(texts[0].clone())).is_none()
        {
            // A title repeated on a printed page ("……台账（续表）") is not a section.
            if ["台账", "登记表", "统计表", "记录", "续表", "一览表"]
                .iter()
                .any(|w| texts[0].contains(w))
            {
                continue;
            }
            let (name, declared) = split_count(&texts[0]);
            close_sections(&mut totals, out.records.len());
            if let Some(n) = declared {
                totals.push((
                    Pending {
                        origin: origin.clone(),
                        column: None,
                        label: name.clone(),
                        measure: Measure::Count,
                        declared: n,
                    },
                    out.records.len(),
                    usize::MAX,
                    true,
                ));
            }
            section = Some(name);
            continue;
        }
        if mapped.iter().all(|c| grid.get(r, *c).is_empty()) {
            continue;
        }
        // A case written over two rows (one party a row) with its date, type and outcome
        // merged down: the second row continues the first.
        if continues_a_record_above(grid, header, r) {
            continue;
        }
        // A repeated header row (per-month blocks) is not data.
        let repeats = header
            .columns
            .values()
            .filter(|(c, label)| {
                let text = squash(&grid.get(r, *c).as_text());
                !text.is_empty() && label.ends_with(&text)
            })
            .count();
        if repeats >= 2 {
            continue;
        }
        if let Some(record) = read_row(&ctx, r, origin, &mut out.findings) {
            match record {
                Ok(mut rec) => {
                    if let Some(name) = &section {
                        let key = if header.kind == LedgerKind::Disclosure {
                            "类别"
                        } else {
                            "类型"
                        };
                        rec.dims.entry(key).or_insert_with(|| name.clone());
                    }
                    out.records.push(rec)
                }
                Err(f) => out.findings.push(f),
            }
        }
    }
    if let Some(f) = per_item_counts(header, &mut out.records, place) {
        out.findings.push(f);
    }
    let all = out.records.len();
    close_sections(&mut totals, all);
    for (total, from, before, partial) in totals {
        // A 合计 covers the whole sheet, unless rows follow it (then, like a 小计, the rows
        // since the previous total).
        let range = if partial || (before < all && before > 0) {
            from..before.min(all)
        } else {
            0..all
        };
        let counted = total.measure.count(&out.records[range]);
        out.declared.push(DeclaredTotal {
            ledger: header.kind,
            origin: total.origin,
            column: total.column,
            label: total.label,
            measure: total.measure.name(header.kind).to_string(),
            declared: total.declared,
            counted,
        });
    }
    out
}

/// In a register of one row per item (it names each item: a 标题, 当事人 or 案号, or a dated
/// 主题), a number column whose values cannot be per-item counts (most rows above 3, or a total
/// over ten a row) is not summed: each row counts once and the column is named in a warning.
fn per_item_counts(
    header: &Header,
    records: &mut [Record],
    place: (&str, &str),
) -> Option<Finding> {
    let has = |k: &str| header.columns.contains_key(k);
    let names_items = has("标题") || has("当事人") || has("案号") || (has("主题") && has("日期"));
    let key = ["件次", "次数"]
        .into_iter()
        .find(|k| has(k))
        .or_else(|| (has("数量") && !has("化解数") && !has("未化解数")).then_some("数量"))?;
    if !names_items || records.is_empty() {
        return None;
    }
    let rows = records.len() as f64;
    let total: f64 = records.iter().map(|r| r.count).sum();
    let large = records.iter().filter(|r| r.count > 3.0).count() as f64;
    if large * 2.0 <= rows && total <= rows * 10.0 {
        return None;
    }
    for r in records.iter_mut() {
        r.count = 1.0;
    }
    let (col, label) = &header.columns[key];
    Some(
        Finding::warning(
            place.0,
            format!(
                "这张表一行是一项，但“{label}”一栏的数字（合计 {}，共 {} 行）不像每项的件数，没有相加，按行数统计为 {} 件",
                super::cell::format_number(total),
                records.len(),
                records.len()
            ),
        )
        .sheet(place.1)
        .column(column_letter(*col))
        .hint("如果这一栏确实是件数，请在 inputs/gongwen.toml 中写明；浏览、阅读、点击、下载次数不是件数"),
    )
}

/// Whether row `r` continues a record above it: the row's key cell (date, else outcome, type
/// or case number) is inside a merged cell that starts on an earlier data row.
fn continues_a_record_above(grid: &Grid, header: &Header, r: u32) -> bool {
    let Some(key) = ["日期", "结果", "类型", "案号"]
        .iter()
        .find_map(|k| header.columns.get(k).map(|(c, _)| *c))
    else {
        return false;
    };
    grid.merges.iter().any(|m| {
        m.first_row > header.last_row
            && m.first_row < r
            && r <= m.last_row
            && (m.first_col..=m.last_col).contains(&key)
    })
}

/// How many people a list of names holds ("张三、李四、王五" -> 3); `None` for a phrase such as
/// "全体干部", which says no number.
fn names_present(list: &str) -> Option<f64> {
    let names: Vec<&str> = list
        .split(['、', '，', ',', '；', ';', ' ', '\u{3000}', '\n', '/'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    (names.len() >= 2).then_some(names.len() as f64)
}

/// Ends the open section totals at record `end`.
fn close_sections(totals: &mut [(Pending, usize, usize, bool)], end: usize) {
    for t in totals.iter_mut().filter(|t| t.2 == usize::MAX) {
        t.2 = end;
    }
}

/// A total found in a sheet, before it is compared.
struct Pending {
    origin: Origin,
    column: Option<String>,
    label: String,
    measure: Measure,
    declared: f64,
}

/// What a number in a total row adds up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Measure {
    /// Cases, meetings or items (a "145件" under any text column, or a count column).
    Count,
    Attendance,
    Resolved,
    Unresolved,
    /// How many rows: a plain number under a column that holds no count (an Excel table's
    /// SUBTOTAL(103, …) under 类别 counts its entries).
    Rows,
}

impl Measure {
    /// What a number in a total row totals: its column's measure; a plain number under a
    /// column of words (not "145件", which names its unit) counts that column's rows.
    fn in_total_row(field: Option<&str>, cell: &Cell) -> Measure {
        let counts = matches!(
            field,
            Some("数量" | "件次" | "次数" | "人数" | "化解数" | "未化解数")
        );
        if field.is_some() && !counts && matches!(cell, Cell::Number(_)) {
            Measure::Rows
        } else {
            Measure::of(field)
        }
    }

    fn of(field: Option<&str>) -> Measure {
        match field {
            Some("人数") => Measure::Attendance,
            Some("化解数") => Measure::Resolved,
            Some("未化解数") => Measure::Unresolved,
            _ => Measure::Count,
        }
    }

    pub(super) fn name(self, kind: LedgerKind) -> &'static str {
        match self {
            Measure::Count => match kind {
                LedgerKind::Mediation => "件数",
                LedgerKind::Meeting => "次数",
                LedgerKind::Disclosure => "件次",
            },
            Measure::Attendance => "参会人数",
            Measure::Resolved => "化解数",
            Measure::Unresolved => "未化解数",
            Measure::Rows => "行数",
        }
    }

    pub(super) fn count(self, records: &[Record]) -> f64 {
        records
            .iter()
            .map(|r| match self {
                Measure::Count => r.count,
                Measure::Attendance => r.attendance.unwrap_or(0.0),
                Measure::Resolved => r.resolved.unwrap_or(0.0),
                Measure::Unresolved => r.count - r.resolved.unwrap_or(0.0),
                Measure::Rows => 1.0,
            })
            .sum()
    }
}

fn read_row(
    ctx: &Context,
    r: u32,
    origin: Origin,
    side: &mut Vec<Finding>,
) -> Option<Result<Record, Finding>> {
    let Context {
        grid,
        header,
        year,
        vocab,
        ..
    } = *ctx;
    let unit = ctx.unit.as_deref();
    let col = |key: &str| header.columns.get(key).map(|(c, _)| *c);
    let cell = |key: &str| col(key).map(|c| grid.get(r, c)).unwrap_or(&Cell::Empty);
    // A tick-box field's value is the name of the ticked column.
    let written = |key: &str| -> String {
        match header.ticks.get(key) {
            Some(subs) => subs
                .iter()
                .find(|(c, _)| {
                    super::vocab::outcome_resolved(&grid.get(r, *c).as_text()) == Some(true)
                })
                .map(|(_, name)| name.clone())
                .unwrap_or_default(),
            None => cell(key).as_text().trim().to_string(),
        }
    };
    let text = |key: &str| squash(&written(key));
    let mut fields = BTreeMap::new();
    for key in header.columns.keys() {
        let t = written(key);
        if !t.is_empty() {
            fields.insert(*key, t);
        }
    }
    let date = parse_date(cell("日期"), year, grid.is_1904)
        .or_else(|| parse_date(cell("月份"), year, grid.is_1904));
    let end_date = parse_date(cell("结案日期"), year, grid.is_1904);
    let mut dims = BTreeMap::new();
    let mut count = 1.0;
    let mut resolved = None;
    let mut attendance = None;
    let bad_number = |key: &str, value: &Cell, reason: String| {
        let c = col(key).unwrap_or(0);
        let label = &header.columns[key].1;
        let hint = if matches!(value, Cell::NoCachedValue) {
            "请用 Excel 或 WPS 打开该文件，保存一次（让公式算出结果）后再运行"
        } else {
            "请填写整数，例如 12；如果这一栏不是件数或人数，请在 inputs/gongwen.toml 中改正栏目的含义"
        };
        Finding::error(&origin.file, format!("“{label}”一栏{reason}"))
            .sheet(&origin.sheet)
            .row(origin.row)
            .column(column_letter(c))
            .hint(hint)
    };
    let number = |key: &str| -> Result<Option<f64>, Finding> {
        let c = cell(key);
        parse_count(c).map_err(|why| bad_number(key, c, why))
    };
    let result = (|| -> Result<Option<()>, Finding> {
        match header.kind {
            LedgerKind::Mediation => {
                let unit_here = Some(text("单位"))
                    .filter(|u| !u.is_empty())
                    .or_else(|| unit.map(squash));
                let source = Some(text("来源"))
                    .filter(|s| !s.is_empty())
                    .map(|s| vocab.canonical("来源", &s))
                    .or_else(|| {
                        // No source written: a village committee's own case, if the row's unit
                        // or the sheet's (填报单位, title, file name) is a village committee.
                        [unit_here.as_deref(), unit]
                            .into_iter()
                            .flatten()
                            .map(|u| vocab.canonical("来源", u))
                            .find(|s| s == "村调委会")
                            .or_else(|| ctx.village.then(|| "村调委会".to_string()))
                    });
                if let Some(s) = source {
                    dims.insert("来源", s);
                }
                if let Some(u) = unit_here {
                    dims.insert("单位", vocab.canonical("单位", &u));
                }
                let kind = text("类型");
                if !kind.is_empty() {
                    dims.insert("类型", vocab.canonical("类型", &kind));
                }
                if col("数量").is_some() {
                    let Some(n) = number("数量")? else {
                        return Ok(None);
                    };
                    count = n;
                    resolved = match (number("化解数")?, number("未化解数")?) {
                        (Some(done), _) => Some(done),
                        (None, Some(open)) => Some(n - open),
                        (None, None) => None,
                    };
                } else {
                    if date.is_none()
                        && !fields.contains_key("结果")
                        && !fields.contains_key("类型")
                    {
                        return Ok(None);
                    }
                    resolved = outcome_resolved(&vocab.canonical("结果", &written("结果")))
                        .map(|yes| if yes { 1.0 } else { 0.0 });
                }
            }
            LedgerKind::Meeting => {
                // A workbook with a sheet per kind of meeting names the kind in the sheet.
                let kind = Some(text("类型"))
                    .filter(|k| !k.is_empty() || col("类型").is_some())
                    .or_else(|| ctx.sheet_name.clone())
                    .unwrap_or_default();
                if kind.is_empty() && date.is_none() {
                    return Ok(None);
                }
                if !kind.is_empty() {
                    dims.insert("类型", vocab.canonical("类型", &kind));
                }
                // In a register (one dated row per meeting) 次数 is the meeting's ordinal
                // ("第12次"), not a count.
                if col("次数").is_some() && col("日期").is_none() {
                    match number("次数")? {
                        Some(n) => count = n,
                        None => return Ok(None),
                    }
                }
                // An unreadable attendance is reported; the meeting itself still counts.
                let present = cell("人数");
                if col("人数").is_none() {
                    attendance = names_present(&written("参会人员"));
                }
                attendance = match parse_attendance(present) {
                    Some(n) if n.is_finite() && n.fract() == 0.0 => Some(n),
                    None if present.is_empty() => attendance,
                    _ => {
                        let why = parse_count(present).err().unwrap_or_else(|| {
                            format!("写的是“{}”，读不出人数", present.as_text())
                        });
                        side.push(bad_number("人数", present, why));
                        None
                    }
                };
            }
            LedgerKind::Disclosure => {
                for key in ["类别", "渠道"] {
                    let v = text(key);
                    if !v.is_empty() {
                        dims.insert(key, vocab.canonical(key, &v));
                    }
                }
                if col("件次").is_some() {
                    match number("件次")? {
                        Some(n) => count = n,
                        None => return Ok(None),
                    }
                } else if !fields.contains_key("标题") && !fields.contains_key("类别") {
                    return Ok(None);
                }
            }
        }
        Ok(Some(()))
    })();
    match result {
        Ok(Some(())) => {}
        Ok(None) => return None,
        Err(f) => return Some(Err(f)),
    }
    let mut missing = Vec::new();
    let register = col("数量").is_none() && (col("次数").is_none() || col("日期").is_some());
    if header.kind != LedgerKind::Disclosure && register && date.is_none() {
        missing.push(if fields.contains_key("日期") {
            "日期无法识别"
        } else {
            "日期"
        });
    }
    match header.kind {
        LedgerKind::Mediation if register => {
            if col("来源").is_some() && !dims.contains_key("来源") {
                missing.push("来源");
            }
            if !fields.contains_key("结果") {
                missing.push("结果");
            }
        }
        LedgerKind::Meeting if !dims.contains_key("类型") => missing.push("类型"),
        _ => {}
    }
    Some(Ok(Record {
        ledger: header.kind,
        origin,
        date,
        end_date,
        dims,
        count,
        resolved,
        attendance,
        fields,
        missing,
    }))
}
