//! Which files under the inputs folder are read. Nothing is lost quietly on the way in: a folder
//! that cannot be opened, a link that leads nowhere, a path too long for the system, a file that
//! is not a regular file, each becomes a finding naming it. Links are followed once: a folder
//! reached again by its real path (a link loop, or a link to a folder already read) is not read
//! again, and a file reached twice is read once.

use super::{text, Text};
use crate::diag::Finding;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Spreadsheet and text-table file names gongwen reads.
pub(super) const EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xls", "xlsb", "ods", "et", "ett", "csv", "tsv", "txt",
];

/// The files to read, in name order, and what could not be looked into.
#[derive(Debug, Default)]
pub(super) struct Found {
    pub files: Vec<PathBuf>,
    pub findings: Vec<Finding>,
}

/// Walks `dir`, leaving out the files and folders in `skip` (the template, gongwen's own output
/// folder wherever it is).
pub(super) fn collect(dir: &Path, skip: &[PathBuf]) -> Found {
    let mut walk = Walk {
        root: dir.to_path_buf(),
        skip: skip.iter().filter_map(|p| p.canonicalize().ok()).collect(),
        seen_dirs: BTreeSet::new(),
        seen_files: BTreeSet::new(),
        found: Found::default(),
    };
    walk.folder(dir);
    walk.found.files.sort();
    walk.found
}

/// The files found, in reading order, each kept as its name relative to the inputs folder (an
/// interned text the records and the checklist share): a district's thousands of paths are
/// not held twice while they are read. The full path is made again when a file is opened; a
/// name that does not lead back to its file that way (not UTF-8, outside the folder) keeps
/// its path.
#[derive(Debug, Default)]
pub(super) struct Listed {
    dir: PathBuf,
    rels: Vec<Text>,
    /// (index, path) of the files whose name does not lead back to them, in index order.
    kept_paths: Vec<(usize, PathBuf)>,
}

impl Listed {
    /// `files` under `dir`, named with `/` between folders.
    pub fn of(dir: &Path, files: Vec<PathBuf>) -> Listed {
        let mut listed = Listed {
            dir: dir.to_path_buf(),
            rels: Vec::with_capacity(files.len()),
            kept_paths: Vec::new(),
        };
        for (i, path) in files.into_iter().enumerate() {
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            listed.rels.push(text(&rel));
            if dir.join(&rel) != path {
                listed.kept_paths.push((i, path));
            }
        }
        listed
    }

    pub fn len(&self) -> usize {
        self.rels.len()
    }

    /// File `i`'s name relative to the inputs folder.
    pub fn rel(&self, i: usize) -> Option<Text> {
        self.rels.get(i).copied()
    }

    /// File `i`'s path, to open it.
    pub fn path(&self, i: usize) -> Option<Cow<'_, Path>> {
        let rel = self.rels.get(i)?;
        Some(
            match self.kept_paths.binary_search_by_key(&i, |(at, _)| *at) {
                Ok(k) => Cow::Borrowed(self.kept_paths[k].1.as_path()),
                Err(_) => Cow::Owned(self.dir.join(rel.as_str())),
            },
        )
    }
}

/// Lock files, system files and hidden files are never ledgers.
pub(super) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$")
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

fn has_ledger_extension(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    EXTENSIONS.contains(&ext.as_str())
}

struct Walk {
    root: PathBuf,
    skip: Vec<PathBuf>,
    seen_dirs: BTreeSet<PathBuf>,
    seen_files: BTreeSet<PathBuf>,
    found: Found,
}

