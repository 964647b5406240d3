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

/// The demo as a whole: what it holds, that it is the same every time.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::series::generate_all;
    use crate::model::{MeasureStage, Polarity, StakeholderKind as Kind};
    use crate::store::counts::counts;

    fn demo() -> (tempfile::TempDir, Store) {
        // Made by an English window: the demo's own text stays German.
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        let dir = tempfile::tempdir().unwrap();
        let store = create(
            &dir.path().join("demo.lernstadt"),
            &crate::store::Host::default(),
        )
        .unwrap();
        (dir, store)
    }

    fn column(store: &Store, sql: &str) -> BTreeSet<String> {
        let mut statement = store.conn().prepare(sql).unwrap();
        statement
            .query_map([], |row| row.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn the_demo_has_every_kind_of_content() {
        let (_dir, store) = demo();
        let counts = counts(store.conn()).unwrap();
        assert!(counts.stakeholders >= 20, "{counts:?}");
        assert!(counts.working_groups >= 3, "{counts:?}");
        assert!(counts.goals >= 15, "{counts:?}");
        assert!(counts.measures >= 15, "{counts:?}");
        assert!(counts.indicators >= 20, "{counts:?}");
        assert!(counts.regions >= 9, "{counts:?}");
        assert!(counts.observations >= 10_000, "{counts:?}");
        assert_eq!(crate::store::counts::verify(store.conn()).unwrap(), None);
        // One action creates it all.
        assert_eq!(counts.actions, 1);
        let project = crate::store::project::get(store.conn()).unwrap().project;
        assert_eq!(
            (project.name.as_str(), project.municipality.as_str()),
            (NAME, MUNICIPALITY)
        );
        assert_eq!(project.region_key, REGION_KEY);
        assert_eq!(project.default_language, "de");
        // Its generated text is German, like the rest of it, whatever the test speaks.
        let index = crate::store::indicators::list(store.conn())
            .unwrap()
            .into_iter()
            .find(|i| i.code == "SOZ")
            .unwrap();
        assert!(index.source.starts_with("Berechnet: "), "{}", index.source);
        assert!(
            index.definition.starts_with("Sozialindex"),
            "{}",
            index.definition
        );
    }

    #[test]
    fn every_measure_status_occurs_and_measures_are_consistent() {
        let (_dir, store) = demo();
        let measures = crate::store::measures::list(store.conn()).unwrap();
        let statuses: BTreeSet<MeasureStage> =
            measures.iter().map(|measure| measure.status).collect();
        assert_eq!(statuses.len(), MeasureStage::ALL.len(), "{statuses:?}");
        for measure in &measures {
            if let (Some(start), Some(end)) = (&measure.start_date, &measure.end_date) {
                assert!(end >= start, "{}", measure.title);
            }
            if measure.status == MeasureStage::Proposed {
                assert!(
                    measure.budget_planned_eur.is_none() && measure.start_date.is_none(),
                    "{}",
                    measure.title
                );
            }
            assert!(measure.lead_stakeholder.is_some(), "{}", measure.title);
        }
    }

    #[test]
    fn contact_data_use_reserved_domains_only() {
        let (_dir, store) = demo();
        let stakeholders = crate::store::stakeholders::list(store.conn()).unwrap();
        let emails: BTreeSet<&str> = stakeholders
            .iter()
            .map(|s| s.email.as_str())
            .filter(|email| !email.is_empty())
            .collect();
        assert!(emails.len() >= 5, "{emails:?}");
        for email in &emails {
            let domain = email.rsplit_once('@').unwrap().1;
            assert!(
                domain.ends_with(".example")
                    || ["example.org", "example.com", "example.net"].contains(&domain),
                "{email}"
            );
        }
        assert!(
            stakeholders
                .iter()
                .any(|s| s.contact_person.is_empty() && s.email.is_empty())
        );
        for stakeholder in &stakeholders {
            assert!(
                stakeholder.phone.is_empty() || stakeholder.phone.starts_with("0999 "),
                "{}",
                stakeholder.phone
            );
        }
        let kinds: BTreeSet<Kind> = stakeholders.iter().map(|s| s.kind).collect();
        assert!(kinds.len() >= 10, "{kinds:?}");
    }

    #[test]
    fn statistics_symbols_and_quality_flags_occur() {
        let (_dir, store) = demo();
        let symbols = column(
            &store,
            "SELECT DISTINCT symbol FROM observation WHERE symbol IS NOT NULL",
        );
        for symbol in [".", "-", "x", "/", "..."] {
            assert!(
                symbols.contains(symbol),
                "{symbol} missing from {symbols:?}"
            );
        }
        let qualities = column(
            &store,
            "SELECT DISTINCT quality FROM observation WHERE quality IS NOT NULL",
        );
        assert!(qualities.contains("p"), "{qualities:?}");
        // A symbol without a number stands alone; a true zero is a zero.
        let wrong: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM observation
                 WHERE (symbol = '-' AND value <> 0) OR (symbol IN ('.', 'x', '/', '...') AND value IS NOT NULL)",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(wrong, 0);
        // Dimensions and members carry labels, not only codes.
        let labels = column(&store, "SELECT label FROM dimension_member");
        assert!(
            labels.contains("weiblich") && labels.contains("unter 3 Jahre"),
            "{labels:?}"
        );
    }

    #[test]
    fn indicators_have_baselines_targets_and_goals() {
        let (_dir, store) = demo();
        let indicators = crate::store::indicators::list(store.conn()).unwrap();
        assert!(
            indicators
                .iter()
                .any(|i| i.polarity == Polarity::TargetBand && i.band_low.is_some())
        );
        // Imported indicators have a baseline and a target; the computed ones (a share, the
        // social index) describe, they are not steered.
        let steered = indicators.iter().filter(|i| i.formula.is_empty()).count() as i64;
        assert_eq!(steered + 2, indicators.len() as i64);
        for indicator in indicators.iter().filter(|i| i.formula.is_empty()) {
            assert!(indicator.baseline_value.is_some(), "{}", indicator.code);
        }
        let linked: i64 = store
            .conn()
            .query_row(
                "SELECT count(DISTINCT indicator_id) FROM indicator_goal",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(linked, indicators.len() as i64);
        let with_targets: i64 = store
            .conn()
            .query_row(
                "SELECT count(DISTINCT indicator_id) FROM indicator_target",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(
            with_targets, steered,
            "every imported indicator has a target"
        );
    }

    #[test]
    fn generating_twice_gives_identical_content() {
        assert_eq!(generate_all(), generate_all());
        let (_first_dir, first) = demo();
        let (_second_dir, second) = demo();
        let (a, b) = (first.conn(), second.conn());
        assert_eq!(
            crate::store::stakeholders::list(a).unwrap(),
            crate::store::stakeholders::list(b).unwrap()
        );
        assert_eq!(
            crate::store::goals::list(a).unwrap(),
            crate::store::goals::list(b).unwrap()
        );
        assert_eq!(
            crate::store::indicators::list(a).unwrap(),
            crate::store::indicators::list(b).unwrap()
        );
        assert_eq!(
            crate::store::measures::list(a).unwrap(),
            crate::store::measures::list(b).unwrap()
        );
        assert_eq!(
            crate::store::regions::list(a).unwrap(),
            crate::store::regions::list(b).unwrap()
        );
        for code in ["BEV", "BQ_U3", "SA_OA", "STUD", "WB_TQ"] {
            let observations = observations::for_indicator(a, code).unwrap();
            assert!(!observations.is_empty(), "{code}");
            assert_eq!(
                observations,
                observations::for_indicator(b, code).unwrap(),
                "{code}"
            );
        }
        assert_eq!(
            counts(a).unwrap().observations,
            counts(b).unwrap().observations
        );
    }
}
