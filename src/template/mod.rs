//! Template: the clerk's narrative + facts -> a [`Document`].
//!
//! In: a UTF-8 or GBK text file. A front-matter block between two `---` lines gives 标题,
//! 主送机关 (optional), 署名, 成文日期 and 报告年度; then one paragraph per line. Headings are
//! written without numbers, `#` to `####`; numbers 一、 （一） 1. （1） are generated. A level 3
//! or 4 heading followed by text after its first "。" runs into its paragraph. `{{fact}}`,
//! `{{fact|%}}` and `{{fact|余}}` are replaced by figures.
//!
//! Out: the document, the list of facts used (with their sentences) and warnings ([`lint`]: a
//! skipped heading level, a figure typed by hand, mixed Chinese and Arabic numerals). Refuses: an unknown fact
//! (naming the line and the nearest names), an unknown format, a missing title.

mod change;
mod formal;
mod format;
mod front;
mod lint;
mod placeholders;
mod table;

pub use format::Format;

use crate::diag::Finding;
use crate::document::{Attachment, Block, Document, Inline, Signature};
use crate::facts::Facts;
use crate::ingest::{Date, LedgerKind};
use crate::text::decode;
use regex::Regex;
use std::path::Path;
use std::sync::OnceLock;

/// A parsed template, before facts are filled in.
#[derive(Debug, Clone)]
pub struct Template {
    /// How messages name the file.
    pub file: String,
    pub title: String,
    pub addressee: Option<String>,
    pub organ: Option<String>,
    pub date: Option<Date>,
    /// 报告年度 from the front matter (or the first year in the title).
    pub year: Option<i32>,
    /// 附注 (without its parentheses).
    pub note: Option<String>,
    /// Red header, signature kind and end block.
    formal: formal::Formal,
    items: Vec<Item>,
}

/// One piece of the template's body, in order.
#[derive(Debug, Clone)]
enum Item {
    Line(Line),
    Table(table::TableSpec),
    /// `【附件】标题`: what follows, up to the next one, is an attachment.
    Attachment {
        line: u32,
        title: String,
    },
}

/// The marker of an attachment's first line.
const ATTACHMENT: &str = "【附件】";

#[derive(Debug, Clone)]
struct Line {
    /// 1-based line number in the file.
    number: u32,
    /// 0 for a paragraph, 1..=4 for a heading.
    level: u8,
    text: String,
}

/// A fact as the report used it.
#[derive(Debug, Clone, PartialEq)]
pub struct UsedFact {
    pub name: String,
    pub value: f64,
    /// The figure as printed ("240余").
    pub text: String,
    /// Template line.
    pub line: u32,
    /// The paragraph it appears in, as printed.
    pub sentence: String,
}

/// A filled template.
#[derive(Debug, Clone)]
pub struct Filled {
    pub document: Document,
    pub used: Vec<UsedFact>,
    /// Slips worth a look that do not stop the build (warnings).
    pub warnings: Vec<Finding>,
}

/// What a template is filled from: this year's facts, last year's (for `|同比`) when found, and
/// the ledger kinds present (to tell a missing ledger from a misspelt name).
#[derive(Debug, Clone, Copy)]
pub struct Figures<'a> {
    pub facts: &'a Facts,
    pub previous: Option<&'a Facts>,
    pub present: &'a [LedgerKind],
}

/// The format that compares a figure with last year's.
const CHANGE: &str = "同比";

/// Reads a template file in UTF-8 (with or without BOM) or GBK.
pub fn load(path: &Path) -> Result<Template, Vec<Finding>> {
    let label = path.display().to_string();
    let bytes = crate::input::read_regular(path, crate::input::MAX_TEXT_BYTES).map_err(|e| {
        vec![Finding::error(&label, format!("无法读取报告模板（{e}）"))
            .hint("请确认模板文件存在，或用 --template 指定模板路径")
            .unreadable()]
    })?;
    parse(&decode(&bytes).0, &label)
}

fn leading_ordinal() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        crate::text::compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+[.．、]|[（(]\d+[）)])\s*")
    })
}

/// Removes a heading number the clerk typed by hand ("一、", "（二）", "3.", "（4）"), but not a
/// figure the heading starts with ("2.5万元", "12.4%", "2024.1—2024.12").
fn strip_typed_number(heading: &str) -> String {
    let t = heading.trim();
    match leading_ordinal().find(t) {
        Some(m)
            if !t[m.end()..].starts_with(|c: char| c.is_ascii_digit() || c == '%' || c == '％') =>
        {
            t[m.end()..].trim().to_string()
        }
        _ => t.to_string(),
    }
}

