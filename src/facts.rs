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
    /// How many rows were counted (for a rate: the rows of its denominator).
    pub rows: usize,
    /// Which rows count: a district's million rows count toward a dozen facts each, so a fact
    /// says what its rows are rather than listing them ([`Fact::counts`]).
    #[serde(skip)]
    pub select: Select,
}

/// The rows a fact counts: a ledger's rows of the report year, those with one value of one
/// dimension, and (化解) only those resolved.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Select {
    pub ledger: Option<LedgerKind>,
    pub year: i32,
    /// The dimension and its value (`来源`, `法院`).
    pub dim: Option<(String, String)>,
    pub resolved_only: bool,
}

impl Fact {
    /// Whether `record` is one of the rows this fact counted.
    pub fn counts(&self, record: &Record) -> bool {
        let s = &self.select;
        s.ledger == Some(record.ledger)
            && in_year(record, s.year)
            && s.dim.as_ref().is_none_or(|(dim, value)| {
                record.dims.get(dim).is_some_and(|v| v.as_str() == value)
            })
            && (!s.resolved_only || record.resolved.is_some_and(|n| n > 0.0))
    }
}

/// All figures for one report year.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub year: i32,
    /// How many records of the year were counted (each toward its ledger's facts).
    pub rows_in_year: usize,
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

    fn put(&mut self, name: String, value: f64, is_rate: bool, rows: usize, select: Select) {
        self.map.insert(
            name.clone(),
            Fact {
                name,
                value,
                is_rate,
                rows,
                select,
            },
        );
    }
}

#[cfg(test)]
impl Facts {
    /// A fact put in by hand, for the tests of what reads facts.
    pub fn insert_for_test(&mut self, name: &str, value: f64, is_rate: bool) {
        self.put(name.to_string(), value, is_rate, 0, Select::default());
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
    records: &crate::ingest::Records,
    year: i32,
    present: &[LedgerKind],
    meeting_kinds: &[String],
) -> Facts {
    let mut tally = Tally::new(year);
    for run in records.runs() {
        for r in run.iter() {
            tally.add(r);
        }
    }
    tally.facts(present, meeting_kinds)
}

/// The sums of one group of rows, added to row by row.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    rows: usize,
    count: f64,
    resolved_rows: usize,
    resolved: f64,
    attendance: f64,
}

impl Sums {
    fn add(&mut self, r: &Record) {
        self.rows += 1;
        self.count += r.count;
        if let Some(n) = r.resolved {
            self.resolved += n;
            if n > 0.0 {
                self.resolved_rows += 1;
            }
        }
        if let Some(n) = r.attendance {
            self.attendance += n;
        }
    }
}

/// The facts of a year counted one record at a time: what each ledger's rows, and each group
/// of them by a dimension's value, add up to (no record is kept).
#[derive(Debug)]
pub struct Tally {
    year: i32,
    ledgers: BTreeMap<LedgerKind, Sums>,
    groups: rustc_hash::FxHashMap<(LedgerKind, &'static str, crate::ingest::Text), Sums>,
}

impl Tally {
    pub fn new(year: i32) -> Tally {
        Tally {
            year,
            ledgers: BTreeMap::new(),
            groups: rustc_hash::FxHashMap::default(),
        }
    }

    /// Counts `r` if it belongs to the year.
    pub fn add(&mut self, r: &Record) {
        if !in_year(r, self.year) {
            return;
        }
        self.ledgers.entry(r.ledger).or_default().add(r);
        for (dim, value) in &r.dims {
            self.groups
                .entry((r.ledger, dim, *value))
                .or_default()
                .add(r);
        }
    }

    /// The facts, with those of `present` ledgers and of the canonical groups as 0 where no row
    /// counted.
    pub fn facts(self, present: &[LedgerKind], meeting_kinds: &[String]) -> Facts {
        let year = self.year;
        let mut facts = Facts {
            year,
            rows_in_year: self.ledgers.values().map(|s| s.rows).sum(),
            ..Facts::default()
        };
        for kind in LedgerKind::ALL {
            let Some(&all) = self
                .ledgers
                .get(&kind)
                .or(present.contains(&kind).then_some(&Sums::default()))
            else {
                continue;
            };
            let ledger = kind.name();
            let select = |dim: Option<(&str, &str)>| Select {
                ledger: Some(kind),
                year,
                dim: dim.map(|(d, v)| (d.to_string(), v.to_string())),
                resolved_only: false,
            };
            measure(&mut facts, kind, ledger, all, select(None));
            let mut groups: BTreeMap<(&str, &str), Sums> = BTreeMap::new();
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
            for ((_, dim, value), sums) in self.groups.iter().filter(|(k, _)| k.0 == kind) {
                groups.insert((dim, value.as_str()), *sums);
            }
            for ((dim, value), sums) in groups {
                let name = format!("{ledger}.{dim}.{value}");
                measure(&mut facts, kind, &name, sums, select(Some((dim, value))));
            }
        }
        facts
    }
}

fn measure(facts: &mut Facts, kind: LedgerKind, prefix: &str, sums: Sums, select: Select) {
    match kind {
        LedgerKind::Mediation => {
            let rate = if sums.count > 0.0 {
                sums.resolved / sums.count * 100.0
            } else {
                0.0
            };
            let resolved = Select {
                resolved_only: true,
                ..select.clone()
            };
            facts.put(
                format!("{prefix}.受理"),
                sums.count,
                false,
                sums.rows,
                select.clone(),
            );
            let (n, value) = (sums.resolved_rows, sums.resolved);
            facts.put(format!("{prefix}.化解"), value, false, n, resolved);
            facts.put(format!("{prefix}.化解率"), rate, true, sums.rows, select);
        }
        LedgerKind::Meeting => {
            let attendance = sums.attendance;
            facts.put(
                format!("{prefix}.次数"),
                sums.count,
                false,
                sums.rows,
                select.clone(),
            );
            facts.put(
                format!("{prefix}.人次"),
                attendance,
                false,
                sums.rows,
                select,
            );
        }
        LedgerKind::Disclosure => {
            facts.put(
                format!("{prefix}.件次"),
                sums.count,
                false,
                sums.rows,
                select,
            );
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
