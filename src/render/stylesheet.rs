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
    let latin = styles.fonts.latin.as_str();
    let pitch = styles.line_pitch_twips();
    let spacing = styles.body_char_spacing_twips();
    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", W_NS)]);

    // Document defaults.
    x.open("w:docDefaults", &[])
        .open("w:rPrDefault", &[])
        .open("w:rPr", &[]);
    write_fonts(&mut x, latin, &styles.body.font);
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
    write_exact_spacing(&mut x, pitch);
    x.close("w:pPr")
        .close("w:pPrDefault")
        .close("w:docDefaults");

    // Normal: body text.
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
    write_exact_spacing(&mut x, pitch);
    let (chars, twips) = body_indent_attrs(styles);
    x.empty(
        "w:ind",
        &[("w:firstLineChars", &chars), ("w:firstLine", &twips)],
    );
    x.empty("w:jc", &[("w:val", "both")]);
    x.close("w:pPr");
    let body = RunLook {
        east_asia: &styles.body.font,
        size_pt: styles.body.size_pt,
        bold: false,
        spacing,
    };
    write_rpr(&mut x, latin, &body);
    x.close("w:style");

    // Title.
    style_head(
        &mut x,
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
    no_indent(&mut x);
    x.empty("w:jc", &[("w:val", "center")]);
    x.close("w:pPr");
    write_rpr(&mut x, latin, &look(&styles.title, 0));
    x.close("w:style");

    // Headings 1..4.
    let headings = [
        &styles.heading1,
        &styles.heading2,
        &styles.heading3,
        &styles.heading4,
    ];
    for (i, h) in headings.iter().enumerate() {
        let level = i as u8 + 1;
        let name = format!("heading {level}");
        style_head(
            &mut x,
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
        write_rpr(&mut x, latin, &look(h, spacing));
        x.close("w:style");
    }

    // Run-in leads ("1.标题。" at the start of a paragraph), one per heading level.
    for (i, h) in headings.iter().enumerate() {
        let level = i as u8 + 1;
        let name = format!("lead {level}");
        style_head(&mut x, "character", &lead_style(level), &name, None, None);
        write_rpr(&mut x, latin, &look(h, spacing));
        x.close("w:style");
    }

    // Addressee: flush left.
    style_head(
        &mut x,
        "paragraph",
        ADDRESSEE,
        "Addressee",
        Some("Normal"),
        Some("Normal"),
    );
    x.open("w:pPr", &[]);
    no_indent(&mut x);
    x.empty("w:jc", &[("w:val", "left")]);
    x.close("w:pPr");
    write_rpr(&mut x, latin, &look(&styles.addressee, spacing));
    x.close("w:style");

    // Signature: right-aligned; each paragraph sets its own right indent.
    style_head(
        &mut x,
        "paragraph",
        SIGNATURE,
        "Signature",
        Some("Normal"),
        Some("Normal"),
    );
    x.open("w:pPr", &[]);
    no_indent(&mut x);
    x.empty("w:jc", &[("w:val", "right")]);
    x.close("w:pPr");
    let sig = RunLook {
        east_asia: &styles.signature.font,
        size_pt: styles.signature.size_pt,
        bold: false,
        spacing,
    };
    write_rpr(&mut x, latin, &sig);
    x.close("w:style");

    // Footer: the page number, one exact line as tall as its font.
    let pn = &styles.page_number;
    style_head(&mut x, "paragraph", FOOTER, "footer", Some("Normal"), None);
    x.open("w:pPr", &[]);
    x.empty("w:snapToGrid", &[("w:val", "0")]);
    write_exact_spacing(&mut x, (pn.size_pt * 20.0).round() as i64);
    no_indent(&mut x);
    x.empty("w:jc", &[("w:val", "right")]);
    x.close("w:pPr");
    write_rpr(
        &mut x,
        latin,
        &RunLook {
            east_asia: &pn.font,
            size_pt: pn.size_pt,
            bold: false,
            spacing: 0,
        },
    );
    x.close("w:style");

    x.close("w:styles");
    x.into_bytes()
}
