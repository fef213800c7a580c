//! Ingest: every workbook under the inputs folder -> records that know where they came from.
//!
//! In: a folder (any depth) of .xlsx/.xls/.xlsb/.ods/.et/.csv files. Out: [`Ingested`]: one
//! [`Record`] per counted row (file, sheet and Excel row kept), the totals the offices declared
//! (合计 rows), and findings for what could not be read. Refuses nothing silently: a file that is
//! not a ledger, or cannot be opened, becomes a finding naming it.

mod across;
mod attendance;
mod cell;
mod codes;
mod compound;
mod confirm;
mod copies;
mod cross;
mod date_notes;
mod dates;
mod files;
#[doc(hidden)]
pub mod fuzz;
mod grid;
mod interned;
mod legend;
mod meeting;
mod merged;
mod on_disk;
mod package;
mod pairs;
mod reading;
mod register;
mod row;
mod sheet;
mod source;
mod spanning;
mod store;
mod summary;
mod tabulations;
mod text_map;
pub mod vocab;
mod wire;
mod workbook;
pub mod worker;
mod xml2003;

pub use cell::{parse_date_text, Date, PackedDate};
pub use interned::interned;
pub use pairs::Pairs;
pub use reading::{Outcome, SheetReading};
pub use store::{Cursor, Records};
pub use text_map::{text, Text, TextMap};
pub use vocab::{LedgerKind, Vocabulary};
pub use worker::Isolation;

use crate::diag::Finding;
use on_disk::OnDisk;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a record came from: the file (relative to the inputs folder, with `/`), the sheet, and
/// the row as Excel shows it (1-based).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Origin {
    #[serde(with = "wire::one")]
    pub file: Text,
    #[serde(with = "wire::one")]
    pub sheet: Text,
    pub row: u32,
    /// The column, for a cross table whose row holds several counts ("C").
    #[serde(with = "wire::maybe")]
    pub column: Option<Text>,
}

/// One counted row of a ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub ledger: LedgerKind,
    pub origin: Origin,
    pub date: Option<Date>,
    pub end_date: Option<PackedDate>,
    /// Canonical dimension values: 来源, 类型, 单位 (调解); 类型 (会议); 类别, 渠道 (公开).
    pub dims: TextMap,
    /// How many cases, meetings or disclosed items the row stands for: 1 for a register row,
    /// the count for a row of a count table, grid or statistics sheet.
    pub count: f64,
    /// 调解: how many of them were resolved (`None`: the outcome is blank or not recognised,
    /// counted as not resolved).
    pub resolved: Option<f64>,
    /// 会议: attendance (人次).
    pub attendance: Option<f64>,
    /// Every mapped field as written, for tracing.
    pub fields: TextMap,
    /// Key fields this row leaves blank ("日期", "来源", "结果", "类型") or that cannot be read
    /// ("日期无法识别").
    pub missing: Missing,
    /// 调解: the parties and the case number as written, for finding a case entered twice.
    pub case: CaseText,
    /// While its file is read: the fields no later stage reads.
    #[serde(skip)]
    pub loose: Loose,
}

/// A case's 当事人 and 案号 as written. Kept apart from the interned [`Record::fields`]: nearly
/// every case has its own, and interned texts stay for the life of the process (a district's
/// million cases would keep two million texts that no later stage shows).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseText(Option<Box<str>>);

impl CaseText {
    /// Between the parties and the number (a character no cell holds).
    const SEP: char = '\u{1f}';

    pub fn of(parties: Option<&str>, number: Option<&str>) -> CaseText {
        if parties.is_none() && number.is_none() {
            return CaseText(None);
        }
        let text = format!(
            "{}{}{}",
            parties.unwrap_or(""),
            Self::SEP,
            number.unwrap_or("")
        );
        CaseText(Some(text.into_boxed_str()))
    }

    fn part(&self, i: usize) -> Option<&str> {
        let text = self.0.as_deref()?;
        text.split(Self::SEP).nth(i).filter(|p| !p.is_empty())
    }

    /// 当事人.
    pub fn parties(&self) -> Option<&str> {
        self.part(0)
    }

    /// 案号.
    pub fn number(&self) -> Option<&str> {
        self.part(1)
    }
}

/// The fields of a row that no stage after its file's reading looks at (its 当事人, 案号, 备注,
/// 标题, …), while its file is read: nearly every row has its own, and a reader process that
/// interned them would grow with every file. Only their hash is kept, for the row's signature
/// in finding copies (its 当事人 and 案号 go to [`Record::case`] as the row is read); never sent
/// or stored. When every field is asked for ([`Fields::Every`], `explain`) there are none: every
/// field stays in [`Record::fields`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Loose(u64);

