//! An Excel 2003 XML workbook (SpreadsheetML, "XML 电子表格"), as some office platforms save
//! under an .xls name: its `Worksheet`s, `Row`s and `Cell`s (with `ss:Index`, `ss:MergeAcross`
//! and `ss:MergeDown`) read into grids. Numbers stay numbers and ISO date-times become dates.

use super::cell::{Cell, Date};
use super::grid::{Grid, Merge, SheetGrid};
use quick_xml::events::{BytesStart, Event};

/// Whether the text is a SpreadsheetML workbook.
pub(super) fn is_spreadsheet_ml(text: &str) -> bool {
    let head: String = text.chars().take(2048).collect();
    head.contains("urn:schemas-microsoft-com:office:spreadsheet")
        || head.contains("progid=\"Excel.Sheet\"")
}

/// The cell being read: its 1-based row and column, its type and text.
struct Open {
    row: u32,
    col: u32,
    kind: String,
    text: String,
}

/// Its sheets; `Err` when the XML is broken.
pub(super) fn read(text: &str) -> Result<Vec<SheetGrid>, String> {
    let broken =
        |e: &dyn std::fmt::Display| format!("文件已损坏（XML 电子表格格式有误：{e}），无法读取");
    let mut reader = quick_xml::Reader::from_str(text);
    let mut sheets: Vec<SheetGrid> = Vec::new();
    // The last row and the last column taken (1-based; 0 before the first).
    let (mut row, mut col) = (0u32, 0u32);
    let mut cell: Option<Open> = None;
    loop {
        let event = reader.read_event().map_err(|e| broken(&e))?;
        let empty = matches!(event, Event::Empty(_));
        match &event {
            Event::Start(e) | Event::Empty(e) => match local(e).as_str() {
                "Worksheet" => {
                    let name =
                        attr(e, "Name").unwrap_or_else(|| format!("Sheet{}", sheets.len() + 1));
                    sheets.push(SheetGrid {
                        name,
                        hidden: false,
                        grid: Grid::default(),
                    });
                    row = 0;
                }
                "Row" => {
                    row = number(e, "Index").unwrap_or(row + 1);
                    col = 0;
                }
                "Cell" => {
                    let at = number(e, "Index").unwrap_or(col + 1);
                    let across = number(e, "MergeAcross").unwrap_or(0);
                    let down = number(e, "MergeDown").unwrap_or(0);
                    if let Some(s) = sheets.last_mut().filter(|_| across + down > 0) {
                        s.grid.merges.push(Merge {
                            first_row: row.saturating_sub(1),
                            first_col: at.saturating_sub(1),
                            last_row: row.saturating_sub(1) + down,
                            last_col: at.saturating_sub(1) + across,
                        });
                    }
                    col = at + across;
                    if !empty {
                        cell = Some(Open {
                            row,
                            col: at,
                            kind: String::new(),
                            text: String::new(),
                        });
                    }
                }
                "Data" => {
                    if let Some(c) = cell.as_mut() {
                        c.kind = attr(e, "Type").unwrap_or_default();
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(entity(&r.xml10_content()));
                }
            }
            Event::End(e) if e.local_name().as_ref() == "Cell" => {
                if let (Some(c), Some(s)) = (cell.take(), sheets.last_mut()) {
                    if c.row > 0 && c.col > 0 {
                        s.grid.set(c.row - 1, c.col - 1, value(&c.kind, c.text));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(sheets)
}

fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

/// An attribute by its local name (`ss:Name` is `Name`).
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name).then(|| {
            a.value
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        })
    })
}

fn number(e: &BytesStart, name: &str) -> Option<u32> {
    attr(e, name).and_then(|v| v.trim().parse().ok())
}

fn entity(name: &str) -> &'static str {
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "#10" | "#xA" | "#xa" => "\n",
        _ => "",
    }
}

/// A cell's value by its `ss:Type`: Number, DateTime ("2024-03-05T00:00:00.000"), else text.
fn value(kind: &str, text: String) -> Cell {
    match kind {
        "Number" => text
            .trim()
            .parse()
            .map_or(Cell::Text(text.into()), Cell::Number),
        "DateTime" => {
            let d: Vec<u32> = text
                .get(..10)
                .unwrap_or_default()
                .split('-')
                .filter_map(|p| p.parse().ok())
                .collect();
            match d.as_slice() {
                [y, m, day] => {
                    Date::new(*y as i32, *m, *day).map_or(Cell::Text(text.into()), Cell::Date)
                }
                _ => Cell::Text(text.into()),
            }
        }
        "Boolean" => Cell::Bool(text.trim() == "1"),
        _ => Cell::Text(text.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_rows_cells_and_merges_of_an_excel_2003_xml_workbook() {
        let xml = r#"<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="台账">
  <Table>
   <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">2024年调解台账</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">受理日期</Data></Cell><Cell><Data ss:Type="String">来源 &amp; 渠道</Data></Cell><Cell><Data ss:Type="String">调解结果</Data></Cell></Row>
   <Row><Cell><Data ss:Type="DateTime">2024-03-05T00:00:00.000</Data></Cell><Cell ss:Index="3"><Data ss:Type="String">成功</Data></Cell></Row>
   <Row ss:Index="5"><Cell><Data ss:Type="Number">12</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>"#;
        assert!(is_spreadsheet_ml(xml));
        let sheets = read(xml).unwrap();
        assert_eq!(sheets.len(), 1);
        let g = &sheets[0].grid;
        assert_eq!(sheets[0].name, "台账");
        assert_eq!(g.get(0, 0).as_text(), "2024年调解台账");
        assert_eq!(g.merges[0].last_col, 2);
        assert_eq!(g.get(1, 1).as_text(), "来源 & 渠道");
        assert!(matches!(g.get(2, 0), Cell::Date(_)));
        assert_eq!(g.get(2, 2).as_text(), "成功");
        assert!(g.get(2, 1).is_empty());
        assert!(matches!(g.get(4, 0), Cell::Number(n) if *n == 12.0));
    }
}
