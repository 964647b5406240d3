//! The Indicators view's frame: the list (searched, with each status, *New indicator…*,
//! the social index) beside the selected indicator's tabs — or a new indicator's form.

use egui::RichText;

use super::{Shown, State, Tab, chart_ui, create_ui, definition_ui, table_ui};
use super::{monitoring, social};
use crate::command::Commands;
use crate::ui::form::Draft;
use crate::ui::tables::{matches, search_ui};
use lernstadt_core::model::Indicator;
use lernstadt_core::snapshot::{IndicatorSnapshot, Snapshot};
use lernstadt_core::t;

/// Draws the view; returns what the user asks to export (the indicators or their data).
pub fn indicators_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    observations: &IndicatorSnapshot,
    state: &mut State,
    edits: &mut Commands,
) -> Option<&'static str> {
    let mut export = None;
    social::dialog_ui(ui.ctx(), data, state, edits);
    if state.selected.is_none() && state.creating.is_none() {
        state.selected = data.indicators.first().map(|i| i.uuid);
    }
    egui::Panel::left("indicator_list")
        .resizable(true)
        .default_size(300.0)
        .max_size(420.0)
        .show(ui, |ui| {
            if list_ui(ui, data, state) {
                export = Some("indicators");
            }
        });
    if state.creating.is_some() {
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE.inner_margin(egui::Margin::symmetric(12, 0)))
            .show(ui, |ui| create_ui(ui, data, state, edits));
        return export;
    }
    let Some(index) = state
        .selected
        .and_then(|uuid| data.indicators.iter().position(|i| i.uuid == uuid))
    else {
        egui::CentralPanel::default().show(ui, |ui| {
            let text = if data.indicators.is_empty() {
                t!("indicators.none_yet")
            } else {
                t!("indicators.choose")
            };
            ui.label(RichText::new(text).weak());
        });
        return export;
    };
    let indicator = &data.indicators[index];
    Draft::sync(&mut state.draft, Some(indicator), |i| i.uuid);
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE.inner_margin(egui::Margin::symmetric(12, 0)))
        .show(ui, |ui| {
            ui.heading(&indicator.name);
            ui.horizontal_wrapped(|ui| {
                // No status where the whole area has no value (a social index).
                if data.summaries[index].elsewhere.is_none() {
                    crate::ui::summary_badge(ui, &data.summaries[index]);
                }
                ui.label(RichText::new(format!("{} · {}", indicator.code, indicator.unit)).weak());
            });
            ui.horizontal(|ui| {
                ui.selectable_value(&mut state.tab, Tab::Definition, t!("indicators.definition"));
                ui.selectable_value(&mut state.tab, Tab::Monitoring, t!("indicators.monitoring"));
                ui.selectable_value(&mut state.tab, Tab::Table, t!("indicators.table"));
                ui.selectable_value(&mut state.tab, Tab::Chart, t!("indicators.chart"));
                if social::index_of(indicator).is_some() {
                    ui.selectable_value(&mut state.tab, Tab::Ranking, t!("indicators.ranking"));
                } else if state.tab == Tab::Ranking {
                    state.tab = Tab::Definition;
                }
            });
            ui.separator();
            if observations.indicator != Some(indicator.uuid) {
                return;
            }
            // An indicator without a total opens on its first breakdown.
            if !observations.breakdowns.is_empty()
                && !observations.breakdowns.contains(&state.breakdown)
            {
                state.breakdown.clone_from(&observations.breakdowns[0]);
            }
            match state.tab {
                Tab::Definition => {
                    definition_ui(ui, data, observations.observations.len(), state, edits);
                }
                Tab::Table => {
                    if table_ui(ui, data, observations, indicator, state) {
                        export = Some("observations");
                    }
                }
                Tab::Chart => {
                    let shown = Shown {
                        data,
                        observations,
                        indicator,
                        index,
                    };
                    chart_ui(ui, shown, state);
                }
                Tab::Ranking => social::ranking_ui(ui, data, indicator, state, edits),
                Tab::Monitoring => {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        monitoring::direction_ui(ui, indicator, edits);
                        ui.add_space(8.0);
                        monitoring::goals_ui(
                            ui,
                            data,
                            indicator,
                            &mut state.target.goal_search,
                            edits,
                        );
                        ui.add_space(12.0);
                        monitoring::targets_ui(ui, data, indicator, &mut state.target, edits);
                        ui.add_space(12.0);
                        monitoring::baseline_ui(
                            ui,
                            data,
                            observations,
                            indicator,
                            &mut state.target,
                            edits,
                        );
                    });
                }
            }
        });
    export
}

fn list_ui(ui: &mut egui::Ui, data: &Snapshot, state: &mut State) -> bool {
    let mut export = false;
    ui.horizontal_wrapped(|ui| {
        ui.heading(t!("view.indicators"));
        if ui
            .button(t!("indicators.new"))
            .on_hover_text(t!("indicators.new_hover"))
            .clicked()
            && !state.draft.as_ref().is_some_and(Draft::is_dirty)
        {
            state.creating = Some(Indicator::new("", ""));
        }
        export = ui.button(t!("export.window.open")).clicked();
        if ui
            .button(t!("social.open"))
            .on_hover_text(t!("social.window.intro"))
            .clicked()
        {
            state.social.open(data, None);
        }
    });
    search_ui(ui, &mut state.list);
    let indicators = &data.indicators;
    let rows = state.list.visible(data.generation, "", |search, _| {
        (0..indicators.len())
            .filter(|i| matches(search, &[&indicators[*i].name, &indicators[*i].code]))
            .collect()
    });
    let rows = rows.to_vec();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, 22.0, rows.len(), |ui, range| {
            for &index in &rows[range] {
                let indicator = &indicators[index];
                ui.horizontal(|ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                    let status = data.summaries[index].status;
                    ui.painter().extend(crate::ui::status_mark(
                        rect,
                        status,
                        crate::ui::status_colour(ui.visuals(), status),
                    ));
                    let response = ui
                        .add(
                            egui::Button::selectable(
                                state.selected == Some(indicator.uuid),
                                &indicator.name,
                            )
                            .truncate(),
                        )
                        .on_hover_text(format!("{} · {}", indicator.code, status.label()));
                    // The dot's colour in words, for a screen reader: the status is never
                    // told by colour alone.
                    ui.ctx().accesskit_node_builder(response.id, |node| {
                        node.set_description(status.label());
                    });
                    if response.clicked() && !state.draft.as_ref().is_some_and(Draft::is_dirty) {
                        state.selected = Some(indicator.uuid);
                    }
                });
            }
        });
    export
}
