//! The window: the open project, its snapshot, the views' state and the command queue.
//!
//! Each frame the app brings its caches up to date with the store (read once per store
//! generation), lets the views draw from them and push [`Command`]s, and then applies the
//! commands in one place (`app/commands.rs`). Views never get the store or the app.

mod commands;
pub mod opened;
pub mod tasks;
mod window;
mod workers;

pub use window::{icon, run};

use std::path::{Path, PathBuf};

use crate::command::{Command, Commands};
use crate::settings::Settings;
use crate::ui::overview::Overview;
use crate::ui::{Frame, ProjectView};
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
        let mut visuals = match wanted.0 {
            crate::settings::Theme::Light => egui::Visuals::light(),
            crate::settings::Theme::Dark => egui::Visuals::dark(),
            crate::settings::Theme::HighContrast => {
                let mut v = egui::Visuals::dark();
                v.override_text_color = Some(egui::Color32::WHITE);
                v.panel_fill = egui::Color32::BLACK;
                v.window_fill = egui::Color32::BLACK;
                v.extreme_bg_color = egui::Color32::BLACK;
                v.faint_bg_color = egui::Color32::from_gray(30);
                v.selection.bg_fill = egui::Color32::from_rgb(0x00, 0x50, 0xc0);
                v.selection.stroke = egui::Stroke::new(2.0, egui::Color32::YELLOW);
                v.hyperlink_color = egui::Color32::YELLOW;
                for widget in [
                    &mut v.widgets.noninteractive,
                    &mut v.widgets.inactive,
                    &mut v.widgets.hovered,
                    &mut v.widgets.active,
                    &mut v.widgets.open,
                ] {
                    widget.bg_stroke = egui::Stroke::new(1.0, egui::Color32::WHITE);
                    widget.fg_stroke = egui::Stroke::new(1.5, egui::Color32::WHITE);
                }
                v.widgets.hovered.bg_stroke = egui::Stroke::new(2.0, egui::Color32::YELLOW);
                v
            }
        };
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
        match store.look_outside() {
            Ok(lernstadt_core::store::watch::Outside::Unchanged) => {}
            Ok(lernstadt_core::store::watch::Outside::Changed { actions, values }) => {
                self.status = Some(outside_text(&actions, values));
            }
            Ok(lernstadt_core::store::watch::Outside::Replaced) => self.status = None,
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

/// The parts of the app the views read this frame.
struct Parts<'a> {
    project: &'a Project,
    data: &'a lernstadt_core::snapshot::Snapshot,
    indicator_data: &'a lernstadt_core::snapshot::IndicatorSnapshot,
    settings: &'a Settings,
    status: Option<&'a str>,
    copy_note: Option<&'a str>,
    idle: bool,
}

impl<'a> Parts<'a> {
    /// What the views read this frame.
    fn frame(self) -> Frame<'a> {
        let project = match self.project {
            Project::Refused { path, message } => ProjectView::Refused { path, message },
            Project::Open {
                store,
                overview,
                error,
            } => {
                let mut notices = Vec::new();
                if let Some(reason) = store.read_only() {
                    notices.push(
                        reason.message(store.path().unwrap_or_else(|| std::path::Path::new(""))),
                    );
                }
                if let (Some(from), Some(backup)) =
                    (store.notes().migrated_from, &store.notes().backup)
                {
                    notices.push(t!(
                        "app.migrated",
                        from = from,
                        to = lernstadt_core::store::SCHEMA_VERSION,
                        backup = backup.display()
                    ));
                }
                notices.extend(error.clone());
                ProjectView::Open {
                    overview: overview.as_ref().as_ref(),
                    notices,
                    writable: store.read_only().is_none() && store.path().is_some(),
                    repairs: repairs(store.read_only()),
                    reopen: match store.read_only() {
                        Some(lernstadt_core::store::ReadOnlyReason::Replaced) => store.path(),
                        _ => None,
                    },
                }
            }
        };
        Frame {
            data: self.data,
            indicator_data: self.indicator_data,
            settings: self.settings,
            project,
            status: self.status,
            copy_note: self.copy_note,
            idle: self.idle,
        }
    }
}

