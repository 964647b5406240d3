//! Who holds a project file: while an action holds the file's write lock, its kind and
//! start time are in a small file beside the project (`NAME.lernstadt-busy`, like SQLite's
//! own `-journal`), so that another Lernstadt that finds the file locked can say "in use by
//! another Lernstadt (merge started 14:02)" instead of "damaged".
//!
//! Why beside the file and not in it: in rollback-journal mode a long action holds the
//! database's exclusive lock once its changes outgrow the page cache, and then nothing in
//! the file can be read — not even a row committed for the purpose; a separate SQLite
//! database would be a second file all the same. The sidecar is written only by whoever holds
//! the write lock (after `BEGIN IMMEDIATE` succeeded), so two programs never write it at once,
//! and it is removed before the action commits or rolls back. A crash leaves it behind, so
//! its writer holds a shared lock on it (the system lets go of a dead process's locks): a
//! reader that can lock it exclusively knows it is stale and ignores it, and the next action
//! overwrites it. It holds no personal data: the kind of action, when it started, the process
//! id. Writing it is best effort: where it cannot be written (a full disk), busy is still
//! reported, only without who.

use std::io::Write;
use std::path::{Path, PathBuf};

pub use super::error::Holder;
use super::error::is_busy;
use super::{ActionKind, Result, StoreError};
use crate::t;

/// The sidecar of the project at `path`.
fn sidecar(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-busy");
    PathBuf::from(name)
}

/// The sidecar of a running action: removed when dropped.
#[derive(Debug)]
pub(super) struct Holding {
    file: Option<std::fs::File>,
    path: PathBuf,
}

impl Drop for Holding {
    fn drop(&mut self) {
        // Closed first: Windows removes no open file.
        drop(self.file.take());
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Notes that this process holds the project at `path` for an action of `kind`, from now
/// until the returned guard is dropped; `None` when the note cannot be written.
pub(super) fn hold(path: &Path, kind: ActionKind) -> Option<Holding> {
    let holder = Holder {
        kind: kind.code().to_owned(),
        started: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        pid: std::process::id(),
    };
    let path = sidecar(path);
    let mut file = std::fs::File::create(&path).ok()?;
    let guard = |file: std::fs::File| Holding {
        file: Some(file),
        path: path.clone(),
    };
    let Ok(text) = serde_json::to_vec(&holder) else {
        return Some(guard(file));
    };
    if file.write_all(&text).is_err() || file.flush().is_err() {
        return Some(guard(file));
    }
    // Shared, so that a reader may read it (Windows locks against reading too) and an
    // exclusive lock tells a reader it is stale.
    let _ = file.lock_shared();
    Some(guard(file))
}

/// What holds the project at `path`, if a live action says so.
#[must_use]
pub fn holder(path: &Path) -> Option<Holder> {
    let mut file = std::fs::File::open(sidecar(path)).ok()?;
    // Only a note whose writer still holds it counts: one that can be locked was left
    // behind by a process that is gone.
    if !matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock)) {
        return None;
    }
    let mut text = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut text).ok()?;
    serde_json::from_slice(&text).ok()
}

/// A failure while opening `path`: the file is in use when another program holds its
/// lock, else damaged.
#[must_use]
pub fn damaged_or_busy(path: &Path, error: &rusqlite::Error) -> StoreError {
    if is_busy(error) {
        StoreError::Busy {
            path: path.to_owned(),
            holder: holder(path),
        }
    } else {
        StoreError::Corrupt {
            path: path.to_owned(),
            detail: error.to_string(),
        }
    }
}

impl StoreError {
    /// This error, with the file and what holds it named when it says the file is locked
    /// (an action could not start or finish because another program holds the file).
    #[must_use]
    pub fn named_busy(self, path: Option<&Path>) -> StoreError {
        match (self, path) {
            (StoreError::Sql(error), Some(path)) if is_busy(&error) => StoreError::Busy {
                path: path.to_owned(),
                holder: holder(path),
            },
            (other, _) => other,
        }
    }
}

/// Removes the note a killed action left beside the project at `path` (no process holds
/// its lock), as opening removes its journal. A note still being written (not yet whole) is
/// left to its writer.
pub(super) fn clear_stale(path: &Path) {
    let note = sidecar(path);
    let Ok(mut file) = std::fs::File::open(&note) else {
        return;
    };
    let mut text = Vec::new();
    let stale = file.try_lock().is_ok()
        && std::io::Read::read_to_end(&mut file, &mut text).is_ok()
        && serde_json::from_slice::<Holder>(&text).is_ok();
    drop(file);
    if stale {
        let _ = std::fs::remove_file(&note);
    }
}

/// How often a wait for the lock looks again.
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_millis(200);

/// Waits, without a time limit, until no other program holds the write lock of the
/// project at `path`: meanwhile `waiting` is told what it waits for (and who holds the
/// file), `None` when the wait is over; `cancel` (asked several times a second) ends it
/// with [`super::StoreError::Cancelled`]. For long work on a worker
/// (a merge, an import), which then opens the file as usual; what else goes wrong in the
/// look is left to that open to report.
pub fn wait_until_free(
    path: &Path,
    cancel: &dyn Fn() -> bool,
    waiting: &dyn Fn(Option<String>),
) -> Result<()> {
    loop {
        if let Ok(false) = lock_is_free(path) {
            waiting(Some(waiting_text(path)));
        } else {
            waiting(None);
            return Ok(());
        }
        if cancel() {
            waiting(None);
            return Err(super::StoreError::Cancelled);
        }
        std::thread::sleep(LOOK_EVERY);
    }
}

