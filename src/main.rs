//! The `gongwen` command: parses the command line and hands over to [`gongwen::pipeline`].

// No panics in gongwen's own paths (see lib.rs).
#![deny(clippy::unwrap_used, clippy::expect_used)]

use clap::{Args, Parser, Subcommand};
use gongwen::diag::{Finding, Severity};
use gongwen::pipeline::{self, Failure, Options};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Prints to standard output; a closed pipe (`gongwen facts | head`) is not an error.
macro_rules! out {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

const HELP_TEMPLATE: &str = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}";

/// 把各办公室的台账汇总成符合 GB/T 9704-2012 的年度报告（Word 文档）。
///
/// 不带任何参数运行即生成报告：读取 inputs 文件夹中的台账和报告模板，写出 out/<标题>.docx。
#[derive(Parser)]
#[command(
    name = "gongwen",
    version,
    override_usage = "gongwen [命令] [选项]",
    help_template = HELP_TEMPLATE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "命令",
    next_help_heading = "选项",
    after_help = "退出码：0 完成；1 台账或模板有问题，未生成报告；2 命令写错、文件无法读取或写入，或 PDF 转换失败（Word 报告已生成）。"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    build: BuildArgs,
    /// 显示本帮助
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本号
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Subcommand)]
enum Command {
    /// 生成报告（默认命令）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "gongwen build [选项]")]
    Build(BuildArgs),
    /// 列出从台账统计出的全部数据及其名称（模板中 {{名称}} 用的就是这些名称）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "gongwen facts [选项]")]
    Facts(FactsArgs),
    /// 核对台账：合计对不上、重复登记、日期不在本年度等问题，逐条列出文件、工作表和行
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "gongwen check [选项]")]
    Check(FactsArgs),
    /// 准备下一年的台账文件夹：各办公室的空白台账、改好年份的报告模板和填表说明
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "gongwen init [新文件夹] [选项]")]
    Init(InitArgs),
    /// 列出某一个数据是由台账中哪些行统计出来的
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "gongwen explain <数据名称> [选项]")]
    Explain(ExplainArgs),
}

#[derive(Args, Clone)]
struct ExplainArgs {
    /// 数据名称，例如 调解.来源.法院.受理（运行 gongwen facts 可列出全部名称）
    #[arg(value_name = "数据名称")]
    fact: String,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Args, Clone)]
struct InitArgs {
    /// 要新建的文件夹（默认在今年的台账文件夹旁边新建“<新年度>年台账”，例如 2025年台账）；已经存在时不做任何改动
    #[arg(value_name = "新文件夹")]
    dir: Option<PathBuf>,
    /// 今年的台账文件夹（默认 inputs），按其中的办公室文件夹和台账准备新的
    #[arg(
        long,
        value_name = "文件夹",
        default_value = "inputs",
        hide_default_value = true
    )]
    inputs: PathBuf,
    /// 新的年度（默认取今年报告模板的“报告年度”加 1）
    #[arg(long, value_name = "年份")]
    year: Option<i32>,
    /// 今年的报告模板（默认 <台账文件夹>/报告模板.txt）
    #[arg(long, value_name = "文件")]
    template: Option<PathBuf>,
}

#[derive(Args, Clone, Default)]
struct CommonArgs {
    /// 台账所在的文件夹（默认 inputs）
    #[arg(
        long,
        value_name = "文件夹",
        default_value = "inputs",
        hide_default_value = true
    )]
    inputs: PathBuf,
    /// 统计年度（默认取报告模板中的“报告年度”）
    #[arg(long, value_name = "年份")]
    year: Option<i32>,
    /// 报告模板（默认 <台账文件夹>/报告模板.txt）
    #[arg(long, value_name = "文件")]
    template: Option<PathBuf>,
    /// 上年台账所在的文件夹，模板中 {{…|同比}} 与它比较（默认 <台账文件夹>/<上年年份>）
    #[arg(long, value_name = "文件夹")]
    previous: Option<PathBuf>,
}

#[derive(Args, Clone, Default)]
struct BuildArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// 版式文件（默认 styles/gbt9704.toml）
    #[arg(long, value_name = "文件")]
    styles: Option<PathBuf>,
    /// 报告输出的文件夹（默认 out）
    #[arg(
        long,
        value_name = "文件夹",
        default_value = "out",
        hide_default_value = true
    )]
    out: PathBuf,
    /// 即使核对发现错误也生成报告（报告中的数字可能有误，请先核对）
    #[arg(long)]
    force: bool,
    /// 同时生成 PDF（out/<标题>.pdf，需要安装 LibreOffice）
    #[arg(long)]
    pdf: bool,
}

