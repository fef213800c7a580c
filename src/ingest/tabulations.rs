//! One item, one count: two sheets (in one file, or in two files of one office folder) that
//! tabulate the same items by different dimensions — the 政务公开 items by channel and by
//! category, the cases by source and by type — are one batch of items, not two. One is counted
//! (the one with more detail, else the first), the other compared with it: its total, its
//! resolved count, and its figures for every dimension the two share (the same months, the same
//! villages), and the reading summary says so.
//!
//! What makes two tables the same items: the same ledger kind, different dimensions (a sheet by
//! 渠道 and one by 类别; never two sheets by the same dimension — two villages' sheets by type are
//! two ledgers, however equal their totals), equal totals, and equal figures for each dimension
//! they share. A table taken as a tabulation is a cross table or a count table; a register (one
//! row per case) is never compared away, but a tabulation whose dimensions are all in the register
//! is its summary. Two tabulations in one file whose names say they are breakdowns ("按来源",
//! "分类别") are the same items even when their totals differ: the first is counted and the
//! difference is an error naming both. Equal totals that break down differently over a shared
//! dimension are counted both, with a warning naming both.

use super::reading::Outcome;
use super::vocab::{is_count_field, LedgerKind};
use super::{DeclaredTotal, Ingested, Origin, Record};
use crate::diag::Finding;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the month of a record is called among the dimensions.
const MONTH: &str = "月份";

/// One sheet read as a ledger, as far as this rule needs it. (Summed up where its file is read
/// and carried to the main process with the file's records, see [`FileTables`].)
#[derive(Serialize, Deserialize)]
struct Table {
    #[serde(with = "super::wire::one")]
    file: super::Text,
    #[serde(with = "super::wire::one")]
    sheet: super::Text,
    kind: LedgerKind,
    /// Whether its rows are counts (a cross table or count table), not one row per case.
    tabulation: bool,
    /// The dimensions its records carry (月份 when every record is dated).
    dims: Dims,
    total: f64,
    resolved: Option<f64>,
    /// Per dimension, per value: the count (summed at the tabulation stage, for the tables
    /// that could be the same items as another).
    #[serde(skip)]
    by: BTreeMap<&'static str, Counts>,
    /// Where it starts, for the comparison's place.
    origin: Origin,
}

impl Table {
    /// Its records summed up, without its figures by value (see [`by_value`]): a district's
    /// thousands of sheets are kept this way while their files are read. `None` for a sheet
    /// with no records.
    fn of(file: super::Text, sheet: super::Text, records: &[&Record]) -> Option<Table> {
        let first = records.first()?;
        let dated = records.iter().all(|r| r.date.is_some());
        let mut dims: BTreeSet<&'static str> = records.iter().flat_map(|r| r.dims.keys()).collect();
        if dated {
            dims.insert(MONTH);
        }
        let any_resolved = records.iter().any(|r| r.resolved.is_some());
        Some(Table {
            file,
            sheet,
            kind: first.ledger,
            tabulation: records.iter().all(|r| {
                r.origin.column.is_some()
                    || r.fields.keys().any(|k| k != "人数" && is_count_field(k))
            }),
            dims: Dims(dims.into_iter().collect()),
            total: records.iter().map(|r| r.count).sum(),
            resolved: any_resolved.then(|| records.iter().filter_map(|r| r.resolved).sum()),
            by: BTreeMap::new(),
            origin: Origin {
                column: None,
                ..first.origin.clone()
            },
        })
    }

    fn folder(&self) -> &str {
        self.file.rsplit_once('/').map_or("", |(f, _)| f)
    }

    /// "“按类别”表" within one file, "“公开/按类别.xlsx”中的“Sheet1”表" across files.
    fn name_from(&self, other: &Table) -> String {
        if self.file == other.file {
            format!("“{}”表", self.sheet)
        } else {
            format!("“{}”中的“{}”表", self.file, self.sheet)
        }
    }

    /// Whether, on a dimension both carry, no value is in both (January against February, one
    /// village against another).
    fn disjoint_on_a_shared_dimension(&self, other: &Table) -> bool {
        self.dims
            .intersection(&other.dims)
            .any(|d| match (self.by.get(d), other.by.get(d)) {
                (Some(x), Some(y)) => !x.keys().any(|k| y.contains_key(k)),
                _ => false,
            })
    }

    /// The dimensions both tables carry whose figures differ.
    fn shared_differences(&self, other: &Table) -> Vec<&'static str> {
        self.dims
            .intersection(&other.dims)
            .copied()
            .filter(|d| !same_figures(self.by.get(d), other.by.get(d)))
            .collect()
    }
}

