//! Indicators: the view's room — its state and tabs, shared by the list (`view`), the
//! definition (`definition`, with `completion` of formulas), goals and targets
//! (`monitoring`), the data table, the charts (over time, regions compared, by breakdown,
//! the map) and the social index. A value a symbol stands in for is a gap in a line,
//! explained on hover, and never a bar or a zero.

use std::collections::BTreeSet;

use egui::Color32;
use uuid::Uuid;

use super::form::Draft;
use super::tables::ListState;
use lernstadt_core::model::Indicator;
use lernstadt_core::snapshot::{IndicatorSnapshot, Snapshot};
use lernstadt_core::t;

mod alternative;
mod bars;
mod breakdown;
mod charts;
mod completion;
mod definition;
mod view;
use definition::{create_ui, definition_ui};
pub use view::indicators_ui;
mod map;
mod monitoring;
pub use monitoring::{link_goal_edit, unlink_goal_edit};
mod over_time;
mod plot;
pub mod social;
mod table;

use charts::chart_ui;
use map::MapPicture;
use plot::ChartLine;
use table::{TableRow, table_ui};

/// The indicator's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    Definition,
    /// The goals it measures and its targets.
    Monitoring,
    Table,
    #[default]
    Chart,
    /// A social index's districts by need.
    Ranking,
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
    /// The first values of the formula being written: for which formula, and the lines to
    /// show (or why there are none).
    pub preview: Option<(String, Result<Vec<String>, String>)>,
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
    /// With many regions: the comparison regions chosen for the time chart (keys).
    pub chosen: Vec<String>,
    /// With many regions: what the region list is searched for.
    pub region_search: String,
    /// The chart or map is shown with its numbers as a table beside it.
    pub as_table: bool,
    /// The shown chart in words and as a table: for which chart and data, and what.
    alternative: Option<(String, alternative::Alternative)>,
    /// The bars show every region, not only the highest and lowest ten.
    pub all_bars: bool,
    /// The data table shows only regions of this level.
    pub table_level: Option<lernstadt_core::model::RegionLevel>,
    /// The data table shows only regions below this one.
    pub table_parent: Option<Uuid>,
    /// The data table's filter choices: levels and regions with regions below them, for a
    /// data generation.
    table_choices: Option<(
        Option<u64>,
        Vec<lernstadt_core::model::RegionLevel>,
        Vec<Uuid>,
    )>,
    /// A chart the user asked to save as PNG (the app asks where, then writes it).
    pub export_png: Option<lernstadt_core::render::figure::Request>,
    /// The map's classes.
    pub classes: lernstadt_core::render::map::Classes,
    /// How much of the country the map shows: my region's surroundings or all of it.
    pub extent: lernstadt_core::render::map::Extent,
    /// The map as drawn: what for, the picture, and where the map lies in it.
    map: Option<MapPicture>,
    /// The table's rows (region index, cell per period), for `table_for`.
    table: Option<(String, Vec<TableRow>)>,
    /// Which observations the project's protection rule hides when published (by index
    /// into the indicator's observations), for the data table's marks.
    protected: Option<(String, Vec<bool>)>,
    /// The time chart's series, for `lines_for`.
    lines: Option<(String, Vec<ChartLine>)>,
    /// The regions (indices into the snapshot) with a series of the shown breakdown.
    with_series: Option<(String, Vec<usize>)>,
    /// The bars: what they compare, computed once per change (see `bars.rs`).
    bars: Option<(String, bars::Compared)>,
    /// The time chart's band of the other regions, for `lines_for`.
    band: Option<(String, Option<over_time::Band>)>,
    /// The indicator's regions that no longer report, with their last period with a
    /// number: found once per change of the data.
    historical: Option<(String, lernstadt_core::render::focus::Historical)>,
    /// The social index dialog.
    pub social: social::Dialog,
    /// A new indicator being written (shown instead of the selected one until created or
    /// cancelled).
    pub creating: Option<Indicator>,
    /// The target being typed, and the goal picker's search.
    pub target: monitoring::TargetDraft,
    /// The shown social index's ranking, worked out by the app once per change.
    pub ranking: Option<social::Computed>,
    /// The level whose regions the ranking shows (None: the one with the most).
    pub ranking_level: Option<lernstadt_core::model::RegionLevel>,
}

/// What the indicator's charts draw from: the snapshot, the indicator's observations, the
/// indicator and its index in the snapshot.
#[derive(Clone, Copy)]
pub(super) struct Shown<'a> {
    pub(super) data: &'a Snapshot,
    pub(super) observations: &'a IndicatorSnapshot,
    pub(super) indicator: &'a Indicator,
    pub(super) index: usize,
}

impl State {
    /// The shown chart's accessible name and description (see `alternative.rs`).
    #[must_use]
    pub fn chart_description(&self) -> Option<(&str, &str)> {
        self.alternative
            .as_ref()
            .map(|(_, a)| (a.label.as_str(), a.description.as_str()))
    }

    /// The shown chart's table: its column headings and rows.
    #[must_use]
    pub fn chart_table(&self) -> Option<(&[String], &[Vec<String>])> {
        self.alternative
            .as_ref()
            .map(|(_, a)| (a.columns.as_slice(), a.rows.as_slice()))
    }

    /// Keeps `make` as the shown chart's alternative unless `key` says it is current.
    fn describe_chart(
        &mut self,
        key: String,
        make: impl FnOnce(&Self) -> alternative::Alternative,
    ) {
        if self.alternative.as_ref().is_none_or(|(k, _)| *k != key) {
            let described = make(self);
            self.alternative = Some((key, described));
        }
    }

    /// The level whose other regions the time chart draws as a band, when it draws one.
    #[must_use]
    pub fn band_level(&self) -> Option<&str> {
        self.band
            .as_ref()
            .and_then(|(_, band)| band.as_ref())
            .map(|band| band.level.as_str())
    }

    /// The lines the time chart draws, as (name, emphasised, muted).
    #[must_use]
    pub fn line_styles(&self) -> Vec<(&str, bool, bool)> {
        self.lines
            .as_ref()
            .map(|(_, lines)| {
                lines
                    .iter()
                    .map(|line| (line.name.as_str(), line.emphasised, line.muted))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The names of the lines the time chart draws.
    #[must_use]
    pub fn line_names(&self) -> Vec<&str> {
        self.lines
            .as_ref()
            .map(|(_, lines)| lines.iter().map(|line| line.name.as_str()).collect())
            .unwrap_or_default()
    }
}

/// The regions of the shown indicator that no longer report (see
/// [`lernstadt_core::render::focus::historical`]), worked out once per change of the data.
pub(super) fn historical<'s>(
    data: &Snapshot,
    observations: &IndicatorSnapshot,
    state: &'s mut State,
) -> &'s lernstadt_core::render::focus::Historical {
    let key = format!("{:?}{:?}", observations.generation, observations.indicator);
    if state.historical.as_ref().is_none_or(|(k, _)| *k != key) {
        let found = lernstadt_core::render::focus::historical(data, &observations.observations);
        state.historical = Some((key.clone(), found));
    }
    &state
        .historical
        .get_or_insert_with(|| (key, lernstadt_core::render::focus::Historical::default()))
        .1
}

/// The chart colour of the `n`th line.
pub(super) fn series_colour(n: usize) -> Color32 {
    super::colour(
        lernstadt_core::render::palette::SERIES[n % lernstadt_core::render::palette::SERIES.len()],
    )
}

fn breakdown_choice(
    ui: &mut egui::Ui,
    data: &Snapshot,
    observations: &IndicatorSnapshot,
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
