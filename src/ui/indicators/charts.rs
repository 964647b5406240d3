//! The indicator's charts: over time, districts compared, by breakdown.

use egui::{Color32, RichText};
use egui_plot::{HoverPosition, Legend, Line, LineStyle, Plot, VLine};

use super::bars::districts_ui;
use super::map::map_ui;
use super::over_time::over_time_ui;
use super::{ChartKind, Shown, State, series_colour};
use crate::ui::chart::{self, Drawn};
use lernstadt_core::model::Indicator;
use lernstadt_core::snapshot::{IndicatorSnapshot, Snapshot};
use lernstadt_core::t;
use std::collections::BTreeSet;

/// A chart line: its name, colour and what is drawn.
pub(super) type ChartLine = (String, Color32, Drawn);

pub(super) fn chart_ui(ui: &mut egui::Ui, shown: Shown<'_>, state: &mut State) {
    let Shown {
        data,
        observations,
        indicator,
        index: _,
    } = shown;
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(
            &mut state.chart,
            ChartKind::OverTime,
            t!("indicators.over_time"),
        );
        ui.selectable_value(
            &mut state.chart,
            ChartKind::Districts,
            t!("indicators.districts"),
        );
        ui.selectable_value(
            &mut state.chart,
            ChartKind::Breakdown,
            t!("indicators.by_breakdown"),
        );
        if !data.shapes.is_empty() {
            ui.selectable_value(&mut state.chart, ChartKind::Map, t!("indicators.map"));
        }
        ui.separator();
        if ui.button(t!("indicators.save_png")).clicked() {
            state.export_png = Some(png_request(data, observations, indicator, state));
        }
    });
    let response = match state.chart {
        ChartKind::OverTime => over_time_ui(ui, shown, state),
        ChartKind::Districts => districts_ui(ui, shown, state),
        ChartKind::Breakdown => breakdown_ui(ui, shown, state),
        ChartKind::Map => map_ui(ui, shown, state),
    };
    if let Some(response) = response {
        response.context_menu(|ui| {
            if ui.button(t!("indicators.save_png")).clicked() {
                ui.close();
                state.export_png = Some(png_request(data, observations, indicator, state));
            }
        });
    }
}

/// The figure that matches the chart on screen.
pub(super) fn png_request(
    data: &Snapshot,
    observations: &IndicatorSnapshot,
    indicator: &Indicator,
    state: &State,
) -> lernstadt_core::render::figure::Request {
    let mut request = lernstadt_core::render::figure::Request::new(&indicator.code);
    match state.chart {
        ChartKind::OverTime => {
            request.regions = data
                .regions
                .iter()
                .filter(|r| !observations.series(&r.key, "").is_empty())
                .filter(|r| !state.hidden.contains(&r.key))
                .map(|r| r.key.clone())
                .collect();
        }
        ChartKind::Districts => {
            request.kind = lernstadt_core::render::figure::Kind::Bars;
            request.period.clone_from(&state.period);
        }
        ChartKind::Breakdown => {
            request.kind = lernstadt_core::render::figure::Kind::Breakdown;
            request.regions = state.region.iter().cloned().collect();
        }
        ChartKind::Map => {
            request.kind = lernstadt_core::render::figure::Kind::Map;
            request.period.clone_from(&state.period);
        }
    }
    request
}

/// A tick label of the time axis: the year, on whole years only (no `2023 2023 2023` when
/// the ticks are finer than a year).
#[must_use]
pub(super) fn year_label(value: f64, step: f64) -> String {
    if step < 1.0 && (value - value.round()).abs() > 1e-6 {
        return String::new();
    }
    format!("{value:.0}")
}

/// A tick label of a value axis: as many decimals as the step needs, and never `-0`.
#[must_use]
pub(super) fn axis_label(value: f64, step: f64) -> String {
    let decimals = if step > 0.0 && step < 1.0 {
        (-step.log10()).ceil().clamp(0.0, 6.0) as usize
    } else {
        0
    };
    // A tick at zero may come out as a tiny negative number: it is zero.
    let value = if value.abs() < step.abs() * 1e-6 {
        0.0
    } else {
        value
    };
    lernstadt_core::i18n::format_decimal(value, decimals)
}

