//! The import wizard (a flat table, column roles, boundaries drawn as a map) and the
//! export window.

use egui_kittest::kittest::Queryable;
use lernstadt::app::LernstadtApp;
use lernstadt::settings::Settings;

use super::{Start, fixture, observations, open, setup, wait_for, window};

/// The import wizard: a chosen file is detected and previewed, imported on a worker thread,
/// reported, and undone as one step.
#[test]
fn the_import_wizard_imports_and_undo_takes_it_back() {
    let setup = setup("neu.lernstadt", Start::Empty);
    let mut app = LernstadtApp::open(&setup.path, Settings::default());
    app.import.choose(fixture("genesis_flat_de.csv"));
    let mut harness = window(app);
    harness.get_by_label_contains("Read as GENESIS flat CSV");
    // The preview shows values as they will be stored: the symbol `.` as a symbol.
    assert!(harness.query_all_by_label("1234").count() >= 1);
    assert!(harness.query_all_by_label(".").count() >= 1);
    harness.get_by_label("Import").click();
    harness.run();
    assert!(
        harness.state().import.running.is_some() || harness.state().import.report.is_some(),
        "the import started"
    );
    wait_for(&mut harness, |app| {
        app.import.report.is_some() && observations(app) > 0
    });
    let report = harness.state().import.report.clone().unwrap_or_else(|| {
        panic!(
            "the import did not finish: {:?} running={}",
            harness.state().import.error,
            harness.state().import.running.is_some()
        )
    });
    assert_eq!(report.inserted, 8);
    assert_eq!(observations(harness.state()), 8);
    harness.get_by_label_contains("Imported genesis_flat_de.csv");

    harness.get_by_label("Undo").click();
    harness.run();
    assert_eq!(
        observations(harness.state()),
        0,
        "{:?}",
        harness.state().status
    );
    harness.get_by_label("Redo").click();
    harness.run();
    assert_eq!(observations(harness.state()), 8);
}

/// A workbook through the import wizard: its sheets in the picker, the first that holds a
/// table read and previewed, imported on the worker — the demo's observations exported as a
/// workbook go into an empty project whole (issue 30).
#[test]
fn the_import_wizard_imports_a_workbook_sheet() {
    let demo = setup("demo.lernstadt", Start::Demo);
    let workbook = demo.dir.path().join("werte.xlsx");
    let written = {
        let store = lernstadt_core::store::Store::open(
            &demo.path,
            lernstadt_core::store::OpenMode::ReadOnly,
            &lernstadt_core::store::Host::default(),
        )
        .unwrap();
        lernstadt_core::export::export_named(
            &store,
            "observations",
            false,
            false,
            false,
            &workbook,
            lernstadt_core::export::Dialect::Rfc4180,
        )
        .unwrap()
    };
    let setup = setup("neu.lernstadt", Start::Empty);
    let mut app = LernstadtApp::open(&setup.path, Settings::default());
    app.import.choose(workbook);
    assert_eq!(
        app.import.sheets.len(),
        3,
        "data, indicators, symbols: {:?}",
        app.import.sheets
    );
    let mut harness = window(app);
    harness.get_by_label("Sheet");
    harness.get_by_label_contains(&format!(
        "Read sheet {} as",
        harness.state().import.sheets[0]
    ));
    harness.get_by_label("Import").click();
    harness.run();
    wait_for(&mut harness, |app| {
        app.import.report.is_some() && observations(app) > 0
    });
    let report = harness.state().import.report.clone().unwrap();
    assert_eq!(report.rejected, 0, "{:#?}", report.problems);
    assert_eq!(report.inserted, written.rows);
    assert_eq!(observations(harness.state()), written.rows as i64);
}

/// A `--wide` workbook (a sheet per indicator) through the import wizard: the picker offers
/// all its sheets of values at once, chosen by itself; they go in as one step, which undo
/// takes back whole (issue 30).
#[test]
fn the_import_wizard_imports_every_sheet_of_a_wide_workbook() {
    let demo = setup("demo.lernstadt", Start::Demo);
    let workbook = demo.dir.path().join("breit.xlsx");
    let stored = {
        let store = lernstadt_core::store::Store::open(
            &demo.path,
            lernstadt_core::store::OpenMode::ReadOnly,
            &lernstadt_core::store::Host::default(),
        )
        .unwrap();
        lernstadt_core::export::export_named(
            &store,
            "observations",
            true,
            false,
            false,
            &workbook,
            lernstadt_core::export::Dialect::Rfc4180,
        )
        .unwrap();
        observations_of(&store)
    };
    let setup = setup("neu.lernstadt", Start::Empty);
    let mut app = LernstadtApp::open(&setup.path, Settings::default());
    app.import.choose(workbook);
    let count = app.import.export_sheets;
    assert!(count > 20, "a sheet per indicator: {count}");
    let mut harness = window(app);
    harness.get_by_label_contains(&format!("Read sheet All {count} sheets with values as"));
    // The wizard is taller than the window (its wide preview): its content scrolls, and
    // the button is scrolled to as a user would.
    harness.get_by_label("Import").scroll_to_me();
    harness.run();
    harness.get_by_label("Import").click();
    harness.run();
    wait_for(&mut harness, |app| {
        app.import.report.is_some() && observations(app) > 0
    });
    let report = harness.state().import.report.clone().unwrap();
    assert_eq!(report.rejected, 0, "{:#?}", report.problems);
    assert_eq!(observations(harness.state()), stored);
    // Undo waits for the window to be idle, and moves this many values on a worker.
    wait_for(&mut harness, |app| {
        app.task.is_none() && app.import.running.is_none()
    });
    // The wizard closed (its report names every sheet and is wide), then Undo.
    harness.state_mut().import.open = false;
    harness.run();
    harness.get_by_label("Undo").click();
    harness.run();
    wait_for(&mut harness, |app| observations(app) == 0);
    assert_eq!(
        observations(harness.state()),
        0,
        "one step: {:?}",
        harness.state().status
    );
}

