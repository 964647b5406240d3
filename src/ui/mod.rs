//! Drawing the window. Functions here read the app's caches and never query the store.

pub mod chart;
pub mod exchange;
pub mod export;
pub mod form;
pub mod goals;
pub mod groups;
pub mod history;
pub mod import;
pub mod indicators;
pub mod measures;
pub mod overview;
pub mod presentation;
pub mod stakeholders;
pub mod tables;

use egui::RichText;

use crate::app::{LernstadtApp, Project};
use lernstadt_core::i18n::Lang;
use lernstadt_core::t;

/// A view of the window, in navigation order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Overview,
    Stakeholders,
    WorkingGroups,
    Goals,
    Measures,
    Indicators,
    Regions,
    History,
    Presentation,
}

impl View {
    /// The views in navigation order.
    pub const ALL: [View; 9] = [
        View::Overview,
        View::Stakeholders,
        View::WorkingGroups,
        View::Goals,
        View::Measures,
        View::Indicators,
        View::Regions,
        View::History,
        View::Presentation,
    ];

    /// The navigation label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            View::Overview => t!("view.overview"),
            View::Stakeholders => t!("view.stakeholders"),
            View::WorkingGroups => t!("view.working_groups"),
            View::Goals => t!("view.goals"),
            View::Measures => t!("view.measures"),
            View::Indicators => t!("view.indicators"),
            View::Regions => t!("view.regions"),
            View::History => t!("view.history"),
            View::Presentation => t!("view.presentation"),
        }
    }
}

/// What each view remembers between frames.
#[derive(Debug, Default)]
pub struct Views {
    pub stakeholders: stakeholders::State,
    pub goals: goals::State,
    pub groups: groups::State,
    pub measures: measures::State,
    pub regions: tables::ListState,
    pub history: history::State,
    pub indicators: indicators::State,
    pub presentation: presentation::EditorState,
}

/// Draws the whole window.
pub fn app_ui(app: &mut LernstadtApp, ui: &mut egui::Ui) {
    egui::Panel::top("top_bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new("Lernstadt").strong());
            ui.separator();
            ui.menu_button(t!("menu.file"), |ui| file_menu_ui(app, ui));
            ui.menu_button(t!("menu.edit"), |ui| edit_menu_ui(app, ui));
            ui.separator();
            if ui.button(t!("import.wizard.open")).clicked() {
                app.import.open = true;
            }
            if ui.button(t!("export.window.open")).clicked() {
                app.export.open = true;
            }
            let (undo, redo) = take_back_labels(app);
            let idle = app.import.running.is_none();
            if take_back_button(ui, t!("app.undo"), undo.as_deref(), idle) {
                app.undo();
            }
            if take_back_button(ui, t!("app.redo"), redo.as_deref(), idle) {
                app.redo();
            }
            ui.separator();
            ui.menu_button(t!("app.settings"), |ui| settings_ui(app, ui));
            ui.separator();
            language_ui(app, ui);
        });
    });
    if matches!(app.project, Project::Open { .. }) {
        egui::Panel::left("navigation")
            .resizable(false)
            .show(ui, |ui| navigation_ui(app, ui));
    }
    egui::CentralPanel::default().show(ui, |ui| match &app.project {
        Project::Refused { path, message } => refused_ui(ui, path, message),
        Project::Open {
            store,
            overview,
            error,
        } => {
            if let Some(reason) = store.read_only() {
                notice_ui(
                    ui,
                    &reason.message(store.path().unwrap_or_else(|| std::path::Path::new(""))),
                );
            }
            if let (Some(from), Some(backup)) = (store.notes().migrated_from, &store.notes().backup)
            {
                notice_ui(
                    ui,
                    &t!(
                        "app.migrated",
                        from = from,
                        to = lernstadt_core::store::SCHEMA_VERSION,
                        backup = backup.display()
                    ),
                );
            }
            if let Some(error) = error {
                notice_ui(ui, error);
            }
            if let Some(status) = &app.status {
                notice_ui(ui, status);
            }
            if let Some(note) = &app.copy_note {
                notice_ui(ui, note);
            }
            let export = match app.view {
                View::Overview => {
                    if let Some(overview) = overview.as_ref() {
                        overview::overview_ui(
                            ui,
                            overview,
                            &app.data,
                            &mut app.views,
                            &mut app.view,
                        );
                    }
                    None
                }
                View::Stakeholders => stakeholders::stakeholders_ui(
                    ui,
                    &app.data,
                    &mut app.views.stakeholders,
                    &mut app.edits,
                )
                .then_some("stakeholders"),
                View::Regions => {
                    tables::regions_ui(ui, &app.data, &mut app.views.regions).then_some("regions")
                }
                View::History => {
                    history::history_ui(ui, &app.data, &mut app.views.history);
                    None
                }
                View::Goals => goals::goals_ui(ui, &app.data, &mut app.views.goals, &mut app.edits)
                    .then_some("goals"),
                View::Indicators => indicators::indicators_ui(
                    ui,
                    &app.data,
                    &app.indicator_data,
                    &mut app.views.indicators,
                    &mut app.edits,
                ),
                View::Presentation => {
                    if presentation::editor_ui(
                        ui,
                        &app.data,
                        &mut app.views.presentation,
                        &mut app.edits,
                    ) {
                        let ctx = ui.ctx().clone();
                        app.start_presentation(&ctx, None);
                    }
                    None
                }
                View::WorkingGroups => {
                    groups::groups_ui(ui, &app.data, &mut app.views.groups, &mut app.edits)
                        .then_some("working_groups")
                }
                View::Measures => {
                    measures::measures_ui(ui, &app.data, &mut app.views.measures, &mut app.edits)
                        .then_some("measures")
                }
            };
            if let Some(what) = export {
                app.export.what = what;
                app.export.open = true;
            }
        }
    });
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

