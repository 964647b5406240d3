//! The window as a whole: the project shown in both languages, a refused file explained,
//! the settings, the navigation by click and by Ctrl and a number, files dropped on it.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lernstadt::app::{LernstadtApp, Project};
use lernstadt_core::i18n::Lang;

use super::{Start, fixture, open, setup};

#[test]
fn the_window_shows_the_project_and_switches_language() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    harness.get_by_label(lernstadt_core::demo::NAME);
    assert!(
        harness.query_all_by_label_contains("Stakeholders").count() >= 2,
        "the count and the navigation"
    );

    harness.get_by_label("Language").click();
    harness.run();
    harness.get_by_label("Deutsch").click();
    harness.run();
    assert!(harness.query_all_by_label_contains("Akteure").count() >= 2);
    assert_eq!(lernstadt_core::i18n::lang(), Lang::De);
    lernstadt_core::i18n::set_lang(Lang::En);
}

#[test]
fn a_refused_file_is_explained_in_the_window() {
    let setup = setup("brief.lernstadt", Start::Bytes(b"kein Projekt"));
    let harness = open(&setup.path);
    // The message is in whichever language is current; the file name is in both.
    let found = harness
        .query_all_by_label_contains("brief.lernstadt")
        .count();
    assert!(found >= 1);
    assert_eq!(std::fs::read(&setup.path).unwrap(), b"kein Projekt");
}

#[test]
fn the_author_name_is_changeable_in_the_settings() {
    let setup = setup("neu.lernstadt", Start::Empty);
    let mut harness = open(&setup.path);
    harness
        .get_by_label(lernstadt_core::i18n::tr("app.settings"))
        .click();
    harness.run();
    let field = harness.get_by_label(lernstadt_core::i18n::tr("app.settings.author"));
    field.focus();
    harness.run();
    harness
        .get_by_label(lernstadt_core::i18n::tr("app.settings.author"))
        .type_text("Erika Muster");
    harness.run();
    let Project::Open { store, .. } = &harness.state().project else {
        panic!("the project is open");
    };
    assert_eq!(store.author(), "Erika Muster");
}

/// The navigation reaches every view by its label, in both languages, and each view shows
/// its own content from the demo.
#[test]
fn the_navigation_reaches_every_view_in_both_languages() {
    let setup = setup("demo.lernstadt", Start::Demo);
    for lang in [Lang::En, Lang::De] {
        lernstadt_core::i18n::set_lang(lang);
        let tr = lernstadt_core::i18n::tr;
        let mut harness = open(&setup.path);
        for (view, expected) in [
            ("view.stakeholders", "Jugendamt Musterstadt"),
            ("view.working_groups", tr("groups.members")),
            ("view.goals", tr("goals.choose")),
            ("view.measures", tr("measures.timeline")),
            ("view.indicators", tr("indicators.chart")),
            ("view.regions", "Nordstadt"),
            ("view.history", tr("history.filter")),
            ("view.overview", lernstadt_core::demo::NAME),
        ] {
            harness
                .get_by_role_and_label(egui::accesskit::Role::Button, tr(view))
                .click();
            harness.run();
            assert!(
                harness.query_all_by_label_contains(expected).count() >= 1,
                "{lang:?}: {view} shows {expected}"
            );
        }
        // The overview's tiles: a status word in this language.
        assert!(harness.query_all_by_label(tr("status.on_track")).count() >= 2);
        assert!(harness.state().data.stakeholders.len() >= 20);
    }
    lernstadt_core::i18n::set_lang(Lang::En);
}

/// Every view is reachable from the keyboard: Ctrl+1 to Ctrl+8 in navigation order.
#[test]
fn views_switch_with_ctrl_and_a_number() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    for (key, view) in [
        (egui::Key::Num4, lernstadt::ui::View::Goals),
        (egui::Key::Num6, lernstadt::ui::View::Indicators),
        (egui::Key::Num8, lernstadt::ui::View::History),
        (egui::Key::Num1, lernstadt::ui::View::Overview),
    ] {
        harness.key_press_modifiers(egui::Modifiers::COMMAND, key);
        harness.run();
        assert_eq!(harness.state().view, view);
    }
}

