//! The window's shell: the top bar (File and Edit menus, import, export, undo and redo,
//! settings, language), the navigation between views with Ctrl+1 … Ctrl+9, the notices
//! above a view, and the view itself.

use egui::RichText;

use super::settings::{protection_ui, settings_ui};
use super::{
    Frame, ProjectView, State, View, choice_ui, copies, export, goals, groups, history, import,
    indicators, measures, new_project, overview, presentation, regions, stakeholders,
};
use crate::command::{Command, Commands};
use lernstadt_core::i18n::Lang;
use lernstadt_core::t;

/// Draws the whole window.
pub fn app_ui(ui: &mut egui::Ui, frame: &Frame, state: State<'_>, commands: &mut Commands) {
    let State {
        view,
        views,
        import,
        export,
        copies,
    } = state;
    egui::Panel::top("top_bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new("Lernstadt").strong());
            ui.separator();
            ui.menu_button(t!("menu.file"), |ui| {
                file_menu_ui(
                    ui,
                    frame,
                    &mut views.new_project,
                    import,
                    export,
                    copies,
                    commands,
                );
            });
            ui.menu_button(t!("menu.edit"), |ui| edit_menu_ui(ui, frame, commands));
            ui.separator();
            if ui.button(t!("import.wizard.open")).clicked() {
                import.open = true;
            }
            if ui.button(t!("export.window.open")).clicked() {
                export.open = true;
            }
            let (undo, redo) = take_back_labels(frame);
            if take_back_button(ui, t!("app.undo"), undo, frame.idle) {
                commands.push(Command::Undo);
            }
            if take_back_button(ui, t!("app.redo"), redo, frame.idle) {
                commands.push(Command::Redo);
            }
            ui.separator();
            ui.menu_button(t!("app.settings"), |ui| {
                settings_ui(ui, frame.settings, commands);
                ui.separator();
                if ui.button(t!("fetch.login.open")).clicked() {
                    ui.close();
                    import.web.login.open = true;
                }
                if let Some(project) = frame.data.project.as_ref()
                    && frame.project.is_writable()
                {
                    ui.separator();
                    protection_ui(ui, project, frame.data, commands);
                }
            });
            ui.menu_button(t!("menu.help"), help_menu_ui);
            ui.separator();
            language_ui(ui, commands);
        });
    });
    new_project::dialog_ui(ui.ctx(), &mut views.new_project, commands);
    if frame.project.is_open() {
        egui::Panel::left("navigation")
            .resizable(false)
            .show(ui, |ui| navigation_ui(ui, view));
    }
    egui::CentralPanel::default().show(ui, |ui| match &frame.project {
        ProjectView::Refused { path, message } => refused_ui(ui, path, message),
        ProjectView::Open {
            overview,
            notices,
            repairs,
            reopen,
            ..
        } => {
            for notice in notices {
                notice_ui(ui, notice);
            }
            if let Some(path) = reopen
                && ui.button(t!("app.reopen")).clicked()
            {
                commands.push(Command::Open(path.to_path_buf()));
            }
            if !repairs.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    for fix in repairs {
                        if ui.button(fix.label()).clicked() {
                            commands.push(Command::Repair(fix.clone()));
                        }
                    }
                });
                ui.add_space(8.0);
            }
            if let Some(waiting) = frame.waiting {
                waiting_ui(ui, waiting, commands);
            }
            if let Some(status) = frame.status {
                notice_ui(ui, status);
            }
            if let Some(note) = frame.copy_note {
                notice_ui(ui, note);
            }
            let data = frame.data;
            let chosen = match *view {
                View::Overview => {
                    if let Some(overview) = overview {
                        let steps = overview::Steps { import, export };
                        overview::overview_ui(ui, overview, data, views, view, steps);
                    }
                    None
                }
                View::Stakeholders => {
                    stakeholders::stakeholders_ui(ui, data, &mut views.stakeholders, commands)
                        .then_some("stakeholders")
                }
                View::Regions => {
                    regions::regions_ui(ui, data, &mut views.regions, commands).then_some("regions")
                }
                View::History => {
                    history::history_ui(ui, data, &mut views.history);
                    None
                }
                View::Goals => {
                    goals::goals_ui(ui, data, &mut views.goals, commands).then_some("goals")
                }
                View::Indicators => indicators::indicators_ui(
                    ui,
                    data,
                    frame.indicator_data,
                    &mut views.indicators,
                    commands,
                ),
                View::Presentation => {
                    if presentation::editor_ui(ui, data, &mut views.presentation, commands) {
                        commands.push(Command::StartPresentation(None));
                    }
                    None
                }
                View::WorkingGroups => groups::groups_ui(ui, data, &mut views.groups, commands)
                    .then_some("working_groups"),
                View::Measures => measures::measures_ui(ui, data, &mut views.measures, commands)
                    .then_some("measures"),
            };
            if let Some(what) = chosen {
                export.what = what;
                export.open = true;
            }
        }
    });
}

