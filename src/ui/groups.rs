//! Working groups: the groups, and for the selected one its name and purpose, its
//! members with their roles, and members added from the stakeholder list.

use egui::RichText;
use uuid::Uuid;

use super::form::{Draft, Edit, Form};
use crate::command::Commands;
use lernstadt_core::model::{WorkingGroup, WorkingGroupMember, validate};
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

#[derive(Debug, Default)]
pub struct State {
    pub selected: Option<Uuid>,
    pub draft: Option<Draft<WorkingGroup>>,
    /// The stakeholder and role chosen for adding.
    pub add: Option<Uuid>,
    pub role: String,
}

/// Draws the view; returns true when the user asks to export the working groups.
pub fn groups_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    state: &mut State,
    edits: &mut Commands,
) -> bool {
    let mut export = false;
    if state.selected.is_none() {
        state.selected = data.working_groups.first().map(|g| g.uuid);
    }
    let stored = state
        .selected
        .and_then(|uuid| data.working_groups.iter().find(|g| g.uuid == uuid));
    Draft::sync(&mut state.draft, stored, |entity| entity.uuid);
    egui::Panel::left("group_list")
        .resizable(true)
        .default_size(280.0)
        .show(ui, |ui| {
            ui.heading(t!("view.working_groups"));
            export = ui.button(t!("export.window.open")).clicked();
            if ui.button(t!("groups.new")).clicked() {
                let group = WorkingGroup {
                    uuid: lernstadt_core::model::new_uuid(),
                    name: t!("groups.new_name").to_owned(),
                    purpose: String::new(),
                };
                state.selected = Some(group.uuid);
                state.draft = None;
                edits.push(Edit::new(
                    t!("groups.created", name = group.name),
                    move |tx| tx.insert(&group),
                ));
            }
            ui.add_space(4.0);
            for group in &data.working_groups {
                let members = data
                    .members
                    .iter()
                    .filter(|m| m.working_group == group.uuid)
                    .count();
                if ui
                    .selectable_label(
                        state.selected == Some(group.uuid),
                        format!("{} ({members})", group.name),
                    )
                    .clicked()
                    && !state.draft.as_ref().is_some_and(Draft::is_dirty)
                {
                    state.selected = Some(group.uuid);
                }
            }
        });
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE.inner_margin(egui::Margin::symmetric(12, 0)))
        .show(ui, |ui| {
            // Both ways: at large text a member's row is wider than the panel.
            egui::ScrollArea::both()
                .auto_shrink([false, false])
                .show(ui, |ui| detail_ui(ui, data, state, edits));
        });
    export
}

fn detail_ui(ui: &mut egui::Ui, data: &Snapshot, state: &mut State, edits: &mut Commands) {
    let Some(draft) = state.draft.as_mut() else {
        return;
    };
    let problems = validate::working_group(&draft.draft);
    ui.heading(&draft.stored.name);
    let form = Form {
        problems: &problems,
    };
    let g = &mut draft.draft;
    egui::Grid::new("group_form")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            form.text(ui, "name", &mut g.name);
            form.multiline(ui, "purpose", &mut g.purpose);
        });
    let name = draft.stored.name.clone();
    draft.save_ui(ui, &problems, "working_group", &name, edits);
    let group = draft.stored.clone();
    ui.add_space(12.0);
    ui.label(RichText::new(t!("groups.members")).strong());
    egui::Grid::new("group_members")
        .num_columns(3)
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for member in data
                .members
                .iter()
                .filter(|m| m.working_group == group.uuid)
            {
                ui.label(data.stakeholder_name(Some(member.stakeholder)));
                ui.label(&member.role);
                if ui.small_button(t!("groups.remove")).clicked() {
                    let key = member.uuid.to_string();
                    let name = data.stakeholder_name(Some(member.stakeholder)).to_owned();
                    edits.push(Edit::new(
                        t!("groups.removed", name = name, group = group.name),
                        move |tx| {
                            tx.delete(
                                lernstadt_core::model::meta::EntityKind::WorkingGroupMember,
                                &key,
                            )
                        },
                    ));
                }
                ui.end_row();
            }
        });
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        let candidates = data.stakeholders.iter().filter(|s| {
            !data
                .members
                .iter()
                .any(|m| m.working_group == group.uuid && m.stakeholder == s.uuid)
        });
        super::choice_ui(
            ui,
            "group_add_member",
            t!("groups.add_who"),
            &mut state.add,
            std::iter::once(None).chain(candidates.map(|s| Some(s.uuid))),
            |s| data.stakeholder_name(s).to_owned(),
        );
        let label = ui.label(t!("field.role"));
        ui.add(egui::TextEdit::singleline(&mut state.role).desired_width(160.0))
            .labelled_by(label.id);
        if ui
            .add_enabled(state.add.is_some(), egui::Button::new(t!("groups.add")))
            .clicked()
            && let Some(stakeholder) = state.add.take()
        {
            let member = WorkingGroupMember {
                uuid: lernstadt_core::model::new_uuid(),
                working_group: group.uuid,
                stakeholder,
                role: std::mem::take(&mut state.role).trim().to_owned(),
            };
            let name = data.stakeholder_name(Some(stakeholder)).to_owned();
            edits.push(Edit::new(
                t!("groups.added", name = name, group = group.name),
                move |tx| tx.insert(&member),
            ));
        }
    });
    ui.add_space(12.0);
    if ui.button(t!("groups.delete")).clicked() {
        let key = group.uuid.to_string();
        edits.push(Edit::new(
            t!("groups.deleted", name = group.name),
            move |tx| tx.delete(lernstadt_core::model::meta::EntityKind::WorkingGroup, &key),
        ));
        state.selected = None;
    }
}