#[derive(Args, Clone)]
struct FactsArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// 以 JSON 输出（facts：数据名称到数字的对象，比率为 0 到 100；check：问题的数组）
    #[arg(long)]
    json: bool,
}

fn options(common: &CommonArgs) -> Options {
    Options {
        inputs: common.inputs.clone(),
        template: common.template.clone(),
        year: common.year,
        previous: common.previous.clone(),
        isolation: gongwen::ingest::Isolation::workers(),
        ..Options::default()
    }
}

/// `gongwen __read-worker <inputs> <year>`: a reader of workbooks for another gongwen.
fn worker(args: &[String]) -> ExitCode {
    let (Some(inputs), Some(year)) = (args.get(2), args.get(3).and_then(|y| y.parse().ok())) else {
        return ExitCode::from(2);
    };
    let fields = args.get(4).map_or("traced", String::as_str);
    match gongwen::ingest::worker::serve(std::path::Path::new(inputs), year, fields) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}

/// One malloc heap for the whole process (glibc gives threads their own, up to eight per core):
/// the threads that gather a district's readings free what others allocated, and each heap
/// kept its freed pages resident: 82 MB at 3,000 workbooks with two heaps, 76 MB with one, and
/// no slower (the readers, in their own processes, do the work).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn few_heaps() {
    // SAFETY: mallopt only sets a tuning value of the allocator, before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn few_heaps() {}

fn main() -> ExitCode {
    few_heaps();
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(gongwen::ingest::worker::WORKER_ARG) {
        return worker(&args);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let code = match cli.command {
        None => build(&cli.build),
        Some(Command::Build(args)) => build(&args),
        Some(Command::Facts(args)) => facts(&args),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Explain(args)) => explain(&args),
        Some(Command::Init(args)) => init(&args),
    };
    ExitCode::from(code)
}

fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let text = e
        .to_string()
        .replace("error:", "错误：")
        .replace("Usage:", "用法：")
        .replace(
            "For more information, try '--help'.",
            "运行 gongwen --help 查看用法。",
        )
        .replace("unexpected argument", "不认识的参数")
        .replace("invalid value", "参数值无效")
        .replace("for '", "（参数 '")
        .replace("tip:", "提示：")
        .replace(
            "the following required arguments were not provided:",
            "缺少必须的参数：",
        )
        .replace("a value is required for", "缺少参数值：")
        .replace("but none was supplied", "")
        .replace("unrecognized subcommand", "不认识的命令");
    eprint!("{text}");
    ExitCode::from(2)
}

/// Findings grouped by file, errors first within each file.
fn sorted(findings: &[Finding]) -> Vec<&Finding> {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by(|a, b| {
        a.file
            .cmp(&b.file)
            .then(a.severity.cmp(&b.severity))
            .then(a.sheet.cmp(&b.sheet))
            .then(a.row.cmp(&b.row))
    });
    sorted
}

fn print_findings(findings: &[Finding]) {
    for f in sorted(findings) {
        eprintln!("{f}");
    }
}

fn fail(failure: Failure) -> u8 {
    print_findings(&failure.findings);
    let errors = failure
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if failure.code == 1 {
        eprintln!("\n共 {errors} 个问题需要处理，报告未生成（原有报告保持不变）。");
    }
    failure.code as u8
}

fn build(args: &BuildArgs) -> u8 {
    let opts = Options {
        styles: args.styles.clone(),
        out: args.out.clone(),
        force: args.force,
        pdf: args.pdf,
        ..options(&args.common)
    };
    match pipeline::build(&opts) {
        Ok(built) => {
            print_findings(&built.findings);
            if built.forced {
                eprintln!(
                    "\n注意：核对发现错误，因使用了 --force 仍生成了报告，其中的数字可能有误。"
                );
            }
            out!(
                "已生成 {}（{} 年度，用到 {} 项数据，读取 {} 个台账文件共 {} 行）",
                built.path.display(),
                built.year,
                built.used.len(),
                built.ingested.files.len(),
                built.ingested.records.len()
            );
            out!("每个数字来自哪些行，见 {}", built.checklist.display());
            built.pdf.as_ref().map_or(0, report_pdf)
        }
        Err(failure) => fail(failure),
    }
}

