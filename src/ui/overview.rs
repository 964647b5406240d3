//! The overview (dashboard): the project, its counts, and one tile per goal that has
//! indicators — each indicator with a sparkline of its reference series (gaps where a
//! symbol stands), its latest value, and its status as a colour and a word (the rule is
//! in [`lernstadt_core::model::traffic_light`]).

use egui::{RichText, Stroke};

use super::{View, Views};
use lernstadt_core::i18n;
use lernstadt_core::model::traffic_light::TrafficLight;
use lernstadt_core::snapshot::{Snapshot, Summary};
use lernstadt_core::t;

/// What the overview shows of the project, read by the app once per store generation.
#[derive(Clone, Debug)]
pub struct Overview {
    pub generation: u64,
    pub info: lernstadt_core::snapshot::ProjectInfo,
    pub counts: lernstadt_core::snapshot::Counts,
    /// What Undo and Redo would take back or bring back.
    pub undo: Option<String>,
    pub redo: Option<String>,
}

/// The dialogs the first steps open.
pub struct Steps<'a> {
    pub import: &'a mut super::import::ImportWizard,
    pub export: &'a mut super::export::ExportDialog,
}

/// Draws the overview; a tile leads to its goal or indicator. A project not set up yet
/// shows its first steps above the tiles.
pub fn overview_ui(
    ui: &mut egui::Ui,
    overview: &Overview,
    data: &Snapshot,
    views: &mut Views,
    view: &mut View,
    steps: Steps<'_>,
) {
    let project = &overview.info.project;
    ui.horizontal_wrapped(|ui| {
        ui.heading(RichText::new(&project.name).size(24.0));
        if !project.municipality.is_empty() {
            ui.label(RichText::new(&project.municipality).size(16.0));
        }
    });
    let c = &overview.counts;
    ui.horizontal_wrapped(|ui| {
        for (label, value) in [
            (t!("entity.stakeholder"), c.stakeholders),
            (t!("entity.working_group"), c.working_groups),
            (t!("entity.goal"), c.goals),
            (t!("entity.measure"), c.measures),
            (t!("entity.indicator"), c.indicators),
            (t!("entity.region"), c.regions),
            (t!("info.observations"), c.observations),
        ] {
            ui.label(format!("{label}: "));
            ui.label(RichText::new(i18n::format_int(value)).strong());
            ui.add_space(10.0);
        }
    });
    ui.label(
        RichText::new(t!(
            "app.modified",
            at = i18n::format_timestamp(&overview.info.modified_at),
            by = overview.info.modified_by
        ))
        .weak(),
    );
    // Traffic-light counts over all indicators.
    ui.horizontal_wrapped(|ui| {
        for status in TrafficLight::ALL {
            let count = data
                .summaries
                .iter()
                .filter(|s| s.status == *status)
                .count();
            super::status_badge(ui, *status);
            ui.label(RichText::new(count.to_string()).strong());
            ui.add_space(10.0);
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let observations = overview.counts.observations;
            if super::first_steps::unfinished(data, observations) {
                let Steps { import, export } = steps;
                super::first_steps::first_steps_ui(
                    ui,
                    data,
                    observations,
                    views,
                    view,
                    import,
                    export,
                );
                ui.add_space(8.0);
            }
            let tiles: Vec<(&lernstadt_core::model::Goal, Vec<usize>)> = data
                .goals
                .iter()
                .map(|goal| {
                    let indicators = data.indicators_of_goal(goal.uuid).map(|(i, _)| i);
                    (goal, indicators.collect::<Vec<usize>>())
                })
                .filter(|(_, indicators)| !indicators.is_empty())
                .collect();
            let columns = ((ui.available_width() / (TILE_WIDTH + 28.0)) as usize).max(1);
            for row in tiles.chunks(columns) {
                ui.horizontal_top(|ui| {
                    for (goal, indicators) in row {
                        tile_ui(ui, data, goal, indicators, views, view);
                    }
                });
                ui.add_space(6.0);
            }
        });
}

/// A name that leads to its page when pressed is a link to a screen reader, not text.
fn link_role(ui: &egui::Ui, response: &egui::Response, name: &str) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(egui::accesskit::Role::Link);
        node.set_label(name);
    });
}

/// A tile's inner width.
const TILE_WIDTH: f32 = 360.0;

