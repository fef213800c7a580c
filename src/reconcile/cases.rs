//! The same case entered twice: in one ledger (an error: it would count twice) or in two
//! ledgers (a warning: each office counts its own).

use super::place;
use crate::diag::Finding;
use crate::ingest::{LedgerKind, Record};
use std::collections::BTreeMap;

/// The names of a case's parties, sorted, each once ("张三与李四" = "李四、张三"), as written
/// where no folding is needed.
fn party_names(r: &Record) -> Vec<std::borrow::Cow<'_, str>> {
    let Some(text) = r.case.parties() else {
        return Vec::new();
    };
    let mut names: Vec<std::borrow::Cow<str>> = text
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
    r.case
        .number()
        .map(crate::text::squashed)
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
    let mut h = crate::ingest::fingerprint();
    ("案号", no).hash(&mut h);
    h.finish()
}

/// Sorted party names, with the date and type when given, as a number.
fn names_hash(names: &[std::borrow::Cow<str>], when: Option<(crate::ingest::Date, &str)>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::ingest::fingerprint();
    for name in names {
        name.as_ref().hash(&mut h);
    }
    if let Some(when) = when {
        when.hash(&mut h);
    }
    h.finish()
}

/// The same case twice in one file's records: an error at the second.
pub(super) fn in_one_ledger(records: &[Record], findings: &mut Vec<Finding>) {
    // (file, key's number) -> the first record with the key.
    let mut seen: rustc_hash::FxHashMap<(crate::ingest::Text, u64), &Record> =
        rustc_hash::FxHashMap::default();
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

/// The cases of every ledger, keyed as the walk over the records meets them, for finding the
/// same dispute entered by two offices (a 派出所 referral also in a village ledger): same case
/// number, or the same parties within 30 days. Counts stay per ledger.
#[derive(Debug, Default)]
pub(super) struct TwoLedgers {
    /// (key's number, the record's place in the walk), for every case with a key.
    keyed: crate::ingest::Pairs,
}

impl TwoLedgers {
    /// A case with a key, at place `at` of the walk.
    pub(super) fn add(&mut self, at: u32, r: &Record) {
        if r.ledger != LedgerKind::Mediation || r.count != 1.0 {
            return;
        }
        let names = party_names(r);
        if names.len() >= 2 {
            self.keyed.push(names_hash(&names, None), at);
        }
        if let Some(no) = case_number(r) {
            self.keyed.push(number_hash(&no), at);
        }
    }

    /// The places in the walk of the cases that share a key's number with another, in order:
    /// only these are looked at again.
    /// An error: the keys kept on disk could not be read back.
    pub(super) fn shared(self) -> std::io::Result<Vec<u32>> {
        let mut at: Vec<u32> = Vec::new();
        self.keyed.sorted_shares(|keyed| {
            for run in keyed
                .chunk_by(|a, b| a.0 == b.0)
                .filter(|run| run.len() > 1)
            {
                at.extend(run.iter().map(|(_, i)| *i));
            }
        })?;
        at.sort_unstable();
        at.dedup();
        Ok(at)
    }
}

/// The warnings for `cases` (the records at the places [`TwoLedgers::shared`] gave, in walk
/// order).
pub(super) fn in_two_ledgers(cases: &[Record], findings: &mut Vec<Finding>) {
    // Key -> the positions in `cases` of its records.
    let mut positions: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in cases.iter().enumerate() {
        if let Some(p) = parties(r).filter(|p| p.contains('、')) {
            positions.entry(p).or_default().push(i);
        }
        if let Some(no) = case_number(r) {
            positions.entry(format!("案号 {no}")).or_default().push(i);
        }
    }
    // A record's other key, shared with no one, was written out with it: a list of one says
    // nothing. Each list in the order of the records.
    let by_parties: BTreeMap<String, Vec<&Record>> = positions
        .into_iter()
        .filter_map(|(key, mut at)| {
            at.sort_unstable();
            at.dedup();
            (at.len() > 1).then(|| (key, at.into_iter().map(|i| &cases[i]).collect()))
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