/// Says what became of the PDF; exit code 0 unless LibreOffice is there and failed.
fn report_pdf(pdf: &pipeline::PdfOutcome) -> u8 {
    use gongwen::pdf::PdfError;
    let code = match &pdf.result {
        Ok(path) => {
            out!("已生成 {}", path.display());
            0
        }
        Err(PdfError::NotInstalled) => {
            eprintln!(
                "未生成 PDF：这台电脑没有安装 LibreOffice（找不到 soffice）。Word 报告已经生成，不受影响。\n\
                 需要 PDF 时，请安装 LibreOffice（https://zh-cn.libreoffice.org/ 下载；\
                 Debian/Ubuntu 可运行 sudo apt-get install libreoffice-writer），再运行 gongwen build --pdf；\
                 也可以用 Word 或 WPS 打开报告，另存为 PDF。"
            );
            0
        }
        Err(PdfError::Failed(reason)) => {
            eprintln!(
                "未生成 PDF：{reason}。Word 报告已经生成，不受影响；可以再试一次，\
                 或用 Word、WPS 打开报告另存为 PDF。"
            );
            2
        }
    };
    if pdf.stale_removed {
        eprintln!("以前生成的 PDF 已删除，以免它与新报告的数字不一致。");
    }
    code
}

fn facts(args: &FactsArgs) -> u8 {
    match pipeline::count(&options(&args.common)) {
        Ok(counted) => {
            print_findings(&counted.findings);
            if args.json {
                out!("{}", counted.facts.to_json());
            } else {
                out!("{} 年度数据（名称 = 数值，行数）：", counted.year);
                for fact in counted.facts.iter() {
                    let value = if fact.is_rate {
                        gongwen::template::Format::Percent.apply(fact.value)
                    } else {
                        gongwen::template::Format::Plain.apply(fact.value)
                    };
                    out!("  {} = {}（{} 行）", fact.name, value, fact.rows);
                }
            }
            0
        }
        Err(failure) => fail(failure),
    }
}

fn check(args: &FactsArgs) -> u8 {
    let counted = match pipeline::check(&options(&args.common)) {
        Ok(c) => c,
        Err(failure) if args.json => {
            // A run that stopped early (the template cannot be read, no ledgers) still answers
            // in JSON: no readings, the findings that stopped it.
            let all = serde_json::json!({
                "readings": [],
                "findings": sorted(&failure.findings),
            });
            out!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
            return failure.code as u8;
        }
        Err(failure) => return fail(failure),
    };
    let findings = sorted(&counted.findings);
    let errors = findings.iter().filter(|f| f.is_error()).count();
    if args.json {
        let all = serde_json::json!({
            "readings": counted.ingested.readings,
            "findings": findings,
        });
        // Strings and numbers always serialise.
        out!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
        return u8::from(errors > 0);
    }
    print_readings(&counted.ingested.readings);
    if findings.is_empty() {
        out!("{} 年度的台账核对完毕，没有发现问题。", counted.year);
    } else {
        let mut file = None;
        for f in &findings {
            if file != Some(&f.file) {
                out!("\n【{}】", if f.file.is_empty() { "其他" } else { &f.file });
                file = Some(&f.file);
            }
            let label = if f.is_error() { "错误" } else { "提醒" };
            let mut place = Vec::new();
            if let Some(s) = &f.sheet {
                place.push(format!("工作表“{s}”"));
            }
            if let Some(r) = f.row {
                place.push(format!("第 {r} 行"));
            }
            if let Some(c) = &f.column {
                place.push(format!("{c} 列"));
            }
            let place = if place.is_empty() {
                String::new()
            } else {
                format!("{}：", place.join("，"))
            };
            out!("  {label}  {place}{}", f.message);
            if let Some(h) = &f.hint {
                out!("        处理办法：{h}");
            }
        }
        out!(
            "\n共 {errors} 个错误、{} 个提醒。{}",
            findings.len() - errors,
            if errors > 0 {
                "有错误时不会生成报告，请先改正。"
            } else {
                "提醒不影响生成报告。"
            }
        );
    }
    u8::from(errors > 0)
}

