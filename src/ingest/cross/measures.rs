//! What a cross table's column headings measure: the role of a column in a statistics group
//! (总数/受理, 化解, 未化解), rates, totals (合计, and headings such as 本月矛盾纠纷总数 that name
//! a measure and no category), running totals, channels and months.

use super::super::sheet;
use crate::text::squash;

/// A rate or share (化解率, 成功率, 占比, %): compared with a rate or not at all, never counted.
pub(super) fn is_rate(label: &str) -> bool {
    let l = squash(label);
    ["率", "%", "％", "百分比", "占比"]
        .iter()
        .any(|w| l.contains(w))
}

/// Words of a column of cases not (yet) resolved: 未化解, 调解不成功, 正在调解中.
const UNRESOLVED: &[&str] = &[
    "未化解",
    "不成功",
    "未成功",
    "未调解成功",
    "调解中",
    "正在调解",
    "进行中",
    "待调解",
    "化解中",
    "未调结",
    "未办结",
    "未结",
];

/// Words of a column of resolved cases: 化解数, 已化解, 调解成功.
const RESOLVED: &[&str] = &["化解", "成功", "调结", "办结", "已结", "结案"];

/// Words of a column of all cases: 总数, 受理, 件数.
const ALL_CASES: &[&str] = &[
    "总数",
    "受理",
    "件数",
    "数量",
    "合计",
    "小计",
    "案件数",
    "纠纷数",
    "件次",
    "次数",
];

/// What each sub-column of a statistics group holds: "总数", "化解" or "未化解".
pub(super) fn sub_role(label: &str) -> Option<&'static str> {
    let l = squash(label);
    if is_rate(&l) {
        None
    } else if UNRESOLVED.iter().any(|w| l.contains(w)) {
        Some("未化解")
    } else if RESOLVED.iter().any(|w| l.contains(w)) {
        Some("化解")
    } else if ALL_CASES.iter().any(|w| l.contains(w)) {
        Some("总数")
    } else {
        None
    }
}

/// The role's name for the clerk: 受理数, 化解数, 未化解数.
pub(super) fn role_name(role: &str) -> &'static str {
    match role {
        "化解" => "化解数",
        "未化解" => "未化解数",
        _ => "受理数",
    }
}

pub(super) fn is_total_label(label: &str) -> bool {
    sheet::is_total_label(&squash(label))
}

/// Words that say how or when something is counted, not what: left out when asking whether a
/// heading names a category at all.
const MEASURE_WORDS: &[&str] = &[
    "本月",
    "当月",
    "本季度",
    "本季",
    "本年度",
    "本年",
    "全年",
    "本期",
    "今年",
    "全镇",
    "各村",
    "矛盾纠纷",
    "纠纷",
    "矛盾",
    "案件",
    "排查",
    "调处",
    "调解",
    "件数",
    "件次",
    "次数",
    "数量",
    "总计",
    "共计",
    "数",
    "件",
    "起",
    "宗",
    "总",
    "共",
    "已",
    "的",
];

/// A heading that names a measure and no category: 本月矛盾纠纷总数, 本月未化解纠纷数, 受理纠纷
/// 总数, 已化解. Such a column totals the row (it is compared, not counted as a category).
pub(super) fn is_measure_only(label: &str) -> bool {
    let mut l = squash(label);
    if sub_role(&l).is_none() || l.is_empty() {
        return false;
    }
    // Units in brackets: （件）, (起).
    static UNIT: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let unit = UNIT.get_or_init(|| crate::text::compile(r"[（(][^）)]*[）)]"));
    l = unit.replace_all(&l, "").into_owned();
    for w in UNRESOLVED.iter().chain(RESOLVED).chain(ALL_CASES) {
        l = l.replace(w, "");
    }
    for w in MEASURE_WORDS {
        l = l.replace(w, "");
    }
    l.is_empty()
}

/// A running total (累计, 全年累计): neither counted nor compared.
pub(super) fn is_running_total(label: &str) -> bool {
    squash(label).contains("累计")
}

/// A disclosure channel: 政府网站, 政务公开栏, 微信公众号, 电子显示屏, 宣传栏, 广播, 会议.
pub(super) fn is_channel(label: &str) -> bool {
    [
        "网站",
        "网",
        "公开栏",
        "宣传栏",
        "公示栏",
        "微信",
        "公众号",
        "显示屏",
        "广播",
        "新媒体",
        "APP",
        "抖音",
        "短信",
    ]
    .iter()
    .any(|w| label.contains(w))
}

/// "1月", "一月", "第一季度", "一季度", "上半年", "Q1".
pub fn is_time_label(label: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        crate::text::compile(r"^(?:\d{4}年)?(?:\d{1,2}月份?|[一二三四五六七八九十]{1,3}月份?|第?[一二三四1-4]季度|[Qq][1-4]|[上下]半年)$")
    })
    .is_match(&squash(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_of_statistics_columns_as_offices_write_them() {
        for (label, role) in [
            ("化解数", "化解"),
            ("已化解", "化解"),
            ("调解成功", "化解"),
            ("未化解", "未化解"),
            ("未化解数", "未化解"),
            ("调解不成功", "未化解"),
            ("正在调解中", "未化解"),
            ("调解中", "未化解"),
            ("本月总数", "总数"),
            ("受理", "总数"),
            ("合计", "总数"),
        ] {
            assert_eq!(sub_role(label), Some(role), "{label}");
        }
        assert_eq!(sub_role("化解率"), None);
        assert_eq!(sub_role("婚姻家庭纠纷"), None);
    }

    #[test]
    fn headings_of_a_measure_alone_are_totals_not_categories() {
        for label in [
            "本月矛盾纠纷总数",
            "本月未化解纠纷数",
            "受理纠纷总数（件）",
            "已化解",
            "调解成功数",
            "合计",
        ] {
            assert!(is_measure_only(label), "{label}");
        }
        for label in [
            "婚姻家庭纠纷",
            "邻里纠纷",
            "法院委派",
            "1月",
            "土地承包纠纷化解数",
        ] {
            assert!(!is_measure_only(label), "{label}");
        }
    }
}
