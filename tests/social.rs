//! The social index through the command line: every stored value worked out again here
//! from its inputs (z-scores among the districts, turned, weighted), the districts ranked,
//! the method written out, kept current with its inputs, and bad parts refused by name.

use std::collections::BTreeMap;
use std::path::Path;

use lernstadt_core::store::{Host, OpenMode, Store};

use crate::util::Env;

/// The districts' (key, period) → number of `code`'s totals (the city left out).
fn totals(project: &Path, code: &str) -> BTreeMap<(String, String), f64> {
    let store = Store::open(project, OpenMode::ReadOnly, &Host::default()).unwrap();
    lernstadt_core::store::observations::for_indicator(store.conn(), code)
        .unwrap()
        .into_iter()
        .filter(|o| o.breakdown_key.is_empty() && o.region_key.contains('-'))
        .filter_map(|o| Some(((o.region_key, o.period_code), o.value?)))
        .collect()
}

/// z-scores of one indicator's districts in one period (sample standard deviation).
fn z_scores(values: &BTreeMap<(String, String), f64>, period: &str) -> BTreeMap<String, f64> {
    let in_period: Vec<(&String, f64)> = values
        .iter()
        .filter(|((_, p), _)| p == period)
        .map(|((region, _), value)| (region, *value))
        .collect();
    let n = in_period.len() as f64;
    let mean = in_period.iter().map(|(_, v)| v).sum::<f64>() / n;
    let sd = (in_period
        .iter()
        .map(|(_, v)| (v - mean).powi(2))
        .sum::<f64>()
        / (n - 1.0))
        .sqrt();
    in_period
        .into_iter()
        .map(|(region, value)| (region.clone(), (value - mean) / sd))
        .collect()
}

#[test]
fn the_index_is_each_districts_weighted_z_scores_turned_to_need_and_ranked() {
    let env = Env::new();
    let project = env.demo();
    let file = project.to_str().unwrap();
    let json = env
        .run(&[
            "social-index",
            file,
            "--code",
            "SOZ",
            "--name",
            "Sozialindex",
            "--indicator",
            "SGB2_U15:2",
            "--indicator",
            "ALQ_U25",
            "--indicator",
            "BQ_U3",
            "--json",
        ])
        .expect_code(0)
        .json();
    assert_eq!(
        json["formula"], "(2 * z([SGB2_U15]) + 1 * z([ALQ_U25]) - 1 * z([BQ_U3])) / 4",
        "day care attendance (higher is better) counts the other way"
    );
    let method = json["method"].as_str().unwrap();
    assert!(method.contains("standard deviation"), "{method}");
    assert!(method.contains("weight 2"), "{method}");

    // Every stored value, worked out again here.
    let (poverty, youth, day_care) = (
        totals(&project, "SGB2_U15"),
        totals(&project, "ALQ_U25"),
        totals(&project, "BQ_U3"),
    );
    let index = totals(&project, "SOZ");
    assert!(index.len() >= 100, "{} values", index.len());
    let periods: std::collections::BTreeSet<&String> = index.keys().map(|(_, p)| p).collect();
    for period in periods {
        let (a, b, c) = (
            z_scores(&poverty, period),
            z_scores(&youth, period),
            z_scores(&day_care, period),
        );
        for (region, za) in &a {
            let expected = (2.0 * za + b[region] - c[region]) / 4.0;
            let stored = index[&(region.clone(), period.clone())];
            assert!(
                (stored - expected).abs() < 1e-9,
                "{region} {period}: stored {stored}, expected {expected}"
            );
        }
    }

    // Ranked in the latest period: most need first, ranks 1 … n, the parts beside.
    let ranking = json["ranking"].as_array().unwrap();
    assert_eq!(ranking.len(), 10, "the ten districts, not the city");
    let values: Vec<f64> = ranking
        .iter()
        .map(|row| row["value"].as_f64().unwrap())
        .collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
    let ranks: Vec<u64> = ranking
        .iter()
        .map(|row| row["rank"].as_u64().unwrap())
        .collect();
    assert_eq!(ranks, (1..=10).collect::<Vec<u64>>());
    let period = json["period"].as_str().unwrap();
    let first = &ranking[0];
    let region = first["region"].as_str().unwrap();
    let turned = -z_scores(&day_care, period)[region];
    assert!(
        (first["parts"]["BQ_U3"].as_f64().unwrap() - turned).abs() < 1e-9,
        "the day care part is shown turned: {first}"
    );
    // The first is the district with the most need: Nordstadt in the demo.
    assert_eq!(first["name"], "Nordstadt", "{first}");

    // The city has no index of its own: the overview's summary names the district with the
    // most need instead of saying "no data".
    let store = Store::open(&project, OpenMode::ReadOnly, &Host::default()).unwrap();
    let mut data = lernstadt_core::snapshot::Snapshot::default();
    data.refresh(&store).unwrap();
    let at = data
        .indicators
        .iter()
        .position(|i| i.code == "SOZ")
        .unwrap();
    let elsewhere = data.summaries[at].elsewhere.as_ref().expect("elsewhere");
    assert_eq!(
        (
            elsewhere.name.as_str(),
            elsewhere.regions,
            elsewhere.period.as_str()
        ),
        ("Nordstadt", 10, period)
    );
    // Its sparkline draws Nordstadt's series, ending in the value the tile names.
    assert_eq!(
        elsewhere.series.last().and_then(|v| v.value),
        Some(elsewhere.value),
        "{:?}",
        elsewhere.series
    );
    assert!(elsewhere.series.len() > 1, "{:?}", elsewhere.series);
    assert_eq!(
        data.summaries[at].status,
        lernstadt_core::model::traffic_light::TrafficLight::Unassessed,
        "it has values, judged nowhere"
    );
    let rate = data
        .indicators
        .iter()
        .position(|i| i.code == "BQ_U3")
        .unwrap();
    assert!(
        data.summaries[rate].elsewhere.is_none(),
        "the city has values"
    );
    store.close().unwrap();

    // The report shows the ranking as a numbered table under the index, most need first.
    let html = env.path("report.html");
    env.report(&project, &html, "en", &[]).expect_code(0);
    let text = std::fs::read_to_string(&html).unwrap();
    let at = text
        .find("ranking of the level \"City district\" by need")
        .or_else(|| text.find("ranking of the level &quot;City district&quot; by need"))
        .expect("the ranking table");
    let table = &text[at..at + text[at..].find("</table>").unwrap()];
    assert!(table.contains("z SGB2_U15"), "{table}");
    let first = table.find("Nordstadt").unwrap();
    assert!(table.find("Kirchfeld").unwrap() > first, "{table}");
}

