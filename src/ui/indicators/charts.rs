//! The indicator's charts: which one is shown (over time, districts compared, by
//! breakdown, the map), its chart kind's buttons and *Save chart as PNG…*. What the charts
//! draw with is in `plot`.

use super::bars::districts_ui;
use super::breakdown::breakdown_ui;
use super::map::map_ui;
use super::over_time::over_time_ui;
use super::{ChartKind, Shown, State};
use lernstadt_core::model::Indicator;
use lernstadt_core::snapshot::{IndicatorSnapshot, Snapshot};
use lernstadt_core::t;

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
        ui.separator();
        ui.checkbox(&mut state.as_table, t!("indicators.show_as_table"))
            .on_hover_text(t!("indicators.show_as_table_hover"));
    });
    // With the table, the chart keeps a little over half the height.
    let full = ui.available_height();
    let height = if state.as_table {
        (full * 0.55).max(220.0)
    } else {
        full
    };
    let response = ui
        .allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
            match state.chart {
                ChartKind::OverTime => over_time_ui(ui, shown, state),
                ChartKind::Districts => districts_ui(ui, shown, state),
                ChartKind::Breakdown => breakdown_ui(ui, shown, state),
                ChartKind::Map => map_ui(ui, shown, state),
            }
        })
        .inner;
    // The chart drew this frame: its alternative is current.
    if let (Some(response), Some((_, alternative))) = (&response, &state.alternative) {
        alternative.describe(ui, response);
        if state.as_table {
            ui.separator();
            alternative.table_ui(ui);
        }
    }
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
