//! What every chart of the Indicators view draws with: a line and how it is drawn, the
//! time chart with its reference lines, the axes' labels, the legend, and the word shown
//! where there is nothing to draw. The charts (`over_time`, `bars`, `table`) use these;
//! `charts` only chooses which chart is shown.

use egui::{Color32, RichText};
use egui_plot::{HLine, HoverPosition, Line, LineStyle, Plot, VLine};

use crate::ui::chart::{self, Drawn};
use lernstadt_core::model::Indicator;
use lernstadt_core::snapshot::{IndicatorSnapshot, Snapshot};
use lernstadt_core::t;

/// A chart line: its name, how it is drawn (by the rules every chart follows,
/// `lernstadt_core::render::rules`) and what is drawn.
#[derive(Clone, Debug)]
pub(super) struct ChartLine {
    pub(super) name: String,
    pub(super) colour: Color32,
    /// Relative width (1.0 an ordinary line).
    pub(super) width: f32,
    /// Drawn lighter, behind the emphasised lines.
    pub(super) muted: bool,
    /// Emphasised: my region (and its parents), or a breakdown's total.
    pub(super) emphasised: bool,
    pub(super) drawn: Drawn,
}

impl ChartLine {
    /// Line `n` of `count`, by the shared rule: with many lines and some emphasised, the
    /// others muted.
    pub(super) fn new(
        name: String,
        n: usize,
        emphasised: bool,
        count: usize,
        any_emphasised: bool,
        drawn: Drawn,
    ) -> ChartLine {
        let stroke = lernstadt_core::render::rules::stroke(n, emphasised, count, any_emphasised);
        // On screen a muted line fades into the background (light or dark theme) instead
        // of turning lighter, as it does on paper.
        let palette = lernstadt_core::render::palette::SERIES;
        let colour = if stroke.muted {
            super::super::colour(palette[n % palette.len()]).gamma_multiply(0.45)
        } else {
            super::super::colour(&stroke.colour)
        };
        ChartLine {
            name,
            colour,
            width: stroke.width as f32,
            muted: stroke.muted,
            emphasised,
            drawn,
        }
    }
}

/// What a time chart draws.
#[derive(Clone, Copy)]
pub(super) struct TimeChart<'a> {
    /// The plot's id.
    pub(super) id: &'a str,
    pub(super) lines: &'a [ChartLine],
    pub(super) references: &'a [Reference],
    /// More legend entries after the lines (the band's parts): name, colour.
    pub(super) legend_extra: &'a [(String, Color32)],
}

/// A reference line (baseline, target, band edge): value, label, colour, style; drawn
/// across the plot and labelled on the line.
pub(super) type Reference = (f64, String, Color32, LineStyle);

/// A tick label of the time axis: the year, on whole years only (no `2023 2023 2023` when
/// the ticks are finer than a year).
#[must_use]
pub(super) fn year_label(value: f64, step: f64) -> String {
    if step < 1.0 && (value - value.round()).abs() > 1e-6 {
        return String::new();
    }
    format!("{value:.0}")
}

/// How wide the time axis writes a year (`2000`): the plot writes tick labels in the
/// body font.
fn label_px_of(ui: &mut egui::Ui) -> f32 {
    ui.fonts_mut(|f| {
        f.layout_no_wrap(
            "2000".to_owned(),
            egui::TextStyle::Body.resolve(ui.style()),
            Color32::WHITE,
        )
        .size()
        .x
    })
}

/// The periods the lines have points at, by x, as the reader writes them.
fn period_labels(data: &Snapshot, lines: &[ChartLine]) -> Vec<(f64, String)> {
    let mut xs: Vec<f64> = lines
        .iter()
        .flat_map(|l| l.drawn.segments.iter().flatten().map(|p| p[0]))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    xs.into_iter()
        .filter_map(|x| {
            data.periods
                .iter()
                .find(|p| (data.x(&p.code) - x).abs() < 1e-9)
                .map(|p| (x, lernstadt_core::i18n::format_period(&p.code)))
        })
        .collect()
}

