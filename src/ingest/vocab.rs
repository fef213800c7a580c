//! The built-in vocabulary: which ledger kinds exist, which column names mean which field, and
//! how the words offices write for sources and outcomes map to canonical values.

use crate::diag::Finding;
use crate::text::squash;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The name of the optional file in the inputs folder that extends the built-in vocabulary.
pub const VOCABULARY_FILE: &str = "gongwen.toml";

/// The fields whose values can be aliased in `gongwen.toml` ("结果": an office's own outcome
/// words, mapped to 成功 or 不成功).
const DIMENSIONS: [&str; 6] = ["来源", "类型", "单位", "类别", "渠道", "结果"];

/// The built-in vocabulary plus what an office's `inputs/gongwen.toml` adds: more column names
/// for a field, and aliases that map a value as written to the value to count it under.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// (kind, field key, extra column name)
    synonyms: Vec<(LedgerKind, &'static str, String)>,
    /// (dimension, written, canonical), longest written form first.
    aliases: Vec<(&'static str, String, String)>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabularyFile {
    #[serde(default, rename = "栏目")]
    columns: BTreeMap<String, Vec<String>>,
    #[serde(default, rename = "归并")]
    aliases: BTreeMap<String, BTreeMap<String, String>>,
}

impl Vocabulary {
    /// Reads `gongwen.toml` from the inputs folder; the built-in vocabulary when there is none.
    pub fn load(inputs: &Path) -> Result<Vocabulary, Finding> {
        let path = inputs.join(VOCABULARY_FILE);
        if !path.exists() {
            return Ok(Vocabulary::default());
        }
        let bytes = std::fs::read(&path).map_err(|e| {
            Finding::error(VOCABULARY_FILE, format!("无法读取（{e}）")).unreadable()
        })?;
        Vocabulary::parse(&crate::text::decode(&bytes).0)
    }

    /// Parses the text of a `gongwen.toml`.
    pub fn parse(text: &str) -> Result<Vocabulary, Finding> {
        let bad = |message: String| {
            Finding::error(VOCABULARY_FILE, message)
                .hint("格式见 README 的“台账栏目名称不一样怎么办”一节")
        };
        let file: VocabularyFile =
            toml::from_str(text).map_err(|e| bad(format!("格式有误：{e}")))?;
        let mut v = Vocabulary::default();
        for (name, columns) in file.columns {
            let (ledger, field) = name.split_once('.').unwrap_or((name.as_str(), ""));
            let kind = LedgerKind::from_name(ledger)
                .ok_or_else(|| bad(format!("“{name}”：台账名称应为 调解、会议 或 公开")))?;
            let key = kind
                .fields()
                .iter()
                .find(|f| f.key == field)
                .map(|f| f.key)
                .ok_or_else(|| {
                    let keys: Vec<&str> = kind.fields().iter().map(|f| f.key).collect();
                    bad(format!(
                        "“{name}”：{ledger}台账的栏目只有 {}",
                        keys.join("、")
                    ))
                })?;
            for c in columns {
                v.synonyms.push((kind, key, squash(&c)));
            }
        }
        for (dim, table) in file.aliases {
            let dim = DIMENSIONS.into_iter().find(|d| *d == dim).ok_or_else(|| {
                bad(format!(
                    "“归并.{dim}”：可归并的分类只有 {}",
                    DIMENSIONS.join("、")
                ))
            })?;
            for (written, canonical) in table {
                v.aliases.push((dim, squash(&written), squash(&canonical)));
            }
        }
        v.aliases.sort_by(|a, b| {
            b.1.chars()
                .count()
                .cmp(&a.1.chars().count())
                .then(a.1.cmp(&b.1))
        });
        Ok(v)
    }

    /// How well `label` names `field` of `kind` (see [`label_score`]), extra names included.
    pub fn score(&self, kind: LedgerKind, label: &str, field: &Field) -> u32 {
        let extra = self
            .synonyms
            .iter()
            .filter(|(k, key, _)| *k == kind && *key == field.key)
            .map(|(_, _, syn)| score_one(&squash(label), syn))
            .max()
            .unwrap_or(0);
        extra.max(label_score(label, field))
    }

    /// The value to count a written value under: an alias from `gongwen.toml` (a written form
    /// contained in the value), else for 来源 the built-in channels, else the value itself.
    pub fn canonical(&self, dim: &str, written: &str) -> String {
        let s = squash(written);
        if let Some((_, _, canonical)) = self
            .aliases
            .iter()
            .find(|(d, w, _)| *d == dim && !w.is_empty() && s.contains(w.as_str()))
        {
            return canonical.clone();
        }
        if dim == "来源" {
            canonical_source(&s)
        } else {
            s
        }
    }
}

/// The kinds of ledger gongwen counts. The Chinese name is the first part of every fact name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum LedgerKind {
    /// 矛盾纠纷调解台账: one row per dispute.
    Mediation,
    /// 会议/学法记录: one row per meeting or study session.
    Meeting,
    /// 政务公开件次: counts of disclosed items.
    Disclosure,
}

