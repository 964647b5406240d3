//! The window: the open project, its snapshot, the views' state and the command queue.
//!
//! Each frame the app brings its caches up to date with the store (read once per store
//! generation), lets the views draw from them and push [`Command`]s, and then applies the
//! commands in one place (`app/commands.rs`). Views never get the store or the app.

mod commands;
mod frame;
pub mod opened;
pub mod tasks;
mod waiting;
mod window;
mod workers;

pub use window::{icon, run};

use std::path::{Path, PathBuf};

use crate::command::Commands;
use crate::settings::Settings;
use crate::ui::overview::Overview;
use lernstadt_core::i18n;
use lernstadt_core::store::{Host, OpenMode, Store};
use lernstadt_core::t;

/// Reads what the overview shows; the app does it once per store generation.
fn read_overview(store: &Store) -> lernstadt_core::store::Result<Overview> {
    Ok(Overview {
        generation: store.generation(),
        info: lernstadt_core::store::project::get(store.conn())?,
        counts: lernstadt_core::store::counts::counts(store.conn())?,
        undo: store.undo_target()?.map(|action| action.label),
        redo: store.redo_target()?.map(|action| action.label),
    })
}

/// The project the window shows, or why it shows none.
pub enum Project {
    Open {
        store: Box<Store>,
        overview: Box<Option<Overview>>,
        error: Option<String>,
    },
    Refused {
        path: PathBuf,
        message: String,
    },
}

