//! How the demo's observations are made from an indicator's parameters
//! ([`IndicatorSpec`]): its series for the city and every district (the population
//! indicators' from the city's residents), and the symbols official statistics would put
//! in the published cells.

use crate::model::{Observation, breakdown_key};

use super::city::{
    AGE_GROUPS, BERGHEIM, DISTRICTS, District, KIRCHFELD, MINOR_GROUPS, Place, Population,
    SCHOOL_CLOSED_FROM,
};
use super::dimensions::{AGE, FEMALE, FOREIGN, GERMAN, MALE, NATIONALITY, SEX};
use super::indicators::INDICATORS;
use super::random::Rng;
use super::spec::{IndicatorSpec, Model, Scope};
use super::{FIRST_YEAR, LAST_YEAR};

/// The social index of an average district.
const MEAN_SOCIAL: f64 = 0.5;
/// Districts of this size have the indicator's own noise; smaller ones more.
const REFERENCE_RESIDENTS: f64 = 15_000.0;
/// Below this size a district's breakdowns are too small to publish.
const SMALL_DISTRICT: f64 = 5_000.0;
/// Below this share of foreign residents, counts of foreign pupils are kept secret.
const FEW_FOREIGN: f64 = 0.08;
/// The weight of boys and men in a value broken down by sex.
const MALE_SHARE: f64 = 0.51;
/// How much noisier a breakdown is than its total.
const SPLIT_NOISE: f64 = 1.4;

/// Local events that move one district's values from a year on:
/// `(indicator, district, from year, factor)`.
const EFFECTS: &[(&str, &str, i32, f64)] = &[
    // The new Kita "Neue Hafenkante" opened in August 2023.
    ("BQ_U3", "06", 2024, 1.15),
    // Kirchfeld's one-form primary school had small classes.
    ("KLG_GS", "10", FIRST_YEAR, 0.78),
    // Nordstadt's primary schools are full.
    ("KLG_GS", "02", 2017, 1.06),
    ("OGS_GS", "02", 2022, 1.12),
    // Learning support at the Gesamtschule after the pandemic.
    ("SA_OA", "05", 2021, 0.8),
];

/// Notes on the city's (`None`) or a district's total: `(indicator, district, year, note)`.
const NOTES: &[(&str, Option<&str>, i32, &str)] = &[
    (
        "BEV",
        None,
        2015,
        "Anstieg vor allem durch die Aufnahme Geflüchteter",
    ),
    ("BEV", None, 2022, "Zuzug Geflüchteter aus der Ukraine"),
    (
        "BQ_U3",
        Some("06"),
        2024,
        "Neue Kita Neue Hafenkante mit 90 Plätzen seit August 2023",
    ),
    (
        "SEU_SPR",
        None,
        2020,
        "Pandemiebedingt nur zum Teil untersucht; Stadtwert geschätzt, Stadtteilwerte nicht belastbar",
    ),
    (
        "UEQ_GYM",
        None,
        2019,
        "Rückkehr zum neunjährigen Gymnasium (G9) ab Jahrgangsstufe 5",
    ),
    (
        "SA_HSR",
        None,
        2012,
        "Doppelter Abiturjahrgang durch die Umstellung auf das achtjährige Gymnasium",
    ),
    (
        "WDH_SEK1",
        None,
        2020,
        "Versetzungen 2020 pandemiebedingt ausgesetzt; nur freiwillige Wiederholungen",
    ),
    (
        "SUS_GS",
        Some("10"),
        2016,
        "Grundschule Kirchfeld zum Schuljahr 2016/17 geschlossen; die Kinder besuchen die Grundschule Bergheim",
    ),
    (
        "OGS_GS",
        Some("10"),
        2016,
        "Seit dem Schuljahr 2016/17 keine Grundschule im Stadtteil",
    ),
    (
        "KLG_GS",
        Some("10"),
        2016,
        "Seit dem Schuljahr 2016/17 keine Grundschule im Stadtteil",
    ),
    ("ALQ_U25", None, 2020, "Anstieg durch die Corona-Pandemie"),
    ("AUSB_NEU", None, 2020, "Rückgang durch die Corona-Pandemie"),
    (
        "VHS_UST",
        None,
        2020,
        "Kursbetrieb von März bis Mai und ab November 2020 pandemiebedingt eingestellt",
    ),
    (
        "VHS_BEL",
        None,
        2020,
        "Kursbetrieb von März bis Mai und ab November 2020 pandemiebedingt eingestellt",
    ),
    (
        "BIB_ENTL",
        None,
        2020,
        "Bibliothek von März bis Mai 2020 geschlossen; Onleihe stark gestiegen",
    ),
    (
        "BIB_AKT",
        None,
        2020,
        "Bibliothek von März bis Mai 2020 geschlossen",
    ),
];

