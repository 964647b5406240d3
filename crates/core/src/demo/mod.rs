//! The built-in demo project: the fictional city of Musterstadt.
//!
//! Musterstadt is a county-free city (kreisfreie Stadt) of about 160,000 people with ten
//! districts of different size and social profile. The demo holds its education
//! stakeholders, working groups, goal tree, measures and indicators, and fifteen years
//! (2010–2024) of observations for the city and every district: plausible levels, smooth
//! trends with a little noise, districts that differ the way real ones do, and the
//! statistics symbols official data would carry (secret cells, true zeros, provisional and
//! late figures).
//!
//! The people and plans (stakeholders, working groups, goals, measures and their links) are
//! entity lists under `assets/demo/`, read through the entity importer (`content`); the
//! city, its indicators and their data are generated in code: `city` (districts, people,
//! boundaries), `indicators` (what each indicator is and the parameters of its data),
//! `series` (how the data are made) and `presentation`.
//!
//! Generation is deterministic: a fixed-seed generator makes the noise and the UUIDs (the
//! entity lists hold the UUIDs it made for them), so two demo files hold the same content;
//! only the project row's own UUID and the change log's timestamps differ. All names,
//! people, addresses and numbers are invented; e-mail addresses use reserved example
//! domains and phone numbers a fictional area code.

mod analysis;
mod city;
mod content;
mod indicators;
mod presentation;
mod series;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod workbook_tests;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use uuid::Uuid;

use crate::model::{Indicator, IndicatorGoal, IndicatorTarget, Observation, Period, Project};
use crate::store::observations::{self, ObservationWriter};
use crate::store::{ActionKind, Result, Store, StoreError, Tx};
use city::{AGE_GROUPS, UNDER_THREE};
use indicators::INDICATORS;
use series::{AGE, FEMALE, FOREIGN, GERMAN, MALE, NATIONALITY, SEX};

/// The demo project's name.
pub const NAME: &str = "Bildungsmonitoring Musterstadt";

/// The city's name.
const MUNICIPALITY: &str = "Musterstadt";
/// Regional key (ARS) of the city: state 05, a fictional county code 999.
const REGION_KEY: &str = "059990000000";
/// Municipality key (AGS) of the city; district keys append `-` and two digits.
const CITY_KEY: &str = "05999000";
/// The project's description: what the demo is.
const DESCRIPTION: &str = "Fiktives Beispielprojekt: kommunales Bildungsmanagement und \
     Bildungsmonitoring der kreisfreien Stadt Musterstadt mit zehn Stadtteilen. Alle Namen, \
     Personen und Zahlen sind erfunden.";
/// Who the demo says wrote it.
const AUTHORS: &str = "Bildungsbüro Musterstadt";

/// 2025-01-01 00:00 UTC: the time part of every generated UUID (plus a counter).
const FIXED_MS: u64 = 1_735_689_600_000;
/// The seed of every random stream of the demo.
const SEED: u64 = 0x4D75_7374_6572_7374;

/// The first year with data.
const FIRST_YEAR: i32 = 2010;
/// The last year with data.
const LAST_YEAR: i32 = 2024;
/// How many years have data.
const YEARS: usize = (LAST_YEAR - FIRST_YEAR + 1) as usize;
/// Key of the city in the region references; districts go by their two-digit code.
const CITY: &str = "stadt";

/// Creates the demo project at `path` (which must not exist).
pub fn create(path: &Path, host: &crate::store::Host) -> Result<Store> {
    Store::create_with(path, host, fill)
}

/// Fills a new, empty file with the demo project, in one action.
pub fn fill(store: &mut Store) -> Result<()> {
    // The demo is a German city: the text it generates (a social index's method, a computed
    // indicator's source) is German, the project's language, whatever the window speaks.
    crate::i18n::in_lang(crate::i18n::Lang::De, || {
        store.transact(ActionKind::Create, "demo.create", build)
    })
}

