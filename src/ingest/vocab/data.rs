//! The vocabulary as data: the schema shared by the built-in `vocabulary/builtin.toml` and an
//! office's `inputs/gongwen.toml`, and the built-in file parsed once.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The text of the built-in vocabulary, compiled into the program.
const BUILTIN: &str = include_str!("../../../vocabulary/builtin.toml");

/// One vocabulary file: the built-in one or an office's `gongwen.toml`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct VocabularyFile {
    /// "台账.栏目" -> more column names for that field.
    #[serde(default, rename = "栏目")]
    pub columns: BTreeMap<String, Vec<String>>,
    /// dimension -> (written form, contained in the value -> the value to count it under).
    #[serde(default, rename = "归并")]
    pub aliases: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default, rename = "受众")]
    pub audience: Audience,
    /// channel -> the words that place a source in it, in the file's order.
    #[serde(default, rename = "来源", deserialize_with = "in_order")]
    pub channels: Vec<(String, ChannelWords)>,
    #[serde(default, rename = "结果")]
    pub outcomes: OutcomeWords,
    /// Meeting kind -> the words that place a meeting's name in it, in the file's order.
    #[serde(default, rename = "会议类型", deserialize_with = "in_order")]
    pub meeting_kinds: Vec<(String, KindWords)>,
    #[serde(default, rename = "会议名称")]
    pub meeting_words: MeetingWords,
    #[serde(default, rename = "签到")]
    pub sign_in: SignInWords,
}

/// The words of one meeting kind (专题学法, 党委会, …).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KindWords {
    /// Parts of a name that place it in the kind; "A+B" needs both.
    #[serde(default, rename = "含")]
    pub parts: Vec<String>,
    /// Words in which a part means something else.
    #[serde(default, rename = "除")]
    pub except: Vec<String>,
}

/// Words of meeting names.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MeetingWords {
    /// A name holding one of them names a meeting or study session.
    #[serde(default, rename = "词")]
    pub words: Vec<String>,
    /// A name ending with one of them ("…推进会") names a meeting.
    #[serde(default, rename = "结尾")]
    pub endings: Vec<String>,
    /// The clause of study before a meeting ("会前学法").
    #[serde(default, rename = "会前学法")]
    pub pre_study: Vec<String>,
}

/// Sign-in status words.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SignInWords {
    #[serde(default, rename = "出席")]
    pub present: Vec<String>,
    #[serde(default, rename = "缺席")]
    pub absent: Vec<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Audience {
    #[serde(default, rename = "词")]
    pub words: Vec<String>,
}

/// The words of one referral channel (法院, 派出所, …).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ChannelWords {
    /// Meaning-bearing parts; "A+B" needs both.
    #[serde(default, rename = "含")]
    pub parts: Vec<String>,
    /// Words in which a part means something else ("投诉" for 诉).
    #[serde(default, rename = "除")]
    pub except: Vec<String>,
    /// A mediation committee's own case (当事人申请, 主动调解): in a village committee's ledger it
    /// counts as 村调委会.
    #[serde(default, rename = "自办")]
    pub own: bool,
}

/// The words that say whether a dispute was resolved.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OutcomeWords {
    #[serde(default, rename = "化解")]
    pub resolved: Vec<String>,
    #[serde(default, rename = "已办")]
    pub handled: Vec<String>,
    #[serde(default, rename = "否定")]
    pub negators: Vec<String>,
    #[serde(default, rename = "未化解")]
    pub unresolved: Vec<String>,
    #[serde(default, rename = "例外")]
    pub exceptions: Vec<String>,
    #[serde(default, rename = "是")]
    pub yes_marks: Vec<String>,
    #[serde(default, rename = "否")]
    pub no_marks: Vec<String>,
}

impl OutcomeWords {
    /// Adds another file's words to these.
    pub fn extend(&mut self, more: OutcomeWords) {
        self.resolved.extend(more.resolved);
        self.handled.extend(more.handled);
        self.negators.extend(more.negators);
        self.unresolved.extend(more.unresolved);
        self.exceptions.extend(more.exceptions);
        self.yes_marks.extend(more.yes_marks);
        self.no_marks.extend(more.no_marks);
    }
}

/// The built-in vocabulary, parsed on first use. It is part of the program: a mistake in it is
/// caught by the unit tests, never by a user.
pub(super) fn builtin() -> &'static VocabularyFile {
    static FILE: OnceLock<VocabularyFile> = OnceLock::new();
    FILE.get_or_init(|| {
        #[allow(clippy::expect_used)] // compiled-in data, parsed by every test run
        toml::from_str(BUILTIN).expect("vocabulary/builtin.toml is checked by the unit tests")
    })
}

/// A table read as its entries in the order they are written (the order channels are named in
/// messages).
fn in_order<'de, D, T>(d: D) -> Result<Vec<(String, T)>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Entries<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Entries<T> {
        type Value = Vec<(String, T)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("名称 = { 含 = [...], 除 = [...] }")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = map.next_entry()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Entries(std::marker::PhantomData))
}