/// Ticks at the periods within `from..to`: every one where their labels fit, else every
/// second, third … counted back from the latest; `None` without periods (a tick per year
/// then).
fn period_ticks(
    periods: &[(f64, String)],
    from: f64,
    to: f64,
    width: f32,
    year_px: f32,
) -> Option<Vec<egui_plot::GridMark>> {
    let shown: Vec<&(f64, String)> = periods
        .iter()
        .filter(|(x, _)| (from..=to).contains(x))
        .collect();
    if shown.is_empty() {
        return None;
    }
    let widest = shown
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(4);
    let needed = f64::from(year_px) / 4.0 * widest as f64 + 12.0;
    let fit = ((f64::from(width) - 40.0) / needed).floor().max(1.0) as usize;
    let every = shown.len().div_ceil(fit).max(1);
    // The step between ticks, in years, tells the axis how far apart its labels stand.
    let span = shown.last().map_or(0.0, |l| l.0) - shown.first().map_or(0.0, |f| f.0);
    let step = (span / (shown.len().max(2) - 1) as f64 * every as f64).max(0.25);
    Some(
        shown
            .iter()
            .rev()
            .step_by(every)
            .map(|(x, _)| egui_plot::GridMark {
                value: *x,
                step_size: step,
            })
            .collect(),
    )
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
///
/// The legend stands beside the plot, never over the lines; reference lines are labelled
/// on the line; the time axis has a tick per year, or per two, five … as the width allows.
#[expect(
    clippy::too_many_lines,
    reason = "one plot: its hover text, axes, reference lines, gaps and lines, then its legend"
)]
pub(super) fn plot_lines(
    ui: &mut egui::Ui,
    data: &Snapshot,
    indicator: &Indicator,
    chart: &TimeChart<'_>,
    extra: impl FnOnce(&mut egui_plot::PlotUi<'_>),
) -> egui::Response {
    let TimeChart {
        id,
        lines,
        references,
        legend_extra,
    } = *chart;
    let legend_width = (ui.available_width() * 0.25).clamp(120.0, 200.0);
    let plot_width = (ui.available_width() - legend_width - 12.0).max(200.0);
    let height = (ui.available_height() - 8.0).max(200.0);
    let width = plot_width as usize;
    let x_range = lines
        .iter()
        .flat_map(|l| l.drawn.segments.iter().flatten().map(|p| p[0]))
        .fold(None, |range: Option<(f64, f64)>, x| {
            Some(range.map_or((x, x), |(a, b)| (a.min(x), b.max(x))))
        });
    let gaps: Vec<(f64, String)> = lines
        .iter()
        .flat_map(|ChartLine { name, drawn, .. }| {
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
    // The periods the lines stand at, as the reader writes them (31.12.2018): the time
    // axis and the hover name them, not the year after a year-end date.
    let periods = std::sync::Arc::new(period_labels(data, lines));
    let (tick_periods, hover_periods) = (periods.clone(), periods.clone());
    let widest = periods
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(4);
    let tick_px = (label_px_of(ui) / 4.0 * widest.max(4) as f32).max(1.0);
    let label_gaps = gaps.clone();
    let label_px = label_px_of(ui);
    let plot = Plot::new(id)
        .width(plot_width)
        .height(height)
        .allow_scroll(false)
        .y_axis_label(unit.clone())
        .x_grid_spacer(move |input| {
            let (from, to) = input.bounds;
            if let Some(ticks) = period_ticks(&tick_periods, from, to, plot_width, label_px) {
                return ticks;
            }
            let step = lernstadt_core::render::rules::year_step(
                to - from,
                f64::from(plot_width) - 40.0,
                f64::from(label_px),
            );
            lernstadt_core::render::rules::year_ticks(from, to, step)
                .into_iter()
                .map(|value| egui_plot::GridMark {
                    value,
                    step_size: step,
                })
                .collect()
        })
        // Every tick the spacer gives is labelled: it already keeps the labels apart.
        .custom_x_axes(vec![
            egui_plot::AxisHints::new_x()
                .label_spacing(tick_px + 2.0..=tick_px + 4.0)
                .formatter(move |mark, _| {
                    periods
                        .iter()
                        .find(|(x, _)| (x - mark.value).abs() < 1e-6)
                        .map_or_else(
                            || year_label(mark.value, mark.step_size),
                            |(_, l)| l.clone(),
                        )
                }),
        ])
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
                let when = hover_periods
                    .iter()
                    .min_by(|a, b| (a.0 - point.x).abs().total_cmp(&(b.0 - point.x).abs()))
                    .filter(|(x, _)| (x - point.x).abs() < 0.5)
                    .map_or_else(|| format!("{:.0}", point.x.floor()), |(_, l)| l.clone());
                format!(
                    "{name}\n{when}: {} {unit}",
                    lernstadt_core::i18n::format_decimal(point.y, decimals)
                )
            })
        });
    // Reference lines are labelled in the body's size, readable beside the lines.
    let body = egui::TextStyle::Body.resolve(ui.style()).size;
    // Lines and marks 3:1 against the plot, labels 4.5:1, in every theme.
    let visuals = ui.visuals().clone();
    let graphic = |colour: Color32| crate::ui::theme::graphic_on(&visuals, colour);
    let text = |colour: Color32| crate::ui::theme::text_on(&visuals, colour);
    let mut response = None;
    ui.horizontal_top(|ui| {
        response = Some(plot.show(ui, |plot| {
            extra(plot);
            if let Some((from, _)) = x_range {
                for (value, label, colour, style) in references {
                    plot.hline(
                        HLine::new(label.clone(), *value)
                            .color(graphic(*colour))
                            .style(*style)
                            .width(1.5),
                    );
                    plot.text(
                        egui_plot::Text::new(
                            label.clone(),
                            egui_plot::PlotPoint::new(from, *value),
                            RichText::new(label).color(text(*colour)).size(body),
                        )
                        .anchor(egui::Align2::LEFT_BOTTOM),
                    );
                }
            }
            for (x, _) in &gaps {
                plot.vline(
                    VLine::new("", *x)
                        .color(graphic(Color32::from_gray(140).gamma_multiply(0.5)))
                        .style(LineStyle::dashed_dense()),
                );
            }
            // Muted lines first, so the emphasised ones are drawn over them.
            let muted_first = lines
                .iter()
                .filter(|l| l.muted)
                .chain(lines.iter().filter(|l| !l.muted));
            for ChartLine {
                name,
                colour,
                width: line_width,
                drawn,
                ..
            } in muted_first
            {
                let colour = &graphic(*colour);
                for segment in &drawn.segments {
                    let points = chart::decimate(segment, width * 2);
                    plot.line(
                        Line::new(name.clone(), points)
                            .color(*colour)
                            .width(1.6 * line_width),
                    );
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
        }));
        legend_ui(ui, lines, legend_extra, legend_width, height);
    });
    response.map_or_else(|| ui.label(""), |r: egui_plot::PlotResponse<()>| r.response)
}

/// The legend beside the plot: a swatch in the line's colour and width, the name (the
/// emphasised ones strong, the muted ones weak), then the band's parts.
fn legend_ui(
    ui: &mut egui::Ui,
    lines: &[ChartLine],
    extra: &[(String, Color32)],
    width: f32,
    height: f32,
) {
    ui.vertical(|ui| {
        ui.set_width(width);
        egui::ScrollArea::vertical()
            .id_salt("chart_legend")
            .max_height(height)
            .show(ui, |ui| {
                let swatch = |ui: &mut egui::Ui, colour: Color32, thickness: f32| {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(18.0, 10.0), egui::Sense::hover());
                    let colour = crate::ui::theme::graphic_on(ui.visuals(), colour);
                    ui.painter().line_segment(
                        [rect.left_center(), rect.right_center()],
                        egui::Stroke::new(thickness, colour),
                    );
                };
                for line in lines {
                    ui.horizontal(|ui| {
                        swatch(ui, line.colour, 1.6 * line.width + 1.0);
                        let text = RichText::new(&line.name);
                        let text = if line.emphasised {
                            text.strong()
                        } else if line.muted {
                            text.weak()
                        } else {
                            text
                        };
                        // Whole names, wrapped: a legend entry is never cut.
                        ui.add(egui::Label::new(text).wrap());
                    });
                }
                for (name, colour) in extra {
                    ui.horizontal(|ui| {
                        swatch(ui, *colour, 6.0);
                        ui.add(egui::Label::new(RichText::new(name).weak()).wrap());
                    });
                }
            });
    });
}

/// Why a chart or the table has nothing to show, and what to do.
pub(super) fn empty_ui(
    ui: &mut egui::Ui,
    observations: &IndicatorSnapshot,
    breakdown: &str,
    data: &Snapshot,
) {
    let text = if observations.observations.is_empty() {
        t!("indicators.empty.none").to_owned()
    } else {
        t!(
            "indicators.empty.breakdown",
            breakdown = data.breakdown_label(breakdown)
        )
    };
    ui.add_space(12.0);
    ui.label(RichText::new(text).weak());
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
