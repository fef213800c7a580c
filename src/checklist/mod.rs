//! The tracing workbook `out/核对清单.xlsx`, written beside every report: the findings, every
//! fact the report used (with the sentence it stands in and how many rows make it), and every
//! counted row with the facts it counts toward. Each sheet has its header frozen and an
//! autofilter, so the clerk can answer "where does 66 come from?" in Excel.

mod package;
mod sheet_xml;

use crate::diag::Severity;
use crate::facts::{in_year, Counted};
use crate::ingest::Outcome;
use crate::template::{Template, UsedFact};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use sheet_xml::SheetXml;

/// The workbook's bytes. Its properties carry the report's date, so the same inputs give the
/// same file.
pub fn workbook(
    counted: &Counted,
    used: &[UsedFact],
    template: &Template,
) -> Result<Vec<u8>, XlsxError> {
    let book = book(counted, used, template)?;
    Ok(book.save(Vec::new())?)
}

/// The workbook, every sheet's frame made, to be saved: its rows are written as it is saved
/// (a district's million counted rows go to the file as they are made, never all held).
pub fn book<'a>(
    counted: &'a Counted,
    used: &'a [UsedFact],
    template: &Template,
) -> Result<Checklist<'a>, XlsxError> {
    let mut book = Workbook::new();
    let date = template.date.map_or((2000, 1, 1), |d| {
        (d.year as u16, d.month as u8, d.day as u8)
    });
    let when = ExcelDateTime::from_ymd(date.0, date.1, date.2)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("{}·核对清单", template.title))
            .set_author("gongwen")
            .set_creation_datetime(&when),
    );
    let sheets = vec![
        problems(counted),
        readings(counted),
        facts_used(counted, used),
        counted_rows(counted, used),
    ];
    // A district's checklist is hundreds of MB of XML: the fastest deflate level packs it in
    // a third of the time for a file some 15% larger (a town's stays at the default level).
    let large = counted.ingested.records.len() > LARGE_SHEET;
    Checklist::of(book, sheets, ROWS_PER_SHEET, if large { 1 } else { 6 })
}

/// The checklist, ready to be written.
pub struct Checklist<'a> {
    frame: Vec<u8>,
    sheets: Vec<Sheet<'a>>,
    /// Per sheet, how many rows each of its worksheets holds.
    parts: Vec<Vec<usize>>,
    level: i64,
}

impl<'a> Checklist<'a> {
    /// The frame of `sheets` (names, headers, widths, filters), each sheet's rows continued on
    /// further sheets past `per` rows.
    fn of(
        mut book: Workbook,
        sheets: Vec<Sheet<'a>>,
        per: usize,
        level: i64,
    ) -> Result<Checklist<'a>, XlsxError> {
        let bold = Format::new().set_bold();
        let mut lens = Vec::with_capacity(sheets.len());
        for sheet in &sheets {
            // A sheet holds 1,048,575 rows under its header; more continue on 明细(2), 明细(3) …
            let split = parts(sheet.name, sheet.len, per);
            lens.push(split.iter().map(|(_, r)| r.len()).collect());
            for (name, rows) in split {
                let ws = book.add_worksheet().set_name(name)?;
                for (c, (h, w)) in sheet.header.iter().zip(sheet.widths).enumerate() {
                    ws.write_string_with_format(0, c as u16, *h, &bold)?;
                    ws.set_column_width(c as u16, *w)?;
                }
                ws.set_freeze_panes(1, 0)?;
                ws.autofilter(0, 0, rows.len() as u32, sheet.header.len() as u16 - 1)?;
            }
        }
        Ok(Checklist {
            frame: book.save_to_buffer()?,
            sheets,
            parts: lens,
            level,
        })
    }

    /// Writes the workbook into `out`, its rows made as they are written.
    pub fn save<W: std::io::Write + Send>(mut self, out: W) -> std::io::Result<W> {
        let rows = self
            .sheets
            .iter_mut()
            .zip(self.parts)
            .map(|(s, parts)| package::Rows {
                columns: s.header.len(),
                parts,
                next: &mut *s.row,
            })
            .collect();
        package::save(&self.frame, rows, self.level, out)
    }
}

/// The rows a sheet holds under its header (Excel's 1,048,576 less one).
const ROWS_PER_SHEET: usize = 1_048_575;
/// Past this many records the checklist is packed at the fastest level.
const LARGE_SHEET: usize = 50_000;