impl LedgerKind {
    pub const ALL: [LedgerKind; 3] = [
        LedgerKind::Mediation,
        LedgerKind::Meeting,
        LedgerKind::Disclosure,
    ];

    /// The name used in facts and messages: 调解, 会议, 公开.
    pub fn name(self) -> &'static str {
        match self {
            LedgerKind::Mediation => "调解",
            LedgerKind::Meeting => "会议",
            LedgerKind::Disclosure => "公开",
        }
    }

    /// What a clerk calls such a ledger.
    pub fn description(self) -> &'static str {
        match self {
            LedgerKind::Mediation => "矛盾纠纷调解台账",
            LedgerKind::Meeting => "会议及学法记录",
            LedgerKind::Disclosure => "政务公开统计",
        }
    }

    pub fn from_name(name: &str) -> Option<LedgerKind> {
        LedgerKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The fields a sheet of this kind may have, with the column names that mean them.
    pub fn fields(self) -> &'static [Field] {
        match self {
            LedgerKind::Mediation => MEDIATION,
            LedgerKind::Meeting => MEETING,
            LedgerKind::Disclosure => DISCLOSURE,
        }
    }

    /// Whether the fields found are enough to read a sheet as this kind.
    pub fn is_satisfied_by(self, found: &[&str]) -> bool {
        let has = |f: &str| found.contains(&f);
        match self {
            LedgerKind::Mediation => {
                (has("结果") && (has("日期") || has("类型") || has("来源")))
                    || (has("数量") && (has("类型") || has("来源") || has("单位")))
            }
            LedgerKind::Meeting => {
                (has("类型") && (has("人数") || has("主题") || has("次数")))
                    || (has("类型") && has("参会人员"))
                    || (has("日期") && has("人数") && has("主题"))
            }
            LedgerKind::Disclosure => {
                (has("件次") && (has("类别") || has("渠道") || has("月份")))
                    || (has("标题") && (has("日期") || has("类别") || has("渠道")))
                    || (has("日期") && has("类别") && has("渠道"))
            }
        }
    }
}

/// A canonical field and the column names that mean it.
#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    pub synonyms: &'static [&'static str],
}

