//! Entry points for the fuzz targets in `fuzz/` (cargo-fuzz): each runs one part of ingest on
//! arbitrary input. A panic, a hang or an abort in any of them is a bug; none returns anything.

use super::cell::{parse_attendance, parse_count, parse_date, parse_number, Cell};
use super::grid::{Grid, Merge, SheetGrid};
use super::vocab::Vocabulary;
use super::Part;

/// The cell parsers and the word readers on one text.
pub fn cells(text: &str) {
    let cell = Cell::Text(text.into());
    let _ = parse_number(&cell);
    let _ = parse_count(&cell);
    let _ = parse_attendance(&cell);
    let _ = parse_date(&cell, 2024, false);
    let _ = super::dates::day_only(&cell);
    let _ = super::attendance::attendance_in_text(text);
    let _ = super::cell::parse_date_text(text, 2024);
    let vocab = Vocabulary::default();
    let _ = vocab.resolved(text);
    let _ = vocab.canonical("来源", text);
    let _ = vocab.meeting_named(text);
    let _ = super::sheet::split_count(text);
}

/// Words ledgers are made of, for building sheets that reach header detection.
const WORDS: &[&str] = &[
    "",
    "序号",
    "受理日期",
    "登记日期",
    "案件来源",
    "纠纷类型",
    "调解结果",
    "当事人",
    "会议时间",
    "会议类型",
    "会议名称",
    "参会人数",
    "件次",
    "类别",
    "渠道",
    "月份",
    "年度",
    "合计",
    "小计",
    "法院",
    "派出所",
    "信访",
    "成功",
    "不成功",
    "专题学法",
    "党委会",
    "2024-03-05",
    "2024年3月5日",
    "3月",
    "12",
    "0",
    "第 1 页",
    "以下空白",
    "调解结果：调解成功",
    "1=法院委派",
    "代码表",
    "化解数",
    "未化解数",
    "本月矛盾纠纷总数",
    "婚姻家庭纠纷（共计：3件）",
    "应到11人实到9人",
    "项目",
];

/// Header detection and every reader above it on a sheet built from the bytes: each four bytes
/// are a row, a column, a word (or a number) and whether a merge starts there.
pub fn sheet(bytes: &[u8]) {
    let mut grid = Grid::default();
    for chunk in bytes.chunks_exact(4) {
        let (r, c) = (u32::from(chunk[0] % 40), u32::from(chunk[1] % 12));
        let w = usize::from(chunk[2]);
        let cell = match WORDS.get(w) {
            Some(word) => Cell::Text((*word).into()),
            None => Cell::Number(f64::from(chunk[2]) - 40.0),
        };
        grid.set(r, c, cell);
        if chunk[3] > 240 {
            let (down, across) = (u32::from(chunk[3] & 3), u32::from((chunk[3] >> 2) & 3));
            grid.merges.push(Merge {
                first_row: r,
                first_col: c,
                last_row: r + down,
                last_col: c + across,
            });
        }
    }
    let sheets = vec![SheetGrid {
        name: "台账".to_string(),
        hidden: false,
        grid,
    }];
    let mut out = Part::default();
    super::workbook::read_sheets_for_fuzzing(sheets, "台账.xlsx", 2024, &mut out);
}

/// A whole file from its bytes: the format sniffed, every sheet read.
pub fn file(bytes: &[u8]) {
    let mut out = Part::default();
    super::workbook::read_bytes(
        bytes.to_vec(),
        "台账.xlsx",
        2024,
        &Vocabulary::default(),
        &mut out,
    );
}
