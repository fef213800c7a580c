//! The pieces every part of document.xml is written with: a paragraph's start with its direct
//! properties, empty and spacer paragraphs, and runs of text.

use super::xml::Xml;

/// Direct paragraph properties beyond the style.
pub(super) enum Extra {
    KeepNext,
    PageBreakBefore,
    /// Tab stops: kind ("left", "center", "right") and position in twips from the left edge
    /// of the text block (the paragraph has no left indent).
    Tabs(Vec<(&'static str, i64)>),
    RightIndent(i64),
    /// Every line starts this far in (twips), flush left.
    LeftFlush(i64),
    /// Left indent with the first line hanging out (twips, and hundredths of a character).
    Indent {
        left: i64,
        left_chars: i64,
        hanging: i64,
        hanging_chars: i64,
    },
}

/// Opens `w:p` and writes `w:pPr` when there is a style or an extra.
pub(super) fn paragraph_start(x: &mut Xml, style: Option<&str>, extras: &[Extra]) {
    x.open("w:p", &[]);
    if style.is_none() && extras.is_empty() {
        return;
    }
    x.open("w:pPr", &[]);
    if let Some(s) = style {
        x.empty("w:pStyle", &[("w:val", s)]);
    }
    // Schema order: keepNext before ind.
    if extras.iter().any(|e| matches!(e, Extra::KeepNext)) {
        x.empty("w:keepNext", &[]);
    }
    if extras.iter().any(|e| matches!(e, Extra::PageBreakBefore)) {
        x.empty("w:pageBreakBefore", &[]);
    }
    for e in extras {
        if let Extra::Tabs(stops) = e {
            x.open("w:tabs", &[]);
            for (kind, pos) in stops {
                x.empty("w:tab", &[("w:val", kind), ("w:pos", &pos.to_string())]);
            }
            x.close("w:tabs");
        }
    }
    for e in extras {
        if let Extra::Indent {
            left,
            left_chars,
            hanging,
            hanging_chars,
        } = e
        {
            x.empty(
                "w:ind",
                &[
                    ("w:leftChars", &left_chars.to_string()),
                    ("w:left", &left.to_string()),
                    ("w:hangingChars", &hanging_chars.to_string()),
                    ("w:hanging", &hanging.to_string()),
                ],
            );
        }
        if let Extra::RightIndent(twips) = e {
            x.empty(
                "w:ind",
                &[
                    ("w:right", &twips.to_string()),
                    ("w:firstLineChars", "0"),
                    ("w:firstLine", "0"),
                ],
            );
        }
        if let Extra::LeftFlush(twips) = e {
            x.empty(
                "w:ind",
                &[
                    ("w:left", &twips.to_string()),
                    ("w:firstLineChars", "0"),
                    ("w:firstLine", "0"),
                ],
            );
        }
    }
    if extras.iter().any(|e| matches!(e, Extra::LeftFlush(_))) {
        x.empty("w:jc", &[("w:val", "left")]);
    }
    x.close("w:pPr");
}

/// An empty paragraph `twips` tall (nothing when not positive), not snapped to the line grid.
pub(super) fn spacer(x: &mut Xml, twips: i64) {
    if twips <= 0 {
        return;
    }
    x.open("w:p", &[]).open("w:pPr", &[]);
    x.empty("w:snapToGrid", &[("w:val", "0")]);
    super::stylesheet::write_exact_spacing(x, twips);
    x.close("w:pPr").close("w:p");
}

pub(super) fn empty_paragraph(x: &mut Xml) {
    x.empty("w:p", &[]);
}

/// One run of plain text (for the table writer).
pub(super) fn run_plain(x: &mut Xml, text: &str) {
    run(x, None, text);
}

/// One run, with a character style if given. Empty text writes nothing.
pub(super) fn run(x: &mut Xml, char_style: Option<&str>, text: &str) {
    if text.is_empty() {
        return;
    }
    x.open("w:r", &[]);
    if let Some(s) = char_style {
        x.open("w:rPr", &[])
            .empty("w:rStyle", &[("w:val", s)])
            .close("w:rPr");
    }
    run_text(x, text);
    x.close("w:r");
}

/// The content of a run: text, with `\n` as a line break and `\t` as a tab.
pub(super) fn run_text(x: &mut Xml, text: &str) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            x.empty("w:br", &[]);
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                x.empty("w:tab", &[]);
            }
            let piece = piece.trim_end_matches('\r');
            if piece.is_empty() {
                continue;
            }
            x.w_t(piece);
        }
    }
}
