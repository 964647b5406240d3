//! Stakeholders: the table (sort, filter by kind and area, search), the influence/interest
//! grid whose dots can be dragged, and the detail editor. Personal contact fields are
//! marked with `*` and explained on hover.

use egui::{Color32, RichText, Stroke};
use egui_extras::Column;
use uuid::Uuid;

use super::form::{Draft, Edit, Form};
use super::tables::{ListState, heading_ui, matches, table_ui};
use crate::command::Commands;
use lernstadt_core::model::{EducationArea, Engagement, Stakeholder, StakeholderKind, validate};
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

/// Table or grid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Table,
    Grid,
}

/// What the stakeholder view remembers.
#[derive(Debug, Default)]
pub struct State {
    pub list: ListState,
    pub tab: Tab,
    pub kind: Option<StakeholderKind>,
    pub area: Option<EducationArea>,
    pub selected: Option<Uuid>,
    pub draft: Option<Draft<Stakeholder>>,
    /// The dot being dragged on the grid and where it is.
    dragging: Option<(Uuid, egui::Pos2)>,
}

/// Draws the view; edits go to `edits`. Returns true when the user asks to export.
pub fn stakeholders_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    state: &mut State,
    edits: &mut Commands,
) -> bool {
    // Keep the draft in step with the stored stakeholder.
    let stored = state
        .selected
        .and_then(|uuid| data.stakeholders.iter().find(|s| s.uuid == uuid));
    Draft::sync(&mut state.draft, stored, |entity| entity.uuid);
    if state.draft.is_some() {
        egui::Panel::right("stakeholder_editor")
            .resizable(true)
            .default_size(430.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| editor_ui(ui, state, edits));
            });
    }
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| list_ui(ui, data, state, edits))
        .inner
}

/// The heading, filters and the table or grid.
fn list_ui(ui: &mut egui::Ui, data: &Snapshot, state: &mut State, edits: &mut Commands) -> bool {
    let export = heading_ui(ui, &mut state.list, t!("view.stakeholders"), true);
    ui.horizontal_wrapped(|ui| {
        super::choice_ui(
            ui,
            "stakeholder_kind_filter",
            t!("field.kind"),
            &mut state.kind,
            std::iter::once(None).chain(StakeholderKind::ALL.iter().copied().map(Some)),
            |k| k.map_or_else(|| t!("filter.all").to_owned(), |k| k.label().to_owned()),
        );
        super::choice_ui(
            ui,
            "stakeholder_area_filter",
            t!("field.education_areas"),
            &mut state.area,
            std::iter::once(None).chain(EducationArea::ALL.iter().copied().map(Some)),
            |a| a.map_or_else(|| t!("filter.all").to_owned(), |a| a.label().to_owned()),
        );
        ui.separator();
        ui.selectable_value(&mut state.tab, Tab::Table, t!("stakeholders.table"));
        ui.selectable_value(&mut state.tab, Tab::Grid, t!("stakeholders.grid"));
        ui.separator();
        if ui.button(t!("stakeholders.new")).clicked() {
            let stakeholder = new_stakeholder();
            state.selected = Some(stakeholder.uuid);
            state.draft = None;
            edits.push(Edit::new(
                t!("stakeholders.created", name = stakeholder.name),
                move |tx| tx.insert(&stakeholder),
            ));
        }
    });
    ui.add_space(4.0);
    let stakeholders = &data.stakeholders;
    let (kind, area) = (state.kind, state.area);
    let filter = format!("{kind:?}{area:?}");
    let mut sort = state.list.sort;
    let rows: Vec<usize> = state
        .list
        .visible(data.generation, &filter, |search, (column, ascending)| {
            let mut rows: Vec<usize> = (0..stakeholders.len())
                .filter(|i| {
                    let s = &stakeholders[*i];
                    kind.is_none_or(|k| s.kind == k)
                        && area.is_none_or(|a| s.education_areas.contains(&a))
                        && matches(
                            search,
                            &[&s.name, s.kind.label(), &s.description, &s.tags.join(" ")],
                        )
                })
                .collect();
            rows.sort_by(|a, b| {
                let (a, b) = (&stakeholders[*a], &stakeholders[*b]);
                let order = match column {
                    1 => a.kind.label().cmp(b.kind.label()),
                    2 => a.influence.cmp(&b.influence),
                    3 => a.interest.cmp(&b.interest),
                    4 => a.engagement.cmp(&b.engagement),
                    5 => a.contact_person.cmp(&b.contact_person),
                    _ => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
                };
                if ascending { order } else { order.reverse() }
            });
            rows
        })
        .to_vec();
    let clicked = match state.tab {
        Tab::Table => {
            let headings = [
                t!("field.name"),
                t!("field.kind"),
                t!("field.influence"),
                t!("field.interest"),
                t!("field.engagement"),
                t!("field.contact"),
            ];
            let columns = [
                Column::initial(240.0).resizable(true),
                Column::initial(170.0).resizable(true),
                Column::initial(70.0),
                Column::initial(70.0),
                Column::initial(110.0),
                Column::remainder(),
            ];
            let selected = state.selected;
            let clicked = table_ui(
                ui,
                &columns,
                &headings,
                Some(&mut sort),
                &rows,
                |index| Some(stakeholders[index].uuid) == selected,
                |index, column| {
                    let s = &stakeholders[index];
                    match column {
                        0 => RichText::new(&s.name),
                        1 => RichText::new(s.kind.label()),
                        2 => RichText::new(s.influence.to_string()),
                        3 => RichText::new(s.interest.to_string()),
                        4 => RichText::new(s.engagement.label()),
                        _ => RichText::new(&s.contact_person).italics(),
                    }
                },
            );
            state.list.sort = sort;
            clicked.map(|index| stakeholders[index].uuid)
        }
        Tab::Grid => grid_ui(ui, data, &rows, state, edits),
    };
    if let Some(uuid) = clicked {
        select(state, uuid);
    }
    export
}