/// The reading summary: per file, one line a sheet.
fn print_readings(readings: &[gongwen::ingest::SheetReading]) {
    out!("读取情况（每个工作表一行）：");
    let mut file = None;
    for r in readings {
        if file != Some(&r.file) {
            out!("【{}】", r.file);
            file = Some(&r.file);
        }
        out!("  {}", r.line());
    }
}

fn explain(args: &ExplainArgs) -> u8 {
    // Each row is shown with every field as written.
    let opts = pipeline::Options {
        fields: gongwen::ingest::Fields::Every,
        ..options(&args.common)
    };
    let counted = match pipeline::count(&opts) {
        Ok(c) => c,
        Err(failure) => return fail(failure),
    };
    let Some(fact) = counted.facts.get(&args.fact) else {
        let mut near: Vec<(usize, &str)> = counted
            .facts
            .names()
            .map(|n| (gongwen::text::edit_distance(&args.fact, n), n))
            .collect();
        near.sort();
        let names: Vec<&str> = near.iter().take(3).map(|(_, n)| *n).collect();
        eprintln!(
            "错误：没有名为“{}”的数据。最接近的名称：{}",
            args.fact,
            names.join("、")
        );
        return 2;
    };
    let format = if fact.is_rate {
        gongwen::template::Format::Percent
    } else {
        gongwen::template::Format::Plain
    };
    out!(
        "{} = {}（{} 年度，来自以下 {} 行）",
        fact.name,
        format.apply(fact.value),
        counted.year,
        fact.rows
    );
    let mut walk = counted.ingested.records.cursor();
    while let Some(record) = walk.next() {
        if !fact.counts(record) {
            continue;
        }
        let origin = &record.origin;
        let mut line = format!("  {}", origin.file);
        if !origin.sheet.is_empty() {
            line.push_str(&format!("，工作表“{}”", origin.sheet));
        }
        line.push_str(&format!("，第 {} 行", origin.row));
        if let Some(c) = &origin.column {
            line.push_str(&format!("，{c} 列"));
        }
        {
            let r = record;
            let mut parts: Vec<String> = Vec::new();
            if let Some(d) = r.date {
                parts.push(d.to_string());
            }
            for (k, v) in &r.fields {
                if k != "日期" {
                    parts.push(format!("{k} {v}"));
                }
            }
            if r.count != 1.0 {
                parts.push(format!(
                    "计 {}",
                    gongwen::template::Format::Plain.apply(r.count)
                ));
            }
            line.push_str(&format!("：{}", parts.join("，")));
        }
        out!("{line}");
    }
    match gongwen::pipeline::unlost(&counted.ingested) {
        Ok(()) => 0,
        Err(failure) => fail(failure),
    }
}

fn init(args: &InitArgs) -> u8 {
    let opts = gongwen::init::InitOptions {
        inputs: args.inputs.clone(),
        template: args.template.clone(),
        year: args.year,
        dir: args.dir.clone(),
        isolation: gongwen::ingest::Isolation::workers(),
    };
    let made = match gongwen::init::prepare(&opts) {
        Ok(made) => made,
        Err(failure) => {
            print_findings(&failure.findings);
            if failure.code == 1 {
                eprintln!(
                    "\n今年的报告模板有问题，没有新建文件夹：请先改正模板，再运行 gongwen init。"
                );
            }
            return failure.code as u8;
        }
    };
    let dir = made.dir.display().to_string();
    out!("已新建 {dir}（{} 年度），其中：", made.year);
    for file in &made.files {
        let note = if file == pipeline::DEFAULT_TEMPLATE {
            "（年份已改为 {year} 年；“成文日期”空着，领导签发后填写）"
                .replace("{year}", &made.year.to_string())
        } else {
            String::new()
        };
        out!("  {dir}/{file}{note}");
    }
    if !made.template {
        out!("今年的台账文件夹里没有报告模板，没有带过去：请把报告模板.txt 放进 {dir}。");
    }
    if !made.other_years.is_empty() {
        out!("报告模板中还写有别的年份，没有改动，请核对是否要改：");
        for (line, year) in &made.other_years {
            out!("  第 {line} 行：{year}");
        }
    }
    out!(
        "下一步：把各办公室填好的台账放进 {dir} 里对应的文件夹（填法见 {dir}/填表说明.txt），然后运行 gongwen --inputs {dir}"
    );
    0
}
