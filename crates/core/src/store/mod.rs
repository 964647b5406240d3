//! The project file: opening it safely, creating it, migrating it, and every query.
//!
//! A `.lernstadt` file is an SQLite database in rollback-journal mode (never WAL), so the file
//! is whole on its own whenever no action is running. Every user action is one transaction
//! (see [`changelog`]); there is no "Save".
//!
//! Opening is defensive, because files arrive by e-mail from anyone: the file is first
//! examined through a read-only connection with SQLite's defensive mode, untrusted schema,
//! no triggers, no views and no extensions; its header, integrity and schema are checked,
//! and only a file that passes is opened for writing. A refused file is never modified.

pub mod changelog;
pub mod counts;
pub mod derive;
pub mod entity;
mod error;
pub mod goals;
pub mod host;
pub mod indicators;
pub mod inspect;
mod links;
pub mod mappings;
pub mod measures;
pub mod observations;
pub mod periods;
pub mod problems;
pub mod project;
pub mod regions;
pub mod schema;
pub mod social;
pub mod stakeholders;
pub mod symbols;
pub mod watch;
pub mod working_groups;

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

pub use changelog::{ActionKind, ActionSummary, Change, Tx, shelf};
pub use error::{ReadOnlyReason, Result, StoreError};
pub use host::{Host, TrustCache};

/// `PRAGMA application_id` of every Lernstadt file: the bytes `LRNS`.
pub const APPLICATION_ID: i32 = 0x4C52_4E53;

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i32 = schema::CURRENT_VERSION;

/// The file name extension of project files.
pub const EXTENSION: &str = "lernstadt";

/// How to open a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    /// For editing; an older file is migrated (after a backup copy is written).
    ReadWrite,
    /// For looking only: nothing is ever written, an older file is not migrated.
    ReadOnly,
    /// For repairing a file with problems ([`problems`]): opened for writing despite them.
    Repair,
}

/// What happened while opening, for the user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenNotes {
    /// The file was migrated from this version; the backup copy is at `backup`.
    pub migrated_from: Option<i32>,
    /// Where the backup copy of the file from before the migration was written.
    pub backup: Option<PathBuf>,
    /// A rollback journal of an interrupted action was found and rolled back.
    pub recovered: bool,
    /// The integrity check ran (it is skipped for a file this installation verified or
    /// wrote last and that has not changed since).
    pub integrity_checked: bool,
}

/// An open project file.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    read_only: Option<ReadOnlyReason>,
    file_version: i32,
    host: Host,
    generation: u64,
    notes: OpenNotes,
    seen: watch::Seen,
    /// What the last action computed, by indicator code.
    derived: std::collections::BTreeMap<String, derive::Derived>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

/// Hardens a connection before anything of the file is read.
fn harden(conn: &Connection) -> Result<()> {
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

/// The facts read from a file's 100-byte header, before SQLite sees it.
struct Header {
    page_size: u64,
    page_count: u64,
    page_count_valid: bool,
    wal: bool,
    user_version: i32,
    application_id: i32,
}

fn read_header(path: &Path) -> Result<(Header, u64)> {
    use std::io::Read;
    let io = |source| StoreError::Io {
        path: path.to_owned(),
        source,
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::NotFound {
                path: path.to_owned(),
            });
        }
        Err(e) => return Err(io(e)),
    };
    if metadata.is_dir() {
        return Err(StoreError::NotSqlite {
            path: path.to_owned(),
        });
    }
    let mut bytes = [0_u8; 100];
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut read = 0;
    while read < bytes.len() {
        let n = file.read(&mut bytes[read..]).map_err(io)?;
        if n == 0 {
            break;
        }
        read += n;
    }
    if read < 100 || &bytes[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotSqlite {
            path: path.to_owned(),
        });
    }
    let be32 =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let raw_page_size = u16::from_be_bytes([bytes[16], bytes[17]]);
    let page_size = if raw_page_size == 1 {
        65_536
    } else {
        u64::from(raw_page_size)
    };
    let header = Header {
        page_size,
        page_count: u64::from(be32(28)),
        // The in-header page count is valid when the change counter matches
        // "version-valid-for" (SQLite file format, section 1.3.7).
        page_count_valid: be32(24) == be32(92) && be32(28) != 0,
        wal: bytes[18] == 2 || bytes[19] == 2,
        user_version: be32(60) as i32,
        application_id: be32(68) as i32,
    };
    Ok((header, metadata.len()))
}

