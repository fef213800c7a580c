//! Where a cross table's header, labels and value columns are, and what its rows and columns
//! stand for.

use super::super::cell::{parse_date, Cell};
use super::super::grid::Grid;
use super::super::sheet::header_depth;
use super::super::sheet::split_count;
use super::super::vocab::{LedgerKind, Vocabulary};
use super::measures::{
    is_channel, is_measure_only, is_rate, is_running_total, is_time_label, is_total_label,
    role_name, sub_role,
};
use super::{
    header_text, is_numeric, kind_from_words, Group, HeaderCount, HeaderRows, Layout, TotalColumn,
    HEADER_SEARCH_ROWS,
};

use crate::diag::column_letter;
use crate::text::squash;

impl Layout {
    /// The layout of a sheet read as a cross table; `None` when it is not one.
    pub(super) fn find(vocab: &Vocabulary, grid: &Grid, words: &str, year: i32) -> Option<Layout> {
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
        let (groups, incomplete): (Vec<Group>, Vec<Group>) =
            groups.into_iter().partition(Group::is_countable);
        if groups.is_empty() {
            return None;
        }
        let header_counts = header_counts(grid, header, &groups, grouped);

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
            incomplete,
            total_cols,
            header_counts,
            grouped,
            row_is_time,
            row_dim,
            columns_are_time,
            column_dim,
        })
    }

    /// How the sheet was read, for the reading summary.
    pub(super) fn describe(&self) -> String {
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
        let shape = if self.grouped {
            format!("统计表（{}）", self.measures())
        } else {
            "交叉表".to_string()
        };
        format!(
            "{}，{shape}，{}：每行一个{rows_mean}（{} 列），每列一个{columns_mean}（{}）{}",
            self.kind.description(),
            super::super::reading::rows_text(self.first, self.last),
            column_letter(self.label_col),
            labels.join("、"),
            self.totals_compared()
        )
    }

    /// "每类分化解数/未化解数，受理数 = 化解数 + 未化解数": the measures of the groups.
    fn measures(&self) -> String {
        let has = |role: &str| {
            self.groups.iter().any(|g| match role {
                "化解" => g.resolved.is_some(),
                "未化解" => g.unresolved.is_some(),
                _ => g.count.is_some(),
            })
        };
        let names: Vec<&str> = ["总数", "化解", "未化解"]
            .into_iter()
            .filter(|r| has(r))
            .map(role_name)
            .collect();
        let derived = self.groups.iter().any(|g| g.count.is_none());
        format!(
            "每类分{}{}",
            names.join("/"),
            if derived {
                "，受理数 = 化解数 + 未化解数"
            } else {
                ""
            }
        )
    }

    /// "；B“本月矛盾纠纷总数”、C“本月未化解纠纷数”只用于核对，不计入": the total columns.
    fn totals_compared(&self) -> String {
        let mut named: Vec<String> = Vec::new();
        let mut labels: Vec<&str> = Vec::new();
        for t in &self.total_cols {
            if !labels.contains(&t.label.as_str()) {
                labels.push(&t.label);
                named.push(format!("{}“{}”", column_letter(t.col), t.label));
            }
        }
        if named.is_empty() {
            String::new()
        } else {
            format!("；{}只用于核对，不计入", named.join("、"))
        }
    }
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
) -> (Vec<Group>, Vec<TotalColumn>) {
    let mut groups: Vec<Group> = Vec::new();
    let mut total_cols: Vec<TotalColumn> = Vec::new();
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
        if !measures_across
            && (label.is_empty() || is_total_label(&label) || is_measure_only(&label))
        {
            let heading = header.heading(grid, c);
            total_cols.push(TotalColumn {
                col: c,
                role: sub_role(&heading).unwrap_or("总数"),
                label: if label.is_empty() { heading } else { label },
            });
            continue;
        }
        Group::named(&mut groups, &label).take_column(role, c);
    }
    // A rate column belongs to the group it follows (or, measures across, to the one group).
    for c in rate_cols {
        if let Some(g) = groups.iter_mut().rev().find(|g| g.first_col() < c) {
            g.rate.get_or_insert(c);
        }
    }
    (groups, total_cols)
}

/// The counts written into the category headings ("婚姻家庭纠纷（共计：15件）"), one per group.
fn header_counts(
    grid: &Grid,
    header: HeaderRows,
    groups: &[Group],
    grouped: bool,
) -> Vec<HeaderCount> {
    let mut counts = Vec::new();
    for g in groups {
        let c = g.first_col();
        let row = if grouped || header.child(grid, c).is_empty() {
            header.top
        } else {
            header.bottom
        };
        let written = crate::text::squash(&grid.get(row, c).as_text());
        if let (_, Some(declared)) = split_count(&written) {
            counts.push(HeaderCount {
                row,
                col: c,
                label: g.label.clone(),
                declared,
            });
        }
    }
    counts
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
pub(super) fn dimension_for(vocab: &Vocabulary, kind: LedgerKind, header: &str) -> &'static str {
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
            // Columns that are mostly referral channels (法院委派, 派出所移交, …, 群众申请).
            let sources = groups
                .iter()
                .filter(|g| vocab.is_channel(&vocab.canonical("来源", &g.label)))
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