/// True zeros (`-`): `(indicator, district, breakdown, year)`.
const ZEROS: &[(&str, &str, &str, i32)] = &[
    ("SA_OA", "07", "GES=GESW", 2013),
    ("SA_OA", "07", "GES=GESW", 2018),
    ("SA_OA", "07", "GES=GESW", 2022),
    ("FSQ", "07", "GES=GESW", 2019),
];

/// What a cell of the published table holds.
enum Cell {
    /// A number, perhaps with a quality flag.
    Value(Option<&'static str>),
    /// A true zero (`-`).
    Zero,
    /// No number; the symbol says why.
    Missing(&'static str),
}

impl IndicatorSpec {
    fn data_years(&self) -> Vec<i32> {
        self.years
            .map_or_else(|| (FIRST_YEAR..=LAST_YEAR).collect(), <[i32]>::to_vec)
    }

    /// The city's level in `year`, from the trend points.
    fn level(&self, year: i32) -> f64 {
        let year = f64::from(year);
        let mut previous: Option<(f64, f64)> = None;
        for &(point_year, value) in self.trend {
            let point_year = f64::from(point_year);
            if year <= point_year {
                return match previous {
                    Some((from_year, from_value)) => {
                        from_value
                            + (value - from_value) * (year - from_year) / (point_year - from_year)
                    }
                    None => value,
                };
            }
            previous = Some((point_year, value));
        }
        previous.map_or(0.0, |(_, value)| value)
    }

    fn is_closed(&self, place: Place, year: i32) -> bool {
        self.school_site && place == Place::District(KIRCHFELD) && year >= SCHOOL_CLOSED_FROM
    }

    /// What the published cell holds, the way official statistics would publish it.
    fn cell(&self, place: Place, year: i32, breakdown: &str) -> Cell {
        let district = place.district();
        if self.late_last && year == LAST_YEAR {
            return Cell::Missing("...");
        }
        if self.is_closed(place, year) {
            return if self.model == Model::Count {
                Cell::Zero
            } else {
                Cell::Missing("x")
            };
        }
        if self.unreliable_year == Some(year) {
            return if district.is_some() {
                Cell::Missing("/")
            } else {
                Cell::Value(Some("e"))
            };
        }
        if let (Some(symbol), Some(district)) = (self.small_cells, district)
            && !breakdown.is_empty()
            && (district.residents_2024 < SMALL_DISTRICT
                || (breakdown.contains(FOREIGN) && district.foreign < FEW_FOREIGN))
        {
            return Cell::Missing(symbol);
        }
        if let Some(district) = district
            && ZEROS.iter().any(|&(code, zero_district, key, zero_year)| {
                code == self.code
                    && zero_district == district.code
                    && key == breakdown
                    && zero_year == year
            })
        {
            return Cell::Zero;
        }
        Cell::Value((self.provisional_last && year == LAST_YEAR).then_some("p"))
    }

    /// The breakdowns of a rate: key, value relative to the total, and weight in the total.
    /// The factors of each dimension average to 1 over its weights.
    fn splits(&self, foreign_share: f64) -> Vec<(String, f64, f64)> {
        let mut splits = Vec::new();
        if let Some(ratio) = self.sex_ratio {
            let female = 1.0 / (MALE_SHARE * ratio + (1.0 - MALE_SHARE));
            splits.push((breakdown_key(&[(SEX, MALE)]), ratio * female, MALE_SHARE));
            splits.push((breakdown_key(&[(SEX, FEMALE)]), female, 1.0 - MALE_SHARE));
        }
        if let Some(ratio) = self.nat_ratio {
            let german = 1.0 / ((1.0 - foreign_share) + foreign_share * ratio);
            splits.push((
                breakdown_key(&[(NATIONALITY, GERMAN)]),
                german,
                1.0 - foreign_share,
            ));
            splits.push((
                breakdown_key(&[(NATIONALITY, FOREIGN)]),
                ratio * german,
                foreign_share,
            ));
        }
        for band in self.ages {
            splits.push((
                breakdown_key(&[(AGE, band.code)]),
                band.factor,
                1.0 / self.ages.len() as f64,
            ));
        }
        splits
    }

    /// The indicator's observations.
    pub(super) fn generate(&self, population: &Population) -> Vec<Observation> {
        let mut emitter = Emitter {
            spec: self,
            out: Vec::new(),
        };
        match (self.model, self.scope) {
            (Model::Population, _) => population.emit_residents(&mut emitter),
            (Model::ShareUnder18, _) => population.emit_minor_share(&mut emitter),
            (Model::Rate | Model::Count, Scope::Districts) => {
                self.district_series(population, &mut emitter);
            }
            (Model::Rate | Model::Count, Scope::City) => self.city_series(&mut emitter),
        }
        emitter.out
    }

    /// Values for every district, and the city as their weighted mean (rates) or sum
    /// (counts).
    fn district_series(&self, population: &Population, emitter: &mut Emitter<'_>) {
        let mut rng = Rng::for_key(self.code);
        for year in self.data_years() {
            let t = year_index(year);
            let base = self.level(year);
            // The people the indicator is about; a closed school's pupils go to Bergheim.
            let mut weights: Vec<f64> = (0..DISTRICTS.len())
                .map(|d| population.weight(self.weight, d, t))
                .collect();
            if self.is_closed(Place::District(KIRCHFELD), year) {
                weights[BERGHEIM] += weights[KIRCHFELD];
                weights[KIRCHFELD] = 0.0;
            }
            let factors: Vec<f64> = DISTRICTS
                .iter()
                .map(|district| {
                    (self.social * (district.social - MEAN_SOCIAL)).exp()
                        * effect(self.code, district.code, year)
                })
                .collect();
            let total_weight: f64 = weights.iter().sum();
            let weighted: f64 = weights.iter().zip(&factors).map(|(w, f)| w * f).sum();
            if self.model == Model::Count {
                let (mut city_total, mut city_men, mut city_women) = (0.0, 0.0, 0.0);
                for (d, district) in DISTRICTS.iter().enumerate() {
                    let spread = noise_spread(self.noise, district);
                    let total = (base * weights[d] * factors[d] / weighted
                        * (1.0 + spread * rng.gauss()))
                    .round();
                    let parts = self.count_parts(total, &mut rng);
                    emitter.counts(Place::District(d), year, total, parts);
                    city_total += total;
                    if let Some((men, women)) = parts {
                        city_men += men;
                        city_women += women;
                    }
                }
                let parts = self.sex_ratio.map(|_| (city_men, city_women));
                emitter.counts(Place::City, year, city_total, parts);
            } else {
                let mut city_total = 0.0;
                let mut city_parts: Vec<(String, f64, f64)> = Vec::new();
                for (d, district) in DISTRICTS.iter().enumerate() {
                    let spread = noise_spread(self.noise, district);
                    let total = (base * factors[d] * total_weight / weighted
                        * (1.0 + spread * rng.gauss()))
                    .clamp(0.0, self.max);
                    let place = Place::District(d);
                    emitter.emit(place, year, "", total);
                    city_total += weights[d] * total;
                    let splits = self.splits(district.foreign);
                    if city_parts.is_empty() {
                        city_parts = splits
                            .iter()
                            .map(|(key, _, _)| (key.clone(), 0.0, 0.0))
                            .collect();
                    }
                    for ((key, factor, share), sum) in splits.iter().zip(&mut city_parts) {
                        let value = (total * factor * (1.0 + SPLIT_NOISE * spread * rng.gauss()))
                            .clamp(0.0, self.max);
                        emitter.emit(place, year, key, value);
                        sum.1 += weights[d] * share * value;
                        sum.2 += weights[d] * share;
                    }
                }
                emitter.emit(Place::City, year, "", city_total / total_weight);
                for (key, sum, weight) in &city_parts {
                    emitter.emit(Place::City, year, key, sum / weight);
                }
            }
        }
    }

    /// Values for the city alone.
    fn city_series(&self, emitter: &mut Emitter<'_>) {
        let mut rng = Rng::for_key(self.code);
        let foreign_share = city_foreign_share();
        for year in self.data_years() {
            let value = self.level(year) * (1.0 + self.noise * rng.gauss());
            if self.model == Model::Count {
                let total = value.round();
                let parts = self.count_parts(total, &mut rng);
                emitter.counts(Place::City, year, total, parts);
            } else {
                let total = value.clamp(0.0, self.max);
                emitter.emit(Place::City, year, "", total);
                for (key, factor, _) in self.splits(foreign_share) {
                    let part = (total * factor * (1.0 + SPLIT_NOISE * self.noise * rng.gauss()))
                        .clamp(0.0, self.max);
                    emitter.emit(Place::City, year, &key, part);
                }
            }
        }
    }

    /// A count split into men and women, if the indicator is broken down by sex.
    fn count_parts(&self, total: f64, rng: &mut Rng) -> Option<(f64, f64)> {
        let ratio = self.sex_ratio?;
        let male = (total * ratio / (1.0 + ratio) * (1.0 + 0.01 * rng.gauss()))
            .round()
            .clamp(0.0, total);
        Some((male, total - male))
    }
}

/// The product of the local effects on a district's value in `year`.
fn effect(code: &str, district: &str, year: i32) -> f64 {
    EFFECTS
        .iter()
        .filter(|&&(effect_code, effect_district, from, _)| {
            effect_code == code && effect_district == district && year >= from
        })
        .map(|&(_, _, _, factor)| factor)
        .product()
}

/// The noise of a district: small districts vary more from year to year.
fn noise_spread(noise: f64, district: &District) -> f64 {
    noise * (REFERENCE_RESIDENTS / district.residents_2024).sqrt()
}

fn city_foreign_share() -> f64 {
    let residents: f64 = DISTRICTS
        .iter()
        .map(|district| district.residents_2024)
        .sum();
    DISTRICTS
        .iter()
        .map(|district| district.residents_2024 * district.foreign)
        .sum::<f64>()
        / residents
}

/// The index of `year` in the years with data.
pub(super) fn year_index(year: i32) -> usize {
    (year - FIRST_YEAR) as usize
}

fn round_to(value: f64, decimals: i64) -> f64 {
    let scale = 10_f64.powi(decimals as i32);
    (value * scale).round() / scale
}

/// Turns generated values into observations with the symbols official data would carry.
pub(super) struct Emitter<'s> {
    spec: &'s IndicatorSpec,
    out: Vec<Observation>,
}

impl Emitter<'_> {
    /// A value as published: rounded, or replaced by the symbol its cell carries, with the
    /// note on its total.
    pub(super) fn emit(&mut self, place: Place, year: i32, breakdown: &str, value: f64) {
        let spec = self.spec;
        let (value, symbol, quality) = match spec.cell(place, year, breakdown) {
            Cell::Value(quality) => (Some(round_to(value, spec.decimals)), None, quality),
            Cell::Zero => (Some(0.0), Some("-"), None),
            Cell::Missing(symbol) => (None, Some(symbol), None),
        };
        let note = if breakdown.is_empty() {
            let district = place.district().map(|district| district.code);
            NOTES
                .iter()
                .find(|&&(code, note_district, note_year, _)| {
                    code == spec.code && note_district == district && note_year == year
                })
                .map(|&(_, _, _, note)| note.to_owned())
        } else {
            None
        };
        self.out.push(Observation {
            indicator_code: spec.code.to_owned(),
            region_key: place.key(),
            period_code: spec.calendar.code(year),
            breakdown_key: breakdown.to_owned(),
            value,
            symbol: symbol.map(str::to_owned),
            quality: quality.map(str::to_owned),
            note,
        });
    }

