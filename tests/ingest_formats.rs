//! The same small mediation ledger in every format an office may send (tests/fixtures/formats/,
//! made by tests/fixtures/make_format_fixtures.py): each file alone in an inputs folder must give
//! exactly the same facts. Five cases, one dated 2023-12-28, so with `--year 2024`: 4 accepted,
//! 3 resolved (调解不成功 is not), 75 %.

mod common;
use common::*;

use std::path::{Path, PathBuf};

/// The facts every fixture must give with `--year 2024`.
const EXPECTED: &[(&str, f64)] = &[
    ("调解.受理", 4.0),
    ("调解.化解", 3.0),
    ("调解.化解率", 75.0),
    ("调解.来源.法院.受理", 2.0),
    ("调解.来源.法院.化解", 2.0),
    ("调解.来源.派出所.受理", 1.0),
    ("调解.来源.信访.受理", 1.0),
    ("调解.来源.信访.化解", 0.0),
    ("调解.类型.邻里纠纷.受理", 1.0),
];

fn fixtures() -> PathBuf {
    root().join("tests").join("fixtures").join("formats")
}

/// What one run of `gongwen facts --json --year 2024` gave.
struct Run {
    facts: serde_json::Map<String, serde_json::Value>,
    stderr: String,
}

/// Runs gongwen on a temp folder whose `inputs/` holds exactly `files` (copied from `from`).
fn run_on(from: &Path, files: &[&str]) -> Run {
    let tmp = tempfile::tempdir().expect("temp dir");
    let inputs = tmp.path().join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    for name in files {
        let src = from.join(name);
        assert!(
            src.exists(),
            "fixture {} is missing: run python3 tests/fixtures/make_format_fixtures.py",
            src.display()
        );
        std::fs::copy(&src, inputs.join(name)).unwrap();
    }
    let inputs_arg = inputs.to_string_lossy().into_owned();
    let out = gongwen(
        tmp.path(),
        &["facts", "--json", "--year", "2024", "--inputs", &inputs_arg],
    );
    let text = stdout(&out);
    let err = stderr(&out);
    assert!(
        out.status.success(),
        "gongwen facts failed on {files:?}:\n{text}\n{err}"
    );
    let value: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("facts --json is not JSON ({e}):\n{text}\n{err}"));
    let facts = value
        .as_object()
        .unwrap_or_else(|| panic!("facts --json is not an object:\n{text}"))
        .clone();
    Run { facts, stderr: err }
}

/// Asserts every expected fact, listing all mismatches at once with what gongwen printed.
fn assert_expected(what: &str, run: &Run) {
    let mut wrong = Vec::new();
    for (key, want) in EXPECTED {
        match run.facts.get(*key).and_then(|v| v.as_f64()) {
            Some(got) if (got - want).abs() < 1e-9 => {}
            got => wrong.push(format!("{key}: expected {want}, got {got:?}")),
        }
    }
    if !wrong.is_empty() {
        let mediation: Vec<String> = run
            .facts
            .iter()
            .filter(|(k, _)| k.starts_with("调解."))
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        panic!(
            "{what}: wrong facts:\n  {}\nall 调解 facts:\n  {}\nstderr:\n{}",
            wrong.join("\n  "),
            mediation.join("\n  "),
            run.stderr
        );
    }
}

fn check_file(name: &str) -> Run {
    let run = run_on(&fixtures(), &[name]);
    assert_expected(name, &run);
    run
}

#[test]
fn excel97_xls_biff8() {
    check_file("excel97.xls");
}

#[test]
fn excel95_xls_biff5_gbk_with_codepage_record() {
    check_file("excel95.xls");
}

#[test]
fn excel95_xls_biff5_gbk_without_codepage_record() {
    check_file("excel95-nocodepage.xls");
}

#[test]
fn ods_libreoffice_calc() {
    check_file("calc.ods");
}

#[test]
fn wps_et_that_is_an_xlsx_package() {
    check_file("wps.et");
}

#[test]
fn wps_legacy_et_that_is_an_excel97_file() {
    check_file("wps-legacy.et");
}

#[test]
fn xlsx_package_named_xls() {
    check_file("renamed.xls");
}

#[test]
fn xlsb_binary_workbook() {
    check_file("binary.xlsb");
}

#[test]
fn csv_utf8_with_bom() {
    check_file("utf8-bom.csv");
}

#[test]
fn csv_utf8_without_bom() {
    check_file("utf8.csv");
}

#[test]
fn csv_gbk() {
    check_file("gbk.csv");
}

/// Excel's "CSV UTF-8" of a sheet whose header is its first row: BOM, CRLF line ends.
#[test]
fn csv_utf8_crlf_header_on_first_line() {
    check_file("header-first.csv");
}

#[test]
fn unicode_text_utf16le_tab_separated() {
    check_file("unicode-text.txt");
}

#[test]
fn junk_folder_lock_system_and_hidden_files_skipped_silently() {
    let junk = fixtures().join("junk");
    let mut names: Vec<String> = std::fs::read_dir(&junk)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for must in [
        "台账.xlsx",
        "~$台账.xlsx",
        ".~lock.台账.xlsx#",
        "Thumbs.db",
        "desktop.ini",
        ".hidden.xlsx",
    ] {
        assert!(names.iter().any(|n| n == must), "junk/{must} is missing");
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let run = run_on(&junk, &refs);
    // .hidden.xlsx is a copy of 台账.xlsx: were it read, every count would double.
    assert_expected("junk/", &run);
    let noisy: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| {
            ["Thumbs", "desktop.ini", "~$", "lock", "hidden"]
                .iter()
                .any(|w| l.contains(w))
        })
        .collect();
    assert!(
        noisy.is_empty(),
        "junk files were not skipped silently:\n{}",
        noisy.join("\n")
    );
}

/// The 2023-12-28 case is on row 8 of every fixture (title, 填报单位, header, then cases 1-5;
/// row 6 of header-first.csv), so the out-of-year notice must name that row whatever the format
/// and line endings (the CSVs other than utf8.csv, and the Unicode text, end their lines with
/// CRLF as Excel writes them).
#[test]
fn out_of_year_case_reported_at_its_row_in_every_format() {
    let mut wrong = Vec::new();
    for (name, row) in [
        ("header-first.csv", 6),
        ("excel97.xls", 8),
        ("excel95.xls", 8),
        ("excel95-nocodepage.xls", 8),
        ("calc.ods", 8),
        ("wps.et", 8),
        ("wps-legacy.et", 8),
        ("renamed.xls", 8),
        ("binary.xlsb", 8),
        ("utf8-bom.csv", 8),
        ("utf8.csv", 8),
        ("gbk.csv", 8),
        ("unicode-text.txt", 8),
    ] {
        let run = run_on(&fixtures(), &[name]);
        let notice: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.contains("2024 年内"))
            .collect();
        if notice.len() != 1 || !notice[0].contains(&format!("第 {row} 行")) {
            wrong.push(format!("{name} (row {row}): {notice:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "the out-of-year case is reported at the wrong row:\n{}",
        wrong.join("\n")
    );
}