/// The Help menu: every keyboard shortcut, and how to work without a mouse.
fn help_menu_ui(ui: &mut egui::Ui) {
    ui.strong(t!("help.shortcuts"));
    let command = |key| {
        ui.ctx()
            .format_shortcut(&egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, key))
    };
    let redo = ui.ctx().format_shortcut(&egui::KeyboardShortcut::new(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    ));
    let rows = [
        (
            format!(
                "{} … {}",
                command(egui::Key::Num1),
                command(egui::Key::Num9)
            ),
            t!("help.views"),
        ),
        (command(egui::Key::Z), t!("help.undo")),
        (
            format!("{redo}, {}", command(egui::Key::Y)),
            t!("help.redo"),
        ),
        (command(egui::Key::F), t!("help.find")),
        (command(egui::Key::S), t!("help.save")),
        ("F5".to_owned(), t!("help.present")),
        (t!("help.keys.next").to_owned(), t!("help.next")),
        (t!("help.keys.previous").to_owned(), t!("help.previous")),
        (t!("help.keys.ends").to_owned(), t!("help.ends")),
        (t!("help.keys.blank").to_owned(), t!("help.blank")),
        (t!("help.keys.dots").to_owned(), t!("help.dots")),
        (t!("help.keys.tab").to_owned(), t!("help.tab")),
        (t!("help.keys.activate").to_owned(), t!("help.activate")),
        (t!("help.keys.escape").to_owned(), t!("help.escape")),
    ];
    egui::Grid::new("help_shortcuts")
        .striped(true)
        .num_columns(2)
        .show(ui, |ui| {
            for (keys, what) in rows {
                ui.label(RichText::new(keys).monospace());
                ui.label(what);
                ui.end_row();
            }
        });
    ui.label(RichText::new(t!("help.table")).weak());
}

/// The keys that switch views: Ctrl+1 to Ctrl+9, in navigation order.
const VIEW_KEYS: [egui::Key; 9] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];

fn navigation_ui(ui: &mut egui::Ui, shown: &mut View) {
    ui.add_space(6.0);
    for (view, key) in View::ALL.into_iter().zip(VIEW_KEYS) {
        let shortcut = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, key);
        let pressed = ui.input_mut(|i| i.consume_shortcut(&shortcut));
        let clicked = ui
            .selectable_label(*shown == view, view.label())
            .on_hover_text(ui.ctx().format_shortcut(&shortcut))
            .clicked();
        if clicked || pressed {
            *shown = view;
        }
    }
}

fn file_menu_ui(
    ui: &mut egui::Ui,
    frame: &Frame,
    new_project: &mut new_project::Dialog,
    import: &mut import::ImportWizard,
    export: &mut export::ExportDialog,
    copies: &mut copies::CopyWindows,
    commands: &mut Commands,
) {
    let filter = |dialog: rfd::FileDialog| {
        dialog.add_filter(t!("menu.file_kind"), &[crate::command::EXTENSION])
    };
    if ui.button(t!("menu.new")).clicked() {
        ui.close();
        new_project.open = true;
    }
    if ui.button(t!("menu.open")).clicked() {
        ui.close();
        if let Some(path) = filter(rfd::FileDialog::new()).pick_file() {
            commands.push(Command::Open(path));
        }
    }
    ui.menu_button(t!("menu.recent"), |ui| {
        let recent = &frame.settings.recent;
        if recent.is_empty() {
            ui.label(RichText::new(t!("menu.recent_none")).weak());
        }
        for path in recent {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            if ui
                .button(name)
                .on_hover_text(path.display().to_string())
                .clicked()
            {
                ui.close();
                commands.push(Command::Open(path.clone()));
            }
        }
    });
    ui.separator();
    let open = frame.project.is_open();
    if ui
        .add_enabled(open, egui::Button::new(t!("menu.save_copy")))
        .clicked()
    {
        ui.close();
        if let Some(path) = filter(rfd::FileDialog::new())
            .set_file_name(format!(
                "{}.{}",
                t!("menu.copy_name"),
                crate::command::EXTENSION
            ))
            .save_file()
        {
            commands.push(Command::SaveCopy(path));
        }
    }
    if ui
        .add_enabled(open, egui::Button::new(t!("menu.share")))
        .clicked()
    {
        ui.close();
        copies.share = Some(copies::ShareWindow {
            without_personal_data: true,
            without_history: false,
            for_publication: false,
            result: None,
        });
    }
    if ui
        .add_enabled(open, egui::Button::new(t!("menu.compare")))
        .clicked()
    {
        ui.close();
        if let Some(path) = filter(rfd::FileDialog::new()).pick_file() {
            commands.push(Command::CompareWith(path));
        }
    }
    if ui
        .add_enabled(open, egui::Button::new(t!("menu.merge")))
        .clicked()
    {
        ui.close();
        if let Some(path) = filter(rfd::FileDialog::new()).pick_file() {
            commands.push(Command::PrepareMerge(path));
        }
    }
    if ui
        .add_enabled(open, egui::Button::new(t!("menu.report")))
        .clicked()
    {
        ui.close();
        export.report.open = true;
    }
    ui.separator();
    if ui.button(t!("import.wizard.open")).clicked() {
        ui.close();
        import.open = true;
    }
    if ui
        .add_enabled(open, egui::Button::new(t!("fetch.window.open")))
        .clicked()
    {
        ui.close();
        import.web.fetch.open = true;
    }
    if ui
        .add_enabled(open, egui::Button::new(t!("fetch.refresh.open")))
        .clicked()
    {
        ui.close();
        import.web.refresh.open = true;
    }
    if ui.button(t!("export.window.open")).clicked() {
        ui.close();
        export.open = true;
    }
}

