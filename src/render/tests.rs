//! Tests of the whole package: parts present, well-formed, laid out from the styles, stable.

use super::*;
use crate::document::{Block, Inline, Seal, Signature};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::io::{Cursor, Read};

/// A parsed element: name with prefix, attributes with prefixes, children.
#[derive(Debug)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    kids: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    El(El),
    Text(String),
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn child(&self, name: &str) -> Option<&El> {
        self.kids.iter().find_map(|n| match n {
            Node::El(e) if e.name == name => Some(e),
            _ => None,
        })
    }
    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.kids.iter().filter_map(move |n| match n {
            Node::El(e) if e.name == name => Some(e),
            _ => None,
        })
    }
    /// Every descendant (and self) named `name`, in document order.
    fn all<'a>(&'a self, name: &str, out: &mut Vec<&'a El>) {
        if self.name == name {
            out.push(self);
        }
        for n in &self.kids {
            if let Node::El(e) = n {
                e.all(name, out);
            }
        }
    }
    fn find_all(&self, name: &str) -> Vec<&El> {
        let mut v = Vec::new();
        self.all(name, &mut v);
        v
    }
    /// Concatenated text of all `w:t` below.
    fn text(&self) -> String {
        self.find_all("w:t")
            .iter()
            .flat_map(|t| t.kids.iter())
            .map(|n| match n {
                Node::Text(s) => s.as_str(),
                _ => "",
            })
            .collect()
    }
}

fn parse(xml: &[u8]) -> El {
    let mut reader = Reader::from_reader(xml);
    let mut stack: Vec<El> = vec![El {
        name: String::new(),
        attrs: vec![],
        kids: vec![],
    }];
    let mut buf = Vec::new();
    let el_of = |e: &quick_xml::events::BytesStart| El {
        name: AsRef::<str>::as_ref(&e.name()).to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    AsRef::<str>::as_ref(&a.key).to_string(),
                    a.normalized_value(XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect(),
        kids: vec![],
    };
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed XML") {
            Event::Start(e) => stack.push(el_of(&e)),
            Event::Empty(e) => {
                let el = el_of(&e);
                stack.last_mut().unwrap().kids.push(Node::El(el));
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().kids.push(Node::El(el));
            }
            Event::Text(t) => {
                let s = t.xml10_content().into_owned();
                stack.last_mut().unwrap().kids.push(Node::Text(s));
            }
            Event::GeneralRef(r) => {
                let s = match &*r.xml10_content() {
                    "amp" => "&".to_string(),
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    other => panic!("unexpected entity {other}"),
                };
                stack.last_mut().unwrap().kids.push(Node::Text(s));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let root = stack.pop().unwrap();
    let mut elements: Vec<El> = root
        .kids
        .into_iter()
        .filter_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
        .collect();
    assert_eq!(elements.len(), 1, "one root element");
    elements.pop().unwrap()
}

fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>, zip::DateTime)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (
                f.name().unwrap().into_owned(),
                data,
                f.last_modified().unwrap_or_default(),
            )
        })
        .collect()
}

fn part(bytes: &[u8], name: &str) -> El {
    let (_, data, _) = parts(bytes)
        .into_iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    parse(&data)
}

fn sample() -> Document {
    Document {
        title: "天水市秦州区杨家寺镇人民政府关于2024年法治政府建设工作情况的报告".into(),
        addressee: Some("秦州区人民政府".into()),
        blocks: vec![
            Block::Heading {
                level: 1,
                number: "一、".into(),
                text: "主要举措和成效".into(),
            },
            Block::Heading {
                level: 2,
                number: "（一）".into(),
                text: "加强组织领导".into(),
            },
            Block::Paragraph(vec![
                Inline::Lead {
                    level: 3,
                    number: "1.".into(),
                    text: "服务保障。".into(),
                },
                Inline::Text("全年共办理行政复议案件".into()),
                Inline::Fact {
                    name: "cases".into(),
                    text: "66".into(),
                },
                Inline::Text("件，".into()),
                Inline::Text("R&D <投入> 增长。".into()),
            ]),
        ],
        signature: Some(Signature {
            organs: vec!["杨家寺镇人民政府".into()],
            seal: Seal::Sealed,
            date: "2024年12月20日".into(),
            iso_date: "2024-12-20".into(),
        }),
        note: None,
        attachments: Vec::new(),
        red_header: None,
        end_block: None,
    }
}

