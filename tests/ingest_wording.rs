//! The words offices write for where a dispute came from and how it ended: the national
//! statistical wording and the provincial platforms' known without gongwen.toml, phrases never
//! met before read by their meaning-bearing parts, negation kept, and only a truly unclear word
//! left as a warning naming its rows.

mod common;

use common::*;

/// A register with one source and one outcome per row.
fn register(inputs: &std::path::Path, file: &str, rows: &[(&str, &str)]) {
    let mut all = vec![vec!["序号", "登记时间", "纠纷来源", "调解结果"]];
    let numbered: Vec<(String, &str, &str)> = rows
        .iter()
        .enumerate()
        .map(|(i, (s, o))| (format!("#{}", i + 1), *s, *o))
        .collect();
    for (i, s, o) in &numbered {
        all.push(vec![i.as_str(), "@2024-05-06", s, o]);
    }
    write_book(&inputs.join(file), &[sheet("登记", all)]);
}

#[test]
fn a_provincial_platform_export_in_the_national_wording() {
    let (_d, inputs) = scratch();
    register(
        &inputs,
        "司法所/平台导出.xlsx",
        &[
            ("审判机关委托", "调解成功"),
            ("审判机关委派", "达成协议并履行"),
            ("人民法院移送", "调解不成（引导诉讼）"),
            ("公安机关移交", "达成协议"),
            ("公安机关移交", "终止调解"),
            ("信访部门转交", "调解成功"),
            ("信访局转交", "正在调解"),
            ("当事人申请", "调解成功"),
            ("人民调解委员会主动调解", "达成协议并履行"),
            ("调委会主动调解", "未达成协议"),
            ("12345热线", "调解不成功"),
        ],
    );
    let (f, err) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 11.0);
    assert_eq!(n(&f, "调解.化解"), 6.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 3.0);
    assert_eq!(n(&f, "调解.来源.法院.化解"), 2.0);
    assert_eq!(n(&f, "调解.来源.派出所.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.派出所.化解"), 1.0);
    assert_eq!(n(&f, "调解.来源.信访.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.信访.化解"), 1.0);
    assert_eq!(n(&f, "调解.来源.当事人申请.受理"), 1.0);
    assert_eq!(n(&f, "调解.来源.主动调解.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.12345热线.受理"), 1.0);
    // Every word was understood: no warning about an outcome or a source.
    assert!(
        !err.contains("无法判断") && !err.contains("按原文单独统计"),
        "{err}"
    );
}

#[test]
fn phrases_never_met_before_are_read_by_their_parts() {
    let (_d, inputs) = scratch();
    register(
        &inputs,
        "台账.xlsx",
        &[
            ("区法院诉调对接中心", "矛盾已妥善解决"),
            ("县人民法院立案庭委派", "当事人自愿和解，已撤诉"),
            ("110接处警转来", "双方握手言和"),
            ("交警中队转来", "经多次调解双方终于达成赔偿协议"),
            ("镇综治中心信访接待室", "赔偿款已全部履行到位"),
            ("群众来访", "调解未能成功"),
            ("村民口头申请", "申请人撤回调解申请"),
            ("网格员排查发现", "经调解仍无法达成一致"),
            ("法院委派", "双方分歧较大，调解没有成功"),
            ("派出所移交", "协议已签订，款项当场付清"),
        ],
    );
    let (f, err) = facts(&inputs);
    assert_eq!(n(&f, "调解.受理"), 10.0);
    assert_eq!(n(&f, "调解.来源.法院.受理"), 3.0);
    // "自愿和解，已撤诉": settled, so the suit was withdrawn.
    assert_eq!(n(&f, "调解.来源.法院.化解"), 2.0);
    assert_eq!(n(&f, "调解.来源.派出所.受理"), 3.0);
    assert_eq!(n(&f, "调解.来源.派出所.化解"), 3.0);
    assert_eq!(n(&f, "调解.来源.信访.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.信访.化解"), 1.0);
    assert_eq!(n(&f, "调解.来源.当事人申请.受理"), 1.0);
    assert_eq!(n(&f, "调解.来源.主动调解.受理"), 1.0);
    assert_eq!(n(&f, "调解.化解"), 6.0);
    assert!(!err.contains("无法判断"), "{err}");
}

#[test]
fn only_a_truly_unclear_outcome_is_a_warning_naming_its_rows() {
    let (_d, inputs) = scratch();
    register(
        &inputs,
        "台账.xlsx",
        &[
            ("法院", "调解成功"),
            ("法院", "见卷宗"),
            ("派出所", "调解不成功"),
            ("派出所", "见卷宗"),
            ("妇联转来", "调解成功"),
        ],
    );
    let (all, _) = check(&inputs);
    let w = finding(
        &all,
        "warning",
        "台账.xlsx",
        3,
        "调解结果“见卷宗”无法判断是否化解",
    );
    assert!(w["message"].as_str().unwrap().contains("第 3、5 行"), "{w}");
    finding(
        &all,
        "warning",
        "台账.xlsx",
        6,
        "案件来源“妇联转来”不属于法院、派出所、信访",
    );
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.化解"), 2.0);
    assert_eq!(n(&f, "调解.来源.妇联转来.受理"), 1.0);
}

#[test]
fn a_village_committees_own_cases_count_as_the_village_committee() {
    let (_d, inputs) = scratch();
    register(
        &inputs,
        "村调委会/石咀村人民调解委员会调解台账.xlsx",
        &[
            ("当事人申请", "调解成功"),
            ("主动排查", "调解成功"),
            ("派出所移交", "调解成功"),
        ],
    );
    let (f, _) = facts(&inputs);
    assert_eq!(n(&f, "调解.来源.村调委会.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.派出所.受理"), 1.0);
    assert!(!f.contains_key("调解.来源.当事人申请.受理"), "{f:?}");
}

#[test]
fn gongwen_toml_adds_a_channel_and_words_the_same_way() {
    let (_d, inputs) = scratch();
    register(
        &inputs,
        "台账.xlsx",
        &[
            ("县妇联转来", "摆平了"),
            ("妇联", "没摆平"),
            ("12345便民服务中心", "调解成功"),
        ],
    );
    std::fs::write(
        inputs.join("gongwen.toml"),
        concat!(
            "[\"来源\".\"妇联\"]\n\"含\" = [\"妇联\"]\n",
            "[\"来源\".\"派出所\"]\n\"含\" = [\"便民服务\"]\n",
            "[\"结果\"]\n\"化解\" = [\"摆平\"]\n",
        ),
    )
    .unwrap();
    let (f, err) = facts(&inputs);
    assert_eq!(n(&f, "调解.来源.妇联.受理"), 2.0);
    assert_eq!(n(&f, "调解.来源.妇联.化解"), 1.0);
    assert!(
        !err.contains("按原文单独统计") && !err.contains("无法判断"),
        "{err}"
    );
}
