//! Code legends: what the codes of a column (1, 2, 3 … or A/B/C) mean, as the workbook says it —
//! a 代码表 / 说明 / 填表说明 sheet, or lines under, above or beside the table ("1=法院委派",
//! "1-法院委派", "1：法院委派", "来源代码：1.法院 2.派出所 3.信访", "案件来源：1=…；调解结果：1=成功
//! 2=不成功"), or a code | meaning pair of cells under a heading ("来源代码说明"). Parsing only;
//! which column a legend is for is settled in `codes`.

use super::grid::Grid;
use crate::text::{fold_width, squash};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One legend: the column it names (if it does) and its codes.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Group {
    /// The name it is given ("来源", "调解结果"), without "代码"/"说明"; `None` when unnamed.
    pub(super) label: Option<String>,
    /// code (upper case) -> meaning as written.
    pub(super) entries: BTreeMap<String, String>,
    /// Where it is written: "工作表“代码表”" or "表格中的说明".
    pub(super) place: String,
}

/// What a scan of some rows found: the legends, and the rows that hold nothing else.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub(super) groups: Vec<Group>,
    pub(super) rows: Vec<u32>,
}

/// Words of a legend sheet's name or first cell.
const SHEET_WORDS: &[&str] = &["代码", "编码", "代号", "说明", "图例", "对照", "填表"];

/// Whether a value is a code: one or two digits, or one letter.
pub(super) fn is_code(text: &str) -> bool {
    let t = crate::text::squashed(text);
    let n = t.chars().count();
    (1..=2).contains(&n) && t.chars().all(|c| c.is_ascii_digit())
        || n == 1 && t.chars().all(|c| c.is_ascii_alphabetic())
}

/// A code as looked up: upper case, "01" as "1".
pub(super) fn code_key(text: &str) -> String {
    let t = squash(text).to_uppercase();
    t.parse::<u32>().map_or(t, |n| n.to_string())
}

/// The legends of a sheet that is one (named 代码表, 说明…, or its first cell says so), or
/// `None`.
pub(super) fn legend_sheet(name: &str, grid: &Grid) -> Option<Vec<Group>> {
    let first = grid
        .rows_from(0)
        .find_map(|r| {
            grid.row(r)
                .map(|(_, c)| squash(&c.as_text()))
                .find(|t| !t.is_empty())
        })
        .unwrap_or_default();
    let named = SHEET_WORDS.iter().any(|w| name.contains(w))
        || ["代码", "编码", "代号"].iter().any(|w| first.contains(w));
    if !named {
        return None;
    }
    let place = format!("工作表“{name}”");
    let scan = scan(grid, &grid.rows(), None, true, &place);
    let codes: usize = scan.groups.iter().map(|g| g.entries.len()).sum();
    (codes >= 2).then_some(scan.groups)
}

