//! Header detection and every reader above it, on sheets built of ledger words.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| gongwen::ingest::fuzz::sheet(bytes));
