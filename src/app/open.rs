//! Opening a project in the window: the file opened for editing or refused with a message,
//! the recent list, how the file relates to a copy of the same project opened before; the
//! open project's path and host.

use std::path::Path;

use lernstadt_core::i18n;
use lernstadt_core::store::{Host, OpenMode, Store};
use lernstadt_core::t;

use super::{LernstadtApp, Project};
use crate::command::Commands;
use crate::settings::Settings;

impl LernstadtApp {
    /// Opens `path` for editing; a refused file becomes a message in the window.
    #[must_use]
    pub fn open(path: &Path, settings: Settings) -> LernstadtApp {
        let started = std::time::Instant::now();
        let project = match Store::open(path, OpenMode::ReadWrite, &settings.host()) {
            Ok(store) => {
                log::info!(
                    "opened {} in {} ms (schema {}{}{})",
                    path.display(),
                    started.elapsed().as_millis(),
                    store.file_version(),
                    if store.notes().integrity_checked {
                        ", full integrity check"
                    } else {
                        ""
                    },
                    if store.read_only().is_some() {
                        ", read-only"
                    } else {
                        ""
                    }
                );
                Project::Open {
                    store: Box::new(store),
                    overview: Box::new(None),
                    error: None,
                }
            }
            Err(error) => {
                log::warn!("refused {}: {error}", path.display());
                Project::Refused {
                    path: path.to_owned(),
                    message: error.to_string(),
                }
            }
        };
        let status = settings.problem.clone();
        let mut app = LernstadtApp {
            project,
            asked_to_open: Vec::new(),
            settings,
            import: crate::ui::import::ImportWizard::default(),
            export: crate::ui::export::ExportDialog::default(),
            view: crate::ui::View::default(),
            data: lernstadt_core::snapshot::Snapshot::default(),
            indicator_data: lernstadt_core::snapshot::IndicatorSnapshot::default(),
            views: crate::ui::Views::default(),
            commands: Commands::default(),
            status,
            copy_note: None,
            presenting: None,
            copies: crate::ui::copies::CopyWindows::default(),
            styled: None,
            looked: std::time::Instant::now(),
            task: None,
            waiting: None,
            social_probe: None,
            drawn: false,
            titled: None,
        };
        if let Project::Open { store, .. } = &app.project {
            app.settings.add_recent(path);
            if let Ok(info) = lernstadt_core::store::project::get(store.conn()) {
                let earlier = app
                    .settings
                    .note_project(&info.project.uuid.to_string(), path);
                app.copy_note = earlier.and_then(|other| copy_note(store, &other, &info));
            }
            let _ = app.settings.save();
        }
        app
    }

    /// The open project's path, if it has one and can be written.
    #[must_use]
    pub fn writable_path(&self) -> Option<std::path::PathBuf> {
        match &self.project {
            Project::Open { store, .. } if store.read_only().is_none() => {
                store.path().map(Path::to_owned)
            }
            _ => None,
        }
    }

    /// The author and trust cache the store is opened with.
    #[must_use]
    pub fn host(&self) -> Host {
        match &self.project {
            Project::Open { store, .. } => store.host().clone(),
            Project::Refused { .. } => self.settings.host(),
        }
    }
}

/// Says how the open file relates to the copy of the same project at `other`.
fn copy_note(
    store: &Store,
    other: &Path,
    info: &lernstadt_core::store::project::ProjectInfo,
) -> Option<String> {
    use lernstadt_core::copies::Relation;
    let relation = lernstadt_core::copies::relation(store, other).ok()?;
    let other = other.display();
    let how = match relation {
        Relation::Same => t!("copy.same", other = other),
        Relation::Older { count } => t!("copy.older", other = other, count = count),
        Relation::Newer { count } => t!("copy.newer", other = other, count = count),
        Relation::Diverged { ours, theirs } => {
            t!("copy.diverged", other = other, ours = ours, theirs = theirs)
        }
    };
    Some(format!(
        "{how} {}",
        t!(
            "app.modified",
            at = i18n::format_timestamp(&info.modified_at),
            by = info.modified_by
        )
    ))
}
