//! Lernstadt: offline planning, monitoring and reporting for local education management.
//!
//! Layers point one way: [`model`] ← [`store`] ← [`demo`] ← [`cli`] and [`app`]/[`ui`].
//! Nothing below `app` and `ui` knows egui; the command line and the window call the same
//! functions.

pub mod app;
pub mod cli;
pub mod data;
pub mod demo;
pub mod exchange;
pub mod export;
pub mod figure;
pub mod i18n;
pub mod import;
pub mod map;
pub mod model;
pub mod palette;
pub mod report;
pub mod settings;
pub mod slides;
pub mod store;
pub mod ui;
