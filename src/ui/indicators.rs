//! Indicators: a searchable list; for the selected one its definition (editable), its data
//! table (regions × periods, symbols shown as symbols with a legend) and its charts — over
//! time per region with baseline and target, districts compared in one period, a
//! breakdown over time. A value a symbol stands in for is a gap in a line, explained on
//! hover, and never a bar or a zero.

use std::collections::BTreeSet;

use egui::{Color32, RichText};
use egui_extras::Column;
use egui_plot::{Bar, BarChart, HLine, HoverPosition, Legend, Line, LineStyle, Plot, VLine};
use uuid::Uuid;

use super::chart::{self, Drawn};
use super::form::{Draft, Form};
use super::tables::{ListState, matches};
use crate::command::Commands;
use lernstadt_core::data::{Data, IndicatorData};
use lernstadt_core::model::{Indicator, Polarity, UpdateFrequency, validate};
use lernstadt_core::t;

/// The indicator's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    Definition,
    Table,
    #[default]
    Chart,
}

/// The charts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChartKind {
    #[default]
    OverTime,
    Districts,
    Breakdown,
    Map,
}

/// What the indicator view remembers.
#[derive(Debug, Default)]
pub struct State {
    pub list: ListState,
    pub selected: Option<Uuid>,
    pub tab: Tab,
    pub chart: ChartKind,
    pub draft: Option<Draft<Indicator>>,
    /// The breakdown the table and the time chart show (empty: total).
    pub breakdown: String,
    /// The period the district comparison shows (None: the latest).
    pub period: Option<String>,
    /// The region the breakdown chart shows (None: the reference region).
    pub region: Option<String>,
    /// The dimension the breakdown chart splits by (None: the first).
    pub dimension: Option<String>,
    /// Regions hidden from the time chart.
    pub hidden: BTreeSet<String>,
    /// A chart the user asked to save as PNG (the app asks where, then writes it).
    pub export_png: Option<lernstadt_core::render::figure::Request>,
    /// The map's classes.
    pub classes: lernstadt_core::render::map::Classes,
    /// The map as drawn: what for, the picture, and where the map lies in it.
    map: Option<MapPicture>,
    /// The table's rows (region index, cell per period), for `table_for`.
    table: Option<(String, Vec<TableRow>)>,
    /// The time chart's series, for `lines_for`.
    lines: Option<(String, Vec<ChartLine>)>,
}

/// What a map picture was drawn for.
#[derive(Clone, Debug, PartialEq)]
struct MapKey {
    generation: Option<u64>,
    indicator: Uuid,
    period: String,
    classes: lernstadt_core::render::map::Classes,
    size: [u32; 2],
    lang: lernstadt_core::i18n::Lang,
}

/// A map picture and where the map lies in it.
struct MapPicture {
    key: MapKey,
    texture: egui::TextureHandle,
    layout: lernstadt_core::render::map::Layout,
}

impl std::fmt::Debug for MapPicture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MapPicture")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// A table row: the region's index in the data, and per period the observation's index.
type TableRow = (usize, Vec<Option<usize>>);

/// A chart line: its name, colour and what is drawn.
type ChartLine = (String, Color32, Drawn);

/// The chart colour of the `n`th line.
fn series_colour(n: usize) -> Color32 {
    super::colour(
        lernstadt_core::render::palette::SERIES[n % lernstadt_core::render::palette::SERIES.len()],
    )
}

