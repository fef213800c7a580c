//! The meeting words of the vocabulary: the kinds a meeting's name is read as (专题学法,
//! 党委会, …), the words that make a text a meeting's name, the 会前学法 clause, and sign-in
//! status words (已签到, 请假, …). Built-in in `vocabulary/builtin.toml`, extended by
//! `gongwen.toml`'s sections of the same names.

use super::data::{ChannelWords, KindWords, VocabularyFile};
use super::meaning::Channel;
use super::Vocabulary;
use crate::text::squash;

/// Meeting-name and sign-in words.
#[derive(Debug, Clone, Default)]
pub(super) struct MeetingVocab {
    words: Vec<String>,
    endings: Vec<String>,
    pre_study: Vec<String>,
    present: Vec<String>,
    absent: Vec<String>,
}

fn squashed(words: &[String]) -> impl Iterator<Item = String> + '_ {
    words.iter().map(|w| squash(w)).filter(|w| !w.is_empty())
}

impl MeetingVocab {
    /// These words with a vocabulary file's added.
    pub(super) fn extended(mut self, file: &VocabularyFile) -> MeetingVocab {
        self.words.extend(squashed(&file.meeting_words.words));
        self.endings.extend(squashed(&file.meeting_words.endings));
        self.pre_study
            .extend(squashed(&file.meeting_words.pre_study));
        self.present.extend(squashed(&file.sign_in.present));
        self.absent.extend(squashed(&file.sign_in.absent));
        self
    }
}

/// The kinds of a vocabulary file, in its order; a kind's own name is one of its parts.
pub(super) fn kinds(entries: &[(String, KindWords)]) -> Vec<Channel> {
    entries
        .iter()
        .map(|(name, words)| {
            let mut parts = vec![name.clone()];
            parts.extend(words.parts.iter().cloned());
            Channel::new(
                name,
                &ChannelWords {
                    parts,
                    except: words.except.clone(),
                    own: false,
                },
            )
        })
        .collect()
}

/// What a meeting's name says: its kind, and whether it holds a 会前学法 clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedMeeting {
    pub kind: Option<String>,
    pub pre_study: bool,
}

