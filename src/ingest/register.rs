//! The data rows of a register or count table under a found header -> records, with the totals
//! the sheet declares (合计/小计 rows, counts in section headings) kept for reconcile.

use super::cell::{parse_number, Cell};
use super::codes::decode;
use super::date_notes::DateNotes;
use super::dates::DateContext;
use super::grid::Grid;
use super::legend::Group;
use super::row::{read_row, Context};
use super::sheet::{
    committee_named, filled_in_unit, is_footer_or_skipped, labels, meaningful_sheet_name,
    split_count, title_words, total_label, village_sheet, Header, SheetResult,
};
use super::vocab::{LedgerKind, Vocabulary};
use super::{DeclaredTotal, Origin, Record};
use crate::diag::{column_letter, Finding};
use crate::text::squash;
use std::collections::BTreeMap;

/// Reads the records of one sheet whose header has been found, up to row `end` (the next
/// header) if there is one.
/// The rows under a header that are no rows of the table: footers, page numbers, notes and the
/// legend's rows.
fn outside_rows(
    grid: &Grid,
    header_last: u32,
    legend_rows: &[u32],
) -> std::collections::HashSet<u32> {
    grid.rows_from(header_last.saturating_add(1))
        .filter(|r| legend_rows.contains(r) || is_footer_or_skipped(grid, *r))
        .collect()
}

pub fn read_records(
    grid: &Grid,
    header: &Header,
    place: (&str, &str),
    (year, end): (i32, Option<u32>),
    (vocab, legends): (&Vocabulary, &[Group]),
) -> SheetResult {
    let (file, sheet) = place;
    let decoding = decode(grid, header, (place, end), legends, vocab);
    // Footers, skipped rows and legends, settled once for the folding and the reading below
    // (again after folding, which changes the rows).
    let mut outside = outside_rows(grid, header.last_row, &decoding.legend_rows);
    let folded = super::spanning::fold(grid, header, end, &|r| outside.contains(&r), vocab);
    let (grid, header) = match &folded {
        Some(f) => {
            outside = outside_rows(&f.grid, f.header.last_row, &decoding.legend_rows);
            (&f.grid, &f.header)
        }
        None => (grid, header),
    };
    let words = title_words(grid, header, file);
    // The texts above the header, without the file name title_words ends with.
    let titles = &words[..words.len().saturating_sub(1)];
    let ctx = Context {
        grid,
        header,
        // The unit of the rows: a 填报单位 line, else a sheet named after a village, else a
        // committee named in the title or the file name.
        unit: filled_in_unit(&words)
            .or_else(|| village_sheet(sheet))
            .or_else(|| committee_named(&words)),
        sheet_name: meaningful_sheet_name(sheet),
        village: words.iter().any(|t| vocab.is_village_committee(t)),
        year,
        dates: DateContext::new(titles, sheet, file),
        codes: decoding.codes,
        vocab,
    };
    let mut rows = Rows {
        ctx: &ctx,
        dates: DateNotes::default(),
        head_labels: labels(grid, header.first_row, header.last_row),
        out: SheetResult::default(),
        section: None,
        titles,
        totals: Vec::new(),
        last_total: 0,
    };
    // One record a row for most sheets: room for them made once, not doubled as they come.
    let below = grid
        .rows_from(header.last_row.saturating_add(1))
        .take_while(|r| end.is_none_or(|e| *r < e))
        .count();
    rows.out.records.reserve_exact(below);
    let (file_text, sheet_text) = (super::text(file), super::text(sheet));
    for r in grid.rows() {
        if r <= header.last_row || outside.contains(&r) {
            continue;
        }
        if end.is_some_and(|e| r >= e) {
            break;
        }
        let origin = Origin {
            file: file_text,
            sheet: sheet_text,
            row: r + 1,
            column: None,
        };
        if let Some(label) = grid.row(r).find_map(|(_, c)| total_label(c)) {
            rows.total_row(r, &origin, label.into_owned());
        } else if !rows.section_row(r, &origin) && rows.is_data(r) {
            rows.data_row(r, origin);
        }
    }
    let mut out = rows.finish(place);
    out.findings.extend(decoding.findings);
    if let Some(f) = no_outcome(header, &out, place) {
        out.findings.push(f);
    }
    if let Some(f) = &folded {
        let labels: String = f.labels.iter().map(|l| format!("“{l}”")).collect();
        let note = if labels.is_empty() {
            format!("一件占多行（{} 行是上一件的续行，已并入上一件）", f.rows)
        } else {
            format!(
                "一件占多行（{} 行是上一件的续行，已并入上一件；{labels}写在续行上）",
                f.rows
            )
        };
        out.layout = [note.as_str(), &out.layout]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("；");
    }
    for (label, legend) in &decoding.used {
        let note = format!("“{label}”一栏的代码按{legend}解释");
        out.layout = [out.layout.as_str(), &note]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("；");
    }
    out.decoded = decoding.used;
    out
}

