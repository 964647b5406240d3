//! How many of each entity a project holds, without reading all observations: the number
//! of observations is kept in the `counter` table by the code that writes them.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::Result;

/// The name of the observation counter.
pub const OBSERVATIONS: &str = "observations";

/// Entity counts, as `info` prints them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Number of stakeholders.
    pub stakeholders: i64,
    /// Number of working groups.
    pub working_groups: i64,
    /// Number of goals, at every level.
    pub goals: i64,
    /// Number of measures.
    pub measures: i64,
    /// Number of indicators.
    pub indicators: i64,
    /// Number of regions.
    pub regions: i64,
    /// Number of periods.
    pub periods: i64,
    /// Number of observations, as the `counter` table keeps it.
    pub observations: i64,
    /// Number of imports (rows of the `import` table).
    pub imports: i64,
    /// Number of actions in the change log, of every kind.
    pub actions: i64,
    /// Data values undos of imports hold on their shelves for Redo (in the file, not in the
    /// project's data).
    pub held_for_redo: i64,
}

/// Sets up the counters of a new file.
pub fn initialise(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO counter (name, value) VALUES (?1, 0)",
        [OBSERVATIONS],
    )?;
    Ok(())
}

/// Adds `delta` to a counter (inside the writing transaction).
pub fn add(conn: &Connection, name: &str, delta: i64) -> Result<()> {
    conn.prepare_cached("UPDATE counter SET value = value + ?2 WHERE name = ?1")?
        .execute(params![name, delta])?;
    Ok(())
}

/// Reads a counter.
pub fn get(conn: &Connection, name: &str) -> Result<i64> {
    Ok(
        conn.query_row("SELECT value FROM counter WHERE name = ?1", [name], |row| {
            row.get(0)
        })?,
    )
}

/// Counts every kind of entity; reads only small tables and the counters.
pub fn counts(conn: &Connection) -> Result<Counts> {
    let count = |table: &str| -> Result<i64> {
        Ok(
            conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |row| {
                row.get(0)
            })?,
        )
    };
    Ok(Counts {
        stakeholders: count("stakeholder")?,
        working_groups: count("working_group")?,
        goals: count("goal")?,
        measures: count("measure")?,
        indicators: count("indicator")?,
        regions: count("region")?,
        periods: count("period")?,
        observations: get(conn, OBSERVATIONS)?,
        imports: count("import")?,
        actions: count("action")?,
        held_for_redo: held_for_redo(conn)?,
    })
}

/// The values on shelves that still hold them (what each undo took out is kept with it: no
/// scan of the shelves).
fn held_for_redo(conn: &Connection) -> Result<i64> {
    if !super::shelf::in_file(conn)? {
        return Ok(0);
    }
    Ok(conn.query_row(
        "SELECT coalesce(sum(u.moved), 0) FROM shelf_use u WHERE u.shelf_id = u.action_id
           AND EXISTS (SELECT 1 FROM shelved s WHERE s.action_id = u.action_id)",
        [],
        |row| row.get(0),
    )?)
}

/// Compares the kept observation count with the rows (reads them all: for `check`).
pub fn verify(conn: &Connection) -> Result<Option<(i64, i64)>> {
    let kept = get(conn, OBSERVATIONS)?;
    let actual: i64 = conn.query_row("SELECT count(*) FROM observation", [], |row| row.get(0))?;
    Ok((kept != actual).then_some((kept, actual)))
}
