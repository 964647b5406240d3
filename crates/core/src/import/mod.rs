//! Importing official statistics and planners' spreadsheets.
//!
//! Every import is detected (encoding, delimiter, decimal mark, shape — each can be set),
//! read as a stream, applied in one action (one transaction, one undo step), and reported:
//! `inserted`, `updated`, `unchanged`, `rejected`, and problems with their physical line.
//! Importing the same file again changes nothing. Two rows of one file with the same key
//! and different values are both reported and neither is kept.
//!
//! The way through: `file` sends a workbook to `workbook` (which hands its sheets on as
//! text) and any other file to `text`, which imports it as one action (several files as one
//! with [`import_files`]). `sniff` and `records` detect how a file is written and stream its
//! records with their physical lines; `shape` turns records into [`RowSpec`]s (with
//! `genesis`, `genesis_columns`, `genesis_table` and `sheet` for the formats, `roles` and
//! `columns` deciding what a spreadsheet's columns hold, `values` reading the cells);
//! `apply` resolves keys and writes the rows; `report` says what happened; `preview` shows
//! the first values before anything is written. `entities` reads entity lists, with
//! `references` for what their cells that refer to other entities name; `boundaries/` reads
//! boundaries (GeoJSON, Shapefiles, `GeoPackage`s: a file per format and per step); `error` says why a file
//! is not imported at all. This module holds the options every import shares.

pub mod boundaries;
pub mod entities;
pub mod genesis;
pub mod genesis_table;
pub mod references;
pub mod sheet;
pub mod sniff;
pub mod values;
pub mod workbook;

mod apply;
mod columns;
mod error;
mod file;
mod genesis_columns;
mod preview;
mod records;
mod report;
mod roles;
mod row;
mod shape;
mod text;
mod text_file;

pub use boundaries::{geopackage, shapefile};
pub use error::ImportError;
pub use file::{import_file, preview};
pub use preview::{Preview, PreviewRow};
pub use records::detect;
pub use report::{Problem, Report};
pub use row::{Part, RowSpec};
pub use text::{Stage, import_files};
use text::{file_name, import_text};

use std::sync::atomic::{AtomicBool, AtomicU64};

use sheet::Role;
use sniff::Encoding;
use values::Decimal;

/// How to read a file; `None` means detect.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The file's text encoding.
    pub encoding: Option<Encoding>,
    /// The byte between fields (`;`, `,`, tab …).
    pub delimiter: Option<u8>,
    /// The decimal mark of the numbers.
    pub decimal: Option<Decimal>,
    /// Column roles given by the user (`--map role=Column`), each with the column's header
    /// name; these come before the roles read from header names.
    pub map: Vec<(Role, String)>,
    /// Read and check everything, write nothing.
    pub dry_run: bool,
    /// Read an entity list (as `export` writes it) instead of observations.
    pub entity: Option<&'static crate::model::meta::EntityDef>,
    /// Save the roles used under this name, with the file's header, as part of the import
    /// (a spreadsheet's import only; replaces a mapping of that name).
    pub save_mapping: Option<String>,
    /// The period of every row, for a spreadsheet without a period column (`2024`).
    pub period: Option<String>,
    /// Keep region cells whole: `91 Berg Fidel` is then a key, not key and name.
    pub keep_region_cells: bool,
    /// A workbook's sheet to read (`None`: the first).
    pub sheet: Option<String>,
    /// Where the table comes from, recorded with the import (a fetch from the statistics
    /// offices' web service); `None`: what a GENESIS file's header or name says.
    pub source: Option<crate::store::table_sources::TableSource>,
}

/// How many problems a report lists one by one.
pub const MAX_PROBLEMS: usize = 1000;

/// Progress of a running import, readable from another thread.
#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes of the file read so far.
    pub bytes_read: AtomicU64,
    /// The file's size in bytes, set when reading starts.
    pub total_bytes: AtomicU64,
    /// Set to ask the import to stop: it rolls back and returns
    /// [`ImportError::Cancelled`].
    pub cancel: AtomicBool,
}

#[cfg(test)]
mod order_tests;
