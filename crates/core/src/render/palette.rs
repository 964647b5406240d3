//! The colours lines, bars, statuses and measures have — the same in the window, in figures
//! and in the report. Written as `#rrggbb` for SVG; the window converts them with
//! `lernstadt::ui::colour`.

use crate::model::MeasureStatus;
use crate::model::status::Status;

/// One colour per line or region of a chart, in order.
pub const SERIES: [&str; 12] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#003f5c", "#9e7a00",
];

/// A measure's status.
#[must_use]
pub fn measure(status: MeasureStatus) -> &'static str {
    match status {
        MeasureStatus::Idea => "#b0b0b0",
        MeasureStatus::Planned => "#6baed6",
        MeasureStatus::Running => "#2e9d4f",
        MeasureStatus::Done => "#1f4e79",
        MeasureStatus::Paused => "#e0a010",
        MeasureStatus::Dropped => "#d03c30",
    }
}

/// An indicator's status; always shown together with its word.
#[must_use]
pub fn status(status: Status) -> &'static str {
    match status {
        Status::OnTrack => "#2e9d4f",
        Status::AtRisk => "#e0a010",
        Status::OffTrack => "#d03c30",
        Status::NoData => "#909090",
    }
}
