//! Reconcile: cross-checks of what the offices wrote, as findings naming file, sheet and row.
//!
//! In: everything ingest read and the report year. Out: findings. Errors (the report waits until
//! they are fixed, unless forced): a declared total that differs from its rows, the same case
//! twice in one ledger, impossible numbers. Warnings (the report is written, the clerk is told):
//! rows outside the year, 结案日期 before 受理日期, the same case in two ledgers, words not
//! recognised, rows missing a key field, months missing from a monthly series. It never changes a
//! count.

use crate::diag::{row_list, Finding};
use crate::facts::in_year;
use crate::ingest::Origin;
use crate::ingest::{Ingested, LedgerKind, Record};
use std::collections::BTreeMap;

/// Runs every check; findings come sorted by file, sheet and row.
pub fn check(ingested: &Ingested, year: i32) -> Vec<Finding> {
    let mut findings = Vec::new();
    declared_totals(ingested, &mut findings);
    same_case_in_one_ledger(ingested, &mut findings);
    impossible_numbers(ingested, &mut findings);
    outside_year(ingested, year, &mut findings);
    closed_before_opened(ingested, &mut findings);
    same_case_in_two_ledgers(ingested, &mut findings);
    unrecognised_words(ingested, &mut findings);
    missing_fields(ingested, &mut findings);
    missing_months(ingested, year, &mut findings);
    findings
}

fn num(n: f64) -> String {
    crate::template::Format::Plain.apply(n)
}

fn place(f: Finding, r: &Record) -> Finding {
    let f = f.row(r.origin.row);
    // A record in a cell of its own (a cross table's count, a table with its records across).
    let f = match &r.origin.column {
        Some(c) if f.column.is_none() => f.column(c),
        _ => f,
    };
    if r.origin.sheet.is_empty() {
        f
    } else {
        f.sheet(r.origin.sheet)
    }
}

/// Records each in a cell of its own on one row (a table with its records across, a cross
/// table's counts).
fn across(origins: &[&Origin]) -> bool {
    origins
        .iter()
        .all(|o| o.column.is_some() && o.row == origins[0].row)
}

/// "第 3、5、9 行" for up to ten records, then "等"; "第 C、E 列" for records across one row,
/// "第 3 行 C 列" for one in a cell of its own.
fn places(origins: &[&Origin]) -> String {
    match origins {
        [one] if one.column.is_some() => {
            format!(
                "第 {} 行 {} 列",
                one.row,
                one.column.as_deref().unwrap_or_default()
            )
        }
        _ if across(origins) => {
            let cols: Vec<&str> = origins
                .iter()
                .take(10)
                .filter_map(|o| o.column.as_deref())
                .collect();
            let more = if origins.len() > 10 { " 等" } else { "" };
            format!("第 {}{more} 列", cols.join("、"))
        }
        _ => row_list(&origins.iter().map(|o| o.row).collect::<Vec<_>>()),
    }
}

fn declared_totals(ingested: &Ingested, findings: &mut Vec<Finding>) {
    for t in &ingested.declared {
        if (t.declared - t.counted).abs() < 1e-9 {
            continue;
        }
        let mut f = Finding::error(
            t.origin.file,
            format!(
                "“{}”写的{}是 {}，但逐行统计是 {}",
                t.label,
                t.measure,
                num(t.declared),
                num(t.counted)
            ),
        )
        .row(t.origin.row)
        .hint("请核对这一合计数与台账中的各行，改正写错的一方");
        if !t.origin.sheet.is_empty() {
            f = f.sheet(t.origin.sheet);
        }
        if let Some(c) = &t.column {
            f = f.column(c);
        }
        findings.push(f);
    }
}

/// The names of a case's parties, sorted, each once ("张三与李四" = "李四、张三"), as written
/// where no folding is needed.
fn party_names(r: &Record) -> Vec<std::borrow::Cow<'_, str>> {
    let Some(text) = r.fields.get("当事人") else {
        return Vec::new();
    };
    let mut names: Vec<std::borrow::Cow<str>> = text
        .as_str()
        .split([
            '与', '、', ',', '，', '/', '和', '及', ';', '；', ' ', '\u{3000}',
        ])
        .map(crate::text::squashed)
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The parties of a case as a sorted set of names ("张三与李四" = "李四、张三").
fn parties(r: &Record) -> Option<String> {
    let names = party_names(r);
    (!names.is_empty()).then(|| names.join("、"))
}

