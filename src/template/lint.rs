//! Lints: slips in a template that still builds, told as warnings.
//!
//! - A heading that skips a level: the order is 一、 → （一） → 1. → （1）, so a `###` directly
//!   under a `#` (or a part whose first heading is not `#`) reads out of order. Each attachment
//!   numbers its headings afresh and is checked afresh.
//! - A figure typed by hand that a fact holds ("法院推送案件66件" where 调解.来源.法院.受理 is 66):
//!   the report would not follow the ledgers when they change. Only Arabic numbers followed by a
//!   unit are looked at, outside 《》, not after 第, from 2 up, and only when the clause around the
//!   number (between ，；。) names the fact: its dimension value (法院), or for a ledger-wide
//!   fact the ledger (公开); the unit must suit the measure (件次 for 件次, % for a rate).
//! - The same measure (the last part of a name: 次数, 受理, 件次) written `|汉字` in some
//!   placeholders and in Arabic in others: GB/T 15835 asks for one form. The lines of the
//!   less used form are told (on a tie, the form that comes later).

use super::{format::heading_number, placeholder, Format, Item, Template, CHANGE};
use crate::diag::{row_list, Finding};
use crate::facts::{measures, Fact, Facts};
use crate::ingest::LedgerKind;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Appends the template's lint warnings.
pub(super) fn check(t: &Template, facts: &Facts, warnings: &mut Vec<Finding>) {
    skipped_levels(t, warnings);
    typed_figures(t, facts, warnings);
    mixed_numerals(t, warnings);
}

const LEVELS: [&str; 4] = ["一级", "二级", "三级", "四级"];
const MARKS: [&str; 4] = ["一、", "（一）", "1.", "（1）"];

/// A heading deeper by more than one level than the heading above it in the same part.
fn skipped_levels(t: &Template, warnings: &mut Vec<Finding>) {
    let mut counters = [0u32; 4];
    // The part being read ("正文" or the attachment) and its last heading: level, line, as printed.
    let mut part = "正文".to_string();
    let mut above: Option<(u8, u32, String)> = None;
    for item in &t.items {
        let line = match item {
            Item::Line(line) if line.level > 0 => line,
            Item::Attachment { title, .. } => {
                part = format!("附件“{title}”");
                counters = [0; 4];
                above = None;
                continue;
            }
            _ => continue,
        };
        let level = line.level.clamp(1, 4);
        let depth = above.as_ref().map_or(0, |a| a.0);
        if level > depth + 1 {
            let here = usize::from(level - 1);
            let want = usize::from(depth);
            let message = match &above {
                Some((_, row, text)) => format!(
                    "标题跳过了一级：上面第 {row} 行是{}标题“{text}”，这里直接用了{}标题（{}）",
                    LEVELS[want - 1],
                    LEVELS[here],
                    MARKS[here]
                ),
                None => format!(
                    "{part}的第一个标题用了{}标题（{}）：标题层次应从一级标题（一、）开始",
                    LEVELS[here], MARKS[here]
                ),
            };
            warnings.push(
                Finding::warning(&t.file, message)
                    .row(line.number)
                    .hint(format!(
                        "请把这一行开头改成“{}”（{}标题，印作“{}”），或在上面补一个{}标题",
                        "#".repeat(want + 1),
                        LEVELS[want],
                        MARKS[want],
                        LEVELS[want]
                    )),
            );
        }
        let i = usize::from(level - 1);
        counters[i] += 1;
        for c in counters.iter_mut().skip(i + 1) {
            *c = 0;
        }
        let number = heading_number(level, counters[i]);
        above = Some((level, line.number, format!("{number}{}", short(&line.text))));
    }
}

/// A heading as a message quotes it: up to its first "。", at most 20 characters.
fn short(text: &str) -> String {
    let head = text.split('。').next().unwrap_or(text);
    if head.chars().count() > 20 {
        head.chars().take(20).collect::<String>() + "……"
    } else {
        head.to_string()
    }
}

fn typed_number() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        crate::text::compile(r"([0-9]+(?:\.[0-9]+)?)(余)?\s*(人次|件次|件|起|次|期|场|人|条|%|％)")
    })
}

/// What ends a clause.
const CLAUSE_ENDS: &[char] = &['，', '；', '。', '！', '？', '：', ',', ';', ':', '!', '?'];

