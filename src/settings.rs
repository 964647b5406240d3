//! What Lernstadt remembers on this computer (not in a project): the language, the author
//! name for the change log, recent projects, and which files it has verified.
//!
//! Everything lives in the user's data directory (`LERNSTADT_DATA_DIR` overrides it, for
//! tests). A damaged or missing settings file means defaults, never a refusal to start.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// The directory Lernstadt keeps its own files in.
#[must_use]
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LERNSTADT_DATA_DIR") {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("de", "Lernstadt", "Lernstadt").map_or_else(
        || std::env::temp_dir().join("lernstadt"),
        |dirs| dirs.data_dir().to_owned(),
    )
}

/// The author name for the change log: the one set in the settings, else the operating
/// system's user name.
#[must_use]
pub fn default_author() -> String {
    Settings::load().author_name()
}

/// The operating system's user name (`?` if none is known).
#[must_use]
pub fn system_user() -> String {
    std::env::var("USER")
        .ok()
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|user| !user.trim().is_empty())
        .unwrap_or_else(|| "?".to_owned())
}

/// Settings remembered between starts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// `None`: from the operating system.
    pub language: Option<Lang>,
    /// `None`: the operating system's user name.
    pub author: Option<String>,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    pub theme: Theme,
    /// Text size in points for body text (the others scale with it).
    pub font_size: Option<f32>,
    /// Projects opened before, by project UUID, most recent first: to recognise a copy.
    pub known: Vec<(String, PathBuf)>,
}

/// The window's colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    Light,
    #[default]
    Dark,
    HighContrast,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::HighContrast];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Theme::Light => crate::t!("settings.theme.light"),
            Theme::Dark => crate::t!("settings.theme.dark"),
            Theme::HighContrast => crate::t!("settings.theme.high_contrast"),
        }
    }
}

/// The font sizes offered, in points of body text.
pub const FONT_SIZES: [f32; 5] = [12.0, 13.0, 15.0, 17.0, 20.0];

impl Settings {
    fn path() -> PathBuf {
        data_dir().join("settings.json")
    }

    /// The saved settings, or defaults.
    #[must_use]
    pub fn load() -> Settings {
        std::fs::read(Self::path())
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Saves the settings (atomically: written beside, then renamed).
    pub fn save(&self) -> std::io::Result<()> {
        write_atomically(
            &Self::path(),
            &serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?,
        )
    }

    /// The author name for the change log: the one set here, else the system's user name.
    #[must_use]
    pub fn author_name(&self) -> String {
        self.author
            .clone()
            .filter(|author| !author.trim().is_empty())
            .unwrap_or_else(system_user)
    }

    /// Remembers that the project `uuid` was opened at `path`; returns the path it was last
    /// opened at before, if that was another file that still exists.
    pub fn note_project(&mut self, uuid: &str, path: &Path) -> Option<PathBuf> {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        let earlier = self
            .known
            .iter()
            .find(|(u, p)| u == uuid && p != &path && p.exists())
            .map(|(_, p)| p.clone());
        self.known.retain(|(u, p)| !(u == uuid && p == &path));
        self.known.insert(0, (uuid.to_owned(), path));
        self.known.truncate(50);
        earlier
    }

    /// Puts a project at the top of the recent list.
    pub fn add_recent(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(10);
    }

    /// The language to use: the saved choice, else the operating system's.
    #[must_use]
    pub fn effective_language(&self) -> Lang {
        self.language.unwrap_or_else(crate::i18n::detect_lang)
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
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

/// The files this installation has verified (or written last) and how they looked then. A
/// file that still looks the same needs no second full integrity check when it is opened;
/// a file from anywhere else, or changed since, gets one.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TrustCache {
    files: BTreeMap<PathBuf, Fingerprint>,
}

impl TrustCache {
    fn path() -> PathBuf {
        data_dir().join("verified.json")
    }

    /// The saved cache, or an empty one.
    #[must_use]
    pub fn load() -> TrustCache {
        std::fs::read(Self::path())
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// A cache that trusts nothing: every open runs the full check.
    #[must_use]
    pub fn none() -> TrustCache {
        TrustCache::default()
    }

    /// Whether `path` is unchanged since it was recorded.
    #[must_use]
    pub fn is_trusted(&self, path: &Path) -> bool {
        let Ok(canonical) = std::fs::canonicalize(path) else {
            return false;
        };
        match (self.files.get(&canonical), fingerprint(path)) {
            (Some(recorded), Some(now)) => *recorded == now,
            _ => false,
        }
    }

    /// Records `path` as it is now, as verified. Failing to record only costs a check later.
    pub fn record_written(path: &Path) {
        let Ok(canonical) = std::fs::canonicalize(path) else {
            return;
        };
        let Some(now) = fingerprint(path) else { return };
        let mut cache = Self::load();
        cache.files.insert(canonical, now);
        // Forget files that are gone, so the cache does not grow without end.
        cache.files.retain(|path, _| path.exists());
        if let Ok(bytes) = serde_json::to_vec(&cache) {
            let _ = write_atomically(&Self::path(), &bytes);
        }
    }
}
