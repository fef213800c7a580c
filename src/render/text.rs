//! Measuring text in character cells and breaking a long title into lines.
//!
//! A full-width character (汉字, full-width punctuation) is one cell, a printable ASCII character
//! half a cell. Widths are kept in half cells so the arithmetic stays in integers.

use crate::styles::{mm_to_twips, Styles};

/// Width of one character in half cells.
fn half_cells_of(c: char) -> usize {
    if (' '..='~').contains(&c) {
        1
    } else {
        2
    }
}

/// Width of a string in half cells.
pub(crate) fn half_cells(text: &str) -> usize {
    text.chars().map(half_cells_of).sum()
}

/// Characters a line may not start with (closing punctuation).
fn is_closing(c: char) -> bool {
    "，。、；：？！）》〉」』】〕”’…—·,.;:?!)]}%".contains(c)
}

/// Characters a line may not end with (opening punctuation).
fn is_opening(c: char) -> bool {
    "（《〈「『【〔“‘([{".contains(c)
}

/// An ASCII character that belongs to a word or a number ("2024", "3.5%", "GB/T").
fn is_ascii_word(c: char) -> bool {
    c.is_ascii_graphic()
}

/// Where a line may break: `allowed[i]` is true when a break may come before `chars[i]`
/// (index 0 is never a break). `keep_groups` keeps ASCII words and 《…》 whole.
fn break_opportunities(chars: &[char], keep_groups: bool) -> Vec<bool> {
    let n = chars.len();
    let mut allowed = vec![true; n];
    if n > 0 {
        allowed[0] = false;
    }
    for i in 1..n {
        if is_closing(chars[i]) || is_opening(chars[i - 1]) {
            allowed[i] = false;
        }
        if keep_groups && is_ascii_word(chars[i - 1]) && is_ascii_word(chars[i]) {
            allowed[i] = false;
        }
        // A number and its unit are one word: "2024年", "2024年度", "第3期".
        if keep_groups
            && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '年')
            && "年月日度号届期次季".contains(chars[i])
        {
            allowed[i] = false;
        }
    }
    if keep_groups {
        let mut i = 0;
        while i < n {
            let close_of = match chars[i] {
                '《' => Some('》'),
                '“' => Some('”'),
                _ => None,
            };
            if let Some(close_char) = close_of {
                if let Some(len) = chars[i + 1..].iter().position(|&c| c == close_char) {
                    let close = i + 1 + len;
                    for a in allowed.iter_mut().take(close + 1).skip(i + 1) {
                        *a = false;
                    }
                    i = close;
                }
            }
            i += 1;
        }
    }
    allowed
}

/// Two-character words common in report titles: a break inside one costs the most.
const WORDS: &[&str] = &[
    "天水",
    "秦州",
    "人民",
    "政府",
    "委员",
    "员会",
    "办公",
    "公室",
    "关于",
    "法治",
    "建设",
    "工作",
    "情况",
    "报告",
    "年度",
    "行动",
    "执法",
    "行政",
    "规范",
    "综治",
    "中心",
    "政务",
    "公开",
    "落实",
    "贯彻",
    "全面",
    "推进",
    "实施",
    "意见",
    "方案",
    "总结",
    "安排",
    "制度",
    "三项",
    "平安",
    "矛盾",
    "纠纷",
    "调解",
    "化解",
    "普法",
    "宣传",
    "教育",
    "依法",
    "乡村",
    "振兴",
    "社会",
    "治理",
    "基层",
    "服务",
    "管理",
    "安全",
    "生产",
    "环境",
    "整治",
    "监督",
    "决策",
    "营商",
    "优化",
    "审查",
    "法律",
    "顾问",
    "专项",
    "活动",
    "开展",
    "要点",
    "计划",
    "目标",
    "责任",
    "考核",
    "司法",
    "信访",
    "排查",
    "党委",
    "中共",
    "共产",
    "机关",
    "部门",
    "单位",
    "规范化",
    "标准",
    "促进",
    "保障",
    "民主",
    "科学",
    "事项",
    "重大",
    "重点",
    "任务",
    "问题",
    "整改",
    "第一",
    "责任人",
    "主要",
    "负责",
    "领导",
    "法治政府",
    "行政执法",
    "矛盾纠纷",
    "依法治镇",
    "依法治区",
    "人民政府",
    "乡村振兴",
    "综治中心",
    "政务公开",
    "三项制度",
    "多元化解",
    "平安建设",
    "基层治理",
    "营商环境",
    "自查报告",
    "工作总结",
];

