//! Values as they may be published. With a protection rule (the project's minimum count N
//! and the indicators marked as counts), every output meant for others — the report, CSV
//! export, chart and map pictures, slides, a copy for publication — reads observations
//! through here: a count `0 < v < N` is shown as `.`, and so is every value that would let
//! it be worked out (see [`crate::model::protect`]): another member of its breakdown,
//! another district of its city when they add up to it, and a computed value that reads it.
//! The stored data never changes; the window shows the true values with protected cells
//! marked.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::Connection;

use crate::model::Observation;
use crate::model::protect::{Relation, protect};
use crate::store::Result;
use crate::store::observations::SeriesValue;

/// A project's protection rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// The minimum count N: counts above zero and below it are hidden.
    pub min: i64,
    /// The codes of the indicators whose values are counts.
    pub counts: BTreeSet<String>,
}

/// The project's rule, if it has one.
pub fn rule(conn: &Connection) -> Result<Option<Rule>> {
    // A file of an older version, looked at without upgrading it, has no rule.
    let has_rule: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info('project') WHERE name = 'protect_min_count')",
        [],
        |row| row.get(0),
    )?;
    if !has_rule {
        return Ok(None);
    }
    let min: Option<i64> = conn.query_row("SELECT protect_min_count FROM project", [], |row| {
        row.get(0)
    })?;
    let Some(min) = min else {
        return Ok(None);
    };
    let mut statement = conn.prepare_cached("SELECT code FROM indicator WHERE counts = 1")?;
    let counts = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Rule { min, counts }))
}

/// The note a hidden value carries ("fewer than 3 cases").
#[must_use]
pub fn note(rule: &Rule) -> String {
    crate::t!("protect.note", min = rule.min)
}

/// Which observations of a count indicator to hide, by index: the primary ones and the
/// secondary ones their breakdowns and regions call for. `parents` gives each region key's
/// parent key.
#[must_use]
pub fn hidden<S: std::hash::BuildHasher>(
    observations: &[Observation],
    parents: &HashMap<String, String, S>,
    min: i64,
) -> Vec<bool> {
    let index: HashMap<(&str, &str, &str), usize> = observations
        .iter()
        .enumerate()
        .map(|(n, o)| {
            (
                (
                    o.region_key.as_str(),
                    o.period_code.as_str(),
                    o.breakdown_key.as_str(),
                ),
                n,
            )
        })
        .collect();
    let mut relations = Vec::new();
    // Breakdowns: a key without one of its dimensions is the total of the keys with it.
    let mut by_parent: BTreeMap<(&str, &str, String), Vec<usize>> = BTreeMap::new();
    for (n, o) in observations.iter().enumerate() {
        let pairs: Vec<&str> = o
            .breakdown_key
            .split(';')
            .filter(|p| !p.is_empty())
            .collect();
        for skip in 0..pairs.len() {
            let parent: Vec<&str> = pairs
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != skip)
                .map(|(_, p)| *p)
                .collect();
            let dimension = pairs[skip].split('=').next().unwrap_or_default();
            by_parent
                .entry((
                    o.region_key.as_str(),
                    o.period_code.as_str(),
                    format!("{}#{dimension}", parent.join(";")),
                ))
                .or_default()
                .push(n);
        }
    }
    for ((region, period, parent), parts) in by_parent {
        let key = parent.rsplit_once('#').map_or("", |(k, _)| k);
        if let Some(&total) = index.get(&(region, period, key)) {
            relations.push(Relation { total, parts });
        }
    }
    // Regions: a region whose values its children's add up to.
    let mut children: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
    for (n, o) in observations.iter().enumerate() {
        if let Some(parent) = parents.get(&o.region_key) {
            children
                .entry((
                    parent.as_str(),
                    o.period_code.as_str(),
                    o.breakdown_key.as_str(),
                ))
                .or_default()
                .push(n);
        }
    }
    for (place, parts) in children {
        let Some(&total) = index.get(&place) else {
            continue;
        };
        let sum: Option<f64> = parts.iter().map(|&p| observations[p].value).sum();
        if let (Some(sum), Some(total_value)) = (sum, observations[total].value)
            && (sum - total_value).abs() < 0.5
        {
            relations.push(Relation { total, parts });
        }
    }
    let values: Vec<Option<f64>> = observations.iter().map(|o| o.value).collect();
    #[expect(clippy::cast_precision_loss, reason = "a threshold of a few cases")]
    let min = min as f64;
    protect(&values, &relations, min)
}

