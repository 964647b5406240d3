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
//! before anything is written; `entities` and `boundaries` read entity lists and GeoJSON,
//! `references` what an entity list's cells that refer to other entities name.

pub mod boundaries;
pub mod entities;
pub mod genesis;
pub mod genesis_table;
pub mod references;
pub mod sheet;
pub mod sniff;
pub mod values;

mod apply;
mod columns;
mod preview;
mod records;
mod report;
mod row;
mod shape;

use apply::{Importer, create_import_row};
pub use preview::{Preview, PreviewRow, preview};
pub use records::detect;
use records::{Next, Records};
pub use report::{Problem, Report};
pub use row::{Part, RowSpec};
use shape::{Shaper, check_sheet_roles};

use std::path::{Path, PathBuf};
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
}

/// How many problems a report lists one by one.
pub const MAX_PROBLEMS: usize = 1000;

/// Why a file was not imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or read; the user reads "{path} could not be read:
    /// {error}".
    #[error("{}", t!("import.error.read", path = path.display(), error = source))]
    Read {
        /// The file to import.
        path: PathBuf,
        /// What the operating system reported.
        source: std::io::Error,
    },
    /// The file holds nothing but white space (or no header row); the user reads that
    /// there is nothing to import.
    #[error("{}", t!("import.error.empty", path = path.display()))]
    Empty {
        /// The file to import.
        path: PathBuf,
    },
    /// The file's first bytes contain a NUL byte (a spreadsheet saved in its own format,
    /// say); the user is asked to save the table as CSV and import that.
    #[error("{}", t!("import.error.binary", path = path.display()))]
    Binary {
        /// The file to import.
        path: PathBuf,
    },
    /// The header matches no shape Lernstadt reads; the user sees the first line and is
    /// told which shapes are read and how to name columns with `--map`.
    #[error("{}", t!("import.error.shape", path = path.display(), header = header))]
    Shape {
        /// The file to import.
        path: PathBuf,
        /// The header row, its cells joined by the file's delimiter.
        header: String,
    },
    /// The columns do not fit the shape: a `--map` column the header lacks, a GENESIS
    /// header that cannot be read, or a spreadsheet without an indicator, region or period
    /// column; the user reads the path and the reason.
    #[error("{}", t!("import.error.setup", path = path.display(), message = message))]
    Setup {
        /// The file to import.
        path: PathBuf,
        /// Why, in the user's language.
        message: String,
    },
    /// [`Progress::cancel`] was set while the import ran; everything is rolled back and the
    /// user reads that nothing was changed.
    #[error("{}", t!("import.error.cancelled"))]
    Cancelled,
    /// The project could not be read or written; the user sees the store's message.
    #[error(transparent)]
    Store(#[from] StoreError),
}

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

