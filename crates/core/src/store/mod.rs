//! The project file: opening it safely, creating it, migrating it, and every query.
//!
//! A `.lernstadt` file is an SQLite database in rollback-journal mode (never WAL), so the file
//! is whole on its own whenever no action is running. Every user action is one transaction
//! (see [`Tx`] and [`changelog`]); there is no "Save".
//!
//! Opening is defensive, because files arrive by e-mail from anyone: the file is first
//! examined through a read-only connection with SQLite's defensive mode, untrusted schema,
//! no triggers, no views and no extensions; its header, integrity and schema are checked,
//! and only a file that passes is opened for writing. A refused file is never modified.

pub mod changelog;
pub mod counts;
mod create;
pub mod derive;
pub mod entity;
mod error;
pub mod goals;
mod harden;
pub mod holder;
pub mod host;
pub mod indicators;
pub mod inspect;
pub mod integrity;
mod links;
pub mod mappings;
pub mod measures;
pub mod observations;
mod open;
pub mod output;
pub mod periods;
pub mod problems;
pub mod project;
pub mod regions;
pub mod repair;
pub mod schema;
pub mod social;
pub(crate) mod sqlite_path;
pub mod stakeholders;
pub mod symbols;
pub mod table_sources;
mod tx;
pub mod watch;
pub mod working_groups;

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use changelog::{ActionSummary, Change, shelf};
pub use error::{ReadOnlyReason, Result, StoreError};
pub use host::{Host, TrustCache};
pub use open::is_project;
pub use tx::{ActionKind, Tx};

/// `PRAGMA application_id` of every Lernstadt file: the bytes `LRNS`.
pub const APPLICATION_ID: i32 = 0x4C52_4E53;

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i32 = schema::CURRENT_VERSION;

/// How long a statement waits for a lock another program holds, unless set otherwise
/// ([`Store::set_busy_wait`]); the connection's `busy_timeout`.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

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
    /// How long a statement waits for a lock another program holds.
    busy_wait: std::time::Duration,
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

impl Store {
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
            busy_wait: BUSY_WAIT,
        }
    }

    /// Sets how long a statement waits for a lock another program holds before it gives up
    /// ([`StoreError::Busy`]; 5 seconds unless set). The window waits briefly, so that it
    /// keeps drawing, and retries ([`Store::try_write_lock`]).
    pub fn set_busy_wait(&mut self, wait: std::time::Duration) -> Result<()> {
        self.conn.busy_timeout(wait)?;
        self.busy_wait = wait;
        Ok(())
    }

    /// Whether an action could start now: `Ok` when no other program holds the file's
    /// write lock (looked at without waiting), else [`StoreError::Busy`] naming what holds
    /// it.
    pub fn try_write_lock(&self) -> Result<()> {
        self.conn.busy_timeout(std::time::Duration::ZERO)?;
        let tried = self.conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;");
        self.conn.busy_timeout(self.busy_wait)?;
        tried.map_err(|error| StoreError::Sql(error).named_busy(self.path()))
    }

    /// Whether the file can be read now (looked at without waiting): not while another
    /// program writes out a large action, holding the file's exclusive lock.
    #[must_use]
    pub fn readable_now(&self) -> bool {
        if self.conn.busy_timeout(std::time::Duration::ZERO).is_err() {
            return false;
        }
        let read = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
                row.get::<_, i64>(0)
            });
        let _ = self.conn.busy_timeout(self.busy_wait);
        read.is_ok()
    }

    /// What the last action computed: each computed indicator it computed again, with how
    /// many values, numbers and symbols it has now.
    #[must_use]
    pub fn last_derived(&self) -> &std::collections::BTreeMap<String, derive::Derived> {
        &self.derived
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

    /// A stakeholder named `name`, interest 3.
    pub fn stakeholder(name: &str) -> crate::model::Stakeholder {
        use crate::model::{EducationArea, Engagement, Stakeholder, StakeholderKind, new_uuid};
        Stakeholder {
            uuid: new_uuid(),
            name: name.to_owned(),
            kind: StakeholderKind::YouthWelfare,
            education_areas: vec![EducationArea::EarlyChildhood],
            description: String::new(),
            influence: 3,
            interest: 3,
            engagement: Engagement::Consult,
            tags: vec!["Kita".to_owned()],
            contact_person: "Erika Muster".to_owned(),
            email: "erika@example.org".to_owned(),
            phone: String::new(),
        }
    }

    /// Two edits: the stakeholder "Jugendamt" created with interest 3, then given 5; the
    /// stakeholder as it is then.
    pub fn created_then_edited(store: &mut Store) -> crate::model::Stakeholder {
        let mut jugendamt = stakeholder("Jugendamt");
        store
            .transact(ActionKind::Edit, "stakeholder.create", |tx| {
                tx.insert(&jugendamt)
            })
            .unwrap();
        jugendamt.interest = 5;
        store
            .transact(ActionKind::Edit, "stakeholder.update", |tx| {
                tx.update(&jugendamt)
            })
            .unwrap();
        jugendamt
    }

    /// The project's stakeholders: name and interest.
    pub fn stakeholder_names(store: &Store) -> Vec<(String, i64)> {
        stakeholders::list(store.conn())
            .unwrap()
            .into_iter()
            .map(|s| (s.name, s.interest))
            .collect()
    }
}
