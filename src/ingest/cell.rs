//! Cell values and how messy ones are read: dates in any common form, numbers with full-width
//! digits or units, yes/no marks.

use crate::text::{fold_width, squash};
use chinese_number::{ChineseCountMethod, ChineseToNumber};
use regex::Regex;
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

/// A cell as read from any format, before it is given a meaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(std::sync::Arc<str>),
    Number(f64),
    Date(Date),
    Bool(bool),
    /// An error value such as `#DIV/0!`.
    Error(std::sync::Arc<str>),
    /// A formula saved without its computed value (files written by some tools).
    NoCachedValue,
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text a clerk would recognise ("2024-03-05" for dates, "12" for 12.0).
    pub fn as_text(&self) -> String {
        self.text().into_owned()
    }

    /// The text squashed ([`crate::text::squash`]), without a copy for a plain text cell.
    pub fn squashed(&self) -> Cow<'_, str> {
        crate::text::squashed_text(self.text())
    }

    /// [`Cell::as_text`] without a copy for a text cell.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty | Cell::NoCachedValue => Cow::Borrowed(""),
            Cell::Text(t) | Cell::Error(t) => Cow::Borrowed(t),
            Cell::Number(n) => Cow::Owned(format_number(*n)),
            Cell::Date(d) => Cow::Owned(d.to_string()),
            Cell::Bool(b) => Cow::Borrowed(if *b { "是" } else { "否" }),
        }
    }
}

/// A calendar date.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// A [`Date`] in four bytes, ordered as the date (a record's 结案日期, which most rows lack).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct PackedDate(std::num::NonZeroU32);

impl PackedDate {
    /// The year offset that keeps every year a date can have (±4 million) positive.
    const YEAR_BASE: i64 = 1 << 22;

    /// The date packed: year, month (4 bits), day (5 bits, never 0); `None` for a year
    /// beyond what 23 bits hold, which no date gongwen reads has.
    pub fn new(d: Date) -> Option<PackedDate> {
        let year = u32::try_from(i64::from(d.year) + Self::YEAR_BASE).ok()?;
        if year >= 1 << 23 || d.month > 15 || d.day > 31 {
            return None;
        }
        std::num::NonZeroU32::new(year << 9 | d.month << 5 | d.day).map(PackedDate)
    }

    pub fn date(self) -> Date {
        let v = self.0.get();
        Date {
            year: (i64::from(v >> 9) - Self::YEAR_BASE) as i32,
            month: (v >> 5) & 0xF,
            day: v & 0x1F,
        }
    }
}

impl Date {
    /// A valid date, or `None` (2024-02-30 is refused).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// A date from an Excel serial day number (1900 or 1904 date system).
    pub fn from_excel_serial(serial: f64, is_1904: bool) -> Option<Date> {
        if !(1.0..2_958_466.0).contains(&serial) {
            return None;
        }
        let days = serial.floor() as i64;
        // Days since 1970-01-01 of the serial's day.
        let unix_days = if is_1904 {
            days - 24_107
        } else if days >= 61 {
            days - 25_569
        } else {
            // Excel counts a 29 February 1900 that never was.
            days - 25_568
        };
        Some(Date::from_unix_days(unix_days))
    }

