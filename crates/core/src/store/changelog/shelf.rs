//! Undoing an import in bulk. The values an import wrote are not in the change log one by
//! one (an import of millions of rows would double the file); undoing it moves them onto
//! the undo's shelf (`shelved`) in a few statements, and redo moves them back and empties
//! the shelf. What each id on a shelf stood for is kept beside it (`shelf_ref`): redo may
//! have made an undone import's new regions and indicators again, under new ids. `shelf_use`
//! says which shelf an undo or redo moved and how many values, so the history can say so
//! and a merge sees the values it took out or put back: those on the shelf while it holds
//! them, the import's own once redo put them back.

use rusqlite::{Connection, OptionalExtension, params};

use super::Tx;
use crate::store::{Result, StoreError, counts, observations};

/// A value's content and origin, the same in `observation` and `shelved`.
const COLUMNS: &str = "value, symbol, quality, note, import_id, import_line";

/// Joins each value on the shelf `s` to what its four ids stood for when the shelf was made
/// (`ri`, `rr`, `rp`, `rb`: the indicator's code, the region's key, the period's code, the
/// breakdown's key).
const NAMED: &str = "JOIN shelf_ref ri ON ri.action_id = s.action_id AND ri.kind = 'indicator' AND ri.old_id = s.indicator_id
     JOIN shelf_ref rr ON rr.action_id = s.action_id AND rr.kind = 'region' AND rr.old_id = s.region_id
     JOIN shelf_ref rp ON rp.action_id = s.action_id AND rp.kind = 'period' AND rp.old_id = s.period_id
     JOIN shelf_ref rb ON rb.action_id = s.action_id AND rb.kind = 'breakdown' AND rb.old_id = s.breakdown_id";

/// A shelved value's key (`indicator|region|period|breakdown`) through [`NAMED`].
const NAMED_KEY: &str = "ri.key || '|' || rr.key || '|' || rp.key || '|' || rb.key";

/// The four references of a value: the shelf's kind, the table, its natural key and the
/// column of `shelved`.
const REFERENCES: [(&str, &str, &str, &str); 4] = [
    ("indicator", "indicator", "code", "indicator_id"),
    ("region", "region", "key", "region_id"),
    ("period", "period", "code", "period_id"),
    ("breakdown", "breakdown", "key", "breakdown_id"),
];

/// Moves the values the imports of action `target` wrote (inserted, or updated: those are
/// put back as they were from the log afterwards) onto the shelf of the running undo.
/// Returns how many.
pub(super) fn take_out(tx: &Tx<'_>, target: i64) -> Result<usize> {
    let conn = tx.conn();
    let shelf = tx.action_id();
    let moved = conn.execute(
        "INSERT INTO shelved (action_id, indicator_id, region_id, period_id, breakdown_id, value, symbol, quality, note, import_id, import_line)
         SELECT ?1, indicator_id, region_id, period_id, breakdown_id, value, symbol, quality, note, import_id, import_line
         FROM observation WHERE import_id IN (SELECT id FROM import WHERE action_id = ?2)",
        params![shelf, target],
    )?;
    if moved == 0 {
        return Ok(0);
    }
    for (kind, table, key, column) in REFERENCES {
        conn.execute(
            &format!(
                "INSERT INTO shelf_ref (action_id, kind, old_id, key)
                 SELECT ?1, '{kind}', t.id, t.{key} FROM {table} t
                 WHERE t.id IN (SELECT {column} FROM shelved WHERE action_id = ?1)"
            ),
            [shelf],
        )?;
    }
    conn.execute(
        "DELETE FROM observation WHERE import_id IN (SELECT id FROM import WHERE action_id = ?1)",
        [target],
    )?;
    counts::add(conn, counts::OBSERVATIONS, -(moved as i64))?;
    finish(tx, shelf, moved)?;
    Ok(moved)
}