/// The observations of `code` as they may be published under `rule` (all of them as
/// stored when there is no rule or the indicator is neither a count nor computed from one).
pub fn observations(
    conn: &Connection,
    code: &str,
    rule: Option<&Rule>,
) -> Result<Vec<Observation>> {
    let stored = crate::store::observations::for_indicator(conn, code)?;
    let Some(rule) = rule else {
        return Ok(stored);
    };
    let parents = region_parents(conn)?;
    if rule.counts.contains(code) {
        let hidden = hidden(&stored, &parents, rule.min);
        let places = stored
            .iter()
            .zip(&hidden)
            .filter(|(_, h)| **h)
            .map(|(o, _)| {
                (
                    o.region_key.clone(),
                    o.period_code.clone(),
                    o.breakdown_key.clone(),
                )
            })
            .collect();
        return Ok(mask(stored, &places, rule));
    }
    // A computed value that reads a hidden count is hidden too.
    let formula: String = conn.query_row(
        "SELECT formula FROM indicator WHERE code = ?1",
        [code],
        |row| row.get(0),
    )?;
    let Ok(formula) = crate::model::formula::Formula::parse(&formula) else {
        return Ok(stored);
    };
    let mut hidden_places: BTreeSet<(String, String, String)> = BTreeSet::new();
    for input in formula
        .codes()
        .into_iter()
        .filter(|c| rule.counts.contains(c))
    {
        hidden_places.extend(hidden_of(conn, &input, rule, &parents)?);
    }
    if hidden_places.is_empty() {
        return Ok(stored);
    }
    let places = stored
        .iter()
        .filter(|o| {
            hidden_places.contains(&(
                o.region_key.clone(),
                o.period_code.clone(),
                o.breakdown_key.clone(),
            )) || hidden_places.contains(&(
                o.region_key.clone(),
                o.period_code.clone(),
                String::new(),
            ))
        })
        .map(|o| {
            (
                o.region_key.clone(),
                o.period_code.clone(),
                o.breakdown_key.clone(),
            )
        })
        .collect();
    Ok(mask(stored, &places, rule))
}

/// One region's series of `code`'s totals (a summary's: my region's, by period) as it may
/// be published under `rule`: a value the rule hides is `.` without its number. For the
/// lines that quote my region's latest value and its trend — the report's status line, a
/// goal slide — which read the series the window shows.
pub fn series(
    conn: &Connection,
    rule: Option<&Rule>,
    code: &str,
    region_key: &str,
    series: &[SeriesValue],
) -> Result<Vec<SeriesValue>> {
    let Some(rule) = rule else {
        return Ok(series.to_vec());
    };
    // Neither a count nor computed: nothing of it is hidden (and its values are not read).
    let computed: bool = conn
        .prepare_cached("SELECT formula <> '' FROM indicator WHERE code = ?1")?
        .query_row([code], |row| row.get(0))?;
    if !rule.counts.contains(code) && !computed {
        return Ok(series.to_vec());
    }
    Ok(mask_series(
        series,
        region_key,
        &observations(conn, code, Some(rule))?,
    ))
}

/// `series` (one region's totals, by period) with the values `published` (the indicator's
/// observations as [`observations`] gives them) holds no number for taken out, as `.`.
#[must_use]
pub fn mask_series(
    series: &[SeriesValue],
    region_key: &str,
    published: &[Observation],
) -> Vec<SeriesValue> {
    let hidden: HashMap<&str, &Observation> = published
        .iter()
        .filter(|o| o.region_key == region_key && o.breakdown_key.is_empty() && o.value.is_none())
        .map(|o| (o.period_code.as_str(), o))
        .collect();
    series
        .iter()
        .map(|value| match hidden.get(value.period_code.as_str()) {
            Some(o) if value.value.is_some() => SeriesValue {
                period_code: value.period_code.clone(),
                value: None,
                symbol: o.symbol.clone(),
                quality: None,
            },
            _ => value.clone(),
        })
        .collect()
}

