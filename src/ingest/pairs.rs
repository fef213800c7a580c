//! (number, place) pairs, one or two for each of a district's millions of rows (a row's
//! signature and its file, for finding copies; a case's key and its place, for finding a case
//! two ledgers share), most of them on disk, and read back in number order a share at a time:
//! every pair of one number is in the same share, so what is found of equal numbers in one
//! share is all there is.
//!
//! Held pairs are sorted and written as one run when the budget is reached; reading back merges
//! the runs, a small buffer each, so memory holds the budget while pairs come and a few buffers
//! while they are read back, however many there are.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};

/// How many pairs are held, and at most sorted at once (8 MB).
const HELD: usize = 1 << 19;

/// The bytes of one pair on disk.
const PAIR: usize = 12;

/// How many pairs of a run are read at a time, and the least a share holds.
const CHUNK: usize = 1 << 12;

#[derive(Debug)]
pub struct Pairs {
    held: Vec<(u64, u32)>,
    file: Option<std::fs::File>,
    /// Where each sorted run on disk starts and how many pairs it has.
    runs: Vec<(u64, usize)>,
    written: usize,
    budget: usize,
}

impl Default for Pairs {
    fn default() -> Pairs {
        Pairs::with_budget(HELD)
    }
}

impl Pairs {
    /// Holds at most `budget` pairs (at least one) in memory.
    pub fn with_budget(budget: usize) -> Pairs {
        Pairs {
            held: Vec::new(),
            file: None,
            runs: Vec::new(),
            written: 0,
            budget: budget.max(1),
        }
    }

