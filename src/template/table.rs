//! Tables of figures in a template: a `【表格】` line naming one dimension of a ledger, then the
//! lines that shape it.
//!
//! ```text
//! 【表格】调解.来源
//! 标题：2024年矛盾纠纷化解情况统计表        (optional, centred above the table)
//! 列：来源、受理（件）=受理、化解（件）=化解、化解率   (required)
//! 行：法院、派出所、信访、村调委会               (optional: which values, in this order)
//! 合计：合计                                     (optional: a total row with this label)
//! ```
//!
//! A column is `表头=度量|格式` or just `度量`; the column named after the dimension holds the
//! values' names. Without `行：` every value with figures is listed, largest first. The total
//! row carries the ledger's own figures (`调解.受理` …), and is refused when the rows listed do
//! not add up to them: a 合计 that is not the year's total would mislead.

use super::format::Format;
use super::UsedFact;
use crate::diag::Finding;
use crate::document::{Inline, Table};
use crate::facts::{self, Facts};
use crate::ingest::LedgerKind;
use crate::text::edit_distance;

/// A table as the template asks for it, before figures are filled in.
#[derive(Debug, Clone)]
pub(super) struct TableSpec {
    /// Template line of `【表格】`.
    pub line: u32,
    kind: LedgerKind,
    dim: String,
    caption: Option<String>,
    columns: Vec<Column>,
    rows: Option<Vec<String>>,
    total: Option<String>,
}

#[derive(Debug, Clone)]
enum Column {
    /// The values' names.
    Label { header: String },
    Measure {
        header: String,
        measure: &'static str,
        format: Format,
    },
}

/// The marker a table line starts with.
const MARK: &str = "【表格】";

/// Whether a template line starts a table.
pub(super) fn is_table_line(line: &str) -> bool {
    line.trim_start().starts_with(MARK)
}

/// The shaping lines that may follow `【表格】`.
const KEYS: [&str; 4] = ["标题", "列", "行", "合计"];

/// Whether a line shapes the table above it ("列：…", "行：…", "合计：…", "标题：…").
pub(super) fn is_table_key(line: &str) -> bool {
    line.trim()
        .split_once([':', '：'])
        .is_some_and(|(k, _)| KEYS.contains(&k.trim()))
}

/// Reads a table: its `【表格】` line and the shaping lines after it (`number`, text).
pub(super) fn parse(
    head: (u32, &str),
    shaping: &[(u32, &str)],
    file: &str,
    findings: &mut Vec<Finding>,
) -> Option<TableSpec> {
    let (line, text) = head;
    let name = text.trim().trim_start_matches(MARK).trim();
    let Some((kind, dim)) = table_subject(name) else {
        findings.push(
            Finding::error(file, format!("表格“{name}”没有写明是哪个台账的哪一项"))
                .row(line)
                .hint(format!("请写成【表格】台账.项目，可用的有：{}", subjects())),
        );
        return None;
    };
    let mut spec = TableSpec {
        line,
        kind,
        dim: dim.to_string(),
        caption: None,
        columns: Vec::new(),
        rows: None,
        total: None,
    };
    for &(n, text) in shaping {
        let Some((key, value)) = text.trim().split_once([':', '：']) else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "标题" => spec.caption = Some(value.to_string()).filter(|v| !v.is_empty()),
            "列" => spec.columns = columns(&spec, value, (file, n), findings),
            "行" => spec.rows = Some(list(value)),
            _ => spec.total = Some(if value.is_empty() { "合计" } else { value }.to_string()),
        }
    }
    if !spec
        .columns
        .iter()
        .any(|c| matches!(c, Column::Measure { .. }))
    {
        let measures: Vec<&str> = facts::measures(kind).iter().map(|(m, _)| *m).collect();
        findings.push(
            Finding::error(file, format!("表格“{name}”没有写要列出的数字（“列：”）"))
                .row(line)
                .hint(format!(
                    "请在下一行写，例如：列：{dim}、{}",
                    measures.join("、")
                )),
        );
        return None;
    }
    if !spec
        .columns
        .iter()
        .any(|c| matches!(c, Column::Label { .. }))
    {
        spec.columns.insert(
            0,
            Column::Label {
                header: dim.to_string(),
            },
        );
    }
    Some(spec)
}

/// "调解.来源" -> (调解, 来源), when the ledger has such a dimension.
fn table_subject(name: &str) -> Option<(LedgerKind, &str)> {
    let (ledger, dim) = name.split_once(['.', '．'])?;
    let kind = LedgerKind::from_name(ledger.trim())?;
    let dim = dim.trim();
    facts::dimensions(kind)
        .contains(&dim)
        .then_some((kind, dim))
}

