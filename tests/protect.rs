//! Small counts protected: with a rule, every published output hides counts below N and
//! what would reveal them; the stored data stays as it is, and the unprotected export
//! writes it.

use std::fmt::Write as _;

use lernstadt_core::store::{ActionKind, Host, OpenMode, Store};

use crate::util::Env;

/// The demo with a count by district that adds up to the city (100), one district below the
/// threshold, and a rate computed from it.
fn project(env: &Env) -> std::path::PathBuf {
    let project = env.demo();
    let csv = env.path("klein.csv");
    let mut text = String::from("indicator,district,unit,2024\nKLEIN,05999000,Anzahl,100\n");
    for (district, value) in [2, 8, 9, 10, 10, 10, 11, 12, 13, 15].iter().enumerate() {
        let _ = writeln!(text, "KLEIN,05999000-{:02},Anzahl,{value}", district + 1);
    }
    std::fs::write(&csv, text).unwrap();
    env.import(&project, &csv, &[]);
    env.run(&[
        "derive",
        project.to_str().unwrap(),
        "--code",
        "KLEIN_JE_1000",
        "--name",
        "Klein je 1.000",
        "--formula",
        "1000 * [KLEIN] / [BEV; total]",
    ])
    .expect_code(0);
    project
}

/// The CSV export's rows of one indicator: region → (value, symbol, note).
fn exported(
    env: &Env,
    project: &std::path::Path,
    extra: &[&str],
    code: &str,
) -> Vec<(String, String, String, String)> {
    let out = env.path("werte.csv");
    env.export(project, "observations", &out, extra);
    let mut reader = csv::Reader::from_path(&out).unwrap();
    reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[0] == code)
        .map(|r| {
            (
                r[2].to_owned(),
                r[6].to_owned(),
                r[7].to_owned(),
                r[9].to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_small_count_and_what_would_reveal_it_are_hidden_in_every_export() {
    let env = Env::new();
    let project = project(&env);
    let json = env
        .run(&[
            "protect",
            project.to_str().unwrap(),
            "--min-count",
            "3",
            "--indicator",
            "KLEIN",
            "--json",
        ])
        .expect_code(0)
        .json();
    assert_eq!(json["min_count"], 3);
    assert!(
        json["counts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "KLEIN")
    );

    let rows = exported(&env, &project, &["--lang", "en"], "KLEIN");
    let shown = |region: &str| rows.iter().find(|r| r.0 == region).unwrap().clone();
    // The 2 (primary) and the 8 (the smallest other district: the city's 100 would give
    // the 2 back otherwise) are hidden, with the note; the rest is shown.
    for region in ["05999000-01", "05999000-02"] {
        let (_, value, symbol, note) = shown(region);
        assert_eq!((value.as_str(), symbol.as_str()), ("", "."), "{region}");
        assert!(note.starts_with("fewer than 3 cases"), "{note}");
    }
    assert_eq!(shown("05999000-03").1, "9");
    assert_eq!(shown("05999000").1, "100");
    // The rate computed from a hidden count is hidden with it.
    let rates = exported(&env, &project, &[], "KLEIN_JE_1000");
    let rate = |region: &str| rates.iter().find(|r| r.0 == region).unwrap().2.clone();
    assert_eq!(rate("05999000-01"), ".");
    assert_eq!(rate("05999000-02"), ".");
    assert_eq!(rate("05999000-03"), "");

    // For internal use: the stored values, unchanged.
    let rows = exported(&env, &project, &["--unprotected"], "KLEIN");
    assert_eq!(rows.iter().find(|r| r.0 == "05999000-01").unwrap().1, "2");

    // The report: the table shows "." and says why, once the count measures a goal.
    let mut store = Store::open(&project, OpenMode::ReadWrite, &Host::default()).unwrap();
    let goal = lernstadt_core::store::goals::list(store.conn()).unwrap()[0].uuid;
    let klein = lernstadt_core::store::indicators::list(store.conn())
        .unwrap()
        .into_iter()
        .find(|i| i.code == "KLEIN")
        .unwrap()
        .uuid;
    store
        .transact(ActionKind::Edit, "link", |tx| {
            tx.insert(&lernstadt_core::model::IndicatorGoal {
                uuid: lernstadt_core::model::new_uuid(),
                indicator: klein,
                goal,
            })
        })
        .unwrap();
    store.close().unwrap();
    let html = env.path("bericht.html");
    env.report(&project, &html, "en", &[]);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("fewer than 3 cases, or hidden to protect small counts"));
    assert!(
        page.contains("<th>Altstadt</th><td class=\"n\">.</td>"),
        "Altstadt's 2 is shown as ."
    );
    assert!(page.contains("<th>Nordstadt</th><td class=\"n\">.</td>"));

    // A copy for publication: the hidden values are "." in its tables and it has no history
    // (the change log holds stored values).
    let copy = env.path("veroeffentlichung.lernstadt");
    let json = env
        .run(&[
            "share-copy",
            project.to_str().unwrap(),
            copy.to_str().unwrap(),
            "--for-publication",
            "--json",
        ])
        .expect_code(0)
        .json();
    assert!(json["values_hidden"].as_u64().unwrap() >= 4, "{json}");
    let published = Store::open(&copy, OpenMode::ReadOnly, &Host::default()).unwrap();
    let klein =
        lernstadt_core::store::observations::for_indicator(published.conn(), "KLEIN").unwrap();
    let altstadt = klein
        .iter()
        .find(|o| o.region_key == "05999000-01")
        .unwrap();
    assert_eq!(
        (altstadt.value, altstadt.symbol.as_deref()),
        (None, Some("."))
    );
    assert!(published.history(10).unwrap().is_empty());
    published.close().unwrap();
    env.run(&["check", copy.to_str().unwrap()]).expect_code(0);

    // Without the rule, everything is published as stored.
    env.run(&["protect", project.to_str().unwrap(), "--off"])
        .expect_code(0);
    let rows = exported(&env, &project, &[], "KLEIN");
    assert_eq!(rows.iter().find(|r| r.0 == "05999000-01").unwrap().1, "2");
}