    /// A count and, if given, its men and women.
    pub(super) fn counts(
        &mut self,
        place: Place,
        year: i32,
        total: f64,
        parts: Option<(f64, f64)>,
    ) {
        self.emit(place, year, "", total);
        if let Some((male, female)) = parts {
            self.emit(place, year, &breakdown_key(&[(SEX, MALE)]), male);
            self.emit(place, year, &breakdown_key(&[(SEX, FEMALE)]), female);
        }
    }
}

/// Every indicator's observations, in the order of [`INDICATORS`].
pub(super) fn generate_all() -> Vec<Vec<Observation>> {
    let population = Population::generate();
    INDICATORS
        .iter()
        .map(|spec| spec.generate(&population))
        .collect()
}

/// The population indicators' series, from the city's residents.
impl Population {
    /// The population indicator: residents by age group and sex.
    pub(super) fn emit_residents(&self, emitter: &mut Emitter<'_>) {
        for place in Place::all() {
            for year in FIRST_YEAR..=LAST_YEAR {
                let t = year_index(year);
                let groups: Vec<[i64; 2]> = (0..AGE_GROUPS.len())
                    .map(|g| self.group(place, t, g))
                    .collect();
                let men: i64 = groups.iter().map(|[men, _]| men).sum();
                let women: i64 = groups.iter().map(|[_, women]| women).sum();
                emitter.counts(
                    place,
                    year,
                    (men + women) as f64,
                    Some((men as f64, women as f64)),
                );
                for (group, [men, women]) in AGE_GROUPS.iter().zip(&groups) {
                    emitter.emit(
                        place,
                        year,
                        &breakdown_key(&[(AGE, group.code)]),
                        (men + women) as f64,
                    );
                    emitter.emit(
                        place,
                        year,
                        &breakdown_key(&[(AGE, group.code), (SEX, MALE)]),
                        *men as f64,
                    );
                    emitter.emit(
                        place,
                        year,
                        &breakdown_key(&[(AGE, group.code), (SEX, FEMALE)]),
                        *women as f64,
                    );
                }
            }
        }
    }

