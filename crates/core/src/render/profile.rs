//! A district's profile (Sozialraumprofil): one district against its city for the
//! indicators of a goal or an education area — each indicator's latest value, the city's,
//! the difference, the district's rank among the city's districts and its trend — and the
//! profile chart: each indicator's deviation from the city value in per cent, drawn so that
//! right is always better (the indicator's good direction), worse to the left in red.

use std::fmt::Write as _;

use crate::model::{Observation, Polarity, Region};
use crate::snapshot::Snapshot;
use crate::t;

use super::esc;

/// Which indicators a profile compares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every indicator.
    #[default]
    All,
    /// Those of goals of an education area.
    Area(crate::model::EducationArea),
    /// Those of a goal and the goals below it.
    Goal(uuid::Uuid),
}

impl Scope {
    /// The indicators it holds (indices into the snapshot).
    #[must_use]
    pub fn indicators(self, data: &Snapshot) -> Vec<usize> {
        if self == Scope::All {
            return (0..data.indicators.len()).collect();
        }
        let mut indices = Vec::new();
        for goal in data.goals.iter().filter(|g| match self {
            Scope::Area(area) => g.education_area == area,
            Scope::Goal(chosen) => data.goal_is_within(g.uuid, chosen),
            Scope::All => true,
        }) {
            for (index, _) in data.indicators_of_goal(goal.uuid) {
                if !indices.contains(&index) {
                    indices.push(index);
                }
            }
        }
        indices
    }

    /// Its name: all indicators, the area, or the goal's title.
    #[must_use]
    pub fn label(self, data: &Snapshot) -> String {
        match self {
            Scope::All => t!("profile.all").to_owned(),
            Scope::Area(area) => area.label().to_owned(),
            Scope::Goal(goal) => data
                .goal(goal)
                .map_or_else(String::new, |g| g.title.clone()),
        }
    }
}

/// Where a district's values have been going.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    /// Going up.
    Rising,
    /// Going down.
    Falling,
    /// Neither.
    Flat,
    /// Too few values to say.
    Unknown,
}

impl Trend {
    /// The trend in words.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Trend::Rising => t!("report.trend.rising"),
            Trend::Falling => t!("report.trend.falling"),
            Trend::Flat => t!("report.trend.flat"),
            Trend::Unknown => "–",
        }
    }
}

/// One indicator of a profile.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The indicator's index in the snapshot.
    pub indicator: usize,
    /// The period compared: the district's latest with a value.
    pub period: String,
    /// The district's value.
    pub value: f64,
    /// The city's (the district's parent's) value in the same period, if it has one.
    pub city: Option<f64>,
    /// Rank among the city's districts with a value (1 = best by the indicator's good
    /// direction; by size for a neutral one), and how many there are.
    pub rank: Option<(usize, usize)>,
    /// The district's trend over its last values.
    pub trend: Trend,
    /// Deviation from the city value in per cent, positive when better (or, for a neutral
    /// indicator, when higher); none for a count, which is part of the city's.
    pub deviation: Option<f64>,
}

impl Row {
    /// The district's value minus the city's, in the indicator's unit (percentage points
    /// for a rate); none for a count or without a city value.
    #[must_use]
    pub fn difference(&self) -> Option<f64> {
        self.deviation.and(self.city).map(|city| self.value - city)
    }

    /// [`Row::difference`] as text with its sign (`+1.5`, `−0.3`).
    #[must_use]
    pub fn difference_text(&self, decimals: usize) -> Option<String> {
        self.difference().map(|d| {
            let text = crate::i18n::format_decimal(d.abs(), decimals);
            if d > 0.0 {
                format!("+{text}")
            } else if d < 0.0 {
                format!("−{text}")
            } else {
                text
            }
        })
    }
}

