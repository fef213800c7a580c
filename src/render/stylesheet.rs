//! word/styles.xml: document defaults and the named styles the body uses.
//!
//! Every style names its fonts itself (ascii/hAnsi = the Latin font, eastAsia = the style's
//! Chinese font, hint eastAsia) so nothing falls back to theme fonts. Styles with body-size
//! Chinese text close up by the body character spacing so a line holds `chars_per_line`
//! characters; the title keeps natural spacing.

use super::xml::Xml;
use super::W_NS;
use crate::styles::{half_points, Styles, TextStyle};

/// Style ids used by document.xml and the footers.
pub(crate) const TITLE: &str = "Title";
pub(crate) const ADDRESSEE: &str = "Addressee";
pub(crate) const SIGNATURE: &str = "Signature";
pub(crate) const FOOTER: &str = "Footer";
pub(crate) const ATTACHMENT_MARK: &str = "AttachmentMark";
pub(crate) const TABLE_TEXT: &str = "TableText";
pub(crate) const TABLE_HEADER: &str = "TableHeader";
pub(crate) const TABLE_CAPTION: &str = "TableCaption";
pub(crate) const RED_MARK: &str = "RedHeaderMark";
pub(crate) const DOC_NUMBER: &str = "DocumentNumber";
pub(crate) const END_BLOCK: &str = "EndBlock";

/// Paragraph style id of a heading level (clamped to 1..=4).
pub(crate) fn heading_style(level: u8) -> String {
    format!("Heading{}", level.clamp(1, 4))
}

/// Character style id of a run-in lead of a level (clamped to 1..=4).
pub(crate) fn lead_style(level: u8) -> String {
    format!("Lead{}", level.clamp(1, 4))
}

/// How a style's runs look.
pub(crate) struct RunLook<'a> {
    pub east_asia: &'a str,
    pub size_pt: f64,
    pub bold: bool,
    /// Character spacing in twips, always written so a based-on style's spacing never leaks in.
    pub spacing: i64,
}

/// Writes `w:rPr` with the fonts, bold, spacing and size, in schema order.
pub(crate) fn write_rpr(x: &mut Xml, latin: &str, look: &RunLook) {
    x.open("w:rPr", &[]);
    write_fonts(x, latin, look.east_asia);
    if look.bold {
        x.empty("w:b", &[]).empty("w:bCs", &[]);
    }
    x.empty("w:spacing", &[("w:val", &look.spacing.to_string())]);
    let sz = half_points(look.size_pt).to_string();
    x.empty("w:sz", &[("w:val", &sz)])
        .empty("w:szCs", &[("w:val", &sz)]);
    x.close("w:rPr");
}

fn write_fonts(x: &mut Xml, latin: &str, east_asia: &str) {
    x.empty(
        "w:rFonts",
        &[
            ("w:ascii", latin),
            ("w:hAnsi", latin),
            ("w:eastAsia", east_asia),
            ("w:cs", latin),
            ("w:hint", "eastAsia"),
        ],
    );
}

/// Exact line spacing with nothing before or after.
pub(crate) fn write_exact_spacing(x: &mut Xml, line_twips: i64) {
    x.empty(
        "w:spacing",
        &[
            ("w:before", "0"),
            ("w:after", "0"),
            ("w:line", &line_twips.to_string()),
            ("w:lineRule", "exact"),
        ],
    );
}

/// Body text: its font and size, closed up to `chars_per_line` characters a line.
fn body_look(styles: &Styles) -> RunLook<'_> {
    RunLook {
        east_asia: &styles.body.font,
        size_pt: styles.body.size_pt,
        bold: false,
        spacing: styles.body_char_spacing_twips(),
    }
}

fn look(style: &TextStyle, spacing: i64) -> RunLook<'_> {
    RunLook {
        east_asia: &style.font,
        size_pt: style.size_pt,
        bold: style.bold,
        spacing,
    }
}

/// Starts a `w:style`: name, basedOn, next, qFormat.
fn style_head(
    x: &mut Xml,
    kind: &str,
    id: &str,
    name: &str,
    based_on: Option<&str>,
    next: Option<&str>,
) {
    x.open("w:style", &[("w:type", kind), ("w:styleId", id)]);
    x.empty("w:name", &[("w:val", name)]);
    if let Some(b) = based_on {
        x.empty("w:basedOn", &[("w:val", b)]);
    }
    if let Some(n) = next {
        x.empty("w:next", &[("w:val", n)]);
    }
    x.empty("w:qFormat", &[]);
}

/// No first-line indent (overrides the body's two characters, in both units).
fn no_indent(x: &mut Xml) {
    x.empty("w:ind", &[("w:firstLineChars", "0"), ("w:firstLine", "0")]);
}

/// The two-character first-line indent of body text: `firstLineChars` for Word, `firstLine` in
/// twips (body characters, spacing included) for readers that ignore the former.
pub(crate) fn body_indent_attrs(styles: &Styles) -> (String, String) {
    let chars = styles.body.first_line_indent_chars as i64;
    (
        (chars * 100).to_string(),
        (chars * styles.body_char_twips()).to_string(),
    )
}

