//! The window: the open project, its cached overview, and the settings.
//!
//! Views never query the store while drawing: [`Overview`] is read once and rebuilt when
//! the store's generation moves.

use std::path::{Path, PathBuf};

use crate::settings::Settings;
use lernstadt_core::i18n::{self, Lang};
use lernstadt_core::store::counts::Counts;
use lernstadt_core::store::project::ProjectInfo;
use lernstadt_core::store::{ActionKind, OpenMode, Store};
use lernstadt_core::t;

/// What the overview shows, read from the store once per generation.
#[derive(Clone, Debug)]
pub struct Overview {
    pub generation: u64,
    pub info: ProjectInfo,
    pub counts: Counts,
    /// What Undo and Redo would take back or bring back.
    pub undo: Option<String>,
    pub redo: Option<String>,
}

impl Overview {
    fn read(store: &Store) -> lernstadt_core::store::Result<Overview> {
        Ok(Overview {
            generation: store.generation(),
            info: lernstadt_core::store::project::get(store.conn())?,
            counts: lernstadt_core::store::counts::counts(store.conn())?,
            undo: store.undo_target()?.map(|action| action.label),
            redo: store.redo_target()?.map(|action| action.label),
        })
    }
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
    pub data: lernstadt_core::data::Data,
    /// The selected indicator's observations.
    pub indicator_data: lernstadt_core::data::IndicatorData,
    /// What each view remembers: selection, search, drafts.
    pub views: crate::ui::Views,
    /// Edits the views asked for this frame, applied after drawing.
    pub edits: Vec<crate::ui::form::Edit>,
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
    pub exchange: crate::ui::exchange::Exchange,
    /// The theme and font size the window was last styled with.
    styled: Option<(crate::settings::Theme, Option<f32>)>,
}

