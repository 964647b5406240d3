//! Opening a project file safely: the connection hardened before anything of the file is
//! read, the header checked, integrity and schema verified through a read-only look, and
//! only then opened for writing (and upgraded, after a backup copy). A refused file is never
//! modified.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::harden::harden;
use super::{
    APPLICATION_ID, Host, OpenMode, OpenNotes, ReadOnlyReason, Result, SCHEMA_VERSION, Store,
    StoreError, problems, schema,
};

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
pub(super) fn journal_path(path: &Path) -> PathBuf {
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
        // A note of who held the file that a killed action left goes, like its journal.
        super::holder::clear_stale(path);
        if journal_path(path).exists() {
            // An action was interrupted (crash, kill, power loss). SQLite rolls the file
            // back to its state before the action on the first read through a writable
            // connection; a read-only one would refuse.
            // Rolling back restores the file as it was before that action: it is SQLite's own
            // protocol, done for read-only opens too, and only for a file with our id.
            {
                let conn = Connection::open_with_flags(
                    super::sqlite_path::sqlite_path(path),
                    OpenFlags::SQLITE_OPEN_READ_WRITE,
                )?;
                harden(&conn)?;
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
                    row.get::<_, i64>(0)
                })
                .map_err(|e| super::holder::damaged_or_busy(&path_buf, &e))?;
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
            super::sqlite_path::sqlite_path(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| super::holder::damaged_or_busy(&path_buf, &e))?;
        harden(&conn)?;
        conn.execute_batch("PRAGMA query_only = ON;")?;
        let corrupt = |e: rusqlite::Error| super::holder::damaged_or_busy(&path_buf, &e);

        if !trust.is_trusted(path) {
            let problems = super::integrity::quick_check(&conn).map_err(corrupt)?;
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
            super::sqlite_path::sqlite_path(path),
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
}
