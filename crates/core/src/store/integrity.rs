//! SQLite's own checks of a file: `quick_check`, and the full `integrity_check` with the
//! foreign keys.

use rusqlite::Connection;

/// Runs `PRAGMA quick_check`; returns the problems found (empty when sound).
pub fn quick_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    check_with(conn, "PRAGMA quick_check")
}

/// Runs `PRAGMA integrity_check` and a foreign-key check; returns the problems found.
pub fn integrity_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut problems = check_with(conn, "PRAGMA integrity_check")?;
    let mut statement = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = statement.query_map([], |row| {
        Ok(format!(
            "foreign key: {} row {} → {}",
            row.get::<_, String>(0)?,
            row.get::<_, Option<i64>>(1)?.unwrap_or_default(),
            row.get::<_, String>(2)?
        ))
    })?;
    for row in rows {
        problems.push(row?);
    }
    Ok(problems)
}

fn check_with(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare(pragma)?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
    let mut problems = Vec::new();
    for row in rows {
        let row = row?;
        if row != "ok" {
            problems.push(row);
        }
    }
    Ok(problems)
}
