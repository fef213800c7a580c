//! The template parser, and filling the template with no facts.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    if let Ok(t) = gongwen::template::parse(text, "报告模板.txt") {
        let facts = gongwen::facts::Facts::default();
        let _ = gongwen::template::fill(&t, &facts, &[]);
    }
});
