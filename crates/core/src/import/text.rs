//! Importing text (CSV: a GENESIS flat file or table, a planner's spreadsheet, an entity
//! list) as one action: the file read up to its first record ([`Prepared`]), then its rows
//! written in one transaction; several files as one action ([`import_files`]), each exactly
//! as alone. A workbook's sheets come here as text (`workbook`).

use std::path::Path;
use std::sync::atomic::Ordering;

use super::apply::{Importer, create_import_row};
use super::records::{Next, Records, detect};
use super::shape::{Shaper, check_sheet_roles};
use super::sniff::{Detected, Shape};
use super::values::Symbols;
use super::{
    ImportError, Options, Problem, Progress, Report, entities, genesis, genesis_table, sheet,
};
use crate::store::{ActionKind, Store, StoreError};
use crate::t;

fn new_report(path: &Path, detected: Detected, options: &Options) -> Report {
    Report {
        file: path.to_owned(),
        detected: Some(detected),
        dry_run: options.dry_run,
        ..Report::default()
    }
}

pub(super) fn file_name(path: &Path) -> String {
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

/// Imports a text file (CSV) as one action.
pub(super) fn import_text(
    store: &mut Store,
    path: &Path,
    options: &Options,
    progress: &std::sync::Arc<Progress>,
) -> Result<Report, ImportError> {
    let (detected, header) = detect(path, options)?;
    if let Some(def) = options.entity {
        return import_entities(store, path, def, detected, &header, options);
    }
    let mut prepared = Prepared::new(store, path, options, progress, detected, header)?;
    let symbols = Symbols::load(store.conn())?;
    let author = store.author().to_owned();

    // A large page cache and no per-row foreign-key lookups: every id comes from a lookup
    // in this transaction (see `Store::transact_bulk`).
    let mut cancelled = false;
    let label = format!("import {}", prepared.file_name);
    let outcome = store.transact_bulk(ActionKind::Import, &label, !options.dry_run, |tx| {
        prepared
            .write(tx, symbols, &author, &mut cancelled, None)
            .map(|(changed, _)| changed)
    });
    if cancelled {
        return Err(ImportError::Cancelled);
    }
    let applied = outcome?;
    Ok(prepared.finish(applied))
}

/// A text file read up to its first record, ready to be written in a transaction.
struct Prepared<'o> {
    detected: Detected,
    shaper: Shaper,
    records: Records,
    report: Report,
    file_name: String,
    options: &'o Options,
    progress: std::sync::Arc<Progress>,
}

impl<'o> Prepared<'o> {
    fn new(
        store: &Store,
        path: &Path,
        options: &'o Options,
        progress: &std::sync::Arc<Progress>,
        detected: Detected,
        header: Vec<String>,
    ) -> Result<Self, ImportError> {
        let known_keys: std::collections::HashSet<String> =
            crate::store::regions::list(store.conn())?
                .into_iter()
                .map(|r| r.key)
                .collect();
        let shaper = Shaper::new(path, detected, header, options, &known_keys)?;
        if matches!(detected.shape, Shape::Long | Shape::Wide) {
            check_sheet_roles(path, &shaper.roles, detected.shape)?;
        }
        let records = Records::open(path, detected, progress.clone())?;
        let mut report = new_report(path, detected, options);
        report.values = sheet::values_note(&shaper.roles);
        Ok(Prepared {
            detected,
            shaper,
            records,
            report,
            file_name: file_name(path),
            options,
            progress: progress.clone(),
        })
    }

