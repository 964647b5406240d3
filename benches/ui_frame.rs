//! The time to draw one frame of each view, on the demo (≈12,000 observations, 11
//! regions) and on a project shaped like Kreis-level official statistics: the demo plus
//! Germany, 16 Länder, 48 Regierungsbezirke and 480 Kreise in the official key tree, with
//! fifteen years of every demo indicator for each of them, broken down by sex (with a
//! total for most indicators, without one for the rest) and by age group — over 1,200,000
//! observations. The views must never query the store or walk all observations while
//! drawing: they draw from caches read once per change, tables are virtualised, charts
//! decimated and many regions drawn as a band, so the frame time does not depend on the
//! size of the data: the large project may take at most 1.5 times as long per frame as
//! the demo, in every view.
//!
//! Run with `cargo bench --bench ui_frame`. Renders headlessly with a bare `egui::Context`
//! (no window, no GPU) in a 1280×800 screen: per view and project, a fresh context runs
//! warm-up frames (caches filled, layout settled), then frames are timed alternately on the
//! two projects (so a busy machine slows both alike). A frame is `Context::run_ui` with
//! the app's `ui` plus tessellation of its shapes, which is what a real frame does before
//! painting. Prints the median per frame for each view and the ratio large/small.
//!
//! The large project is cached in `target/bench-data/` (named by [`LARGE_VERSION`]); the demo
//! is created afresh on every run.
//!
//! Then the maps of official regions drawn with the boundaries the program ships: the 401
//! Kreise of Germany and the Gemeinden of Bayern, each against the demo's map (the same
//! limit), with the time of the first frame, which draws the map picture.

use std::path::{Path, PathBuf};
use std::time::Instant;

use lernstadt::app::{LernstadtApp, Project};
use lernstadt::settings::Settings;
use lernstadt::ui::View;
use lernstadt_core::store::observations::{self, ObservationWriter};
use lernstadt_core::store::{ActionKind, Store};

/// Bump when the generated large project changes, so a cached one is not reused.
const LARGE_VERSION: u32 = 3;
/// Regierungsbezirke per Land and Kreise per Regierungsbezirk of the large project.
const DISTRICTS_PER_LAND: u32 = 3;
const KREISE_PER_DISTRICT: u32 = 10;
/// The breakdowns every Kreis series comes in: by sex, and by age group.
const SEXES: [(&str, &str); 2] = [("GESM", "männlich"), ("GESW", "weiblich")];
const AGES: [(&str, &str); 4] = [
    ("ALT0006", "unter 6 Jahre"),
    ("ALT0618", "6 bis unter 18 Jahre"),
    ("ALT1865", "18 bis unter 65 Jahre"),
    ("ALT65UM", "65 Jahre und mehr"),
];
/// Every this-many-th indicator has no total in the large project (breakdowns only).
const WITHOUT_TOTAL_EVERY: usize = 4;
const WARM_UP_FRAMES: usize = 20;
/// Timed frames per project and view, taken in rounds that alternate between the projects.
const TIMED_FRAMES: usize = 200;
const ROUND: usize = 20;
const MAX_RATIO: f64 = 1.5;

/// The views timed, by the name printed.
const VIEWS: [(&str, Shown); 12] = [
    ("overview", Shown::View(View::Overview)),
    ("stakeholders", Shown::View(View::Stakeholders)),
    ("working_groups", Shown::View(View::WorkingGroups)),
    ("goals", Shown::View(View::Goals)),
    ("measures", Shown::View(View::Measures)),
    ("indicator_table", Shown::Indicator { table: true }),
    ("indicator_chart", Shown::Indicator { table: false }),
    ("districts_compared", Shown::Districts),
    ("indicator_map", Shown::Map),
    ("regions", Shown::View(View::Regions)),
    ("history", Shown::View(View::History)),
    ("presentation", Shown::View(View::Presentation)),
];

#[derive(Clone, Copy)]
enum Shown {
    View(View),
    Indicator { table: bool },
    Districts,
    Map,
}

// ---- The one place that knows the indicator view's state. ----

/// Shows the first indicator in the indicator view, as its table (`table`) or its chart.
/// Called after at least one frame, so the data cache holds the indicators.
fn show_indicator(app: &mut LernstadtApp, table: bool) {
    app.view = View::Indicators;
    app.views.indicators.selected = app.data.indicators.first().map(|i| i.uuid);
    app.views.indicators.tab = if table {
        lernstadt::ui::indicators::Tab::Table
    } else {
        lernstadt::ui::indicators::Tab::Chart
    };
}