/// The rows of one table being read.
struct Rows<'a> {
    ctx: &'a Context<'a>,
    /// Every header column's label (mapped or not).
    head_labels: BTreeMap<u32, String>,
    out: SheetResult,
    /// What the rows' dates took from the context.
    dates: DateNotes,
    /// The section row above ("婚姻家庭纠纷"), naming the rows below it.
    section: Option<String>,
    /// The texts above the header (a title repeated on a printed page is no section).
    titles: &'a [String],
    /// Totals, compared once every row is read: (total, first record it covers, records
    /// before it, is a 小计 or section).
    totals: Vec<(Pending, usize, usize, bool)>,
    last_total: usize,
}

impl Rows<'_> {
    /// A 合计/小计 row: each number in it is a declared total of its column's measure.
    fn total_row(&mut self, r: u32, origin: &Origin, label: String) {
        let header = self.ctx.header;
        // A 小计, or a month's or quarter's total, covers the rows since the last total.
        let subtotal = label.starts_with("小计")
            || ["本月", "月", "季度", "半年"]
                .iter()
                .any(|w| label.contains(w));
        for (c, cell) in self.ctx.grid.row(r) {
            let Some(n) = parse_number(cell) else {
                continue;
            };
            let field = header
                .columns
                .iter()
                .find(|(_, (fc, _))| *fc == c)
                .map(|(k, _)| *k);
            // The total of a views column (浏览次数) totals readers, not items.
            let audience = self
                .head_labels
                .get(&c)
                .is_some_and(|l| self.ctx.vocab.is_audience_measure(l));
            if field.is_none() && audience {
                continue;
            }
            let pending = Pending {
                origin: origin.clone(),
                column: Some(column_letter(c)),
                label: label.clone(),
                measure: Measure::in_total_row(field, cell),
                declared: n,
            };
            let before = self.out.records.len();
            self.totals
                .push((pending, self.last_total, before, subtotal));
        }
        self.last_total = self.out.records.len();
    }

    /// A section row ("婚姻家庭纠纷（共计：12件）" across the table) names the rows below it; a
    /// title repeated on a printed page ("……台账（续表）") is passed over. True when the row
    /// was either.
    fn section_row(&mut self, r: u32, origin: &Origin) -> bool {
        let grid = self.ctx.grid;
        // One text across the row (merged, or written in each cell): a row of two different
        // texts is settled at the second.
        let mut texts: Vec<std::borrow::Cow<str>> = Vec::new();
        for t in grid
            .row(r)
            .map(|(_, c)| c.squashed())
            .filter(|t| !t.is_empty())
        {
            if texts.last() != Some(&t) {
                if !texts.is_empty() {
                    return false;
                }
                texts.push(t);
            }
        }
        if texts.len() != 1
            || grid.row(r).count() <= 1
            || parse_number(&Cell::Text(texts[0].as_ref().into())).is_some()
        {
            return false;
        }
        if is_title(&texts[0], self.titles) {
            return true;
        }
        let (name, declared) = split_count(&texts[0]);
        close_sections(&mut self.totals, self.out.records.len());
        if let Some(n) = declared {
            let pending = Pending {
                origin: origin.clone(),
                column: None,
                label: name.clone(),
                measure: Measure::Count,
                declared: n,
            };
            self.totals
                .push((pending, self.out.records.len(), usize::MAX, true));
        }
        self.section = Some(name);
        true
    }

    /// Whether row `r` holds a record of its own: something in a mapped column, not the second
    /// row of a case merged down over two, not the header repeated (per-month blocks).
    fn is_data(&self, r: u32) -> bool {
        let (grid, header) = (self.ctx.grid, self.ctx.header);
        if header
            .columns
            .values()
            .all(|(c, _)| grid.get(r, *c).is_empty())
        {
            return false;
        }
        if continues_a_record_above(grid, header, r) {
            return false;
        }
        let repeats = header
            .columns
            .values()
            .filter(|(c, label)| {
                let text = grid.get(r, *c).squashed();
                !text.is_empty() && label.ends_with(text.as_ref())
            })
            .count();
        repeats < 2
    }

    fn data_row(&mut self, r: u32, origin: Origin) {
        match read_row(
            self.ctx,
            r,
            origin,
            (&mut self.out.findings, &mut self.dates),
        ) {
            Some(Ok(mut rec)) => {
                if let Some(name) = &self.section {
                    let key = if self.ctx.header.kind == LedgerKind::Disclosure {
                        "类别"
                    } else {
                        "类型"
                    };
                    if !rec.dims.contains_key(key) {
                        rec.dims.insert(key, name);
                    }
                }
                self.out.records.push(rec)
            }
            Some(Err(f)) => self.out.findings.push(f),
            None => {}
        }
    }

    /// Per-item counts settled, then every total compared with the rows it covers.
    fn finish(mut self, place: (&str, &str)) -> SheetResult {
        let header = self.ctx.header;
        if let Some(f) = per_item_counts(header, &mut self.out.records, place) {
            self.out.findings.push(f);
        }
        let mut sign_in = None;
        if super::meeting::is_sign_in(header) {
            let rows = std::mem::take(&mut self.out.records);
            let (sessions, findings, note) = super::meeting::sessions(rows, place);
            self.out.records = sessions;
            self.out.findings.extend(findings);
            sign_in = Some(note);
        }
        if header.kind == LedgerKind::Meeting {
            let (records, findings) = (&self.out.records, &self.out.findings);
            if let Some(f) = super::meeting::missing_attendance(records, findings, place) {
                self.out.findings.push(f);
            }
        }
        let dates = &self.ctx.dates;
        self.out
            .findings
            .extend(self.dates.findings(dates, place, self.ctx.year));
        // The reading line's note, read by workbook after the header's description.
        self.out.layout = [sign_in, self.dates.reading(dates)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("；");
        let all = self.out.records.len();
        close_sections(&mut self.totals, all);
        for (total, from, before, partial) in self.totals {
            // A 合计 covers the whole sheet, unless rows follow it (then, like a 小计, the rows
            // since the previous total).
            let range = if partial || (before < all && before > 0) {
                from..before.min(all)
            } else {
                0..all
            };
            let counted = total.measure.count(&self.out.records[range]);
            self.out.declared.push(DeclaredTotal {
                ledger: header.kind,
                origin: total.origin,
                column: total.column,
                label: total.label,
                measure: total.measure.name(header.kind).to_string(),
                declared: total.declared,
                counted,
            });
        }
        self.out
    }
}

