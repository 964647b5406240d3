//! The Indicators view at the scale of official statistics: many regions are chosen from a
//! searchable list and the rest drawn as a band; an indicator without a total opens on its
//! first breakdown; a view with nothing to draw says why.

use std::fmt::Write as _;

use egui_kittest::kittest::Queryable;

use super::{Start, open, select_indicator as select, setup};

/// A project with Germany, one Land and 30 of its Kreise, four years each, imported the
/// way a planner would; and an indicator broken down by sex without a total.
fn kreise(env_dir: &std::path::Path, project: &std::path::Path) {
    let mut csv = String::from("Kennzahl;Gebiet;Name;Jahr;Geschlecht;Wert\n");
    let mut rows = vec![("DG".to_owned(), "Deutschland".to_owned())];
    rows.push(("01".to_owned(), "Schleswig-Holstein".to_owned()));
    for n in 1..=30 {
        rows.push((format!("01{n:03}"), format!("Kreis {n}")));
    }
    for (index, (key, name)) in rows.iter().enumerate() {
        for year in 2020..=2023 {
            let value = 100 + index * 3 + (year - 2020) * 2;
            writeln!(csv, "Quote;{key};{name};{year};;{value}").unwrap();
            for (sex, share) in [("m", 51), ("w", 49)] {
                let value = value * share / 100;
                writeln!(csv, "Nach Geschlecht;{key};{name};{year};{sex};{value}").unwrap();
            }
        }
    }
    let file = env_dir.join("kreise.csv");
    std::fs::write(&file, csv).unwrap();
    let mut store = lernstadt_core::store::Store::open(
        project,
        lernstadt_core::store::OpenMode::ReadWrite,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let options = lernstadt_core::import::Options {
        map: lernstadt_core::import::sheet::parse_map("region_name=Name").unwrap(),
        ..lernstadt_core::import::Options::default()
    };
    let report = lernstadt_core::import::import_file(
        &mut store,
        &file,
        &options,
        &std::sync::Arc::default(),
    )
    .unwrap();
    assert_eq!(report.rejected, 0, "{report:?}");
    store.close().unwrap();
}

#[test]
fn many_regions_are_a_searchable_list_and_a_band() {
    let setup = setup("kreise.lernstadt", Start::Empty);
    kreise(setup.dir.path(), &setup.path);
    let mut harness = open(&setup.path);
    select(&mut harness, "Quote");
    let state = &harness.state().views.indicators;
    assert_eq!(
        state.line_names(),
        ["Deutschland"],
        "my region (the top one) and its parents as lines, not 32"
    );
    assert_eq!(state.band_level(), Some("County"), "the Kreise as a band");

    // Search the list by name and add a Kreis to the comparison.
    harness.get_by_label("Compare with").focus();
    harness.run();
    harness.get_by_label("Compare with").type_text("Kreis 17");
    harness.run();
    harness.get_by_label_contains("Kreis 17 (01017").click();
    harness.run();
    harness.run();
    let state = &harness.state().views.indicators;
    assert_eq!(state.chosen, ["01017"]);
    assert_eq!(state.line_names(), ["Deutschland", "Kreis 17"]);
}

#[test]
fn an_indicator_without_total_opens_on_its_first_breakdown() {
    let setup = setup("kreise.lernstadt", Start::Empty);
    kreise(setup.dir.path(), &setup.path);
    let mut harness = open(&setup.path);
    select(&mut harness, "Nach Geschlecht");
    let state = &harness.state().views.indicators;
    assert_eq!(state.breakdown, "Geschlecht=m", "not an empty total");
    assert!(
        !state.line_names().is_empty(),
        "the chart draws the breakdown"
    );
}

#[test]
fn an_empty_chart_says_why() {
    let setup = setup("leer.lernstadt", Start::Empty);
    let mut store = lernstadt_core::store::Store::open(
        &setup.path,
        lernstadt_core::store::OpenMode::ReadWrite,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    store
        .transact(lernstadt_core::store::ActionKind::Edit, "indicator", |tx| {
            tx.insert(&lernstadt_core::model::Indicator {
                uuid: lernstadt_core::model::new_uuid(),
                code: "NEU".to_owned(),
                name: "Noch ohne Werte".to_owned(),
                definition: String::new(),
                unit: String::new(),
                decimals: 0,
                polarity: lernstadt_core::model::Polarity::Neutral,
                band_low: None,
                band_high: None,
                source: String::new(),
                update_frequency: lernstadt_core::model::UpdateFrequency::Yearly,
                baseline_period: None,
                baseline_value: None,
                formula: String::new(),
                counts: false,
            })
        })
        .unwrap();
    store.close().unwrap();
    let mut harness = open(&setup.path);
    select(&mut harness, "NEU");
    harness.get_by_label_contains("has no values yet");
}

/// The region tree opens as far as it fits on a screen; a click opens a region, a search
/// lists every match.
#[test]
fn the_region_tree_opens_as_far_as_it_fits() {
    let setup = setup("kreise.lernstadt", Start::Empty);
    kreise(setup.dir.path(), &setup.path);
    let mut harness = open(&setup.path);
    harness.state_mut().view = lernstadt::ui::View::Regions;
    harness.run();
    harness.get_by_label_contains("Schleswig-Holstein");
    assert!(
        harness.query_by_label_contains("Kreis 17").is_none(),
        "30 Kreise do not fit: the Land stays closed"
    );
    harness.get_by_label_contains("Schleswig-Holstein").click();
    harness.run();
    harness.run();
    harness.get_by_label_contains("Kreis 17");
    // The row, not the button that offers it as my region.
    harness.get_by_label("    – Schleswig-Holstein").click();
    harness.run();
    harness.run();
    assert!(harness.query_by_label_contains("Kreis 17").is_none());
    harness.get_by_label("Search").focus();
    harness.run();
    harness.get_by_label("Search").type_text("Kreis 2");
    harness.run();
    harness.run();
    harness.get_by_label_contains("Kreis 21");
}

/// The data table lists regions in tree order with levels indented, and filters by level.
#[test]
fn the_data_table_is_a_tree_filtered_by_level() {
    let setup = setup("kreise.lernstadt", Start::Empty);
    kreise(setup.dir.path(), &setup.path);
    let mut harness = open(&setup.path);
    select(&mut harness, "Quote");
    harness.state_mut().views.indicators.tab = lernstadt::ui::indicators::Tab::Table;
    harness.run();
    harness.run();
    harness.get_by_label("Deutschland");
    harness.get_by_label("    Schleswig-Holstein");
    harness.get_by_label("        Kreis 1");
    harness.state_mut().views.indicators.table_level =
        Some(lernstadt_core::model::RegionLevel::County);
    harness.run();
    harness.run();
    assert!(harness.query_by_label("Deutschland").is_none());
    harness.get_by_label("Kreis 1");
}

/// A region clicked in the tree becomes my region (the project's region key, one undoable
/// step); the time chart then draws it and its parents first.
#[test]
fn my_region_is_chosen_from_the_imported_regions() {
    let setup = setup("kreise.lernstadt", Start::Empty);
    kreise(setup.dir.path(), &setup.path);
    let mut harness = open(&setup.path);
    harness.state_mut().view = lernstadt::ui::View::Regions;
    harness.run();
    harness.get_by_label_contains("No region of your own yet");
    harness.get_by_label_contains("Schleswig-Holstein").click();
    harness.run();
    harness.get_by_label_contains("Kreis 17").click();
    harness.run();
    harness.get_by_label("Make \"Kreis 17\" my region").click();
    harness.run();
    harness.run();
    harness.get_by_label_contains("My region: Kreis 17 (01017)");
    select(&mut harness, "Quote");
    assert_eq!(
        harness.state().views.indicators.line_names(),
        ["Kreis 17", "Schleswig-Holstein", "Deutschland"]
    );
}

/// The wizard saves the column roles under a name, and offers them when the next file has
/// the same header.
#[test]
fn the_wizard_saves_a_mapping_and_offers_it_again() {
    let setup = setup("neu.lernstadt", Start::Empty);
    let mut app =
        lernstadt::app::LernstadtApp::open(&setup.path, lernstadt::settings::Settings::default());
    app.import
        .choose(super::fixture("sheet_long_de_cp1252.csv"));
    let mut harness = super::window(app);
    harness.get_by_label("Save the roles as").focus();
    harness.run();
    harness
        .get_by_label("Save the roles as")
        .type_text("Schulen");
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    harness.run();
    let saved = &harness.state().data.mappings;
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].name, "Schulen");
    assert!(saved[0].roles.contains("region="), "{}", saved[0].roles);

    // The same kind of file again, with its roles changed: the saved ones are offered.
    harness
        .state_mut()
        .import
        .set_role(3, lernstadt_core::import::sheet::Role::Note);
    harness.run();
    harness
        .get_by_label("Use the saved mapping \"Schulen\"")
        .click();
    harness.run();
    harness.run();
    assert_eq!(harness.state().import.map, saved_roles(&harness));
}

