//! The OPC package: content types, relationships, document properties, and the zip itself.
//!
//! Entries are written in a fixed order, deflated, dated 1980-01-01 00:00:00, so the same parts
//! always give the same bytes.

use super::xml::Xml;
use super::{BLANK_FOOTER_ID, FOOTER_EVEN_ID, FOOTER_ODD_ID, THEME_ID};
use crate::document::Document;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

const CT_NS: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WML_CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// [Content_Types].xml
pub(crate) fn content_types_xml(blank_footer: bool) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("Types", &[("xmlns", CT_NS)]);
    x.empty(
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    );
    x.empty(
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    );
    let mut overrides = vec![
        ("/word/document.xml", format!("{WML_CT}.document.main+xml")),
        ("/word/styles.xml", format!("{WML_CT}.styles+xml")),
        ("/word/settings.xml", format!("{WML_CT}.settings+xml")),
        ("/word/fontTable.xml", format!("{WML_CT}.fontTable+xml")),
        ("/word/footer1.xml", format!("{WML_CT}.footer+xml")),
        ("/word/footer2.xml", format!("{WML_CT}.footer+xml")),
        (
            "/word/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml".to_string(),
        ),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
    ];
    if blank_footer {
        overrides.insert(6, ("/word/footer3.xml", format!("{WML_CT}.footer+xml")));
    }
    for (part, ct) in &overrides {
        x.empty("Override", &[("PartName", part), ("ContentType", ct)]);
    }
    x.close("Types");
    x.into_bytes()
}

fn relationships(rels: &[(&str, String, &str)]) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", REL_NS)]);
    for (id, kind, target) in rels {
        x.empty(
            "Relationship",
            &[("Id", id), ("Type", kind), ("Target", target)],
        );
    }
    x.close("Relationships");
    x.into_bytes()
}

/// _rels/.rels
pub(crate) fn package_rels_xml() -> Vec<u8> {
    relationships(&[
        (
            "rId1",
            format!("{OFFICE_REL}/officeDocument"),
            "word/document.xml",
        ),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                .to_string(),
            "docProps/core.xml",
        ),
        (
            "rId3",
            format!("{OFFICE_REL}/extended-properties"),
            "docProps/app.xml",
        ),
    ])
}

/// word/_rels/document.xml.rels
pub(crate) fn document_rels_xml(blank_footer: bool) -> Vec<u8> {
    let mut rels = vec![
        ("rId1", format!("{OFFICE_REL}/styles"), "styles.xml"),
        ("rId2", format!("{OFFICE_REL}/settings"), "settings.xml"),
        ("rId3", format!("{OFFICE_REL}/fontTable"), "fontTable.xml"),
        (FOOTER_ODD_ID, format!("{OFFICE_REL}/footer"), "footer1.xml"),
        (
            FOOTER_EVEN_ID,
            format!("{OFFICE_REL}/footer"),
            "footer2.xml",
        ),
        (THEME_ID, format!("{OFFICE_REL}/theme"), "theme/theme1.xml"),
    ];
    if blank_footer {
        rels.push((
            BLANK_FOOTER_ID,
            format!("{OFFICE_REL}/footer"),
            "footer3.xml",
        ));
    }
    relationships(&rels)
}

/// The fixed creation and modification time: the signature's date at midnight UTC, or
/// 2000-01-01 when there is no signature or its ISO date is malformed.
pub(crate) fn fixed_timestamp(doc: &Document) -> String {
    let iso = doc
        .signature
        .as_ref()
        .map(|s| s.iso_date.trim())
        .unwrap_or("");
    let b = iso.as_bytes();
    let well_formed = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    let date = if well_formed { iso } else { "2000-01-01" };
    format!("{date}T00:00:00Z")
}

/// docProps/core.xml
pub(crate) fn core_xml(doc: &Document) -> Vec<u8> {
    let when = fixed_timestamp(doc);
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.leaf("dc:title", &[], doc.title.trim());
    x.leaf("dc:creator", &[], "gongwen");
    x.leaf("cp:lastModifiedBy", &[], "gongwen");
    x.leaf("dcterms:created", &[("xsi:type", "dcterms:W3CDTF")], &when);
    x.leaf("dcterms:modified", &[("xsi:type", "dcterms:W3CDTF")], &when);
    x.close("cp:coreProperties");
    x.into_bytes()
}

/// docProps/app.xml
pub(crate) fn app_xml() -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[
            (
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            ),
            (
                "xmlns:vt",
                "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ),
        ],
    );
    x.leaf("Application", &[], "gongwen");
    x.leaf("DocSecurity", &[], "0");
    x.close("Properties");
    x.into_bytes()
}

/// Zips the parts, in the order given, into .docx bytes.
#[allow(clippy::expect_used)] // writing into memory cannot fail short of running out of it
pub(crate) fn zip_parts(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        // Writing into memory cannot fail short of running out of it.
        zip.start_file(*name, options)
            .expect("zip entry into memory");
        zip.write_all(data).expect("zip data into memory");
    }
    zip.finish().expect("zip into memory").into_inner()
}
