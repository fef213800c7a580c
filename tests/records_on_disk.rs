//! A district's records are kept on disk past a budget and read back for every check, fact and
//! checklist row. Held or on disk, the clerk gets the same report, checklist, figures and
//! findings: here every record goes to disk (`GONGWEN_HELD_RECORDS=0`) and the results are
//! compared with a run that holds them all.

mod common;

use common::*;
use std::path::Path;
use std::process::Output;

/// `gongwen ARGS` holding at most `held` records in memory.
fn run(dir: &Path, args: &[&str], held: &str) -> Output {
    gongwen_env(dir, args, &[("GONGWEN_HELD_RECORDS", Path::new(held))])
}

#[test]
fn records_on_disk_give_the_same_report_checklist_figures_and_findings() {
    let ws = sample_workspace();
    let dir = ws.path();
    let inputs = dir.join("inputs");
    // A copy of a village ledger, the same case twice in one ledger and a case two offices
    // both entered, a row of another year and an outcome not recognised: each check meets
    // records read back.
    let village = inputs.join("村调委会/石咀村人民调解委员会调解台账.xlsx");
    std::fs::copy(
        &village,
        inputs.join("村调委会/石咀村人民调解委员会调解台账 - 副本.xlsx"),
    )
    .unwrap();
    let header = vec![
        "序号",
        "受理日期",
        "当事人",
        "案号",
        "案件来源",
        "纠纷类型",
        "调解结果",
    ];
    write_book(
        &inputs.join("司法所/2024年补充台账.xlsx"),
        &[sheet(
            "台账",
            vec![
                header.clone(),
                vec![
                    "1",
                    "2024-03-05",
                    "赵甲与钱乙",
                    "（2024）补调字第1号",
                    "法院委派",
                    "婚姻家庭纠纷",
                    "调解成功",
                ],
                vec![
                    "2",
                    "2024-03-05",
                    "赵甲与钱乙",
                    "（2024）补调字第1号",
                    "法院委派",
                    "婚姻家庭纠纷",
                    "调解成功",
                ],
                vec![
                    "3",
                    "2023-12-20",
                    "孙丙与李丁",
                    "（2023）补调字第9号",
                    "派出所",
                    "邻里纠纷",
                    "调解成功",
                ],
                vec![
                    "4",
                    "2024-06-01",
                    "周戊与吴己",
                    "（2024）补调字第2号",
                    "信访",
                    "邻里纠纷",
                    "待定中",
                ],
            ],
        )],
    );
    write_book(
        &inputs.join("村调委会/东村补充台账.xlsx"),
        &[sheet(
            "台账",
            vec![
                header,
                vec![
                    "1",
                    "2024-06-10",
                    "吴己与周戊",
                    "东调字第7号",
                    "村调委会",
                    "邻里纠纷",
                    "调解成功",
                ],
            ],
        )],
    );
    let (held, disk) = (dir.join("held"), dir.join("disk"));
    let year = ["--year", "2024"];
    for (out, budget) in [(&held, "100000000"), (&disk, "0")] {
        let check = run(dir, &["check", "--json", year[0], year[1]], budget);
        let facts = run(dir, &["facts", "--json", year[0], year[1]], budget);
        let explain = run(
            dir,
            &["explain", "调解.来源.法院.受理", year[0], year[1]],
            budget,
        );
        let build = run(
            dir,
            &["build", "--force", "--out", out.to_str().unwrap()],
            budget,
        );
        assert!(build.status.success(), "{}", stderr(&build));
        std::fs::write(out.join("check.json"), &check.stdout).unwrap();
        std::fs::write(out.join("facts.json"), &facts.stdout).unwrap();
        std::fs::write(out.join("explain.txt"), &explain.stdout).unwrap();
    }
    let check = std::fs::read_to_string(disk.join("check.json")).unwrap();
    for words in [
        "重复登记",
        "也登记在",
        "不在 2024 年内",
        "待定中",
        "同一本台账",
    ] {
        assert!(check.contains(words), "{words}: {check}");
    }
    let mut names: Vec<_> = std::fs::read_dir(&held)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names.len(), 5, "{names:?}");
    for name in names {
        let (a, b) = (held.join(&name), disk.join(&name));
        assert!(
            std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(),
            "{name:?} differs with the records on disk"
        );
    }
    validate(&disk.join(gongwen::pipeline::CHECKLIST));
}