/// Draws the view; returns what the user asks to export (the indicators or their data).
pub fn indicators_ui(
    ui: &mut egui::Ui,
    data: &Data,
    observations: &IndicatorData,
    state: &mut State,
    edits: &mut Commands,
) -> Option<&'static str> {
    let mut export = None;
    if state.selected.is_none() {
        state.selected = data.indicators.first().map(|i| i.uuid);
    }
    egui::Panel::left("indicator_list")
        .resizable(true)
        .default_size(300.0)
        .max_size(420.0)
        .show(ui, |ui| {
            if list_ui(ui, data, state) {
                export = Some("indicators");
            }
        });
    let Some(index) = state
        .selected
        .and_then(|uuid| data.indicators.iter().position(|i| i.uuid == uuid))
    else {
        return export;
    };
    let indicator = &data.indicators[index];
    Draft::sync(&mut state.draft, Some(indicator), |i| i.uuid);
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE.inner_margin(egui::Margin::symmetric(12, 0)))
        .show(ui, |ui| {
            ui.heading(&indicator.name);
            ui.horizontal_wrapped(|ui| {
                super::status_badge(ui, data.summaries[index].status);
                ui.label(RichText::new(format!("{} · {}", indicator.code, indicator.unit)).weak());
            });
            ui.horizontal(|ui| {
                ui.selectable_value(&mut state.tab, Tab::Definition, t!("indicators.definition"));
                ui.selectable_value(&mut state.tab, Tab::Table, t!("indicators.table"));
                ui.selectable_value(&mut state.tab, Tab::Chart, t!("indicators.chart"));
            });
            ui.separator();
            if observations.indicator != Some(indicator.uuid) {
                return;
            }
            match state.tab {
                Tab::Definition => definition_ui(ui, data, state, edits),
                Tab::Table => {
                    if table_ui(ui, data, observations, indicator, state) {
                        export = Some("observations");
                    }
                }
                Tab::Chart => chart_ui(ui, data, observations, indicator, index, state),
            }
        });
    export
}

fn list_ui(ui: &mut egui::Ui, data: &Data, state: &mut State) -> bool {
    let mut export = false;
    ui.horizontal_wrapped(|ui| {
        ui.heading(t!("view.indicators"));
        export = ui.button(t!("export.window.open")).clicked();
    });
    super::tables::search_ui(ui, &mut state.list);
    let indicators = &data.indicators;
    let rows = state.list.visible(data.generation, "", |search, _| {
        (0..indicators.len())
            .filter(|i| matches(search, &[&indicators[*i].name, &indicators[*i].code]))
            .collect()
    });
    let rows = rows.to_vec();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, 22.0, rows.len(), |ui, range| {
            for &index in &rows[range] {
                let indicator = &indicators[index];
                ui.horizontal(|ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                    let status = data.summaries[index].status;
                    ui.painter()
                        .circle_filled(rect.center(), 4.5, super::status_colour(status));
                    let response = ui
                        .add(
                            egui::Button::selectable(
                                state.selected == Some(indicator.uuid),
                                &indicator.name,
                            )
                            .truncate(),
                        )
                        .on_hover_text(format!("{} · {}", indicator.code, status.label()));
                    if response.clicked() && !state.draft.as_ref().is_some_and(Draft::is_dirty) {
                        state.selected = Some(indicator.uuid);
                    }
                });
            }
        });
    export
}

fn definition_ui(ui: &mut egui::Ui, data: &Data, state: &mut State, edits: &mut Commands) {
    let Some(draft) = state.draft.as_mut() else {
        return;
    };
    let problems = validate::indicator(&draft.draft);
    let form = Form {
        problems: &problems,
    };
    egui::ScrollArea::vertical().show(ui, |ui| {
        let i = &mut draft.draft;
        egui::Grid::new("indicator_form")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                form.text(ui, "code", &mut i.code);
                form.text(ui, "name", &mut i.name);
                form.multiline(ui, "definition", &mut i.definition);
                form.text(ui, "unit", &mut i.unit);
                form.integer(ui, "decimals", &mut i.decimals);
                form.choice(
                    ui,
                    "polarity",
                    &mut i.polarity,
                    Polarity::ALL.iter().copied(),
                    |p| p.label().to_owned(),
                );
                form.optional_number(ui, "band_low", &mut i.band_low);
                form.optional_number(ui, "band_high", &mut i.band_high);
                form.text(ui, "source", &mut i.source);
                form.choice(
                    ui,
                    "update_frequency",
                    &mut i.update_frequency,
                    UpdateFrequency::ALL.iter().copied(),
                    |f| f.label().to_owned(),
                );
                let mut baseline = i
                    .baseline_period
                    .as_ref()
                    .and_then(|code| data.periods.iter().position(|p| &p.code == code));
                if form
                    .choice(
                        ui,
                        "baseline_period",
                        &mut baseline,
                        std::iter::once(None).chain((0..data.periods.len()).map(Some)),
                        |p| p.map_or("–", |p| data.periods[p].code.as_str()).to_owned(),
                    )
                    .changed()
                {
                    i.baseline_period = baseline.map(|p| data.periods[p].code.clone());
                }
                form.optional_number(ui, "baseline_value", &mut i.baseline_value);
            });
        ui.add_space(8.0);
        let name = draft.stored.name.clone();
        draft.save_ui(ui, &problems, "indicator", &name, edits);
        ui.add_space(12.0);
        ui.label(RichText::new(t!("indicators.targets")).strong());
        let uuid = draft.stored.uuid;
        for target in data.targets.iter().filter(|t| t.indicator == uuid) {
            ui.label(format!(
                "{} {}: {}",
                data.region_name(Some(target.region)),
                target.period,
                lernstadt_core::i18n::format_number(target.value)
            ));
        }
    });
}

