//! The social index in the window: built in its dialog by clicking indicators, saved as
//! one undoable step, shown ranked with the method, and opened again to change it.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

use super::{Start, go, open, setup, wait_for};

#[test]
fn a_social_index_is_built_in_the_dialog_and_ranked() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    go(&mut harness, "view.indicators");
    harness.get_by_label("Social index …").click();
    harness.run();
    // Nothing chosen yet: the button waits and says why.
    harness.get_by_label("Choose at least two indicators.");
    // An indicator with values only for the whole city is offered greyed: an index of it
    // would stay empty (which indicators have district values is asked on a worker).
    super::wait_for(&mut harness, |app| {
        app.views.indicators.social.with_districts.is_some()
    });
    let library = harness.get_by_role_and_label(
        Role::CheckBox,
        "Aktive Nutzerinnen und Nutzer der Stadtbibliothek",
    );
    assert!(library.accesskit_node().is_disabled());
    let poverty = harness.get_by_role_and_label(
        Role::CheckBox,
        "Kinder unter 15 Jahren in SGB-II-Bedarfsgemeinschaften",
    );
    assert!(!poverty.accesskit_node().is_disabled());
    // The list is searched as typed; a chosen indicator stays chosen when the search changes.
    let search = harness.get_by_label("Search indicators");
    search.focus();
    search.type_text("SGB");
    harness.run();
    harness
        .get_by_role_and_label(
            Role::CheckBox,
            "Kinder unter 15 Jahren in SGB-II-Bedarfsgemeinschaften",
        )
        .click();
    harness.run();
    let choose = |harness: &mut egui_kittest::Harness<'_, lernstadt::app::LernstadtApp>,
                  text: &str,
                  name: &str| {
        text.clone_into(&mut harness.state_mut().views.indicators.social.search);
        harness.run();
        harness.get_by_role_and_label(Role::CheckBox, name).click();
        harness.run();
    };
    choose(
        &mut harness,
        "Betreuungsquote unter",
        "Betreuungsquote unter 3 Jahren",
    );
    // An indicator without a good direction must be given one before computing.
    choose(
        &mut harness,
        "Familiensprache",
        "Kita-Kinder mit vorwiegend nicht deutscher Familiensprache",
    );
    harness.get_by_label_contains("needs a direction");
    choose(
        &mut harness,
        "Familiensprache",
        "Kita-Kinder mit vorwiegend nicht deutscher Familiensprache",
    );
    harness.get_by_label_contains("weight 1, higher means less need, so turned");
    harness.get_by_label("Compute the index").click();
    harness.step();
    wait_for(&mut harness, |app| {
        app.task.is_none() && app.views.indicators.ranking.is_some()
    });

    let app = harness.state();
    let index = app
        .data
        .indicators
        .iter()
        .find(|i| i.code == "SOZIALINDEX")
        .expect("the index is saved");
    assert_eq!(index.formula, "(-1 * z([BQ_U3]) + 1 * z([SGB2_U15])) / 2");
    assert_eq!(
        app.views.indicators.tab,
        lernstadt::ui::indicators::Tab::Ranking
    );
    let (_, _, ranking) = app.views.indicators.ranking.as_ref().expect("ranked");
    let ranking = ranking.as_ref().unwrap().as_ref().expect("values");
    assert_eq!(ranking.rows.len(), 10);
    assert_eq!(ranking.rows[0].rank, Some(1));
    harness.get_by_label(&ranking.rows[0].name);
    harness.get_by_label("z SGB2_U15");

    // Opened again: the parts come back as saved.
    harness
        .get_by_label("Change indicators and weights …")
        .click();
    harness.run();
    let dialog = &harness.state().views.indicators.social;
    let mut chosen: Vec<&str> = dialog
        .rows
        .iter()
        .filter(|row| row.1)
        .map(|row| row.0.as_str())
        .collect();
    chosen.sort_unstable();
    assert_eq!(chosen, ["BQ_U3", "SGB2_U15"]);
    assert!(dialog.open);
    harness.get_by_label("Close window").click();
    harness.run();
    assert!(!harness.state().views.indicators.social.open);
    // …and the map is a click away.
    harness.get_by_label("Show on the map").click();
    harness.run();
    assert_eq!(
        harness.state().views.indicators.chart,
        lernstadt::ui::indicators::ChartKind::Map
    );
}