/// Numbers typed by hand that equal a fact named in their clause.
fn typed_figures(t: &Template, facts: &Facts, warnings: &mut Vec<Finding>) {
    for item in &t.items {
        let Item::Line(line) = item else { continue };
        // Placeholders are figures already; their names must not count as the clause's words.
        let text = placeholder().replace_all(&line.text, "\u{FFFC}");
        for caps in typed_number().captures_iter(&text) {
            let Some(whole) = caps.get(0) else { continue };
            let before = &text[..whole.start()];
            let after_ordinal = before
                .chars()
                .next_back()
                .is_some_and(|c| c == '第' || c == '.' || c.is_ascii_alphanumeric());
            let in_title = before.matches('《').count() > before.matches('》').count();
            let digits = &caps[1];
            let Ok(number) = digits.parse::<f64>() else {
                continue;
            };
            if after_ordinal || in_title || number < 2.0 {
                continue;
            }
            let typed = Typed {
                digits,
                approx: caps.get(2).is_some(),
                unit: &caps[3],
            };
            let start = before.rfind(CLAUSE_ENDS).map_or(0, |i| {
                i + before[i..].chars().next().map_or(0, char::len_utf8)
            });
            let rest = &text[whole.end()..];
            let end = whole.end() + rest.find(CLAUSE_ENDS).unwrap_or(rest.len());
            let clause = format!("{}{}", &text[start..whole.start()], &text[whole.end()..end]);
            if let Some((fact, format)) = best_fact(facts, &typed, &clause) {
                let shown = match format {
                    "%" => Format::Percent.apply(fact.value),
                    "余" => format!(
                        "{}，约数写作{}",
                        Format::Plain.apply(fact.value),
                        Format::Approx.apply(fact.value)
                    ),
                    _ => Format::Plain.apply(fact.value),
                };
                let suggested = if format.is_empty() {
                    format!("{{{{{}}}}}", fact.name)
                } else {
                    format!("{{{{{}|{format}}}}}", fact.name)
                };
                warnings.push(
                    Finding::warning(
                        &t.file,
                        format!(
                            "“{}”与台账数据 {}（{shown}）相同，是手工写的吗？",
                            whole.as_str(),
                            fact.name
                        ),
                    )
                    .row(line.number)
                    .hint(format!("建议改为 {suggested}，台账改了报告会跟着改")),
                );
            }
        }
    }
}

/// A number typed in the prose: its digits, whether 余 follows, and its unit.
struct Typed<'a> {
    digits: &'a str,
    approx: bool,
    unit: &'a str,
}

/// The fact a typed number most likely copies, with the format that prints it so ("", "余",
/// "%"); `None` when no fact of that value is named in the clause.
fn best_fact<'f>(
    facts: &'f Facts,
    typed: &Typed,
    clause: &str,
) -> Option<(&'f Fact, &'static str)> {
    let percent = matches!(typed.unit, "%" | "％");
    let format = match (percent, typed.approx) {
        (true, _) => "%",
        (false, true) => "余",
        (false, false) => "",
    };
    let mut best: Option<(Rank, &Fact)> = None;
    for fact in facts.iter() {
        if fact.is_rate != percent || !same_figure(fact, typed) {
            continue;
        }
        let parts: Vec<&str> = fact.name.split('.').collect();
        let (Some(ledger), Some(measure)) = (parts.first(), parts.last()) else {
            continue;
        };
        if !unit_suits(measure, typed.unit) {
            continue;
        }
        // The dimension value (法院), or for a ledger-wide fact the ledger's words.
        let named = if parts.len() >= 4 {
            let value = parts[2..parts.len() - 1].join(".");
            clause
                .contains(value.as_str())
                .then(|| value.chars().count())
        } else {
            ledger_words(ledger)
                .iter()
                .any(|w| clause.contains(w))
                .then_some(0)
        };
        let Some(named) = named else { continue };
        let order = LedgerKind::from_name(ledger)
            .and_then(|k| measures(k).iter().position(|(m, _)| m == measure))
            .unwrap_or(usize::MAX);
        let key = (
            usize::from(clause.contains(measure)),
            named,
            std::cmp::Reverse(order),
        );
        if best.as_ref().is_none_or(|(k, _)| key > *k) {
            best = Some((key, fact));
        }
    }
    best.map(|(_, fact)| (fact, format))
}

/// How well a fact fits a typed number, better when greater: its measure word in the clause, the
/// length of its dimension value found there (the longer the more particular), its measure
/// coming first in its ledger (受理 before 化解).
type Rank = (usize, usize, std::cmp::Reverse<usize>);

/// Whether the fact prints as the typed number in the typed form.
fn same_figure(fact: &Fact, typed: &Typed) -> bool {
    if fact.is_rate {
        return Format::Percent.apply(fact.value) == format!("{}%", typed.digits);
    }
    if typed.approx {
        return Format::Approx.apply(fact.value) == format!("{}余", typed.digits);
    }
    typed.digits.parse::<f64>().is_ok_and(|n| n == fact.value)
}