/// Whether every id on the shelf stands for the same row now (nothing it refers to was
/// made again under a new id), and how many of its values refer to something that no
/// longer exists.
fn check_refs(conn: &Connection, shelf: i64) -> Result<(bool, i64)> {
    let mut same = true;
    let mut lost = 0;
    for (kind, table, key, column) in REFERENCES {
        let (missing, moved): (i64, i64) = conn.query_row(
            &format!(
                "SELECT count(*) FILTER (WHERE t.id IS NULL), count(*) FILTER (WHERE t.id <> r.old_id)
                 FROM shelf_ref r LEFT JOIN {table} t ON t.{key} = r.key
                 WHERE r.action_id = ?1 AND r.kind = '{kind}'"
            ),
            [shelf],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        same &= moved == 0;
        if missing > 0 {
            lost += conn.query_row(
                &format!(
                    "SELECT count(*) FROM shelved s JOIN shelf_ref r
                       ON r.action_id = s.action_id AND r.kind = '{kind}' AND r.old_id = s.{column}
                     WHERE s.action_id = ?1 AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{key} = r.key)"
                ),
                [shelf],
                |row| row.get::<_, i64>(0),
            )?;
        }
    }
    Ok((same, lost))
}

/// Puts the values on the shelf of the undo `shelf` back (those the log put back already
/// stay as they are). Refused, with how many, when some cannot go back because what they
/// refer to is gone. Returns how many were put back.
pub(super) fn put_back(tx: &Tx<'_>, shelf: i64) -> Result<usize> {
    let conn = tx.conn();
    let on_shelf: i64 = conn.query_row(
        "SELECT count(*) FROM shelf_use WHERE action_id = ?1 AND shelf_id = ?1",
        [shelf],
        |row| row.get(0),
    )?;
    if on_shelf == 0 {
        return Ok(0);
    }
    // A breakdown is reference data, made again when needed.
    for key in &referred(conn, shelf, "breakdown")? {
        observations::ensure_breakdown(conn, key)?;
    }
    let (same, lost) = check_refs(conn, shelf)?;
    if lost > 0 {
        return Err(StoreError::Invalid {
            message: crate::t!("store.shelf.lost", count = crate::i18n::format_int(lost)),
        });
    }
    let restored = if same {
        // Nothing made again: the rows go back as they are.
        conn.execute(
            &format!(
                "INSERT OR IGNORE INTO observation (indicator_id, region_id, period_id, breakdown_id, {COLUMNS})
                 SELECT indicator_id, region_id, period_id, breakdown_id, {COLUMNS} FROM shelved WHERE action_id = ?1"
            ),
            [shelf],
        )?
    } else {
        conn.execute(
            &format!(
                "INSERT OR IGNORE INTO observation (indicator_id, region_id, period_id, breakdown_id, {COLUMNS})
                 SELECT i.id, r.id, p.id, b.id, s.value, s.symbol, s.quality, s.note, s.import_id, s.import_line
                 FROM shelved s {NAMED}
                 JOIN indicator i ON i.code = ri.key JOIN region r ON r.key = rr.key
                 JOIN period p ON p.code = rp.key JOIN breakdown b ON b.key = rb.key
                 WHERE s.action_id = ?1"
            ),
            [shelf],
        )?
    };
    counts::add(conn, counts::OBSERVATIONS, restored as i64)?;
    finish(tx, shelf, restored)?;
    // The values are the import's again: the shelf is emptied (its references stay, for
    // what the history and a merge read).
    conn.execute("DELETE FROM shelved WHERE action_id = ?1", [shelf])?;
    Ok(restored)
}