fn edit_menu_ui(ui: &mut egui::Ui, frame: &Frame, commands: &mut Commands) {
    let (undo, redo) = take_back_labels(frame);
    let idle = frame.idle;
    if take_back_entry(ui, t!("app.undo"), undo, "Ctrl+Z", idle) {
        commands.push(Command::Undo);
    }
    if take_back_entry(ui, t!("app.redo"), redo, "Ctrl+Shift+Z / Ctrl+Y", idle) {
        commands.push(Command::Redo);
    }
}

/// What Undo and Redo would take back or bring back, named.
fn take_back_labels<'a>(frame: &Frame<'a>) -> (Option<&'a str>, Option<&'a str>) {
    match &frame.project {
        ProjectView::Open {
            overview: Some(overview),
            ..
        } => (overview.undo.as_deref(), overview.redo.as_deref()),
        _ => (None, None),
    }
}

/// The Undo or Redo entry of the Edit menu, naming the action; returns whether it was
/// chosen (and closes the menu).
fn take_back_entry(
    ui: &mut egui::Ui,
    text: &str,
    action: Option<&str>,
    shortcut: &str,
    idle: bool,
) -> bool {
    let text = action.map_or_else(|| text.to_owned(), |label| format!("{text}: {label}"));
    let chosen = ui
        .add_enabled(
            idle && action.is_some(),
            egui::Button::new(text).shortcut_text(shortcut),
        )
        .clicked();
    if chosen {
        ui.close();
    }
    chosen
}

/// The Undo or Redo button: enabled when there is an action to take back (named on hover)
/// and no import is running. Returns whether it was clicked.
fn take_back_button(ui: &mut egui::Ui, text: &str, action: Option<&str>, idle: bool) -> bool {
    let button = ui.add_enabled(idle && action.is_some(), egui::Button::new(text));
    match action {
        Some(label) => button.on_hover_text(label),
        None => button,
    }
    .clicked()
}

fn language_ui(ui: &mut egui::Ui, commands: &mut Commands) {
    let mut lang = lernstadt_core::i18n::lang();
    if choice_ui(
        ui,
        "language",
        t!("app.language"),
        &mut lang,
        Lang::ALL,
        |l| l.native_name().to_owned(),
    ) {
        commands.push(Command::SetLanguage(lang));
    }
}

fn notice_ui(ui: &mut egui::Ui, text: &str) {
    egui::Frame::group(ui.style())
        .fill(ui.visuals().warn_fg_color.gamma_multiply(0.15))
        .show(ui, |ui| {
            ui.label(text);
        });
    ui.add_space(8.0);
}

fn refused_ui(ui: &mut egui::Ui, path: &std::path::Path, message: &str) {
    ui.add_space(24.0);
    ui.heading(t!("app.refused.title"));
    ui.add_space(8.0);
    ui.label(RichText::new(message).color(ui.visuals().error_fg_color));
    ui.add_space(8.0);
    ui.label(t!("app.refused.hint", path = path.display()));
}

/// Changes that wait for the file another program holds: a spinner, what it waits for, and
/// Cancel.
fn waiting_ui(ui: &mut egui::Ui, text: &str, commands: &mut Commands) {
    ui.horizontal_wrapped(|ui| {
        ui.spinner();
        ui.label(text);
        if ui.button(t!("task.cancel")).clicked() {
            commands.push(Command::CancelWaiting);
        }
    });
    ui.add_space(8.0);
}
