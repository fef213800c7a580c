//! Each workbook is read in a child process of gongwen, a few at a time, each under a memory and
//! a time limit. A file that crashes its reader (calamine aborts on some damaged .xls), exhausts
//! the memory limit (a zip bomb, a huge merged-cell list) or the time limit becomes an error
//! finding naming it; every other file is still read. The child is gongwen itself, started as
//! `gongwen __read-worker <inputs> <year> <fields>`: it reads "path\trel" lines on stdin and answers each
//! with one length-prefixed postcard message (`FileRead`).

use super::reading::SheetReading;
use super::vocab::{LedgerKind, Vocabulary};
use super::{DeclaredTotal, Fields, MonthlySeries, Part, Record};
use crate::diag::{Finding, Severity};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The argument that makes gongwen a reader of workbooks for another gongwen.
pub const WORKER_ARG: &str = "__read-worker";

/// How workbooks are read.
#[derive(Debug, Clone, PartialEq)]
pub enum Isolation {
    /// In this process (library callers, benchmarks of the stages).
    InProcess,
    /// In child processes of the program `exe` (gongwen itself), each file under the limits.
    Workers(Limits),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    pub exe: PathBuf,
    /// Address space of a reader, in MiB.
    pub memory_mb: u64,
    /// Seconds a file may take.
    pub seconds: u64,
    pub workers: usize,
}

impl Isolation {
    /// Child processes of the running program, with the default limits (1024 MiB, 60 s), or
    /// those of `GONGWEN_READ_MEMORY_MB` and `GONGWEN_READ_SECONDS`.
    pub fn workers() -> Isolation {
        let Ok(exe) = std::env::current_exe() else {
            return Isolation::InProcess;
        };
        // For debugging and profiling: `GONGWEN_READ_IN_PROCESS=1`.
        if std::env::var_os("GONGWEN_READ_IN_PROCESS").is_some() {
            return Isolation::InProcess;
        }
        let env = |name: &str, default: u64| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Isolation::Workers(Limits {
            exe,
            memory_mb: env("GONGWEN_READ_MEMORY_MB", 1024),
            seconds: env("GONGWEN_READ_SECONDS", 60),
            workers: cores.clamp(1, 4),
        })
    }
}

/// What reading one file gave, as carried between the processes.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct FileRead {
    pub(super) records: Vec<Record>,
    pub(super) declared: Vec<DeclaredTotal>,
    findings: Vec<WireFinding>,
    readings: Vec<WireReading>,
    pub(super) series: Vec<MonthlySeries>,
    /// The ledger kinds found, when the file was opened.
    pub(super) kinds: Option<Vec<LedgerKind>>,
    pub(super) hash: u64,
    /// The rows as numbers, for finding copies (`copies`).
    pub(super) rows: Vec<u64>,
    /// The records as a reader sends them, in place of `records`.
    pub(super) encoded: Option<Encoded>,
}

/// A file's records in the form they are kept in on disk (`store`), made by the reader, with
/// what the main process needs of them while files are read: it writes them to disk as they
/// come, never decoding and encoding them again.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Encoded {
    /// `wire::encode` of the list of records.
    pub(super) bytes: Vec<u8>,
    pub(super) len: usize,
    /// The file the records name.
    #[serde(with = "super::wire::one")]
    pub(super) file: super::Text,
    /// Its sheets summed up for the tabulation rule.
    pub(super) tables: super::tabulations::FileTables,
}

impl FileRead {
    /// The reading of one file, its records keeping the `fields` asked for (their signatures
    /// for finding copies taken from every field first).
    pub(super) fn of(mut part: Part, rel: &str, hash: u64, fields: Fields) -> FileRead {
        let rows = super::copies::signatures(&part.records);
        for r in &mut part.records {
            r.loose = super::Loose::default();
            // A register row's case is set as it is read; any other row's from its fields.
            if r.case == super::CaseText::default() {
                let field = |key: &str| r.fields.get(key).map(|t| t.as_str());
                r.case = super::CaseText::of(field("当事人"), field("案号"));
            }
            if fields != Fields::Every {
                r.fields.retain(|name| fields.keeps(name));
            }
        }
        FileRead {
            rows,
            records: part.records,
            declared: part.declared,
            findings: part.findings.into_iter().map(WireFinding::from).collect(),
            readings: part.readings.into_iter().map(WireReading::from).collect(),
            series: part.series,
            kinds: part.files.remove(&super::text(rel)),
            hash,
            encoded: None,
        }
    }

