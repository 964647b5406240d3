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
    harness.get_by_label("Stakeholders");

    harness.get_by_label("Language").click();
    harness.run();
    harness.get_by_label("Deutsch").click();
    harness.run();
    harness.get_by_label("Akteure");
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