thread_local! {
    /// Whether the file being read on this thread keeps every field (set by the reader).
    static EVERY_FIELD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Loose {
    /// Whether the fields no later stage reads are loose, or kept with the others.
    fn wanted() -> bool {
        !EVERY_FIELD.get()
    }

    /// A row's loose fields, in name order.
    fn of(pairs: &[(&'static str, std::borrow::Cow<'_, str>)]) -> Loose {
        use std::hash::{Hash, Hasher};
        if pairs.is_empty() {
            return Loose::default();
        }
        let mut h = fingerprint();
        pairs.hash(&mut h);
        Loose(h.finish())
    }

    /// Runs `read` with every field of its rows kept (`every`) or the loose ones hashed.
    fn keeping<T>(every: bool, read: impl FnOnce() -> T) -> T {
        /// Puts the setting back however `read` ends (a reader's panic is caught per file).
        struct Restore(bool);
        impl Drop for Restore {
            fn drop(&mut self) {
                EVERY_FIELD.set(self.0);
            }
        }
        let _restore = Restore(EVERY_FIELD.replace(every));
        read()
    }
}

/// The key fields a row leaves blank or unreadable, as one byte of flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missing(u8);

impl Missing {
    /// What can be missing, in the order of the flags.
    const NAMES: [&'static str; 5] = ["日期", "日期无法识别", "来源", "结果", "类型"];

    fn flag(name: &str) -> u8 {
        let at = Self::NAMES.iter().position(|n| *n == name);
        debug_assert!(at.is_some(), "{name} is not a key field");
        at.map_or(0, |i| 1 << i)
    }

    pub fn push(&mut self, name: &'static str) {
        self.0 |= Self::flag(name);
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0 & Self::flag(name) != 0
    }

    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        let flags = self.0;
        Self::NAMES
            .iter()
            .enumerate()
            .filter(move |(i, _)| flags & (1 << i) != 0)
            .map(|(_, n)| *n)
    }

    /// Keeps the names `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        for name in Self::NAMES {
            if !keep(name) {
                self.0 &= !Self::flag(name);
            }
        }
    }
}

/// The fields of a record kept once its file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fields {
    /// Those read after the files are: the checks' (结果, 来源; 当事人 and 案号 go to
    /// [`Record::case`]), the checklist's
    /// (结果) and the names of count columns (a district's million rows keep no more).
    #[default]
    Traced,
    /// Every mapped field as written (`gongwen explain` shows each row so).
    Every,
}

impl Fields {
    /// Whether a field of this name is kept.
    pub fn keeps(self, name: &str) -> bool {
        self == Fields::Every
            || matches!(name, "结果" | "来源")
            || name != "人数" && vocab::is_count_field(name)
    }

    /// The word for the reader process's command line.
    fn word(self) -> &'static str {
        match self {
            Fields::Traced => "traced",
            Fields::Every => "every",
        }
    }

    fn from_word(word: &str) -> Fields {
        if word == "every" {
            Fields::Every
        } else {
            Fields::Traced
        }
    }
}

/// The months a monthly series filed (sheets named "1月", "2月", … or a grid's month rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthlySeries {
    pub file: String,
    pub ledger: LedgerKind,
    pub months: Vec<u32>,
}

/// A total an office wrote into its ledger (a 合计 or 小计 row, a count in a section heading, a
/// 汇总 sheet), with what gongwen counted for the same rows, for reconciliation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// Everything read from the inputs folder (`records`: [`Records`], in file order, a file's
/// records together, most of a district's on disk), or from one file ([`Part`]).
#[derive(Debug, Default)]
pub struct Ingested<R = Records> {
    pub records: R,
    pub declared: Vec<DeclaredTotal>,
    pub findings: Vec<Finding>,
    /// The ledger files read, relative path -> the kinds found in them.
    pub files: BTreeMap<Text, Vec<LedgerKind>>,
    pub series: Vec<MonthlySeries>,
    /// What became of every sheet of every file (the reading summary), in file order.
    pub readings: Vec<SheetReading>,
    /// The referral channels the vocabulary knows (法院, 派出所, …, and gongwen.toml's own):
    /// a source outside them is counted as written and named in a warning.
    pub channels: Vec<String>,
    /// The meeting kinds the vocabulary knows (专题学法, 党委会专题研究法治工作, …): a 会议
    /// ledger reports each, as 0 in a year without one.
    pub meeting_kinds: Vec<String>,
}

/// What one file gives, while it is read.
pub(crate) type Part = Ingested<Vec<Record>>;

impl<R> Ingested<R> {
    /// Whether any ledger of this kind was found.
    pub fn has(&self, kind: LedgerKind) -> bool {
        self.files.values().any(|kinds| kinds.contains(&kind))
    }
}

/// The hasher of gongwen's 64-bit fingerprints (a row's content, its loose fields, a case's key,
/// a file's bytes): the same in every process and every run, as copies are found across
/// readers. foldhash's quality variant with a fixed seed: SipHash, the standard library's,
/// took 2.5% of a district's build.
pub fn fingerprint() -> impl std::hash::Hasher {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x676f_6e67_7765_6e00).build_hasher()
}

/// The files whose readings wait in memory before they are written to disk together.
const ASIDE_BATCH: usize = 64;

