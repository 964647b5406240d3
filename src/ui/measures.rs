//! Measures: a table with budget totals and a timeline — one bar per measure from start
//! to end coloured by status (with its word in the legend), milestones as diamonds, a line
//! for today, grouped by goal or by lead stakeholder. A detail editor beside both.

use egui::{RichText, Stroke};
use egui_extras::Column;
use uuid::Uuid;

use super::form::{Draft, Edit, Form};
use super::stage_colour;
use super::tables::{ListState, heading_ui, matches, table_ui};
use crate::command::Commands;
use lernstadt_core::model::{Measure, MeasureStage, validate};
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Table,
    Timeline,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grouping {
    #[default]
    Goal,
    Lead,
}

#[derive(Debug, Default)]
pub struct State {
    pub list: ListState,
    pub tab: Tab,
    pub grouping: Grouping,
    pub selected: Option<Uuid>,
    pub draft: Option<Draft<Measure>>,
}

fn euro(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| {
        format!("{} €", lernstadt_core::i18n::format_decimal(v, 0))
    })
}

pub fn measures_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    state: &mut State,
    edits: &mut Commands,
) -> bool {
    let stored = state
        .selected
        .and_then(|uuid| data.measures.iter().find(|m| m.uuid == uuid));
    Draft::sync(&mut state.draft, stored, |entity| entity.uuid);
    if state.draft.is_some() {
        egui::Panel::right("measure_editor")
            .resizable(true)
            .default_size(420.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| editor_ui(ui, data, state, edits));
            });
    }
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| list_ui(ui, data, state, edits))
        .inner
}

