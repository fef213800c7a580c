//! The report and its checklist change together or not at all: a checklist that cannot be
//! replaced leaves both as they were, a link planted where gongwen writes is never followed,
//! two builds on one folder never leave a mixed pair, and a title of any length gives a file
//! name every file system takes.

mod common;

use common::*;
use std::path::Path;

const TITLE: &str = "2024年杨家寺镇法治政府建设情况报告";

fn retitle(ws: &Path, title: &str) {
    let path = ws.join("inputs/报告模板.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace(TITLE, title)).unwrap();
}

#[test]
fn a_checklist_that_cannot_be_replaced_leaves_report_and_checklist_as_they_were() {
    let ws = sample_workspace();
    let report = build(ws.path());
    let checklist = ws.path().join("out/核对清单.xlsx");
    let before = std::fs::read(&report).unwrap();
    // The checklist's place is taken by a folder: it cannot be replaced (as a file open in
    // Excel on Windows cannot).
    std::fs::remove_file(&checklist).unwrap();
    std::fs::create_dir(&checklist).unwrap();
    std::fs::write(checklist.join("锁定"), b"x").unwrap();
    // The next build's text differs, so a replaced report would show.
    let template = ws.path().join("inputs/报告模板.txt");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, text.replacen("。", "。（修订）", 1)).unwrap();
    let out = gongwen(ws.path(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("核对清单.xlsx"), "{}", stderr(&out));
    assert!(stderr(&out).contains("都没有改动"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&report).unwrap(),
        before,
        "the old report stays"
    );
    assert!(checklist.join("锁定").exists());
    assert_no_leftovers(&ws.path().join("out"));
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_the_reports_name_is_replaced_not_followed() {
    let ws = sample_workspace();
    let ledger = ws
        .path()
        .join("inputs/司法所/2024年矛盾纠纷排查化解台账.xlsx");
    let original = std::fs::read(&ledger).unwrap();
    std::fs::create_dir_all(ws.path().join("out")).unwrap();
    let report = report_path(ws.path());
    std::os::unix::fs::symlink(&ledger, &report).unwrap();
    std::os::unix::fs::symlink(&ledger, ws.path().join("out/核对清单.xlsx")).unwrap();
    build(ws.path());
    assert_eq!(
        std::fs::read(&ledger).unwrap(),
        original,
        "the ledger is untouched"
    );
    assert!(!report.symlink_metadata().unwrap().is_symlink());
    assert_no_leftovers(&ws.path().join("out"));
}

#[test]
fn two_builds_on_one_folder_at_once_both_finish_with_one_pair() {
    let ws = sample_workspace();
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .current_dir(ws.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    for _ in 0..5 {
        let mut running: Vec<_> = (0..3).map(|_| spawn()).collect();
        for child in &mut running {
            assert!(child.wait().unwrap().success());
        }
    }
    validate(&report_path(ws.path()));
    validate(&ws.path().join("out/核对清单.xlsx"));
    assert_no_leftovers(&ws.path().join("out"));
}

#[test]
fn a_title_of_two_hundred_characters_gives_a_short_file_name_and_stays_whole_inside() {
    let ws = sample_workspace();
    let long = format!(
        "{}{}",
        "关于进一步加强和改进新时代基层法治建设工作的".repeat(9),
        TITLE
    );
    assert!(long.chars().count() >= 200);
    retitle(ws.path(), &long);
    let out = gongwen(ws.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let names: Vec<String> = std::fs::read_dir(ws.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".docx"))
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].len() <= 255 && names[0].chars().count() <= 90,
        "{}",
        names[0]
    );
    let docx = ws.path().join("out").join(&names[0]);
    validate(&docx);
    let text: String = paragraphs(&part(&docx, "word/document.xml"))
        .concat()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        text.contains(&long),
        "the whole title is in the document: {text}"
    );
}
