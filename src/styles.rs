//! Layout settings read from `styles/gbt9704.toml`, and the Word units derived from them.
//!
//! In: a TOML file (millimetres, points, character counts). Out: [`Styles`], whose methods give
//! twips and half-points for the renderer. Refuses a file with a missing or out-of-range number.

use serde::Deserialize;
use std::path::Path;

/// The styles shipped with gongwen, used when no `styles/gbt9704.toml` is found.
pub const BUILTIN_GBT9704: &str = include_str!("../styles/gbt9704.toml");

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Styles {
    pub page: Page,
    pub grid: Grid,
    pub fonts: Fonts,
    pub title: TextStyle,
    pub addressee: TextStyle,
    pub body: Body,
    pub heading1: TextStyle,
    pub heading2: TextStyle,
    pub heading3: TextStyle,
    pub heading4: TextStyle,
    pub signature: SignatureStyle,
    pub page_number: PageNumber,
    /// Tables of figures; a styles file written before tables existed gets the built-in look.
    #[serde(default = "builtin_table")]
    pub table: TableStyle,
    /// The red header of a formal document (版头).
    #[serde(default = "builtin_red_header")]
    pub red_header: RedHeaderStyle,
    /// The end block (版记).
    #[serde(default = "builtin_end_block")]
    pub end_block: EndBlockStyle,
}

/// The look of the red header (GB/T 9704 7.2).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RedHeaderStyle {
    /// 发文机关标志.
    pub font: String,
    /// Its size; a mark too wide for the text block is narrowed (character scale), not wrapped.
    pub size_pt: f64,
    /// RGB in hex, "FF0000".
    pub color: String,
    /// From the top of the text block to the top of the mark.
    pub top_mm: f64,
    /// The red rule under the 发文字号: its distance below the number and its weight.
    pub rule_below_mm: f64,
    pub rule_pt: f64,
    /// 签发人's name (the label stays in the body font).
    pub signer_font: String,
}

/// The look of the end block (GB/T 9704 7.4).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EndBlockStyle {
    pub font: String,
    pub size_pt: f64,
    /// The first and last rules, and those between.
    pub heavy_rule_mm: f64,
    pub light_rule_mm: f64,
    /// 抄送 and 印发机关 stand this many characters in from the edges.
    pub indent_chars: u32,
}

fn builtin_red_header() -> RedHeaderStyle {
    Styles::builtin().red_header
}

fn builtin_end_block() -> EndBlockStyle {
    Styles::builtin().end_block
}

/// The look of a table of figures.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TableStyle {
    /// Cells.
    pub font: String,
    /// The header row.
    pub header_font: String,
    pub size_pt: f64,
    /// Ruled lines around and inside the table, in points.
    pub border_pt: f64,
}

