//! Which regions an indicator's outputs show, the same in the window, pictures, slides and
//! the report: with few regions (a city and its districts) all of them, my region first;
//! with many (the 400 Kreise of a Kreis table) my region, its parents and the chosen
//! comparison regions as lines, and the other regions of my region's level as a band —
//! never the first regions of the file.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use crate::model::{Region, RegionLevel};
use crate::snapshot::Snapshot;

/// More regions than this (a city and its districts fit) are no longer all drawn as lines.
pub const MANY_REGIONS: usize = 12;

/// Which regions compare with each other: the same level, and for official keys the same
/// key length (a Regierungsbezirk is no Kreis, though a region its user made by hand may
/// call both counties).
pub type Peers = (RegionLevel, usize);

/// A region's peer group.
#[must_use]
pub fn peers_of(region: &Region) -> Peers {
    let official = crate::model::is_region_key(&region.key);
    (region.level, if official { region.key.len() } else { 0 })
}

/// The peer group most of `regions` belong to.
#[must_use]
pub fn most_common_peers(regions: &[&Region]) -> Option<Peers> {
    let mut counts: Vec<(Peers, usize)> = Vec::new();
    for region in regions {
        let peers = peers_of(region);
        match counts.iter_mut().find(|(p, _)| *p == peers) {
            Some((_, n)) => *n += 1,
            None => counts.push((peers, 1)),
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(p, _)| p)
}

/// My region (else `reference`, the indicator's reference region) and its parents, by key,
/// as far as they are among `regions`; without any, the highest of `regions` when it
/// stands above the rest (Germany over the Kreise).
#[must_use]
pub fn my_chain(data: &Snapshot, reference: Option<Uuid>, regions: &[&Region]) -> Vec<String> {
    let mut mine: Vec<String> = Vec::new();
    let mut next = data.my_region.or(reference).and_then(|r| data.region(r));
    while let Some(region) = next {
        if mine.contains(&region.key) {
            break;
        }
        mine.push(region.key.clone());
        next = region.parent.and_then(|p| data.region(p));
    }
    mine.retain(|key| regions.iter().any(|r| r.key == *key));
    if mine.is_empty()
        && let Some(top) = regions.iter().min_by_key(|r| r.level)
        && most_common_peers(regions).is_some_and(|(common, _)| top.level < common)
    {
        mine.push(top.key.clone());
    }
    mine
}

/// The regions drawn first and emphasised among many: [`my_chain`]; for counts only my
/// region itself — a count is part of its parents' (a Kreis's school leavers of the
/// Land's), so their lines would dwarf it and the band.
#[must_use]
pub fn leading(
    data: &Snapshot,
    reference: Option<Uuid>,
    regions: &[&Region],
    counts: bool,
) -> Vec<String> {
    let mut chain = my_chain(data, reference, regions);
    if counts {
        let mine = data
            .my_region
            .and_then(|r| data.region(r))
            .map(|r| r.key.as_str());
        chain.retain(|key| Some(key.as_str()) == mine);
    }
    chain
}

/// The peer group of the band and of comparisons: my region's (or the reference region's)
/// when others of `regions` share it, else the most common one.
#[must_use]
pub fn peer_group(data: &Snapshot, reference: Option<Uuid>, regions: &[&Region]) -> Option<Peers> {
    data.my_region
        .or(reference)
        .and_then(|r| data.region(r))
        .map(peers_of)
        .filter(|peers| regions.iter().filter(|r| peers_of(r) == *peers).count() > 1)
        .or_else(|| most_common_peers(regions))
}

/// The regions of an indicator that no longer report, each with the last period it had a
/// number in (see [`historical`]).
#[derive(Clone, Debug, Default)]
pub struct Historical(HashMap<String, Option<String>>);

impl Historical {
    /// Whether the region with `key` no longer reports.
    #[must_use]
    pub fn contains(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// The last period the region with `key` had a number in, when it no longer reports.
    #[must_use]
    pub fn until(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Option::as_deref)
    }

    /// How many regions no longer report.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether every region reports.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Regions of an indicator that no longer report (a dissolved Kreis, the old Landkreis
/// Göttingen) or do not yet: in the latest period with numbers, every one of their values
/// is a symbol — `-` included, which a table writes for a Kreis that no longer exists —
/// or (a key the official list no longer holds) they have no number at all, while another
/// region of their peer group has a number. Each with the last period it
/// had a number in, when it had one. Rankings, bands and "no value" lists leave them out.
#[must_use]
pub fn historical<'a>(
    data: &Snapshot,
    observations: impl IntoIterator<Item = &'a crate::model::Observation>,
) -> Historical {
    let observations: Vec<&crate::model::Observation> = observations.into_iter().collect();
    let real =
        |o: &crate::model::Observation| o.value.is_some() && o.symbol.as_deref() != Some("-");
    // Per region: the last x with a number, and whether it has cells at the latest x.
    let latest = observations
        .iter()
        .filter(|o| real(o))
        .map(|o| data.x(&o.period_code))
        .fold(f64::NEG_INFINITY, f64::max);
    if !latest.is_finite() {
        return Historical::default();
    }
    let mut last: HashMap<&str, (f64, &str)> = HashMap::new();
    let mut at_latest: HashMap<&str, bool> = HashMap::new();
    for o in observations.iter().copied() {
        let x = data.x(&o.period_code);
        if real(o) {
            let entry = last.entry(&o.region_key).or_insert((f64::NEG_INFINITY, ""));
            if x > entry.0 {
                *entry = (x, &o.period_code);
            }
        }
        if (x - latest).abs() < 1e-9 {
            *at_latest.entry(&o.region_key).or_insert(false) |= real(o);
        }
    }
    let current_peers: HashSet<Peers> = at_latest
        .iter()
        .filter(|(_, real)| **real)
        .filter_map(|(key, _)| data.regions.iter().find(|r| r.key == *key))
        .map(peers_of)
        .collect();
    // A key the official list no longer holds (a Kreis dissolved since) no longer
    // reports when the latest period has no number of it, cells or none.
    let dissolved = last
        .keys()
        .filter(|key| !at_latest.get(*key).copied().unwrap_or(false))
        .filter(|key| key.len() >= 3 && crate::model::is_region_key(key))
        .filter(|key| !crate::model::official_regions::is_current(key))
        .copied();
    let found = at_latest
        .iter()
        .filter(|(_, real)| !**real)
        .map(|(key, _)| *key)
        .chain(dissolved)
        .filter_map(|key| data.regions.iter().find(|r| r.key == key))
        .filter(|region| current_peers.contains(&peers_of(region)))
        .map(|region| {
            let until = last
                .get(region.key.as_str())
                .map(|(_, period)| (*period).to_owned());
            (region.key.clone(), until)
        })
        .collect();
    Historical(found)
}

/// How many of the highest and of the lowest regions bars show when there are many.
pub const TOP_BARS: usize = 10;

/// The peer group bars compare: the districts when `regions` (those with a value) have
/// some, else [`peer_group`].
#[must_use]
pub fn bar_peers(data: &Snapshot, reference: Option<Uuid>, regions: &[&Region]) -> Option<Peers> {
    let districts: Vec<&Region> = regions
        .iter()
        .copied()
        .filter(|r| r.level == RegionLevel::District)
        .collect();
    if districts.is_empty() {
        peer_group(data, reference, regions)
    } else {
        most_common_peers(&districts)
    }
}

/// What an output of one indicator shows.
#[derive(Debug, Default)]
pub struct Focus<'a> {
    /// Drawn as lines: my region first, its parents, then the comparison regions.
    pub lines: Vec<&'a Region>,
    /// The keys of my region and its parents among them: emphasised.
    pub emphasised: Vec<String>,
    /// The other regions of the peer group, drawn as a band (empty with few regions).
    pub band: Vec<&'a Region>,
}

