//! A compound file (the container of .xls, .et and password-protected Office files) checked
//! before calamine reads it: its sector chains must end. calamine follows a chain until its end
//! marker, so a chain that loops back on itself (a damaged or crafted file) makes it copy the
//! same sectors forever until memory runs out. The check walks every chain a reader would
//! follow once, in time and memory proportional to the file.

/// Sector numbers at or above this are markers (free, end of chain, FAT and DIFAT sectors).
const MAX_REGULAR: u32 = 0xFFFF_FFFA;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const HEADER: usize = 512;
const DIRECTORY_ENTRY: usize = 128;

const DAMAGED: &str = "文件已损坏（内部结构首尾相接，读不完），无法读取";

/// Why the file cannot be read safely (a Chinese sentence), or nothing when its chains end.
/// What is not checked here (a short file, a bad signature) is left to calamine's own errors.
pub(super) fn inspect(bytes: &[u8]) -> Result<(), String> {
    let Some(layout) = Layout::read(bytes) else {
        return Ok(());
    };
    let fat = layout.fat(bytes);
    let mut walk = Walk::new(fat.len());
    walk.chain(&fat, layout.directory_start)?;
    walk.chain(&fat, layout.mini_fat_start)?;
    let directory = layout.chain_bytes(bytes, &fat, layout.directory_start);
    // calamine finds a stream by its name whatever the entry's kind, so every entry's first
    // sector is followed (a small stream's is a mini sector: in a sound table that chain ends
    // too, every chain of a sound table does).
    for entry in directory.chunks_exact(DIRECTORY_ENTRY) {
        walk.chain(&fat, u32_at(entry, 116))?;
    }
    Ok(())
}

/// Where a compound file keeps its allocation table and directory.
struct Layout {
    sector: usize,
    directory_start: u32,
    mini_fat_start: u32,
    difat_start: u32,
}

impl Layout {
    fn read(bytes: &[u8]) -> Option<Layout> {
        if bytes.len() < HEADER || !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return None;
        }
        let shift = u16::from_le_bytes([bytes[30], bytes[31]]);
        if shift != 9 && shift != 12 {
            return None;
        }
        Some(Layout {
            sector: 1 << shift,
            directory_start: u32_at(bytes, 48),
            mini_fat_start: u32_at(bytes, 60),
            difat_start: u32_at(bytes, 68),
        })
    }

    /// The bytes of sector `id`, or nothing when it lies beyond the file.
    fn sector<'a>(&self, bytes: &'a [u8], id: u32) -> Option<&'a [u8]> {
        let start = HEADER.checked_add((id as usize).checked_mul(self.sector)?)?;
        bytes.get(start..start.checked_add(self.sector)?)
    }

    /// The allocation table: for each sector, the next one of its chain. Its sectors are listed
    /// in the header (109) and then in DIFAT sectors, each ending with the next DIFAT sector.
    fn fat(&self, bytes: &[u8]) -> Vec<u32> {
        let mut fat_sectors: Vec<u32> = (0..109).map(|i| u32_at(bytes, 76 + 4 * i)).collect();
        let per_sector = self.sector / 4;
        let mut next = self.difat_start;
        let mut seen = 0usize;
        while next <= MAX_REGULAR && seen <= bytes.len() / self.sector {
            let Some(s) = self.sector(bytes, next) else {
                break;
            };
            fat_sectors.extend((0..per_sector - 1).map(|i| u32_at(s, 4 * i)));
            next = u32_at(s, 4 * (per_sector - 1));
            seen += 1;
        }
        let mut fat = Vec::new();
        for id in fat_sectors.into_iter().filter(|id| *id <= MAX_REGULAR) {
            if let Some(s) = self.sector(bytes, id) {
                fat.extend((0..per_sector).map(|i| u32_at(s, 4 * i)));
            }
        }
        fat
    }

    /// The bytes of a chain (the directory), as far as it can be followed.
    fn chain_bytes(&self, bytes: &[u8], fat: &[u32], start: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id <= MAX_REGULAR && steps <= fat.len() {
            let Some(s) = self.sector(bytes, id) else {
                break;
            };
            out.extend_from_slice(s);
            id = fat.get(id as usize).copied().unwrap_or(END_OF_CHAIN);
            steps += 1;
        }
        out
    }
}

/// Chains walked so far: a sector met again on the chain being walked is a loop; one met on an
/// earlier chain that ended is fine (its end is known).
struct Walk {
    state: Vec<u8>,
    path: Vec<u32>,
}

const UNSEEN: u8 = 0;
const ON_PATH: u8 = 1;
const ENDS: u8 = 2;

impl Walk {
    fn new(sectors: usize) -> Walk {
        Walk {
            state: vec![UNSEEN; sectors],
            path: Vec::new(),
        }
    }

    fn chain(&mut self, fat: &[u32], start: u32) -> Result<(), String> {
        let mut id = start;
        let mut result = Ok(());
        while id <= MAX_REGULAR {
            match self.state.get(id as usize) {
                // Beyond the table: calamine stops there with an error of its own.
                None => break,
                Some(&ENDS) => break,
                Some(&ON_PATH) => {
                    result = Err(DAMAGED.to_string());
                    break;
                }
                Some(_) => {}
            }
            self.state[id as usize] = ON_PATH;
            self.path.push(id);
            id = fat[id as usize];
        }
        for id in self.path.drain(..) {
            self.state[id as usize] = ENDS;
        }
        result
    }
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .unwrap_or(END_OF_CHAIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compound file of 512-byte sectors: sector 0 the FAT, then `dir` as the directory.
    fn compound(fat: &[u32], directory_start: u32) -> Vec<u8> {
        let mut bytes = vec![0u8; HEADER];
        bytes[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        bytes[30..32].copy_from_slice(&9u16.to_le_bytes());
        bytes[48..52].copy_from_slice(&directory_start.to_le_bytes());
        bytes[60..64].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        bytes[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for i in 0..109 {
            let id: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
            bytes[76 + 4 * i..80 + 4 * i].copy_from_slice(&id.to_le_bytes());
        }
        let mut table = vec![0xFFu8; 512];
        for (i, next) in fat.iter().enumerate() {
            table[4 * i..4 * i + 4].copy_from_slice(&next.to_le_bytes());
        }
        bytes.extend(table);
        bytes.extend(vec![0u8; 512 * (fat.len() - 1)]);
        bytes
    }

    #[test]
    fn a_chain_that_ends_is_read_and_one_that_loops_is_damaged() {
        // Sector 0 is the FAT itself (0xFFFFFFFD); the directory runs 1 -> 2 -> end.
        let good = compound(&[0xFFFF_FFFD, 2, END_OF_CHAIN], 1);
        assert_eq!(inspect(&good), Ok(()));
        // The directory runs 1 -> 2 -> 1 -> ...
        let looping = compound(&[0xFFFF_FFFD, 2, 1], 1);
        assert_eq!(inspect(&looping), Err(DAMAGED.to_string()));
        // A stream whose chain loops back on itself, named in the directory (sector 1).
        let mut stream = compound(&[0xFFFF_FFFD, END_OF_CHAIN, 3, 2], 1);
        let entry = HEADER + 512;
        stream[entry + 116..entry + 120].copy_from_slice(&2u32.to_le_bytes());
        assert_eq!(inspect(&stream), Err(DAMAGED.to_string()));
    }

    #[test]
    fn what_is_not_a_compound_file_is_left_to_the_reader() {
        assert_eq!(inspect(b"PK\x03\x04"), Ok(()));
        assert_eq!(inspect(&[0xD0, 0xCF, 0x11, 0xE0]), Ok(()));
    }
}
