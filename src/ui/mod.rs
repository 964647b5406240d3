//! Drawing the window. The views read a [`Frame`] (the snapshot and the app's state around
//! it, never the store) and their own state, and push commands; the app applies them after
//! the frame.

pub mod chart;
pub mod comparison;
pub mod copies;
pub mod export;
pub mod first_steps;
pub mod form;
pub mod goals;
pub mod groups;
pub mod history;
pub mod import;
pub mod indicators;
pub mod measures;
pub mod new_project;
pub mod overview;
pub mod presentation;
pub mod profile;
pub mod report;
pub mod stakeholders;
pub mod tables;

use std::path::Path;

use egui::RichText;

use crate::command::{Command, Commands};
use crate::settings::Settings;
use lernstadt_core::i18n::Lang;
use lernstadt_core::snapshot::{IndicatorSnapshot, Snapshot};
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
    pub regions: tables::RegionTree,
    pub history: history::State,
    pub indicators: indicators::State,
    pub presentation: presentation::EditorState,
    pub new_project: new_project::Dialog,
}

/// What the window shows in one frame, read-only: the snapshot and the app's state around
/// it. Views never get the store.
pub struct Frame<'a> {
    pub data: &'a Snapshot,
    pub indicator_data: &'a IndicatorSnapshot,
    pub settings: &'a Settings,
    pub project: ProjectView<'a>,
    /// A short message about the last action (undo, redo, an error).
    pub status: Option<&'a str>,
    /// How this file relates to a copy of the same project opened before.
    pub copy_note: Option<&'a str>,
    /// No import is running: undo, redo and switching projects wait for one.
    pub idle: bool,
}

/// The open project as the window shows it, or why there is none.
pub enum ProjectView<'a> {
    Open {
        overview: Option<&'a overview::Overview>,
        /// Read-only, migrated, a failed read: each shown above the view.
        notices: Vec<String>,
        /// The file can be written (imports, merges and edits are possible).
        writable: bool,
        /// Repairs offered for a damaged file: each a button's text and the row to move to
        /// the top level.
        repairs: Vec<(String, lernstadt_core::model::meta::EntityKind, String)>,
        /// The file was replaced on disk: opening it again is offered.
        reopen: Option<&'a Path>,
    },
    Refused {
        path: &'a Path,
        message: &'a str,
    },
}

impl ProjectView<'_> {
    /// Whether a project is open.
    #[must_use]
    pub fn is_open(&self) -> bool {
        matches!(self, ProjectView::Open { .. })
    }

    /// Whether a project is open and can be written.
    #[must_use]
    pub fn is_writable(&self) -> bool {
        matches!(self, ProjectView::Open { writable: true, .. })
    }
}

/// What the window's views and dialogs may change: their own state.
pub struct State<'a> {
    pub view: &'a mut View,
    pub views: &'a mut Views,
    pub import: &'a mut import::ImportWizard,
    pub export: &'a mut export::ExportDialog,
    pub copies: &'a mut copies::CopyWindows,
}

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
                if let Some(project) = frame.data.project.as_ref()
                    && frame.project.is_writable()
                {
                    ui.separator();
                    protection_ui(ui, project, frame.data, commands);
                }
            });
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
                    for (text, kind, key) in repairs {
                        if ui.button(text).clicked() {
                            commands.push(Command::Repair {
                                kind: *kind,
                                key: key.clone(),
                            });
                        }
                    }
                });
                ui.add_space(8.0);
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
                    tables::regions_ui(ui, data, &mut views.regions, commands).then_some("regions")
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
        dialog.add_filter(t!("menu.file_kind"), &[lernstadt_core::store::EXTENSION])
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
                lernstadt_core::store::EXTENSION
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

