//! The planner's whole job in the window, from an empty project: a county's analyst sets
//! the region, imports the Kreis table, computes a share by formula, creates a goal, links
//! the share to it, sets a direction, a target and a baseline, reads the overview's tile
//! and writes the report — every step by clicking and typing, nothing by UUID.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lernstadt::app::LernstadtApp;

use super::{fixture, wait_for, window};

/// The Kreis table of school leavers, the key and name of the project's region in it and
/// the latest year its share has a number: the real download (`../shared/data/`) with the
/// Landkreis Göttingen when it is there, else the project's own excerpt of the same layout
/// with its Musterstadt (whose 2023 cell is `x`).
fn kreis_table() -> (PathBuf, &'static str, &'static str, &'static str) {
    let real = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/genesis-classic/21111-02-06-4.csv");
    if real.exists() {
        (real, "03159", "Göttingen, Landkreis", "2023")
    } else {
        (
            fixture("table_period_column.csv"),
            "05999",
            "Musterstadt, kreisfreie Stadt",
            "2022",
        )
    }
}

/// A new project at `path` (its name, my region's key and the municipality), opened in
/// the window's app as a planner starts.
fn new_project(path: &Path, name: &str, key: &str, municipality: &str) -> LernstadtApp {
    let new = lernstadt_core::store::project::NewProject {
        name: name.to_owned(),
        region_key: key.to_owned(),
        municipality: municipality.to_owned(),
    };
    lernstadt_core::store::Store::create_for(path, &new, &lernstadt_core::store::Host::default())
        .unwrap()
        .close()
        .unwrap();
    LernstadtApp::open(path, lernstadt::settings::Settings::default())
}

fn type_into(harness: &mut Harness<'_, LernstadtApp>, label: &str, text: &str) {
    let field = harness.get_by_label(label);
    field.focus();
    field.type_text(text);
    harness.run();
}