/// Every table subject, for hints: 调解.来源、调解.类型、…
fn subjects() -> String {
    LedgerKind::ALL
        .iter()
        .flat_map(|k| {
            facts::dimensions(*k)
                .iter()
                .map(move |d| format!("{}.{d}", k.name()))
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// "a、b，c" -> [a, b, c]
fn list(value: &str) -> Vec<String> {
    value
        .split(['、', '，', ',', '；', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn columns(
    spec: &TableSpec,
    value: &str,
    (file, line): (&str, u32),
    findings: &mut Vec<Finding>,
) -> Vec<Column> {
    let known = facts::measures(spec.kind);
    let mut out = Vec::new();
    for entry in list(value) {
        let (header, rest) = match entry.split_once(['=', '＝']) {
            Some((h, r)) => (h.trim().to_string(), r.trim()),
            None => (String::new(), entry.as_str()),
        };
        let (name, fmt) = match rest.split_once(['|', '｜']) {
            Some((n, f)) => (n.trim(), Some(f.trim())),
            None => (rest.trim(), None),
        };
        let header = if header.is_empty() {
            name.to_string()
        } else {
            header
        };
        if name == spec.dim {
            out.push(Column::Label { header });
            continue;
        }
        let Some(&(measure, is_rate)) = known.iter().find(|(m, _)| *m == name) else {
            let names: Vec<&str> = known.iter().map(|(m, _)| *m).collect();
            findings.push(
                Finding::error(file, format!("表格的列“{name}”不认识"))
                    .row(line)
                    .hint(format!(
                        "{}台账的表格可以列：{}、{}",
                        spec.kind.name(),
                        spec.dim,
                        names.join("、")
                    )),
            );
            continue;
        };
        let format = match fmt.map(Format::parse) {
            None if is_rate => Format::Percent,
            None => Format::Plain,
            Some(Some(Format::Percent)) if !is_rate => {
                findings.push(
                    Finding::error(file, format!("表格的列“{name}”是个数，不能用百分比格式"))
                        .row(line)
                        .hint(format!("请去掉“{name}”后面的“|%”")),
                );
                continue;
            }
            Some(Some(f)) if f.is_chinese() && is_rate => {
                findings.push(
                    Finding::error(
                        file,
                        format!("表格的列“{name}”是比率，不能用汉字格式：汉字格式只能用于整数"),
                    )
                    .row(line)
                    .hint(format!("请把“{name}”后面的格式改成“|%”或去掉")),
                );
                continue;
            }
            Some(Some(f)) => f,
            Some(None) => {
                findings.push(
                    Finding::error(
                        file,
                        format!("表格的列“{name}”的格式“{}”不认识", fmt.unwrap_or("")),
                    )
                    .row(line)
                    .hint(super::format::FORMATS_HINT),
                );
                continue;
            }
        };
        out.push(Column::Measure {
            header,
            measure,
            format,
        });
    }
    out
}

/// A filled table, or why it cannot be: every figure comes from a fact, and each is recorded
/// in `used` for the checklist.
pub(super) fn fill(
    spec: &TableSpec,
    facts: &Facts,
    file: &str,
    used: &mut Vec<UsedFact>,
) -> Result<Table, Vec<Finding>> {
    let ledger = spec.kind.name();
    let subject = format!("{ledger}.{}", spec.dim);
    let found = facts.values(spec.kind, &spec.dim);
    let values = match &spec.rows {
        Some(rows) => rows.clone(),
        None => largest_first(found.clone(), facts, spec),
    };
    if values.is_empty() {
        return Err(vec![Finding::error(
            file,
            format!("表格“{subject}”没有数据：台账里没有读到任何{}", spec.dim),
        )
        .row(spec.line)
        .hint(format!(
            "请确认 inputs 文件夹里有{}，并且填写了“{}”",
            spec.kind.description(),
            spec.dim
        ))]);
    }
    let mut problems = Vec::new();
    for v in values.iter().filter(|v| !found.contains(v)) {
        let mut near: Vec<(usize, &String)> =
            found.iter().map(|f| (edit_distance(v, f), f)).collect();
        near.sort();
        let near: Vec<&str> = near.iter().take(3).map(|(_, f)| f.as_str()).collect();
        problems.push(
            Finding::error(file, format!("表格“{subject}”的行“{v}”在台账里没有数据"))
                .row(spec.line)
                .hint(if near.is_empty() {
                    "请从“行：”中删去它".to_string()
                } else {
                    format!(
                        "台账里有的是：{}；如果今年确实没有“{v}”，请从“行：”中删去它",
                        near.join("、")
                    )
                }),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let caption = spec.caption.clone();
    let place = caption.clone().unwrap_or_else(|| format!("{subject}表"));
    let mut rows = Vec::new();
    for value in &values {
        let cells = row_cells(spec, facts, (value, &format!("{subject}.{value}")));
        rows.push(cells.map_err(|f| vec![f.into_finding(file, spec.line)])?);
    }
    if let Some(label) = &spec.total {
        check_total(spec, facts, &values, file)?;
        let cells = row_cells(spec, facts, (label, ledger));
        rows.push(cells.map_err(|f| vec![f.into_finding(file, spec.line)])?);
    }
    for (row, value) in rows.iter().zip(values.iter().chain(spec.total.iter())) {
        for (cell, column) in row.iter().zip(&spec.columns) {
            if let (Inline::Fact { name, text }, Column::Measure { header, .. }) = (cell, column) {
                if let Some(fact) = facts.get(name) {
                    used.push(UsedFact {
                        name: name.clone(),
                        value: fact.value,
                        text: text.clone(),
                        line: spec.line,
                        sentence: format!("{place}：{value} {header} {text}"),
                    });
                }
            }
        }
    }
    let header = spec
        .columns
        .iter()
        .map(|c| match c {
            Column::Label { header } | Column::Measure { header, .. } => header.clone(),
        })
        .collect();
    Ok(Table {
        caption,
        header,
        rows,
    })
}

/// A figure a table cannot print.
enum CellProblem {
    Missing(String),
    Impossible(String, f64),
}

impl CellProblem {
    fn into_finding(self, file: &str, line: u32) -> Finding {
        match self {
            CellProblem::Missing(name) => {
                Finding::error(file, format!("表格要用的数据“{name}”不存在"))
                    .row(line)
                    .hint("运行 gongwen facts 可列出全部数据名称")
            }
            CellProblem::Impossible(name, v) => Finding::error(
                file,
                format!("表格要用的数据“{name}”算出来是 {v}，不是一个可能的数，报告不能写它"),
            )
            .row(line)
            .hint("请运行 gongwen check，按提示改正台账中的数字"),
        }
    }
}

/// One row: the label, then each measure of `prefix` (`调解.来源.法院`, or `调解` for the
/// total row).
fn row_cells(
    spec: &TableSpec,
    facts: &Facts,
    (label, prefix): (&str, &str),
) -> Result<Vec<Inline>, CellProblem> {
    spec.columns
        .iter()
        .map(|c| match c {
            Column::Label { .. } => Ok(Inline::Text(label.to_string())),
            Column::Measure {
                measure, format, ..
            } => {
                let name = format!("{prefix}.{measure}");
                let fact = facts
                    .get(&name)
                    .ok_or_else(|| CellProblem::Missing(name.clone()))?;
                if !super::placeholders::is_possible(fact) {
                    return Err(CellProblem::Impossible(name, fact.value));
                }
                Ok(Inline::Fact {
                    text: format.apply(fact.value),
                    name,
                })
            }
        })
        .collect()
}

/// The values with figures, largest first by the table's first count, then by name.
fn largest_first(mut values: Vec<String>, facts: &Facts, spec: &TableSpec) -> Vec<String> {
    let first = facts::measures(spec.kind)[0].0;
    let prefix = format!("{}.{}", spec.kind.name(), spec.dim);
    let size = |v: &String| {
        facts
            .get(&format!("{prefix}.{v}.{first}"))
            .map_or(0.0, |f| f.value)
    };
    values.sort_by(|a, b| size(b).total_cmp(&size(a)).then_with(|| a.cmp(b)));
    values
}

/// A total row must be the year's total: the rows listed add up to the ledger's own figures.
fn check_total(
    spec: &TableSpec,
    facts: &Facts,
    values: &[String],
    file: &str,
) -> Result<(), Vec<Finding>> {
    let ledger = spec.kind.name();
    for (measure, is_rate) in facts::measures(spec.kind) {
        if *is_rate {
            continue;
        }
        let Some(total) = facts.get(&format!("{ledger}.{measure}")) else {
            continue;
        };
        let sum: f64 = values
            .iter()
            .filter_map(|v| facts.get(&format!("{ledger}.{}.{v}.{measure}", spec.dim)))
            .map(|f| f.value)
            .sum();
        if (sum - total.value).abs() > 1e-6 {
            return Err(vec![Finding::error(
                file,
                format!(
                    "表格“{ledger}.{}”各行的{measure}加起来是 {}，全年共 {}：合计行会与各行对不上",
                    spec.dim,
                    Format::Plain.apply(sum),
                    Format::Plain.apply(total.value)
                ),
            )
            .row(spec.line)
            .hint(format!(
                "有的{}没有列进“行：”，或台账里有的行没有填写“{}”；请列全，或删去“合计：”这一行",
                spec.dim, spec.dim
            ))]);
        }
    }
    Ok(())
}