/// word/styles.xml
pub(crate) fn styles_xml(styles: &Styles) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", W_NS)]);
    write_doc_defaults(&mut x, styles);
    write_normal_style(&mut x, styles);
    write_title_style(&mut x, styles);
    write_heading_styles(&mut x, styles);
    write_lead_styles(&mut x, styles);
    write_addressee_style(&mut x, styles);
    write_signature_style(&mut x, styles);
    write_footer_style(&mut x, styles);
    write_attachment_and_table_styles(&mut x, styles);
    write_formal_styles(&mut x, styles);
    x.close("w:styles");
    x.into_bytes()
}

/// Document defaults: the body fonts, size and languages, and exact line spacing at the pitch.
fn write_doc_defaults(x: &mut Xml, styles: &Styles) {
    x.open("w:docDefaults", &[])
        .open("w:rPrDefault", &[])
        .open("w:rPr", &[]);
    write_fonts(x, &styles.fonts.latin, &styles.body.font);
    let sz = half_points(styles.body.size_pt).to_string();
    x.empty("w:sz", &[("w:val", &sz)])
        .empty("w:szCs", &[("w:val", &sz)]);
    x.empty(
        "w:lang",
        &[
            ("w:val", "en-US"),
            ("w:eastAsia", "zh-CN"),
            ("w:bidi", "ar-SA"),
        ],
    );
    x.close("w:rPr").close("w:rPrDefault");
    x.open("w:pPrDefault", &[]).open("w:pPr", &[]);
    write_exact_spacing(x, styles.line_pitch_twips());
    x.close("w:pPr")
        .close("w:pPrDefault")
        .close("w:docDefaults");
}

/// Normal: body text.
fn write_normal_style(x: &mut Xml, styles: &Styles) {
    x.open(
        "w:style",
        &[
            ("w:type", "paragraph"),
            ("w:default", "1"),
            ("w:styleId", "Normal"),
        ],
    );
    x.empty("w:name", &[("w:val", "Normal")])
        .empty("w:qFormat", &[]);
    x.open("w:pPr", &[]);
    // No widow/orphan control: every full page holds exactly `lines_per_page` lines.
    x.empty("w:widowControl", &[("w:val", "0")]);
    // Punctuation may not hang past the text block, and no extra space is put between Chinese
    // and Latin text or digits: both would break the `chars_per_line` grid.
    x.empty("w:overflowPunct", &[("w:val", "0")]);
    x.empty("w:autoSpaceDE", &[("w:val", "0")])
        .empty("w:autoSpaceDN", &[("w:val", "0")]);
    write_exact_spacing(x, styles.line_pitch_twips());
    let (chars, twips) = body_indent_attrs(styles);
    x.empty(
        "w:ind",
        &[("w:firstLineChars", &chars), ("w:firstLine", &twips)],
    );
    x.empty("w:jc", &[("w:val", "both")]);
    x.close("w:pPr");
    write_rpr(x, &styles.fonts.latin, &body_look(styles));
    x.close("w:style");
}

/// Title: centred, with natural character spacing.
fn write_title_style(x: &mut Xml, styles: &Styles) {
    style_head(
        x,
        "paragraph",
        TITLE,
        "Title",
        Some("Normal"),
        Some("Normal"),
    );
    x.open("w:pPr", &[]);
    // Off the line grid: LibreOffice gives a line taller than the grid pitch two grid lines; the
    // exact line spacing already keeps each title line one pitch high.
    x.empty("w:snapToGrid", &[("w:val", "0")]);
    no_indent(x);
    x.empty("w:jc", &[("w:val", "center")]);
    x.close("w:pPr");
    write_rpr(x, &styles.fonts.latin, &look(&styles.title, 0));
    x.close("w:style");
}

/// The text styles of heading levels 1..=4, in order.
fn heading_looks(styles: &Styles) -> [&TextStyle; 4] {
    [
        &styles.heading1,
        &styles.heading2,
        &styles.heading3,
        &styles.heading4,
    ]
}

/// Headings 1..4.
fn write_heading_styles(x: &mut Xml, styles: &Styles) {
    let spacing = styles.body_char_spacing_twips();
    for (i, h) in heading_looks(styles).iter().enumerate() {
        let level = i as u8 + 1;
        let name = format!("heading {level}");
        style_head(
            x,
            "paragraph",
            &heading_style(level),
            &name,
            Some("Normal"),
            Some("Normal"),
        );
        // No keep-with-next: every page keeps its 22 lines (GB/T 9704 5.2.3), even when a
        // heading falls on the last one.
        x.open("w:pPr", &[]);
        x.empty("w:outlineLvl", &[("w:val", &i.to_string())]);
        x.close("w:pPr");
        write_rpr(x, &styles.fonts.latin, &look(h, spacing));
        x.close("w:style");
    }
}

