//! One frame of the window: the caches brought up to date, the app's state handed to the
//! views as a [`Frame`], the windows and dialogs drawn, then the commands the views pushed
//! applied in one place.

use super::{LernstadtApp, Project, opened};
use crate::command::Command;
use crate::settings::Settings;
use crate::ui::{Frame, ProjectView};
use lernstadt_core::t;

/// The parts of the app the views read this frame.
struct Parts<'a> {
    project: &'a Project,
    data: &'a lernstadt_core::snapshot::Snapshot,
    indicator_data: &'a lernstadt_core::snapshot::IndicatorSnapshot,
    settings: &'a Settings,
    status: Option<&'a str>,
    copy_note: Option<&'a str>,
    waiting: Option<&'a str>,
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
            waiting: self.waiting,
            idle: self.idle,
        }
    }
}

impl LernstadtApp {
    /// Draws the whole window into `ui`, then applies what the views asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        crate::ui::focus::keep_in_sight(&ctx);
        self.style(&ctx);
        // A project the operating system asks to open (macOS: double-clicked in the Finder
        // while Lernstadt runs): the last one asked for.
        self.asked_to_open.extend(opened::take_for_window());
        if let Some(path) = self.asked_to_open.pop() {
            self.asked_to_open.clear();
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
            asked_to_open: _,
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
            waiting,
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
            waiting: waiting.as_ref().map(|w| w.text.as_str()),
            idle: import.running.is_none() && task.is_none(),
        }
        .frame();
        let writable = matches!(frame.project, ProjectView::Open { writable: true, .. });
        let readable = frame.project.is_open();
        crate::ui::import::wizard_ui(ctx, import, writable, &frame.data.mappings, commands);
        crate::ui::fetch::web_ui(ctx, &mut import.web, writable, frame.idle, commands);
        crate::ui::export::export_ui(ctx, export, readable, commands);
        crate::ui::report::report_ui(ctx, &mut export.report, readable, commands);
        crate::ui::copies::copies_ui(ctx, copies, commands);
        crate::ui::copies::task_ui(
            ctx,
            task.as_ref().map(|task| crate::ui::copies::TaskView {
                label: &task.label,
                fraction: task.progress.fraction(),
                waiting: task.progress.waiting(),
            }),
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

/// The repairs a damaged file offers: for each cycle, moving one of its rows to the top;
/// for each formula that cannot be computed, clearing it (of a loop, any one of them).
fn repairs(
    reason: Option<&lernstadt_core::store::ReadOnlyReason>,
) -> Vec<lernstadt_core::store::repair::Fix> {
    let Some(lernstadt_core::store::ReadOnlyReason::Damaged { problems }) = reason else {
        return Vec::new();
    };
    problems
        .iter()
        .flat_map(lernstadt_core::store::problems::Problem::fixes)
        .collect()
}
