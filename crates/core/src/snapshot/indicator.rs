//! The selected indicator's snapshot: all its observations, indexed by series, read when
//! another indicator is selected or the data changes.

use std::collections::HashMap;
use std::ops::Range;

use uuid::Uuid;

use super::map::latest_period;
use super::project::Snapshot;
use crate::model::Observation;
use crate::store::{Result, Store};

/// All observations of the selected indicator, indexed by series.
#[derive(Debug, Default)]
pub struct IndicatorSnapshot {
    /// The store generation this was read at; `None` before the first read.
    pub generation: Option<u64>,
    /// The selected indicator; `None`: none selected (and nothing read).
    pub indicator: Option<Uuid>,
    /// Ordered by region key, breakdown key and period start.
    pub observations: Vec<Observation>,
    /// (region key, breakdown key) → the range of `observations` holding that series.
    pub series: HashMap<(String, String), Range<usize>>,
    /// The breakdown keys that occur, total first.
    pub breakdowns: Vec<String>,
    /// The period codes that occur, by start.
    pub periods: Vec<String>,
    /// The periods with a value for the total (no breakdown), by start: the map's periods.
    pub total_periods: Vec<String>,
    /// The latest period in which a district with a boundary has a value.
    pub map_period: Option<String>,
}

impl IndicatorSnapshot {
    /// Reads the indicator's observations when it or the data changed.
    pub fn refresh(
        &mut self,
        store: &Store,
        data: &Snapshot,
        indicator: Option<Uuid>,
    ) -> Result<()> {
        if self.generation == Some(store.generation()) && self.indicator == indicator {
            return Ok(());
        }
        *self = IndicatorSnapshot {
            generation: Some(store.generation()),
            indicator,
            ..IndicatorSnapshot::default()
        };
        let Some(code) = indicator
            .and_then(|u| data.indicators.iter().find(|i| i.uuid == u))
            .map(|i| i.code.clone())
        else {
            return Ok(());
        };
        self.observations = crate::store::observations::for_indicator(store.conn(), &code)?;
        let mut periods = std::collections::HashSet::new();
        let mut breakdowns = std::collections::BTreeSet::new();
        let mut start = 0;
        for index in 1..=self.observations.len() {
            let previous = &self.observations[index - 1];
            periods.insert(previous.period_code.as_str());
            let ends = self.observations.get(index).is_none_or(|next| {
                next.region_key != previous.region_key
                    || next.breakdown_key != previous.breakdown_key
            });
            if ends {
                breakdowns.insert(previous.breakdown_key.clone());
                self.series.insert(
                    (previous.region_key.clone(), previous.breakdown_key.clone()),
                    start..index,
                );
                start = index;
            }
        }
        self.periods = data
            .periods
            .iter()
            .filter(|p| periods.contains(p.code.as_str()))
            .map(|p| p.code.clone())
            .collect();
        self.breakdowns = breakdowns.into_iter().collect();
        let totals: std::collections::HashSet<&str> = self
            .observations
            .iter()
            .filter(|o| o.breakdown_key.is_empty())
            .map(|o| o.period_code.as_str())
            .collect();
        self.total_periods = self
            .periods
            .iter()
            .filter(|p| totals.contains(p.as_str()))
            .cloned()
            .collect();
        self.map_period = latest_period(data, &self.observations);
        Ok(())
    }

    /// Where one series lies in `observations`.
    #[must_use]
    pub fn series_range(&self, region_key: &str, breakdown_key: &str) -> Option<Range<usize>> {
        self.series
            .get(&(region_key.to_owned(), breakdown_key.to_owned()))
            .cloned()
    }

    /// One series' observations, by period.
    #[must_use]
    pub fn series(&self, region_key: &str, breakdown_key: &str) -> &[Observation] {
        self.series
            .get(&(region_key.to_owned(), breakdown_key.to_owned()))
            .map_or(&[], |range| &self.observations[range.clone()])
    }
}