    /// Puts the records in the form they travel and are kept in (see [`Encoded`]).
    fn encode_records(&mut self) -> Result<(), postcard::Error> {
        let Some(file) = self.records.first().map(|r| r.origin.file) else {
            return Ok(());
        };
        let records = std::mem::take(&mut self.records);
        self.encoded = Some(Encoded {
            bytes: super::wire::encode(&records)?,
            len: records.len(),
            file,
            tables: super::tabulations::FileTables::of(&records),
        });
        Ok(())
    }

    pub(super) fn readings(&mut self) -> Vec<SheetReading> {
        std::mem::take(&mut self.readings)
            .into_iter()
            .map(|w| SheetReading {
                file: w.file,
                sheet: w.sheet,
                outcome: w.outcome,
                kind: w.kind.as_deref().map(super::wire::intern),
                records: w.records,
                how: w.how,
            })
            .collect()
    }

    pub(super) fn findings(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.findings)
            .into_iter()
            .map(Finding::from)
            .collect()
    }

    /// A file whose reading failed: one error naming it and why, one reading line.
    fn failed(rel: &str, why: &str, hint: &str) -> FileRead {
        let finding = Finding::error(rel, format!("{why}，其中的台账没有读取"))
            .hint(hint)
            .unreadable();
        FileRead {
            records: Vec::new(),
            declared: Vec::new(),
            findings: vec![WireFinding::from(finding)],
            readings: vec![WireReading::from(SheetReading::not_read(rel, "", why))],
            series: Vec::new(),
            kinds: None,
            hash: 0,
            rows: Vec::new(),
            encoded: None,
        }
    }
}

/// A reading line, its kind owned.
#[derive(Debug, Serialize, Deserialize)]
struct WireReading {
    #[serde(with = "super::wire::one")]
    file: super::Text,
    #[serde(with = "super::wire::one")]
    sheet: super::Text,
    outcome: super::reading::Outcome,
    kind: Option<String>,
    records: usize,
    #[serde(with = "super::wire::one")]
    how: super::Text,
}

impl From<SheetReading> for WireReading {
    fn from(r: SheetReading) -> WireReading {
        WireReading {
            file: r.file,
            sheet: r.sheet,
            outcome: r.outcome,
            kind: r.kind.map(str::to_string),
            records: r.records,
            how: r.how,
        }
    }
}

/// A finding with every field (the JSON form leaves some out).
#[derive(Debug, Serialize, Deserialize)]
struct WireFinding {
    severity: Severity,
    file: String,
    sheet: Option<String>,
    row: Option<u32>,
    column: Option<String>,
    message: String,
    hint: Option<String>,
    unreadable: bool,
}

impl From<Finding> for WireFinding {
    fn from(f: Finding) -> WireFinding {
        WireFinding {
            severity: f.severity,
            file: f.file,
            sheet: f.sheet,
            row: f.row,
            column: f.column,
            message: f.message,
            hint: f.hint,
            unreadable: f.unreadable,
        }
    }
}

impl From<WireFinding> for Finding {
    fn from(w: WireFinding) -> Finding {
        Finding {
            severity: w.severity,
            file: w.file,
            sheet: w.sheet,
            row: w.row,
            column: w.column,
            message: w.message,
            hint: w.hint,
            unreadable: w.unreadable,
        }
    }
}

/// Reads one file in this process, a panic in it caught and named.
pub(super) fn read_here(
    path: &Path,
    rel: &str,
    (year, fields): (i32, Fields),
    vocab: &Vocabulary,
) -> FileRead {
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut part = Part::default();
        let hash = super::Loose::keeping(fields == Fields::Every, || {
            super::workbook::read_file(path, rel, year, vocab, &mut part)
        });
        FileRead::of(part, rel, hash, fields)
    }));
    read.unwrap_or_else(|_| FileRead::failed(rel, "文件已损坏，读取时出错", SAVE_AGAIN))
}

const SAVE_AGAIN: &str = "请用 Excel 或 WPS 打开该文件，另存为 .xlsx 后放回 inputs 文件夹";