/// What a file's reading leaves for after every file is read: all of it but its records (in
/// the store, at `records`, as run `run`) and its rows' numbers (`rows` of them, for copies).
#[derive(Serialize, Deserialize)]
struct Aside {
    /// The file's place in the list read.
    i: usize,
    read: worker::FileRead,
    tables: tabulations::FileTables,
    run: usize,
    records: std::ops::Range<usize>,
    rows: usize,
}

/// Moves every item of `from` to the end of `into`; when `into` is empty and has no room made
/// for them the list itself moves (a register's million records are handed on, never copied
/// into a second list).
fn move_all<T>(into: &mut Vec<T>, from: &mut Vec<T>) {
    if into.is_empty() && into.capacity() < from.len() {
        std::mem::swap(into, from);
    } else {
        into.append(from);
    }
}

/// Reads every ledger under `dir`, in this process, every field kept. `year` is the report
/// year (for dates written without one); `skip` lists files and folders that are not ledgers
/// (the template, gongwen's output folder).
pub fn ingest(dir: &Path, year: i32, skip: &[PathBuf]) -> Ingested {
    ingest_with(dir, year, skip, &Isolation::InProcess, Fields::Every)
}

/// [`ingest`], each workbook read as `isolation` says (in child processes under limits, for
/// the command line), its records keeping the `fields` asked for.
pub fn ingest_with(
    dir: &Path,
    year: i32,
    skip: &[PathBuf],
    isolation: &Isolation,
    fields: Fields,
) -> Ingested {
    let mut out: Ingested = Ingested::default();
    let vocab = match Vocabulary::load(dir) {
        Ok(v) => v,
        Err(f) => {
            out.findings.push(f);
            Vocabulary::default()
        }
    };
    let t0 = std::time::Instant::now();
    out.channels = vocab.channel_names();
    out.meeting_kinds = vocab.meeting_kind_names();
    let found = files::collect(dir, skip);
    out.findings.extend(found.findings);
    let files = files::Listed::of(dir, found.files);
    // The walk's paths, sets and sorting are freed here: their pages go back before reading.
    store::give_back_freed();
    crate::diag::stage_time("files listed", t0);
    let t = std::time::Instant::now();
    let mut rows = Pairs::default();
    // While the readers run, only the records (to the store, on disk) and the rows' numbers
    // (for copies) are taken in; the rest of each file's reading waits on disk.
    let mut aside = OnDisk::new(ASIDE_BATCH);
    out.records.reserve_runs(files.len());
    worker::read_all(
        &files,
        (dir, year, fields),
        &vocab,
        isolation,
        &mut |i, mut read| {
            let start = out.records.len();
            let (run, tables) = match read.encoded.take() {
                // From a reader: written to disk as sent.
                Some(e) => (out.records.push_encoded(e.file, e.len, &e.bytes), e.tables),
                None => {
                    // Equal dimensions, one list (a few hundred combinations over a million rows).
                    for r in &mut read.records {
                        r.dims = std::mem::take(&mut r.dims).shared();
                    }
                    let tables = tabulations::FileTables::of(&read.records);
                    (
                        out.records.push_run(std::mem::take(&mut read.records)),
                        tables,
                    )
                }
            };
            let file = u32::try_from(i).unwrap_or(u32::MAX);
            let row_count = read.rows.len();
            for sig in std::mem::take(&mut read.rows) {
                rows.push(sig, file);
            }
            aside.push(Aside {
                i,
                read,
                tables,
                run,
                records: start..out.records.len(),
                rows: row_count,
            });
        },
    );
    crate::diag::stage_time("read workbooks", t);
    let t = std::time::Instant::now();
    // Made once for every file (lists doubled as they fill leave holes in a long run's memory).
    let mut spans = Vec::with_capacity(files.len());
    out.readings.reserve(files.len());
    let mut sheets = tabulations::Sheets::default();
    let drained = aside.drain(&mut |mut a: Aside| {
        let rel = files.rel(a.i).unwrap_or_else(|| text(""));
        let (declared, findings) = (out.declared.len(), out.findings.len());
        out.findings.extend(a.read.findings());
        sheets.add(a.tables);
        out.declared.append(&mut a.read.declared);
        out.readings.extend(a.read.readings());
        out.series.append(&mut a.read.series);
        if let Some(kinds) = a.read.kinds.take() {
            out.files.insert(rel, kinds);
        }
        spans.push(copies::FileSpan {
            rel,
            records: a.records,
            run: a.run,
            declared: declared..out.declared.len(),
            findings: findings..out.findings.len(),
            hash: a.read.hash,
            rows: a.rows,
        });
    });
    if drained.is_err() {
        out.records.mark_lost();
    }
    crate::diag::stage_time("readings taken back", t);
    let t = std::time::Instant::now();
    copies::drop_copies(&mut out, &spans, rows);
    store::give_back_freed();
    crate::diag::stage_time("copies", t);
    let t = std::time::Instant::now();
    tabulations::count_once(&mut out, sheets);
    crate::diag::stage_time("tabulations", t);
    out
}
