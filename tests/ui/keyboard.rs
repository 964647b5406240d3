//! The planner's whole job by keyboard alone: Tab and Shift+Tab move the focus, Space or
//! Enter presses, letters type, Ctrl+1 … Ctrl+9 switch views and Esc closes — no click,
//! no state set by hand beyond the file the system's dialog would return.

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use lernstadt::app::LernstadtApp;

use super::{fixture, wait_for, window};

/// The label of the node that has the keyboard focus.
pub(super) fn focused(harness: &Harness<'_, LernstadtApp>) -> Option<String> {
    harness
        .root()
        .children_recursive()
        .map(|node| node.accesskit_node())
        .find(egui_kittest::kittest::AccessKitNode::is_focused)
        .map(|node| {
            node.label().or_else(|| node.value()).unwrap_or_else(|| {
                format!(
                    "({:?} without a name: {:?} {:?} {:?})",
                    node.role(),
                    node.value(),
                    node.description(),
                    node.raw_bounds()
                )
            })
        })
}

/// Tab presses the focus through the controls, in order, until it reaches the label;
/// false when it does not within `max` presses.
pub(super) fn tab_to(harness: &mut Harness<'_, LernstadtApp>, label: &str, max: usize) -> bool {
    tab_through(harness, label, max).is_ok()
}

/// Tab until the focus is on `label`; else the labels the focus passed, in order.
fn tab_through(
    harness: &mut Harness<'_, LernstadtApp>,
    label: &str,
    max: usize,
) -> Result<(), Vec<String>> {
    let mut passed = Vec::new();
    for _ in 0..max {
        harness.key_press(Key::Tab);
        harness.run();
        let now = focused(harness);
        if now.as_deref() == Some(label) {
            return Ok(());
        }
        passed.push(now.unwrap_or_else(|| "(nothing)".to_owned()));
    }
    Err(passed)
}

/// Tabs to the control `label` and presses Space on it.
fn press(harness: &mut Harness<'_, LernstadtApp>, label: &str) {
    reach(harness, label);
    harness.key_press(Key::Space);
    settle(harness);
}

/// Runs frames until the window is still, or a few while a worker's progress repaints it.
fn settle(harness: &mut Harness<'_, LernstadtApp>) {
    if harness.try_run().is_err() {
        harness.run_steps(2);
    }
}

/// Tabs to the control `label`, failing with the way the focus went.
fn reach(harness: &mut Harness<'_, LernstadtApp>, label: &str) {
    if focused(harness).as_deref() == Some(label) {
        return;
    }
    if let Err(passed) = tab_through(harness, label, 400) {
        let mut seen = passed.clone();
        seen.dedup();
        panic!("Tab never reached {label:?}; it went {seen:?}");
    }
}

/// Tabs to the field `label` and types `text` into it.
fn type_in(harness: &mut Harness<'_, LernstadtApp>, label: &str, text: &str) {
    reach(harness, label);
    harness.event(egui::Event::Text(text.to_owned()));
    harness.run();
    harness.run();
}

/// Ctrl+1 … Ctrl+8: the views up to the presentation (which takes the keys for itself).
const VIEW_KEYS: [Key; 8] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
];

fn view(harness: &mut Harness<'_, LernstadtApp>, number: Key) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, number);
    harness.run();
    harness.run();
}

#[test]
fn the_whole_job_by_keyboard_alone() {
    lernstadt_core::i18n::set_lang(lernstadt_core::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kreis.lernstadt");
    let new = lernstadt_core::store::project::NewProject {
        name: "Kreis".to_owned(),
        region_key: "05999".to_owned(),
        municipality: String::new(),
    };
    lernstadt_core::store::Store::create_for(&path, &new, &lernstadt_core::store::Host::default())
        .unwrap()
        .close()
        .unwrap();
    let mut app = LernstadtApp::open(&path, lernstadt::settings::Settings::default());
    // What the system's file dialog returns.
    app.import.choose(fixture("table_period_column.csv"));
    let mut harness = window(app);

    // The table, through the wizard; Esc closes it.
    press(&mut harness, "Import");
    wait_for(&mut harness, |app| app.import.report.is_some());
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().import.open, "Esc closes the wizard");

    // A share by formula: Ctrl+6 is the Indicators view.
    view(&mut harness, Key::Num6);
    press(&mut harness, "New indicator…");
    type_in(&mut harness, "Code", "OHNE_HSA");
    type_in(&mut harness, "Name", "Share without a certificate");
    type_in(&mut harness, "Unit", "%");
    type_in(
        &mut harness,
        "Formula",
        "100 * [21111-02-06-4; Abschlussarten=ohne Hauptschulabschluss] / [21111-02-06-4; total]",
    );
    press(&mut harness, "Create");
    wait_for(&mut harness, |app| {
        app.task.is_none() && app.data.indicators.iter().any(|i| i.code == "OHNE_HSA")
    });

    // A goal (Ctrl+4), and the share linked to it.
    view(&mut harness, Key::Num4);
    press(&mut harness, "New top goal");
    type_in(&mut harness, "Link indicator", "ohne_hsa");
    press(&mut harness, "+ Share without a certificate (OHNE_HSA)");
    assert_eq!(harness.state().data.indicator_goals.len(), 1, "linked");

    // Direction, target and baseline on the indicator's page.
    view(&mut harness, Key::Num6);
    press(&mut harness, "Share without a certificate");
    press(&mut harness, "Goals and targets");
    press(&mut harness, "Good direction");
    press(&mut harness, "Lower is better");
    type_in(&mut harness, "Target value", "1.5");
    type_in(&mut harness, "by", "2030");
    press(&mut harness, "Set target");
    type_in(&mut harness, "Year", "2022");
    press(&mut harness, "Set baseline");
    let data = &harness.state().data;
    let indicator = data
        .indicators
        .iter()
        .find(|i| i.code == "OHNE_HSA")
        .unwrap();
    assert_eq!(indicator.baseline_period.as_deref(), Some("2022"));
    assert_eq!(data.targets.len(), 1);

    // The overview's tile (Ctrl+1), and the report window by its button.
    view(&mut harness, Key::Num1);
    harness.get_by_label("Musterstadt, kreisfreie Stadt, 2022");
    press(&mut harness, "Share without a certificate");
    assert_eq!(
        harness.state().view,
        lernstadt::ui::View::Indicators,
        "the tile's name leads to the indicator"
    );
    press(&mut harness, "File");
    press(&mut harness, "Export report…");
    reach(&mut harness, "Write report…");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        !harness.state().export.report.open,
        "Esc closes the report window"
    );
}