/// The worker's side: answers each "path\trel" line on stdin with the file's reading; `fields`
/// is the word [`Fields`] was started with ("traced", "every").
pub fn serve(inputs: &Path, year: i32, fields: &str) -> std::io::Result<()> {
    limit_self();
    let fields = Fields::from_word(fields);
    let vocab = Vocabulary::load(inputs).unwrap_or_default();
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line?;
        let Some((path, rel)) = line.split_once('\t') else {
            continue;
        };
        let mut read = read_here(Path::new(path), rel, (year, fields), &vocab);
        read.encode_records().map_err(std::io::Error::other)?;
        let bytes = super::wire::encode(&read).map_err(std::io::Error::other)?;
        drop(read);
        out.write_all(&(bytes.len() as u64).to_le_bytes())?;
        out.write_all(&bytes)?;
        out.flush()?;
        drop(bytes);
        give_back_memory();
    }
    Ok(())
}

/// Returns the memory a large file's reading freed to the system, so an idle reader holds
/// little while the main process counts (glibc keeps freed small blocks otherwise).
fn give_back_memory() {
    // A small file's few megabytes are kept for the next file: trimming after each of a
    // thousand small workbooks costs more in fresh pages than it saves.
    const KEEP_MB: u64 = 64;
    if resident_mb(std::process::id()).is_some_and(|mb| mb <= KEEP_MB) {
        return;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap pages; it touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The resident memory past which a reader is replaced by a fresh one after its file, in MiB.
const RECYCLE_MB: u64 = 28;

/// A reader's size is taken once its first files have settled it; one that has since grown
/// by more than [`DRIFT_MB`] (texts interned, answers kept, a heap left in pieces by some
/// run of files) is replaced after its file, so a district's thousands of files leave every
/// reader about the size its first ones did.
const SETTLE_FILES: u32 = 8;
const DRIFT_MB: u64 = 3;

/// The most files one reader reads: what it keeps from file to file (texts interned, answers
/// remembered) is then bounded by what a few hundred files hold, so a district of 3,000
/// workbooks has readers no larger than one of 1,000. Starting a reader costs a few ms.
const LIFETIME_FILES: u32 = 256;

/// How a reader's resident memory has gone since it started (see [`SETTLE_FILES`]).
#[derive(Default)]
struct Growth {
    pid: u32,
    files: u32,
    settled: Option<u64>,
}

impl Growth {
    /// Whether reader `pid`, `mb` MiB resident after a file, should be replaced.
    fn outgrown(&mut self, pid: u32, mb: u64) -> bool {
        if self.pid != pid {
            *self = Growth {
                pid,
                ..Growth::default()
            };
        }
        self.files += 1;
        if self.files == SETTLE_FILES {
            self.settled = Some(mb);
        }
        mb > RECYCLE_MB
            || self.files >= LIFETIME_FILES
            || self.settled.is_some_and(|s| mb > s + DRIFT_MB)
    }
}

/// Reads `files` (path, path relative to the inputs) in worker processes, handing each file's
/// reading to `take` in file order as soon as it and those before it are read (so a district's
/// readings are gathered while the rest are read, never all held at once).
pub(super) fn read_all(
    files: &super::files::Listed,
    (inputs, year, fields): (&Path, i32, Fields),
    vocab: &Vocabulary,
    isolation: &Isolation,
    take: &mut dyn FnMut(usize, FileRead),
) {
    let Isolation::Workers(limits) = isolation else {
        for i in 0..files.len() {
            if let (Some(path), Some(rel)) = (files.path(i), files.rel(i)) {
                take(i, read_here(&path, &rel, (year, fields), vocab));
            }
        }
        return;
    };
    let progress = progress(files.len());
    let next = Mutex::new(0usize);
    let workers = limits.workers.min(files.len()).max(1);
    let (done, readings) = mpsc::channel::<(usize, FileRead)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let done = done.clone();
            let (next, progress) = (&next, &progress);
            scope.spawn(move || {
                let mut worker: Option<Worker> = None;
                let mut growth = Growth::default();
                loop {
                    let i = {
                        let mut n = next.lock().unwrap_or_else(|p| p.into_inner());
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let (Some(path), Some(rel)) = (files.path(i), files.rel(i)) else {
                        break;
                    };
                    let read =
                        read_in_worker(&mut worker, &path, &rel, (inputs, year, fields), limits)
                            .unwrap_or_else(|| read_here(&path, &rel, (year, fields), vocab));
                    if done.send((i, read)).is_err() {
                        break;
                    }
                    // A reader grown past its settled size, or through its lifetime ([`Growth`]),
                    // is ended and the next file starts a fresh one: readers stay small over a district.
                    if worker.as_ref().is_some_and(|w| {
                        let pid = w.child.id();
                        resident_mb(pid).is_some_and(|mb| growth.outgrown(pid, mb))
                    }) {
                        if let Some(w) = worker.take() {
                            w.finish();
                        }
                    }
                    if let Some(bar) = progress {
                        bar.inc(1);
                    }
                }
                if let Some(w) = worker {
                    w.finish();
                }
            });
        }
        drop(done);
        // Readings that came before their turn wait here (a few: the readers take the files
        // in order).
        let mut waiting: std::collections::BTreeMap<usize, FileRead> = Default::default();
        let mut turn = 0;
        for (i, read) in readings.iter() {
            waiting.insert(i, read);
            while let Some(read) = waiting.remove(&turn) {
                take(turn, read);
                turn += 1;
            }
        }
        // A reader thread that ended without answering leaves its file unread, said so.
        for i in turn..files.len() {
            let rel = files.rel(i).map(|r| r.as_str()).unwrap_or_default();
            let read = waiting
                .remove(&i)
                .unwrap_or_else(|| FileRead::failed(rel, "文件没有读取", SAVE_AGAIN));
            take(i, read);
        }
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
}

/// A progress bar on the terminal for a run of many files; none when few, or when the output
/// goes to a file or another program.
fn progress(files: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if files < 50 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("读取台账 {bar:30} {pos}/{len} 个文件")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// A running reader process.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    answers: Receiver<Vec<u8>>,
    /// The end of what it wrote on stderr (why it stopped).
    said: Arc<Mutex<String>>,
}

impl Worker {
    fn start(
        (inputs, year, fields): (&Path, i32, Fields),
        limits: &Limits,
    ) -> std::io::Result<Worker> {
        let mut command = Command::new(&limits.exe);
        command
            .arg(WORKER_ARG)
            .arg(inputs)
            .arg(year.to_string())
            .arg(fields.word())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        limit(&mut command, limits);
        let mut child = command.spawn()?;
        let (Some(stdin), Some(mut stdout), Some(mut stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            return Err(std::io::Error::other("no pipes"));
        };
        let (tx, answers) = mpsc::channel();
        std::thread::spawn(move || loop {
            let mut len = [0u8; 8];
            if stdout.read_exact(&mut len).is_err() {
                break;
            }
            let mut bytes = vec![0u8; u64::from_le_bytes(len) as usize];
            if stdout.read_exact(&mut bytes).is_err() || tx.send(bytes).is_err() {
                break;
            }
        });
        let said = Arc::new(Mutex::new(String::new()));
        let tail = Arc::clone(&said);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut t = tail.lock().unwrap_or_else(|p| p.into_inner());
                t.push_str(&String::from_utf8_lossy(&buf[..n]));
                if t.len() > 8192 {
                    let cut = t.len() - 4096;
                    let cut = (cut..t.len()).find(|i| t.is_char_boundary(*i)).unwrap_or(0);
                    t.drain(..cut);
                }
            }
        });
        Ok(Worker {
            child,
            stdin,
            answers,
            said,
        })
    }

    fn finish(mut self) {
        drop(self.stdin);
        let _ = self.child.wait();
    }

    /// Why the worker stopped without an answer, as a finding's reason and hint.
    fn stopped(mut self, waited: Waited, limits: &Limits) -> (String, &'static str) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let said = self.said.lock().map(|s| s.clone()).unwrap_or_default();
        let out_of_memory = waited == Waited::Memory
            || said.contains("memory allocation")
            || said.contains("capacity overflow");
        if waited == Waited::Time {
            (
                format!("读取超过 {} 秒仍未完成，已停止读取", limits.seconds),
                "文件可能已损坏，或大得不像一本台账：请用 Excel 或 WPS 打开检查，另存为 .xlsx 后放回；确是很大的台账请按月份拆成几个文件",
            )
        } else if out_of_memory {
            (
                format!(
                    "读取时需要的内存超过 {} MB，已停止读取（文件可能已损坏，或解压后极大）",
                    limits.memory_mb
                ),
                "请用 Excel 或 WPS 打开该文件检查，另存为 .xlsx 后放回；确是很大的台账请按月份拆成几个文件",
            )
        } else {
            ("文件已损坏，读取时出错".to_string(), SAVE_AGAIN)
        }
    }
}