    /// The share of residents under 18.
    pub(super) fn emit_minor_share(&self, emitter: &mut Emitter<'_>) {
        for place in Place::all() {
            for year in FIRST_YEAR..=LAST_YEAR {
                let t = year_index(year);
                let people = |range: std::ops::Range<usize>| -> f64 {
                    range
                        .map(|g| self.group(place, t, g))
                        .map(|[men, women]| (men + women) as f64)
                        .sum()
                };
                let share = 100.0 * people(0..MINOR_GROUPS) / people(0..AGE_GROUPS.len());
                emitter.emit(place, year, "", share);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::CITY_KEY;
    use crate::demo::spec::Calendar;

    #[test]
    fn the_data_are_plausible() {
        let series = generate_all();
        let value = |code: &str, region: &str, period: &str, breakdown: &str| -> Option<f64> {
            series
                .iter()
                .flatten()
                .find(|o| {
                    o.indicator_code == code
                        && o.region_key == region
                        && o.period_code == period
                        && o.breakdown_key == breakdown
                })
                .and_then(|o| o.value)
        };
        let nordstadt = DISTRICTS[1].key();
        let stadtpark = DISTRICTS[6].key();
        for year in FIRST_YEAR..LAST_YEAR {
            let period = Calendar::SchoolYear.code(year);
            let poor = value("SA_OA", &nordstadt, &period, "").unwrap();
            let rich = value("SA_OA", &stadtpark, &period, "").unwrap();
            assert!(poor > 2.0 * rich, "{period}: {poor} vs {rich}");
            let poor = value("UEQ_GYM", &nordstadt, &period, "").unwrap();
            let rich = value("UEQ_GYM", &stadtpark, &period, "").unwrap();
            assert!(rich > 1.5 * poor, "{period}: {rich} vs {poor}");
        }
        for year in FIRST_YEAR..=LAST_YEAR {
            let period = year.to_string();
            let districts: f64 = DISTRICTS
                .iter()
                .map(|d| value("BEV", &d.key(), &period, "").unwrap())
                .sum();
            let city = value("BEV", CITY_KEY, &period, "").unwrap();
            assert!(
                (districts - city).abs() < 0.5,
                "{period}: {districts} vs {city}"
            );
            assert!((145_000.0..165_000.0).contains(&city), "{period}: {city}");
        }
        for (spec, observations) in INDICATORS.iter().zip(&series) {
            for observation in observations {
                assert!(
                    observation.value.is_some() || observation.symbol.is_some(),
                    "{observation:?}"
                );
                if let Some(value) = observation.value {
                    assert!(value >= 0.0 && value <= spec.max, "{observation:?}");
                    if spec.unit == "%" {
                        assert!(value <= 100.0, "{observation:?}");
                    }
                }
            }
        }
    }
}
