//! Dates completed from context. A date part the cell leaves out (the year of "3月5日", the
//! month of "5日" or of a bare 5) comes from where the clerk put it: 年度/月份/日 columns of the
//! same row, else the nearest of the title rows above the header, the sheet name, the file name
//! and the folder names. The cell's own parts always win; a cell whose month differs from the
//! month its sheet (or title, file, folder) names is kept as written and reported.

use super::cell::{chinese_date_digits, parse_date, parse_date_text, parse_period, Cell, Date};
use crate::text::{fold_width, squash};
use regex::Regex;
use std::sync::OnceLock;

/// A year or month the surroundings give, and where it is written ("工作表名称“3月”").
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Given<T> {
    pub(super) value: T,
    pub(super) place: String,
}

/// The year and month a sheet's surroundings give, nearest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct DateContext {
    pub(super) year: Option<Given<i32>>,
    pub(super) month: Option<Given<u32>>,
    /// A farther place that names another year, or month (the nearer one is taken).
    pub(super) other_year: Option<Given<i32>>,
    pub(super) other_month: Option<Given<u32>>,
}

impl DateContext {
    /// The context of a sheet: its title rows (texts above the header, filing dates left
    /// out), its name, the file's name and its folders (the nearest folder first).
    pub(super) fn new(titles: &[String], sheet: &str, rel: &str) -> DateContext {
        let mut layers: Vec<(String, String)> = Vec::new();
        let title: Vec<&String> = titles.iter().filter(|t| !is_filing_note(t)).collect();
        for t in title {
            layers.push((format!("标题“{}”", squash(t)), t.clone()));
        }
        layers.extend(place_layers(sheet, rel));
        let mut ctx = DateContext::default();
        for (place, text) in layers {
            let (y, m) = year_month(&text);
            match (&ctx.year, y) {
                (None, _) => ctx.year = y.map(|v| given(v, &place)),
                (Some(g), Some(y)) if g.value != y && ctx.other_year.is_none() => {
                    ctx.other_year = Some(given(y, &place))
                }
                _ => {}
            }
            match (&ctx.month, m) {
                (None, _) => ctx.month = m.map(|v| given(v, &place)),
                (Some(g), Some(m)) if g.value != m && ctx.other_month.is_none() => {
                    ctx.other_month = Some(given(m, &place))
                }
                _ => {}
            }
        }
        ctx
    }

    /// The context of a sheet without its title rows (for tables read without a header).
    pub(super) fn of_place(sheet: &str, rel: &str) -> DateContext {
        DateContext::new(&[], sheet, rel)
    }
}

fn given<T>(value: T, place: &str) -> Given<T> {
    Given {
        value,
        place: place.to_string(),
    }
}

/// The sheet name, the file name (without extension) and the folders, nearest first.
fn place_layers(sheet: &str, rel: &str) -> Vec<(String, String)> {
    let mut layers = Vec::new();
    if !sheet.is_empty() {
        layers.push((format!("工作表名称“{sheet}”"), sheet.to_string()));
    }
    let mut parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
    if let Some(file) = parts.pop() {
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        layers.push((format!("文件名“{file}”"), stem.to_string()));
    }
    for folder in parts.into_iter().rev() {
        layers.push((format!("文件夹名称“{folder}”"), folder.to_string()));
    }
    layers
}

/// A line that dates the filing, not the rows ("填报时间：2025年1月6日").
fn is_filing_note(text: &str) -> bool {
    ["填报", "填表", "制表", "报送", "打印", "报出", "制作"]
        .iter()
        .any(|w| text.contains(w))
}

