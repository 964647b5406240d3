//! The computed-indicator editor: a formula checked as it is typed (the error beside the
//! field, with its position), a preview of the first values, and on saving the values
//! computed in the same step; an indicator with values of its own gets no formula.

use egui_kittest::kittest::Queryable;

use super::{Start, open, setup, wait_for};

/// Opens the definition of the indicator `code` in the Indicators view.
fn select(harness: &mut egui_kittest::Harness<'_, lernstadt::app::LernstadtApp>, code: &str) {
    super::select_indicator(harness, code);
    harness.state_mut().views.indicators.tab = lernstadt::ui::indicators::Tab::Definition;
    harness.run();
}

#[test]
fn a_formula_is_checked_while_typed_previewed_and_computed_on_saving() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    let type_formula = |harness: &mut egui_kittest::Harness<'_, lernstadt::app::LernstadtApp>,
                        text: &str| {
        let field = harness.get_by_label("Formula");
        field.focus();
        field.type_text(text);
        harness.run();
        harness.run();
    };
    // Imported values are not replaced by a formula: said beside the field, no saving.
    select(&mut harness, "BQ_U3");
    type_formula(&mut harness, "[BQ_36] / 2");
    harness.get_by_label_contains("values of its own (imported or typed in)");
    harness.get_by_label("Discard changes").click();
    harness.run();

    // The demo's computed share, given another formula.
    select(&mut harness, "ANT_U6");
    harness
        .state_mut()
        .views
        .indicators
        .draft
        .as_mut()
        .unwrap()
        .draft
        .formula
        .clear();
    harness.run();
    type_formula(&mut harness, "100 * [BQ_36");
    harness.get_by_label_contains("Character 7:");
    // Completing it: a preview of the first values appears.
    type_formula(&mut harness, "] / 200");
    harness.run();
    harness.get_by_label("Preview of the first values");
    let preview = &harness.state().views.indicators.preview;
    let (formula, lines) = preview.as_ref().expect("a preview");
    assert_eq!(formula, "100 * [BQ_36] / 200");
    assert_eq!(lines.as_ref().map(Vec::len), Ok(6), "{lines:?}");

    harness.get_by_label("Save").click();
    harness.step();
    // Computed on a worker; the window waits for nothing.
    wait_for(&mut harness, |app| {
        app.task.is_none()
            && app
                .data
                .indicators
                .iter()
                .any(|i| i.code == "ANT_U6" && i.formula == "100 * [BQ_36] / 200")
    });
    assert!(
        harness
            .state()
            .status
            .as_deref()
            .unwrap_or("")
            .contains("ANT_U6 computed"),
        "{:?}",
        harness.state().status
    );
    let store = lernstadt_core::store::Store::open(
        &setup.path,
        lernstadt_core::store::OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let value = |code: &str| {
        lernstadt_core::store::observations::for_indicator(store.conn(), code)
            .unwrap()
            .into_iter()
            .find(|o| {
                o.region_key == "05999000" && o.period_code == "2020" && o.breakdown_key.is_empty()
            })
            .and_then(|o| o.value)
    };
    let (computed, input) = (value("ANT_U6").unwrap(), value("BQ_36").unwrap());
    assert!(
        (computed - input / 2.0).abs() < 1e-9,
        "{computed} = {input} / 2"
    );
}

/// Giving an input another code in the editor says which formulas read it, and saving
/// rewrites them: the social index still reads the day care rate, under its new code.
#[test]
fn renaming_an_input_rewrites_the_formulas_that_read_it() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    select(&mut harness, "BQ_U3");
    let field = harness.get_by_label("Code");
    field.focus();
    field.type_text("_NEU");
    harness.run();
    harness.run();
    harness.get_by_label_contains("The formula of SOZ reads BQ_U3");
    harness.get_by_label("Save").click();
    harness.run();
    harness.run();
    let formula = |harness: &egui_kittest::Harness<'_, lernstadt::app::LernstadtApp>| {
        harness
            .state()
            .data
            .indicators
            .iter()
            .find(|i| i.code == "SOZ")
            .unwrap()
            .formula
            .clone()
    };
    assert!(
        formula(&harness).contains("z([BQ_U3_NEU])"),
        "{}",
        formula(&harness)
    );
    assert!(
        !formula(&harness).contains("[BQ_U3]"),
        "{}",
        formula(&harness)
    );
    // One undo takes back both.
    harness.state_mut().undo();
    harness.run();
    assert!(
        formula(&harness).contains("z([BQ_U3])"),
        "{}",
        formula(&harness)
    );
}
