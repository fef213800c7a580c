//! `cargo bench --bench scale`: the district's workload, timed side by side in one run.
//!
//! For each scale (100,000, 1,000,000 and 3,000,000 rows in workbooks of 1,000 rows; choose
//! with `BENCH_SCALES=100000,1000000`; `register` is one workbook of 1,048,576 rows, Excel's
//! largest sheet), a corpus is made once under `target/bench-corpus/`
//! (`corpus.rs`, seeded), then four commands run on it, each as its own process: the floor (this
//! program with `--floor`: every cell of every file read with calamine's streaming reader and
//! nothing else, on as many threads as gongwen uses), `gongwen facts`, `gongwen check` and
//! `gongwen build --force`. Printed: wall time, ratio to the floor, peak resident memory.

mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--floor") {
        floor(Path::new(&args[i + 1]));
        return;
    }
    let scales: Vec<String> = std::env::var("BENCH_SCALES")
        .unwrap_or_else(|_| "100000,1000000,3000000,register".into())
        .split(',')
        .map(|s| s.trim().to_string())
        .collect();
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let root = PathBuf::from(target).join("bench-corpus");
    let gongwen = env!("CARGO_BIN_EXE_gongwen");
    let me = std::env::current_exe().unwrap();
    println!("| rows | workbooks | command | wall s | x floor | peak MB |");
    println!("|---:|---:|---|---:|---:|---:|");
    for scale in scales {
        // `register`: one workbook whose sheet holds every row Excel allows.
        let (rows, files) = match scale.as_str() {
            "register" => (u64::from(corpus::EXCEL_ROWS), 1),
            n => match n.parse::<u64>() {
                Ok(rows) => (rows, (rows / 1000).max(1) as u32),
                Err(_) => panic!("BENCH_SCALES: {n:?} is neither a row count nor `register`"),
            },
        };
        let dir = root.join(&scale);
        if !dir.join(".complete").exists() {
            let _ = std::fs::remove_dir_all(&dir);
            if scale == "register" {
                corpus::register(&dir, 2024);
            } else {
                corpus::make(&dir, files, rows, 2024);
            }
            std::fs::write(dir.join(".complete"), b"").unwrap();
        }
        let out = tempfile::tempdir().unwrap();
        let d = dir.to_str().unwrap();
        let runs: [(&str, Command); 4] = [
            ("floor (calamine, every cell)", cmd(&me, &["--floor", d])),
            (
                "gongwen facts",
                cmd(
                    Path::new(gongwen),
                    &["facts", "--year", "2024", "--inputs", d],
                ),
            ),
            (
                "gongwen check",
                cmd(
                    Path::new(gongwen),
                    &["check", "--year", "2024", "--inputs", d],
                ),
            ),
            (
                "gongwen build --force",
                cmd(
                    Path::new(gongwen),
                    &[
                        "build",
                        "--force",
                        "--inputs",
                        d,
                        "--out",
                        out.path().to_str().unwrap(),
                    ],
                ),
            ),
        ];
        let mut floor_s = 0.0;
        for (label, command) in runs {
            let (wall, peak, ok) = measure(command);
            if floor_s == 0.0 {
                floor_s = wall;
            }
            println!(
                "| {rows} | {files} | {label}{} | {wall:.2} | {:.1} | {peak:.0} |",
                if ok { "" } else { " (failed)" },
                wall / floor_s
            );
        }
    }
}

fn cmd(program: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    c
}

/// Runs a command: its wall time, its peak resident memory in MB (the process and its reader
/// processes together, sampled every 20 ms) and whether it ended with 0 or 1 (1: the made-up
/// ledgers have findings, which is expected).
fn measure(mut command: Command) -> (f64, f64, bool) {
    let start = Instant::now();
    let mut child = command.spawn().unwrap();
    let pid = child.id();
    let mut peak = 0u64;
    let status = loop {
        peak = peak.max(tree_rss_kb(pid));
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let wall = start.elapsed().as_secs_f64();
    (
        wall,
        peak as f64 / 1024.0,
        matches!(status.code(), Some(0 | 1)),
    )
}

/// The resident memory of a process and its children, in kB.
fn tree_rss_kb(pid: u32) -> u64 {
    let rss = |p: &str| {
        std::fs::read_to_string(format!("/proc/{p}/status"))
            .ok()
            .and_then(|s| {
                let line = s.lines().find(|l| l.starts_with("VmRSS:"))?.to_string();
                line.split_whitespace().nth(1)?.parse::<u64>().ok()
            })
            .unwrap_or(0)
    };
    let mut total = rss(&pid.to_string());
    // A child that has not yet exec'd (between the spawn and the exec of a reader) runs in its
    // parent's memory and reports the parent's resident set as its own: it is told by its
    // command line, still the parent's, and not counted twice.
    let cmdline = |p: &str| std::fs::read(format!("/proc/{p}/cmdline")).unwrap_or_default();
    let own = cmdline(&pid.to_string());
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let stat = std::fs::read_to_string(format!("/proc/{name}/stat")).unwrap_or_default();
        // The parent's pid is the second field after the command name in parentheses.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if ppid == Some(pid) && cmdline(&name) != own {
            total += rss(&name);
        }
    }
    total
}

/// Every cell of every workbook and table under `dir`, read and nothing else, on the threads
/// gongwen reads with.
fn floor(dir: &Path) {
    use calamine::{Reader, Xlsx};
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let cells = std::sync::atomic::AtomicU64::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let mut n = 0u64;
                match path.extension().and_then(|e| e.to_str()) {
                    Some("xlsx") => {
                        let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
                        for name in book.sheet_names() {
                            let mut reader = book.worksheet_cells_reader(&name).unwrap();
                            while let Ok(Some(_)) = reader.next_cell() {
                                n += 1;
                            }
                        }
                    }
                    Some("csv") => {
                        let bytes = std::fs::read(path).unwrap();
                        let (text, _, _) = encoding_rs::GBK.decode(&bytes);
                        n += text
                            .lines()
                            .map(|l| l.split(',').count() as u64)
                            .sum::<u64>();
                    }
                    _ => {}
                }
                cells.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
            });
        }
    });
    println!("{} cells", cells.into_inner());
}