/// A sheet's figures per dimension, per value (the months as 2024年3月), summed by the
/// interned values and the months as numbers, written out once.
fn by_value(records: &[&Record]) -> BTreeMap<&'static str, Counts> {
    let dated = records.iter().all(|r| r.date.is_some());
    let mut values: BTreeMap<&'static str, std::collections::HashMap<super::Text, f64>> =
        BTreeMap::new();
    let mut months: BTreeMap<(i32, u32), f64> = BTreeMap::new();
    for r in records {
        for (k, v) in &r.dims {
            *values.entry(k).or_default().entry(*v).or_default() += r.count;
        }
        if let Some(d) = r.date.filter(|_| dated) {
            *months.entry((d.year, d.month)).or_default() += r.count;
        }
    }
    let mut by: BTreeMap<&'static str, Counts> = values
        .into_iter()
        .map(|(k, counts)| (k, Counts::of(counts.into_iter().collect())))
        .collect();
    if !months.is_empty() {
        let mut month: BTreeMap<String, f64> = by
            .remove(MONTH)
            .map(|c| c.iter().map(|(v, n)| (v.to_string(), n)).collect())
            .unwrap_or_default();
        for ((y, m), n) in months {
            *month.entry(format!("{y}年{m}月")).or_default() += n;
        }
        let month = month.iter().map(|(v, n)| (super::text(v), *n)).collect();
        by.insert(MONTH, Counts::of(month));
    }
    by
}

/// A table's dimensions, in name order (a sorted list: thousands of sheets keep theirs).
#[derive(Debug, PartialEq)]
struct Dims(Box<[&'static str]>);

impl Serialize for Dims {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|d| super::wire::Travel(super::text(d))))
    }
}

impl<'de> Deserialize<'de> for Dims {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Dims, D::Error> {
        let names = Vec::<super::wire::Travel>::deserialize(d)?;
        Ok(Dims(names.into_iter().map(|t| t.0.as_str()).collect()))
    }
}

impl Dims {
    fn contains(&self, d: &str) -> bool {
        self.0.binary_search(&d).is_ok()
    }

    /// Those also in `other`, in name order.
    fn intersection<'a>(&'a self, other: &'a Dims) -> impl Iterator<Item = &'a &'static str> {
        self.0.iter().filter(|d| other.contains(d))
    }

    /// Those not in `other`, in name order.
    fn difference<'a>(&'a self, other: &'a Dims) -> impl Iterator<Item = &'a &'static str> {
        self.0.iter().filter(|d| !other.contains(d))
    }

    fn is_subset(&self, other: &Dims) -> bool {
        self.0.iter().all(|d| other.contains(d))
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

/// One dimension's counts by value, in value order: a district's thousands of sheets are kept
/// summed up this way while their files are read (interned values, one list a dimension).
#[derive(Debug, Default)]
struct Counts(Box<[(super::Text, f64)]>);

impl Counts {
    fn of(mut counts: Vec<(super::Text, f64)>) -> Counts {
        counts.sort_unstable_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        Counts(counts.into_boxed_slice())
    }

    fn get(&self, value: &str) -> Option<f64> {
        self.0
            .binary_search_by(|(v, _)| v.as_str().cmp(value))
            .ok()
            .map(|i| self.0[i].1)
    }

    fn contains_key(&self, value: &str) -> bool {
        self.get(value).is_some()
    }

    fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(v, _)| v.as_str())
    }

    fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        self.0.iter().map(|(v, n)| (v.as_str(), *n))
    }
}

