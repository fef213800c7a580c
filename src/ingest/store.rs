//! The records of a run, kept in file order, most of them on disk: a district's millions of
//! rows would otherwise all be held at once, and every stage after ingest reads them front to
//! back, a file at a time. A file's records are one [`Run`]; the runs past a budget are written
//! to one temporary file (unnamed, removed by the system when gongwen exits) in the form they
//! travel in from the reader processes (`wire`), and read back a run at a time.

use super::{wire, Record, Text};
use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom, Write};

/// How many records are held in memory before the held runs go to disk (some 4 MB): a town's
/// year never gets there. A district's run spills every ten workbooks or so; holding 100,000
/// cost 20 MB more at its peak and was no faster.
const HELD: usize = 10_000;

/// Every record read, in file order, a file's records together.
#[derive(Debug)]
pub struct Records {
    runs: Vec<Run>,
    len: usize,
    held: usize,
    budget: usize,
    spill: Option<std::fs::File>,
    /// Where the next run written goes.
    end: u64,
    /// A run written could not be read back (the disk failed): what was read is incomplete.
    lost: std::cell::Cell<bool>,
}

#[derive(Debug)]
struct Run {
    /// The file its records came from (the first record's).
    file: Option<Text>,
    len: usize,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Held(Vec<Record>),
    /// Written at `at`, `bytes` long.
    Spilled {
        at: u64,
        bytes: u64,
    },
}

impl Default for Records {
    fn default() -> Records {
        Records::with_budget(held_budget())
    }
}