/// The one year and the one month a text names: "2024年3月份调解台账" -> (2024, 3), "（三月）"
/// -> (None, 3), "2024" -> (2024, None). A span ("2024年1-6月") names its year only when both
/// ends share it, and no month; a day ("3月5日") makes the month a date's, not the text's;
/// two different years or months name none.
fn year_month(text: &str) -> (Option<i32>, Option<u32>) {
    static RUN: OnceLock<Regex> = OnceLock::new();
    static DAY: OnceLock<Regex> = OnceLock::new();
    let run = RUN.get_or_init(|| crate::text::compile(r"\d+"));
    let day = DAY.get_or_init(|| crate::text::compile(r"^月份?\d{1,2}[日号]"));
    let t = chinese_date_digits(&squash(text));
    if let Some((from, to)) = parse_period(&t) {
        return ((from.year == to.year).then_some(from.year), None);
    }
    let (mut years, mut months, mut dated) = (Vec::new(), Vec::new(), false);
    for m in run.find_iter(&t) {
        let digits = m.as_str();
        let after = &t[m.end()..];
        let before = t[..m.start()].chars().next_back();
        // A serial number ("第2019号", "2019期", "No.2019") is not a year.
        let serial = before.is_some_and(|c| "第#№.".contains(c))
            || after.starts_with(['号', '期', '次', '份']);
        if digits.len() == 4 && digits.starts_with("20") && !serial {
            years.extend(digits.parse::<i32>().ok());
        } else if digits.len() <= 2 && after.starts_with('月') {
            let span = before.is_some_and(|c| "-~～至到—–".contains(c));
            dated |= day.is_match(after);
            if !span {
                months.extend(digits.parse::<u32>().ok().filter(|m| (1..=12).contains(m)));
            }
        }
    }
    fn one<T: Ord + Copy>(mut all: Vec<T>) -> Option<T> {
        all.sort_unstable();
        all.dedup();
        (all.len() == 1).then(|| all[0])
    }
    (one(years), if dated { None } else { one(months) })
}

/// The parts a date cell gives.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Parts {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
}

/// A day of the month alone: 5, "5", "5日", "5号", "五日".
pub(super) fn day_only(cell: &Cell) -> Option<u32> {
    static DAY: OnceLock<Regex> = OnceLock::new();
    let re = DAY.get_or_init(|| crate::text::compile(r"^(\d{1,2})\s*[日号]?$"));
    let d = match cell {
        Cell::Number(n) if n.fract() == 0.0 => *n as i64,
        Cell::Text(t) => {
            let t = chinese_date_digits(&squash(t));
            re.captures(&t)?[1].parse().ok()?
        }
        _ => return None,
    };
    (1..=31).contains(&d).then_some(d as u32)
}

/// What a date cell says: a whole date, a date without its year ("3月5日", "3月"), a day
/// alone, or nothing readable.
fn parts_of(cell: &Cell, is_1904: bool) -> Option<Parts> {
    let Cell::Text(t) = cell else {
        return parts_uncached(cell, is_1904);
    };
    // A ledger writes the same few hundred dates on its rows: each text is read once (the
    // answers for the two day counts of Excel kept apart).
    type Read = rustc_hash::FxHashMap<std::sync::Arc<str>, Option<Parts>>;
    thread_local! {
        static READ: std::cell::RefCell<[Read; 2]> = std::cell::RefCell::new(Default::default());
    }
    const KEPT: usize = 8192;
    let at = usize::from(is_1904);
    if let Some(known) = READ.with(|r| r.borrow()[at].get(&**t).copied()) {
        return known;
    }
    let parts = parts_uncached(cell, is_1904);
    READ.with(|r| {
        let read = &mut r.borrow_mut()[at];
        if read.len() >= KEPT {
            read.clear();
        }
        read.insert(t.clone(), parts);
    });
    parts
}

fn parts_uncached(cell: &Cell, is_1904: bool) -> Option<Parts> {
    if let Some(day) = day_only(cell) {
        return Some(Parts {
            day: Some(day),
            ..Parts::default()
        });
    }
    let whole = |d: Date| Parts {
        year: Some(d.year),
        month: Some(d.month),
        day: Some(d.day),
    };
    let Cell::Text(t) = cell else {
        return parse_date(cell, 2000, is_1904).map(whole);
    };
    // A serial day with its time of day, stored as text ("45383.604").
    let s = fold_width(t.trim());
    if let Some((days, frac)) = s.split_once('.') {
        if days.len() == 5 && days.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            let n: f64 = s.parse().ok()?;
            return parse_date(&Cell::Number(n), 2000, is_1904).map(whole);
        }
    }
    // Read twice with two (leap) years: where the answers differ, the text has no year.
    let a = parse_date(cell, 2000, is_1904)?;
    let b = parse_date(cell, 2004, is_1904)?;
    Some(Parts {
        year: (a.year == b.year).then_some(a.year),
        month: Some(a.month),
        day: Some(a.day),
    })
}