/// Reads the legends in `rows` (only columns from `from_col` on, when given). A row counts only
/// when it holds nothing but legend text; code | meaning pairs of cells are read after a heading
/// that names codes ("来源代码说明"), or anywhere when `pairs` (a legend sheet).
pub(super) fn scan(
    grid: &Grid,
    rows: &[u32],
    from_col: Option<u32>,
    pairs: bool,
    place: &str,
) -> Scan {
    let mut out = Scan::default();
    let mut pairs_open = pairs;
    // The group unlabelled entries and pairs go to (the last one started).
    let mut current: Option<usize> = None;
    for &r in rows {
        // Outside a run of pairs a row is read only when it holds nothing but legend text: a
        // row of the table is passed over at its first cell, without copying its texts.
        if !pairs_open && !only_legend_text(grid, r, from_col) {
            continue;
        }
        let cells: Vec<String> = grid
            .row(r)
            .filter(|(c, _)| from_col.is_none_or(|f| *c >= f))
            .map(|(_, c)| fold_width(&c.as_text()).trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let mut cells = cells;
        cells.dedup();
        if cells.is_empty() {
            continue;
        }
        if pairs_open {
            if let Some((label, code, meaning)) = pair(&cells) {
                if let Some(l) = label {
                    current = Some(start(&mut out.groups, Some(l), place));
                }
                add(&mut out.groups, &mut current, (code, meaning), place);
                out.rows.push(r);
                continue;
            }
        }
        let mut parsed = Vec::new();
        let mut headings = Vec::new();
        let all_legend = cells.iter().all(|t| match entries(t) {
            Some(list) => {
                parsed.push(list);
                true
            }
            None => heading(t).map(|h| headings.push(h)).is_some(),
        });
        if !all_legend {
            // Pairs follow their heading; the table's rows end them.
            pairs_open = pairs;
            continue;
        }
        out.rows.push(r);
        for h in headings {
            current = Some(start(&mut out.groups, Some(h), place));
            pairs_open = true;
        }
        for list in parsed {
            let named = list.iter().any(|(l, _, _)| l.is_some());
            for (label, code, meaning) in list {
                if let Some(l) = label {
                    current = Some(start(&mut out.groups, Some(l), place));
                }
                add(&mut out.groups, &mut current, (code, meaning), place);
            }
            // A legend named in its own cell ends with it: numbered notes below are not its.
            if named {
                current = None;
            }
        }
    }
    out.groups.retain(|g| !g.entries.is_empty());
    out
}

/// Whether every text of row `r` (from column `from_col` on) is a legend's entries or a
/// heading naming codes, and there is one (what [`scan`] reads a row for outside pairs).
fn only_legend_text(grid: &Grid, r: u32, from_col: Option<u32>) -> bool {
    let mut any = false;
    for (c, cell) in grid.row(r) {
        if from_col.is_some_and(|f| c < f) {
            continue;
        }
        let raw = cell.text();
        let text = crate::text::folded(&raw);
        let t = text.trim();
        if t.is_empty() {
            continue;
        }
        if entries(t).is_none() && heading(t).is_none() {
            return false;
        }
        any = true;
    }
    any
}

/// Adds an entry to the current group; a code the group already gives another meaning starts
/// an unnamed group of its own (a numbered note under a legend is not part of it).
fn add(
    groups: &mut Vec<Group>,
    current: &mut Option<usize>,
    (code, meaning): (String, String),
    place: &str,
) {
    let clash = current
        .and_then(|i| groups[i].entries.get(&code))
        .is_some_and(|m| *m != meaning);
    if clash || current.is_none() {
        groups.push(Group {
            label: None,
            entries: BTreeMap::new(),
            place: place.to_string(),
        });
        *current = Some(groups.len() - 1);
    }
    if let Some(i) = *current {
        groups[i].entries.insert(code, meaning);
    }
}

/// Starts a group (or goes back to the one of the same name); its index.
fn start(groups: &mut Vec<Group>, label: Option<String>, place: &str) -> usize {
    if let Some(i) = groups
        .iter()
        .position(|g| label.is_some() && g.label == label)
    {
        return i;
    }
    groups.push(Group {
        label,
        entries: BTreeMap::new(),
        place: place.to_string(),
    });
    groups.len() - 1
}

/// A name without the words that only say it is a legend: "来源代码说明：" -> "来源".
fn clean_label(text: &str) -> Option<String> {
    let mut t = squash(text);
    t = t
        .trim_matches([':', ';', ',', '、', '。', '(', ')'])
        .to_string();
    for w in [
        "填表说明",
        "说明",
        "对照表",
        "代码表",
        "代码",
        "编码",
        "代号",
        "注",
        "备注",
    ] {
        t = t.replace(w, "");
    }
    let t = t.trim_matches([':', ';', ',', '、', '(', ')']).to_string();
    (!t.is_empty() && t.chars().count() <= 12).then_some(t)
}

/// A heading over a legend: short, no digits, names codes or ends with a colon.
fn heading(text: &str) -> Option<String> {
    let t = squash(text);
    let names_codes = ["代码", "编码", "代号"].iter().any(|w| t.contains(w));
    let short = t.chars().count() <= 16 && !t.chars().any(|c| c.is_ascii_digit());
    if !short || !(names_codes || t.ends_with(':')) {
        return None;
    }
    Some(clean_label(&t).unwrap_or_default()).filter(|l| !l.is_empty())
}

/// A meaning: a few words with at least one that is not a digit.
fn meaning_ok(m: &str) -> bool {
    let n = m.chars().count();
    (1..=16).contains(&n)
        && m.chars()
            .any(|c| !c.is_ascii_digit() && !c.is_ascii_punctuation())
}

/// A row of pair cells: [label,] code, meaning.
fn pair(cells: &[String]) -> Option<(Option<String>, String, String)> {
    let (label, code, meaning) = match cells {
        [code, meaning] => (None, code, meaning),
        [label, code, meaning] if !is_code(label) => (clean_label(label), code, meaning),
        _ => return None,
    };
    let meaning = squash(meaning);
    (is_code(code) && !is_code(&meaning) && meaning_ok(&meaning))
        .then(|| (label, code_key(code), meaning))
}

/// The entries of a text that is nothing but a legend: "1=法院委派", "来源代码：1.法院 2.派出所
/// 3.信访", "案件来源：1=法院；2=派出所；调解结果：1=成功 2=不成功" -> (label, code, meaning)
/// each, the label on the first entry after it. `None` for any other text.
fn entries(text: &str) -> Option<Vec<(Option<String>, String, String)>> {
    static ENTRY: OnceLock<Regex> = OnceLock::new();
    let re = ENTRY.get_or_init(|| {
        crate::text::compile(r"(?:^|[\s;,、:。])([0-9]{1,2}|[A-Za-z])\s*(?:=|-|—|:|\.|、|\)|）)\s*")
    });
    // Full-width ；，： are folded to ASCII with the rest.
    let t = crate::text::folded(text);
    let t = t.trim();
    let found: Vec<(usize, usize, String)> = re
        .captures_iter(t)
        .filter_map(|c| {
            let m = c.get(0)?;
            Some((m.start(), m.end(), code_key(&c[1])))
        })
        .collect();
    let first = found.first()?;
    let prefix = &t[..first.0];
    let pieces = |s: &str| -> Vec<String> {
        s.split([';', ',', ' ', '\t', '\n', ':', '。'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut label = pieces(prefix).last().and_then(|p| clean_label(p));
    if !prefix.is_empty() && pieces(prefix).len() > 3 {
        return None;
    }
    let mut out = Vec::new();
    for (i, (_, end, code)) in found.iter().enumerate() {
        let stop = found.get(i + 1).map_or(t.len(), |n| n.0);
        let words = pieces(&t[*end..stop]);
        // The next entry follows a colon: the last words here name the column it is for.
        let named_next = t[stop..].starts_with(':');
        let (meaning, next) = match words.as_slice() {
            // "2.纠纷类型代码：A=…": a numbered note naming a legend, not an entry.
            [l] if named_next => {
                label = clean_label(l);
                continue;
            }
            [m] => (m.clone(), None),
            [m, l] if named_next => (m.clone(), clean_label(l)),
            _ => return None,
        };
        if !meaning_ok(&meaning) || is_code(&meaning) {
            return None;
        }
        out.push((label.take(), code.clone(), meaning));
        label = next;
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(t: &str) -> Vec<(Option<String>, String, String)> {
        entries(t).unwrap_or_default()
    }

    fn x(list: &[(Option<&str>, &str, &str)]) -> Vec<(Option<String>, String, String)> {
        list.iter()
            .map(|(l, c, m)| (l.map(str::to_string), c.to_string(), m.to_string()))
            .collect()
    }

    #[test]
    fn legends_in_every_common_form() {
        assert_eq!(e("1=法院委派"), x(&[(None, "1", "法院委派")]));
        assert_eq!(e("1-法院委派"), x(&[(None, "1", "法院委派")]));
        assert_eq!(e("1：法院委派"), x(&[(None, "1", "法院委派")]));
        assert_eq!(
            e("来源代码：1.法院 2.派出所 3.信访"),
            x(&[
                (Some("来源"), "1", "法院"),
                (None, "2", "派出所"),
                (None, "3", "信访")
            ])
        );
        assert_eq!(
            e("案件来源：1=法院；2=派出所；调解结果：1=成功，2=不成功"),
            x(&[
                (Some("案件来源"), "1", "法院"),
                (None, "2", "派出所"),
                (Some("调解结果"), "1", "成功"),
                (None, "2", "不成功")
            ])
        );
        assert_eq!(
            e("A、法院 B、派出所"),
            x(&[(None, "A", "法院"), (None, "B", "派出所")])
        );
        assert!(e("注：本表按受理时间登记，如有疑问请联系司法所").is_empty());
        assert!(e("1.本表按月填写，每月5日前报送司法所").is_empty());
        assert_eq!(
            e("2.纠纷类型代码：A=婚姻家庭纠纷 B=邻里纠纷"),
            x(&[
                (Some("纠纷类型"), "A", "婚姻家庭纠纷"),
                (None, "B", "邻里纠纷")
            ])
        );
        assert!(e("2024.3.5").is_empty());
        assert!(e("14:30").is_empty());
        assert!(e("调解成功").is_empty());
    }

    #[test]
    fn codes_and_keys() {
        assert!(is_code("1") && is_code("12") && is_code("Ｂ") && !is_code("123"));
        assert!(!is_code("法院") && !is_code(""));
        assert_eq!(code_key("01"), "1");
        assert_eq!(code_key("b"), "B");
    }
}