fn body_paragraphs(bytes: &[u8]) -> Vec<El> {
    let doc = part(bytes, "word/document.xml");
    let body = doc
        .kids
        .into_iter()
        .find_map(|n| match n {
            Node::El(e) if e.name == "w:body" => Some(e),
            _ => None,
        })
        .expect("a body");
    body.kids
        .into_iter()
        .filter_map(|n| match n {
            Node::El(e) if e.name == "w:p" => Some(e),
            _ => None,
        })
        .collect()
}

fn style_of(p: &El) -> Option<&str> {
    p.child("w:pPr")
        .and_then(|pp| pp.child("w:pStyle"))
        .and_then(|s| s.attr("w:val"))
}

#[test]
fn same_input_gives_identical_bytes() {
    let s = Styles::builtin();
    let a = render(&sample(), &s);
    let b = render(&sample(), &s);
    assert_eq!(a, b);
    for (name, _, when) in parts(&a) {
        assert_eq!(
            (when.year(), when.month(), when.day()),
            (1980, 1, 1),
            "{name}"
        );
    }
}

#[test]
fn every_part_is_present_and_well_formed() {
    let bytes = render(&sample(), &Styles::builtin());
    let names: Vec<String> = parts(&bytes)
        .into_iter()
        .map(|(n, data, _)| {
            parse(&data);
            n
        })
        .collect();
    for needed in [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "docProps/app.xml",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/fontTable.xml",
        "word/footer1.xml",
        "word/footer2.xml",
        "word/_rels/document.xml.rels",
    ] {
        assert!(
            names.iter().any(|n| n == needed),
            "missing {needed}: {names:?}"
        );
    }
}

#[test]
fn text_is_escaped_and_comes_back_unchanged() {
    let bytes = render(&sample(), &Styles::builtin());
    let raw = parts(&bytes)
        .into_iter()
        .find(|(n, _, _)| n == "word/document.xml")
        .unwrap()
        .1;
    let raw = String::from_utf8(raw).unwrap();
    assert!(raw.contains("R&amp;D &lt;投入&gt;"), "{raw}");
    let paras = body_paragraphs(&bytes);
    assert!(paras
        .iter()
        .any(|p| p.text() == "1.服务保障。全年共办理行政复议案件66件，R&D <投入> 增长。"));
}

#[test]
fn body_comes_in_order_with_its_styles() {
    let s = Styles::builtin();
    let paras = body_paragraphs(&render(&sample(), &s));
    // Title on two lines in one paragraph.
    assert_eq!(style_of(&paras[0]), Some("Title"));
    assert_eq!(paras[0].find_all("w:br").len(), 1);
    assert_eq!(paras[0].text(), sample().title);
    // Blank line(s), then the addressee.
    let blank = s.title.blank_lines_after as usize;
    for p in &paras[1..=blank] {
        assert!(p.text().is_empty());
    }
    let a = &paras[1 + blank];
    assert_eq!(style_of(a), Some("Addressee"));
    assert_eq!(a.text(), "秦州区人民政府：");
    assert_eq!(style_of(&paras[2 + blank]), Some("Heading1"));
    assert_eq!(paras[2 + blank].text(), "一、主要举措和成效");
    assert_eq!(style_of(&paras[3 + blank]), Some("Heading2"));
    let body = &paras[4 + blank];
    assert_eq!(style_of(body), None);
    let runs: Vec<&El> = body.children("w:r").collect();
    let lead = runs[0]
        .child("w:rPr")
        .and_then(|r| r.child("w:rStyle"))
        .and_then(|r| r.attr("w:val"));
    assert_eq!(lead, Some("Lead3"));
    assert_eq!(runs[0].text(), "1.服务保障。");
    assert_eq!(runs[2].text(), "66", "the fact keeps its own run");
    // Signature: blank lines, organ name centred over the date, date four characters in.
    let n = paras.len();
    let (organ, date) = (&paras[n - 2], &paras[n - 1]);
    assert_eq!(organ.text(), "杨家寺镇人民政府");
    assert_eq!(date.text(), "2024年12月20日");
    for p in &paras[n - 2 - s.signature.blank_lines_before as usize..n - 2] {
        assert!(p.text().is_empty());
    }
    let right = |p: &El| {
        p.child("w:pPr")
            .unwrap()
            .child("w:ind")
            .unwrap()
            .attr("w:right")
            .unwrap()
            .parse::<i64>()
            .unwrap()
    };
    let c = s.body_char_twips();
    assert_eq!(right(date), 4 * c);
    assert_eq!(right(organ), 4 * c - c / 2);
}

