//! The front-matter items of a formal document: the red header (发文机关标志, 发文字号, 签发人),
//! how it is signed (印章, 签名) and the end block (抄送, 印发机关, 印发日期).
//!
//! All are optional: a template without them is a plain report, sealed by its 署名.

use crate::diag::Finding;
use crate::document::{EndBlock, RedHeader, Seal};
use crate::ingest::{parse_date_text, Date};
use regex::Regex;
use std::sync::OnceLock;

/// What the front matter says of the formal parts, as written.
#[derive(Debug, Default, Clone)]
pub(super) struct Formal {
    /// 发文机关标志 split into organs, and its suffix ("文件").
    mark: Option<(Vec<String>, String)>,
    /// 发文字号, normalised ("杨政发〔2025〕3号"), and its line.
    number: Option<(String, u32)>,
    signers: Option<(Vec<String>, u32)>,
    seal: Option<(Seal, u32)>,
    copy_to: Option<(String, u32)>,
    printer: Option<String>,
    print_date: Option<Date>,
}

/// The items this module reads, for the list of what the front matter knows.
pub(super) const KEYS: &str =
    "发文机关标志、发文字号、签发人、印章、签名、抄送、印发机关、印发日期";

/// Splits a list of names written with 、，, or spaces between them.
pub(super) fn names(value: &str) -> Vec<String> {
    value
        .split(['、', '，', ',', '；', ';'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

fn document_number() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        crate::text::compile(
            r"^(.*?)\s*[\[\(（【［〔〖]\s*(\d{4})\s*[\]\)）】］〕〗]\s*0*(\d+)\s*号$",
        )
    })
}

/// 发文字号 as the standard writes it: the year in hexagonal brackets 〔〕, the serial number
/// without leading zeros ("杨政发[2025]03号" -> "杨政发〔2025〕3号"); `None` when it is not one.
pub(super) fn normalise_number(value: &str) -> Option<String> {
    let folded = crate::text::fold_width(value.trim());
    let c = document_number().captures(&folded)?;
    let serial: u64 = c[3].parse().ok()?;
    (serial > 0).then(|| format!("{}〔{}〕{}号", c[1].trim(), &c[2], serial))
}

impl Formal {
    /// Reads one item if it is one of [`KEYS`]; `false` when the key is not a formal item.
    pub(super) fn read_entry(
        &mut self,
        key: &str,
        value: &str,
        line: u32,
        file: &str,
        findings: &mut Vec<Finding>,
    ) -> bool {
        let value = value.trim();
        match key {
            "发文机关标志" | "版头" => self.read_mark(value),
            "发文字号" | "文号" => match normalise_number(value) {
                Some(n) => self.number = Some((n, line)),
                None if value.is_empty() => {}
                None => findings.push(
                    Finding::error(file, format!("发文字号“{value}”的写法不对"))
                        .row(line)
                        .hint("请写成 机关代字〔年份〕序号号，例如：杨政发〔2025〕3号"),
                ),
            },
            "签发人" => {
                let signers = names(value);
                if !signers.is_empty() {
                    self.signers = Some((signers, line));
                }
            }
            "印章" | "盖章" => match value {
                "有" | "是" | "盖章" | "加盖" | "加盖印章" => {
                    self.seal = Some((Seal::Sealed, line))
                }
                "无" | "否" | "不盖章" | "不加盖" | "不加盖印章" => {
                    self.seal = Some((Seal::Unsealed, line))
                }
                "" => {}
                other => findings.push(
                    Finding::error(file, format!("印章“{other}”只能写“有”或“无”"))
                        .row(line)
                        .hint("盖发文机关印章写“印章：有”（不写也按盖章排版），不盖章写“印章：无”"),
                ),
            },
            "签名" | "签名章" => self.read_person(value, line, file, findings),
            "抄送" | "抄送机关" => {
                let v = value
                    .trim_start_matches("抄送")
                    .trim_start_matches([':', '：'])
                    .trim_end_matches(['。', '.'])
                    .trim();
                if !v.is_empty() {
                    self.copy_to = Some((v.to_string(), line));
                }
            }
            "印发机关" => self.printer = Some(value.to_string()).filter(|v| !v.is_empty()),
            "印发日期" => match parse_date_text(value, 0).filter(|d| d.year > 0) {
                Some(d) => self.print_date = Some(d),
                None if value.is_empty() => {}
                None => findings.push(
                    Finding::error(file, format!("印发日期“{value}”不是完整的年月日"))
                        .row(line)
                        .hint("请写成 2025年1月10日 这样的完整日期；不写则与成文日期相同"),
                ),
            },
            _ => return false,
        }
        true
    }

