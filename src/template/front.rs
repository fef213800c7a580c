//! The front-matter block at the top of a template: 标题, 主送机关, 署名, 成文日期 and 报告年度
//! between two `---` lines, one "名称：内容" per line.

use crate::diag::Finding;
use crate::ingest::{parse_date_text, Date};
use regex::Regex;
use std::sync::OnceLock;

/// What the front matter sets; what it does not name stays empty.
#[derive(Debug, Default)]
pub(super) struct FrontMatter {
    pub title: String,
    pub addressee: Option<String>,
    pub organ: Option<String>,
    pub date: Option<Date>,
    pub year: Option<i32>,
    pub note: Option<String>,
    /// Red header, signature kind and end block (`formal.rs`).
    pub formal: super::formal::Formal,
}

/// Year, month and day are all written ("2025年1月10日", "2025-01-10", "20250110").
fn is_full_date(text: &str) -> bool {
    let t = crate::text::fold_width(text);
    let groups = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .count();
    groups >= 3 || (groups == 1 && t.trim().len() == 8)
}

/// A front-matter fence: three or more dashes of any width ("---", "———", "－－－").
pub(super) fn is_fence(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() >= 3 && t.chars().all(|c| "-—－–ー─".contains(c))
}

/// The first year written in a title ("2024年…"), the 报告年度 when the front matter gives none.
pub(super) fn year_in_title(title: &str) -> Option<i32> {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let re = YEAR.get_or_init(|| crate::text::compile(r"(\d{4})年"));
    re.captures(title).and_then(|c| c[1].parse().ok())
}

/// Reads the front-matter block if the text (after any blank lines) starts with one. Returns
/// what it sets and the index of the first line after it. `file` names the template in messages.
pub(super) fn read(
    lines: &[&str],
    file: &str,
    findings: &mut Vec<Finding>,
) -> (FrontMatter, usize) {
    let mut front = FrontMatter::default();
    let mut i = 0;
    while i < lines.len() && lines[i].trim().is_empty() {
        i += 1;
    }
    if i < lines.len() && is_fence(lines[i]) {
        i += 1;
        while i < lines.len() && !is_fence(lines[i]) {
            front.read_entry(lines[i].trim(), i as u32 + 1, file, findings);
            i += 1;
        }
        if i >= lines.len() {
            findings.push(
                Finding::error(file, "文件开头的“---”没有对应的结束行“---”")
                    .row(1)
                    .hint("请在标题等项目之后另起一行写“---”"),
            );
        }
        i += 1;
    }
    (front, i)
}

impl FrontMatter {
    /// One trimmed line "名称：内容" of the block, `line_no` 1-based; a blank line is skipped.
    fn read_entry(&mut self, line: &str, line_no: u32, file: &str, findings: &mut Vec<Finding>) {
        if line.is_empty() {
            return;
        }
        let Some((key, value)) = line.split_once([':', '：']) else {
            findings.push(
                Finding::error(file, format!("文件开头的“{line}”不是“名称：内容”的格式"))
                    .row(line_no)
                    .hint("例如：标题：2024年杨家寺镇法治政府建设情况报告"),
            );
            return;
        };
        let value = value.trim().to_string();
        let value_opt = Some(value.clone()).filter(|v| !v.is_empty());
        match key.trim() {
            "标题" => self.title = value,
            "主送机关" | "主送" => self.addressee = value_opt,
            "署名" | "发文机关" | "落款" => self.organ = value_opt,
            "成文日期" | "日期" => self.read_date(&value, line_no, file, findings),
            "报告年度" | "年度" => self.read_year(&value, line_no, file, findings),
            // "（此件公开发布）" or "此件公开发布": kept without its parentheses.
            "附注" => {
                self.note = Some(
                    value
                        .trim_start_matches(['（', '('])
                        .trim_end_matches(['）', ')'])
                        .trim()
                        .to_string(),
                )
                .filter(|v| !v.is_empty())
            }
            other => {
                if !self
                    .formal
                    .read_entry(other, &value, line_no, file, findings)
                {
                    findings.push(
                        Finding::error(file, format!("文件开头有不认识的项目“{other}”"))
                            .row(line_no)
                            .hint(format!(
                                "可用的项目：标题、主送机关、署名、成文日期、报告年度、附注，正式发文还可写{}",
                                super::formal::KEYS
                            )),
                    )
                }
            }
        }
    }

    /// 成文日期: a full year, month and day; left unset when empty.
    fn read_date(&mut self, value: &str, line_no: u32, file: &str, findings: &mut Vec<Finding>) {
        if value.is_empty() {
            return;
        }
        match parse_date_text(value, 0).filter(|d| d.year > 0 && is_full_date(value)) {
            Some(d) => self.date = Some(d),
            None => findings.push(
                Finding::error(file, format!("成文日期“{value}”不是完整的年月日"))
                    .row(line_no)
                    .hint("请写成 2024年12月20日 这样的完整日期"),
            ),
        }
    }

    /// 报告年度: a four-digit year from 1900 to 2200, "年" allowed after it.
    fn read_year(&mut self, value: &str, line_no: u32, file: &str, findings: &mut Vec<Finding>) {
        match crate::text::fold_width(value)
            .trim_end_matches('年')
            .parse::<i32>()
        {
            Ok(y) if (1900..=2200).contains(&y) => self.year = Some(y),
            _ => findings.push(
                Finding::error(file, format!("报告年度“{value}”不是一个年份"))
                    .row(line_no)
                    .hint("请写成 2024 这样的四位年份"),
            ),
        }
    }
}