// ---- Projects. ----

/// Where generated benchmark data is cached: `target/bench-data`.
fn cache_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("bench-data")
}

/// The demo plus the Kreis-level regions and their series (see the module documentation),
/// generated once and cached.
fn large_project() -> PathBuf {
    let dir = cache_dir();
    let path = dir.join(format!("ui_frame_large_v{LARGE_VERSION}.lernstadt"));
    if path.exists() {
        println!("using the cached large project {}", path.display());
        return path;
    }
    std::fs::create_dir_all(&dir).expect("the cache directory can be created");
    let started = Instant::now();
    // Built beside and renamed into place: an interrupted run leaves no half file behind.
    Store::create_with(&path, &lernstadt_core::store::Host::default(), |store| {
        lernstadt_core::demo::fill(store)?;
        // Not undoable (like the demo's own action), so both projects offer the same Undo.
        store.transact(ActionKind::Create, "bench.kreise", |tx| {
            let regions = kreis_tree();
            for region in &regions {
                tx.insert(region)?;
            }
            let conn = tx.conn();
            let sex = observations::ensure_dimension(conn, "GES", "Geschlecht")?;
            for (code, label) in SEXES {
                observations::ensure_member(conn, sex, code, label)?;
            }
            let age = observations::ensure_dimension(conn, "ALTX", "Altersgruppe")?;
            for (code, label) in AGES {
                observations::ensure_member(conn, age, code, label)?;
            }
            let indicators = lernstadt_core::store::indicators::list(conn)?;
            let mut writer = ObservationWriter::new(conn);
            let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
            let mut breakdowns: Vec<String> = SEXES
                .iter()
                .map(|(code, _)| lernstadt_core::model::breakdown_key(&[("GES", code)]))
                .collect();
            breakdowns.extend(
                AGES.iter()
                    .map(|(code, _)| lernstadt_core::model::breakdown_key(&[("ALTX", code)])),
            );
            for (number, indicator) in indicators.iter().enumerate() {
                let with_total = number % WITHOUT_TOTAL_EVERY != 0;
                for region in &regions {
                    for year in 2010..=2024 {
                        let keys = with_total
                            .then(String::new)
                            .into_iter()
                            .chain(breakdowns.iter().cloned());
                        for key in keys {
                            state ^= state << 13;
                            state ^= state >> 7;
                            state ^= state << 17;
                            writer.put(&lernstadt_core::model::Observation {
                                indicator_code: indicator.code.clone(),
                                region_key: region.key.clone(),
                                period_code: year.to_string(),
                                breakdown_key: key,
                                value: Some((state % 10_000) as f64 / 10.0),
                                symbol: None,
                                quality: None,
                                note: None,
                            })?;
                        }
                    }
                }
            }
            let inserted = writer.finish()?;
            tx.count_bulk_changes(usize::try_from(inserted).unwrap_or(usize::MAX));
            // Reads every row: only here, where the file is made.
            assert_eq!(
                lernstadt_core::store::counts::verify(conn)?,
                None,
                "the observation counter matches the rows"
            );
            Ok(())
        })
    })
    .expect("the large project can be generated")
    .close()
    .expect("the large project closes");
    println!(
        "generated the large project in {:.1} s: {}",
        started.elapsed().as_secs_f64(),
        path.display()
    );
    path
}

/// Germany, its 16 Länder, their Regierungsbezirke and Kreise, with official keys and
/// each region under the one above it.
fn kreis_tree() -> Vec<lernstadt_core::model::Region> {
    use lernstadt_core::model::{Region, RegionLevel, new_uuid};
    let region = |key: String, name: String, level, parent: Option<&Region>| Region {
        uuid: new_uuid(),
        key,
        name,
        level,
        parent: parent.map(|p| p.uuid),
    };
    let mut regions = vec![region(
        "DG".to_owned(),
        "Deutschland".to_owned(),
        RegionLevel::Country,
        None,
    )];
    for land in 1..=16_u32 {
        let state = region(
            format!("{land:02}"),
            format!("Land {land}"),
            RegionLevel::State,
            regions.first(),
        );
        regions.push(state.clone());
        for district in 1..=DISTRICTS_PER_LAND {
            let government = region(
                format!("{land:02}{district}"),
                format!("Regierungsbezirk {land}.{district}"),
                RegionLevel::AdministrativeDistrict,
                Some(&state),
            );
            regions.push(government.clone());
            for kreis in 1..=KREISE_PER_DISTRICT {
                regions.push(region(
                    format!("{land:02}{district}{kreis:02}"),
                    format!("Kreis {land}.{district}.{kreis}"),
                    RegionLevel::County,
                    Some(&government),
                ));
            }
        }
    }
    regions
}

