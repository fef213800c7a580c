//! Document + styles -> .docx bytes, written as WordprocessingML by hand.
//!
//! In: a [`Document`] and the [`Styles`] read from `styles/gbt9704.toml`. Out: the bytes of a
//! .docx laid out to GB/T 9704-2012 (A4, 22 lines of 28 characters, "— N —" page numbers right
//! on odd pages and left on even ones). Every layout number comes from `Styles`. The output is
//! deterministic: the same input gives byte-identical files (fixed zip dates, fixed metadata
//! dates taken from the signature). It refuses nothing: any `Document` renders.
//!
//! Parts: `package` (zip, content types, relationships, docProps), `body` (document.xml, with
//! `paragraph` for its paragraphs and runs, `table`, `red_header`, `signature`, `end_block`),
//! `stylesheet` (styles.xml), `parts` (settings, font table, footers), `theme` (the theme part), `text` (widths and title
//! breaking), `xml` (a small escaping writer).

mod body;
mod end_block;
mod package;
mod paragraph;
mod parts;
mod red_header;
mod signature;
mod stylesheet;
mod table;
mod text;
mod theme;
pub(crate) mod xml;

pub use text::title_lines;

use crate::document::Document;
use crate::styles::Styles;

pub(crate) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub(crate) const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// Relationship ids of the odd (default) and even footers in word/_rels/document.xml.rels.
pub(crate) const FOOTER_ODD_ID: &str = "rId4";
pub(crate) const FOOTER_EVEN_ID: &str = "rId5";
pub(crate) const THEME_ID: &str = "rId6";
/// The empty footer of the end block's section (no folio on it or on a blank page before it).
pub(crate) const BLANK_FOOTER_ID: &str = "rId7";

/// Renders a document as .docx bytes.
pub fn render(doc: &Document, styles: &Styles) -> Vec<u8> {
    let blank_footer = doc.end_block.is_some();
    let mut parts: Vec<(&str, Vec<u8>)> = vec![
        (
            "[Content_Types].xml",
            package::content_types_xml(blank_footer),
        ),
        ("_rels/.rels", package::package_rels_xml()),
        ("docProps/core.xml", package::core_xml(doc)),
        ("docProps/app.xml", package::app_xml()),
        ("word/document.xml", body::document_xml(doc, styles)),
        ("word/styles.xml", stylesheet::styles_xml(styles)),
        ("word/settings.xml", parts::settings_xml(styles)),
        ("word/fontTable.xml", parts::font_table_xml(styles)),
        (
            "word/footer1.xml",
            parts::footer_xml(styles, parts::Side::Right),
        ),
        (
            "word/footer2.xml",
            parts::footer_xml(styles, parts::Side::Left),
        ),
    ];
    if blank_footer {
        parts.push(("word/footer3.xml", parts::blank_footer_xml()));
    }
    parts.push(("word/theme/theme1.xml", theme::theme_xml(styles)));
    parts.push((
        "word/_rels/document.xml.rels",
        package::document_rels_xml(blank_footer),
    ));
    package::zip_parts(&parts)
}

#[cfg(test)]
mod tests;
