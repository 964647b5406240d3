//! Editing in the views: a stakeholder saved, refused and undone, goals moved, an
//! indicator's chart with gaps for symbols, the history's details.

use egui_kittest::kittest::Queryable;
use lernstadt::app::{LernstadtApp, Project};

use super::{Start, go, open, setup};

fn stakeholder<'a>(
    app: &'a LernstadtApp,
    name: &str,
) -> Option<&'a lernstadt_core::model::Stakeholder> {
    app.data.stakeholders.iter().find(|s| s.name == name)
}

/// A stakeholder edited in the window is saved as one step, refused while invalid, and
/// taken back by Undo.
#[test]
fn editing_a_stakeholder_saves_refuses_invalid_input_and_undoes() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    go(&mut harness, "view.stakeholders");
    harness.get_by_label("Jugendamt Musterstadt").click();
    harness.run();
    let before = stakeholder(harness.state(), "Jugendamt Musterstadt")
        .unwrap()
        .clone();

    // Interest 7 is outside 1 to 5: a message beside the field, Save stays off.
    harness
        .get_by_role_and_label(egui::accesskit::Role::SpinButton, "Interest")
        .set_value_accesskit(7.0);
    harness.run();
    harness.get_by_label_contains("outside the scale");
    harness.get_by_label("Save").click();
    harness.run();
    assert_eq!(
        stakeholder(harness.state(), "Jugendamt Musterstadt")
            .unwrap()
            .interest,
        before.interest,
        "nothing saved while invalid"
    );

    // Interest 5 is fine: saved as one action named after the change.
    harness
        .get_by_role_and_label(egui::accesskit::Role::SpinButton, "Interest")
        .set_value_accesskit(5.0);
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    harness.run();
    let saved = stakeholder(harness.state(), "Jugendamt Musterstadt").unwrap();
    assert_eq!(saved.interest, 5);
    let newest = &harness.state().data.history[0];
    assert_eq!(
        newest.label,
        format!("Jugendamt Musterstadt: Interest {} -> 5", before.interest)
    );

    harness.get_by_label("Undo").click();
    harness.run();
    harness.run();
    assert_eq!(
        stakeholder(harness.state(), "Jugendamt Musterstadt").unwrap(),
        &before,
        "undo restores the stakeholder"
    );
}

/// A goal moves one place down among its siblings and under another parent, each one
/// undoable step.
#[test]
fn a_goal_moves_in_order_and_under_another_parent() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    go(&mut harness, "view.goals");
    let (first, second, other_parent) = {
        let data = &harness.state().data;
        let strategic: Vec<&lernstadt_core::model::Goal> = data
            .goals
            .iter()
            .filter(|g| g.level == lernstadt_core::model::GoalLevel::Strategic)
            .collect();
        let parent = strategic[0].uuid;
        let children: Vec<&lernstadt_core::model::Goal> = data.child_goals(Some(parent)).collect();
        (
            children[0].clone(),
            children[1].clone(),
            strategic[1].clone(),
        )
    };
    harness.get_by_label(&first.title).click();
    harness.run();
    harness.get_by_label("Move down").click();
    harness.run();
    harness.run();
    let order: Vec<uuid::Uuid> = harness
        .state()
        .data
        .child_goals(first.parent)
        .map(|g| g.uuid)
        .collect();
    assert_eq!(&order[..2], &[second.uuid, first.uuid]);

    harness.get_by_label("Move under").click();
    harness.run();
    // The tree and the open drop-down both name it; the drop-down's entry is the last.
    harness
        .query_all_by_label(&other_parent.title)
        .last()
        .unwrap()
        .click();
    harness.run();
    harness.run();
    let moved = harness.state().data.goal(first.uuid).unwrap().clone();
    assert_eq!(moved.parent, Some(other_parent.uuid));

    harness.get_by_label("Undo").click();
    harness.run();
    harness.run();
    assert_eq!(
        harness.state().data.goal(first.uuid).unwrap().parent,
        first.parent
    );
}

/// The indicator chart draws the demo's series; a value a symbol stands in for is a gap
/// listed with its symbol, never a point at zero.
#[test]
fn the_indicator_chart_leaves_gaps_for_symbols() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    go(&mut harness, "view.indicators");
    let app = harness.state();
    let with_gap = app
        .data
        .indicators
        .iter()
        .find(|i| {
            lernstadt_core::store::observations::for_indicator(
                match &app.project {
                    Project::Open { store, .. } => store.conn(),
                    Project::Refused { .. } => unreachable!(),
                },
                &i.code,
            )
            .unwrap()
            .iter()
            .any(|o| o.value.is_none())
        })
        .expect("the demo has symbols without values")
        .clone();
    harness.state_mut().views.indicators.selected = Some(with_gap.uuid);
    harness.run();
    harness.run();
    let app = harness.state();
    assert_eq!(app.indicator_data.indicator, Some(with_gap.uuid));
    let mut gaps = 0;
    for (region, breakdown) in app.indicator_data.series.keys() {
        let series = app.indicator_data.series(region, breakdown);
        let drawn = lernstadt::ui::chart::draw(series, |p| app.data.x(p));
        for (observation, point) in series.iter().filter(|o| o.value.is_none()).map(|o| {
            (
                o,
                drawn
                    .segments
                    .iter()
                    .flatten()
                    .find(|p| (p[0] - app.data.x(&o.period_code)).abs() < 1e-9),
            )
        }) {
            assert!(point.is_none(), "{observation:?} is drawn");
            gaps += 1;
        }
        assert_eq!(
            drawn.gaps.len(),
            series.iter().filter(|o| o.value.is_none()).count()
        );
    }
    assert!(gaps > 0);
}

/// The history names the selected action's changes in words, read when it is selected.
#[test]
fn the_history_says_what_the_selected_action_changed() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    go(&mut harness, "view.stakeholders");
    harness.get_by_label("Jugendamt Musterstadt").click();
    harness.run();
    let before = stakeholder(harness.state(), "Jugendamt Musterstadt")
        .unwrap()
        .interest;
    let (after, value) = if before == 5 { (4, 4.0) } else { (5, 5.0) };
    harness
        .get_by_role_and_label(egui::accesskit::Role::SpinButton, "Interest")
        .set_value_accesskit(value);
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    harness.run();

    go(&mut harness, "view.history");
    let line = format!("Jugendamt Musterstadt: Interest {before} -> {after}");
    assert_eq!(
        harness.query_all_by_label(&line).count(),
        1,
        "the action's row"
    );
    harness.get_by_label(&line).click();
    harness.run();
    harness.run();
    harness.get_by_label("Changes of this entry");
    assert_eq!(
        harness.query_all_by_label(&line).count(),
        2,
        "the row and its change in the details"
    );
}
