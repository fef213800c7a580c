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

use super::cell::{parse_count, parse_date, parse_number, Cell};
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
    let rows = grid.rows();
    let width = grid.width();
    // The header: the first row with at least three labels under which numbers follow.
    let mut found = None;
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
            found = Some((i, row, last));
            break;
        }
    }
    let (index, first, last) = found?;
    let mut context = words.to_string();
    for r in &rows[..index] {
        for (_, c) in grid.row(*r) {
            context.push(' ');
            context.push_str(&c.as_text());
        }
    }
    let kind = kind_from_words(&context)?;

    let parent = |c: u32| split_count(&squash(&grid.get(first, c).as_text())).0;
    let child = |c: u32| split_count(&squash(&grid.get(last, c).as_text())).0;
    let data_rows: Vec<u32> = rows.iter().copied().filter(|r| *r > last).collect();
    let columns: Vec<u32> = {
        let mut cols: Vec<u32> = (first..=last)
            .flat_map(|r| grid.row(r).map(|(c, _)| c))
            .collect();
        cols.sort_unstable();
        cols.dedup();
        cols
    };
    let numeric_share = |c: u32| {
        let filled: Vec<&Cell> = data_rows
            .iter()
            .map(|r| grid.get(*r, c))
            .filter(|x| !x.is_empty())
            .collect();
        if filled.is_empty() {
            return 0.0;
        }
        filled.iter().filter(|x| is_numeric(x)).count() as f64 / filled.len() as f64
    };
    // The row label column: the first column that holds text (or months), not a 序号.
    let label_col = columns.iter().copied().find(|c| {
        let l = parent(*c);
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

    // A grid has one column per category. A statistics sheet: roles (总数/化解数/未化解数) under each category; or the other way
    // round, categories under each role (受理数 over [类型A | 类型B | 小计]).
    let role_below = |c: &u32| sub_role(&child(*c)).is_some() && sub_role(&parent(*c)).is_none();
    let role_above = |c: &u32| sub_role(&parent(*c)).is_some() && child(*c) != parent(*c);
    let grouped = last > first && value_cols.iter().any(role_below);
    let reversed = last > first && !grouped && value_cols.iter().any(role_above);
    // From here on the category is "parent" and the role "child", whichever row holds which.
    let (top, bottom) = if reversed {
        (last, first)
    } else {
        (first, last)
    };
    let parent = |c: u32| split_count(&squash(&grid.get(top, c).as_text())).0;
    let child = |c: u32| split_count(&squash(&grid.get(bottom, c).as_text())).0;
    let grouped = grouped || reversed;
    // Measures across (受理数 | 化解数 | 化解率), one row per category: one group, no column
    // dimension.
    let heading = |c: u32| {
        if child(c).is_empty() {
            parent(c)
        } else {
            child(c)
        }
    };
    let counted_cols: Vec<u32> = value_cols
        .iter()
        .copied()
        .filter(|c| !is_rate(&heading(*c)) && !is_running_total(&heading(*c)))
        .collect();
    let measures_across = !grouped
        && !counted_cols.is_empty()
        && counted_cols.iter().all(|c| {
            let l = heading(*c);
            sub_role(&l).is_some() && !is_total_label(&l)
        })
        && counted_cols
            .iter()
            .any(|c| sub_role(&heading(*c)) == Some("化解"));
    let mut groups: Vec<Group> = Vec::new();
    let mut total_cols: Vec<u32> = Vec::new();
    let mut rate_cols: Vec<u32> = Vec::new();
    for &c in &value_cols {
        if is_rate(&heading(c)) || is_rate(&parent(c)) {
            rate_cols.push(c);
            continue;
        }
        let (label, role) = if measures_across {
            (String::new(), sub_role(&heading(c)).unwrap_or("总数"))
        } else if grouped {
            (parent(c), sub_role(&child(c)).unwrap_or("总数"))
        } else {
            let l = if child(c).is_empty() {
                parent(c)
            } else {
                child(c)
            };
            (l, "总数")
        };
        if is_running_total(&label) || is_running_total(&parent(c)) {
            continue;
        }
        if !measures_across && (label.is_empty() || is_total_label(&label)) {
            total_cols.push(c);
            continue;
        }
        let g = match groups.iter_mut().find(|g| g.label == label) {
            Some(g) => g,
            None => {
                groups.push(Group {
                    label: label.clone(),
                    count: u32::MAX,
                    resolved: None,
                    unresolved: None,
                    rate: None,
                });
                groups.last_mut().expect("pushed")
            }
        };
        match role {
            "化解" if g.resolved.is_none() => g.resolved = Some(c),
            "未化解" if g.unresolved.is_none() => g.unresolved = Some(c),
            _ if g.count == u32::MAX => g.count = c,
            _ => {}
        }
    }
    groups.retain(|g| g.count != u32::MAX);
    // A rate column belongs to the group it follows (or, measures across, to the one group).
    for c in rate_cols {
        if let Some(g) = groups.iter_mut().rev().find(|g| g.count < c) {
            g.rate.get_or_insert(c);
        }
    }
    if groups.is_empty() {
        return None;
    }

    // What the rows and the columns stand for.
    let row_header = parent(label_col);
    let row_is_time = ["月份", "月", "时间", "日期", "季度"]
        .iter()
        .any(|w| row_header.contains(w))
        || data_rows
            .iter()
            .filter_map(|r| {
                let cell = grid.get(*r, label_col);
                (!cell.is_empty()).then(|| parse_date(cell, year, grid.is_1904).is_some())
            })
            .take(6)
            .all(|is_date| is_date);
    // The dimension a row label column names (案件来源 -> 来源, 纠纷类型 -> 类型).
    let dim_for = |header: &str| -> &'static str {
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
    };
    let mut row_dim = (!row_is_time).then(|| dim_for(&row_header));
    // Columns that are months or quarters: the rows carry the category, the columns the time.
    let columns_are_time =
        !measures_across && groups.len() >= 2 && groups.iter().all(|g| is_time_label(&g.label));
    let column_dim = match kind {
        _ if columns_are_time || measures_across => "",
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
    };

    let labels: Vec<&str> = groups.iter().map(|g| g.label.as_str()).collect();
    let rows_mean = if row_is_time {
        "月份或季度"
    } else {
        row_dim.unwrap_or("单位")
    };
    let columns_mean = if columns_are_time {
        "月份或季度"
    } else {
        column_dim
    };
    let mut out = SheetResult {
        time_rows: row_is_time,
        period: super::cell::parse_period(&context),
        layout: format!(
            "{}，{}，{}：每行一个{rows_mean}（{} 列），每列一个{columns_mean}（{}）",
            kind.description(),
            if grouped {
                "统计表（每类分总数/化解数/未化解数）"
            } else {
                "交叉表"
            },
            super::reading::rows_text(first, last),
            column_letter(label_col),
            labels.join("、")
        ),
        ..SheetResult::default()
    };
    // (where, column, what, declared, measure, block)
    let mut column_totals: Vec<(Origin, u32, String, f64, &str, usize)> = Vec::new();
    let mut row_totals: Vec<(Origin, u32, String, f64)> = Vec::new();
    // A header repeated lower down for a second breakdown (by source, then by type) starts a
    // block of its own: its rows have its dimension, its 合计 totals only them.
    let mut blocks: Vec<usize> = vec![0];
    for r in data_rows {
        let origin = Origin {
            file: file.to_string(),
            sheet: sheet.to_string(),
            row: r + 1,
            column: None,
        };
        let label_cell = grid.get(r, label_col);
        let label = squash(&label_cell.as_text());
        if is_footer(grid, r) || is_skipped(grid, r) {
            continue;
        }
        if is_total_label(&label) || grid.row(r).any(|(_, c)| is_total_label(&c.as_text())) {
            let block = blocks.len() - 1;
            for g in &groups {
                let measures = [(Some(g.count), "件数"), (g.resolved, "化解数")];
                for (col, measure) in measures {
                    if let Some(n) = col.and_then(|c| parse_number(grid.get(r, c))) {
                        let what = (origin.clone(), col.unwrap_or(0), g.label.clone());
                        column_totals.push((what.0, what.1, what.2, n, measure, block));
                    }
                }
            }
            continue;
        }
        if !label.is_empty() && is_repeated_header(grid, r, &value_cols) {
            row_dim = (!row_is_time).then(|| dim_for(&label));
            blocks.push(out.records.len());
            continue;
        }
        if label.is_empty() && value_cols.iter().all(|c| grid.get(r, *c).is_empty()) {
            continue;
        }
        let date = if row_is_time {
            parse_date(label_cell, year, grid.is_1904)
        } else {
            None
        };
        if let Some(d) = date.filter(|d| d.year == year) {
            out.months.push(d.month);
        }
        // The first 合计 column totals the row's counts (a statistics sheet's 合计 group has
        // its 总数 first).
        if let Some(&c) = total_cols.first() {
            if let Some(n) = parse_number(grid.get(r, c)) {
                row_totals.push((origin.clone(), c, label.clone(), n));
            }
        }
        for g in &groups {
            let Some(count) = count_at(grid, (r, g.count), &g.label, (file, sheet), &mut out)
            else {
                continue;
            };
            if count == 0.0 {
                continue;
            }
            let resolved = match (
                g.resolved
                    .and_then(|c| count_at(grid, (r, c), &g.label, (file, sheet), &mut out)),
                g.unresolved
                    .and_then(|c| count_at(grid, (r, c), &g.label, (file, sheet), &mut out)),
            ) {
                (Some(done), _) => Some(done),
                (None, Some(open)) => Some(count - open),
                _ => None,
            };
            let mut dims = BTreeMap::new();
            if !column_dim.is_empty() {
                dims.insert(column_dim, vocab.canonical(column_dim, &g.label));
            }
            if let Some(d) = row_dim.filter(|_| !label.is_empty()) {
                dims.insert(d, vocab.canonical(d, &label));
            }
            let mut fields = BTreeMap::new();
            fields.insert("栏目", g.label.clone());
            fields.insert("数量", super::cell::format_number(count));
            if let Some(rate) = g.rate.and_then(|c| parse_number(grid.get(r, c))) {
                fields.insert("化解率", super::cell::format_number(rate));
            }
            let date = if columns_are_time {
                super::cell::parse_date_text(&g.label, year)
            } else {
                date
            };
            out.records.push(Record {
                ledger: kind,
                origin: Origin {
                    column: Some(column_letter(g.count)),
                    ..origin.clone()
                },
                date,
                end_date: None,
                dims,
                count,
                resolved: if kind == LedgerKind::Mediation {
                    resolved
                } else {
                    None
                },
                attendance: None,
                fields,
                missing: Vec::new(),
            });
        }
    }
    // A total row totals one category down its block; a 合计 column totals one row across.
    let block_range = |b: usize, len: usize| blocks[b]..blocks.get(b + 1).copied().unwrap_or(len);
    let mut declared = Vec::new();
    for (origin, col, label, total, measure, block) in column_totals {
        let counted = out.records[block_range(block, out.records.len())]
            .iter()
            .filter(|r| r.fields.get("栏目") == Some(&label))
            .map(|r| match measure {
                "化解数" => r.resolved.unwrap_or(0.0),
                _ => r.count,
            })
            .sum();
        let what = if label.is_empty() {
            "各行".to_string()
        } else {
            label
        };
        declared.push((origin, col, what, total, measure, counted));
    }
    for (origin, col, label, total) in row_totals {
        let counted = out
            .records
            .iter()
            .filter(|r| r.origin.row == origin.row)
            .map(|r| r.count)
            .sum();
        declared.push((origin, col, label, total, "件数", counted));
    }
    for (origin, col, label, total, measure, counted) in declared {
        out.declared.push(DeclaredTotal {
            ledger: kind,
            origin,
            column: Some(column_letter(col)),
            label: format!("{label}的合计"),
            measure: measure.to_string(),
            declared: total,
            counted,
        });
    }
    Some((kind, out))
}
