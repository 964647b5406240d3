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
    /// The spread of the regions not drawn as lines, behind the lines.
    pub band: Option<super::rules::Band>,
    /// Explains a symbol for a gap's tooltip.
    pub symbol_label: &'a dyn Fn(&str) -> String,
    /// Text size relative to a report's (1.0); slides use more.
    pub text_scale: f64,
    /// The periods by x as the reader writes them (`31.12.2018`, `2023/24`): the axis is
    /// labelled with them where they fit (else by year). Empty: by year.
    pub periods: Vec<(f64, String)>,
}

pub use super::palette::SERIES as PALETTE;

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 64.0;
/// Room right of the plot for the lines' labels (or the legend).
const RIGHT: f64 = 150.0;
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

/// Where a chart's parts go, in the units of its view box.
struct Frame {
    /// All values in one period: drawn as points in the middle, labelled beside them.
    single: bool,
    scale: f64,
    font: f64,
    left: f64,
    plot_w: f64,
    plot_h: f64,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Frame {
    fn sx(&self, x: f64) -> f64 {
        self.left + (x - self.x0) / (self.x1 - self.x0).max(1.0) * self.plot_w
    }

    fn sy(&self, y: f64) -> f64 {
        TOP + (self.y1 - y) / (self.y1 - self.y0) * self.plot_h
    }
}

impl LineChart<'_> {
    /// The chart as an `<svg>` element: axes, reference lines labelled on the line, the
    /// lines (the emphasised ones over the muted others), gaps, and a label at each line's
    /// end — or a legend beside the plot when the labels cannot all fit.
    #[must_use]
    pub fn render(&self) -> String {
        let mut svg = String::new();
        let _ = write!(
            svg,
            r#"<svg class="chart" data-indicator="{}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{}"><title>{}</title>"#,
            esc(self.code),
            esc(&self.title),
            esc(&self.title)
        );
        if let Some(frame) = self.frame() {
            self.axes(&mut svg, &frame);
            self.band(&mut svg, &frame);
            self.reference_lines(&mut svg, &frame);
            let strokes = self.strokes();
            // Muted lines first, so the emphasised ones are drawn over them.
            let mut order: Vec<usize> = (0..self.series.len()).collect();
            order.sort_by_key(|&n| !strokes[n].muted);
            for n in order {
                self.line(&mut svg, &frame, &self.series[n], &strokes[n]);
            }
            if !self.end_labels(&mut svg, &frame, &strokes) {
                self.legend(&mut svg, &frame, &strokes);
            }
        }
        svg.push_str("</svg>");
        svg
    }

