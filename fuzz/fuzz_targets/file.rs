//! A whole file from its bytes (xlsx, xls, ods, csv, html, Excel 2003 XML): sniffed and read.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| gongwen::ingest::fuzz::file(bytes));
