//! Figures for slides and reports: an indicator's chart as a whole picture — title, unit,
//! the chart, source, data date and a footnote for every symbol it shows — as SVG, and as
//! PNG rendered without a window or GPU.
//!
//! PNGs are rendered by `resvg` (pure Rust, on `tiny-skia`): it needs no display, no GPU
//! and no system fonts — the window's own font (Ubuntu Light from egui) is embedded, so a
//! chart looks the same on every machine and in CI.

use std::collections::BTreeMap;
use std::path::Path;

use uuid::Uuid;

use super::canvas::{Canvas, compose, titles};
use super::chart::{self as svg, LineChart, PALETTE, Series};
use crate::error::Result;
use crate::model::{Indicator, Observation, Region};
use crate::snapshot::Snapshot;
use crate::store::{Store, StoreError};
use crate::t;

/// Which chart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Kind {
    /// Over time, one line per region.
    #[default]
    Line,
    /// Districts compared in one period, sorted.
    Bars,
    /// One region over time, one line per member of a breakdown.
    Breakdown,
    /// The districts on a map, in one period.
    Map,
}

impl Kind {
    /// The chart for its name on the command line and in a slide's settings (`line`,
    /// `bars`, `breakdown`, `map`).
    #[must_use]
    pub fn from_code(code: &str) -> Option<Kind> {
        match code {
            "line" => Some(Kind::Line),
            "bars" => Some(Kind::Bars),
            "breakdown" => Some(Kind::Breakdown),
            "map" => Some(Kind::Map),
            _ => None,
        }
    }
}

/// What to draw.
#[derive(Clone, Debug)]
pub struct Request {
    /// Indicator code.
    pub indicator: String,
    /// Region keys; empty: the indicator's reference region and its districts.
    pub regions: Vec<String>,
    /// Which chart.
    pub kind: Kind,
    /// For bars: the period (default: the latest with data).
    pub period: Option<String>,
    /// The figure's width in pixels.
    pub width: u32,
    /// The figure's height in pixels; text sizes follow it (set for 1080).
    pub height: u32,
    /// Text size relative to an exported figure's (1.0); slides on a wall use more.
    pub text_scale: f64,
    /// The title over the figure (a slide's own); `None`: the indicator's name.
    pub title: Option<String>,
}

impl Request {
    /// A line chart of `indicator` (its code) for its reference region and districts, at
    /// 1920 × 1080 pixels.
    #[must_use]
    pub fn new(indicator: &str) -> Request {
        Request {
            indicator: indicator.to_owned(),
            regions: Vec::new(),
            kind: Kind::Line,
            period: None,
            width: 1920,
            height: 1080,
            text_scale: 1.0,
            title: None,
        }
    }
}

/// The reference lines of an indicator's time chart: baseline, targets for `reference`,
/// the band.
#[must_use]
pub fn reference_lines(
    data: &Snapshot,
    indicator: &Indicator,
    reference: Option<Uuid>,
) -> Vec<(f64, String, &'static str)> {
    let mut lines = Vec::new();
    if let Some(value) = indicator.baseline_value {
        lines.push((
            value,
            t!(
                "indicators.baseline",
                period = indicator.baseline_period.clone().unwrap_or_default()
            ),
            "#888888",
        ));
    }
    for target in data
        .targets
        .iter()
        .filter(|t| t.indicator == indicator.uuid && Some(t.region) == reference)
    {
        lines.push((
            target.value,
            t!("indicators.target", period = target.period),
            super::palette::status(crate::model::traffic_light::TrafficLight::OnTrack),
        ));
    }
    if let (Some(low), Some(high)) = (indicator.band_low, indicator.band_high) {
        lines.push((
            low,
            t!("indicators.band").to_owned(),
            super::palette::status(crate::model::traffic_light::TrafficLight::OnTrack),
        ));
        lines.push((
            high,
            t!("indicators.band").to_owned(),
            super::palette::status(crate::model::traffic_light::TrafficLight::OnTrack),
        ));
    }
    lines
}