    /// Writes the file's rows in the running action: whether anything changed, and the
    /// import's id. The ids of every value the file holds go into `seen` when asked for.
    fn write(
        &mut self,
        tx: &mut crate::store::Tx<'_>,
        symbols: Symbols,
        author: &str,
        cancelled: &mut bool,
        seen: Option<&mut std::collections::HashSet<crate::store::observations::Ids>>,
    ) -> crate::store::Result<(bool, i64)> {
        let Prepared {
            detected,
            shaper,
            records,
            report,
            file_name,
            options,
            progress,
        } = self;
        let import_id = create_import_row(tx, file_name, detected.shape, author)?;
        let mut importer = Importer::new(tx, import_id, detected.decimal, symbols, report);
        importer.seen = seen;
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
                *cancelled = true;
                return Err(StoreError::Cancelled);
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
            *cancelled = true;
            return Err(StoreError::Cancelled);
        }
        importer.tx.conn().execute(
            "UPDATE import SET sha256 = ?1 WHERE id = ?2",
            rusqlite::params![records.sha256(), import_id],
        )?;
        // The data date: the table's footer, else what the web service said of the edition.
        let stand = shaper.table.stand.clone().or_else(|| {
            options
                .source
                .as_ref()
                .map(|source| source.data_date.clone())
                .filter(|date| !date.is_empty())
        });
        importer.note_source(stand.as_deref(), shaper.table.licence.as_deref())?;
        if stand.is_some() || shaper.table.licence.is_some() {
            importer.tx.conn().execute(
                "INSERT INTO import_source (import_id, data_date, licence) VALUES (?1, ?2, ?3)",
                rusqlite::params![
                    import_id,
                    stand.as_deref().unwrap_or_default(),
                    shaper.table.licence.as_deref().unwrap_or_default()
                ],
            )?;
        }
        if let Some(source) = table_source(options, detected.shape, &shaper.table, file_name) {
            crate::store::table_sources::insert(importer.tx.conn(), import_id, &source)?;
        }
        if let Some(name) = options.save_mapping.as_deref()
            && matches!(detected.shape, Shape::Long | Shape::Wide)
        {
            save_mapping(importer.tx, name, &shaper.header, &shaper.roles)?;
        }
        let changed = importer.finish()?;
        Ok((changed, import_id))
    }

    /// The report, once the action is over.
    fn finish(mut self, applied: bool) -> Report {
        self.report.note_empty_values();
        self.report.sha256 = self.records.sha256();
        self.report.applied = applied && !self.options.dry_run;
        self.report
    }
}

/// Where the table of an import came from: as the caller says (a fetch), else the code a
/// GENESIS table names in its first line, or a flat file's name as the offices name their
/// downloads (`12411-01-01-4_de_flat.csv`, `12411-0001_1749623349088_de_flat.csv`).
fn table_source(
    options: &Options,
    shape: Shape,
    table: &genesis_table::Table,
    file_name: &str,
) -> Option<crate::store::table_sources::TableSource> {
    if let Some(source) = &options.source {
        return Some(source.clone());
    }
    let code = match shape {
        Shape::GenesisTable => table.code.trim().to_owned(),
        Shape::GenesisFlat => genesis::table_code_of_file_name(file_name)?,
        _ => return None,
    };
    if code.is_empty() {
        return None;
    }
    Some(crate::store::table_sources::TableSource {
        table_code: code,
        parameters: "{}".to_owned(),
        title: table.title.clone(),
        data_date: table.stand.clone().unwrap_or_default(),
        fetched_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        ..Default::default()
    })
}

/// One step of [`import_files`], for the caller to look at the project inside the action.
pub enum Stage<'a, 't> {
    /// Before file `index` is written.
    Before {
        /// The running action.
        tx: &'a crate::store::Tx<'t>,
        /// Which file.
        index: usize,
    },
    /// After file `index` was written as import `import_id`; `seen` holds the ids of every
    /// value the file holds.
    After {
        /// The running action.
        tx: &'a crate::store::Tx<'t>,
        /// Which file.
        index: usize,
        /// The file's import.
        import_id: i64,
        /// The ids of every value of the file.
        seen: &'a std::collections::HashSet<crate::store::observations::Ids>,
    },
}

/// Imports several text files (GENESIS flat or classic tables, spreadsheets) as one action:
/// each file exactly as [`import_file`] imports it, all in one transaction, one undo step.
/// `dry_run` reads and checks everything and writes nothing. `around` is called before and
/// after each file inside the action (a refresh reads there what changed).
pub fn import_files(
    store: &mut Store,
    label: &str,
    files: &[(&Path, &Options)],
    dry_run: bool,
    progress: &std::sync::Arc<Progress>,
    mut around: impl FnMut(Stage<'_, '_>) -> crate::store::Result<()>,
) -> Result<Vec<Report>, ImportError> {
    let mut prepared = Vec::with_capacity(files.len());
    for (path, options) in files {
        let (detected, header) = detect(path, options)?;
        prepared.push(Prepared::new(
            store, path, options, progress, detected, header,
        )?);
    }
    let symbols = Symbols::load(store.conn())?;
    let author = store.author().to_owned();
    let mut cancelled = false;
    let outcome = store.transact_bulk(ActionKind::Import, label, !dry_run, |tx| {
        let mut changed = false;
        for (index, file) in prepared.iter_mut().enumerate() {
            around(Stage::Before { tx, index })?;
            let mut seen = std::collections::HashSet::new();
            let (file_changed, import_id) = file.write(
                tx,
                symbols.clone(),
                &author,
                &mut cancelled,
                Some(&mut seen),
            )?;
            changed |= file_changed;
            around(Stage::After {
                tx,
                index,
                import_id,
                seen: &seen,
            })?;
        }
        Ok(changed)
    });
    if cancelled {
        return Err(ImportError::Cancelled);
    }
    let applied = outcome? && !dry_run;
    Ok(prepared
        .into_iter()
        .map(|file| file.finish(applied))
        .collect())
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