fn list_ui(ui: &mut egui::Ui, data: &Snapshot, state: &mut State, edits: &mut Commands) -> bool {
    let export = heading_ui(ui, &mut state.list, t!("view.measures"), true);
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(&mut state.tab, Tab::Table, t!("measures.table"));
        ui.selectable_value(&mut state.tab, Tab::Timeline, t!("measures.timeline"));
        ui.separator();
        if state.tab == Tab::Timeline {
            ui.label(t!("measures.group_by"));
            ui.selectable_value(&mut state.grouping, Grouping::Goal, t!("field.goal"));
            ui.selectable_value(
                &mut state.grouping,
                Grouping::Lead,
                t!("field.lead_stakeholder"),
            );
            ui.separator();
        }
        if ui.button(t!("measures.new")).clicked() {
            let measure = Measure {
                uuid: lernstadt_core::model::new_uuid(),
                title: t!("measures.new_title").to_owned(),
                description: String::new(),
                status: MeasureStage::Proposed,
                start_date: None,
                end_date: None,
                budget_planned_eur: None,
                budget_spent_eur: None,
                funding_source: String::new(),
                lead_stakeholder: None,
                target_groups: Vec::new(),
            };
            state.selected = Some(measure.uuid);
            state.draft = None;
            edits.push(Edit::new(
                t!("measures.created", title = measure.title),
                move |tx| tx.insert(&measure),
            ));
        }
    });
    let measures = &data.measures;
    let mut sort = state.list.sort;
    let rows: Vec<usize> = state
        .list
        .visible(data.generation, "", |search, (column, ascending)| {
            let mut rows: Vec<usize> = (0..measures.len())
                .filter(|i| {
                    let m = &measures[*i];
                    matches(
                        search,
                        &[
                            &m.title,
                            m.status.label(),
                            data.stakeholder_name(m.lead_stakeholder),
                        ],
                    )
                })
                .collect();
            rows.sort_by(|a, b| {
                let (a, b) = (&measures[*a], &measures[*b]);
                let order = match column {
                    1 => a.status.cmp(&b.status),
                    2 => a.start_date.cmp(&b.start_date),
                    3 => a.end_date.cmp(&b.end_date),
                    4 => data
                        .stakeholder_name(a.lead_stakeholder)
                        .cmp(data.stakeholder_name(b.lead_stakeholder)),
                    5 => a
                        .budget_planned_eur
                        .unwrap_or(0.0)
                        .total_cmp(&b.budget_planned_eur.unwrap_or(0.0)),
                    6 => a
                        .budget_spent_eur
                        .unwrap_or(0.0)
                        .total_cmp(&b.budget_spent_eur.unwrap_or(0.0)),
                    _ => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
                };
                if ascending { order } else { order.reverse() }
            });
            rows
        })
        .to_vec();
    let planned: f64 = rows
        .iter()
        .filter_map(|i| measures[*i].budget_planned_eur)
        .sum();
    let spent: f64 = rows
        .iter()
        .filter_map(|i| measures[*i].budget_spent_eur)
        .sum();
    ui.label(
        RichText::new(t!(
            "measures.totals",
            count = rows.len(),
            planned = euro(Some(planned)),
            spent = euro(Some(spent))
        ))
        .strong(),
    );
    let clicked = match state.tab {
        Tab::Table => {
            let headings = [
                t!("field.title"),
                t!("field.status"),
                t!("field.start_date"),
                t!("field.end_date"),
                t!("field.lead_stakeholder"),
                t!("field.budget_planned_eur"),
                t!("field.budget_spent_eur"),
            ];
            let columns = [
                Column::initial(260.0).resizable(true),
                Column::initial(90.0),
                Column::initial(90.0),
                Column::initial(90.0),
                Column::initial(180.0).resizable(true),
                Column::initial(120.0),
                Column::remainder(),
            ];
            let (selected, v) = (state.selected, ui.visuals().clone());
            let clicked = table_ui(
                ui,
                &columns,
                &headings,
                Some(&mut sort),
                &rows,
                |index| Some(measures[index].uuid) == selected,
                |index, column| {
                    let m = &measures[index];
                    match column {
                        0 => RichText::new(&m.title),
                        1 => RichText::new(m.status.label()).color(stage_colour(&v, m.status)),
                        2 => RichText::new(m.start_date.as_deref().unwrap_or("")),
                        3 => RichText::new(m.end_date.as_deref().unwrap_or("")),
                        4 => RichText::new(data.stakeholder_name(m.lead_stakeholder)),
                        5 => RichText::new(euro(m.budget_planned_eur)).monospace(),
                        _ => RichText::new(euro(m.budget_spent_eur)).monospace(),
                    }
                },
            );
            state.list.sort = sort;
            clicked.map(|index| measures[index].uuid)
        }
        Tab::Timeline => timeline_ui(ui, data, &rows, state),
    };
    if let Some(uuid) = clicked
        && !state.draft.as_ref().is_some_and(Draft::is_dirty)
    {
        state.selected = Some(uuid);
        state.draft = None;
    }
    export
}

