//! The reading summary: what became of every sheet of every file, in one Chinese line each.
//!
//! Every sheet ends as exactly one [`Outcome`]: read as a ledger of some kind (with its shape,
//! header rows and column map), a summary compared with the detail, or not read, with the
//! reason. `gongwen check` prints these lines, `--json` carries them and the checklist workbook
//! has them on its sheet 读取方式.

use super::grid::Grid;
use super::sheet::Header;
use super::text_map::{text, Text};
use super::vocab::LedgerKind;
use crate::diag::column_letter;
use crate::text::squash;
use serde::{Deserialize, Serialize};

/// What became of one sheet (or of a whole file that could not be opened).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetReading {
    /// (Interned, as the file, sheet and how are: a district's thousands of sheets name a few
    /// thousand files and are read in a few dozen ways, so each text is kept once.)
    pub file: Text,
    /// The sheet's name; empty for a text table or a file that could not be opened.
    pub sheet: Text,
    pub outcome: Outcome,
    /// The ledger kind (调解, 会议, 公开) when read or compared.
    pub kind: Option<&'static str>,
    /// Rows (records) counted from it.
    pub records: usize,
    /// How it was read, or why not, for the clerk.
    pub how: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Read as a ledger; its rows are counted.
    Ledger,
    /// A summary of other sheets: compared with them, not counted.
    Summary,
    /// Not read; `how` says why.
    NotRead,
}

impl SheetReading {
    pub fn not_read(file: &str, sheet: &str, why: impl Into<String>) -> SheetReading {
        SheetReading {
            file: text(file),
            sheet: text(sheet),
            outcome: Outcome::NotRead,
            kind: None,
            records: 0,
            how: text(&why.into()),
        }
    }

    pub fn ledger(
        file: &str,
        sheet: &str,
        kind: LedgerKind,
        records: usize,
        how: String,
    ) -> SheetReading {
        SheetReading {
            file: text(file),
            sheet: text(sheet),
            outcome: Outcome::Ledger,
            kind: Some(kind.name()),
            records,
            how: text(&how),
        }
    }

    /// "工作表“台账”：调解台账（登记表，…），计入 145 行" — one line of the summary.
    pub fn line(&self) -> String {
        let place = if self.sheet.is_empty() {
            "表格".to_string()
        } else {
            format!("工作表“{}”", self.sheet)
        };
        match self.outcome {
            Outcome::Ledger => format!("{place}：{}，计入 {} 行", self.how, self.records),
            Outcome::Summary => format!("{place}：{}", self.how),
            Outcome::NotRead => format!("{place}：未读取，{}", self.how),
        }
    }
}

/// "登记表，表头第 3–4 行：日期=B“受理日期”、来源=C“案件来源”" for a register or count table.
pub(super) fn describe_header(kind: LedgerKind, header: &Header) -> String {
    let shape = if super::meeting::is_sign_in(header) {
        "签到名单（一行一人）"
    } else if header.count_column().is_some() {
        "计数表（按数字栏相加）"
    } else {
        "登记表（一行一件）"
    };
    let mut columns: Vec<(u32, String)> = header
        .columns
        .iter()
        .map(|(field, (c, label))| (*c, format!("{field}={}“{label}”", column_letter(*c))))
        .collect();
    for (field, subs) in &header.ticks {
        if let Some((c, _)) = subs.first() {
            let names: Vec<&str> = subs.iter().map(|(_, n)| n.as_str()).collect();
            columns.push((*c, format!("{field}=勾选栏（{}）", names.join("/"))));
        }
    }
    columns.sort();
    let list: Vec<String> = columns.into_iter().map(|(_, s)| s).collect();
    format!(
        "{}，{shape}，{}：{}",
        kind.description(),
        rows_text(header.first_row, header.last_row),
        list.join("、")
    )
}

/// "表头第 3 行" or "表头第 3–4 行" (rows 0-based in, as Excel shows them out).
pub(super) fn rows_text(first: u32, last: u32) -> String {
    if first == last {
        format!("表头第 {} 行", first + 1)
    } else {
        format!("表头第 {}–{} 行", first + 1, last + 1)
    }
}

/// Words that name a ledger in a sheet name, file name or title.
const LEDGER_WORDS: &[&str] = &[
    "台账", "台帐", "登记", "记录", "簿", "明细", "调解", "纠纷", "会议", "学法", "学习", "公开",
    "统计", "清单", "日志",
];

/// Why a sheet that no reader took is not a ledger, or, when it looks like one (a table with a
/// column of dates, ledger words in its names or first rows, or a 序号 column over many rows),
/// `Err` with what makes it look like one: that is an error for the clerk to settle.
pub(super) fn unread_sheet(grid: &Grid, sheet: &str, file: &str) -> Result<String, String> {
    let rows = grid.rows();
    let table_rows: Vec<u32> = rows
        .iter()
        .copied()
        .filter(|r| grid.row(*r).filter(|(_, c)| !c.is_empty()).count() >= 3)
        .collect();
    if grid.is_empty() {
        return Ok("空白工作表".to_string());
    }
    if table_rows.len() < 3 {
        return Ok("只有文字，没有表格".to_string());
    }
    let mut signs = Vec::new();
    if let Some(c) = date_column(grid, &table_rows) {
        signs.push(format!("{} 列是日期", column_letter(c)));
    }
    let first_rows: String = rows
        .iter()
        .take(3)
        .flat_map(|r| grid.row(*r).map(|(_, c)| squash(&c.as_text())))
        .collect();
    let names = format!("{file} {sheet} {first_rows}");
    if let Some(w) = LEDGER_WORDS.iter().find(|w| names.contains(*w)) {
        signs.push(format!("名称或标题中有“{w}”"));
    }
    let serial = rows.iter().take(30).any(|r| {
        grid.row(*r).any(|(_, c)| {
            matches!(
                squash(&c.as_text()).as_str(),
                "序号" | "编号" | "No." | "NO."
            )
        })
    });
    if serial && table_rows.len() >= 5 {
        signs.push(format!("有“序号”一栏、{} 行", table_rows.len()));
    }
    if signs.is_empty() {
        Ok("不像台账（没有日期栏、序号栏，名称中也没有台账字样）".to_string())
    } else {
        Err(signs.join("，"))
    }
}

/// A column where at least three cells, and most of its filled cells, are dates.
fn date_column(grid: &Grid, rows: &[u32]) -> Option<u32> {
    (0..grid.width()).find(|&c| {
        let filled: Vec<_> = rows
            .iter()
            .map(|r| grid.get(*r, c))
            .filter(|cell| !cell.is_empty())
            .collect();
        let dates = filled
            .iter()
            .filter(|cell| super::cell::parse_date(cell, 2000, grid.is_1904).is_some())
            .count();
        dates >= 3 && dates * 2 > filled.len()
    })
}
