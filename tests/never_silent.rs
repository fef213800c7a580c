//! Never silent, never absurd: each way a wrong figure could slip through with exit 0 and no
//! word gives its finding here, naming the file, sheet and cell, and never a changed figure.

mod common;

use common::*;
use rust_xlsxwriter::Workbook;

/// A disclosure count table whose 件次 column holds `bad` on its second data row.
fn disclosure_with(inputs: &std::path::Path, bad: f64) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("统计").unwrap();
    for (c, h) in ["月份", "信息类别", "件次"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "1月").unwrap();
    ws.write_string(1, 1, "政策文件").unwrap();
    ws.write_number(1, 2, 12.0).unwrap();
    ws.write_string(2, 0, "2月").unwrap();
    ws.write_string(2, 1, "工作动态").unwrap();
    ws.write_number(2, 2, bad).unwrap();
    std::fs::create_dir_all(inputs.join("政务公开")).unwrap();
    book.save(inputs.join("政务公开/公开统计.xlsx")).unwrap();
}

#[test]
fn a_count_that_is_not_a_whole_number_is_an_error_at_its_cell() {
    for bad in [f64::NAN, 0.5, 0.3333] {
        let (_d, inputs) = scratch();
        disclosure_with(&inputs, bad);
        let (all, code) = check(&inputs);
        assert_eq!(code, 1, "{bad}: {all:#?}");
        let f = finding(&all, "error", "政务公开/公开统计.xlsx", 3, "件次");
        assert_eq!(f["sheet"], "统计");
        assert_eq!(f["column"], "C");
        let build = gongwen(
            inputs.parent().unwrap(),
            &["--inputs", inputs.to_str().unwrap(), "--year", "2024"],
        );
        assert_ne!(build.status.code(), Some(0), "{bad}");
        assert!(!inputs.parent().unwrap().join("out").exists());
    }
}

#[test]
fn a_nan_in_a_grid_of_months_by_category_is_an_error_at_its_cell() {
    let (_d, inputs) = scratch();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("统计表").unwrap();
    let head = ["月份", "政策文件", "工作动态", "合计"];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, m) in ["1月", "2月"].iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *m).unwrap();
        ws.write_number(r, 1, 3.0).unwrap();
        ws.write_number(r, 2, if r == 2 { f64::NAN } else { 4.0 })
            .unwrap();
    }
    std::fs::create_dir_all(inputs.join("政务公开")).unwrap();
    book.save(inputs.join("政务公开/2024年政务公开统计.xlsx"))
        .unwrap();
    let (all, code) = check(&inputs);
    assert_eq!(code, 1, "{all:#?}");
    let f = finding(
        &all,
        "error",
        "政务公开/2024年政务公开统计.xlsx",
        3,
        "工作动态",
    );
    assert_eq!(f["column"], "C");
}

/// The sample year's inputs in a scratch folder: (workspace, inputs).
fn sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let ws = sample_workspace();
    let inputs = ws.path().join("inputs");
    (ws, inputs)
}

const JUDICIAL: &str = "司法所/2024年矛盾纠纷排查化解台账.xlsx";

