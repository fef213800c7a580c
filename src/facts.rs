//! Facts: the named figures a report quotes, each knowing the rows it came from.
//!
//! In: records and the report year. Out: [`Facts`], a map from names such as `调解.受理`,
//! `调解.来源.法院.化解率`, `会议.类型.专题学法.次数` or `公开.件次` to a number and its rows.
//! Only rows dated inside the report year count; undated rows count (reconcile warns of them).
//!
//! Names: `<ledger>.<measure>` and `<ledger>.<dimension>.<value>.<measure>`:
//! - 调解 (one row per dispute): 受理 (cases), 化解 (resolved cases), 化解率 (化解 / 受理 x 100);
//!   dimensions 来源, 类型, 单位.
//! - 会议 (one row per meeting): 次数 (meetings), 人次 (sum of attendance); dimension 类型.
//! - 公开 (disclosure counts): 件次 (sum); dimensions 类别, 渠道.
//!
//! A register row stands for one case or meeting; a row of a count table, grid or statistics
//! sheet stands for as many as its count says ([`Record::count`]).

use crate::ingest::{LedgerKind, Record};
use serde::Serialize;
use std::collections::BTreeMap;

/// One named figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    pub name: String,
    pub value: f64,
    /// A percentage (0 to 100) rather than a count.
    pub is_rate: bool,
    /// The rows counted (for a rate: the rows of its denominator), as indices into the records
    /// the facts were computed from (`Ingested::records`), in increasing order: a district's
    /// million rows count toward a dozen facts each, and an index is four bytes (a rate and
    /// its count share one list).
    #[serde(skip)]
    pub rows: Rows,
}

/// The rows a fact counted, shared by the facts counted over the same rows.
pub type Rows = std::sync::Arc<[u32]>;

/// All figures for one report year.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub year: i32,
    map: BTreeMap<String, Fact>,
}

/// Referral channels every 调解 ledger reports, even in a year without such a case.
const CANONICAL_SOURCES: [&str; 4] = ["法院", "派出所", "信访", "村调委会"];

