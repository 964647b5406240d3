//! What can go wrong with a project file, and why a file opened read-only.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::SCHEMA_VERSION;
use crate::t;

/// Why a project file could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file does not exist.
    NotFound {
        /// The path asked for.
        path: PathBuf,
    },
    /// A new project was to be created at a path where a file already exists.
    AlreadyExists {
        /// The path asked for.
        path: PathBuf,
    },
    /// The operating system failed to read or write a file (the project, its backup copy, or
    /// a file written from it).
    Io {
        /// The file being read or written.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file is not an SQLite database: empty, shorter than the 100-byte header, without
    /// SQLite's magic, or a directory. It was not opened.
    NotSqlite {
        /// The file looked at.
        path: PathBuf,
    },
    /// The file is an SQLite database, but its `application_id` is not Lernstadt's. It was
    /// not opened.
    Foreign {
        /// The file looked at.
        path: PathBuf,
    },
    /// The file is shorter than its header says, or not a whole number of pages: it was
    /// probably cut off while copying or sending. It was not opened.
    Truncated {
        /// The file looked at.
        path: PathBuf,
        /// The file's size, in bytes.
        actual_bytes: u64,
        /// The size, in bytes, that the header's page count and page size call for (or, for a
        /// file that is not a whole number of pages, the next whole page).
        expected_bytes: u64,
    },
    /// SQLite cannot open or read the file, its `quick_check` finds problems, or an object of
    /// the schema is missing. It was not opened.
    Corrupt {
        /// The file looked at.
        path: PathBuf,
        /// What SQLite or the check reported.
        detail: String,
    },
    /// The file holds something Lernstadt never creates (a trigger, a view, an unknown table or
    /// index, a changed definition), so it may have been altered outside Lernstadt. It was not
    /// opened.
    Tampered {
        /// The file looked at.
        path: PathBuf,
        /// What was found, as a phrase for the user (`a trigger ("…")`).
        detail: String,
    },
    /// The file was switched to write-ahead logging by another program; Lernstadt opens only
    /// files in rollback-journal mode. It was not opened.
    WalMode {
        /// The file looked at.
        path: PathBuf,
    },
    /// The file's schema version has no upgrade steps to the current one (below 1, or a step
    /// is missing). It was not changed.
    NoUpgradePath {
        /// The file looked at.
        path: PathBuf,
        /// The file's schema version (`PRAGMA user_version`).
        version: i32,
    },
    /// A write was asked of a store opened read-only, or an older file must be upgraded but
    /// the operating system does not let us write it.
    ReadOnly {
        /// Why the file is read-only, as a sentence for the user ([`ReadOnlyReason::message`]).
        reason: String,
    },
    /// The store refuses a value or a request: a field of the wrong type, an entity without
    /// its identity, an observation with neither value nor symbol, a malformed breakdown key,
    /// deleting an indicator, region or period that still has data, an unreadable change-log
    /// entry; also a figure that cannot be rendered.
    Invalid {
        /// What is wrong; shown as it is.
        message: String,
    },
    /// The user cancelled long work (through its `Progress`); nothing was
    /// changed.
    Cancelled,
    /// No entity has the identity asked for (a key or a reference with nothing behind it).
    NotFoundEntity {
        /// The entity kind's code: its table name (`indicator`, `region`, …).
        kind: &'static str,
        /// The identity looked for: a UUID or a natural key.
        key: String,
    },
    /// Another program (another Lernstadt importing or merging) holds the file's lock
    /// longer than the wait: the file is in use, not damaged.
    Busy {
        /// The file.
        path: PathBuf,
        /// What holds it, when another Lernstadt's action says so ([`super::holder`]).
        holder: Option<Holder>,
    },
    /// Any other error SQLite reports.
    Sql(#[from] rusqlite::Error),
    /// A row or change-log entry does not convert to or from JSON (a stored list or change that
    /// is not valid JSON, or a row that does not fit its model struct).
    Json(#[from] serde_json::Error),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            StoreError::NotFound { path } => {
                t!("store.error.not_found", path = path.display())
            }
            StoreError::AlreadyExists { path } => {
                t!("store.error.already_exists", path = path.display())
            }
            StoreError::Io { path, source } => {
                t!("store.error.io", path = path.display(), error = source)
            }
            StoreError::NotSqlite { path } => {
                t!("store.error.not_sqlite", path = path.display())
            }
            StoreError::Foreign { path } => t!("store.error.foreign", path = path.display()),
            StoreError::Truncated {
                path,
                actual_bytes,
                expected_bytes,
            } => t!(
                "store.error.truncated",
                path = path.display(),
                actual = actual_bytes,
                expected = expected_bytes
            ),
            StoreError::Corrupt { path, detail } => {
                t!(
                    "store.error.corrupt",
                    path = path.display(),
                    detail = detail
                )
            }
            StoreError::Tampered { path, detail } => {
                t!(
                    "store.error.tampered",
                    path = path.display(),
                    detail = detail
                )
            }
            StoreError::WalMode { path } => t!("store.error.wal", path = path.display()),
            StoreError::NoUpgradePath { path, version } => t!(
                "store.error.no_upgrade",
                path = path.display(),
                version = version,
                current = SCHEMA_VERSION
            ),
            StoreError::ReadOnly { reason } => t!("store.error.read_only", reason = reason),
            StoreError::Invalid { message } => message.clone(),
            StoreError::Cancelled => t!("work.cancelled").to_owned(),
            StoreError::NotFoundEntity { kind, key } => {
                t!("store.error.no_entity", kind = kind, key = key)
            }
            StoreError::Busy {
                path,
                holder: Some(holder),
            } => t!(
                "store.error.busy_by",
                path = path.display(),
                holder = holder.describe()
            ),
            StoreError::Busy { path, holder: None } => {
                t!("store.error.busy", path = path.display())
            }
            StoreError::Sql(error) if is_busy(error) => t!("store.error.busy_step").to_owned(),
            StoreError::Sql(error) => t!("store.error.sql", error = error),
            StoreError::Json(error) => t!("store.error.sql", error = error),
        };
        f.write_str(&text)
    }
}