fn builtin_table() -> TableStyle {
    Styles::builtin().table
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub width_mm: f64,
    pub height_mm: f64,
    pub margin_top_mm: f64,
    pub margin_bottom_mm: f64,
    pub margin_left_mm: f64,
    pub margin_right_mm: f64,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    pub lines_per_page: u32,
    pub chars_per_line: u32,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    pub latin: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TextStyle {
    pub font: String,
    pub size_pt: f64,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub blank_lines_after: u32,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub font: String,
    pub size_pt: f64,
    pub first_line_indent_chars: u32,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SignatureStyle {
    pub font: String,
    pub size_pt: f64,
    pub blank_lines_before: u32,
    pub date_right_indent_chars: u32,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PageNumber {
    pub font: String,
    pub size_pt: f64,
    pub dash: String,
    pub indent_chars: u32,
    pub below_text_mm: f64,
}

/// Twips (1/20 pt) in one millimetre.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

/// Millimetres to twips, rounded to the nearest twip.
pub fn mm_to_twips(mm: f64) -> i64 {
    (mm * TWIPS_PER_MM).round() as i64
}

impl Styles {
    /// Reads and checks a styles file. The error is a Chinese sentence naming the file.
    pub fn load(path: &Path) -> Result<Styles, String> {
        let bytes = crate::input::read_regular(path, crate::input::MAX_TEXT_BYTES)
            .map_err(|e| format!("无法读取版式文件 {}：{}", path.display(), e))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("版式文件 {} 不是 UTF-8 文本", path.display()))?;
        Styles::parse(&text).map_err(|e| format!("版式文件 {} 有误：{}", path.display(), e))
    }

    /// Parses styles from TOML text and checks that the numbers make a usable page.
    pub fn parse(text: &str) -> Result<Styles, String> {
        let s: Styles = toml::from_str(text).map_err(|e| e.to_string())?;
        s.check()?;
        Ok(s)
    }

    /// The GB/T 9704 styles built into the program.
    #[allow(clippy::expect_used)] // compiled-in data, parsed by every test run
    pub fn builtin() -> Styles {
        Styles::parse(BUILTIN_GBT9704).expect("the built-in styles file is valid")
    }

    fn check(&self) -> Result<(), String> {
        let p = &self.page;
        if self.text_width_mm() <= 0.0 || self.text_height_mm() <= 0.0 {
            return Err("页边距大于纸张，版心为空".into());
        }
        if self.grid.lines_per_page == 0 || self.grid.chars_per_line == 0 {
            return Err("每页行数和每行字数必须大于 0".into());
        }
        let sizes = [
            self.title.size_pt,
            self.addressee.size_pt,
            self.body.size_pt,
            self.heading1.size_pt,
            self.heading2.size_pt,
            self.heading3.size_pt,
            self.heading4.size_pt,
            self.signature.size_pt,
            self.page_number.size_pt,
            self.table.size_pt,
            self.red_header.size_pt,
            self.end_block.size_pt,
        ];
        if sizes.iter().any(|s| !(*s >= 5.0 && *s <= 72.0)) {
            return Err("字号须在 5 到 72 磅之间".into());
        }
        if !(self.table.border_pt >= 0.25 && self.table.border_pt <= 6.0) {
            return Err("表格线宽须在 0.25 到 6 磅之间".into());
        }
        let rules = [self.end_block.heavy_rule_mm, self.end_block.light_rule_mm];
        if rules.iter().any(|r| !(*r >= 0.1 && *r <= 2.0)) {
            return Err("版记分隔线须在 0.1 到 2 毫米之间".into());
        }
        if !(self.red_header.rule_pt >= 0.25 && self.red_header.rule_pt <= 6.0) {
            return Err("红色分隔线宽须在 0.25 到 6 磅之间".into());
        }
        let c = &self.red_header.color;
        if c.len() != 6 || !c.chars().all(|ch| ch.is_ascii_hexdigit()) {
            return Err(format!("版头颜色“{c}”须写成六位十六进制，如 FF0000"));
        }
        if !(0.0..=100.0).contains(&self.red_header.top_mm)
            || !(0.0..=20.0).contains(&self.red_header.rule_below_mm)
        {
            return Err("版头位置须在版心之内（top_mm 0 到 100，rule_below_mm 0 到 20）".into());
        }
        if p.width_mm <= 0.0 || p.height_mm <= 0.0 {
            return Err("纸张尺寸必须大于 0".into());
        }
        Ok(())
    }

    pub fn text_width_mm(&self) -> f64 {
        self.page.width_mm - self.page.margin_left_mm - self.page.margin_right_mm
    }

    pub fn text_height_mm(&self) -> f64 {
        self.page.height_mm - self.page.margin_top_mm - self.page.margin_bottom_mm
    }

    /// Exact line pitch in twips so that `lines_per_page` lines fit the text block (rounded down).
    pub fn line_pitch_twips(&self) -> i64 {
        let height = self.text_height_mm() * TWIPS_PER_MM;
        (height / self.grid.lines_per_page as f64).floor() as i64
    }

    /// Run character spacing of body text in twips (may be negative) so that `chars_per_line`
    /// characters of the body size fit the text width (rounded down so they always fit).
    pub fn body_char_spacing_twips(&self) -> i64 {
        let width_pt = self.text_width_mm() * TWIPS_PER_MM / 20.0;
        let per_char = width_pt / self.grid.chars_per_line as f64;
        ((per_char - self.body.size_pt) * 20.0).floor() as i64
    }

    /// The width of one body character in twips, spacing included.
    pub fn body_char_twips(&self) -> i64 {
        (self.body.size_pt * 20.0).round() as i64 + self.body_char_spacing_twips()
    }

    /// Footer distance from the bottom edge (twips): the folio line's top sits `below_text_mm`
    /// under the text block.
    pub fn footer_distance_twips(&self) -> i64 {
        let top_of_folio = mm_to_twips(self.page.margin_bottom_mm - self.page_number.below_text_mm);
        top_of_folio - (self.page_number.size_pt * 20.0).round() as i64
    }
}

/// Points to half-points (the unit of `w:sz`).
pub fn half_points(pt: f64) -> i64 {
    (pt * 2.0).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_styles_give_the_standard_grid() {
        let s = Styles::builtin();
        assert_eq!(mm_to_twips(s.page.margin_top_mm), 2098);
        assert_eq!(mm_to_twips(s.page.margin_left_mm), 1587);
        assert_eq!(s.line_pitch_twips(), 579);
        assert_eq!(s.body_char_spacing_twips(), -5);
        assert_eq!(s.footer_distance_twips(), 1307);
    }

    #[test]
    fn margins_wider_than_the_page_are_refused() {
        let text = BUILTIN_GBT9704.replace("margin_left_mm = 28", "margin_left_mm = 200");
        let err = Styles::parse(&text).unwrap_err();
        assert!(err.contains("版心"), "{err}");
    }
}
