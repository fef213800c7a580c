//! A list written to disk as it grows and read back once, in order: what the main process
//! gathers of every workbook while the readers run (its reading lines, totals, tabulation
//! summary), so that a district's thousands of files cost no memory while the readers' memory
//! is in use too. Items travel in `wire` messages, a batch a message, each after its length.
//! Where the disk cannot be written the items stay held (memory is spent, nothing is lost);
//! where what was written cannot be read back, [`OnDisk::drain`] says so.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::io::{BufReader, Read, Seek, SeekFrom, Write};

pub(super) struct OnDisk<T> {
    held: Vec<T>,
    /// Items held before they are written as a batch.
    batch: usize,
    file: Option<std::fs::File>,
    batches: usize,
    /// The disk could not be written: every later item is held.
    held_only: bool,
}

impl<T: Serialize + DeserializeOwned> OnDisk<T> {
    /// An empty list that writes its items `batch` at a time (never, for 0).
    pub(super) fn new(batch: usize) -> OnDisk<T> {
        OnDisk {
            held: Vec::new(),
            batch,
            file: None,
            batches: 0,
            held_only: batch == 0,
        }
    }

    pub(super) fn push(&mut self, item: T) {
        self.held.push(item);
        if !self.held_only && self.held.len() >= self.batch {
            self.write_held();
        }
    }

    fn write_held(&mut self) {
        if self.file.is_none() {
            self.file = tempfile::tempfile().ok();
        }
        let written = match (&mut self.file, super::wire::encode(&self.held)) {
            (Some(file), Ok(bytes)) => file
                .write_all(&(bytes.len() as u64).to_le_bytes())
                .and_then(|()| file.write_all(&bytes))
                .is_ok(),
            _ => false,
        };
        if written {
            self.batches += 1;
            self.held.clear();
            self.held.shrink_to(self.batch);
        } else {
            // A batch cut short stays on disk unread: the batches counted before it are whole.
            self.held_only = true;
        }
    }

    /// Hands every item to `take`, in the order pushed. `Err` when a batch written could not
    /// be read back (every item read before it was handed on).
    pub(super) fn drain(self, take: &mut dyn FnMut(T)) -> std::io::Result<()> {
        if self.batches > 0 {
            let mut file = self
                .file
                .ok_or_else(|| std::io::Error::other("temporary file gone"))?;
            let size = file.seek(SeekFrom::End(0))?;
            file.seek(SeekFrom::Start(0))?;
            let mut file = BufReader::new(file);
            let mut bytes = Vec::new();
            for _ in 0..self.batches {
                let mut len = [0u8; 8];
                file.read_exact(&mut len)?;
                // A length the disk garbled is no reason to ask for memory it never held.
                let len = u64::from_le_bytes(len).min(size);
                bytes.resize(usize::try_from(len).unwrap_or(0), 0);
                file.read_exact(&mut bytes)?;
                let items: Vec<T> = super::wire::decode(&bytes).map_err(std::io::Error::other)?;
                items.into_iter().for_each(&mut *take);
            }
        }
        self.held.into_iter().for_each(take);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{text, Text};

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Line {
        #[serde(with = "crate::ingest::wire::one")]
        file: Text,
        rows: Vec<u32>,
    }

    fn lines(n: u32) -> Vec<Line> {
        (0..n)
            .map(|i| Line {
                file: text(&format!("乡镇{}/台账.xlsx", i % 7)),
                rows: (0..i % 5).collect(),
            })
            .collect()
    }

    fn drained(list: OnDisk<Line>) -> Vec<Line> {
        let mut out = Vec::new();
        assert!(list.drain(&mut |l| out.push(l)).is_ok());
        out
    }

    #[test]
    fn items_come_back_in_the_order_pushed_from_disk_or_held() {
        for batch in [0, 1, 3, 64, 1000] {
            let mut list = OnDisk::new(batch);
            lines(200).into_iter().for_each(|l| list.push(l));
            if batch > 0 && batch <= 200 {
                assert_eq!(list.batches, 200 / batch, "batch {batch}");
                assert!(list.held.len() < batch);
            } else {
                assert_eq!(list.batches, 0);
            }
            assert_eq!(drained(list), lines(200), "batch {batch}");
        }
    }

    #[test]
    fn a_batch_that_cannot_be_read_back_is_said() {
        let mut list = OnDisk::new(2);
        lines(5).into_iter().for_each(|l| list.push(l));
        // The disk lost what was written.
        if let Some(f) = &list.file {
            assert!(f.set_len(10).is_ok());
        }
        let mut got = 0;
        assert!(list.drain(&mut |_| got += 1).is_err());
        assert!(got < 5);
    }

    #[test]
    fn a_garbled_length_is_said_without_a_huge_allocation() {
        use std::io::{Seek, SeekFrom, Write};
        let mut list = OnDisk::new(2);
        lines(5).into_iter().for_each(|l| list.push(l));
        if let Some(f) = &mut list.file {
            assert!(f.seek(SeekFrom::Start(0)).is_ok());
            assert!(f.write_all(&u64::MAX.to_le_bytes()).is_ok());
        }
        assert!(list.drain(&mut |_| ()).is_err());
    }
}