/// The profile of `district` for the indicators at `indicators` (indices into the
/// snapshot), each with its (published) observations from `observations`.
pub fn rows(
    data: &Snapshot,
    district: &Region,
    indicators: &[usize],
    observations: &mut dyn FnMut(&str) -> crate::store::Result<Vec<Observation>>,
) -> crate::store::Result<Vec<Row>> {
    let city = district.parent.and_then(|p| data.region(p));
    let siblings: Vec<&Region> = data
        .regions
        .iter()
        .filter(|r| r.parent.is_some() && r.parent == district.parent)
        .collect();
    let mut rows = Vec::new();
    for &index in indicators {
        let indicator = &data.indicators[index];
        let all = observations(&indicator.code)?;
        let total = |region: &str, period: &str| {
            all.iter()
                .find(|o| {
                    o.region_key == region && o.period_code == period && o.breakdown_key.is_empty()
                })
                .and_then(|o| o.value)
        };
        let mut series: Vec<(f64, f64)> = all
            .iter()
            .filter(|o| o.region_key == district.key && o.breakdown_key.is_empty())
            .filter_map(|o| Some((data.x(&o.period_code), o.value?)))
            .collect();
        series.sort_by(|a, b| a.0.total_cmp(&b.0));
        let Some(latest) = all
            .iter()
            .filter(|o| o.region_key == district.key && o.breakdown_key.is_empty())
            .filter(|o| o.value.is_some())
            .max_by(|a, b| data.x(&a.period_code).total_cmp(&data.x(&b.period_code)))
        else {
            continue;
        };
        let period = latest.period_code.clone();
        let value = latest.value.unwrap_or_default();
        let city_value = city.and_then(|c| total(&c.key, &period));
        let sign = match indicator.polarity {
            Polarity::LowerIsBetter => -1.0,
            _ => 1.0,
        };
        let mut values: Vec<f64> = siblings
            .iter()
            .filter_map(|s| total(&s.key, &period))
            .collect();
        values.sort_by(|a, b| (sign * b).total_cmp(&(sign * a)));
        let rank = values
            .iter()
            .position(|v| (v - value).abs() < 1e-12)
            .map(|p| (p + 1, values.len()));
        let recent = &series[series
            .len()
            .saturating_sub(crate::model::traffic_light::TREND_POINTS)..];
        let trend = match crate::model::traffic_light::slope(recent) {
            Some(slope) => {
                let mean = recent.iter().map(|p| p.1.abs()).sum::<f64>() / recent.len() as f64;
                if slope.abs() <= mean * 0.005 {
                    Trend::Flat
                } else if slope > 0.0 {
                    Trend::Rising
                } else {
                    Trend::Falling
                }
            }
            None => Trend::Unknown,
        };
        // A count (people, cases) is part of the city's, not comparable to it: no bar.
        let deviation = city_value
            .filter(|c| c.abs() > f64::EPSILON && !indicator.counts)
            .map(|c| sign * (value - c) / c.abs() * 100.0);
        rows.push(Row {
            indicator: index,
            period,
            value,
            city: city_value,
            rank,
            trend,
            deviation,
        });
    }
    Ok(rows)
}

/// The profile as a whole figure: title, the chart, the period and the sources.
#[must_use]
pub fn figure(
    data: &Snapshot,
    district: &Region,
    scope: &str,
    rows: &[Row],
    canvas: super::canvas::Canvas,
) -> String {
    let periods: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r.period.as_str()).collect();
    let sources: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|r| data.indicators[r.indicator].source.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    let parent = district
        .parent
        .and_then(|p| data.region(p))
        .map_or(String::new(), |p| p.name.clone());
    let mut notes = vec![t!(
        "profile.periods",
        parent = parent,
        periods = periods.into_iter().collect::<Vec<_>>().join(", ")
    )];
    if !sources.is_empty() {
        notes.push(t!(
            "report.source",
            source = sources.into_iter().collect::<Vec<_>>().join("; ")
        ));
    }
    super::canvas::compose(
        canvas,
        &t!("profile.title", region = district.name),
        scope,
        &chart(data, &parent, rows, canvas.text_scale),
        &notes,
        &std::collections::BTreeMap::new(),
    )
}