/// A case number, not a placeholder for none ("/", "无", "—", "0").
fn is_case_number(s: &str) -> bool {
    !s.is_empty() && !["/", "-", "—", "——", "无", "0", "／", "暂无", "未编号"].contains(&s)
}

/// The case number of a record, when it has one.
fn case_number(r: &Record) -> Option<std::borrow::Cow<'_, str>> {
    r.fields
        .get("案号")
        .map(|s| crate::text::squashed(s.as_str()))
        .filter(|s| is_case_number(s))
}

/// What identifies a case within one ledger: its number, or parties + date + type.
fn case_keys(r: &Record) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(no) = case_number(r) {
        keys.push(format!("案号 {no}"));
    }
    if let (Some(p), Some(d)) = (parties(r), r.date) {
        let kind = r.dims.get("类型").cloned().unwrap_or_default();
        keys.push(format!("{p} {d} {kind}"));
    }
    keys
}

/// [`case_keys`] as numbers, worked out without writing the keys (a district's million cases
/// are keyed here): equal keys, equal numbers; two different keys that agree by chance are told
/// apart by their texts where they meet.
fn case_key_hashes(r: &Record) -> ([u64; 2], usize) {
    let mut out = [0u64; 2];
    let mut n = 0;
    if let Some(no) = case_number(r) {
        out[n] = number_hash(&no);
        n += 1;
    }
    if let Some(d) = r.date {
        let names = party_names(r);
        if !names.is_empty() {
            out[n] = names_hash(
                &names,
                Some((d, r.dims.get("类型").map_or("", |t| t.as_str()))),
            );
            n += 1;
        }
    }
    (out, n)
}

/// A case number ("案号 …") as a number.
fn number_hash(no: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ("案号", no).hash(&mut h);
    h.finish()
}

/// Sorted party names, with the date and type when given, as a number.
fn names_hash(names: &[std::borrow::Cow<str>], when: Option<(crate::ingest::Date, &str)>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for name in names {
        name.as_ref().hash(&mut h);
    }
    if let Some(when) = when {
        when.hash(&mut h);
    }
    h.finish()
}

fn same_case_in_one_ledger(ingested: &Ingested, findings: &mut Vec<Finding>) {
    // A file's records are read together: the keys seen are kept for one file at a time (a
    // file met again later, which gathering never does, is checked with all files at once).
    let runs: Vec<&[Record]> = ingested
        .records
        .chunk_by(|a, b| a.origin.file == b.origin.file)
        .collect();
    let mut files: Vec<crate::ingest::Text> = runs.iter().map(|r| r[0].origin.file).collect();
    files.sort_unstable();
    files.dedup();
    if files.len() == runs.len() {
        for run in runs {
            cases_in_one_ledger(run, findings);
        }
    } else {
        cases_in_one_ledger(&ingested.records, findings);
    }
}

fn cases_in_one_ledger(records: &[Record], findings: &mut Vec<Finding>) {
    // (file, key's number) -> the first record with the key.
    let mut seen: std::collections::HashMap<(crate::ingest::Text, u64), &Record> =
        std::collections::HashMap::new();
    for r in records.iter().filter(|r| r.ledger == LedgerKind::Mediation) {
        let (hashes, n) = case_key_hashes(r);
        for (k, hash) in hashes[..n].iter().enumerate() {
            let id = (r.origin.file, *hash);
            match seen.get(&id) {
                Some(first) if first.origin != r.origin => {
                    // The texts of the two keys, compared: numbers that agree by chance are
                    // different cases.
                    let keys = case_keys(r);
                    let Some(key) = keys.get(k) else { continue };
                    if !case_keys(first).contains(key) {
                        continue;
                    }
                    findings.push(
                        place(
                            Finding::error(
                                r.origin.file,
                                format!(
                                    "与第 {} 行是同一件纠纷（{}），重复登记",
                                    first.origin.row,
                                    key.replace(' ', "，")
                                ),
                            ),
                            r,
                        )
                        .hint("请删除重复的一行；如果确是两件纠纷，请补上能区分它们的案号或日期"),
                    );
                    break;
                }
                Some(_) => {}
                None => {
                    seen.insert(id, r);
                }
            }
        }
    }
}

/// No town counts a million cases, meetings or attendees in one row.
const IMPLAUSIBLE: f64 = 1_000_000.0;

fn impossible_numbers(ingested: &Ingested, findings: &mut Vec<Finding>) {
    for r in &ingested.records {
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
            findings.push(place(
                Finding::error(r.origin.file, message).hint("请改正这一行的数字"),
                r,
            ));
        }
    }
}