fn select(state: &mut State, uuid: Uuid) {
    if state.draft.as_ref().is_some_and(Draft::is_dirty) && state.selected != Some(uuid) {
        // Unsaved changes stay until saved or discarded.
        return;
    }
    state.selected = Some(uuid);
    state.draft = None;
}

fn new_stakeholder() -> Stakeholder {
    Stakeholder {
        uuid: lernstadt_core::model::new_uuid(),
        name: t!("stakeholders.new_name").to_owned(),
        kind: StakeholderKind::Other,
        education_areas: Vec::new(),
        description: String::new(),
        influence: 3,
        interest: 3,
        engagement: Engagement::Inform,
        tags: Vec::new(),
        contact_person: String::new(),
        email: String::new(),
        phone: String::new(),
    }
}

fn editor_ui(ui: &mut egui::Ui, state: &mut State, edits: &mut Commands) {
    let Some(draft) = state.draft.as_mut() else {
        return;
    };
    let problems = validate::stakeholder(&draft.draft);
    ui.heading(&draft.stored.name);
    ui.add_space(4.0);
    let form = Form {
        problems: &problems,
    };
    let s = &mut draft.draft;
    egui::Grid::new("stakeholder_form")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            form.text(ui, "name", &mut s.name);
            form.choice(
                ui,
                "kind",
                &mut s.kind,
                StakeholderKind::ALL.iter().copied(),
                |k| k.label().to_owned(),
            );
            let label = ui.label(super::form::field_label("education_areas"));
            ui.vertical(|ui| {
                for area in EducationArea::ALL {
                    let mut on = s.education_areas.contains(area);
                    if ui
                        .checkbox(&mut on, area.label())
                        .labelled_by(label.id)
                        .changed()
                    {
                        if on {
                            s.education_areas.push(*area);
                            s.education_areas.sort();
                        } else {
                            s.education_areas.retain(|a| a != area);
                        }
                    }
                }
            });
            ui.end_row();
            form.multiline(ui, "description", &mut s.description);
            form.integer(ui, "influence", &mut s.influence);
            form.integer(ui, "interest", &mut s.interest);
            form.choice(
                ui,
                "engagement",
                &mut s.engagement,
                Engagement::ALL.iter().copied(),
                |e| e.label().to_owned(),
            );
            let mut tags = s.tags.join(", ");
            if form.text(ui, "tags", &mut tags).changed() {
                s.tags = tags
                    .split(',')
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .collect();
            }
            form.personal(ui, "contact_person", &mut s.contact_person);
            form.personal(ui, "email", &mut s.email);
            form.personal(ui, "phone", &mut s.phone);
        });
    ui.add_space(8.0);
    let name = draft.stored.name.clone();
    draft.save_ui(ui, &problems, "stakeholder", &name, edits);
    ui.add_space(12.0);
    ui.separator();
    ui.horizontal(|ui| {
        if ui.button(t!("form.close")).clicked() && !draft.is_dirty() {
            state.selected = None;
        }
        if ui.button(t!("stakeholders.delete")).clicked() {
            let (uuid, name) = (draft.stored.uuid, draft.stored.name.clone());
            edits.push(Edit::new(
                t!("stakeholders.deleted", name = name),
                move |tx| {
                    tx.delete(
                        lernstadt_core::model::meta::EntityKind::Stakeholder,
                        &uuid.to_string(),
                    )
                },
            ));
            state.selected = None;
        }
    });
}

