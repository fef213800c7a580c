//! The template parser, filling the template with no facts (and no last year), and rendering
//! what it fills: the red header, signatures and end block come from the front matter alone.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    if let Ok(t) = gongwen::template::parse(text, "报告模板.txt") {
        let facts = gongwen::facts::Facts::default();
        let figures = gongwen::template::Figures {
            facts: &facts,
            previous: None,
            present: &[],
        };
        if let Ok(filled) = gongwen::template::fill(&t, &figures) {
            let _ = gongwen::render::render(&filled.document, &gongwen::styles::Styles::builtin());
        }
    }
});
