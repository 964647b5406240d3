//! The window, clicked through with `egui_kittest`.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lernstadt::app::LernstadtApp;
use lernstadt::settings::Settings;

#[test]
fn the_window_shows_the_project_and_switches_language() {
    crate::util::isolate_data_dir();
    let _language = crate::util::language_lock();
    lernstadt::i18n::set_lang(lernstadt::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.lernstadt");
    lernstadt::demo::create(&path).unwrap().close().unwrap();

    let app = LernstadtApp::open(&path, Settings::default());
    let mut harness = Harness::new_ui_state(|ui, app: &mut LernstadtApp| app.ui(ui), app);
    harness.run();
    harness.get_by_label(lernstadt::demo::NAME);
    assert!(
        harness.query_all_by_label("Stakeholders").count() >= 2,
        "the count and the navigation"
    );

    harness.get_by_label("Language").click();
    harness.run();
    harness.get_by_label("Deutsch").click();
    harness.run();
    assert!(harness.query_all_by_label("Akteure").count() >= 2);
    assert_eq!(lernstadt::i18n::lang(), lernstadt::i18n::Lang::De);
    lernstadt::i18n::set_lang(lernstadt::i18n::Lang::En);
}

#[test]
fn a_refused_file_is_explained_in_the_window() {
    crate::util::isolate_data_dir();
    let _language = crate::util::language_lock();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.lernstadt");
    std::fs::write(&path, "kein Projekt").unwrap();
    let app = LernstadtApp::open(&path, Settings::default());
    let mut harness = Harness::new_ui_state(|ui, app: &mut LernstadtApp| app.ui(ui), app);
    harness.run();
    // The message is in whichever language is current; the file name is in both.
    let found = harness
        .query_all_by_label_contains("brief.lernstadt")
        .count();
    assert!(found >= 1);
    assert_eq!(std::fs::read(&path).unwrap(), b"kein Projekt");
}

#[test]
fn the_author_name_is_changeable_in_the_settings() {
    crate::util::isolate_data_dir();
    let _language = crate::util::language_lock();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("neu.lernstadt");
    lernstadt::store::Store::create(&path, "Teststadt")
        .unwrap()
        .close()
        .unwrap();
    let app = LernstadtApp::open(&path, Settings::default());
    let mut harness = Harness::new_ui_state(|ui, app: &mut LernstadtApp| app.ui(ui), app);
    harness.run();
    let settings = lernstadt::i18n::tr("app.settings");
    harness.get_by_label(settings).click();
    harness.run();
    let field = harness.get_by_label(lernstadt::i18n::tr("app.settings.author"));
    field.focus();
    harness.run();
    harness
        .get_by_label(lernstadt::i18n::tr("app.settings.author"))
        .type_text("Erika Muster");
    harness.run();
    let lernstadt::app::Project::Open { store, .. } = &harness.state().project else {
        panic!("the project is open");
    };
    assert_eq!(store.author(), "Erika Muster");
}

/// The import wizard: a chosen file is detected and previewed, imported on a worker thread,
/// reported, and undone as one step.
#[test]
fn the_import_wizard_imports_and_undo_takes_it_back() {
    crate::util::isolate_data_dir();
    let _language = crate::util::language_lock();
    lernstadt::i18n::set_lang(lernstadt::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("neu.lernstadt");
    lernstadt::store::Store::create(&path, "Teststadt")
        .unwrap()
        .close()
        .unwrap();
    let mut app = LernstadtApp::open(&path, Settings::default());
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/genesis_flat_de.csv");
    app.import.choose(fixture);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1000.0))
        .build_ui_state(|ui, app: &mut LernstadtApp| app.ui(ui), app);
    harness.run();
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
    let observations = |harness: &Harness<'_, LernstadtApp>| match &harness.state().project {
        lernstadt::app::Project::Open { overview, .. } => overview
            .as_ref()
            .as_ref()
            .map_or(0, |o| o.counts.observations),
        lernstadt::app::Project::Refused { .. } => 0,
    };
    for _ in 0..500 {
        harness.step();
        if harness.state().import.report.is_some() && observations(&harness) > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let report = harness.state().import.report.clone().unwrap_or_else(|| {
        panic!(
            "the import did not finish: {:?} running={}",
            harness.state().import.error,
            harness.state().import.running.is_some()
        )
    });
    assert_eq!(report.inserted, 8);
    assert_eq!(observations(&harness), 8);
    harness.get_by_label_contains("Imported genesis_flat_de.csv");

    harness.get_by_label("Undo").click();
    harness.run();
    assert_eq!(observations(&harness), 0, "{:?}", harness.state().status);
    harness.get_by_label("Redo").click();
    harness.run();
    assert_eq!(observations(&harness), 8);
}

