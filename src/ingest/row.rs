//! One data row of a register or count table -> a record: its fields as written, its date,
//! dimensions (来源, 类型, 单位, 类别, 渠道), count, outcome and attendance.

use super::attendance::{attendance_in_text, names_after_label, names_present};
use super::cell::{parse_attendance, parse_count, parse_date, Cell};
use super::date_notes::DateNotes;
use super::dates::{row_date, DateCells, DateContext, RowDate};
use super::grid::Grid;
use super::sheet::Header;
use super::vocab::Vocabulary;
use super::vocab::{LedgerKind, VILLAGE};
use super::{Origin, Record, TextMap};
use crate::diag::{column_letter, Finding};
use crate::text::squash;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// What every row of one sheet is read with.
pub(super) struct Context<'a> {
    pub(super) grid: &'a Grid,
    pub(super) header: &'a Header,
    /// The unit named in a 填报单位 line above the header.
    pub(super) unit: Option<String>,
    /// The title or file name says this is a village mediation committee's ledger.
    pub(super) village: bool,
    /// The sheet's name when it says something ("专题学法", "杨家寺村"), not "Sheet1" or "3月".
    pub(super) sheet_name: Option<String>,
    /// The report year: the year of a date whose year is written nowhere.
    pub(super) year: i32,
    /// The year and month the title, sheet name, file name or folders give.
    pub(super) dates: DateContext,
    /// Code columns: field -> code -> meaning (from the legend).
    pub(super) codes: BTreeMap<&'static str, BTreeMap<String, String>>,
    pub(super) vocab: &'a Vocabulary,
}

/// One row being read: its cells looked up by field.
struct Row<'a> {
    ctx: &'a Context<'a>,
    r: u32,
    origin: &'a Origin,
}

/// What a kind's reader says of a row: `Ok(Some(()))` a record, `Ok(None)` not one (nothing
/// to count on it), `Err` a cell that makes it unreadable.
type Kept = Result<Option<()>, Finding>;

/// What a row stands for beyond its fields.
struct Values {
    dims: TextMap,
    count: f64,
    resolved: Option<f64>,
    attendance: Option<f64>,
}

impl<'a> Row<'a> {
    fn col(&self, key: &str) -> Option<u32> {
        self.ctx.header.columns.get(key).map(|(c, _)| *c)
    }

    fn cell(&self, key: &str) -> &'a Cell {
        self.col(key)
            .map(|c| self.ctx.grid.get(self.r, c))
            .unwrap_or(&Cell::Empty)
    }

    /// The field as written; a tick-box field's value is the name of the ticked column.
    /// Borrowed from the sheet when the cell is text with nothing to trim.
    fn written(&self, key: &str) -> Cow<'a, str> {
        let ctx: &'a Context<'a> = self.ctx;
        match ctx.header.ticks.get(key) {
            Some(subs) => subs
                .iter()
                .find(|(c, _)| ctx.vocab.resolved(&ctx.grid.get(self.r, *c).text()) == Some(true))
                .map_or(Cow::Borrowed(""), |(_, name)| Cow::Borrowed(name.as_str())),
            None => {
                let t = match self.cell(key).text() {
                    Cow::Borrowed(t) => Cow::Borrowed(t.trim()),
                    Cow::Owned(t) if t.trim().len() == t.len() => Cow::Owned(t),
                    Cow::Owned(t) => Cow::Owned(t.trim().to_string()),
                };
                // A code is read as what its legend says it means.
                match ctx
                    .codes
                    .get(key)
                    .filter(|_| super::legend::is_code(&t))
                    .and_then(|m| m.get(&super::legend::code_key(&t)))
                {
                    Some(meaning) => Cow::Borrowed(meaning.as_str()),
                    None => t,
                }
            }
        }
    }

    /// The field squashed ([`squash`]).
    fn text(&self, key: &str) -> Cow<'a, str> {
        crate::text::squashed_text(self.written(key))
    }

    /// `value` in the `key` column is not a count: an error at its cell.
    fn bad_number(&self, key: &str, value: &Cell, reason: String) -> Finding {
        let c = self.col(key).unwrap_or(0);
        let label = &self.ctx.header.columns[key].1;
        let hint = if matches!(value, Cell::NoCachedValue) {
            "请用 Excel 或 WPS 打开该文件，保存一次（让公式算出结果）后再运行"
        } else {
            "请填写整数，例如 12；如果这一栏不是件数或人数，请在 inputs/gongwen.toml 中改正栏目的含义"
        };
        Finding::error(self.origin.file, format!("“{label}”一栏{reason}"))
            .sheet(self.origin.sheet)
            .row(self.origin.row)
            .column(column_letter(c))
            .hint(hint)
    }

    fn number(&self, key: &str) -> Result<Option<f64>, Finding> {
        let c = self.cell(key);
        parse_count(c).map_err(|why| self.bad_number(key, c, why))
    }

    fn canonical(&self, dim: &str, written: &str) -> String {
        self.ctx.vocab.canonical(dim, written)
    }
}