#[test]
fn every_sheet_has_a_reading_line_and_a_ledger_sheet_that_cannot_be_read_is_an_error() {
    let (_ws, inputs) = sample();
    let rows: Vec<Vec<&str>> = vec![
        vec!["2024年入户走访记录"],
        vec!["序号", "走访日期", "走访对象", "走访人", "情况"],
        vec!["#1", "@2024-03-05", "张三家", "王某", "正常"],
        vec!["#2", "@2024-04-11", "李四家", "王某", "正常"],
        vec!["#3", "@2024-05-20", "赵六家", "刘某", "需回访"],
        vec!["#4", "@2024-06-02", "孙七家", "刘某", "正常"],
    ];
    write_book(
        &inputs.join("党政办/2024年工作记录.xlsx"),
        &[
            sheet("走访", rows),
            sheet("备注", vec![vec!["本表由党政办填写。"]]),
        ],
    );
    let (all, code) = check(&inputs);
    assert_eq!(code, 1, "{all:#?}");
    let f = finding_at_sheet(&all, "党政办/2024年工作记录.xlsx", "走访");
    assert!(
        f["message"].as_str().unwrap().contains("看起来是台账"),
        "{f}"
    );
    assert!(f["hint"].as_str().unwrap().contains("gongwen.toml"), "{f}");

    let readings = readings(&inputs);
    let line = |file: &str, sheet: &str| -> serde_json::Value {
        readings
            .iter()
            .find(|r| r["file"] == file && r["sheet"] == sheet)
            .unwrap_or_else(|| panic!("no reading for {file} {sheet}: {readings:#?}"))
            .clone()
    };
    assert_eq!(
        line("党政办/2024年工作记录.xlsx", "走访")["outcome"],
        "not_read"
    );
    let note = line("党政办/2024年工作记录.xlsx", "备注");
    assert_eq!(note["outcome"], "not_read");
    assert!(note["how"].as_str().unwrap().contains("只有文字"), "{note}");
    let ledger = line(JUDICIAL, "台账");
    assert_eq!(ledger["outcome"], "ledger");
    assert_eq!(ledger["records"], 145);
    let how = ledger["how"].as_str().unwrap();
    assert!(
        how.contains("来源=C“案件来源”") && how.contains("结果=I“调解结果”"),
        "{how}"
    );

    // The text output: one line a sheet under each file.
    let out = gongwen(
        inputs.parent().unwrap(),
        &["check", "--inputs", inputs.to_str().unwrap()],
    );
    let text = stdout(&out);
    assert!(text.contains("【党政办/2024年工作记录.xlsx】"), "{text}");
    assert!(
        text.contains("工作表“走访”：未读取，看起来是台账"),
        "{text}"
    );
    assert!(
        text.contains("工作表“台账”：矛盾纠纷调解台账，登记表"),
        "{text}"
    );
}

fn finding_at_sheet<'a>(
    all: &'a [serde_json::Value],
    file: &str,
    sheet: &str,
) -> &'a serde_json::Value {
    all.iter()
        .find(|f| f["severity"] == "error" && f["file"] == file && f["sheet"] == sheet)
        .unwrap_or_else(|| panic!("no error at {file} {sheet}: {all:#?}"))
}

#[test]
fn a_copy_of_a_ledger_is_an_error_naming_both_files_and_counts_once() {
    for copy in [
        "司法所/2024年矛盾纠纷排查化解台账 - 副本.xlsx",
        "备份/台账(1).xlsx",
    ] {
        let (_ws, inputs) = sample();
        let (before, _) = facts(&inputs);
        std::fs::create_dir_all(inputs.join(copy).parent().unwrap()).unwrap();
        std::fs::copy(inputs.join(JUDICIAL), inputs.join(copy)).unwrap();
        let (all, code) = check(&inputs);
        assert_eq!(code, 1);
        let f = finding_at_sheet_less(&all, copy);
        assert!(f["message"].as_str().unwrap().contains(JUDICIAL), "{f}");
        let (after, _) = facts(&inputs);
        assert_eq!(n(&after, "调解.来源.法院.受理"), 66.0);
        assert_eq!(before, after, "{copy} changed the figures");
    }
}

