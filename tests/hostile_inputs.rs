//! Bad files beside the good ledgers: none of them takes the run down, hangs it or exhausts it;
//! each is named with what to do; the good ledgers' figures are still computed; a failed build
//! leaves the previous report as it was.

mod common;

use common::*;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// A good ledger's bytes with one byte changed that makes calamine allocate terabytes.
fn crashing_xls(to: &Path) {
    let mut bytes =
        std::fs::read(root().join("inputs/村调委会/关庄村人民调解委员会调解台账.xls")).unwrap();
    bytes[2650] = 44;
    std::fs::write(to, bytes).unwrap();
}

/// An xlsx whose one sheet inflates to some hundred megabytes of cells.
fn zip_bomb(to: &Path) {
    let file = std::fs::File::create(to).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#).unwrap();
    let row: String = (0..10)
        .map(|c| format!("<c t=\"n\"><v>{c}</v></c>"))
        .collect();
    let row = format!("<row>{row}</row>");
    let block = row.repeat(1000);
    for _ in 0..600 {
        zip.write_all(block.as_bytes()).unwrap();
    }
    zip.write_all(b"</sheetData></worksheet>").unwrap();
    zip.finish().unwrap();
}

/// A compound file holding an EncryptedPackage stream, as Office saves a workbook with a
/// password.
fn encrypted(to: &Path) {
    let mut comp = cfb::create(to).unwrap();
    comp.create_stream("EncryptionInfo")
        .unwrap()
        .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
        .unwrap();
    comp.create_stream("EncryptedPackage")
        .unwrap()
        .write_all(&[0u8; 4096])
        .unwrap();
    comp.flush().unwrap();
}

/// A good xlsx with an unrelated content.xml that would inflate to 300 MB.
fn with_stray_part(to: &Path) {
    write_book(
        to,
        &[sheet(
            "记录",
            vec![
                vec!["会议时间", "会议类型", "参会人数"],
                vec!["@2024-05-06", "专题学法", "#31"],
                vec!["@2024-09-10", "专题学法", "#29"],
            ],
        )],
    );
    let bytes = std::fs::read(to).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zin.len() {
        let f = zin.by_index_raw(i).unwrap();
        out.raw_copy_file(f).unwrap();
    }
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    out.start_file("content.xml", opts).unwrap();
    let zeros = vec![b' '; 1024 * 1024];
    for _ in 0..300 {
        out.write_all(&zeros).unwrap();
    }
    out.finish().unwrap();
}

/// An Excel 2003 XML workbook under an .xls name, as office platforms export them.
const XML_2003: &str = r#"<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="公开">
  <Table>
   <Row><Cell><Data ss:Type="String">月份</Data></Cell><Cell><Data ss:Type="String">公开类别</Data></Cell><Cell><Data ss:Type="String">件次</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">3月</Data></Cell><Cell><Data ss:Type="String">政策文件</Data></Cell><Cell><Data ss:Type="Number">7</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">4月</Data></Cell><Cell><Data ss:Type="String">政策文件</Data></Cell><Cell><Data ss:Type="Number">5</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>"#;

fn finding_for<'a>(all: &'a [Value], file: &str) -> Vec<&'a Value> {
    all.iter().filter(|f| f["file"] == file).collect()
}

