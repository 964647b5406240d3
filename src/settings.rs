//! What Lernstadt remembers on this computer (not in a project): the language, the author
//! name for the change log, recent projects, and which files it has verified.
//!
//! Everything lives in the user's data directory (`LERNSTADT_DATA_DIR` overrides it, for
//! tests). A damaged or missing settings file means defaults, never a refusal to start.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use lernstadt_core::i18n::Lang;
use lernstadt_core::store::host::write_atomically;
use lernstadt_core::store::{Host, TrustCache};
use lernstadt_core::t;

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

/// The operating system's user name: from the environment (`USER`, `USERNAME`, `LOGNAME`),
/// else the name of the account's home folder (`/home/jana`, `C:\Users\Jana`); `?` only when
/// neither is known.
#[must_use]
pub fn system_user() -> String {
    // Asked once: the settings menu shows it as a hint in every frame it is open.
    static USER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    USER.get_or_init(|| {
        ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|u| !u.trim().is_empty()))
            .or_else(|| {
                directories::BaseDirs::new()
                    .and_then(|dirs| {
                        dirs.home_dir()
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                    })
                    .filter(|u| !u.trim().is_empty())
            })
            .unwrap_or_else(|| "?".to_owned())
    })
    .clone()
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
    /// The renderer that last opened the window (tried first next time); `None` until one
    /// has.
    pub renderer: Option<Renderer>,
    /// The renderer being started, saved before it starts and cleared once it draws: still
    /// set at the next start, it ended the program while starting (a graphics driver that
    /// aborts instead of failing), and the other one is tried first.
    pub renderer_starting: Option<Renderer>,
    /// Projects opened before, by project UUID, most recent first: to recognise a copy.
    pub known: Vec<(String, PathBuf)>,
    /// The data directory these settings were loaded from and are saved to (with the trust
    /// cache beside them); `None` for settings that live in memory only, as in tests.
    #[serde(skip)]
    pub dir: Option<PathBuf>,
    /// Why the settings file could not be read (it was set aside and the defaults used),
    /// for the window to say once.
    #[serde(skip)]
    pub problem: Option<String>,
}

/// How the window is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Renderer {
    /// wgpu: DX12, Metal, Vulkan or OpenGL, whichever the system offers.
    Wgpu,
    /// glow: OpenGL 2 or later.
    Glow,
}

impl Renderer {
    /// The other one, to fall back to.
    #[must_use]
    pub fn other(self) -> Renderer {
        match self {
            Renderer::Wgpu => Renderer::Glow,
            Renderer::Glow => Renderer::Wgpu,
        }
    }

    /// Its name in logs and messages.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Renderer::Wgpu => "wgpu",
            Renderer::Glow => "glow",
        }
    }
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
            Theme::Light => lernstadt_core::t!("settings.theme.light"),
            Theme::Dark => lernstadt_core::t!("settings.theme.dark"),
            Theme::HighContrast => lernstadt_core::t!("settings.theme.high_contrast"),
        }
    }
}

/// The font sizes offered, in points of body text.
pub const FONT_SIZES: [f32; 7] = [12.0, 13.0, 15.0, 17.0, 20.0, 23.0, 26.0];

impl Settings {
    /// The saved settings of the user's data directory, or defaults.
    #[must_use]
    pub fn load() -> Settings {
        Self::load_from(&data_dir())
    }

    /// The settings saved in `dir`, or defaults that will be saved there.
    #[must_use]
    ///
    /// A settings file that cannot be read (damaged, or written by hand with a mistake) is
    /// kept beside as `settings.damaged.json` and the defaults are used, with a message in
    /// [`Settings::problem`]; it is never silently overwritten.
    pub fn load_from(dir: &Path) -> Settings {
        let path = dir.join("settings.json");
        let mut settings = match std::fs::read(&path) {
            Err(_) => Settings::default(),
            Ok(bytes) => match serde_json::from_slice::<Settings>(&bytes) {
                Ok(settings) => settings,
                Err(error) => {
                    let kept = dir.join("settings.damaged.json");
                    let moved = std::fs::rename(&path, &kept);
                    Settings {
                        problem: Some(match moved {
                            Ok(()) => t!(
                                "settings.damaged",
                                path = path.display(),
                                error = error,
                                kept = kept.display()
                            ),
                            Err(io) => t!(
                                "settings.damaged_not_kept",
                                path = path.display(),
                                error = error,
                                io = io
                            ),
                        }),
                        ..Settings::default()
                    }
                }
            },
        };
        settings.dir = Some(dir.to_owned());
        settings
    }

    /// Saves the settings (atomically: written beside, then renamed); settings without a
    /// directory are not saved.
    pub fn save(&self) -> std::io::Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        write_atomically(
            &dir.join("settings.json"),
            &serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?,
        )
    }

    /// What the store needs of this computer: the author's name and the trust cache of
    /// verified files in the data directory (none for settings in memory).
    #[must_use]
    pub fn host(&self) -> Host {
        let trust = self.dir.as_ref().map_or_else(TrustCache::none, |dir| {
            TrustCache::in_file(dir.join("verified.json"))
        });
        Host::new(self.author_name(), trust)
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
        self.language
            .unwrap_or_else(lernstadt_core::i18n::detect_lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A damaged settings file is set aside (never overwritten) and the defaults are used,
    /// with a message naming both files.
    #[test]
    fn a_damaged_settings_file_is_kept_beside_and_the_defaults_used() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("settings.json");
        std::fs::write(&path, b"{\"language\": \"de\", \"recent\": [").expect("write");
        let settings = Settings::load_from(dir.path());
        assert_eq!(settings.recent, Vec::<PathBuf>::new());
        let problem = settings.problem.clone().expect("a message");
        assert!(problem.contains("settings.json") && problem.contains("settings.damaged.json"));
        let kept = dir.path().join("settings.damaged.json");
        assert_eq!(
            std::fs::read(&kept).expect("kept"),
            b"{\"language\": \"de\", \"recent\": ["
        );
        settings.save().expect("save");
        assert!(kept.exists(), "saving does not touch the old file");
        let again = Settings::load_from(dir.path());
        assert_eq!(again.problem, None, "the saved file reads");
    }
}
