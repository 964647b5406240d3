//! Goals: the tree (vision → strategic → operational) with add, edit, move under another
//! parent and reorder; each goal shows the indicators that measure it (with their status)
//! and the measures that serve it.

use egui::RichText;
use uuid::Uuid;

use super::form::{Draft, Edit, Form};
use crate::command::Commands;
use lernstadt_core::model::{EducationArea, Goal, GoalLevel, Priority, SdgTarget, validate};
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

/// What the goal view remembers.
#[derive(Debug, Default)]
pub struct State {
    pub selected: Option<Uuid>,
    pub draft: Option<Draft<Goal>>,
    /// What the indicator picker is searched for.
    pub indicator_search: String,
    /// What the measure picker is searched for.
    pub measure_search: String,
}

/// Draws the view; returns true when the user asks to export the goals.
pub fn goals_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    state: &mut State,
    edits: &mut Commands,
) -> bool {
    let mut export = false;
    let stored = state.selected.and_then(|uuid| data.goal(uuid));
    Draft::sync(&mut state.draft, stored, |entity| entity.uuid);
    egui::Panel::left("goal_tree")
        .resizable(true)
        .default_size(420.0)
        .max_size(560.0)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.heading(t!("view.goals"));
                if ui.button(t!("goals.new_top")).clicked() {
                    add_goal(data, state, edits, None);
                }
                export = ui.button(t!("export.window.open")).clicked();
            });
            ui.add_space(4.0);
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| tree_ui(ui, data, state, None, 0));
        });
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE.inner_margin(egui::Margin::symmetric(12, 0)))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if state.draft.is_some() {
                        detail_ui(ui, data, state, edits);
                    } else {
                        ui.label(RichText::new(t!("goals.choose")).weak());
                    }
                });
        });
    export
}

fn tree_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    state: &mut State,
    parent: Option<Uuid>,
    depth: usize,
) {
    if depth > data.goals.len() {
        return;
    }
    for goal in data.child_goals(parent) {
        ui.horizontal(|ui| {
            ui.add_space(depth as f32 * 18.0);
            let text = RichText::new(&goal.title);
            let text = if goal.level == GoalLevel::Vision {
                text.strong()
            } else {
                text
            };
            let response = ui
                .add(egui::Button::selectable(state.selected == Some(goal.uuid), text).truncate())
                .on_hover_text(format!("{}\n{}", goal.title, goal.level.label()));
            if response.clicked() && !state.draft.as_ref().is_some_and(Draft::is_dirty) {
                state.selected = Some(goal.uuid);
            }
        });
        tree_ui(ui, data, state, Some(goal.uuid), depth + 1);
    }
}

fn add_goal(data: &Snapshot, state: &mut State, edits: &mut Commands, parent: Option<&Goal>) {
    let level = match parent.map(|p| p.level) {
        None => GoalLevel::Vision,
        Some(GoalLevel::Vision) => GoalLevel::Strategic,
        Some(_) => GoalLevel::Operational,
    };
    let goal = Goal {
        uuid: lernstadt_core::model::new_uuid(),
        parent: parent.map(|p| p.uuid),
        level,
        position: data.goals.iter().map(|g| g.position).max().unwrap_or(0) + 1,
        title: t!("goals.new_title").to_owned(),
        description: String::new(),
        education_area: parent.map_or(EducationArea::CrossCutting, |p| p.education_area),
        sdg_target: parent.and_then(|p| p.sdg_target),
        priority: Priority::Medium,
        target_year: parent.and_then(|p| p.target_year),
        owner_stakeholder: None,
    };
    state.selected = Some(goal.uuid);
    state.draft = None;
    edits.push(Edit::new(
        t!("goals.created", title = goal.title),
        move |tx| tx.insert(&goal),
    ));
}

/// Moves `goal` under `parent` (None: to the top), after its new siblings.
#[must_use]
pub fn move_edit(data: &Snapshot, goal: &Goal, parent: Option<Uuid>) -> Edit {
    let position = data
        .child_goals(parent)
        .map(|g| g.position)
        .max()
        .map_or(0, |p| p + 1);
    let moved = Goal {
        parent,
        position,
        ..goal.clone()
    };
    let label = t!(
        "goals.moved",
        title = goal.title,
        parent = parent
            .and_then(|p| data.goal(p))
            .map_or(t!("goals.top"), |p| p.title.as_str())
    );
    Edit::new(label, move |tx| tx.update(&moved).map(|_| ()))
}

