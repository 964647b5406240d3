//! The regions compared in one period: sorted bars, my region marked, its parent as a
//! line, the ten highest and lowest first.

use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, LineStyle, Plot, VLine};

use super::plot::axis_label;
use super::plot::empty_ui;
use super::{Shown, State, breakdown_choice, series_colour};
use lernstadt_core::render::focus::{bar_peers, peers_of};
use lernstadt_core::snapshot::{IndicatorSnapshot, Snapshot};
use lernstadt_core::t;

pub(super) fn districts_ui(
    ui: &mut egui::Ui,
    shown: Shown<'_>,
    state: &mut State,
) -> Option<egui::Response> {
    let Shown {
        data,
        observations,
        indicator,
        index,
    } = shown;
    let latest = observations.periods.last().cloned();
    let mut period = state.period.clone().or(latest);
    ui.horizontal_wrapped(|ui| {
        breakdown_choice(ui, data, observations, state);
        let mut chosen = period.as_deref();
        if crate::ui::choice_ui(
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
    let Some(period) = period else {
        empty_ui(ui, observations, &state.breakdown, data);
        return None;
    };
    let key = format!(
        "{:?}{}{}{period}{index}",
        observations.generation, indicator.uuid, state.breakdown
    );
    let described = format!("bars{key}");
    if state.bars.as_ref().is_none_or(|(k, _)| *k != key) {
        let historical = super::historical(data, observations, state).clone();
        let compared = compare(
            data,
            observations,
            index,
            &state.breakdown,
            &period,
            &historical,
        );
        state.bars = Some((key, compared));
    }
    state.describe_chart(described, |state| {
        let Some((_, compared)) = &state.bars else {
            return super::alternative::Alternative::default();
        };
        let values: Vec<(String, Option<f64>, bool)> = compared
            .values
            .iter()
            .map(|(name, value, mine)| (name.clone(), Some(*value), *mine))
            .chain(
                compared
                    .missing
                    .iter()
                    .map(|name| (name.clone(), None, false)),
            )
            .collect();
        let reference = super::alternative::reference_value(data, index, &period);
        let parent = compared.parent_value.as_ref().or(reference.as_ref());
        super::alternative::of_values(
            indicator,
            t!("indicators.districts"),
            &period,
            &values,
            parent.map(|(n, v)| (n.as_str(), *v)),
        )
    });
    let Some((_, compared)) = &state.bars else {
        return None;
    };
    // Borrowed, not cloned: hundreds of names would be copied every frame.
    let Compared {
        values,
        missing,
        parent_value,
    } = compared;
    if values.is_empty() && missing.is_empty() {
        ui.add_space(12.0);
        ui.label(
            RichText::new(t!(
                "indicators.empty.period",
                period = period,
                breakdown = data.breakdown_label(&state.breakdown)
            ))
            .weak(),
        );
        return None;
    }
    let mut values: Vec<&(String, f64, bool)> = values.iter().collect();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(20).map(String::as_str).collect();
        let more = if missing.len() > shown.len() {
            ", …"
        } else {
            ""
        };
        ui.label(t!(
            "indicators.no_value",
            regions = format!("{}{more}", shown.join(", "))
        ));
    }
    // Many regions: the ten highest and the ten lowest, the rest one click away.
    let total = values.len();
    if total > 2 * TOP {
        ui.horizontal(|ui| {
            if !state.all_bars {
                ui.label(t!("indicators.top_bottom", count = TOP, total = total));
            }
            ui.checkbox(
                &mut state.all_bars,
                t!("indicators.show_all", total = total),
            );
        });
        if !state.all_bars {
            let mine_row = values.iter().position(|v| v.2);
            let keep = |n: usize| n < TOP || n >= total - TOP || Some(n) == mine_row;
            values = values
                .into_iter()
                .enumerate()
                .filter(|(n, _)| keep(*n))
                .map(|(_, v)| v)
                .collect();
        }
    }
    let decimals = indicator.decimals.clamp(0, 6) as usize;
    Some(bars_ui(
        ui,
        &values,
        &period,
        decimals,
        parent_value.as_ref(),
    ))
}

/// The compared regions as horizontal bars, highest first, my region in its own colour,
/// with my region's parent as a line; in a scroll area when they do not fit.
fn bars_ui(
    ui: &mut egui::Ui,
    values: &[&(String, f64, bool)],
    period: &str,
    decimals: usize,
    parent_value: Option<&(String, f64)>,
) -> egui::Response {
    let names: Vec<String> = values
        .iter()
        .map(|(name, _, is_mine)| {
            if *is_mine {
                t!("indicators.my_region", name = name)
            } else {
                name.clone()
            }
        })
        .collect();
    let visuals = ui.visuals().clone();
    let grey = crate::ui::theme::graphic_on(&visuals, Color32::from_gray(150));
    let grey_text = crate::ui::theme::text_on(&visuals, Color32::from_gray(150));
    let bar = |n: usize, (name, value, is_mine): &(String, f64, bool)| {
        Bar::new(-(n as f64), *value)
            .name(format!(
                "{name}: {}",
                lernstadt_core::i18n::format_decimal(*value, decimals)
            ))
            .width(0.7)
            .fill(crate::ui::theme::graphic_on(
                &visuals,
                if *is_mine {
                    series_colour(1)
                } else {
                    series_colour(0)
                },
            ))
    };
    let bars: Vec<Bar> = values.iter().enumerate().map(|(n, v)| bar(n, v)).collect();
    let height = (values.len() as f32 * 20.0 + 60.0).max((ui.available_height() - 8.0).max(200.0));
    let body = egui::TextStyle::Body.resolve(ui.style()).size;
    let response = egui::ScrollArea::vertical()
        .id_salt("indicator_bars")
        .show(ui, |ui| {
            Plot::new("indicator_districts")
                .height(height)
                .allow_scroll(false)
                .x_axis_formatter(|mark, _| axis_label(mark.value, mark.step_size))
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
                    plot.bar_chart(BarChart::new(period, bars).horizontal());
                    if let Some((name, value)) = parent_value {
                        let label = t!(
                            "indicators.parent_value",
                            name = name,
                            value = lernstadt_core::i18n::format_decimal(*value, decimals)
                        );
                        plot.vline(
                            VLine::new(label.clone(), *value)
                                .color(grey)
                                .style(LineStyle::dashed_loose()),
                        );
                        // Labelled on the line, above the first bar.
                        plot.text(
                            egui_plot::Text::new(
                                label.clone(),
                                egui_plot::PlotPoint::new(*value, 0.6),
                                RichText::new(label).color(grey_text).size(body),
                            )
                            .anchor(egui::Align2::LEFT_BOTTOM),
                        );
                    }
                })
                .response
        });
    response.inner
}

