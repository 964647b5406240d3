//! An indicator's part of the report: its status line, the chart (my region first, the
//! rest of its level as a band), the map, the table of regions and the symbols' legend.

use uuid::Uuid;

use super::{Block, Builder, FigureKind, TABLE_ROWS, region_row};
use crate::error::Result;
use crate::i18n;
use crate::model::{Indicator, Observation};
use crate::snapshot::Snapshot;
use crate::store::observations::SeriesValue;
use crate::t;

impl<'a> Builder<'a> {
    /// The indicator's line: latest value, trend, target; `series` is the summary's as it
    /// may be published (what the protection rule hides left out).
    fn status_line(&self, index: usize, series: &[SeriesValue]) -> String {
        let data = self.data;
        let indicator = &data.indicators[index];
        let summary = &data.summaries[index];
        let decimals = indicator.decimals.clamp(0, 6) as usize;
        let mut parts: Vec<String> = Vec::new();
        let latest = series
            .iter()
            .rev()
            .find_map(|v| Some((v.period_code.as_str(), v.value?)));
        if let Some((period, value)) = latest {
            parts.push(t!(
                "report.latest",
                period = period,
                value = i18n::format_decimal(value, decimals),
                unit = indicator.unit
            ));
        }
        let points: Vec<(f64, f64)> = series
            .iter()
            .filter_map(|v| Some((data.x(&v.period_code), v.value?)))
            .collect();
        let recent = &points[points
            .len()
            .saturating_sub(crate::model::traffic_light::TREND_POINTS)..];
        if let Some(slope) = crate::model::traffic_light::slope(recent) {
            let mean = recent.iter().map(|p| p.1.abs()).sum::<f64>() / recent.len() as f64;
            parts.push(
                if slope.abs() <= mean * 0.005 {
                    t!("report.trend.flat")
                } else if slope > 0.0 {
                    t!("report.trend.rising")
                } else {
                    t!("report.trend.falling")
                }
                .to_owned(),
            );
        }
        match summary.target {
            Some(crate::model::traffic_light::Target::Value { value, year }) => {
                parts.push(t!(
                    "report.target",
                    value = i18n::format_decimal(value, decimals),
                    unit = indicator.unit,
                    year = year.map_or_else(String::new, |y| format!("{y:.0}"))
                ));
            }
            Some(crate::model::traffic_light::Target::Band { low, high }) => {
                parts.push(t!(
                    "report.band",
                    low = i18n::format_decimal(low, decimals),
                    high = i18n::format_decimal(high, decimals),
                    unit = indicator.unit
                ));
            }
            None => {}
        }
        parts.join(" · ")
    }

    pub(super) fn indicator(&mut self, index: usize) -> Result<()> {
        let data = self.data;
        let indicator = &data.indicators[index];
        let summary = &data.summaries[index];
        self.indicators += 1;
        self.blocks.push(Block::Indicator {
            name: indicator.name.clone(),
        });
        // Values as the project's protection rule lets them be published: the status line
        // quotes my region's latest value and trend from them too (its status is judged
        // on every value, and tells no count).
        let observations =
            crate::published::observations(self.store.conn(), &indicator.code, self.rule.as_ref())?;
        let region_key = summary
            .region
            .and_then(|r| data.region(r))
            .map_or("", |r| r.key.as_str());
        let series = crate::published::mask_series(&summary.series, region_key, &observations);
        self.blocks.push(Block::Status {
            status: summary.status,
            text: self.status_line(index, &series),
        });
        if !indicator.definition.is_empty() {
            self.blocks.push(Block::Text(indicator.definition.clone()));
        }
        let total: Vec<&Observation> = observations
            .iter()
            .filter(|o| o.breakdown_key.is_empty())
            .collect();
        let source = t!(
            "report.source",
            source = indicator.cited_source(&data.indicators)
        );
        if !total.is_empty() {
            let years = span(data, &total);
            self.charts += 1;
            // My region first, its parents, and with many regions the rest of its level
            // as a band — never the first regions of the file.
            let regions = self.regions_with_data(summary.region, &total);
            let historical = crate::render::focus::historical(data, &observations);
            let focus = crate::render::focus::focus(
                data,
                summary.region,
                &regions,
                &data.comparison_keys(),
                &historical,
                indicator.counts,
            );
            let band = crate::render::figure::band_of(data, &focus.band, &total);
            let svg = crate::render::figure::line_chart(
                data,
                indicator,
                &focus.lines,
                summary.region,
                &total,
                1.0,
                band,
            );
            let caption = self.figure_caption(&t!(
                "report.chart_caption",
                name = indicator.name,
                unit = indicator.unit,
                years = years
            ));
            self.blocks.push(Block::Figure {
                kind: FigureKind::Chart,
                svg,
                caption,
                source: source.clone(),
            });
            if let Some(period) = crate::snapshot::latest_period(data, &observations)
                && let Some((svg, _)) = crate::render::map::map_svg(
                    data,
                    index,
                    &observations,
                    &period,
                    crate::render::map::Classes::Quantiles,
                    1.0,
                )
            {
                let caption = self.figure_caption(&t!(
                    "report.map_caption",
                    name = indicator.name,
                    period = period
                ));
                self.blocks.push(Block::Figure {
                    kind: FigureKind::Map,
                    svg,
                    caption,
                    source: source.clone(),
                });
            }
            self.table(indicator, summary.region, &total, &years);
            self.ranking(indicator)?;
        }
        self.blocks.push(Block::Note(source));
        Ok(())
    }