/// Moves `goal` one place up (`by` = -1) or down (+1) among its siblings; siblings are
/// numbered again so that positions stay distinct.
#[must_use]
pub fn reorder_edit(data: &Snapshot, goal: &Goal, by: isize) -> Option<Edit> {
    let mut siblings: Vec<Goal> = data.child_goals(goal.parent).cloned().collect();
    let from = siblings.iter().position(|g| g.uuid == goal.uuid)?;
    let to = from
        .checked_add_signed(by)
        .filter(|to| *to < siblings.len())?;
    siblings.swap(from, to);
    let changed: Vec<Goal> = siblings
        .into_iter()
        .enumerate()
        .filter_map(|(index, g)| {
            (g.position != index as i64).then_some(Goal {
                position: index as i64,
                ..g
            })
        })
        .collect();
    Some(Edit::new(
        t!("goals.reordered", title = goal.title),
        move |tx| {
            for g in &changed {
                tx.update(g)?;
            }
            Ok(())
        },
    ))
}

fn detail_ui(ui: &mut egui::Ui, data: &Snapshot, state: &mut State, edits: &mut Commands) {
    let Some(draft) = state.draft.as_mut() else {
        return;
    };
    let problems = validate::goal(&draft.draft);
    let goal = draft.stored.clone();
    ui.heading(&goal.title);
    ui.label(RichText::new(goal.level.label()).weak());
    ui.add_space(6.0);
    let form = Form {
        problems: &problems,
    };
    let g = &mut draft.draft;
    egui::Grid::new("goal_form")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            form.text(ui, "title", &mut g.title);
            form.choice(
                ui,
                "level",
                &mut g.level,
                GoalLevel::ALL.iter().copied(),
                |l| l.label().to_owned(),
            );
            form.multiline(ui, "description", &mut g.description);
            form.choice(
                ui,
                "education_area",
                &mut g.education_area,
                EducationArea::ALL.iter().copied(),
                |a| a.label().to_owned(),
            );
            form.choice(
                ui,
                "sdg_target",
                &mut g.sdg_target,
                std::iter::once(None).chain(SdgTarget::ALL.iter().copied().map(Some)),
                |s| s.map_or_else(|| "–".to_owned(), |s| s.label().to_owned()),
            );
            form.choice(
                ui,
                "priority",
                &mut g.priority,
                Priority::ALL.iter().copied(),
                |p| p.label().to_owned(),
            );
            form.optional_integer(ui, "target_year", &mut g.target_year);
            form.choice(
                ui,
                "owner_stakeholder",
                &mut g.owner_stakeholder,
                std::iter::once(None).chain(data.stakeholders.iter().map(|s| Some(s.uuid))),
                |s| data.stakeholder_name(s).to_owned(),
            );
        });
    ui.add_space(8.0);
    let name = draft.stored.title.clone();
    draft.save_ui(ui, &problems, "goal", &name, edits);
    ui.add_space(8.0);
    ui.separator();
    // Moving and ordering act on the stored goal, each as its own step.
    ui.horizontal_wrapped(|ui| {
        let mut parent = goal.parent;
        if super::choice_ui(
            ui,
            "goal_parent",
            t!("goals.move_under"),
            &mut parent,
            std::iter::once(None).chain(
                data.goals
                    .iter()
                    .filter(|g| !data.goal_is_within(g.uuid, goal.uuid))
                    .map(|g| Some(g.uuid)),
            ),
            |p| {
                p.and_then(|p| data.goal(p))
                    .map_or_else(|| t!("goals.top").to_owned(), |g| g.title.clone())
            },
        ) {
            edits.push(move_edit(data, &goal, parent));
        }
    });
    ui.horizontal_wrapped(|ui| {
        if ui.button(t!("goals.up")).clicked()
            && let Some(edit) = reorder_edit(data, &goal, -1)
        {
            edits.push(edit);
        }
        if ui.button(t!("goals.down")).clicked()
            && let Some(edit) = reorder_edit(data, &goal, 1)
        {
            edits.push(edit);
        }
        if ui.button(t!("goals.new_child")).clicked() {
            add_goal(data, state, edits, Some(&goal));
        }
        if ui.button(t!("goals.delete")).clicked() {
            let uuid = goal.uuid;
            edits.push(Edit::new(
                t!("goals.deleted", title = goal.title),
                move |tx| {
                    tx.delete(
                        lernstadt_core::model::meta::EntityKind::Goal,
                        &uuid.to_string(),
                    )
                },
            ));
            state.selected = None;
        }
    });
    ui.add_space(12.0);
    indicators_ui(ui, data, &goal, &mut state.indicator_search, edits);
    ui.add_space(12.0);
    measures_ui(ui, data, &goal, &mut state.measure_search, edits);
}

