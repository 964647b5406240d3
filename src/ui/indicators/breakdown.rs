//! The chart by breakdown: one line per member of the chosen dimension for my region, the
//! total emphasised, drawn as every time chart is.

use std::collections::BTreeSet;

use egui::{Color32, RichText};

use super::plot::{ChartLine, TimeChart, plot_lines};
use super::{Shown, State};
use crate::ui::chart;
use lernstadt_core::t;

pub(super) fn breakdown_ui(
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
        if crate::ui::choice_ui(
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
        // By position: a label is then one index, not a search of all regions per option.
        let mut chosen = region
            .as_deref()
            .and_then(|key| data.regions.iter().position(|r| r.key == key));
        if crate::ui::choice_ui(
            ui,
            "indicator_region",
            t!("field.region"),
            &mut chosen,
            (0..data.regions.len()).map(Some),
            |n| n.map_or("", |n| data.regions[n].name.as_str()).to_owned(),
        ) {
            region = chosen.map(|n| data.regions[n].key.clone());
            state.region.clone_from(&region);
        }
    });
    let (Some(region), Some(dimension)) = (region, dimension) else {
        return None;
    };
    let prefix = format!("{dimension}=");
    // The total in grey, as context; the members in the palette's colours, none muted (as
    // in the breakdown's picture).
    let mut lines = vec![ChartLine {
        name: data.breakdown_label("").to_owned(),
        colour: Color32::from_gray(110),
        width: 1.0,
        muted: false,
        emphasised: false,
        drawn: chart::draw(observations.series(&region, ""), |p| data.x(p)),
    }];
    let members: Vec<&String> = observations
        .breakdowns
        .iter()
        .filter(|k| k.starts_with(&prefix) && !k.contains(';'))
        .collect();
    for (n, key) in members.iter().enumerate() {
        lines.push(ChartLine::new(
            data.member_label(key).to_owned(),
            n,
            false,
            members.len(),
            false,
            chart::draw(observations.series(&region, key), |p| data.x(p)),
        ));
    }
    let key = format!(
        "breakdown{:?}{}{region}{dimension}",
        observations.generation, indicator.uuid
    );
    state.describe_chart(key, |_| {
        super::alternative::of_lines(data, indicator, t!("indicators.by_breakdown"), &lines, None)
    });
    let chart = TimeChart {
        id: "indicator_breakdown",
        lines: &lines,
        references: &[],
        legend_extra: &[],
    };
    Some(plot_lines(ui, data, indicator, &chart, |_| {}))
}