/// What holds a project file's write lock, as a busy error names it (the holder's sidecar,
/// [`super::holder`], says so).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// The kind of action (`import`, `merge`, `edit`, `undo`, `redo`, `create`).
    pub kind: String,
    /// When it started: RFC 3339 in UTC.
    pub started: String,
    /// The holding process.
    pub pid: u32,
}

impl Holder {
    /// What it is doing and since when, in words: "merge started 14:02" (with the date when
    /// it started on another day).
    #[must_use]
    pub fn describe(&self) -> String {
        let what = match self.kind.as_str() {
            "import" => t!("holder.import"),
            "merge" => t!("holder.merge"),
            "undo" => t!("holder.undo"),
            "redo" => t!("holder.redo"),
            "create" => t!("holder.create"),
            _ => t!("holder.edit"),
        };
        let at = chrono::DateTime::parse_from_rfc3339(&self.started).map_or_else(
            |_| self.started.clone(),
            |started| {
                let local = started.with_timezone(&chrono::Local);
                if local.date_naive() == chrono::Local::now().date_naive() {
                    local.format("%H:%M").to_string()
                } else {
                    crate::i18n::format_timestamp(&self.started)
                }
            },
        );
        t!("holder.started", what = what, at = at)
    }
}

/// Whether SQLite says another connection holds the lock (busy or locked), as opposed to
/// any real fault.
#[must_use]
pub fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

impl StoreError {
    /// Whether the file is in use by another program (its lock held past the wait).
    #[must_use]
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Busy { .. } => true,
            StoreError::Sql(error) => is_busy(error),
            _ => false,
        }
    }
}

/// The store's result type: errors are [`StoreError`] unless said otherwise.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Why a file was opened read-only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// The file was written by a newer Lernstadt with this schema version.
    Newer {
        /// The file's schema version (`PRAGMA user_version`).
        file_version: i32,
    },
    /// The caller asked for it (`info`, `check`).
    Requested,
    /// The operating system does not let us write the file (write-protected, a read-only
    /// share or medium).
    NotWritable,
    /// The file at the path was replaced or moved away by another program while open: the
    /// window stops writing to what it has open and offers to open the file again.
    Replaced,
    /// The file has a problem that would make parts of it vanish from the views and the
    /// report (a cycle in the goal or region tree) or every action fail (a formula that
    /// cannot be computed); a repair is offered ([`super::repair`]).
    Damaged {
        /// What is wrong, with the entities involved.
        problems: Vec<super::problems::Problem>,
    },
}

impl ReadOnlyReason {
    /// A sentence for the user.
    #[must_use]
    pub fn message(&self, path: &Path) -> String {
        match self {
            ReadOnlyReason::Newer { file_version } => t!(
                "store.newer",
                path = path.display(),
                file_version = file_version,
                app_version = SCHEMA_VERSION
            ),
            ReadOnlyReason::Requested => t!("store.read_only_requested").to_owned(),
            ReadOnlyReason::NotWritable => t!("store.not_writable", path = path.display()),
            ReadOnlyReason::Replaced => t!("store.replaced", path = path.display()),
            ReadOnlyReason::Damaged { problems } => t!(
                "store.damaged",
                path = path.display(),
                problems = problems
                    .iter()
                    .map(super::problems::Problem::message)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        }
    }
}
