//! The district profile in the window: for the region clicked last in the regions view, if
//! it has a parent, every indicator's latest value against the parent's (the city's), the
//! deviation as a bar (right better, by the indicator's good direction), the rank among
//! the city's districts and the trend — the same rows the profile picture and the report's
//! chapter draw. The true values (the window is not a publication).

use egui::{Color32, RichText};
use uuid::Uuid;

use crate::command::{Command, Commands};
use lernstadt_core::model::Polarity;
use lernstadt_core::render::profile::{Row, Scope};
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

/// A profile worked out: for which region and scope, at which data generation, and its
/// rows (or why there are none).
pub type Computed = (Uuid, Scope, Option<u64>, Result<Vec<Row>, String>);

/// A profile as worked out by the app, and which indicators the user chose.
#[derive(Debug, Default)]
pub struct ProfileView {
    pub computed: Option<Computed>,
    pub scope: Scope,
}

/// Draws the profile of region `selected` (an index into the regions) when it has a parent.
pub fn profile_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    selected: Option<usize>,
    view: &mut ProfileView,
    commands: &mut Commands,
) {
    let Some(district) = selected.and_then(|n| data.regions.get(n)) else {
        return;
    };
    let Some(city) = district.parent.and_then(|p| data.region(p)) else {
        return;
    };
    let title = t!(
        "profile.view_title",
        region = district.name,
        city = city.name
    );
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .id_salt("district_profile")
        .default_open(true)
        .show(ui, |ui| {
            // The indicators compared: all, an education area's, or a top goal's.
            let areas = lernstadt_core::model::EducationArea::ALL
                .iter()
                .copied()
                .filter(|a| data.goals.iter().any(|g| g.education_area == *a))
                .map(Scope::Area);
            let goals = data
                .goals
                .iter()
                .filter(|g| g.parent.is_none() || data.goal(g.parent.unwrap_or_default()).is_none())
                .map(|g| Scope::Goal(g.uuid));
            let options: Vec<Scope> = std::iter::once(Scope::All)
                .chain(areas)
                .chain(goals)
                .collect();
            crate::ui::choice_ui(
                ui,
                "profile_scope",
                t!("profile.scope"),
                &mut view.scope,
                options,
                |scope| scope.label(data),
            );
            let rows = match &view.computed {
                Some((region, scope, generation, rows))
                    if *region == district.uuid
                        && *scope == view.scope
                        && *generation == data.generation =>
                {
                    rows
                }
                _ => {
                    commands.push(Command::ComputeProfile(district.uuid, view.scope));
                    ui.ctx().request_repaint();
                    return;
                }
            };
            let rows = match rows {
                Ok(rows) if rows.is_empty() => {
                    ui.label(RichText::new(t!("profile.view_empty")).weak());
                    return;
                }
                Ok(rows) => rows,
                Err(error) => {
                    ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
                    return;
                }
            };
            let largest = rows
                .iter()
                .filter_map(|r| r.deviation)
                .map(f64::abs)
                .fold(10.0_f64, f64::max);
            egui::ScrollArea::vertical()
                .id_salt("district_profile_rows")
                .max_height(260.0)
                .show(ui, |ui| {
                    egui::Grid::new("district_profile_grid")
                        .striped(true)
                        .spacing([12.0, 4.0])
                        .show(ui, |ui| {
                            for heading in [
                                t!("field.indicator"),
                                t!("profile.value"),
                                city.name.as_str(),
                                t!("profile.difference"),
                                t!("profile.deviation"),
                                t!("profile.rank_heading"),
                                t!("profile.trend"),
                            ] {
                                ui.label(RichText::new(heading).strong());
                            }
                            ui.end_row();
                            for row in rows {
                                row_ui(ui, data, row, largest);
                                ui.end_row();
                            }
                        });
                });
        });
}

/// The unit of a difference: percentage points for a per cent rate.
fn difference_unit(unit: &str) -> String {
    if unit.trim() == "%" {
        t!("profile.points").to_owned()
    } else {
        unit.to_owned()
    }
}

fn row_ui(ui: &mut egui::Ui, data: &Snapshot, row: &Row, largest: f64) {
    let indicator = &data.indicators[row.indicator];
    let decimals = indicator.decimals.clamp(0, 6) as usize;
    let number = |v: f64| lernstadt_core::i18n::format_decimal(v, decimals);
    ui.add_sized([240.0, 18.0], egui::Label::new(&indicator.name).truncate())
        .on_hover_text(&indicator.name);
    ui.label(format!(
        "{} {} ({})",
        number(row.value),
        indicator.unit,
        row.period
    ));
    ui.label(row.city.map_or_else(|| "–".to_owned(), number));
    ui.label(row.difference_text(decimals).map_or_else(
        || "–".to_owned(),
        |d| format!("{d} {}", difference_unit(&indicator.unit)),
    ));
    // The bar, from the middle, right when better; the per cent beside it.
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(160.0, 14.0), egui::Sense::hover());
        let middle = rect.center().x;
        ui.painter().line_segment(
            [
                egui::pos2(middle, rect.top()),
                egui::pos2(middle, rect.bottom()),
            ],
            egui::Stroke::new(1.0, ui.visuals().weak_text_color()),
        );
        if let Some(deviation) = row.deviation {
            let neutral = matches!(indicator.polarity, Polarity::Neutral | Polarity::TargetBand);
            let colour = if neutral {
                Color32::from_gray(140)
            } else if deviation >= 0.0 {
                crate::ui::status_colour(
                    ui.visuals(),
                    lernstadt_core::model::traffic_light::TrafficLight::OnTrack,
                )
            } else {
                crate::ui::status_colour(
                    ui.visuals(),
                    lernstadt_core::model::traffic_light::TrafficLight::OffTrack,
                )
            };
            let end = middle + (deviation / largest) as f32 * rect.width() / 2.0;
            let bar = egui::Rect::from_x_y_ranges(
                middle.min(end)..=middle.max(end),
                rect.top() + 2.0..=rect.bottom() - 2.0,
            );
            ui.painter().rect_filled(bar, 1.0, colour);
            // Better or worse in words too, not by the bar's colour alone.
            let word = if neutral {
                ""
            } else if deviation >= 0.0 {
                t!("profile.bar_better")
            } else {
                t!("profile.bar_worse")
            };
            ui.label(
                RichText::new(format!("{deviation:+.0} % {word}").trim_end().to_owned()).weak(),
            );
        }
    });
    ui.label(row.rank.map_or_else(
        || "–".to_owned(),
        |(rank, of)| t!("profile.rank", rank = rank, of = of),
    ));
    ui.label(row.trend.label());
}