fn navigation_ui(app: &mut LernstadtApp, ui: &mut egui::Ui) {
    ui.add_space(6.0);
    for (view, key) in View::ALL.into_iter().zip(VIEW_KEYS) {
        let shortcut = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, key);
        let pressed = ui.input_mut(|i| i.consume_shortcut(&shortcut));
        let clicked = ui
            .selectable_label(app.view == view, view.label())
            .on_hover_text(ui.ctx().format_shortcut(&shortcut))
            .clicked();
        if clicked || pressed {
            app.view = view;
        }
    }
}

fn file_menu_ui(app: &mut LernstadtApp, ui: &mut egui::Ui) {
    let filter = |dialog: rfd::FileDialog| {
        dialog.add_filter(t!("menu.file_kind"), &[lernstadt_core::store::EXTENSION])
    };
    if ui.button(t!("menu.new")).clicked() {
        ui.close();
        if let Some(path) = filter(rfd::FileDialog::new())
            .set_file_name(format!(
                "{}.{}",
                t!("menu.new_name"),
                lernstadt_core::store::EXTENSION
            ))
            .save_file()
        {
            app.new_project(&path);
        }
    }
    if ui.button(t!("menu.open")).clicked() {
        ui.close();
        if let Some(path) = filter(rfd::FileDialog::new()).pick_file() {
            app.switch_to(&path);
        }
    }
    ui.menu_button(t!("menu.recent"), |ui| {
        let recent = app.settings.recent.clone();
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
                app.switch_to(&path);
            }
        }
    });
    ui.separator();
    let open = matches!(app.project, Project::Open { .. });
    if ui
        .add_enabled(open, egui::Button::new(t!("menu.save_copy")))
        .clicked()
    {
        ui.close();
        if let Some(path) = filter(rfd::FileDialog::new())
            .set_file_name(format!(
                "{}.{}",
                t!("menu.copy_name"),
                lernstadt_core::store::EXTENSION
            ))
            .save_file()
        {
            app.save_copy(&path);
        }
    }
    if ui
        .add_enabled(open, egui::Button::new(t!("menu.share")))
        .clicked()
    {
        ui.close();
        app.exchange.share = Some(exchange::ShareWindow {
            without_personal_data: true,
            without_history: false,
            result: None,
        });
    }
    if ui
        .add_enabled(open, egui::Button::new(t!("menu.compare")))
        .clicked()
    {
        ui.close();
        if let Some(path) = filter(rfd::FileDialog::new()).pick_file() {
            app.compare_with(&path);
        }
    }
    if ui
        .add_enabled(open, egui::Button::new(t!("menu.merge")))
        .clicked()
    {
        ui.close();
        if let Some(path) = filter(rfd::FileDialog::new()).pick_file() {
            app.prepare_merge(&path);
        }
    }
    if ui
        .add_enabled(open, egui::Button::new(t!("menu.report")))
        .clicked()
    {
        ui.close();
        if let Some(path) = rfd::FileDialog::new()
            .add_filter("HTML", &["html"])
            .set_file_name(format!("{}.html", t!("report.kind")))
            .save_file()
        {
            app.write_report(&path);
        }
    }
    ui.separator();
    if ui.button(t!("import.wizard.open")).clicked() {
        ui.close();
        app.import.open = true;
    }
    if ui.button(t!("export.window.open")).clicked() {
        ui.close();
        app.export.open = true;
    }
}