    fn frame(&self) -> Option<Frame> {
        let scale = self.text_scale;
        let xs = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0));
        let ys: Vec<f64> = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().filter_map(|p| p.1))
            .chain(self.lines.iter().map(|l| l.0))
            .chain(
                self.band
                    .iter()
                    .flat_map(|b| b.points.iter().flat_map(|p| [p.1[0], p.1[4]])),
            )
            .collect();
        let xs = xs.chain(self.band.iter().flat_map(|b| b.points.iter().map(|p| p.0)));
        let (mut x0, mut x1) = xs.fold(None, |range: Option<(f64, f64)>, x| {
            Some(range.map_or((x, x), |(a, b)| (a.min(x), b.max(x))))
        })?;
        // One period: its points in the middle, never a line across the whole width.
        let single = x1 - x0 < 1e-6;
        if single {
            x0 -= 1.0;
            x1 += 1.0;
        }
        let mut y0 = ys.iter().copied().reduce(f64::min)?;
        let mut y1 = ys.iter().copied().reduce(f64::max)?;
        if (y1 - y0).abs() < f64::EPSILON {
            y0 -= 1.0;
            y1 += 1.0;
        }
        let step = nice_step(y1 - y0, 5.0);
        let left = LEFT * scale;
        let right = (RIGHT * scale).min(WIDTH * 0.4);
        Some(Frame {
            single,
            scale,
            font: 11.0 * scale,
            left,
            plot_w: WIDTH - left - right,
            plot_h: HEIGHT - TOP - BOTTOM * scale,
            x0,
            x1,
            y0: (y0 / step).floor() * step,
            y1: (y1 / step).ceil() * step,
        })
    }

    /// Grid, value labels, a tick per year (or per two, five … as the width allows), unit.
    fn axes(&self, svg: &mut String, f: &Frame) {
        let step = nice_step(f.y1 - f.y0, 5.0);
        let mut y = f.y0;
        while y <= f.y1 + step / 2.0 {
            let _ = write!(
                svg,
                r##"<line x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#ddd" stroke-width="1"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="{:.1}" fill="#444">{}</text>"##,
                f.left,
                f.left + f.plot_w,
                f.sy(y),
                f.sy(y),
                f.left - 6.0,
                f.sy(y) + 4.0 * f.scale,
                f.font,
                esc(&i18n::format_decimal(y, decimals_for(step)))
            );
            y += step;
        }
        let baseline = TOP + f.plot_h;
        for (x, text) in self.ticks(f) {
            let _ = write!(
                svg,
                r##"<line x1="{x:.1}" x2="{x:.1}" y1="{baseline:.1}" y2="{:.1}" stroke="#888" stroke-width="1"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="{:.1}" fill="#444">{}</text>"##,
                baseline + 4.0,
                baseline + 6.0 + f.font,
                f.font,
                esc(&text),
                x = f.sx(x)
            );
        }
        let _ = write!(
            svg,
            r##"<text x="6" y="{:.1}" font-size="{:.1}" fill="#444">{}</text>"##,
            TOP + 4.0,
            f.font,
            esc(self.unit)
        );
    }

    /// The time axis's ticks: each period as the reader writes it where they all fit (a
    /// reporting date is 31.12.2018, not the year after it), else a tick per year (or per
    /// two, five … as the width allows).
    fn ticks(&self, f: &Frame) -> Vec<(f64, String)> {
        let widest = self
            .periods
            .iter()
            .map(|(_, text)| text.chars().count())
            .max()
            .unwrap_or(0) as f64;
        if !self.periods.is_empty() {
            // Every period where they fit, else every second, third … counted back from
            // the latest, which is always labelled.
            let needed = widest * f.font * 0.6 + f.font;
            let fit = (f.plot_w / needed).floor().max(1.0) as usize;
            let every = self.periods.len().div_ceil(fit).max(1);
            let mut ticks: Vec<(f64, String)> =
                self.periods.iter().rev().step_by(every).cloned().collect();
            ticks.reverse();
            return ticks;
        }
        if f.single {
            let x = f64::midpoint(f.x0, f.x1);
            return vec![(x, format!("{x:.0}"))];
        }
        let year_step = super::rules::year_step(f.x1 - f.x0, f.plot_w, f.font * 2.2);
        super::rules::year_ticks(f.x0.ceil(), f.x1, year_step)
            .into_iter()
            .map(|year| (year, format!("{year:.0}")))
            .collect()
    }

    /// Baseline, targets and band as dashed lines, each labelled on the line (above it, at
    /// the left), the labels spread so that they do not cover each other.
    fn reference_lines(&self, svg: &mut String, f: &Frame) {
        let font = f.font * 0.9;
        let wanted: Vec<f64> = self.lines.iter().map(|l| f.sy(l.0) - 3.0).collect();
        let placed = super::rules::spread(&wanted, font * 1.15, TOP + font, TOP + f.plot_h)
            .unwrap_or(wanted);
        for ((value, label, colour), y) in self.lines.iter().zip(placed) {
            let text = format!("{label}: {}", i18n::format_decimal(*value, self.decimals));
            let _ = write!(
                svg,
                r##"<g><title>{}</title><line x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="1.5" stroke-dasharray="6 4"/><text x="{:.1}" y="{y:.1}" font-size="{font:.1}" fill="{colour}" stroke="#fff" stroke-width="3" paint-order="stroke">{}</text></g>"##,
                esc(&text),
                f.left,
                f.left + f.plot_w,
                f.sy(*value),
                f.sy(*value),
                f.left + 4.0,
                esc(&text)
            );
        }
    }

    /// The band: range and middle half as shaded areas, the median dashed.
    fn band(&self, svg: &mut String, f: &Frame) {
        let Some(band) = &self.band else {
            return;
        };
        // One period: a box for the middle half, a whisker for the range, the median.
        if let [(x, q)] = band.points.as_slice() {
            let (cx, w) = (f.sx(*x), 14.0 * f.scale);
            let _ = write!(
                svg,
                r##"<g class="band"><title>{}</title><line x1="{cx:.1}" x2="{cx:.1}" y1="{:.1}" y2="{:.1}" stroke="#8c8c8c" stroke-width="1.5"/><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#8c8c8c" fill-opacity="0.3"/><line x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#8c8c8c" stroke-width="2"/></g>"##,
                esc(&band.label),
                f.sy(q[4]),
                f.sy(q[0]),
                cx - w / 2.0,
                f.sy(q[3]),
                w,
                (f.sy(q[1]) - f.sy(q[3])).max(1.0),
                cx - w / 2.0,
                cx + w / 2.0,
                f.sy(q[2]),
                f.sy(q[2])
            );
            return;
        }
        let area = |low: usize, high: usize| -> String {
            band.points
                .iter()
                .map(|(x, q)| (x, q[low]))
                .chain(band.points.iter().rev().map(|(x, q)| (x, q[high])))
                .map(|(x, y)| format!("{:.1},{:.1}", f.sx(*x), f.sy(y)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let median: Vec<String> = band
            .points
            .iter()
            .map(|(x, q)| format!("{:.1},{:.1}", f.sx(*x), f.sy(q[2])))
            .collect();
        let _ = write!(
            svg,
            r##"<g class="band"><title>{}</title><polygon points="{}" fill="#8c8c8c" fill-opacity="0.18"/><polygon points="{}" fill="#8c8c8c" fill-opacity="0.3"/><polyline points="{}" fill="none" stroke="#8c8c8c" stroke-width="1.2" stroke-dasharray="5 4"/></g>"##,
            esc(&band.label),
            area(0, 4),
            area(1, 3),
            median.join(" ")
        );
    }

    /// How each line is drawn: the emphasised ones stand out, the others muted when many.
    fn strokes(&self) -> Vec<super::rules::Stroke> {
        let any = self.series.iter().any(|s| s.bold);
        self.series
            .iter()
            .map(|s| super::rules::stroke_of(s.colour, s.bold, self.series.len(), any))
            .collect()
    }

    fn line(&self, svg: &mut String, f: &Frame, series: &Series, stroke: &super::rules::Stroke) {
        let width = 1.5 * stroke.width;
        let colour = &stroke.colour;
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (x, value, symbol) in &series.points {
            if let Some(v) = value {
                if let Some(run) = runs.last_mut() {
                    run.push((*x, *v));
                }
                continue;
            }
            runs.push(Vec::new());
            let _ = write!(
                svg,
                r##"<g><title>{}</title><line x1="{:.1}" x2="{:.1}" y1="{TOP}" y2="{:.1}" stroke="#999" stroke-width="1" stroke-dasharray="2 3"/></g>"##,
                esc(&format!(
                    "{}, {x:.0}: {symbol} = {}",
                    series.name,
                    (self.symbol_label)(symbol)
                )),
                f.sx(*x),
                f.sx(*x),
                TOP + f.plot_h
            );
        }
        for run in runs.iter().filter(|r| !r.is_empty()) {
            if let [(x, y)] = run.as_slice() {
                let _ = write!(
                    svg,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="{colour}"/>"#,
                    f.sx(*x),
                    f.sy(*y),
                    1.5 + width
                );
                continue;
            }
            let points: Vec<String> = run
                .iter()
                .map(|(x, y)| format!("{:.1},{:.1}", f.sx(*x), f.sy(*y)))
                .collect();
            let _ = write!(
                svg,
                r#"<g><title>{}</title><polyline fill="none" stroke="{colour}" stroke-width="{width:.1}" stroke-linejoin="round" points="{}"/></g>"#,
                esc(&series.name),
                points.join(" ")
            );
        }
    }

    /// A label at each line's last value, right of the plot, spread apart and tied to its
    /// line by a thin leader. `false` (nothing drawn) when they cannot all fit.
    fn end_labels(&self, svg: &mut String, f: &Frame, strokes: &[super::rules::Stroke]) -> bool {
        let ends: Vec<(usize, f64, f64)> = self
            .series
            .iter()
            .enumerate()
            .filter_map(|(n, s)| {
                s.points
                    .iter()
                    .rev()
                    .find_map(|(x, v, _)| Some((n, *x, (*v)?)))
            })
            .collect();
        let band_end = self
            .band
            .as_ref()
            .and_then(|b| b.points.last().map(|(x, q)| (b.label.as_str(), *x, q[2])));
        let wanted: Vec<f64> = ends
            .iter()
            .map(|(_, _, y)| f.sy(*y))
            .chain(band_end.map(|(_, _, y)| f.sy(y)))
            .collect();
        // One period: the labels stand beside the points, not at the plot's right edge.
        let (x, right) = if f.single {
            let x = f.sx(f64::midpoint(f.x0, f.x1)) + 28.0 * f.scale;
            (x, x - 12.0 * f.scale)
        } else {
            (f.left + f.plot_w + 16.0, f.left + f.plot_w + 4.0)
        };
        let room = (WIDTH - x - 6.0) / (f.font * 0.55);
        let Some(placed) =
            super::rules::spread(&wanted, f.font * 1.2, TOP, TOP + f.plot_h + f.font)
        else {
            return false;
        };
        if let (Some((label, end_x, _)), Some(from), Some(to)) =
            (band_end, wanted.last(), placed.last())
        {
            let _ = write!(
                svg,
                r##"<path class="leader" fill="none" stroke="#8c8c8c" stroke-width="0.8" d="M{:.1},{from:.1}H{:.1}L{:.1},{to:.1}"/><text class="end-label" x="{x:.1}" y="{:.1}" font-size="{:.1}" fill="#555">{}</text>"##,
                f.sx(end_x) + 2.0,
                right,
                x - 3.0,
                to + f.font * 0.35,
                f.font,
                esc(&crate::i18n::shorten(label, room as usize))
            );
        }
        for ((n, end_x, _), (from, to)) in ends.iter().zip(wanted.iter().zip(placed)) {
            let stroke = &strokes[*n];
            let text_colour = if stroke.muted { "#555" } else { &stroke.colour };
            let weight = if self.series[*n].bold {
                "bold"
            } else {
                "normal"
            };
            let _ = write!(
                svg,
                r#"<path class="leader" fill="none" stroke="{}" stroke-width="0.8" d="M{:.1},{from:.1}H{:.1}L{:.1},{to:.1}"/><text class="end-label" x="{x:.1}" y="{:.1}" font-size="{:.1}" font-weight="{weight}" fill="{text_colour}">{}</text>"#,
                stroke.colour,
                f.sx(*end_x) + 2.0,
                right,
                x - 3.0,
                to + f.font * 0.35,
                f.font,
                esc(&crate::i18n::shorten(&self.series[*n].name, room as usize))
            );
        }
        true
    }

    /// Beside the plot, one entry per line, as far as there is room: a name too long for
    /// the room is shortened (the whole name on hover), and the last row says how many
    /// more there are when not all fit.
    fn legend(&self, svg: &mut String, f: &Frame, strokes: &[super::rules::Stroke]) {
        let row = 15.0 * f.scale;
        let rows = (((HEIGHT - 8.0) - (TOP + 6.0)) / row).floor().max(1.0) as usize + 1;
        let shown = if self.series.len() > rows {
            rows - 1
        } else {
            self.series.len()
        };
        let x = f.left + f.plot_w + 10.0;
        // About 0.55 em a character.
        let room = ((WIDTH - x - 26.0) / (f.font * 0.55)).floor().max(4.0) as usize;
        for (n, (series, stroke)) in self.series.iter().zip(strokes).take(shown).enumerate() {
            let y = TOP + 6.0 + n as f64 * row;
            let _ = write!(
                svg,
                r##"<g><title>{}</title><line x1="{x:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{}" stroke-width="3"/><text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="#222">{}</text></g>"##,
                esc(&series.name),
                x + 18.0,
                stroke.colour,
                x + 24.0,
                y + 4.0 * f.scale,
                f.font,
                esc(&crate::i18n::shorten(&series.name, room))
            );
        }
        if shown < self.series.len() {
            let y = TOP + 6.0 + shown as f64 * row;
            let hidden: Vec<&str> = self.series[shown..]
                .iter()
                .map(|s| s.name.as_str())
                .collect();
            let _ = write!(
                svg,
                r##"<g><title>{}</title><text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="#555">{}</text></g>"##,
                esc(&hidden.join(", ")),
                x + 24.0,
                y + 4.0 * f.scale,
                f.font,
                esc(&crate::t!("chart.legend_more", count = hidden.len()))
            );
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert!((nice_step(10.0, 5.0) - 2.0).abs() < 1e-9);
        assert!((nice_step(0.9, 5.0) - 0.2).abs() < 1e-9);
        assert!((nice_step(4000.0, 5.0) - 1000.0).abs() < 1e-9);
    }

    /// More lines than the legend has rows: the last row says how many more (all of them
    /// named on hover), a long name is shortened with its whole name on hover.
    #[test]
    fn a_cut_legend_says_how_many_more() {
        let label = |s: &str| s.to_owned();
        let long = "Landkreis Vorpommern-Greifswald, Kreisverwaltung und Umland";
        let chart = LineChart {
            title: "T".into(),
            code: "B1",
            unit: "%",
            decimals: 1,
            series: (0..40)
                .map(|n| Series {
                    name: if n == 0 {
                        long.to_owned()
                    } else {
                        format!("Kreis {n}")
                    },
                    colour: PALETTE[n % PALETTE.len()],
                    bold: n == 0,
                    points: vec![(2020.0, Some(n as f64)), (2021.0, Some(n as f64 + 0.5))]
                        .into_iter()
                        .map(|(x, y)| (x, y, String::new()))
                        .collect(),
                })
                .collect(),
            lines: vec![],
            band: None,
            symbol_label: &label,
            text_scale: 1.0,
            periods: Vec::new(),
        };
        let svg = chart.render();
        let shown = svg.matches("stroke-width=\"3\"/>").count();
        assert!(shown > 5 && shown < 40, "{shown} entries");
        let more = crate::t!("chart.legend_more", count = 40 - shown);
        assert!(svg.contains(&more), "{more} missing");
        assert!(svg.contains(&format!("<title>{long}</title>")));
        assert!(
            !svg.contains(&format!(">{long}</text>")),
            "the long name is shortened"
        );
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
            band: None,
            symbol_label: &label,
            text_scale: 1.0,
            periods: Vec::new(),
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

    /// One period: points in the middle with their labels beside them, the axis labelled
    /// by the period as written (`31.12.2018`, not the year after it); never a line.
    #[test]
    fn one_period_is_points_in_the_middle_labelled_by_its_date() {
        let label = |s: &str| s.to_owned();
        let x = 2018.0 + 364.0 / 365.25;
        let chart = LineChart {
            title: "T".into(),
            code: "B1",
            unit: "%",
            decimals: 1,
            series: (0..3)
                .map(|n| Series {
                    name: format!("Kreis {n}"),
                    colour: PALETTE[n],
                    bold: n == 0,
                    points: vec![(x, Some(5.0 + n as f64), String::new())],
                })
                .collect(),
            lines: vec![],
            band: None,
            symbol_label: &label,
            text_scale: 1.0,
            periods: vec![(x, "31.12.2018".into())],
        };
        let svg = chart.render();
        let document = roxmltree::Document::parse(&svg).unwrap();
        assert!(!svg.contains("<polyline"), "no line");
        let xs: Vec<f64> = document
            .descendants()
            .filter(|n| n.has_tag_name("circle"))
            .map(|n| n.attribute("cx").unwrap().parse().unwrap())
            .collect();
        let middle = LEFT + (WIDTH - LEFT - RIGHT) / 2.0;
        assert!(xs.iter().all(|x| (x - middle).abs() < 1.0), "{xs:?}");
        assert!(svg.contains(">31.12.2018<"), "the period as written");
        assert!(!svg.contains(">2019<"), "not the year after it");
    }

    /// Eleven districts and the city: the city stands out, the districts are muted, a tick
    /// per year fits, and the labels at the lines' ends do not overlap.
    #[test]
    fn many_lines_emphasise_one_and_label_their_ends_apart() {
        let label = |s: &str| s.to_owned();
        let series: Vec<Series> = (0..12)
            .map(|n| Series {
                name: format!("Gebiet {n}"),
                colour: PALETTE[n % PALETTE.len()],
                bold: n == 0,
                // Lines that end close together, as districts often do.
                points: (2010..=2024)
                    .map(|y| (f64::from(y), Some(30.0 + n as f64 * 0.3), String::new()))
                    .collect(),
            })
            .collect();
        let chart = LineChart {
            title: "T".into(),
            code: "B1",
            unit: "%",
            decimals: 1,
            series,
            lines: vec![(31.0, "Zielwert 2027".into(), "#2e9d4f")],
            band: None,
            symbol_label: &label,
            text_scale: 1.0,
            periods: Vec::new(),
        };
        let svg = chart.render();
        let document = roxmltree::Document::parse(&svg).unwrap();
        let lines: Vec<_> = document
            .descendants()
            .filter(|n| n.has_tag_name("polyline"))
            .collect();
        assert_eq!(lines.len(), 12);
        // The city is drawn last (on top), in its own colour and widest.
        let city = lines.last().unwrap();
        assert_eq!(city.attribute("stroke"), Some(PALETTE[0]));
        let width = |n: &roxmltree::Node<'_, '_>| -> f64 {
            n.attribute("stroke-width").unwrap().parse().unwrap()
        };
        for district in &lines[..11] {
            assert!(width(district) < width(city));
            assert!(!PALETTE.contains(&district.attribute("stroke").unwrap()));
        }
        let labels: Vec<f64> = document
            .descendants()
            .filter(|n| n.attribute("class") == Some("end-label"))
            .map(|n| n.attribute("y").unwrap().parse().unwrap())
            .collect();
        assert_eq!(labels.len(), 12);
        let mut sorted = labels.clone();
        sorted.sort_by(f64::total_cmp);
        for pair in sorted.windows(2) {
            assert!(pair[1] - pair[0] >= 11.0 * 1.2 - 0.1, "{sorted:?}");
        }
        let years: Vec<&str> = document
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .filter(|t| t.len() == 4 && t.starts_with("20"))
            .collect();
        assert_eq!(years.len(), 15, "a tick per year: {years:?}");
        assert!(svg.contains("Zielwert 2027: 31,0") || svg.contains("Zielwert 2027: 31.0"));
    }
}