/// Whether the file at `path` is a Lernstadt project by its first bytes (an SQLite header
/// with Lernstadt's `application_id`), whatever its name — what a dropped or double-clicked
/// file is checked with before it is opened rather than imported.
#[must_use]
pub fn is_project(path: &Path) -> bool {
    read_header(path).is_ok_and(|(header, _)| header.application_id == APPLICATION_ID)
}

/// The path of a file's rollback journal.
fn journal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-journal");
    PathBuf::from(name)
}

impl Store {
    /// Opens a project file, checking it first; see the module documentation. The full
    /// integrity check is skipped for a file `host`'s trust cache says is unchanged since
    /// this installation verified or wrote it.
    pub fn open(path: &Path, mode: OpenMode, host: &Host) -> Result<Store> {
        let trust = &host.trust;
        let path_buf = path.to_owned();
        let mut notes = OpenNotes::default();
        let (header, len) = read_header(path)?;
        if header.application_id != APPLICATION_ID {
            return Err(StoreError::Foreign { path: path_buf });
        }
        if header.wal {
            return Err(StoreError::WalMode { path: path_buf });
        }
        if journal_path(path).exists() {
            // An action was interrupted (crash, kill, power loss). SQLite rolls the file
            // back to its state before the action on the first read through a writable
            // connection; a read-only one would refuse.
            // Rolling back restores the file as it was before that action: it is SQLite's own
            // protocol, done for read-only opens too, and only for a file with our id.
            {
                let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
                harden(&conn)?;
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
                    row.get::<_, i64>(0)
                })
                .map_err(|e| StoreError::Corrupt {
                    path: path_buf.clone(),
                    detail: e.to_string(),
                })?;
                // A journal SQLite did not roll back was not hot: the process died before
                // it wrote anything into the file. With an exclusive lock (no one else is
                // reading or writing) it is left-over and goes.
                if journal_path(path).exists() && conn.execute_batch("BEGIN EXCLUSIVE;").is_ok() {
                    let _ = std::fs::remove_file(journal_path(path));
                    let _ = conn.execute_batch("COMMIT;");
                }
                drop(conn);
                notes.recovered = true;
            }
        }
        let (header, len) = if notes.recovered {
            read_header(path)?
        } else {
            (header, len)
        };
        if header.page_count_valid {
            let expected_bytes = header.page_count * header.page_size;
            if len < expected_bytes {
                return Err(StoreError::Truncated {
                    path: path_buf,
                    actual_bytes: len,
                    expected_bytes,
                });
            }
        }
        if len % header.page_size != 0 {
            return Err(StoreError::Truncated {
                path: path_buf,
                actual_bytes: len,
                expected_bytes: len.div_ceil(header.page_size) * header.page_size,
            });
        }

        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::Corrupt {
            path: path_buf.clone(),
            detail: e.to_string(),
        })?;
        harden(&conn)?;
        conn.execute_batch("PRAGMA query_only = ON;")?;
        let corrupt = |e: rusqlite::Error| StoreError::Corrupt {
            path: path_buf.clone(),
            detail: e.to_string(),
        };

        if !trust.is_trusted(path) {
            let problems = schema::quick_check(&conn).map_err(corrupt)?;
            if !problems.is_empty() {
                return Err(StoreError::Corrupt {
                    path: path_buf,
                    detail: problems.join("; "),
                });
            }
            notes.integrity_checked = true;
        }
        let file_version = header.user_version;
        schema::verify(&conn, file_version, &path_buf)?;

        let problems = if mode == OpenMode::Repair || file_version > SCHEMA_VERSION {
            Vec::new()
        } else {
            problems::structural(&conn)?
        };
        let read_only = if file_version > SCHEMA_VERSION {
            Some(ReadOnlyReason::Newer { file_version })
        } else if !problems.is_empty() {
            Some(ReadOnlyReason::Damaged { problems })
        } else if mode == OpenMode::ReadOnly {
            Some(ReadOnlyReason::Requested)
        } else {
            None
        };
        if read_only.is_some() {
            let store =
                Store::from_parts(conn, Some(path_buf), read_only, file_version, notes, host);
            return Ok(store);
        }
        drop(conn);

        if file_version < SCHEMA_VERSION {
            let backup = schema::backup_path(path, file_version);
            std::fs::copy(path, &backup).map_err(|source| StoreError::Io {
                path: backup.clone(),
                source,
            })?;
            notes.backup = Some(backup);
            notes.migrated_from = Some(file_version);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        harden(&conn)?;
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            if file_version < SCHEMA_VERSION {
                return Err(StoreError::ReadOnly {
                    reason: ReadOnlyReason::NotWritable.message(path),
                });
            }
            return Ok(Store::from_parts(
                conn,
                Some(path_buf),
                Some(ReadOnlyReason::NotWritable),
                file_version,
                notes,
                host,
            ));
        }
        conn.execute_batch("PRAGMA journal_mode = DELETE;")?;
        if file_version < SCHEMA_VERSION {
            schema::migrate(&conn, file_version, &path_buf)?;
            schema::verify(&conn, SCHEMA_VERSION, &path_buf)?;
        }
        let store = Store::from_parts(conn, Some(path_buf), None, SCHEMA_VERSION, notes, host);
        Ok(store)
    }

    fn from_parts(
        conn: Connection,
        path: Option<PathBuf>,
        read_only: Option<ReadOnlyReason>,
        file_version: i32,
        notes: OpenNotes,
        host: &Host,
    ) -> Store {
        let seen = watch::Seen::now(&conn, path.as_deref()).unwrap_or_default();
        Store {
            conn,
            path,
            read_only,
            file_version,
            host: host.clone(),
            generation: 0,
            notes,
            seen,
            derived: std::collections::BTreeMap::new(),
        }
    }

    /// What the last action computed: each computed indicator it computed again, with how
    /// many values, numbers and symbols it has now.
    #[must_use]
    pub fn last_derived(&self) -> &std::collections::BTreeMap<String, derive::Derived> {
        &self.derived
    }

    /// Creates a new, empty project file at `path`, which must not exist yet. The file
    /// appears whole or not at all: it is built beside the target and renamed into place.
    pub fn create(path: &Path, name: &str, host: &Host) -> Result<Store> {
        Self::create_for(path, &project::NewProject::named(name), host)
    }

    /// Creates a new project file: its name, and the key (any level: Gemeinde, Kreis, Land;
    /// or a city's own) and name of its region, which becomes my region.
    pub fn create_for(path: &Path, new: &project::NewProject, host: &Host) -> Result<Store> {
        Self::create_with(path, host, |store| {
            store.transact(ActionKind::Create, "project.create", |tx| {
                project::create(tx, new)
            })
        })
    }

    /// Writes a compact, complete copy of the project to `path` (`VACUUM INTO` a file
    /// beside it, then renamed, so `path` is never half-written). Returns its size.
    pub fn save_copy(&self, path: &Path) -> Result<u64> {
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(format!(".{}.part", std::process::id()));
        let temporary = PathBuf::from(temporary);
        let _ = std::fs::remove_file(&temporary);
        let io = |source| StoreError::Io {
            path: path.to_owned(),
            source,
        };
        let result = self
            .conn
            .execute("VACUUM INTO ?1", [temporary.to_string_lossy()])
            .map_err(StoreError::from)
            .and_then(|_| std::fs::rename(&temporary, path).map_err(io));
        if result.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        result?;
        Ok(std::fs::metadata(path).map_err(io)?.len())
    }

    /// Creates a new project file at `path` and fills it with `fill` before it appears.
    pub fn create_with(
        path: &Path,
        host: &Host,
        fill: impl FnOnce(&mut Store) -> Result<()>,
    ) -> Result<Store> {
        if path.exists() {
            return Err(StoreError::AlreadyExists {
                path: path.to_owned(),
            });
        }
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
            _ => PathBuf::from("."),
        };
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let partial = dir.join(format!(".{file_name}.{}.partial", std::process::id()));
        let result = (|| {
            let conn = Connection::open_with_flags(
                &partial,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            harden(&conn)?;
            schema::initialise(&conn)?;
            let mut store = Store::from_parts(
                conn,
                Some(partial.clone()),
                None,
                SCHEMA_VERSION,
                OpenNotes::default(),
                host,
            );
            fill(&mut store)?;
            store.conn.close().map_err(|(_, e)| StoreError::Sql(e))?;
            std::fs::rename(&partial, path).map_err(|source| StoreError::Io {
                path: path.to_owned(),
                source,
            })
        })();
        if let Err(error) = result {
            let _ = std::fs::remove_file(&partial);
            let _ = std::fs::remove_file(journal_path(&partial));
            return Err(error);
        }
        host.trust.record_written(path);
        Store::open(path, OpenMode::ReadWrite, host)
    }

    /// A new project in memory, for tests and benchmarks.
    pub fn in_memory(name: &str) -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        harden(&conn)?;
        schema::initialise(&conn)?;
        let mut store = Store::from_parts(
            conn,
            None,
            None,
            SCHEMA_VERSION,
            OpenNotes::default(),
            &Host::default(),
        );
        store.transact(ActionKind::Create, "project.create", |tx| {
            project::create(tx, &project::NewProject::named(name))
        })?;
        Ok(store)
    }

    /// Runs `work` (one action, on this thread) while `cancel` is asked every 50 ms; when it
    /// says so, the connection is interrupted until the action rolls back, and the result is
    /// [`StoreError::Cancelled`]. For work that takes seconds on big projects (computing an
    /// indicator, undoing an import) run on a worker with a cancel button.
    pub fn interruptible<T>(
        &mut self,
        cancel: &(dyn Fn() -> bool + Sync),
        work: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        let interrupt = self.conn.get_interrupt_handle();
        let done = std::sync::atomic::AtomicBool::new(false);
        let result = std::thread::scope(|scope| {
            scope.spawn(|| {
                // Again and again: an interrupt between two statements is lost.
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    if cancel() {
                        interrupt.interrupt();
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
            });
            let result = work(self);
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            result
        });
        match result {
            Err(_) if cancel() => Err(StoreError::Cancelled),
            other => other,
        }
    }

    /// The connection, for queries. Writes go through [`Store::transact`].
    #[must_use]
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The file's path, `None` in memory.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Why the file is read-only, if it is.
    #[must_use]
    pub fn read_only(&self) -> Option<&ReadOnlyReason> {
        self.read_only.as_ref()
    }

    /// The schema version of the file as opened (after any migration).
    #[must_use]
    pub fn file_version(&self) -> i32 {
        self.file_version
    }

    /// What happened while opening.
    #[must_use]
    pub fn notes(&self) -> &OpenNotes {
        &self.notes
    }

    /// Who the change log names for actions from now on.
    #[must_use]
    pub fn author(&self) -> &str {
        &self.host.author
    }

    /// The caller's part this store was opened with (author, trust cache), for opening
    /// other files the same way.
    #[must_use]
    pub fn host(&self) -> &Host {
        &self.host
    }

    /// Sets who the change log names for actions from now on.
    pub fn set_author(&mut self, author: &str) {
        author.trim().clone_into(&mut self.host.author);
    }

    /// A counter that grows with every change of the data; views cache query results and
    /// rebuild them when it moves.
    #[must_use]
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Closes the file; records it as verified so that the next open can skip the full
    /// integrity check while it stays unchanged.
    pub fn close(self) -> Result<()> {
        let path = self.path.clone();
        let writable = self.read_only.is_none();
        let checked = self.notes.integrity_checked;
        self.conn.close().map_err(|(_, e)| StoreError::Sql(e))?;
        if let Some(path) = path
            && (writable || checked)
        {
            self.host.trust.record_written(&path);
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// A fresh in-memory project.
    pub fn store() -> Store {
        Store::in_memory("Teststadt").expect("a fresh in-memory project can be created")
    }
}
