//! Creating a project file (whole or not at all: built beside the target and renamed into
//! place), a project in memory for tests and benchmarks, and a compact copy of one.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::harden::harden;
use super::open::journal_path;
use super::{
    ActionKind, Host, OpenMode, OpenNotes, Result, SCHEMA_VERSION, Store, StoreError, project,
    schema,
};

impl Store {
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
        // Never over the open project itself (under whatever name or link).
        if self
            .path()
            .is_some_and(|open| super::output::is_same_file(open, path))
        {
            return Err(StoreError::Invalid {
                message: crate::t!("output.error.same_project", path = path.display()),
            });
        }
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
            .execute(
                "VACUUM INTO ?1",
                [super::sqlite_path::sqlite_path(&temporary).to_string_lossy()],
            )
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
        if !dir.is_dir() {
            return Err(StoreError::Invalid {
                message: crate::t!("store.error.no_folder", dir = dir.display()),
            });
        }
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let partial = dir.join(format!(".{file_name}.{}.partial", std::process::id()));
        let result = (|| {
            let conn = Connection::open_with_flags(
                super::sqlite_path::sqlite_path(&partial),
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
}