/// An indicator over time for `regions` (the reference region drawn bold), with the band
/// of other regions behind them when there is one.
#[must_use]
pub fn line_chart(
    data: &Snapshot,
    indicator: &Indicator,
    regions: &[&Region],
    reference: Option<Uuid>,
    observations: &[&Observation],
    text_scale: f64,
    band: Option<super::rules::Band>,
) -> String {
    let series = regions
        .iter()
        .enumerate()
        .map(|(n, region)| Series {
            name: data.region_label(Some(region.uuid)),
            colour: PALETTE[n % PALETTE.len()],
            bold: Some(region.uuid) == reference,
            points: observations
                .iter()
                .filter(|o| o.region_key == region.key)
                .map(|o| {
                    (
                        data.x(&o.period_code),
                        o.value,
                        o.symbol.clone().unwrap_or_default(),
                    )
                })
                .collect(),
        })
        .collect();
    let label = |symbol: &str| data.symbol_label(symbol);
    LineChart {
        title: t!(
            "report.chart_title",
            name = indicator.name,
            unit = indicator.unit
        ),
        code: &indicator.code,
        unit: &indicator.unit,
        decimals: indicator.decimals.clamp(0, 6) as usize,
        series,
        lines: reference_lines(data, indicator, reference),
        band,
        symbol_label: &label,
        text_scale,
        periods: period_labels(data, observations.iter().copied()),
    }
    .render()
}

/// The periods of `observations` by their place on the time axis, as the reader writes
/// them (`31.12.2018` in German), for the axis's ticks.
#[must_use]
pub fn period_labels<'a>(
    data: &Snapshot,
    observations: impl Iterator<Item = &'a Observation>,
) -> Vec<(f64, String)> {
    let mut codes: Vec<&str> = observations.map(|o| o.period_code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let mut labels: Vec<(f64, String)> = codes
        .into_iter()
        .map(|code| (data.x(code), crate::i18n::format_period(code)))
        .collect();
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    labels
}

/// With too many regions for a slide: my region (or the reference region) and its parents
/// among `chosen` as lines, the rest as a band.
fn slide_lines<'a>(
    data: &Snapshot,
    chosen: &[&'a Region],
    reference: Option<Uuid>,
    shown: &[&Observation],
) -> (Vec<&'a Region>, Option<super::rules::Band>) {
    let mut mine: Vec<Uuid> = Vec::new();
    let mut next = data.my_region.or(reference).and_then(|r| data.region(r));
    while let Some(region) = next {
        if mine.contains(&region.uuid) {
            break;
        }
        mine.push(region.uuid);
        next = region.parent.and_then(|p| data.region(p));
    }
    let (mut lines, others): (Vec<&Region>, Vec<&Region>) =
        chosen.iter().partition(|r| mine.contains(&r.uuid));
    if lines.is_empty() {
        lines.extend(chosen.first());
    }
    let others: Vec<&Region> = others
        .into_iter()
        .filter(|r| !lines.iter().any(|l| l.uuid == r.uuid))
        .collect();
    let points = super::rules::band_points(others.iter().flat_map(|region| {
        shown
            .iter()
            .filter(move |o| o.region_key == region.key)
            .filter_map(|o| Some((data.x(&o.period_code), o.value?)))
    }));
    let level = others.first().map_or("", |r| r.level.label());
    let band = (!points.is_empty()).then(|| super::rules::Band {
        label: t!("figure.band", level = level),
        points,
    });
    (lines, band)
}

/// The band of `regions` over time, from `total` (their values without breakdown).
#[must_use]
pub fn band_of(
    data: &Snapshot,
    regions: &[&Region],
    total: &[&Observation],
) -> Option<super::rules::Band> {
    let keys: std::collections::HashSet<&str> = regions.iter().map(|r| r.key.as_str()).collect();
    let points = super::rules::band_points(
        total
            .iter()
            .filter(|o| keys.contains(o.region_key.as_str()))
            .filter_map(|o| Some((data.x(&o.period_code), o.value?))),
    );
    let level = regions.first().map_or("", |r| r.level.label());
    (!points.is_empty()).then(|| super::rules::Band {
        label: t!("figure.band", level = level),
        points,
    })
}

/// The regions bars compare in one period (`in_period`: the values of that period): the
/// districts when they have values, else my region's level (the Kreise of a Kreis table).
fn compared_regions<'a>(
    data: &'a Snapshot,
    reference: Option<Uuid>,
    in_period: &[&Observation],
) -> Vec<&'a Region> {
    let keys: std::collections::HashSet<&str> =
        in_period.iter().map(|o| o.region_key.as_str()).collect();
    let with_values: Vec<&Region> = data
        .regions
        .iter()
        .filter(|r| keys.contains(r.key.as_str()))
        .collect();
    let peers = super::focus::bar_peers(data, reference, &with_values);
    with_values
        .into_iter()
        .filter(|r| Some(super::focus::peers_of(r)) == peers)
        .collect()
}

/// With more bars than a picture can hold: the highest and the lowest
/// [`super::focus::TOP_BARS`] and my region wherever it ranks; as (name, value) rows.
fn highest_and_lowest(rows: Vec<(String, f64, bool)>) -> Vec<(String, f64)> {
    let total = rows.len();
    let top = super::focus::TOP_BARS;
    rows.into_iter()
        .enumerate()
        .filter(|(n, (_, _, mine))| total <= 2 * top || *n < top || *n >= total - top || *mine)
        .map(|(_, (name, value, _))| (name, value))
        .collect()
}

