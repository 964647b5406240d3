//! The history: the change log, newest first, filterable by the kind of entity changed;
//! the selected entry's changes in words ("Interesse von Jugendamt: 3 -> 5").

use egui::RichText;
use egui_extras::Column;

use super::tables::{ListState, heading_ui, matches, table_ui};
use lernstadt_core::model::meta::EntityKind;
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

/// What the history view remembers.
#[derive(Debug, Default)]
pub struct State {
    pub list: ListState,
    /// Show only actions that changed this kind of entity.
    pub kind: Option<EntityKind>,
    /// The selected action's id.
    pub selected: Option<i64>,
    /// The selected action's changes in words, read by the app when the selection changes
    /// (`app::history`).
    pub details: Option<(i64, Vec<String>)>,
}

/// The kinds the filter offers.
const KINDS: [EntityKind; 8] = [
    EntityKind::Stakeholder,
    EntityKind::WorkingGroup,
    EntityKind::Goal,
    EntityKind::Measure,
    EntityKind::Indicator,
    EntityKind::Region,
    EntityKind::Observation,
    EntityKind::Project,
];

pub fn history_ui(ui: &mut egui::Ui, data: &Snapshot, state: &mut State) {
    let details = state
        .details
        .as_ref()
        .filter(|(id, _)| Some(*id) == state.selected);
    if let Some((_, lines)) = details {
        egui::Panel::bottom("history_details")
            .resizable(true)
            .default_size(140.0)
            .show(ui, |ui| {
                ui.label(RichText::new(t!("history.details")).strong());
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for line in lines {
                        ui.label(line);
                    }
                });
            });
    }
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| list_ui(ui, data, state));
}

fn list_ui(ui: &mut egui::Ui, data: &Snapshot, state: &mut State) {
    heading_ui(ui, &mut state.list, t!("view.history"), false);
    ui.horizontal(|ui| {
        super::choice_ui(
            ui,
            "history_kind",
            t!("history.filter"),
            &mut state.kind,
            std::iter::once(None).chain(KINDS.iter().copied().map(Some)),
            |kind| kind.map_or_else(|| t!("filter.all").to_owned(), |k| k.label().to_owned()),
        );
    });
    let history = &data.history;
    let kind = state.kind;
    let filter = kind.map_or("", EntityKind::code);
    let rows = state.list.visible(data.generation, filter, |search, _| {
        (0..history.len())
            .filter(|i| {
                let action = &history[*i];
                matches(search, &[&action.label, &action.author])
                    && kind.is_none_or(|k| {
                        data.action_kinds
                            .get(&action.id)
                            .is_some_and(|kinds| kinds.contains(&k))
                    })
            })
            .collect()
    });
    let headings = [
        t!("field.when"),
        t!("field.who"),
        t!("field.what"),
        t!("field.action"),
    ];
    let columns = [
        Column::initial(190.0),
        Column::initial(140.0),
        Column::initial(120.0),
        Column::remainder(),
    ];
    let selected = state.selected;
    let clicked = table_ui(
        ui,
        &columns,
        &headings,
        None,
        rows,
        |index| Some(history[index].id) == selected,
        |index, column| {
            let action = &history[index];
            match column {
                0 => RichText::new(lernstadt_core::i18n::format_timestamp(&action.at)),
                1 => RichText::new(&action.author),
                2 => RichText::new(lernstadt_core::i18n::tr(&format!(
                    "action.{}",
                    action.kind.code()
                ))),
                _ => RichText::new(
                    lernstadt_core::i18n::lookup(&action.label).unwrap_or(&action.label),
                ),
            }
        },
    );
    if let Some(index) = clicked {
        state.selected = Some(history[index].id);
    }
}