/// A year in a 年度 column: 2024, "2024", "2024年", "2024年度", "二〇二四年".
fn year_of(cell: &Cell) -> Option<i32> {
    let t = chinese_date_digits(&squash(&cell.as_text()));
    let digits = t
        .strip_suffix("年度")
        .or_else(|| t.strip_suffix('年'))
        .unwrap_or(&t);
    let y: i32 = digits.parse().ok()?;
    (2000..2100).contains(&y).then_some(y)
}

/// A month in a 月份 column: 3, "3", "3月", "三月份", "2024年3月".
fn month_of(cell: &Cell) -> Option<u32> {
    let t = chinese_date_digits(&squash(&cell.as_text()));
    let digits = t
        .strip_suffix("月份")
        .or_else(|| t.strip_suffix('月'))
        .unwrap_or(&t);
    if let Ok(m) = digits.parse::<u32>() {
        return (1..=12).contains(&m).then_some(m);
    }
    parse_date_text(&t, 2000).map(|d| d.month)
}

/// Whether a cell fits a date-part column (`key` 年度, 月份 or 日).
pub(super) fn fits_part(key: &str, cell: &Cell) -> bool {
    match key {
        "年度" => year_of(cell).is_some(),
        "月份" => month_of(cell).is_some(),
        _ => day_only(cell).is_some(),
    }
}

/// Whether a header label may name a date-part field: "年度", "年份", "月份", "日" or the
/// one-character "年"/"月", not a label that merely contains the character ("本月受理数").
pub(super) fn part_label(key: &str, label: &str) -> bool {
    let l = squash(label);
    match key {
        "年度" => l == "年" || l.contains("年度") || l.contains("年份"),
        "月份" => l == "月" || l.contains("月份"),
        "日" => l == "日" || l == "号",
        _ => true,
    }
}

/// The date cells of one row: the 日期 column and the 年度/月份/日 columns (`Empty` when the
/// table has no such column).
pub(super) struct DateCells<'a> {
    pub(super) date: &'a Cell,
    pub(super) year: &'a Cell,
    pub(super) month: &'a Cell,
    pub(super) day: &'a Cell,
}

/// What became of one row's date.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum RowDate {
    /// Nothing date-like written in the row.
    Blank,
    /// Written but not a date ("上旬"): read as no date.
    Unreadable,
    Dated {
        date: Date,
        /// A part came from the context: (year, month).
        from_context: (bool, bool),
        /// The month the context names, when the cell's own month differs from it.
        conflict: Option<u32>,
    },
    /// A day (or a year) is written but no month can be found: the year, if known.
    Unsettled(Option<i32>),
}