/// The indicators that measure the goal (status, name, code, *Unlink*) and a picker by code
/// and name to link another.
fn indicators_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    goal: &Goal,
    search: &mut String,
    edits: &mut Commands,
) {
    ui.label(RichText::new(t!("goals.indicators")).strong());
    let mut linked = Vec::new();
    for (index, indicator) in data.indicators_of_goal(goal.uuid) {
        linked.push(indicator.uuid);
        ui.horizontal(|ui| {
            super::summary_badge(ui, &data.summaries[index]);
            ui.label(format!("{} ({})", indicator.name, indicator.code));
            if ui
                .small_button(t!("links.unlink"))
                .on_hover_text(t!("links.unlink_hover"))
                .clicked()
            {
                edits.push(super::indicators::unlink_goal_edit(indicator, goal));
            }
        });
    }
    if linked.is_empty() {
        ui.label(RichText::new(t!("goals.no_indicators")).weak());
    }
    let choices: Vec<(Uuid, String)> = data
        .indicators
        .iter()
        .filter(|i| !linked.contains(&i.uuid))
        .map(|i| (i.uuid, format!("{} ({})", i.name, i.code)))
        .collect();
    if choices.is_empty() {
        if data.indicators.is_empty() {
            ui.label(RichText::new(t!("goals.no_indicators_yet")).weak());
        }
        return;
    }
    if let Some(indicator) =
        super::form::picker_ui(ui, t!("goals.link_indicator"), search, &choices, 8)
            .and_then(|uuid| data.indicators.iter().find(|i| i.uuid == uuid))
    {
        edits.push(super::indicators::link_goal_edit(indicator, goal));
        search.clear();
    }
}

/// The measures that serve the goal (title, status, *Unlink*) and a picker to link another.
fn measures_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    goal: &Goal,
    search: &mut String,
    edits: &mut Commands,
) {
    ui.label(RichText::new(t!("goals.measures")).strong());
    let mut linked = Vec::new();
    for measure in data.measures_of_goal(goal.uuid) {
        linked.push(measure.uuid);
        ui.horizontal(|ui| {
            ui.label(format!("{} – {}", measure.title, measure.status.label()));
            if ui
                .small_button(t!("links.unlink"))
                .on_hover_text(t!("links.unlink_hover"))
                .clicked()
            {
                edits.push(measure_edit(measure, goal, false));
            }
        });
    }
    if linked.is_empty() {
        ui.label(RichText::new(t!("goals.no_measures")).weak());
    }
    let choices: Vec<(Uuid, String)> = data
        .measures
        .iter()
        .filter(|m| !linked.contains(&m.uuid))
        .map(|m| (m.uuid, m.title.clone()))
        .collect();
    if choices.is_empty() {
        return;
    }
    if let Some(measure) = super::form::picker_ui(ui, t!("goals.link_measure"), search, &choices, 6)
        .and_then(|uuid| data.measures.iter().find(|m| m.uuid == uuid))
    {
        edits.push(measure_edit(measure, goal, true));
        search.clear();
    }
}

/// Links a measure to a goal (`link`) or takes it off, as one step.
fn measure_edit(measure: &lernstadt_core::model::Measure, goal: &Goal, link: bool) -> Edit {
    let (m, g) = (measure.uuid, goal.uuid);
    let key = if link {
        "links.measure_linked"
    } else {
        "links.measure_unlinked"
    };
    let label =
        lernstadt_core::i18n::trf(key, &[("measure", &measure.title), ("goal", &goal.title)]);
    if link {
        Edit::link_measure_goal(label, m, g)
    } else {
        Edit::unlink_measure_goal(label, m, g)
    }
}
