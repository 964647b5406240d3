//! The colours lines, bars, statuses and measures have — the same in the window, in figures
//! and in the report. Written as `#rrggbb` for SVG; the window converts them with
//! `lernstadt::ui::colour`.

use crate::model::MeasureStage;
use crate::model::traffic_light::TrafficLight;

/// One colour per line or region of a chart, in order.
pub const SERIES: [&str; 12] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#003f5c", "#9e7a00",
];

/// A measure's status.
#[must_use]
pub fn measure(status: MeasureStage) -> &'static str {
    match status {
        MeasureStage::Proposed => "#b0b0b0",
        MeasureStage::Planned => "#6baed6",
        MeasureStage::Running => "#2e9d4f",
        MeasureStage::Done => "#1f4e79",
        MeasureStage::Paused => "#e0a010",
        MeasureStage::Dropped => "#d03c30",
    }
}

/// An indicator's status; always shown together with its word.
#[must_use]
pub fn status(status: TrafficLight) -> &'static str {
    match status {
        TrafficLight::OnTrack => "#2e9d4f",
        TrafficLight::AtRisk => "#e0a010",
        TrafficLight::OffTrack => "#d03c30",
        TrafficLight::Unassessed => "#6f8fb0",
        TrafficLight::NoData => "#909090",
    }
}
