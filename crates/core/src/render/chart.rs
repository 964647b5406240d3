//! Charts as inline SVG for the report: no script, no font from the network, readable in
//! print. A value a symbol stands in for is a gap in its line, marked by a thin dashed
//! line whose tooltip names the symbol — never a point at zero.

use std::fmt::Write as _;

use super::esc;
use crate::i18n;

/// One line: its points by x (a fractional year); `None` where a symbol stands.
pub struct Series {
    /// The line's name in the legend and its tooltip (a region, or a breakdown member).
    pub name: String,
    /// The line's colour, as CSS (`#rrggbb`).
    pub colour: &'static str,
    /// Drawn thicker: the reference region, or a breakdown's total.
    pub bold: bool,
    /// x (a fractional year), the value, and the symbol that stands where the value is
    /// `None` (empty when there is none).
    pub points: Vec<(f64, Option<f64>, String)>,
}

/// A line chart.
pub struct LineChart<'a> {
    /// What the chart shows, for screen readers and the tooltip.
    pub title: String,
    /// The indicator code, so the chart can be found (`data-indicator`).
    pub code: &'a str,
    /// The indicator's unit, written above the y axis.
    pub unit: &'a str,
    /// Decimals shown in a reference line's tooltip (the indicator's).
    pub decimals: usize,
    /// The lines, in legend order.
    pub series: Vec<Series>,
    /// Horizontal reference lines: value, label, colour.
    pub lines: Vec<(f64, String, &'static str)>,
    /// Explains a symbol for a gap's tooltip.
    pub symbol_label: &'a dyn Fn(&str) -> String,
    /// Text size relative to a report's (1.0); slides use more.
    pub text_scale: f64,
}

pub use super::palette::SERIES as PALETTE;

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 190.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 34.0;

/// A step of 1, 2 or 5 × 10ⁿ giving about `count` ticks over `span`.
fn nice_step(span: f64, count: f64) -> f64 {
    let raw = (span / count).max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

impl LineChart<'_> {
    /// The chart as an `<svg>` element.
    #[must_use]
    #[expect(
        clippy::too_many_lines,
        reason = "one SVG written top to bottom: axes, band, lines, gaps, legend; to be split with the print-ready charts (issue 18)"
    )]
    pub fn render(&self) -> String {
        let scale = self.text_scale;
        let (left, right, bottom) = (LEFT * scale, RIGHT * scale, BOTTOM * scale);
        let font = 11.0 * scale;
        let xs: Vec<f64> = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .collect();
        let ys: Vec<f64> = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().filter_map(|p| p.1))
            .chain(self.lines.iter().map(|l| l.0))
            .collect();
        let mut svg = String::new();
        let _ = write!(
            svg,
            r#"<svg class="chart" data-indicator="{}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{}"><title>{}</title>"#,
            esc(self.code),
            esc(&self.title),
            esc(&self.title)
        );
        if xs.is_empty() || ys.is_empty() {
            svg.push_str("</svg>");
            return svg;
        }
        let (x0, x1) = (
            xs.iter().copied().fold(f64::INFINITY, f64::min),
            xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        );
        let (mut y0, mut y1) = (
            ys.iter().copied().fold(f64::INFINITY, f64::min),
            ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        );
        if (y1 - y0).abs() < f64::EPSILON {
            y0 -= 1.0;
            y1 += 1.0;
        }
        let step = nice_step(y1 - y0, 5.0);
        y0 = (y0 / step).floor() * step;
        y1 = (y1 / step).ceil() * step;
        let plot_w = WIDTH - left - right;
        let plot_h = HEIGHT - TOP - bottom;
        let span_x = (x1 - x0).max(1.0);
        let sx = |x: f64| left + (x - x0) / span_x * plot_w;
        let sy = |y: f64| TOP + (y1 - y) / (y1 - y0) * plot_h;
        // Grid and y labels.
        let mut y = y0;
        while y <= y1 + step / 2.0 {
            let _ = write!(
                svg,
                r##"<line x1="{left:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#ddd" stroke-width="1"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="{font:.1}" fill="#444">{}</text>"##,
                left + plot_w,
                sy(y),
                sy(y),
                left - 6.0,
                sy(y) + 4.0 * scale,
                esc(&i18n::format_decimal(y, decimals_for(step)))
            );
            y += step;
        }
        // Years along the bottom.
        let year_step = (span_x / (10.0 / scale)).ceil().max(1.0);
        let mut year = x0.floor();
        while year <= x1 {
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="{font:.1}" fill="#444">{year:.0}</text>"##,
                sx(year),
                HEIGHT - bottom + 16.0 * scale
            );
            year += year_step;
        }
        let _ = write!(
            svg,
            r##"<text x="6" y="{:.1}" font-size="{font:.1}" fill="#444">{}</text>"##,
            TOP + 4.0,
            esc(self.unit)
        );
        for (value, label, colour) in &self.lines {
            let _ = write!(
                svg,
                r#"<g><title>{}</title><line x1="{left:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="1.5" stroke-dasharray="6 4"/></g>"#,
                esc(&format!(
                    "{label}: {}",
                    i18n::format_decimal(*value, self.decimals)
                )),
                left + plot_w,
                sy(*value),
                sy(*value)
            );
        }
        for series in &self.series {
            let width = if series.bold { 3.0 } else { 1.4 };
            let mut run: Vec<(f64, f64)> = Vec::new();
            let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
            for (x, value, symbol) in &series.points {
                if let Some(v) = value {
                    run.push((*x, *v));
                } else {
                    runs.push(std::mem::take(&mut run));
                    let _ = write!(
                        svg,
                        r##"<g><title>{}</title><line x1="{:.1}" x2="{:.1}" y1="{TOP}" y2="{:.1}" stroke="#999" stroke-width="1" stroke-dasharray="2 3"/></g>"##,
                        esc(&format!(
                            "{}, {x:.0}: {symbol} = {}",
                            series.name,
                            (self.symbol_label)(symbol)
                        )),
                        sx(*x),
                        sx(*x),
                        TOP + plot_h
                    );
                }
            }
            runs.push(run);
            for run in runs.iter().filter(|r| !r.is_empty()) {
                if run.len() == 1 {
                    let _ = write!(
                        svg,
                        r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{}"/>"#,
                        sx(run[0].0),
                        sy(run[0].1),
                        series.colour
                    );
                    continue;
                }
                let points: Vec<String> = run
                    .iter()
                    .map(|(x, y)| format!("{:.1},{:.1}", sx(*x), sy(*y)))
                    .collect();
                let _ = write!(
                    svg,
                    r#"<g><title>{}</title><polyline fill="none" stroke="{}" stroke-width="{width}" points="{}"/></g>"#,
                    esc(&series.name),
                    series.colour,
                    points.join(" ")
                );
            }
        }
        // Legend.
        let entries = self
            .series
            .iter()
            .map(|s| (s.name.as_str(), s.colour, false))
            .chain(self.lines.iter().map(|l| (l.1.as_str(), l.2, true)));
        for (n, (name, colour, dashed)) in entries.enumerate() {
            let y = TOP + 6.0 + n as f64 * 15.0 * scale;
            if y > HEIGHT - 8.0 {
                break;
            }
            let x = WIDTH - right + 10.0;
            let dash = if dashed {
                r#" stroke-dasharray="6 4""#
            } else {
                ""
            };
            let _ = write!(
                svg,
                r##"<line x1="{x:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="3"{dash}/><text x="{:.1}" y="{:.1}" font-size="{font:.1}" fill="#222">{}</text>"##,
                x + 18.0,
                x + 24.0,
                y + 4.0 * scale,
                esc(name)
            );
        }
        svg.push_str("</svg>");
        svg
    }
}

