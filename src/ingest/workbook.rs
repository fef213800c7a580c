//! One file -> its sheets read, each accounted for in the reading summary: read as a ledger, a
//! summary compared with the detail, or not read with the reason. A sheet that looks like a
//! ledger but that no reader understands is an error naming it.

use super::reading::{self, SheetReading};
use super::source::{self, SheetGrid};
use super::summary::ReadSheet;
use super::vocab::{LedgerKind, Vocabulary};
use super::{cross, legend, register, sheet, summary, MonthlySeries, Part};
use crate::diag::Finding;
use crate::input::Refused;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

/// Reads one file into `out` and returns a hash of its bytes (for finding copies).
pub(super) fn read_file(
    path: &Path,
    rel: &str,
    year: i32,
    vocab: &Vocabulary,
    out: &mut Part,
) -> u64 {
    let bytes = match crate::input::read_regular(path, crate::input::MAX_LEDGER_BYTES) {
        Ok(b) => b,
        Err(e) => {
            let (why, hint) = match e {
                Refused::TooLarge(_) => (
                    format!("{e}，超过台账文件的上限（200 MB），没有读取"),
                    "一本台账不会这么大：请确认它是台账；确是台账请按月份拆成几个文件",
                ),
                Refused::NotRegular => (format!("{e}，没有读取"), "请放入台账文件本身"),
                Refused::Io(e) => (
                    format!("文件无法打开（{e}）"),
                    "请确认文件没有被其他程序占用，且有读取权限",
                ),
            };
            out.readings.push(SheetReading::not_read(rel, "", &why));
            out.findings
                .push(Finding::error(rel, why).hint(hint).unreadable());
            return 0;
        }
    };
    read_bytes(bytes, rel, year, vocab, out)
}

/// Reads one file's bytes (`rel` names it; its extension only tells a .txt note from a text
/// table) into `out`, and returns a hash of the bytes.
pub(super) fn read_bytes(
    bytes: Vec<u8>,
    rel: &str,
    year: i32,
    vocab: &Vocabulary,
    out: &mut Part,
) -> u64 {
    let mut hasher = super::fingerprint();
    bytes.hash(&mut hasher);
    let hash = hasher.finish();
    let is_text_table = Path::new(rel)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    if is_text_table && source::sniff(&bytes) == source::Format::Text && !bytes.contains(&b'\t') {
        out.readings.push(SheetReading::not_read(
            rel,
            "",
            "文本文件，不是用制表符分隔的表格，当作说明",
        ));
        return hash;
    }
    if source::written_by_gongwen(&bytes) {
        out.readings.push(SheetReading::not_read(
            rel,
            "",
            "这是 gongwen 生成的核对清单，不是台账",
        ));
        return hash;
    }
    let read = match source::read(bytes) {
        Ok(sheets) => sheets,
        Err(why) => {
            out.readings.push(SheetReading::not_read(rel, "", &why));
            // A scan, a picture or an archive cannot be saved again as a workbook.
            let hint = if why.contains("不是电子表格") {
                "这不是台账文件：请把它移出 inputs 文件夹，放入台账的 Excel 文件本身（压缩包请先解压，扫描件或图片请录入 Excel）"
            } else {
                "请用 Excel 或 WPS 打开该文件，另存为 .xlsx 后放回 inputs 文件夹"
            };
            out.findings
                .push(Finding::error(rel, why).hint(hint).unreadable());
            return hash;
        }
    };
    for note in read.notes {
        out.findings.push(
            Finding::warning(rel, note)
                .hint("建议用 Excel 或 WPS 打开后另存为 .xlsx，再放回 inputs 文件夹"),
        );
    }
    read_sheets(read.sheets, rel, year, vocab, out);
    hash
}

/// For the fuzz targets: the sheets of a file, read with the built-in vocabulary.
pub(super) fn read_sheets_for_fuzzing(
    sheets: Vec<SheetGrid>,
    rel: &str,
    year: i32,
    out: &mut Part,
) {
    read_sheets(sheets, rel, year, &Vocabulary::default(), out);
}

