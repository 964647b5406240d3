//! The indicator over time: a line per region; with many regions my region, its parents
//! and the chosen comparison regions as lines and the rest of their level as a band.

use egui::Color32;
use egui_plot::{Line, LineStyle};

use super::plot::{ChartLine, Reference, TimeChart, empty_ui, plot_lines};
use super::{Shown, State, breakdown_choice};
use crate::ui::chart;
use lernstadt_core::model::Indicator;
use lernstadt_core::snapshot::{IndicatorSnapshot, Snapshot};
use lernstadt_core::t;

/// More regions than this (a city and its districts fit) are no longer all drawn as lines:
/// my region, its parents and the chosen ones are, the others of their level form a band.
use lernstadt_core::render::focus::MANY_REGIONS;

/// How many comparison regions can be chosen.
pub(super) const MAX_LINES: usize = 8;

/// The spread of the other regions of a level, per period: minimum, lower quartile,
/// median, upper quartile and maximum at each x.
#[derive(Clone, Debug, Default)]
pub(super) struct Band {
    pub(super) level: String,
    pub(super) points: Vec<(f64, [f64; 5])>,
}

/// The band of `regions` for one breakdown: per period with at least two values.
fn band_of(
    data: &Snapshot,
    observations: &IndicatorSnapshot,
    regions: &[&lernstadt_core::model::Region],
    breakdown: &str,
) -> Option<Band> {
    // The same statistic as the band on slides and in pictures.
    let points = lernstadt_core::render::rules::band_points(regions.iter().flat_map(|region| {
        observations
            .series(&region.key, breakdown)
            .iter()
            .filter_map(|o| Some((data.x(&o.period_code), o.value?)))
    }));
    let level = regions.first().map(|r| r.level.label().to_owned())?;
    (!points.is_empty()).then_some(Band { level, points })
}

pub(super) fn over_time_ui(
    ui: &mut egui::Ui,
    shown: Shown<'_>,
    state: &mut State,
) -> Option<egui::Response> {
    let Shown {
        data,
        observations,
        indicator,
        index,
    } = shown;
    ui.horizontal_wrapped(|ui| breakdown_choice(ui, data, observations, state));
    let reference = data.summaries[index].region;
    let regions = regions_with_series(data, observations, indicator, state);
    if regions.is_empty() {
        empty_ui(ui, observations, &state.breakdown, data);
        return None;
    }
    let many = regions.len() > MANY_REGIONS;
    let mine = if many {
        lernstadt_core::render::focus::leading(data, reference, &regions, indicator.counts)
    } else {
        lernstadt_core::render::focus::my_chain(data, reference, &regions)
    };
    if many {
        region_list_ui(ui, data, &regions, &mine, state);
    } else {
        ui.horizontal_wrapped(|ui| {
            ui.label(t!("indicators.regions_shown"));
            for region in &regions {
                let mut shown = !state.hidden.contains(&region.key);
                if ui.checkbox(&mut shown, &region.name).changed() {
                    if shown {
                        state.hidden.remove(&region.key);
                    } else {
                        state.hidden.insert(region.key.clone());
                    }
                }
            }
        });
    }
    let key = format!(
        "{:?}{}{}{:?}{:?}",
        observations.generation, indicator.uuid, state.breakdown, state.hidden, state.chosen
    );
    let described = format!("over time{key}");
    if state.lines.as_ref().is_none_or(|(k, _)| *k != key) {
        // Many regions: my region first, then its parents, then the chosen ones in the
        // order chosen, so my region keeps the first colour.
        // The project's comparison regions first, then the ones chosen here.
        let saved = data.comparison_keys();
        let historical = super::historical(data, observations, state).clone();
        let drawn: Vec<&&lernstadt_core::model::Region> = if many {
            let mut seen = std::collections::HashSet::new();
            mine.iter()
                .chain(saved.iter())
                .chain(state.chosen.iter())
                .filter(|key| seen.insert(key.as_str()))
                .filter_map(|key| regions.iter().find(|r| r.key == *key))
                .collect()
        } else {
            regions
                .iter()
                .filter(|r| !state.hidden.contains(&r.key))
                .collect()
        };
        // My region and its parents stand out; with many lines the others are muted.
        let emphasised = |r: &lernstadt_core::model::Region| mine.contains(&r.key);
        let any = drawn.iter().any(|r| emphasised(r));
        let count = drawn.len();
        let lines = drawn
            .iter()
            .enumerate()
            .map(|(n, region)| {
                let series = chart::draw(observations.series(&region.key, &state.breakdown), |p| {
                    data.x(p)
                });
                ChartLine::new(
                    data.region_label_until(region.uuid, historical.until(&region.key)),
                    n,
                    emphasised(region),
                    count,
                    any,
                    series,
                )
            })
            .collect();
        // The band: the other regions of my region's level (else of the most common one).
        let band = many
            .then(|| {
                let chosen: Vec<String> = saved.iter().chain(&state.chosen).cloned().collect();
                let focus = lernstadt_core::render::focus::focus(
                    data,
                    reference,
                    &regions,
                    &chosen,
                    &historical,
                    indicator.counts,
                );
                band_of(data, observations, &focus.band, &state.breakdown)
            })
            .flatten();
        state.lines = Some((key.clone(), lines));
        state.band = Some((key, band));
    }
    state.describe_chart(described, |state| {
        let lines = state
            .lines
            .as_ref()
            .map(|(_, l)| l.as_slice())
            .unwrap_or_default();
        super::alternative::of_lines(
            data,
            indicator,
            t!("indicators.over_time"),
            lines,
            state.band_level(),
        )
    });
    let Some((_, lines)) = &state.lines else {
        return None;
    };
    let band = state.band.as_ref().and_then(|(_, band)| band.clone());
    let references = references(data, indicator, reference);
    let legend_extra = band.as_ref().map(band_legend).unwrap_or_default();
    let chart = TimeChart {
        id: "indicator_over_time",
        lines,
        references: &references,
        legend_extra: &legend_extra,
    };
    let response = plot_lines(ui, data, indicator, &chart, |plot| {
        if let Some(band) = &band {
            band_ui(plot, band);
        }
    });
    Some(response)
}