/// Reads one file in the worker (started when there is none); `None` when no worker can be
/// started (the file is then read in this process).
fn read_in_worker(
    worker: &mut Option<Worker>,
    path: &Path,
    rel: &str,
    place: (&Path, i32, Fields),
    limits: &Limits,
) -> Option<FileRead> {
    if worker.is_none() {
        *worker = Worker::start(place, limits).ok();
    }
    // A name the request line cannot carry is read here.
    let path_text = path.to_str().filter(|p| !p.contains(['\t', '\n']))?;
    if rel.contains(['\t', '\n']) {
        return None;
    }
    let w = worker.as_mut()?;
    let request = format!("{path_text}\t{rel}\n");
    let sent = w.stdin.write_all(request.as_bytes()).is_ok() && w.stdin.flush().is_ok();
    let answer = if sent {
        wait(w, limits)
    } else {
        Err(Waited::Gone)
    };
    let read =
        answer.and_then(|bytes| super::wire::decode::<FileRead>(&bytes).map_err(|_| Waited::Gone));
    match read {
        Ok(read) => Some(read),
        Err(waited) => {
            let (why, hint) = worker.take()?.stopped(waited, limits);
            Some(FileRead::failed(rel, &why, hint))
        }
    }
}

/// Why no answer came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Waited {
    /// The reader ended (crashed) or its answer could not be read.
    Gone,
    /// The file took longer than its time.
    Time,
    /// The reader's resident memory went past the limit.
    Memory,
}