impl Facts {
    pub fn get(&self, name: &str) -> Option<&Fact> {
        self.map.get(name)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Fact> {
        self.map.values()
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The values of a dimension that have figures (`调解`, `来源` -> 法院, 派出所, …), in
    /// name order.
    pub fn values(&self, kind: LedgerKind, dim: &str) -> Vec<String> {
        let prefix = format!("{}.{dim}.", kind.name());
        let suffix = format!(".{}", measures(kind)[0].0);
        self.map
            .range(prefix.clone()..)
            .take_while(|(name, _)| name.starts_with(&prefix))
            .filter_map(|(name, _)| name[prefix.len()..].strip_suffix(&suffix))
            .filter(|value| !value.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// One JSON object mapping each fact name to its number.
    pub fn to_json(&self) -> String {
        let number = |v: f64| {
            if v.fract() == 0.0 && v.abs() < 1e15 {
                serde_json::Value::from(v as i64)
            } else {
                serde_json::Value::from(v)
            }
        };
        let obj: serde_json::Map<String, serde_json::Value> = self
            .map
            .values()
            .map(|f| (f.name.clone(), number(f.value)))
            .collect();
        // A map of names to numbers always serialises.
        serde_json::to_string_pretty(&obj).unwrap_or_default()
    }

    fn put(&mut self, name: String, value: f64, is_rate: bool, rows: Rows) {
        self.map.insert(
            name.clone(),
            Fact {
                name,
                value,
                is_rate,
                rows,
            },
        );
    }
}

#[cfg(test)]
impl Facts {
    /// A fact put in by hand, for the tests of what reads facts.
    pub fn insert_for_test(&mut self, name: &str, value: f64, is_rate: bool) {
        self.put(name.to_string(), value, is_rate, Rows::from([]));
    }
}

/// The measures every group of a ledger's rows has, as fact names end, each with whether it
/// is a rate: 调解 受理, 化解, 化解率; 会议 次数, 人次; 公开 件次.
pub fn measures(kind: LedgerKind) -> &'static [(&'static str, bool)] {
    match kind {
        LedgerKind::Mediation => &[("受理", false), ("化解", false), ("化解率", true)],
        LedgerKind::Meeting => &[("次数", false), ("人次", false)],
        LedgerKind::Disclosure => &[("件次", false)],
    }
}

/// The dimensions a ledger's rows are grouped by: 调解 来源, 类型, 单位; 会议 类型; 公开 类别,
/// 渠道.
pub fn dimensions(kind: LedgerKind) -> &'static [&'static str] {
    match kind {
        LedgerKind::Mediation => &["来源", "类型", "单位"],
        LedgerKind::Meeting => &["类型"],
        LedgerKind::Disclosure => &["类别", "渠道"],
    }
}

/// Whether a record counts for the report year.
pub fn in_year(record: &Record, year: i32) -> bool {
    record.date.is_none_or(|d| d.year == year)
}

/// Computes every fact from the records of `year`. `present` are the ledger kinds found in the
/// inputs: their canonical facts exist (as 0) even when no row counts, those of the referral
/// channels and of the `meeting_kinds` the vocabulary knows included (a new year's ledgers,
/// just begun, still fill the template).
pub fn compute(
    records: &[Record],
    year: i32,
    present: &[LedgerKind],
    meeting_kinds: &[String],
) -> Facts {
    let mut facts = Facts {
        year,
        ..Facts::default()
    };
    for kind in LedgerKind::ALL {
        // Rows by their index alone (a district's million rows are grouped here several
        // times over).
        let rows: Vec<u32> = records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.ledger == kind && in_year(r, year))
            .map(|(i, _)| i as u32)
            .collect();
        if rows.is_empty() && !present.contains(&kind) {
            continue;
        }
        let ledger = kind.name();
        measure(&mut facts, (kind, records), ledger, &rows);
        let mut groups: BTreeMap<(&str, &str), Vec<u32>> = BTreeMap::new();
        if kind == LedgerKind::Mediation {
            for s in CANONICAL_SOURCES {
                groups.entry(("来源", s)).or_default();
            }
        }
        if kind == LedgerKind::Meeting {
            for k in meeting_kinds {
                groups.entry(("类型", k.as_str())).or_default();
            }
        }
        for &i in &rows {
            for (dim, value) in &records[i as usize].dims {
                groups.entry((dim, value.as_str())).or_default().push(i);
            }
        }
        drop(rows);
        for ((dim, value), group) in groups {
            let name = format!("{ledger}.{dim}.{value}");
            measure(&mut facts, (kind, records), &name, &group);
        }
    }
    facts
}

fn measure(
    facts: &mut Facts,
    (kind, records): (LedgerKind, &[Record]),
    prefix: &str,
    rows: &[u32],
) {
    let all = Rows::from(rows);
    let rows = || rows.iter().map(|&i| (i, &records[i as usize]));
    let count: f64 = rows().map(|(_, r)| r.count).sum();
    match kind {
        LedgerKind::Mediation => {
            let resolved_rows: Rows = rows()
                .filter(|(_, r)| r.resolved.is_some_and(|n| n > 0.0))
                .map(|(i, _)| i)
                .collect();
            let resolved: f64 = rows().filter_map(|(_, r)| r.resolved).sum();
            let rate = if count > 0.0 {
                resolved / count * 100.0
            } else {
                0.0
            };
            facts.put(format!("{prefix}.受理"), count, false, all.clone());
            facts.put(format!("{prefix}.化解"), resolved, false, resolved_rows);
            facts.put(format!("{prefix}.化解率"), rate, true, all);
        }
        LedgerKind::Meeting => {
            let attendance = rows().filter_map(|(_, r)| r.attendance).sum();
            facts.put(format!("{prefix}.次数"), count, false, all.clone());
            facts.put(format!("{prefix}.人次"), attendance, false, all);
        }
        LedgerKind::Disclosure => {
            facts.put(format!("{prefix}.件次"), count, false, all);
        }
    }
}

/// Facts for one year, with the findings met on the way.
#[derive(Debug)]
pub struct Counted {
    pub year: i32,
    pub facts: Facts,
    /// Last year's facts, read only when the template compares with them (`|同比`) and last
    /// year's ledgers were found.
    pub previous: Option<Facts>,
    pub ingested: crate::ingest::Ingested,
    pub findings: Vec<crate::diag::Finding>,
}
