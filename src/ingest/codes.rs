//! Columns of codes: a 来源/结果/类型/类别/渠道 column whose values are codes (1, 2, 3 … or
//! A/B/C) is decoded with the legend for it — the sheet's own lines first, then the workbook's
//! 代码表 — and then read like words (来源 by the channel rules, 结果 by the outcome rules).
//! Codes no legend explains are an error naming the column.

use super::grid::Grid;
use super::legend::{code_key, is_code, scan, Group};
use super::sheet::{labels, Header};
use super::vocab::Vocabulary;
use crate::diag::{column_letter, Finding};
use crate::text::squash;
use std::collections::{BTreeMap, BTreeSet};

/// Fields whose values may be written as codes.
const CODED: [&str; 5] = ["来源", "结果", "类型", "类别", "渠道"];

/// How the code columns of one table are read.
#[derive(Debug, Default)]
pub(super) struct Decoding {
    /// field -> code -> meaning.
    pub(super) codes: BTreeMap<&'static str, BTreeMap<String, String>>,
    /// Rows that hold a legend (not records).
    pub(super) legend_rows: Vec<u32>,
    /// (column label, where its legend is) for each decoded column.
    pub(super) used: Vec<(String, String)>,
    pub(super) findings: Vec<Finding>,
}

/// Decides, column by column, whether the table under `header` (its data rows before `end`)
/// holds codes, and with which legend they are read. `book` are the legends of the workbook's
/// legend sheets.
pub(super) fn decode(
    grid: &Grid,
    header: &Header,
    (place, end): ((&str, &str), Option<u32>),
    book: &[Group],
    vocab: &Vocabulary,
) -> Decoding {
    let mut out = Decoding::default();
    let in_table = |r: u32| r > header.last_row && end.is_none_or(|e| r < e);
    let all: Vec<u32> = grid.rows();
    let outside: Vec<u32> = all
        .iter()
        .copied()
        .filter(|r| !(header.first_row..=header.last_row).contains(r))
        .filter(|r| end.is_none_or(|e| *r < e))
        .collect();
    let here = "表格中的说明";
    let own = scan(grid, &outside, None, false, here);
    out.legend_rows = own.rows;
    let mut groups = own.groups;
    // Beside the table: the columns right of its last labelled one.
    let width = labels(grid, header.first_row, header.last_row)
        .keys()
        .max()
        .map_or(0, |c| c + 1);
    groups.extend(scan(grid, &all, Some(width), false, here).groups);
    groups.extend(book.iter().cloned());
    for key in CODED {
        let Some((col, label)) = header.columns.get(key) else {
            continue;
        };
        if header.ticks.contains_key(key) {
            continue;
        }
        let rows = || {
            all.iter()
                .copied()
                .filter(|r| in_table(*r) && !out.legend_rows.contains(r))
        };
        // Counted before any text is kept: most columns hold no code at all.
        let (mut written, mut coded) = (0usize, 0usize);
        for r in rows() {
            let t = grid.get(r, *col).squashed();
            if !t.is_empty() {
                written += 1;
                coded += usize::from(is_code(&t));
            }
        }
        if coded == 0 || coded * 2 < written {
            continue;
        }
        let values: Vec<(u32, String)> = rows()
            .map(|r| (r, squash(&grid.get(r, *col).as_text())))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        let codes: Vec<&(u32, String)> = values.iter().filter(|(_, t)| is_code(t)).collect();
        let distinct: BTreeSet<String> = codes.iter().map(|(_, t)| code_key(t)).collect();
        let letter = column_letter(*col);
        match legend_for(key, label, header, &groups, vocab) {
            Some(g) => {
                let unknown: Vec<(u32, &str)> = codes
                    .iter()
                    .filter(|(_, t)| !g.entries.contains_key(&code_key(t)))
                    .map(|(r, t)| (*r + 1, t.as_str()))
                    .collect();
                if let Some(f) = unknown_codes(&unknown, label, &letter, g, place) {
                    out.findings.push(f);
                }
                out.codes.insert(key, g.entries.clone());
                out.used.push((label.clone(), g.place.clone()));
            }
            // 1/0 under an outcome are yes/no marks.
            None if key == "结果" && distinct.iter().all(|c| c == "0" || c == "1") => {}
            None => out
                .findings
                .push(no_legend(&distinct, label, &letter, place)),
        }
    }
    out
}

/// The legend for a column: one named after it (its label, or a name of its field), else an
/// unnamed one whose meanings fit the field (outcome words for 结果, referral channels for
/// 来源) — the sheet's own legends before the workbook's.
fn legend_for<'g>(
    key: &str,
    label: &str,
    header: &Header,
    groups: &'g [Group],
    vocab: &Vocabulary,
) -> Option<&'g Group> {
    let field = header.kind.fields().iter().find(|f| f.key == key)?;
    let names = |l: &str| {
        let l2 = squash(label);
        vocab.score(header.kind, l, field) > 0 || l2.contains(l) || l.contains(l2.as_str())
    };
    // A name that is another coded column's is not this one's.
    let names_other = |l: &str| {
        CODED.iter().filter(|k| **k != key).any(|k| {
            header.kind.fields().iter().any(|f| {
                f.key == *k && vocab.score(header.kind, l, f) > vocab.score(header.kind, l, field)
            })
        })
    };
    if let Some(g) = groups.iter().find(|g| {
        g.label
            .as_deref()
            .is_some_and(|l| names(l) && !names_other(l))
    }) {
        return Some(g);
    }
    let fits = |g: &Group| match key {
        "结果" => g.entries.values().all(|m| vocab.resolved(m).is_some()),
        "来源" => g
            .entries
            .values()
            .any(|m| vocab.is_channel(&vocab.canonical("来源", m))),
        _ => false,
    };
    groups.iter().find(|g| g.label.is_none() && fits(g))
}

fn unknown_codes(
    unknown: &[(u32, &str)],
    label: &str,
    letter: &str,
    g: &Group,
    (file, sheet): (&str, &str),
) -> Option<Finding> {
    let &(first, _) = unknown.first()?;
    let mut codes: Vec<&str> = unknown.iter().map(|(_, c)| *c).collect();
    codes.sort_unstable();
    codes.dedup();
    let rows: Vec<u32> = unknown.iter().map(|(r, _)| *r).collect();
    Some(
        Finding::warning(
            file,
            format!(
                "“{label}”一栏的代码“{}”在{}中没有说明，按原样计入（{}）",
                codes.join("、"),
                g.place,
                crate::diag::row_list(&rows)
            ),
        )
        .sheet(sheet)
        .row(first)
        .column(letter)
        .hint("请在代码表中补上这些代码的意思，或把它们改成文字"),
    )
}

fn no_legend(
    distinct: &BTreeSet<String>,
    label: &str,
    letter: &str,
    (file, sheet): (&str, &str),
) -> Finding {
    let shown: Vec<&str> = distinct.iter().take(6).map(String::as_str).collect();
    Finding::error(
        file,
        format!(
            "“{label}”一栏（{letter} 列）填的是代码（{}），但工作簿中没有说明这些代码意思的代码表，这一栏无法统计",
            shown.join("、")
        ),
    )
    .sheet(sheet)
    .column(letter)
    .hint("请在工作簿中加一张名为“代码表”的工作表，逐行写明每个代码的意思（例如“1=法院委派”），或写在表格下方；也可以直接把代码改成文字（法院、派出所、信访，调解成功、调解不成功）")
}
