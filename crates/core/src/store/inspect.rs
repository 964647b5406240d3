//! What `info` and `check` report of a project file, for the command line and the window.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::counts::Counts;
use super::{
    Host, OpenMode, ReadOnlyReason, Result, SCHEMA_VERSION, Store, StoreError, TrustCache,
};

/// What `info` reports.
#[derive(Debug, Serialize)]
pub struct Info {
    /// The file reported on.
    pub path: PathBuf,
    /// The project's name.
    pub name: String,
    /// The project's municipality.
    pub municipality: String,
    /// The project's official region key (AGS or ARS); empty when not set.
    pub region_key: String,
    /// The name of the region with that key among the project's regions; `None` before
    /// its data is imported.
    pub region_name: Option<String>,
    /// The schema version of the file.
    pub schema_version: i32,
    /// The schema version this build writes.
    pub app_schema_version: i32,
    /// The file's size, in bytes.
    pub file_size_bytes: u64,
    /// Why the file can only be read, as a sentence for the user; set only when a newer
    /// Lernstadt wrote it.
    pub read_only: Option<String>,
    /// When the project was created: RFC 3339 in local time, with the offset.
    pub created_at: String,
    /// When an action last changed the project: RFC 3339 in local time, with the offset.
    pub modified_at: String,
    /// Who made that last change (the action's author).
    pub modified_by: String,
    /// How many of each entity the project holds.
    pub counts: Counts,
}

/// Reads what `info` reports, without changing the file.
pub fn info(path: &Path, host: &Host) -> Result<Info> {
    let store = Store::open(path, OpenMode::ReadOnly, host)?;
    let project = super::project::get(store.conn())?;
    let counts = super::counts::counts(store.conn())?;
    let read_only = match store.read_only() {
        Some(reason @ (ReadOnlyReason::Newer { .. } | ReadOnlyReason::Damaged { .. })) => {
            Some(reason.message(path))
        }
        _ => None,
    };
    let info = Info {
        path: path.to_owned(),
        name: project.project.name,
        municipality: project.project.municipality,
        region_name: super::regions::region_name(store.conn(), &project.project.region_key)?,
        region_key: project.project.region_key,
        schema_version: store.file_version(),
        app_schema_version: SCHEMA_VERSION,
        file_size_bytes: std::fs::metadata(path)
            .map_err(|source| StoreError::Io {
                path: path.to_owned(),
                source,
            })?
            .len(),
        read_only,
        created_at: crate::i18n::local_rfc3339(&project.created_at),
        modified_at: crate::i18n::local_rfc3339(&project.modified_at),
        modified_by: project.modified_by,
        counts,
    };
    store.close()?;
    Ok(info)
}

/// What `check` found.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    /// The file checked.
    pub path: PathBuf,
    /// Whether the check found no problems.
    pub ok: bool,
    /// The schema version of the file.
    pub schema_version: i32,
    /// What the integrity check, the foreign-key check and the observation counter found, one
    /// problem each; empty when sound.
    pub problems: Vec<String>,
    /// How many of each entity the project holds.
    pub counts: Counts,
}

/// Checks a file thoroughly: header, schema, full integrity check, foreign keys, counters.
/// The check runs whatever `host`'s trust cache says; a sound file is recorded in it.
pub fn check(path: &Path, host: &Host) -> Result<CheckReport> {
    let untrusting = Host::new(host.author.clone(), TrustCache::none());
    let store = Store::open(path, OpenMode::ReadOnly, &untrusting)?;
    let mut problems = super::integrity::integrity_check(store.conn())?;
    if let Some((kept, actual)) = super::counts::verify(store.conn())? {
        problems.push(crate::t!("check.counter", kept = kept, actual = actual));
    }
    // What SQLite cannot check: the trees are trees, every formula can be computed (it
    // parses, names indicators that exist, loops through no other formula back to
    // itself), the history reaches every entity.
    for problem in super::problems::structural(store.conn())?
        .into_iter()
        .chain(super::problems::unlogged(store.conn())?)
    {
        problems.push(match problem {
            super::problems::Problem::Formula { .. }
            | super::problems::Problem::FormulaLoop { .. } => {
                crate::t!("check.formula_repair", problem = problem.message())
            }
            _ => problem.message(),
        });
    }
    let counts = super::counts::counts(store.conn())?;
    let report = CheckReport {
        path: path.to_owned(),
        ok: problems.is_empty(),
        schema_version: store.file_version(),
        problems,
        counts,
    };
    store.close()?;
    if report.ok {
        host.trust.record_written(path);
    }
    Ok(report)
}

/// The cycles in a tree table (`parent_id` pointing back to a row's own descendants), each
/// once, as the labels around it with the first repeated at the end: such rows reach no top
/// and would fall out of every view and the report.
pub fn tree_cycles(
    conn: &rusqlite::Connection,
    table: &str,
    label: &str,
) -> Result<Vec<Vec<String>>> {
    Ok(super::problems::cycles(conn, table, label)?
        .into_iter()
        .map(|members| {
            let mut labels: Vec<String> = members.into_iter().map(|(_, l)| l).collect();
            labels.push(labels[0].clone());
            labels
        })
        .collect())
}