    fn from_unix_days(z: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Date {
            year: (if m <= 2 { y + 1 } else { y }) as i32,
            month: m,
            day: d,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads a date from a cell. `year` is the report year, used when the text gives only month and
/// day ("3月5日") or only a month ("3月", read as the first of the month).
pub fn parse_date(cell: &Cell, year: i32, is_1904: bool) -> Option<Date> {
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) => {
            let whole = n.trunc();
            // 20240305 written as a number.
            if (19_000_101.0..=21_001_231.0).contains(&whole) && whole == *n {
                return parse_date_text(&format!("{}", whole as i64), year);
            }
            // A serial day without a date format: only plausible years (1990..2100).
            if (32_874.0..73_051.0).contains(n) {
                return Date::from_excel_serial(*n, is_1904);
            }
            None
        }
        Cell::Text(t) => parse_date_text(t, year).or_else(|| {
            // A serial day number stored as text ("45356").
            let t = t.trim();
            (t.len() == 5 && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| parse_date(&Cell::Number(t.parse().ok()?), year, is_1904))
                .flatten()
        }),
        _ => None,
    }
}

/// Digits for the Chinese numerals of a date ("二〇二四年三月十五日" -> "2024年3月15日").
///
/// Each run of numerals is read by `chinese-number`: with 十 as a number (十五 -> 15,
/// 二十 -> 20), without it digit by digit (二〇二四 -> 2024, leading 〇 kept). A run the crate
/// cannot read stays as written, so the date is not recognised rather than misread.
pub(super) fn chinese_date_digits(t: &str) -> String {
    let is_numeral = |c: char| "〇零一二三四五六七八九十".contains(c);
    if !t.contains(is_numeral) {
        return t.to_string();
    }
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(start) = rest.find(is_numeral) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        let end = run.find(|c: char| !is_numeral(c)).unwrap_or(run.len());
        let run = &run[..end];
        let digits = if run.contains('十') {
            run.to_number(ChineseCountMethod::TenThousand)
                .ok()
                .map(|n: u32| n.to_string())
        } else {
            let width = run.chars().count();
            run.to_number_naive()
                .ok()
                .map(|n: u64| format!("{n:0width$}"))
        };
        out.push_str(digits.as_deref().unwrap_or(run));
        rest = &rest[start + end..];
    }
    out.push_str(rest);
    out
}

fn date_patterns() -> &'static [Regex; 5] {
    static PATTERNS: OnceLock<[Regex; 5]> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        [
            // 24.3.5, 24/3/5: a two-digit year is 20xx.
            crate::text::compile(r"^(\d{2})[./-](\d{1,2})[./-](\d{1,2})$"),
            // 2024-3-5, 2024/03/05, 2024.3.5, 2024年3月5日, and whatever follows the day: a time
            // ("上午", "14:30"), a weekday ("（周二）"), the end of a range ("-3.8", "至8日").
            crate::text::compile(
                r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:$|[^\d])",
            ),
            // 20240305
            crate::text::compile(r"^(\d{4})(\d{2})(\d{2})$"),
            // 3月5日 (and what follows the day); 3.5 is too ambiguous and is not read.
            crate::text::compile(r"^(\d{1,2})\s*月\s*(\d{1,2})(?:$|[^\d])"),
            // 2024年3月 / 2024-03 / 3月
            crate::text::compile(r"^(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*月?份?$"),
        ]
    })
}

/// The months a summary says it covers: "2023年12月至2024年11月", "2023.12-2024.11",
/// "2024年1-6月". `None` when the text names no span of months. Both ends are the first of
/// their month.
pub fn parse_period(text: &str) -> Option<(Date, Date)> {
    static SPAN: OnceLock<Regex> = OnceLock::new();
    let span = SPAN.get_or_init(|| {
        crate::text::compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*月?(?:份)?(?:\d{1,2}日)?\s*(?:至|到|—+|–|-|~|～)\s*(?:(\d{4})\s*[年.\-/]\s*)?(\d{1,2})\s*月?")
    });
    let t = chinese_date_digits(&fold_width(text));
    let c = span.captures(&t)?;
    let y0: i32 = c[1].parse().ok()?;
    let y1: i32 = c.get(3).map_or(Some(y0), |m| m.as_str().parse().ok())?;
    let from = Date::new(y0, c[2].parse().ok()?, 1)?;
    let to = Date::new(y1, c[4].parse().ok()?, 1)?;
    (from <= to).then_some((from, to))
}

