//! The empty ledgers of a new year: a title row, a header of column names the vocabulary
//! recognises, dropdown lists where the report counts by value, the header frozen and the
//! columns sized.

use crate::ingest::LedgerKind;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

/// The outcomes offered for 调解结果: the vocabulary reads the first as resolved, the second as
/// not (a unit test holds it to that).
pub(super) const OUTCOMES: [&str; 2] = ["已化解", "未化解"];

/// The rows a dropdown covers: every row under the header.
const LAST_ROW: u32 = 1_048_575;
/// Rows 0 (title) and 1 (header); the rows of the ledger start at 2.
const HEADER_ROW: u32 = 1;

/// The values the dropdowns offer, from the vocabulary and last year's ledgers.
#[derive(Debug, Default, Clone)]
pub(super) struct Lists {
    /// 案件来源: the referral channels (法院, 派出所, …).
    pub channels: Vec<String>,
    /// 会议类型: the kinds the vocabulary knows, then those last year's ledgers used.
    pub meeting_kinds: Vec<String>,
    /// 纠纷类型, 公开类别, 公开渠道 as last year's ledgers wrote them, most used first.
    pub dispute_kinds: Vec<String>,
    pub categories: Vec<String>,
    pub outlets: Vec<String>,
}

/// What a cell of a column holds.
#[derive(Debug, Clone)]
enum Cell {
    Text,
    Date,
    /// A whole number, 0 or more.
    Count,
    /// One of the values; `strict`: only these (else another value is allowed after a warning).
    List {
        values: Vec<String>,
        strict: bool,
    },
}

#[derive(Debug, Clone)]
struct Column {
    name: &'static str,
    width: f64,
    cell: Cell,
}

fn col(name: &'static str, width: f64, cell: Cell) -> Column {
    Column { name, width, cell }
}

fn open_list(values: &[String]) -> Cell {
    if values.is_empty() {
        Cell::Text
    } else {
        Cell::List {
            values: values.to_vec(),
            strict: false,
        }
    }
}

/// One sheet of a new ledger.
#[derive(Debug, Clone)]
pub(super) struct Sheet {
    pub kind: LedgerKind,
    /// A village committee's own register: no 案件来源 (every case is 村调委会's).
    pub village: bool,
}

/// The column names of a sheet, in order (for the 填表说明 and the tests).
pub(super) fn header(sheet: &Sheet, lists: &Lists) -> Vec<&'static str> {
    columns(sheet, lists).iter().map(|c| c.name).collect()
}

fn columns(sheet: &Sheet, lists: &Lists) -> Vec<Column> {
    match sheet.kind {
        LedgerKind::Mediation => {
            let mut cols = vec![
                col("序号", 6.0, Cell::Count),
                col(
                    if sheet.village {
                        "调解日期"
                    } else {
                        "受理日期"
                    },
                    16.0,
                    Cell::Date,
                ),
            ];
            if !sheet.village {
                cols.push(col("案件来源", 14.0, open_list(&lists.channels)));
            }
            cols.extend([
                col("纠纷类型", 16.0, open_list(&lists.dispute_kinds)),
                col("当事人", 22.0, Cell::Text),
                col("纠纷简要情况", 40.0, Cell::Text),
                col("调解结果", 12.0, strict(&OUTCOMES)),
                col("结案日期", 16.0, Cell::Date),
                col("调解员", 16.0, Cell::Text),
            ]);
            cols
        }
        LedgerKind::Meeting => vec![
            col("序号", 6.0, Cell::Count),
            col("会议日期", 16.0, Cell::Date),
            col("会议类型", 24.0, open_list(&lists.meeting_kinds)),
            col("会议名称", 40.0, Cell::Text),
            col("主持人", 12.0, Cell::Text),
            col("参会人数", 10.0, Cell::Count),
            col("地点", 24.0, Cell::Text),
        ],
        LedgerKind::Disclosure => {
            let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
            vec![
                col("月份", 8.0, strict(&months)),
                col("公开类别", 24.0, open_list(&lists.categories)),
                col("公开渠道", 16.0, open_list(&lists.outlets)),
                col("件次", 8.0, Cell::Count),
            ]
        }
    }
}

fn strict<S: AsRef<str>>(values: &[S]) -> Cell {
    Cell::List {
        values: values.iter().map(|v| v.as_ref().to_string()).collect(),
        strict: true,
    }
}

/// The name of a sheet of this kind.
pub(super) fn sheet_name(kind: LedgerKind) -> &'static str {
    kind.description()
}

/// An empty ledger workbook: one sheet per entry of `sheets`, each with `title` in its first row.
pub(super) fn workbook(
    title: &str,
    sheets: &[Sheet],
    lists: &Lists,
    year: i32,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let when = ExcelDateTime::from_ymd(year.clamp(1900, 9999) as u16, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("gongwen")
            .set_creation_datetime(&when),
    );
    let title_format = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_background_color("#D9E1F2");
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    for sheet in sheets {
        let cols = columns(sheet, lists);
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(sheet.kind))?;
        let last = cols.len() as u16 - 1;
        ws.merge_range(0, 0, 0, last, title, &title_format)?;
        ws.set_row_height(0, 30)?;
        for (c, column) in cols.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(HEADER_ROW, c, column.name, &head)?;
            ws.set_column_width(c, column.width)?;
            match &column.cell {
                Cell::Text => {}
                Cell::Date => {
                    ws.set_column_format(c, &date)?;
                    let v = DataValidation::new()
                        .allow_any_value()
                        .set_input_title("日期")?
                        .set_input_message("写成 2025-03-05 或 2025年3月5日")?;
                    ws.add_data_validation(HEADER_ROW + 1, c, LAST_ROW, c, &v)?;
                }
                Cell::Count => {
                    let v = DataValidation::new()
                        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
                        .set_error_title("请填写数字")?
                        .set_error_message("这一栏只填数字（0 或正整数），不要写“人”“件”等字")?;
                    ws.add_data_validation(HEADER_ROW + 1, c, LAST_ROW, c, &v)?;
                }
                Cell::List { values, strict } => {
                    let values = fitting(values);
                    if !values.is_empty() {
                        let v = list_validation(column.name, &values, *strict)?;
                        ws.add_data_validation(HEADER_ROW + 1, c, LAST_ROW, c, &v)?;
                    }
                }
            }
        }
        ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    }
    book.save_to_buffer()
}

/// Excel keeps a dropdown's values in one string of at most 255 characters.
const LIST_LIMIT: usize = 255;

/// The values that fit in a dropdown, in order; a value with a comma cannot be offered.
pub(super) fn fitting(values: &[String]) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    let mut length = 0;
    for v in values {
        let n = v.chars().count();
        if v.is_empty() || v.contains(',') || kept.contains(v) {
            continue;
        }
        let more = n + usize::from(!kept.is_empty());
        if length + more > LIST_LIMIT {
            break;
        }
        length += more;
        kept.push(v.clone());
    }
    kept
}

fn list_validation(
    name: &str,
    values: &[String],
    strict: bool,
) -> Result<DataValidation, XlsxError> {
    let v = DataValidation::new()
        .allow_list_strings(values)?
        .set_error_title(format!("{name}不在下拉列表中"))?;
    Ok(if strict {
        v.set_error_message("请从下拉列表中选择")?
    } else {
        v.set_error_style(DataValidationErrorStyle::Warning)
            .set_error_message(
                "一般请从下拉列表中选择；确实不属于列表中的任何一项，可以点“是”照原样填写",
            )?
    })
}