fn same_figures(a: Option<&Counts>, b: Option<&Counts>) -> bool {
    let empty = Counts::default();
    let (a, b) = (a.unwrap_or(&empty), b.unwrap_or(&empty));
    let all = a
        .keys()
        .chain(b.keys())
        .all(|k| same(a.get(k).unwrap_or(0.0), b.get(k).unwrap_or(0.0)));
    all
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// A sheet name that says it is one breakdown of several: 按来源, 按类型, 分渠道, 分类别.
fn is_breakdown_name(sheet: &str) -> bool {
    let s = crate::text::squash(sheet);
    s.contains('按') || s.starts_with('分') || s.contains("分类")
}

/// What two tables are to each other.
enum Relation {
    /// Not the same items (or nothing to say).
    Apart,
    /// The same items two ways: `compared` is compared with `kept`.
    Same { kept: usize, compared: usize },
    /// Equal totals, different breakdowns over a shared dimension: both counted, a warning.
    Doubtful(Vec<&'static str>),
}

/// Whether two tables could be the same items: one kind, one file or folder, different
/// dimensions, one of them a tabulation (their figures by value decide).
fn may_relate(a: &Table, b: &Table) -> bool {
    let near = a.file == b.file || a.folder() == b.folder();
    a.kind == b.kind && near && a.dims != b.dims && (a.tabulation || b.tabulation)
}

fn relation(tables: &[Table], i: usize, j: usize) -> Relation {
    let (a, b) = (&tables[i], &tables[j]);
    if !may_relate(a, b) {
        return Relation::Apart;
    }
    // Other months, other villages: other items.
    if a.disjoint_on_a_shared_dimension(b) {
        return Relation::Apart;
    }
    // The one kept: a register, else the one with more dimensions, else the first.
    let keep_b = !b.tabulation && a.tabulation
        || (b.tabulation == a.tabulation && b.dims.len() > a.dims.len());
    let (kept, compared) = if keep_b { (j, i) } else { (i, j) };
    // A register's summary has only dimensions of the register.
    if !tables[kept].tabulation && !tables[compared].dims.is_subset(&tables[kept].dims) {
        return Relation::Apart;
    }
    let breakdowns = a.file == b.file
        && a.tabulation
        && b.tabulation
        && is_breakdown_name(&a.sheet)
        && is_breakdown_name(&b.sheet);
    let differences = a.shared_differences(b);
    if breakdowns || (same(a.total, b.total) && a.total > 0.0 && differences.is_empty()) {
        Relation::Same { kept, compared }
    } else if same(a.total, b.total) && a.total > 0.0 {
        Relation::Doubtful(differences)
    } else {
        Relation::Apart
    }
}

/// Finds the tables that tabulate the same items as another, keeps one count of them and
/// compares the others; says so in the reading summary.
pub(super) fn count_once(out: &mut Ingested, found: Sheets) {
    let mut tables = tables(out, found);
    // Only tables of one folder can be the same items: each is paired with the earlier ones
    // of its folder (a district's thousands of sheets are not paired each with each).
    let mut folders: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    // Each table's folder and its place among that folder's tables.
    let place: Vec<(usize, usize)> = tables
        .iter()
        .enumerate()
        .map(|(j, t)| {
            let g = *folders.entry(t.folder()).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push(j);
            (g, groups[g].len() - 1)
        })
        .collect();
    let earlier = |j: usize| groups[place[j].0][..place[j].1].iter().copied();
    // The figures by value are summed, from the records, for the tables that could be the
    // same items as another.
    let mut wanted = vec![false; tables.len()];
    for j in 0..tables.len() {
        for i in earlier(j) {
            if may_relate(&tables[i], &tables[j]) {
                (wanted[i], wanted[j]) = (true, true);
            }
        }
    }
    for (t, _) in tables.iter_mut().zip(&wanted).filter(|(_, w)| **w) {
        let records = out.records.of_file(t.file);
        let rows: Vec<&Record> = records
            .iter()
            .filter(|r| r.origin.sheet == t.sheet)
            .collect();
        t.by = by_value(&rows);
    }
    let mut compared: BTreeMap<usize, usize> = BTreeMap::new();
    for j in 0..tables.len() {
        for i in earlier(j) {
            if compared.contains_key(&i) || compared.contains_key(&j) {
                continue;
            }
            match relation(&tables, i, j) {
                Relation::Same { kept, compared: c } => {
                    // What was compared with `c` is compared with the one kept instead.
                    for k in compared.values_mut().filter(|k| **k == c) {
                        *k = kept;
                    }
                    compared.insert(c, kept);
                }
                Relation::Doubtful(dims) => {
                    out.findings.push(doubtful(&tables[i], &tables[j], &dims))
                }
                Relation::Apart => {}
            }
        }
    }
    for (&c, &k) in &compared {
        compare(&tables[k], &tables[c], out);
    }
}

/// Every sheet's records summed up as its file is read (before the records go to disk).
#[derive(Default)]
pub(super) struct Sheets(std::collections::HashMap<(super::Text, super::Text), Table>);

/// One file's sheets summed up ([`FileTables::of`]), where the file is read.
#[derive(Default, Serialize, Deserialize)]
pub(super) struct FileTables(Vec<Table>);

impl std::fmt::Debug for FileTables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileTables({} tables)", self.0.len())
    }
}

impl FileTables {
    /// One file's records summed up, a table a sheet.
    pub(super) fn of(records: &[Record]) -> FileTables {
        let mut sheets: Vec<(super::Text, Vec<&Record>)> = Vec::new();
        for r in records {
            match sheets.iter_mut().find(|(s, _)| *s == r.origin.sheet) {
                Some((_, rows)) => rows.push(r),
                None => sheets.push((r.origin.sheet, vec![r])),
            }
        }
        let mut out = Vec::new();
        for (sheet, rows) in sheets {
            let file = rows[0].origin.file;
            // Without its figures by value, which are most of a table: `count_once` sums them
            // where they are needed.
            out.extend(Table::of(file, sheet, &rows));
        }
        FileTables(out)
    }
}

