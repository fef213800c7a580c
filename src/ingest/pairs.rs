//! (number, place) pairs, one or two for each of a district's millions of rows (a row's
//! signature and its file, for finding copies; a case's key and its place, for finding a case
//! two ledgers share), most of them on disk, and read back sorted a share of the numbers at a
//! time: every pair of one number is in the same share, so what is found of equal numbers in
//! one share is all there is, and memory holds one share.

use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// How many pairs are held, and at most sorted at once (6 MB).
const HELD: usize = 1 << 19;

/// The bytes of one pair on disk.
const PAIR: usize = 12;

#[derive(Debug)]
pub struct Pairs {
    held: Vec<(u64, u32)>,
    file: Option<std::fs::File>,
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

    fn write_held(&mut self) -> std::io::Result<()> {
        if self.file.is_none() {
            self.file = Some(tempfile::tempfile()?);
        }
        let Some(file) = self.file.as_mut() else {
            return Ok(());
        };
        file.seek(SeekFrom::Start((self.written * PAIR) as u64))?;
        let mut out = BufWriter::new(file);
        for (number, place) in &self.held {
            out.write_all(&number.to_le_bytes())?;
            out.write_all(&place.to_le_bytes())?;
        }
        out.flush()?;
        self.written += self.held.len();
        self.held = Vec::new();
        Ok(())
    }

    /// Calls `each` with every share of the pairs, sorted: all pairs of a number are in one
    /// share. An error: the pairs on disk could not be read back.
    pub fn sorted_shares(mut self, mut each: impl FnMut(&[(u64, u32)])) -> std::io::Result<()> {
        if self.written == 0 {
            self.held.sort_unstable();
            each(&self.held);
            return Ok(());
        }
        self.write_held()?;
        let shares = self.written.div_ceil(self.budget) as u64;
        let Some(mut file) = self.file.take() else {
            return Ok(());
        };
        for share in 0..shares {
            file.seek(SeekFrom::Start(0))?;
            let mut read = BufReader::with_capacity(1 << 16, &mut file);
            let mut part: Vec<(u64, u32)> = Vec::new();
            let mut pair = [0u8; PAIR];
            for _ in 0..self.written {
                read.read_exact(&mut pair)?;
                let (n, p) = pair.split_at(8);
                let number = u64::from_le_bytes(n.try_into().unwrap_or_default());
                if number % shares == share {
                    let place = u32::from_le_bytes(p.try_into().unwrap_or_default());
                    part.push((number, place));
                }
            }
            part.sort_unstable();
            each(&part);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every number with its places, as the shares give them.
    fn runs(pairs: Pairs) -> Vec<(u64, Vec<u32>)> {
        let mut out = Vec::new();
        pairs
            .sorted_shares(|share| {
                assert!(share.is_sorted());
                for run in share.chunk_by(|a, b| a.0 == b.0) {
                    out.push((run[0].0, run.iter().map(|p| p.1).collect()));
                }
            })
            .unwrap();
        out.sort();
        out
    }

    #[test]
    fn pairs_on_disk_come_back_with_every_place_of_a_number_together() {
        let (mut held, mut spilled) = (Pairs::with_budget(usize::MAX), Pairs::with_budget(7));
        for i in 0..1000u32 {
            let number = u64::from(i % 97).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            held.push(number, i);
            spilled.push(number, i);
        }
        assert!(spilled.written > 0);
        assert_eq!(spilled.len(), 1000);
        let (a, b) = (runs(held), runs(spilled));
        assert_eq!(a.len(), 97);
        assert_eq!(a, b);
        assert_eq!(a.iter().map(|(_, p)| p.len()).sum::<usize>(), 1000);
    }
}
