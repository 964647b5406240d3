//! A copy to send by e-mail: compact, complete, safe to open, and — when asked — free of
//! personal data and of the change log.
//!
//! The source is read through the store (so a damaged or foreign file is refused), copied
//! with SQLite's backup API to a staging file beside the destination, cleaned there with
//! `secure_delete` on, then copied once more with `VACUUM INTO` so that no free page keeps
//! an old value, checked, and renamed into place. The destination never exists half-written
//! and no staging file or journal is left behind.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;

use crate::store::{OpenMode, Result, Store, StoreError};

/// What to leave out of the copy.
#[derive(Clone, Copy, Debug, Default)]
pub struct ShareOptions {
    /// Empty every field marked personal (contact persons, e-mail addresses, telephone
    /// numbers) everywhere in the file, including the change log, and replace the names
    /// of the people who made changes with neutral ones ("Person 1").
    pub without_personal_data: bool,
    /// Leave out the change log (the copy can then not be merged back).
    pub without_history: bool,
    /// A copy for publication: values the project's protection rule hides are replaced by
    /// `.` in the copy's tables, and the change log (which holds the stored values) is left
    /// out.
    pub for_publication: bool,
}

/// What the copy holds.
#[derive(Clone, Debug, Serialize)]
pub struct ShareReport {
    /// Where the copy was written.
    pub path: PathBuf,
    /// The copy's size in bytes.
    pub bytes: u64,
    /// Personal values emptied in tables and the change log.
    pub personal_values_removed: u64,
    /// People whose names were replaced.
    pub people_renamed: u64,
    /// Actions of the change log left out.
    pub actions_removed: u64,
    /// Values hidden because the protection rule says so (a copy for publication).
    pub values_hidden: u64,
}

/// The name an action gets when its text may have held personal data.
pub const PERSONAL_LABEL: &str = "share.personal_removed";

fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{}.{suffix}", std::process::id()));
    PathBuf::from(name)
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Writes the copy of `source` to `destination` (replacing a file there).
pub fn share_copy(
    source: &Path,
    destination: &Path,
    options: ShareOptions,
    host: &crate::store::Host,
    progress: &crate::progress::Progress,
) -> Result<ShareReport> {
    // Never over the project it copies (under whatever name or link).
    if crate::store::output::is_same_file(source, destination) {
        return Err(StoreError::Invalid {
            message: crate::t!("output.error.same_project", path = destination.display()),
        });
    }
    let store = Store::open(source, OpenMode::ReadOnly, host)?;
    let stage = beside(destination, "stage");
    let clean = beside(destination, "clean");
    let result = (|| {
        for path in [&stage, &clean] {
            remove_with_journal(path);
        }
        // The source stays read-only: its pages are copied with the backup API (the free
        // pages too — the second `VACUUM INTO` below leaves them behind).
        let mut conn = Connection::open(&stage)?;
        {
            let backup = rusqlite::backup::Backup::new(store.conn(), &mut conn)?;
            while backup.step(1024)? != rusqlite::backup::StepResult::Done {
                let pages = backup.progress();
                progress.start(pages.pagecount.max(0) as u64);
                progress.advance((pages.pagecount - pages.remaining).max(0) as u64);
                progress.check()?;
            }
        }
        let mut report = ShareReport {
            path: destination.to_owned(),
            bytes: 0,
            personal_values_removed: 0,
            people_renamed: 0,
            actions_removed: 0,
            values_hidden: 0,
        };
        // What a publication hides, worked out on the source as it is stored.
        let hidden = match crate::published::rule(store.conn())? {
            Some(rule) if options.for_publication => Some((
                crate::published::hidden_places(store.conn(), &rule)?,
                crate::published::note(&rule),
            )),
            _ => None,
        };
        {
            conn.execute_batch("PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON;")?;
            let tx = conn.transaction()?;
            // A copy for publication leaves out personal data too.
            if options.without_personal_data || options.for_publication {
                remove_personal_data(&tx, &mut report)?;
                report.personal_values_removed += super::contacts::remove(&tx)?;
            }
            if let Some((places, note)) = &hidden {
                report.values_hidden = hide(&tx, places, note)?;
            }
            if options.without_history || options.for_publication {
                let actions: i64 = tx.query_row("SELECT count(*) FROM action", [], |r| r.get(0))?;
                report.actions_removed = actions as u64;
                crate::store::shelf::clear(&tx)?;
                tx.execute_batch(
                    "DELETE FROM change; UPDATE import SET action_id = NULL; DELETE FROM action;",
                )?;
            }
            tx.commit()?;
            progress.check()?;
            conn.execute("VACUUM INTO ?1", [clean.to_string_lossy()])?;
            conn.close().map_err(|(_, e)| StoreError::from(e))?;
        }
        // The copy must open like any project file before it takes the destination's name.
        Store::open(&clean, OpenMode::ReadOnly, host)?.close()?;
        progress.check()?;
        std::fs::rename(&clean, destination).map_err(io(destination))?;
        report.bytes = std::fs::metadata(destination)
            .map_err(io(destination))?
            .len();
        Ok(report)
    })();
    for path in [&stage, &clean] {
        remove_with_journal(path);
    }
    store.close()?;
    result
}

