//! Integration tests: one binary (link time), modules per area.

// A test binary: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod boundary_files;
mod cities;
mod cli;
mod copies;
mod derive;
mod entity_lists;
mod export;
mod fetch;
mod import;
mod job;
mod layers;
mod maps;
mod packaging;
mod print;
mod protect;
#[path = "../crates/core/tests/read_back.rs"]
mod read_back;
mod repair;
mod report;
mod share;
mod slides;
mod social;
mod ui;
mod undo;
mod util;
mod window;