#[test]
fn a_county_analyst_does_the_whole_job_from_an_empty_project() {
    lernstadt_core::i18n::set_lang(lernstadt_core::i18n::Lang::En);
    let (table, key, name, year) = kreis_table();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kreis.lernstadt");
    let mut app = new_project(&path, "Bildungsmonitoring", key, "");
    // 1. The overview of a new project is its first steps; the region is set already.
    app.import.choose(table);
    let mut harness = window(app);
    harness.get_by_label("First steps");
    assert_eq!(
        harness.query_all_by_label("Import…").count(),
        2,
        "the bar's and the step's"
    );

    // 2. The Kreis table, through the wizard.
    harness.get_by_label("Import").click();
    harness.run();
    wait_for(&mut harness, |app| app.import.report.is_some());
    assert_eq!(
        harness.state().data.my_region.and_then(|r| harness
            .state()
            .data
            .region(r)
            .map(|r| r.name.clone())),
        Some(name.to_owned()),
        "my region is found among the imported regions"
    );

    // 3. A share by formula: New indicator…, its fields, Create. (The wizard, done, is
    // closed by its window's cross.)
    harness.state_mut().import.open = false;
    harness.state_mut().view = lernstadt::ui::View::Indicators;
    harness.run();
    harness.get_by_label("New indicator…").click();
    harness.run();
    type_into(&mut harness, "Code", "OHNE_HSA");
    type_into(&mut harness, "Name", "Share without a certificate");
    type_into(&mut harness, "Unit", "%");
    // A member the table does not have gives no value anywhere: refused beside the
    // field with the nearest names, Create does nothing.
    type_into(
        &mut harness,
        "Formula",
        "[21111-02-06-4; Abschlussarten=ohne Abschlus]",
    );
    harness.run();
    harness.run();
    assert!(
        matches!(
            &harness.state().views.indicators.preview,
            Some((_, Err(why))) if why.contains("ohne Abschlus")
        ),
        "{:?}",
        harness.state().views.indicators.preview
    );
    harness.get_by_label("Create").click();
    harness.run();
    assert!(
        !harness
            .state()
            .data
            .indicators
            .iter()
            .any(|i| i.code == "OHNE_HSA"),
        "nothing created"
    );
    harness
        .state_mut()
        .views
        .indicators
        .creating
        .as_mut()
        .expect("the form stays open")
        .formula
        .clear();
    harness.run();
    type_into(
        &mut harness,
        "Formula",
        "100 * [21111-02-06-4; Abschlussarten=ohne Hauptschulabschluss] / [21111-02-06-4; total]",
    );
    harness.get_by_label("Create").click();
    harness.step();
    wait_for(&mut harness, |app| {
        app.task.is_none() && app.data.indicators.iter().any(|i| i.code == "OHNE_HSA")
    });
    let share = harness
        .state()
        .data
        .indicators
        .iter()
        .position(|i| i.code == "OHNE_HSA")
        .expect("the share was created");
    assert!(
        !harness.state().data.summaries[share].series.is_empty(),
        "it has values for my region"
    );

    // 4. A goal, and the share linked to it from the goal (searched by its code).
    harness.state_mut().view = lernstadt::ui::View::Goals;
    harness.run();
    harness.get_by_label("New top goal").click();
    harness.run();
    harness.run();
    type_into(&mut harness, "Link indicator", "ohne_hsa");
    harness
        .get_by_label_contains("+ Share without a certificate")
        .click();
    harness.run();
    harness.run();
    assert_eq!(harness.state().data.indicator_goals.len(), 1, "linked");

    // 5. Direction, target and baseline on the indicator's page.
    super::select_indicator(&mut harness, "OHNE_HSA");
    harness.get_by_label("Goals and targets").click();
    harness.run();
    harness.get_by_label("Good direction").click();
    harness.run();
    harness.get_by_label("Lower is better").click();
    harness.run();
    harness.run();
    type_into(&mut harness, "Target value", "1.5");
    type_into(&mut harness, "by", "2030");
    harness.get_by_label("Set target").click();
    harness.run();
    harness.run();
    // A target before the baseline is refused beside the field, and nothing is written.
    type_into(&mut harness, "Year", year);
    harness.get_by_label("Set baseline").click();
    harness.run();
    harness.run();
    let data = &harness.state().data;
    let indicator = &data.indicators[share];
    assert_eq!(indicator.baseline_period.as_deref(), Some(year));
    assert!(
        indicator.baseline_value.is_some(),
        "my region's value taken"
    );
    assert_eq!(data.targets.len(), 1);
    assert_eq!(
        Some(data.targets[0].region),
        data.my_region,
        "for my region"
    );
    type_into(&mut harness, "Target value", "1");
    type_into(&mut harness, "by", "2020");
    harness.get_by_label_contains(&format!("lies before the baseline ({year})"));
    harness.get_by_label("Set target").click();
    harness.run();
    assert_eq!(harness.state().data.targets.len(), 1, "refused");

    // 6. The tile names my region and the period of the value it shows.
    harness.state_mut().view = lernstadt::ui::View::Overview;
    harness.run();
    harness.get_by_label(&format!("{name}, {year}"));

    // 7. The report leads with my region and has no chapter for the absent stakeholders.
    let out = dir.path().join("report.html");
    harness.state_mut().write_report(&out);
    wait_for(&mut harness, |app| app.task.is_none());
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains(name), "my region in the report");
    assert!(!html.contains("id=\"stakeholders\""), "no empty chapter");
}

