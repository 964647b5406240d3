//! Writing the demo: the one action that creates it, and in it the project, the generated
//! city and data, and the asset tables between them.

use std::collections::BTreeSet;
use std::path::Path;

use super::city::{self, AGE_GROUPS};
use super::dimensions::{AGE, FEMALE, FOREIGN, GERMAN, MALE, NATIONALITY, SEX, UNDER_THREE};
use super::ids::{Ids, Refs};
use super::indicators::INDICATORS;
use super::series;
use super::{
    AUTHORS, CITY, CITY_KEY, DESCRIPTION, MUNICIPALITY, NAME, REGION_KEY, analysis, content,
    presentation,
};
use crate::model::{Indicator, IndicatorGoal, IndicatorTarget, Observation, Period, Project};
use crate::store::observations::{self, ObservationWriter};
use crate::store::{ActionKind, Result, Store, StoreError, Tx};

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
