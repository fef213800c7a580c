//! A record's named values (its dimensions, its fields as written), kept small: a sorted list of
//! (name, interned text) pairs. A year of a district's ledgers is millions of records with a
//! handful of values each, and most values repeat (the same source, outcome or village on
//! thousands of rows), so each text is stored once ([`Text`]: a handle to a string kept for the
//! life of the process), its name too, and a record holds 16 bytes per value.

pub use super::interned::{text, Text};

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

/// Puts a value in a list kept in name order, replacing the one of the same name.
fn place(pairs: &mut Vec<(Text, Text)>, key: &'static str, value: Text) {
    match pairs.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
        Ok(i) => pairs[i].1 = value,
        Err(i) => pairs.insert(i, (name(key), value)),
    }
}

/// Named values in name order; at most one value per name. The pairs are kept in one shared,
/// immutable list (changed by making a new one): a record's dimensions are one of a few hundred
/// combinations (法院 · 婚姻家庭纠纷 · 某村), and [`TextMap::shared`] makes equal maps one list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TextMap(Option<std::sync::Arc<[(Text, Text)]>>);

type Pairs = std::sync::Arc<[(Text, Text)]>;

impl TextMap {
    pub fn new() -> Self {
        Self(None)
    }

    fn pairs(&self) -> &[(Text, Text)] {
        self.0.as_deref().unwrap_or_default()
    }

    fn set(&mut self, pairs: Vec<(Text, Text)>) {
        self.0 = (!pairs.is_empty()).then(|| Pairs::from(pairs));
    }

    /// Sets a value, replacing the one of the same name.
    pub fn insert(&mut self, key: &'static str, value: impl AsRef<str>) {
        let mut pairs = self.pairs().to_vec();
        place(&mut pairs, key, text(value.as_ref()));
        self.set(pairs);
    }

    pub fn get(&self, key: &str) -> Option<&Text> {
        let pairs = self.pairs();
        pairs
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| &pairs[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn remove(&mut self, key: &str) -> Option<Text> {
        let mut pairs = self.pairs().to_vec();
        let i = pairs.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        let (_, value) = pairs.remove(i);
        self.set(pairs);
        Some(value)
    }

    pub fn len(&self) -> usize {
        self.pairs().len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs().is_empty()
    }

    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.pairs().iter().map(|(k, _)| k.as_str())
    }

    pub fn values(&self) -> impl Iterator<Item = &Text> {
        self.pairs().iter().map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Text)> {
        self.pairs().iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Keeps the values whose names `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        if self.keys().all(&keep) {
            return;
        }
        let pairs = self
            .pairs()
            .iter()
            .filter(|(k, _)| keep(k.as_str()))
            .copied()
            .collect();
        self.set(pairs);
    }

    /// The same map, its list shared with every equal map made shared before (a million
    /// records' dimensions held as a few hundred lists). Past a bound of distinct maps (a sheet
    /// that writes a different value on every row) a map stays its own.
    pub fn shared(self) -> TextMap {
        const DISTINCT: usize = 65_536;
        static SEEN: std::sync::OnceLock<std::sync::Mutex<std::collections::HashSet<Pairs>>> =
            std::sync::OnceLock::new();
        let Some(pairs) = self.0 else {
            return self;
        };
        let seen = SEEN.get_or_init(Default::default);
        let mut seen = seen.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(known) = seen.get(&pairs) {
            return TextMap(Some(known.clone()));
        }
        if seen.len() < DISTINCT {
            seen.insert(pairs.clone());
        }
        TextMap(Some(pairs))
    }
}

impl<'a> IntoIterator for &'a TextMap {
    type Item = (&'static str, &'a Text);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Text, Text)>,
        fn(&'a (Text, Text)) -> (&'static str, &'a Text),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.pairs().iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl<S: AsRef<str>> FromIterator<(&'static str, S)> for TextMap {
    fn from_iter<I: IntoIterator<Item = (&'static str, S)>>(iter: I) -> Self {
        let mut pairs: Vec<(Text, Text)> = Vec::new();
        for (k, v) in iter {
            place(&mut pairs, k, text(v.as_ref()));
        }
        let mut map = TextMap::new();
        map.set(pairs);
        map
    }
}

impl TextMap {
    /// The pairs as kept, for the serde form (`wire`).
    pub(super) fn entries(&self) -> &[(Text, Text)] {
        self.pairs()
    }

    /// A map of pairs read back (`wire`), put in name order, one value a name.
    pub(super) fn from_entries(mut pairs: Vec<(Text, Text)>) -> TextMap {
        pairs.sort_by(|(a, _), (b, _)| a.as_str().cmp(b.as_str()));
        pairs.dedup_by(|(a, _), (b, _)| a == b);
        let mut map = TextMap::new();
        map.set(pairs);
        map
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
