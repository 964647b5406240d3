//! The window, clicked through with `egui_kittest`.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lernstadt::app::{LernstadtApp, Project};
use lernstadt::settings::Settings;
use lernstadt_core::i18n::Lang;

mod alone;
mod copies;
mod derive;
mod job;
mod presenting;
mod scale;
mod social;

/// What a window test stands on: the test thread speaking English, settings that live in
/// memory only (no data directory is touched), and a project file.
struct Setup {
    dir: tempfile::TempDir,
    path: PathBuf,
}

/// The project a window test opens.
#[derive(Clone, Copy)]
enum Start {
    Empty,
    Demo,
    Bytes(&'static [u8]),
}

fn setup(name: &str, start: Start) -> Setup {
    lernstadt_core::i18n::set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    match start {
        Start::Empty => lernstadt_core::store::Store::create(
            &path,
            "Teststadt",
            &lernstadt_core::store::Host::default(),
        )
        .unwrap()
        .close()
        .unwrap(),
        Start::Demo => lernstadt_core::demo::create(&path, &lernstadt_core::store::Host::default())
            .unwrap()
            .close()
            .unwrap(),
        Start::Bytes(bytes) => std::fs::write(&path, bytes).unwrap(),
    }
    Setup { dir, path }
}

/// The app in a test window, after its first frames.
fn window(app: LernstadtApp) -> Harness<'static, LernstadtApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1000.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut LernstadtApp| app.ui(ui), app);
    harness.run();
    harness
}

fn open(path: &Path) -> Harness<'static, LernstadtApp> {
    window(LernstadtApp::open(path, Settings::default()))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs frames until `done` holds for the app (work on a worker thread), for thirty seconds
/// at most (a debug build on a busy machine is slow).
fn wait_for(harness: &mut Harness<'_, LernstadtApp>, done: impl Fn(&LernstadtApp) -> bool) {
    for _ in 0..3000 {
        harness.step();
        if done(harness.state()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run();
}

/// Selects the indicator `code` in the Indicators view.
fn select_indicator(harness: &mut Harness<'_, LernstadtApp>, code: &str) {
    let uuid = harness
        .state()
        .data
        .indicators
        .iter()
        .find(|i| i.code == code)
        .unwrap()
        .uuid;
    harness.state_mut().view = lernstadt::ui::View::Indicators;
    harness.state_mut().views.indicators.selected = Some(uuid);
    harness.run();
    harness.run();
}

fn observations(app: &LernstadtApp) -> i64 {
    match &app.project {
        Project::Open { overview, .. } => overview
            .as_ref()
            .as_ref()
            .map_or(0, |o| o.counts.observations),
        Project::Refused { .. } => 0,
    }
}

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
    let written = harness.state().export.result.clone().unwrap().unwrap();
    assert!(written.rows >= 10_000);
    harness.get_by_label_contains("rows to");
    assert!(
        std::fs::read(&out).unwrap().starts_with(b"indicator,"),
        "RFC 4180 by default in English"
    );
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

fn go(harness: &mut Harness<'_, LernstadtApp>, view: &str) {
    harness
        .get_by_role_and_label(
            egui::accesskit::Role::Button,
            lernstadt_core::i18n::tr(view),
        )
        .click();
    harness.run();
}

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
        format!(
            "Interest of Jugendamt Musterstadt: {} -> 5",
            before.interest
        )
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

/// Boundaries come in through the import wizard too, with the report per feature; the map
/// view shows them.
#[test]
fn boundaries_import_through_the_wizard_and_draw_as_a_map() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut app = LernstadtApp::open(&setup.path, Settings::default());
    app.import.choose(fixture("districts_utm32.geojson"));
    let mut harness = window(app);
    harness.get_by_label_contains("District boundaries (GeoJSON)");
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

    lernstadt::app::opened::push(vec![first.path.clone()]);
    harness.run();
    assert_eq!(
        harness.state().open_path().as_deref(),
        Some(first.path.as_path())
    );
}