/// A sheet's `rows` split over as many sheets as they need (`per` rows each): 明细, 明细(2),
/// 明细(3) …; a sheet with no rows is one empty sheet.
fn parts(name: &str, rows: usize, per: usize) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out: Vec<(String, std::ops::Range<usize>)> = (0..rows)
        .step_by(per.max(1))
        .enumerate()
        .map(|(i, first)| {
            let range = first..(first + per).min(rows);
            match i {
                0 => (name.to_string(), range),
                _ => (format!("{name}({})", i + 1), range),
            }
        })
        .collect();
    if out.is_empty() {
        out.push((name.to_string(), 0..0));
    }
    out
}

/// One sheet of the workbook: its name, column headers and widths, and its rows, each made as
/// it is written (a district's million counted rows are never all held).
struct Sheet<'a> {
    name: &'static str,
    header: &'static [&'static str],
    widths: &'static [f64],
    len: usize,
    /// Writes the next row's cells (asked for `len` times).
    row: Box<dyn FnMut(&mut SheetXml) + 'a>,
}

impl<'a> Sheet<'a> {
    /// A sheet of rows made beforehand as texts (the short sheets); a text that reads as a
    /// number is written as one, so the clerk can sum them.
    fn of(
        name: &'static str,
        header: &'static [&'static str],
        widths: &'static [f64],
        rows: Vec<Vec<String>>,
    ) -> Sheet<'a> {
        let len = rows.len();
        let mut rows = rows.into_iter();
        Sheet {
            name,
            header,
            widths,
            len,
            row: Box::new(move |out: &mut SheetXml| {
                for cell in rows.next().unwrap_or_default() {
                    out.guess(&cell);
                }
            }),
        }
    }
}

/// The sheet 问题: Every finding, errors first as printed.
fn problems(counted: &Counted) -> Sheet<'static> {
    let rows: Vec<Vec<String>> = counted
        .findings
        .iter()
        .map(|f| {
            vec![
                match f.severity {
                    Severity::Error => "错误".to_string(),
                    Severity::Warning => "提醒".to_string(),
                },
                f.file.clone(),
                f.sheet.clone().unwrap_or_default(),
                f.row.map(|r| r.to_string()).unwrap_or_default(),
                f.column.clone().unwrap_or_default(),
                f.message.clone(),
                f.hint.clone().unwrap_or_default(),
            ]
        })
        .collect();
    Sheet::of(
        "问题",
        &["级别", "文件", "工作表", "行", "列", "问题", "处理办法"],
        &[6.0, 36.0, 12.0, 6.0, 5.0, 60.0, 50.0],
        rows,
    )
}

/// The sheet 读取方式: The reading summary: what became of every sheet.
fn readings(counted: &Counted) -> Sheet<'static> {
    let rows: Vec<Vec<String>> = counted
        .ingested
        .readings
        .iter()
        .map(|r| {
            vec![
                r.file.to_string(),
                r.sheet.to_string(),
                match r.outcome {
                    Outcome::Ledger => "按台账统计",
                    Outcome::Summary => "汇总表，只核对",
                    Outcome::NotRead => "未读取",
                }
                .to_string(),
                r.records.to_string(),
                r.how.to_string(),
            ]
        })
        .collect();
    Sheet::of(
        "读取方式",
        &["文件", "工作表", "读取方式", "计入行数", "说明"],
        &[36.0, 12.0, 14.0, 10.0, 100.0],
        rows,
    )
}

/// The sheet 报告数据: Every fact the report used, with its sentence and how many rows make it.
fn facts_used(counted: &Counted, used: &[UsedFact]) -> Sheet<'static> {
    let rows: Vec<Vec<String>> = used
        .iter()
        .map(|u| {
            let n = counted.facts.get(&u.name).map_or(0, |f| f.rows);
            vec![
                u.name.clone(),
                crate::template::Format::Plain.apply(u.value),
                u.text.clone(),
                u.sentence.clone(),
                u.line.to_string(),
                n.to_string(),
            ]
        })
        .collect();
    Sheet::of(
        "报告数据",
        &[
            "数据名称",
            "数值",
            "报告中写作",
            "所在段落",
            "模板行",
            "涉及台账行数",
        ],
        &[30.0, 8.0, 10.0, 80.0, 8.0, 12.0],
        rows,
    )
}

