//! Integration tests: one binary (link time), modules per area.

mod cli;
mod ui;
mod util;