/// Waits for the reader's answer, watching its time and, where the system tells it, its
/// resident memory (looked at every 10 ms: a reader cannot fill much more in that time).
fn wait(w: &Worker, limits: &Limits) -> Result<Vec<u8>, Waited> {
    let start = std::time::Instant::now();
    let wall = Duration::from_secs(limits.seconds.max(1));
    let tick = Duration::from_millis(10);
    let pid = w.child.id();
    loop {
        match w.answers.recv_timeout(tick) {
            Ok(bytes) => return Ok(bytes),
            Err(RecvTimeoutError::Disconnected) => return Err(Waited::Gone),
            Err(RecvTimeoutError::Timeout) => {}
        }
        if resident_mb(pid).is_some_and(|mb| mb > limits.memory_mb) {
            return Err(Waited::Memory);
        }
        if start.elapsed() >= wall {
            return Err(Waited::Time);
        }
    }
}

/// A process's resident memory in MiB (Linux: `/proc/<pid>/statm`); `None` elsewhere.
fn resident_mb(pid: u32) -> Option<u64> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let statm = std::fs::read_to_string(format!("/proc/{pid}/statm")).ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * page_size() / (1024 * 1024))
}

fn page_size() -> u64 {
    #[cfg(unix)]
    // SAFETY: sysconf reads a constant of the system.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    #[cfg(not(unix))]
    let size = 4096;
    u64::try_from(size).unwrap_or(4096)
}

/// The address space a reader may reserve. Where its resident memory is watched (Linux) the
/// limit on what it holds is `memory_mb` and this is a backstop at twice that (address space
/// counts memory reserved and never touched: a sound 1,048,576-row register reserves more
/// than it holds); elsewhere it is the limit itself.
fn address_space_mb(limits: &Limits) -> u64 {
    if cfg!(target_os = "linux") {
        limits.memory_mb.saturating_mul(2)
    } else {
        limits.memory_mb
    }
}

/// The variable that gives a reader the address space it may reserve, in MiB.
const ADDRESS_SPACE_VAR: &str = "GONGWEN_READER_ADDRESS_MB";

