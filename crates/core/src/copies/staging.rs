//! Where a copy to send is made before it takes its name: a folder of its own in the
//! system's temporary folder, open to this user only (0700), never beside the destination —
//! the first stage of a copy without personal data still holds every e-mail address, and a
//! killed `share-copy` must leave none where the copy goes. The folder goes when the copy is
//! done or fails; one a killed run left behind (no process holds its lock any more) goes
//! with the next copy, and so do the staging files older versions left beside a
//! destination (`NAME.PID.stage`, `NAME.PID.clean`).

use std::path::{Path, PathBuf};

use crate::store::{Result, StoreError};

/// The start of a staging folder's name.
const PREFIX: &str = "lernstadt-share-";

/// The file in a staging folder its copy holds locked while it runs.
const LOCK: &str = "in-use";

/// A folder found without its lock file is taken as left behind once it is this old (a run
/// makes the lock right after the folder).
const UNLOCKED_GRACE: std::time::Duration = std::time::Duration::from_mins(1);

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_owned(),
        source,
    }
}

/// A staging folder, held by this process until it is dropped (then removed).
pub(super) struct Staging {
    // Dropped first: the lock is let go before the folder is removed (Windows removes no
    // open file).
    lock: std::fs::File,
    dir: tempfile::TempDir,
}

impl Staging {
    /// Makes a staging folder under `root` (the system's temporary folder), open to this
    /// user only, and locks it.
    pub(super) fn new(root: &Path) -> Result<Staging> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(PREFIX);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o700));
        }
        // Another run's sweep may take a folder in the moment before its lock file is
        // there (an empty folder without one is what a run killed at once leaves): then
        // a new one.
        let mut attempts = 0;
        loop {
            let dir = builder.tempdir_in(root).map_err(io(root))?;
            let lock_path = dir.path().join(LOCK);
            match std::fs::File::create(&lock_path) {
                Ok(lock) => {
                    lock.lock().map_err(io(&lock_path))?;
                    return Ok(Staging { lock, dir });
                }
                Err(error) if error.kind() == std::io::ErrorKind::NotFound && attempts < 3 => {
                    attempts += 1;
                }
                Err(error) => return Err(io(&lock_path)(error)),
            }
        }
    }

    /// A file in the folder.
    pub(super) fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

impl std::fmt::Debug for Staging {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Staging")
            .field("dir", &self.dir.path())
            .field("lock", &self.lock)
            .finish()
    }
}

/// Removes what killed copies left: staging folders under `root` whose lock no process
/// holds, and staging files beside `destination` (`NAME.PID.stage`, `.clean`, `.partial`,
/// with their journals). What cannot be removed stays; the copy goes on.
pub(super) fn sweep(root: &Path, destination: &Path) {
    if let Ok(entries) = std::fs::read_dir(root) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with(PREFIX)
                && entry.file_type().is_ok_and(|t| t.is_dir())
                && left_behind(&entry.path())
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let (Some(dir), Some(target)) = (destination.parent(), destination.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let target = target.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name
            .strip_prefix(&*target)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(is_staging_suffix)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a file name's end after `NAME.` is a staging file's: `PID.stage`, `PID.clean`
/// or `PID.partial`, perhaps with `-journal`.
fn is_staging_suffix(rest: &str) -> bool {
    let rest = rest.strip_suffix("-journal").unwrap_or(rest);
    let Some((pid, kind)) = rest.split_once('.') else {
        return false;
    };
    !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && matches!(kind, "stage" | "clean" | "partial")
}

/// Whether the staging folder `dir` was left behind: its lock is free (its process is gone:
/// the system lets go of a dead process's locks), or it has no lock file and is empty (a
/// run killed right after making it; a run that is alive makes a new one) or old.
fn left_behind(dir: &Path) -> bool {
    match std::fs::File::open(dir.join(LOCK)) {
        Ok(file) => file.try_lock().is_ok(),
        Err(_) if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none()) => true,
        Err(_) => std::fs::metadata(dir)
            .and_then(|m| m.modified())
            .is_ok_and(|at| at.elapsed().is_ok_and(|age| age > UNLOCKED_GRACE)),
    }
}

/// Puts the finished copy `from` (in a staging folder) at `destination`, replacing a file
/// there: renamed when both are on one file system; else copied beside the destination,
/// synced and renamed onto it, the file beside it removed when that fails.
pub(super) fn place(from: &Path, destination: &Path) -> Result<()> {
    match std::fs::rename(from, destination) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::CrossesDevices => {
            copy_across(from, destination)
        }
        Err(error) => Err(io(destination)(error)),
    }
}