fn breakdown_choice(
    ui: &mut egui::Ui,
    data: &Data,
    observations: &IndicatorData,
    state: &mut State,
) {
    let keys = &observations.breakdowns;
    let mut chosen = keys.iter().position(|k| *k == state.breakdown);
    if super::choice_ui(
        ui,
        "indicator_breakdown",
        t!("indicators.breakdown"),
        &mut chosen,
        (0..keys.len()).map(Some),
        |n| n.map_or("", |n| data.breakdown_label(&keys[n])).to_owned(),
    ) {
        state.breakdown = chosen.map(|n| keys[n].clone()).unwrap_or_default();
    }
}

fn table_ui(
    ui: &mut egui::Ui,
    data: &Data,
    observations: &IndicatorData,
    indicator: &Indicator,
    state: &mut State,
) -> bool {
    let mut export = false;
    ui.horizontal_wrapped(|ui| {
        breakdown_choice(ui, data, observations, state);
        export = ui.button(t!("export.window.open")).clicked();
    });
    let key = format!(
        "{:?}{}{}",
        observations.generation, indicator.uuid, state.breakdown
    );
    if state.table.as_ref().is_none_or(|(k, _)| *k != key) {
        let rows = data
            .regions
            .iter()
            .enumerate()
            .filter_map(|(index, region)| {
                let range = observations.series_range(&region.key, &state.breakdown)?;
                let series = &observations.observations[range.clone()];
                let cells = observations
                    .periods
                    .iter()
                    .map(|period| {
                        series
                            .iter()
                            .position(|o| &o.period_code == period)
                            .map(|p| range.start + p)
                    })
                    .collect();
                Some((index, cells))
            })
            .collect();
        state.table = Some((key, rows));
    }
    let Some((_, rows)) = &state.table else {
        return export;
    };
    let decimals = indicator.decimals.clamp(0, 6) as usize;
    let used: BTreeSet<&str> = rows
        .iter()
        .flat_map(|(_, cells)| cells.iter().flatten())
        .filter_map(|i| observations.observations[*i].symbol.as_deref())
        .collect();
    if !used.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(t!("indicators.legend")).strong());
            for symbol in &used {
                ui.label(format!("{symbol} = {}", data.symbol_label(symbol)));
            }
        });
    }
    let mut headings = vec![t!("field.region")];
    headings.extend(observations.periods.iter().map(String::as_str));
    let mut columns = vec![Column::initial(200.0).resizable(true)];
    columns.extend(observations.periods.iter().map(|_| Column::initial(78.0)));
    let indices: Vec<usize> = (0..rows.len()).collect();
    super::tables::table_ui(
        ui,
        &columns,
        &headings,
        None,
        &indices,
        |_| false,
        |row, column| {
            let (region, cells) = &rows[row];
            if column == 0 {
                return RichText::new(&data.regions[*region].name);
            }
            match cells[column - 1] {
                Some(index) => {
                    let observation = &observations.observations[index];
                    let text = RichText::new(observation.display(decimals)).monospace();
                    if observation.value.is_none() {
                        text.weak()
                    } else {
                        text
                    }
                }
                None => RichText::new(""),
            }
        },
    );
    export
}