/// Every value the rule hides, across the project: (indicator code, region key, period
/// code, breakdown key), for outputs that stream all observations (the CSV export).
pub fn hidden_places(
    conn: &Connection,
    rule: &Rule,
) -> Result<std::collections::HashSet<(String, String, String, String)>> {
    let mut places = std::collections::HashSet::new();
    let codes: Vec<String> = {
        let mut statement =
            conn.prepare_cached("SELECT code FROM indicator WHERE counts = 1 OR formula <> ''")?;
        let rows = statement.query_map([], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for code in codes {
        for o in observations(conn, &code, Some(rule))? {
            if o.value.is_none() && o.note.as_deref() == Some(note(rule).as_str()) {
                places.insert((code.clone(), o.region_key, o.period_code, o.breakdown_key));
            }
        }
    }
    Ok(places)
}

/// The places (region, period, breakdown) of a count indicator's hidden values.
fn hidden_of<S: std::hash::BuildHasher>(
    conn: &Connection,
    code: &str,
    rule: &Rule,
    parents: &HashMap<String, String, S>,
) -> Result<BTreeSet<(String, String, String)>> {
    let stored = crate::store::observations::for_indicator(conn, code)?;
    let hidden = hidden(&stored, parents, rule.min);
    Ok(stored
        .into_iter()
        .zip(hidden)
        .filter(|(_, h)| *h)
        .map(|(o, _)| (o.region_key, o.period_code, o.breakdown_key))
        .collect())
}

fn mask(
    observations: Vec<Observation>,
    places: &BTreeSet<(String, String, String)>,
    rule: &Rule,
) -> Vec<Observation> {
    let note = note(rule);
    observations
        .into_iter()
        .map(|o| {
            if places.contains(&(
                o.region_key.clone(),
                o.period_code.clone(),
                o.breakdown_key.clone(),
            )) {
                Observation {
                    value: None,
                    symbol: Some(".".to_owned()),
                    quality: None,
                    note: Some(note.clone()),
                    ..o
                }
            } else {
                o
            }
        })
        .collect()
}

/// A region the protection cannot see as a sum: its values add up from other regions'
/// though none of them has it as its parent (a flat city file: the whole city beside its
/// districts). Making them its parts lets the protection hide what the total would reveal.
#[derive(Clone, Debug, PartialEq)]
pub struct UnknownSum {
    /// The region that holds the sum.
    pub total: crate::model::Region,
    /// The regions that add up to it, ordered by key.
    pub parts: Vec<crate::model::Region>,
    /// The protected indicators whose values show it, the best-supported first.
    pub indicators: Vec<SumSeen>,
}

/// How one indicator shows an [`UnknownSum`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SumSeen {
    /// The indicator's code.
    pub code: String,
    /// The periods in which the sum holds.
    pub periods_held: usize,
    /// The periods checked.
    pub periods: usize,
}

impl UnknownSum {
    /// The finding as a question ("Musterstadt is the sum of 10 regions in 19 of 20
    /// periods (KLEIN): make them its districts?").
    #[must_use]
    pub fn question(&self) -> String {
        let best = self.indicators.first();
        crate::t!(
            "protect.sum.found",
            total = self.total.name,
            parts = self.parts.len(),
            held = best.map_or(0, |s| s.periods_held),
            periods = best.map_or(0, |s| s.periods),
            codes = self
                .indicators
                .iter()
                .map(|s| s.code.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }

    /// The history's name for making the parts the total's districts.
    #[must_use]
    pub fn action_label(&self) -> String {
        crate::t!(
            "protect.sum.action",
            parts = self.parts.len(),
            total = self.total.name
        )
    }
}

/// The sums among the regions of the indicators `rule` protects that the region tree does
/// not know (see [`crate::model::protect::unknown_sums`]), one per total and parts, with
/// the indicators that show it.
pub fn unknown_sums(conn: &Connection, rule: &Rule) -> Result<Vec<UnknownSum>> {
    let regions = crate::store::regions::list(conn)?;
    let by_uuid: HashMap<uuid::Uuid, &crate::model::Region> =
        regions.iter().map(|r| (r.uuid, r)).collect();
    let mut found: Vec<UnknownSum> = Vec::new();
    for code in &rule.counts {
        let stored = crate::store::observations::for_indicator(conn, code)?;
        for sum in crate::model::protect::unknown_sums(&regions, &stored) {
            let seen = SumSeen {
                code: code.clone(),
                periods_held: sum.periods_held,
                periods: sum.periods,
            };
            let same = found.iter_mut().find(|f| {
                f.total.uuid == sum.total
                    && f.parts.iter().map(|p| p.uuid).eq(sum.parts.iter().copied())
            });
            if let Some(same) = same {
                same.indicators.push(seen);
                continue;
            }
            let (Some(total), Some(parts)) = (
                by_uuid.get(&sum.total),
                sum.parts
                    .iter()
                    .map(|p| by_uuid.get(p).map(|r| (*r).clone()))
                    .collect::<Option<Vec<_>>>(),
            ) else {
                continue;
            };
            found.push(UnknownSum {
                total: (*total).clone(),
                parts,
                indicators: vec![seen],
            });
        }
    }
    for f in &mut found {
        f.indicators.sort_by(|a, b| {
            b.periods_held
                .cmp(&a.periods_held)
                .then(a.code.cmp(&b.code))
        });
    }
    found.sort_by(|a, b| a.total.key.cmp(&b.total.key));
    Ok(found)
}

/// Each region key's parent region key.
fn region_parents(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut statement = conn
        .prepare_cached("SELECT r.key, p.key FROM region r JOIN region p ON p.id = r.parent_id")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::testing::Lcg;

    fn observation(region: &str, breakdown: &str, value: f64) -> Observation {
        Observation {
            indicator_code: "K".into(),
            region_key: region.into(),
            period_code: "2024".into(),
            breakdown_key: breakdown.into(),
            value: Some(value),
            symbol: None,
            quality: None,
            note: None,
        }
    }

    /// Random counts by district and sex (and age within sex), with the city's and every
    /// total computed, as official tables hold them: after protection, every sum the table
    /// holds has no hidden value or at least two, and no count below 3 is shown.
    #[test]
    fn observations_with_totals_and_a_region_tree_leak_nothing() {
        for seed in 0..1_500 {
            let mut random = Lcg(seed);
            let districts = 1 + random.below(6) as usize;
            let ages = random.below(3) as usize; // 0: no age breakdown
            let mut observations = Vec::new();
            let mut parents = HashMap::new();
            let mut city: BTreeMap<String, f64> = BTreeMap::new();
            for d in 0..districts {
                let region = format!("C-{d}");
                parents.insert(region.clone(), "C".to_owned());
                let mut total = 0.0;
                for sex in ["m", "w"] {
                    let mut sex_total = 0.0;
                    if ages == 0 {
                        sex_total = match random.below(3) {
                            0 => (1 + random.below(2)) as f64,
                            _ => random.below(30) as f64,
                        };
                    } else {
                        for age in 0..=ages {
                            let value = match random.below(3) {
                                0 => (1 + random.below(2)) as f64,
                                _ => random.below(30) as f64,
                            };
                            let key = format!("ALT={age};GES={sex}");
                            *city.entry(key.clone()).or_default() += value;
                            observations.push(observation(&region, &key, value));
                            sex_total += value;
                        }
                    }
                    let key = format!("GES={sex}");
                    *city.entry(key.clone()).or_default() += sex_total;
                    observations.push(observation(&region, &key, sex_total));
                    total += sex_total;
                }
                *city.entry(String::new()).or_default() += total;
                observations.push(observation(&region, "", total));
            }
            for (key, value) in &city {
                observations.push(observation("C", key, *value));
            }
            let hidden = hidden(&observations, &parents, 3);
            for (o, h) in observations.iter().zip(&hidden) {
                if o.value.is_some_and(|v| v > 0.0 && v < 3.0) {
                    assert!(h, "seed {seed}: {o:?} is shown");
                }
            }
            let is_hidden = |region: &str, key: &str| {
                observations
                    .iter()
                    .zip(&hidden)
                    .find(|(o, _)| o.region_key == region && o.breakdown_key == key)
                    .map(|(_, h)| *h)
            };
            // Every sum: a total and its sexes; a sex and its ages; the city and its
            // districts, for every breakdown.
            let mut sums: Vec<Vec<Option<bool>>> = Vec::new();
            let mut regions: Vec<String> = (0..districts).map(|d| format!("C-{d}")).collect();
            regions.push("C".into());
            for region in &regions {
                sums.push(vec![
                    is_hidden(region, ""),
                    is_hidden(region, "GES=m"),
                    is_hidden(region, "GES=w"),
                ]);
                if ages > 0 {
                    for sex in ["m", "w"] {
                        let mut sum = vec![is_hidden(region, &format!("GES={sex}"))];
                        sum.extend(
                            (0..=ages)
                                .map(|age| is_hidden(region, &format!("ALT={age};GES={sex}"))),
                        );
                        sums.push(sum);
                    }
                }
            }
            for key in city.keys() {
                let mut sum = vec![is_hidden("C", key)];
                sum.extend((0..districts).map(|d| is_hidden(&format!("C-{d}"), key)));
                sums.push(sum);
            }
            for sum in sums {
                let count = sum.iter().filter(|h| **h == Some(true)).count();
                assert_ne!(
                    count, 1,
                    "seed {seed}: a sum leaves one hidden value: {sum:?}"
                );
            }
        }
    }
}