/// A copy that is a copy edited a little (one more case added) is still the same ledger.
#[test]
fn two_files_sharing_most_of_their_rows_are_one_ledger() {
    let (_d, inputs) = scratch();
    let mut rows = vec![vec![
        "序号",
        "受理日期",
        "案件来源",
        "纠纷类型",
        "当事人",
        "调解结果",
    ]];
    let dates = [
        "@2024-01-05",
        "@2024-02-06",
        "@2024-03-07",
        "@2024-04-08",
        "@2024-05-09",
        "@2024-06-10",
        "@2024-07-11",
        "@2024-08-12",
        "@2024-09-13",
        "@2024-10-14",
    ];
    let people = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
    for (d, p) in dates.iter().zip(people) {
        rows.push(vec!["#1", d, "法院", "邻里纠纷", p, "调解成功"]);
    }
    write_book(&inputs.join("台账.xlsx"), &[sheet("台账", rows.clone())]);
    rows.push(vec![
        "#11",
        "@2024-11-15",
        "派出所",
        "邻里纠纷",
        "子",
        "调解成功",
    ]);
    write_book(&inputs.join("台账新.xlsx"), &[sheet("台账", rows)]);
    let (all, code) = check(&inputs);
    assert_eq!(code, 1, "{all:#?}");
    let f = finding_at_sheet_less(&all, "台账.xlsx");
    assert!(
        f["message"].as_str().unwrap().contains("台账新.xlsx"),
        "{f}"
    );
    let (facts, _) = facts(&inputs);
    assert_eq!(n(&facts, "调解.受理"), 11.0, "the fuller copy counts, once");
}

fn finding_at_sheet_less<'a>(all: &'a [serde_json::Value], file: &str) -> &'a serde_json::Value {
    all.iter()
        .find(|f| {
            f["severity"] == "error"
                && f["file"] == file
                && f["message"].as_str().unwrap().contains("同一本台账")
        })
        .unwrap_or_else(|| panic!("no copy error at {file}: {all:#?}"))
}