/// The budget, `GONGWEN_HELD_RECORDS` when set (the tests put every run on disk with 0).
fn held_budget() -> usize {
    std::env::var("GONGWEN_HELD_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(HELD)
}

impl Records {
    /// An empty list that holds at most `budget` records in memory.
    pub fn with_budget(budget: usize) -> Records {
        Records {
            runs: Vec::new(),
            len: 0,
            held: 0,
            budget,
            spill: None,
            end: 0,
            lost: std::cell::Cell::new(false),
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Makes room for `files` more runs at once (one a file read): a district's list of runs,
    /// doubled as it filled, left its outgrown copies as holes in the heap.
    pub fn reserve_runs(&mut self, files: usize) {
        self.runs.reserve_exact(files);
    }

    /// Adds one file's records as a run; returns its number.
    pub fn push_run(&mut self, records: Vec<Record>) -> usize {
        self.len += records.len();
        self.held += records.len();
        self.runs.push(Run {
            file: records.first().map(|r| r.origin.file),
            len: records.len(),
            body: Body::Held(records),
        });
        if self.held > self.budget {
            self.spill_held();
        }
        self.runs.len() - 1
    }

    /// Adds the records of one file as the readers send them (`wire::encode` of the list, the
    /// form runs are kept in on disk): written to disk as they are, never decoded and encoded
    /// again here. Where they cannot be written they are decoded and held; where they cannot
    /// be decoded either, the records are [`Records::lost`].
    pub fn push_encoded(&mut self, file: Text, len: usize, bytes: &[u8]) -> usize {
        if self.spill.is_none() {
            self.spill = tempfile::tempfile().ok();
        }
        let end = self.end;
        let written = self
            .spill
            .as_mut()
            .is_some_and(|f| f.seek(SeekFrom::Start(end)).is_ok() && f.write_all(bytes).is_ok());
        if !written {
            let records: Vec<Record> = wire::decode(bytes).unwrap_or_else(|_| {
                self.lost.set(true);
                Vec::new()
            });
            return self.push_run(records);
        }
        self.len += len;
        self.runs.push(Run {
            file: (len > 0).then_some(file),
            len,
            body: Body::Spilled {
                at: end,
                bytes: bytes.len() as u64,
            },
        });
        self.end += bytes.len() as u64;
        self.runs.len() - 1
    }

    /// Writes every held run to disk. A run that cannot be written stays held (nothing is
    /// lost; only memory is spent).
    fn spill_held(&mut self) {
        if self.spill.is_none() {
            self.spill = tempfile::tempfile().ok();
        }
        let Some(file) = self.spill.as_mut() else {
            return;
        };
        for run in &mut self.runs {
            let Body::Held(records) = &run.body else {
                continue;
            };
            if records.is_empty() {
                continue;
            }
            let Ok(bytes) = wire::encode(records) else {
                continue;
            };
            if file.seek(SeekFrom::Start(self.end)).is_err() || file.write_all(&bytes).is_err() {
                continue;
            }
            self.held -= records.len();
            run.body = Body::Spilled {
                at: self.end,
                bytes: bytes.len() as u64,
            };
            self.end += bytes.len() as u64;
        }
        give_back_freed();
    }

    /// The runs in order, each a file's records (read back from disk when they were written
    /// there). A run that cannot be read back is left out and [`Records::lost`] says so.
    pub fn runs(&self) -> impl Iterator<Item = Cow<'_, [Record]>> + '_ {
        self.runs
            .iter()
            .filter(|r| r.len > 0)
            .filter_map(|run| match &run.body {
                Body::Held(records) => Some(Cow::Borrowed(records.as_slice())),
                Body::Spilled { at, bytes } => match self.read_back(*at, *bytes) {
                    Some(records) => Some(Cow::Owned(records)),
                    None => {
                        self.lost.set(true);
                        None
                    }
                },
            })
    }

    /// The records read from `file` (read back from disk when they were written there).
    pub fn of_file(&self, file: Text) -> Vec<Record> {
        let mut out = Vec::new();
        for run in self
            .runs
            .iter()
            .filter(|r| r.file == Some(file) && r.len > 0)
        {
            match &run.body {
                Body::Held(records) => out.extend(records.iter().cloned()),
                Body::Spilled { at, bytes } => match self.read_back(*at, *bytes) {
                    Some(records) => out.extend(records),
                    None => self.lost.set(true),
                },
            }
        }
        out
    }

    fn read_back(&self, at: u64, bytes: u64) -> Option<Vec<Record>> {
        let mut file = self.spill.as_ref()?;
        file.seek(SeekFrom::Start(at)).ok()?;
        let mut buf = vec![0u8; usize::try_from(bytes).ok()?];
        file.read_exact(&mut buf).ok()?;
        wire::decode(&buf).ok()
    }

    /// Says the records are incomplete (what a later stage kept on disk could not be read).
    pub fn mark_lost(&self) {
        self.lost.set(true);
    }

    /// Whether a run could not be read back from disk: the figures would miss its rows.
    pub fn lost(&self) -> bool {
        self.lost.get()
    }

    /// Every record, in order, one at a time ([`Cursor::next`]).
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            runs: Box::new(self.runs()),
            run: Cow::Borrowed(&[]),
            at: 0,
        }
    }

    /// Drops a whole run (a file found to be a copy of another).
    pub fn drop_run(&mut self, run: usize) {
        if let Some(r) = self.runs.get_mut(run) {
            if let Body::Held(records) = &r.body {
                self.held -= records.len();
            }
            self.len -= r.len;
            r.len = 0;
            r.body = Body::Held(Vec::new());
        }
    }

    /// Keeps only the records of `file` that `keep` accepts (the runs of other files are not
    /// read).
    pub fn retain_in_file(&mut self, file: Text, keep: impl Fn(&Record) -> bool) {
        for i in 0..self.runs.len() {
            if self.runs[i].file != Some(file) || self.runs[i].len == 0 {
                continue;
            }
            let records = match &self.runs[i].body {
                Body::Held(_) => None,
                Body::Spilled { at, bytes } => match self.read_back(*at, *bytes) {
                    Some(records) => Some(records),
                    None => {
                        self.lost.set(true);
                        continue;
                    }
                },
            };
            let run = &mut self.runs[i];
            if let Some(records) = records {
                run.body = Body::Held(records);
                self.held += run.len;
            }
            if let Body::Held(records) = &mut run.body {
                records.retain(&keep);
                let gone = run.len - records.len();
                run.len = records.len();
                self.len -= gone;
                self.held -= gone;
            }
        }
        if self.held > self.budget {
            self.spill_held();
        }
    }
}

/// A walk over every record (see [`Records::cursor`]): a run is read back when the walk
/// reaches it.
pub struct Cursor<'a> {
    runs: Box<dyn Iterator<Item = Cow<'a, [Record]>> + 'a>,
    run: Cow<'a, [Record]>,
    at: usize,
}

impl Cursor<'_> {
    /// The next record, or `None` at the end.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<&Record> {
        while self.at >= self.run.len() {
            self.run = self.runs.next()?;
            self.at = 0;
        }
        self.at += 1;
        self.run.get(self.at - 1)
    }
}