    /// The regions with data for an indicator, in the order of the region list, with the
    /// indicator's reference region first.
    fn regions_with_data(
        &self,
        reference: Option<Uuid>,
        total: &[&Observation],
    ) -> Vec<&'a crate::model::Region> {
        let mut regions: Vec<&crate::model::Region> = self
            .data
            .regions
            .iter()
            .filter(|r| total.iter().any(|o| o.region_key == r.key))
            .collect();
        regions.sort_by_key(|r| Some(r.uuid) != reference);
        regions
    }

    fn table(
        &mut self,
        indicator: &Indicator,
        reference: Option<Uuid>,
        total: &[&Observation],
        years: &str,
    ) {
        let data = self.data;
        let decimals = indicator.decimals.clamp(0, 6) as usize;
        let periods: Vec<&str> = data
            .periods
            .iter()
            .filter(|p| total.iter().any(|o| o.period_code == p.code))
            .map(|p| p.code.as_str())
            .collect();
        let caption = self.table_caption(&t!(
            "report.table_caption",
            name = indicator.name,
            unit = indicator.unit,
            years = years
        ));
        let header: Vec<String> = std::iter::once(t!("field.region").to_owned())
            .chain(periods.iter().map(|p| (*p).to_owned()))
            .collect();
        let regions = self.regions_with_data(reference, total);
        let rows = self.table_rows(&regions, reference, total, &periods, decimals);
        if self.all_regions && regions.len() > TABLE_ROWS {
            let all = regions
                .iter()
                .map(|region| region_row(data, region, total, &periods, decimals))
                .collect();
            self.appendix
                .push(Block::Subheading(indicator.name.clone()));
            self.appendix.push(Block::Table {
                caption: None,
                header: header.clone(),
                rows: all,
            });
        }
        self.blocks.push(Block::Table {
            caption: Some(caption),
            header,
            rows,
        });
        // Protected values: said in words under the table.
        if let Some(rule) = &self.rule
            && total
                .iter()
                .any(|o| o.note.as_deref() == Some(crate::published::note(rule).as_str()))
        {
            self.blocks
                .push(Block::Note(t!("protect.legend", min = rule.min)));
        }
        let symbols = data.symbols_shown(total.iter().copied());
        if !symbols.is_empty() {
            let legend: Vec<String> = symbols
                .iter()
                .map(|(symbol, meaning)| format!("{symbol} = {meaning}"))
                .collect();
            self.blocks.push(Block::Note(format!(
                "{} {}",
                t!("indicators.legend"),
                legend.join("; ")
            )));
        }
    }
}

/// The first and last period of some observations, as "2010–2024" (one period alone).
fn span(data: &Snapshot, observations: &[&Observation]) -> String {
    let codes: Vec<&str> = data
        .periods
        .iter()
        .filter(|p| observations.iter().any(|o| o.period_code == p.code))
        .map(|p| p.code.as_str())
        .collect();
    match (codes.first(), codes.last()) {
        (Some(first), Some(last)) if first != last => format!("{first}–{last}"),
        (Some(first), _) => (*first).to_owned(),
        _ => String::new(),
    }
}