fn tile_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    goal: &lernstadt_core::model::Goal,
    indicators: &[usize],
    views: &mut Views,
    view: &mut View,
) {
    egui::Frame::group(ui.style())
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.set_width(TILE_WIDTH);
            ui.vertical(|ui| {
                let title = ui.add(
                    egui::Label::new(RichText::new(&goal.title).strong())
                        .truncate()
                        .sense(egui::Sense::click()),
                );
                link_role(ui, &title, &goal.title);
                if title.on_hover_text(goal.level.label()).clicked() {
                    views.goals.selected = Some(goal.uuid);
                    *view = View::Goals;
                }
                for &index in indicators {
                    let indicator = &data.indicators[index];
                    let summary = &data.summaries[index];
                    ui.horizontal(|ui| {
                        sparkline(
                            ui,
                            data,
                            (indicator, summary),
                            super::status_colour(ui.visuals(), summary.status),
                        );
                        ui.vertical(|ui| {
                            let name = ui.add(
                                egui::Label::new(&indicator.name)
                                    .truncate()
                                    .sense(egui::Sense::click()),
                            );
                            link_role(ui, &name, &indicator.name);
                            if name.clicked() {
                                views.indicators.selected = Some(indicator.uuid);
                                *view = View::Indicators;
                            }
                            ui.horizontal(|ui| {
                                // Without values for the reference region (a social
                                // index has none for the city) the tile shows where it
                                // is furthest in the bad direction, not "no data".
                                if summary.elsewhere.is_none() {
                                    super::summary_badge(ui, summary);
                                }
                                if let Some(other) = &summary.elsewhere {
                                    let key = if indicator.polarity
                                        == lernstadt_core::model::Polarity::HigherIsBetter
                                    {
                                        "overview.elsewhere_lowest"
                                    } else {
                                        "overview.elsewhere_highest"
                                    };
                                    let text = lernstadt_core::i18n::trf(
                                        key,
                                        &[
                                            ("period", &other.period),
                                            ("name", &other.name),
                                            (
                                                "value",
                                                &i18n::format_decimal(
                                                    other.value,
                                                    indicator.decimals.clamp(0, 6) as usize,
                                                ),
                                            ),
                                        ],
                                    );
                                    ui.add(egui::Label::new(RichText::new(text).weak()).truncate())
                                        .on_hover_text(t!(
                                            "overview.elsewhere_hover",
                                            regions = other.regions,
                                            period = other.period
                                        ));
                                }
                            });
                            if let Some((period, value)) = latest(summary) {
                                // Whose value it is and when: my region's, or the region the
                                // indicator is judged for; the value first, then whose.
                                let number = format!(
                                    "{} {}",
                                    i18n::format_decimal(
                                        value,
                                        indicator.decimals.clamp(0, 6) as usize
                                    ),
                                    indicator.unit
                                );
                                let whose = t!(
                                    "overview.latest",
                                    region = data.region_name(summary.region),
                                    period = i18n::format_period(period)
                                );
                                ui.horizontal(|ui| {
                                    ui.label(RichText::new(&number).strong());
                                    ui.add(
                                        egui::Label::new(RichText::new(&whose).weak()).truncate(),
                                    )
                                    .on_hover_text(format!("{whose}: {number}"));
                                });
                            }
                        });
                    });
                }
            });
        });
}

/// The latest period with a number, and the number.
fn latest(summary: &Summary) -> Option<(&str, f64)> {
    summary
        .series
        .iter()
        .rev()
        .find_map(|v| Some((v.period_code.as_str(), v.value?)))
}

/// A small line of the reference series, broken where a symbol stands instead of a number.
/// A sparkline in words: `Trend of Betreuungsquote U3: 28.1 % in 2015, 38.6 % in 2024`.
fn sparkline_words(indicator: &lernstadt_core::model::Indicator, summary: &Summary) -> String {
    let series = summary
        .elsewhere
        .as_ref()
        .map_or(&summary.series, |other| &other.series);
    let decimals = usize::try_from(indicator.decimals).unwrap_or(1);
    let said = |value: &lernstadt_core::snapshot::SeriesValue| {
        value.value.map(|v| {
            t!(
                "overview.sparkline_value",
                value = lernstadt_core::i18n::format_decimal(v, decimals),
                unit = indicator.unit,
                period = lernstadt_core::i18n::format_period(&value.period_code)
            )
            // Without a unit, one space.
            .replace("  ", " ")
        })
    };
    let mut known = series.iter().filter_map(said);
    let first = known.next();
    let last = known.next_back();
    let values = [first, last]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    t!(
        "overview.sparkline",
        name = indicator.name,
        values = if values.is_empty() {
            t!("status.no_data").to_owned()
        } else {
            values
        }
    )
}

fn sparkline(
    ui: &mut egui::Ui,
    data: &Snapshot,
    (indicator, summary): (&lernstadt_core::model::Indicator, &Summary),
    colour: egui::Color32,
) {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(90.0, 34.0), egui::Sense::hover());
    // For a screen reader: the line in words, its first and its latest value.
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::accesskit::Role::Image,
            true,
            sparkline_words(indicator, summary),
        )
    });
    let painter = ui.painter_at(rect);
    painter.rect_stroke(
        rect,
        2.0,
        Stroke::new(0.5, ui.visuals().weak_text_color().gamma_multiply(0.4)),
        egui::StrokeKind::Inside,
    );
    // Without values for the reference region, the region the tile names instead.
    let series = summary
        .elsewhere
        .as_ref()
        .map_or(&summary.series, |other| &other.series);
    let values: Vec<(f64, Option<f64>)> = series
        .iter()
        .map(|v| (data.x(&v.period_code), v.value))
        .collect();
    let numbers = values.iter().filter_map(|(_, v)| *v);
    let (low, high) = numbers.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    if !low.is_finite() || values.is_empty() {
        return;
    }
    let (first, last) = (values[0].0, values[values.len() - 1].0);
    let span_x = (last - first).max(1e-9);
    let span_y = (high - low).max(1e-9);
    let inner = rect.shrink(3.0);
    let to_screen = |x: f64, y: f64| {
        egui::pos2(
            inner.left() + ((x - first) / span_x) as f32 * inner.width(),
            inner.bottom() - ((y - low) / span_y) as f32 * inner.height(),
        )
    };
    let mut run: Vec<egui::Pos2> = Vec::new();
    let flush = |run: &mut Vec<egui::Pos2>| {
        match run.len() {
            0 => {}
            1 => {
                painter.circle_filled(run[0], 1.5, colour);
            }
            _ => {
                painter.add(egui::Shape::line(
                    std::mem::take(run),
                    Stroke::new(1.5, colour),
                ));
            }
        }
        run.clear();
    };
    for (x, value) in &values {
        match value {
            Some(y) => run.push(to_screen(*x, *y)),
            None => flush(&mut run),
        }
    }
    flush(&mut run);
}
