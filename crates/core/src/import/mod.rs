//! Importing official statistics and planners' spreadsheets.
//!
//! Every import is detected (encoding, delimiter, decimal mark, shape — each can be set),
//! read as a stream, applied in one action (one transaction, one undo step), and reported:
//! `inserted`, `updated`, `unchanged`, `rejected`, and problems with their physical line.
//! Importing the same file again changes nothing. Two rows of one file with the same key
//! and different values are both reported and neither is kept.
//!
//! The way through: `sniff` and `records` detect how a file is written and stream its
//! records with their physical lines; `shape` turns records into [`RowSpec`]s (with
//! `genesis`, `genesis_table` and `sheet` for the formats); `apply` resolves keys and
//! writes the rows; `report` says what happened; `preview` shows the first values
//! before anything is written; `entities` and `boundaries` read entity lists and boundaries (GeoJSON;
//! `shapefile` and `geopackage` read those formats for it, `prj` their coordinate systems),
//! `references` what an entity list's cells that refer to other entities name; `error`
//! why a file is not imported at all. This module holds the options and the one way an
//! import runs.

pub mod boundaries;
pub mod entities;
pub mod genesis;
pub mod genesis_table;
pub mod geopackage;
pub mod references;
pub mod shapefile;
pub mod sheet;
pub mod sniff;
pub mod values;
pub mod workbook;

mod apply;
mod columns;
mod error;
mod preview;
mod prj;
mod records;
mod report;
mod row;
mod shape;
mod text_file;

use apply::{Importer, create_import_row};
pub use error::ImportError;
pub use preview::{Preview, PreviewRow, preview};
pub use records::detect;
use records::{Next, Records};
pub use report::{Problem, Report};
pub use row::{Part, RowSpec};
use shape::{Shaper, check_sheet_roles};

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::store::{ActionKind, Store, StoreError};
use crate::t;
use sheet::Role;
use sniff::{Detected, Encoding, Shape};
use values::{Decimal, Symbols};

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

