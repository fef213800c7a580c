//! The stages wired together: what `gongwen build` and `gongwen facts` do, callable from tests.
//!
//! A build reads the template, ingests the inputs for the report year, reconciles, computes the
//! facts, fills the template and renders the .docx, which is written to a temporary file in the
//! output folder and renamed, so a failed build never leaves a half-written or changed report.

use crate::diag::Finding;
pub use crate::facts::Counted;
use crate::facts::{self, Facts};
use crate::ingest::{self, Ingested, LedgerKind};
use crate::output;
use crate::pdf::{self, PdfError};
use crate::render;
use crate::styles::Styles;
use crate::template::{self, Template, UsedFact};
use std::path::{Path, PathBuf};

/// The template looked for in the inputs folder when none is given.
pub const DEFAULT_TEMPLATE: &str = "报告模板.txt";
/// The styles file used when none is given (the built-in copy when it does not exist).
pub const DEFAULT_STYLES: &str = "styles/gbt9704.toml";

#[derive(Debug, Clone)]
pub struct Options {
    pub inputs: PathBuf,
    pub template: Option<PathBuf>,
    pub styles: Option<PathBuf>,
    pub out: PathBuf,
    pub year: Option<i32>,
    /// Last year's ledgers, for `{{x|同比}}` (else the inputs' sub-folder named for last year).
    pub previous: Option<PathBuf>,
    /// Write the report even when the checks found errors.
    pub force: bool,
    /// Also write `out/<标题>.pdf` (through LibreOffice).
    pub pdf: bool,
    /// How workbooks are read: the command line reads each in a child process under limits.
    pub isolation: ingest::Isolation,
    /// Which fields of each row are kept after reading (`gongwen explain` keeps every one).
    pub fields: ingest::Fields,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            inputs: PathBuf::from("inputs"),
            template: None,
            styles: None,
            out: PathBuf::from("out"),
            year: None,
            previous: None,
            force: false,
            pdf: false,
            isolation: ingest::Isolation::InProcess,
            fields: ingest::Fields::Traced,
        }
    }
}

/// Why a run stopped: the findings to print and the exit code (1: the inputs have problems,
/// 2: a file could not be read or the command was wrong).
#[derive(Debug)]
pub struct Failure {
    pub findings: Vec<Finding>,
    pub code: i32,
}

impl Failure {
    fn from(findings: Vec<Finding>) -> Failure {
        let code = if findings.iter().any(|f| f.unreadable) {
            2
        } else {
            1
        };
        Failure { findings, code }
    }

    fn usage(message: impl Into<String>, hint: impl Into<String>) -> Failure {
        Failure {
            findings: vec![Finding::error("", message).hint(hint).unreadable()],
            code: 2,
        }
    }
}

/// The name of the tracing workbook written beside the report.
pub const CHECKLIST: &str = "核对清单.xlsx";

/// A finished build.
#[derive(Debug)]
pub struct Built {
    pub path: PathBuf,
    /// `out/核对清单.xlsx`.
    pub checklist: PathBuf,
    /// Errors were found and the report was written anyway (`--force`).
    pub forced: bool,
    pub year: i32,
    pub facts: Facts,
    pub used: Vec<UsedFact>,
    pub ingested: Ingested,
    /// Warnings (and, with force, errors) the clerk should read.
    pub findings: Vec<Finding>,
    /// With `opts.pdf`: the PDF written beside the report, or why there is none.
    pub pdf: Option<PdfOutcome>,
}

/// What became of the PDF a build was asked for. The .docx is written either way.
#[derive(Debug)]
pub struct PdfOutcome {
    /// `out/<标题>.pdf`, written, or why not.
    pub result: Result<PathBuf, PdfError>,
    /// A PDF of an earlier build that was removed because no new one could be made.
    pub stale_removed: bool,
}

fn template_path(opts: &Options) -> PathBuf {
    opts.template
        .clone()
        .unwrap_or_else(|| opts.inputs.join(DEFAULT_TEMPLATE))
}

fn load_styles(opts: &Options) -> Result<Styles, Failure> {
    match &opts.styles {
        Some(path) => {
            Styles::load(path).map_err(|e| Failure::usage(e, "请检查 --styles 指定的版式文件"))
        }
        None if Path::new(DEFAULT_STYLES).exists() => Styles::load(Path::new(DEFAULT_STYLES))
            .map_err(|e| Failure::usage(e, "请改正 styles/gbt9704.toml，或删除它以使用内置版式")),
        None => Ok(Styles::builtin()),
    }
}