pub(super) fn read_row(
    ctx: &Context,
    r: u32,
    origin: Origin,
    (side, notes): (&mut Vec<Finding>, &mut DateNotes),
) -> Option<Result<Record, Finding>> {
    let row = Row {
        ctx,
        r,
        origin: &origin,
    };
    let (grid, year) = (ctx.grid, ctx.year);
    let fields = Written(
        ctx.header
            .columns
            .keys()
            .filter_map(|key| {
                let t = row.written(key);
                (!t.is_empty()).then_some((*key, t))
            })
            .collect(),
    );
    let read = row_date(
        &DateCells {
            date: row.cell("日期"),
            year: row.cell("年度"),
            month: row.cell("月份"),
            day: row.cell("日"),
        },
        &ctx.dates,
        year,
        grid.is_1904,
    );
    let undated_table = ["日期", "年度", "月份", "日"]
        .iter()
        .all(|k| row.col(k).is_none());
    let unsettled = matches!(read, RowDate::Unsettled(_));
    let date = if undated_table {
        context_date(&ctx.dates, year)
    } else {
        None
    };
    let context_year = ctx.dates.year.as_ref().map_or(year, |g| g.value);
    let end_date = parse_date(row.cell("结案日期"), context_year, grid.is_1904)
        .and_then(super::PackedDate::new);
    let mut v = Values {
        dims: TextMap::new(),
        count: 1.0,
        resolved: None,
        attendance: None,
    };
    let dated = date.is_some() || matches!(read, RowDate::Dated { .. }) || unsettled;
    let kept = match ctx.header.kind {
        LedgerKind::Mediation => mediation(&row, &fields, dated, &mut v),
        LedgerKind::Meeting => meeting(&row, dated, &mut v, side),
        LedgerKind::Disclosure => disclosure(&row, &fields, &mut v),
    };
    match kept {
        Ok(Some(())) => {}
        Ok(None) => {
            side.extend(blank_count(&row, &fields));
            return None;
        }
        Err(f) => return Some(Err(f)),
    }
    let date = date.or_else(|| notes.note(origin.row, &read, year));
    let missing = missing_fields(&row, &fields, date.is_some() || unsettled, &v.dims);
    let case = super::CaseText::of(fields.get("当事人"), fields.get("案号"));
    let (fields, loose) = fields.split();
    Some(Ok(Record {
        ledger: ctx.header.kind,
        origin,
        date,
        end_date,
        dims: v.dims,
        count: v.count,
        resolved: v.resolved,
        attendance: v.attendance,
        fields,
        missing,
        case,
        loose,
    }))
}

/// Fields read again after their row, before the file's reading is sent on (besides those
/// [`Fields::Traced`](super::Fields) keeps): a meeting's 主题, an attendance list's 姓名 and 状态,
/// a summary line's 栏目 and 化解率.
const READ_AGAIN: &[&str] = &["主题", "姓名", "状态", "栏目", "化解率"];

/// A row's fields as written, every one, while the row is read.
struct Written<'a>(Vec<(&'static str, Cow<'a, str>)>);

impl Written<'_> {
    fn contains_key(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| *k == key)
    }

    fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().map(|(k, _)| *k)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_ref())
    }

    /// The fields later stages read, interned (made at once: a map is one list, made anew
    /// on every insert), and the rest, [`Loose`](super::Loose).
    fn split(self) -> (TextMap, super::Loose) {
        if !super::Loose::wanted() {
            return (self.0.into_iter().collect(), super::Loose::default());
        }
        let (kept, loose): (Vec<_>, Vec<_>) = self
            .0
            .into_iter()
            .partition(|(k, _)| super::Fields::Traced.keeps(k) || READ_AGAIN.contains(k));
        (kept.into_iter().collect(), super::Loose::of(&loose))
    }
}

