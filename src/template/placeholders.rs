//! Placeholders: `{{名称}}` and `{{名称|格式}}` in a line of the template, filled with the
//! figure it asks for, or the reason it cannot be (an unknown name with the nearest names, a
//! format that does not suit the figure, an impossible number).

use super::{change, format, placeholder, Figures, Format, Line, Template, UsedFact, CHANGE};
use crate::diag::Finding;
use crate::document::Inline;
use crate::facts::Facts;
use crate::ingest::LedgerKind;
use crate::text::edit_distance;

/// Whether a figure can be printed: a count is a finite, non-negative whole number; a rate lies
/// between 0 and 100.
pub(super) fn is_possible(fact: &crate::facts::Fact) -> bool {
    let v = fact.value;
    v.is_finite()
        && v >= 0.0
        && if fact.is_rate {
            v <= 100.0
        } else {
            v.fract() == 0.0
        }
}

/// The inlines of one line with its placeholders filled in; every figure used is added to
/// `used`, every placeholder that cannot be filled to `findings`.
pub(super) fn substitute(
    t: &Template,
    line: &Line,
    figures: &Figures,
    used: &mut Vec<UsedFact>,
    findings: &mut Vec<Finding>,
) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut last = 0;
    for caps in placeholder().captures_iter(&line.text) {
        let Some(whole) = caps.get(0) else { continue };
        if whole.start() > last {
            out.push(Inline::Text(line.text[last..whole.start()].to_string()));
        }
        last = whole.end();
        match fill_placeholder(t, line, &caps, figures, used) {
            Ok(inline) => out.push(inline),
            Err(finding) => findings.push(finding),
        }
    }
    if last < line.text.len() {
        out.push(Inline::Text(line.text[last..].to_string()));
    }
    if let Some(finding) = broken_placeholder(t, line.number, &out) {
        findings.push(finding);
    }
    out
}

/// One placeholder (`caps` of [`placeholder`]): the figure it asks for, recorded in `used`, or
/// why it cannot be filled.
fn fill_placeholder(
    t: &Template,
    line: &Line,
    caps: &regex::Captures<'_>,
    figures: &Figures,
    used: &mut Vec<UsedFact>,
) -> Result<Inline, Finding> {
    let (facts, present) = (figures.facts, figures.present);
    let typed = caps.get(0).map_or("", |m| m.as_str());
    let name = caps[1].trim().to_string();
    let spec = caps.get(2).map_or("", |m| m.as_str());
    if spec.trim() == CHANGE {
        let Some(fact) = facts.get(&name) else {
            return Err(unknown_fact(t, line.number, (&name, typed), facts, present));
        };
        let text = change::fill(t, (line.number, typed, &name), fact, figures.previous, used)?;
        return Ok(Inline::Fact { name, text });
    }
    let Some(fmt) = Format::parse(spec) else {
        return Err(
            Finding::error(&t.file, format!("占位符 {typed} 的格式“{spec}”不认识"))
                .row(line.number)
                .hint(format::FORMATS_HINT),
        );
    };
    match facts.get(&name) {
        Some(fact) if fmt == Format::Percent && !fact.is_rate => {
            Err(percent_of_count(t, line.number, typed, &name))
        }
        Some(fact) if !is_possible(fact) => {
            Err(impossible_figure(t, line.number, typed, &name, fact))
        }
        Some(fact) if fmt.is_chinese() && fact.is_rate => {
            Err(chinese_of_rate(t, line.number, typed, &name))
        }
        Some(fact) => {
            let text = fmt.apply(fact.value);
            used.push(UsedFact {
                name: name.clone(),
                value: fact.value,
                text: text.clone(),
                line: line.number,
                sentence: String::new(),
            });
            Ok(Inline::Fact { name, text })
        }
        None => Err(unknown_fact(t, line.number, (&name, typed), facts, present)),
    }
}

/// A placeholder `typed` asks for the percentage of a count.
fn percent_of_count(t: &Template, line: u32, typed: &str, name: &str) -> Finding {
    Finding::error(
        &t.file,
        format!("占位符 {typed} 用了百分比格式，但“{name}”是个数，不是比率"),
    )
    .row(line)
    .hint(format!(
        "请去掉“|%”，或改用比率，如 {}",
        name.rsplit_once('.')
            .map_or(name.to_string(), |(p, _)| format!("{{{{{p}.化解率|%}}}}"))
    ))
}

/// A placeholder `typed` asks for a rate in Chinese numerals, which exist for whole counts only.
fn chinese_of_rate(t: &Template, line: u32, typed: &str, name: &str) -> Finding {
    Finding::error(
        &t.file,
        format!("占位符 {typed} 用了汉字格式，但“{name}”是比率：汉字格式只能用于整数（件数、次数、人数）"),
    )
    .row(line)
    .hint(format!("请改成 {{{{{name}|%}}}}，写成百分比"))
}

/// A placeholder `typed` asks for a figure that cannot be printed (see [`is_possible`]).
fn impossible_figure(
    t: &Template,
    line: u32,
    typed: &str,
    name: &str,
    fact: &crate::facts::Fact,
) -> Finding {
    Finding::error(
        &t.file,
        format!(
            "占位符 {typed} 的数据“{name}”算出来是 {}，不是一个可能的{}，报告不能写它",
            fact.value,
            if fact.is_rate { "比率" } else { "件数" }
        ),
    )
    .row(line)
    .hint("请运行 gongwen check，按提示改正台账中的数字")
}

/// Braces left in the prose are a placeholder typed wrong ("{{调解.受理件", "｛｛…｝｝"); the
/// first one found is reported.
fn broken_placeholder(t: &Template, line: u32, inlines: &[Inline]) -> Option<Finding> {
    inlines.iter().find_map(|inline| {
        let Inline::Text(text) = inline else {
            return None;
        };
        let pos = text.find(['{', '}', '｛', '｝'])?;
        let near: String = text[pos..].chars().take(16).collect();
        Some(
            Finding::error(&t.file, format!("有不完整的占位符：“{near}”"))
                .row(line)
                .hint("占位符要写成 {{名称}} 或 {{名称|格式}}，两边各两个半角花括号"),
        )
    })
}

fn unknown_fact(
    t: &Template,
    line: u32,
    (name, typed): (&str, &str),
    facts: &Facts,
    present: &[LedgerKind],
) -> Finding {
    let ledger = name.split('.').next().unwrap_or("");
    if let Some(kind) = LedgerKind::from_name(ledger) {
        if !present.contains(&kind) {
            return Finding::error(
                &t.file,
                format!(
                    "模板用到“{name}”，但 inputs 文件夹里没有找到{}",
                    kind.description()
                ),
            )
            .row(line)
            .hint(format!(
                "请把{}放进 inputs 文件夹后重新生成",
                kind.description()
            ));
        }
    }
    let mut near: Vec<(usize, &str)> = facts.names().map(|n| (edit_distance(name, n), n)).collect();
    near.sort();
    let suggestions: Vec<&str> = near.iter().take(3).map(|(_, n)| *n).collect();
    let hint = if suggestions.is_empty() {
        "inputs 文件夹里没有读到任何数据，请先放入台账".to_string()
    } else {
        format!(
            "最接近的数据名称：{}（运行 gongwen facts 可列出全部名称）",
            suggestions.join("、")
        )
    };
    let message = if name.is_empty() {
        format!("占位符 {typed} 里没有写数据名称")
    } else {
        format!("占位符 {{{{{name}}}}} 没有对应的数据")
    };
    Finding::error(&t.file, message).row(line).hint(hint)
}
