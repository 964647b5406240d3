//! The core's behaviour tests, without the window or the command line: one binary (link
//! time), modules per area.

// A test binary: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod cities;
mod copies;
mod derive;
mod export;
mod import;
mod maps;
mod merge_model;
#[path = "official/regions.rs"]
mod official_regions;
mod read_back;
mod report;
mod tables;
mod undo;
mod util;
