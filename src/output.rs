//! Putting the report and its checklist in place: together or not at all. Each is written to
//! a temporary file created new in the output folder (a random name, exclusive creation, so a
//! link planted there is never followed), flushed to disk, then renamed over its target; the
//! files they replace are kept aside until both are in place, and put back if the second
//! cannot be placed. One build at a time writes to a folder (a lock file held while writing).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tempfile::{NamedTempFile, TempPath};

/// Why the files could not be put in place: which one, and the system's reason.
#[derive(Debug)]
pub struct WriteError {
    pub file: PathBuf,
    pub error: std::io::Error,
}

/// The output folder held for one build.
pub struct Lock {
    _file: File,
}

/// Holds the output folder for this build, waiting up to `wait` for another build to finish.
/// The folder itself is locked (on Windows, a lock file in it), so nothing is left behind.
pub fn lock(out: &Path, wait: Duration) -> Result<Lock, WriteError> {
    std::fs::create_dir_all(out).map_err(|error| WriteError {
        file: out.to_path_buf(),
        error,
    })?;
    let file = open_lock(out).map_err(|error| WriteError {
        file: out.to_path_buf(),
        error,
    })?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Lock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(WriteError {
                    file: out.to_path_buf(),
                    error: std::io::Error::new(
                        std::io::ErrorKind::WouldBlock,
                        "另一个 gongwen 正在写这个文件夹",
                    ),
                })
            }
            Err(std::fs::TryLockError::Error(error)) => {
                return Err(WriteError {
                    file: out.to_path_buf(),
                    error,
                })
            }
        }
    }
}

#[cfg(unix)]
fn open_lock(out: &Path) -> std::io::Result<File> {
    File::open(out)
}

#[cfg(not(unix))]
fn open_lock(out: &Path) -> std::io::Result<File> {
    let path = out.join(".gongwen.lock");
    if path.symlink_metadata().is_ok_and(|m| m.is_symlink()) {
        return Err(std::io::Error::other("链接"));
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

/// What goes into a file: its bytes, or a writer that writes them into the file made for it
/// (a district's checklist goes to disk as it is packed, never held whole in memory).
pub enum Content<'a> {
    Bytes(&'a [u8]),
    Written(Writer<'a>),
}

/// Writes a file's content into the temporary file made for it.
pub type Writer<'a> = Box<dyn FnOnce(&mut File) -> std::io::Result<()> + 'a>;

/// A temporary file, created new beside `target`, holding `content` on disk.
fn staged(target: &Path, content: Content) -> std::io::Result<TempPath> {
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".gongwen-").suffix(".tmp");
    // Readable like any file the clerk saves (the system's umask applies), not owner-only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    match content {
        Content::Bytes(bytes) => tmp.write_all(bytes)?,
        Content::Written(write) => write(tmp.as_file_mut())?,
    }
    tmp.as_file().sync_all()?;
    Ok(tmp.into_temp_path())
}

/// A fresh name beside `target` to keep the file it replaces under.
fn aside(target: &Path) -> std::io::Result<TempPath> {
    let dir = target.parent().unwrap_or(Path::new("."));
    Ok(NamedTempFile::with_prefix_in(".gongwen-old-", dir)?.into_temp_path())
}

/// Puts every (target, bytes) in place, or none: on any failure the targets are as they were.
pub fn write_all(files: &[(&Path, &[u8])]) -> Result<(), WriteError> {
    put_all(
        files
            .iter()
            .map(|(target, bytes)| (*target, Content::Bytes(bytes)))
            .collect(),
    )
}

/// Puts every (target, content) in place, or none: on any failure the targets are as they were.
pub fn put_all(files: Vec<(&Path, Content)>) -> Result<(), WriteError> {
    let fail = |file: &Path| {
        let file = file.to_path_buf();
        move |error| WriteError { file, error }
    };
    let targets: Vec<&Path> = files.iter().map(|(target, _)| *target).collect();
    let mut temps = Vec::new();
    for (target, content) in files {
        temps.push(staged(target, content).map_err(fail(target))?);
    }
    // The files being replaced, moved aside (so they can be put back).
    let mut kept: Vec<Option<TempPath>> = Vec::new();
    for target in &targets {
        let old = match target.symlink_metadata() {
            Ok(_) => {
                let spare = aside(target).map_err(fail(target))?;
                if let Err(e) = std::fs::rename(target, &spare) {
                    restore(&targets, kept, 0);
                    return Err(fail(target)(e));
                }
                Some(spare)
            }
            Err(_) => None,
        };
        kept.push(old);
    }
    for (i, (target, tmp)) in targets.iter().zip(&temps).enumerate() {
        if let Err(e) = std::fs::rename(tmp, target) {
            restore(&targets, kept, i);
            return Err(fail(target)(e));
        }
    }
    // Both in place: the old files go (their TempPaths delete them when dropped).
    drop(kept);
    Ok(())
}

/// Puts the kept files back: the first `placed` targets hold new files, which are removed. A
/// kept file that cannot be put back stays where it is, never deleted.
fn restore(targets: &[&Path], kept: Vec<Option<TempPath>>, placed: usize) {
    for (i, (target, old)) in targets.iter().zip(kept).enumerate() {
        if i < placed {
            let _ = std::fs::remove_file(target);
        }
        if let Some(old) = old {
            if std::fs::rename(&old, target).is_err() {
                let _ = old.keep();
            }
        }
    }
}

/// The longest report file name, in characters: a Chinese title of that length with ".docx"
/// stays under the 255 bytes (ext4) and 255 characters (NTFS) a name may have.
const NAME_CHARS: usize = 80;

/// A title made safe as a file name on Windows and Linux: no character Windows forbids, no name
/// Windows reserves, no trailing dot or space, at most 80 characters (the full title stays in the
/// document).
pub fn file_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(NAME_CHARS)
        .collect();
    let name = name.trim().trim_matches(['.', ' ']).to_string();
    let stem = name
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str())
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.ends_with(|c: char| c.is_ascii_digit()));
    if name.is_empty() {
        "报告".to_string()
    } else if reserved {
        format!("报告_{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_and_safe_everywhere() {
        let long = "关于".repeat(150);
        let name = file_name(&long);
        assert_eq!(name.chars().count(), NAME_CHARS);
        assert!(format!("{name}.docx").len() <= 255);
        assert_eq!(file_name("a/b:c*?\"<>|"), "a_b_c______");
        assert_eq!(file_name("CON"), "报告_CON");
        assert_eq!(file_name("com1.txt"), "报告_com1.txt");
        assert_eq!(file_name(" . "), "报告");
        assert_eq!(file_name("2024年报告."), "2024年报告");
    }

    #[test]
    fn the_second_file_failing_puts_the_first_back() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.docx");
        let b = dir.path().join("b.xlsx");
        std::fs::write(&a, "old a").unwrap();
        // A folder where the second file goes: it cannot be replaced.
        std::fs::create_dir(&b).unwrap();
        std::fs::write(b.join("x"), "x").unwrap();
        let err = write_all(&[(&a, b"new a"), (&b, b"new b")]).unwrap_err();
        assert_eq!(err.file, b);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_link_at_a_target_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("ledger.xlsx");
        std::fs::write(&victim, "ledger").unwrap();
        let target = dir.path().join("report.docx");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&victim, &target).unwrap();
        write_all(&[(&target, b"report")]).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "ledger");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "report");
    }
}
