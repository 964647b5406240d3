//! The city of Musterstadt: its ten districts and their profiles, its people by age group
//! and sex year by year, its regions and the districts' boundaries.

use crate::model::{Region, RegionLevel, RegionShape};
use crate::store::{Result, Tx};

use super::ids::{Ids, Refs};
use super::random::Rng;
use super::spec::Weight;
use super::{CITY, CITY_KEY, MUNICIPALITY, YEARS};

/// Index of Kirchfeld in [`DISTRICTS`]: its primary school closed in 2016.
pub(super) const KIRCHFELD: usize = 9;
/// Index of Bergheim in [`DISTRICTS`]: Kirchfeld's children go to school there since.
pub(super) const BERGHEIM: usize = 7;
/// The first school year (by its starting year) without a primary school in Kirchfeld.
pub(super) const SCHOOL_CLOSED_FROM: i32 = 2016;

/// A district of Musterstadt and the profile that shapes its data.
pub(super) struct District {
    /// Two digits appended to the city's key.
    pub(super) code: &'static str,
    /// The district's name, as its region is called.
    pub(super) name: &'static str,
    residents_2010: f64,
    pub(super) residents_2024: f64,
    /// 0 (affluent) to 1 (deprived): drives the social gradient of most indicators.
    pub(super) social: f64,
    /// Share of children and young people relative to the city (1 = as the city).
    children: f64,
    /// Share of residents without German citizenship.
    pub(super) foreign: f64,
}

impl District {
    /// A row of [`DISTRICTS`], in the order of the fields.
    const fn new(
        code: &'static str,
        name: &'static str,
        residents_2010: f64,
        residents_2024: f64,
        social: f64,
        children: f64,
        foreign: f64,
    ) -> Self {
        District {
            code,
            name,
            residents_2010,
            residents_2024,
            social,
            children,
            foreign,
        }
    }

    /// The district's regional key: the city's, `-` and the district's code.
    pub(super) fn key(&self) -> String {
        format!("{CITY_KEY}-{}", self.code)
    }
}

/// The ten districts: an old town, a poor and young north, affluent park and suburban
/// districts, a growing former harbour and a small village-like Kirchfeld.
#[rustfmt::skip]
pub(super) const DISTRICTS: &[District] = &[
    //            code  name            residents 2010, 2024  social  children  foreign
    District::new("01", "Altstadt",     13_900.0, 14_600.0,   0.50,   0.70,     0.19),
    District::new("02", "Nordstadt",    25_400.0, 28_300.0,   0.95,   1.30,     0.29),
    District::new("03", "Südviertel",   19_800.0, 20_100.0,   0.30,   0.95,     0.09),
    District::new("04", "Weststadt",    21_700.0, 22_500.0,   0.55,   1.00,     0.14),
    District::new("05", "Oststadt",     23_300.0, 24_600.0,   0.70,   1.10,     0.18),
    District::new("06", "Hafenviertel",  9_100.0, 12_400.0,   0.80,   1.15,     0.24),
    District::new("07", "Am Stadtpark", 10_200.0,  9_900.0,   0.05,   0.85,     0.05),
    District::new("08", "Bergheim",      8_300.0,  9_400.0,   0.20,   1.20,     0.06),
    District::new("09", "Lindenau",     13_600.0, 13_300.0,   0.40,   0.90,     0.10),
    District::new("10", "Kirchfeld",     4_400.0,  4_300.0,   0.15,   1.00,     0.03),
];

/// How the city grew from one year to the next (2011 to 2024), relative: refugees in
/// 2015/16 and 2022 brought most of the growth.
const GROWTH: [f64; YEARS - 1] = [
    0.3, 0.4, 0.6, 1.2, 2.2, 1.4, 0.8, 0.6, 0.5, 0.1, 0.2, 1.6, 0.7, 0.4,
];

/// The life stage of an age group: children's share follows a district's `children`.
#[derive(Clone, Copy)]
enum Stage {
    Child,
    Adult,
    Senior,
}

impl Stage {
    fn factor(self, district: &District) -> f64 {
        match self {
            Stage::Child => district.children,
            Stage::Adult => 1.0,
            Stage::Senior => 2.0 - district.children,
        }
    }
}

/// An age group of the population breakdown, with its share of the city in percent.
pub(super) struct AgeGroup {
    /// The member code in the age dimension.
    pub(super) code: &'static str,
    /// The member's label.
    pub(super) label: &'static str,
    share_2010: f64,
    share_2024: f64,
    stage: Stage,
    male_share: f64,
}

