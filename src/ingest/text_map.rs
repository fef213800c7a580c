//! A record's named values (its dimensions, its fields as written), kept small: a sorted list of
//! (name, interned text) pairs. A year of a district's ledgers is millions of records with a
//! handful of values each, and most values repeat (the same source, outcome or village on
//! thousands of rows), so each text is stored once ([`ustr`]: an 8-byte handle to a string kept
//! for the life of the process), its name too, and a record holds 16 bytes per value.

use ustr::Ustr;

/// Interned text: `Deref<Target = str>`, `Copy`, compares and orders as its string.
pub type Text = Ustr;

/// Interns a text.
pub fn text(s: &str) -> Text {
    Ustr::from(s)
}

/// A value's name interned once per thread: names are a few dozen static texts set on
/// millions of records, found here by address instead of hashed each time.
fn name(key: &'static str) -> Text {
    thread_local! {
        static NAMES: std::cell::RefCell<Vec<(usize, Text)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        let at = key.as_ptr() as usize;
        match names.iter().find(|(p, t)| *p == at && t.len() == key.len()) {
            Some((_, t)) => *t,
            None => {
                let t = text(key);
                names.push((at, t));
                t
            }
        }
    })
}

/// Named values in name order; at most one value per name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TextMap(Vec<(Text, Text)>);

impl TextMap {
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// Sets a value, replacing the one of the same name.
    pub fn insert(&mut self, key: &'static str, value: impl AsRef<str>) {
        let value = text(value.as_ref());
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (name(key), value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Text> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn remove(&mut self, key: &str) -> Option<Text> {
        let i = self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        Some(self.0.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    pub fn values(&self) -> impl Iterator<Item = &Text> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Text)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Keeps the values whose names `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.0.retain(|(k, _)| keep(k.as_str()));
    }

    /// Gives back spare capacity (a record keeps its map for the rest of the run).
    pub fn shrink(&mut self) {
        self.0.shrink_to_fit();
    }
}

impl<'a> IntoIterator for &'a TextMap {
    type Item = (&'static str, &'a Text);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Text, Text)>,
        fn(&'a (Text, Text)) -> (&'static str, &'a Text),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl<S: AsRef<str>> FromIterator<(&'static str, S)> for TextMap {
    fn from_iter<I: IntoIterator<Item = (&'static str, S)>>(iter: I) -> Self {
        let mut map = TextMap::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl TextMap {
    /// The pairs as kept, for the serde form (`wire`).
    pub(super) fn entries(&self) -> &[(Text, Text)] {
        &self.0
    }

    /// A map of pairs read back (`wire`), put in name order, one value a name.
    pub(super) fn from_entries(mut pairs: Vec<(Text, Text)>) -> TextMap {
        pairs.sort_by(|(a, _), (b, _)| a.as_str().cmp(b.as_str()));
        pairs.dedup_by(|(a, _), (b, _)| a == b);
        TextMap(pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_per_name_in_name_order() {
        let mut m = TextMap::new();
        m.insert("来源", "法院");
        m.insert("类型", "婚姻");
        m.insert("来源", "信访");
        assert_eq!(m.len(), 2);
        assert_eq!(m.get("来源").map(|t| t.as_str()), Some("信访"));
        assert_eq!(m.keys().collect::<Vec<_>>(), {
            let mut k = vec!["来源", "类型"];
            k.sort();
            k
        });
        assert_eq!(m.remove("类型").map(|t| t.to_string()), Some("婚姻".into()));
        assert!(!m.contains_key("类型"));
    }

    #[test]
    fn read_back_from_the_wire_the_same() {
        let m: TextMap = [("结果", "调解成功"), ("当事人", "张三")]
            .into_iter()
            .collect();
        let bytes = postcard::to_allocvec(&m).unwrap_or_default();
        let back: TextMap = postcard::from_bytes(&bytes).unwrap_or_default();
        assert_eq!(back, m);
    }
}
