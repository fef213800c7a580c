//! Ingest: every workbook under the inputs folder -> records that know where they came from.
//!
//! In: a folder (any depth) of .xlsx/.xls/.xlsb/.ods/.et/.csv files. Out: [`Ingested`]: one
//! [`Record`] per counted row (file, sheet and Excel row kept), the totals the offices declared
//! (合计 rows), and findings for what could not be read. Refuses nothing silently: a file that is
//! not a ledger, or cannot be opened, becomes a finding naming it.

mod cell;
mod cross;
mod grid;
mod sheet;
mod source;
pub mod vocab;

pub use cell::{parse_date_text, Date};
pub use vocab::{LedgerKind, Vocabulary};

use crate::diag::Finding;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a record came from: the file (relative to the inputs folder, with `/`), the sheet, and
/// the row as Excel shows it (1-based).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub file: String,
    pub sheet: String,
    pub row: u32,
    /// The column, for a cross table whose row holds several counts ("C").
    pub column: Option<String>,
}

/// One counted row of a ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub ledger: LedgerKind,
    pub origin: Origin,
    pub date: Option<Date>,
    pub end_date: Option<Date>,
    /// Canonical dimension values: 来源, 类型, 单位 (调解); 类型 (会议); 类别, 渠道 (公开).
    pub dims: BTreeMap<&'static str, String>,
    /// How many cases, meetings or disclosed items the row stands for: 1 for a register row,
    /// the count for a row of a count table, grid or statistics sheet.
    pub count: f64,
    /// 调解: how many of them were resolved (`None`: the outcome is blank or not recognised,
    /// counted as not resolved).
    pub resolved: Option<f64>,
    /// 会议: attendance (人次).
    pub attendance: Option<f64>,
    /// Every mapped field as written, for tracing.
    pub fields: BTreeMap<&'static str, String>,
    /// Key fields this row leaves blank ("日期", "来源", "结果", "类型") or that cannot be read
    /// ("日期无法识别").
    pub missing: Vec<&'static str>,
}

/// The months a monthly series filed (sheets named "1月", "2月", … or a grid's month rows).
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlySeries {
    pub file: String,
    pub ledger: LedgerKind,
    pub months: Vec<u32>,
}

/// A total an office wrote into its ledger (a 合计 or 小计 row, a count in a section heading, a
/// 汇总 sheet), with what gongwen counted for the same rows, for reconciliation.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclaredTotal {
    pub ledger: LedgerKind,
    /// Where the total is written.
    pub origin: Origin,
    /// Column letter of the number, when it is in a cell of its own.
    pub column: Option<String>,
    /// What it totals, in the clerk's words ("合计", "小计", "婚姻家庭纠纷", "汇总表“全年”：法院").
    pub label: String,
    /// What is being totalled ("件数", "参会人数", "化解数").
    pub measure: String,
    pub declared: f64,
    /// The same figure counted from the rows it totals.
    pub counted: f64,
}

/// Everything read from the inputs folder.
#[derive(Debug, Default)]
pub struct Ingested {
    pub records: Vec<Record>,
    pub declared: Vec<DeclaredTotal>,
    pub findings: Vec<Finding>,
    /// The ledger files read, relative path -> the kinds found in them.
    pub files: BTreeMap<String, Vec<LedgerKind>>,
    pub series: Vec<MonthlySeries>,
}

impl Ingested {
    /// Whether any ledger of this kind was found.
    pub fn has(&self, kind: LedgerKind) -> bool {
        self.files.values().any(|kinds| kinds.contains(&kind))
    }
}

/// Sheet names of summaries that restate the other sheets.
const SUMMARY_WORDS: &[&str] = &["汇总", "总表", "合计"];

/// Spreadsheet and text-table file names gongwen reads.
const EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xls", "xlsb", "ods", "et", "ett", "csv", "tsv", "txt",
];

/// Reads every ledger under `dir`. `year` is the report year (for dates written without one);
/// `skip` lists files that are not ledgers (the template).
pub fn ingest(dir: &Path, year: i32, skip: &[PathBuf]) -> Ingested {
    let mut out = Ingested::default();
    let vocab = match Vocabulary::load(dir) {
        Ok(v) => v,
        Err(f) => {
            out.findings.push(f);
            Vocabulary::default()
        }
    };
    let mut files = Vec::new();
    collect_files(dir, &mut files);
    files.sort();
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    for path in files {
        if path.canonicalize().is_ok_and(|p| skip.contains(&p)) {
            continue;
        }
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        read_file(&path, &rel, year, &vocab, &mut out);
    }
    out
}

/// The year a sheet is named after: "2023年", "2023", "2023年度".
fn year_of_sheet(name: &str) -> Option<i32> {
    let n = crate::text::squash(name);
    let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
    let rest = &n[digits.len()..];
    let y: i32 = digits.parse().ok()?;
    ((2000..2100).contains(&y) && digits.len() == 4 && ["", "年", "年度"].contains(&rest))
        .then_some(y)
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

/// Lock files, system files and hidden files are never ledgers.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$")
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if is_ignored(&name) {
            continue;
        }
        // A link to a folder is not followed: it may lead back to where it stands.
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        if path.is_dir() && !is_link {
            collect_files(&path, out);
        } else if !path.is_dir() {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if EXTENSIONS.contains(&ext.as_str()) {
                out.push(path);
            }
        }
    }
}

