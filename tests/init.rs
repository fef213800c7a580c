//! `gongwen init`: next year's folder from this year's, filled in and built into next year's
//! report; an existing folder is never touched.

mod common;

use calamine::Reader;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

const NEW: &str = "2025年台账";

/// Runs `gongwen init` in a copy of the sample and returns the workspace.
fn initialised() -> tempfile::TempDir {
    let ws = sample_workspace();
    let out = gongwen(ws.path(), &["init"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains(&format!("gongwen --inputs {NEW}")),
        "no next step: {}",
        stdout(&out)
    );
    ws
}

/// Every file under `dir`, relative with `/`, and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut all = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                all.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    all
}

/// The first two rows of a workbook's first sheet: the title and the header.
fn title_and_header(path: &Path) -> (String, Vec<String>) {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let mut rows = range.rows();
    let title = rows.next().unwrap()[0].to_string();
    let header = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    (title, header)
}

/// `gongwen check --json --inputs <dir>` (the year from the template there).
fn check_new(ws: &Path) -> (serde_json::Value, i32) {
    let out = gongwen(ws, &["check", "--json", "--inputs", NEW]);
    let all = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (all, out.status.code().unwrap())
}

#[test]
fn init_prepares_next_year_and_its_ledgers_build_the_report() {
    let ws = initialised();
    let dir = ws.path().join(NEW);
    let files = snapshot(&dir);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    for want in [
        "填表说明.txt",
        "报告模板.txt",
        "司法所/2025年矛盾纠纷排查化解台账.xlsx",
        "党政办/2025年会议及学法记录.xlsx",
        "政务公开/2025年政务公开信息统计.xlsx",
        "村调委会/关庄村人民调解委员会调解台账.xlsx",
        "村调委会/石咀村人民调解委员会调解台账.xlsx",
    ] {
        assert!(names.contains(&want), "no {want} in {names:?}");
    }
    assert!(files["填表说明.txt"].starts_with("\u{feff}".as_bytes()));
    let guide = String::from_utf8(files["填表说明.txt"].clone()).unwrap();
    assert!(
        guide.contains("司法所/2025年矛盾纠纷排查化解台账.xlsx"),
        "{guide}"
    );
    assert!(guide.contains("合计"), "{guide}");

    // The template: the report year moved on, the date left to the clerk, placeholders kept.
    let old = std::fs::read_to_string(ws.path().join("inputs/报告模板.txt")).unwrap();
    let template = String::from_utf8(files["报告模板.txt"].clone()).unwrap();
    assert!(template.contains("标题：2025年杨家寺镇法治政府建设情况报告\n"));
    assert!(template.contains("报告年度：2025\n"));
    assert!(template.contains("成文日期：\n"));
    assert!(!template.contains("2024年"), "{template}");
    assert!(template.contains("《天水市秦州区2025年依法治区工作要点》"));
    assert!(template.contains("【附件】2025年矛盾纠纷化解情况统计表"));
    let placeholders = |t: &str| -> Vec<String> {
        regex::Regex::new(r"\{\{[^}]*\}\}")
            .unwrap()
            .find_iter(t)
            .map(|m| m.as_str().to_string())
            .collect()
    };
    assert_eq!(placeholders(&template), placeholders(&old));

    // Every workbook opens cleanly, titled for 2025, with the header ingest reads.
    let mediation = [
        "序号",
        "受理日期",
        "案件来源",
        "纠纷类型",
        "当事人",
        "纠纷简要情况",
        "调解结果",
        "结案日期",
        "调解员",
    ];
    let village = [
        "序号",
        "调解日期",
        "纠纷类型",
        "当事人",
        "纠纷简要情况",
        "调解结果",
        "结案日期",
        "调解员",
    ];
    let meeting = [
        "序号",
        "会议日期",
        "会议类型",
        "会议名称",
        "主持人",
        "参会人数",
        "地点",
    ];
    let disclosure = ["月份", "公开类别", "公开渠道", "件次"];
    for name in names.iter().filter(|n| n.ends_with(".xlsx")) {
        let path = dir.join(name);
        validate(&path);
        let (title, header) = title_and_header(&path);
        assert!(title.contains("2025年"), "{name}: {title}");
        let want: &[&str] = if name.starts_with("村调委会/") {
            &village
        } else if name.starts_with("司法所/") {
            &mediation
        } else if name.starts_with("党政办/") {
            &meeting
        } else {
            &disclosure
        };
        assert_eq!(header, want, "{name}");
    }
    let xml = part(
        &dir.join("司法所/2025年矛盾纠纷排查化解台账.xlsx"),
        "xl/worksheets/sheet1.xml",
    );
    assert!(xml.contains("\"法院,派出所,信访"), "no 案件来源 dropdown");
    assert!(xml.contains("\"已化解,未化解\""), "no 调解结果 dropdown");
    assert!(xml.contains("state=\"frozen\""), "header not frozen");

    // Read back: every ledger is read, with no finding about any of them, and the template
    // already fills from the empty ledgers: the only word is the reminder of the 成文日期.
    let (all, code) = check_new(ws.path());
    assert_eq!(code, 0, "{all:#}");
    let errors: Vec<_> = all["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "warning")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    for r in all["readings"].as_array().unwrap() {
        let file = r["file"].as_str().unwrap();
        if file.ends_with(".xlsx") {
            assert_eq!(r["outcome"], "ledger", "{r:#}");
            assert_eq!(r["records"], 0, "{r:#}");
        }
    }
    let template_file = format!("{NEW}/报告模板.txt");
    let about_ledgers: Vec<_> = all["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"] != template_file.as_str())
        .collect();
    assert!(about_ledgers.is_empty(), "{about_ledgers:#?}");

    // The offices fill their ledgers in, under the headers init wrote.
    let fill = |name: &str, header: &[&str], rows: Vec<Vec<&str>>| {
        let path = dir.join(name);
        let (title, _) = title_and_header(&path);
        let mut all = vec![vec![title.as_str()], header.to_vec()];
        all.extend(rows);
        write_book(&path, &[sheet("矛盾纠纷调解台账", all)]);
        validate(&path);
    };
    let case = |n, date, source, outcome| {
        vec![
            n,
            date,
            source,
            "邻里纠纷",
            "张三、李四",
            "因排水发生纠纷",
            outcome,
            date,
            "王建军",
        ]
    };
    fill(
        "司法所/2025年矛盾纠纷排查化解台账.xlsx",
        &mediation,
        vec![
            case("#1", "@2025-01-06", "法院", "已化解"),
            case("#2", "2025年2月3日", "法院", "已化解"),
            case("#3", "2025-03-05", "法院", "已化解"),
            case("#4", "@2025-04-01", "法院", "未化解"),
            case("#5", "@2025-05-12", "派出所", "已化解"),
            case("#6", "@2025-06-18", "派出所", "已化解"),
            case("#7", "@2025-07-01", "信访", "已化解"),
        ],
    );
    let village_case = |n, date, outcome| {
        vec![
            n,
            date,
            "宅基地纠纷",
            "赵五、钱六",
            "因宅基地界限争议",
            outcome,
            date,
            "石来福",
        ]
    };
    fill(
        "村调委会/石咀村人民调解委员会调解台账.xlsx",
        &village,
        vec![
            village_case("#1", "@2025-03-02", "已化解"),
            village_case("#2", "@2025-08-09", "未化解"),
        ],
    );
    let meeting_row = |n, date, kind| {
        vec![
            n,
            date,
            kind,
            "学习《宪法》",
            "李卫东",
            "#20",
            "镇政府会议室",
        ]
    };
    fill(
        "党政办/2025年会议及学法记录.xlsx",
        &meeting,
        vec![
            meeting_row("#1", "@2025-01-08", "专题学法"),
            meeting_row("#2", "@2025-02-08", "专题学法"),
            meeting_row("#3", "@2025-03-08", "党委会专题研究法治工作"),
            meeting_row("#4", "@2025-04-08", "法治建设培训班"),
            meeting_row("#5", "@2025-05-08", "主要负责人专题会议"),
        ],
    );
    fill(
        "政务公开/2025年政务公开信息统计.xlsx",
        &disclosure,
        vec![
            vec!["1月", "行政执法公示", "政府网站", "#5"],
            vec!["2月", "其他", "微信群", "#38"],
        ],
    );

    // Without the signature date the report is not built, and the clerk is told why.
    let out = gongwen(ws.path(), &["build", "--inputs", NEW]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).contains("成文日期"), "{}", stderr(&out));
    let template_path = dir.join("报告模板.txt");
    std::fs::write(
        &template_path,
        template.replace("成文日期：\n", "成文日期：2026年1月10日\n"),
    )
    .unwrap();

    let (all, code) = check_new(ws.path());
    assert_eq!(code, 0, "{all:#}");
    assert_eq!(all["findings"], serde_json::json!([]), "{all:#}");

    let out = gongwen(ws.path(), &["build", "--inputs", NEW]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let report = ws
        .path()
        .join("out")
        .join("2025年杨家寺镇法治政府建设情况报告.docx");
    validate(&report);
    validate(&ws.path().join("out").join("核对清单.xlsx"));
    let text = paragraphs(&part(&report, "word/document.xml")).join("\n");
    for want in [
        "2025年专题学法2次",
        "镇党委会专题研究法治工作1次，举办法治建设培训班1期",
        "全年召开专题会议1次",
        "全年累计公开信息40余件次",
        "今年以来法院推送案件4件，成功化解3件，成功化解率75%",
        "派出所推送案件2件，成功化解2件，成功化解率100%",
        "信访部门推送信访件1件，成功化解1件，成功化解率100%",
        "共调解矛盾纠纷2起，成功调解1起，成功率50%",
        "2026年1月10日",
    ] {
        assert!(text.contains(want), "no “{want}” in the report:\n{text}");
    }
    assert!(!text.contains("2024年"), "{text}");
}

