//! .docx -> PDF through LibreOffice, keeping every punctuation mark on the page.
//!
//! In: a finished .docx. Out: the bytes of its PDF, or why there are none. LibreOffice (7.4 and
//! later, measured) ignores `w:overflowPunct` and lets a closing mark that falls on the 29th cell
//! hang into the margin, where its PDF export drops it. So the route is docx -> odt, then every
//! `style:punctuation-wrap="hanging"` in the odt's styles and content becomes `"simple"` (the
//! mark goes to the next line with its word, as Word does), then odt -> pdf. Each LibreOffice run
//! uses a profile of its own in a scratch folder (so a LibreOffice the clerk has open does not
//! capture the job) and is stopped after [`STEP_LIMIT`].

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest one LibreOffice conversion may take before it is stopped.
pub const STEP_LIMIT: Duration = Duration::from_secs(180);

/// Why no PDF was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// LibreOffice is not installed (no `soffice` on PATH nor in its usual folders).
    NotInstalled,
    /// LibreOffice is there but the conversion failed; the reason, in Chinese.
    Failed(String),
}

/// Converts the .docx at `docx` to PDF bytes.
pub fn convert(docx: &Path) -> Result<Vec<u8>, PdfError> {
    let soffice = find_soffice().ok_or(PdfError::NotInstalled)?;
    let work = tempfile::tempdir().map_err(|e| failed(format!("无法建立临时文件夹：{e}")))?;
    let input = work.path().join("report.docx");
    std::fs::copy(docx, &input).map_err(|e| failed(format!("无法读取报告：{e}")))?;
    let profile = work.path().join("profile");
    run(&soffice, &profile, "odt", &input, work.path())?;
    let odt = work.path().join("report.odt");
    let fixed = work.path().join("fixed.odt");
    let patched = no_hanging_punctuation(&odt)?;
    std::fs::write(&fixed, patched).map_err(|e| failed(format!("无法写入临时文件：{e}")))?;
    run(&soffice, &profile, "pdf", &fixed, work.path())?;
    let pdf = std::fs::read(work.path().join("fixed.pdf"))
        .map_err(|_| failed("LibreOffice 没有生成 PDF".to_string()))?;
    if !pdf.starts_with(b"%PDF") {
        return Err(failed("LibreOffice 生成的 PDF 不完整".to_string()));
    }
    Ok(pdf)
}

fn failed(reason: String) -> PdfError {
    PdfError::Failed(reason)
}

/// Where LibreOffice's `soffice` is: `GONGWEN_SOFFICE` when set (a path; nothing else is
/// searched then), else the first `soffice`/`libreoffice` on PATH, else its usual install folders
/// on Linux, Windows and macOS.
pub fn find_soffice() -> Option<PathBuf> {
    if let Some(chosen) = std::env::var_os("GONGWEN_SOFFICE") {
        let chosen = PathBuf::from(chosen);
        return chosen.is_file().then_some(chosen);
    }
    let names: &[&str] = if cfg!(windows) {
        &["soffice.com", "soffice.exe"]
    } else {
        &["soffice", "libreoffice"]
    };
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    let found = on_path
        .iter()
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file());
    found.or_else(|| usual_folders().into_iter().find(|p| p.is_file()))
}

fn usual_folders() -> Vec<PathBuf> {
    let mut places: Vec<PathBuf> = Vec::new();
    if cfg!(windows) {
        for var in ["ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"] {
            if let Some(dir) = std::env::var_os(var) {
                let program = PathBuf::from(dir).join("LibreOffice").join("program");
                places.push(program.join("soffice.com"));
                places.push(program.join("soffice.exe"));
            }
        }
        places.push(PathBuf::from(
            r"C:\Program Files\LibreOffice\program\soffice.exe",
        ));
    } else {
        places.push(PathBuf::from("/usr/lib/libreoffice/program/soffice"));
        places.push(PathBuf::from("/usr/local/bin/soffice"));
        places.push(PathBuf::from("/snap/bin/libreoffice"));
        places.push(PathBuf::from(
            "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        ));
        // Versions installed from libreoffice.org's packages: /opt/libreoffice24.8/program/soffice
        if let Ok(entries) = std::fs::read_dir("/opt") {
            let mut opt: Vec<PathBuf> = entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("libreoffice"))
                .map(|e| e.path().join("program").join("soffice"))
                .collect();
            opt.sort();
            opt.reverse(); // newest version first
            places.extend(opt);
        }
    }
    places
}

/// One headless conversion of `input` into `outdir`, stopped after [`STEP_LIMIT`].
fn run(
    soffice: &Path,
    profile: &Path,
    to: &str,
    input: &Path,
    outdir: &Path,
) -> Result<(), PdfError> {
    let mut child = Command::new(soffice)
        .arg(format!("-env:UserInstallation={}", file_url(profile)))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(outdir)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| {
            failed(format!(
                "无法启动 LibreOffice（{}）：{e}",
                soffice.display()
            ))
        })?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(failed(format!("LibreOffice 转换出错（{status}）")));
            }
            Ok(None) if start.elapsed() > STEP_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!(
                    "LibreOffice 超过 {} 秒仍未完成，已停止",
                    STEP_LIMIT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(failed(format!("LibreOffice 运行出错：{e}"))),
        }
    }
}

/// `file:///…` for a local folder, as LibreOffice's `-env:UserInstallation` wants it.
fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from(if text.starts_with('/') {
        "file://"
    } else {
        "file:///"
    });
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// The odt at `odt` with hanging punctuation switched off in its styles and content. The
/// `mimetype` entry stays first and stored, as ODF requires; other entries are copied as they are.
fn no_hanging_punctuation(odt: &Path) -> Result<Vec<u8>, PdfError> {
    let bad = |e: &dyn std::fmt::Display| failed(format!("LibreOffice 生成的 odt 无法读取：{e}"));
    let file = std::fs::File::open(odt).map_err(|e| bad(&e))?;
    let mut zin = zip::ZipArchive::new(file).map_err(|e| bad(&e))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let entry = zin.by_index(i).map_err(|e| bad(&e))?;
        let name = entry.name().map_err(|e| bad(&e))?.to_string();
        if name != "styles.xml" && name != "content.xml" {
            out.raw_copy_file(entry).map_err(|e| bad(&e))?;
            continue;
        }
        let mut text = String::new();
        { entry }.read_to_string(&mut text).map_err(|e| bad(&e))?;
        let text = text.replace(
            "style:punctuation-wrap=\"hanging\"",
            "style:punctuation-wrap=\"simple\"",
        );
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, options).map_err(|e| bad(&e))?;
        out.write_all(text.as_bytes()).map_err(|e| bad(&e))?;
    }
    Ok(out.finish().map_err(|e| bad(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_folders_become_file_urls() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/profile")),
            "file:///tmp/a%20b/profile"
        );
        assert_eq!(
            file_url(Path::new(r"C:\Users\张\Temp")),
            "file:///C:/Users/%E5%BC%A0/Temp"
        );
    }
}
