//! The window through AccessKit, as a screen reader reads it (issue 31): every control of
//! the main views named, every chart and map with a text alternative, and *Show as table*
//! showing the chart's numbers.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use lernstadt::app::LernstadtApp;

use super::keyboard::tab_to;
use super::{Start, go, open, select_indicator, setup};

/// The roles a user acts on, besides the inputs the harness checks itself.
const ACTED_ON: [Role; 8] = [
    Role::Button,
    Role::CheckBox,
    Role::RadioButton,
    Role::ComboBox,
    Role::Link,
    Role::Tab,
    Role::MenuItem,
    Role::Image,
];

/// Every visible node of an acted-on role or an input without a name.
fn unnamed(harness: &Harness<'_, LernstadtApp>) -> Vec<String> {
    harness
        .root()
        .children_recursive()
        .map(|node| node.accesskit_node())
        .filter(|node| !node.is_hidden())
        .filter(|node| {
            ACTED_ON.contains(&node.role()) || egui::accessibility::is_input(node.role())
        })
        .filter(|node| node.label().is_none_or(|l| l.trim().is_empty()))
        .filter(|node| node.value().is_none_or(|v| v.trim().is_empty()))
        .map(|node| format!("{:?} at {:?}", node.role(), node.raw_bounds()))
        .collect()
}

/// Every view opened by its button, every control in it named.
#[test]
fn every_control_of_the_main_views_has_a_name() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    for view in [
        "view.overview",
        "view.stakeholders",
        "view.working_groups",
        "view.goals",
        "view.measures",
        "view.indicators",
        "view.regions",
        "view.history",
        "view.presentation",
    ] {
        go(&mut harness, view);
        let missing = unnamed(&harness);
        assert!(missing.is_empty(), "{view}: unnamed {missing:#?}");
    }
}

/// Each chart and the map: an image node named after the chart whose description says the
/// latest values; *Show as table* shows its numbers as table cells.
#[test]
fn every_chart_has_a_text_alternative_and_a_table() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    let code = harness.state().data.indicators[0].code.clone();
    select_indicator(&mut harness, &code);
    let mut checked = Vec::new();
    for kind in ["Over time", "Districts compared", "By breakdown", "Map"] {
        let Some(tab) = harness.query_by_label(kind) else {
            continue;
        };
        tab.click();
        harness.run();
        harness.run();
        let indicators = &harness.state().views.indicators;
        let Some((label, description)) = indicators.chart_description() else {
            continue;
        };
        let (label, description) = (label.to_owned(), description.to_owned());
        let node = harness.get_by_role_and_label(Role::Image, &label);
        assert_eq!(
            node.accesskit_node().description().as_deref(),
            Some(description.as_str()),
            "{kind}"
        );
        assert!(!description.is_empty(), "{kind}: nothing said");
        assert!(label.contains(kind), "{label}");
        let (_, rows) = indicators.chart_table().unwrap();
        let cell = rows
            .iter()
            .flat_map(|row| row.iter().skip(1))
            .find(|cell| !cell.is_empty() && !description.contains(cell.as_str()))
            .or_else(|| rows.iter().flat_map(|row| row.iter().skip(1)).next())
            .expect("the table has numbers")
            .clone();
        let before = harness.query_all_by_label(&cell).count();
        harness
            .get_by_role_and_label(Role::CheckBox, "Show as table")
            .click();
        harness.run();
        harness.run();
        assert!(harness.state().views.indicators.as_table);
        assert!(
            harness.query_all_by_label(&cell).count() > before,
            "{kind}: the table shows {cell}"
        );
        harness
            .get_by_role_and_label(Role::CheckBox, "Show as table")
            .click();
        harness.run();
        eprintln!("{label}\n  {description}\n  table cell {cell}");
        checked.push(kind);
    }
    // The demo draws all four: its city has district boundaries.
    assert_eq!(checked.len(), 4, "{checked:?}");
}

/// The time chart tells my region's latest value and its trend in words.
#[test]
fn the_time_chart_says_my_regions_latest_value_and_trend() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    let code = harness.state().data.indicators[0].code.clone();
    select_indicator(&mut harness, &code);
    let (_, description) = harness
        .state()
        .views
        .indicators
        .chart_description()
        .unwrap();
    assert!(description.starts_with("Lines: "), "{description}");
    assert!(
        [
            "risen from",
            "fallen from",
            "unchanged since",
            "a single value"
        ]
        .iter()
        .any(|word| description.contains(word)),
        "{description}"
    );
}

/// The keyboard alone reaches the Help menu and a chart's table: Tab to the control, Space
/// presses it.
#[test]
fn the_help_menu_and_the_chart_table_are_reached_by_keyboard() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    assert!(
        tab_to(&mut harness, "Help", 40),
        "Tab reaches the Help menu"
    );
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label("Keyboard shortcuts");
    harness.key_press(egui::Key::Escape);
    harness.run();

    let code = harness.state().data.indicators[0].code.clone();
    select_indicator(&mut harness, &code);
    assert!(
        tab_to(&mut harness, "Show as table", 200),
        "Tab reaches the table toggle"
    );
    harness.key_press(egui::Key::Space);
    harness.run();
    assert!(harness.state().views.indicators.as_table);
}

