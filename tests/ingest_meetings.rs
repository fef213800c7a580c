//! Meeting logs without a type column, attendance written in words, and sign-in exports: the
//! meetings, attendance and kinds a clerk counts from them, and the reading line.

mod common;

use common::*;
use serde_json::Value;

/// Findings of `severity` on `file` whose message contains `words`.
fn findings_with(all: &[Value], severity: &str, file: &str, words: &str) -> Vec<Value> {
    all.iter()
        .filter(|f| {
            f["severity"] == severity
                && f["file"] == file
                && f["message"].as_str().unwrap_or_default().contains(words)
        })
        .cloned()
        .collect()
}

#[test]
fn the_kind_is_read_from_the_meetings_name_when_no_column_says_it() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "党政办",
        vec![
            vec!["某镇2024年会议记录"],
            vec!["序号", "会议名称", "召开时间", "参会人数", "地点"],
            vec![
                "#1",
                "镇党委会（专题研究法治工作）",
                "2024年1月8日",
                "#15",
                "二楼",
            ],
            vec!["#2", "2024年第3次专题学法", "2024.3.14", "#41", "大会议室"],
            vec![
                "#3",
                "党政主要负责人履行法治建设第一责任人职责专题会议",
                "@2024-04-02",
                "#16",
                "",
            ],
            vec!["#4", "2024年第一期法治建设培训班", "@2024-05-20", "#60", ""],
            vec![
                "#5",
                "镇党委会（会前学法：学习《中华人民共和国宪法》）",
                "@2024-06-03",
                "#17",
                "",
            ],
            vec!["#6", "研究农村人居环境整治工作", "@2024-07-09", "#18", ""],
            vec![
                "#7",
                "学习《中华人民共和国民法典》",
                "@2024-08-01",
                "#38",
                "",
            ],
            vec!["#8", "镇班子会研究秋季防火", "@2024-09-01", "#12", ""],
        ],
    );
    write_book(&inputs.join("党政办/会议.xlsx"), &[s]);
    // The office maps its own word for a kind.
    std::fs::write(
        inputs.join("gongwen.toml"),
        "[\"归并\".\"类型\"]\n\"班子会\" = \"党委会\"\n",
    )
    .unwrap();
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "会议.次数"), 8.0);
    assert_eq!(n(&f, "会议.人次"), 217.0);
    assert_eq!(n(&f, "会议.类型.党委会专题研究法治工作.次数"), 1.0);
    assert_eq!(n(&f, "会议.类型.专题学法.次数"), 2.0);
    assert_eq!(n(&f, "会议.类型.专题学法.人次"), 79.0);
    assert_eq!(n(&f, "会议.类型.主要负责人专题会议.次数"), 1.0);
    assert_eq!(n(&f, "会议.类型.法治建设培训班.次数"), 1.0);
    // The 党委会 with 会前学法 is one 党委会 (not a 专题学法), and counts as a 会前学法.
    assert_eq!(n(&f, "会议.类型.党委会.次数"), 2.0);
    assert_eq!(n(&f, "会议.学法.会前学法.次数"), 1.0);
    assert_eq!(n(&f, "会议.学法.会前学法.人次"), 17.0);
    // The meeting whose name says no known kind counts, and is named.
    let (all, _) = check(&inputs);
    let w = finding(&all, "warning", "党政办/会议.xlsx", 8, "没有填写会议类型");
    assert!(w["message"].as_str().unwrap().contains("第 8 行"), "{w}");
    let r = reading_of(&inputs, "党政办/会议.xlsx");
    assert_eq!(r["kind"], "会议");
    assert_eq!(r["records"], 8);
    assert_eq!(
        how(&r),
        "会议及学法记录，登记表（一行一件），表头第 2 行：主题=B“会议名称”、日期=C“召开时间”、人数=D“参会人数”"
    );
}