fn chart_ui(
    ui: &mut egui::Ui,
    data: &Data,
    observations: &IndicatorData,
    indicator: &Indicator,
    index: usize,
    state: &mut State,
) {
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(
            &mut state.chart,
            ChartKind::OverTime,
            t!("indicators.over_time"),
        );
        ui.selectable_value(
            &mut state.chart,
            ChartKind::Districts,
            t!("indicators.districts"),
        );
        ui.selectable_value(
            &mut state.chart,
            ChartKind::Breakdown,
            t!("indicators.by_breakdown"),
        );
        if !data.shapes.is_empty() {
            ui.selectable_value(&mut state.chart, ChartKind::Map, t!("indicators.map"));
        }
        ui.separator();
        if ui.button(t!("indicators.save_png")).clicked() {
            state.export_png = Some(png_request(data, observations, indicator, state));
        }
    });
    let response = match state.chart {
        ChartKind::OverTime => over_time_ui(ui, data, observations, indicator, index, state),
        ChartKind::Districts => districts_ui(ui, data, observations, indicator, state),
        ChartKind::Breakdown => breakdown_ui(ui, data, observations, indicator, index, state),
        ChartKind::Map => map_ui(ui, data, observations, indicator, index, state),
    };
    if let Some(response) = response {
        response.context_menu(|ui| {
            if ui.button(t!("indicators.save_png")).clicked() {
                ui.close();
                state.export_png = Some(png_request(data, observations, indicator, state));
            }
        });
    }
}

/// The figure that matches the chart on screen.
fn png_request(
    data: &Data,
    observations: &IndicatorData,
    indicator: &Indicator,
    state: &State,
) -> lernstadt_core::render::figure::Request {
    let mut request = lernstadt_core::render::figure::Request::new(&indicator.code);
    match state.chart {
        ChartKind::OverTime => {
            request.regions = data
                .regions
                .iter()
                .filter(|r| !observations.series(&r.key, "").is_empty())
                .filter(|r| !state.hidden.contains(&r.key))
                .map(|r| r.key.clone())
                .collect();
        }
        ChartKind::Districts => {
            request.kind = lernstadt_core::render::figure::Kind::Bars;
            request.period.clone_from(&state.period);
        }
        ChartKind::Breakdown => {
            request.kind = lernstadt_core::render::figure::Kind::Breakdown;
            request.regions = state.region.iter().cloned().collect();
        }
        ChartKind::Map => {
            request.kind = lernstadt_core::render::figure::Kind::Map;
            request.period.clone_from(&state.period);
        }
    }
    request
}