fn decimals_for(step: f64) -> usize {
    if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    }
}

/// Horizontal bars, one per row (name, value), in the order given.
#[must_use]
pub fn bar_chart(code: &str, unit: &str, decimals: usize, rows: &[(String, f64)]) -> String {
    let (label_w, width, row_h) = (190.0, 760.0, 22.0);
    let height = 16.0 + rows.len().max(1) as f64 * row_h + 20.0;
    let low = rows.iter().map(|r| r.1).fold(0.0, f64::min);
    let high = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let span = (high - low).max(f64::MIN_POSITIVE);
    let plot_w = width - label_w - 90.0;
    let sx = |v: f64| label_w + (v - low) / span * plot_w;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" data-indicator="{}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0}" role="img">"#,
        esc(code)
    );
    for (n, (name, value)) in rows.iter().enumerate() {
        let y = 10.0 + n as f64 * row_h;
        let (a, b) = (sx(0.0_f64.max(low)), sx(*value));
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="12" fill="#222">{}</text><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#222">{}</text>"##,
            label_w - 8.0,
            y + 15.0,
            esc(&crate::i18n::shorten(name, 28)),
            a.min(b),
            y + 3.0,
            (b - a).abs().max(1.0),
            row_h - 6.0,
            PALETTE[0],
            a.max(b) + 6.0,
            y + 15.0,
            esc(&format!(
                "{} {unit}",
                i18n::format_decimal(*value, decimals)
            ))
        );
    }
    svg.push_str("</svg>");
    svg
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert!((nice_step(10.0, 5.0) - 2.0).abs() < 1e-9);
        assert!((nice_step(0.9, 5.0) - 0.2).abs() < 1e-9);
        assert!((nice_step(4000.0, 5.0) - 1000.0).abs() < 1e-9);
    }

    #[test]
    fn a_gap_is_a_dashed_marker_not_a_point() {
        let label = |s: &str| format!("meaning of {s}");
        let chart = LineChart {
            title: "T".into(),
            code: "B1",
            unit: "%",
            decimals: 1,
            series: vec![Series {
                name: "Nordstadt".into(),
                colour: PALETTE[0],
                bold: true,
                points: vec![
                    (2010.0, Some(5.0), String::new()),
                    (2011.0, None, ".".into()),
                    (2012.0, Some(7.0), String::new()),
                ],
            }],
            lines: vec![],
            symbol_label: &label,
            text_scale: 1.0,
        };
        let svg = chart.render();
        assert!(svg.contains("Nordstadt, 2011: . = meaning of ."));
        assert_eq!(
            svg.matches("<circle").count(),
            2,
            "two single points around the gap"
        );
        assert!(!svg.contains("<polyline"), "no line across the gap");
    }
}
