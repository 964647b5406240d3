//! The settings menu: language, theme, font size, renderer, the name the history records,
//! and the project's rule for small counts.

use egui::RichText;

use super::choice_ui;
use crate::command::{Command, Commands};
use crate::settings::Settings;
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

/// The settings remembered on this computer: theme, font size, and the name the history
/// records.
pub(super) fn settings_ui(ui: &mut egui::Ui, settings: &Settings, commands: &mut Commands) {
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
pub(super) fn protection_ui(
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
                .add(
                    egui::DragValue::new(&mut min)
                        .range(lernstadt_core::model::protect::MIN_COUNT_RANGE)
                        .speed(0.05),
                )
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
        for sum in &data.unknown_sums {
            unknown_sum_ui(ui, sum, commands);
        }
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

/// A sum the region tree does not know, as a question, with the button that makes the
/// parts the total's districts (one undoable step).
fn unknown_sum_ui(
    ui: &mut egui::Ui,
    sum: &lernstadt_core::published::UnknownSum,
    commands: &mut Commands,
) {
    let names: Vec<&str> = sum.parts.iter().map(|p| p.name.as_str()).collect();
    let parts_help = t!("protect.sum.parts", names = names.join(", "));
    ui.add(
        egui::Label::new(RichText::new(sum.question()).color(ui.visuals().warn_fg_color)).wrap(),
    )
    .on_hover_text(&parts_help);
    let button = ui
        .button(t!("protect.sum.button", total = sum.total.name))
        .on_hover_text(parts_help);
    if button.clicked() {
        let total = sum.total.uuid;
        let parts: Vec<uuid::Uuid> = sum.parts.iter().map(|p| p.uuid).collect();
        commands.push(crate::ui::form::Edit::make_parts(
            sum.action_label(),
            total,
            parts,
        ));
    }
}
