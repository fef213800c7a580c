//! gongwen: town ledgers in, a GB/T 9704 report out.
//!
//! Stages, each a module with one job: [`ingest`] (workbooks -> records), [`reconcile`]
//! (records -> findings), [`facts`] (records -> named figures), [`template`] (narrative + facts
//! -> [`document::Document`]), [`render`] (document + [`styles::Styles`] -> .docx bytes).

pub mod document;
pub mod styles;
