//! Meeting logs beyond a type column: whether a table of only dates and names is a meeting log
//! (its names must read as meetings), sign-in exports (one row per person and session) folded
//! into sessions, and the warning for meetings whose attendance cannot be read.

use super::cell::format_number;
use super::sheet::Header;
use super::vocab::LedgerKind;
use super::Record;
use crate::diag::{row_list, Finding};
use crate::text::squash;
use std::collections::BTreeMap;

/// A sign-in export: one row per person (a 姓名 column) and session.
pub(super) fn is_sign_in(header: &Header) -> bool {
    header.kind == LedgerKind::Meeting && header.columns.contains_key("姓名")
}

fn warning(place: (&str, &str), rows: &[u32], message: String, hint: &str) -> Finding {
    Finding::warning(place.0, format!("{message}（{}）", row_list(rows)))
        .sheet(place.1)
        .row(rows[0])
        .hint(hint)
}

/// A sign-in export's rows (one per person, attendance 1 when present, 0 when absent, `None`
/// when the status cannot be read) folded into sessions: one record per meeting name and date,
/// at its first row, whose attendance is the people present. A row without a date joins the
/// one dated session of its name. Returns the sessions, the findings (statuses that cannot be
/// read, a person signed in twice) and the reading line's note.
pub(super) fn sessions(
    rows: Vec<Record>,
    place: (&str, &str),
) -> (Vec<Record>, Vec<Finding>, String) {
    let name_of = |r: &Record| squash(r.fields.get("主题").map_or("", |t| t.as_str()));
    let mut dated: BTreeMap<String, Vec<super::Date>> = BTreeMap::new();
    for r in &rows {
        if let Some(d) = r.date {
            let days = dated.entry(name_of(r)).or_default();
            if !days.contains(&d) {
                days.push(d);
            }
        }
    }
    // session key -> index in `out`; per session the people already counted.
    let mut index: BTreeMap<(String, Option<super::Date>), usize> = BTreeMap::new();
    let mut out: Vec<Record> = Vec::new();
    let mut people: Vec<BTreeMap<String, bool>> = Vec::new();
    let (mut unread, mut blank, mut twice) = (BTreeMap::new(), Vec::new(), Vec::new());
    let mut undated = Vec::new();
    let total = rows.len();
    for r in rows {
        let name = name_of(&r);
        let date = match (r.date, dated.get(&name).map(Vec::as_slice)) {
            (Some(d), _) => Some(d),
            (None, Some([only])) => Some(*only),
            (None, None) => None,
            // Undated, and the name was held on several days: which session is not known.
            // (Someone absent from one of them changes nothing.)
            (None, Some(_)) => {
                if r.attendance != Some(0.0) {
                    undated.push(r.origin.row);
                }
                continue;
            }
        };
        let status = r.fields.get("状态").cloned().unwrap_or_default();
        if r.attendance.is_none() {
            if status.trim().is_empty() {
                blank.push(r.origin.row);
            } else {
                unread
                    .entry(squash(&status))
                    .or_insert_with(Vec::new)
                    .push(r.origin.row);
            }
        }
        let present = r.attendance.is_some_and(|n| n > 0.0);
        let person = squash(r.fields.get("姓名").map_or("", |t| t.as_str()));
        let i = *index.entry((name, date)).or_insert_with(|| {
            let mut s = r.clone();
            if date.is_some() {
                s.missing.retain(|m| !m.starts_with("日期"));
            }
            s.date = date;
            s.attendance = Some(0.0);
            s.fields.remove("姓名");
            s.fields.remove("状态");
            out.push(s);
            people.push(BTreeMap::new());
            out.len() - 1
        });
        match people[i].get(&person).copied() {
            Some(was) if !person.is_empty() => {
                twice.push(r.origin.row);
                if present && !was {
                    people[i].insert(person, true);
                    add(&mut out[i], r.attendance);
                }
            }
            _ => {
                people[i].insert(person, present);
                if present {
                    add(&mut out[i], r.attendance);
                }
            }
        }
    }
    let mut findings = Vec::new();
    let hint = "请写明是否到会（已签到、出席，或请假、缺席、未签到）";
    for (status, rows) in &unread {
        let m = format!(
            "签到状态写的是“{status}”，读不出是否到会，{} 人没有计入人次",
            rows.len()
        );
        findings.push(warning(place, rows, m, hint));
    }
    if !blank.is_empty() {
        let m = format!("签到状态是空的，{} 人没有计入人次", blank.len());
        findings.push(warning(place, &blank, m, hint));
    }
    if !undated.is_empty() {
        let m = format!(
            "{} 条签到记录没有日期，而同名会议开了不止一次，不能确定是哪一次，没有计入",
            undated.len()
        );
        findings.push(warning(place, &undated, m, "请补填签到日期"));
    }
    if !twice.is_empty() {
        let m = "同一人在同一次会议中出现了不止一次，只计 1 人次".to_string();
        findings.push(warning(place, &twice, m, "请删去重复的签到记录"));
    }
    let present: f64 = out.iter().filter_map(|s| s.attendance).sum();
    let note = format!(
        "按签到名单读取：{total} 条签到记录按会议名称和日期归为 {} 次会议，人次只计已签到（出席）的 {} 人次",
        out.len(),
        format_number(present)
    );
    (out, findings, note)
}

fn add(session: &mut Record, n: Option<f64>) {
    session.attendance = Some(session.attendance.unwrap_or(0.0) + n.unwrap_or(0.0));
}

/// The meetings of a sheet whose attendance cannot be read (no figure, no 实到 text, no list of
/// names) and that no other finding names: they count as meetings, 会议.人次 adds up the
/// others, and a warning names their rows.
pub(super) fn missing_attendance(
    records: &[Record],
    findings: &[Finding],
    place: (&str, &str),
) -> Option<Finding> {
    let named = |row: u32| {
        findings
            .iter()
            .any(|f| f.row == Some(row) && f.sheet.as_deref() == Some(place.1))
    };
    let meetings: Vec<&Record> = records
        .iter()
        .filter(|r| r.ledger == LedgerKind::Meeting)
        .collect();
    let missing: Vec<&&Record> = meetings
        .iter()
        .filter(|r| r.attendance.is_none() && !named(r.origin.row))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let rows: Vec<u32> = missing.iter().map(|r| r.origin.row).collect();
    // A row of a count table stands for as many meetings as its count.
    let count = |rs: &mut dyn Iterator<Item = &Record>| format_number(rs.map(|r| r.count).sum());
    let (none, with) = (
        count(&mut missing.iter().map(|r| **r)),
        count(&mut meetings.iter().copied().filter(|r| r.attendance.is_some())),
    );
    let m = format!(
        "{none} 次会议读不出参会人数，已计入会议次数；会议.人次只计入写明人数的 {with} 次会议"
    );
    Some(warning(
        place,
        &rows,
        m,
        "请在“参会人数”一栏填写实到人数，或在会议名称、备注中写明“实到N人”",
    ))
}