/// The date of a row in a table without a date column: the month (and year) its sheet, title,
/// file or folder names, the first of the month; a year other than the report year alone dates
/// it 1 January of that year (so it is not counted); else none.
fn context_date(ctx: &DateContext, year: i32) -> Option<super::cell::Date> {
    let y = ctx.year.as_ref().map(|g| g.value);
    match (y, ctx.month.as_ref().map(|g| g.value)) {
        (y, Some(m)) => super::cell::Date::new(y.unwrap_or(year), m, 1),
        (Some(y), None) if y != year => super::cell::Date::new(y, 1, 1),
        _ => None,
    }
}

/// A row that names something (a month, a category…) but leaves its count blank is not
/// counted; say so at the cell, so a forgotten figure is not a quiet gap.
fn blank_count(row: &Row, fields: &Written) -> Option<Finding> {
    let key = row.ctx.header.count_column()?;
    if !row.cell(key).is_empty() {
        return None;
    }
    if !fields.keys().any(|k| k != key) {
        return None;
    }
    let (c, label) = &row.ctx.header.columns[key];
    Some(
        Finding::warning(
            row.origin.file,
            format!("“{label}”一栏是空的，这一行没有计入（按 0 计）"),
        )
        .sheet(row.origin.sheet)
        .row(row.origin.row)
        .column(column_letter(*c))
        .hint("如果这一行有数字，请填上；没有请填 0"),
    )
}

fn mediation(row: &Row, fields: &Written, dated: bool, v: &mut Values) -> Kept {
    let unit = row.ctx.unit.as_deref();
    let unit_here = Some(row.text("单位"))
        .filter(|u| !u.is_empty())
        .or_else(|| unit.map(|u| Cow::Owned(squash(u))));
    let vocab = row.ctx.vocab;
    // The row's unit or the sheet's (填报单位, title, file name) is a village committee.
    let village = row.ctx.village
        || [unit_here.as_deref(), unit]
            .into_iter()
            .flatten()
            .any(|u| vocab.is_village_committee(u));
    let source = Some(row.text("来源"))
        .filter(|s| !s.is_empty())
        .map(|s| row.canonical("来源", &s))
        // A village committee's own case (当事人申请, 主动排查) is 村调委会's; so is a case with
        // no source written in its ledger.
        .filter(|s| !(village && vocab.is_own_case(s)))
        .or_else(|| village.then(|| VILLAGE.to_string()));
    if let Some(s) = source {
        v.dims.insert("来源", s);
    }
    if let Some(u) = unit_here {
        v.dims.insert("单位", row.canonical("单位", &u));
    }
    let kind = row.text("类型");
    if !kind.is_empty() {
        v.dims.insert("类型", row.canonical("类型", &kind));
    }
    if row.col("数量").is_some() {
        let Some(n) = row.number("数量")? else {
            return Ok(None);
        };
        v.count = n;
        v.resolved = match (row.number("化解数")?, row.number("未化解数")?) {
            (Some(done), _) => Some(done),
            (None, Some(open)) => Some(n - open),
            (None, None) => None,
        };
    } else {
        if !dated && !fields.contains_key("结果") && !fields.contains_key("类型") {
            return Ok(None);
        }
        v.resolved = row
            .ctx
            .vocab
            .resolved(&row.written("结果"))
            .map(|yes| if yes { 1.0 } else { 0.0 });
    }
    Ok(Some(()))
}