/// The timeline: groups (a goal or a lead), each with one row per measure.
#[expect(
    clippy::too_many_lines,
    reason = "one egui painter pass: groups, bars, milestones, today's line and hover"
)]
fn timeline_ui(ui: &mut egui::Ui, data: &Snapshot, rows: &[usize], state: &State) -> Option<Uuid> {
    // Groups in order, each with its measures; a measure serving several goals shows under each.
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for &index in rows {
        let measure = &data.measures[index];
        let names: Vec<String> = match state.grouping {
            Grouping::Goal => {
                let goals: Vec<String> = data
                    .measure_goals
                    .iter()
                    .filter(|l| l.measure == measure.uuid)
                    .filter_map(|l| data.goal(l.goal))
                    .map(|g| g.title.clone())
                    .collect();
                if goals.is_empty() {
                    vec![t!("measures.no_goal").to_owned()]
                } else {
                    goals
                }
            }
            Grouping::Lead => vec![
                Some(data.stakeholder_name(measure.lead_stakeholder))
                    .filter(|n| !n.is_empty())
                    .unwrap_or(t!("measures.no_lead"))
                    .to_owned(),
            ],
        };
        for name in names {
            match groups.iter_mut().find(|(n, _)| *n == name) {
                Some((_, list)) => list.push(index),
                None => groups.push((name, vec![index])),
            }
        }
    }
    let dates = rows.iter().flat_map(|i| {
        let m = &data.measures[*i];
        [m.start_date.as_deref(), m.end_date.as_deref()]
    });
    let xs: Vec<f64> = dates
        .flatten()
        .filter_map(lernstadt_core::snapshot::year_fraction)
        .collect();
    let today = lernstadt_core::snapshot::today_fraction();
    let from = xs.iter().copied().fold(today, f64::min).floor();
    let to = xs.iter().copied().fold(today, f64::max).ceil() + 0.01;
    // Legend.
    ui.horizontal_wrapped(|ui| {
        for status in MeasureStage::ALL {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 10.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, stage_colour(ui.visuals(), *status));
            ui.label(status.label());
        }
        ui.label(RichText::new(t!("measures.milestone_legend")).weak());
    });
    let row_height = 22.0;
    let label_width = 260.0;
    let mut clicked = None;
    let visuals = ui.visuals().clone();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let width = ui.available_width();
            let chart_width = (width - label_width - 10.0).max(100.0);
            let to_x = |x: f64, left: f32| {
                left + label_width + ((x - from) / (to - from)) as f32 * chart_width
            };
            // Year scale.
            let (scale, painter) =
                ui.allocate_painter(egui::vec2(width, 18.0), egui::Sense::hover());
            let mut year = from;
            while year < to {
                let x = to_x(year, scale.rect.left());
                painter.text(
                    egui::pos2(x + 2.0, scale.rect.top()),
                    egui::Align2::LEFT_TOP,
                    format!("{year:.0}"),
                    egui::FontId::proportional(12.0),
                    visuals.weak_text_color(),
                );
                year += 1.0;
            }
            let top = scale.rect.bottom();
            let mut bottom = top;
            for (group, members) in &groups {
                ui.label(RichText::new(group).strong());
                for &index in members {
                    let measure = &data.measures[index];
                    let (rect, response) =
                        ui.allocate_exact_size(egui::vec2(width, row_height), egui::Sense::click());
                    bottom = rect.bottom();
                    let painter = ui.painter_at(rect);
                    if state.selected == Some(measure.uuid) {
                        painter.rect_filled(
                            rect,
                            0.0,
                            visuals.selection.bg_fill.gamma_multiply(0.4),
                        );
                    }
                    painter.text(
                        rect.left_center() + egui::vec2(12.0, 0.0),
                        egui::Align2::LEFT_CENTER,
                        lernstadt_core::i18n::shorten(&measure.title, 36),
                        egui::FontId::proportional(13.0),
                        visuals.text_color(),
                    );
                    let start = measure
                        .start_date
                        .as_deref()
                        .and_then(lernstadt_core::snapshot::year_fraction);
                    let end = measure
                        .end_date
                        .as_deref()
                        .and_then(lernstadt_core::snapshot::year_fraction);
                    if let Some(start) = start.or(end) {
                        let end = end.unwrap_or(to);
                        let bar = egui::Rect::from_x_y_ranges(
                            to_x(start, rect.left())
                                ..=to_x(end, rect.left()).max(to_x(start, rect.left()) + 3.0),
                            rect.top() + 4.0..=rect.bottom() - 4.0,
                        );
                        painter.rect_filled(bar, 3.0, stage_colour(ui.visuals(), measure.status));
                    }
                    for milestone in data.milestones.iter().filter(|m| m.measure == measure.uuid) {
                        if let Some(x) =
                            lernstadt_core::snapshot::year_fraction(&milestone.due_date)
                        {
                            let centre = egui::pos2(to_x(x, rect.left()), rect.center().y);
                            let d = 6.0;
                            let fill = if milestone.reached {
                                visuals.strong_text_color()
                            } else {
                                visuals.panel_fill
                            };
                            painter.add(egui::Shape::convex_polygon(
                                vec![
                                    centre + egui::vec2(0.0, -d),
                                    centre + egui::vec2(d, 0.0),
                                    centre + egui::vec2(0.0, d),
                                    centre + egui::vec2(-d, 0.0),
                                ],
                                fill,
                                Stroke::new(1.5, visuals.strong_text_color()),
                            ));
                        }
                    }
                    let said = format!(
                        "{}\n{} · {} – {}",
                        measure.title,
                        measure.status.label(),
                        measure.start_date.as_deref().unwrap_or("?"),
                        measure.end_date.as_deref().unwrap_or("?")
                    );
                    // A screen reader hears each bar as what it says on hover: the measure,
                    // its stage and its dates (a button: a click selects it).
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::accesskit::Role::Button,
                            true,
                            said.replace('\n', ": "),
                        )
                    });
                    let response = response.on_hover_text(said);
                    if response.clicked() {
                        clicked = Some(measure.uuid);
                    }
                }
            }
            // Today.
            let x = to_x(today, scale.rect.left());
            ui.painter().line_segment(
                [egui::pos2(x, top), egui::pos2(x, bottom)],
                Stroke::new(1.5, visuals.error_fg_color),
            );
            ui.painter().text(
                egui::pos2(x + 3.0, top),
                egui::Align2::LEFT_BOTTOM,
                t!("measures.today"),
                egui::FontId::proportional(11.0),
                visuals.error_fg_color,
            );
        });
    clicked
}