/// What to show of `regions` (those with values): all of them with few, else my region,
/// its parents (not for `counts`, see [`leading`]) and `chosen` (keys of comparison
/// regions) as lines and the rest of the peer group, without the `historical` regions, as
/// the band.
#[must_use]
pub fn focus<'a>(
    data: &Snapshot,
    reference: Option<Uuid>,
    regions: &[&'a Region],
    chosen: &[String],
    historical: &Historical,
    counts: bool,
) -> Focus<'a> {
    let emphasised = if regions.len() <= MANY_REGIONS {
        my_chain(data, reference, regions)
    } else {
        leading(data, reference, regions, counts)
    };
    let find = |key: &String| regions.iter().copied().find(|r| r.key == *key);
    if regions.len() <= MANY_REGIONS {
        let mut lines: Vec<&Region> = emphasised.iter().filter_map(find).collect();
        lines.extend(
            regions
                .iter()
                .copied()
                .filter(|r| !emphasised.contains(&r.key)),
        );
        return Focus {
            lines,
            emphasised,
            band: Vec::new(),
        };
    }
    let mut lines: Vec<&Region> = emphasised.iter().filter_map(find).collect();
    for region in chosen.iter().filter_map(find) {
        if !lines.iter().any(|l| l.uuid == region.uuid) {
            lines.push(region);
        }
    }
    let peers = peer_group(data, reference, regions);
    let band = regions
        .iter()
        .copied()
        .filter(|r| Some(peers_of(r)) == peers)
        .filter(|r| !lines.iter().any(|l| l.uuid == r.uuid))
        .filter(|r| !historical.contains(&r.key))
        .collect();
    Focus {
        lines,
        emphasised,
        band,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::new_uuid;

    fn region(key: &str, level: RegionLevel, parent: Option<&Region>) -> Region {
        Region {
            uuid: new_uuid(),
            key: key.into(),
            name: format!("R{key}"),
            level,
            parent: parent.map(|p| p.uuid),
        }
    }

    /// Germany, a Land, and `kreise` Kreise in it; my region is the Kreis `mine`.
    fn kreis_table(kreise: usize, mine: Option<usize>) -> Snapshot {
        let de = region("DG", RegionLevel::Country, None);
        let land = region("03", RegionLevel::State, Some(&de));
        let mut regions = vec![de, land.clone()];
        for n in 0..kreise {
            regions.push(region(
                &format!("03{n:03}"),
                RegionLevel::County,
                Some(&land),
            ));
        }
        let mut data = Snapshot {
            my_region: mine.map(|n| regions[2 + n].uuid),
            ..Snapshot::default()
        };
        data.region_index = regions
            .iter()
            .enumerate()
            .map(|(n, r)| (r.uuid, n))
            .collect();
        data.regions = regions;
        data
    }

    /// The old Landkreis Göttingen (03152, dissolved 2016, not in the official list) had
    /// numbers until 2015 and none since; the new one (03159) and an own test key that the
    /// list does not hold either (05999) report: only the dissolved one is historical.
    #[test]
    fn a_key_the_official_list_no_longer_holds_is_historical() {
        let de = region("DG", RegionLevel::Country, None);
        let land = region("03", RegionLevel::State, Some(&de));
        let regions = vec![
            de,
            land.clone(),
            region("03152", RegionLevel::County, Some(&land)),
            region("03159", RegionLevel::County, Some(&land)),
            region("05999", RegionLevel::County, Some(&land)),
        ];
        let data = Snapshot {
            period_x: [("2015".to_owned(), 2015.0), ("2023".to_owned(), 2023.0)]
                .into_iter()
                .collect(),
            regions,
            ..Snapshot::default()
        };
        let observation = |key: &str, period: &str, value: f64| crate::model::Observation {
            indicator_code: "A".into(),
            region_key: key.into(),
            period_code: period.into(),
            breakdown_key: String::new(),
            value: Some(value),
            symbol: None,
            quality: None,
            note: None,
        };
        let observations = [
            observation("03152", "2015", 10.0),
            observation("03159", "2015", 20.0),
            observation("03159", "2023", 30.0),
            observation("05999", "2023", 40.0),
        ];
        let historical = historical(&data, &observations);
        assert!(historical.contains("03152"));
        assert_eq!(historical.until("03152"), Some("2015"));
        assert!(!historical.contains("03159") && !historical.contains("05999"));
        assert_eq!(historical.len(), 1);
    }

    #[test]
    fn many_regions_show_my_region_its_parents_and_a_band_of_its_level() {
        let data = kreis_table(40, Some(17));
        let all: Vec<&Region> = data.regions.iter().collect();
        let chosen = vec!["03005".to_owned()];
        let focus = focus(&data, None, &all, &chosen, &Historical::default(), false);
        let lines: Vec<&str> = focus.lines.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(lines, ["03017", "03", "DG", "03005"]);
        assert_eq!(focus.emphasised, ["03017", "03", "DG"]);
        assert_eq!(focus.band.len(), 38);
        assert!(focus.band.iter().all(|r| r.level == RegionLevel::County));
    }

    #[test]
    fn without_my_region_the_top_region_leads_and_never_the_first_of_the_file() {
        let data = kreis_table(40, None);
        let all: Vec<&Region> = data.regions.iter().collect();
        let focus = focus(&data, None, &all, &[], &Historical::default(), false);
        let lines: Vec<&str> = focus.lines.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(lines, ["DG"]);
        assert_eq!(focus.band.len(), 40);
    }

    #[test]
    fn counts_are_not_drawn_beside_the_parents_they_are_part_of() {
        let data = kreis_table(40, Some(17));
        let all: Vec<&Region> = data.regions.iter().collect();
        let focus = focus(&data, None, &all, &[], &Historical::default(), true);
        let lines: Vec<&str> = focus.lines.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(lines, ["03017"]);
        assert_eq!(focus.band.len(), 39);
    }

    #[test]
    fn few_regions_are_all_lines_with_mine_first() {
        let data = kreis_table(5, Some(3));
        let all: Vec<&Region> = data.regions.iter().collect();
        let focus = focus(&data, None, &all, &[], &Historical::default(), false);
        assert_eq!(focus.lines.len(), 7);
        assert_eq!(focus.lines[0].key, "03003");
        assert!(focus.band.is_empty());
    }
}
