//! Names propose, values confirm: whether the cells under a header fit the fields its labels
//! name (some dates under a date, mostly numbers under a count, outcome words under an
//! outcome), and whether a table of dates and names alone is a meeting log (its names read as
//! meetings).

use super::cell::{parse_attendance, parse_date, parse_number, Cell};
use super::grid::Grid;
use super::vocab::Vocabulary;
use std::collections::BTreeMap;

/// Fields that, with a date or a name, say a table is a meeting log on their own.
const TELLING: &[&str] = &["类型", "人数", "次数", "参会人员", "姓名", "状态"];

/// Whether a meeting header's columns are confirmed by the values under them: a table with
/// nothing but dates and names (会议名称, 主题) is a meeting log only when most of its names read
/// as meetings ("专题学法", "…会议", "…培训班"). Fewer than three names cannot say.
pub(super) fn names_confirm(
    grid: &Grid,
    last: u32,
    columns: &BTreeMap<&'static str, (u32, String)>,
    vocab: &Vocabulary,
) -> bool {
    if TELLING.iter().any(|k| columns.contains_key(k)) {
        return true;
    }
    let Some((col, _)) = columns.get("主题") else {
        return true;
    };
    let names: Vec<String> = grid
        .rows_from(last + 1)
        .map(|r| grid.get(r, *col).as_text())
        .filter(|t| !t.trim().is_empty())
        .take(12)
        .collect();
    if names.len() < 3 {
        return true;
    }
    let meetings = names.iter().filter(|n| vocab.is_meeting_name(n)).count();
    meetings * 2 >= names.len()
}

/// Whether the cells under a header (the first 12 filled ones of column `col` below row `last`)
/// fit `field`: some dates for a date field, mostly numbers for a count, some outcome words
/// for an outcome. Fewer than three cells
/// cannot say. (Lenient: the cells may run into a second table stacked below.)
pub(super) fn values_fit(
    grid: &Grid,
    last: u32,
    field: &str,
    col: u32,
    vocab: &Vocabulary,
) -> bool {
    let cells: Vec<&Cell> = grid
        .rows_from(last + 1)
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
        "日期" | "结案日期" => {
            share(&|c| {
                parse_date(c, 2000, grid.is_1904).is_some() || super::dates::day_only(c).is_some()
            }) > 0.0
        }
        // A date in parts: most cells a year, a month or a day.
        "年度" | "月份" | "日" => share(&|c| super::dates::fits_part(field, c)) >= 0.5,
        "数量" | "件次" | "化解数" | "未化解数" => {
            share(&|c| parse_number(c).is_some()) >= 0.25
        }
        "人数" => share(&|c| parse_attendance(c).is_some()) > 0.0,
        // An outcome column holds some outcome words (the office's own ones included).
        "结果" => {
            share(&|c| {
                let text = c.as_text();
                vocab.resolved(&text).is_some() || super::legend::is_code(&text)
            }) > 0.0
        }
        _ => true,
    }
}