#[test]
fn a_log_of_dates_and_names_alone_is_a_meeting_log_and_its_names_give_the_attendance() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "Sheet1",
        vec![
            vec!["学习主题", "时间"],
            vec!["专题学法：学习《信访工作条例》（共43人）", "2024-02-01"],
            vec!["党委会专题研究依法治镇工作，班子成员9人", "2024-03-01"],
            vec!["法治建设培训班，全镇干部职工38人参加", "2024-04-01"],
            vec!["中心组集中学习", "2024-05-01"],
        ],
    );
    write_book(&inputs.join("学习.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "会议.次数"), 4.0);
    assert_eq!(n(&f, "会议.人次"), 90.0);
    assert_eq!(n(&f, "会议.类型.专题学法.人次"), 43.0);
    assert_eq!(n(&f, "会议.类型.党委会专题研究法治工作.人次"), 9.0);
    assert_eq!(n(&f, "会议.类型.理论学习中心组学习.次数"), 1.0);
    let r = reading_of(&inputs, "学习.xlsx");
    assert_eq!(
        how(&r),
        "会议及学法记录，登记表（一行一件），表头第 1 行：主题=A“学习主题”、日期=B“时间”"
    );
    // The one meeting without attendance is named; 人次 adds up the other three.
    let (all, _) = check(&inputs);
    let w = finding(&all, "warning", "学习.xlsx", 5, "读不出参会人数");
    let msg = w["message"].as_str().unwrap();
    assert!(
        msg.contains("1 次会议") && msg.contains("3 次会议"),
        "{msg}"
    );
    assert!(msg.contains("第 5 行"), "{msg}");
}

#[test]
fn attendance_written_in_words_in_the_count_people_or_remark_column() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "会议",
        vec![
            vec!["日期", "会议类型", "会议内容", "参会人员", "备注"],
            vec!["@2024-01-10", "党委会", "研究工作", "应到11人实到9人", ""],
            vec![
                "@2024-02-10",
                "专题学法",
                "学习宪法",
                "应到45人，实到41人",
                "",
            ],
            vec![
                "@2024-03-10",
                "专题学法",
                "学习民法典",
                "张三、李四、王五、赵六",
                "",
            ],
            vec![
                "@2024-04-10",
                "党委会",
                "研究工作",
                "班子成员",
                "班子成员9人",
            ],
            vec![
                "@2024-05-10",
                "专题学法",
                "学习土地法",
                "全体干部",
                "应到50人，实到47人",
            ],
            vec![
                "@2024-05-20",
                "党委会",
                "研究工作",
                "",
                "参会人员：张三、李四、王五。地点：二楼",
            ],
        ],
    );
    write_book(&inputs.join("会议.xlsx"), &[s]);
    let s = sheet(
        "学法",
        vec![
            vec!["学习内容", "参学人数", "学习日期"],
            vec!["学习安全生产法", "应到25人，实到23人", "2024-06-01"],
            vec!["学习保密法", "（共43人）", "2024-07-01"],
            vec!["学习档案法", "38人", "2024-08-01"],
        ],
    );
    write_book(&inputs.join("学法.xlsx"), &[s]);
    let (f, err) = facts(&inputs);
    assert_eq!(n(&f, "会议.次数"), 9.0);
    assert_eq!(
        n(&f, "会议.人次"),
        9.0 + 41.0 + 4.0 + 9.0 + 47.0 + 3.0 + 23.0 + 43.0 + 38.0
    );
    assert_eq!(n(&f, "会议.类型.党委会.人次"), 21.0);
    assert_eq!(n(&f, "会议.类型.专题学法.次数"), 6.0);
    assert!(!err.contains("读不出"), "{err}");
    let (all, _) = check(&inputs);
    assert!(
        findings_with(&all, "warning", "会议.xlsx", "人数").is_empty(),
        "{all:#?}"
    );
    assert!(
        findings_with(&all, "error", "学法.xlsx", "人数").is_empty(),
        "{all:#?}"
    );
}