/// Imports a file into the project as one action. See the module documentation.
pub fn import_file(
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
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn csv(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn values(store: &Store) -> Vec<(String, Option<f64>)> {
        let mut statement = store
            .conn()
            .prepare("SELECT r.key || '/' || p.code, o.value FROM observation o JOIN region r ON r.id = o.region_id JOIN period p ON p.id = o.period_id ORDER BY 1")
            .unwrap();
        statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn observation_count(store: &Store) -> i64 {
        crate::store::counts::counts(store.conn())
            .unwrap()
            .observations
    }

    /// The parents an import links official regions to go with the import's undo and come
    /// back with its redo.
    #[test]
    fn the_official_tree_is_undone_and_redone_with_its_import() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let progress = std::sync::Arc::new(Progress::default());
        let file = csv(
            dir.path(),
            "kreise.csv",
            "Kennzahl;Gebiet;Name;Jahr;Wert\nA;01001;Flensburg;2020;1\nA;01;Schleswig-Holstein;2020;2\nA;DG;Deutschland;2020;3\n",
        );
        let options = Options {
            map: sheet::parse_map("region_name=Name").unwrap(),
            ..Options::default()
        };
        import_file(&mut store, &file, &options, &progress).unwrap();
        let tree = |store: &Store| -> Vec<(String, Option<String>)> {
            let mut statement = store
                .conn()
                .prepare("SELECT r.key, p.key FROM region r LEFT JOIN region p ON p.id = r.parent_id ORDER BY r.key")
                .unwrap();
            statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        let linked = vec![
            ("01".to_owned(), Some("DG".to_owned())),
            ("01001".to_owned(), Some("01".to_owned())),
            ("DG".to_owned(), None),
        ];
        assert_eq!(
            tree(&store),
            linked,
            "a child before its parent in the file"
        );
        store.undo().unwrap();
        assert!(tree(&store).is_empty());
        store.redo().unwrap();
        assert_eq!(tree(&store), linked);
        assert!(
            crate::store::schema::integrity_check(store.conn())
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn an_import_is_one_undo_step_and_redo_brings_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let progress = std::sync::Arc::new(Progress::default());
        let first = csv(
            dir.path(),
            "a.csv",
            "Kennzahl;Gebiet;Jahr;Wert\nA;01;2020;1\nA;02;2020;2\n",
        );
        let second = csv(
            dir.path(),
            "b.csv",
            "Kennzahl;Gebiet;Jahr;Wert\nA;01;2020;10\nA;03;2020;3\n",
        );
        import_file(&mut store, &first, &Options::default(), &progress).unwrap();
        let after_first = values(&store);
        let report = import_file(&mut store, &second, &Options::default(), &progress).unwrap();
        assert_eq!((report.inserted, report.updated), (1, 1));
        let after_second = values(&store);
        assert_eq!(
            after_second,
            vec![
                ("01/2020".into(), Some(10.0)),
                ("02/2020".into(), Some(2.0)),
                ("03/2020".into(), Some(3.0))
            ]
        );
        assert_eq!(observation_count(&store), 3);

        assert!(store.undo().unwrap().unwrap().label.contains("b.csv"));
        assert_eq!(values(&store), after_first);
        assert_eq!(observation_count(&store), 2);
        store.undo().unwrap();
        assert!(values(&store).is_empty());
        assert_eq!(observation_count(&store), 0);
        let indicators: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM indicator", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            indicators, 0,
            "the indicator the import created is gone too"
        );

        store.redo().unwrap();
        assert_eq!(values(&store), after_first);
        store.redo().unwrap();
        assert_eq!(values(&store), after_second);
        assert_eq!(observation_count(&store), 3);
        assert!(
            crate::store::counts::verify(store.conn())
                .unwrap()
                .is_none()
        );
    }

    /// Conflicts and repeated rows inside and across batches of the bulk insert.
    #[test]
    fn conflicts_are_found_inside_batches() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let mut text = String::from("Kennzahl;Gebiet;Jahr;Wert\n");
        for index in 0..300 {
            let _ = writeln!(text, "A;{index:03};2020;{index}");
        }
        text.push_str("A;005;2020;999\n"); // Conflicts with line 7 (an earlier batch).
        text.push_str("A;010;2020;10\n"); // Repeats line 12 exactly.
        text.push_str("A;005;2020;5\n"); // Repeats a conflicted key.
        let file = csv(dir.path(), "batch.csv", &text);
        let progress = std::sync::Arc::new(Progress::default());
        let report = import_file(&mut store, &file, &Options::default(), &progress).unwrap();
        assert_eq!(
            (report.inserted, report.unchanged, report.rejected),
            (299, 1, 3),
            "{report:?}"
        );
        let lines: Vec<u64> = report.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![7, 302, 304]);
        assert_eq!(observation_count(&store), 299);
        assert!(
            crate::store::counts::verify(store.conn())
                .unwrap()
                .is_none()
        );
        let again = import_file(&mut store, &file, &Options::default(), &progress).unwrap();
        assert_eq!((again.inserted, again.updated), (0, 0), "{again:?}");
    }

    #[test]
    fn a_conflict_inside_one_batch_keeps_neither_row() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let mut text = String::from("Kennzahl;Gebiet;Jahr;Wert\nA;XX;2020;1\nA;XX;2020;2\n");
        for index in 0..100 {
            let _ = writeln!(text, "A;{index:03};2020;{index}");
        }
        text.push_str("A;XX;2020;1\n");
        let file = csv(dir.path(), "batch.csv", &text);
        let progress = std::sync::Arc::new(Progress::default());
        let report = import_file(&mut store, &file, &Options::default(), &progress).unwrap();
        assert_eq!((report.inserted, report.rejected), (100, 3), "{report:?}");
        assert_eq!(observation_count(&store), 100);
    }

    #[test]
    fn a_cancelled_import_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let file = csv(
            dir.path(),
            "a.csv",
            "Kennzahl;Gebiet;Jahr;Wert\nA;01;2020;1\nA;02;2020;2\n",
        );
        let progress = std::sync::Arc::new(Progress::default());
        progress.cancel.store(true, Ordering::Relaxed);
        assert!(matches!(
            import_file(&mut store, &file, &Options::default(), &progress),
            Err(ImportError::Cancelled)
        ));
        assert!(values(&store).is_empty());
        assert!(store.undo_target().unwrap().is_none());
    }
}