fn meeting(row: &Row, dated: bool, v: &mut Values, side: &mut Vec<Finding>) -> Kept {
    let kind = meeting_kind(row, v);
    if kind.is_empty() && !dated && row.text("主题").is_empty() {
        return Ok(None);
    }
    if !kind.is_empty() {
        v.dims.insert("类型", row.canonical("类型", &kind));
    }
    // In a register (one dated row per meeting) 次数 is the meeting's ordinal ("第12次"), not
    // a count.
    if row.col("次数").is_some() && row.col("日期").is_none() {
        match row.number("次数")? {
            Some(n) => v.count = n,
            None => return Ok(None),
        }
    }
    // A sign-in export's row is one person: present, absent, or a status that cannot be read
    // (folded into sessions by `meeting::sessions`).
    if super::meeting::is_sign_in(row.ctx.header) {
        // A cell naming several people ("张三、李四") signs them all in.
        let people = names_present(&row.written("姓名")).unwrap_or(1.0);
        // Without a status column, a blank 签到时间 says the person did not sign in.
        let signed_at = row.ctx.header.columns.get("日期");
        let blank_time = signed_at.is_some_and(|(_, label)| label.contains("签到"))
            && row.cell("日期").is_empty();
        v.attendance = match row.col("状态") {
            None if blank_time => Some(0.0),
            None => Some(people),
            Some(_) => {
                row.ctx
                    .vocab
                    .signed_in(&row.written("状态"))
                    .map(|yes| if yes { people } else { 0.0 })
            }
        };
        return Ok(Some(()));
    }
    // An unreadable attendance is reported; the meeting itself still counts.
    let present = row.cell("人数");
    v.attendance = match parse_attendance(present) {
        Some(n) if n.is_finite() && n.fract() == 0.0 => Some(n),
        None if present.is_empty() => attendance_in_words(row),
        None if names_present(&present.as_text()).is_some() => names_present(&present.as_text()),
        _ => {
            let why = parse_count(present)
                .err()
                .unwrap_or_else(|| format!("写的是“{}”，读不出人数", present.as_text()));
            side.push(row.bad_number("人数", present, why));
            None
        }
    };
    Ok(Some(()))
}

/// The kind of a meeting: its 类型 cell; else a known kind its sheet names, or its name
/// (会议名称, 主题) names, or the remark; else the sheet's name as written when it reads as a
/// meeting's (a workbook with a sheet per kind: "普法讲座", not "党政办"). A 会前学法 clause in
/// the name also counts it under 学法 = 会前学法.
fn meeting_kind(row: &Row, v: &mut Values) -> String {
    let vocab = row.ctx.vocab;
    let named = vocab.meeting_named(&row.written("主题"));
    if named.pre_study || vocab.meeting_named(&row.written("类型")).pre_study {
        v.dims.insert("学法", "会前学法");
    }
    let written = row.text("类型");
    if !written.is_empty() {
        return written.into_owned();
    }
    let sheet = row.ctx.sheet_name.as_deref();
    sheet
        .and_then(|s| vocab.meeting_named(s).kind)
        .or(named.kind)
        .or_else(|| vocab.meeting_named(&row.written("备注")).kind)
        .or_else(|| {
            sheet
                .filter(|s| row.col("类型").is_none() && vocab.is_meeting_name(s))
                .map(str::to_string)
        })
        .unwrap_or_default()
}

/// The attendance written in words when no 人数 is: the 参会人员 cell ("实到9人", or the names
/// listed), the meeting's name or theme ("（共43人）"), the remark ("应到11人实到9人", or
/// "参会人员：张三、李四、王五").
fn attendance_in_words(row: &Row) -> Option<f64> {
    let people = row.written("参会人员");
    attendance_in_text(&people)
        .or_else(|| names_present(&people))
        .or_else(|| attendance_in_text(&row.written("主题")))
        .or_else(|| attendance_in_text(&row.written("备注")))
        .or_else(|| names_after_label(&row.written("备注")))
        .filter(|n| n.is_finite() && n.fract() == 0.0)
}

fn disclosure(row: &Row, fields: &Written, v: &mut Values) -> Kept {
    for key in ["类别", "渠道"] {
        let t = row.text(key);
        if !t.is_empty() {
            v.dims.insert(key, row.canonical(key, &t));
        }
    }
    if row.col("件次").is_some() {
        match row.number("件次")? {
            Some(n) => v.count = n,
            None => return Ok(None),
        }
    } else if !fields.contains_key("标题") && !fields.contains_key("类别") {
        return Ok(None);
    }
    Ok(Some(()))
}

/// Key fields a register row leaves blank or that cannot be read.
fn missing_fields(row: &Row, fields: &Written, dated: bool, dims: &TextMap) -> super::Missing {
    let mut missing = super::Missing::default();
    let kind = row.ctx.header.kind;
    let register = row.ctx.header.count_column().is_none();
    if kind != LedgerKind::Disclosure && register && !dated {
        missing.push(if fields.contains_key("日期") {
            "日期无法识别"
        } else {
            "日期"
        });
    }
    match kind {
        LedgerKind::Mediation if register => {
            if row.col("来源").is_some() && !dims.contains_key("来源") {
                missing.push("来源");
            }
            if !fields.contains_key("结果") {
                missing.push("结果");
            }
        }
        LedgerKind::Meeting if !dims.contains_key("类型") => missing.push("类型"),
        _ => {}
    }
    missing
}
