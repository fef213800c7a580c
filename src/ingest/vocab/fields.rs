//! The fields each kind of ledger may have, with the column names that mean them (from the
//! built-in vocabulary's [栏目]), and how well a header label names a field.

use super::data::builtin;
use super::LedgerKind;
use crate::text::squash;
use std::sync::OnceLock;

/// A canonical field and the column names that mean it.
#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    pub synonyms: Vec<String>,
}

/// The fields gongwen reads, per kind: the program knows what each means; the vocabulary says
/// which column names name it.
const KEYS: [(LedgerKind, &[&str]); 3] = [
    (
        LedgerKind::Mediation,
        &[
            "日期",
            "结案日期",
            "来源",
            "类型",
            "结果",
            "单位",
            "案号",
            "当事人",
            "年度",
            "月份",
            "日",
            "数量",
            "化解数",
            "未化解数",
        ],
    ),
    (
        LedgerKind::Meeting,
        &[
            "日期",
            "类型",
            "人数",
            "次数",
            "参会人员",
            "主题",
            "年度",
            "月份",
            "日",
            "备注",
            "姓名",
            "状态",
        ],
    ),
    (
        LedgerKind::Disclosure,
        &["日期", "月份", "年度", "日", "类别", "渠道", "件次", "标题"],
    ),
];

/// The field keys of `kind`.
pub(super) fn keys(kind: LedgerKind) -> &'static [&'static str] {
    KEYS.iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, keys)| *keys)
        .unwrap_or(&[])
}

/// The fields of `kind` with their built-in column names, in the order of [`KEYS`].
pub(super) fn fields(kind: LedgerKind) -> &'static [Field] {
    static ALL: OnceLock<Vec<(LedgerKind, Vec<Field>)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        KEYS.iter()
            .map(|(kind, keys)| {
                let fields = keys
                    .iter()
                    .map(|key| Field {
                        key,
                        synonyms: builtin()
                            .columns
                            .get(&format!("{}.{key}", kind.name()))
                            .map(|names| names.iter().map(|n| squash(n)).collect())
                            .unwrap_or_default(),
                    })
                    .collect();
                (*kind, fields)
            })
            .collect()
    });
    all.iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, f)| f.as_slice())
        .unwrap_or(&[])
}

/// Fields that hold counts (cases, meetings, items, attendees).
const COUNT_FIELDS: &[&str] = &["数量", "件次", "次数", "人数", "化解数", "未化解数"];

/// Whether a field holds a count (数量, 件次, 次数, 人数, 化解数, 未化解数).
pub fn is_count_field(key: &str) -> bool {
    COUNT_FIELDS.contains(&key)
}

/// Whether a column label names an audience measure (浏览次数, 阅读量, 点击数…: the built-in
/// [受众] words).
pub fn is_audience_measure(label: &str) -> bool {
    let label = crate::text::squashed(label);
    builtin()
        .audience
        .words
        .iter()
        .any(|w| label.contains(w.as_str()))
}

/// How well a header label names a field: 0 for not at all; an exact synonym beats a label that
/// merely contains one, and longer synonyms beat shorter ones. A label of an audience measure
/// (浏览次数) names no count field.
pub fn label_score(label: &str, field: &Field) -> u32 {
    if is_count_field(field.key) && is_audience_measure(label) {
        return 0;
    }
    let label = crate::text::squashed(label);
    field
        .synonyms
        .iter()
        .map(|syn| score_one(&label, syn))
        .max()
        .unwrap_or(0)
}

pub(super) fn score_one(label: &str, syn: &str) -> u32 {
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
