//! The report template carried into the next year: the report year N written "N年" becomes
//! N+1 (in Arabic, full-width and Chinese numerals), 报告年度 moves on, 成文日期 is left blank
//! for the clerk, and `{{…}}` placeholders stay as they are. Other years are left alone and
//! listed, so the clerk can read them over.

use regex::Regex;

/// A template moved to a new year.
#[derive(Debug)]
pub(super) struct Moved {
    pub text: String,
    /// Years other than the report year, as written ("2023年"), with their 1-based line, left
    /// unchanged.
    pub other_years: Vec<(u32, String)>,
}

/// The keys of the front matter's date and year lines (front.rs reads the same names).
/// Items that belong to one year's signing and are left blank for the clerk: the dates, and
/// the 发文字号 (next year's document gets its own number).
const BLANKED_KEYS: [&str; 5] = ["成文日期", "日期", "印发日期", "发文字号", "文号"];
const YEAR_KEYS: [&str; 2] = ["报告年度", "年度"];

/// Moves `text` from report year `from` to `to`, keeping its line endings.
pub(super) fn move_template(text: &str, from: i32, to: i32) -> Moved {
    let mut out = String::with_capacity(text.len() + 16);
    let mut other_years = Vec::new();
    let mut front = FrontState::Before;
    for (i, piece) in text.split_inclusive('\n').enumerate() {
        let line_no = i as u32 + 1;
        let (line, ending) = split_ending(piece);
        front = front.next(line);
        let moved = match front {
            FrontState::Inside => front_entry(line, to),
            _ => None,
        };
        let moved = moved.unwrap_or_else(|| {
            other_years.extend(years_besides(line, from).into_iter().map(|y| (line_no, y)));
            move_years(line, from, to)
        });
        out.push_str(&moved);
        out.push_str(ending);
    }
    Moved {
        text: out,
        other_years,
    }
}

/// Where a line is relative to the front matter block.
#[derive(Debug, Clone, Copy, PartialEq)]
enum FrontState {
    /// Blank lines before the first fence.
    Before,
    /// The first fence line.
    Opening,
    Inside,
    /// The closing fence, or the body.
    After,
}

impl FrontState {
    fn next(self, line: &str) -> FrontState {
        match self {
            FrontState::Before if line.trim().is_empty() => FrontState::Before,
            FrontState::Before if is_fence(line) => FrontState::Opening,
            FrontState::Opening | FrontState::Inside if !is_fence(line) => FrontState::Inside,
            _ => FrontState::After,
        }
    }
}

/// Three or more dashes of any width, as front.rs reads a fence.
fn is_fence(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() >= 3 && t.chars().all(|c| "-—－–ー─".contains(c))
}

fn split_ending(piece: &str) -> (&str, &str) {
    let body = piece.trim_end_matches(['\n', '\r']);
    (body, &piece[body.len()..])
}

/// The 成文日期 (and the other [`BLANKED_KEYS`]) emptied and the 报告年度 line moved; `None`
/// for any other line.
fn front_entry(line: &str, to: i32) -> Option<String> {
    let at = line.find([':', '：'])?;
    let key = line[..at].trim();
    let sep = line[at..].chars().next()?;
    let head = &line[..at + sep.len_utf8()];
    if BLANKED_KEYS.contains(&key) {
        return Some(head.to_string());
    }
    if YEAR_KEYS.contains(&key) {
        let value = line[head.len()..].trim();
        let suffix = if value.ends_with('年') { "年" } else { "" };
        return Some(format!("{head}{to}{suffix}"));
    }
    None
}

/// A year written with these ten digits (Arabic, full-width, Chinese with 〇 or 零).
const DIGITS: [[char; 10]; 4] = [
    ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    ['０', '１', '２', '３', '４', '５', '６', '７', '８', '９'],
    ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'],
    ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'],
];

fn spelled(year: i32, digits: &[char; 10]) -> String {
    year.to_string()
        .chars()
        .filter_map(|c| c.to_digit(10).map(|d| digits[d as usize]))
        .collect()
}

