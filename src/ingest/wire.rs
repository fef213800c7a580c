//! What a file's reading carries back from the worker process that read it (`worker`): the
//! serde forms of its records, totals, findings and reading lines, and the message they travel
//! in. Field names are `&'static str` in memory; read back, they are mapped to the program's own
//! (interned once each).
//!
//! A million records name the same file, sheet and field names a million times, and their
//! values repeat. So a message is a table of its distinct texts followed by the reading, in
//! which each text ([`Text`], a field name) is its number in the table: a 1,048,576-row register
//! travels in some 40 MB instead of 300 MB. Outside a message (any other serde use) a text is
//! written as its string.

use super::text_map::{text, Text, TextMap};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, OnceLock};

/// The `&'static str` for a field or dimension name read back. The names come from the
/// program's own lists, so the set stays small.
pub(super) fn intern(s: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let names = NAMES.get_or_init(|| Mutex::new(BTreeSet::new()));
    let mut names = names
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(known) = names.get(s) {
        return known;
    }
    let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
    names.insert(leaked);
    leaked
}

/// The texts of the message being written on this thread, by first use.
#[derive(Default)]
struct Table {
    numbers: HashMap<Text, u32, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>,
    texts: Vec<Text>,
}

thread_local! {
    static WRITING: RefCell<Option<Table>> = const { RefCell::new(None) };
    static READING: RefCell<Option<Vec<Text>>> = const { RefCell::new(None) };
}

/// A message: `value` with its texts numbered, after the table of them.
pub(super) fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, postcard::Error> {
    WRITING.with(|w| *w.borrow_mut() = Some(Table::default()));
    let body = postcard::to_allocvec(value);
    let table = WRITING.with(|w| w.borrow_mut().take()).unwrap_or_default();
    let texts: Vec<&str> = table.texts.iter().map(|t| t.as_str()).collect();
    let mut message = postcard::to_allocvec(&texts)?;
    message.extend_from_slice(&body?);
    Ok(message)
}

/// The value of a message written by [`encode`].
pub(super) fn decode<T: DeserializeOwned>(message: &[u8]) -> Result<T, postcard::Error> {
    let (texts, body) = postcard::take_from_bytes::<Vec<String>>(message)?;
    let texts: Vec<Text> = texts.iter().map(|t| text(t)).collect();
    READING.with(|r| *r.borrow_mut() = Some(texts));
    let value = postcard::from_bytes(body);
    READING.with(|r| *r.borrow_mut() = None);
    value
}

/// A text as it travels: its number in the message's table, or its string outside a message.
pub(super) fn put<S: Serializer>(t: Text, s: S) -> Result<S::Ok, S::Error> {
    let number = WRITING.with(|w| {
        w.borrow_mut().as_mut().map(|table| {
            *table.numbers.entry(t).or_insert_with(|| {
                table.texts.push(t);
                table.texts.len() as u32 - 1
            })
        })
    });
    match number {
        Some(n) => s.serialize_u32(n),
        None => s.serialize_str(&t),
    }
}

/// A text read back (see [`put`]).
pub(super) fn take<'de, D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
    if READING.with(|r| r.borrow().is_none()) {
        return Ok(text(&String::deserialize(d)?));
    }
    let n = u32::deserialize(d)? as usize;
    READING
        .with(|r| r.borrow().as_ref().and_then(|t| t.get(n).copied()))
        .ok_or_else(|| serde::de::Error::custom("text number beyond the message's table"))
}

/// `#[serde(with = "wire::one")]` for a [`Text`] field.
pub(super) mod one {
    use super::*;
    pub fn serialize<S: Serializer>(t: &Text, s: S) -> Result<S::Ok, S::Error> {
        put(*t, s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        take(d)
    }
}

/// `#[serde(with = "wire::maybe")]` for an `Option<Text>` field.
pub(super) mod maybe {
    use super::*;
    pub fn serialize<S: Serializer>(t: &Option<Text>, s: S) -> Result<S::Ok, S::Error> {
        t.map(Travel).serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Text>, D::Error> {
        Ok(Option::<Travel>::deserialize(d)?.map(|t| t.0))
    }
}

/// A [`Text`] that travels by [`put`] and [`take`] (inside other serde forms).
#[derive(Clone, Copy)]
pub(super) struct Travel(pub(super) Text);

impl Serialize for Travel {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        put(self.0, s)
    }
}

impl<'de> Deserialize<'de> for Travel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Travel(take(d)?))
    }
}

impl Serialize for TextMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.entries().iter().map(|(k, v)| (Travel(*k), Travel(*v))))
    }
}

impl<'de> Deserialize<'de> for TextMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pairs = Vec::<(Travel, Travel)>::deserialize(d)?;
        Ok(TextMap::from_entries(
            pairs.into_iter().map(|(k, v)| (k.0, v.0)).collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Row {
        #[serde(with = "one")]
        file: Text,
        #[serde(with = "maybe")]
        column: Option<Text>,
    }

    #[test]
    fn a_message_numbers_its_texts_and_reads_back_the_same() {
        let rows: Vec<Row> = (0..1000)
            .map(|i| Row {
                file: text("第01镇/司法所/矛盾纠纷调解台账（全年）.xlsx"),
                column: (i % 2 == 0).then(|| text("C")),
            })
            .collect();
        let message = encode(&rows).unwrap();
        // The file's name is written once, not a thousand times.
        assert!(message.len() < 8_000, "{}", message.len());
        let back: Vec<Row> = decode(&message).unwrap();
        assert_eq!(back, rows);
        // Outside a message a text is its string.
        let plain = postcard::to_allocvec(&rows[0]).unwrap();
        let again: Row = postcard::from_bytes(&plain).unwrap();
        assert_eq!(again, rows[0]);
    }
}