fn read_file(path: &Path, rel: &str, year: i32, vocab: &Vocabulary, out: &mut Ingested) {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            out.findings.push(
                Finding::error(rel, format!("文件无法打开（{e}）"))
                    .hint("请确认文件没有被其他程序占用，且有读取权限")
                    .unreadable(),
            );
            return;
        }
    };
    let is_text_table = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    if is_text_table && source::sniff(&bytes) == source::Format::Text && !bytes.contains(&b'\t') {
        // A .txt that is not tab-separated is a note, not a ledger.
        return;
    }
    let sheets = match source::read(bytes) {
        Ok(s) => s,
        Err(why) => {
            out.findings.push(
                Finding::error(rel, why)
                    .hint("请用 Excel 或 WPS 打开该文件，另存为 .xlsx 后放回 inputs 文件夹")
                    .unreadable(),
            );
            return;
        }
    };
    let mut read: Vec<(String, LedgerKind, sheet::SheetResult)> = Vec::new();
    let mut tables = Vec::new();
    for s in sheets {
        // Two ledgers side by side on one sheet (上半年 | 下半年) are read one by one, when
        // each has a header of its own.
        let mut parts = s.grid.side_by_side().unwrap_or_default();
        for part in &mut parts {
            part.fill_merges();
        }
        if !parts.is_empty() && parts.iter().all(|p| sheet::find_header(p, vocab).is_some()) {
            tables.extend(parts.into_iter().map(|grid| source::SheetGrid {
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
    for s in tables {
        if s.grid.is_empty() {
            continue;
        }
        let name = s.name.clone();
        // Dates written without a year ("3月5日") belong to the sheet's year ("2023年") if it
        // names one, else to the report year.
        let year = year_of_sheet(&name).unwrap_or(year);
        let headers = sheet::find_headers(&s.grid, vocab);
        let result = if headers.is_empty() {
            cross::read(vocab, &s.grid, rel, &name, &format!("{rel} {name}"), year)
        } else {
            let mut all = sheet::SheetResult::default();
            for (i, header) in headers.iter().enumerate() {
                let end = headers.get(i + 1).map(|h| h.first_row);
                let part = sheet::read_records(&s.grid, header, (rel, &name), (year, end), vocab);
                all.records.extend(part.records);
                all.declared.extend(part.declared);
                all.findings.extend(part.findings);
            }
            Some((headers[0].kind, all))
        };
        let Some((kind, result)) = result else {
            continue;
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
            continue;
        }
        read.push((name, kind, result));
    }
    // A 汇总 sheet restates the other sheets of its kind: its figures are kept as declared
    // totals, not counted a second time.
    let is_summary = |name: &str| SUMMARY_WORDS.iter().any(|w| name.contains(w));
    let detailed: Vec<LedgerKind> = read
        .iter()
        .filter(|(name, _, _)| !is_summary(name))
        .map(|(_, kind, _)| *kind)
        .collect();
    let mut months: BTreeMap<LedgerKind, Vec<u32>> = BTreeMap::new();
    for (name, kind, result) in &read {
        let entry = months.entry(*kind).or_default();
        entry.extend(&result.months);
        if let Some(m) = month_of_sheet(name) {
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
    let mut kinds = Vec::new();
    let mut summaries = Vec::new();
    let first_record = out.records.len();
    for (name, kind, result) in read {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
        out.findings.extend(result.findings);
        out.declared.extend(result.declared);
        if is_summary(&name) && detailed.contains(&kind) {
            summaries.push((name, kind, result.records, result.time_rows));
            continue;
        }
        out.records.extend(result.records);
    }
    for (name, kind, rows, by_time) in summaries {
        let details: Vec<&Record> = out.records[first_record..]
            .iter()
            .filter(|r| r.ledger == kind)
            .collect();
        for r in rows {
            // A summary by month compares month by month; by quarter it cannot be compared
            // row by row.
            let time_column = r
                .fields
                .get("栏目")
                .is_some_and(|l| cross::is_time_label(l));
            if (by_time || time_column) && r.date.is_none() {
                continue;
            }
            let by_time = by_time || time_column;
            let same_month = |d: &Record| match r.date.filter(|_| by_time) {
                Some(m) => d
                    .date
                    .is_some_and(|x| (x.year, x.month) == (m.year, m.month)),
                None => true,
            };
            let counted = details
                .iter()
                .filter(|d| r.dims.iter().all(|(k, v)| d.dims.get(k) == Some(v)) && same_month(d))
                .map(|d| d.count)
                .sum();
            let mut what: Vec<String> = r.dims.values().cloned().collect();
            if let Some(m) = r.date.filter(|_| by_time) {
                what.insert(0, format!("{}月", m.month));
            }
            out.declared.push(DeclaredTotal {
                ledger: kind,
                column: r.origin.column.clone(),
                label: format!("汇总表“{name}”中的{}", what.join("、")),
                measure: "件数".to_string(),
                declared: r.count,
                counted,
                origin: r.origin,
            });
        }
    }
    if kinds.is_empty() {
        out.findings.push(
            Finding::warning(rel, "没有找到可识别的台账表头，此文件未计入统计")
                .hint("如果这是台账，请确认表头含有“受理日期”“调解结果”“会议类型”“件次”等栏目名称"),
        );
    }
    out.files.insert(rel.to_string(), kinds);
}