impl Walk {
    fn rel(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    fn problem(&mut self, path: &Path, what: &str, e: &std::io::Error) {
        let too_long = e.kind() == ErrorKind::InvalidFilename || e.raw_os_error() == Some(36);
        let (message, hint) = if too_long {
            (
                format!("{what}的路径太长，系统无法打开，其中的台账没有读取"),
                "请把文件夹或文件的名称改短，或少建几层文件夹",
            )
        } else if e.kind() == ErrorKind::PermissionDenied {
            (
                format!("{what}没有读取权限，其中的台账没有读取"),
                "请在文件夹属性中允许当前用户读取，或把台账复制到可以读取的文件夹",
            )
        } else {
            (
                format!("{what}无法打开（{e}），其中的台账没有读取"),
                "请确认它没有被其他程序占用，且有读取权限",
            )
        };
        let rel = self.rel(path);
        self.found
            .findings
            .push(Finding::error(rel, message).hint(hint).unreadable());
    }

    fn folder(&mut self, dir: &Path) {
        let real = match dir.canonicalize() {
            Ok(real) => real,
            Err(e) => return self.problem(dir, "文件夹", &e),
        };
        if self.skip.contains(&real) || !self.seen_dirs.insert(real) {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return self.problem(dir, "文件夹", &e),
        };
        let mut paths = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => paths.push(entry.path()),
                Err(e) => self.problem(dir, "文件夹中的一项", &e),
            }
        }
        paths.sort();
        for path in paths {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !is_ignored(&name) {
                self.entry(&path);
            }
        }
    }

    fn entry(&mut self, path: &Path) {
        let is_link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
        // metadata() follows links.
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) if is_link && e.kind() == ErrorKind::NotFound => {
                let rel = self.rel(path);
                self.found.findings.push(
                    Finding::error(
                        rel,
                        "这是一个链接（快捷方式），但它指向的文件或文件夹不存在",
                    )
                    .hint("请把它指向的台账本身放进 inputs 文件夹，或删除这个链接"),
                );
                return;
            }
            Err(e) => return self.problem(path, if is_link { "链接" } else { "文件" }, &e),
        };
        if meta.is_dir() {
            self.folder(path);
        } else if has_ledger_extension(path) {
            if !meta.is_file() {
                let rel = self.rel(path);
                self.found.findings.push(
                    Finding::warning(rel, "这不是普通文件（是管道、设备或套接字），未读取")
                        .hint("请放入台账文件本身"),
                );
                return;
            }
            let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
            if !self.skip.contains(&real) && self.seen_files.insert(real) {
                self.found.files.push(path.to_path_buf());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_listed_is_found_again_by_its_path_and_named_from_the_inputs() {
        let dir = Path::new("/年度/inputs");
        let files = vec![
            dir.join("司法所").join("调解台账.xlsx"),
            dir.join("会议记录.csv"),
            // Reached through a link that leaves the folder: named by its whole path.
            PathBuf::from("/别处/政务公开.xlsx"),
        ];
        let listed = Listed::of(dir, files.clone());
        assert_eq!(listed.len(), 3);
        let rels: Vec<&str> = (0..3)
            .filter_map(|i| listed.rel(i))
            .map(|t| t.as_str())
            .collect();
        assert_eq!(
            rels,
            [
                "司法所/调解台账.xlsx",
                "会议记录.csv",
                "/别处/政务公开.xlsx"
            ]
        );
        for (i, path) in files.iter().enumerate() {
            assert_eq!(listed.path(i).as_deref(), Some(path.as_path()));
        }
        assert!(listed.path(3).is_none() && listed.rel(3).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_keeps_its_path_to_be_opened_by() {
        use std::os::unix::ffi::OsStrExt;
        let dir = Path::new("/inputs");
        let odd = dir.join(std::ffi::OsStr::from_bytes(b"\xb5\xf7\xbd\xe2.csv"));
        let plain = dir.join("b.csv");
        let listed = Listed::of(dir, vec![odd.clone(), plain.clone()]);
        assert_eq!(listed.path(0).as_deref(), Some(odd.as_path()));
        assert_eq!(listed.path(1).as_deref(), Some(plain.as_path()));
        // Named as the system shows it, the bytes it cannot spell replaced.
        assert_eq!(
            listed.rel(0).map(|t| t.as_str()),
            Some("\u{fffd}\u{fffd}\u{fffd}\u{fffd}.csv")
        );
    }
}
