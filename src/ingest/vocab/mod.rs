//! The vocabulary: which ledger kinds exist, which column names mean which field, and what the
//! words offices write for sources and outcomes mean. The words themselves are data
//! (`vocabulary/builtin.toml`, extended by an office's `inputs/gongwen.toml` with the same
//! sections); this module reads them and applies them.

mod data;
mod fields;
mod meaning;
mod meetings;

pub use fields::{is_audience_measure, is_count_field, label_score, Field};
pub use meetings::NamedMeeting;

use crate::diag::Finding;
use crate::text::squash;
use data::{builtin, OutcomeWords, VocabularyFile};
use meaning::Channel;
use serde::Serialize;
use std::path::Path;

/// The name of the optional file in the inputs folder that extends the built-in vocabulary.
pub const VOCABULARY_FILE: &str = "gongwen.toml";

/// The channel of a village mediation committee's own cases.
pub const VILLAGE: &str = "村调委会";

/// The fields whose values can be aliased in `gongwen.toml` ("结果": an office's own outcome
/// words, mapped to 成功 or 不成功).
const DIMENSIONS: [&str; 6] = ["来源", "类型", "单位", "类别", "渠道", "结果"];

/// The built-in vocabulary plus what an office's `inputs/gongwen.toml` adds: more column names
/// for a field, aliases that map a value as written to the value to count it under, channels
/// and outcome words.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// (kind, field key, extra column name)
    synonyms: Vec<(LedgerKind, &'static str, String)>,
    /// (dimension, written, canonical), longest written form first.
    aliases: Vec<(&'static str, String, String)>,
    /// The referral channels, the office's own first.
    channels: Vec<Channel>,
    outcomes: OutcomeWords,
    audience: Vec<String>,
    /// Meeting kinds read from names, the office's own first.
    meeting_kinds: Vec<Channel>,
    meeting: meetings::MeetingVocab,
    /// What each written value was read as (a ledger writes the same few words on every row).
    memo: Memo,
}

/// Answers already worked out: (dimension, written) -> canonical, written -> resolved.
#[derive(Debug, Default)]
struct Memo {
    /// Keyed by "dimension\u{1}written".
    canonical: Answers<String>,
    resolved: Answers<Option<bool>>,
    village: Answers<bool>,
    meeting: Answers<meetings::NamedMeeting>,
    /// Keyed by label, for each kind in the order of `LedgerKind::ALL`: how well the label
    /// names each field of the kind, in the order of `LedgerKind::fields` (the same header is
    /// scored on every row of the search, in every workbook).
    score: Answers<[Option<std::sync::Arc<[u32]>>; 3]>,
}

/// Written value -> what it was read as.
type Answers<V> = std::sync::Mutex<rustc_hash::FxHashMap<String, V>>;

impl Clone for Memo {
    /// A copy starts with no answers (the vocabulary it belongs to may be changed).
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

/// The answer for `key`, worked out by `work` the first time it is asked. A lock poisoned by a
/// panic elsewhere still holds only answers, so it is used as it is.
fn remembered<V: Clone>(answers: &Answers<V>, key: &str, work: impl FnOnce() -> V) -> V {
    let table = || answers.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(known) = table().get(key) {
        return known.clone();
    }
    let value = work();
    let mut table = table();
    forget_past_bound(&mut table);
    table.insert(key.to_string(), value.clone());
    value
}

/// Answers kept at most, per kind of question: most are asked again and again (a few dozen
/// sources, outcomes, header labels), but some are asked once per file (its title's words) or
/// per row (a topic), and a reader process that kept them all would grow with every file.
/// Past the bound the answers are forgotten and worked out anew as asked (each answer depends
/// on the question alone, so what is read is the same).
const ANSWERS_KEPT: usize = 4096;

fn forget_past_bound<V>(table: &mut rustc_hash::FxHashMap<String, V>) {
    if table.len() >= ANSWERS_KEPT {
        table.clear();
    }
}

impl Default for Vocabulary {
    /// The built-in vocabulary alone.
    fn default() -> Vocabulary {
        let b = builtin();
        Vocabulary {
            synonyms: Vec::new(),
            aliases: Vec::new(),
            channels: b
                .channels
                .iter()
                .map(|(name, words)| Channel::new(name, words))
                .collect(),
            outcomes: b.outcomes.clone(),
            audience: b.audience.words.iter().map(|w| squash(w)).collect(),
            meeting_kinds: meetings::kinds(&b.meeting_kinds),
            meeting: meetings::MeetingVocab::default().extended(b),
            memo: Memo::default(),
        }
    }
}

impl Vocabulary {
    /// Reads `gongwen.toml` from the inputs folder; the built-in vocabulary when there is none.
    pub fn load(inputs: &Path) -> Result<Vocabulary, Finding> {
        let path = inputs.join(VOCABULARY_FILE);
        if !path.exists() {
            return Ok(Vocabulary::default());
        }
        let bytes =
            crate::input::read_regular(&path, crate::input::MAX_TEXT_BYTES).map_err(|e| {
                Finding::error(VOCABULARY_FILE, format!("无法读取（{e}）")).unreadable()
            })?;
        Vocabulary::parse(&crate::text::decode(&bytes).0)
    }

    /// Parses the text of a `gongwen.toml`: the built-in vocabulary extended by it.
    pub fn parse(text: &str) -> Result<Vocabulary, Finding> {
        let bad = |message: String| {
            Finding::error(VOCABULARY_FILE, message)
                .hint("格式见 README 的“台账栏目名称不一样怎么办”一节")
        };
        let file: VocabularyFile =
            toml::from_str(text).map_err(|e| bad(format!("格式有误：{e}")))?;
        let mut v = Vocabulary::default();
        let mut own = meetings::kinds(&file.meeting_kinds);
        own.append(&mut v.meeting_kinds);
        v.meeting_kinds = own;
        v.meeting = v.meeting.extended(&file);
        for (name, columns) in file.columns {
            let (ledger, field) = name.split_once('.').unwrap_or((name.as_str(), ""));
            let kind = LedgerKind::from_name(ledger)
                .ok_or_else(|| bad(format!("“{name}”：台账名称应为 调解、会议 或 公开")))?;
            let key = fields::keys(kind)
                .iter()
                .find(|k| **k == field)
                .copied()
                .ok_or_else(|| {
                    bad(format!(
                        "“{name}”：{ledger}台账的栏目只有 {}",
                        fields::keys(kind).join("、")
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
        // The office's channels come first, so its words win a tie with the built-in ones.
        let mut own = Vec::new();
        for (name, words) in &file.channels {
            match v.channels.iter_mut().find(|c| c.name == squash(name)) {
                Some(c) => c.extend(words),
                None => own.push(Channel::new(name, words)),
            }
        }
        own.append(&mut v.channels);
        v.channels = own;
        v.outcomes.extend(file.outcomes);
        v.audience
            .extend(file.audience.words.iter().map(|w| squash(w)));
        // Nothing read before the extensions is remembered.
        v.memo = Memo::default();
        Ok(v)
    }

    /// How well `label` names `field` of `kind` (see [`label_score`]), extra names included. A
    /// label of an audience measure (浏览次数) names no count field.
    pub fn score(&self, kind: LedgerKind, label: &str, field: &Field) -> u32 {
        match kind.fields().iter().position(|f| f.key == field.key) {
            Some(i) => self.scores(kind, label)[i],
            None => self.score_uncached(kind, label, field),
        }
    }

    /// [`Vocabulary::score`] of `label` for every field of `kind`, in the order of
    /// [`LedgerKind::fields`]: worked out once a label and kind (a header search asks for all
    /// of them, on every row it tries, in every workbook).
    pub fn scores(&self, kind: LedgerKind, label: &str) -> std::sync::Arc<[u32]> {
        let at = LedgerKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        let table = || self.memo.score.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(known) = table().get(label).and_then(|kinds| kinds[at].clone()) {
            return known;
        }
        // Squashed once for every field (squashing what is squashed is a look, not a copy).
        let squashed = crate::text::squashed(label);
        let scores: std::sync::Arc<[u32]> = kind
            .fields()
            .iter()
            .map(|f| self.score_uncached(kind, &squashed, f))
            .collect();
        let mut table = table();
        if !table.contains_key(label) {
            forget_past_bound(&mut table);
        }
        table.entry(label.to_string()).or_default()[at] = Some(scores.clone());
        scores
    }

    fn score_uncached(&self, kind: LedgerKind, label: &str, field: &Field) -> u32 {
        if is_count_field(field.key) && self.is_audience_measure(label) {
            return 0;
        }
        let label = crate::text::squashed(label);
        let extra = self
            .synonyms
            .iter()
            .filter(|(k, key, _)| *k == kind && *key == field.key)
            .map(|(_, _, syn)| fields::score_one(&label, syn))
            .max()
            .unwrap_or(0);
        extra.max(label_score(&label, field))
    }

    /// Whether a column label names an audience measure (浏览次数, 阅读量…), the office's
    /// words included.
    pub fn is_audience_measure(&self, label: &str) -> bool {
        let label = crate::text::squashed(label);
        self.audience.iter().any(|w| label.contains(w.as_str()))
    }

    /// The value to count a written value under: an alias from `gongwen.toml` (a written form
    /// contained in the value), else for 来源 its channel, else the value itself (width-folded,
    /// without spaces).
    pub fn canonical(&self, dim: &str, written: &str) -> String {
        // The key made in one buffer a thread (asked three times a row).
        thread_local! {
            static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        let ask = |key: &mut String| {
            key.clear();
            key.push_str(dim);
            key.push('\u{1}');
            key.push_str(written);
            remembered(&self.memo.canonical, key, || {
                self.canonical_uncached(dim, written)
            })
        };
        KEY.with(|key| match key.try_borrow_mut() {
            Ok(mut key) => ask(&mut key),
            Err(_) => ask(&mut String::new()),
        })
    }

    fn canonical_uncached(&self, dim: &str, written: &str) -> String {
        let s = squash(written);
        if let Some((_, _, canonical)) = self
            .aliases
            .iter()
            .find(|(d, w, _)| *d == dim && !w.is_empty() && s.contains(w.as_str()))
        {
            return canonical.clone();
        }
        if dim == "来源" {
            if let Some(channel) = meaning::channel_of(&self.channels, &s) {
                return channel.name.clone();
            }
        }
        s
    }

    /// The names of the channels, in the order they are tried.
    pub fn channel_names(&self) -> Vec<String> {
        self.channels.iter().map(|c| c.name.clone()).collect()
    }

    /// The meeting kinds read from names (党委会专题研究法治工作, 专题学法, …), the office's own
    /// first.
    pub fn meeting_kind_names(&self) -> Vec<String> {
        self.meeting_kinds.iter().map(|c| c.name.clone()).collect()
    }

    /// Whether a channel is a committee's own cases (当事人申请, 主动调解), which a village
    /// committee's ledger counts as 村调委会.
    pub fn is_own_case(&self, channel: &str) -> bool {
        self.channels.iter().any(|c| c.name == channel && c.own)
    }

    /// Whether a source value is one of the channels the vocabulary knows (法院, 派出所, …).
    pub fn is_channel(&self, value: &str) -> bool {
        self.channels.iter().any(|c| c.name == value)
    }

    /// Whether a name is a village mediation committee's ("XX村人民调解委员会", "XX村调委会",
    /// "村级调解"): its channel is 村调委会.
    pub fn is_village_committee(&self, name: &str) -> bool {
        remembered(&self.memo.village, name, || {
            meaning::channel_of(&self.channels, name).is_some_and(|c| c.name == VILLAGE)
        })
    }

    /// What a meeting's name says (`meeting_named_uncached`), each name worked out once.
    pub fn meeting_named(&self, name: &str) -> meetings::NamedMeeting {
        remembered(&self.memo.meeting, name, || {
            self.meeting_named_uncached(name)
        })
    }

    /// Whether an outcome as written means the dispute was resolved (an alias in gongwen.toml's
    /// [归并.结果] first, then the outcome rules); `None` when blank or when nothing in it says.
    pub fn resolved(&self, written: &str) -> Option<bool> {
        remembered(&self.memo.resolved, written, || {
            meaning::resolved(&self.outcomes, &self.canonical("结果", written))
        })
    }
}

/// The kinds of ledger gongwen counts. The Chinese name is the first part of every fact name.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
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
        fields::fields(self)
    }

    /// Whether the fields found are enough to read a sheet as this kind.
    pub fn is_satisfied_by(self, found: &[&str]) -> bool {
        let has = |f: &str| found.contains(&f);
        match self {
            LedgerKind::Mediation => {
                (has("结果") && (has("日期") || has("类型") || has("来源")))
                    // A register whose outcome is written on each case's second row, after a
                    // label (`spanning`), or not at all (the outcome is then missing, said).
                    || (has("日期") && (has("当事人") || has("类型")) && has("来源"))
                    || (has("日期") && has("当事人") && has("类型"))
                    || (has("数量") && (has("类型") || has("来源") || has("单位")))
            }
            LedgerKind::Meeting => {
                (has("类型") && (has("人数") || has("主题") || has("次数")))
                    || (has("类型") && has("参会人员"))
                    || (has("日期") && has("人数") && has("主题"))
                    // A log of dates and names alone (the kind read from the name; the names
                    // must read as meetings: `confirm::names_confirm`), a sign-in export.
                    || (has("日期") && has("主题"))
                    || (has("姓名") && has("主题") && (has("日期") || has("状态")))
            }
            LedgerKind::Disclosure => {
                (has("件次") && (has("类别") || has("渠道") || has("月份")))
                    || (has("标题") && (has("日期") || has("类别") || has("渠道")))
                    || (has("日期") && has("类别") && has("渠道"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_asked_once_a_row_are_not_all_kept_and_still_right() {
        let v = Vocabulary::default();
        for i in 0..3 * ANSWERS_KEPT {
            assert_eq!(v.resolved(&format!("第{i}次回访")), None);
            assert!(v.memo.resolved.lock().map_or(0, |t| t.len()) <= ANSWERS_KEPT);
        }
        assert_eq!(v.resolved("调解成功"), Some(true));
        assert_eq!(v.resolved("调解不成"), Some(false));
    }

    fn source(written: &str) -> String {
        Vocabulary::default().canonical("来源", written)
    }

    fn outcome(written: &str) -> Option<bool> {
        Vocabulary::default().resolved(written)
    }

    #[test]
    fn the_builtin_vocabulary_names_only_fields_the_program_reads() {
        for name in builtin().columns.keys() {
            let (ledger, field) = name.split_once('.').unwrap();
            let kind = LedgerKind::from_name(ledger).expect(name);
            assert!(fields::keys(kind).contains(&field), "{name}");
        }
        for kind in LedgerKind::ALL {
            for f in kind.fields() {
                assert!(!f.synonyms.is_empty(), "{}.{}", kind.name(), f.key);
            }
        }
    }

    #[test]
    fn channels_keep_the_order_they_are_written_in() {
        let names = Vocabulary::default().channel_names();
        assert_eq!(names[..3], ["法院", "派出所", "信访"]);
    }

    #[test]
    fn sources_go_to_their_channel() {
        for (written, channel) in [
            ("秦州区人民法院", "法院"),
            ("诉前委派", "法院"),
            ("审判机关委托", "法院"),
            ("审判机关移送", "法院"),
            ("人民法院委派", "法院"),
            ("某某人民法庭", "法院"),
            ("杨家寺派出所", "派出所"),
            ("公安", "派出所"),
            ("公安机关移交", "派出所"),
            ("110指令", "派出所"),
            ("民警转来", "派出所"),
            ("区信访局转办", "信访"),
            ("信访部门转交", "信访"),
            ("信访局", "信访"),
            ("群众来访", "信访"),
            ("12345热线", "12345热线"),
            ("市民热线转办", "12345热线"),
            ("王家坪村人民调解委员会", "村调委会"),
            ("石咀村调委会", "村调委会"),
            ("当事人申请", "当事人申请"),
            (" 群众　申请 ", "当事人申请"),
            ("人民调解委员会主动调解", "主动调解"),
            ("调委会主动调解", "主动调解"),
            ("入户走访发现", "主动调解"),
        ] {
            assert_eq!(source(written), channel, "{written}");
        }
        // A complaint is not a court; an unknown source is kept as written.
        assert_ne!(source("群众投诉"), "法院");
        assert_eq!(source("妇联转来"), "妇联转来");
    }

    #[test]
    fn outcomes_read_as_a_careful_person_would() {
        for yes in [
            "调解成功",
            "成功",
            "已化解",
            "达成调解协议",
            "达成协议并履行",
            "达成协议",
            "√",
            "调解成功，双方无异议",
            "双方均无异议达成协议",
            "已化解，信访人撤回信访请求",
            "双方和解",
            "已履行",
            "握手言和，已签订调解协议书",
            "经调解，双方达成一致，已当场履行",
            "口头协议，已履行",
            "问题已解决",
            "调处完毕",
            "已办结",
            "案结事了",
            "调处完毕，双方无异议",
            "已调解",
            "当事人满意",
            "夫妻已和好",
            "双方认可，已签字",
            "赔偿款已付清",
        ] {
            assert_eq!(outcome(yes), Some(true), "{yes}");
        }
        for no in [
            "调解不成功",
            "调解不成",
            "调解不成（引导诉讼）",
            "未达成",
            "未达成协议",
            "终止调解",
            "调解中",
            "正在调解",
            "否",
            "未调结",
            "撤回申请",
            "未能调解成功，已移交派出所处理",
            "没有达成协议，申请人已向法院起诉",
            "双方各执己见，无法达成一致意见",
            "被申请人拒不到场，调解未果",
            "双方分歧较大，调解无果",
            "调解未成功",
            "难以达成协议",
            "未结案",
            "已调解，未达成协议",
            "已移交派出所处理",
            "当事人不满意",
            "赔偿款未到位",
            "一方不认可",
        ] {
            assert_eq!(outcome(no), Some(false), "{no}");
        }
        assert_eq!(outcome(""), None);
        assert_eq!(outcome("待定"), None);
        assert_eq!(outcome("见附件"), None);
    }

    #[test]
    fn an_offices_vocabulary_adds_names_aliases_channels_and_words() {
        let v = Vocabulary::parse(concat!(
            "[\"栏目\"]\n\"调解.来源\" = [\"推送部门\"]\n",
            "[\"归并\".\"来源\"]\n\"综治中心\" = \"信访\"\n",
            "[\"来源\".\"妇联\"]\n\"含\" = [\"妇联\"]\n",
            "[\"来源\".\"12345热线\"]\n\"含\" = [\"便民服务\"]\n",
            "[\"结果\"]\n\"化解\" = [\"摆平\"]\n",
        ))
        .unwrap();
        let field = LedgerKind::Mediation
            .fields()
            .iter()
            .find(|f| f.key == "来源")
            .unwrap();
        assert!(v.score(LedgerKind::Mediation, "推送部门", field) > 100);
        assert_eq!(v.score(LedgerKind::Meeting, "推送部门", field), 0);
        assert_eq!(v.canonical("来源", "镇综治中心"), "信访");
        assert_eq!(v.canonical("来源", "法庭"), "法院");
        assert_eq!(v.canonical("来源", "县妇联转来"), "妇联");
        assert_eq!(v.canonical("来源", "便民服务中心"), "12345热线");
        assert_eq!(v.resolved("已摆平"), Some(true));
        assert_eq!(v.resolved("没摆平"), Some(false));
        let err = Vocabulary::parse("[\"栏目\"]\n\"调解.日子\" = [\"x\"]\n").unwrap_err();
        assert!(err.message.contains("日期"), "{}", err.message);
    }

    #[test]
    fn exact_labels_beat_contained_ones() {
        let date = &LedgerKind::Mediation.fields()[0];
        assert!(label_score("受理\n日期", date) > label_score("受理日期（备注）", date));
        assert_eq!(
            label_score("杨家寺镇2024年矛盾纠纷排查化解台账汇总表格", date),
            0
        );
    }
}