/// In a register of one row per item (it names each item: a 标题, 当事人 or 案号, or a dated
/// 主题), a number column whose values cannot be per-item counts (most rows above 3, or a total
/// over ten a row) is not summed: each row counts once and the column is named in a warning.
fn per_item_counts(
    header: &Header,
    records: &mut [Record],
    place: (&str, &str),
) -> Option<Finding> {
    let has = |k: &str| header.columns.contains_key(k);
    let names_items = has("标题") || has("当事人") || has("案号") || (has("主题") && has("日期"));
    let key = header
        .count_column()
        .filter(|k| *k != "数量" || !has("化解数") && !has("未化解数"))?;
    if !names_items || records.is_empty() {
        return None;
    }
    let rows = records.len() as f64;
    let total: f64 = records.iter().map(|r| r.count).sum();
    let large = records.iter().filter(|r| r.count > 3.0).count() as f64;
    if large * 2.0 <= rows && total <= rows * 10.0 {
        return None;
    }
    for r in records.iter_mut() {
        r.count = 1.0;
    }
    let (col, label) = &header.columns[key];
    Some(
        Finding::warning(
            place.0,
            format!(
                "这张表一行是一项，但“{label}”一栏的数字（合计 {}，共 {} 行）不像每项的件数，没有相加，按行数统计为 {} 件",
                super::cell::format_number(total),
                records.len(),
                records.len()
            ),
        )
        .sheet(place.1)
        .column(column_letter(*col))
        .hint("如果这一栏确实是件数，请在 inputs/gongwen.toml 中写明；浏览、阅读、点击、下载次数不是件数"),
    )
}

