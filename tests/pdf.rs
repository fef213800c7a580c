//! `gongwen build --pdf`: the PDF beside the report keeps every character of it, and a machine
//! without LibreOffice still gets its report and is told what to install.

mod common;

use common::*;
use gongwen::styles::Styles;
use std::path::Path;

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of the PDF's body lines, page after page, without page numbers or spaces.
fn pdf_body_text(pdf: &Path, styles: &Styles) -> (String, usize) {
    let text_bottom = (styles.page.height_mm - styles.page.margin_bottom_mm) * 72.0 / 25.4;
    let pages = pdf_lines(pdf);
    let body: String = pages
        .iter()
        .flatten()
        .filter(|l| l.y_min <= text_bottom)
        .map(|l| l.text.as_str())
        .collect();
    (squeeze(&body), pages.len())
}

#[test]
fn the_pdf_holds_every_paragraph_and_every_punctuation_mark_of_the_report() {
    if !tool_available("soffice", "libreoffice-writer-nogui")
        || !tool_available("pdftotext", "poppler-utils")
    {
        return;
    }
    let styles = Styles::load(&root().join("styles/gbt9704.toml")).unwrap();
    let ws = sample_workspace();
    let pdf = build_pdf(ws.path());
    let docx = report_path(ws.path());
    let (body, pages) = pdf_body_text(&pdf, &styles);
    let paragraphs: Vec<String> = paragraphs(&part(&docx, "word/document.xml"))
        .iter()
        .map(|p| squeeze(p))
        .filter(|p| !p.is_empty())
        .collect();
    assert!(paragraphs.len() > 20, "{} paragraphs", paragraphs.len());
    for p in &paragraphs {
        assert!(body.contains(p.as_str()), "missing from the PDF: {p}");
    }
    let all: String = paragraphs.concat();
    for mark in ['，', '。', '、', '；', '：', '“', '”', '《', '》'] {
        let count = |t: &str| t.chars().filter(|c| *c == mark).count();
        assert_eq!(
            count(&body),
            count(&all),
            "{mark} in the PDF and in the report"
        );
    }
    assert!(
        all.matches('，').count() > 100,
        "the sample report has over 100 commas"
    );
    // 22 lines a full page (checked page by page in layout.rs): the pages are as many as the
    // body needs and no more.
    assert!((5..=9).contains(&pages), "{pages} pages");
}

#[test]
fn without_libreoffice_the_report_is_written_and_the_clerk_is_told_what_to_install() {
    let ws = sample_workspace();
    let stale = report_path(ws.path()).with_extension("pdf");
    std::fs::create_dir_all(stale.parent().unwrap()).unwrap();
    std::fs::write(&stale, b"%PDF-1.7 from an earlier build").unwrap();
    let nowhere = ws.path().join("no-libreoffice-here");
    let out = gongwen_env(
        ws.path(),
        &["build", "--pdf"],
        &[("GONGWEN_SOFFICE", &nowhere), ("PATH", Path::new(""))],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("没有安装 LibreOffice"), "{err}");
    assert!(err.contains("libreoffice-writer"), "what to install: {err}");
    assert!(err.contains("Word 报告已经生成"), "{err}");
    assert!(err.contains("以前生成的 PDF 已删除"), "{err}");
    validate(&report_path(ws.path()));
    assert!(
        !stale.exists(),
        "a PDF of the old figures stays beside the new report"
    );
}

#[cfg(unix)]
#[test]
fn a_failed_conversion_keeps_the_report_and_says_so() {
    use std::os::unix::fs::PermissionsExt;
    let ws = sample_workspace();
    let broken = ws.path().join("soffice");
    std::fs::write(&broken, "#!/bin/sh\necho 'crashed' >&2\nexit 3\n").unwrap();
    std::fs::set_permissions(&broken, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = gongwen_env(
        ws.path(),
        &["build", "--pdf"],
        &[("GONGWEN_SOFFICE", &broken)],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("未生成 PDF") && err.contains("转换出错"),
        "{err}"
    );
    let docx = report_path(ws.path());
    validate(&docx);
    assert!(!docx.with_extension("pdf").exists());
    assert_no_leftovers(&ws.path().join("out"));
}