/// Every "N年" of `from` in `text` written as "M年" with `to` in the same digits; a year inside a
/// `{{…}}` placeholder or in a longer run of digits is not a year of the report.
pub(super) fn move_years(text: &str, from: i32, to: i32) -> String {
    let mut out = String::with_capacity(text.len());
    for (outside, part) in placeholders_apart(text) {
        if !outside {
            out.push_str(part);
            continue;
        }
        let mut s = part.to_string();
        for digits in &DIGITS {
            // "○" (a circle) is often typed for 〇.
            let (form, target) = (spelled(from, digits), spelled(to, digits));
            let circled = (form.replace('〇', "○"), target.replace('〇', "○"));
            for (form, target) in [(form, target), circled] {
                s = replace_whole(&s, &format!("{form}年"), &format!("{target}年"), digits);
            }
        }
        out.push_str(&s);
    }
    out
}

/// Replaces `pat` where it is not preceded by one of `digits` (nor ○).
fn replace_whole(s: &str, pat: &str, with: &str, digits: &[char; 10]) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find(pat) {
        let before = rest[..at].chars().next_back();
        let joined = before.is_some_and(|c| digits.contains(&c) || c == '○');
        out.push_str(&rest[..at]);
        out.push_str(if joined { pat } else { with });
        rest = &rest[at + pat.len()..];
    }
    out.push_str(rest);
    out
}

fn placeholder() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| crate::text::compile(r"\{\{[^{}]*\}\}"))
}

/// The text cut into (outside a placeholder?, piece), in order.
fn placeholders_apart(text: &str) -> Vec<(bool, &str)> {
    let mut parts = Vec::new();
    let mut last = 0;
    for m in placeholder().find_iter(text) {
        parts.push((true, &text[last..m.start()]));
        parts.push((false, m.as_str()));
        last = m.end();
    }
    parts.push((true, &text[last..]));
    parts
}

/// The Arabic "YYYY年" years of a line other than `year`, outside placeholders.
fn years_besides(line: &str, year: i32) -> Vec<String> {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| crate::text::compile(r"(?:^|[^0-9０-９])([0-9０-９]{4})年"));
    let mut found = Vec::new();
    for (outside, part) in placeholders_apart(line) {
        if !outside {
            continue;
        }
        for c in re.captures_iter(part) {
            let written = &c[1];
            let value: Option<i32> = crate::text::fold_width(written).parse().ok();
            if value.is_some_and(|v| v != year && (1900..=2200).contains(&v)) {
                let text = format!("{written}年");
                if !found.contains(&text) {
                    found.push(text);
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_year_moves_and_nothing_else() {
        let text = "---\r\n标题：2024年某镇报告\r\n署名：某镇人民政府\r\n成文日期：2025年1月10日\r\n报告年度：2024\r\n---\r\n2024年，依据《2023年要点》，二〇二四年、二○二四年、２０２４年度；{{会议.2024年.次数}}次；12024年。\n";
        let moved = move_template(text, 2024, 2025);
        assert_eq!(
            moved.text,
            "---\r\n标题：2025年某镇报告\r\n署名：某镇人民政府\r\n成文日期：\r\n报告年度：2025\r\n---\r\n2025年，依据《2023年要点》，二〇二五年、二○二五年、２０２５年度；{{会议.2024年.次数}}次；12024年。\n"
        );
        assert_eq!(moved.other_years, vec![(7, "2023年".to_string())]);
    }

    #[test]
    fn a_year_written_with_nian_keeps_it() {
        let moved = move_template("---\n标题：报告\n年度：2024年\n---\n正文\n", 2024, 2025);
        assert!(moved.text.contains("年度：2025年\n"), "{}", moved.text);
    }

    #[test]
    fn a_formal_documents_number_and_print_date_are_left_for_the_clerk() {
        let text = "---\n标题：2024年报告\n发文字号：杨政发〔2025〕3号\n印发日期：2025年1月10日\n印发机关：某镇党政办公室\n报告年度：2024\n---\n正文\n";
        let moved = move_template(text, 2024, 2025);
        assert!(
            moved
                .text
                .contains("发文字号：\n印发日期：\n印发机关：某镇党政办公室\n"),
            "{}",
            moved.text
        );
    }
}