/// Every sheet of a file accounted for in `out`.
fn read_sheets(grids: Vec<SheetGrid>, rel: &str, year: i32, vocab: &Vocabulary, out: &mut Part) {
    let mut sheets = Vec::new();
    let mut looked_like_ledger = false;
    // Legend sheets (代码表, 填表说明) first: the ledgers' code columns are read with them.
    let (legends, tables): (Vec<_>, Vec<_>) = split_tables(grids, vocab)
        .into_iter()
        .map(|t| {
            (
                legend::legend_sheet(&t.name, &t.grid).filter(|_| !t.hidden),
                t,
            )
        })
        .partition(|(l, t)| l.is_some() && sheet::find_header(&t.grid, vocab).is_none());
    let book: Vec<legend::Group> = legends
        .iter()
        .flat_map(|(l, _)| l.clone())
        .flatten()
        .collect();
    for (_, table) in tables {
        let book = (vocab, book.as_slice());
        if let Some(s) = read_table(table, rel, year, book, out, &mut looked_like_ledger) {
            sheets.push(s);
        }
    }
    for (_, t) in &legends {
        out.readings.push(legend_reading(rel, &t.name, &sheets));
    }
    series(rel, &sheets, out);
    let kinds = summary::count_or_compare(rel, year, sheets, out);
    if kinds.is_empty() && !looked_like_ledger {
        out.findings.push(
            Finding::warning(rel, "没有找到可识别的台账表头，此文件未计入统计")
                .hint("如果这是台账，请确认表头含有“受理日期”“调解结果”“会议类型”“件次”等栏目名称"),
        );
    }
    out.files.insert(super::text(rel), kinds);
}

/// Two ledgers side by side on one sheet (上半年 | 下半年) are read one by one, when each has a
/// header of its own; merged cells are filled.
fn split_tables(sheets: Vec<SheetGrid>, vocab: &Vocabulary) -> Vec<SheetGrid> {
    let mut tables = Vec::new();
    for s in sheets {
        let mut parts = s.grid.side_by_side().unwrap_or_default();
        for part in &mut parts {
            part.fill_merges();
        }
        if !parts.is_empty() && parts.iter().all(|p| sheet::find_header(p, vocab).is_some()) {
            tables.extend(parts.into_iter().map(|grid| SheetGrid {
                grid,
                name: s.name.clone(),
                hidden: s.hidden,
            }));
        } else {
            let mut whole = s;
            whole.grid.fill_merges();
            tables.push(whole);
        }
    }
    tables
}

/// Reads one table as a register/count table (under each header found) or a cross table; a
/// table neither reader takes is accounted for in the reading summary.
fn read_table(
    s: SheetGrid,
    rel: &str,
    year: i32,
    (vocab, legends): (&Vocabulary, &[legend::Group]),
    out: &mut Part,
    looked_like_ledger: &mut bool,
) -> Option<ReadSheet> {
    let name = s.name.clone();
    let headers = sheet::find_headers(&s.grid, vocab);
    let words = format!("{rel} {name}");
    // A count table's header found in a statistics sheet's row of measures (受理 | 调解成功 under
    // each source): the sheet is read as the statistics sheet it is.
    // Dates written without a year ("3月") in a cross or statistics sheet belong to the year the
    // sheet name, file name or folders name ("2023年"), else to the report year. (A register's
    // rows complete their dates themselves, title rows included: `dates`.)
    let cross_year = super::dates::DateContext::of_place(&name, rel)
        .year
        .map_or(year, |g| g.value);
    let statistics = (!headers.is_empty() && headers.iter().all(|h| h.count_column().is_some()))
        .then(|| cross::read_statistics(vocab, &s.grid, (rel, &name), &words, cross_year))
        .flatten();
    let read = if headers.is_empty() {
        // Records across (field names down the first column), else a cross table.
        super::across::read(&s.grid, (rel, &name), year, (vocab, legends))
            .or_else(|| cross::read(vocab, &s.grid, rel, &name, &words, cross_year))
    } else if statistics.is_some() {
        statistics
    } else {
        let mut all = sheet::SheetResult::default();
        let mut layouts = Vec::new();
        for (i, header) in headers.iter().enumerate() {
            let end = headers.get(i + 1).map(|h| h.first_row);
            let mut part = register::read_records(
                &s.grid,
                header,
                (rel, &name),
                (year, end),
                (vocab, legends),
            );
            // A header directly above another (two readings of one header) gives no rows.
            if !part.records.is_empty() || layouts.is_empty() && i + 1 == headers.len() {
                let mut line = reading::describe_header(header.kind, header);
                if !part.layout.is_empty() {
                    line = format!("{line}；{}", part.layout);
                }
                layouts.push(line);
            }
            super::move_all(&mut all.records, &mut part.records);
            all.declared.extend(part.declared);
            all.findings.extend(part.findings);
            all.decoded.extend(part.decoded);
        }
        all.layout = layouts.join("；另一表格：");
        Some((headers[0].kind, all))
    };
    let Some((kind, result)) = read else {
        let why = match reading::unread_sheet(&s.grid, &name, rel) {
            Ok(why) => why,
            Err(signs) => {
                *looked_like_ledger = true;
                out.findings.push(unreadable_ledger(rel, &name, &signs));
                format!("看起来是台账（{signs}），但认不出表头")
            }
        };
        out.readings.push(SheetReading::not_read(rel, &name, why));
        return None;
    };
    if s.hidden {
        out.findings.push(
            Finding::warning(
                rel,
                format!(
                    "隐藏的工作表“{name}”看起来是{}，未计入统计",
                    kind.description()
                ),
            )
            .sheet(&name)
            .hint("如需计入，请在 Excel 中取消隐藏该工作表"),
        );
        let why = format!("隐藏的工作表（看起来是{}），不计入", kind.description());
        out.readings.push(SheetReading::not_read(rel, &name, why));
        return None;
    }
    Some(ReadSheet { name, kind, result })
}