/// No view traps the focus: from the menu bar, Tab goes through every control of the view
/// and comes back round to the menu bar, and Shift+Tab goes the other way.
#[test]
fn tab_goes_round_every_view_and_back() {
    let setup = super::setup("demo.lernstadt", super::Start::Demo);
    let mut harness = super::open(&setup.path);
    for number in VIEW_KEYS {
        view(&mut harness, number);
        reach(&mut harness, "File");
        if let Err(passed) = tab_through(&mut harness, "File", 600) {
            panic!("{number:?}: the focus never came back to the menu bar: {passed:?}");
        }
        harness.key_press_modifiers(egui::Modifiers::SHIFT, Key::Tab);
        harness.run();
        let last = focused(&harness);
        assert!(
            last.as_ref().is_some_and(|l| l != "File"),
            "{number:?}: Shift+Tab from the menu bar goes to the view's last control, not {last:?}"
        );
    }
}

/// At 200 % text (26 points) in a laptop's window of 1280 × 720, every control Tab reaches
/// in every view is in sight when it has the focus: content that no longer fits scrolls to
/// the focus instead of lying beyond the window's edge.
#[test]
fn at_twice_the_size_the_focus_is_always_in_sight() {
    let setup = super::setup("demo.lernstadt", super::Start::Demo);
    let settings = lernstadt::settings::Settings {
        font_size: Some(26.0),
        ..lernstadt::settings::Settings::default()
    };
    let (width, height) = (1280.0, 720.0);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(width, height))
        .with_max_steps(16)
        .build_ui_state(
            |ui, app: &mut LernstadtApp| app.ui(ui),
            LernstadtApp::open(&setup.path, settings),
        );
    harness.run();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(width, height));
    let mut out_of_sight = Vec::new();
    for number in VIEW_KEYS {
        view(&mut harness, number);
        reach(&mut harness, "File");
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..600 {
            harness.key_press(Key::Tab);
            harness.run();
            let node = harness
                .root()
                .children_recursive()
                .map(|node| node.accesskit_node())
                .find(egui_kittest::kittest::AccessKitNode::is_focused);
            let Some(node) = node else { continue };
            let label = node.label().or_else(|| node.value()).unwrap_or_default();
            if label == "File" {
                break;
            }
            seen.insert(label.clone());
            let bounds = node.bounding_box().map(|b| {
                egui::Rect::from_min_max(
                    egui::pos2(b.x0 as f32, b.y0 as f32),
                    egui::pos2(b.x1 as f32, b.y1 as f32),
                )
            });
            if let Some(bounds) = bounds
                && !screen.expand(0.5).contains_rect(bounds)
            {
                out_of_sight.push(format!(
                    "{number:?} {:?} {label:?} at {bounds:?}",
                    node.role()
                ));
            }
        }
        if number == Key::Num2 {
            // The stakeholders' table is longer than the window: Tab reaches every row,
            // the ones below the fold too, as the focus scrolls the table.
            let unreached: Vec<&str> = harness
                .state()
                .data
                .stakeholders
                .iter()
                .map(|s| s.name.as_str())
                .filter(|name| !seen.contains(*name))
                .collect();
            assert!(
                unreached.is_empty(),
                "rows Tab never reached: {unreached:?}"
            );
        }
    }
    assert!(
        out_of_sight.is_empty(),
        "focused out of sight: {out_of_sight:#?}"
    );
}

/// At 200 % text in a small window (a 1366 × 768 screen at 200 % scaling leaves about
/// 400 points of height) the import wizard is taller than the window: its content scrolls,
/// and Tab reaches its Import button in sight.
#[test]
fn at_twice_the_size_a_tall_dialog_scrolls_to_its_buttons() {
    let setup = super::setup("neu.lernstadt", super::Start::Empty);
    let settings = lernstadt::settings::Settings {
        font_size: Some(26.0),
        ..lernstadt::settings::Settings::default()
    };
    let mut app = LernstadtApp::open(&setup.path, settings);
    app.import.choose(fixture("genesis_flat_de.csv"));
    let (width, height) = (1280.0, 400.0);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(width, height))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut LernstadtApp| app.ui(ui), app);
    harness.run();
    reach(&mut harness, "Import");
    let import = harness.get_by_label("Import").rect();
    assert!(
        egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(width, height))
            .contains_rect(import),
        "the Import button in sight: {import:?}"
    );

    harness.key_press(Key::Space);
    settle(&mut harness);
    wait_for(&mut harness, |app| app.import.report.is_some());
    assert_eq!(
        harness.state().import.report.as_ref().map(|r| r.inserted),
        Some(8)
    );
}
