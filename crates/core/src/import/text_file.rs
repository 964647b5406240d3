//! The text an import reads, opened by its path: a file on disk, or one another thread is
//! still writing — a workbook's sheet laid out as text while the import reads it, so that
//! reading the workbook and storing its values run side by side. A reader of a growing
//! file waits for what is not written yet, and fails where the writer failed.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// A file being written: how much of it is, and how its writing ended.
#[derive(Debug, Default)]
pub(super) struct Growing {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    written: u64,
    /// `Some(true)` once the text is whole, `Some(false)` when its writing failed.
    ended: Option<bool>,
    /// The reading side stopped: the writer stops too.
    abandoned: bool,
}

impl Growing {
    fn state(&self) -> MutexGuard<'_, State> {
        // A writer that panicked left a count that is still right.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn update(&self, change: impl FnOnce(&mut State)) {
        change(&mut self.state());
        self.changed.notify_all();
    }

    /// Marks the text whole (`true`) or its writing failed.
    pub(super) fn end(&self, whole: bool) {
        self.update(|state| {
            state.ended.get_or_insert(whole);
        });
    }

    /// Tells the writer that nobody reads on.
    pub(super) fn abandon(&self) {
        self.update(|state| state.abandoned = true);
    }

    /// Waits until more than `offset` bytes are written or the writing ended: how many
    /// bytes are there to read from `offset`, or an error where the writing failed.
    fn wait_beyond(&self, offset: u64) -> std::io::Result<u64> {
        let mut state = self.state();
        loop {
            if state.written > offset {
                return Ok(state.written - offset);
            }
            match state.ended {
                Some(true) => return Ok(0),
                Some(false) => {
                    return Err(std::io::Error::other(crate::t!("import.workbook.not_read")));
                }
                None => {}
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }

    /// Whether the reading side stopped.
    pub(super) fn is_abandoned(&self) -> bool {
        self.state().abandoned
    }

    /// How many bytes are written so far.
    pub(super) fn written(&self) -> u64 {
        self.state().written
    }
}

/// The files being written, by path, while they are read.
static GROWING: Mutex<Vec<(PathBuf, Arc<Growing>)>> = Mutex::new(Vec::new());

fn growing() -> MutexGuard<'static, Vec<(PathBuf, Arc<Growing>)>> {
    GROWING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// While it lives, the file at its path is read as a growing one.
pub(super) struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        growing().retain(|(path, _)| *path != self.0);
    }
}

/// Opens `path` for writing as a growing file: what [`Writer`] writes is read by readers
/// that [`open`] it while the returned [`Registered`] lives.
pub(super) fn create(path: &Path) -> std::io::Result<(Writer, Arc<Growing>, Registered)> {
    let file = std::fs::File::create(path)?;
    let shared = Arc::new(Growing::default());
    growing().push((path.to_owned(), shared.clone()));
    Ok((
        Writer {
            file,
            shared: shared.clone(),
        },
        shared,
        Registered(path.to_owned()),
    ))
}

/// Writes a growing file, telling its readers of each part written.
pub(super) struct Writer {
    file: std::fs::File,
    shared: Arc<Growing>,
}

impl Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.shared.state().abandoned {
            return Err(std::io::Error::other("the import stopped reading"));
        }
        let written = self.file.write(buf)?;
        self.shared.update(|state| state.written += written as u64);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// The text of an import, as [`open`] opened it.
pub(super) struct TextFile {
    file: std::fs::File,
    /// A growing file: its state, and the offset read up to.
    growing: Option<(Arc<Growing>, u64)>,
}

/// Opens the text at `path`: as a growing file while one is being written there.
pub(super) fn open(path: &Path) -> std::io::Result<TextFile> {
    let shared = growing()
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, shared)| shared.clone());
    Ok(TextFile {
        file: std::fs::File::open(path)?,
        growing: shared.map(|shared| (shared, 0)),
    })
}

impl TextFile {
    /// The size in bytes: of a growing file, what is written so far.
    pub(super) fn len(&self) -> u64 {
        match &self.growing {
            Some((shared, _)) => shared.written(),
            None => self.file.metadata().map_or(0, |m| m.len()),
        }
    }
}

impl Read for TextFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let Some((shared, offset)) = &mut self.growing else {
            return self.file.read(buf);
        };
        let there = shared.wait_beyond(*offset)?;
        let wanted = buf.len().min(usize::try_from(there).unwrap_or(usize::MAX));
        let read = self.file.read(&mut buf[..wanted])?;
        *offset += read as u64;
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_growing_file_is_read_as_it_is_written_and_fails_where_its_writing_failed() {
        let dir = tempfile::tempdir().unwrap();
        for whole in [true, false] {
            let path = dir.path().join(format!("text{whole}.csv"));
            let (mut writer, shared, _registered) = create(&path).unwrap();
            let reader = std::thread::Builder::new()
                .name("reader".to_owned())
                .spawn({
                    let path = path.clone();
                    move || {
                        let mut text = String::new();
                        let read = open(&path).unwrap().read_to_string(&mut text);
                        (read.is_ok(), text)
                    }
                })
                .unwrap();
            for n in 0..1000 {
                writeln!(writer, "line {n}").unwrap();
            }
            shared.end(whole);
            let (read, text) = reader.join().unwrap();
            assert_eq!(read, whole);
            if whole {
                assert_eq!(text.lines().count(), 1000);
                assert_eq!(text.lines().last(), Some("line 999"));
            }
        }
        // Once no longer registered, the path is a plain file.
        let path = dir.path().join("texttrue.csv");
        assert!(open(&path).unwrap().growing.is_none());
    }
}