/// The profile chart: a row per indicator, a bar from the city line to the deviation (right
/// better, left worse), the value and the city's beside it.
#[must_use]
pub fn chart(data: &Snapshot, parent: &str, rows: &[Row], text_scale: f64) -> String {
    let font = 12.0 * text_scale;
    let row_height = font * 2.4;
    let (label_w, width) = (300.0 * text_scale.min(1.3), 760.0);
    let height = 30.0 + rows.len().max(1) as f64 * row_height + font * 2.0;
    let plot_left = label_w + 10.0;
    let plot_right = width - 170.0;
    let middle = f64::midpoint(plot_left, plot_right);
    let largest = rows
        .iter()
        .filter_map(|r| r.deviation)
        .map(f64::abs)
        .fold(10.0_f64, f64::max);
    let scale = (plot_right - middle) / largest;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg class="profile" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0}" role="img"><line x1="{middle:.1}" x2="{middle:.1}" y1="16" y2="{:.1}" stroke="#555" stroke-width="1.5"/><text x="{:.1}" y="12" font-size="{:.1}" fill="#666">{}</text><text x="{:.1}" y="12" font-size="{:.1}" fill="#666" text-anchor="end">{}</text>"##,
        height - font * 1.5,
        middle + 6.0,
        font * 0.85,
        esc(&t!("profile.better", parent = parent)),
        middle - 6.0,
        font * 0.85,
        esc(t!("profile.worse"))
    );
    for (n, row) in rows.iter().enumerate() {
        let indicator = &data.indicators[row.indicator];
        let y = 24.0 + n as f64 * row_height;
        let decimals = indicator.decimals.clamp(0, 6) as usize;
        let name = crate::i18n::shorten(&indicator.name, (label_w / (font * 0.5)) as usize);
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" font-size="{font:.1}" fill="#222" text-anchor="end">{}</text>"##,
            label_w,
            y + row_height * 0.55,
            esc(&name)
        );
        let difference = row.difference_text(decimals).map_or_else(String::new, |d| {
            format!(" · {}", t!("profile.difference_of", value = d))
        });
        let detail = format!(
            "{} {} · {}{difference}",
            crate::i18n::format_decimal(row.value, decimals),
            indicator.unit,
            row.city.map_or_else(
                || t!("profile.no_city", parent = parent),
                |c| t!(
                    "profile.city",
                    parent = parent,
                    value = crate::i18n::format_decimal(c, decimals)
                )
            )
        );
        match row.deviation {
            Some(deviation) => {
                let neutral =
                    matches!(indicator.polarity, Polarity::Neutral | Polarity::TargetBand);
                let colour = if neutral {
                    "#8c8c8c"
                } else if deviation >= 0.0 {
                    super::palette::status(crate::model::traffic_light::TrafficLight::OnTrack)
                } else {
                    super::palette::status(crate::model::traffic_light::TrafficLight::OffTrack)
                };
                let end = middle + deviation * scale;
                let _ = write!(
                    svg,
                    r##"<g><title>{}</title><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{colour}"/></g><text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="#444">{}</text>"##,
                    esc(&format!("{detail} ({deviation:+.0} %)")),
                    middle.min(end),
                    y + row_height * 0.2,
                    (end - middle).abs().max(1.0),
                    row_height * 0.45,
                    plot_right + 8.0,
                    y + row_height * 0.55,
                    font * 0.85,
                    esc(&format!("{deviation:+.0} %"))
                );
            }
            None => {
                let _ = write!(
                    svg,
                    r##"<text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="#888">{}</text>"##,
                    middle + 6.0,
                    y + row_height * 0.55,
                    font * 0.85,
                    esc(&t!("profile.no_city", parent = parent))
                );
            }
        }
        let rank = row.rank.map_or_else(String::new, |(rank, of)| {
            format!(" · {}", t!("profile.rank", rank = rank, of = of))
        });
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="#666" text-anchor="end">{}</text>"##,
            label_w,
            y + row_height * 0.95,
            font * 0.8,
            esc(&format!("{detail}{rank} · {}", row.trend.label()))
        );
    }
    svg.push_str("</svg>");
    svg
}