/// The template, if there is one: the one given, else `报告模板.txt` in the inputs folder.
fn load_template(opts: &Options) -> Result<Option<Template>, Failure> {
    let path = template_path(opts);
    if path.exists() || opts.template.is_some() {
        template::load(&path).map(Some).map_err(Failure::from)
    } else {
        Ok(None)
    }
}

/// Reads the inputs and counts the facts of the report year (`opts.year`, else the template's
/// 报告年度), with the findings of ingest and reconcile.
pub fn count(opts: &Options) -> Result<Counted, Failure> {
    check_inputs(opts)?;
    let template = load_template(opts)?;
    count_with(opts, template.as_ref())
}

fn count_with(opts: &Options, template: Option<&Template>) -> Result<Counted, Failure> {
    let year = match (opts.year, template) {
        (Some(y), _) => y,
        (None, Some(t)) => t.year.ok_or_else(|| {
            Failure::from(vec![Finding::error(
                &t.file,
                "模板没有写报告年度，标题里也没有年份",
            )
            .row(1)
            .hint("请在文件开头写“报告年度：2024”")])
        })?,
        (None, None) => {
            return Err(Failure::usage(
                "不知道要统计哪一年",
                "请用 --year 指定年份（例如 --year 2024），或在报告模板中写“报告年度：2024”",
            ))
        }
    };
    // gongwen's own output folder is never read as ledgers, wherever --out points, nor are
    // other years' ledgers kept in sub-folders named for their year.
    let years = year_folders(&opts.inputs);
    let others: Vec<&(i32, PathBuf)> = years.iter().filter(|(y, _)| *y != year).collect();
    let mut skip = vec![template_path(opts), opts.out.clone()];
    skip.extend(others.iter().map(|(_, p)| p.clone()));
    if let Some(p) = &opts.previous {
        skip.push(p.clone());
    }
    let ingested = ingest::ingest_with(&opts.inputs, year, &skip, &opts.isolation, opts.fields);
    if let Some(f) = no_ledgers(opts, &ingested) {
        return Err(f);
    }
    let (mut findings, facts) = tally(&ingested, year);
    unlost(&ingested)?;
    // Said after ingest's own findings, before reconcile's.
    let said = others.iter().map(|(other, dir)| {
        let name = dir
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        Finding::warning(
            &name,
            format!("子文件夹“{name}”以年份命名，当作 {other} 年的台账，没有计入 {year} 年"),
        )
        .hint(format!(
            "{year} 年的台账请不要放在这个文件夹里；它只用于模板中的“|同比”（与上年比较）"
        ))
    });
    let at = ingested.findings.len();
    findings.splice(at..at, said);
    let last = opts.previous.clone().or_else(|| {
        years
            .iter()
            .find(|(y, _)| *y == year - 1)
            .map(|(_, p)| p.clone())
    });
    let previous = match last {
        Some(dir) if template.is_some_and(Template::uses_change) => {
            Some(previous_year(opts, &dir, year - 1, &mut findings)?)
        }
        _ => None,
    };
    Ok(Counted {
        year,
        facts,
        previous,
        ingested,
        findings,
    })
}

/// Sub-folders of the inputs named for a year ("2023", "2023年", "2023年度", "2023年台账"),
/// with the year.
fn year_folders(inputs: &Path) -> Vec<(i32, PathBuf)> {
    let re = crate::text::compile(r"^(\d{4})(?:年|年度)?(?:台账)?$");
    let Ok(entries) = std::fs::read_dir(inputs) else {
        return Vec::new();
    };
    let mut found: Vec<(i32, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let year = re.captures(name.trim())?[1].parse().ok()?;
            Some((year, e.path()))
        })
        .collect();
    found.sort();
    found
}

/// Last year's facts from `dir`; its problems are named with the folder, since a 同比 figure
/// from a damaged ledger would be as wrong as any other.
fn previous_year(
    opts: &Options,
    dir: &Path,
    year: i32,
    findings: &mut Vec<Finding>,
) -> Result<Facts, Failure> {
    if !dir.is_dir() {
        return Err(Failure::usage(
            format!("上年台账文件夹 {} 不存在", dir.display()),
            "请检查 --previous 后面的文件夹名称",
        ));
    }
    let skip = [template_path(opts), opts.out.clone()];
    let ingested = ingest::ingest_with(dir, year, &skip, &opts.isolation, opts.fields);
    let label = dir
        .strip_prefix(&opts.inputs)
        .unwrap_or(dir)
        .to_string_lossy()
        .replace('\\', "/");
    let (own, facts) = tally(&ingested, year);
    unlost(&ingested)?;
    findings.extend(own.into_iter().map(|mut f| {
        f.file = format!("{label}/{}", f.file);
        f
    }));
    Ok(facts)
}