/// The application state.
pub struct LernstadtApp {
    pub project: Project,
    /// Projects the operating system asked this window to open (see [`opened`]), the
    /// last one opened on the next frame.
    pub asked_to_open: Vec<std::path::PathBuf>,
    pub settings: Settings,
    /// The import wizard's state.
    pub import: crate::ui::import::ImportWizard,
    /// The view shown.
    pub view: crate::ui::View,
    /// What the views show, read once per store generation.
    pub data: lernstadt_core::snapshot::Snapshot,
    /// The selected indicator's observations.
    pub indicator_data: lernstadt_core::snapshot::IndicatorSnapshot,
    /// What each view remembers: selection, search, drafts.
    pub views: crate::ui::Views,
    /// What the views asked for this frame, applied after drawing.
    pub commands: Commands,
    /// The export window's state.
    pub export: crate::ui::export::ExportDialog,
    /// A short message about the last action (undo, redo, an error).
    pub status: Option<String>,
    /// When this file is a copy of a project opened before from another file: how the two
    /// relate, and who changed this one last.
    pub copy_note: Option<String>,
    /// The presentation running full screen, if one is.
    pub presenting: Option<crate::ui::presentation::Presenting>,
    /// Share, compare and merge windows.
    pub copies: crate::ui::copies::CopyWindows,
    /// The theme and font size the window was last styled with.
    styled: Option<(crate::settings::Theme, Option<f32>)>,
    /// When the file was last looked at for changes from outside.
    looked: std::time::Instant,
    /// Long work running on a worker (share, compare, merge, report, chart).
    pub task: Option<tasks::Task>,
    /// Changes that wait while another program holds the file.
    pub waiting: Option<waiting::Waiting>,
    /// Which indicators have values for districts, asked on a worker for the social index
    /// dialog (one probe per indicator: up to a second on millions of values).
    social_probe: Option<std::sync::mpsc::Receiver<std::collections::BTreeSet<String>>>,
    /// A frame has been drawn (the first is logged with its time).
    drawn: bool,
    /// The name the window title was last made of.
    titled: Option<String>,
}

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

    /// Sets the theme and font size when they changed.
    fn style(&mut self, ctx: &egui::Context) {
        // Presenting: high contrast, type twice the size.
        let wanted = if self.presenting.is_some() {
            (
                crate::settings::Theme::HighContrast,
                Some(self.settings.font_size.unwrap_or(13.0) * 2.0),
            )
        } else {
            (self.settings.theme, self.settings.font_size)
        };
        if self.styled == Some(wanted) {
            return;
        }
        self.styled = Some(wanted);
        let mut visuals = crate::ui::theme::visuals(wanted.0);
        visuals.striped = true;
        let body = wanted.1.unwrap_or(13.0);
        ctx.all_styles_mut(|style| {
            style.visuals = visuals.clone();
            let defaults = egui::Style::default().text_styles;
            for (text_style, font) in &mut style.text_styles {
                if let Some(default) = defaults.get(text_style) {
                    font.size = default.size * body / 13.0;
                }
            }
        });
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

    /// Brings cached query results up to date with the store; cheap when nothing changed.
    pub fn refresh(&mut self) {
        if let Project::Open { store, error, .. } = &mut self.project {
            let result =
                self.data.refresh(store).and_then(|()| {
                    if self.view == crate::ui::View::Indicators {
                        self.indicator_data.refresh(
                            store,
                            &self.data,
                            self.views.indicators.selected,
                        )?;
                    }
                    let history = &mut self.views.history;
                    if let Some(selected) = history.selected
                        && history
                            .details
                            .as_ref()
                            .is_none_or(|(id, _)| *id != selected)
                    {
                        // Values an undo or redo of an import moved in bulk are not in the
                        // log one by one: a line says how many.
                        let moved = lernstadt_core::store::shelf::moved(store.conn(), selected)?
                            .map(|(out, count)| {
                                let count = lernstadt_core::i18n::format_int(count);
                                if out {
                                    t!("history.shelved", count = count)
                                } else {
                                    t!("history.unshelved", count = count)
                                }
                            });
                        let lines = moved
                            .into_iter()
                            .chain(store.changes_of(selected)?.iter().flat_map(|change| {
                                crate::ui::history::describe(change, &self.data)
                            }))
                            .take(1000)
                            .collect();
                        history.details = Some((selected, lines));
                    }
                    Ok(())
                });
            if let Err(e) = result {
                *error = Some(e.to_string());
            }
        }
        if let Project::Open {
            store,
            overview,
            error,
        } = &mut self.project
        {
            let stale = overview
                .as_ref()
                .as_ref()
                .is_none_or(|o| o.generation != store.generation());
            if stale {
                match read_overview(store) {
                    Ok(fresh) => **overview = Some(fresh),
                    Err(e) => *error = Some(e.to_string()),
                }
            }
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

    /// The window's title: the project's name (or the refused file's), then "Lernstadt";
    /// sent only when it changes.
    fn title(&mut self, ctx: &egui::Context) {
        // The name the title is made of; compared without building the title each frame.
        let name = match &self.project {
            Project::Open { overview, .. } => match overview.as_ref() {
                Some(overview) => std::borrow::Cow::Borrowed(overview.info.project.name.as_str()),
                None => return,
            },
            Project::Refused { path, .. } => path
                .file_name()
                .map_or(std::borrow::Cow::Borrowed(""), |n| n.to_string_lossy()),
        };
        if self.titled.as_deref() != Some(&*name) {
            let title = if name.is_empty() {
                "Lernstadt".to_owned()
            } else {
                format!("{name} – Lernstadt")
            };
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title));
            self.titled = Some(name.into_owned());
        }
    }

    /// Twice a second, looks whether another program changed the open file (the command
    /// line, a second window, a sync client): the views read it again and the status says
    /// what came in; a replaced file stops being written to. Not while this window's own
    /// import writes through its own connection.
    fn look_outside(&mut self, ctx: &egui::Context) {
        const EVERY: std::time::Duration = std::time::Duration::from_millis(500);
        ctx.request_repaint_after(EVERY);
        let writing = self.import.running.is_some() || self.task.as_ref().is_some_and(|t| t.writes);
        if self.looked.elapsed() < EVERY || writing {
            return;
        }
        self.looked = std::time::Instant::now();
        let Project::Open { store, .. } = &mut self.project else {
            return;
        };
        // Not while another program writes a large action out: the look would wait for it
        // on the window's thread.
        if !store.readable_now() {
            return;
        }
        match store.look_outside() {
            Ok(lernstadt_core::store::watch::Outside::Unchanged) => {}
            Ok(lernstadt_core::store::watch::Outside::Changed { actions, values }) => {
                self.status = Some(outside_text(&actions, values));
            }
            Ok(lernstadt_core::store::watch::Outside::Replaced) => {
                // For support (and .ci/windows, which replaces the file as a sync client does).
                log::warn!(
                    "the open project was replaced on disk by another file; no longer written to: {}",
                    store
                        .path()
                        .map_or_else(String::new, |p| p.display().to_string())
                );
                self.status = None;
            }
            Err(error) => self.status = Some(error.to_string()),
        }
    }

    /// Collects finished work of the worker threads; an import makes the views read the
    /// project again.
    fn poll_workers(&mut self) {
        if self.import.poll()
            && let Project::Open { store, .. } = &mut self.project
        {
            store.note_external_change();
        }
        self.export.poll();
        if let Some(finished) = self.task.as_ref().and_then(tasks::Task::poll) {
            self.task = None;
            self.finish(finished);
        }
        if let Some(probe) = &self.social_probe {
            match probe.try_recv() {
                Ok(codes) => {
                    self.views.indicators.social.with_districts = Some(codes);
                    self.social_probe = None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.social_probe = None,
            }
        }
    }

    /// Asks on a worker which indicators have values for districts (the social index
    /// dialog greys the others); until the answer comes every indicator is offered.
    pub(super) fn probe_social_candidates(&mut self) {
        if self.social_probe.is_some() {
            return;
        }
        let Some(path) = self.open_path() else {
            return;
        };
        let host = self.host();
        let every: std::collections::BTreeSet<String> = self
            .data
            .indicators
            .iter()
            .map(|i| i.code.clone())
            .collect();
        self.social_probe = workers::spawn("social-probe", move || {
            // Without an answer (an error) every indicator stays offered.
            Store::open(&path, OpenMode::ReadOnly, &host)
                .and_then(|store| lernstadt_core::store::social::with_subregions(store.conn()))
                .unwrap_or(every)
        })
        .ok();
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

/// What came in from outside, in words: the actions (label and author) and the change in
/// data values.
fn outside_text(actions: &[(String, String)], values: i64) -> String {
    let mut parts: Vec<String> = actions
        .iter()
        .take(5)
        .map(|(label, author)| format!("{label} ({author})"))
        .collect();
    if actions.len() > 5 {
        parts.push(format!("… (+{})", actions.len() - 5));
    }
    match values {
        0 => {}
        more if more > 0 => parts.push(t!(
            "app.outside.values",
            count = lernstadt_core::i18n::format_int(more)
        )),
        fewer => parts.push(t!(
            "app.outside.values_fewer",
            count = lernstadt_core::i18n::format_int(-fewer)
        )),
    }
    t!("app.outside", actions = parts.join("; "))
}