/// Completes a row's date from its own cells, then the context. `year` is the report year,
/// the year of a date whose year is written nowhere.
pub(super) fn row_date(cells: &DateCells, ctx: &DateContext, year: i32, is_1904: bool) -> RowDate {
    let own = if cells.date.is_empty() {
        Parts::default()
    } else {
        match parts_of(cells.date, is_1904) {
            Some(p) => p,
            None if cells.year.is_empty() && cells.month.is_empty() && cells.day.is_empty() => {
                return RowDate::Unreadable
            }
            None => Parts::default(),
        }
    };
    let columns = Parts {
        year: year_of(cells.year),
        month: month_of(cells.month).or_else(|| parts_of(cells.month, is_1904)?.month),
        day: day_only(cells.day),
    };
    let written = Parts {
        year: own.year.or(columns.year),
        month: own.month.or(columns.month),
        day: own.day.or(columns.day),
    };
    if written == Parts::default() {
        return RowDate::Blank;
    }
    let conflict = ctx
        .month
        .as_ref()
        .map(|g| g.value)
        .filter(|m| written.month.is_some_and(|w| w != *m));
    let from_context = (written.year.is_none(), written.month.is_none());
    let y = written
        .year
        .or(ctx.year.as_ref().map(|g| g.value))
        .unwrap_or(year);
    let Some(m) = written.month.or(ctx.month.as_ref().map(|g| g.value)) else {
        let known = written.year.or(ctx.year.as_ref().map(|g| g.value));
        return RowDate::Unsettled(known);
    };
    match Date::new(y, m, written.day.unwrap_or(1)) {
        Some(date) => RowDate::Dated {
            date,
            from_context: (
                from_context.0 && ctx.year.is_some(),
                from_context.1 && ctx.month.is_some(),
            ),
            conflict,
        },
        None => RowDate::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(t: &str) -> (Option<i32>, Option<u32>) {
        year_month(t)
    }

    #[test]
    fn years_and_months_in_names_and_titles() {
        assert_eq!(ym("2024年3月份调解台账"), (Some(2024), Some(3)));
        assert_eq!(ym("矛盾纠纷调解台账（三月）"), (None, Some(3)));
        assert_eq!(ym("十二月"), (None, Some(12)));
        assert_eq!(ym("2024"), (Some(2024), None));
        assert_eq!(ym("2024年1-6月调解台账"), (Some(2024), None));
        assert_eq!(ym("2023年12月至2024年11月"), (None, None));
        assert_eq!(ym("截至2024年12月31日"), (Some(2024), None));
        assert_eq!(ym("本月受理情况"), (None, None));
        assert_eq!(ym("Sheet1"), (None, None));
        assert_eq!(ym("第一季度"), (None, None));
        // A file's serial number is not its year.
        assert_eq!(ym("第68镇第2019号政务公开统计"), (None, None));
        assert_eq!(ym("2024年第2019号调解台账"), (Some(2024), None));
        assert_eq!(ym("简报2031期"), (None, None));
        assert_eq!(ym("〔2024〕12号"), (Some(2024), None));
    }

    #[test]
    fn the_nearest_context_wins() {
        let ctx = DateContext::new(
            &["填报时间：2025年1月6日".to_string()],
            "3月",
            "2023年/司法所/调解台账.xlsx",
        );
        assert_eq!(ctx.year.as_ref().map(|g| g.value), Some(2023));
        assert_eq!(ctx.year.unwrap().place, "文件夹名称“2023年”");
        assert_eq!(ctx.month.unwrap().place, "工作表名称“3月”");
        let title = DateContext::new(&["2024年4月份调解台账".to_string()], "3月", "x.xlsx");
        assert_eq!(title.month.map(|g| g.value), Some(4));
    }

    #[test]
    fn a_row_completed_from_its_columns_and_context() {
        let ctx = DateContext::of_place("3月", "2024年/台账.xlsx");
        let e = Cell::Empty;
        let date = |c: &Cell| {
            row_date(
                &DateCells {
                    date: c,
                    year: &e,
                    month: &e,
                    day: &e,
                },
                &ctx,
                2024,
                false,
            )
        };
        let dated = |y, m, d, from| RowDate::Dated {
            date: Date::new(y, m, d).unwrap(),
            from_context: from,
            conflict: None,
        };
        assert_eq!(
            date(&Cell::Text("5日".into())),
            dated(2024, 3, 5, (true, true))
        );
        assert_eq!(date(&Cell::Number(5.0)), dated(2024, 3, 5, (true, true)));
        assert_eq!(
            date(&Cell::Text("3月9日".into())),
            dated(2024, 3, 9, (true, false))
        );
        assert_eq!(
            date(&Cell::Text("45383.6".into())),
            dated(2024, 4, 1, (false, false)).with_conflict(3)
        );
        assert_eq!(date(&Cell::Text("上旬".into())), RowDate::Unreadable);
        let none = DateContext::default();
        let d5 = Cell::Text("5日".into());
        let cells = DateCells {
            date: &d5,
            year: &e,
            month: &e,
            day: &e,
        };
        assert_eq!(
            row_date(&cells, &none, 2024, false),
            RowDate::Unsettled(None)
        );
        let (y, m, d) = (
            Cell::Number(2023.0),
            Cell::Text("十一月".into()),
            Cell::Number(7.0),
        );
        let cells = DateCells {
            date: &e,
            year: &y,
            month: &m,
            day: &d,
        };
        assert_eq!(
            row_date(&cells, &none, 2024, false),
            dated(2023, 11, 7, (false, false))
        );
    }

    impl RowDate {
        fn with_conflict(self, m: u32) -> RowDate {
            match self {
                RowDate::Dated {
                    date, from_context, ..
                } => RowDate::Dated {
                    date,
                    from_context,
                    conflict: Some(m),
                },
                other => other,
            }
        }
    }
}
