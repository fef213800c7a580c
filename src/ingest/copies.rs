//! Each ledger once: the same workbook twice in the folder ("… - 副本.xlsx", "…(1).xlsx", or two
//! files sharing most of their rows) is an error naming both files, and its rows count once.

use super::pairs::Pairs;
use super::reading::Outcome;
use super::{Ingested, Record};
use crate::diag::Finding;
use std::collections::BTreeMap;
use std::ops::Range;

/// What one file added to [`Ingested`].
#[derive(Debug, Clone)]
pub(super) struct FileSpan {
    pub rel: String,
    pub records: Range<usize>,
    /// Its run in [`Ingested::records`].
    pub run: usize,
    pub declared: Range<usize>,
    pub findings: Range<usize>,
    /// A hash of the file's bytes.
    pub hash: u64,
    /// How many different rows it has (its [`signatures`], each once).
    pub rows: usize,
}

/// A row shared by more files than this says nothing about copies (a month's line of a
/// standard statistics form).
const COMMON_ROW: usize = 20;

/// Two files are one ledger when this share of the larger file's rows is in both.
const SHARED_SHARE: f64 = 0.8;

/// Words Windows, WPS and browsers add to a copy's name.
fn looks_like_a_copy(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    ["副本", "复件", "备份", "copy"]
        .iter()
        .any(|w| stem.to_lowercase().contains(w))
        || regex_copy_number().is_match(stem)
}

fn regex_copy_number() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| crate::text::compile(r"[(（]\d{1,2}[)）]\s*$"))
}

/// A row's content as one number: equal rows, equal signatures (a 64-bit hash: two different
/// rows agreeing by chance is not a concern at a district's million rows).
fn signature(r: &Record) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    r.ledger.hash(&mut h);
    r.date.hash(&mut h);
    r.fields.hash(&mut h);
    r.count.to_bits().hash(&mut h);
    h.finish()
}

/// The rows of one file as numbers (see `signature`), sorted, each once: worked out where the
/// file is read, in parallel with the others.
pub(super) fn signatures(records: &[Record]) -> Vec<u64> {
    let mut rows: Vec<u64> = records.iter().map(signature).collect();
    rows.sort_unstable();
    rows.dedup();
    rows
}

/// Finds copies among the files read, keeps one of each (the one with more rows, else the one
/// not named like a copy, else the first), drops the others' records and totals, and says so.
/// `rows` holds each file's signatures with its place in `spans`.
pub(super) fn drop_copies(out: &mut Ingested, spans: &[FileSpan], rows: Pairs) {
    let Ok(shared) = shared_rows(spans, rows) else {
        // Copies cannot be told without every row: the run stops rather than count one twice.
        out.records.mark_lost();
        return;
    };
    let dropped = choose_copies(spans, shared);
    let mut said = Vec::new();
    for (&drop, (keep, why)) in &dropped {
        let (kept, copy) = (&spans[*keep].rel, &spans[drop].rel);
        said.push(
            Finding::error(
                copy,
                format!("与“{kept}”是同一本台账（{why}），只按“{kept}”统计一次"),
            )
            .hint("请把多余的一份移出 inputs 文件夹；如果两份都要用，请合并成一份再放回"),
        );
        for r in out.readings.iter_mut().filter(|r| &r.file == copy) {
            r.outcome = Outcome::NotRead;
            r.records = 0;
            r.how = format!("与“{kept}”重复（同一本台账的两份），不重复计入");
        }
    }
    // The copy's own findings go with it: they would only repeat the kept file's.
    let findings: Vec<Range<usize>> = dropped.keys().map(|d| spans[*d].findings.clone()).collect();
    remove(&mut out.findings, &findings);
    for d in dropped.keys() {
        out.records.drop_run(spans[*d].run);
    }
    let declared: Vec<Range<usize>> = dropped.keys().map(|d| spans[*d].declared.clone()).collect();
    remove(&mut out.declared, &declared);
    out.findings.extend(said);
}

/// How many rows each pair of files (a, b), a < b, has in common; byte-identical files with
/// rows share all of them.
fn shared_rows(
    spans: &[FileSpan],
    rows: Pairs,
) -> std::io::Result<BTreeMap<(usize, usize), usize>> {
    // Every (row, file), sorted: the files a row is in are one run.
    let mut shared: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    rows.sorted_shares(|all| {
        for files in all
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|f| f.len() > 1 && f.len() <= COMMON_ROW)
        {
            for (k, &(_, a)) in files.iter().enumerate() {
                for &(_, b) in &files[k + 1..] {
                    *shared.entry((a as usize, b as usize)).or_default() += 1;
                }
            }
        }
    })?;
    for (a, spa) in spans.iter().enumerate() {
        for (b, spb) in spans.iter().enumerate().skip(a + 1) {
            if spa.hash == spb.hash && !spa.records.is_empty() && !spb.records.is_empty() {
                shared.entry((a, b)).or_insert(spa.rows.min(spb.rows));
            }
        }
    }
    Ok(shared)
}

/// The files that copy another: dropped file -> (kept file, why they are one ledger).
fn choose_copies(
    spans: &[FileSpan],
    shared: BTreeMap<(usize, usize), usize>,
) -> BTreeMap<usize, (usize, String)> {
    let mut dropped: BTreeMap<usize, (usize, String)> = BTreeMap::new();
    for ((a, b), n) in shared {
        let (sa, sb) = (&spans[a], &spans[b]);
        let identical = sa.hash == sb.hash;
        let larger = sa.rows.max(sb.rows);
        if !identical && (n < 3 || (n as f64) < SHARED_SHARE * larger as f64) {
            continue;
        }
        if dropped.contains_key(&a) || dropped.contains_key(&b) {
            continue;
        }
        let keep_a = match sa.rows.cmp(&sb.rows) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => !looks_like_a_copy(&sa.rel) || looks_like_a_copy(&sb.rel),
        };
        let (keep, drop) = if keep_a { (a, b) } else { (b, a) };
        let why = if identical {
            "两个文件内容完全相同".to_string()
        } else {
            format!("它的 {} 行中有 {n} 行与那个文件完全相同", spans[drop].rows)
        };
        dropped.insert(drop, (keep, why));
    }
    dropped
}

/// Removes the items at the given index ranges, keeping the order of the rest.
fn remove<T>(items: &mut Vec<T>, ranges: &[Range<usize>]) {
    if ranges.is_empty() {
        return;
    }
    let mut i = 0;
    items.retain(|_| {
        i += 1;
        !ranges.iter().any(|r| r.contains(&(i - 1)))
    });
}

#[cfg(test)]
mod tests {
    use super::looks_like_a_copy;

    #[test]
    fn names_windows_and_wps_give_copies() {
        for name in [
            "司法所/台账 - 副本.xlsx",
            "台账(1).xlsx",
            "台账（2）.xls",
            "台账 - Copy.xlsx",
            "台账的副本.xlsx",
        ] {
            assert!(looks_like_a_copy(name), "{name}");
        }
        for name in ["2024年台账.xlsx", "第(一)季度.xlsx", "调解台账.xlsx"] {
            assert!(!looks_like_a_copy(name), "{name}");
        }
    }
}