#[test]
fn section_comes_from_the_styles() {
    let mut s = Styles::builtin();
    let bytes = render(&sample(), &s);
    let doc = part(&bytes, "word/document.xml");
    let sect = doc.find_all("w:sectPr")[0];
    let pg_mar = sect.child("w:pgMar").unwrap();
    assert_eq!(pg_mar.attr("w:top"), Some("2098"));
    assert_eq!(pg_mar.attr("w:left"), Some("1587"));
    assert_eq!(pg_mar.attr("w:footer"), Some("1307"));
    assert_eq!(sect.child("w:pgSz").unwrap().attr("w:w"), Some("11906"));
    assert_eq!(
        sect.child("w:docGrid").unwrap().attr("w:linePitch"),
        Some("579")
    );
    let refs: Vec<(&str, &str)> = sect
        .children("w:footerReference")
        .map(|r| (r.attr("w:type").unwrap(), r.attr("r:id").unwrap()))
        .collect();
    assert_eq!(
        refs,
        vec![("default", FOOTER_ODD_ID), ("even", FOOTER_EVEN_ID)]
    );

    s.page.margin_top_mm = 40.0;
    s.grid.lines_per_page = 20;
    let doc = part(&render(&sample(), &s), "word/document.xml");
    let sect = doc.find_all("w:sectPr")[0];
    assert_eq!(
        sect.child("w:pgMar").unwrap().attr("w:top"),
        Some(&*crate::styles::mm_to_twips(40.0).to_string())
    );
    let pitch = s.line_pitch_twips().to_string();
    assert_eq!(
        sect.child("w:docGrid").unwrap().attr("w:linePitch"),
        Some(&*pitch)
    );
}