#[test]
fn a_blank_type_cell_takes_the_kind_its_name_says() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "Sheet1",
        vec![
            vec!["会议时间", "参会人数", "会议名称", "类别"],
            vec!["2024年3月1日", "#20", "第1次专题学法", ""],
            vec!["2024年4月1日", "#18", "镇党委会（专题研究法治工作）", ""],
            vec!["2024年5月1日", "#16", "安全生产工作推进会", ""],
            vec![
                "2024年6月1日",
                "#30",
                "学习新修订的《行政复议法》",
                "专题学法",
            ],
        ],
    );
    write_book(&inputs.join("记录.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "会议.次数"), 4.0);
    assert_eq!(n(&f, "会议.人次"), 84.0);
    assert_eq!(n(&f, "会议.类型.专题学法.次数"), 2.0);
    assert_eq!(n(&f, "会议.类型.党委会专题研究法治工作.次数"), 1.0);
    // A 推进会 is a meeting of no known kind: counted, and named.
    let (all, _) = check(&inputs);
    let w = finding(&all, "warning", "记录.xlsx", 4, "没有填写会议类型");
    assert!(w["message"].as_str().unwrap().starts_with("1 行"), "{w}");
}

#[test]
fn meetings_without_any_attendance_count_and_the_missing_attendance_is_named() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "2024年",
        vec![
            vec!["某镇2024年专题学法记录"],
            vec!["日期", "名称", "主持人"],
            vec!["@2024-03-01", "第1次专题学法", "王某"],
            vec!["@2024-06-01", "第2次专题学法", "王某"],
            vec!["@2024-09-01", "第3次专题学法", "李某"],
        ],
    );
    write_book(&inputs.join("学法记录.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "会议.次数"), 3.0);
    assert_eq!(n(&f, "会议.类型.专题学法.次数"), 3.0);
    // The figure counts only what is written (here nothing); the warning says so.
    assert_eq!(n(&f, "会议.人次"), 0.0);
    let (all, code) = check(&inputs);
    let w = finding(&all, "warning", "学法记录.xlsx", 3, "读不出参会人数");
    let msg = w["message"].as_str().unwrap();
    assert!(
        msg.contains("3 次会议") && msg.contains("第 3、4、5 行"),
        "{msg}"
    );
    assert!(msg.contains("写明人数的 0 次会议"), "{msg}");
    assert_eq!(w["sheet"], "2024年");
    assert!(w["hint"].as_str().unwrap().contains("实到"), "{w}");
    assert_eq!(code, 0, "{all:#?}");
}

#[test]
fn a_table_of_dates_and_other_texts_is_not_taken_for_a_meeting_log() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "工作日志",
        vec![
            vec!["日期", "内容"],
            vec!["@2024-03-01", "入户走访脱贫户"],
            vec!["@2024-03-02", "检查安全生产"],
            vec!["@2024-03-03", "处理邻里纠纷"],
            vec!["@2024-03-04", "整理档案"],
        ],
    );
    write_book(&inputs.join("日志.xlsx"), &[s]);
    let r = reading_of(&inputs, "日志.xlsx");
    assert_eq!(r["outcome"], "not_read", "{r}");
    let (f, _) = facts(&inputs);
    assert!(!f.contains_key("会议.次数"), "{f:?}");
}

