//! The statistics offices' web service in the window: a table looked up and fetched by its
//! code, then updated from its source with a preview before *Apply* — against the stand-in
//! service of `tests/fetch.rs` on 127.0.0.1.

use egui_kittest::kittest::Queryable;
use lernstadt::app::LernstadtApp;
use lernstadt::settings::Settings;

use super::{Start, observations, setup, wait_for, window};
use crate::fetch::{Mode, StandIn, TABLE};

#[test]
fn a_table_is_fetched_and_updated_from_its_source_in_the_window() {
    let service = StandIn::for_anyone(Mode::Edition(1));
    let setup = setup("web.lernstadt", Start::Empty);
    let mut app = LernstadtApp::open(&setup.path, Settings::default());
    let fetch = &mut app.import.web.fetch;
    fetch.open = true;
    fetch.endpoint.clone_from(&service.endpoint);
    fetch.table = TABLE.to_owned();
    let mut harness = window(app);

    // Looked up first: the table's title and its data date.
    harness.get_by_label("Look up").click();
    harness.step();
    wait_for(&mut harness, |app| app.import.web.fetch.looked_up.is_some());
    harness.get_by_label_contains("Bevölkerung nach Geschlecht");
    harness.get_by_label("Updated 21.11.2023 13:47:55h");

    // Fetched and imported as one step, said as the command line says it.
    harness.get_by_label("Fetch and import").click();
    harness.step();
    wait_for(&mut harness, |app| {
        app.import.web.fetch.result.is_some() && observations(app) == 4
    });
    assert!(
        matches!(&harness.state().import.web.fetch.result, Some(Ok(_))),
        "{:?}",
        harness.state().import.web.fetch.result
    );
    assert_eq!(observations(harness.state()), 4);
    harness.get_by_label_contains("Applied as one step");

    // A year later: the update shows what would change and writes nothing before Apply.
    service.set(Mode::Edition(2));
    harness.state_mut().import.web.fetch.open = false;
    harness.state_mut().import.web.refresh.open = true;
    harness.run();
    harness.get_by_label("Fetch and show changes").click();
    harness.step();
    wait_for(&mut harness, |app| app.import.web.refresh.preview.is_some());
    harness.get_by_label_contains("Changed values (1), old -> new:");
    harness.get_by_label_contains("2023-12-31: 281052 -> 281160");
    harness.get_by_label_contains("Dry run: nothing was changed");
    assert_eq!(observations(harness.state()), 4);

    harness.get_by_label("Apply").click();
    harness.step();
    wait_for(&mut harness, |app| {
        app.import.web.refresh.result.is_some() && observations(app) == 6
    });
    assert_eq!(observations(harness.state()), 6);
    harness.get_by_label_contains("Applied as one step");
}

/// The login window hands the password to the keychain and keeps no copy: the field is
/// empty afterwards, and what the keychain said is shown (stored, or that this system has
/// no usable keychain).
#[test]
fn the_login_window_stores_the_password_in_the_keychain_only() {
    let setup = setup("login.lernstadt", Start::Empty);
    let mut app = LernstadtApp::open(&setup.path, Settings::default());
    let login = &mut app.import.web.login;
    login.open = true;
    login.endpoint = "http://127.0.0.1:9/genesisws/rest/2020/".to_owned();
    login.user = "window-user".to_owned();
    login.password = "window-secret-4242".to_owned();
    let mut harness = window(app);
    harness.get_by_label("Store in the keychain").click();
    harness.run();
    let login = &harness.state().import.web.login;
    assert!(login.password.is_empty(), "the window kept the password");
    let message = login.message.clone().expect("the keychain's answer");
    match message {
        Ok(stored) => {
            assert!(
                stored.contains("Stored the login for 127.0.0.1:9"),
                "{stored}"
            );
            harness.get_by_label("Forget").click();
            harness.run();
            assert!(matches!(
                &harness.state().import.web.login.message,
                Some(Ok(text)) if text.contains("Removed the login")
            ));
        }
        Err(error) => assert!(error.contains("keychain could not be used"), "{error}"),
    }
}