/// Draws lines with gaps; hovering near a gap says which symbol stands there and why.
fn plot_lines(
    ui: &mut egui::Ui,
    data: &Data,
    id: &str,
    indicator: &Indicator,
    lines: &[(String, Color32, Drawn)],
    extra: impl FnOnce(&mut egui_plot::PlotUi<'_>),
) -> egui::Response {
    let width = ui.available_width().max(100.0) as usize;
    let gaps: Vec<(f64, String)> = lines
        .iter()
        .flat_map(|(name, _, drawn)| {
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
    let label_gaps = gaps.clone();
    let response = Plot::new(id)
        .legend(Legend::default())
        .height((ui.available_height() - 8.0).max(200.0))
        .allow_scroll(false)
        .y_axis_label(unit.clone())
        .x_axis_formatter(|mark, _| format!("{:.0}", mark.value))
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
                format!(
                    "{name}\n{:.0}: {} {unit}",
                    point.x.floor(),
                    lernstadt_core::i18n::format_decimal(point.y, decimals)
                )
            })
        })
        .show(ui, |plot| {
            extra(plot);
            for (x, _) in &gaps {
                plot.vline(
                    VLine::new("", *x)
                        .color(Color32::from_gray(140).gamma_multiply(0.5))
                        .style(LineStyle::dashed_dense()),
                );
            }
            for (name, colour, drawn) in lines {
                for segment in &drawn.segments {
                    let points = chart::decimate(segment, width * 2);
                    plot.line(Line::new(name.clone(), points).color(*colour).width(2.0));
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
        });
    response.response
}

fn over_time_ui(
    ui: &mut egui::Ui,
    data: &Data,
    observations: &IndicatorData,
    indicator: &Indicator,
    index: usize,
    state: &mut State,
) -> Option<egui::Response> {
    ui.horizontal_wrapped(|ui| breakdown_choice(ui, data, observations, state));
    let reference = data.summaries[index].region;
    let regions: Vec<&lernstadt_core::model::Region> = data
        .regions
        .iter()
        .filter(|r| !observations.series(&r.key, &state.breakdown).is_empty())
        .collect();
    ui.horizontal_wrapped(|ui| {
        ui.label(t!("indicators.regions_shown"));
        for region in &regions {
            let mut shown = !state.hidden.contains(&region.key);
            if ui.checkbox(&mut shown, &region.name).changed() {
                if shown {
                    state.hidden.remove(&region.key);
                } else {
                    state.hidden.insert(region.key.clone());
                }
            }
        }
    });
    let key = format!(
        "{:?}{}{}{:?}",
        observations.generation, indicator.uuid, state.breakdown, state.hidden
    );
    if state.lines.as_ref().is_none_or(|(k, _)| *k != key) {
        let lines = regions
            .iter()
            .enumerate()
            .filter(|(_, r)| !state.hidden.contains(&r.key))
            .map(|(n, region)| {
                let drawn = chart::draw(observations.series(&region.key, &state.breakdown), |p| {
                    data.x(p)
                });
                (region.name.clone(), series_colour(n), drawn)
            })
            .collect();
        state.lines = Some((key, lines));
    }
    let Some((_, lines)) = &state.lines else {
        return None;
    };
    let baseline = indicator
        .baseline_value
        .map(|value| (value, indicator.baseline_period.clone().unwrap_or_default()));
    let targets: Vec<(f64, String)> = data
        .targets
        .iter()
        .filter(|t| t.indicator == indicator.uuid && Some(t.region) == reference)
        .map(|t| (t.value, t.period.clone()))
        .collect();
    let band = indicator.band_low.zip(indicator.band_high);
    let response = plot_lines(ui, data, "indicator_over_time", indicator, lines, |plot| {
        if let Some((value, period)) = baseline {
            plot.hline(
                HLine::new(t!("indicators.baseline", period = period), value)
                    .color(Color32::from_gray(150))
                    .style(LineStyle::dashed_loose()),
            );
        }
        for (value, period) in targets {
            plot.hline(
                HLine::new(t!("indicators.target", period = period), value)
                    .color(super::status_colour(
                        lernstadt_core::model::status::Status::OnTrack,
                    ))
                    .style(LineStyle::dashed_dense())
                    .width(1.5),
            );
        }
        if let Some((low, high)) = band {
            for value in [low, high] {
                plot.hline(
                    HLine::new(t!("indicators.band"), value)
                        .color(super::status_colour(
                            lernstadt_core::model::status::Status::OnTrack,
                        ))
                        .style(LineStyle::dashed_dense()),
                );
            }
        }
    });
    Some(response)
}

fn districts_ui(
    ui: &mut egui::Ui,
    data: &Data,
    observations: &IndicatorData,
    indicator: &Indicator,
    state: &mut State,
) -> Option<egui::Response> {
    let latest = observations.periods.last().cloned();
    let mut period = state.period.clone().or(latest);
    ui.horizontal_wrapped(|ui| {
        breakdown_choice(ui, data, observations, state);
        let mut chosen = period.as_deref();
        if super::choice_ui(
            ui,
            "indicator_period",
            t!("field.period"),
            &mut chosen,
            observations.periods.iter().map(|p| Some(p.as_str())),
            |p| p.unwrap_or("").to_owned(),
        ) {
            period = chosen.map(str::to_owned);
            state.period.clone_from(&period);
        }
    });
    let period = period?;
    let mut values: Vec<(&str, f64)> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    for region in data
        .regions
        .iter()
        .filter(|r| r.level == lernstadt_core::model::RegionLevel::District)
    {
        let series = observations.series(&region.key, &state.breakdown);
        if let Some(observation) = series.iter().find(|o| o.period_code == period) {
            match observation.value {
                Some(value) => values.push((&region.name, value)),
                None => missing.push(format!(
                    "{} ({} = {})",
                    region.name,
                    observation.symbol.as_deref().unwrap_or(""),
                    data.symbol_label(observation.symbol.as_deref().unwrap_or(""))
                )),
            }
        }
    }
    values.sort_by(|a, b| b.1.total_cmp(&a.1));
    if !missing.is_empty() {
        ui.label(t!("indicators.no_value", regions = missing.join(", ")));
    }
    let names: Vec<String> = values.iter().map(|(n, _)| (*n).to_owned()).collect();
    let decimals = indicator.decimals.clamp(0, 6) as usize;
    let bars: Vec<Bar> = values
        .iter()
        .enumerate()
        .map(|(n, (name, value))| {
            Bar::new(-(n as f64), *value)
                .name(format!(
                    "{name}: {}",
                    lernstadt_core::i18n::format_decimal(*value, decimals)
                ))
                .width(0.7)
        })
        .collect();
    let response = Plot::new("indicator_districts")
        .height((ui.available_height() - 8.0).max(200.0))
        .allow_scroll(false)
        .y_axis_formatter(move |mark, _| {
            let n = (-mark.value).round();
            if (mark.value + n).abs() < 1e-6 && n >= 0.0 {
                names.get(n as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_axis_min_width(150.0)
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new(period.clone(), bars)
                    .color(series_colour(0))
                    .horizontal(),
            );
        });
    Some(response.response)
}

fn breakdown_ui(
    ui: &mut egui::Ui,
    data: &Data,
    observations: &IndicatorData,
    indicator: &Indicator,
    index: usize,
    state: &mut State,
) -> Option<egui::Response> {
    // Dimensions that occur alone in a breakdown key.
    let dimensions: BTreeSet<&str> = observations
        .breakdowns
        .iter()
        .filter(|k| !k.is_empty() && !k.contains(';'))
        .filter_map(|k| k.split_once('=').map(|(d, _)| d))
        .collect();
    if dimensions.is_empty() {
        ui.label(RichText::new(t!("indicators.no_breakdown")).weak());
        return None;
    }
    let reference = data.summaries[index]
        .region
        .and_then(|r| data.region(r))
        .map(|r| r.key.clone());
    let mut region = state.region.clone().or(reference);
    let mut dimension = state
        .dimension
        .clone()
        .filter(|d| dimensions.contains(d.as_str()))
        .or_else(|| dimensions.first().map(|d| (*d).to_owned()));
    ui.horizontal_wrapped(|ui| {
        let mut chosen = dimension.as_deref();
        if super::choice_ui(
            ui,
            "indicator_dimension",
            t!("indicators.dimension"),
            &mut chosen,
            dimensions.iter().map(|d| Some(*d)),
            |d| {
                d.map_or("", |d| {
                    data.dimension_labels.get(d).map_or(d, String::as_str)
                })
                .to_owned()
            },
        ) {
            dimension = chosen.map(str::to_owned);
            state.dimension.clone_from(&dimension);
        }
        let mut chosen = region.as_deref();
        if super::choice_ui(
            ui,
            "indicator_region",
            t!("field.region"),
            &mut chosen,
            data.regions.iter().map(|r| Some(r.key.as_str())),
            |r| {
                r.and_then(|key| data.regions.iter().find(|x| x.key == key))
                    .map_or("", |x| x.name.as_str())
                    .to_owned()
            },
        ) {
            region = chosen.map(str::to_owned);
            state.region.clone_from(&region);
        }
    });
    let (Some(region), Some(dimension)) = (region, dimension) else {
        return None;
    };
    let prefix = format!("{dimension}=");
    let mut lines = vec![(
        data.breakdown_label("").to_owned(),
        Color32::from_gray(120),
        chart::draw(observations.series(&region, ""), |p| data.x(p)),
    )];
    for (n, key) in observations
        .breakdowns
        .iter()
        .filter(|k| k.starts_with(&prefix) && !k.contains(';'))
        .enumerate()
    {
        lines.push((
            data.breakdown_label(key).to_owned(),
            series_colour(n),
            chart::draw(observations.series(&region, key), |p| data.x(p)),
        ));
    }
    Some(plot_lines(
        ui,
        data,
        "indicator_breakdown",
        indicator,
        &lines,
        |_| {},
    ))
}

/// The districts on a map for one period (a slider moves through the periods), classes
/// by quantiles or equal intervals; hovering names the district with its value or symbol.
fn map_ui(
    ui: &mut egui::Ui,
    data: &Data,
    observations: &IndicatorData,
    indicator: &Indicator,
    index: usize,
    state: &mut State,
) -> Option<egui::Response> {
    // Read once per change of the data (not per frame): the periods and the latest one.
    let periods: Vec<&String> = observations.total_periods.iter().collect();
    let latest = observations.map_period.clone();
    let mut position = state
        .period
        .as_ref()
        .or(latest.as_ref())
        .and_then(|p| periods.iter().position(|q| *q == p))
        .unwrap_or(periods.len().saturating_sub(1));
    ui.horizontal_wrapped(|ui| {
        if !periods.is_empty() {
            let label = ui.label(t!("field.period"));
            let last = periods.len() - 1;
            ui.add(
                egui::Slider::new(&mut position, 0..=last)
                    .custom_formatter(|n, _| {
                        periods
                            .get(n as usize)
                            .map_or_else(String::new, |p| (*p).clone())
                    })
                    .step_by(1.0),
            )
            .labelled_by(label.id);
        }
        ui.separator();
        ui.selectable_value(
            &mut state.classes,
            lernstadt_core::render::map::Classes::Quantiles,
            t!("map.quantiles"),
        );
        ui.selectable_value(
            &mut state.classes,
            lernstadt_core::render::map::Classes::EqualIntervals,
            t!("map.equal_intervals"),
        );
    });
    let period = periods.get(position).map(|p| (*p).clone())?;
    state.period = Some(period.clone());
    // The picture keeps the map's aspect inside the space there is.
    let available = ui.available_size();
    let aspect = (lernstadt_core::render::map::VIEW_W / lernstadt_core::render::map::VIEW_H) as f32;
    let size = if available.x / available.y.max(1.0) > aspect {
        egui::vec2(available.y * aspect, available.y)
    } else {
        egui::vec2(available.x, available.x / aspect)
    };
    let pixels = size * ui.ctx().pixels_per_point();
    let key = MapKey {
        generation: observations.generation,
        indicator: indicator.uuid,
        period: period.clone(),
        classes: state.classes,
        size: [
            (pixels.x as u32).clamp(64, 4096),
            (pixels.y as u32).clamp(64, 4096),
        ],
        lang: lernstadt_core::i18n::lang(),
    };
    if state.map.as_ref().is_none_or(|m| m.key != key) {
        state.map = None;
        if let Some((svg, layout)) = lernstadt_core::render::map::map_svg(
            data,
            index,
            &observations.observations,
            &period,
            state.classes,
        ) {
            let sized = svg.replacen(
                "<svg ",
                &format!(r#"<svg width="{}" height="{}" "#, key.size[0], key.size[1]),
                1,
            );
            if let Ok(pixmap) = lernstadt_core::render::raster::render(&sized) {
                let image = egui::ColorImage::from_rgba_premultiplied(
                    [pixmap.width() as usize, pixmap.height() as usize],
                    pixmap.data(),
                );
                let texture =
                    ui.ctx()
                        .load_texture("indicator-map", image, egui::TextureOptions::LINEAR);
                state.map = Some(MapPicture {
                    key,
                    texture,
                    layout,
                });
            }
        }
    }
    let MapPicture {
        texture, layout, ..
    } = state.map.as_ref()?;
    let response = ui.add(
        egui::Image::new(texture)
            .fit_to_exact_size(size)
            .sense(egui::Sense::click())
            .alt_text(format!("{} {period}", indicator.name)),
    );
    if let Some(pointer) = response.hover_pos() {
        let view_x = f64::from((pointer.x - response.rect.left()) / response.rect.width())
            * lernstadt_core::render::map::VIEW_W;
        let view_y = f64::from((pointer.y - response.rect.top()) / response.rect.height())
            * lernstadt_core::render::map::VIEW_H;
        let (lon, lat) = layout.to_lonlat(view_x, view_y);
        if let Some(region) =
            lernstadt_core::data::region_at(data, lon, lat).and_then(|r| data.region(r))
        {
            let text = observations
                .series(&region.key, "")
                .iter()
                .find(|o| o.period_code == period)
                .map_or_else(
                    || t!("map.no_value").to_owned(),
                    |o| match (o.value, o.symbol.as_deref()) {
                        (Some(value), _) => {
                            let flags: Vec<&str> = o.flags().collect();
                            format!(
                                "{} {} {}",
                                lernstadt_core::i18n::format_decimal(
                                    value,
                                    indicator.decimals.clamp(0, 6) as usize
                                ),
                                indicator.unit,
                                flags.join(" ")
                            )
                            .trim_end()
                            .to_owned()
                        }
                        (None, Some(symbol)) => format!("{symbol} = {}", data.symbol_label(symbol)),
                        (None, None) => t!("map.no_value").to_owned(),
                    },
                );
            response
                .clone()
                .on_hover_text_at_pointer(format!("{}\n{period}: {text}", region.name));
        }
    }
    Some(response)
}
