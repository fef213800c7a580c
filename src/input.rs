//! Reading a file the clerk gave: only a regular file (never a pipe, device or socket, which
//! could block or stream forever), and never more than a limit no ledger, template or settings
//! file reaches.

use std::io::{Error, ErrorKind, Read};
use std::path::Path;

/// The largest workbook gongwen reads: no town or district ledger comes near it.
pub const MAX_LEDGER_BYTES: u64 = 200 * 1024 * 1024;
/// The largest template, styles or settings file.
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// Not a regular file (a named pipe, a device, a socket).
    NotRegular,
    /// Larger than the limit (its size in bytes, as far as it was read).
    TooLarge(u64),
    Io(Error),
}

/// The bytes of the regular file at `path` (links followed), at most `limit` of them.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    let meta = std::fs::metadata(path).map_err(Refused::Io)?;
    if !meta.is_file() {
        return Err(Refused::NotRegular);
    }
    if meta.len() > limit {
        return Err(Refused::TooLarge(meta.len()));
    }
    let file = open_no_block(path).map_err(Refused::Io)?;
    // The size can lie (a file that grows, a special file that says 0): read one byte past it.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens for reading without waiting on a pipe that was put in the file's place meanwhile.
#[cfg(unix)]
fn open_no_block(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(Error::new(ErrorKind::InvalidInput, "不是普通文件"));
    }
    Ok(file)
}

#[cfg(not(unix))]
fn open_no_block(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotRegular => write!(f, "不是普通文件（是管道、设备或套接字）"),
            Refused::TooLarge(n) => write!(f, "文件太大（{} MB 以上）", n / (1024 * 1024)),
            Refused::Io(e) => write!(f, "{e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.csv");
        std::fs::write(&f, "日期,来源\n").unwrap();
        assert_eq!(read_regular(&f, 100).unwrap().len(), "日期,来源\n".len());
        assert!(matches!(read_regular(&f, 3), Err(Refused::TooLarge(_))));
        assert!(matches!(
            read_regular(dir.path(), 100),
            Err(Refused::NotRegular)
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 100),
            Err(Refused::NotRegular)
        ));
    }
}