/// The indicator list's coloured dots are said in words: each entry's description is its
/// status.
#[test]
fn the_indicator_list_says_each_status_in_words() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    go(&mut harness, "view.indicators");
    let app = harness.state();
    let (name, status) = (
        app.data.indicators[0].name.clone(),
        app.data.summaries[0].status.label(),
    );
    let entry = harness.get_by_role_and_label(Role::Button, &name);
    assert_eq!(
        entry.accesskit_node().description().as_deref(),
        Some(status)
    );
}

/// The demo with `view` open and its `tab` chosen (the setup keeps the project's folder).
fn demo_at(view: &str, tab: &str) -> (super::Setup, Harness<'static, LernstadtApp>) {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    go(&mut harness, view);
    harness.get_by_label(tab).click();
    harness.run();
    harness.run();
    (setup, harness)
}

/// The stakeholders' influence/interest grid is an image a screen reader reads as words:
/// how many stakeholders, and each quadrant with the names in it.
#[test]
fn the_stakeholder_grid_says_who_stands_where() {
    let (_setup, harness) = demo_at("view.stakeholders", "Influence/interest grid");
    let node = harness.get_by_role_and_label(Role::Image, "Influence/interest grid");
    let description = node.accesskit_node().description().unwrap_or_default();
    let count = harness.state().data.stakeholders.len();
    assert!(
        description.starts_with(&format!("Influence/interest grid of {count} stakeholders")),
        "{description}"
    );
    for quadrant in [
        "manage closely",
        "keep satisfied",
        "keep informed",
        "monitor",
    ] {
        assert!(description.contains(quadrant), "{quadrant}: {description}");
    }
    let first = &harness.state().data.stakeholders[0].name;
    assert!(
        description.contains(first.as_str()),
        "{first}: {description}"
    );
}

/// Each bar of the measures' timeline is a button a screen reader reads as the measure, its
/// stage and its dates.
#[test]
fn the_measures_timeline_says_each_measure_and_its_dates() {
    let (_setup, harness) = demo_at("view.measures", "Timeline");
    let measure = harness.state().data.measures[0].clone();
    let said = format!(
        "{}: {} · {} – {}",
        measure.title,
        measure.status.label(),
        measure.start_date.as_deref().unwrap_or("?"),
        measure.end_date.as_deref().unwrap_or("?")
    );
    assert!(
        harness
            .query_all_by_role_and_label(Role::Button, &said)
            .count()
            >= 1,
        "{said}"
    );
}

/// Each sparkline of the overview is an image a screen reader reads as its indicator's
/// first and latest value.
#[test]
fn the_overviews_sparklines_say_their_first_and_latest_value() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    go(&mut harness, "view.overview");
    let images: Vec<String> = harness
        .root()
        .children_recursive()
        .map(|node| node.accesskit_node())
        .filter(|node| node.role() == Role::Image)
        .filter_map(|node| node.label())
        .filter(|label| label.starts_with("Trend of "))
        .collect();
    assert!(images.len() > 10, "{images:#?}");
    assert!(
        images
            .iter()
            .any(|label| label.contains(" in 20") && label.contains(", ")),
        "{images:#?}"
    );
}

/// The controls of a view, by role and name.
fn controls(harness: &Harness<'_, LernstadtApp>) -> std::collections::BTreeSet<String> {
    harness
        .root()
        .children_recursive()
        .map(|node| node.accesskit_node())
        .filter(|node| !node.is_hidden() && ACTED_ON.contains(&node.role()))
        .filter_map(|node| Some(format!("{:?} {}", node.role(), node.label()?)))
        .collect()
}

/// Text at 200 % (the font-size setting at 26 points) loses no control of any view: every
/// button, check box, tab and menu the views show at the default size is there too.
#[test]
fn text_at_twice_the_size_loses_no_control() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let views = [
        "view.overview",
        "view.stakeholders",
        "view.working_groups",
        "view.goals",
        "view.measures",
        "view.indicators",
        "view.regions",
        "view.history",
        "view.presentation",
    ];
    let mut normal = open(&setup.path);
    let large_settings = lernstadt::settings::Settings {
        font_size: Some(26.0),
        ..lernstadt::settings::Settings::default()
    };
    let mut large = super::window(LernstadtApp::open(&setup.path, large_settings));
    let body = |harness: &Harness<'_, LernstadtApp>| {
        harness.ctx.global_style().text_styles[&egui::TextStyle::Body].size
    };
    assert_eq!((body(&normal), body(&large)), (13.0, 26.0));
    for view in views {
        go(&mut normal, view);
        go(&mut large, view);
        let missing: Vec<String> = controls(&normal)
            .difference(&controls(&large))
            .cloned()
            .collect();
        assert!(missing.is_empty(), "{view} at 26 pt lacks {missing:#?}");
    }
}
