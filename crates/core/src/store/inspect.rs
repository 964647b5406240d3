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
    /// The schema version of the file.
    pub schema_version: i32,
    /// The schema version this build writes.
    pub app_schema_version: i32,
    /// The file's size, in bytes.
    pub file_size_bytes: u64,
    /// Why the file can only be read, as a sentence for the user; set only when a newer
    /// Lernstadt wrote it.
    pub read_only: Option<String>,
    /// When the project was created: RFC 3339 in UTC.
    pub created_at: String,
    /// When an action last changed the project: RFC 3339 in UTC.
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
        Some(reason @ ReadOnlyReason::Newer { .. }) => Some(reason.message(path)),
        _ => None,
    };
    let info = Info {
        path: path.to_owned(),
        name: project.project.name,
        municipality: project.project.municipality,
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
        created_at: project.created_at,
        modified_at: project.modified_at,
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
    let mut problems = super::schema::integrity_check(store.conn())?;
    if let Some((kept, actual)) = super::counts::verify(store.conn())? {
        problems.push(crate::t!("check.counter", kept = kept, actual = actual));
    }
    // What SQLite cannot check: the goal and region trees are trees.
    for (table, label, entity) in [
        ("goal", "title", "entity.goal"),
        ("region", "name", "entity.region"),
    ] {
        for cycle in tree_cycles(store.conn(), table, label)? {
            problems.push(crate::t!(
                "check.cycle",
                kind = crate::i18n::tr(entity),
                cycle = cycle.join(" > ")
            ));
        }
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
    let mut statement = conn.prepare(&format!("SELECT id, parent_id, {label} FROM {table}"))?;
    let rows: Vec<(i64, Option<i64>, String)> = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let parent: std::collections::HashMap<i64, Option<i64>> =
        rows.iter().map(|(id, parent, _)| (*id, *parent)).collect();
    let name: std::collections::HashMap<i64, &str> = rows
        .iter()
        .map(|(id, _, label)| (*id, label.as_str()))
        .collect();
    let mut in_cycle: std::collections::HashSet<i64> = std::collections::HashSet::new();
    let mut cycles = Vec::new();
    for (start, ..) in &rows {
        // Walk up; a row seen twice on the way closes a cycle.
        let mut path: Vec<i64> = Vec::new();
        let mut next = Some(*start);
        while let Some(id) = next {
            if let Some(at) = path.iter().position(|p| *p == id) {
                let cycle = &path[at..];
                if !cycle.iter().any(|id| in_cycle.contains(id)) {
                    in_cycle.extend(cycle.iter().copied());
                    let mut labels: Vec<String> =
                        cycle.iter().map(|id| name[id].to_owned()).collect();
                    labels.push(name[&cycle[0]].to_owned());
                    cycles.push(labels);
                }
                break;
            }
            if path.len() > rows.len() {
                break;
            }
            path.push(id);
            next = parent.get(&id).copied().flatten();
        }
    }
    Ok(cycles)
}