/// Writes the whole demo: the generated city and data, and the asset tables between them
/// (after the regions they refer to, before the indicators that refer to their goals).
fn build(tx: &mut Tx<'_>) -> Result<()> {
    crate::store::project::create(tx, &crate::store::project::NewProject::named(NAME))?;
    let uuid = crate::store::project::get(tx.conn())?.project.uuid;
    tx.update(&Project {
        uuid,
        name: NAME.to_owned(),
        municipality: MUNICIPALITY.to_owned(),
        region_key: REGION_KEY.to_owned(),
        description: DESCRIPTION.to_owned(),
        default_language: "de".to_owned(),
        authors: AUTHORS.to_owned(),
        protect_min_count: None,
        comparison_name: String::new(),
    })?;
    let series = series::generate_all();
    let mut ids = Ids::new();
    insert_periods(tx, &series)?;
    let regions = city::insert_regions(tx, &mut ids)?;
    let rows = content::insert(tx)?;
    ids.skip(rows);
    let goals = content::goal_numbers(tx.conn())?;
    insert_indicators(tx, &mut ids, &goals, &regions, &series)?;
    presentation::insert(tx, &mut ids, &goals)?;
    city::insert_boundaries(tx, &mut ids, &regions)?;
    insert_observations(tx, &series)?;
    analysis::insert(tx, &mut ids, &goals)
}

// ---------------------------------------------------------------------------------------
// Randomness and identities.

/// `SplitMix64`: tiny, fast and plenty for demo noise; one seed, one stream.
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    /// A stream of its own for `key`, so that changing one table leaves the others' data
    /// as they were.
    fn for_key(key: &str) -> Self {
        let hash = key.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3)
        });
        Rng(hash ^ SEED)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// Roughly normal with mean 0 and standard deviation 1, bounded by ±3.5 (a sum of
    /// four uniforms), so that no draw produces an absurd value.
    fn gauss(&mut self) -> f64 {
        let sum: f64 = (0..4).map(|_| self.unit()).sum();
        (sum - 2.0) * 3.0_f64.sqrt()
    }
}

/// Makes UUIDs shaped like v7 ones, from a fixed time, a counter and the seeded stream.
struct Ids {
    rng: Rng,
    counter: u64,
}

impl Ids {
    fn new() -> Self {
        Ids {
            rng: Rng::for_key("uuid"),
            counter: 0,
        }
    }

    /// The next UUID of the stream.
    fn next(&mut self) -> Uuid {
        self.counter += 1;
        let mut bytes = [0_u8; 10];
        bytes[..8].copy_from_slice(&self.rng.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.rng.next_u64().to_le_bytes()[..2]);
        uuid::Builder::from_unix_timestamp_millis(FIXED_MS + self.counter, &bytes).into_uuid()
    }

    /// Passes over `count` UUIDs: those the asset tables hold, which this stream made for
    /// them when the tables were still written in code, so that every UUID made after them
    /// stays as it was.
    fn skip(&mut self, count: u64) {
        for _ in 0..count {
            self.next();
        }
    }
}

/// The UUIDs of inserted entities by the key the generator refers to them by: a region by
/// its district code (or [`CITY`]), a goal by its number in the tree.
struct Refs {
    kind: &'static str,
    uuids: HashMap<String, Uuid>,
}

impl Refs {
    fn new(kind: &'static str) -> Self {
        Refs {
            kind,
            uuids: HashMap::new(),
        }
    }

    /// Adds `key`; an error if it is taken already, so that no key means two entities.
    fn add(&mut self, key: String, uuid: Uuid) -> Result<()> {
        if self.uuids.contains_key(&key) {
            return Err(StoreError::Invalid {
                message: format!("demo {} key {key} given twice", self.kind),
            });
        }
        self.uuids.insert(key, uuid);
        Ok(())
    }

    /// The UUID of `key`; an error names a key the tables use but do not define.
    fn get(&self, key: &str) -> Result<Uuid> {
        self.uuids
            .get(key)
            .copied()
            .ok_or_else(|| StoreError::NotFoundEntity {
                kind: self.kind,
                key: key.to_owned(),
            })
    }
}

// ---------------------------------------------------------------------------------------
// Writing.