/// A register of cases with no outcome anywhere (no 调解结果 column, none written on a case's
/// later rows): its 化解 cannot be counted, an error naming the sheet.
fn no_outcome(header: &Header, out: &SheetResult, place: (&str, &str)) -> Option<Finding> {
    let counted = header.count_column().is_some() || header.columns.contains_key("结果");
    if header.kind != LedgerKind::Mediation || counted || out.records.is_empty() {
        return None;
    }
    Some(
        Finding::error(
            place.0,
            format!(
                "这张调解台账（{} 件）没有“调解结果”一栏，也没有在各件的下一行写明调解结果，化解数无法统计",
                out.records.len()
            ),
        )
        .sheet(place.1)
        .hint("请在表中加一栏“调解结果”，逐件填写（调解成功、调解不成功、正在调解等）"),
    )
}

/// Whether row `r` continues a record above it: the row's key cell (date, else outcome, type
/// or case number) is inside a merged cell that starts on an earlier data row.
fn continues_a_record_above(grid: &Grid, header: &Header, r: u32) -> bool {
    let Some(key) = ["日期", "结果", "类型", "案号"]
        .iter()
        .find_map(|k| header.columns.get(k).map(|(c, _)| *c))
    else {
        return false;
    };
    grid.merges.iter().any(|m| {
        m.first_row > header.last_row
            && m.first_row < r
            && r <= m.last_row
            && (m.first_col..=m.last_col).contains(&key)
    })
}

/// A title repeated on a printed page: the title above the header again, or a text that names
/// a ledger ("……调解登记簿", "……台账（续表）"), not a section heading ("婚姻家庭纠纷").
fn is_title(text: &str, titles: &[String]) -> bool {
    let named = text.trim_end_matches(['）', ')', '续', '表', '（', '(']);
    titles.iter().any(|t| squash(t) == text)
        || [
            "台账", "登记", "统计", "记录", "续表", "一览", "明细", "清单", "汇总",
        ]
        .iter()
        .any(|w| text.contains(w))
        || ["表", "簿", "册"]
            .iter()
            .any(|w| named.ends_with(w) || text.ends_with(w))
}

/// Ends the open section totals at record `end`.
fn close_sections(totals: &mut [(Pending, usize, usize, bool)], end: usize) {
    for t in totals.iter_mut().filter(|t| t.2 == usize::MAX) {
        t.2 = end;
    }
}

/// A total found in a sheet, before it is compared.
struct Pending {
    origin: Origin,
    column: Option<String>,
    label: String,
    measure: Measure,
    declared: f64,
}

/// What a number in a total row adds up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Measure {
    /// Cases, meetings or items (a "145件" under any text column, or a count column).
    Count,
    Attendance,
    Resolved,
    Unresolved,
    /// How many rows: a plain number under a column that holds no count (an Excel table's
    /// SUBTOTAL(103, …) under 类别 counts its entries).
    Rows,
}

impl Measure {
    /// What a number in a total row totals: its column's measure; a plain number under a
    /// column of words (not "145件", which names its unit) counts that column's rows.
    fn in_total_row(field: Option<&str>, cell: &Cell) -> Measure {
        let counts = field.is_some_and(super::vocab::is_count_field);
        if field.is_some() && !counts && matches!(cell, Cell::Number(_)) {
            Measure::Rows
        } else {
            Measure::of(field)
        }
    }

    fn of(field: Option<&str>) -> Measure {
        match field {
            Some("人数") => Measure::Attendance,
            Some("化解数") => Measure::Resolved,
            Some("未化解数") => Measure::Unresolved,
            _ => Measure::Count,
        }
    }

    pub(super) fn name(self, kind: LedgerKind) -> &'static str {
        match self {
            Measure::Count => match kind {
                LedgerKind::Mediation => "件数",
                LedgerKind::Meeting => "次数",
                LedgerKind::Disclosure => "件次",
            },
            Measure::Attendance => "参会人数",
            Measure::Resolved => "化解数",
            Measure::Unresolved => "未化解数",
            Measure::Rows => "行数",
        }
    }

    pub(super) fn count(self, records: &[Record]) -> f64 {
        records
            .iter()
            .map(|r| match self {
                Measure::Count => r.count,
                Measure::Attendance => r.attendance.unwrap_or(0.0),
                Measure::Resolved => r.resolved.unwrap_or(0.0),
                Measure::Unresolved => r.count - r.resolved.unwrap_or(0.0),
                Measure::Rows => 1.0,
            })
            .sum()
    }
}