impl AgeGroup {
    /// A row of [`AGE_GROUPS`], in the order of the fields.
    const fn new(
        code: &'static str,
        label: &'static str,
        share_2010: f64,
        share_2024: f64,
        stage: Stage,
        male_share: f64,
    ) -> Self {
        AgeGroup {
            code,
            label,
            share_2010,
            share_2024,
            stage,
            male_share,
        }
    }
}

/// The age groups of the population breakdown, youngest first; together they are everyone.
#[rustfmt::skip]
pub(super) const AGE_GROUPS: &[AgeGroup] = &[
    //            code         label                    share 2010, 2024  stage          men
    AgeGroup::new("ALT000B03", "unter 3 Jahre",         2.6,  2.9,        Stage::Child,  0.512),
    AgeGroup::new("ALT003B06", "3 bis unter 6 Jahre",   2.6,  2.8,        Stage::Child,  0.513),
    AgeGroup::new("ALT006B10", "6 bis unter 10 Jahre",  3.5,  3.6,        Stage::Child,  0.512),
    AgeGroup::new("ALT010B16", "10 bis unter 16 Jahre", 5.6,  5.3,        Stage::Child,  0.514),
    AgeGroup::new("ALT016B18", "16 bis unter 18 Jahre", 2.0,  1.8,        Stage::Child,  0.515),
    AgeGroup::new("ALT018B25", "18 bis unter 25 Jahre", 9.8,  9.5,        Stage::Adult,  0.520),
    AgeGroup::new("ALT025B30", "25 bis unter 30 Jahre", 7.0,  7.4,        Stage::Adult,  0.515),
    AgeGroup::new("ALT030B50", "30 bis unter 50 Jahre", 28.5, 25.5,       Stage::Adult,  0.505),
    AgeGroup::new("ALT050B65", "50 bis unter 65 Jahre", 18.6, 20.2,       Stage::Adult,  0.495),
    AgeGroup::new("ALT065UM",  "65 Jahre und mehr",     19.8, 21.0,       Stage::Senior, 0.440),
];

/// The age groups under 18 come first in [`AGE_GROUPS`].
pub(super) const MINOR_GROUPS: usize = 5;

/// Where a value belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Place {
    /// The whole city.
    City,
    /// An index into [`DISTRICTS`].
    District(usize),
}

impl Place {
    /// The districts, then the city.
    pub(super) fn all() -> impl Iterator<Item = Place> {
        (0..DISTRICTS.len())
            .map(Place::District)
            .chain(std::iter::once(Place::City))
    }

    /// The place's regional key.
    pub(super) fn key(self) -> String {
        match self {
            Place::City => CITY_KEY.to_owned(),
            Place::District(index) => DISTRICTS[index].key(),
        }
    }

    /// The district, if the place is one.
    pub(super) fn district(self) -> Option<&'static District> {
        match self {
            Place::City => None,
            Place::District(index) => Some(&DISTRICTS[index]),
        }
    }
}

/// Residents of each district by year, age group and sex: the population indicators, and
/// the weights of all others.
pub(super) struct Population {
    /// `[district][year - FIRST_YEAR][age group] = [men, women]`.
    counts: Vec<Vec<Vec<[i64; 2]>>>,
}

impl Population {
    /// The residents of every district in every year, grown and aged along the city's
    /// trends, with a little noise of their own.
    pub(super) fn generate() -> Self {
        let mut rng = Rng::for_key("population");
        let all_growth: f64 = GROWTH.iter().sum();
        let mut counts = Vec::with_capacity(DISTRICTS.len());
        for district in DISTRICTS {
            let mut years = Vec::with_capacity(YEARS);
            for t in 0..YEARS {
                let grown = GROWTH[..t].iter().sum::<f64>() / all_growth;
                let residents = district.residents_2010
                    + (district.residents_2024 - district.residents_2010) * grown;
                let progress = t as f64 / (YEARS - 1) as f64;
                let shares: Vec<f64> = AGE_GROUPS
                    .iter()
                    .map(|group| {
                        (group.share_2010 + (group.share_2024 - group.share_2010) * progress)
                            * group.stage.factor(district)
                    })
                    .collect();
                let sum: f64 = shares.iter().sum();
                let groups = AGE_GROUPS
                    .iter()
                    .zip(&shares)
                    .map(|(group, share)| {
                        let people = (residents * share / sum * (1.0 + 0.01 * rng.gauss())).round();
                        let men = (people * group.male_share * (1.0 + 0.004 * rng.gauss())).round();
                        [men as i64, (people - men) as i64]
                    })
                    .collect();
                years.push(groups);
            }
            counts.push(years);
        }
        Population { counts }
    }