#[test]
fn gongwens_own_checklist_is_never_read_as_a_ledger() {
    // --out inside inputs/: every run used to read the last checklist as a mediation ledger.
    let (ws, inputs) = sample();
    let (before, _) = facts(&inputs);
    let out_inside = inputs.join("out");
    for _ in 0..2 {
        let run = gongwen(ws.path(), &["--out", out_inside.to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    }
    let (inside, _) = facts(&inputs);
    assert_eq!(
        before, inside,
        "a checklist under --out changed the figures"
    );
    // A checklist copied anywhere into inputs/ is recognised by what is in it.
    std::fs::copy(
        out_inside.join("核对清单.xlsx"),
        inputs.join("司法所/去年的清单.xlsx"),
    )
    .unwrap();
    let (copied, _) = facts(&inputs);
    assert_eq!(before, copied);
    let r = readings(&inputs);
    let line = r
        .iter()
        .find(|r| r["file"] == "司法所/去年的清单.xlsx")
        .expect("a reading line");
    assert!(
        line["how"]
            .as_str()
            .unwrap()
            .contains("gongwen 生成的核对清单"),
        "{line}"
    );
}

#[test]
fn a_csv_in_utf8_with_one_gbk_line_is_read_line_by_line_and_the_line_named() {
    let (_d, inputs) = scratch();
    let mut bytes =
        "月份,公开类别,公开渠道,件次\n1月,政策文件,政府网站,5\n2月,工作动态,政府网站,7\n"
            .as_bytes()
            .to_vec();
    bytes.extend(encoding_rs::GBK.encode("3月,人事信息,公开栏,4\n").0.iter());
    bytes.extend("4月,政策文件,政府网站,2\n".as_bytes());
    std::fs::write(inputs.join("政务公开统计.csv"), bytes).unwrap();
    let (all, _) = check(&inputs);
    let f = all
        .iter()
        .find(|f| {
            f["file"] == "政务公开统计.csv" && f["message"].as_str().unwrap().contains("编码")
        })
        .unwrap_or_else(|| panic!("{all:#?}"));
    assert!(f["message"].as_str().unwrap().contains("第 4 行"), "{f}");
    let (facts, _) = facts(&inputs);
    assert_eq!(n(&facts, "公开.件次"), 18.0);
    assert_eq!(n(&facts, "公开.类别.人事信息.件次"), 4.0);
}

#[cfg(unix)]
#[test]
fn links_are_followed_once_and_a_broken_one_is_named() {
    use std::os::unix::fs::symlink;
    let (_ws, inputs) = sample();
    let (before, _) = facts(&inputs);
    // A folder kept elsewhere, linked in: its ledger counts.
    let elsewhere = tempfile::tempdir().unwrap();
    let rows = vec![
        vec![
            "序号",
            "受理日期",
            "案件来源",
            "纠纷类型",
            "当事人",
            "调解结果",
        ],
        vec!["#1", "@2024-05-05", "法院", "邻里纠纷", "甲乙", "调解成功"],
    ];
    write_book(
        &elsewhere.path().join("新村/台账.xlsx"),
        &[sheet("台账", rows)],
    );
    symlink(elsewhere.path().join("新村"), inputs.join("新村")).unwrap();
    // A link back up (a loop) and a second link to the same folder read nothing twice.
    symlink(&inputs, inputs.join("村调委会/回到上层")).unwrap();
    symlink(elsewhere.path().join("新村"), inputs.join("又一个新村")).unwrap();
    let (after, _) = facts(&inputs);
    assert_eq!(
        n(&after, "调解.来源.法院.受理"),
        n(&before, "调解.来源.法院.受理") + 1.0
    );
    assert_eq!(n(&after, "调解.受理"), n(&before, "调解.受理") + 1.0);
    // A link to nothing is named.
    symlink(inputs.join("不存在的文件夹"), inputs.join("旧台账")).unwrap();
    let (all, code) = check(&inputs);
    assert_eq!(code, 1);
    let f = all
        .iter()
        .find(|f| f["file"] == "旧台账")
        .unwrap_or_else(|| panic!("{all:#?}"));
    assert!(f["message"].as_str().unwrap().contains("链接"), "{f}");
}

#[cfg(unix)]
#[test]
fn a_folder_whose_path_is_too_long_is_named_not_skipped() {
    let (_ws, inputs) = sample();
    // 20 folders of 80 Chinese characters (240 bytes) each: over Linux's 4,096-byte paths.
    let name = "台".repeat(80);
    let script = format!(
        "cd '{}' && for i in $(seq 20); do mkdir {name} && cd -P {name} || exit 1; done && printf 'x' > 台账.csv",
        inputs.display()
    );
    let made = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .status()
        .unwrap();
    assert!(made.success());
    let (all, code) = check(&inputs);
    assert_ne!(code, 0);
    assert!(
        all.iter().any(
            |f| f["severity"] == "error" && f["message"].as_str().unwrap().contains("路径太长")
        ),
        "{all:#?}"
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_not_read_and_does_not_hang_the_run() {
    let (_ws, inputs) = sample();
    let fifo = inputs.join("管道.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (all, _) = check(&inputs);
    let f = all
        .iter()
        .find(|f| f["file"] == "管道.csv")
        .unwrap_or_else(|| panic!("{all:#?}"));
    assert!(
        f["message"].as_str().unwrap().contains("不是普通文件"),
        "{f}"
    );
}

/// A website CMS export, one row per published item.
fn cms_export(inputs: &std::path::Path, number_column: &str, values: &[f64]) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("导出数据").unwrap();
    let head = [
        "发布日期",
        "栏目",
        "标题",
        "发布渠道",
        "发布部门",
        number_column,
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let columns = ["政策文件", "工作动态", "通知公告"];
    for (i, v) in values.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, format!("2024-{:02}-{:02}", i % 12 + 1, i % 27 + 1))
            .unwrap();
        ws.write_string(r, 1, columns[i % 3]).unwrap();
        ws.write_string(r, 2, format!("关于第{r}项工作的通知"))
            .unwrap();
        ws.write_string(r, 3, "政府网站").unwrap();
        ws.write_string(r, 4, "党政办").unwrap();
        ws.write_number(r, 5, *v).unwrap();
    }
    std::fs::create_dir_all(inputs.join("政务公开")).unwrap();
    book.save(inputs.join("政务公开/网站信息导出.xlsx"))
        .unwrap();
}

#[test]
fn page_views_in_a_cms_export_are_never_counted_as_items() {
    for column in ["浏览次数", "阅读量", "点击数", "下载次数"] {
        let (_d, inputs) = scratch();
        let views: Vec<f64> = (0..12).map(|i| 800.0 + 37.0 * i as f64).collect();
        cms_export(&inputs, column, &views);
        let (f, _) = facts(&inputs);
        assert_eq!(n(&f, "公开.件次"), 12.0, "{column}: one item a row");
        assert_eq!(
            n(&f, "公开.类别.政策文件.件次"),
            4.0,
            "栏目 is the category"
        );
        assert_eq!(
            n(&f, "公开.渠道.政府网站.件次"),
            12.0,
            "发布渠道 is the channel"
        );
    }
}

#[test]
fn a_number_column_that_cannot_be_per_item_counts_is_not_summed_and_is_named() {
    let (_d, inputs) = scratch();
    let words: Vec<f64> = (0..12).map(|i| 1200.0 + i as f64).collect();
    cms_export(&inputs, "数量", &words);
    let (all, _) = check(&inputs);
    let w = all
        .iter()
        .find(|f| f["severity"] == "warning" && f["column"] == "F")
        .unwrap_or_else(|| panic!("{all:#?}"));
    assert!(w["message"].as_str().unwrap().contains("“数量”"), "{w}");
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "公开.件次"), 12.0);
}

#[test]
fn a_row_whose_count_is_left_blank_is_named_not_dropped_quietly() {
    let (_d, inputs) = scratch();
    let rows = vec![
        vec!["月份", "信息类别", "件次"],
        vec!["1月", "政策文件", "#12"],
        vec!["2月", "工作动态", ""],
        vec!["3月", "政策文件", "#3"],
    ];
    write_book(
        &inputs.join("政务公开/公开统计.xlsx"),
        &[sheet("统计", rows)],
    );
    let (all, _) = check(&inputs);
    let f = finding(&all, "warning", "政务公开/公开统计.xlsx", 3, "是空的");
    assert_eq!(f["column"], "C");
    let (facts, _) = facts(&inputs);
    assert_eq!(n(&facts, "公开.件次"), 15.0);
}

#[test]
fn a_column_named_like_an_outcome_without_outcome_words_is_not_read_as_one() {
    let (_d, inputs) = scratch();
    let rows = vec![
        vec!["序号", "受理日期", "案件来源", "处理结果"],
        vec!["#1", "@2024-03-05", "法院", "详见卷宗"],
        vec!["#2", "@2024-04-09", "派出所", "详见卷宗"],
        vec!["#3", "@2024-05-01", "信访", "见附件"],
    ];
    write_book(&inputs.join("司法所/调解登记.xlsx"), &[sheet("登记", rows)]);
    let (all, code) = check(&inputs);
    assert_eq!(code, 1, "{all:#?}");
    let f = finding_at_sheet(&all, "司法所/调解登记.xlsx", "登记");
    assert!(
        f["message"].as_str().unwrap().contains("看起来是台账"),
        "{f}"
    );
}

#[cfg(unix)]
#[test]
fn a_subfolder_that_cannot_be_read_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let root = std::process::Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&root.stdout).trim() == "0" {
        // root reads any folder; the same path (a folder read_dir refuses) is covered by
        // a_folder_whose_path_is_too_long_is_named_not_skipped.
        eprintln!("skipped: running as root, every folder is readable");
        return;
    }
    let (_ws, inputs) = sample();
    let locked = inputs.join("村调委会");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (all, code) = check(&inputs);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 1, "{all:#?}");
    assert!(
        all.iter()
            .any(|f| f["file"] == "村调委会" && f["message"].as_str().unwrap().contains("权限")),
        "{all:#?}"
    );
}

#[test]
fn check_json_answers_in_json_when_the_template_cannot_be_read() {
    let ws = sample_workspace();
    let path = ws.path().join("inputs/报告模板.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("附注：此件公开发布", "奇怪：1")).unwrap();
    let out = gongwen(ws.path(), &["check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let all: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON on stdout");
    let findings = all["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["row"] == 7 && f["message"].as_str().unwrap().contains("“奇怪”")),
        "{all:#}"
    );
}