#[test]
fn a_sign_in_export_is_read_as_sessions_and_only_those_present_attend() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "签到记录",
        vec![
            vec!["序号", "姓名", "部门", "会议名称", "签到时间", "签到状态"],
            vec![
                "#1",
                "张三",
                "党政办",
                "2024年第1次专题学法",
                "2024-03-05 08:52",
                "已签到",
            ],
            vec![
                "#2",
                "李四",
                "司法所",
                "2024年第1次专题学法",
                "2024-03-05 08:55",
                "已签到",
            ],
            vec!["#3", "王五", "财政所", "2024年第1次专题学法", "", "未签到"],
            vec![
                "#4",
                "赵六",
                "党政办",
                "2024年第1次专题学法",
                "2024-03-05 09:01",
                "请假",
            ],
            vec![
                "#5",
                "张三",
                "党政办",
                "镇党委会（专题研究法治工作）",
                "2024-04-10 14:30",
                "已签到",
            ],
            vec![
                "#6",
                "李四",
                "司法所",
                "镇党委会（专题研究法治工作）",
                "2024-04-10 14:31",
                "已签到",
            ],
            vec![
                "#7",
                "王五",
                "财政所",
                "镇党委会（专题研究法治工作）",
                "2024-04-10 14:33",
                "已签到",
            ],
            vec![
                "#8",
                "赵六",
                "党政办",
                "镇党委会（专题研究法治工作）",
                "",
                "缺席",
            ],
        ],
    );
    write_book(&inputs.join("签到导出.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "会议.次数"), 2.0);
    assert_eq!(n(&f, "会议.人次"), 5.0);
    assert_eq!(n(&f, "会议.类型.专题学法.人次"), 2.0);
    assert_eq!(n(&f, "会议.类型.党委会专题研究法治工作.人次"), 3.0);
    let r = reading_of(&inputs, "签到导出.xlsx");
    assert_eq!(r["records"], 2);
    assert_eq!(
        how(&r),
        "会议及学法记录，签到名单（一行一人），表头第 1 行：姓名=B“姓名”、主题=D“会议名称”、日期=E“签到时间”、状态=F“签到状态”；按签到名单读取：8 条签到记录按会议名称和日期归为 2 次会议，人次只计已签到（出席）的 5 人次"
    );
    let (all, code) = check(&inputs);
    assert_eq!(code, 0, "{all:#?}");
}

#[test]
fn a_sign_in_list_of_the_same_training_on_two_days_with_other_status_words() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "Sheet1",
        vec![
            vec!["培训名称", "日期", "学员姓名", "出勤情况"],
            vec!["法治建设培训班", "2024-05-20", "甲", "出席"],
            vec!["法治建设培训班", "2024-05-20", "乙", "出席"],
            vec!["法治建设培训班", "2024-05-20", "丙", "病假"],
            vec!["法治建设培训班", "2024-05-20", "乙", "出席"],
            vec!["法治建设培训班", "2024-05-21", "甲", "参加"],
            vec!["法治建设培训班", "2024-05-21", "乙", "待定"],
            vec!["法治建设培训班", "2024-05-21", "丙", ""],
            vec!["法治建设培训班", "", "丁", "出席"],
            vec!["法治建设培训班", "", "戊", "请假"],
        ],
    );
    write_book(&inputs.join("培训签到.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "会议.次数"), 2.0);
    assert_eq!(n(&f, "会议.类型.法治建设培训班.次数"), 2.0);
    // 甲 and 乙 on the first day (乙 signed twice: once), 甲 on the second.
    assert_eq!(n(&f, "会议.人次"), 3.0);
    let r = reading_of(&inputs, "培训签到.xlsx");
    assert!(how(&r).contains("签到名单（一行一人）"), "{}", how(&r));
    assert!(
        how(&r).contains("9 条签到记录按会议名称和日期归为 2 次会议"),
        "{}",
        how(&r)
    );
    let (all, _) = check(&inputs);
    let file = "培训签到.xlsx";
    let w = finding(&all, "warning", file, 7, "“待定”");
    assert!(
        w["message"].as_str().unwrap().contains("没有计入人次"),
        "{w}"
    );
    finding(&all, "warning", file, 8, "签到状态是空的");
    finding(&all, "warning", file, 5, "出现了不止一次");
    // 丁 was there, but on which of the two days is not written: named, not guessed.
    let w = finding(&all, "warning", file, 9, "不能确定是哪一次");
    assert!(
        w["message"].as_str().unwrap().contains("1 条签到记录"),
        "{w}"
    );
    assert!(
        findings_with(&all, "warning", file, "日期").len() == 1,
        "{all:#?}"
    );
}

#[test]
fn a_sign_in_list_without_a_status_column_counts_those_with_a_sign_in_time() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "导出数据",
        vec![
            vec!["2024年会议签到导出"],
            vec!["签到时间", "人员姓名", "会议名称", "单位"],
            vec!["2024/06/03 08:50", "甲", "第2次专题学法", "党政办"],
            vec!["2024/06/03 08:51", "乙", "第2次专题学法", "党政办"],
            vec!["", "丙", "第2次专题学法", "司法所"],
            vec!["2024/06/03 08:58", "丁", "第2次专题学法", "司法所"],
            vec!["2024/07/01 14:00", "甲", "法治政府建设工作推进会", "党政办"],
            vec!["2024/07/01 14:02", "丙", "法治政府建设工作推进会", "司法所"],
        ],
    );
    write_book(&inputs.join("签到.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "会议.次数"), 2.0);
    assert_eq!(n(&f, "会议.人次"), 5.0);
    assert_eq!(n(&f, "会议.类型.专题学法.人次"), 3.0);
    let r = reading_of(&inputs, "签到.xlsx");
    assert_eq!(r["records"], 2);
    assert!(
        how(&r).ends_with(
            "6 条签到记录按会议名称和日期归为 2 次会议，人次只计已签到（出席）的 5 人次"
        ),
        "{}",
        how(&r)
    );
    // The 推进会 is of no known kind: named once, at the session's first row.
    let (all, _) = check(&inputs);
    finding(&all, "warning", "签到.xlsx", 7, "没有填写会议类型");
}

#[test]
fn a_count_table_without_attendance_names_the_meetings_it_cannot_give_attendance_for() {
    let (_d, inputs) = scratch();
    let s = sheet(
        "统计",
        vec![
            vec!["学习形式", "场次", "参训人次"],
            vec!["专题学法", "#8", "#240"],
            vec!["法治建设培训班", "#4", ""],
            vec!["理论学习中心组学习", "#3", ""],
        ],
    );
    write_book(&inputs.join("统计.xlsx"), &[s]);
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "会议.次数"), 15.0);
    assert_eq!(n(&f, "会议.人次"), 240.0);
    let (all, _) = check(&inputs);
    let w = finding(&all, "warning", "统计.xlsx", 3, "读不出参会人数");
    let msg = w["message"].as_str().unwrap();
    assert!(
        msg.starts_with("7 次会议")
            && msg.contains("写明人数的 8 次会议")
            && msg.contains("第 3、4 行"),
        "{msg}"
    );
}