fn saved_roles(harness: &egui_kittest::Harness<'static, lernstadt::app::LernstadtApp>) -> String {
    harness.state().data.mappings[0].roles.clone()
}

/// The demo's time chart: the city emphasised, its ten districts muted, each named in the
/// legend beside the plot (not over the lines).
#[test]
fn the_time_chart_emphasises_the_city_and_mutes_the_districts() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    select(&mut harness, "BQ_U3");
    let styles = harness.state().views.indicators.line_styles();
    assert_eq!(styles.len(), 11);
    let emphasised: Vec<&str> = styles.iter().filter(|s| s.1).map(|s| s.0).collect();
    assert_eq!(emphasised, ["Musterstadt"]);
    assert!(styles.iter().filter(|s| !s.1).all(|s| s.2), "{styles:?}");
    // Each line in the legend: a label of its own besides the region's checkbox.
    for (name, ..) in &styles {
        assert!(
            harness.query_all_by_label(name).count() >= 2,
            "{name} in the legend"
        );
    }
}

/// The regions view: a district clicked shows its profile against the city, each
/// indicator's row with its rank among the districts.
#[test]
fn a_district_shows_its_profile_against_the_city() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    harness.state_mut().view = lernstadt::ui::View::Regions;
    let nordstadt = harness
        .state()
        .data
        .regions
        .iter()
        .position(|r| r.key == "05999000-02")
        .unwrap();
    harness.state_mut().views.regions.selected = Some(nordstadt);
    for _ in 0..3 {
        harness.run();
    }
    harness.get_by_label("District profile Nordstadt against Musterstadt");
    let (_, _, _, rows) = harness
        .state()
        .views
        .regions
        .profile
        .computed
        .as_ref()
        .expect("the profile was worked out");
    let rows = rows.as_ref().unwrap();
    assert!(rows.len() >= 10, "{} rows", rows.len());
    harness.get_by_label("Betreuungsquote unter 3 Jahren");
    assert!(harness.query_all_by_label("rank 10 of 10").count() >= 1);
    harness.get_by_label("Difference");
    assert!(
        harness
            .query_all_by_label_contains("percentage points")
            .count()
            >= 5
    );

    // Only early childhood's indicators.
    harness.state_mut().views.regions.profile.scope = lernstadt_core::render::profile::Scope::Area(
        lernstadt_core::model::EducationArea::EarlyChildhood,
    );
    for _ in 0..3 {
        harness.run();
    }
    let (_, _, _, rows) = harness
        .state()
        .views
        .regions
        .profile
        .computed
        .as_ref()
        .unwrap();
    let rows = rows.as_ref().unwrap();
    assert!((1..=5).contains(&rows.len()), "{} rows", rows.len());
}