/// Whether a break before `chars[i]` falls inside one of [`WORDS`].
fn inside_word(chars: &[char], i: usize) -> bool {
    WORDS.iter().any(|w| {
        let w: Vec<char> = w.chars().collect();
        (1..w.len()).any(|j| {
            i >= j && i - j + w.len() <= chars.len() && chars[i - j..i - j + w.len()] == w[..]
        })
    })
}

/// What a break before `chars[i]` costs, in squared cells: nothing at the seams of a title
/// (before 关于, before 的, after the issuing organ), a little after 年度 or before 工作/情况,
/// more between two characters, and most inside a common word.
fn break_cost_at(chars: &[char], i: usize) -> f64 {
    let before: String = chars[i.saturating_sub(2)..i].iter().collect();
    let after: String = chars[i..(i + 2).min(chars.len())].iter().collect();
    if after == "关于" || chars[i] == '的' {
        0.0
    } else if before == "关于"
        || before.ends_with("政府")
        || before.ends_with("员会")
        || before.ends_with("公室")
        || before.ends_with('镇')
    {
        1.0
    } else if before.ends_with('年')
        || before.ends_with("年度")
        || ["工作", "情况"].contains(&after.as_str())
    {
        2.0
    } else if inside_word(chars, i) {
        24.0
    } else {
        8.0
    }
}

/// Largest number of units the balancing search works on; longer titles are filled greedily.
const MAX_UNITS: usize = 300;

/// How many half cells of title text fit the width of the text block.
fn title_capacity(styles: &Styles) -> usize {
    let width = mm_to_twips(styles.text_width_mm()).max(0) as usize;
    let cell = ((styles.title.size_pt * 20.0).round() as usize).max(1);
    (width * 2 / cell).max(2)
}

/// Breaks a title into balanced lines, each at most as wide as the text block at the title size.
///
/// Lines form a trapezoid (no line wider than the one above it), never break inside a run of
/// ASCII letters or digits or inside 《…》, never start with closing or end with opening
/// punctuation, and prefer to break after 关于, before 的 or after 年. A title that fits one line
/// comes back whole.
pub fn title_lines(title: &str, styles: &Styles) -> Vec<String> {
    let title = title.trim();
    if title.is_empty() {
        return Vec::new();
    }
    let capacity = title_capacity(styles);
    let chars: Vec<char> = title.chars().collect();
    if half_cells(title) <= capacity {
        return vec![title.to_string()];
    }
    // Units between break opportunities; give up keeping groups whole when one is too wide.
    let mut units = units_of(&chars, true);
    if units.iter().any(|u| u.width > capacity) {
        units = units_of(&chars, false);
    }
    if units.iter().any(|u| u.width > capacity) {
        units = (0..chars.len())
            .map(|i| Unit {
                start: i,
                end: i + 1,
                width: half_cells_of(chars[i]),
                cost: if i > 0 { break_cost_at(&chars, i) } else { 0.0 },
            })
            .collect();
    }
    let breaks = if units.len() > MAX_UNITS {
        None
    } else {
        let total: usize = units.iter().map(|u| u.width).sum();
        let fewest = total.div_ceil(capacity).max(1);
        (fewest..=units.len())
            .find_map(|n| balanced(&units, n, capacity, true))
            .or_else(|| (fewest..=units.len()).find_map(|n| balanced(&units, n, capacity, false)))
    };
    let breaks = breaks.unwrap_or_else(|| greedy(&units, capacity));
    let mut lines = Vec::new();
    let mut from = 0;
    for to in breaks.into_iter().chain(std::iter::once(units.len())) {
        let line: String = chars[units[from].start..units[to - 1].end].iter().collect();
        let line = line.trim();
        if !line.is_empty() {
            lines.push(line.to_string());
        }
        from = to;
    }
    lines
}

/// A piece of the title no break may fall inside.
struct Unit {
    start: usize,
    end: usize,
    width: usize,
    /// What a break before this unit costs.
    cost: f64,
}

