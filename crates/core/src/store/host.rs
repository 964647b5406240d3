//! What the store knows of the computer it runs on, handed in by the caller: the author's
//! name for the change log and where the trust cache of verified files lives. The store
//! itself reads no settings and no environment, so tests and benchmarks hand in their own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The caller's part of opening or creating a project file.
#[derive(Clone, Debug)]
pub struct Host {
    /// Who the change log names for actions.
    pub author: String,
    /// Which files need no second full integrity check.
    pub trust: TrustCache,
}

impl Default for Host {
    /// No author known, nothing trusted: every open runs the full check.
    fn default() -> Host {
        Host {
            author: "?".to_owned(),
            trust: TrustCache::none(),
        }
    }
}

impl Host {
    /// A host with this author and trust cache.
    #[must_use]
    pub fn new(author: impl Into<String>, trust: TrustCache) -> Host {
        Host {
            author: author.into(),
            trust,
        }
    }
}

/// What a file looked like when this installation last verified or wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Fingerprint {
    len: u64,
    modified_ns: u128,
    /// SQLite's file change counter (header bytes 24..28).
    change_counter: u32,
}

fn fingerprint(path: &Path) -> Option<Fingerprint> {
    use std::io::Read;
    let metadata = std::fs::metadata(path).ok()?;
    let modified_ns = metadata
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    let mut header = [0_u8; 28];
    std::fs::File::open(path)
        .ok()?
        .read_exact(&mut header)
        .ok()?;
    Some(Fingerprint {
        len: metadata.len(),
        modified_ns,
        change_counter: u32::from_be_bytes([header[24], header[25], header[26], header[27]]),
    })
}

/// The files this installation has verified (or written last) and how they looked then,
/// kept in one JSON file. A file that still looks the same needs no second full integrity
/// check when it is opened; a file from anywhere else, or changed since, gets one.
#[derive(Clone, Debug, Default)]
pub struct TrustCache {
    /// `None`: trusts nothing and records nothing.
    file: Option<PathBuf>,
}

#[derive(Default, Serialize, Deserialize)]
struct Entries {
    files: BTreeMap<PathBuf, Fingerprint>,
}

impl TrustCache {
    /// The cache kept in `file` (created when the first file is recorded).
    #[must_use]
    pub fn in_file(file: PathBuf) -> TrustCache {
        TrustCache { file: Some(file) }
    }

    /// A cache that trusts nothing: every open runs the full check.
    #[must_use]
    pub fn none() -> TrustCache {
        TrustCache { file: None }
    }

    fn entries(&self) -> Entries {
        self.file
            .as_ref()
            .and_then(|file| std::fs::read(file).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Whether `path` is unchanged since it was recorded.
    #[must_use]
    pub fn is_trusted(&self, path: &Path) -> bool {
        if self.file.is_none() {
            return false;
        }
        let Ok(canonical) = std::fs::canonicalize(path) else {
            return false;
        };
        match (self.entries().files.get(&canonical), fingerprint(path)) {
            (Some(recorded), Some(now)) => *recorded == now,
            _ => false,
        }
    }

    /// Records `path` as it is now, as verified. Failing to record only costs a check later.
    pub fn record_written(&self, path: &Path) {
        let Some(file) = &self.file else { return };
        let Ok(canonical) = std::fs::canonicalize(path) else {
            return;
        };
        let Some(now) = fingerprint(path) else { return };
        let mut entries = self.entries();
        entries.files.insert(canonical, now);
        // Forget files that are gone, so the cache does not grow without end.
        entries.files.retain(|path, _| path.exists());
        if let Ok(bytes) = serde_json::to_vec(&entries) {
            let _ = write_atomically(file, &bytes);
        }
    }
}

/// Writes `bytes` to `path` whole or not at all: beside it first, then renamed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_file_is_trusted_until_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.lernstadt");
        std::fs::write(&file, [7_u8; 100]).unwrap();
        let cache = TrustCache::in_file(dir.path().join("verified.json"));
        assert!(!cache.is_trusted(&file));
        cache.record_written(&file);
        assert!(cache.is_trusted(&file));
        assert!(!TrustCache::none().is_trusted(&file));
        std::fs::write(&file, [8_u8; 101]).unwrap();
        assert!(!cache.is_trusted(&file));
    }
}
