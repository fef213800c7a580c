//! What a file's reading carries back from the worker process that read it (`worker`): the
//! serde forms of its records, totals, findings and reading lines. Field names are `&'static
//! str` in memory; read back, they are mapped to the program's own (interned once each).

use serde::{Deserialize, Deserializer};
use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock};

/// The `&'static str` for a field or dimension name read back. The names come from the
/// program's own lists, so the set stays small.
pub(super) fn intern(s: String) -> &'static str {
    static NAMES: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let names = NAMES.get_or_init(|| Mutex::new(BTreeSet::new()));
    let mut names = names
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(known) = names.get(s.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(s.into_boxed_str());
    names.insert(leaked);
    leaked
}

pub(super) fn static_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<&'static str>, D::Error> {
    let list = Vec::<String>::deserialize(d)?;
    Ok(list.into_iter().map(intern).collect())
}