/// A spreadsheet's columns show their roles, and a role chosen in the window goes into the
/// mapping.
#[test]
fn the_import_wizard_lets_the_user_set_column_roles() {
    crate::util::isolate_data_dir();
    let _language = crate::util::language_lock();
    lernstadt::i18n::set_lang(lernstadt::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("neu.lernstadt");
    lernstadt::store::Store::create(&path, "Teststadt")
        .unwrap()
        .close()
        .unwrap();
    let mut app = LernstadtApp::open(&path, Settings::default());
    app.import.choose(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sheet_long_de_cp1252.csv"),
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1000.0))
        .build_ui_state(|ui, app: &mut LernstadtApp| app.ui(ui), app);
    harness.run();
    assert_eq!(
        harness.state().import.columns[3].1,
        Some(lernstadt::import::sheet::Role::Breakdown)
    );
    // Each column has a role picker, labelled by the column's name.
    harness.get_by_label("Geschlecht");
    harness
        .state_mut()
        .import
        .set_role(3, lernstadt::import::sheet::Role::Note);
    harness.run();
    assert!(
        harness.state().import.map.contains("note=Geschlecht"),
        "{}",
        harness.state().import.map
    );
    assert_eq!(
        harness.state().import.columns[3].1,
        Some(lernstadt::import::sheet::Role::Note)
    );
}

/// The export window writes a CSV on a worker thread and says how much it wrote.
#[test]
fn the_export_window_writes_csv() {
    crate::util::isolate_data_dir();
    let _language = crate::util::language_lock();
    lernstadt::i18n::set_lang(lernstadt::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.lernstadt");
    lernstadt::demo::create(&path).unwrap().close().unwrap();
    let app = LernstadtApp::open(&path, Settings::default());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_ui_state(|ui, app: &mut LernstadtApp| app.ui(ui), app);
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    harness.get_by_label("Save as…");
    // The native save dialog cannot run here; the path it would return goes in directly.
    let out = dir.path().join("observations.csv");
    harness.state_mut().export.start(&path, out.clone());
    for _ in 0..500 {
        harness.step();
        if harness.state().export.result.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run();
    let written = harness.state().export.result.clone().unwrap().unwrap();
    assert!(written.rows >= 10_000);
    harness.get_by_label_contains("rows to");
    assert!(
        std::fs::read(&out).unwrap().starts_with(b"indicator,"),
        "RFC 4180 by default in English"
    );
}

/// The navigation reaches every list view by its label, in both languages; the stakeholder
/// table shows the demo's organisations and offers their export.
#[test]
fn the_navigation_reaches_the_list_views_in_both_languages() {
    crate::util::isolate_data_dir();
    let _language = crate::util::language_lock();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.lernstadt");
    lernstadt::demo::create(&path).unwrap().close().unwrap();
    for (lang, labels, first) in [
        (
            lernstadt::i18n::Lang::En,
            ["Stakeholders", "Regions", "History", "Overview"],
            "Search",
        ),
        (
            lernstadt::i18n::Lang::De,
            ["Akteure", "Regionen", "Verlauf", "Übersicht"],
            "Suchen",
        ),
    ] {
        lernstadt::i18n::set_lang(lang);
        let app = LernstadtApp::open(&path, Settings::default());
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1280.0, 900.0))
            .build_ui_state(|ui, app: &mut LernstadtApp| app.ui(ui), app);
        harness.run();
        let nav = |harness: &Harness<'_, LernstadtApp>, label: &str| {
            harness
                .get_by_role_and_label(egui::accesskit::Role::Button, label)
                .click();
        };
        nav(&harness, labels[0]);
        harness.run();
        harness.get_by_label(first);
        harness.get_by_label("Jugendamt Musterstadt");
        assert!(harness.state().lists.stakeholders.len() >= 20);
        nav(&harness, labels[1]);
        harness.run();
        harness.get_by_label("Nordstadt");
        nav(&harness, labels[2]);
        harness.run();
        assert!(!harness.state().lists.history.is_empty());
        nav(&harness, labels[3]);
        harness.run();
        harness.get_by_label(lernstadt::demo::NAME);
    }
    lernstadt::i18n::set_lang(lernstadt::i18n::Lang::En);
}