    /// "中共某镇委员会、某镇人民政府文件": organs split at 、, a final 文件 set apart.
    fn read_mark(&mut self, value: &str) {
        let mut organs = names(value);
        let mut suffix = String::new();
        if let Some(last) = organs.last_mut() {
            if let Some(stem) = last.strip_suffix("文件").filter(|s| !s.trim().is_empty()) {
                *last = stem.trim().to_string();
                suffix = "文件".to_string();
            }
        }
        self.mark = (!organs.is_empty()).then_some((organs, suffix));
    }

    /// "镇长 张三": the signing person's title and name.
    fn read_person(&mut self, value: &str, line: u32, file: &str, findings: &mut Vec<Finding>) {
        if value.is_empty() {
            return;
        }
        let parts: Vec<&str> = value
            .split([' ', '　', '：', ':'])
            .filter(|p| !p.is_empty())
            .collect();
        match parts.as_slice() {
            [title, name] => {
                let seal = Seal::Person {
                    title: title.to_string(),
                    name: name.to_string(),
                };
                self.seal = Some((seal, line));
            }
            _ => findings.push(
                Finding::error(file, format!("签名“{value}”应当是职务和姓名，中间空一格"))
                    .row(line)
                    .hint("例如：签名：镇长 张三"),
            ),
        }
    }

    /// Items that only make sense together: a 发文字号 or 签发人 needs the red header, 抄送
    /// needs its 印发机关, a person's signature and 印章：无 exclude each other.
    pub(super) fn check(&self, file: &str, findings: &mut Vec<Finding>) {
        if self.mark.is_none() {
            if let Some((_, line)) = &self.number {
                findings.push(
                    Finding::error(file, "写了发文字号，但没有发文机关标志（版头）")
                        .row(*line)
                        .hint("正式发文请同时写“发文机关标志：某镇人民政府文件”；普通报告请删去发文字号"),
                );
            }
            if let Some((_, line)) = &self.signers {
                findings.push(
                    Finding::error(file, "写了签发人，但没有发文机关标志（版头）")
                        .row(*line)
                        .hint("签发人印在版头的发文字号一行；请同时写发文机关标志和发文字号"),
                );
            }
        }
        if let (Some((_, line)), None) = (&self.copy_to, &self.printer) {
            findings.push(
                Finding::error(file, "写了抄送，但没有印发机关，版记不完整")
                    .row(*line)
                    .hint("请写“印发机关：某镇党政办公室”"),
            );
        }
    }

    /// The red header, when the front matter names the organ mark.
    pub(super) fn red_header(&self) -> Option<RedHeader> {
        let (organs, suffix) = self.mark.clone()?;
        Some(RedHeader {
            organs,
            suffix,
            number: self.number.as_ref().map(|(n, _)| n.clone()),
            signers: self
                .signers
                .as_ref()
                .map(|(s, _)| s.clone())
                .unwrap_or_default(),
        })
    }

    /// The end block, when the front matter names the 印发机关; printed on the 印发日期, or
    /// the 成文日期 when none is given.
    pub(super) fn end_block(&self, written: Option<Date>) -> Option<EndBlock> {
        let printer = self.printer.clone()?;
        let date = self.print_date.or(written)?;
        Some(EndBlock {
            copy_to: self.copy_to.as_ref().map(|(c, _)| c.clone()),
            printer,
            date: format!("{}年{}月{}日", date.year, date.month, date.day),
        })
    }

    /// How the document is signed: sealed unless the front matter says otherwise.
    pub(super) fn seal(&self) -> Seal {
        self.seal
            .as_ref()
            .map(|(s, _)| s.clone())
            .unwrap_or(Seal::Sealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_numbers_take_hexagonal_brackets_and_no_leading_zero() {
        for (typed, printed) in [
            ("杨政发〔2025〕3号", "杨政发〔2025〕3号"),
            ("杨政发[2025]03号", "杨政发〔2025〕3号"),
            ("杨政发（2025）12号", "杨政发〔2025〕12号"),
            ("杨政发【2025】007号", "杨政发〔2025〕7号"),
            ("杨政发［２０２５］１号", "杨政发〔2025〕1号"),
        ] {
            assert_eq!(normalise_number(typed).as_deref(), Some(printed), "{typed}");
        }
        for wrong in [
            "杨政发2025年3号",
            "杨政发〔25〕3号",
            "杨政发〔2025〕0号",
            "三号",
        ] {
            assert_eq!(normalise_number(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn a_joint_mark_keeps_its_organs_in_order_and_sets_wenjian_apart() {
        let mut f = Formal::default();
        f.read_mark("中共杨家寺镇委员会、杨家寺镇人民政府文件");
        let h = f.red_header().unwrap();
        assert_eq!(h.organs, ["中共杨家寺镇委员会", "杨家寺镇人民政府"]);
        assert_eq!(h.suffix, "文件");
        f.read_mark("杨家寺镇人民政府");
        assert_eq!(f.red_header().unwrap().suffix, "");
    }
}
