//! The `gongwen` command: parses the command line and hands over to [`gongwen::pipeline`].

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
    help_template = HELP_TEMPLATE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "命令",
    next_help_heading = "选项",
    after_help = "退出码：0 完成；1 台账或模板有问题，未生成报告；2 命令写错或文件无法读取。"
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
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Build(BuildArgs),
    /// 列出从台账统计出的全部数据及其名称（模板中 {{名称}} 用的就是这些名称）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Facts(FactsArgs),
}

#[derive(Args, Clone, Default)]
struct CommonArgs {
    /// 台账所在的文件夹
    #[arg(long, value_name = "文件夹", default_value = "inputs")]
    inputs: PathBuf,
    /// 统计年度（默认取报告模板中的“报告年度”）
    #[arg(long, value_name = "年份")]
    year: Option<i32>,
    /// 报告模板（默认 <台账文件夹>/报告模板.txt）
    #[arg(long, value_name = "文件")]
    template: Option<PathBuf>,
}

#[derive(Args, Clone, Default)]
struct BuildArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// 版式文件（默认 styles/gbt9704.toml）
    #[arg(long, value_name = "文件")]
    styles: Option<PathBuf>,
    /// 报告输出的文件夹
    #[arg(long, value_name = "文件夹", default_value = "out")]
    out: PathBuf,
}

#[derive(Args, Clone)]
struct FactsArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// 以 JSON 输出：一个对象，键为数据名称，值为数字（比率为 0 到 100）
    #[arg(long)]
    json: bool,
}

fn options(common: &CommonArgs) -> Options {
    Options {
        inputs: common.inputs.clone(),
        template: common.template.clone(),
        year: common.year,
        ..Options::default()
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let code = match cli.command {
        None => build(&cli.build),
        Some(Command::Build(args)) => build(&args),
        Some(Command::Facts(args)) => facts(&args),
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
        .replace("tip:", "提示：");
    eprint!("{text}");
    ExitCode::from(2)
}

fn print_findings(findings: &[Finding]) {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(a.file.cmp(&b.file))
            .then(a.row.cmp(&b.row))
    });
    for f in sorted {
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
        ..options(&args.common)
    };
    match pipeline::build(&opts) {
        Ok(built) => {
            print_findings(&built.findings);
            out!(
                "已生成 {}（{} 年度，用到 {} 项数据，读取 {} 个台账文件共 {} 行）",
                built.path.display(),
                built.year,
                built.used.len(),
                built.ingested.files.len(),
                built.ingested.records.len()
            );
            0
        }
        Err(failure) => fail(failure),
    }
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
                    out!("  {} = {}（{} 行）", fact.name, value, fact.rows.len());
                }
            }
            0
        }
        Err(failure) => fail(failure),
    }
}