/// Inserts every period the observations, baselines and targets use, in time order.
fn insert_periods(tx: &mut Tx<'_>, series: &[Vec<Observation>]) -> Result<()> {
    let mut codes: BTreeSet<String> = series
        .iter()
        .flatten()
        .map(|observation| observation.period_code.clone())
        .collect();
    for spec in INDICATORS {
        codes.extend(spec.baseline_year.map(|year| spec.calendar.code(year)));
        codes.extend(
            spec.targets
                .iter()
                .map(|&(_, year, _)| spec.calendar.code(year)),
        );
    }
    let mut periods = codes
        .iter()
        .map(|code| {
            crate::store::periods::parse_code(code).ok_or_else(|| StoreError::Invalid {
                message: format!("demo period code {code} not understood"),
            })
        })
        .collect::<Result<Vec<Period>>>()?;
    periods.sort_by(|a, b| {
        a.start_date
            .cmp(&b.start_date)
            .then_with(|| a.code.cmp(&b.code))
    });
    for period in &periods {
        tx.insert(period)?;
    }
    Ok(())
}

fn insert_indicators(
    tx: &mut Tx<'_>,
    ids: &mut Ids,
    goals: &Refs,
    regions: &Refs,
    series: &[Vec<Observation>],
) -> Result<()> {
    for (spec, observations) in INDICATORS.iter().zip(series) {
        let indicator = ids.next();
        let baseline_period = spec.baseline_year.map(|year| spec.calendar.code(year));
        let baseline_value = baseline_period.as_ref().and_then(|period| {
            observations
                .iter()
                .find(|o| {
                    o.region_key == CITY_KEY
                        && o.breakdown_key.is_empty()
                        && &o.period_code == period
                })
                .and_then(|o| o.value)
        });
        tx.insert(&Indicator {
            uuid: indicator,
            code: spec.code.to_owned(),
            name: spec.name.to_owned(),
            definition: spec.definition.to_owned(),
            unit: spec.unit.to_owned(),
            decimals: spec.decimals,
            polarity: spec.polarity,
            band_low: spec.band.map(|(low, _)| low),
            band_high: spec.band.map(|(_, high)| high),
            source: spec.source.to_owned(),
            update_frequency: spec.frequency,
            baseline_period,
            baseline_value,
            formula: String::new(),
            counts: crate::model::is_count_unit(spec.unit),
        })?;
        for goal in spec.goals {
            tx.insert(&IndicatorGoal {
                uuid: ids.next(),
                indicator,
                goal: goals.get(goal)?,
            })?;
        }
        for &(district, year, value) in spec.targets {
            tx.insert(&IndicatorTarget {
                uuid: ids.next(),
                indicator,
                region: regions.get(district.unwrap_or(CITY))?,
                period: spec.calendar.code(year),
                value,
            })?;
        }
    }
    Ok(())
}

/// Labels the breakdown dimensions, then writes every observation.
fn insert_observations(tx: &Tx<'_>, series: &[Vec<Observation>]) -> Result<()> {
    let conn = tx.conn();
    let sex = observations::ensure_dimension(conn, SEX, "Geschlecht")?;
    observations::ensure_member(conn, sex, MALE, "männlich")?;
    observations::ensure_member(conn, sex, FEMALE, "weiblich")?;
    let nationality = observations::ensure_dimension(conn, NATIONALITY, "Staatsangehörigkeit")?;
    observations::ensure_member(conn, nationality, GERMAN, "Deutsche")?;
    observations::ensure_member(conn, nationality, FOREIGN, "Ausländerinnen und Ausländer")?;
    let age = observations::ensure_dimension(conn, AGE, "Altersgruppen")?;
    for band in UNDER_THREE {
        observations::ensure_member(conn, age, band.code, band.label)?;
    }
    for group in AGE_GROUPS {
        observations::ensure_member(conn, age, group.code, group.label)?;
    }
    let mut writer = ObservationWriter::new(conn);
    for observation in series.iter().flatten() {
        writer.put(observation)?;
    }
    writer.finish()?;
    Ok(())
}