/// Whether a unit is how the prose counts a measure.
fn unit_suits(measure: &str, unit: &str) -> bool {
    match measure {
        "受理" | "化解" => matches!(unit, "件" | "起"),
        "次数" => matches!(unit, "次" | "期" | "场"),
        "人次" => matches!(unit, "人次" | "人"),
        "件次" => matches!(unit, "件次" | "件" | "条"),
        _ => matches!(unit, "%" | "％"),
    }
}

/// The words that name a ledger in prose.
fn ledger_words(ledger: &str) -> &'static [&'static str] {
    match ledger {
        "调解" => &["调解", "纠纷"],
        "会议" => &["会议"],
        "公开" => &["公开"],
        _ => &[],
    }
}

/// Whether a placeholder writes its figure in Chinese numerals; `None` for a form that is
/// neither (a percentage, a year, a change).
fn is_chinese(spec: &str) -> Option<bool> {
    if spec.trim() == CHANGE {
        return None;
    }
    match Format::parse(spec)? {
        Format::Chinese => Some(true),
        Format::Plain | Format::Approx => Some(false),
        Format::Percent | Format::ChineseYear => None,
    }
}

/// A placeholder of [`mixed_numerals`]: its line, as typed, and its fact's name.
struct Written {
    line: u32,
    typed: String,
    name: String,
}

