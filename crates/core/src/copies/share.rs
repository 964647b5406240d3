//! A copy to send by e-mail: compact, complete, safe to open, and — when asked — free of
//! personal data and of the change log.
//!
//! The source is read through the store (so a damaged or foreign file is refused), copied
//! with SQLite's backup API to a staging file in a private temporary folder
//! ([`super::staging`]: never beside the destination, where a killed run would leave every
//! e-mail address), cleaned there with `secure_delete` on, then copied once more with
//! `VACUUM INTO` so that no free page keeps an old value, checked, and moved into place. The
//! destination never exists half-written and no staging file or journal is left behind.

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

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Writes the copy of `source` to `destination` (replacing a file there), staged in the
/// system's temporary folder.
pub fn share_copy(
    source: &Path,
    destination: &Path,
    options: ShareOptions,
    host: &crate::store::Host,
    progress: &crate::progress::Progress,
) -> Result<ShareReport> {
    share_copy_staged_in(
        source,
        destination,
        options,
        host,
        progress,
        &std::env::temp_dir(),
    )
}

/// [`share_copy`], staged in a private folder made under `temporary` (what killed copies
/// left there and beside `destination` is removed first).
pub fn share_copy_staged_in(
    source: &Path,
    destination: &Path,
    options: ShareOptions,
    host: &crate::store::Host,
    progress: &crate::progress::Progress,
    temporary: &Path,
) -> Result<ShareReport> {
    // Never over the project it copies (under whatever name or link).
    if crate::store::output::is_same_file(source, destination) {
        return Err(StoreError::Invalid {
            message: crate::t!("output.error.same_project", path = destination.display()),
        });
    }
    let store = Store::open(source, OpenMode::ReadOnly, host)?;
    super::staging::sweep(temporary, destination);
    let staging = super::staging::Staging::new(temporary)?;
    let stage = staging.file("stage");
    let clean = staging.file("clean");
    let result = (|| {
        // The source stays read-only: its pages are copied with the backup API (the free
        // pages too — the second `VACUUM INTO` below leaves them behind).
        let mut conn = Connection::open(crate::store::sqlite_path::sqlite_path(&stage))?;
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
            conn.execute(
                "VACUUM INTO ?1",
                [crate::store::sqlite_path::sqlite_path(&clean).to_string_lossy()],
            )?;
            conn.close().map_err(|(_, e)| StoreError::from(e))?;
        }
        // The copy must open like any project file before it takes the destination's name.
        Store::open(&clean, OpenMode::ReadOnly, host)?.close()?;
        progress.check()?;
        super::staging::place(&clean, destination)?;
        report.bytes = std::fs::metadata(destination)
            .map_err(io(destination))?
            .len();
        Ok(report)
    })();
    // The staging folder goes with everything in it.
    drop(staging);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copies::staging::tests::names;
    use crate::model::{Engagement, Stakeholder, StakeholderKind, new_uuid};

    /// A project with one stakeholder whose e-mail address the copy must not leave behind.
    fn project(dir: &Path) -> PathBuf {
        let path = dir.join("p.lernstadt");
        let host = crate::store::Host::default();
        let mut store = Store::create(&path, "P", &host).expect("a new project");
        store
            .transact(crate::store::ActionKind::Edit, "stakeholder", |tx| {
                tx.insert(&Stakeholder {
                    uuid: new_uuid(),
                    name: "Jugendamt".to_owned(),
                    kind: StakeholderKind::YouthWelfare,
                    education_areas: vec![crate::model::EducationArea::EarlyChildhood],
                    description: String::new(),
                    influence: 3,
                    interest: 3,
                    engagement: Engagement::Consult,
                    tags: Vec::new(),
                    contact_person: "Erika Muster".to_owned(),
                    email: "erika@example.org".to_owned(),
                    phone: String::new(),
                })
            })
            .expect("a stakeholder");
        store.close().expect("closed");
        path
    }

    /// A copy that fails half-way (cancelled after its first stage, which holds every
    /// e-mail address) leaves nothing beside the destination and nothing in the temporary
    /// folder; one that runs through leaves only the copy, without the address.
    #[test]
    fn a_failed_copy_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("a folder");
        let source = project(dir.path());
        let out = tempfile::tempdir().expect("a folder");
        let temporary = tempfile::tempdir().expect("a folder");
        let destination = out.path().join("kopie.lernstadt");
        let options = ShareOptions {
            without_personal_data: true,
            ..ShareOptions::default()
        };
        let host = crate::store::Host::default();
        let cancelled = crate::progress::Progress::default();
        cancelled.cancel();
        let result = share_copy_staged_in(
            &source,
            &destination,
            options,
            &host,
            &cancelled,
            temporary.path(),
        );
        assert!(matches!(result, Err(StoreError::Cancelled)), "{result:?}");
        assert!(names(out.path()).is_empty(), "{:?}", names(out.path()));
        assert!(names(temporary.path()).is_empty());

        let progress = crate::progress::Progress::default();
        share_copy_staged_in(
            &source,
            &destination,
            options,
            &host,
            &progress,
            temporary.path(),
        )
        .expect("a copy");
        assert_eq!(names(out.path()), ["kopie.lernstadt"]);
        assert!(names(temporary.path()).is_empty());
        let bytes = std::fs::read(&destination).expect("the copy");
        assert!(!bytes.windows(7).any(|w| w == b"example"), "no address");
    }
}