// ---- Frames. ----

/// An open project in a headless window.
struct Session {
    app: LernstadtApp,
    ctx: egui::Context,
    frame: u32,
}

impl Session {
    fn new(app: LernstadtApp) -> Session {
        Session {
            app,
            ctx: egui::Context::default(),
            frame: 0,
        }
    }

    /// Draws one frame (and tessellates it, as a real frame does before painting).
    fn frame(&mut self) {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 800.0),
            )),
            time: Some(f64::from(self.frame) / 60.0),
            predicted_dt: 1.0 / 60.0,
            ..egui::RawInput::default()
        };
        self.frame += 1;
        let app = &mut self.app;
        let mut output = self.ctx.run_ui(input, |ui| app.ui(ui));
        output.textures_delta.clear();
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        std::hint::black_box(primitives);
    }

    /// Switches to `shown` in a fresh context and runs the warm-up frames.
    fn show(&mut self, shown: Shown) {
        self.ctx = egui::Context::default();
        self.frame = 0;
        self.frame();
        match shown {
            Shown::View(view) => self.app.view = view,
            Shown::Indicator { table } => show_indicator(&mut self.app, table),
            Shown::Districts => {
                show_indicator(&mut self.app, false);
                self.app.views.indicators.chart = lernstadt::ui::indicators::ChartKind::Districts;
            }
            Shown::Map => {
                show_indicator(&mut self.app, false);
                self.app.views.indicators.chart = lernstadt::ui::indicators::ChartKind::Map;
            }
        }
        for _ in 0..WARM_UP_FRAMES {
            self.frame();
        }
        if let Project::Open {
            error: Some(error), ..
        } = &self.app.project
        {
            panic!("the view reports an error: {error}");
        }
    }

    /// Times `frames` frames; appends each frame's time in microseconds.
    fn time(&mut self, frames: usize, times: &mut Vec<f64>) {
        for _ in 0..frames {
            let start = Instant::now();
            self.frame();
            times.push(start.elapsed().as_secs_f64() * 1e6);
        }
    }

    fn regions(&self) -> usize {
        self.app.data.regions.len()
    }

    fn observations(&self) -> i64 {
        match &self.app.project {
            Project::Open { overview, .. } => overview
                .as_ref()
                .as_ref()
                .map_or(0, |o| o.counts.observations),
            Project::Refused { path, message } => {
                panic!("{} is refused: {message}", path.display())
            }
        }
    }
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_unstable_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    lernstadt_core::i18n::set_lang(lernstadt_core::i18n::Lang::De);

    let small_path = dir.path().join("demo.lernstadt");
    lernstadt_core::demo::create(&small_path, &lernstadt_core::store::Host::default())
        .expect("the demo can be created")
        .close()
        .expect("the demo closes");
    let large_path = large_project();

    let mut small = Session::new(LernstadtApp::open(&small_path, Settings::default()));
    let mut large = Session::new(LernstadtApp::open(&large_path, Settings::default()));
    small.frame();
    large.frame();
    println!(
        "large project: {} regions, {} observations",
        large.regions(),
        large.observations()
    );
    println!(
        "ui frame (run_ui + tessellate, 1280x800, bare egui::Context): small={} large={} observations; median of {TIMED_FRAMES} frames per view after {WARM_UP_FRAMES} warm-up frames",
        small.observations(),
        large.observations()
    );

    let mut max_ratio: f64 = 0.0;
    let mut slow = Vec::new();
    for (name, shown) in VIEWS {
        small.show(shown);
        large.show(shown);
        let mut small_times = Vec::with_capacity(TIMED_FRAMES);
        let mut large_times = Vec::with_capacity(TIMED_FRAMES);
        for _ in 0..TIMED_FRAMES / ROUND {
            small.time(ROUND, &mut small_times);
            large.time(ROUND, &mut large_times);
        }
        let small_us = median(small_times);
        let large_us = median(large_times);
        let ratio = large_us / small_us;
        println!("view {name} small_us={small_us:.1} large_us={large_us:.1} ratio={ratio:.2}");
        if ratio > MAX_RATIO {
            slow.push(name);
        }
        max_ratio = max_ratio.max(ratio);
    }
    if !slow.is_empty() {
        println!(
            "FAIL: on the large project these views take more than {MAX_RATIO} times as long per frame: {}",
            slow.join(", ")
        );
    }
    let maps_ratio = official_maps(dir.path(), &mut small);
    if maps_ratio > MAX_RATIO {
        slow.push("official_maps");
    }
    max_ratio = max_ratio.max(maps_ratio);
    println!("max_ratio={max_ratio:.2}");
    if !slow.is_empty() {
        std::process::exit(1);
    }
}

