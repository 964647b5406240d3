//! The measures' timeline as SVG, for the report and the slides: one bar per measure from
//! its start to its end, coloured by its stage, and a line for today.

use std::fmt::Write as _;

use super::esc;

/// One bar of a timeline: start and end as fractional years.
pub struct TimelineRow {
    /// The text left of the bar (a measure's title, shortened to fit).
    pub label: String,
    /// Where the bar starts, as a fractional year; `None`: a short mark at its end (a row
    /// with neither has no bar).
    pub start: Option<f64>,
    /// Where the bar ends, as a fractional year; `None`: it runs to the right edge.
    pub end: Option<f64>,
    /// The bar's colour, as CSS (`#rrggbb`).
    pub colour: &'static str,
    /// What hovering over the bar shows.
    pub tooltip: String,
}

/// The timeline rows of measures: one bar each from start to end, coloured by status.
#[must_use]
pub fn measure_rows<'a>(
    measures: impl IntoIterator<Item = &'a crate::model::Measure>,
) -> Vec<TimelineRow> {
    measures
        .into_iter()
        .map(|m| TimelineRow {
            label: m.title.clone(),
            start: m
                .start_date
                .as_deref()
                .and_then(crate::snapshot::year_fraction),
            end: m
                .end_date
                .as_deref()
                .and_then(crate::snapshot::year_fraction),
            colour: super::palette::measure(m.status),
            tooltip: format!("{} · {}", m.title, m.status.label()),
        })
        .collect()
}

/// A timeline: one bar per measure, a line for today.
#[must_use]
pub fn timeline(rows: &[TimelineRow], today: f64) -> String {
    let spans: Vec<f64> = rows
        .iter()
        .flat_map(|r| [r.start, r.end])
        .flatten()
        .chain([today])
        .collect();
    let from = spans.iter().copied().fold(f64::INFINITY, f64::min).floor();
    let to = spans
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max)
        .ceil()
        + 0.01;
    let (label_w, width, row_h) = (300.0, 760.0, 20.0);
    let height = 24.0 + rows.len() as f64 * row_h;
    let sx = |x: f64| label_w + (x - from) / (to - from).max(1.0) * (width - label_w - 10.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0}" role="img">"#
    );
    // A line at each year's start, the year's number centred in its band (so the last one
    // is not cut at the right edge).
    let mut year = from;
    while year < to {
        let _ = write!(
            svg,
            r##"<line x1="{:.1}" x2="{:.1}" y1="16" y2="{height:.0}" stroke="#eee"/>"##,
            sx(year),
            sx(year)
        );
        if year + 1.0 <= to {
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="12" font-size="10" fill="#666" text-anchor="middle">{year:.0}</text>"##,
                f64::midpoint(sx(year), sx(year + 1.0))
            );
        }
        year += 1.0;
    }
    for (n, row) in rows.iter().enumerate() {
        let TimelineRow {
            label,
            start,
            end,
            colour,
            tooltip,
        } = row;
        let y = 20.0 + n as f64 * row_h;
        let _ = write!(
            svg,
            r##"<text x="0" y="{:.1}" font-size="11" fill="#222">{}</text>"##,
            y + 12.0,
            esc(&crate::i18n::shorten(label, 48))
        );
        if let Some(start) = start.or(*end) {
            let end = end.unwrap_or(to);
            let _ = write!(
                svg,
                r#"<g><title>{}</title><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="3" fill="{colour}"/></g>"#,
                esc(tooltip),
                sx(start),
                y + 3.0,
                (sx(end) - sx(start)).max(3.0),
                row_h - 6.0
            );
        }
    }
    let _ = write!(
        svg,
        r##"<line x1="{:.1}" x2="{:.1}" y1="16" y2="{height:.0}" stroke="#c0392b" stroke-width="1.5"/></svg>"##,
        sx(today),
        sx(today)
    );
    svg
}