    /// Men and women of an age group in a place and year.
    pub(super) fn group(&self, place: Place, t: usize, group: usize) -> [i64; 2] {
        match place {
            Place::District(d) => self.counts[d][t][group],
            Place::City => self.counts.iter().fold([0, 0], |[men, women], district| {
                let [m, w] = district[t][group];
                [men + m, women + w]
            }),
        }
    }

    /// Residents (or minors) of a district, as a weight.
    pub(super) fn weight(&self, weight: Weight, d: usize, t: usize) -> f64 {
        let groups = match weight {
            Weight::Residents => AGE_GROUPS.len(),
            Weight::Minors => MINOR_GROUPS,
        };
        self.counts[d][t][..groups]
            .iter()
            .map(|[men, women]| (men + women) as f64)
            .sum()
    }
}

/// Inserts the city and its districts; the references go by district code (and [`CITY`]).
pub(super) fn insert_regions(tx: &mut Tx<'_>, ids: &mut Ids) -> Result<Refs> {
    let mut refs = Refs::new("region");
    let city = ids.next();
    tx.insert(&Region {
        uuid: city,
        key: CITY_KEY.to_owned(),
        name: MUNICIPALITY.to_owned(),
        level: RegionLevel::Municipality,
        parent: None,
    })?;
    refs.add(CITY.to_owned(), city)?;
    for district in DISTRICTS {
        let uuid = ids.next();
        tx.insert(&Region {
            uuid,
            key: district.key(),
            name: district.name.to_owned(),
            level: RegionLevel::District,
            parent: Some(city),
        })?;
        refs.add(district.code.to_owned(), uuid)?;
    }
    Ok(refs)
}

/// Plausible district boundaries: the Altstadt as an irregular disc in the middle, the other
/// nine districts as sectors around it out to a wavy city limit. Sectors share their edges
/// vertex for vertex, so the map has no gaps.
pub(super) fn insert_boundaries(tx: &mut Tx<'_>, ids: &mut Ids, regions: &Refs) -> Result<()> {
    const CENTRE: (f64, f64) = (7.31, 51.47);
    const STEP: usize = 5;
    let km = |east: f64, north: f64| {
        let lat = CENTRE.1 + north / 111.32;
        let lon = CENTRE.0 + east / (111.32 * CENTRE.1.to_radians().cos());
        [(lon * 1e6).round() / 1e6, (lat * 1e6).round() / 1e6]
    };
    let inner = |degrees: usize| {
        let a = (degrees as f64).to_radians();
        1.3 + 0.15 * (3.0 * a).sin()
    };
    let outer = |degrees: usize| {
        let a = (degrees as f64).to_radians();
        4.2 + 0.7 * (2.0 * a).sin() + 0.35 * (5.0 * a + 1.0).cos()
    };
    let at = |degrees: usize, radius: f64| {
        let a = (degrees as f64).to_radians();
        km(radius * a.sin(), radius * a.cos())
    };
    // Altstadt: the inner ring.
    let mut ring: Vec<[f64; 2]> = (0..360).step_by(STEP).map(|d| at(d, inner(d))).collect();
    ring.push(ring[0]);
    let mut shapes = vec![(DISTRICTS[0].code, vec![ring])];
    // The others clockwise from the north, 40 degrees each, each roughly where its name
    // says (Kirchfeld next to Bergheim, whose school its children attend).
    let order = ["02", "06", "05", "07", "03", "09", "04", "08", "10"];
    let sectors = order
        .iter()
        .filter_map(|code| DISTRICTS.iter().find(|d| d.code == *code));
    for (n, district) in sectors.enumerate() {
        let (from, to) = (n * 40, (n + 1) * 40);
        let mut ring: Vec<[f64; 2]> = (from..=to)
            .step_by(STEP)
            .map(|d| at(d % 360, inner(d % 360)))
            .collect();
        ring.extend(
            (from..=to)
                .rev()
                .step_by(STEP)
                .map(|d| at(d % 360, outer(d % 360))),
        );
        ring.push(ring[0]);
        shapes.push((district.code, vec![ring]));
    }
    for (code, rings) in shapes {
        let geometry = serde_json::json!({ "type": "MultiPolygon", "coordinates": [rings] });
        tx.insert(&RegionShape {
            uuid: ids.next(),
            region: regions.get(code)?,
            geometry: geometry.to_string(),
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_district_constants_name_the_right_districts() {
        assert_eq!(DISTRICTS[KIRCHFELD].name, "Kirchfeld");
        assert_eq!(DISTRICTS[BERGHEIM].name, "Bergheim");
    }
}