/// Copies `from` beside `destination`, syncs it and renames it onto `destination`.
fn copy_across(from: &Path, destination: &Path) -> Result<()> {
    let mut partial = destination.as_os_str().to_owned();
    partial.push(format!(".{}.partial", std::process::id()));
    let partial = PathBuf::from(partial);
    let result = (|| {
        std::fs::copy(from, &partial)?;
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, destination)
    })();
    result.map_err(|error| {
        let _ = std::fs::remove_file(&partial);
        io(destination)(error)
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The names in a folder, sorted.
    pub(in crate::copies) fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("the folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn staging_files_are_told_by_their_names() {
        for name in ["1234.stage", "1.clean", "77.partial", "1234.stage-journal"] {
            assert!(is_staging_suffix(name), "{name}");
        }
        for name in [
            "stage",
            "x1.stage",
            "1234.stagey",
            "1234",
            ".stage",
            "12.csv",
        ] {
            assert!(!is_staging_suffix(name), "{name}");
        }
    }

    /// A folder in use stays; one whose process is gone (its lock free, or killed before it
    /// had one) goes, and so does a staging file beside the destination — but not the destination or other files.
    #[test]
    fn only_what_killed_copies_left_is_swept() {
        let root = tempfile::tempdir().expect("a folder");
        let in_use = Staging::new(root.path()).expect("staging");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(in_use.dir.path())
                .expect("the folder")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700, "open to this user only");
        }
        let gone = root.path().join(format!("{PREFIX}dead"));
        std::fs::create_dir(&gone).expect("a folder");
        std::fs::write(gone.join(LOCK), "").expect("a lock file");
        std::fs::write(gone.join("stage"), "anna@example.org").expect("a stage");
        // Killed between making its folder and its lock file.
        let at_once = root.path().join(format!("{PREFIX}at-once"));
        std::fs::create_dir(&at_once).expect("a folder");
        let out = tempfile::tempdir().expect("a folder");
        let destination = out.path().join("kopie.lernstadt");
        for name in [
            "kopie.lernstadt",
            "kopie.lernstadt.4242.stage",
            "kopie.lernstadt.4242.stage-journal",
            "kopie.lernstadt.4242.clean",
            "kopie.lernstadt.csv",
        ] {
            std::fs::write(out.path().join(name), "anna@example.org").expect("written");
        }
        sweep(root.path(), &destination);
        assert!(in_use.dir.path().exists(), "in use");
        assert!(!gone.exists(), "left behind");
        assert!(!at_once.exists(), "left behind at once");
        assert_eq!(
            names(out.path()),
            ["kopie.lernstadt", "kopie.lernstadt.csv"]
        );
        let path = in_use.dir.path().to_owned();
        drop(in_use);
        assert!(!path.exists(), "removed when done");
    }

    #[test]
    fn a_copy_across_file_systems_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().expect("a folder");
        let from = dir.path().join("clean");
        std::fs::write(&from, "copy").expect("written");
        let destination = dir.path().join("kopie.lernstadt");
        std::fs::write(&destination, "old").expect("written");
        copy_across(&from, &destination).expect("copied");
        assert_eq!(std::fs::read(&destination).expect("read"), b"copy");
        assert_eq!(std::fs::read_dir(dir.path()).expect("read").count(), 2);
        // A destination that cannot be written: nothing is left beside it.
        let missing = dir.path().join("no-such-folder").join("kopie.lernstadt");
        assert!(copy_across(&from, &missing).is_err());
    }
}
