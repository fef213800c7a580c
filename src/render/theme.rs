//! word/theme/theme1.xml: the theme part every Word-authored document carries.
//!
//! Runs never refer to theme fonts (every style names its fonts outright), but Word and the Open
//! XML SDK validator expect the part. Its font scheme names the GB/T 9704 fonts: the title's
//! 小标宋 as the major (heading) font, the body's 仿宋 as the minor one, each for Latin text
//! (the styles' Latin font), East Asian text and the Simplified Chinese script ("Hans"). The
//! colour and format schemes are Office's plain defaults, reduced to solid fills.

use super::xml::Xml;
use crate::styles::Styles;

const A_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";

/// The colours of Office's default theme, in the schema's order.
const COLOURS: [(&str, &str); 10] = [
    ("a:dk2", "44546A"),
    ("a:lt2", "E7E6E6"),
    ("a:accent1", "4472C4"),
    ("a:accent2", "ED7D31"),
    ("a:accent3", "A5A5A5"),
    ("a:accent4", "FFC000"),
    ("a:accent5", "5B9BD5"),
    ("a:accent6", "70AD47"),
    ("a:hlink", "0563C1"),
    ("a:folHlink", "954F72"),
];

/// word/theme/theme1.xml
pub(crate) fn theme_xml(styles: &Styles) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("a:theme", &[("xmlns:a", A_NS), ("name", "GB/T 9704")]);
    x.open("a:themeElements", &[]);
    colour_scheme(&mut x);
    x.open("a:fontScheme", &[("name", "GB/T 9704")]);
    font_collection(
        &mut x,
        "a:majorFont",
        &styles.fonts.latin,
        &styles.title.font,
    );
    font_collection(
        &mut x,
        "a:minorFont",
        &styles.fonts.latin,
        &styles.body.font,
    );
    x.close("a:fontScheme");
    format_scheme(&mut x);
    x.close("a:themeElements");
    x.empty("a:objectDefaults", &[]);
    x.empty("a:extraClrSchemeLst", &[]);
    x.close("a:theme");
    x.into_bytes()
}

fn colour_scheme(x: &mut Xml) {
    x.open("a:clrScheme", &[("name", "Office")]);
    x.open("a:dk1", &[]);
    x.empty("a:sysClr", &[("val", "windowText"), ("lastClr", "000000")]);
    x.close("a:dk1");
    x.open("a:lt1", &[]);
    x.empty("a:sysClr", &[("val", "window"), ("lastClr", "FFFFFF")]);
    x.close("a:lt1");
    for (tag, rgb) in COLOURS {
        x.open(tag, &[]);
        x.empty("a:srgbClr", &[("val", rgb)]);
        x.close(tag);
    }
    x.close("a:clrScheme");
}

fn font_collection(x: &mut Xml, tag: &str, latin: &str, east_asian: &str) {
    x.open(tag, &[]);
    x.empty("a:latin", &[("typeface", latin)]);
    x.empty("a:ea", &[("typeface", east_asian)]);
    x.empty("a:cs", &[("typeface", "")]);
    x.empty("a:font", &[("script", "Hans"), ("typeface", east_asian)]);
    x.close(tag);
}

/// Three of each style list, as the schema requires; all plain.
fn format_scheme(x: &mut Xml) {
    let solid = |x: &mut Xml| {
        x.open("a:solidFill", &[]);
        x.empty("a:schemeClr", &[("val", "phClr")]);
        x.close("a:solidFill");
    };
    x.open("a:fmtScheme", &[("name", "Office")]);
    x.open("a:fillStyleLst", &[]);
    (0..3).for_each(|_| solid(x));
    x.close("a:fillStyleLst");
    x.open("a:lnStyleLst", &[]);
    for width in ["6350", "12700", "19050"] {
        x.open("a:ln", &[("w", width)]);
        solid(x);
        x.close("a:ln");
    }
    x.close("a:lnStyleLst");
    x.open("a:effectStyleLst", &[]);
    for _ in 0..3 {
        x.open("a:effectStyle", &[]);
        x.empty("a:effectLst", &[]);
        x.close("a:effectStyle");
    }
    x.close("a:effectStyleLst");
    x.open("a:bgFillStyleLst", &[]);
    (0..3).for_each(|_| solid(x));
    x.close("a:bgFillStyleLst");
    x.close("a:fmtScheme");
}
