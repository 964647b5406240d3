//! Creating the current schema in an empty database, in one transaction.

use rusqlite::Connection;

use super::{CURRENT_VERSION, SCHEMA};
use crate::store::{APPLICATION_ID, Result};

/// Creates the current schema in an empty database.
pub fn initialise(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA journal_mode = DELETE;")?;
    conn.execute_batch("BEGIN IMMEDIATE;")?;
    let result = (|| {
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {CURRENT_VERSION};"
        ))?;
        crate::store::symbols::insert_defaults(conn)?;
        crate::store::counts::initialise(conn)?;
        Ok(())
    })();
    finish(conn, result)
}

/// Commits the transaction when `result` is a success, else rolls it back.
pub(super) fn finish(conn: &Connection, result: Result<()>) -> Result<()> {
    match result {
        Ok(()) => {
            conn.execute_batch("COMMIT;")?;
            Ok(())
        }
        Err(error) => {
            let _ = conn.execute_batch("ROLLBACK;");
            Err(error)
        }
    }
}
