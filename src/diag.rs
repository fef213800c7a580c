//! Findings: what any stage has to tell the clerk, with the place it concerns and what to do.
//!
//! Ingest, reconcile and template problems are all [`Finding`]s, collected rather than thrown so
//! that one run shows every problem. `Display` gives the Chinese sentence a clerk reads.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The report is not written until this is fixed.
    Error,
    /// The report is written; the clerk is told.
    Warning,
}

/// One problem, placed as precisely as it can be.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Path relative to the inputs folder (or the template/styles path as given).
    pub file: String,
    pub sheet: Option<String>,
    /// Row as Excel shows it (1-based), or the template line.
    pub row: Option<u32>,
    /// Column letter as Excel shows it ("C"), or a header name.
    pub column: Option<String>,
    pub message: String,
    /// What the clerk should do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The file could not be read at all (exit code 2 rather than 1).
    #[serde(skip)]
    pub unreadable: bool,
}

impl Finding {
    pub fn error(file: impl AsRef<str>, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Error,
            file: file.as_ref().to_string(),
            sheet: None,
            row: None,
            column: None,
            message: message.into(),
            hint: None,
            unreadable: false,
        }
    }

    pub fn warning(file: impl AsRef<str>, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(file, message)
        }
    }

    pub fn sheet(mut self, sheet: impl AsRef<str>) -> Finding {
        self.sheet = Some(sheet.as_ref().to_string());
        self
    }

    pub fn row(mut self, row: u32) -> Finding {
        self.row = Some(row);
        self
    }

    pub fn column(mut self, column: impl AsRef<str>) -> Finding {
        self.column = Some(column.as_ref().to_string());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = Some(hint.into());
        self
    }

    pub fn unreadable(mut self) -> Finding {
        self.unreadable = true;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Finding {
    /// `错误：司法所/台账.xlsx，工作表“台账”，第 12 行，C 列：……。处理办法：……`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "提醒",
        };
        let mut place = Vec::new();
        if !self.file.is_empty() {
            place.push(self.file.clone());
        }
        if let Some(sheet) = &self.sheet {
            place.push(format!("工作表“{sheet}”"));
        }
        if let Some(row) = self.row {
            place.push(format!("第 {row} 行"));
        }
        if let Some(column) = &self.column {
            place.push(format!("{column} 列"));
        }
        write!(f, "{label}：")?;
        if !place.is_empty() {
            write!(f, "{}：", place.join("，"))?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n      处理办法：{hint}")?;
        }
        Ok(())
    }
}

/// Excel's column letter for a 0-based column index (0 -> "A", 27 -> "AB").
pub fn column_letter(mut col: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.iter().rev().map(|b| char::from(*b)).collect()
}

/// The 0-based column of a letter as Excel shows it ("A" -> 0, "AB" -> 27); `None` for
/// anything else.
pub fn column_index(letters: &str) -> Option<u32> {
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let n = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1);
    Some(n - 1)
}

/// "第 3、5、9 行" for up to ten rows, then "等": the rows a finding is about.
pub fn row_list(rows: &[u32]) -> String {
    let list: Vec<String> = rows.iter().take(10).map(u32::to_string).collect();
    let more = if rows.len() > 10 { " 等" } else { "" };
    format!("第 {}{more} 行", list.join("、"))
}

/// With `GONGWEN_TIMES=1` in the environment, says on stderr how long a stage took (for the
/// benchmark's breakdown of where a district's run spends its time); silent otherwise.
pub fn stage_time(stage: &str, since: std::time::Instant) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("GONGWEN_TIMES").is_some()) {
        // The resident set now and at its peak (Linux), to see which stage holds the memory.
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let kb = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .map_or(String::new(), |v| v.trim().to_string())
        };
        eprintln!(
            "gongwen: {stage} {:.3} s (resident {}, peak {}, heap in use {} kB, {} texts in {} kB)",
            since.elapsed().as_secs_f64(),
            kb("VmRSS:"),
            kb("VmHWM:"),
            heap_in_use() / 1024,
            crate::ingest::interned().0,
            crate::ingest::interned().1 / 1024
        );
    }
}

/// The bytes malloc has handed out and not had back (glibc), 0 elsewhere.
fn heap_in_use() -> usize {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallinfo2 only reads the allocator's counters.
        unsafe { libc::mallinfo2().uordblks }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_match_excel() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(16383), "XFD");
        for c in [0, 25, 26, 27, 701, 702, 16383] {
            assert_eq!(column_index(&column_letter(c)), Some(c));
        }
        assert_eq!(column_index("a1"), None);
    }

    #[test]
    fn a_finding_names_file_sheet_row_and_column() {
        let f = Finding::error("司法所/台账.xlsx", "日期无法识别")
            .sheet("台账")
            .row(12)
            .column("B")
            .hint("请改为 2024年3月5日 这样的日期");
        let text = f.to_string();
        assert!(
            text.starts_with("错误：司法所/台账.xlsx，工作表“台账”，第 12 行，B 列：日期无法识别")
        );
        assert!(text.contains("处理办法"));
    }
}
