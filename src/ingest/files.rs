//! Which files under the inputs folder are read. Nothing is lost quietly on the way in: a folder
//! that cannot be opened, a link that leads nowhere, a path too long for the system, a file that
//! is not a regular file, each becomes a finding naming it. Links are followed once: a folder
//! reached again by its real path (a link loop, or a link to a folder already read) is not read
//! again, and a file reached twice is read once.

use crate::diag::Finding;
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
