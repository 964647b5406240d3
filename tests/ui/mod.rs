//! The window, clicked through with `egui_kittest`.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lernstadt::app::{LernstadtApp, Project};
use lernstadt::settings::Settings;
use lernstadt_core::i18n::Lang;

mod accessible;
mod alone;
mod boundary_wizard;
mod copies;
mod derive;
mod fetch_window;
mod job;
mod keyboard;
mod new_project;
mod presenting;
mod scale;
mod shell;
mod social;
mod views;
mod wizards;

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

fn go(harness: &mut Harness<'_, LernstadtApp>, view: &str) {
    harness
        .get_by_role_and_label(
            egui::accesskit::Role::Button,
            lernstadt_core::i18n::tr(view),
        )
        .click();
    harness.run();
}