#[test]
fn the_index_follows_its_inputs_and_bad_parts_are_refused_by_name() {
    let env = Env::new();
    let project = env.demo();
    let file = project.to_str().unwrap();
    let build = |parts: &[&str]| {
        let mut args = vec!["social-index", file, "--code", "IDX", "--name", "Index"];
        for part in parts {
            args.push("--indicator");
            args.push(part);
        }
        env.run(&args)
    };
    // No good direction: the planner must say which way means need.
    let refused = build(&["SGB2_U15", "NDF_KITA"]).expect_code(2);
    assert!(
        refused.stderr().contains("+NDF_KITA"),
        "{}",
        refused.stderr()
    );
    assert!(
        refused.stderr().contains("NDF_KITA ("),
        "{}",
        refused.stderr()
    );
    let refused = build(&["SGB2_U15:0", "ALQ_U25"]).expect_code(2);
    assert!(
        refused.stderr().contains("SGB2_U15:0"),
        "{}",
        refused.stderr()
    );
    let refused = build(&["SGB2_U15"]).expect_code(2);
    assert!(refused.stderr().contains("two"), "{}", refused.stderr());
    let refused = build(&["SGB2_U15", "NOPE"]).expect_code(2);
    assert!(refused.stderr().contains("NOPE"), "{}", refused.stderr());
    let refused = build(&["SGB2_U15", "SGB2_U15:2"]).expect_code(2);
    assert!(refused.stderr().contains("twice"), "{}", refused.stderr());
    assert!(
        totals(&project, "IDX").is_empty(),
        "nothing written when refused"
    );

    // Said with a sign, it is taken; the text output ranks the districts.
    let made = build(&["SGB2_U15", "+NDF_KITA", "-BQ_U3:0.5"]).expect_code(0);
    let text = made.stdout();
    assert!(
        text.contains("Level \"City district\" by need, 2023"),
        "{text}"
    );
    assert!(text.contains("  1  "), "{text}");
    let before = totals(&project, "IDX");

    // An input corrected: the index follows in the same step, and undo takes both back.
    let csv = env.path("correction.csv");
    std::fs::write(
        &csv,
        "indicator,district,unit,2023\nSGB2_U15,05999000-07,%,45\n",
    )
    .unwrap();
    env.import(&project, &csv, &[]);
    let after = totals(&project, "IDX");
    let key = ("05999000-07".to_owned(), "2023".to_owned());
    assert!(
        after[&key] > before[&key] + 0.5,
        "Am Stadtpark's need rose: {} → {}",
        before[&key],
        after[&key]
    );
    let mut store = Store::open(&project, OpenMode::ReadWrite, &Host::default()).unwrap();
    store.undo().unwrap().expect("the import is undone");
    store.close().unwrap();
    assert_eq!(totals(&project, "IDX"), before);

    // A district moved to another level leaves the group its z-scores are taken in: the
    // index follows in the same step (found by the merge model's long run).
    let mut store = Store::open(&project, OpenMode::ReadWrite, &Host::default()).unwrap();
    let mut kirchfeld = lernstadt_core::store::regions::list(store.conn())
        .unwrap()
        .into_iter()
        .find(|r| r.key == "05999000-10")
        .unwrap();
    kirchfeld.level = lernstadt_core::model::RegionLevel::Neighbourhood;
    store
        .transact(lernstadt_core::store::ActionKind::Edit, "level", |tx| {
            tx.update(&kirchfeld).map(|_| ())
        })
        .unwrap();
    store.close().unwrap();
    let moved = totals(&project, "IDX");
    let key = ("05999000-10".to_owned(), "2023".to_owned());
    assert!(!moved.contains_key(&key), "alone on its level: no score");
    let other = ("05999000-01".to_owned(), "2023".to_owned());
    assert!(
        (moved[&other] - before[&other]).abs() > 1e-6,
        "the others' scores move"
    );
}

