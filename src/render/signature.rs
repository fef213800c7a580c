//! The signature (署名) and date under the body, in the four forms of GB/T 9704 7.3.5: sealed
//! by one organ, sealed jointly, unsealed, and signed by a person's seal with their title.
//!
//! Every line but the date keeps with the next, so the date never stands alone on a page.

use super::paragraph::{paragraph_start, run, Extra};
use super::stylesheet::SIGNATURE;
use super::text::{half_cells, signature_indents};
use super::xml::Xml;
use crate::document::{Seal, Signature};
use crate::styles::Styles;

/// Width of a text in twips, at the body's character width.
fn width(text: &str, styles: &Styles) -> i64 {
    half_cells(text) as i64 * styles.body_char_twips() / 2
}

fn text_width(styles: &Styles) -> i64 {
    crate::styles::mm_to_twips(styles.text_width_mm())
}

/// Writes the signature block.
pub(super) fn write_signature(x: &mut Xml, sig: &Signature, styles: &Styles) {
    match &sig.seal {
        Seal::Sealed if sig.organs.len() > 1 => joint_sealed(x, sig, styles),
        Seal::Sealed => sealed(x, sig, styles),
        Seal::Unsealed => unsealed(x, sig, styles),
        Seal::Person { title, name } => person(x, title, name, &sig.date, styles),
    }
}

fn blank_lines(x: &mut Xml, n: u32) {
    for _ in 0..n {
        paragraph_start(x, None, &[Extra::KeepNext]);
        x.close("w:p");
    }
}

/// 7.3.5.1: room for the seal, the organ name centred over the date, the date four characters
/// in from the right.
fn sealed(x: &mut Xml, sig: &Signature, styles: &Styles) {
    blank_lines(x, styles.signature.blank_lines_before);
    let organ = sig.organs.first().map(String::as_str).unwrap_or_default();
    let date_indent = organ_over_date(x, organ, &sig.date, styles);
    date_line(x, &sig.date, date_indent);
}

/// An organ name centred over the date (which sits four characters in from the right); the
/// date's right indent.
fn organ_over_date(x: &mut Xml, organ: &str, date: &str, styles: &Styles) -> i64 {
    let (name_indent, date_indent) = signature_indents(organ, date, styles);
    paragraph_start(
        x,
        Some(SIGNATURE),
        &[Extra::KeepNext, Extra::RightIndent(name_indent)],
    );
    run(x, None, organ);
    x.close("w:p");
    date_indent
}

fn date_line(x: &mut Xml, date: &str, right_indent: i64) {
    paragraph_start(x, Some(SIGNATURE), &[Extra::RightIndent(right_indent)]);
    run(x, None, date);
    x.close("w:p");
}

/// 7.3.5.1, joint: the organs side by side in their order, two to a line, each centred in its
/// half of the text block, the second centred over the date (four characters in from the right
/// as for one organ). Names too long to share a line stand one under another, each centred
/// over the date.
fn joint_sealed(x: &mut Xml, sig: &Signature, styles: &Styles) {
    blank_lines(x, styles.signature.blank_lines_before);
    let c = styles.body_char_twips();
    let date_indent = styles.signature.date_right_indent_chars as i64 * c;
    let w = text_width(styles);
    let right_centre = w - date_indent - width(&sig.date, styles) / 2;
    let left_centre = (right_centre - w / 2).max(0);
    // Each name must fit around its centre with a character to spare.
    let fits = |organ: &str, centre: i64| {
        let half = width(organ, styles) / 2 + c / 2;
        centre - half >= 0 && centre + half <= w
    };
    let side_by_side = sig.organs.chunks(2).all(|pair| match pair {
        [a, b] => {
            fits(a, left_centre)
                && fits(b, right_centre)
                && left_centre + width(a, styles) / 2 + c <= right_centre - width(b, styles) / 2
        }
        _ => true,
    });
    if side_by_side {
        for pair in sig.organs.chunks(2) {
            let stops: Vec<i64> = if pair.len() == 2 {
                vec![left_centre, right_centre]
            } else {
                vec![right_centre]
            };
            let tabs = stops.into_iter().map(|p| ("center", p)).collect();
            paragraph_start(x, Some(SIGNATURE), &[Extra::KeepNext, Extra::Tabs(tabs)]);
            for organ in pair {
                x.open("w:r", &[]).empty("w:tab", &[]).close("w:r");
                run(x, None, organ);
            }
            x.close("w:p");
        }
    } else {
        for organ in &sig.organs {
            organ_over_date(x, organ, &sig.date, styles);
        }
    }
    date_line(x, &sig.date, date_indent);
}

/// 7.3.5.2: one blank line under the body, the organ name two characters in from the right
/// (several organs one under another, lined up), the date on the next line starting two
/// characters right of the name; a date longer than that moves the names left instead.
fn unsealed(x: &mut Xml, sig: &Signature, styles: &Styles) {
    blank_lines(x, 1);
    let (names_left, date_left) = unsealed_positions(sig, styles);
    for organ in &sig.organs {
        paragraph_start(
            x,
            Some(SIGNATURE),
            &[Extra::KeepNext, Extra::LeftFlush(names_left)],
        );
        run(x, None, organ);
        x.close("w:p");
    }
    paragraph_start(x, Some(SIGNATURE), &[Extra::LeftFlush(date_left)]);
    run(x, None, &sig.date);
    x.close("w:p");
}

/// Left indents (twips) of the organ names and of the date of an unsealed signature.
pub(super) fn unsealed_positions(sig: &Signature, styles: &Styles) -> (i64, i64) {
    let c = styles.body_char_twips();
    let w = text_width(styles);
    let longest = sig
        .organs
        .iter()
        .map(|o| width(o, styles))
        .max()
        .unwrap_or(0);
    let date = width(&sig.date, styles);
    let mut names = w - 2 * c - longest;
    let mut date_left = names + 2 * c;
    if date_left + date > w - 2 * c {
        date_left = w - 2 * c - date;
        names = date_left - 2 * c;
    }
    (names.max(0), date_left.max(0))
}

/// 7.3.5.3: two blank lines under the body, the person's seal four characters in from the
/// right with their title two characters to its left, one blank line, then the date four
/// characters in from the right.
fn person(x: &mut Xml, title: &str, name: &str, date: &str, styles: &Styles) {
    blank_lines(x, 2);
    let indent = styles.signature.date_right_indent_chars as i64 * styles.body_char_twips();
    paragraph_start(
        x,
        Some(SIGNATURE),
        &[Extra::KeepNext, Extra::RightIndent(indent)],
    );
    run(x, None, &format!("{title}　　{name}"));
    x.close("w:p");
    blank_lines(x, 1);
    date_line(x, date, indent);
}