/// Reads a date written as text in any common form.
pub fn parse_date_text(text: &str, year: i32) -> Option<Date> {
    let t = chinese_date_digits(&fold_width(text));
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    let [short, full, compact, month_day, month] = date_patterns();
    let num = |s: &str| s.parse::<u32>().ok();
    if let Some(c) = short.captures(t) {
        return Date::new(2000 + c[1].parse::<i32>().ok()?, num(&c[2])?, num(&c[3])?);
    }
    // 一月 … 十二月 (a month written in Chinese numerals).
    const CN: [&str; 12] = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
    ];
    if let Some(m) = t.strip_suffix("月份").or_else(|| t.strip_suffix('月')) {
        if let Some(i) = CN.iter().position(|c| *c == m) {
            return Date::new(year, i as u32 + 1, 1);
        }
    }
    if let Some(c) = full.captures(t).or_else(|| compact.captures(t)) {
        return Date::new(c[1].parse().ok()?, num(&c[2])?, num(&c[3])?);
    }
    if let Some(c) = month_day.captures(t) {
        return Date::new(year, num(&c[1])?, num(&c[2])?);
    }
    if let Some(c) = month.captures(t) {
        // A bare number is not a month; "3月", "2024-03", "2024年3月" are.
        if c.get(1).is_none() && !t.contains('月') {
            return None;
        }
        let y = c.get(1).map_or(Some(year), |m| m.as_str().parse().ok())?;
        return Date::new(y, num(&c[2])?, 1);
    }
    None
}

/// Reads a count or amount: 12, 12.0, "12", "１２", "12件", "32人", "1,234".
pub fn parse_number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Number(n) => Some(*n),
        Cell::Bool(_) | Cell::Date(_) | Cell::Empty | Cell::Error(_) | Cell::NoCachedValue => None,
        Cell::Text(t) => {
            static NUM: OnceLock<Regex> = OnceLock::new();
            let re = NUM.get_or_init(|| {
                crate::text::compile(
                    r"^(-?\d+(?:\.\d+)?)\s*(?:件次|件|次|人次|人|条|个|起|期|场|项|份)?$",
                )
            });
            static NOTE: OnceLock<Regex> = OnceLock::new();
            let note = NOTE.get_or_init(|| crate::text::compile(r"[(（][^)）]*[)）]"));
            let t = squash(t).replace(',', "");
            // "/", "—" and "无" in a count column mean none.
            if ["/", "-", "—", "——", "－", "无", "／"].contains(&t.as_str()) {
                return Some(0.0);
            }
            // "12（件）", "23人（请假2人）"
            let t = note.replace_all(&t, "").into_owned();
            re.captures(&t)
                .and_then(|c| c[1].parse().ok())
                .or_else(|| chinese_number(&t))
        }
    }
}

/// Reads a count (cases, meetings, items, attendees): empty is `Ok(None)`; anything that is not
/// a finite whole number is an `Err` saying, in Chinese, what the cell holds ("写的是“NaN”，不是
/// 一个数字"; "写的是 0.5，…必须是整数"). Negative counts pass: reconcile names them.
pub fn parse_count(cell: &Cell) -> Result<Option<f64>, String> {
    if cell.is_empty() {
        return Ok(None);
    }
    match parse_number(cell) {
        _ if matches!(cell, Cell::NoCachedValue) => {
            Err("是公式，但文件里没有保存计算结果".to_string())
        }
        None => Err(format!("写的是“{}”，不是一个数字", cell.as_text())),
        Some(n) if !n.is_finite() => Err(format!("写的是“{}”，不是一个有效的数字", cell.as_text())),
        Some(n) if n.fract() != 0.0 => Err(format!(
            "写的是 {}，件数、次数和人数必须是整数",
            format_number(n)
        )),
        Some(n) => Ok(Some(n)),
    }
}