/// Builds the figure's SVG from the project.
pub fn figure_svg(store: &Store, request: &Request) -> Result<String> {
    let mut data = Snapshot::default();
    data.refresh(store)?;
    let Some(index) = data
        .indicators
        .iter()
        .position(|i| i.code == request.indicator)
    else {
        return Err(StoreError::NotFoundEntity {
            kind: "indicator",
            key: request.indicator.clone(),
        }
        .into());
    };
    // A picture is for others: values as the project's protection rule lets them be shown.
    let rule = crate::published::rule(store.conn())?;
    let observations =
        crate::published::observations(store.conn(), &request.indicator, rule.as_ref())?;
    Ok(figure_from(&data, index, &observations, request))
}

/// Builds the figure's SVG from data already read.
#[must_use]
#[expect(
    clippy::too_many_lines,
    reason = "one match over the chart kinds, each assembling its series; to be split with the print-ready charts (issue 18)"
)]
pub fn figure_from(
    data: &Snapshot,
    index: usize,
    observations: &[Observation],
    request: &Request,
) -> String {
    let indicator = &data.indicators[index];
    if request.kind == Kind::Map {
        let canvas = Canvas {
            width: request.width,
            height: request.height,
            text_scale: request.text_scale,
        };
        return super::map::map_figure(
            data,
            index,
            observations,
            request.period.as_deref(),
            canvas,
            request.title.as_deref(),
        )
        .unwrap_or_else(|| {
            let why = if data.shapes.is_empty() {
                t!("cli.export.no_boundaries").to_owned()
            } else {
                t!("cli.export.no_map_data", code = indicator.code)
            };
            compose(
                canvas,
                &indicator.name,
                &why,
                r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>"#,
                &[],
                &BTreeMap::new(),
            )
        });
    }
    let reference = data.summaries[index].region;
    let total: Vec<&Observation> = observations
        .iter()
        .filter(|o| o.breakdown_key.is_empty())
        .collect();
    // Regions that no longer report stay out of bands and rankings.
    let historical = super::focus::historical(data, observations);
    // Without regions asked for: my region first, its parents, and with many regions the
    // rest of its level as a band (never the first regions of the file).
    let focus = if request.regions.is_empty() {
        let with_data: std::collections::HashSet<&str> =
            total.iter().map(|o| o.region_key.as_str()).collect();
        let regions: Vec<&Region> = data
            .regions
            .iter()
            .filter(|r| with_data.contains(r.key.as_str()))
            .collect();
        super::focus::focus(
            data,
            reference,
            &regions,
            &data.comparison_keys(),
            &historical,
            indicator.counts,
        )
    } else {
        super::focus::Focus {
            lines: request
                .regions
                .iter()
                .filter_map(|key| data.regions.iter().find(|r| &r.key == key))
                .collect(),
            ..super::focus::Focus::default()
        }
    };
    let chosen = focus.lines.clone();
    let mut shown: Vec<&Observation> = Vec::new();
    let (chart, subtitle) = match request.kind {
        // A map returned above.
        Kind::Line | Kind::Map => {
            shown.extend(
                total
                    .iter()
                    .filter(|o| chosen.iter().any(|r| r.key == o.region_key)),
            );
            // On a slide, more lines than a room can tell apart: my region and its
            // parents stay lines, the others become a band.
            let (lines, band) = if !focus.band.is_empty() {
                (chosen.clone(), band_of(data, &focus.band, &total))
            } else if request.text_scale > 1.0 && chosen.len() > super::rules::SLIDE_LINES {
                slide_lines(data, &chosen, reference, &shown)
            } else {
                (chosen.clone(), None)
            };
            (
                line_chart(
                    data,
                    indicator,
                    &lines,
                    reference,
                    &shown,
                    request.text_scale,
                    band,
                ),
                indicator.unit.clone(),
            )
        }
        Kind::Bars => {
            let period = request.period.clone().or_else(|| {
                data.periods
                    .iter()
                    .rev()
                    .find(|p| {
                        total
                            .iter()
                            .any(|o| o.period_code == p.code && o.value.is_some())
                    })
                    .map(|p| p.code.clone())
            });
            let period = period.unwrap_or_default();
            let in_period: Vec<&Observation> = total
                .iter()
                .copied()
                .filter(|o| o.period_code == period)
                .collect();
            let bar_regions: Vec<&Region> = if request.regions.is_empty() {
                compared_regions(data, reference, &in_period)
                    .into_iter()
                    .filter(|r| !historical.contains(&r.key))
                    .collect()
            } else {
                chosen.clone()
            };
            let mine = data
                .my_region
                .or(reference)
                .and_then(|r| data.region(r))
                .map(|r| r.key.as_str());
            let mut rows = Vec::new();
            for region in bar_regions {
                if let Some(o) = in_period.iter().find(|o| o.region_key == region.key) {
                    shown.push(o);
                    if let Some(value) = o.value {
                        rows.push((
                            region.name.clone(),
                            value,
                            Some(region.key.as_str()) == mine,
                        ));
                    }
                }
            }
            rows.sort_by(|a, b| b.1.total_cmp(&a.1));
            let rows = highest_and_lowest(rows);
            (
                svg::bar_chart(
                    &indicator.code,
                    &indicator.unit,
                    indicator.decimals.clamp(0, 6) as usize,
                    &rows,
                ),
                format!("{} · {period}", indicator.unit),
            )
        }
        Kind::Breakdown => {
            let region = chosen.first().copied();
            let region_key = region.map(|r| r.key.clone()).unwrap_or_default();
            let dimension = observations
                .iter()
                .find(|o| {
                    o.region_key == region_key
                        && !o.breakdown_key.is_empty()
                        && !o.breakdown_key.contains(';')
                })
                .and_then(|o| o.breakdown_key.split_once('=').map(|(d, _)| d.to_owned()))
                .unwrap_or_default();
            let prefix = format!("{dimension}=");
            let mut keys: Vec<&str> = observations
                .iter()
                .filter(|o| o.region_key == region_key)
                .map(|o| o.breakdown_key.as_str())
                .filter(|k| k.is_empty() || (k.starts_with(&prefix) && !k.contains(';')))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            let series = keys
                .iter()
                .enumerate()
                .map(|(n, key)| {
                    let points: Vec<(f64, Option<f64>, String)> = observations
                        .iter()
                        .filter(|o| o.region_key == region_key && o.breakdown_key == *key)
                        .inspect(|o| shown.push(o))
                        .map(|o| {
                            (
                                data.x(&o.period_code),
                                o.value,
                                o.symbol.clone().unwrap_or_default(),
                            )
                        })
                        .collect();
                    Series {
                        name: data.member_label(key).to_owned(),
                        colour: if key.is_empty() {
                            "#555555"
                        } else {
                            PALETTE[n % PALETTE.len()]
                        },
                        // The total is context, in grey; the members are what the chart is
                        // about, none of them muted (as in the window).
                        bold: false,
                        points,
                    }
                })
                .collect();
            let label = |symbol: &str| data.symbol_label(symbol);
            let chart = LineChart {
                title: indicator.name.clone(),
                code: &indicator.code,
                unit: &indicator.unit,
                decimals: indicator.decimals.clamp(0, 6) as usize,
                series,
                lines: Vec::new(),
                band: None,
                symbol_label: &label,
                text_scale: request.text_scale,
                periods: period_labels(data, shown.iter().copied()),
            }
            .render();
            let parts = [
                indicator.unit.as_str(),
                region.map_or("", |r| r.name.as_str()),
                data.dimension_labels
                    .get(&dimension)
                    .map_or(dimension.as_str(), String::as_str),
            ];
            let subtitle: Vec<&str> = parts.into_iter().filter(|p| !p.is_empty()).collect();
            (chart, subtitle.join(" · "))
        }
    };
    // The symbols and quality flags the figure shows, explained.
    let symbols = data.symbols_shown(shown.iter().copied());
    let latest = shown
        .iter()
        .filter(|o| o.value.is_some())
        .max_by(|a, b| data.x(&a.period_code).total_cmp(&data.x(&b.period_code)))
        .map(|o| o.period_code.clone())
        .unwrap_or_default();
    let (title, subtitle) = titles(request.title.as_deref(), &indicator.name, &subtitle);
    compose(
        Canvas {
            width: request.width,
            height: request.height,
            text_scale: request.text_scale,
        },
        &title,
        &subtitle,
        &chart,
        &[
            t!(
                "report.source",
                source = indicator.cited_source(&data.indicators)
            ),
            t!(
                "figure.data_date",
                period = crate::i18n::format_period(&latest)
            ),
        ],
        &symbols,
    )
}

/// Writes the figure as PNG to `out` (written beside, then renamed); returns its size. A
/// name that does not end in `.png` is refused.
pub fn export_png(store: &Store, request: &Request, out: &Path) -> Result<u64> {
    crate::store::output::check_extension(out, &["png"])?;
    store.refuse_damaged()?;
    let bytes = super::raster::png(&figure_svg(store, request)?)?;
    super::raster::write_beside(out, &bytes)?;
    Ok(bytes.len() as u64)
}