/// A project file dropped on the window (whatever its name) is opened; any other file goes
/// to the import wizard; a project the operating system asks to open (macOS: double-clicked
/// in the Finder) is opened on the next frame.
#[test]
fn a_dropped_or_double_clicked_project_is_opened_and_other_files_imported() {
    #[derive(Debug)]
    struct Dropped(PathBuf);
    impl egui::DroppedFile for Dropped {
        fn path(&self) -> &Path {
            &self.0
        }
        fn bytes(&self) -> Result<Vec<u8>, String> {
            std::fs::read(&self.0).map_err(|e| e.to_string())
        }
    }
    let first = setup("first.lernstadt", Start::Demo);
    let second = setup("second.lernstadt", Start::Empty);
    // Renamed: the first bytes say what it is, not the name.
    let renamed = second.dir.path().join("Projekt vom Amt.bin");
    std::fs::copy(&second.path, &renamed).unwrap();
    let mut harness = open(&first.path);
    let drop = |harness: &mut Harness<'_, LernstadtApp>, path: &Path| {
        harness
            .input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(path.to_owned())));
        harness.run();
    };
    drop(&mut harness, &renamed);
    assert_eq!(
        harness.state().open_path().as_deref(),
        Some(renamed.as_path())
    );
    assert!(!harness.state().import.open);

    drop(&mut harness, &fixture("sheet_wide_en.csv"));
    assert!(harness.state().import.open, "a CSV goes to the wizard");
    assert_eq!(
        harness.state().open_path().as_deref(),
        Some(renamed.as_path())
    );

    harness.state_mut().asked_to_open.push(first.path.clone());
    harness.run();
    assert_eq!(
        harness.state().open_path().as_deref(),
        Some(first.path.as_path())
    );
}

/// A flat city file under a protection rule: where the rule is set, the window says that
/// the whole city is the sum of its districts and offers to make them its districts, as
/// one step in the history.
#[test]
fn the_protection_settings_offer_to_make_a_sum_its_districts() {
    use std::fmt::Write as _;
    let setup = setup("flach.lernstadt", Start::Empty);
    let csv = setup.dir.path().join("flach.csv");
    let mut text = String::from("Nr;Stadtteil;Jahr;Kinder in Tagespflege\n");
    for year in 2020..2025 {
        let values = [year % 7 + 1, year % 11 + 4, year % 13 + 9];
        for (d, value) in values.iter().enumerate() {
            let _ = writeln!(text, "0{};Stadtteil {};{year};{value}", d + 1, d + 1);
        }
        let _ = writeln!(text, "00;Musterstadt;{year};{}", values.iter().sum::<i32>());
    }
    std::fs::write(&csv, text).unwrap();
    let host = lernstadt_core::store::Host::default();
    let mut store = lernstadt_core::store::Store::open(
        &setup.path,
        lernstadt_core::store::OpenMode::ReadWrite,
        &host,
    )
    .unwrap();
    lernstadt_core::import::import_file(
        &mut store,
        &csv,
        &lernstadt_core::import::Options::default(),
        &std::sync::Arc::default(),
    )
    .unwrap();
    let mut project = lernstadt_core::store::project::get(store.conn())
        .unwrap()
        .project;
    project.protect_min_count = Some(3);
    let mut indicator = lernstadt_core::store::indicators::list(store.conn()).unwrap()[0].clone();
    indicator.counts = true;
    store
        .transact(lernstadt_core::store::ActionKind::Edit, "rule", |tx| {
            tx.update(&project)?;
            tx.update(&indicator).map(|_| ())
        })
        .unwrap();
    store.close().unwrap();

    let mut harness = open(&setup.path);
    harness
        .get_by_label(lernstadt_core::i18n::tr("app.settings"))
        .click();
    harness.run();
    harness.get_by_label_contains("Musterstadt is the sum of 3 regions in 5 of 5 periods");
    harness
        .get_by_label("Make them districts of Musterstadt")
        .click();
    harness.run();
    let Project::Open { store, .. } = &harness.state().project else {
        panic!("the project is open");
    };
    let regions = lernstadt_core::store::regions::list(store.conn()).unwrap();
    let city = regions.iter().find(|r| r.key == "00").unwrap().uuid;
    assert!(
        regions
            .iter()
            .filter(|r| r.key != "00")
            .all(|r| r.parent == Some(city)),
        "{regions:?}"
    );
    assert_eq!(
        store.history(1).unwrap()[0].label,
        "Make 3 regions districts of Musterstadt"
    );
    assert!(harness.state().data.unknown_sums.is_empty());
}