impl Sheets {
    /// One file's tables, summed up where it was read.
    pub(super) fn add(&mut self, tables: FileTables) {
        for t in tables.0 {
            self.0.insert((t.file, t.sheet), t);
        }
    }
}

/// The tables of the readings counted as ledgers, in reading order; a sheet read in several
/// parts (tables side by side) is one table.
fn tables(out: &Ingested, mut found: Sheets) -> Vec<Table> {
    let mut places: Vec<(&str, &str)> = Vec::new();
    for r in out.readings.iter().filter(|r| r.outcome == Outcome::Ledger) {
        if !places.contains(&(r.file.as_str(), r.sheet.as_str())) {
            places.push((&r.file, &r.sheet));
        }
    }
    places
        .into_iter()
        .filter_map(|(file, sheet)| found.0.remove(&(super::text(file), super::text(sheet))))
        .collect()
}

/// `compared` is not counted: its figures become declared totals against `kept`'s, and both
/// readings say what became of them.
fn compare(kept: &Table, compared: &Table, out: &mut Ingested) {
    out.records
        .retain_in_file(compared.file, |r| r.origin.sheet != compared.sheet);
    let other = kept.name_from(compared);
    let own: Vec<&str> = compared.dims.difference(&kept.dims).copied().collect();
    let way = if own.is_empty() {
        "汇总".to_string()
    } else {
        format!("按{}", own.join("、"))
    };
    let label = format!(
        "“{}”表（与{other}是同一批事项{way}的另一种分法）",
        compared.sheet
    );
    let mut totals = vec![declared(
        compared,
        &label,
        "件数",
        compared.total,
        kept.total,
    )];
    if let (Some(d), Some(c)) = (compared.resolved, kept.resolved) {
        totals.push(declared(compared, &label, "化解数", d, c));
    }
    for dim in compared.dims.intersection(&kept.dims) {
        let (Some(mine), Some(theirs)) = (compared.by.get(dim), kept.by.get(dim)) else {
            continue;
        };
        for (value, n) in mine.iter() {
            let counted = theirs.get(value).unwrap_or(0.0);
            totals.push(declared(
                compared,
                &format!("{label}中的{value}"),
                "件数",
                n,
                counted,
            ));
        }
    }
    let agree = totals.iter().all(|t| same(t.declared, t.counted));
    out.declared.extend(totals);
    let n = super::cell::format_number;
    let how = if agree {
        format!(
            "与{other}是同一批事项{way}的另一种分法，未重复计入，已核对合计一致（{} 件）",
            n(kept.total)
        )
    } else {
        format!(
            "与{other}是同一批事项{way}的另一种分法，未重复计入；合计不一致（本表 {} 件，{other} {} 件），只按{other}计入，请核对",
            n(compared.total),
            n(kept.total)
        )
    };
    let mine = compared.name_from(kept);
    for r in out.readings.iter_mut() {
        if r.file == compared.file.as_str() && r.sheet == compared.sheet.as_str() {
            r.outcome = Outcome::Summary;
            r.how = format!("{}；{how}", r.how).into();
            r.records = 0;
        } else if r.file == kept.file.as_str()
            && r.sheet == kept.sheet.as_str()
            && r.outcome == Outcome::Ledger
        {
            r.how = format!("{}（{mine}是同一批事项的另一种分法，已与本表核对）", r.how).into();
        }
    }
}

fn declared(t: &Table, label: &str, measure: &str, declared: f64, counted: f64) -> DeclaredTotal {
    DeclaredTotal {
        ledger: t.kind,
        origin: t.origin.clone(),
        column: None,
        label: label.to_string(),
        measure: measure.to_string(),
        declared,
        counted,
    }
}

/// Two tables of equal totals that break down differently over a dimension they share.
fn doubtful(a: &Table, b: &Table, dims: &[&str]) -> Finding {
    let n = super::cell::format_number;
    Finding::warning(
        b.file,
        format!(
            "{}与{}合计相同（都是 {} 件），但按{}的分布不同，已当作两批事项分别计入",
            b.name_from(a),
            a.name_from(b),
            n(a.total),
            dims.join("、")
        ),
    )
    .sheet(b.sheet)
    .hint("如果两张表是同一批事项的两种分法，请改正分布不一致的地方（或删去其中一张），以免重复计入；如果确是两批，可不理会")
}