/// Undoing an import of many values runs on a worker with the progress window (the window
/// keeps drawing), and redo brings them back the same way.
#[test]
fn undoing_a_big_import_runs_on_a_worker() {
    let setup = setup("big.lernstadt", Start::Empty);
    let mut csv = String::from("Kennzahl;Gebiet;Jahr;Alter;Wert\n");
    for region in 0..100 {
        for year in 2000..2025 {
            for age in 0..10 {
                writeln!(csv, "A;R{region:03};{year};A{age};{}", region + age).unwrap();
            }
        }
    }
    let file = setup.dir.path().join("big.csv");
    std::fs::write(&file, csv).unwrap();
    let mut store = lernstadt_core::store::Store::open(
        &setup.path,
        lernstadt_core::store::OpenMode::ReadWrite,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    lernstadt_core::import::import_file(
        &mut store,
        &file,
        &lernstadt_core::import::Options::default(),
        &std::sync::Arc::default(),
    )
    .unwrap();
    store.close().unwrap();

    let mut harness = open(&setup.path);
    assert_eq!(super::observations(harness.state()), 25_000);
    harness.get_by_label("Undo").click();
    harness.step();
    assert!(
        harness.state().task.is_some(),
        "25,000 values are undone on a worker"
    );
    super::wait_for(&mut harness, |app| {
        app.task.is_none() && super::observations(app) == 0
    });
    assert_eq!(super::observations(harness.state()), 0);
    assert!(
        harness
            .state()
            .status
            .as_deref()
            .is_some_and(|s| s.starts_with("Undone: ")),
        "{:?}",
        harness.state().status
    );
    harness.get_by_label("Redo").click();
    harness.step();
    super::wait_for(&mut harness, |app| {
        app.task.is_none() && super::observations(app) == 25_000
    });
    assert_eq!(super::observations(harness.state()), 25_000);
}
