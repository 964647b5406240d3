//! A chart or map in words and as a table, for a screen reader (WCAG 1.1.1, BITV 2.0): the
//! chart's accessible description says what it shows — title, regions, the latest values of
//! my region and its parents, the trend — and *Show as table* shows the same numbers.
//! Built from what the chart already holds, once per change, never per frame.

use egui::accesskit::Role;
use lernstadt_core::i18n::{format_decimal, format_period};
use lernstadt_core::model::Indicator;
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

use super::plot::ChartLine;

/// A chart in words and as a table.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Alternative {
    /// The chart's accessible name: `Over time: Betreuungsquote U3`, `Map: Betreuungsquote
    /// U3 2023`.
    pub(super) label: String,
    /// What it shows, in sentences.
    pub(super) description: String,
    /// The table's column headings.
    pub(super) columns: Vec<String>,
    /// The table's rows, one cell per column.
    pub(super) rows: Vec<Vec<String>>,
}

impl Alternative {
    /// Gives `response` (the plot or the map picture) this alternative as its accessible
    /// name and description.
    pub(super) fn describe(&self, ui: &egui::Ui, response: &egui::Response) {
        let label = self.label.clone();
        response.widget_info(|| egui::WidgetInfo::labeled(Role::Image, true, &label));
        let description = self.description.clone();
        ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_description(description);
        });
    }

    /// The same numbers as a table, a grid a screen reader reads cell by cell.
    pub(super) fn table_ui(&self, ui: &mut egui::Ui) {
        use egui_extras::{Column, TableBuilder};
        let height = egui::TextStyle::Body.resolve(ui.style()).size + 8.0;
        // Many periods are wider than the view: the table scrolls sideways, never cut.
        egui::ScrollArea::horizontal()
            .id_salt("chart_as_table_wide")
            .show(ui, |ui| {
                TableBuilder::new(ui)
                    .id_salt("chart_as_table")
                    .striped(true)
                    .auto_shrink([false, true])
                    .column(Column::auto().at_least(160.0).resizable(true))
                    .columns(
                        Column::auto().at_least(70.0),
                        self.columns.len().saturating_sub(1),
                    )
                    .header(height, |mut header| {
                        for column in &self.columns {
                            header.col(|ui| {
                                ui.strong(column);
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(height, self.rows.len(), |mut row| {
                            let cells = &self.rows[row.index()];
                            for cell in cells {
                                row.col(|ui| {
                                    ui.label(cell);
                                });
                            }
                        });
                    });
            });
    }
}

fn number(indicator: &Indicator, value: f64) -> String {
    let decimals = indicator.decimals.clamp(0, 6) as usize;
    format!("{} {}", format_decimal(value, decimals), indicator.unit)
        .trim_end()
        .to_owned()
}

/// The period written at `x`, as the reader writes it.
fn period_at(data: &Snapshot, x: f64) -> String {
    data.periods
        .iter()
        .find(|p| (data.x(&p.code) - x).abs() < 1e-9)
        .map_or_else(|| format!("{x:.0}"), |p| format_period(&p.code))
}

/// A time chart's lines: my region and its parents (the emphasised lines, else every line)
/// with their latest value and trend; the table a row per line, a column per period.
pub(super) fn of_lines(
    data: &Snapshot,
    indicator: &Indicator,
    kind: &str,
    lines: &[ChartLine],
    band: Option<&str>,
) -> Alternative {
    let mut xs: Vec<f64> = lines
        .iter()
        .flat_map(|l| {
            l.drawn
                .segments
                .iter()
                .flatten()
                .map(|p| p[0])
                .chain(l.drawn.gaps.iter().map(|g| g.0))
        })
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    let mut columns = vec![t!("field.region").to_owned()];
    columns.extend(xs.iter().map(|x| period_at(data, *x)));
    let rows = lines
        .iter()
        .map(|line| {
            let mut row = vec![line.name.clone()];
            row.extend(xs.iter().map(|x| {
                let point = line
                    .drawn
                    .segments
                    .iter()
                    .flatten()
                    .find(|p| (p[0] - *x).abs() < 1e-9);
                let gap = line.drawn.gaps.iter().find(|g| (g.0 - *x).abs() < 1e-9);
                match (point, gap) {
                    (Some(p), _) => number(indicator, p[1]),
                    (None, Some((_, _, symbol))) => symbol.clone(),
                    (None, None) => String::new(),
                }
            }));
            row
        })
        .collect();
    let mut sentences = vec![t!(
        "indicators.alt.lines",
        names = lines
            .iter()
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )];
    let any_emphasised = lines.iter().any(|l| l.emphasised);
    for line in lines
        .iter()
        .filter(|l| l.emphasised || !any_emphasised)
        .take(8)
    {
        let points: Vec<[f64; 2]> = line.drawn.segments.iter().flatten().copied().collect();
        sentences.push(trend(data, indicator, &line.name, &points));
    }
    if let Some(level) = band {
        sentences.push(t!("indicators.alt.band", level = level));
    }
    Alternative {
        label: t!("indicators.alt.label", name = indicator.name, kind = kind),
        description: sentences.join(" "),
        columns,
        rows,
    }
}

/// One line's latest value and where it came from: rising, falling or unchanged since
/// its first value.
fn trend(data: &Snapshot, indicator: &Indicator, name: &str, points: &[[f64; 2]]) -> String {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return t!("indicators.alt.no_value", region = name);
    };
    let value = number(indicator, last[1]);
    let period = period_at(data, last[0]);
    let first_value = number(indicator, first[1]);
    let first_period = period_at(data, first[0]);
    if points.len() == 1 {
        t!(
            "indicators.alt.one_value",
            region = name,
            value = value,
            period = period
        )
    } else if (last[1] - first[1]).abs() < 1e-9 {
        t!(
            "indicators.alt.steady",
            region = name,
            value = value,
            period = period,
            first_period = first_period
        )
    } else if last[1] > first[1] {
        t!(
            "indicators.alt.rising",
            region = name,
            value = value,
            period = period,
            first = first_value,
            first_period = first_period
        )
    } else {
        t!(
            "indicators.alt.falling",
            region = name,
            value = value,
            period = period,
            first = first_value,
            first_period = first_period
        )
    }
}

/// The indicator's reference region (my region, see `Summary::region`) and its value (the
/// total) in `period`: said beside a comparison that does not show it (the districts of my
/// city).
pub(super) fn reference_value(
    data: &Snapshot,
    index: usize,
    period: &str,
) -> Option<(String, f64)> {
    let summary = data.summaries.get(index)?;
    let region = data.region(summary.region?)?;
    let value = summary
        .series
        .iter()
        .find(|v| v.period_code == period)?
        .value?;
    Some((region.name.clone(), value))
}

/// Regions compared in one period (bars or map): how many, the highest and lowest, my
/// region's value and rank, its parent's value; the table a row per region.
pub(super) fn of_values(
    indicator: &Indicator,
    kind: &str,
    period: &str,
    values: &[(String, Option<f64>, bool)],
    parent: Option<(&str, f64)>,
) -> Alternative {
    let mut sorted: Vec<&(String, Option<f64>, bool)> =
        values.iter().filter(|v| v.1.is_some()).collect();
    sorted.sort_by(|a, b| b.1.unwrap_or(0.0).total_cmp(&a.1.unwrap_or(0.0)));
    let period = format_period(period);
    let mut sentences = Vec::new();
    if let (Some(top), Some(low)) = (sorted.first(), sorted.last()) {
        sentences.push(t!(
            "indicators.alt.compared",
            count = sorted.len(),
            period = period,
            top = top.0,
            top_value = number(indicator, top.1.unwrap_or(0.0)),
            low = low.0,
            low_value = number(indicator, low.1.unwrap_or(0.0))
        ));
    }
    if let Some((rank, mine)) = sorted.iter().enumerate().find(|(_, v)| v.2) {
        sentences.push(t!(
            "indicators.alt.rank",
            region = mine.0,
            value = number(indicator, mine.1.unwrap_or(0.0)),
            rank = rank + 1,
            count = sorted.len()
        ));
    }
    if let Some((name, value)) = parent.filter(|(name, _)| !values.iter().any(|v| v.0 == *name)) {
        sentences.push(t!(
            "indicators.alt.parent",
            region = name,
            value = number(indicator, value)
        ));
    }
    let rows = values
        .iter()
        .map(|(name, value, _)| {
            vec![
                name.clone(),
                value.map_or_else(|| "–".to_owned(), |v| number(indicator, v)),
            ]
        })
        .collect();
    Alternative {
        label: t!(
            "indicators.alt.label_period",
            name = indicator.name,
            kind = kind,
            period = period
        ),
        description: sentences.join(" "),
        columns: vec![t!("field.region").to_owned(), period],
        rows,
    }
}