fn placeholder() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| crate::text::compile(r"\{\{\s*([^|{}]+?)\s*(?:\|\s*([^{}]*?)\s*)?\}\}"))
}

/// Parses template text. `file` names the template in messages.
pub fn parse(text: &str, file: &str) -> Result<Template, Vec<Finding>> {
    let mut findings = Vec::new();
    let all: Vec<&str> = text.lines().collect();
    let (front, body_start) = front::read(&all, file, &mut findings);
    let mut t = Template {
        file: file.to_string(),
        year: front.year.or_else(|| front::year_in_title(&front.title)),
        title: front.title,
        addressee: front.addressee,
        organ: front.organ,
        date: front.date,
        note: front.note,
        formal: front.formal,
        items: Vec::new(),
    };
    let mut n = body_start;
    while n < all.len() {
        let number = n as u32 + 1;
        let raw = all[n];
        n += 1;
        if table::is_table_line(raw) {
            let mut shaping = Vec::new();
            while n < all.len() && table::is_table_key(all[n]) {
                shaping.push((n as u32 + 1, all[n]));
                n += 1;
            }
            if let Some(spec) = table::parse((number, raw), &shaping, file, &mut findings) {
                t.items.push(Item::Table(spec));
            }
        } else if let Some(title) = raw.trim().strip_prefix(ATTACHMENT) {
            let title = title.trim().to_string();
            if title.is_empty() {
                findings.push(
                    Finding::error(file, "“【附件】”后面没有写附件的标题")
                        .row(number)
                        .hint("请写成：【附件】2024年矛盾纠纷化解情况统计表"),
                );
            }
            t.items.push(Item::Attachment {
                line: number,
                title,
            });
        } else if let Some(line) = body_line(raw, number, file, &mut findings) {
            t.items.push(Item::Line(line));
        }
    }
    t.formal.check(file, &mut findings);
    check_signature_and_title(&t, &mut findings);
    if findings.is_empty() {
        Ok(t)
    } else {
        Err(findings)
    }
}

/// One line of the body, `number` 1-based: a paragraph, or a heading marked with `#` (or `＃`);
/// `None` for a blank line.
fn body_line(raw: &str, number: u32, file: &str, findings: &mut Vec<Finding>) -> Option<Line> {
    // A tab inside Chinese prose is a typing slip, not layout.
    let raw = raw.replace('\t', "");
    let line = raw.trim();
    if line.is_empty() {
        return None;
    }
    let hashes = line.chars().take_while(|c| *c == '#' || *c == '＃').count();
    let (level, text) = if hashes > 0 {
        heading_line(line, hashes, number, file, findings)
    } else {
        (0, line.to_string())
    };
    Some(Line {
        number,
        level,
        text,
    })
}

/// A heading line that starts with `hashes` marks: its level (at most 4) and its text without
/// the marks or a typed number. An empty heading or more than four marks is reported.
fn heading_line(
    line: &str,
    hashes: usize,
    number: u32,
    file: &str,
    findings: &mut Vec<Finding>,
) -> (u8, String) {
    let rest: String = line.chars().skip(hashes).collect();
    let rest = strip_typed_number(&rest);
    if rest.is_empty() {
        findings.push(
            Finding::error(file, "这一行只有“#”，标题是空的")
                .row(number)
                .hint("请在“#”后写上标题文字，或删除这一行"),
        );
    }
    if hashes > 4 {
        findings.push(
            Finding::error(file, "标题最多四级（#、##、###、####）")
                .row(number)
                .hint("请减少“#”的个数"),
        );
    }
    (hashes.min(4) as u8, rest)
}

/// The report needs a title and a signature (the organ). A missing signature is only reported
/// when nothing else is wrong with the template; a missing date only by [`Template::missing_date`]
/// (the ledgers of a year can be checked long before the report is signed).
fn check_signature_and_title(t: &Template, findings: &mut Vec<Finding>) {
    let file = t.file.as_str();
    if t.organ.is_none() && findings.is_empty() && !t.title.is_empty() {
        findings.push(
            Finding::error(file, "模板没有署名，报告没有落款无法盖章")
                .row(1)
                .hint("请在文件开头写“署名：XX镇人民政府”（发文机关全称）"),
        );
    }
    if t.title.is_empty() {
        findings.push(
            Finding::error(file, "模板没有标题")
                .row(1)
                .hint("请在文件开头写：---、标题：……、---"),
        );
    }
}