/// The grid in words: how many stakeholders it shows, then each quadrant with the names in
/// it (influence and interest of 3 or more count as high, as the grid's middle line
/// halves the third row and column).
fn grid_description(data: &Snapshot, rows: &[usize]) -> String {
    let mut quadrants: [(&str, Vec<&str>); 4] = [
        ("stakeholders.quadrant.manage", Vec::new()),
        ("stakeholders.quadrant.satisfy", Vec::new()),
        ("stakeholders.quadrant.inform", Vec::new()),
        ("stakeholders.quadrant.monitor", Vec::new()),
    ];
    for &index in rows {
        let s = &data.stakeholders[index];
        let at = match (s.influence >= 3, s.interest >= 3) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => 3,
        };
        quadrants[at].1.push(s.name.as_str());
    }
    let mut text = t!("stakeholders.grid_described", count = rows.len());
    for (key, names) in &quadrants {
        text.push_str(". ");
        text.push_str(&t!(
            "stakeholders.grid_quadrant",
            quadrant = lernstadt_core::i18n::tr(key),
            count = names.len(),
            names = names.join(", ")
        ));
    }
    text
}

/// The influence/interest grid: interest to the right, influence upward, 1 to 5 each. A
/// dot dragged to another cell sets both values in one step. Returns a clicked dot.
#[expect(
    clippy::too_many_lines,
    reason = "one egui painter pass: cells, dots, dragging and hover"
)]
fn grid_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    rows: &[usize],
    state: &mut State,
    edits: &mut Commands,
) -> Option<Uuid> {
    let side = (ui.available_width().min(ui.available_height()) - 40.0).clamp(240.0, 620.0);
    let (response, painter) =
        ui.allocate_painter(egui::vec2(side + 40.0, side + 40.0), egui::Sense::hover());
    // For a screen reader: the grid as an image named and described in words, each
    // quadrant with its stakeholders (built only when the accessibility tree is asked for).
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::Image, true, t!("stakeholders.grid"))
    });
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_description(grid_description(data, rows));
    });
    let area = egui::Rect::from_min_size(
        response.rect.min + egui::vec2(36.0, 4.0),
        egui::vec2(side, side),
    );
    let cell = side / 5.0;
    let visuals = ui.visuals().clone();
    // Quadrants: keep satisfied, manage closely, monitor, keep informed.
    for (column, row, key) in [
        (0.0, 0.0, "stakeholders.quadrant.satisfy"),
        (1.0, 0.0, "stakeholders.quadrant.manage"),
        (0.0, 1.0, "stakeholders.quadrant.monitor"),
        (1.0, 1.0, "stakeholders.quadrant.inform"),
    ] {
        let rect = egui::Rect::from_min_size(
            area.min + egui::vec2(column * side / 2.0, row * side / 2.0),
            egui::vec2(side / 2.0, side / 2.0),
        );
        painter.rect_filled(
            rect,
            0.0,
            visuals
                .faint_bg_color
                .gamma_multiply(if (column + row) as i32 % 2 == 0 {
                    1.0
                } else {
                    2.0
                }),
        );
        painter.text(
            rect.center_top() + egui::vec2(0.0, 4.0),
            egui::Align2::CENTER_TOP,
            lernstadt_core::i18n::tr(key),
            egui::FontId::proportional(13.0),
            visuals.weak_text_color(),
        );
    }
    for step in 0..=5 {
        let offset = step as f32 * cell;
        let stroke = Stroke::new(0.5, visuals.weak_text_color().gamma_multiply(0.4));
        painter.line_segment(
            [
                area.left_top() + egui::vec2(offset, 0.0),
                area.left_bottom() + egui::vec2(offset, 0.0),
            ],
            stroke,
        );
        painter.line_segment(
            [
                area.left_top() + egui::vec2(0.0, offset),
                area.right_top() + egui::vec2(0.0, offset),
            ],
            stroke,
        );
        if step < 5 {
            let font = egui::FontId::proportional(12.0);
            painter.text(
                area.left_bottom() + egui::vec2(offset + cell / 2.0, 4.0),
                egui::Align2::CENTER_TOP,
                (step + 1).to_string(),
                font.clone(),
                visuals.text_color(),
            );
            painter.text(
                area.left_bottom() - egui::vec2(6.0, offset + cell / 2.0),
                egui::Align2::RIGHT_CENTER,
                (step + 1).to_string(),
                font,
                visuals.text_color(),
            );
        }
    }
    painter.text(
        area.center_bottom() + egui::vec2(0.0, 18.0),
        egui::Align2::CENTER_TOP,
        format!("{} ->", t!("field.interest")),
        egui::FontId::proportional(13.0),
        visuals.strong_text_color(),
    );
    painter.text(
        area.left_top() - egui::vec2(30.0, -2.0),
        egui::Align2::LEFT_TOP,
        format!("^ {}", t!("field.influence")),
        egui::FontId::proportional(13.0),
        visuals.strong_text_color(),
    );
    let centre = |interest: i64, influence: i64| {
        egui::pos2(
            area.left() + (interest.clamp(1, 5) as f32 - 0.5) * cell,
            area.bottom() - (influence.clamp(1, 5) as f32 - 0.5) * cell,
        )
    };
    // Dots sharing a cell are spread on a small circle.
    let mut in_cell: std::collections::HashMap<(i64, i64), usize> =
        std::collections::HashMap::new();
    let mut clicked = None;
    let radius = 7.0;
    // How many dots share each cell, counted once (not once per dot).
    let mut per_cell: std::collections::HashMap<(i64, i64), usize> =
        std::collections::HashMap::new();
    for &index in rows {
        let s = &data.stakeholders[index];
        *per_cell.entry((s.interest, s.influence)).or_default() += 1;
    }
    for &index in rows {
        let s = &data.stakeholders[index];
        let count = per_cell[&(s.interest, s.influence)];
        let nth = in_cell.entry((s.interest, s.influence)).or_default();
        let angle = *nth as f32 / count.max(1) as f32 * std::f32::consts::TAU;
        *nth += 1;
        let spread = if count > 1 { cell * 0.3 } else { 0.0 };
        let home = centre(s.interest, s.influence) + spread * egui::vec2(angle.cos(), angle.sin());
        let id = ui.scope_id().with(("stakeholder_dot", s.uuid));
        let at = match state.dragging {
            Some((uuid, pos)) if uuid == s.uuid => pos,
            _ => home,
        };
        let dot = ui
            .interact(
                egui::Rect::from_center_size(at, egui::vec2(radius * 2.4, radius * 2.4)),
                id,
                egui::Sense::click_and_drag(),
            )
            .on_hover_text(format!(
                "{}\n{}: {} · {}: {}",
                s.name,
                t!("field.influence"),
                s.influence,
                t!("field.interest"),
                s.interest
            ));
        if dot.drag_started() {
            state.dragging = Some((s.uuid, home));
        }
        if dot.dragged()
            && let Some((_, pos)) = state.dragging.as_mut()
        {
            *pos = area.clamp(*pos + dot.drag_delta());
        }
        if dot.drag_stopped()
            && let Some((_, pos)) = state.dragging.take()
        {
            let interest = (((pos.x - area.left()) / cell).floor() as i64 + 1).clamp(1, 5);
            let influence = (((area.bottom() - pos.y) / cell).floor() as i64 + 1).clamp(1, 5);
            if (interest, influence) != (s.interest, s.influence) {
                let after = Stakeholder {
                    influence,
                    interest,
                    ..s.clone()
                };
                edits.push(Edit::update("stakeholder", &s.name, s, after));
            }
        }
        if dot.clicked() {
            clicked = Some(s.uuid);
        }
        let selected = state.selected == Some(s.uuid);
        let fill = kind_colour(s.kind);
        painter.circle(
            at,
            radius,
            fill,
            Stroke::new(
                if selected { 3.0 } else { 1.0 },
                visuals.strong_text_color(),
            ),
        );
        if selected || dot.hovered() {
            painter.text(
                at + egui::vec2(radius + 3.0, 0.0),
                egui::Align2::LEFT_CENTER,
                &s.name,
                egui::FontId::proportional(12.0),
                visuals.strong_text_color(),
            );
        }
    }
    clicked
}

/// A colour per kind of stakeholder, for the grid's dots.
fn kind_colour(kind: StakeholderKind) -> Color32 {
    let index = StakeholderKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0);
    super::colour(
        lernstadt_core::render::palette::SERIES
            [index % lernstadt_core::render::palette::SERIES.len()],
    )
}