/// A count written in Chinese numerals, read by `chinese-number`: 十二, 二十五, 一百零三, 两千,
/// 一万二千, with a unit (件, 次, 人, …) after it.
fn chinese_number(t: &str) -> Option<f64> {
    let t = t.trim_end_matches(['件', '次', '人', '条', '个', '起', '期', '场', '项', '份']);
    // The crate also reads ASCII digits and signs; a count here is Chinese numerals only.
    if t.is_empty()
        || !t
            .chars()
            .all(|c| "〇零一二三四五六七八九十百千万两".contains(c))
    {
        return None;
    }
    let n: u64 = t.to_number(ChineseCountMethod::TenThousand).ok()?;
    Some(n as f64)
}

/// The attendance of a meeting: a number, or the 实到 figure of "应到25人，实到23人", or the
/// first figure of "23/25".
pub fn parse_attendance(cell: &Cell) -> Option<f64> {
    if let Some(n) = parse_number(cell) {
        return Some(n);
    }
    let t = squash(&cell.as_text());
    static PRESENT: OnceLock<Regex> = OnceLock::new();
    let present =
        PRESENT.get_or_init(|| crate::text::compile(r"(?:实到|实际参加|出席)[:：]?(\d+)"));
    static RATIO: OnceLock<Regex> = OnceLock::new();
    let ratio = RATIO.get_or_init(|| crate::text::compile(r"^(\d+)人?/\d+人?$"));
    present
        .captures(&t)
        .or_else(|| ratio.captures(&t))
        .and_then(|c| c[1].parse().ok())
        .or_else(|| super::attendance::attendance_in_text(&t))
}

