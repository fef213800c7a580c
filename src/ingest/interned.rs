//! Interned texts: each distinct string kept once for the life of the process, handed out as
//! an 8-byte [`Text`] that copies freely and compares by address.
//!
//! Written here rather than taken from `ustr` (used before): ustr sets up a 12 MB hash table at
//! the first text and touches a page of it at a random place for each new one, so a district's
//! thousands of file names alone made the main process 3 MB larger at 3,000 workbooks than at
//! 1,000, and every reader process carried the table. Here the table is a plain hash set that
//! grows with the texts, and the strings are packed one after another in 64 KB blocks: memory
//! grows with what is interned, densely. Safe code throughout: a block is a leaked buffer cut
//! into `&'static` pieces. A `Text` is a thin reference to its string's (fat) reference, kept
//! in leaked slots of 1,024: 8 bytes, as ustr's were, where a `&'static str` would take 16 (a
//! register's million records each hold several texts: 130 MB more at its peak).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashSet;
use std::sync::Mutex;

/// Interned text: `Deref<Target = str>`, `Copy`, equal when it is the same string, ordered as
/// its string.
#[derive(Clone, Copy)]
pub struct Text(&'static &'static str);

/// Interns a text.
pub fn text(s: &str) -> Text {
    let mut texts = TEXTS.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(known) = texts.set.get(s) {
        return known.0;
    }
    let kept = texts.keep(s);
    let slot = texts.slot(kept);
    texts.set.insert(Known(slot));
    slot
}

/// How many texts are interned, and the bytes their strings take.
pub fn interned() -> (usize, usize) {
    let texts = TEXTS.lock().unwrap_or_else(|p| p.into_inner());
    (texts.set.len(), texts.bytes)
}

/// A block of strings, and the strings longer than a few hundred bytes, each its own.
const BLOCK: usize = 64 * 1024;
const OWN: usize = 512;
/// The references to the strings, in leaked runs of this many.
const SLOTS: usize = 1024;

struct Texts {
    set: HashSet<Known, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>,
    /// What is left of the block being filled.
    free: &'static mut [u8],
    /// What is left of the run of slots being filled.
    slots: &'static mut [&'static str],
    bytes: usize,
}

/// A text in the set, found by its string.
struct Known(Text);

impl std::borrow::Borrow<str> for Known {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

impl PartialEq for Known {
    fn eq(&self, other: &Known) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

impl Eq for Known {}

impl std::hash::Hash for Known {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.as_str().hash(state);
    }
}

static TEXTS: Mutex<Texts> = Mutex::new(Texts {
    set: HashSet::with_hasher(std::hash::BuildHasherDefault::new()),
    free: &mut [],
    slots: &mut [],
    bytes: 0,
});

impl Texts {
    /// A copy of `s` that lives as long as the process.
    fn keep(&mut self, s: &str) -> &'static str {
        self.bytes += s.len();
        if s.len() > OWN {
            return Box::leak(s.into());
        }
        if self.free.len() < s.len() {
            self.free = Box::leak(vec![0u8; BLOCK].into_boxed_slice());
        }
        let (piece, rest) = std::mem::take(&mut self.free).split_at_mut(s.len());
        self.free = rest;
        piece.copy_from_slice(s.as_bytes());
        // The bytes are those of `s`, a `str`.
        std::str::from_utf8(piece).unwrap_or_default()
    }

    /// A slot of its own holding `kept`.
    fn slot(&mut self, kept: &'static str) -> Text {
        if self.slots.is_empty() {
            self.slots = Box::leak(vec![""; SLOTS].into_boxed_slice());
        }
        let slots = std::mem::take(&mut self.slots);
        let (slot, rest) = slots.split_at_mut(1);
        self.slots = rest;
        slot[0] = kept;
        let slot: &'static [&'static str] = slot;
        Text(&slot[0])
    }
}

impl Text {
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

impl Default for Text {
    fn default() -> Text {
        text("")
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// One string is kept once, in one slot: the same text is the same slot.
impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Text {}

/// As its string: a row's hash is the same in every reader process (`copies`).
impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        if self == other {
            return std::cmp::Ordering::Equal;
        }
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        text(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        text(&s)
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.as_str().to_string()
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(text(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_string_is_the_same_text_and_orders_as_its_string() {
        let a = text("司法所/调解台账.xlsx");
        let b = text(&String::from("司法所/调解台账.xlsx"));
        assert_eq!(a, b);
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_ne!(a, text("司法所/调解台账(1).xlsx"));
        assert!(text("b") > text("a") && text("") < text("a"));
        assert_eq!(text("甲").cmp(&text("乙")), "甲".cmp("乙"));
        assert_eq!(text("").as_str(), "");
        assert_eq!(Text::default(), text(""));
        assert_eq!(a, "司法所/调解台账.xlsx");
        // A register's million records hold several texts each.
        assert_eq!(std::mem::size_of::<Text>(), 8);
        assert_eq!(std::mem::size_of::<Option<Text>>(), 8);
    }

    #[test]
    fn long_texts_and_many_texts_are_each_kept_whole() {
        let long = "调".repeat(10_000);
        assert_eq!(text(&long).as_str(), long);
        // More than a block's worth: the strings go on in new blocks, each intact.
        let many: Vec<String> = (0..20_000).map(|i| format!("第{i}号调解案件")).collect();
        let texts: Vec<Text> = many.iter().map(|s| text(s)).collect();
        for (s, t) in many.iter().zip(&texts) {
            assert_eq!(t.as_str(), s);
            assert_eq!(text(s), *t);
        }
    }

    #[test]
    fn hashes_as_its_string_so_every_process_agrees() {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let same = BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::new();
        let s = String::from("甲01-7与乙01-7");
        assert_eq!(same.hash_one(text(&s)), same.hash_one(s.as_str()));
    }

    #[test]
    fn travels_as_its_string() {
        let t = text("调解成功");
        let bytes = postcard::to_allocvec(&t).unwrap_or_default();
        assert_eq!(
            postcard::from_bytes::<String>(&bytes).ok().as_deref(),
            Some("调解成功")
        );
        assert_eq!(postcard::from_bytes::<Text>(&bytes).ok(), Some(t));
    }
}