const MEDIATION: &[Field] = &[
    Field {
        key: "日期",
        synonyms: &[
            "受理日期",
            "登记日期",
            "收案时间",
            "收案日期",
            "受理时间",
            "登记时间",
            "调解日期",
            "调解时间",
            "申请日期",
            "排查日期",
            "排查时间",
            "发生时间",
            "日期",
            "时间",
        ],
    },
    Field {
        key: "结案日期",
        synonyms: &[
            "结案日期",
            "结案时间",
            "办结日期",
            "办结时间",
            "调结日期",
            "完成时间",
        ],
    },
    Field {
        key: "来源",
        synonyms: &[
            "案件来源",
            "纠纷来源",
            "来源渠道",
            "来源",
            "推送单位",
            "移交单位",
            "交办单位",
            "案源",
        ],
    },
    Field {
        key: "类型",
        synonyms: &[
            "纠纷类型",
            "纠纷类别",
            "案件类别",
            "案件类型",
            "纠纷种类",
            "类型",
            "类别",
        ],
    },
    Field {
        key: "结果",
        synonyms: &[
            "调解结果",
            "处理结果",
            "是否化解",
            "化解情况",
            "调处结果",
            "是否调解成功",
            "调解是否成功",
            "是否成功",
            "成功与否",
            "是否达成协议",
            "是否结案",
            "调解情况",
            "调处情况",
            "办理结果",
            "办理情况",
            "结果",
        ],
    },
    Field {
        key: "单位",
        synonyms: &[
            "调解组织",
            "调解委员会",
            "调委会",
            "调解单位",
            "所属村",
            "村别",
            "村名",
            "村（社区）",
            "单位",
        ],
    },
    Field {
        key: "案号",
        synonyms: &["案件编号", "案号", "编号", "登记编号", "卷宗号"],
    },
    Field {
        key: "当事人",
        synonyms: &["当事人", "申请人", "当事人姓名"],
    },
    // A date written in parts: 年度 | 月份 | 日 columns (the parts a 日期 cell leaves out).
    Field {
        key: "年度",
        synonyms: &["年度", "年份", "年"],
    },
    Field {
        key: "月份",
        synonyms: &["月份", "月"],
    },
    Field {
        key: "日",
        synonyms: &["日", "号"],
    },
    // Count tables and statistics sheets.
    Field {
        key: "数量",
        synonyms: &[
            "受理数",
            "受理件数",
            "案件数",
            "纠纷数",
            "调解件数",
            "件数",
            "数量",
            "总数",
            "本月总数",
            "合计数",
        ],
    },
    Field {
        key: "化解数",
        synonyms: &[
            "化解数",
            "化解件数",
            "调解成功数",
            "成功数",
            "成功件数",
            "已化解数",
            "化解",
        ],
    },
    Field {
        key: "未化解数",
        synonyms: &[
            "未化解数",
            "未化解件数",
            "调解不成功数",
            "未成功数",
            "未化解",
        ],
    },
];

const MEETING: &[Field] = &[
    Field {
        key: "日期",
        synonyms: &[
            "会议日期",
            "会议时间",
            "学习日期",
            "学习时间",
            "召开时间",
            "活动时间",
            "日期",
            "时间",
        ],
    },
    Field {
        key: "类型",
        synonyms: &[
            "会议类型",
            "会议类别",
            "学习形式",
            "活动类型",
            "会议形式",
            "类型",
            "类别",
            "形式",
        ],
    },
    Field {
        key: "人数",
        synonyms: &[
            "参会人数",
            "参加人数",
            "出席人数",
            "参学人数",
            "参训人数",
            "参会人员数",
            "参加人员数",
            "参会人员人数",
            "到会人数",
            "实到人数",
            "参加人次",
            "参会人次",
            "参训人次",
            "人次",
            "人数",
        ],
    },
    Field {
        key: "次数",
        synonyms: &["会议次数", "召开次数", "学习次数", "次数", "场次", "期数"],
    },
    // The people present, by name: their number is the attendance when no count is written.
    Field {
        key: "参会人员",
        synonyms: &[
            "参会人员",
            "参加人员",
            "出席人员",
            "参会人员名单",
            "参学人员",
            "参训人员",
        ],
    },
    Field {
        key: "主题",
        synonyms: &[
            "会议名称",
            "会议主题",
            "学习内容",
            "会议内容",
            "主题",
            "内容",
            "名称",
            "议题",
        ],
    }, // A date written in parts: 年度 | 月份 | 日 columns (the parts a 日期 cell leaves out).
    Field {
        key: "年度",
        synonyms: &["年度", "年份", "年"],
    },
    Field {
        key: "月份",
        synonyms: &["月份", "月"],
    },
    Field {
        key: "日",
        synonyms: &["日", "号"],
    },
];

const DISCLOSURE: &[Field] = &[
    Field {
        key: "日期",
        synonyms: &[
            "公开日期",
            "公开时间",
            "发布日期",
            "发布时间",
            "日期",
            "时间",
        ],
    },
    Field {
        key: "月份",
        synonyms: &["月份", "月"],
    },
    Field {
        key: "年度",
        synonyms: &["年度", "年份", "年"],
    },
    Field {
        key: "日",
        synonyms: &["日", "号"],
    },
    Field {
        key: "类别",
        synonyms: &[
            "公开类别",
            "信息类别",
            "公开内容",
            "信息类型",
            "所属栏目",
            "栏目名称",
            "栏目",
            "信息分类",
            "类别",
            "类型",
            "内容",
        ],
    },
    Field {
        key: "渠道",
        synonyms: &[
            "公开渠道",
            "公开方式",
            "公开载体",
            "公开形式",
            "发布方式",
            "形式",
            "发布渠道",
            "发布平台",
            "发布载体",
            "公开平台",
            "平台",
            "渠道",
            "方式",
            "载体",
        ],
    },
    Field {
        key: "件次",
        synonyms: &[
            "件次",
            "公开件次",
            "条数",
            "数量",
            "件数",
            "公开数量",
            "次数",
        ],
    },
    // A register of disclosed items, one row each.
    Field {
        key: "标题",
        synonyms: &[
            "信息名称",
            "公开事项",
            "信息标题",
            "文件名称",
            "公开信息名称",
            "标题",
            "事项名称",
        ],
    },
];

