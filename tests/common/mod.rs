//! Helpers shared by the integration tests: a scratch copy of the sample year, running the
//! binary, reading .docx parts, and the external checkers (openxml-audit, LibreOffice, poppler).
//! Nothing here reads outside the repository: the checkers are installed by `tests/run-all.sh`.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary folder holding a copy of `inputs/` and `styles/`, to run gongwen in.
pub fn sample_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("inputs"), &dir.path().join("inputs"));
    copy_dir(&root().join("styles"), &dir.path().join("styles"));
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `gongwen ARGS` in `dir`.
pub fn gongwen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("gongwen runs")
}

/// Runs `gongwen ARGS` in `dir` with extra environment variables.
pub fn gongwen_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongwen"));
    cmd.args(args).current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("gongwen runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The sample report's path inside a workspace.
pub fn report_path(dir: &Path) -> PathBuf {
    dir.join("out")
        .join("2024年杨家寺镇法治政府建设情况报告.docx")
}

/// Builds the report in `dir` and returns its path; fails the test with gongwen's messages.
/// The report and the checklist beside it must pass the validators.
pub fn build(dir: &Path) -> PathBuf {
    let out = gongwen(dir, &[]);
    assert!(
        out.status.success(),
        "gongwen failed: {}\n{}",
        stdout(&out),
        stderr(&out)
    );
    let path = report_path(dir);
    assert!(path.exists(), "no report at {}", path.display());
    validate(&path);
    validate(&dir.join("out").join("核对清单.xlsx"));
    path
}

/// One part of a .docx as text.
pub fn part(docx: &Path, name: &str) -> String {
    let file = std::fs::File::open(docx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} missing"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// The text of every paragraph of a WordprocessingML part, in order (line breaks inside a
/// paragraph as \n). Field codes (w:instrText) are not text.
pub fn paragraphs(xml: &str) -> Vec<String> {
    let para = regex::Regex::new(r"(?s)<w:p(?:\s[^>]*)?/>|<w:p(?:\s[^>]*)?>(.*?)</w:p>").unwrap();
    let piece =
        regex::Regex::new(r"(?s)<w:t(?:\s[^>]*)?>(.*?)</w:t>|<w:br/>|<w:br\s[^>]*/>").unwrap();
    para.captures_iter(xml)
        .map(|p| {
            let inner = p.get(1).map_or("", |m| m.as_str());
            piece
                .captures_iter(inner)
                .map(|c| match c.get(1) {
                    Some(t) => unescape(t.as_str()),
                    None => "\n".to_string(),
                })
                .collect()
        })
        .collect()
}

pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Whether a missing checker fails the test rather than skipping it: under `tests/run-all.sh`
/// (which installs every checker and sets GONGWEN_REQUIRE_CHECKERS=1) and in CI.
fn checkers_required() -> bool {
    std::env::var("GONGWEN_REQUIRE_CHECKERS").is_ok_and(|v| v == "1")
        || std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Whether an external tool is there. Missing: a skip with the reason printed, or a failure
/// where checkers are required.
pub fn tool_available(tool: &str, package: &str) -> bool {
    let found = on_path(tool).is_some();
    if !found {
        assert!(
            !checkers_required(),
            "{tool} is missing (apt-get install {package}); tests/run-all.sh installs it"
        );
        eprintln!("skipped: {tool} not installed (apt-get install {package}; tests/run-all.sh installs it)");
    }
    found
}

/// The openxml-audit command: GONGWEN_OPENXML_AUDIT, else the virtual environment
/// `tests/run-all.sh` makes under target/, else one on PATH.
fn openxml_audit() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("GONGWEN_OPENXML_AUDIT") {
        return Some(PathBuf::from(p));
    }
    let venv = root().join("target/audit-venv/bin/openxml-audit");
    if venv.exists() {
        return Some(venv);
    }
    on_path("openxml-audit")
}

/// Where `tool` is on PATH, if it is.
fn on_path(tool: &str) -> Option<PathBuf> {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
}

/// Checks a .docx or .xlsx the way Word and Excel would: Microsoft's Open XML SDK validation
/// (openxml-audit, strict policy, Microsoft 365) must report nothing. A .docx is also checked
/// against the ISO/IEC 29500 schemas when GONGWEN_XSD_VALIDATOR names a validator script
/// (`validate-docx FILE`, exit 0 when valid); without it that extra check is skipped, saying so.
pub fn validate(file: &Path) {
    assert!(file.exists(), "nothing to validate at {}", file.display());
    match openxml_audit() {
        Some(audit) => {
            let out = Command::new(&audit)
                .args(["-f", "microsoft365", "--policy", "strict"])
                .arg(file)
                .output()
                .unwrap_or_else(|e| panic!("{} does not run: {e}", audit.display()));
            assert!(
                out.status.success(),
                "openxml-audit finds problems in {}:\n{}{}",
                file.display(),
                stdout(&out),
                stderr(&out)
            );
        }
        None => {
            assert!(
                !checkers_required(),
                "openxml-audit is missing; tests/run-all.sh installs it into target/audit-venv"
            );
            eprintln!(
                "skipped: openxml-audit not installed (run tests/run-all.sh, which installs it)"
            );
        }
    }
    let is_docx = file.extension().is_some_and(|e| e == "docx");
    match std::env::var_os("GONGWEN_XSD_VALIDATOR") {
        Some(script) if is_docx => {
            let out = Command::new(&script).arg(file).output().unwrap();
            assert!(
                out.status.success(),
                "{} fails the ISO/IEC 29500 schema check:\n{}{}",
                file.display(),
                stdout(&out),
                stderr(&out)
            );
        }
        _ if is_docx => {
            eprintln!("skipped: ISO/IEC 29500 schema check (set GONGWEN_XSD_VALIDATOR to a validator script to run it)");
        }
        _ => {}
    }
}

// ---- PDF pages ---------------------------------------------------------------------------

/// Runs `gongwen build --pdf` in `dir` and returns the PDF's path (the .docx and checklist
/// beside it are validated).
pub fn build_pdf(dir: &Path) -> PathBuf {
    let out = gongwen(dir, &["build", "--pdf"]);
    assert!(
        out.status.success(),
        "gongwen build --pdf failed: {}\n{}",
        stdout(&out),
        stderr(&out)
    );
    let docx = report_path(dir);
    validate(&docx);
    validate(&dir.join("out").join("核对清单.xlsx"));
    let pdf = docx.with_extension("pdf");
    assert!(pdf.exists(), "no PDF: {}", stdout(&out));
    pdf
}

/// One text line of a PDF page, with its box in points from the top left.
pub struct PdfLine {
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
    pub text: String,
}

/// Lines per page from `pdftotext -bbox-layout`.
pub fn pdf_lines(pdf: &Path) -> Vec<Vec<PdfLine>> {
    let html = pdf.with_extension("bbox.html");
    let status = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg(&html)
        .status()
        .unwrap();
    assert!(status.success());
    let xml = std::fs::read_to_string(&html).unwrap();
    let line_re = regex::Regex::new(
        r#"(?s)<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>"#,
    )
    .unwrap();
    let word_re = regex::Regex::new(r"<word[^>]*>([^<]*)</word>").unwrap();
    xml.split("<page ")
        .skip(1)
        .map(|page| {
            line_re
                .captures_iter(page)
                .map(|c| PdfLine {
                    x_min: c[1].parse().unwrap(),
                    y_min: c[2].parse().unwrap(),
                    x_max: c[3].parse().unwrap(),
                    text: word_re
                        .captures_iter(&c[4])
                        .map(|w| unescape(&w[1]))
                        .collect::<String>(),
                })
                .collect()
        })
        .collect()
}

// ---- Workbooks written for a test -------------------------------------------------------------

use rust_xlsxwriter::{Format, Workbook, Worksheet};

/// A cell in the compact notation of these tests: "" empty, "#12" a number, "@2024-03-05" a real
/// date with a date format, "=A1+1|" a formula (its cached result after the bar), else text.
pub fn put(ws: &mut Worksheet, r: u32, c: u16, v: &str) {
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    if v.is_empty() {
    } else if let Some(n) = v.strip_prefix('#') {
        ws.write_number(r, c, n.parse::<f64>().unwrap()).unwrap();
    } else if let Some(d) = v.strip_prefix('@') {
        let p: Vec<u16> = d.split('-').map(|x| x.parse().unwrap()).collect();
        let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(p[0], p[1] as u8, p[2] as u8).unwrap();
        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
    } else if let Some(f) = v.strip_prefix('=') {
        let (formula, result) = f.split_once('|').unwrap();
        ws.write_formula(
            r,
            c,
            rust_xlsxwriter::Formula::new(format!("={formula}")).set_result(result),
        )
        .unwrap();
    } else {
        ws.write_string(r, c, v).unwrap();
    }
}

/// One sheet: its name, rows (from row 1), and merged ranges (r0, c0, r1, c1), 0-based.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub rows: Vec<Vec<&'a str>>,
    pub merges: Vec<(u32, u16, u32, u16)>,
    pub hidden: bool,
}

pub fn sheet<'a>(name: &'a str, rows: Vec<Vec<&'a str>>) -> Sheet<'a> {
    Sheet {
        name,
        rows,
        merges: Vec::new(),
        hidden: false,
    }
}

pub fn write_book(path: &Path, sheets: &[Sheet]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut book = Workbook::new();
    for s in sheets {
        let ws = book.add_worksheet();
        ws.set_name(s.name).unwrap();
        for (r, row) in s.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                put(ws, r as u32, c as u16, v);
            }
        }
        for &(r0, c0, r1, c1) in &s.merges {
            let text = s.rows[r0 as usize].get(c0 as usize).copied().unwrap_or("");
            let text = text.trim_start_matches('#');
            ws.merge_range(r0, c0, r1, c1, text, &Format::new())
                .unwrap();
        }
        if s.hidden {
            ws.set_hidden(true);
        }
    }
    book.save(path).unwrap();
}