fn units_of(chars: &[char], keep_groups: bool) -> Vec<Unit> {
    let allowed = break_opportunities(chars, keep_groups);
    let mut units = Vec::new();
    let mut start = 0;
    for i in 1..=chars.len() {
        if i == chars.len() || allowed[i] {
            units.push(Unit {
                start,
                end: i,
                width: chars[start..i].iter().map(|&c| half_cells_of(c)).sum(),
                cost: if start > 0 {
                    break_cost_at(chars, start)
                } else {
                    0.0
                },
            });
            start = i;
        }
    }
    units
}

/// The best split of `units` into exactly `n` lines that each fit `capacity`: returns the unit
/// indexes where lines 2..=n start. Lines are as even as possible, preferred breaks cost less,
/// and with `trapezoid` no line is wider than the one before it.
fn balanced(units: &[Unit], n: usize, capacity: usize, trapezoid: bool) -> Option<Vec<usize>> {
    let m = units.len();
    if n == 0 || n > m {
        return None;
    }
    let mut prefix = vec![0usize; m + 1];
    for (i, u) in units.iter().enumerate() {
        prefix[i + 1] = prefix[i] + u.width;
    }
    let width = |i: usize, j: usize| prefix[j] - prefix[i];
    let ideal = prefix[m] as f64 / n as f64;
    let line_cost = |i: usize, j: usize| {
        let d = (width(i, j) as f64 - ideal) / 2.0;
        d * d
    };
    let break_cost = |i: usize| units[i].cost;
    // best[k][j][i]: cheapest way to lay units[..j] on k+1 lines, the last being units[i..j].
    const NONE: f64 = f64::INFINITY;
    let mut best = vec![vec![vec![NONE; m + 1]; m + 1]; n];
    let mut from = vec![vec![vec![usize::MAX; m + 1]; m + 1]; n];
    for (j, row) in best[0].iter_mut().enumerate().skip(1) {
        if width(0, j) <= capacity {
            row[0] = line_cost(0, j);
        }
    }
    for k in 1..n {
        for j in (k + 1)..=m {
            for i in k..j {
                if width(i, j) > capacity {
                    continue;
                }
                let mut here = NONE;
                let mut arg = usize::MAX;
                for (h, &before) in best[k - 1][i].iter().enumerate().take(i).skip(k - 1) {
                    if before == NONE || (trapezoid && width(h, i) < width(i, j)) {
                        continue;
                    }
                    if before < here {
                        here = before;
                        arg = h;
                    }
                }
                if here < NONE {
                    best[k][j][i] = here + line_cost(i, j) + break_cost(i);
                    from[k][j][i] = arg;
                }
            }
        }
    }
    let (mut i, cost) =
        (0..m)
            .map(|i| (i, best[n - 1][m][i]))
            .fold(
                (usize::MAX, NONE),
                |acc, x| if x.1 < acc.1 { x } else { acc },
            );
    if cost == NONE {
        return None;
    }
    let mut starts = Vec::new();
    let mut j = m;
    for k in (1..n).rev() {
        starts.push(i);
        let h = from[k][j][i];
        j = i;
        i = h;
    }
    starts.reverse();
    Some(starts)
}

/// Fills lines one unit at a time: the fallback for absurdly long titles.
fn greedy(units: &[Unit], capacity: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut used = 0;
    for (i, u) in units.iter().enumerate() {
        if used > 0 && used + u.width > capacity {
            starts.push(i);
            used = 0;
        }
        used += u.width;
    }
    starts
}