/// Fields that hold counts (cases, meetings, items, attendees).
const COUNT_FIELDS: &[&str] = &["数量", "件次", "次数", "人数", "化解数", "未化解数"];

/// Whether a field holds a count (数量, 件次, 次数, 人数, 化解数, 未化解数).
pub fn is_count_field(key: &str) -> bool {
    COUNT_FIELDS.contains(&key)
}

/// Words of audience measures: a column named with one (浏览次数, 阅读量, 点击数, 下载次数…)
/// counts readers, not items, and is never a count of anything gongwen reports.
pub const AUDIENCE_WORDS: &[&str] = &[
    "浏览", "阅读", "点击", "访问", "下载", "点赞", "转发", "评论", "收藏", "播放", "观看", "阅览",
    "访客", "曝光", "pv", "uv", "PV", "UV",
];

/// Whether a column label names an audience measure (see [`AUDIENCE_WORDS`]).
pub fn is_audience_measure(label: &str) -> bool {
    let label = squash(label);
    AUDIENCE_WORDS.iter().any(|w| label.contains(w))
}

/// How well a header label names a field: 0 for not at all; an exact synonym beats a label that
/// merely contains one, and longer synonyms beat shorter ones. A label of an audience measure
/// (浏览次数) names no count field.
pub fn label_score(label: &str, field: &Field) -> u32 {
    if is_count_field(field.key) && is_audience_measure(label) {
        return 0;
    }
    let label = squash(label);
    field
        .synonyms
        .iter()
        .map(|syn| score_one(&label, syn))
        .max()
        .unwrap_or(0)
}

fn score_one(label: &str, syn: &str) -> u32 {
    let n = syn.chars().count() as u32;
    if label.is_empty() || syn.is_empty() {
        0
    } else if label == syn {
        100 + n
    } else if label.contains(syn) && label.chars().count() as u32 <= n + 8 {
        n
    } else {
        0
    }
}

/// The canonical referral channel for a source as written (法院, 派出所, 信访, 村调委会), or the
/// source itself, width-folded and without spaces.
pub fn canonical_source(written: &str) -> String {
    let s = squash(written);
    const RULES: &[(&str, &[&str])] = &[
        ("法院", &["法院", "法庭", "诉前", "诉调", "诉讼"]),
        ("派出所", &["派出所", "公安", "警调", "警务", "警情"]),
        ("信访", &["信访", "访调", "来访"]),
    ];
    for (canonical, words) in RULES {
        if words.iter().any(|w| s.contains(w)) {
            return canonical.to_string();
        }
    }
    if is_village_committee(&s) {
        return "村调委会".to_string();
    }
    s
}

/// A village mediation committee: "XX村人民调解委员会", "XX村调委会", "村级调解".
pub fn is_village_committee(s: &str) -> bool {
    (s.contains('村')
        && (s.contains("调委会") || s.contains("调解委员会") || s.contains("调解组织")))
        || s.contains("村级")
}

