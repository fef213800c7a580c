//! Meaning by rule: which channel a source as written belongs to, and whether an outcome as
//! written means the dispute was resolved, read from the meaning-bearing parts of the words
//! (with negation) rather than looked up whole, so a phrase never met before is read right.

use super::data::{ChannelWords, OutcomeWords};
use crate::text::squash;

/// A referral channel and the parts that place a source in it.
#[derive(Debug, Clone)]
pub(super) struct Channel {
    pub name: String,
    /// Each part is one or more words that must all appear ("村+调委会").
    parts: Vec<Vec<String>>,
    except: Vec<String>,
    pub own: bool,
}

impl Channel {
    pub fn new(name: &str, words: &ChannelWords) -> Channel {
        Channel {
            name: squash(name),
            parts: words
                .parts
                .iter()
                .map(|p| p.split('+').map(squash).filter(|w| !w.is_empty()).collect())
                .filter(|p: &Vec<String>| !p.is_empty())
                .collect(),
            except: words.except.iter().map(|w| squash(w)).collect(),
            own: words.own,
        }
    }

    pub fn extend(&mut self, words: &ChannelWords) {
        let more = Channel::new(&self.name, words);
        self.parts.extend(more.parts);
        self.except.extend(more.except);
        self.own |= more.own;
    }

    /// Whether one of the parts is in `written` (outside the exceptions).
    pub fn is_in(&self, written: &str) -> bool {
        let s: Vec<char> = squash(written).chars().collect();
        self.earliest(&s).is_some()
    }

    /// Where in `s` (in characters) the channel's earliest part begins, and that part's length.
    fn earliest(&self, s: &[char]) -> Option<(usize, usize)> {
        let masked = mask(s, &self.except);
        self.parts
            .iter()
            .filter_map(|words| {
                let found: Option<Vec<usize>> = words.iter().map(|w| find(&masked, w)).collect();
                let first = found?.into_iter().min()?;
                Some((
                    first,
                    words.iter().map(|w| w.chars().count()).sum::<usize>(),
                ))
            })
            .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
    }
}

/// The channel a source belongs to: the one whose part comes first in it (a longer part wins a
/// tie). `None` when no channel's part is in it.
pub(super) fn channel_of<'a>(channels: &'a [Channel], written: &str) -> Option<&'a Channel> {
    let s: Vec<char> = squash(written).chars().collect();
    channels
        .iter()
        .filter_map(|ch| ch.earliest(&s).map(|(at, len)| (at, len, ch)))
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, _, ch)| ch)
}

/// Whether an outcome as written means the dispute was resolved; `None` when blank or when
/// nothing in it says (counted as not resolved, with a warning).
///
/// The text is read clause by clause (split at punctuation and brackets) and the first clause
/// that says something decides: "已化解，信访人撤回信访请求" is resolved, "双方分歧较大，调解无果"
/// is not. A word that only says the case was handled ("已调解") decides when no clause does:
/// "已调解，未达成协议" is not resolved. Within a clause a negated resolved word ("调解不成功", "未能达成") or a word of
/// failure on its own ("终止调解") means not resolved; otherwise a resolved word means resolved.
pub(super) fn resolved(words: &OutcomeWords, written: &str) -> Option<bool> {
    let s = squash(written);
    if s.is_empty() {
        return None;
    }
    if words.yes_marks.iter().any(|m| squash(m) == s) {
        return Some(true);
    }
    if words.no_marks.iter().any(|m| squash(m) == s) {
        return Some(false);
    }
    let chars: Vec<char> = s.chars().collect();
    let masked = mask(&chars, &words.exceptions);
    let clauses: Vec<&[char]> = masked
        .split(|c| "，,；;。.、：:（）()【】[]！!？?/".contains(*c))
        .collect();
    clauses
        .iter()
        .find_map(|clause| clause_says(words, &words.resolved, clause))
        .or_else(|| {
            clauses
                .iter()
                .find_map(|clause| clause_says(words, &words.handled, clause))
        })
}

/// What one clause says: `Some(false)` for a failure, `Some(true)` for a success, else `None`.
fn clause_says(words: &OutcomeWords, positive: &[String], clause: &[char]) -> Option<bool> {
    if words
        .unresolved
        .iter()
        .any(|w| find(clause, &squash(w)).is_some())
    {
        return Some(false);
    }
    let mut success = false;
    for w in positive {
        let w: Vec<char> = squash(w).chars().collect();
        for at in occurrences(clause, &w) {
            let before = &clause[at.saturating_sub(4)..at];
            if words
                .negators
                .iter()
                .any(|n| find(before, &squash(n)).is_some())
            {
                return Some(false);
            }
            success = true;
        }
    }
    success.then_some(true)
}

/// `s` with every occurrence of the given words blanked out (replaced by a character no word
/// contains), so a part inside an exception ("投诉") is not found.
fn mask(s: &[char], words: &[String]) -> Vec<char> {
    let mut out = s.to_vec();
    for w in words {
        let w: Vec<char> = squash(w).chars().collect();
        for at in occurrences(s, &w) {
            for c in &mut out[at..at + w.len()] {
                *c = '\u{25A1}';
            }
        }
    }
    out
}

fn find(s: &[char], word: &str) -> Option<usize> {
    let w: Vec<char> = word.chars().collect();
    let at = occurrences(s, &w).next();
    at
}

fn occurrences<'a>(s: &'a [char], w: &'a [char]) -> impl Iterator<Item = usize> + 'a {
    let n = w.len();
    (0..(s.len() + 1).saturating_sub(n)).filter(move |&i| n > 0 && &s[i..i + n] == w)
}
