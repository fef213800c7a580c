//! gongwen: town ledgers in, a GB/T 9704 report out.
//!
//! Stages, each a module with one job: [`ingest`] (workbooks -> records), [`reconcile`]
//! (records -> findings), [`facts`] (records -> named figures), [`template`] (narrative + facts
//! -> [`document::Document`]), [`render`] (document + [`styles::Styles`] -> .docx bytes), [`pdf`] (.docx -> PDF through
//! LibreOffice, on request); [`output`] puts the report and its checklist in place together;
//! [`init`] makes next year's folder of empty ledgers and the template moved on a year.

// Finding is a plain diagnostic value, returned on the rare failure path.
#![allow(clippy::result_large_err)]
// No panics in gongwen's own paths: a bad input is a finding, never an unwrap (tests may unwrap).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod checklist;
pub mod diag;
pub mod document;
pub mod facts;
pub mod ingest;
pub mod init;
pub mod input;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod reconcile;
pub mod render;
pub mod styles;
pub mod template;
pub mod text;
