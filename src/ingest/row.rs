//! One data row of a register or count table -> a record: its fields as written, its date,
//! dimensions (来源, 类型, 单位, 类别, 渠道), count, outcome and attendance.

use super::cell::{parse_attendance, parse_count, parse_date, Cell};
use super::register::Context;
use super::vocab::{outcome_resolved, LedgerKind};
use super::{Origin, Record};
use crate::diag::{column_letter, Finding};
use crate::text::squash;
use std::collections::BTreeMap;

/// How many people a list of names holds ("张三、李四、王五" -> 3); `None` for a phrase such as
/// "全体干部", which says no number.
fn names_present(list: &str) -> Option<f64> {
    let names: Vec<&str> = list
        .split(['、', '，', ',', '；', ';', ' ', '\u{3000}', '\n', '/'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    (names.len() >= 2).then_some(names.len() as f64)
}

pub(super) fn read_row(
    ctx: &Context,
    r: u32,
    origin: Origin,
    side: &mut Vec<Finding>,
) -> Option<Result<Record, Finding>> {
    let Context {
        grid,
        header,
        year,
        vocab,
        ..
    } = *ctx;
    let unit = ctx.unit.as_deref();
    let col = |key: &str| header.columns.get(key).map(|(c, _)| *c);
    let cell = |key: &str| col(key).map(|c| grid.get(r, c)).unwrap_or(&Cell::Empty);
    // A tick-box field's value is the name of the ticked column.
    let written = |key: &str| -> String {
        match header.ticks.get(key) {
            Some(subs) => subs
                .iter()
                .find(|(c, _)| {
                    super::vocab::outcome_resolved(&grid.get(r, *c).as_text()) == Some(true)
                })
                .map(|(_, name)| name.clone())
                .unwrap_or_default(),
            None => cell(key).as_text().trim().to_string(),
        }
    };
    let text = |key: &str| squash(&written(key));
    let mut fields = BTreeMap::new();
    for key in header.columns.keys() {
        let t = written(key);
        if !t.is_empty() {
            fields.insert(*key, t);
        }
    }
    let date = parse_date(cell("日期"), year, grid.is_1904)
        .or_else(|| parse_date(cell("月份"), year, grid.is_1904));
    let end_date = parse_date(cell("结案日期"), year, grid.is_1904);
    let mut dims = BTreeMap::new();
    let mut count = 1.0;
    let mut resolved = None;
    let mut attendance = None;
    let bad_number = |key: &str, value: &Cell, reason: String| {
        let c = col(key).unwrap_or(0);
        let label = &header.columns[key].1;
        let hint = if matches!(value, Cell::NoCachedValue) {
            "请用 Excel 或 WPS 打开该文件，保存一次（让公式算出结果）后再运行"
        } else {
            "请填写整数，例如 12；如果这一栏不是件数或人数，请在 inputs/gongwen.toml 中改正栏目的含义"
        };
        Finding::error(&origin.file, format!("“{label}”一栏{reason}"))
            .sheet(&origin.sheet)
            .row(origin.row)
            .column(column_letter(c))
            .hint(hint)
    };
    let number = |key: &str| -> Result<Option<f64>, Finding> {
        let c = cell(key);
        parse_count(c).map_err(|why| bad_number(key, c, why))
    };
    let result = (|| -> Result<Option<()>, Finding> {
        match header.kind {
            LedgerKind::Mediation => {
                let unit_here = Some(text("单位"))
                    .filter(|u| !u.is_empty())
                    .or_else(|| unit.map(squash));
                let source = Some(text("来源"))
                    .filter(|s| !s.is_empty())
                    .map(|s| vocab.canonical("来源", &s))
                    .or_else(|| {
                        // No source written: a village committee's own case, if the row's unit
                        // or the sheet's (填报单位, title, file name) is a village committee.
                        [unit_here.as_deref(), unit]
                            .into_iter()
                            .flatten()
                            .map(|u| vocab.canonical("来源", u))
                            .find(|s| s == "村调委会")
                            .or_else(|| ctx.village.then(|| "村调委会".to_string()))
                    });
                if let Some(s) = source {
                    dims.insert("来源", s);
                }
                if let Some(u) = unit_here {
                    dims.insert("单位", vocab.canonical("单位", &u));
                }
                let kind = text("类型");
                if !kind.is_empty() {
                    dims.insert("类型", vocab.canonical("类型", &kind));
                }
                if col("数量").is_some() {
                    let Some(n) = number("数量")? else {
                        return Ok(None);
                    };
                    count = n;
                    resolved = match (number("化解数")?, number("未化解数")?) {
                        (Some(done), _) => Some(done),
                        (None, Some(open)) => Some(n - open),
                        (None, None) => None,
                    };
                } else {
                    if date.is_none()
                        && !fields.contains_key("结果")
                        && !fields.contains_key("类型")
                    {
                        return Ok(None);
                    }
                    resolved = outcome_resolved(&vocab.canonical("结果", &written("结果")))
                        .map(|yes| if yes { 1.0 } else { 0.0 });
                }
            }
            LedgerKind::Meeting => {
                // A workbook with a sheet per kind of meeting names the kind in the sheet.
                let kind = Some(text("类型"))
                    .filter(|k| !k.is_empty() || col("类型").is_some())
                    .or_else(|| ctx.sheet_name.clone())
                    .unwrap_or_default();
                if kind.is_empty() && date.is_none() {
                    return Ok(None);
                }
                if !kind.is_empty() {
                    dims.insert("类型", vocab.canonical("类型", &kind));
                }
                // In a register (one dated row per meeting) 次数 is the meeting's ordinal
                // ("第12次"), not a count.
                if col("次数").is_some() && col("日期").is_none() {
                    match number("次数")? {
                        Some(n) => count = n,
                        None => return Ok(None),
                    }
                }
                // An unreadable attendance is reported; the meeting itself still counts.
                let present = cell("人数");
                if col("人数").is_none() {
                    attendance = names_present(&written("参会人员"));
                }
                attendance = match parse_attendance(present) {
                    Some(n) if n.is_finite() && n.fract() == 0.0 => Some(n),
                    None if present.is_empty() => attendance,
                    _ => {
                        let why = parse_count(present).err().unwrap_or_else(|| {
                            format!("写的是“{}”，读不出人数", present.as_text())
                        });
                        side.push(bad_number("人数", present, why));
                        None
                    }
                };
            }
            LedgerKind::Disclosure => {
                for key in ["类别", "渠道"] {
                    let v = text(key);
                    if !v.is_empty() {
                        dims.insert(key, vocab.canonical(key, &v));
                    }
                }
                if col("件次").is_some() {
                    match number("件次")? {
                        Some(n) => count = n,
                        None => return Ok(None),
                    }
                } else if !fields.contains_key("标题") && !fields.contains_key("类别") {
                    return Ok(None);
                }
            }
        }
        Ok(Some(()))
    })();
    match result {
        Ok(Some(())) => {}
        Ok(None) => return None,
        Err(f) => return Some(Err(f)),
    }
    let mut missing = Vec::new();
    let register = col("数量").is_none() && (col("次数").is_none() || col("日期").is_some());
    if header.kind != LedgerKind::Disclosure && register && date.is_none() {
        missing.push(if fields.contains_key("日期") {
            "日期无法识别"
        } else {
            "日期"
        });
    }
    match header.kind {
        LedgerKind::Mediation if register => {
            if col("来源").is_some() && !dims.contains_key("来源") {
                missing.push("来源");
            }
            if !fields.contains_key("结果") {
                missing.push("结果");
            }
        }
        LedgerKind::Meeting if !dims.contains_key("类型") => missing.push("类型"),
        _ => {}
    }
    Some(Ok(Record {
        ledger: header.kind,
        origin,
        date,
        end_date,
        dims,
        count,
        resolved,
        attendance,
        fields,
        missing,
    }))
}