/// The reading line of a legend sheet: which columns its codes explain.
fn legend_reading(rel: &str, name: &str, sheets: &[ReadSheet]) -> SheetReading {
    let place = format!("工作表“{name}”");
    let mut columns: Vec<String> = Vec::new();
    for s in sheets {
        for (label, legend) in &s.result.decoded {
            let col = format!("“{label}”");
            if *legend == place && !columns.contains(&col) {
                columns.push(col);
            }
        }
    }
    let why = if columns.is_empty() {
        "代码表，但没有哪一栏用到其中的代码".to_string()
    } else {
        format!("代码表，用于解释{}的代码", columns.join(""))
    };
    SheetReading::not_read(rel, name, why)
}

fn unreadable_ledger(rel: &str, sheet: &str, signs: &str) -> Finding {
    let f = Finding::error(
        rel,
        format!("这张表看起来是台账（{signs}），但认不出它的表头，其中的数字没有计入"),
    )
    .hint(
        "请在 inputs/gongwen.toml 的 [\"栏目\"] 中写明表头各栏的含义（例如 \"会议.类型\" = [\"会议名称\"]），\
         或把表头改成常见写法（受理日期、案件来源、调解结果、会议类型、参会人数、件次…）后另存为 .xlsx；\
         如果它不是台账，请把它移出 inputs 文件夹",
    );
    if sheet.is_empty() {
        f
    } else {
        f.sheet(sheet)
    }
}

/// The months a monthly series filed (sheets named "1月", "2月", … or a grid's month rows).
fn series(rel: &str, sheets: &[ReadSheet], out: &mut Part) {
    let mut months: BTreeMap<LedgerKind, Vec<u32>> = BTreeMap::new();
    for s in sheets {
        let entry = months.entry(s.kind).or_default();
        entry.extend(&s.result.months);
        if let Some(m) = month_of_sheet(&s.name) {
            entry.push(m);
        }
    }
    for (ledger, mut list) in months {
        list.sort_unstable();
        list.dedup();
        if list.len() >= 2 {
            out.series.push(MonthlySeries {
                file: rel.to_string(),
                ledger,
                months: list,
            });
        }
    }
}

/// The month a sheet is named after: "3月", "2024年3月", "三月份".
fn month_of_sheet(name: &str) -> Option<u32> {
    const CN: [&str; 12] = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
    ];
    let n = crate::text::squash(name);
    let n = n.split('年').next_back().unwrap_or(&n);
    let m = n.strip_suffix("月份").or_else(|| n.strip_suffix('月'))?;
    m.parse::<u32>()
        .ok()
        .or_else(|| CN.iter().position(|c| *c == m).map(|i| i as u32 + 1))
        .filter(|m| (1..=12).contains(m))
}