/// Run-in leads ("1.标题。" at the start of a paragraph), one per heading level.
fn write_lead_styles(x: &mut Xml, styles: &Styles) {
    let spacing = styles.body_char_spacing_twips();
    for (i, h) in heading_looks(styles).iter().enumerate() {
        let level = i as u8 + 1;
        let name = format!("lead {level}");
        style_head(x, "character", &lead_style(level), &name, None, None);
        write_rpr(x, &styles.fonts.latin, &look(h, spacing));
        x.close("w:style");
    }
}

/// A paragraph style based on Normal with no first-line indent and its own alignment.
fn write_unindented_style(x: &mut Xml, id: &str, jc: &str, latin: &str, run: &RunLook) {
    style_head(x, "paragraph", id, id, Some("Normal"), Some("Normal"));
    x.open("w:pPr", &[]);
    no_indent(x);
    x.empty("w:jc", &[("w:val", jc)]);
    x.close("w:pPr");
    write_rpr(x, latin, run);
    x.close("w:style");
}

/// Addressee: flush left.
fn write_addressee_style(x: &mut Xml, styles: &Styles) {
    let addressee = look(&styles.addressee, styles.body_char_spacing_twips());
    write_unindented_style(x, ADDRESSEE, "left", &styles.fonts.latin, &addressee);
}

/// Signature: right-aligned; each paragraph sets its own right indent.
fn write_signature_style(x: &mut Xml, styles: &Styles) {
    let sig = RunLook {
        east_asia: &styles.signature.font,
        size_pt: styles.signature.size_pt,
        bold: false,
        spacing: styles.body_char_spacing_twips(),
    };
    write_unindented_style(x, SIGNATURE, "right", &styles.fonts.latin, &sig);
}

/// "附件1" (flush left in the level-1 heading's 黑体), and the table's cells, header and
/// caption (centred).
fn write_attachment_and_table_styles(x: &mut Xml, styles: &Styles) {
    let spacing = styles.body_char_spacing_twips();
    let latin = &styles.fonts.latin;
    write_unindented_style(
        x,
        ATTACHMENT_MARK,
        "left",
        latin,
        &look(&styles.heading1, spacing),
    );
    let t = &styles.table;
    let cell = |font| RunLook {
        east_asia: font,
        size_pt: t.size_pt,
        bold: false,
        spacing: 0,
    };
    write_unindented_style(x, TABLE_TEXT, "center", latin, &cell(&t.font));
    write_unindented_style(x, TABLE_HEADER, "center", latin, &cell(&t.header_font));
    let caption = RunLook {
        east_asia: &t.header_font,
        size_pt: styles.body.size_pt,
        bold: false,
        spacing,
    };
    write_unindented_style(x, TABLE_CAPTION, "center", latin, &caption);
}

/// Footer: the page number, one exact line as tall as its font.
fn write_footer_style(x: &mut Xml, styles: &Styles) {
    let pn = &styles.page_number;
    style_head(x, "paragraph", FOOTER, "footer", Some("Normal"), None);
    x.open("w:pPr", &[]);
    x.empty("w:snapToGrid", &[("w:val", "0")]);
    write_exact_spacing(x, (pn.size_pt * 20.0).round() as i64);
    no_indent(x);
    x.empty("w:jc", &[("w:val", "right")]);
    x.close("w:pPr");
    write_rpr(
        x,
        &styles.fonts.latin,
        &RunLook {
            east_asia: &pn.font,
            size_pt: pn.size_pt,
            bold: false,
            spacing: 0,
        },
    );
    x.close("w:style");
}

/// The red header's organ mark (red, off the line grid), the 发文字号 line and the end block.
fn write_formal_styles(x: &mut Xml, styles: &Styles) {
    let latin = &styles.fonts.latin;
    let h = &styles.red_header;
    style_head(
        x,
        "paragraph",
        RED_MARK,
        RED_MARK,
        Some("Normal"),
        Some("Normal"),
    );
    x.open("w:pPr", &[]);
    x.empty("w:snapToGrid", &[("w:val", "0")]);
    write_exact_spacing(x, (h.size_pt * 20.0).round() as i64);
    no_indent(x);
    x.empty("w:jc", &[("w:val", "center")]);
    x.close("w:pPr");
    x.open("w:rPr", &[]);
    write_fonts(x, latin, &h.font);
    x.empty("w:color", &[("w:val", &h.color)]);
    x.empty("w:spacing", &[("w:val", "0")]);
    let sz = half_points(h.size_pt).to_string();
    x.empty("w:sz", &[("w:val", &sz)])
        .empty("w:szCs", &[("w:val", &sz)]);
    x.close("w:rPr");
    x.close("w:style");

    write_unindented_style(x, DOC_NUMBER, "center", latin, &body_look(styles));
    let e = &styles.end_block;
    let end = RunLook {
        east_asia: &e.font,
        size_pt: e.size_pt,
        bold: false,
        spacing: 0,
    };
    write_unindented_style(x, END_BLOCK, "left", latin, &end);
}