/// The sheet 明细: Every counted row of the report year, with the facts it counts toward.
fn counted_rows<'a>(counted: &'a Counted, used: &'a [UsedFact]) -> Sheet<'a> {
    // The used facts, in name order.
    let mut names: Vec<&str> = used.iter().map(|u| u.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let toward: Vec<&crate::facts::Fact> = names
        .into_iter()
        .filter_map(|name| counted.facts.get(name))
        .collect();
    let len = counted.facts.rows_in_year;
    let year = counted.year;
    let mut walk = counted.ingested.records.cursor();
    let mut facts = String::new();
    let mut joined = String::new();
    let row = move |out: &mut SheetXml| {
        let r = loop {
            match walk.next() {
                Some(r) if in_year(r, year) => break r,
                Some(_) => continue,
                None => return,
            }
        };
        let dim = |k: &str| r.dims.get(k).map(|t| t.as_str()).unwrap_or_default();
        out.text(&r.origin.file);
        out.text(&r.origin.sheet);
        match &r.origin.column {
            Some(c) => out.text(&format!("{}（{c} 列）", r.origin.row)),
            None => out.number(r.origin.row.into()),
        }
        out.text(r.ledger.name());
        match r.date {
            Some(d) => out.text(&d.to_string()),
            None => out.skip(),
        }
        out.text(dim("来源"));
        for pair in [["类型", "类别"], ["单位", "渠道"]] {
            joined.clear();
            joined.push_str(dim(pair[0]));
            joined.push_str(dim(pair[1]));
            out.text(&joined);
        }
        out.text(r.fields.get("结果").map(|t| t.as_str()).unwrap_or_default());
        out.number(shown(r.count));
        match r.attendance {
            Some(a) => out.number(shown(a)),
            None => out.skip(),
        }
        facts.clear();
        for f in toward.iter().filter(|f| f.counts(r)) {
            if !facts.is_empty() {
                facts.push('、');
            }
            facts.push_str(&f.name);
        }
        out.text(&facts);
    };
    Sheet {
        name: "明细",
        header: &[
            "文件",
            "工作表",
            "行",
            "台账",
            "日期",
            "来源",
            "类型/类别",
            "单位/渠道",
            "调解结果",
            "件数",
            "参会人数",
            "计入报告中的数据",
        ],
        widths: &[
            36.0, 10.0, 6.0, 6.0, 12.0, 10.0, 16.0, 22.0, 14.0, 6.0, 8.0, 60.0,
        ],
        len,
        row: Box::new(row),
    }
}

/// A count as the report shows it (one decimal at most), as a number.
fn shown(n: f64) -> f64 {
    if n.fract() == 0.0 {
        return n;
    }
    crate::template::Format::Plain.apply(n).parse().unwrap_or(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_beyond_a_sheet_continue_on_the_next() {
        let got: Vec<(String, usize)> = parts("明细", 7, 3)
            .into_iter()
            .map(|(n, r)| (n, r.len()))
            .collect();
        assert_eq!(
            got,
            [
                ("明细".into(), 3),
                ("明细(2)".into(), 3),
                ("明细(3)".into(), 1)
            ]
        );
        assert_eq!(parts("问题", 0, 3).len(), 1);
    }

    #[test]
    fn a_sheet_past_its_rows_goes_on_in_the_next_with_its_header_and_every_row() {
        use calamine::Reader;
        let rows: Vec<Vec<String>> = (1..=7)
            .map(|i| vec![format!("台账{i}.xlsx"), i.to_string()])
            .collect();
        let sheet = Sheet::of("明细", &["文件", "行"], &[20.0, 6.0], rows);
        let bytes = Checklist::of(Workbook::new(), vec![sheet], 3, 6)
            .unwrap()
            .save(Vec::new())
            .unwrap();
        let mut back = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(back.sheet_names(), ["明细", "明细(2)", "明细(3)"]);
        let mut files = Vec::new();
        let mut numbers = Vec::new();
        for name in back.sheet_names() {
            let range = back.worksheet_range(&name).unwrap();
            let mut rows = range.rows();
            assert_eq!(rows.next().unwrap()[0].to_string(), "文件", "{name}");
            for r in rows {
                files.push(r[0].to_string());
                numbers.push(match r[1] {
                    calamine::Data::Float(f) => Some(f),
                    _ => None,
                });
            }
        }
        let want: Vec<String> = (1..=7).map(|i| format!("台账{i}.xlsx")).collect();
        assert_eq!(files, want);
        let want: Vec<Option<f64>> = (1..=7).map(|i| Some(f64::from(i))).collect();
        assert_eq!(numbers, want, "a row number stays a number");
    }
}