/// What the bars compare in one period: the values (name, value, whether it is my region)
/// highest first, the regions with a symbol instead, and my region's parent's value.
#[derive(Clone, Debug, Default)]
pub(super) struct Compared {
    values: Vec<(String, f64, bool)>,
    missing: Vec<String>,
    parent_value: Option<(String, f64)>,
}

/// Works out what the bars compare: the districts when they have values, else the peer
/// group most regions with a value in this period belong to (the Kreise of a Kreis table).
fn compare(
    data: &Snapshot,
    observations: &IndicatorSnapshot,
    index: usize,
    breakdown: &str,
    period: &str,
    historical: &lernstadt_core::render::focus::Historical,
) -> Compared {
    let observation_of = |region: &lernstadt_core::model::Region| {
        observations
            .series(&region.key, breakdown)
            .iter()
            .find(|o| o.period_code == period)
    };
    // Regions that no longer report (a dissolved Kreis, all `-`) are no part of a ranking.
    let with_values: Vec<&lernstadt_core::model::Region> = data
        .regions
        .iter()
        .filter(|r| observation_of(r).is_some() && !historical.contains(&r.key))
        .collect();
    let peers = bar_peers(data, data.summaries[index].region, &with_values);
    let mine = data
        .my_region
        .or(data.summaries[index].region)
        .and_then(|r| data.region(r));
    let mut compared = Compared::default();
    for region in with_values.iter().filter(|r| Some(peers_of(r)) == peers) {
        let Some(observation) = observation_of(region) else {
            continue;
        };
        let is_mine = mine.is_some_and(|m| m.uuid == region.uuid);
        match observation.value {
            Some(value) => {
                compared
                    .values
                    .push((data.region_label(Some(region.uuid)), value, is_mine));
            }
            None => compared.missing.push(format!(
                "{} ({} = {})",
                region.name,
                observation.symbol.as_deref().unwrap_or(""),
                data.symbol_label(observation.symbol.as_deref().unwrap_or(""))
            )),
        }
    }
    compared.values.sort_by(|a, b| b.1.total_cmp(&a.1));
    // My region's parent, as a line to hold each bar against — not for counts, which are
    // part of the parent's (a Land's school leavers beside its Kreise's).
    let counts = data.indicators[index].counts;
    compared.parent_value = mine
        .filter(|_| !counts)
        .and_then(|m| m.parent)
        .and_then(|p| data.region(p))
        .and_then(|p| {
            observation_of(p)
                .and_then(|o| o.value)
                .map(|v| (p.name.clone(), v))
        });
    compared
}

/// How many of the highest and of the lowest regions the bars show at first.
const TOP: usize = lernstadt_core::render::focus::TOP_BARS;