/// A stop when records kept on disk could not be read back: the figures would miss them.
pub fn unlost(ingested: &Ingested) -> Result<(), Failure> {
    if ingested.records.lost() {
        return Err(Failure::usage(
            "台账记录的临时文件读回失败（磁盘出错或已满），统计不完整，没有写出结果",
            "请检查临时文件夹所在磁盘的空间后重新运行",
        ));
    }
    Ok(())
}

/// One year's ledgers counted: ingest's findings then reconcile's, and the facts (counted on
/// reconcile's walk over the records).
fn tally(ingested: &Ingested, year: i32) -> (Vec<Finding>, Facts) {
    let t = std::time::Instant::now();
    let mut findings = ingested.findings.clone();
    let mut tally = facts::Tally::new(year);
    findings.extend(crate::reconcile::check_and(ingested, year, |r| {
        tally.add(r)
    }));
    let present = present_kinds(ingested);
    let facts = tally.facts(&present, &ingested.meeting_kinds);
    crate::diag::stage_time("reconcile and facts", t);
    (findings, facts)
}

/// Every problem in the inputs and the template, without writing anything.
pub fn check(opts: &Options) -> Result<Counted, Failure> {
    check_inputs(opts)?;
    let template = load_template(opts)?;
    let mut counted = count_with(opts, template.as_ref())?;
    if let Some(t) = &template {
        // A template not yet signed (成文日期 blank, as `gongwen init` leaves it): the ledgers
        // are checked all year; the build asks for the date.
        if t.missing_date().is_some() {
            counted.findings.push(
                Finding::warning(&t.file, "模板还没有写成文日期（领导签发的日期）")
                    .row(1)
                    .hint("现在可以照常核对台账；生成报告（gongwen build）前请在模板开头写好“成文日期：”，否则不会生成报告"),
            );
        }
        let present = present_kinds(&counted.ingested);
        let figures = template::Figures {
            facts: &counted.facts,
            previous: counted.previous.as_ref(),
            present: &present,
        };
        match template::fill(t, &figures) {
            Ok(filled) => counted.findings.extend(filled.warnings),
            Err(problems) => counted.findings.extend(problems),
        }
    }
    Ok(counted)
}

fn check_inputs(opts: &Options) -> Result<(), Failure> {
    if !opts.inputs.is_dir() {
        return Err(Failure::usage(
            format!("找不到台账文件夹 {}", opts.inputs.display()),
            "请把各办公室的台账放进 inputs 文件夹，或用 --inputs 指定文件夹",
        ));
    }
    let real = opts
        .inputs
        .canonicalize()
        .unwrap_or_else(|_| opts.inputs.clone());
    if is_system_folder(&real) {
        return Err(Failure::usage(
            format!("{} 是系统文件夹，不是台账文件夹，没有读取", real.display()),
            "请用 --inputs 指定放台账的文件夹，例如 --inputs inputs",
        ));
    }
    Ok(())
}

/// A file system's root or a folder of the operating system: never a folder of ledgers.
fn is_system_folder(path: &Path) -> bool {
    const SYSTEM: &[&str] = &[
        "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/run", "/sbin",
        "/sys", "/usr", "/var", "/System", "/Library",
    ];
    let text = path.to_string_lossy().replace('\\', "/");
    let lower = text.to_lowercase();
    path.parent().is_none()
        || SYSTEM
            .iter()
            .any(|s| text == *s || text.starts_with(&format!("{s}/")))
        || lower.ends_with(":/windows")
        || lower.contains(":/windows/")
        || lower.contains(":/program files")
}

/// No spreadsheet at all in the inputs folder: nothing to count, a usage error.
fn no_ledgers(opts: &Options, ingested: &Ingested) -> Option<Failure> {
    if !ingested.readings.is_empty() {
        return None;
    }
    Some(Failure::usage(
        format!(
            "台账文件夹 {} 里没有任何台账文件（.xlsx、.xls、.et、.ods、.csv 等）",
            opts.inputs.display()
        ),
        "请把各办公室的台账放进这个文件夹，或用 --inputs 指定放台账的文件夹",
    ))
}

