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
    pub rel: super::Text,
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
    let mut h = super::fingerprint();
    r.ledger.hash(&mut h);
    r.date.hash(&mut h);
    r.fields.hash(&mut h);
    r.loose.hash(&mut h);
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
    let Ok(shared) = shared_rows(spans, rows, PAIRS_HELD) else {
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
        for r in out.readings.iter_mut().filter(|r| r.file == *copy) {
            r.outcome = Outcome::NotRead;
            r.records = 0;
            r.how = format!("与“{kept}”重复（同一本台账的两份），不重复计入").into();
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

/// The pairs of files (a, b), a < b, that may be one ledger, with how many rows they have in
/// common: byte-identical files with rows (sharing all of them), and files sharing enough of
/// their rows (see [`choose_copies`]).
///
/// Files sharing a row or two are many (a standard form's lines, the same meeting in two
/// towns' logs), their pairs growing as the square of the files; so each pair a row is in goes
/// on a list of its own (on disk past a small budget), whose runs count the rows each pair
/// shares, and only the pairs that share enough are kept.
fn shared_rows(
    spans: &[FileSpan],
    rows: Pairs,
    held: usize,
) -> std::io::Result<BTreeMap<(usize, usize), usize>> {
    // Every (row, file), sorted: the files a row is in are one run.
    let mut both = Pairs::with_budget(held);
    rows.sorted_shares(|all| {
        for files in all
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|f| f.len() > 1 && f.len() <= COMMON_ROW)
        {
            for (k, &(_, a)) in files.iter().enumerate() {
                for &(_, b) in &files[k + 1..] {
                    both.push(u64::from(a) << 32 | u64::from(b), 0);
                }
            }
        }
    })?;
    let mut shared: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    both.sorted_shares(|all| {
        for run in all.chunk_by(|x, y| x.0 == y.0) {
            let (a, b) = ((run[0].0 >> 32) as usize, (run[0].0 & 0xffff_ffff) as usize);
            if shares_enough(&spans[a], &spans[b], run.len()) {
                shared.insert((a, b), run.len());
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

/// How many pairs of files sharing a row are held before the rest go to disk (2 MB).
const PAIRS_HELD: usize = 1 << 17;

/// Whether two files sharing `n` rows are one ledger: at least 3 rows, and most of the larger
/// file's.
fn shares_enough(a: &FileSpan, b: &FileSpan, n: usize) -> bool {
    n >= 3 && n as f64 >= SHARED_SHARE * a.rows.max(b.rows) as f64
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
        if !identical && !shares_enough(sa, sb, n) {
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
    use super::*;

    fn span(rel: &str, rows: usize, hash: u64) -> FileSpan {
        FileSpan {
            rel: crate::ingest::text(rel),
            records: 0..rows,
            run: 0,
            declared: 0..0,
            findings: 0..0,
            hash,
            rows,
        }
    }

    /// Four files: b copies 90 of a's 100 rows, c shares 10 rows with each (a standard form's
    /// lines), d is a's bytes again. The pairs found are the same whether the pairs of files
    /// sharing a row are held or go to disk.
    #[test]
    fn files_sharing_most_rows_are_found_with_the_pairs_on_disk_or_held() {
        let spans = [
            span("a.xlsx", 100, 1),
            span("b.xlsx", 95, 2),
            span("c.xlsx", 50, 3),
            span("d.xlsx", 100, 1),
        ];
        let rows = |budget: usize| {
            let mut rows = Pairs::with_budget(budget);
            for i in 0..100u64 {
                let sig = i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
                rows.push(sig, 0);
                if i < 90 {
                    rows.push(sig, 1);
                }
                if i >= 80 {
                    rows.push(sig, 2);
                }
            }
            rows
        };
        let held = shared_rows(&spans, rows(usize::MAX), usize::MAX).unwrap();
        let spilled = shared_rows(&spans, rows(3), 2).unwrap();
        assert_eq!(held, spilled);
        // a–b share 90 of 100 rows (a copy), a–d are identical; c shares too few with anyone.
        assert_eq!(held.get(&(0, 1)), Some(&90));
        assert_eq!(held.get(&(0, 3)), Some(&100));
        assert!(!held.keys().any(|(a, b)| *a == 2 || *b == 2));
        let dropped = choose_copies(&spans, held);
        assert_eq!(dropped.keys().copied().collect::<Vec<_>>(), vec![1, 3]);
    }

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