fn editor_ui(ui: &mut egui::Ui, data: &Snapshot, state: &mut State, edits: &mut Commands) {
    let Some(draft) = state.draft.as_mut() else {
        return;
    };
    let problems = validate::measure(&draft.draft);
    ui.heading(&draft.stored.title);
    let form = Form {
        problems: &problems,
    };
    let m = &mut draft.draft;
    egui::Grid::new("measure_form")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            form.text(ui, "title", &mut m.title);
            form.multiline(ui, "description", &mut m.description);
            form.choice(
                ui,
                "status",
                &mut m.status,
                MeasureStage::ALL.iter().copied(),
                |s| s.label().to_owned(),
            );
            form.optional_date(ui, "start_date", &mut m.start_date);
            form.optional_date(ui, "end_date", &mut m.end_date);
            form.optional_number(ui, "budget_planned_eur", &mut m.budget_planned_eur);
            form.optional_number(ui, "budget_spent_eur", &mut m.budget_spent_eur);
            form.text(ui, "funding_source", &mut m.funding_source);
            form.choice(
                ui,
                "lead_stakeholder",
                &mut m.lead_stakeholder,
                std::iter::once(None).chain(data.stakeholders.iter().map(|s| Some(s.uuid))),
                |s| data.stakeholder_name(s).to_owned(),
            );
        });
    ui.add_space(8.0);
    let name = draft.stored.title.clone();
    draft.save_ui(ui, &problems, "measure", &name, edits);
    ui.add_space(8.0);
    let uuid = draft.stored.uuid;
    ui.label(RichText::new(t!("measures.milestones")).strong());
    for milestone in data.milestones.iter().filter(|m| m.measure == uuid) {
        ui.label(format!(
            "{} {} – {}",
            if milestone.reached { "[x]" } else { "[ ]" },
            milestone.due_date,
            milestone.title
        ));
    }
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        if ui.button(t!("form.close")).clicked() && !draft.is_dirty() {
            state.selected = None;
        }
        if ui.button(t!("measures.delete")).clicked() {
            let title = draft.stored.title.clone();
            edits.push(Edit::new(
                t!("measures.deleted", title = title),
                move |tx| {
                    tx.delete(
                        lernstadt_core::model::meta::EntityKind::Measure,
                        &uuid.to_string(),
                    )
                },
            ));
            state.selected = None;
        }
    });
}
