//! A zip package before any part of it is inflated: what it is (a workbook, an OpenDocument
//! spreadsheet, a Word document…) and whether the parts a reader would inflate stay within a
//! size a ledger has. Its sizes are those the package declares; a package that lies about them
//! is stopped by the reader's memory limit (`worker`).

use std::io::Cursor;

/// The most one part may inflate to, and all the parts read together.
const MAX_PART: u64 = 1024 * 1024 * 1024;
const MAX_READ: u64 = 1536 * 1024 * 1024;

/// What a zip package holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Package {
    /// An Excel or WPS workbook (xlsx, xlsm, xlsb, et saved as xlsx).
    Workbook,
    /// An OpenDocument spreadsheet (its `mimetype` says so).
    OpenDocument,
}

/// The package's kind, or why it is not read (a Chinese sentence).
pub(super) fn inspect(bytes: &[u8]) -> Result<Package, String> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "文件已损坏（不是完整的 xlsx 压缩包），无法读取".to_string())?;
    let entries: Vec<(String, u64)> = (0..zip.len())
        .filter_map(|i| zip.by_index_data(i).ok())
        .map(|e| {
            (
                e.name().map(|n| n.into_owned()).unwrap_or_default(),
                e.size(),
            )
        })
        .collect();
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    let has = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    let kind = if has("xl/") {
        Package::Workbook
    } else if names.contains(&"mimetype") && has("content.xml") && !has("word/") {
        Package::OpenDocument
    } else if has("word/") {
        return Err("这是 Word 文档，不是电子表格".to_string());
    } else if has("ppt/") {
        return Err("这是 PowerPoint 演示文稿，不是电子表格".to_string());
    } else {
        return Err("这是一个压缩包，里面没有电子表格".to_string());
    };
    // Only the parts a reader inflates count: a stray part is never read.
    let read = |name: &str| match kind {
        Package::Workbook => name.starts_with("xl/"),
        Package::OpenDocument => name == "content.xml" || name == "styles.xml",
    };
    let mut total = 0u64;
    for (_, size) in entries.iter().filter(|(n, _)| read(n)) {
        total = total.saturating_add(*size);
        if *size > MAX_PART || total > MAX_READ {
            return Err(format!(
                "文件解压后过大（{} MB 以上），不像一本台账，可能已损坏，没有读取",
                total.max(*size) / (1024 * 1024)
            ));
        }
    }
    Ok(kind)
}