/// Replaces the values at `places` by `.` with the note, in the copy.
fn hide(
    tx: &rusqlite::Transaction<'_>,
    places: &std::collections::HashSet<(String, String, String, String)>,
    note: &str,
) -> Result<u64> {
    let mut statement = tx.prepare(
        "UPDATE observation SET value = NULL, symbol = '.', quality = NULL, note = ?5, import_line = NULL
         WHERE indicator_id = (SELECT id FROM indicator WHERE code = ?1)
         AND region_id = (SELECT id FROM region WHERE key = ?2)
         AND period_id = (SELECT id FROM period WHERE code = ?3)
         AND breakdown_id = (SELECT id FROM breakdown WHERE key = ?4)",
    )?;
    let mut hidden = 0;
    for (code, region, period, breakdown) in places {
        hidden +=
            statement.execute(rusqlite::params![code, region, period, breakdown, note])? as u64;
    }
    Ok(hidden)
}

fn remove_with_journal(path: &Path) {
    let _ = std::fs::remove_file(path);
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    let _ = std::fs::remove_file(PathBuf::from(journal));
}

fn remove_personal_data(tx: &rusqlite::Transaction<'_>, report: &mut ShareReport) -> Result<()> {
    let columns = crate::model::meta::personal_columns();
    let mut tables: Vec<&str> = columns.iter().map(|(table, _)| *table).collect();
    tables.dedup();
    for table in tables {
        let fields: Vec<&str> = columns
            .iter()
            .filter(|(t, _)| *t == table)
            .map(|(_, field)| *field)
            .collect();
        for field in &fields {
            report.personal_values_removed += tx.execute(
                &format!("UPDATE \"{table}\" SET \"{field}\" = '' WHERE \"{field}\" <> ''"),
                [],
            )? as u64;
        }
        // Actions that changed a personal field may name its value in their text.
        let paths: Vec<String> = fields.iter().map(|f| format!("'$.{f}'")).collect();
        let touched: Vec<String> = fields
            .iter()
            .flat_map(|f| {
                [
                    format!("json_type(before, '$.{f}') IS NOT NULL"),
                    format!("json_type(after, '$.{f}') IS NOT NULL"),
                ]
            })
            .collect();
        tx.execute(
            &format!(
                "UPDATE action SET label = ?1 WHERE id IN (SELECT action_id FROM change WHERE entity_kind = ?2 AND ({}))",
                touched.join(" OR ")
            ),
            rusqlite::params![PERSONAL_LABEL, table],
        )?;
        let paths = paths.join(", ");
        report.personal_values_removed += tx.execute(
            &format!(
                "UPDATE change SET before = json_remove(before, {paths}), after = json_remove(after, {paths})
                 WHERE entity_kind = ?1 AND ({})",
                touched.join(" OR ")
            ),
            [table],
        )? as u64;
        // A change of personal fields only has nothing left to say.
        tx.execute(
            "DELETE FROM change WHERE entity_kind = ?1 AND before = '{}' AND after = '{}'",
            [table],
        )?;
    }
    // The people who made changes: the same neutral name for the same person everywhere.
    let mut people: Vec<String> = Vec::new();
    for sql in [
        "SELECT DISTINCT author FROM action",
        "SELECT DISTINCT imported_by FROM import",
        "SELECT modified_by FROM project",
    ] {
        let mut statement = tx.prepare(sql)?;
        for name in statement.query_map([], |row| row.get::<_, String>(0))? {
            let name = name?;
            if !name.is_empty() && !people.contains(&name) {
                people.push(name);
            }
        }
    }
    for (number, name) in people.iter().enumerate() {
        let neutral = crate::t!("share.person", number = number + 1);
        tx.execute(
            "UPDATE action SET author = ?2 WHERE author = ?1",
            [name, &neutral],
        )?;
        tx.execute(
            "UPDATE import SET imported_by = ?2 WHERE imported_by = ?1",
            [name, &neutral],
        )?;
        tx.execute(
            "UPDATE project SET modified_by = ?2 WHERE modified_by = ?1",
            [name, &neutral],
        )?;
    }
    report.people_renamed = people.len() as u64;
    Ok(())
}