/// Rows dated outside the report year are not counted: say how many, and where, per sheet.
fn outside_year(ingested: &Ingested, year: i32, findings: &mut Vec<Finding>) {
    let mut by_sheet: BTreeMap<(&str, &str), Vec<&Origin>> = BTreeMap::new();
    for r in ingested.records.iter().filter(|r| !in_year(r, year)) {
        by_sheet
            .entry((&r.origin.file, &r.origin.sheet))
            .or_default()
            .push(&r.origin);
    }
    for ((file, sheet), rows) in by_sheet {
        let mut f = Finding::warning(
            file,
            format!(
                "{} 行的日期不在 {year} 年内，未计入统计（{}）",
                rows.len(),
                places(&rows)
            ),
        )
        .row(rows[0].row)
        .hint(format!(
            "如果这些行属于 {year} 年，请改正日期；否则可以不理会"
        ));
        if let Some(c) = rows[0].column.as_ref().filter(|_| across(&rows)) {
            f = f.column(c);
        }
        if !sheet.is_empty() {
            f = f.sheet(sheet);
        }
        findings.push(f);
    }
}

fn closed_before_opened(ingested: &Ingested, findings: &mut Vec<Finding>) {
    for r in &ingested.records {
        if let (Some(start), Some(end)) = (r.date, r.end_date.map(|d| d.date())) {
            if end < start {
                findings.push(
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
}

/// The same dispute entered by two offices (a 派出所 referral also in a village ledger): same
/// case number, or the same parties within 30 days. Counts stay per ledger.
fn same_case_in_two_ledgers(ingested: &Ingested, findings: &mut Vec<Finding>) {
    let cases: Vec<&Record> = ingested
        .records
        .iter()
        .filter(|r| r.ledger == LedgerKind::Mediation && r.count == 1.0)
        .collect();
    // Keyed by numbers first: only a key two records share is written out.
    let mut keyed: Vec<(u64, usize)> = Vec::new();
    for (i, r) in cases.iter().enumerate() {
        let names = party_names(r);
        if names.len() >= 2 {
            keyed.push((names_hash(&names, None), i));
        }
        if let Some(no) = case_number(r) {
            keyed.push((number_hash(&no), i));
        }
    }
    keyed.sort_unstable();
    // Key -> the positions in `cases` of its records.
    let mut positions: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for run in keyed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        for &(_, i) in run {
            let r = cases[i];
            if let Some(p) = parties(r).filter(|p| p.contains('、')) {
                positions.entry(p).or_default().push(i);
            }
            if let Some(no) = case_number(r) {
                positions.entry(format!("案号 {no}")).or_default().push(i);
            }
        }
    }
    // A record's other key, shared with no one, was written out with it: a list of one says
    // nothing. Each list in the order of the records.
    let by_parties: BTreeMap<String, Vec<&Record>> = positions
        .into_iter()
        .filter_map(|(key, mut at)| {
            at.sort_unstable();
            at.dedup();
            (at.len() > 1).then(|| (key, at.into_iter().map(|i| cases[i]).collect()))
        })
        .collect();
    // Each later entry is told once, against the first entry of another file close to it, so a
    // name shared by many ledgers costs a warning per entry, not per pair.
    let mut told = std::collections::BTreeSet::new();
    for (key, list) in by_parties {
        for (i, b) in list.iter().enumerate() {
            let first = list[..i].iter().find(|a| {
                a.origin.file != b.origin.file
                    && match (a.date, b.date) {
                        (Some(x), Some(y)) => days_apart(x, y) <= 30,
                        _ => key.starts_with("案号"),
                    }
            });
            let Some(a) = first else { continue };
            if !told.insert(b.origin.clone()) {
                continue;
            }
            let other = format!(
                "{}{}第 {} 行",
                a.origin.file,
                if a.origin.sheet.is_empty() {
                    "，".to_string()
                } else {
                    format!("，工作表“{}”，", a.origin.sheet)
                },
                a.origin.row
            );
            findings.push(
                place(
                    Finding::warning(
                        b.origin.file,
                        format!("这件纠纷（{}）也登记在 {other}", key.replace(' ', "：")),
                    ),
                    b,
                )
                .hint("两处各自计数；如果是同一件纠纷，请商定由哪个台账统计"),
            );
        }
    }
}

fn days_apart(a: crate::ingest::Date, b: crate::ingest::Date) -> i64 {
    let day = |d: crate::ingest::Date| {
        // Days since 0000-03-01 (Howard Hinnant's days_from_civil, without the epoch shift).
        let y = if d.month <= 2 { d.year - 1 } else { d.year } as i64;
        let m = d.month as i64;
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d.day as i64 - 1;
        era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy
    };
    (day(a) - day(b)).abs()
}

/// Outcome and source words not recognised: one warning per word and sheet.
fn unrecognised_words(ingested: &Ingested, findings: &mut Vec<Finding>) {
    let mut words: BTreeMap<(&str, &str, &str, &str), Vec<&Origin>> = BTreeMap::new();
    for r in ingested
        .records
        .iter()
        .filter(|r| r.ledger == LedgerKind::Mediation)
    {
        if r.resolved.is_none() {
            if let Some(w) = r.fields.get("结果") {
                words
                    .entry((&r.origin.file, &r.origin.sheet, "结果", w.as_str()))
                    .or_default()
                    .push(&r.origin);
            }
        }
        if let (Some(s), Some(_)) = (r.dims.get("来源"), r.fields.get("来源")) {
            if !ingested.channels.iter().any(|c| c == s) {
                words
                    .entry((&r.origin.file, &r.origin.sheet, "来源", s.as_str()))
                    .or_default()
                    .push(&r.origin);
            }
        }
    }
    for ((file, sheet, field, word), rows) in words {
        let (message, hint) = if field == "结果" {
            (
                format!(
                    "调解结果“{word}”无法判断是否化解，按未化解统计（{}）",
                    places(&rows)
                ),
                "请写成“调解成功”或“调解不成功”；也可在 inputs/gongwen.toml 的 [\"归并\".\"结果\"] 中写明它算成功还是不成功".to_string(),
            )
        } else {
            (
                format!(
                    "案件来源“{word}”不属于{}，按原文单独统计（{}）",
                    ingested.channels.join("、"),
                    places(&rows)
                ),
                "如果它属于某一渠道，请在 inputs/gongwen.toml 的 [\"归并\".\"来源\"] 中写明"
                    .to_string(),
            )
        };
        let mut f = Finding::warning(file, message).row(rows[0].row).hint(hint);
        if let Some(c) = rows[0].column.as_ref().filter(|_| across(&rows)) {
            f = f.column(c);
        }
        if !sheet.is_empty() {
            f = f.sheet(sheet);
        }
        findings.push(f);
    }
}

fn missing_fields(ingested: &Ingested, findings: &mut Vec<Finding>) {
    let mut by: BTreeMap<(&str, &str, &str), Vec<&Origin>> = BTreeMap::new();
    for r in &ingested.records {
        for m in r.missing.iter() {
            by.entry((&r.origin.file, &r.origin.sheet, m))
                .or_default()
                .push(&r.origin);
        }
    }
    for ((file, sheet, field), rows) in by {
        let (what, hint) = match field {
            "日期" => ("没有填写日期，不能判断属于哪一年，已计入统计", "请补填日期"),
            "日期无法识别" => (
                "的日期无法识别，已按无日期计入统计",
                "请写成 2024年3月5日 或 2024-03-05 这样的日期",
            ),
            "来源" => ("没有填写案件来源", "请补填案件来源（法院、派出所、信访等）"),
            "结果" => ("没有填写调解结果，按未化解统计", "请补填调解结果"),
            _ => ("没有填写会议类型", "请补填会议类型"),
        };
        let mut f = Finding::warning(
            file,
            format!("{} 行{what}（{}）", rows.len(), places(&rows)),
        )
        .row(rows[0].row)
        .hint(hint);
        if let Some(c) = rows[0].column.as_ref().filter(|_| across(&rows)) {
            f = f.column(c);
        }
        if !sheet.is_empty() {
            f = f.sheet(sheet);
        }
        findings.push(f);
    }
}

fn missing_months(ingested: &Ingested, year: i32, findings: &mut Vec<Finding>) {
    let _ = year;
    for s in &ingested.series {
        let last = s.months.iter().copied().max().unwrap_or(0);
        let gaps: Vec<String> = (1..=last)
            .filter(|m| !s.months.contains(m))
            .map(|m| format!("{m}月"))
            .collect();
        if !gaps.is_empty() {
            findings.push(
                Finding::warning(
                    &s.file,
                    format!(
                        "按月报送的{}缺少 {}",
                        s.ledger.description(),
                        gaps.join("、")
                    ),
                )
                .hint("如果该月没有发生，请报送零报告（填 0 的一行或一张表）"),
            );
        }
    }
}