#[test]
fn init_never_touches_an_existing_folder() {
    let ws = initialised();
    let dir = ws.path().join(NEW);
    std::fs::write(dir.join("司法所/已填的台账.csv"), "日期,来源\n").unwrap();
    let before = snapshot(&dir);
    let out = gongwen(ws.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(NEW), "{}", stderr(&out));
    assert!(stderr(&out).contains("已经存在"), "{}", stderr(&out));
    assert_eq!(snapshot(&dir), before);

    // An empty folder of that name is refused too, and left as it is.
    let empty = ws.path().join("明年");
    std::fs::create_dir(&empty).unwrap();
    let out = gongwen(ws.path(), &["init", "明年"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("明年"), "{}", stderr(&out));
    assert!(snapshot(&empty).is_empty());
    // Nor is a folder inside this year's, which this year's report would read.
    let out = gongwen(ws.path(), &["init", "inputs/2025"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("里面"), "{}", stderr(&out));
    assert!(!ws.path().join("inputs/2025").exists());
    // Nothing half-made is left beside them.
    assert_no_leftovers(ws.path());
}

#[test]
fn init_takes_the_year_and_folder_it_is_given() {
    let ws = sample_workspace();
    let out = gongwen(ws.path(), &["init", "下一年", "--year", "2026"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("gongwen --inputs 下一年"),
        "{}",
        stdout(&out)
    );
    let template = std::fs::read_to_string(ws.path().join("下一年/报告模板.txt")).unwrap();
    assert!(template.contains("标题：2026年杨家寺镇法治政府建设情况报告\n"));
    assert!(template.contains("报告年度：2026\n"));
    let (title, _) = title_and_header(
        &ws.path()
            .join("下一年/司法所/2026年矛盾纠纷排查化解台账.xlsx"),
    );
    assert!(title.contains("2026年"), "{title}");
}