fn new_report(path: &Path, detected: Detected, options: &Options) -> Report {
    Report {
        file: path.to_owned(),
        detected: Some(detected),
        dry_run: options.dry_run,
        ..Report::default()
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Imports an entity list as one action: rows matched by `id`, else by name or code.
fn import_entities(
    store: &mut Store,
    path: &Path,
    def: &'static crate::model::meta::EntityDef,
    detected: Detected,
    header: &[String],
    options: &Options,
) -> Result<Report, ImportError> {
    let mut records = Records::open(path, detected, std::sync::Arc::default())?;
    let mut report = new_report(path, detected, options);
    let label = format!("import {}", file_name(path));
    let applied = store.transact_with(ActionKind::Import, &label, !options.dry_run, |tx| {
        let (importer, unknown) = entities::EntityImporter::new(tx, def, header, detected.decimal)?;
        if !unknown.is_empty() {
            let message = t!(
                "import.entity.unknown_columns",
                columns = unknown.join(", ")
            );
            report.problems.push(Problem {
                line: 1,
                column: None,
                message,
                warning: true,
                feature: None,
                cell: None,
            });
        }
        loop {
            match records.next() {
                Next::Row(line) => importer.row(line, records.cells(), &mut report)?,
                Next::Unreadable {
                    line,
                    message,
                    fatal,
                } => {
                    report.rejected += 1;
                    report.problems.push(Problem {
                        line,
                        column: None,
                        message,
                        warning: false,
                        feature: None,
                        cell: None,
                    });
                    if fatal {
                        break;
                    }
                }
                Next::End => break,
            }
        }
        Ok(report.inserted + report.updated > 0)
    })?;
    report.sha256 = records.sha256();
    report.applied = applied && !options.dry_run;
    Ok(report)
}

/// Imports a file into the project as one action. See the module documentation. A
/// workbook's sheet ([`Options::sheet`]) is read as its cells' text ([`workbook`]).
pub fn import_file(
    store: &mut Store,
    path: &Path,
    options: &Options,
    progress: &std::sync::Arc<Progress>,
) -> Result<Report, ImportError> {
    if workbook::is_workbook(path) {
        return workbook::import(store, path, options, progress);
    }
    import_text(store, path, options, progress)
}

/// Imports a text file (CSV) as one action.
fn import_text(
    store: &mut Store,
    path: &Path,
    options: &Options,
    progress: &std::sync::Arc<Progress>,
) -> Result<Report, ImportError> {
    let (detected, header) = detect(path, options)?;
    if let Some(def) = options.entity {
        return import_entities(store, path, def, detected, &header, options);
    }
    let known_keys: std::collections::HashSet<String> = crate::store::regions::list(store.conn())?
        .into_iter()
        .map(|r| r.key)
        .collect();
    let mut shaper = Shaper::new(path, detected, header, options, &known_keys)?;
    if matches!(detected.shape, Shape::Long | Shape::Wide) {
        check_sheet_roles(path, &shaper.roles, detected.shape)?;
    }
    let mut records = Records::open(path, detected, progress.clone())?;
    let file_name = file_name(path);
    let mut report = new_report(path, detected, options);
    report.values = sheet::values_note(&shaper.roles);
    let symbols = Symbols::load(store.conn())?;
    let author = store.author().to_owned();

    // A large page cache and no per-row foreign-key lookups: every id comes from a lookup
    // in this transaction (see `Store::transact_bulk`).
    let mut cancelled = false;
    let label = format!("import {file_name}");
    let outcome = store.transact_bulk(ActionKind::Import, &label, !options.dry_run, |tx| {
        let import_id = create_import_row(tx, &file_name, detected.shape, &author)?;
        let mut importer = Importer::new(tx, import_id, detected.decimal, symbols, &mut report);
        loop {
            let line = match records.next() {
                Next::Row(line) => line,
                Next::Unreadable {
                    line,
                    message,
                    fatal,
                } => {
                    importer.problem(line, None, message, false);
                    if fatal {
                        break;
                    }
                    continue;
                }
                Next::End => break,
            };
            if progress.cancel.load(Ordering::Relaxed) {
                cancelled = true;
                return Err(StoreError::Invalid {
                    message: t!("import.error.cancelled").to_owned(),
                });
            }
            shaper.rows(line, records.cells(), |row| match row {
                Ok(spec) => importer.row(spec),
                Err((column, message)) => {
                    importer.problem(line, column, message, false);
                    Ok(())
                }
            })?;
        }
        // Asked to stop while the last rows were read (a workbook whose reading failed
        // asks so, its text being incomplete): nothing is kept.
        if progress.cancel.load(Ordering::Relaxed) {
            cancelled = true;
            return Err(StoreError::Invalid {
                message: t!("import.error.cancelled").to_owned(),
            });
        }
        importer.tx.conn().execute(
            "UPDATE import SET sha256 = ?1 WHERE id = ?2",
            rusqlite::params![records.sha256(), import_id],
        )?;
        importer.note_source(
            shaper.table.stand.as_deref(),
            shaper.table.licence.as_deref(),
        )?;
        if shaper.table.stand.is_some() || shaper.table.licence.is_some() {
            importer.tx.conn().execute(
                "INSERT INTO import_source (import_id, data_date, licence) VALUES (?1, ?2, ?3)",
                rusqlite::params![
                    import_id,
                    shaper.table.stand.as_deref().unwrap_or_default(),
                    shaper.table.licence.as_deref().unwrap_or_default()
                ],
            )?;
        }
        if let Some(name) = options.save_mapping.as_deref()
            && matches!(detected.shape, Shape::Long | Shape::Wide)
        {
            save_mapping(importer.tx, name, &shaper.header, &shaper.roles)?;
        }
        importer.finish()
    });
    if cancelled {
        return Err(ImportError::Cancelled);
    }
    let applied = outcome?;
    report.note_empty_values();
    report.sha256 = records.sha256();
    report.applied = applied && !options.dry_run;
    Ok(report)
}

/// Saves the roles of a spreadsheet under `name` (replacing a mapping of that name), with
/// the file's header, inside the import's action.
fn save_mapping(
    tx: &crate::store::Tx<'_>,
    name: &str,
    header: &[String],
    roles: &sheet::Roles,
) -> crate::store::Result<()> {
    let existing = crate::store::mappings::by_name(tx.conn(), name)?;
    let mapping = crate::model::Mapping {
        uuid: existing
            .as_ref()
            .map_or_else(crate::model::new_uuid, |m| m.uuid),
        name: name.trim().to_owned(),
        header: crate::store::mappings::header_text(header),
        roles: sheet::roles_text(header, roles),
    };
    if existing.is_some() {
        tx.update(&mapping).map(|_| ())
    } else {
        tx.insert(&mapping)
    }
}

#[cfg(test)]
mod order_tests;

#[cfg(test)]
mod action_tests;