#[test]
fn styles_name_their_fonts_and_close_up_body_text() {
    let s = Styles::builtin();
    let bytes = render(&sample(), &s);
    let styles = part(&bytes, "word/styles.xml");
    for f in styles.find_all("w:rFonts") {
        for a in ["w:ascii", "w:hAnsi", "w:eastAsia"] {
            assert!(f.attr(a).is_some(), "{f:?} lacks {a}");
        }
        assert!(
            f.attrs
                .iter()
                .all(|(k, _)| !k.contains("Theme") && !k.contains("theme")),
            "{f:?}"
        );
    }
    let style = |id: &str| {
        styles
            .children("w:style")
            .find(|st| st.attr("w:styleId") == Some(id))
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let normal = style("Normal");
    let ppr = normal.child("w:pPr").unwrap();
    assert_eq!(
        ppr.child("w:widowControl").unwrap().attr("w:val"),
        Some("0")
    );
    let ind = ppr.child("w:ind").unwrap();
    assert_eq!(ind.attr("w:firstLineChars"), Some("200"));
    assert_eq!(
        ind.attr("w:firstLine"),
        Some(&*(2 * s.body_char_twips()).to_string())
    );
    let spacing = ppr.child("w:spacing").unwrap();
    assert_eq!(
        (spacing.attr("w:line"), spacing.attr("w:lineRule")),
        (Some("579"), Some("exact"))
    );
    let rpr = normal.child("w:rPr").unwrap();
    assert_eq!(rpr.child("w:spacing").unwrap().attr("w:val"), Some("-5"));
    assert_eq!(rpr.child("w:sz").unwrap().attr("w:val"), Some("32"));
    assert_eq!(
        rpr.child("w:rFonts").unwrap().attr("w:eastAsia"),
        Some("仿宋_GB2312")
    );
    let h1 = style("Heading1");
    assert_eq!(
        h1.child("w:rPr")
            .unwrap()
            .child("w:rFonts")
            .unwrap()
            .attr("w:eastAsia"),
        Some("黑体")
    );
    assert!(h1.child("w:pPr").unwrap().child("w:keepNext").is_none());
    assert_eq!(
        h1.child("w:pPr")
            .unwrap()
            .child("w:outlineLvl")
            .unwrap()
            .attr("w:val"),
        Some("0")
    );
    let title = style("Title");
    assert_eq!(
        title
            .child("w:rPr")
            .unwrap()
            .child("w:sz")
            .unwrap()
            .attr("w:val"),
        Some("44")
    );
    assert_eq!(style("Lead3").attr("w:type"), Some("character"));

    // Every font in use is in the font table.
    let table = part(&bytes, "word/fontTable.xml");
    let names: Vec<&str> = table
        .children("w:font")
        .map(|f| f.attr("w:name").unwrap())
        .collect();
    for f in [
        "Times New Roman",
        "方正小标宋简体",
        "仿宋_GB2312",
        "黑体",
        "楷体_GB2312",
        "宋体",
    ] {
        assert!(names.contains(&f), "{f} not in {names:?}");
    }
}

#[test]
fn footers_put_the_page_number_right_on_odd_and_left_on_even_pages() {
    let s = Styles::builtin();
    let bytes = render(&sample(), &s);
    let settings = part(&bytes, "word/settings.xml");
    assert!(settings.child("w:evenAndOddHeaders").is_some());
    let indent = ((s.page_number.indent_chars as f64) * s.page_number.size_pt * 20.0)
        .round()
        .to_string();
    for (name, jc, side) in [
        ("word/footer1.xml", "right", "w:right"),
        ("word/footer2.xml", "left", "w:left"),
    ] {
        let ftr = part(&bytes, name);
        let p = ftr.child("w:p").unwrap();
        let ppr = p.child("w:pPr").unwrap();
        assert_eq!(ppr.child("w:jc").unwrap().attr("w:val"), Some(jc));
        assert_eq!(ppr.child("w:ind").unwrap().attr(side), Some(&*indent));
        assert_eq!(p.text(), "— 1 —");
        let instr = p.find_all("w:instrText");
        assert_eq!(instr.len(), 1);
        assert!(matches!(&instr[0].kids[0], Node::Text(t) if t.trim() == "PAGE"));
        let kinds: Vec<&str> = p
            .find_all("w:fldChar")
            .iter()
            .map(|f| f.attr("w:fldCharType").unwrap())
            .collect();
        assert_eq!(kinds, ["begin", "separate", "end"]);
    }
}

#[test]
fn metadata_dates_come_from_the_signature() {
    let bytes = render(&sample(), &Styles::builtin());
    let core = part(&bytes, "docProps/core.xml");
    let text = |name: &str| match &core.child(name).unwrap().kids[0] {
        Node::Text(t) => t.clone(),
        _ => panic!(),
    };
    assert_eq!(text("dc:title"), sample().title);
    assert_eq!(text("dc:creator"), "gongwen");
    assert_eq!(text("dcterms:created"), "2024-12-20T00:00:00Z");
    assert_eq!(text("dcterms:modified"), "2024-12-20T00:00:00Z");
    let mut unsigned = sample();
    unsigned.signature = None;
    let core = part(&render(&unsigned, &Styles::builtin()), "docProps/core.xml");
    assert!(
        matches!(&core.child("dcterms:created").unwrap().kids[0], Node::Text(t) if t == "2000-01-01T00:00:00Z")
    );
}