/// "Waiting for P.lernstadt: in use by another Lernstadt (merge started 14:02)".
#[must_use]
pub fn waiting_text(path: &Path) -> String {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    match holder(path) {
        Some(holder) => t!(
            "holder.waiting_for",
            file = file,
            holder = holder.describe()
        ),
        None => t!("holder.waiting", file = file),
    }
}

/// Whether the write lock of the project at `path` can be had right now (taken and let go
/// at once).
fn lock_is_free(path: &Path) -> Result<bool> {
    let conn = rusqlite::Connection::open_with_flags(
        super::sqlite_path::sqlite_path(path),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    super::harden::harden(&conn)?;
    conn.busy_timeout(std::time::Duration::ZERO)?;
    match conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
        Ok(()) => Ok(true),
        Err(error) if is_busy(&error) => Ok(false),
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_holder_is_read_while_it_holds_and_a_stale_one_is_not() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        let dir = tempfile::tempdir().expect("a folder");
        let project = dir.path().join("p.lernstadt");
        assert_eq!(holder(&project), None);
        let holding = hold(&project, ActionKind::Merge).expect("written");
        let held = holder(&project).expect("read");
        assert_eq!(held.kind, "merge");
        assert_eq!(held.pid, std::process::id());
        let text = held.describe();
        assert!(text.starts_with("merge started "), "{text}");
        assert!(text.len() <= "merge started 00:00".len(), "{text}");
        drop(holding);
        assert!(!sidecar(&project).exists(), "removed");
        // What a crash leaves: the file without its lock.
        std::fs::write(sidecar(&project), serde_json::to_vec(&held).expect("json"))
            .expect("written");
        assert_eq!(holder(&project), None, "stale");
        // Opening the file removes it, as it removes a journal a killed action left.
        clear_stale(&project);
        assert!(!sidecar(&project).exists(), "cleared");
        std::fs::write(sidecar(&project), serde_json::to_vec(&held).expect("json"))
            .expect("written");
        // The next action writes its own over it.
        let holding = hold(&project, ActionKind::Import).expect("written");
        assert_eq!(holder(&project).expect("read").kind, "import");
        drop(holding);
    }

    /// Two connections to one file: while one runs a merge, the other's action waits,
    /// then says the file is in use by another Lernstadt's merge — not damaged — and so
    /// does a look without waiting; a wait for the lock says the same until it is cancelled.
    /// Once the merge is done, the lock is free and its note gone.
    #[test]
    fn a_second_connection_names_the_merge_that_holds_the_file() {
        use crate::store::{Host, OpenMode, Store, StoreError};
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("p.lernstadt");
        let host = Host::default();
        Store::create(&path, "P", &host)
            .expect("a new project")
            .close()
            .expect("closed");
        let mut first = Store::open(&path, OpenMode::ReadWrite, &host).expect("opened");
        let mut second = Store::open(&path, OpenMode::ReadWrite, &host).expect("opened");
        second
            .set_busy_wait(std::time::Duration::from_millis(20))
            .expect("set");
        first
            .transact(ActionKind::Merge, "merge", |tx| {
                tx.insert(&crate::model::Indicator::new("A", "A"))?;
                let refused = second
                    .transact(ActionKind::Edit, "edit", |tx| {
                        tx.insert(&crate::model::Indicator::new("B", "B"))
                    })
                    .expect_err("the file is held");
                let StoreError::Busy {
                    holder: Some(held), ..
                } = &refused
                else {
                    panic!("{refused:?}");
                };
                assert_eq!(held.kind, "merge");
                let text = refused.to_string();
                assert!(
                    text.contains("p.lernstadt is in use by another Lernstadt (merge started ")
                        && text.contains("It is not damaged"),
                    "{text}"
                );
                assert!(second.try_write_lock().expect_err("held").is_busy());
                let said = std::sync::Mutex::new(None);
                let cancelled = std::sync::atomic::AtomicBool::new(false);
                let cancel = || cancelled.load(std::sync::atomic::Ordering::Relaxed);
                let tell = |what: Option<String>| {
                    if what.is_some() {
                        *said.lock().expect("not poisoned") = what;
                    }
                };
                std::thread::scope(|scope| {
                    let waiting = scope.spawn(|| wait_until_free(&path, &cancel, &tell));
                    let started = std::time::Instant::now();
                    while said.lock().expect("not poisoned").is_none()
                        && started.elapsed().as_secs() < 10
                    {
                        std::thread::sleep(std::time::Duration::from_millis(5));
                    }
                    let said = said.lock().expect("not poisoned").clone().expect("waiting");
                    assert!(
                        said.starts_with(
                            "Waiting for p.lernstadt: in use by another Lernstadt (merge started "
                        ),
                        "{said}"
                    );
                    cancelled.store(true, std::sync::atomic::Ordering::Relaxed);
                    let waited = waiting.join().expect("the wait ended");
                    assert!(matches!(waited, Err(StoreError::Cancelled)), "{waited:?}");
                });
                Ok(())
            })
            .expect("the merge");
        second.try_write_lock().expect("free now");
        assert_eq!(holder(&path), None);
        assert!(!sidecar(&path).exists());
        wait_until_free(&path, &|| false, &|_| ()).expect("free");
        first.close().expect("closed");
        second.close().expect("closed");
    }
}