impl Template {
    /// A signature without its date (成文日期 left blank, as `gongwen init` leaves it): an
    /// error for a build, which cannot print an incomplete signature.
    pub fn missing_date(&self) -> Option<Finding> {
        (self.organ.is_some() && self.date.is_none()).then(|| {
            Finding::error(&self.file, "有署名但没有成文日期，落款不完整，报告未生成")
                .row(1)
                .hint("请在模板开头写“成文日期：2025年1月10日”（领导签发的日期）")
        })
    }

    /// Whether a placeholder compares with last year (`|同比`): only then are last year's
    /// ledgers read.
    pub fn uses_change(&self) -> bool {
        self.items.iter().any(|item| match item {
            Item::Line(line) => placeholder()
                .captures_iter(&line.text)
                .any(|c| c.get(2).is_some_and(|m| m.as_str().trim() == CHANGE)),
            _ => false,
        })
    }
}

/// Fills the template with the figures.
pub fn fill(t: &Template, figures: &Figures) -> Result<Filled, Vec<Finding>> {
    let facts = figures.facts;
    let mut findings = Vec::new();
    let mut used = Vec::new();
    let mut body = Vec::new();
    let mut attachments: Vec<Attachment> = Vec::new();
    let mut counters = [0u32; 4];
    // The template line of each attachment's 【附件】.
    let mut starts: Vec<u32> = Vec::new();
    for item in &t.items {
        let line = match item {
            Item::Line(line) => line,
            Item::Table(spec) => {
                match table::fill(spec, facts, &t.file, &mut used) {
                    Ok(table) => blocks_of(&mut body, &mut attachments).push(Block::Table(table)),
                    Err(problems) => findings.extend(problems),
                }
                continue;
            }
            Item::Attachment { title, line } => {
                findings.extend(empty_attachment(t, attachments.last(), starts.last()));
                starts.push(*line);
                // An attachment numbers its headings afresh.
                counters = [0; 4];
                attachments.push(Attachment {
                    title: title.clone(),
                    blocks: Vec::new(),
                });
                continue;
            }
        };
        let start = used.len();
        let inlines = placeholders::substitute(t, line, figures, &mut used, &mut findings);
        let block = if line.level == 0 {
            Block::Paragraph(inlines)
        } else {
            let level = line.level;
            counters[level as usize - 1] += 1;
            for c in counters.iter_mut().skip(level as usize) {
                *c = 0;
            }
            let number = format::heading_number(level, counters[level as usize - 1]);
            heading_block(level, number, inlines)
        };
        let sentence = block.text();
        for u in &mut used[start..] {
            u.sentence = sentence.clone();
        }
        blocks_of(&mut body, &mut attachments).push(block);
    }
    findings.extend(empty_attachment(t, attachments.last(), starts.last()));
    if !findings.is_empty() {
        return Err(findings);
    }
    let signature = t.organ.as_ref().zip(t.date).map(|(organ, date)| Signature {
        organs: formal::names(organ),
        seal: t.formal.seal(),
        date: format!("{}年{}月{}日", date.year, date.month, date.day),
        iso_date: date.to_string(),
    });
    let mut filled = Filled {
        document: Document {
            title: t.title.clone(),
            addressee: t.addressee.clone(),
            blocks: body,
            signature,
            note: t.note.clone(),
            attachments,
            red_header: t.formal.red_header(),
            end_block: t.formal.end_block(t.date),
        },
        used,
        warnings: Vec::new(),
    };
    lint::check(t, facts, &mut filled.warnings);
    Ok(filled)
}

/// An attachment with nothing under its 【附件】 line (`line`) is a slip: a page with a title only.
fn empty_attachment(t: &Template, a: Option<&Attachment>, line: Option<&u32>) -> Option<Finding> {
    let (a, line) = a.zip(line)?;
    a.blocks.is_empty().then(|| {
        Finding::error(&t.file, format!("附件“{}”下面没有内容", a.title))
            .row(*line)
            .hint("请在“【附件】”这一行下面写附件的正文或表格，或删去这一行")
    })
}

/// Where the next block goes: the last attachment begun, else the body.
fn blocks_of<'a>(
    body: &'a mut Vec<Block>,
    attachments: &'a mut [Attachment],
) -> &'a mut Vec<Block> {
    match attachments.last_mut() {
        Some(a) => &mut a.blocks,
        None => body,
    }
}