    pub fn len(&self) -> usize {
        self.written + self.held.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn push(&mut self, number: u64, place: u32) {
        self.held.push((number, place));
        if self.held.len() >= self.budget {
            // Not written (no temporary file, a full disk): they stay held; only memory is spent.
            let _ = self.write_held();
        }
    }

    /// Writes the held pairs, sorted, as one run (the list is kept for the next ones).
    fn write_held(&mut self) -> std::io::Result<()> {
        if self.held.is_empty() {
            return Ok(());
        }
        if self.file.is_none() {
            self.file = Some(tempfile::tempfile()?);
        }
        let Some(file) = self.file.as_mut() else {
            return Ok(());
        };
        self.held.sort_unstable();
        let start = (self.written * PAIR) as u64;
        file.seek(SeekFrom::Start(start))?;
        let mut out = BufWriter::new(file);
        for (number, place) in &self.held {
            out.write_all(&number.to_le_bytes())?;
            out.write_all(&place.to_le_bytes())?;
        }
        out.flush()?;
        self.runs.push((start, self.held.len()));
        self.written += self.held.len();
        self.held.clear();
        Ok(())
    }

    /// Calls `each` with every share of the pairs, in number order, each share sorted: all
    /// pairs of a number are in one share. An error: the pairs on disk could not be read back.
    pub fn sorted_shares(mut self, mut each: impl FnMut(&[(u64, u32)])) -> std::io::Result<()> {
        if self.written == 0 {
            self.held.sort_unstable();
            each(&self.held);
            return Ok(());
        }
        self.write_held()?;
        self.held = Vec::new();
        let Some(mut file) = self.file.take() else {
            return Ok(());
        };
        let mut runs: Vec<Run> = self
            .runs
            .iter()
            .map(|&(at, left)| Run {
                at,
                left,
                buf: Vec::new(),
                next: 0,
            })
            .collect();
        // The smallest pair of each run not yet taken, with its run.
        let mut heads = BinaryHeap::new();
        for (i, run) in runs.iter_mut().enumerate() {
            if let Some(p) = run.take(&mut file)? {
                heads.push(Reverse((p, i)));
            }
        }
        let mut share: Vec<(u64, u32)> = Vec::with_capacity(CHUNK);
        while let Some(Reverse((pair, i))) = heads.pop() {
            if share.len() >= CHUNK && share.last().is_some_and(|last| last.0 != pair.0) {
                each(&share);
                share.clear();
            }
            share.push(pair);
            if let Some(p) = runs[i].take(&mut file)? {
                heads.push(Reverse((p, i)));
            }
        }
        each(&share);
        Ok(())
    }
}

/// A sorted run on disk being read back, a chunk at a time.
struct Run {
    /// Where its next unread pair is in the file, and how many are left there.
    at: u64,
    left: usize,
    buf: Vec<(u64, u32)>,
    next: usize,
}

impl Run {
    /// Its next pair, if any.
    fn take(&mut self, file: &mut std::fs::File) -> std::io::Result<Option<(u64, u32)>> {
        if self.next == self.buf.len() {
            if self.left == 0 {
                return Ok(None);
            }
            let n = self.left.min(CHUNK);
            let mut bytes = vec![0u8; n * PAIR];
            file.seek(SeekFrom::Start(self.at))?;
            file.read_exact(&mut bytes)?;
            self.buf.clear();
            self.buf.extend(bytes.chunks_exact(PAIR).map(|pair| {
                let (n, p) = pair.split_at(8);
                (
                    u64::from_le_bytes(n.try_into().unwrap_or_default()),
                    u32::from_le_bytes(p.try_into().unwrap_or_default()),
                )
            }));
            self.at += (n * PAIR) as u64;
            self.left -= n;
            self.next = 0;
        }
        let pair = self.buf.get(self.next).copied();
        self.next += 1;
        Ok(pair)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every number with its places, as the shares give them.
    fn runs(pairs: Pairs) -> Vec<(u64, Vec<u32>)> {
        let mut out: Vec<(u64, Vec<u32>)> = Vec::new();
        pairs
            .sorted_shares(|share| {
                assert!(share.is_sorted());
                // Shares come in number order, a number never split between two.
                if let (Some(last), Some(first)) = (out.last(), share.first()) {
                    assert!(last.0 < first.0);
                }
                for run in share.chunk_by(|a, b| a.0 == b.0) {
                    out.push((run[0].0, run.iter().map(|p| p.1).collect()));
                }
            })
            .unwrap();
        assert!(out.is_sorted());
        out
    }

    /// `n` pairs of `distinct` numbers (spread by a multiplicative hash), places 0, 1, 2, ….
    fn filled(budget: usize, n: u32, distinct: u32) -> Pairs {
        let mut pairs = Pairs::with_budget(budget);
        for i in 0..n {
            pairs.push(
                u64::from(i % distinct).wrapping_mul(0x9e37_79b9_7f4a_7c15),
                i,
            );
        }
        pairs
    }

    #[test]
    fn pairs_on_disk_come_back_with_every_place_of_a_number_together() {
        let (held, spilled) = (filled(usize::MAX, 1000, 97), filled(7, 1000, 97));
        assert!(spilled.written > 0);
        assert_eq!(spilled.len(), 1000);
        let (a, b) = (runs(held), runs(spilled));
        assert_eq!(a.len(), 97);
        assert_eq!(a, b);
        assert_eq!(a.iter().map(|(_, p)| p.len()).sum::<usize>(), 1000);
    }

    /// Many runs, read back in many shares: still every pair once, a number in one share.
    #[test]
    fn many_runs_merge_into_shares_that_never_split_a_number() {
        let (held, spilled) = (filled(usize::MAX, 50_000, 3001), filled(977, 50_000, 3001));
        let count = |pairs: Pairs| {
            let (mut n, mut shares) = (0, 0);
            pairs
                .sorted_shares(|share| {
                    shares += 1;
                    n += share.len();
                })
                .unwrap();
            (n, shares)
        };
        let (n, shares) = count(filled(977, 50_000, 3001));
        assert_eq!(n, 50_000);
        assert!(shares > 5, "{shares} shares");
        let (a, b) = (runs(held), runs(spilled));
        assert_eq!(a.len(), 3001);
        assert_eq!(a, b);
    }
}