/// The keys of one kind (`indicator`, `breakdown` …) the values on a shelf refer to.
fn referred(conn: &Connection, shelf: i64, kind: &str) -> Result<Vec<String>> {
    let mut statement =
        conn.prepare_cached("SELECT key FROM shelf_ref WHERE action_id = ?1 AND kind = ?2")?;
    let rows = statement.query_map(params![shelf, kind], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records the move for the running action and has the computed indicators that read the
/// moved values computed again.
fn finish(tx: &Tx<'_>, shelf: i64, moved: usize) -> Result<()> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO shelf_use (action_id, shelf_id, moved) VALUES (?1, ?2, ?3)",
        params![tx.action_id(), shelf, moved as i64],
    )?;
    for code in &referred(conn, shelf, "indicator")? {
        tx.touch(code);
    }
    tx.count_bulk_changes(moved);
    Ok(())
}

/// The keys (`indicator|region|period|breakdown`) of the values the action `action` took
/// out or put back in bulk: those on its shelf while it holds them (named as when it was
/// made: then with the shelf's action, whose start the names are of), else — redo put them
/// back — those the undone import's values have now (with `None`: named as now). None in a
/// file older than version 8.
pub fn moved_keys(conn: &Connection, action: i64) -> Result<(Vec<String>, Option<i64>)> {
    if !in_file(conn)? {
        return Ok((Vec::new(), None));
    }
    let shelf: Option<i64> = conn
        .query_row(
            "SELECT shelf_id FROM shelf_use WHERE action_id = ?1",
            [action],
            |row| row.get(0),
        )
        .optional()?;
    let Some(shelf) = shelf else {
        return Ok((Vec::new(), None));
    };
    let held: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM shelved WHERE action_id = ?1)",
        [shelf],
        |row| row.get(0),
    )?;
    let sql = if held {
        format!("SELECT {NAMED_KEY} FROM shelved s {NAMED} WHERE s.action_id = ?1")
    } else {
        "SELECT i.code || '|' || r.key || '|' || p.code || '|' || b.key FROM observation o
         JOIN indicator i ON i.id = o.indicator_id JOIN region r ON r.id = o.region_id
         JOIN period p ON p.id = o.period_id JOIN breakdown b ON b.id = o.breakdown_id
         WHERE o.import_id IN (SELECT m.id FROM import m JOIN action a ON a.target_action_id = m.action_id
                               WHERE a.id = ?1)".to_owned()
    };
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([shelf], |row| row.get(0))?;
    Ok((
        rows.collect::<rusqlite::Result<_>>()?,
        held.then_some(shelf),
    ))
}

/// The values the undo `action` holds on its shelf, by key (named as when it was made),
/// each as `{value, symbol, quality, note}`: what they were before the undo took them out.
/// Empty once redo put them back, and for any other action.
pub fn held_values(conn: &Connection, action: i64) -> Result<Vec<(String, serde_json::Value)>> {
    if !in_file(conn)? {
        return Ok(Vec::new());
    }
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {NAMED_KEY}, s.value, s.symbol, s.quality, s.note
         FROM shelf_use u JOIN shelved s ON s.action_id = u.shelf_id AND u.shelf_id = u.action_id
         {NAMED} WHERE u.action_id = ?1"
    ))?;
    let rows = statement.query_map([action], |row| {
        Ok((
            row.get::<_, String>(0)?,
            serde_json::json!({
                "value": row.get::<_, Option<f64>>(1)?,
                "symbol": row.get::<_, Option<String>>(2)?,
                "quality": row.get::<_, Option<String>>(3)?,
                "note": row.get::<_, Option<String>>(4)?,
            }),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many values the action `action` moved in bulk: `Some((true, n))` when it took `n`
/// out (an undo of an import), `Some((false, n))` when it put `n` back (a redo); `None` when
/// it moved none.
pub fn moved(conn: &Connection, action: i64) -> Result<Option<(bool, i64)>> {
    if !in_file(conn)? {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            "SELECT shelf_id = action_id, moved FROM shelf_use WHERE action_id = ?1",
            [action],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?)
}

/// Whether the file has shelves: an older file looked at without upgrading it has none.
pub fn in_file(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'shelf_use')",
        [],
        |row| row.get(0),
    )?)
}

/// Forgets every shelf (a copy without history).
pub fn clear(conn: &Connection) -> Result<()> {
    conn.execute_batch("DELETE FROM shelf_use; DELETE FROM shelf_ref; DELETE FROM shelved;")?;
    Ok(())
}