/// A heading on its own line, or, for levels 3 and 4 with text after the first "。", a lead
/// that runs into its paragraph.
fn heading_block(level: u8, number: String, inlines: Vec<Inline>) -> Block {
    if level >= 3 {
        // Find the first "。" in plain text that has something after it.
        for (i, inline) in inlines.iter().enumerate() {
            let Inline::Text(text) = inline else { continue };
            let Some(pos) = text.find('。') else {
                continue;
            };
            let (head, tail) = text.split_at(pos + '。'.len_utf8());
            let tail = tail.trim_start();
            if tail.is_empty() && i + 1 == inlines.len() {
                break;
            }
            let lead_text: String =
                inlines[..i].iter().map(Inline::text).collect::<String>() + head;
            let mut runs = vec![Inline::Lead {
                level,
                number,
                text: lead_text,
            }];
            if !tail.is_empty() {
                runs.push(Inline::Text(tail.to_string()));
            }
            runs.extend(inlines[i + 1..].iter().cloned());
            return Block::Paragraph(runs);
        }
    }
    Block::Heading {
        level,
        number,
        text: inlines.iter().map(Inline::text).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::front::is_fence;
    use super::*;

    fn only(facts: &Facts) -> Figures<'_> {
        Figures {
            facts,
            previous: None,
            present: &[],
        }
    }

    const TEXT: &str = "---\n标题：2024年某镇报告\n署名：某镇人民政府\n成文日期：2024年12月20日\n报告年度：2024\n---\n开头。\n# 一、工作方面\n## 学习\n### 服务发展。正文{{x.y}}件。\n### 单独一行\n#### 细项。内容\n# 问题\n";

    #[test]
    fn headings_are_numbered_and_leads_run_in() {
        let t = parse(TEXT, "模板.txt").unwrap();
        assert_eq!(t.year, Some(2024));
        let facts = Facts::default();
        let err = fill(&t, &only(&facts)).unwrap_err();
        assert_eq!(err[0].row, Some(10));
        assert!(err[0].message.contains("x.y"), "{}", err[0].message);
    }

    #[test]
    fn a_signature_needs_its_date() {
        let text = TEXT.replace("成文日期：2024年12月20日\n", "");
        // The template parses (its ledgers can be checked); only a build needs the date.
        let unsigned = parse(&text, "模板.txt").unwrap();
        let missing = unsigned.missing_date().unwrap();
        assert!(missing.message.contains("成文日期"), "{}", missing.message);
        assert!(parse(TEXT, "模板.txt").unwrap().missing_date().is_none());
        let no_organ = text.replace("署名：某镇人民政府\n", "");
        let err = parse(&no_organ, "模板.txt").unwrap_err();
        assert!(err[0].message.contains("署名"), "{}", err[0].message);
        let partial = TEXT.replace("2024年12月20日", "2024年12月");
        let err = parse(&partial, "模板.txt").unwrap_err();
        assert!(err[0].message.contains("完整"), "{}", err[0].message);
    }

    #[test]
    fn typed_numbers_go_but_leading_figures_stay() {
        assert_eq!(strip_typed_number("一、工作方面"), "工作方面");
        assert_eq!(strip_typed_number("（二）学习"), "学习");
        assert_eq!(strip_typed_number("3.服务发展"), "服务发展");
        assert_eq!(strip_typed_number("2.5万元经费到位"), "2.5万元经费到位");
        assert_eq!(strip_typed_number("12.4%的群众参与"), "12.4%的群众参与");
        assert!(is_fence("———") && is_fence("---") && !is_fence("--"));
    }

    #[test]
    fn broken_placeholders_and_percent_on_counts_are_refused() {
        let t = parse(&TEXT.replace("{{x.y}}", "{{x.y"), "模板.txt").unwrap();
        let err = fill(&t, &only(&Facts::default())).unwrap_err();
        assert!(err[0].message.contains("不完整"), "{}", err[0].message);
    }

    #[test]
    fn numbering_restarts_below_each_level() {
        let t = parse(&TEXT.replace("{{x.y}}", "3"), "模板.txt").unwrap();
        let doc = fill(&t, &only(&Facts::default())).unwrap().document;
        let texts: Vec<String> = doc.blocks.iter().map(Block::text).collect();
        assert_eq!(
            texts,
            [
                "开头。",
                "一、工作方面",
                "（一）学习",
                "1.服务发展。正文3件。",
                "2.单独一行",
                "（1）细项。内容",
                "二、问题"
            ]
        );
        assert!(
            matches!(&doc.blocks[3], Block::Paragraph(r) if matches!(&r[0], Inline::Lead { level: 3, .. }))
        );
        assert_eq!(doc.signature.unwrap().date, "2024年12月20日");
    }
}