/// Draws lines with gaps; hovering near a gap says which symbol stands there and why.
pub(super) fn plot_lines(
    ui: &mut egui::Ui,
    data: &Snapshot,
    id: &str,
    indicator: &Indicator,
    lines: &[(String, Color32, Drawn)],
    extra: impl FnOnce(&mut egui_plot::PlotUi<'_>),
) -> egui::Response {
    let width = ui.available_width().max(100.0) as usize;
    let gaps: Vec<(f64, String)> = lines
        .iter()
        .flat_map(|(name, _, drawn)| {
            drawn.gaps.iter().map(move |(x, period, symbol)| {
                (
                    *x,
                    t!(
                        "indicators.gap",
                        name = name,
                        period = period,
                        symbol = symbol,
                        meaning = data.symbol_label(symbol)
                    ),
                )
            })
        })
        .collect();
    let decimals = indicator.decimals.clamp(0, 6) as usize;
    let unit = indicator.unit.clone();
    let label_gaps = gaps.clone();
    let response = Plot::new(id)
        .legend(Legend::default())
        .height((ui.available_height() - 8.0).max(200.0))
        .allow_scroll(false)
        .y_axis_label(unit.clone())
        .x_axis_formatter(|mark, _| year_label(mark.value, mark.step_size))
        .y_axis_formatter(|mark, _| axis_label(mark.value, mark.step_size))
        .label_formatter(move |position| {
            let (name, point) = match position {
                HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    ..
                } => (*plot_name, *position),
                HoverPosition::Elsewhere { position } => ("", *position),
            };
            let near_gap: Vec<&str> = label_gaps
                .iter()
                .filter(|(x, _)| (x - point.x).abs() < 0.3)
                .map(|(_, text)| text.as_str())
                .collect();
            if !near_gap.is_empty() {
                return Some(near_gap.join("\n"));
            }
            (!name.is_empty()).then(|| {
                format!(
                    "{name}\n{:.0}: {} {unit}",
                    point.x.floor(),
                    lernstadt_core::i18n::format_decimal(point.y, decimals)
                )
            })
        })
        .show(ui, |plot| {
            extra(plot);
            for (x, _) in &gaps {
                plot.vline(
                    VLine::new("", *x)
                        .color(Color32::from_gray(140).gamma_multiply(0.5))
                        .style(LineStyle::dashed_dense()),
                );
            }
            for (name, colour, drawn) in lines {
                for segment in &drawn.segments {
                    let points = chart::decimate(segment, width * 2);
                    plot.line(Line::new(name.clone(), points).color(*colour).width(2.0));
                }
                // A single value between gaps shows as a dot.
                let singles: Vec<[f64; 2]> = drawn
                    .segments
                    .iter()
                    .filter(|s| s.len() == 1)
                    .map(|s| s[0])
                    .collect();
                if !singles.is_empty() {
                    plot.points(
                        egui_plot::Points::new(name.clone(), singles)
                            .color(*colour)
                            .radius(3.0),
                    );
                }
            }
        });
    response.response
}

pub(super) fn breakdown_ui(
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
    // Dimensions that occur alone in a breakdown key.
    let dimensions: BTreeSet<&str> = observations
        .breakdowns
        .iter()
        .filter(|k| !k.is_empty() && !k.contains(';'))
        .filter_map(|k| k.split_once('=').map(|(d, _)| d))
        .collect();
    if dimensions.is_empty() {
        ui.label(RichText::new(t!("indicators.no_breakdown")).weak());
        return None;
    }
    let reference = data.summaries[index]
        .region
        .and_then(|r| data.region(r))
        .map(|r| r.key.clone());
    let mut region = state.region.clone().or(reference);
    let mut dimension = state
        .dimension
        .clone()
        .filter(|d| dimensions.contains(d.as_str()))
        .or_else(|| dimensions.first().map(|d| (*d).to_owned()));
    ui.horizontal_wrapped(|ui| {
        let mut chosen = dimension.as_deref();
        if crate::ui::choice_ui(
            ui,
            "indicator_dimension",
            t!("indicators.dimension"),
            &mut chosen,
            dimensions.iter().map(|d| Some(*d)),
            |d| {
                d.map_or("", |d| {
                    data.dimension_labels.get(d).map_or(d, String::as_str)
                })
                .to_owned()
            },
        ) {
            dimension = chosen.map(str::to_owned);
            state.dimension.clone_from(&dimension);
        }
        // By position: a label is then one index, not a search of all regions per option.
        let mut chosen = region
            .as_deref()
            .and_then(|key| data.regions.iter().position(|r| r.key == key));
        if crate::ui::choice_ui(
            ui,
            "indicator_region",
            t!("field.region"),
            &mut chosen,
            (0..data.regions.len()).map(Some),
            |n| n.map_or("", |n| data.regions[n].name.as_str()).to_owned(),
        ) {
            region = chosen.map(|n| data.regions[n].key.clone());
            state.region.clone_from(&region);
        }
    });
    let (Some(region), Some(dimension)) = (region, dimension) else {
        return None;
    };
    let prefix = format!("{dimension}=");
    let mut lines = vec![(
        data.breakdown_label("").to_owned(),
        Color32::from_gray(120),
        chart::draw(observations.series(&region, ""), |p| data.x(p)),
    )];
    for (n, key) in observations
        .breakdowns
        .iter()
        .filter(|k| k.starts_with(&prefix) && !k.contains(';'))
        .enumerate()
    {
        lines.push((
            data.breakdown_label(key).to_owned(),
            series_colour(n),
            chart::draw(observations.series(&region, key), |p| data.x(p)),
        ));
    }
    Some(plot_lines(
        ui,
        data,
        "indicator_breakdown",
        indicator,
        &lines,
        |_| {},
    ))
}

#[cfg(test)]
mod tests {
    use super::axis_label;

    #[test]
    fn axis_labels_never_read_minus_zero() {
        lernstadt_core::i18n::set_thread_lang(lernstadt_core::i18n::Lang::En);
        assert_eq!(axis_label(-1e-17, 0.2), "0.0");
        assert_eq!(axis_label(-0.0, 5.0), "0");
        assert_eq!(axis_label(-0.4, 0.2), "-0.4");
        assert_eq!(axis_label(1500.0, 500.0), "1,500");
    }

    #[test]
    fn the_time_axis_labels_whole_years_once() {
        assert_eq!(super::year_label(2023.0, 0.2), "2023");
        assert_eq!(super::year_label(2023.2, 0.2), "");
        assert_eq!(super::year_label(2025.0, 5.0), "2025");
    }
}
