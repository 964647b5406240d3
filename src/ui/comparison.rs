//! The project's comparison regions in the Regions view: the list (with its name), a region
//! taken out with its ×, another added from a search by name or key. Every change is one
//! undoable step; the window's charts, the report, pictures and slides draw the list
//! beside my region.

use egui::RichText;
use uuid::Uuid;

use crate::command::{Commands, Edit};
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

/// What the comparison section remembers: the search for a region to add, and the list's
/// name as typed.
#[derive(Debug, Default)]
pub struct State {
    pub search: String,
    pub name: Option<String>,
}

/// The section: heading, the list, the name, the search.
pub fn comparison_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    state: &mut State,
    commands: &mut Commands,
) {
    let Some(project) = &data.project else {
        return;
    };
    ui.label(RichText::new(t!("regions.compare_heading")).strong())
        .on_hover_text(t!("regions.compare_hover"));
    let list = data.comparison.clone();
    ui.horizontal_wrapped(|ui| {
        if list.is_empty() {
            ui.label(RichText::new(t!("regions.compare_none")).weak());
        }
        for region in &list {
            let label = data.region_label(Some(*region));
            if ui
                .button(format!("{label} ×"))
                .on_hover_text(t!("regions.compare_remove"))
                .clicked()
            {
                let rest: Vec<Uuid> = list.iter().copied().filter(|r| r != region).collect();
                commands.push(Edit::set_comparison(
                    t!("regions.compare_removed", name = label),
                    rest,
                    None,
                ));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(t!("regions.compare_name"));
        let name = state
            .name
            .get_or_insert_with(|| project.comparison_name.clone());
        ui.add(
            egui::TextEdit::singleline(name)
                .hint_text(t!("regions.compare_name_hint"))
                .desired_width(200.0),
        )
        .labelled_by(label.id);
        let changed = name.trim() != project.comparison_name;
        if ui
            .add_enabled(changed, egui::Button::new(t!("form.save")))
            .clicked()
        {
            let name = name.trim().to_owned();
            commands.push(Edit::set_comparison(
                t!("regions.compare_renamed", name = name),
                list.clone(),
                Some(name),
            ));
            state.name = None;
        }
    });
    // Hundreds of regions: gathered (and listed) only once something is typed.
    let choices: Vec<(Uuid, String)> = data
        .regions
        .iter()
        .filter(|_| !state.search.trim().is_empty())
        .filter(|r| !list.contains(&r.uuid) && Some(r.uuid) != data.my_region)
        .map(|r| {
            (
                r.uuid,
                format!("{} ({}, {})", r.name, r.key, r.level.label()),
            )
        })
        .collect();
    let shown = if state.search.trim().is_empty() { 0 } else { 8 };
    if let Some(region) = super::form::picker_ui(
        ui,
        t!("regions.compare_add"),
        &mut state.search,
        &choices,
        shown,
    ) {
        let mut more = list;
        more.push(region);
        let name = data.region_label(Some(region));
        commands.push(Edit::set_comparison(
            t!("regions.compare_added", name = name),
            more,
            None,
        ));
        state.search.clear();
    }
}
