//! Changes to the open file from outside this connection: the command line importing into
//! it, a second window, a sync client replacing it.
//!
//! SQLite's `PRAGMA data_version` changes when another connection commits to the file; the
//! actions it committed are in the change log, so the window can say what they were and
//! undo stays consistent (the log is the undo stack). A file replaced on disk (renamed
//! over, as sync clients do) leaves this connection on the old file: the path's file
//! identity no longer matches, so the store stops writing and the window offers to open
//! the file again.

use std::path::Path;

use super::{ReadOnlyReason, Result, Store};

/// What the store last saw of its file.
#[derive(Debug, Default)]
pub(super) struct Seen {
    data_version: i64,
    last_action: i64,
    observations: i64,
    file: Option<FileId>,
}

/// A file's identity on disk: what stays while the file is written to and changes when
/// another file takes its path (size and modification time change with every write, so they
/// are not used).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FileId(u64, u64);

/// Device and inode.
#[cfg(unix)]
fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path)
        .ok()
        .map(|m| FileId(m.dev(), m.ino()))
}

/// The volume's serial number and the file's index on it, as Windows gives them for an
/// open handle (`GetFileInformationByHandle`) — on a network drive too, where the server
/// gives the index. A file system without indexes (index 0: FAT on a stick, some network
/// file systems) gives the creation time instead: a file put in the path's place by a sync
/// client is created anew. The handle shares reading, writing and deleting, so it never
/// stands in the way of SQLite or the sync client.
#[cfg(windows)]
fn file_id(path: &Path) -> Option<FileId> {
    let file = std::fs::File::open(path).ok()?;
    let info = winapi_util::file::information(&file).ok()?;
    let second = match info.file_index() {
        0 => info.creation_time().unwrap_or_default(),
        index => index,
    };
    Some(FileId(info.volume_serial_number(), second))
}

/// Elsewhere only the file's absence is seen.
#[cfg(not(any(unix, windows)))]
fn file_id(path: &Path) -> Option<FileId> {
    std::fs::metadata(path).ok().map(|_| FileId(0, 0))
}

/// What changed since the store last looked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outside {
    /// Nothing.
    Unchanged,
    /// Another connection committed actions: each action's label and author, and how many
    /// data values the file holds more (or fewer).
    Changed {
        /// The actions, oldest first: label and author.
        actions: Vec<(String, String)>,
        /// Data values now minus before.
        values: i64,
    },
    /// The file at the path is another file now (replaced, or moved away): the store
    /// stopped writing.
    Replaced,
}

impl Seen {
    pub(super) fn now(conn: &rusqlite::Connection, path: Option<&Path>) -> Result<Seen> {
        Ok(Seen {
            data_version: conn.pragma_query_value(None, "data_version", |r| r.get(0))?,
            last_action: conn
                .query_row("SELECT coalesce(max(id), 0) FROM action", [], |r| r.get(0))?,
            // The kept counter, not a count: this runs after every action.
            observations: super::counts::get(conn, super::counts::OBSERVATIONS)?,
            file: path.and_then(file_id),
        })
    }
}

impl Store {
    /// Looks whether the file changed from outside since the last look (or since this
    /// store's own last action). A change makes cached views rebuild
    /// ([`Store::generation`]); a replaced file makes the store read-only.
    pub fn look_outside(&mut self) -> Result<Outside> {
        if let Some(path) = &self.path
            && self.seen.file.is_some()
            && file_id(path) != self.seen.file
        {
            if self.read_only.is_none() || matches!(self.read_only, Some(ReadOnlyReason::Requested))
            {
                self.read_only = Some(ReadOnlyReason::Replaced);
            }
            self.seen.file = None;
            return Ok(Outside::Replaced);
        }
        let version: i64 = self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?;
        if version == self.seen.data_version {
            return Ok(Outside::Unchanged);
        }
        let mut statement = self
            .conn
            .prepare("SELECT label, author FROM action WHERE id > ?1 ORDER BY id")?;
        let actions: Vec<(String, String)> = statement
            .query_map([self.seen.last_action], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        drop(statement);
        let before = self.seen.observations;
        self.seen = Seen::now(&self.conn, self.path.as_deref())?;
        self.generation += 1;
        Ok(Outside::Changed {
            actions,
            values: self.seen.observations - before,
        })
    }

    /// Takes what another connection of this program wrote (an import on a worker thread)
    /// as seen: the views rebuild, and it is not reported as a change from outside.
    pub fn note_external_change(&mut self) {
        self.generation += 1;
        self.note_own_change();
    }

    /// Records this connection's own commit as seen (the log and the counts moved); the
    /// file's identity stays the one it had, so a replacement meanwhile is still seen.
    pub(super) fn note_own_change(&mut self) {
        if let Ok(seen) = Seen::now(&self.conn, self.path.as_deref()) {
            let file = self.seen.file;
            self.seen = seen;
            self.seen.file = file;
        }
    }
}