// ---- Maps of the official regions (issue 29 point 3). ----

/// A project made from a long-form table of one indicator (`EW`, two years) over the
/// official regions `keys` — the import brings their names and parents —, its region
/// `mine`. Its map is drawn with the boundaries the program ships.
fn official_project(dir: &Path, name: &str, keys: &[&str], mine: Option<&str>) -> PathBuf {
    use std::fmt::Write as _;
    let path = dir.join(format!("{name}.lernstadt"));
    let csv = dir.join(format!("{name}.csv"));
    let mut text = String::from("Kennzahl;Gebiet;Jahr;Wert\n");
    for (n, key) in keys.iter().enumerate() {
        for year in [2022, 2023] {
            let _ = writeln!(text, "EW;{key};{year};{}", 1_000 + (n * 37 + year) % 997);
        }
    }
    std::fs::write(&csv, text).expect("the table can be written");
    let host = lernstadt_core::store::Host::default();
    let mut store = Store::create(&path, name, &host).expect("the project can be created");
    lernstadt_core::import::import_file(
        &mut store,
        &csv,
        &lernstadt_core::import::Options::default(),
        &std::sync::Arc::default(),
    )
    .expect("the table imports");
    if let Some(mine) = mine {
        store
            .transact(ActionKind::Edit, "bench.mine", |tx| {
                let mut project = lernstadt_core::store::project::get(tx.conn())?.project;
                mine.clone_into(&mut project.region_key);
                tx.update(&project)
            })
            .expect("my region can be set");
    }
    store.close().expect("the project closes");
    path
}

/// The map of Germany's 401 Kreise (no region of mine: every Kreis) and the map of
/// Bayern's Gemeinden (my region Bayern: the Gemeinden below it), both drawn with the
/// boundaries the program ships, against the demo's map: the frame time (the map is drawn
/// once per period and size, then shown as a picture), and the time of the first frame,
/// which draws it. Returns the larger ratio of the frame times.
fn official_maps(dir: &Path, small: &mut Session) -> f64 {
    let shipped = lernstadt_core::model::official_boundaries::shipped();
    let kreise: Vec<&str> = shipped
        .regions
        .iter()
        .filter(|r| r.key.len() == 5)
        .map(|r| r.key.as_str())
        .collect();
    let gemeinden: Vec<&str> = shipped
        .regions
        .iter()
        .filter(|r| r.key.len() == 12 && r.key.starts_with("09"))
        .map(|r| r.key.as_str())
        .collect();
    let projects = [
        (
            format!("kreise_map ({} Kreise)", kreise.len()),
            official_project(dir, "kreise", &kreise, None),
        ),
        (
            format!("gemeinden_map (Bayern, {} Gemeinden)", gemeinden.len()),
            official_project(dir, "gemeinden", &gemeinden, Some("09")),
        ),
    ];
    let mut worst: f64 = 0.0;
    for (name, path) in projects {
        let mut large = Session::new(LernstadtApp::open(&path, Settings::default()));
        large.frame();
        // The first frames of the map view: the one that draws the map picture.
        large.ctx = egui::Context::default();
        large.frame();
        show_indicator(&mut large.app, false);
        large.app.views.indicators.chart = lernstadt::ui::indicators::ChartKind::Map;
        let mut first = Vec::new();
        large.time(3, &mut first);
        let first_ms = first.iter().copied().fold(0.0, f64::max) / 1e3;
        small.show(Shown::Map);
        large.show(Shown::Map);
        let mut small_times = Vec::with_capacity(TIMED_FRAMES);
        let mut large_times = Vec::with_capacity(TIMED_FRAMES);
        for _ in 0..TIMED_FRAMES / ROUND {
            small.time(ROUND, &mut small_times);
            large.time(ROUND, &mut large_times);
        }
        let small_us = median(small_times);
        let large_us = median(large_times);
        let ratio = large_us / small_us;
        println!(
            "view {name} small_us={small_us:.1} large_us={large_us:.1} ratio={ratio:.2} first_frame_ms={first_ms:.0} regions={}",
            large.regions()
        );
        worst = worst.max(ratio);
    }
    worst
}