impl LernstadtApp {
    /// Opens `path` for editing; a refused file becomes a message in the window.
    #[must_use]
    pub fn open(path: &Path, settings: Settings) -> LernstadtApp {
        let project = match Store::open(path, OpenMode::ReadWrite, &settings.host()) {
            Ok(store) => Project::Open {
                store: Box::new(store),
                overview: Box::new(None),
                error: None,
            },
            Err(error) => Project::Refused {
                path: path.to_owned(),
                message: error.to_string(),
            },
        };
        let mut app = LernstadtApp {
            project,
            settings,
            import: crate::ui::import::ImportWizard::default(),
            export: crate::ui::export::ExportDialog::default(),
            view: crate::ui::View::default(),
            data: lernstadt_core::data::Data::default(),
            indicator_data: lernstadt_core::data::IndicatorData::default(),
            views: crate::ui::Views::default(),
            edits: Vec::new(),
            status: None,
            copy_note: None,
            presenting: None,
            exchange: crate::ui::exchange::Exchange::default(),
            styled: None,
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

    /// Opens another project in this window (a refused file shows why).
    pub fn switch_to(&mut self, path: &Path) {
        if self.import.running.is_some() {
            return;
        }
        let settings = self.settings.clone();
        let styled = self.styled;
        *self = LernstadtApp::open(path, settings);
        self.styled = styled;
    }

    /// Creates a new, empty project at `path` and opens it.
    pub fn new_project(&mut self, path: &Path) {
        let name = path.file_stem().map_or_else(
            || "Lernstadt".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        match Store::create(path, &name, &self.settings.host()).and_then(Store::close) {
            Ok(()) => self.switch_to(path),
            Err(error) => self.status = Some(error.to_string()),
        }
    }

    /// Writes a compact copy of the open project to `path`.
    pub fn save_copy(&mut self, path: &Path) {
        if let Project::Open { store, .. } = &self.project {
            self.status = Some(match store.save_copy(path) {
                Ok(size) => t!(
                    "app.copy_saved",
                    path = path.display(),
                    size = i18n::format_bytes(size)
                ),
                Err(error) => error.to_string(),
            });
        }
    }

    /// Writes a chart as PNG to `path`.
    pub fn save_chart(&mut self, request: &lernstadt_core::render::figure::Request, path: &Path) {
        if let Project::Open { store, .. } = &self.project {
            self.status = Some(
                match lernstadt_core::render::figure::export_png(store, request, path) {
                    Ok(bytes) => t!(
                        "app.chart_saved",
                        path = path.display(),
                        size = i18n::format_bytes(bytes)
                    ),
                    Err(error) => error.to_string(),
                },
            );
        }
    }

    /// Writes the education report of the open project to `path`.
    pub fn write_report(&mut self, path: &Path) {
        if let Project::Open { store, .. } = &self.project {
            self.status = Some(
                match lernstadt_core::report::write_report(
                    store,
                    path,
                    &lernstadt_core::report::ReportOptions::default(),
                ) {
                    Ok(summary) => t!(
                        "app.report_written",
                        path = path.display(),
                        size = i18n::format_bytes(summary.bytes)
                    ),
                    Err(error) => error.to_string(),
                },
            );
        }
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

    /// The current language.
    #[must_use]
    pub fn lang(&self) -> Lang {
        i18n::lang()
    }

    /// Switches the language and remembers the choice.
    pub fn set_lang(&mut self, lang: Lang) {
        i18n::set_lang(lang);
        self.settings.language = Some(lang);
        let _ = self.settings.save();
    }

    /// The name the change log records for this user's actions, as set (empty: the system's).
    #[must_use]
    pub fn author(&self) -> String {
        self.settings.author.clone().unwrap_or_default()
    }

    /// Sets the name the change log records, for the open project and future starts.
    /// Saving waits for [`LernstadtApp::save_settings`] (when the field loses focus, and on
    /// exit), so typing does not write a file per key.
    pub fn set_author(&mut self, author: &str) {
        self.settings.author = Some(author.trim().to_owned()).filter(|a| !a.is_empty());
        if let Project::Open { store, .. } = &mut self.project {
            store.set_author(&self.settings.author_name());
        }
    }

    /// Writes the settings to disk.
    pub fn save_settings(&self) {
        let _ = self.settings.save();
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

    /// Undoes the last action (one import, one edit).
    pub fn undo(&mut self) {
        self.undo_or_redo(true);
    }

    /// Redoes the last undone action.
    pub fn redo(&mut self) {
        self.undo_or_redo(false);
    }

    fn undo_or_redo(&mut self, undo: bool) {
        if self.import.running.is_some() {
            return;
        }
        if let Project::Open { store, .. } = &mut self.project {
            let result = if undo { store.undo() } else { store.redo() };
            self.status = match result {
                Ok(Some(action)) => Some(if undo {
                    t!("app.undone", label = action.label)
                } else {
                    t!("app.redone", label = action.label)
                }),
                Ok(None) => None,
                Err(error) => Some(error.to_string()),
            };
        }
    }

    /// Applies the edits the views asked for, each as one transaction and one undo step.
    pub fn apply_edits(&mut self) {
        let edits = std::mem::take(&mut self.edits);
        let Project::Open { store, .. } = &mut self.project else {
            return;
        };
        for edit in edits {
            self.status = match store.transact(ActionKind::Edit, &edit.label, edit.apply) {
                Ok(()) => None,
                Err(error) => Some(t!("app.edit_failed", label = edit.label, error = error)),
            };
        }
    }

    /// Brings cached query results up to date with the store; cheap when nothing changed.
    pub fn refresh(&mut self) {
        if let Project::Open { store, error, .. } = &mut self.project {
            let result = self.data.refresh(store).and_then(|()| {
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
                    let lines = store
                        .changes_of(selected)?
                        .iter()
                        .flat_map(|change| crate::ui::history::describe(change, &self.data))
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
                match Overview::read(store) {
                    Ok(fresh) => **overview = Some(fresh),
                    Err(e) => *error = Some(e.to_string()),
                }
            }
        }
    }

    /// Draws the whole window into `ui`.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.style(ui.ctx());
        let dropped: Vec<std::path::PathBuf> = ui.ctx().input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.import.choose(path);
        }
        let (undo, redo) = ui.ctx().input_mut(|i| {
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
            self.redo();
        } else if undo {
            self.undo();
        }
        let project = self.writable_path();
        let host = match &self.project {
            Project::Open { store, .. } => store.host().clone(),
            Project::Refused { .. } => self.settings.host(),
        };
        if crate::ui::import::wizard_ui(ui.ctx(), &mut self.import, project.as_deref(), &host)
            && let Project::Open { store, .. } = &mut self.project
        {
            store.note_external_change();
        }
        let readable = match &self.project {
            Project::Open { store, .. } => store.path().map(Path::to_owned),
            Project::Refused { .. } => None,
        };
        crate::ui::export::export_ui(ui.ctx(), &mut self.export, readable.as_deref(), &host);
        crate::ui::exchange::exchange_ui(self, &ui.ctx().clone());
        self.refresh();
        if self.presenting.is_some() {
            crate::ui::presentation::present_ui(self, ui);
            self.apply_edits();
            return;
        }
        if ui
            .ctx()
            .input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F5))
        {
            let ctx = ui.ctx().clone();
            self.start_presentation(&ctx, None);
            return;
        }
        crate::ui::app_ui(self, ui);
        self.apply_edits();
        if let Some(request) = self.views.indicators.export_png.take()
            && let Some(path) = rfd::FileDialog::new()
                .add_filter("PNG", &["png"])
                .set_file_name(format!("{}.png", request.indicator))
                .save_file()
        {
            self.save_chart(&request, &path);
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
    use lernstadt_core::exchange::Relation;
    let relation = lernstadt_core::exchange::relation(store, other).ok()?;
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

/// The project to open when none is given: the last one, else the demo (created in the
/// data directory on first start).
pub fn default_project(settings: &Settings) -> anyhow::Result<PathBuf> {
    if let Some(recent) = settings.recent.iter().find(|p| p.exists()) {
        return Ok(recent.clone());
    }
    let dir = settings
        .dir
        .clone()
        .unwrap_or_else(crate::settings::data_dir);
    let path = dir.join(format!(
        "Musterstadt-Demo.{}",
        lernstadt_core::store::EXTENSION
    ));
    if !path.exists() {
        std::fs::create_dir_all(&dir)?;
        lernstadt_core::demo::create(&path, &settings.host())?.close()?;
    }
    Ok(path)
}

/// Opens the window on `file`, or on the last project or the demo; with `present`, starts
/// its first presentation full screen.
pub fn run(file: Option<PathBuf>, present: bool) -> anyhow::Result<()> {
    let settings = Settings::load();
    let path = match file {
        Some(path) => path,
        None => default_project(&settings)?,
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Lernstadt")
            .with_inner_size([1100.0, 720.0])
            .with_min_inner_size([640.0, 420.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "Lernstadt",
        options,
        Box::new(move |cc| {
            let mut app = LernstadtApp::open(&path, settings);
            if present {
                app.refresh();
                app.start_presentation(&cc.egui_ctx, None);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("{}", t!("app.error.window", error = e)))
}