/// The Regionaldatenbank's school leavers by Kreis (`../shared/data/genesis-classic/`, when
/// it is there): shares computed from the imported table (its code is the table's), an
/// index of both, every Kreis ranked among the Kreise and its value the
/// weighted sum of the parts shown beside it.
#[test]
fn the_real_kreis_table_gives_an_index_for_every_kreis() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/genesis-classic/21111-02-06-4.csv");
    if !file.exists() {
        eprintln!("skipped: {} is not here", file.display());
        return;
    }
    let env = Env::new();
    let project = env.new_project("kreise.lernstadt");
    env.import(&project, &file, &[]);
    let file_arg = project.to_str().unwrap();
    let table = "21111-02-06-4";
    for (code, member) in [
        ("OA", "ohne Hauptschulabschluss"),
        ("AHR", "mit allgemeiner Hochschulreife"),
    ] {
        let formula = format!("100 * [{table}; Abschlussarten={member}] / [{table}; total]");
        env.run(&[
            "derive",
            file_arg,
            "--code",
            code,
            "--name",
            code,
            "--formula",
            &formula,
        ])
        .expect_code(0);
    }
    let json = env
        .run(&[
            "social-index",
            file_arg,
            "--code",
            "SOZ",
            "--name",
            "Bildungsbedarf",
            "--indicator",
            "+OA:2",
            "--indicator=-AHR",
            "--json",
        ])
        .expect_code(0)
        .json();
    let kreise: Vec<&serde_json::Value> = json["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["level"] == "county" && row["rank"].is_u64())
        .collect();
    assert!(kreise.len() > 380, "{} Kreise ranked", kreise.len());
    for (n, row) in kreise.iter().enumerate() {
        assert!(row["rank"].as_u64().unwrap() <= n as u64 + 1, "{row}");
        let (oa, ahr) = (
            row["parts"]["OA"].as_f64().unwrap(),
            row["parts"]["AHR"].as_f64().unwrap(),
        );
        let value = row["value"].as_f64().unwrap();
        assert!((value - (2.0 * oa + ahr) / 3.0).abs() < 1e-9, "{row}");
    }
}
