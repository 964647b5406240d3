//! Which regions an indicator's table in the report lists: all of them when they fit on a
//! page or two (my region and its parents first); with the hundreds of a Kreis table my
//! region, its parents and a summary of its level — minimum, quartiles, maximum and my
//! region's rank — and every region only in the appendix, when asked for.

use uuid::Uuid;

use super::{Block, Builder, Cell, Section};
use crate::model::{Observation, Region};
use crate::snapshot::Snapshot;
use crate::t;

/// At most this many regions are listed in a table in the text.
pub const TABLE_ROWS: usize = 60;

/// A region's row: its name (with its key where another region has the same name), then
/// its value in each period.
pub(super) fn region_row(
    data: &Snapshot,
    region: &Region,
    total: &[&Observation],
    periods: &[&str],
    decimals: usize,
) -> Vec<Cell> {
    std::iter::once(Cell::text(data.region_label(Some(region.uuid))).strong())
        .chain(periods.iter().map(|period| {
            let cell = total
                .iter()
                .find(|o| o.region_key == region.key && o.period_code == *period);
            Cell::number(cell.map_or_else(String::new, |o| o.display(decimals)))
        }))
        .collect()
}

impl Builder<'_> {
    /// The table's rows for `regions` (those with values): all of them, my region and its
    /// parents first, when there are at most [`TABLE_ROWS`]; else my region, its parents
    /// and the summary of its level.
    pub(super) fn table_rows(
        &self,
        regions: &[&Region],
        reference: Option<Uuid>,
        total: &[&Observation],
        periods: &[&str],
        decimals: usize,
    ) -> Vec<Vec<Cell>> {
        let data = self.data;
        let mine = crate::render::focus::my_chain(data, reference, regions);
        // My region, its parents, then the comparison regions, in that order.
        let leading: Vec<String> = mine
            .iter()
            .cloned()
            .chain(
                data.comparison_keys()
                    .into_iter()
                    .filter(|k| !mine.contains(k)),
            )
            .collect();
        let first = |r: &&Region| {
            leading
                .iter()
                .position(|k| *k == r.key)
                .unwrap_or(usize::MAX)
        };
        let mut ordered: Vec<&Region> = regions.to_vec();
        ordered.sort_by_key(first);
        if regions.len() <= TABLE_ROWS {
            return ordered
                .iter()
                .map(|region| region_row(data, region, total, periods, decimals))
                .collect();
        }
        let mut rows: Vec<Vec<Cell>> = ordered
            .iter()
            .filter(|r| leading.contains(&r.key))
            .map(|region| region_row(data, region, total, periods, decimals))
            .collect();
        let Some(peers) = crate::render::focus::peer_group(data, reference, regions) else {
            return rows;
        };
        // Regions that no longer report are no part of the level's spread or ranking.
        let historical = crate::render::focus::historical(data, total.iter().copied());
        let level: Vec<&Region> = regions
            .iter()
            .copied()
            .filter(|r| crate::render::focus::peers_of(r) == peers)
            .filter(|r| !historical.contains(&r.key))
            .collect();
        let lead = mine
            .first()
            .and_then(|key| level.iter().find(|r| r.key == *key));
        rows.extend(level_summary(
            &level,
            lead.copied(),
            total,
            periods,
            decimals,
        ));
        rows
    }

    /// The appendix with every region's values, when asked for.
    pub(in crate::report) fn appendix(&mut self) {
        if !self.all_regions {
            return;
        }
        self.blocks.push(Block::Open {
            section: Section::Chapter,
            anchor: "appendix".to_owned(),
            title: t!("report.appendix").to_owned(),
        });
        let intro = if self.appendix.is_empty() {
            t!("report.appendix_none", rows = TABLE_ROWS)
        } else {
            t!("report.appendix_intro", rows = TABLE_ROWS)
        };
        self.blocks.push(Block::Text(intro));
        let tables = std::mem::take(&mut self.appendix);
        self.blocks.extend(tables);
        self.blocks.push(Block::Close);
    }
}

/// The summary rows of a level's regions: how many have a value, minimum, quartiles,
/// maximum, and `lead`'s rank (1 = the highest value) in each period.
fn level_summary(
    level: &[&Region],
    lead: Option<&Region>,
    total: &[&Observation],
    periods: &[&str],
    decimals: usize,
) -> Vec<Vec<Cell>> {
    let name = level.first().map_or("", |r| r.level.label());
    let values: Vec<Vec<f64>> = periods
        .iter()
        .map(|period| {
            total
                .iter()
                .filter(|o| o.period_code == *period)
                .filter(|o| level.iter().any(|r| r.key == o.region_key))
                .filter_map(|o| o.value)
                .collect()
        })
        .collect();
    let quantiles: Vec<Option<[f64; 5]>> = values
        .iter()
        .map(|v| crate::render::rules::quantiles(&mut v.clone()))
        .collect();
    let number = |v: f64| Cell::number(crate::i18n::format_decimal(v, decimals));
    let mut rows = vec![
        std::iter::once(Cell::text(t!("report.level_count", level = name)))
            .chain(
                values
                    .iter()
                    .map(|v| Cell::number(crate::i18n::format_int(v.len() as i64))),
            )
            .collect::<Vec<Cell>>(),
    ];
    for (n, key) in [
        "report.level_min",
        "report.level_q1",
        "report.level_median",
        "report.level_q3",
        "report.level_max",
    ]
    .into_iter()
    .enumerate()
    {
        rows.push(
            std::iter::once(Cell::text(crate::i18n::trf(key, &[("level", &name)])))
                .chain(
                    quantiles
                        .iter()
                        .map(|q| q.map_or_else(|| Cell::number(""), |q| number(q[n]))),
                )
                .collect(),
        );
    }
    if let Some(lead) = lead {
        let rank = periods.iter().zip(&values).map(|(period, values)| {
            let own = total
                .iter()
                .find(|o| o.period_code == *period && o.region_key == lead.key)
                .and_then(|o| o.value);
            Cell::number(own.map_or_else(String::new, |own| {
                let above = values.iter().filter(|v| **v > own).count();
                t!("report.rank_of", rank = above + 1, count = values.len())
            }))
        });
        rows.push(
            std::iter::once(Cell::text(t!("report.level_rank", name = lead.name)))
                .chain(rank)
                .collect(),
        );
    }
    rows
}