/// Right indents (twips) of the organ name and the date of the signature: the date sits
/// `date_right_indent_chars` body characters in from the right, and the name is centred over it.
pub(crate) fn signature_indents(organ: &str, date: &str, styles: &Styles) -> (i64, i64) {
    let char_twips = styles.body_char_twips();
    let date_indent = styles.signature.date_right_indent_chars as i64 * char_twips;
    let diff_half_cells = half_cells(date) as i64 - half_cells(organ) as i64;
    // date_indent + diff/2 cells, with diff in half cells: diff_half_cells * char_twips / 4.
    let name_indent = date_indent + (diff_half_cells * char_twips) / 4;
    (name_indent.max(0), date_indent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles() -> Styles {
        Styles::builtin()
    }

    #[test]
    fn widths_count_ascii_as_half_a_cell() {
        assert_eq!(half_cells("2024年12月20日"), 14);
        assert_eq!(half_cells("关于"), 4);
    }

    #[test]
    fn short_title_stays_on_one_line() {
        let t = "2024年杨家寺镇法治政府建设情况报告";
        assert_eq!(title_lines(t, &styles()), vec![t.to_string()]);
    }

    #[test]
    fn long_title_breaks_into_balanced_trapezoid() {
        let t = "天水市秦州区杨家寺镇人民政府关于2024年法治政府建设工作情况的报告";
        let lines = title_lines(t, &styles());
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines.concat(), t);
        let cap = title_capacity(&styles());
        assert!(lines.iter().all(|l| half_cells(l) <= cap), "{lines:?}");
        assert!(half_cells(&lines[0]) >= half_cells(&lines[1]), "{lines:?}");
        assert!(
            !lines[0].ends_with("20") && !lines[0].ends_with("202"),
            "{lines:?}"
        );
        assert!(lines.iter().any(|l| l.contains("2024")), "{lines:?}");
        assert_eq!(lines[0], "天水市秦州区杨家寺镇人民政府关于");
    }

    #[test]
    fn titles_break_between_words_not_inside_them() {
        for (title, words) in [
            (
                "天水市秦州区杨家寺镇关于2024年度法治政府建设情况的报告",
                ["2024年度", "法治政府"],
            ),
            (
                "杨家寺镇人民政府关于严格落实行政执法“三项制度”情况的自查报告",
                ["行政执法", "“三项制度”"],
            ),
            (
                "天水市秦州区杨家寺镇2024年法治政府建设情况报告补充说明材料",
                ["2024年", "法治政府"],
            ),
        ] {
            let lines = title_lines(title, &styles());
            assert!(lines.len() > 1, "{lines:?}");
            for w in words {
                assert!(
                    lines.iter().any(|l| l.contains(w)),
                    "{w} split in {lines:?}"
                );
            }
        }
    }

    fn assert_whole_groups(lines: &[String], title: &str) {
        assert_eq!(lines.concat(), title);
        let cap = title_capacity(&styles());
        for l in lines {
            assert!(half_cells(l) <= cap, "{lines:?}");
            assert_eq!(
                l.matches('《').count(),
                l.matches('》').count(),
                "{lines:?}"
            );
            assert!(
                !l.starts_with(is_closing) && !l.ends_with(is_opening),
                "{lines:?}"
            );
        }
    }

    #[test]
    fn no_break_inside_book_title() {
        let t = "杨家寺镇人民政府关于贯彻落实《中华人民共和国行政复议法》工作情况的报告";
        let lines = title_lines(t, &styles());
        assert_whole_groups(&lines, t);
        assert_eq!(lines.len(), 3, "{lines:?}");
        for w in lines.windows(2) {
            assert!(half_cells(&w[0]) >= half_cells(&w[1]), "{lines:?}");
        }
    }

    #[test]
    fn a_wide_book_title_gives_up_the_trapezoid_not_the_group() {
        // The 《…》 group is a full line wide, so no trapezoid exists.
        let t = "杨家寺镇人民政府关于贯彻落实《法治政府建设实施纲要（2021—2025年）》情况的报告";
        let lines = title_lines(t, &styles());
        assert_whole_groups(&lines, t);
        assert!(
            lines
                .iter()
                .any(|l| l == "《法治政府建设实施纲要（2021—2025年）》"),
            "{lines:?}"
        );
    }

    #[test]
    fn title_width_follows_the_styles() {
        let mut s = styles();
        s.title.size_pt = 30.0;
        let t = "2024年杨家寺镇法治政府建设情况报告";
        assert!(title_lines(t, &s).len() >= 2);
    }

    #[test]
    fn organ_name_is_centred_over_the_date() {
        let s = styles();
        let c = s.body_char_twips();
        let (name, date) = signature_indents("杨家寺镇人民政府", "2024年12月20日", &s);
        assert_eq!(date, 4 * c);
        // The name is one cell wider than the date (8 against 7): half a cell further right.
        assert_eq!(name, 4 * c - c / 2);
        let (name, _) =
            signature_indents("天水市秦州区杨家寺镇人民政府人民政府", "2024年12月20日", &s);
        assert_eq!(name, 0);
    }
}
