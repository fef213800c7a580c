//! Measuring text in character cells and breaking a long title into lines.
//!
//! A full-width character (汉字, full-width punctuation) is one cell, a printable ASCII character
//! half a cell. Widths are kept in half cells so the arithmetic stays in integers.

use crate::styles::{mm_to_twips, Styles};
use jieba_rs::{Jieba, Tag};
use std::sync::OnceLock;

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

/// What a line break must keep whole, strictest first: a title falls back to the next when a
/// piece it keeps is wider than a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Keep {
    /// Punctuation rules only.
    Nothing,
    /// Words (as jieba cuts them), ASCII words and numbers with their units.
    Words,
    /// Words, and 《…》 and “…” too.
    Quotes,
}

/// Where a line may break: `allowed[i]` is true when a break may come before `chars[i]`
/// (index 0 is never a break), keeping whole what `keep` says.
fn break_opportunities(chars: &[char], words: &Words<'_>, keep: Keep) -> Vec<bool> {
    let keep_groups = keep >= Keep::Words;
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
        if keep_groups && !words.is_boundary(i) {
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
    if keep == Keep::Quotes {
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

/// The jieba segmenter with its default dictionary, loaded on first use: loading takes tens of
/// milliseconds, so only a title too long for one line pays for it.
fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// A title cut into words by jieba, with each word's part of speech (`n` noun, `ns` place
/// name, `nr…` personal name, `v` verb, `vn` verbal noun, `p` preposition, …).
struct Words<'a> {
    list: Vec<Tag<'a>>,
    /// `of_char[i]`: the index in `list` of the word holding character `i`.
    of_char: Vec<usize>,
}

impl<'a> Words<'a> {
    fn of(title: &'a str) -> Words<'a> {
        let list = jieba().tag(title, true);
        let mut of_char = Vec::with_capacity(title.chars().count());
        for (w, tag) in list.iter().enumerate() {
            of_char.extend(std::iter::repeat_n(w, tag.end - tag.start));
        }
        Words { list, of_char }
    }

    /// Whether a word starts at character `i`.
    fn is_boundary(&self, i: usize) -> bool {
        match (
            i.checked_sub(1).map(|p| self.of_char.get(p)),
            self.of_char.get(i),
        ) {
            (Some(Some(a)), Some(b)) => a != b,
            _ => true,
        }
    }

    /// The words on either side of a boundary before character `i`.
    fn around(&self, i: usize) -> Option<(&Tag<'a>, &Tag<'a>)> {
        let next = *self.of_char.get(i)?;
        let prev = next.checked_sub(1)?;
        Some((self.list.get(prev)?, self.list.get(next)?))
    }
}

/// Suffixes of administrative units: a place name ends with one (秦州区, 杨家寺镇, 马鹿乡).
fn is_admin_suffix(c: char) -> bool {
    "省市区县乡镇村州旗盟".contains(c)
}

/// Words that head an organ's name after its place (杨家寺镇人民政府, …镇委员会, …区委办公室).
const ORGAN_HEADS: &[&str] = &["人民", "政府", "委员会", "党委", "人大", "办公室", "纪委"];

fn is_name_tag(tag: &str) -> bool {
    tag.starts_with("nr") || tag.starts_with("ns")
}

/// A word that can modify the noun after it: a noun, a verbal or adjectival noun, an
/// abbreviation (中共) or an idiom-like term (人民调解).
fn is_nominal_tag(tag: &str) -> bool {
    tag.starts_with('n') || ["vn", "an", "j", "l"].contains(&tag)
}

fn last_char(w: &Tag<'_>) -> Option<char> {
    w.word.chars().next_back()
}

/// A word jieba guessed (its dictionary does not have it) that ends with an administrative
/// suffix: the tail of a place name it does not know, 杨家 / 寺镇, 依法 / 治镇. Dictionary words
/// with such an ending are common nouns (乡村, 农村, 全区).
fn is_guessed_place_tail(w: &Tag<'_>) -> bool {
    last_char(w).is_some_and(is_admin_suffix) && !jieba().has_word(w.word)
}

/// Whether a place name ends with `w`: a known place (天水市, 张家川回族自治县), a suffix on its
/// own (秦州 / 区) or a guessed tail (杨家 / 寺镇).
fn ends_a_place(w: &Tag<'_>) -> bool {
    last_char(w).is_some_and(is_admin_suffix)
        && (w.tag.starts_with("ns") || w.end - w.start == 1 || is_guessed_place_tail(w))
}

/// Whether `next` is an administrative suffix cut off its place name: 秦州 / 区, 秦州 / 区委,
/// and jieba's guesses for unknown places that take the name's last character with the suffix,
/// 杨家 / 寺镇.
fn splits_a_place(prev: &Tag<'_>, next: &Tag<'_>) -> bool {
    let len = next.end - next.start;
    let han_before = last_char(prev).is_some_and(|c| !is_ascii_word(c) && !is_closing(c));
    let starts_with_suffix = next.word.chars().next().is_some_and(is_admin_suffix);
    han_before
        && ((len == 1 && starts_with_suffix)
            || (is_name_tag(prev.tag)
                && (starts_with_suffix || (len == 2 && is_guessed_place_tail(next)))))
}

/// What a break before `chars[i]` costs, in squared cells: nothing at the seams of a title
/// (before 关于, before 的), a little after the issuing organ or its place, after 年度 or before
/// 工作/情况; between two words 8; 24 when the two words form one term: a noun and the noun it
/// modifies (法治政府, 营商环境, 人民调解委员会, 杨家寺镇人民政府) or a four-character term of
/// two two-character words (乡村振兴, 政务公开, 行政执法); 40 between a place name and its
/// administrative suffix (秦州区, 杨家寺镇); 48 inside a word (when nothing else fits a line).
fn break_cost_at(chars: &[char], words: &Words<'_>, i: usize) -> f64 {
    let before: String = chars[i.saturating_sub(2)..i].iter().collect();
    let after: String = chars[i..].iter().take(3).collect();
    let around = words.around(i).filter(|_| words.is_boundary(i));
    let place_before =
        around.is_some_and(|(prev, _)| ends_a_place(prev) && !is_admin_suffix(chars[i]));
    let organ_after = ORGAN_HEADS.iter().any(|h| after.starts_with(h));
    if after.starts_with("关于") || chars[i] == '的' {
        0.0
    } else if before == "关于"
        || before.ends_with("政府")
        || before.ends_with("员会")
        || before.ends_with("公室")
        || (place_before && !organ_after)
    {
        1.0
    } else if before.ends_with('年')
        || before.ends_with("年度")
        || after.starts_with("工作")
        || after.starts_with("情况")
    {
        2.0
    } else {
        match around {
            None => 48.0,
            Some((prev, next)) if splits_a_place(prev, next) => 40.0,
            Some((prev, next)) if is_nominal_tag(prev.tag) && next.tag.starts_with('n') => 24.0,
            Some((prev, next))
                if prev.end - prev.start == 2
                    && next.end - next.start == 2
                    && is_nominal_tag(prev.tag)
                    && ["v", "vn", "a", "ad", "an"].contains(&next.tag) =>
            {
                24.0
            }
            Some(_) => 8.0,
        }
    }
}

/// Largest number of units the balancing search works on, and most lines it lays a title on:
/// its cost grows with the lines times the cube of the units (a fuzzed 300-unit title took
/// half a minute and a gigabyte), and a title is two or three lines. Longer ones are filled
/// greedily.
const MAX_UNITS: usize = 120;
const MAX_LINES: usize = 6;

/// How many half cells of title text fit the width of the text block.
fn title_capacity(styles: &Styles) -> usize {
    let width = mm_to_twips(styles.text_width_mm()).max(0) as usize;
    let cell = ((styles.title.size_pt * 20.0).round() as usize).max(1);
    (width * 2 / cell).max(2)
}

/// Breaks a title into balanced lines, each at most as wide as the text block at the title size.
///
/// Lines form a trapezoid (no line wider than the one above it), break only between words as
/// jieba cuts them, never inside a run of ASCII letters or digits or inside 《…》, never start
/// with closing or end with opening punctuation, prefer to break after 关于, before 的 or after
/// 年, and keep terms and names whole (see [`break_cost_at`]). A title that fits one line comes
/// back whole, without loading the dictionary.
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
    let words = Words::of(title);
    // Units between break opportunities; give up keeping groups whole when one is too wide.
    let mut units = units_of(&chars, &words, Keep::Quotes);
    for keep in [Keep::Words, Keep::Nothing] {
        if units.iter().any(|u| u.width > capacity) {
            units = units_of(&chars, &words, keep);
        }
    }
    if units.iter().any(|u| u.width > capacity) {
        units = (0..chars.len())
            .map(|i| Unit {
                start: i,
                end: i + 1,
                width: half_cells_of(chars[i]),
                cost: if i > 0 {
                    break_cost_at(&chars, &words, i)
                } else {
                    0.0
                },
            })
            .collect();
    }
    let breaks = if units.len() > MAX_UNITS {
        None
    } else {
        let total: usize = units.iter().map(|u| u.width).sum();
        let fewest = total.div_ceil(capacity).max(1);
        let most = units.len().min(MAX_LINES);
        (fewest..=most)
            .find_map(|n| balanced(&units, n, capacity, true))
            .or_else(|| (fewest..=most).find_map(|n| balanced(&units, n, capacity, false)))
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

fn units_of(chars: &[char], words: &Words<'_>, keep: Keep) -> Vec<Unit> {
    let allowed = break_opportunities(chars, words, keep);
    let mut units = Vec::new();
    let mut start = 0;
    for i in 1..=chars.len() {
        if i == chars.len() || allowed[i] {
            units.push(Unit {
                start,
                end: i,
                width: chars[start..i].iter().map(|&c| half_cells_of(c)).sum(),
                cost: if start > 0 {
                    break_cost_at(chars, words, start)
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
    fn a_title_of_hundreds_of_characters_is_laid_on_lines_that_fit_every_character_kept() {
        let t = "杨家寺镇人民政府关于贯彻落实《法治政府建设实施纲要》工作情况的报告".repeat(8);
        let lines = title_lines(&t, &styles());
        let capacity = title_capacity(&styles());
        assert!(lines.len() > MAX_LINES, "{lines:?}");
        assert!(lines.iter().all(|l| half_cells(l) <= capacity), "{lines:?}");
        assert_eq!(lines.concat(), t);
    }

    #[test]
    fn the_template_the_fuzzer_found_slow_renders() {
        // Its title holds some 300 units: the balancing search once took half a minute.
        // The fuzzer reads its bytes as far as they are UTF-8.
        let bytes = include_bytes!("../../tests/fixtures/fuzz-templates/slow-title-1.txt");
        let text = bytes.utf8_chunks().next().map_or("", |c| c.valid());
        let t = crate::template::parse(text, "报告模板.txt").expect("a template");
        let facts = crate::facts::Facts::default();
        let figures = crate::template::Figures {
            facts: &facts,
            previous: None,
            present: &[],
        };
        if let Ok(filled) = crate::template::fill(&t, &figures) {
            let bytes = crate::render::render(&filled.document, &styles());
            assert!(bytes.starts_with(b"PK"));
        }
        let title = t.title.trim();
        let lines = title_lines(title, &styles());
        let kept: String = lines
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let want: String = title.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(kept, want);
    }

    #[test]
    fn title_width_follows_the_styles() {
        let mut s = styles();
        s.title.size_pt = 30.0;
        let t = "2024年杨家寺镇法治政府建设情况报告";
        assert!(title_lines(t, &s).len() >= 2);
    }

    /// Real titles of town and district reports and notices (a line holds 20 characters at
    /// 2号), the lines each is broken into, and the terms each must keep on one line.
    const TITLES: &[(&str, &[&str], &[&str])] = &[
        (
            "2024年杨家寺镇法治政府建设情况报告",
            &["2024年杨家寺镇法治政府建设情况报告"],
            &[],
        ),
        (
            "关于做好2024年度安全生产工作的通知",
            &["关于做好2024年度安全生产工作的通知"],
            &[],
        ),
        (
            "杨家寺镇政务公开工作年度报告",
            &["杨家寺镇政务公开工作年度报告"],
            &[],
        ),
        (
            "关于印发《天水市秦州区杨家寺镇2024年依法治镇工作要点》的通知",
            // The 《…》 is wider than a line: it breaks, but between its words.
            &["关于印发《天水市秦州区杨家寺镇", "2024年依法治镇工作要点》的通知"],
            &["天水市秦州区杨家寺镇", "2024年", "依法治镇", "工作要点"],
        ),
        (
            "秦州区人民政府关于2024年度法治政府建设工作情况的报告",
            &["秦州区人民政府关于2024年度", "法治政府建设工作情况的报告"],
            &["秦州区人民政府", "法治政府", "2024年度"],
        ),
        (
            "杨家寺镇人民调解委员会2024年矛盾纠纷排查化解工作总结",
            &["杨家寺镇人民调解委员会2024年", "矛盾纠纷排查化解工作总结"],
            &["杨家寺镇人民调解委员会", "矛盾纠纷"],
        ),
        (
            "关于开展2025年度“八五”普法工作检查考核的通知",
            &["关于开展2025年度“八五”", "普法工作检查考核的通知"],
            &["“八五”", "2025年度"],
        ),
        (
            "中共天水市秦州区杨家寺镇委员会关于加强新时代基层治理能力建设的实施意见",
            &["中共天水市秦州区杨家寺镇委员会关于加强", "新时代基层治理能力建设的实施意见"],
            &["杨家寺镇委员会", "秦州区", "基层治理"],
        ),
        (
            "关于进一步优化营商环境更好服务市场主体的实施方案",
            &["关于进一步优化营商环境更好", "服务市场主体的实施方案"],
            &["营商环境", "市场主体"],
        ),
        (
            "杨家寺镇2024年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作总结",
            &["杨家寺镇2024年巩固拓展脱贫攻坚成果", "同乡村振兴有效衔接工作总结"],
            &["杨家寺镇", "乡村振兴", "脱贫攻坚"],
        ),
        (
            "秦州区人民政府办公室关于进一步推进政务公开标准化规范化建设的通知",
            &["秦州区人民政府办公室关于进一步推进", "政务公开标准化规范化建设的通知"],
            &["秦州区人民政府办公室", "政务公开"],
        ),
        (
            "杨家寺镇人民政府关于全面推进乡村振兴加快农业农村现代化的实施意见",
            &["杨家寺镇人民政府关于全面推进乡村振兴", "加快农业农村现代化的实施意见"],
            &["杨家寺镇人民政府", "乡村振兴"],
        ),
        (
            "天水市秦州区杨家寺镇人民政府关于2024年法治政府建设工作情况的报告",
            &["天水市秦州区杨家寺镇人民政府关于", "2024年法治政府建设工作情况的报告"],
            &["杨家寺镇人民政府", "法治政府"],
        ),
        (
            "关于印发《杨家寺镇营商环境优化提升行动方案》的通知",
            // Nothing fits beside the 《…》: it has a line of its own, and no trapezoid exists.
            &["关于印发", "《杨家寺镇营商环境优化提升行动方案》", "的通知"],
            &["《杨家寺镇营商环境优化提升行动方案》"],
        ),
        (
            "杨家寺镇关于开展矛盾纠纷大排查大化解专项行动的工作方案",
            &["杨家寺镇关于开展矛盾纠纷大排查", "大化解专项行动的工作方案"],
            &["杨家寺镇", "矛盾纠纷", "专项行动"],
        ),
        (
            "秦州区杨家寺镇人民政府关于推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的实施方案",
            &["秦州区杨家寺镇人民政府关于推行行政执法", "公示制度执法全过程记录制度重大", "执法决定法制审核制度的实施方案"],
            &["杨家寺镇人民政府", "行政执法", "公示制度", "审核制度"],
        ),
        (
            "中共秦州区委全面依法治区委员会办公室关于印发《2025年全区法治政府建设工作要点》的通知",
            &["中共秦州区委全面依法治区委员会办公室关于", "印发《2025年全区法治政府建设工作要点》", "的通知"],
            &["秦州区委", "依法治区委员会办公室", "《2025年全区法治政府建设工作要点》"],
        ),
        (
            "天水市秦州区杨家寺镇关于2024年度法治政府建设情况的报告",
            &["天水市秦州区杨家寺镇关于2024年度", "法治政府建设情况的报告"],
            &["杨家寺镇", "秦州区", "法治政府"],
        ),
        (
            "张家川回族自治县马鹿乡人民政府关于做好森林草原防灭火工作的通知",
            &["张家川回族自治县马鹿乡人民政府关于", "做好森林草原防灭火工作的通知"],
            &["马鹿乡人民政府", "张家川回族自治县"],
        ),
    ];

    #[test]
    fn real_titles_break_between_words_and_keep_terms_whole() {
        let s = styles();
        let cap = title_capacity(&s);
        for &(title, expected, whole) in TITLES {
            let lines = title_lines(title, &s);
            println!("{title} -> {}", lines.join(" / "));
            assert_eq!(lines, expected, "{title}");
            assert!(lines.iter().all(|l| half_cells(l) <= cap), "{lines:?}");
            // None wider than the one above it, and as few as the width allows, unless a 《…》
            // that fits no line beside anything else stands on its own.
            let alone = lines
                .iter()
                .any(|l| l.starts_with('《') && l.ends_with('》'));
            if !alone {
                assert_eq!(lines.len(), half_cells(title).div_ceil(cap), "{lines:?}");
                for w in lines.windows(2) {
                    assert!(half_cells(&w[0]) >= half_cells(&w[1]), "{lines:?}");
                }
            }
            // Every line ends where a word ends.
            let words: Vec<&str> = jieba().cut(title, true).iter().map(|t| t.word).collect();
            let mut ends = vec![0];
            for w in &words {
                ends.push(ends.last().copied().unwrap_or(0) + w.chars().count());
            }
            let mut at = 0;
            for l in &lines[..lines.len() - 1] {
                at += l.chars().count();
                assert!(ends.contains(&at), "{l} ends inside a word of {words:?}");
            }
            for w in whole {
                assert!(
                    lines.iter().any(|l| l.contains(w)),
                    "{w} split in {lines:?}"
                );
            }
        }
    }

    /// What a break costs at the boundary after `left` in `title`.
    fn cost_after(title: &str, left: &str) -> f64 {
        let chars: Vec<char> = title.chars().collect();
        let words = Words::of(title);
        let i = title
            .find(left)
            .map_or(0, |b| title[..b + left.len()].chars().count());
        assert!(
            words.is_boundary(i),
            "{left} does not end a word of {title}"
        );
        break_cost_at(&chars, &words, i)
    }

    #[test]
    fn places_and_terms_cost_more_to_break_than_other_word_boundaries() {
        let t = "杨家寺镇人民政府关于同乡村振兴加快法治政府和营商环境建设的意见";
        // 乡村 is a common noun, not a place: the break before it is an ordinary one.
        let ordinary = cost_after(t, "关于同");
        assert_eq!(ordinary, 8.0);
        // jieba cuts the unknown place 杨家 / 寺镇 and 秦州 / 区: worst of all.
        assert!(cost_after(t, "杨家") > 24.0);
        assert!(cost_after("秦州区人民政府", "秦州") > 24.0);
        // Terms of two words.
        for (title, left) in [
            (t, "同乡村"),
            (t, "加快法治"),
            (t, "营商"),
            (t, "杨家寺镇"),
            ("杨家寺镇人民调解委员会工作总结", "人民调解"),
        ] {
            assert!(cost_after(title, left) > ordinary, "{left}");
        }
        // After a place that no organ name goes on: a seam.
        assert!(cost_after("关于杨家寺镇2024年工作的报告", "杨家寺镇") < ordinary);
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