impl LernstadtApp {
    /// Draws the whole window into `ui`, then applies what the views asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.style(&ctx);
        // A project the operating system asks to open (macOS: double-clicked in the Finder
        // while Lernstadt runs): the last one asked for.
        if let Some(path) = opened::take().pop() {
            self.switch_to(&path);
        }
        let dropped: Vec<std::path::PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        // A project dropped on the window is opened (the one open is saved as it is); any
        // other file goes to the import wizard.
        if let Some(path) = dropped.into_iter().next() {
            if lernstadt_core::store::is_project(&path) {
                self.switch_to(&path);
            } else {
                self.import.choose(path);
            }
        }
        let (undo, redo) = ctx.input_mut(|i| {
            let undo = i.consume_shortcut(&egui::KeyboardShortcut::new(
                egui::Modifiers::COMMAND,
                egui::Key::Z,
            ));
            let redo = i.consume_shortcut(&egui::KeyboardShortcut::new(
                egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
                egui::Key::Z,
            )) || i.consume_shortcut(&egui::KeyboardShortcut::new(
                egui::Modifiers::COMMAND,
                egui::Key::Y,
            ));
            (undo, redo)
        });
        if redo {
            self.commands.push(Command::Redo);
        } else if undo {
            self.commands.push(Command::Undo);
        }
        self.apply_commands(&ctx);
        self.poll_workers();
        self.look_outside(&ctx);
        self.refresh();
        self.draw(ui, &ctx);
        self.title(&ctx);
        if !self.drawn {
            self.drawn = true;
            log::info!("first frame after {} ms", crate::logging::since_start_ms());
        }
        if let Some(request) = self.views.indicators.export_png.take()
            && let Some(path) = rfd::FileDialog::new()
                .add_filter("PNG", &["png"])
                .set_file_name(format!("{}.png", request.indicator))
                .save_file()
        {
            self.commands.push(Command::SaveChart { request, path });
        }
        self.apply_commands(&ctx);
    }

    /// The views and dialogs draw, each with what it may read and its own state.
    fn draw(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) {
        let LernstadtApp {
            project,
            settings,
            import,
            view,
            data,
            indicator_data,
            views,
            commands,
            export,
            status,
            copy_note,
            presenting,
            copies,
            styled: _,
            looked: _,
            task,
            social_probe: _,
            drawn: _,
            titled: _,
        } = self;
        let frame = Parts {
            project,
            data,
            indicator_data,
            settings,
            status: status.as_deref(),
            copy_note: copy_note.as_deref(),
            idle: import.running.is_none() && task.is_none(),
        }
        .frame();
        let writable = matches!(frame.project, ProjectView::Open { writable: true, .. });
        let readable = frame.project.is_open();
        crate::ui::import::wizard_ui(ctx, import, writable, &frame.data.mappings, commands);
        crate::ui::export::export_ui(ctx, export, readable, commands);
        crate::ui::report::report_ui(ctx, &mut export.report, readable, commands);
        crate::ui::copies::copies_ui(ctx, copies, commands);
        crate::ui::copies::task_ui(
            ctx,
            task.as_ref()
                .map(|task| (task.label.as_str(), task.progress.fraction())),
            commands,
        );
        if let Some(presenting) = presenting.as_mut() {
            crate::ui::presentation::present_ui(ui, frame.data, presenting, commands);
        } else if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F5)) {
            commands.push(Command::StartPresentation(None));
        } else {
            let state = crate::ui::State {
                view,
                views,
                import,
                export,
                copies,
            };
            crate::ui::app_ui(ui, &frame, state, commands);
        }
    }
}

impl eframe::App for LernstadtApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        LernstadtApp::ui(self, ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_settings();
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

/// The repairs a damaged file offers: for each cycle, moving one of its rows to the top.
fn repairs(
    reason: Option<&lernstadt_core::store::ReadOnlyReason>,
) -> Vec<(String, lernstadt_core::model::meta::EntityKind, String)> {
    let Some(lernstadt_core::store::ReadOnlyReason::Damaged { problems }) = reason else {
        return Vec::new();
    };
    problems
        .iter()
        .flat_map(|problem| match problem {
            lernstadt_core::store::problems::Problem::Cycle { kind, members } => members
                .iter()
                .map(|(key, label)| (t!("repair.cut", name = label), *kind, key.clone()))
                .collect(),
            lernstadt_core::store::problems::Problem::Unlogged { .. } => Vec::new(),
        })
        .collect()
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