#[test]
fn bad_files_beside_good_ledgers_are_each_named_and_the_good_figures_still_counted() {
    let ws = sample_workspace();
    let inputs = ws.path().join("inputs");
    let (clean, _) = facts(&inputs);
    let old = build(ws.path());
    let old_report = std::fs::read(&old).unwrap();
    let old_checklist = std::fs::read(ws.path().join("out/核对清单.xlsx")).unwrap();

    let bad = inputs.join("坏文件");
    std::fs::create_dir_all(&bad).unwrap();
    let good = std::fs::read(inputs.join("司法所/2024年矛盾纠纷排查化解台账.xlsx")).unwrap();
    std::fs::write(bad.join("下载中断.xlsx"), &good[..good.len() / 3]).unwrap();
    std::fs::write(bad.join("空文件.xlsx"), b"").unwrap();
    std::fs::write(
        bad.join("扫描件.xlsx"),
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj",
    )
    .unwrap();
    std::fs::write(bad.join("~$正在编辑.xlsx"), b"\x0a\x00owner").unwrap();
    std::fs::write(bad.join("平台导出.xls"), XML_2003).unwrap();
    crashing_xls(&bad.join("损坏.xls"));
    encrypted(&bad.join("有密码.xlsx"));
    zip_bomb(&bad.join("炸弹.xlsx"));
    with_stray_part(&bad.join("学法记录.xlsx"));
    #[cfg(unix)]
    {
        let fifo = std::ffi::CString::new(bad.join("管道.xlsx").to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    }
    let limits: &[(&str, &Path)] = &[("GONGWEN_READ_MEMORY_MB", Path::new("256"))];
    let run = |args: &[&str]| gongwen_env(ws.path(), args, limits);

    let out = run(&["check", "--json"]);
    let all: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings = all["findings"].as_array().unwrap().clone();
    let says = |file: &str, words: &str| {
        let hits = finding_for(&findings, &format!("坏文件/{file}"));
        assert!(
            hits.iter()
                .any(|f| f["message"].as_str().unwrap().contains(words)),
            "{file}: want {words:?} in {hits:#?}"
        );
    };
    says("下载中断.xlsx", "文件已损坏");
    says("空文件.xlsx", "文件是空的");
    says("扫描件.xlsx", "这是PDF 文件，不是电子表格");
    let scan = finding_for(&findings, "坏文件/扫描件.xlsx");
    assert!(
        scan.iter().any(|f| f["hint"]
            .as_str()
            .unwrap_or_default()
            .contains("移出 inputs")),
        "a PDF is not to be saved again in Excel but moved out: {scan:#?}"
    );
    says("损坏.xls", "已停止读取");
    says("有密码.xlsx", "设有打开密码");
    says("炸弹.xlsx", "已停止读取");
    says("管道.xlsx", "不是普通文件");
    for file in [
        "下载中断.xlsx",
        "空文件.xlsx",
        "损坏.xls",
        "有密码.xlsx",
        "炸弹.xlsx",
    ] {
        let f = finding_for(&findings, &format!("坏文件/{file}"));
        assert!(
            f.iter()
                .any(|f| f["severity"] == "error" && f["hint"].is_string()),
            "{file} is an error with what to do: {f:#?}"
        );
    }
    // The owner file Excel leaves beside an open workbook is no ledger and not mentioned.
    assert!(finding_for(&findings, "坏文件/~$正在编辑.xlsx").is_empty());
    // The Excel 2003 XML export and the ledger with a stray part are read.
    assert!(
        finding_for(&findings, "坏文件/平台导出.xls").is_empty(),
        "{findings:#?}"
    );
    assert!(
        finding_for(&findings, "坏文件/学法记录.xlsx").is_empty(),
        "{findings:#?}"
    );

    let out = run(&["facts", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let f: serde_json::Map<String, Value> = serde_json::from_str(&stdout(&out)).unwrap();
    for name in ["调解.受理", "调解.化解", "调解.来源.法院.受理"] {
        assert_eq!(n(&f, name), n(&clean, name), "{name}");
    }
    assert_eq!(n(&f, "会议.次数"), n(&clean, "会议.次数") + 2.0);
    assert_eq!(n(&f, "公开.件次"), n(&clean, "公开.件次") + 12.0);

    // The build stops (files could not be read), and the previous report stays as it was.
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("炸弹.xlsx"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&old).unwrap(), old_report);
    assert_eq!(
        std::fs::read(ws.path().join("out/核对清单.xlsx")).unwrap(),
        old_checklist
    );
    assert_no_leftovers(&ws.path().join("out"));
    let forced = run(&["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    validate(&old);
}

#[test]
fn system_folders_and_folders_without_ledgers_are_usage_errors() {
    let (dir, inputs) = scratch();
    std::fs::write(inputs.join("说明.docx"), b"PK").unwrap();
    let out = gongwen(dir.path(), &["facts", "--year", "2024"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("没有任何台账文件"),
        "{}",
        stderr(&out)
    );
    let out = gongwen(dir.path(), &["facts", "--year", "2024", "--inputs", "/"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("是系统文件夹"), "{}", stderr(&out));
}

/// The files fuzzing found (`fuzz/`, target `file`) that made the reader run out of memory:
/// compound files whose sector chains loop back on themselves. Each is refused at once by
/// name, with its reason, and the ledgers beside it are still read.
#[test]
fn files_the_fuzzer_found_are_each_refused_as_damaged() {
    let ws = sample_workspace();
    let inputs = ws.path().join("inputs");
    let (clean, _) = facts(&inputs);
    let crashes = root().join("tests/fixtures/crashes");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&crashes).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        std::fs::copy(&path, inputs.join(&name)).unwrap();
        names.push(name);
    }
    assert!(names.len() >= 3, "{names:?}");
    let (found, _) = facts(&inputs);
    assert_eq!(n(&found, "调解.受理"), n(&clean, "调解.受理"));
    let (findings, code) = check(&inputs);
    assert_eq!(code, 1);
    for name in &names {
        let f = finding_for(&findings, name);
        assert!(
            f.iter().any(|f| f["severity"] == "error"
                && f["message"].as_str().unwrap().contains("内部结构首尾相接")),
            "{name}: {f:#?}"
        );
    }
}
