//! The one way a connection to a project file is set up before anything of the file is
//! read: defensive, no triggers, views or extensions of the file's own, foreign keys on.
//! Opening, creating and the holder's lock test all go through it.

use rusqlite::Connection;
use rusqlite::config::DbConfig;

use super::Result;

/// Hardens a connection before anything of the file is read.
pub(super) fn harden(conn: &Connection) -> Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_WRITABLE_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_FKEY, true)?;
    // Extension loading is off: rusqlite is built without `load_extension`, and SQLite keeps
    // both the C API and the SQL function disabled unless asked.
    conn.execute_batch(
        "PRAGMA busy_timeout = 5000;
         PRAGMA trusted_schema = OFF;
         PRAGMA cell_size_check = ON;
         PRAGMA mmap_size = 0;
         PRAGMA foreign_keys = ON;",
    )?;
    Ok(())
}