/// A city's planner: the city's district file (Kiel's open-data table when it is there,
/// else the project's own wide file of districts) from an empty project for the city —
/// the districts land under the city, a share is computed by formula, a district's profile
/// stands against the city, and the report is written.
#[test]
fn a_city_planner_brings_the_district_file_under_the_city() {
    lernstadt_core::i18n::set_lang(lernstadt_core::i18n::Lang::En);
    let real = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/municipal/kiel_bevoelkerung_altersgruppen_stadtteile.csv");
    if !real.exists() {
        eprintln!("skipped: {} is not here", real.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiel.lernstadt");
    let mut app = new_project(
        &path,
        "Bildungsmonitoring Kiel",
        "01002",
        "Landeshauptstadt Kiel",
    );
    app.import.choose(real);
    let mut harness = window(app);
    // The wizard lists the file's 29 columns with their roles; its Import button lies
    // below them (the test window does not scroll to it), so the test presses it as the
    // button does.
    harness.get_by_label_contains("Read as");
    harness.state_mut().start_import(false);
    harness.step();
    wait_for(&mut harness, |app| app.import.report.is_some());
    let report = harness.state().import.report.clone().unwrap_or_else(|| {
        panic!(
            "the import did not finish: {:?} running={}",
            harness.state().import.error,
            harness.state().import.running.is_some()
        )
    });
    assert_eq!(
        report.rejected, 560,
        "the rows with impossible dates, named by line"
    );
    harness.state_mut().import.open = false;
    let data = &harness.state().data;
    let city = data
        .my_region
        .expect("the city was made from the project's key");
    assert_eq!(data.region_name(Some(city)), "Landeshauptstadt Kiel");
    let districts = data
        .regions
        .iter()
        .filter(|r| r.parent == Some(city))
        .count();
    assert_eq!(districts, 30, "every Stadtteil under the city");

    // A share of the under-sixes, by formula, from the New indicator form.
    harness.state_mut().view = lernstadt::ui::View::Indicators;
    harness.run();
    harness.get_by_label("New indicator…").click();
    harness.run();
    type_into(&mut harness, "Code", "U6");
    type_into(&mut harness, "Name", "Share under 6");
    type_into(&mut harness, "Unit", "%");
    let input = "Einwohner nach Altersgruppen";
    type_into(
        &mut harness,
        "Formula",
        &format!(
            "100 * ([{input}; Altersgruppe=0 bis unter 3] + [{input}; Altersgruppe=3 bis unter 6]) / sum([{input}; Altersgruppe=*])"
        ),
    );
    harness.get_by_label("Create").click();
    harness.step();
    wait_for(&mut harness, |app| {
        app.task.is_none() && app.data.indicators.iter().any(|i| i.code == "U6")
    });
    // The age groups have no total: the share exists wherever the districts have values.
    let store = lernstadt_core::store::Store::open(
        &path,
        lernstadt_core::store::OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let counted = lernstadt_core::store::derive::counts(store.conn(), "U6").unwrap();
    store.close().unwrap();
    assert_eq!(
        counted.numbers, 272,
        "30 districts × 9 years, 2 in the partial year 2020"
    );

    // A district against its city in the Regions view.
    harness.state_mut().view = lernstadt::ui::View::Regions;
    let altstadt = harness
        .state()
        .data
        .regions
        .iter()
        .position(|r| r.name == "Altstadt")
        .unwrap();
    harness.state_mut().views.regions.selected = Some(altstadt);
    harness.run();
    harness.get_by_label_contains("District profile Altstadt against Landeshauptstadt Kiel");

    let out = dir.path().join("report.html");
    harness.state_mut().write_report(&out);
    wait_for(&mut harness, |app| app.task.is_none());
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Landeshauptstadt Kiel"));
}

/// Comparison regions chosen in the Regions view: a search adds one, its × takes it out,
/// each one step the charts and the report follow.
#[test]
fn comparison_regions_are_chosen_in_the_regions_view() {
    lernstadt_core::i18n::set_lang(lernstadt_core::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kreis.lernstadt");
    let mut app = new_project(&path, "Kreis", "05999", "");
    app.import.choose(fixture("table_period_column.csv"));
    let mut harness = window(app);
    harness.get_by_label("Import").click();
    harness.run();
    wait_for(&mut harness, |app| app.import.report.is_some());
    harness.state_mut().import.open = false;
    harness.state_mut().view = lernstadt::ui::View::Regions;
    harness.run();
    harness.get_by_label("None yet: search a region below");
    type_into(&mut harness, "Add a region", "flens");
    harness.get_by_label_contains("+ Flensburg").click();
    harness.run();
    harness.run();
    let flensburg = |app: &LernstadtApp| {
        app.data
            .comparison
            .iter()
            .filter_map(|r| app.data.region(*r))
            .any(|r| r.key == "01001")
    };
    assert!(flensburg(harness.state()), "added");
    harness
        .get_by_label_contains("Flensburg, kreisfreie Stadt ×")
        .click();
    harness.run();
    harness.run();
    assert!(!flensburg(harness.state()), "taken out");
    harness.get_by_label("Undo").click();
    harness.run();
    assert!(flensburg(harness.state()), "one undo brings it back");
}
