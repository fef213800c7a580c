//! The checks of single rows, made in one walk over the records: numbers no ledger holds, rows
//! outside the year, 结案日期 before 受理日期, words not recognised and key fields missing (the
//! same case twice, from `cases`, is keyed on the same walk).

use super::{cases, num, place, Places};
use crate::diag::Finding;
use crate::facts::in_year;
use crate::ingest::{Ingested, LedgerKind, Record};
use std::collections::BTreeMap;

/// No town counts a million cases, meetings or attendees in one row.
const IMPLAUSIBLE: f64 = 1_000_000.0;

/// What the walk has found so far, each check's findings kept apart so they come out check by
/// check, as if each had walked the records alone.
pub(super) struct RowChecks<'a> {
    year: i32,
    channels: &'a [String],
    /// How many records the walk has passed.
    at: u32,
    one_ledger: Vec<Finding>,
    impossible: Vec<Finding>,
    outside: BTreeMap<(&'static str, &'static str), Places>,
    closed: Vec<Finding>,
    two_ledgers: cases::TwoLedgers,
    words: BTreeMap<(&'static str, &'static str, &'static str, &'static str), Places>,
    missing: BTreeMap<(&'static str, &'static str, &'static str), Places>,
}

impl<'a> RowChecks<'a> {
    pub(super) fn new(year: i32, channels: &'a [String]) -> RowChecks<'a> {
        RowChecks {
            year,
            channels,
            at: 0,
            one_ledger: Vec::new(),
            impossible: Vec::new(),
            outside: BTreeMap::new(),
            closed: Vec::new(),
            two_ledgers: cases::TwoLedgers::default(),
            words: BTreeMap::new(),
            missing: BTreeMap::new(),
        }
    }

    /// Checks one run of records (one file's).
    pub(super) fn run(&mut self, records: &[Record]) {
        cases::in_one_ledger(records, &mut self.one_ledger);
        for r in records {
            self.impossible(r);
            if !in_year(r, self.year) {
                self.outside
                    .entry((r.origin.file.as_str(), r.origin.sheet.as_str()))
                    .or_default()
                    .add(&r.origin);
            }
            self.closed(r);
            self.two_ledgers.add(self.at, r);
            self.words(r);
            for m in r.missing.iter() {
                self.missing
                    .entry((r.origin.file.as_str(), r.origin.sheet.as_str(), m))
                    .or_default()
                    .add(&r.origin);
            }
            self.at += 1;
        }
    }

    /// The findings, check by check. The cases two ledgers share are read again here.
    pub(super) fn finish(mut self, ingested: &Ingested, findings: &mut Vec<Finding>) {
        findings.append(&mut self.one_ledger);
        findings.append(&mut self.impossible);
        outside_year(&self.outside, self.year, findings);
        findings.append(&mut self.closed);
        let Ok(shared) = self.two_ledgers.shared() else {
            // Told as records lost: the run stops rather than miss a warning.
            ingested.records.mark_lost();
            return;
        };
        if !shared.is_empty() {
            let mut cases = Vec::with_capacity(shared.len());
            let (mut at, mut next) = (0u32, shared.iter().peekable());
            let mut walk = ingested.records.cursor();
            while let (Some(&&want), Some(r)) = (next.peek(), walk.next()) {
                if at == want {
                    cases.push(r.clone());
                    next.next();
                }
                at += 1;
            }
            cases::in_two_ledgers(&cases, findings);
        }
        unrecognised_words(&self.words, self.channels, findings);
        missing_fields(&self.missing, findings);
    }

    fn impossible(&mut self, r: &Record) {
        let problem = if r.count > IMPLAUSIBLE || r.attendance.is_some_and(|n| n > IMPLAUSIBLE) {
            Some(format!(
                "数字 {} 大得不合常理，像是填错了栏目或多打了数字",
                num(r.count.max(r.attendance.unwrap_or(0.0)))
            ))
        } else if r.count < 0.0 {
            Some(format!("件数为负数（{}）", num(r.count)))
        } else if r.resolved.is_some_and(|n| n < 0.0) {
            Some(format!(
                "化解数为负数（{}）",
                num(r.resolved.unwrap_or(0.0))
            ))
        } else if r.resolved.is_some_and(|n| n > r.count) {
            Some(format!(
                "化解数 {} 大于受理数 {}，化解率会超过 100%",
                num(r.resolved.unwrap_or(0.0)),
                num(r.count)
            ))
        } else if r.attendance.is_some_and(|n| n < 0.0) {
            Some("参会人数为负数".to_string())
        } else {
            None
        };
        if let Some(message) = problem {
            self.impossible.push(place(
                Finding::error(r.origin.file, message).hint("请改正这一行的数字"),
                r,
            ));
        }
    }

    fn closed(&mut self, r: &Record) {
        if let (Some(start), Some(end)) = (r.date, r.end_date.map(|d| d.date())) {
            if end < start {
                self.closed.push(
                    place(
                        Finding::warning(
                            r.origin.file,
                            format!("结案日期 {end} 早于受理日期 {start}"),
                        ),
                        r,
                    )
                    .hint("请核对这两个日期"),
                );
            }
        }
    }

    /// Outcome and source words not recognised, kept per word and sheet.
    fn words(&mut self, r: &Record) {
        if r.ledger != LedgerKind::Mediation {
            return;
        }
        let (file, sheet) = (r.origin.file.as_str(), r.origin.sheet.as_str());
        if r.resolved.is_none() {
            if let Some(w) = r.fields.get("结果") {
                self.words
                    .entry((file, sheet, "结果", w.as_str()))
                    .or_default()
                    .add(&r.origin);
            }
        }
        if let (Some(s), Some(_)) = (r.dims.get("来源"), r.fields.get("来源")) {
            if !self.channels.iter().any(|c| c == s) {
                self.words
                    .entry((file, sheet, "来源", s.as_str()))
                    .or_default()
                    .add(&r.origin);
            }
        }
    }
}

/// Rows dated outside the report year are not counted: say how many, and where, per sheet.
fn outside_year(by_sheet: &BTreeMap<(&str, &str), Places>, year: i32, findings: &mut Vec<Finding>) {
    for ((file, sheet), rows) in by_sheet {
        findings.push(rows.warning(
            file,
            sheet,
            format!(
                "{} 行的日期不在 {year} 年内，未计入统计（{}）",
                rows.count,
                rows.text()
            ),
            format!("如果这些行属于 {year} 年，请改正日期；否则可以不理会"),
        ));
    }
}

/// Outcome and source words not recognised: one warning per word and sheet.
fn unrecognised_words(
    words: &BTreeMap<(&str, &str, &str, &str), Places>,
    channels: &[String],
    findings: &mut Vec<Finding>,
) {
    for ((file, sheet, field, word), rows) in words {
        let (message, hint) = if *field == "结果" {
            (
                format!(
                    "调解结果“{word}”无法判断是否化解，按未化解统计（{}）",
                    rows.text()
                ),
                "请写成“调解成功”或“调解不成功”；也可在 inputs/gongwen.toml 的 [\"归并\".\"结果\"] 中写明它算成功还是不成功".to_string(),
            )
        } else {
            (
                format!(
                    "案件来源“{word}”不属于{}，按原文单独统计（{}）",
                    channels.join("、"),
                    rows.text()
                ),
                "如果它属于某一渠道，请在 inputs/gongwen.toml 的 [\"归并\".\"来源\"] 中写明"
                    .to_string(),
            )
        };
        findings.push(rows.warning(file, sheet, message, hint));
    }
}

fn missing_fields(by: &BTreeMap<(&str, &str, &str), Places>, findings: &mut Vec<Finding>) {
    for ((file, sheet, field), rows) in by {
        let (what, hint) = match *field {
            "日期" => ("没有填写日期，不能判断属于哪一年，已计入统计", "请补填日期"),
            "日期无法识别" => (
                "的日期无法识别，已按无日期计入统计",
                "请写成 2024年3月5日 或 2024-03-05 这样的日期",
            ),
            "来源" => ("没有填写案件来源", "请补填案件来源（法院、派出所、信访等）"),
            "结果" => ("没有填写调解结果，按未化解统计", "请补填调解结果"),
            _ => ("没有填写会议类型", "请补填会议类型"),
        };
        findings.push(rows.warning(
            file,
            sheet,
            format!("{} 行{what}（{}）", rows.count, rows.text()),
            hint,
        ));
    }
}