/// Hands the pages the spilled runs held back to the system (glibc keeps freed pages, and
/// the small texts each workbook leaves between them would keep a district's run growing).
pub(super) fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{text, LedgerKind, Origin, TextMap};

    fn record(file: &str, row: u32) -> Record {
        Record {
            ledger: LedgerKind::Mediation,
            origin: Origin {
                file: text(file),
                sheet: text("Sheet1"),
                row,
                column: None,
            },
            date: None,
            end_date: None,
            dims: [("来源", "法院")].into_iter().collect(),
            count: 1.0,
            resolved: Some(1.0),
            attendance: None,
            fields: TextMap::new(),
            missing: Default::default(),
            case: Default::default(),
            loose: Default::default(),
        }
    }

    fn file(name: &str, rows: u32) -> Vec<Record> {
        (2..2 + rows).map(|r| record(name, r)).collect()
    }

    fn all(records: &Records) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        let mut c = records.cursor();
        while let Some(r) = c.next() {
            out.push((r.origin.file.to_string(), r.origin.row));
        }
        out
    }

    #[test]
    fn records_sent_encoded_read_back_as_those_pushed_held() {
        let (mut held, mut sent) = (Records::with_budget(usize::MAX), Records::with_budget(0));
        for (name, rows) in [("a.xlsx", 3), ("b.xlsx", 0), ("c.xlsx", 5)] {
            held.push_run(file(name, rows));
            let bytes = wire::encode(&file(name, rows)).unwrap();
            let run = sent.push_encoded(text(name), rows as usize, &bytes);
            assert_eq!(run, sent.runs.len() - 1);
        }
        assert_eq!(sent.len(), 8);
        assert_eq!(all(&held), all(&sent));
        assert_eq!(sent.of_file(text("c.xlsx")), held.of_file(text("c.xlsx")));
        sent.retain_in_file(text("c.xlsx"), |r| r.origin.row != 3);
        held.retain_in_file(text("c.xlsx"), |r| r.origin.row != 3);
        assert_eq!(sent.len(), 7);
        assert_eq!(all(&held), all(&sent));
        assert!(!sent.lost());
    }

    #[test]
    fn records_on_disk_read_back_in_order_the_same() {
        let mut held = Records::with_budget(usize::MAX);
        let mut spilled = Records::with_budget(0);
        for (name, rows) in [("a.xlsx", 3), ("b.xlsx", 0), ("c.xlsx", 5)] {
            held.push_run(file(name, rows));
            spilled.push_run(file(name, rows));
        }
        assert!(spilled
            .runs
            .iter()
            .all(|r| !matches!(r.body, Body::Held(ref v) if !v.is_empty())));
        assert_eq!(spilled.len(), 8);
        assert_eq!(all(&held), all(&spilled));
        assert_eq!(all(&spilled)[3], ("c.xlsx".to_string(), 2));
        let back: Vec<Record> = spilled.runs().flat_map(|r| r.into_owned()).collect();
        let kept: Vec<Record> = held.runs().flat_map(|r| r.into_owned()).collect();
        assert_eq!(back, kept);
        assert!(!spilled.lost());
    }

    #[test]
    fn a_run_dropped_or_thinned_on_disk_as_in_memory() {
        for budget in [0, usize::MAX] {
            let mut records = Records::with_budget(budget);
            let a = records.push_run(file("a.xlsx", 4));
            records.push_run(file("b.xlsx", 4));
            records.push_run(file("c.xlsx", 4));
            records.drop_run(a);
            records.retain_in_file(text("c.xlsx"), |r| r.origin.row % 2 == 0);
            assert_eq!(records.len(), 6, "budget {budget}");
            let rows = all(&records);
            assert_eq!(rows.len(), 6);
            assert!(rows.iter().all(|(f, _)| f != "a.xlsx"));
            assert_eq!(
                rows.iter()
                    .filter(|(f, _)| f == "c.xlsx")
                    .map(|(_, r)| *r)
                    .collect::<Vec<_>>(),
                [2, 4]
            );
        }
    }

    #[test]
    fn a_run_that_cannot_be_read_back_is_told_never_skipped_quietly() {
        let mut records = Records::with_budget(0);
        records.push_run(file("a.xlsx", 3));
        records.push_run(file("b.xlsx", 3));
        assert!(!records.lost());
        // The disk loses what was written.
        records.spill.as_ref().unwrap().set_len(10).unwrap();
        let read: usize = records.runs().map(|r| r.len()).sum();
        assert!(read < 6);
        assert!(records.lost());
        let ingested = crate::ingest::Ingested {
            records,
            ..Default::default()
        };
        let failure = crate::pipeline::unlost(&ingested).unwrap_err();
        assert_eq!(failure.code, 2);
        assert!(failure.findings[0].message.contains("临时文件读回失败"));
    }
}