/// A temporary folder with an empty `inputs/` in it.
pub fn scratch() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    (dir, inputs)
}

/// Rewrites the text parts of an xlsx package (`edit(name, text) -> text`), keeping the rest.
pub fn rewrite_xlsx(path: &Path, edit: impl Fn(&str, String) -> String) {
    use std::io::Write;
    let bytes = std::fs::read(path).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let name = f.name().unwrap().to_string();
        if name.ends_with(".xml") {
            data = edit(&name, String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

/// `gongwen facts --json --year 2024` on an inputs folder: the facts, and what was said on
/// stderr.
pub fn facts(inputs: &Path) -> (serde_json::Map<String, serde_json::Value>, String) {
    let out = gongwen(
        inputs.parent().unwrap(),
        &[
            "facts",
            "--json",
            "--year",
            "2024",
            "--inputs",
            inputs.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    (serde_json::from_str(&stdout(&out)).unwrap(), stderr(&out))
}

/// `gongwen check --json --year 2024` on an inputs folder: its JSON and the exit code.
fn check_json(inputs: &Path) -> (serde_json::Value, i32) {
    let out = gongwen(
        inputs.parent().unwrap(),
        &[
            "check",
            "--json",
            "--year",
            "2024",
            "--inputs",
            inputs.to_str().unwrap(),
        ],
    );
    let all: serde_json::Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (all, out.status.code().unwrap())
}

/// `gongwen check --json --year 2024`: the findings and the exit code.
pub fn check(inputs: &Path) -> (Vec<serde_json::Value>, i32) {
    let (all, code) = check_json(inputs);
    (all["findings"].as_array().expect("findings").clone(), code)
}

/// `gongwen check --json --year 2024`: the reading summary, one entry a sheet.
pub fn readings(inputs: &Path) -> Vec<serde_json::Value> {
    check_json(inputs).0["readings"]
        .as_array()
        .expect("readings")
        .clone()
}

/// The reading line of the one sheet of `file`.
pub fn reading_of(inputs: &Path, file: &str) -> serde_json::Value {
    let all = readings(inputs);
    all.iter()
        .find(|r| r["file"] == file)
        .unwrap_or_else(|| panic!("no reading for {file}: {all:#?}"))
        .clone()
}

/// How a sheet was read, from its reading line.
pub fn how(r: &serde_json::Value) -> String {
    r["how"].as_str().unwrap_or_default().to_string()
}

/// Asserts that no temporary file (".…tmp") is left in a folder.
pub fn assert_no_leftovers(dir: &Path) {
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// The one finding of `severity` at `file` and `row` whose message contains `words`.
pub fn finding<'a>(
    all: &'a [serde_json::Value],
    severity: &str,
    file: &str,
    row: u64,
    words: &str,
) -> &'a serde_json::Value {
    let hits: Vec<&serde_json::Value> = all
        .iter()
        .filter(|f| {
            f["severity"] == severity
                && f["file"] == file
                && f["row"] == row
                && f["message"].as_str().unwrap().contains(words)
        })
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "want one {severity} at {file} row {row} with {words:?} in {all:#?}"
    );
    hits[0]
}

/// One fact's number; fails the test naming the facts there are.
pub fn n(facts: &serde_json::Map<String, serde_json::Value>, name: &str) -> f64 {
    facts
        .get(name)
        .and_then(|v| v.as_f64())
        .unwrap_or_else(|| panic!("no fact {name}: {:?}", facts.keys().collect::<Vec<_>>()))
}

/// Removes the cached results (`<v>…</v>`) of formula cells, as files written by some tools have.
pub fn drop_formula_results(path: &Path) {
    let re = regex::Regex::new(r"(</f>)<v>[^<]*</v>").unwrap();
    rewrite_xlsx(path, |name, text| {
        if name.starts_with("xl/worksheets/") {
            re.replace_all(&text, "$1").into_owned()
        } else {
            text
        }
    });
}