/// Whether an outcome as written means the dispute was resolved. `None` when blank or not
/// recognised (counted as not resolved).
pub fn outcome_resolved(written: &str) -> Option<bool> {
    let s = squash(written);
    if s.is_empty() {
        return None;
    }
    // Clear "not resolved" phrases win over everything ("调解不成功").
    const NOT: &[&str] = &[
        "不成功",
        "未成功",
        "未达成",
        "未化解",
        "未调解",
        "未调结",
        "未办结",
        "未结",
        "未履行",
        "未能",
        "没能",
        "没有达成",
        "无法",
        "不能",
        "未和解",
        "不同意",
        "拒绝",
        "拒不",
        "无果",
        "未果",
        "失败",
        "终止",
        "中止",
        "调解中",
        "正在",
        "进行中",
        "待调解",
        "暂缓",
        "不予受理",
        "引导诉讼",
        "转诉讼",
    ];
    // Then "resolved" words ("调解成功，双方无异议", "已化解，信访人撤回信访请求").
    const YES: &[&str] = &[
        "成功",
        "化解",
        "达成",
        "已调解",
        "调结",
        "已结",
        "办结",
        "结案",
        "完成",
        "和解",
        "已履行",
        "调处完毕",
        "息诉",
        "签订",
        "调解协议书",
        "握手言和",
        "履行完毕",
        "当场履行",
        "一致同意",
    ];
    // Marks and one-word answers, read only when the cell is nothing else.
    const YES_MARKS: &[&str] = &["是", "√", "✓", "✔", "■", "☑", "有", "1", "Y", "y"];
    const NOT_MARKS: &[&str] = &["否", "×", "✗", "✘", "□", "☐", "无", "0", "N", "n"];
    if NOT.iter().any(|w| s.contains(w)) {
        return Some(false);
    }
    if YES.iter().any(|w| s.contains(w)) {
        return Some(true);
    }
    if YES_MARKS.contains(&s.as_str()) {
        return Some(true);
    }
    if NOT_MARKS.contains(&s.as_str()) || s.contains("撤回") {
        return Some(false);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_map_to_the_three_channels() {
        assert_eq!(canonical_source("秦州区人民法院"), "法院");
        assert_eq!(canonical_source("诉前委派"), "法院");
        assert_eq!(canonical_source("杨家寺派出所"), "派出所");
        assert_eq!(canonical_source("公安"), "派出所");
        assert_eq!(canonical_source("区信访局转办"), "信访");
        assert_eq!(canonical_source("王家坪村人民调解委员会"), "村调委会");
        assert_eq!(canonical_source(" 群众　申请 "), "群众申请");
    }

    #[test]
    fn outcomes_read_as_a_careful_person_would() {
        for yes in [
            "调解成功",
            "成功",
            "已化解",
            "达成调解协议",
            "√",
            "调解成功，双方无异议",
            "已化解，信访人撤回信访请求",
            "双方和解",
            "已履行",
            "握手言和，已签订调解协议书",
            "经调解，双方达成一致，已当场履行",
            "口头协议，已履行",
        ] {
            assert_eq!(outcome_resolved(yes), Some(true), "{yes}");
        }
        for no in [
            "调解不成功",
            "未达成",
            "终止调解",
            "调解中",
            "否",
            "未调结",
            "撤回申请",
            "未能调解成功，已移交派出所处理",
            "没有达成协议，申请人已向法院起诉",
            "双方各执己见，无法达成一致意见",
            "被申请人拒不到场，调解未果",
            "双方分歧较大，调解无果",
        ] {
            assert_eq!(outcome_resolved(no), Some(false), "{no}");
        }
        assert_eq!(outcome_resolved(""), None);
        assert_eq!(outcome_resolved("待定"), None);
    }

    #[test]
    fn an_offices_vocabulary_adds_names_and_aliases() {
        let v = Vocabulary::parse(
            "[\"栏目\"]\n\"调解.来源\" = [\"推送部门\"]\n[\"归并\".\"来源\"]\n\"综治中心\" = \"信访\"\n",
        )
        .unwrap();
        let source = MEDIATION.iter().find(|f| f.key == "来源").unwrap();
        assert!(v.score(LedgerKind::Mediation, "推送部门", source) > 100);
        assert_eq!(v.score(LedgerKind::Meeting, "推送部门", source), 0);
        assert_eq!(v.canonical("来源", "镇综治中心"), "信访");
        assert_eq!(v.canonical("来源", "法庭"), "法院");
        let err = Vocabulary::parse("[\"栏目\"]\n\"调解.日子\" = [\"x\"]\n").unwrap_err();
        assert!(err.message.contains("日期"), "{}", err.message);
    }

    #[test]
    fn exact_labels_beat_contained_ones() {
        let date = &MEDIATION[0];
        assert!(label_score("受理\n日期", date) > label_score("受理日期（备注）", date));
        assert_eq!(
            label_score("杨家寺镇2024年矛盾纠纷排查化解台账汇总表格", date),
            0
        );
    }
}
