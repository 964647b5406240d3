//! The demo as a whole: what it holds, that its data are plausible, that it is the same
//! every time.

use std::collections::BTreeSet;

use super::city::{BERGHEIM, DISTRICTS, KIRCHFELD};
use super::series::generate_all;
use super::spec::Calendar;
use super::*;
use crate::model::{MeasureStage, Polarity, StakeholderKind as Kind};
use crate::store::Store;
use crate::store::counts::counts;
use crate::store::observations;
use build::create;
use indicators::INDICATORS;

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
fn the_district_constants_name_the_right_districts() {
    assert_eq!(DISTRICTS[KIRCHFELD].name, "Kirchfeld");
    assert_eq!(DISTRICTS[BERGHEIM].name, "Bergheim");
}

#[test]
fn every_measure_status_occurs_and_measures_are_consistent() {
    let (_dir, store) = demo();
    let measures = crate::store::measures::list(store.conn()).unwrap();
    let statuses: BTreeSet<MeasureStage> = measures.iter().map(|measure| measure.status).collect();
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