/// A text without its bracketed parts ("推进会（第一次）" -> "推进会").
fn without_brackets(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for ch in s.chars() {
        match ch {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out
}

impl Vocabulary {
    /// The kind a meeting's name (or a sheet's name) says: an office's [归并.类型] alias whose
    /// written form it contains, else the first known kind it names, else a kind an alias maps
    /// to that it names. A 会前学法 clause is left
    /// out of the kind ("党委会（会前学法：学习《宪法》）" is a 党委会) and reported.
    pub(super) fn meeting_named_uncached(&self, name: &str) -> NamedMeeting {
        let s = squash(name);
        let (rest, pre_study) = self.without_pre_study(&s);
        let kinds = || self.aliases.iter().filter(|(d, _, _)| *d == "类型");
        // The office's written form, else a known kind, else a kind the office maps to
        // ("普法讲座（第二期）").
        let kind = kinds()
            .find(|(_, w, _)| !w.is_empty() && rest.contains(w.as_str()))
            .map(|(_, _, canonical)| canonical.clone())
            .or_else(|| {
                self.meeting_kinds
                    .iter()
                    .find(|k| k.is_in(&rest))
                    .map(|k| k.name.clone())
            })
            .or_else(|| {
                kinds()
                    .find(|(_, _, c)| !c.is_empty() && rest.contains(c.as_str()))
                    .map(|(_, _, canonical)| canonical.clone())
            });
        NamedMeeting { kind, pre_study }
    }

    /// `s` without its 会前学法 clause (from the word to the closing bracket or the end), and
    /// whether it had one.
    fn without_pre_study(&self, s: &str) -> (String, bool) {
        let Some((at, w)) = self
            .meeting
            .pre_study
            .iter()
            .filter_map(|w| s.find(w.as_str()).map(|at| (at, w)))
            .min()
        else {
            return (s.to_string(), false);
        };
        let after = &s[at + w.len()..];
        let end = after
            .find(['）', ')', '】', ']'])
            .map_or(s.len(), |e| at + w.len() + e);
        let mut rest = s[..at].to_string();
        rest.push_str(&s[end..]);
        // A name that is only the clause names no meeting of its own.
        let rest = rest.replace("（）", "").replace("()", "");
        (rest, true)
    }

    /// Whether a text reads as a meeting's or study session's name (holds a meeting word or
    /// names a known kind).
    pub fn is_meeting_name(&self, text: &str) -> bool {
        let s = squash(text);
        let bare = without_brackets(&s);
        !s.is_empty()
            && (self.meeting.words.iter().any(|w| s.contains(w.as_str()))
                || self
                    .meeting
                    .endings
                    .iter()
                    .any(|w| bare.ends_with(w.as_str()))
                || self.meeting_named(&s).kind.is_some())
    }

    /// Whether a sign-in status says the person was there: `Some(false)` for 未签到, 请假,
    /// 缺席…; `None` when blank or not a status word.
    pub fn signed_in(&self, status: &str) -> Option<bool> {
        let s = squash(status);
        if s.is_empty() {
            return None;
        }
        if self.meeting.absent.iter().any(|w| s.contains(w.as_str())) {
            Some(false)
        } else if self.meeting.present.iter().any(|w| s.contains(w.as_str())) {
            Some(true)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(name: &str) -> Option<String> {
        Vocabulary::default().meeting_named(name).kind
    }

    #[test]
    fn kinds_are_read_from_names() {
        for (name, k) in [
            ("镇党委会（专题研究法治工作）", "党委会专题研究法治工作"),
            ("党委会议研究依法治镇工作", "党委会专题研究法治工作"),
            ("2024年第3次专题学法", "专题学法"),
            ("学习《中华人民共和国民法典》", "专题学法"),
            ("党政主要负责人专题会议", "主要负责人专题会议"),
            ("党委理论学习中心组学习习近平法治思想", "理论学习中心组学习"),
            ("2024年第一期法治建设培训班", "法治建设培训班"),
            (
                "镇党委会（会前学法：学习《法治政府建设实施纲要》）",
                "党委会",
            ),
            ("第5次党委会", "党委会"),
        ] {
            assert_eq!(kind(name).as_deref(), Some(k), "{name}");
        }
        assert_eq!(kind("研究农村人居环境整治工作"), None);
        assert_eq!(kind("会前学法：学习《宪法》"), None);
        let v = Vocabulary::default();
        assert!(v.meeting_named("党委会（会前学法：宪法）").pre_study);
        assert!(!v.meeting_named("2024年第3次专题学法").pre_study);
    }

    #[test]
    fn names_of_meetings_and_not() {
        let v = Vocabulary::default();
        for name in [
            "法治政府建设工作推进会（第一次）",
            "2024年第二期法治建设培训班",
            "学习《信访工作条例》",
            "安全生产调度会议",
            "党委会",
        ] {
            assert!(v.is_meeting_name(name), "{name}");
        }
        for text in [
            "入户走访脱贫户",
            "因宅基地纠纷到村委会调解",
            "处理邻里纠纷",
            "",
        ] {
            assert!(!v.is_meeting_name(text), "{text}");
        }
    }

    #[test]
    fn an_offices_kinds_and_aliases_come_first() {
        let v = Vocabulary::parse(concat!(
            "[\"归并\".\"类型\"]\n\"班子会\" = \"党委会\"\n",
            "[\"会议类型\".\"普法讲座\"]\n\"含\" = [\"以案释法\"]\n",
        ))
        .unwrap();
        assert_eq!(v.meeting_named("镇班子会").kind.as_deref(), Some("党委会"));
        assert_eq!(
            v.meeting_named("以案释法进机关").kind.as_deref(),
            Some("普法讲座")
        );
        let v = Vocabulary::parse("[\"归并\".\"类型\"]\n\"以案释法\" = \"普法讲座\"\n").unwrap();
        assert_eq!(
            v.meeting_named("普法讲座（第二期）").kind.as_deref(),
            Some("普法讲座")
        );
    }

    #[test]
    fn sign_in_status_words() {
        let v = Vocabulary::default();
        for (w, yes) in [
            ("已签到", Some(true)),
            ("出席", Some(true)),
            ("参加", Some(true)),
            ("未签到", Some(false)),
            ("请假", Some(false)),
            ("缺席", Some(false)),
            ("", None),
            ("待定", None),
        ] {
            assert_eq!(v.signed_in(w), yes, "{w}");
        }
    }
}