/// Formats a number without a needless ".0".
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_date_is_the_date_and_orders_as_it() {
        let dates: Vec<Date> = [
            (1900, 1, 1),
            (2024, 2, 29),
            (2024, 3, 1),
            (2024, 12, 31),
            (9999, 12, 31),
        ]
        .iter()
        .filter_map(|&(y, m, d)| Date::new(y, m, d))
        .collect();
        assert_eq!(dates.len(), 5);
        let packed: Vec<PackedDate> = dates.iter().filter_map(|d| PackedDate::new(*d)).collect();
        assert_eq!(packed.iter().map(|p| p.date()).collect::<Vec<_>>(), dates);
        assert!(packed.windows(2).all(|w| w[0] < w[1]));
    }

    fn d(y: i32, m: u32, day: u32) -> Option<Date> {
        Date::new(y, m, day)
    }

    #[test]
    fn dates_in_every_common_form() {
        for text in [
            "2024.3.5",
            "2024年3月5日",
            "2024/03/05",
            "2024-3-5",
            "20240305",
            "２０２４年３月５日",
            "3月5日",
            "2024-03-05 10:30",
            "2024年3月5日上午",
            "2024年3月5日14:30",
            "2024.3.5-3.8",
            "2024年3月5日至8日",
            "2024年3月5日（周二）",
            "二〇二四年三月五日",
        ] {
            assert_eq!(parse_date_text(text, 2024), d(2024, 3, 5), "{text}");
        }
        assert_eq!(parse_date_text("3月", 2024), d(2024, 3, 1));
        assert_eq!(parse_date_text("十一月", 2024), d(2024, 11, 1));
        assert_eq!(parse_date_text("24.3.5", 2024), d(2024, 3, 5));
        assert_eq!(
            parse_date_text("二〇二四年十二月二十五日", 2024),
            d(2024, 12, 25)
        );
        assert_eq!(
            parse_date_text("二〇二四年三月十五日", 2024),
            d(2024, 3, 15)
        );
        assert_eq!(
            parse_date_text("二〇二四年十月三十日", 2024),
            d(2024, 10, 30)
        );
        assert_eq!(chinese_date_digits("二〇二四年三月十五日"), "2024年3月15日");
        assert_eq!(chinese_date_digits("〇五号"), "05号");
        assert_eq!(chinese_date_digits("调解成功"), "调解成功");
        assert_eq!(
            parse_date(&Cell::Text("45356".into()), 2024, false),
            d(2024, 3, 5)
        );
        assert_eq!(parse_date_text("2024年13月5日", 2024), None);
        assert_eq!(parse_date_text("12", 2024), None);
    }

    #[test]
    fn serial_numbers_in_both_date_systems() {
        // 45356 is 2024-03-05 in the 1900 system; the same day is 43894 in the 1904 system.
        assert_eq!(Date::from_excel_serial(45356.0, false), d(2024, 3, 5));
        assert_eq!(Date::from_excel_serial(43894.0, true), d(2024, 3, 5));
        assert_eq!(
            parse_date(&Cell::Number(45356.0), 2024, false),
            d(2024, 3, 5)
        );
        assert_eq!(
            parse_date(&Cell::Number(20240305.0), 2024, false),
            d(2024, 3, 5)
        );
    }

    #[test]
    fn periods_of_summaries() {
        let p = |t: &str| parse_period(t).map(|(a, b)| (a.to_string(), b.to_string()));
        let dec_nov = Some(("2023-12-01".to_string(), "2024-11-01".to_string()));
        assert_eq!(p("统计时段：2023年12月至2024年11月"), dec_nov);
        assert_eq!(p("（2023.12-2024.11）"), dec_nov);
        assert_eq!(p("2023年12月1日—2024年11月30日"), dec_nov);
        assert_eq!(
            p("2024年1-6月"),
            Some(("2024-01-01".to_string(), "2024-06-01".to_string()))
        );
        assert_eq!(p("2024年矛盾纠纷化解情况汇总"), None);
    }

    #[test]
    fn counts_are_finite_whole_numbers() {
        assert_eq!(parse_count(&Cell::Number(12.0)), Ok(Some(12.0)));
        assert_eq!(parse_count(&Cell::Empty), Ok(None));
        for bad in [
            Cell::Number(f64::NAN),
            Cell::Number(f64::INFINITY),
            Cell::Number(0.5),
            Cell::Number(0.3333),
            Cell::Text("NaN".into()),
            Cell::Text("2.5件".into()),
        ] {
            assert!(parse_count(&bad).is_err(), "{bad:?}");
        }
        assert!(parse_count(&Cell::Number(0.5)).unwrap_err().contains("0.5"));
    }

    #[test]
    fn numbers_with_units_and_full_width_digits() {
        assert_eq!(parse_number(&Cell::Text("１２件".into())), Some(12.0));
        assert_eq!(parse_number(&Cell::Text("32人".into())), Some(32.0));
        assert_eq!(parse_number(&Cell::Text("1,234".into())), Some(1234.0));
        assert_eq!(parse_number(&Cell::Text("十二".into())), Some(12.0));
        assert_eq!(parse_number(&Cell::Text("一百零三件".into())), Some(103.0));
        assert_eq!(parse_number(&Cell::Text("两千".into())), Some(2000.0));
        assert_eq!(parse_number(&Cell::Text("十".into())), Some(10.0));
        assert_eq!(parse_number(&Cell::Text("二十五人".into())), Some(25.0));
        assert_eq!(
            parse_number(&Cell::Text("一千〇五件次".into())),
            Some(1005.0)
        );
        assert_eq!(parse_number(&Cell::Text("一万二千".into())), Some(12_000.0));
        assert_eq!(parse_number(&Cell::Text("零".into())), Some(0.0));
        // A unit alone, or a sign: not a count.
        assert_eq!(parse_number(&Cell::Text("件".into())), None);
        assert_eq!(parse_number(&Cell::Text("负三".into())), None);
        assert_eq!(parse_number(&Cell::Text("12（件）".into())), Some(12.0));
        assert_eq!(parse_number(&Cell::Text("—".into())), Some(0.0));
        assert_eq!(parse_number(&Cell::Text("全体干部".into())), None);
        assert_eq!(
            parse_attendance(&Cell::Text("应到25人，实到23人".into())),
            Some(23.0)
        );
        assert_eq!(
            parse_attendance(&Cell::Text("23人（请假2人）".into())),
            Some(23.0)
        );
        assert_eq!(parse_attendance(&Cell::Text("25/27".into())), Some(25.0));
    }
}