/// The memory limit of a reader process, passed for the reader to set on itself before it
/// reads anything (its time is limited per file, by the wall clock: a processor-time limit
/// would add up over the files one worker reads). Set by the reader rather than between fork
/// and exec, the process is started without a copy of this one (a fork of a process holding a
/// district's records shows their memory twice until it execs).
fn limit(command: &mut Command, limits: &Limits) {
    command.env(ADDRESS_SPACE_VAR, address_space_mb(limits).to_string());
}

/// The reader's side of [`limit`]: the address space limit it was given, set on itself.
fn limit_self() {
    let Some(mb) = std::env::var(ADDRESS_SPACE_VAR)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    else {
        return;
    };
    #[cfg(unix)]
    {
        let bytes = mb.saturating_mul(1024 * 1024) as libc::rlim_t;
        let lim = libc::rlimit {
            rlim_cur: bytes,
            rlim_max: bytes,
        };
        // SAFETY: setrlimit reads the struct passed and changes only this process's limit.
        unsafe {
            libc::setrlimit(libc::RLIMIT_AS, &lim);
        }
    }
    #[cfg(not(unix))]
    let _ = mb;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mediation ledger of two cases, as a clerk saves it from Excel.
    const LEDGER: &str = "日期,当事人,案号,来源,纠纷类型,调解结果,备注\n\
        2024-03-05,张三与李四,（2024）调字第1号,法院,邻里纠纷,调解成功,已回访\n\
        2024-04-09,王五与赵六,（2024）调字第2号,派出所,婚姻家庭纠纷,调解不成,\n";

    fn read(fields: Fields) -> FileRead {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("调解台账.csv");
        std::fs::write(&path, LEDGER).unwrap();
        read_here(
            &path,
            "调解台账.csv",
            (2024, fields),
            &Vocabulary::default(),
        )
    }

    #[test]
    fn a_reader_that_grows_past_its_settled_size_is_replaced_and_a_fresh_one_settles_anew() {
        let mut g = Growth::default();
        // Its first files: growing from nothing is no reason.
        for mb in [9, 11, 12, 13, 13, 13, 13] {
            assert!(!g.outgrown(100, mb));
        }
        assert!(!g.outgrown(100, 14), "the eighth file settles it at 14");
        assert!(!g.outgrown(100, 16));
        assert!(!g.outgrown(100, 17));
        assert!(g.outgrown(100, 18), "3 MB past its settled size");
        // The next reader is judged by its own first files.
        for _ in 0..SETTLE_FILES {
            assert!(!g.outgrown(200, 20));
        }
        assert!(!g.outgrown(200, 23));
        assert!(g.outgrown(200, 24));
        // Past the hard limit at once, settled or not.
        assert!(g.outgrown(300, RECYCLE_MB + 1));
        // However steady, a reader reads its lifetime's files and no more.
        let read_before_ending = (1..=LIFETIME_FILES * 2)
            .position(|_| g.outgrown(400, 13))
            .map(|p| p as u32 + 1);
        assert_eq!(read_before_ending, Some(LIFETIME_FILES));
    }

    #[test]
    fn a_reader_keeps_the_traced_fields_and_every_case_its_parties() {
        let traced = read(Fields::Traced);
        assert_eq!(traced.records.len(), 2);
        let first = &traced.records[0];
        assert_eq!(first.case.parties(), Some("张三与李四"));
        assert_eq!(first.case.number(), Some("（2024）调字第1号"));
        assert_eq!(
            first.fields.get("结果").map(|t| t.as_str()),
            Some("调解成功")
        );
        // Nothing later reads them: not kept, never interned, only hashed for copies.
        assert!(first.fields.get("当事人").is_none() && first.fields.get("案号").is_none());
        assert_eq!(first.loose, Default::default());
        assert_eq!(traced.records[1].case.parties(), Some("王五与赵六"));
        // Every field for `explain`, as written.
        let every = read(Fields::Every);
        let first = &every.records[0];
        assert_eq!(
            first.fields.get("当事人").map(|t| t.as_str()),
            Some("张三与李四")
        );
        assert_eq!(
            first.fields.get("案号").map(|t| t.as_str()),
            Some("（2024）调字第1号")
        );
        assert_eq!(first.case.parties(), Some("张三与李四"));
        // Two different rows, two numbers for finding copies, whichever fields are kept.
        assert_eq!((traced.rows.len(), every.rows.len()), (2, 2));
    }
}