/// The same measure in Chinese numerals on some lines and in Arabic on others.
fn mixed_numerals(t: &Template, warnings: &mut Vec<Finding>) {
    // measure -> (placeholders in Chinese numerals, in Arabic), in order, the first of a line.
    let mut forms: BTreeMap<String, (Vec<Written>, Vec<Written>)> = BTreeMap::new();
    for item in &t.items {
        let Item::Line(line) = item else { continue };
        for caps in placeholder().captures_iter(&line.text) {
            let spec = caps.get(2).map_or("", |m| m.as_str());
            let Some(chinese) = is_chinese(spec) else {
                continue;
            };
            let name = caps[1].trim();
            let measure = name.rsplit('.').next().unwrap_or("").to_string();
            let entry = forms.entry(measure).or_default();
            let lines = if chinese { &mut entry.0 } else { &mut entry.1 };
            if lines.last().is_none_or(|w| w.line != line.number) {
                lines.push(Written {
                    line: line.number,
                    typed: caps.get(0).map_or("", |m| m.as_str()).to_string(),
                    name: name.to_string(),
                });
            }
        }
    }
    for (measure, (chinese, arabic)) in forms {
        let (Some(c), Some(a)) = (chinese.first(), arabic.first()) else {
            continue;
        };
        let tell_chinese =
            chinese.len() < arabic.len() || (chinese.len() == arabic.len() && c.line > a.line);
        let (told, others) = if tell_chinese {
            (&chinese, &arabic)
        } else {
            (&arabic, &chinese)
        };
        let (form, other) = if tell_chinese {
            ("汉字", "阿拉伯数字")
        } else {
            ("阿拉伯数字", "汉字")
        };
        let rows: Vec<u32> = others.iter().map(|w| w.line).collect();
        for w in told {
            let (typed, name) = (&w.typed, &w.name);
            let hint = if tell_chinese {
                format!("请把 {typed} 改成 {{{{{name}}}}}，和其他各处一样用阿拉伯数字；或把各处都改成“|汉字”")
            } else {
                format!("请把 {typed} 改成 {{{{{name}|汉字}}}}，和其他各处一样用汉字；或把各处的“|汉字”都去掉")
            };
            warnings.push(
                Finding::warning(
                    &t.file,
                    format!(
                        "这一行用{form}写“{measure}”，{}用{other}写同一类数字：同类数字应统一写法（GB/T 15835）",
                        row_list(&rows)
                    ),
                )
                .row(w.line)
                .hint(hint),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{fill, parse, Figures};
    use super::*;

    const HEAD: &str = "---\n标题：2024年某镇报告\n署名：某镇人民政府\n成文日期：2024年12月20日\n报告年度：2024\n---\n";

    /// The warnings a template body (after the front matter, from line 7) gets.
    fn lints(body: &str, facts: &Facts) -> Vec<String> {
        let t = parse(&format!("{HEAD}{body}"), "模板.txt").unwrap();
        let figures = Figures {
            facts,
            previous: None,
            present: &[],
        };
        fill(&t, &figures)
            .unwrap()
            .warnings
            .iter()
            .map(Finding::to_string)
            .collect()
    }

    fn sample_facts() -> Facts {
        let mut facts = Facts::default();
        for (name, value, is_rate) in [
            ("调解.受理", 188.0, false),
            ("调解.来源.法院.受理", 66.0, false),
            ("调解.来源.法院.化解", 66.0, false),
            ("调解.来源.法院.化解率", 100.0, true),
            ("调解.来源.派出所.受理", 58.0, false),
            ("会议.类型.专题学法.次数", 8.0, false),
            ("会议.类型.专题学法.人次", 331.0, false),
            ("会议.次数", 29.0, false),
            ("公开.件次", 243.0, false),
        ] {
            facts.insert_for_test(name, value, is_rate);
        }
        facts
    }

    #[test]
    fn a_skipped_level_names_the_heading_above() {
        let w = lints(
            "# 工作方面\n### 服务发展。正文。\n## 学习\n### 细项\n",
            &Facts::default(),
        );
        assert_eq!(w.len(), 1, "{w:#?}");
        assert!(
            w[0].starts_with("提醒：模板.txt，第 8 行：标题跳过了一级：上面第 7 行是一级标题“一、工作方面”，这里直接用了三级标题（1.）"),
            "{w:#?}"
        );
        assert!(w[0].contains("“##”"), "{w:#?}");
    }

    #[test]
    fn each_part_starts_at_the_first_level() {
        let w = lints(
            "## 学习\n正文。\n【附件】统计表\n#### 说明\n# 一\n## 二\n### 三\n#### 四\n# 五\n",
            &Facts::default(),
        );
        assert_eq!(w.len(), 2, "{w:#?}");
        assert!(
            w[0].contains("第 7 行：正文的第一个标题用了二级标题"),
            "{w:#?}"
        );
        assert!(
            w[1].contains("第 10 行：附件“统计表”的第一个标题用了四级标题"),
            "{w:#?}"
        );
    }

    #[test]
    fn a_typed_figure_names_the_fact_it_copies() {
        let facts = sample_facts();
        let w = lints(
            "今年以来法院推送案件66件，成功化解66件，成功化解率100%。\n",
            &facts,
        );
        assert_eq!(w.len(), 1, "{w:#?}");
        assert!(
            w[0].contains(
                "第 7 行：“66件”与台账数据 调解.来源.法院.受理（66）相同，是手工写的吗？"
            ),
            "{w:#?}"
        );
        assert!(w[0].contains("建议改为 {{调解.来源.法院.受理}}"), "{w:#?}");
        let w = lints("法院推送案件66件，法院成功化解66件。\n", &facts);
        assert_eq!(w.len(), 2, "{w:#?}");
        assert!(w[1].contains("调解.来源.法院.化解（66）"), "{w:#?}");
        let w = lints("全年累计公开信息240余件次；法院案件化解率100%。\n", &facts);
        assert_eq!(w.len(), 2, "{w:#?}");
        assert!(w[0].contains("{{公开.件次|余}}"), "{w:#?}");
        assert!(w[1].contains("{{调解.来源.法院.化解率|%}}"), "{w:#?}");
    }

    #[test]
    fn years_dates_titles_ordinals_and_placeholders_are_not_typed_figures() {
        let facts = sample_facts();
        let body = "2024年专题学法8项，《法院66件规定》，第8次专题学法，1月8日专题学法。\n\
                    法院推送案件{{调解.来源.法院.受理}}件，派出所推送案件66件，专题学法{{会议.类型.专题学法.次数}}次。\n";
        assert_eq!(lints(body, &facts), Vec::<String>::new());
    }

    #[test]
    fn mixed_numerals_are_told_where_the_fewer_are() {
        let facts = sample_facts();
        let body = "专题学法{{会议.类型.专题学法.次数|汉字}}次。\n会议{{会议.次数}}次。\n学法{{会议.类型.专题学法.次数}}次，人次{{会议.类型.专题学法.人次|汉字}}。\n";
        let w = lints(body, &facts);
        assert_eq!(w.len(), 1, "{w:#?}");
        assert!(
            w[0].contains("第 7 行：这一行用汉字写“次数”，第 8、9 行用阿拉伯数字写同一类数字：同类数字应统一写法（GB/T 15835）"),
            "{w:#?}"
        );
        // A tie: the form that comes later is told.
        let w = lints(
            "学法{{会议.次数}}次。\n学法{{会议.类型.专题学法.次数|汉字}}次。\n",
            &facts,
        );
        assert_eq!(w.len(), 1, "{w:#?}");
        assert!(
            w[0].contains("第 8 行：这一行用汉字写“次数”，第 7 行"),
            "{w:#?}"
        );
        // Arabic the fewer: the hint writes the placeholder in Chinese numerals.
        let w = lints(
            "学法{{会议.次数|汉字}}次。\n学法{{会议.类型.专题学法.次数|汉字}}次。\n共{{会议.次数|余}}次。\n",
            &facts,
        );
        assert_eq!(w.len(), 1, "{w:#?}");
        assert!(
            w[0].contains("第 9 行：这一行用阿拉伯数字写“次数”，第 7、8 行用汉字"),
            "{w:#?}"
        );
        assert!(
            w[0].contains("请把 {{会议.次数|余}} 改成 {{会议.次数|汉字}}"),
            "{w:#?}"
        );
    }
}
