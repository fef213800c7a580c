//! The cell parsers and word readers (numbers, dates, counts, attendance, outcomes, sources).
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| gongwen::ingest::fuzz::cells(text));