fn edit_menu_ui(app: &mut LernstadtApp, ui: &mut egui::Ui) {
    let (undo, redo) = take_back_labels(app);
    let idle = app.import.running.is_none();
    if take_back_entry(ui, t!("app.undo"), undo.as_deref(), "Ctrl+Z", idle) {
        app.undo();
    }
    if take_back_entry(
        ui,
        t!("app.redo"),
        redo.as_deref(),
        "Ctrl+Shift+Z / Ctrl+Y",
        idle,
    ) {
        app.redo();
    }
}

/// What Undo and Redo would take back or bring back, named.
fn take_back_labels(app: &LernstadtApp) -> (Option<String>, Option<String>) {
    match &app.project {
        Project::Open { overview, .. } => overview
            .as_ref()
            .as_ref()
            .map_or((None, None), |o| (o.undo.clone(), o.redo.clone())),
        Project::Refused { .. } => (None, None),
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

/// A choice among `options` in a drop-down, labelled by `label` (for screen readers and
/// tests). Returns true when the user picked another option.
pub fn choice_ui<T: PartialEq + Copy>(
    ui: &mut egui::Ui,
    id: impl egui::AsIdSalt,
    label: &str,
    value: &mut T,
    options: impl IntoIterator<Item = T>,
    text: impl Fn(T) -> String,
) -> bool {
    let label = ui.label(label);
    let before = *value;
    egui::ComboBox::from_id_salt(id)
        .selected_text(text(*value))
        .show_ui(ui, |ui| {
            for option in options {
                ui.selectable_value(value, option, text(option));
            }
        })
        .response
        .labelled_by(label.id);
    *value != before
}

fn language_ui(app: &mut LernstadtApp, ui: &mut egui::Ui) {
    let mut lang = app.lang();
    if choice_ui(
        ui,
        "language",
        t!("app.language"),
        &mut lang,
        Lang::ALL,
        |l| l.native_name().to_owned(),
    ) {
        app.set_lang(lang);
    }
}

/// The settings remembered on this computer: theme, font size, and the name the history
/// records.
fn settings_ui(app: &mut LernstadtApp, ui: &mut egui::Ui) {
    ui.set_min_width(280.0);
    let mut theme = app.settings.theme;
    if choice_ui(
        ui,
        "theme",
        t!("settings.theme"),
        &mut theme,
        crate::settings::Theme::ALL,
        |t| t.label().to_owned(),
    ) {
        app.settings.theme = theme;
        app.save_settings();
    }
    let mut size = app.settings.font_size.unwrap_or(13.0);
    if choice_ui(
        ui,
        "font_size",
        t!("settings.font_size"),
        &mut size,
        crate::settings::FONT_SIZES,
        |s| format!("{s:.0} pt"),
    ) {
        app.settings.font_size = Some(size);
        app.save_settings();
    }
    ui.separator();
    let label = ui.label(t!("app.settings.author"));
    let mut author = app.author();
    let response = ui
        .add(egui::TextEdit::singleline(&mut author).hint_text(crate::settings::system_user()))
        .labelled_by(label.id);
    if response.changed() {
        app.set_author(&author);
    }
    if response.lost_focus() {
        app.save_settings();
    }
    ui.label(
        egui::RichText::new(t!("app.settings.author_hint"))
            .weak()
            .small(),
    );
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

/// A colour of [`lernstadt_core::render::palette`] for the window.
#[must_use]
pub fn colour(hex: &str) -> egui::Color32 {
    egui::Color32::from_hex(hex).unwrap_or(egui::Color32::GRAY)
}

/// A status's colour; always shown together with its word.
#[must_use]
pub fn status_colour(status: lernstadt_core::model::status::Status) -> egui::Color32 {
    colour(lernstadt_core::render::palette::status(status))
}

/// A status as a coloured dot and its word.
pub fn status_badge(ui: &mut egui::Ui, status: lernstadt_core::model::status::Status) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter()
        .circle_filled(rect.center(), 5.5, status_colour(status));
    ui.label(RichText::new(status.label()).color(status_colour(status)));
}
