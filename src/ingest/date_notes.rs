//! What a sheet's rows took from their date context, said to the clerk: the reading line's note
//! (where the year or month came from), a warning for rows whose date cannot be settled and one
//! for rows whose month differs from the month the sheet is named after.

use super::cell::Date;
use super::dates::{DateContext, RowDate};
use crate::diag::Finding;

/// What the rows of one sheet took from the context, for its reading line and findings.
#[derive(Debug, Default)]
pub(super) struct DateNotes {
    /// A row's year, or month, came from the context.
    pub(super) year_used: bool,
    pub(super) month_used: bool,
    /// Rows (as Excel shows them) whose month no cell or context gives, with the year if known.
    pub(super) unsettled: Vec<(u32, Option<i32>)>,
    /// Rows whose own month differs from the context's.
    pub(super) conflicts: Vec<u32>,
}

impl DateNotes {
    /// Takes note of one row's date; returns the date to count it under. A row whose month
    /// cannot be found has no date, unless its year is known and is not the report year: then
    /// it is dated 1 January of that year, so that it is not counted in the report year.
    pub(super) fn note(&mut self, row: u32, read: &RowDate, year: i32) -> Option<Date> {
        match read {
            RowDate::Blank | RowDate::Unreadable => None,
            RowDate::Dated {
                date,
                from_context,
                conflict,
            } => {
                self.year_used |= from_context.0;
                self.month_used |= from_context.1;
                if conflict.is_some() {
                    self.conflicts.push(row);
                }
                Some(*date)
            }
            RowDate::Unsettled(known) => {
                self.unsettled.push((row, *known));
                known
                    .filter(|y| *y != year)
                    .and_then(|y| Date::new(y, 1, 1))
            }
        }
    }

    /// The reading line's note: "日期中没写的年份取自文件夹名称“2024年”，月份取自工作表名称“3月”".
    pub(super) fn reading(&self, ctx: &DateContext) -> Option<String> {
        let mut used = Vec::new();
        if let Some(g) = ctx.year.as_ref().filter(|_| self.year_used) {
            used.push(format!("年份取自{}", g.place));
        }
        if let Some(g) = ctx.month.as_ref().filter(|_| self.month_used) {
            used.push(format!("月份取自{}", g.place));
        }
        (!used.is_empty()).then(|| format!("日期中没写的{}", used.join("，")))
    }

    /// A warning for the rows whose date cannot be settled, and one for the rows whose month
    /// differs from the month the sheet is named after.
    pub(super) fn findings(
        &self,
        ctx: &DateContext,
        place: (&str, &str),
        year: i32,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        let rows = crate::diag::row_list;
        if let Some(&(first, _)) = self.unsettled.first() {
            let list: Vec<u32> = self.unsettled.iter().map(|(r, _)| *r).collect();
            let other: Vec<i32> = self
                .unsettled
                .iter()
                .filter_map(|(_, y)| y.filter(|y| *y != year))
                .collect();
            let counted = match other.first() {
                Some(y) if other.len() == list.len() => format!("这些行属于 {y} 年，未计入统计"),
                _ => "已按无日期计入统计".to_string(),
            };
            out.push(
                Finding::warning(
                    place.0,
                    format!(
                        "{} 行的日期只写了日（或年份），单元格、工作表名称、标题、文件名和文件夹名称都没有写月份，无法确定是哪一天，{counted}（{}）",
                        list.len(),
                        rows(&list)
                    ),
                )
                .sheet(place.1)
                .row(first)
                .hint("请把日期写完整，例如 2024年3月5日；或在工作表名称或标题中写明月份，例如“3月”"),
            );
        }
        let overruled = [
            ctx.year
                .as_ref()
                .zip(ctx.other_year.as_ref())
                .filter(|_| self.year_used)
                .map(|(g, o)| {
                    (
                        g.place.clone(),
                        format!("{} 年", g.value),
                        o.place.clone(),
                        format!("{} 年", o.value),
                    )
                }),
            ctx.month
                .as_ref()
                .zip(ctx.other_month.as_ref())
                .filter(|_| self.month_used)
                .map(|(g, o)| {
                    (
                        g.place.clone(),
                        format!("{} 月", g.value),
                        o.place.clone(),
                        format!("{} 月", o.value),
                    )
                }),
        ];
        for (near, value, far, other) in overruled.into_iter().flatten() {
            out.push(
                Finding::warning(
                    place.0,
                    format!(
                        "日期中没写的部分按{near}取为 {value}，但{far}写的是 {other}；已按{near}统计"
                    ),
                )
                .sheet(place.1)
                .hint("请核对这张表属于哪一年哪一月，并改正标题、工作表名称或文件名中写错的一处"),
            );
        }
        if let (Some(&first), Some(g)) = (self.conflicts.first(), ctx.month.as_ref()) {
            out.push(
                Finding::warning(
                    place.0,
                    format!(
                        "{} 行的日期不是 {} 月，与{}不一致，已按单元格中的日期统计（{}）",
                        self.conflicts.len(),
                        g.value,
                        g.place,
                        rows(&self.conflicts)
                    ),
                )
                .sheet(place.1)
                .row(first)
                .hint("请核对这些行的日期；如果它们属于别的月份，请移到对应月份的工作表"),
            );
        }
        out
    }
}