/// The settings remembered on this computer: theme, font size, and the name the history
/// records.
fn settings_ui(ui: &mut egui::Ui, settings: &Settings, commands: &mut Commands) {
    ui.set_min_width(280.0);
    // The hints wrap at this width instead of widening the menu.
    ui.set_max_width(320.0);
    let mut theme = settings.theme;
    if choice_ui(
        ui,
        "theme",
        t!("settings.theme"),
        &mut theme,
        crate::settings::Theme::ALL,
        |t| t.label().to_owned(),
    ) {
        commands.push(Command::SetTheme(theme));
    }
    let mut size = settings.font_size.unwrap_or(13.0);
    if choice_ui(
        ui,
        "font_size",
        t!("settings.font_size"),
        &mut size,
        crate::settings::FONT_SIZES,
        |s| format!("{s:.0} pt"),
    ) {
        commands.push(Command::SetFontSize(size));
    }
    let mut renderer = settings.renderer;
    if choice_ui(
        ui,
        "renderer",
        t!("settings.renderer"),
        &mut renderer,
        [
            None,
            Some(crate::settings::Renderer::Wgpu),
            Some(crate::settings::Renderer::Glow),
        ],
        |r| {
            r.map_or_else(
                || t!("settings.renderer.auto").to_owned(),
                |r| r.name().to_owned(),
            )
        },
    ) {
        commands.push(Command::SetRenderer(renderer));
    }
    ui.add(
        egui::Label::new(
            egui::RichText::new(t!("settings.renderer.hint"))
                .weak()
                .small(),
        )
        .wrap(),
    );
    ui.separator();
    let label = ui.label(t!("app.settings.author"));
    let mut author = settings.author.clone().unwrap_or_default();
    let response = ui
        .add(egui::TextEdit::singleline(&mut author).hint_text(crate::settings::system_user()))
        .labelled_by(label.id);
    if response.changed() {
        commands.push(Command::SetAuthor(author));
    }
    if response.lost_focus() {
        commands.push(Command::SaveSettings);
    }
    ui.add(
        egui::Label::new(
            egui::RichText::new(t!("app.settings.author_hint"))
                .weak()
                .small(),
        )
        .wrap(),
    );
}

/// This project's rule for small counts: on or off, the minimum count; which indicators
/// hold counts is set in the indicator editor.
fn protection_ui(
    ui: &mut egui::Ui,
    project: &lernstadt_core::model::Project,
    data: &Snapshot,
    commands: &mut Commands,
) {
    ui.label(RichText::new(t!("protect.settings.title")).strong());
    let mut on = project.protect_min_count.is_some();
    let mut min = project.protect_min_count.unwrap_or(3);
    let toggled = ui.checkbox(&mut on, t!("protect.settings.on")).changed();
    let mut changed_min = false;
    if on {
        ui.horizontal(|ui| {
            let label = ui.label(t!("field.protect_min_count"));
            changed_min = ui
                .add(egui::DragValue::new(&mut min).range(2..=100).speed(0.05))
                .labelled_by(label.id)
                .changed();
        });
        let counts: Vec<&str> = data
            .indicators
            .iter()
            .filter(|i| i.counts)
            .map(|i| i.code.as_str())
            .collect();
        let text = if counts.is_empty() {
            t!("protect.settings.none").to_owned()
        } else {
            t!("protect.settings.counts", codes = counts.join(", "))
        };
        ui.add(egui::Label::new(RichText::new(text).weak().small()).wrap());
    }
    if toggled || changed_min {
        let mut changed = project.clone();
        changed.protect_min_count = on.then_some(min);
        let label = if on {
            t!("protect.action", min = min)
        } else {
            t!("protect.action_off").to_owned()
        };
        commands.push(crate::ui::form::Edit::new(label, move |tx| {
            tx.update(&changed).map(|_| ())
        }));
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

/// A colour of [`lernstadt_core::render::palette`] for the window.
#[must_use]
pub fn colour(hex: &str) -> egui::Color32 {
    egui::Color32::from_hex(hex).unwrap_or(egui::Color32::GRAY)
}

/// A status's colour; always shown together with its word.
#[must_use]
pub fn status_colour(status: lernstadt_core::model::traffic_light::TrafficLight) -> egui::Color32 {
    colour(lernstadt_core::render::palette::status(status))
}

/// A status as a coloured dot and its word.
pub fn status_badge(ui: &mut egui::Ui, status: lernstadt_core::model::traffic_light::TrafficLight) {
    status_word_ui(ui, status, status.label(), t!("status.unassessed_hover"));
}

/// An indicator's status as a coloured dot and its word, saying when a single value is
/// why it is not assessed.
pub fn summary_badge(ui: &mut egui::Ui, summary: &lernstadt_core::snapshot::Summary) {
    let word = summary.status_word();
    let hover = if word == summary.status.label() {
        t!("status.unassessed_hover")
    } else {
        t!("status.unassessed_one_hover")
    };
    status_word_ui(ui, summary.status, &word, hover);
}

fn status_word_ui(
    ui: &mut egui::Ui,
    status: lernstadt_core::model::traffic_light::TrafficLight,
    word: &str,
    hover: &str,
) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter()
        .circle_filled(rect.center(), 5.5, status_colour(status));
    let word = ui.label(RichText::new(word).color(status_colour(status)));
    if status == lernstadt_core::model::traffic_light::TrafficLight::Unassessed {
        word.on_hover_text(hover);
    }
}