fn present_kinds(ingested: &Ingested) -> Vec<LedgerKind> {
    LedgerKind::ALL
        .into_iter()
        .filter(|k| ingested.has(*k))
        .collect()
}

/// Builds the report: `out/<标题>.docx`, and `out/核对清单.xlsx` beside it. With errors in the
/// inputs nothing is written, unless `opts.force`.
pub fn build(opts: &Options) -> Result<Built, Failure> {
    check_inputs(opts)?;
    let styles = load_styles(opts)?;
    let template = template::load(&template_path(opts)).map_err(Failure::from)?;
    if let Some(unsigned) = template.missing_date() {
        return Err(Failure::from(vec![unsigned]));
    }
    let counted = count_with(opts, Some(&template))?;
    let present = present_kinds(&counted.ingested);
    let figures = template::Figures {
        facts: &counted.facts,
        previous: counted.previous.as_ref(),
        present: &present,
    };
    let mut filled = template::fill(&template, &figures).map_err(|mut problems| {
        problems.extend(counted.findings.iter().cloned());
        Failure::from(problems)
    })?;
    let mut counted = counted;
    counted.findings.append(&mut filled.warnings);
    let forced = counted.findings.iter().any(Finding::is_error);
    if forced && !opts.force {
        return Err(Failure::from(counted.findings));
    }
    let bytes = render::render(&filled.document, &styles);
    let path = opts
        .out
        .join(format!("{}.docx", output::file_name(&template.title)));
    let checklist = opts.out.join(CHECKLIST);
    let sheet = crate::checklist::book(&counted, &filled.used, &template).map_err(|e| {
        Failure::usage(
            format!("无法生成{CHECKLIST}：{e}"),
            "请把这条信息告诉维护人员",
        )
    })?;
    let lock = output::lock(&opts.out, LOCK_WAIT).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::WouldBlock {
            Failure::usage(
                format!(
                    "另一个 gongwen 正在向 {} 写报告，等了 {} 秒仍未完成",
                    opts.out.display(),
                    LOCK_WAIT.as_secs()
                ),
                "请等它完成后再运行；如果没有别的 gongwen 在运行，请重新运行一次",
            )
        } else {
            cannot_write(&e)
        }
    })?;
    // The checklist's rows are made as it is packed straight into its file; records that
    // cannot be read back on the way leave both files as they were.
    let records = &counted.ingested.records;
    let packed = output::Content::Written(Box::new(|file: &mut std::fs::File| {
        sheet.save(file)?;
        match records.lost() {
            true => Err(std::io::Error::other("台账记录的临时文件读回失败")),
            false => Ok(()),
        }
    }));
    let files = vec![
        (path.as_path(), output::Content::Bytes(&bytes)),
        (checklist.as_path(), packed),
    ];
    let t = std::time::Instant::now();
    let placed = output::put_all(files);
    unlost(&counted.ingested)?;
    placed.map_err(|e| cannot_write(&e))?;
    crate::diag::stage_time("checklist, packing and placing", t);
    let pdf = opts.pdf.then(|| write_pdf(&path));
    drop(lock);
    Ok(Built {
        pdf,
        path,
        checklist,
        forced,
        year: counted.year,
        facts: counted.facts,
        used: filled.used,
        findings: counted.findings,
        ingested: counted.ingested,
    })
}

/// Writes `<report>.pdf` beside the report. When none can be made, a PDF of an earlier build
/// there is removed, so the folder never holds a PDF whose figures differ from the report's.
fn write_pdf(docx: &Path) -> PdfOutcome {
    let target = docx.with_extension("pdf");
    let result = pdf::convert(docx).and_then(|bytes| {
        output::write_all(&[(&target, &bytes)])
            .map_err(|e| PdfError::Failed(format!("无法写入 {}：{}", e.file.display(), e.error)))
    });
    let stale_removed = result.is_err() && std::fs::remove_file(&target).is_ok();
    PdfOutcome {
        result: result.map(|()| target),
        stale_removed,
    }
}

/// How long a build waits for another build writing to the same folder.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// The report or the checklist could not be put in place: which one, and what to do. Neither
/// was changed.
fn cannot_write(e: &output::WriteError) -> Failure {
    Failure::usage(
        format!(
            "无法写入 {}（{}），报告和核对清单都没有改动",
            e.file.display(),
            e.error
        ),
        "这个文件可能正在 Word/WPS/Excel 中打开：请关闭它，并确认 out 文件夹可写，然后重新运行",
    )
}