/// Baseline, the targets for `reference`, and the band's edges, each labelled on its line.
fn references(
    data: &Snapshot,
    indicator: &Indicator,
    reference: Option<uuid::Uuid>,
) -> Vec<Reference> {
    // Drawn readable on the theme's plot by `plot_lines`.
    let on_track = crate::ui::colour(lernstadt_core::render::palette::status(
        lernstadt_core::model::traffic_light::TrafficLight::OnTrack,
    ));
    let mut references: Vec<Reference> = Vec::new();
    if let Some(value) = indicator.baseline_value {
        let period = indicator.baseline_period.clone().unwrap_or_default();
        references.push((
            value,
            t!("indicators.baseline", period = period),
            Color32::from_gray(130),
            LineStyle::dashed_loose(),
        ));
    }
    for target in data
        .targets
        .iter()
        .filter(|t| t.indicator == indicator.uuid && Some(t.region) == reference)
    {
        references.push((
            target.value,
            t!("indicators.target", period = target.period),
            on_track,
            LineStyle::dashed_dense(),
        ));
    }
    if let Some((low, high)) = indicator.band_low.zip(indicator.band_high) {
        for value in [low, high] {
            references.push((
                value,
                t!("indicators.band").to_owned(),
                on_track,
                LineStyle::dashed_dense(),
            ));
        }
    }
    references
}

/// The band's parts in the legend: range, middle half, median.
fn band_legend(band: &Band) -> Vec<(String, Color32)> {
    let grey = Color32::from_gray(150);
    vec![
        (
            t!("indicators.band_range", level = band.level),
            grey.gamma_multiply(0.3),
        ),
        (
            t!("indicators.band_middle", level = band.level),
            grey.gamma_multiply(0.6),
        ),
        (t!("indicators.band_median", level = band.level), grey),
    ]
}

/// The regions with a series of the shown breakdown, found once per change of the data or
/// the breakdown (not per frame).
fn regions_with_series<'a>(
    data: &'a Snapshot,
    observations: &IndicatorSnapshot,
    indicator: &Indicator,
    state: &mut State,
) -> Vec<&'a lernstadt_core::model::Region> {
    // Which regions have a series: found once per change of the data or the breakdown.
    let with_series_key = format!(
        "{:?}{}{}",
        observations.generation, indicator.uuid, state.breakdown
    );
    if state
        .with_series
        .as_ref()
        .is_none_or(|(k, _)| *k != with_series_key)
    {
        let indices = data
            .regions
            .iter()
            .enumerate()
            .filter(|(_, r)| !observations.series(&r.key, &state.breakdown).is_empty())
            .map(|(n, _)| n)
            .collect();
        state.with_series = Some((with_series_key, indices));
    }
    state
        .with_series
        .as_ref()
        .map(|(_, indices)| indices.iter().map(|&n| &data.regions[n]).collect())
        .unwrap_or_default()
}