fn observations_of(store: &lernstadt_core::store::Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM observation", [], |r| r.get(0))
        .unwrap()
}

/// Another Lernstadt merges into the project: the import wizard's import waits, saying for
/// whom, and goes in once the merge is done.
#[test]
fn the_import_wizard_waits_while_another_lernstadt_holds_the_project() {
    let setup = setup("neu.lernstadt", Start::Empty);
    let other = crate::util::Holder::merging(&setup.path);
    let mut app = LernstadtApp::open(&setup.path, Settings::default());
    app.import.choose(fixture("genesis_flat_de.csv"));
    let mut harness = window(app);
    harness.get_by_label("Import").click();
    let waiting = |app: &LernstadtApp| {
        app.import
            .running
            .as_ref()
            .is_some_and(|r| r.waiting.lock().unwrap().is_some())
    };
    for _ in 0..500 {
        harness.step();
        if waiting(harness.state()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run_steps(2);
    harness.get_by_label_contains(
        "Waiting for neu.lernstadt: in use by another Lernstadt (merge started ",
    );
    other.release();
    wait_for(&mut harness, |app| app.import.report.is_some());
    let report = harness.state().import.report.clone().unwrap();
    assert_eq!(report.inserted, 8);
}

/// A spreadsheet's columns show their roles, and a role chosen in the window goes into the
/// mapping.
#[test]
fn the_import_wizard_lets_the_user_set_column_roles() {
    use lernstadt_core::import::sheet::Role;
    let setup = setup("neu.lernstadt", Start::Empty);
    let mut app = LernstadtApp::open(&setup.path, Settings::default());
    app.import.choose(fixture("sheet_long_de_cp1252.csv"));
    let mut harness = window(app);
    assert_eq!(harness.state().import.columns[3].1, Some(Role::Breakdown));
    // Each column has a role picker, labelled by the column's name.
    harness.get_by_label("Geschlecht");
    harness.state_mut().import.set_role(3, Role::Note);
    harness.run();
    assert!(
        harness.state().import.map.contains("note=Geschlecht"),
        "{}",
        harness.state().import.map
    );
    assert_eq!(harness.state().import.columns[3].1, Some(Role::Note));
}

/// The export window writes a CSV on a worker thread and says how much it wrote.
#[test]
fn the_export_window_writes_csv() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    harness.get_by_label("Export…").click();
    harness.run();
    harness.get_by_label("Save as…");
    // The native save dialog cannot run here; the path it would return goes in directly.
    let out = setup.dir.path().join("observations.csv");
    harness
        .state_mut()
        .commands
        .push(lernstadt::command::Command::StartExport(out.clone()));
    wait_for(&mut harness, |app| app.export.result.is_some());
    let rows = match &harness.state().export.result {
        Some(Ok(written)) => written.rows,
        other => panic!("the export did not finish: {other:?}"),
    };
    assert!(rows >= 10_000);
    harness.get_by_label_contains("rows to");
    assert!(
        std::fs::read(&out).unwrap().starts_with(b"indicator,"),
        "RFC 4180 by default in English"
    );
}

/// Boundaries come in through the import wizard too, with the report per feature; the map
/// view shows them.
#[test]
fn boundaries_import_through_the_wizard_and_draw_as_a_map() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut app = LernstadtApp::open(&setup.path, Settings::default());
    app.import.choose(fixture("districts_utm32.geojson"));
    let mut harness = window(app);
    harness.get_by_label_contains("District boundaries (GeoJSON, Shapefile");
    harness.get_by_label("Import").click();
    harness.run();
    wait_for(&mut harness, |app| app.import.report.is_some());
    let report = harness.state().import.report.clone().unwrap();
    assert_eq!((report.updated, report.rejected), (2, 4));
    harness.get_by_label_contains("feature 2: error:");

    // The map of an indicator: a picture the size of the space, with its period.
    harness.state_mut().import.open = false;
    harness.state_mut().view = lernstadt::ui::View::Indicators;
    harness.run();
    harness.state_mut().views.indicators.chart = lernstadt::ui::indicators::ChartKind::Map;
    harness.run();
    harness.run();
    harness.get_by_label_contains("Jugendarbeitslosigkeit (unter 25 Jahren) 2024");
}