/// The spread of the other regions as two shaded areas: minimum to maximum, and the
/// middle half (quartiles), with the median as a thin line.
fn band_ui(plot: &mut egui_plot::PlotUi<'_>, band: &Band) {
    // One period: a box (quartiles) with whiskers (range) instead of an area.
    if let [(x, q)] = band.points.as_slice() {
        plot.box_plot(
            egui_plot::BoxPlot::new(
                t!("indicators.band_range", level = band.level),
                vec![
                    egui_plot::BoxElem::new(
                        *x,
                        egui_plot::BoxSpread::new(q[0], q[1], q[2], q[3], q[4]),
                    )
                    .box_width(0.3)
                    .whisker_width(0.2),
                ],
            )
            .color(Color32::from_gray(150)),
        );
        return;
    }
    // egui_plot fills convex polygons only: the band is drawn period step by period step,
    // each piece a trapezoid between two periods (convex whatever the values do), all
    // under one name so the legend shows it once.
    let pieces = |low: usize, high: usize| -> Vec<Vec<[f64; 2]>> {
        band.points
            .windows(2)
            .map(|pair| {
                let ((x0, a), (x1, b)) = (&pair[0], &pair[1]);
                vec![[*x0, a[low]], [*x1, b[low]], [*x1, b[high]], [*x0, a[high]]]
            })
            .collect()
    };
    let colour = Color32::from_gray(150);
    for (name, low, high, alpha) in [
        (t!("indicators.band_range", level = band.level), 0, 4, 0.15),
        (t!("indicators.band_middle", level = band.level), 1, 3, 0.3),
    ] {
        for piece in pieces(low, high) {
            plot.polygon(
                egui_plot::Polygon::new(name.clone(), piece)
                    .fill_color(colour.gamma_multiply(alpha))
                    .stroke(egui::Stroke::NONE),
            );
        }
    }
    let median: Vec<[f64; 2]> = band.points.iter().map(|(x, q)| [*x, q[2]]).collect();
    let visuals = plot.ctx().global_style().visuals.clone();
    plot.line(
        Line::new(t!("indicators.band_median", level = band.level), median)
            .color(crate::ui::theme::graphic_on(&visuals, colour))
            .style(LineStyle::dashed_loose()),
    );
}

/// With many regions: a searchable list (by name, key, level, parent) to choose up to
/// [`MAX_LINES`] comparison regions; my region and its parents are always drawn.
fn region_list_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    regions: &[&lernstadt_core::model::Region],
    mine: &[String],
    state: &mut State,
) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(t!("indicators.compare_with"));
        ui.add(
            egui::TextEdit::singleline(&mut state.region_search)
                .hint_text(t!("indicators.search_regions"))
                .desired_width(220.0),
        )
        .labelled_by(label.id);
        for key in state.chosen.clone() {
            let name = regions
                .iter()
                .find(|r| r.key == key)
                .map_or(key.as_str(), |r| r.name.as_str());
            if ui
                .button(format!("{name} ×"))
                .on_hover_text(t!("indicators.remove_comparison"))
                .clicked()
            {
                state.chosen.retain(|k| *k != key);
            }
        }
    });
    if state.region_search.trim().is_empty() {
        return;
    }
    let needle = state.region_search.trim().to_lowercase();
    // Regions that no longer report are no comparison.
    let historical = state.historical.as_ref().map(|(_, h)| h);
    let found: Vec<&&lernstadt_core::model::Region> = regions
        .iter()
        .filter(|r| !mine.contains(&r.key))
        .filter(|r| historical.is_none_or(|h| !h.contains(&r.key)))
        .filter(|r| {
            let parent = r
                .parent
                .and_then(|p| data.region(p))
                .map_or("", |p| p.name.as_str());
            [r.name.as_str(), r.key.as_str(), r.level.label(), parent]
                .iter()
                .any(|text| text.to_lowercase().contains(&needle))
        })
        .collect();
    let full = state.chosen.len() >= MAX_LINES;
    egui::ScrollArea::vertical()
        .id_salt("indicator_region_list")
        .max_height(140.0)
        .show_rows(ui, 18.0, found.len(), |ui, rows| {
            for region in &found[rows] {
                let chosen = state.chosen.contains(&region.key);
                let parent = region
                    .parent
                    .and_then(|p| data.region(p))
                    .map_or(String::new(), |p| format!(" · {}", p.name));
                let text = format!(
                    "{} ({}, {}{parent})",
                    region.name,
                    region.key,
                    region.level.label()
                );
                if ui
                    .add_enabled(chosen || !full, egui::Button::selectable(chosen, text))
                    .clicked()
                {
                    if chosen {
                        state.chosen.retain(|k| *k != region.key);
                    } else {
                        state.chosen.push(region.key.clone());
                    }
                }
            }
        });
}
