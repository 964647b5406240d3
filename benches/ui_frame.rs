//! The time to draw one frame of each view, on the demo (≈12,000 observations) and on a
//! project with 100 times as many (≈1,200,000): the views must never query the store or walk
//! all observations while drawing. They draw from caches read once per change, tables are
//! virtualised (only visible rows are laid out) and charts are decimated, so the frame time
//! does not depend on the size of the data: the large project may take at most 1.5 times as
//! long per frame as the demo, in every view.
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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use lernstadt::app::{LernstadtApp, Project};
use lernstadt::settings::Settings;
use lernstadt::ui::View;
use lernstadt_core::store::observations::{self, ObservationWriter};
use lernstadt_core::store::{ActionKind, Store};

/// Bump when the generated large project changes, so a cached one is not reused.
const LARGE_VERSION: u32 = 2;
/// The extra breakdown dimension of the large project and how many members it has: every
/// observation of the demo is copied once per member.
const DIMENSION: &str = "BENCH";
const MEMBERS: u32 = 99;
const WARM_UP_FRAMES: usize = 20;
/// Timed frames per project and view, taken in rounds that alternate between the projects.
const TIMED_FRAMES: usize = 200;
const ROUND: usize = 20;
const MAX_RATIO: f64 = 1.5;

/// The views timed, by the name printed.
const VIEWS: [(&str, Shown); 10] = [
    ("overview", Shown::View(View::Overview)),
    ("stakeholders", Shown::View(View::Stakeholders)),
    ("working_groups", Shown::View(View::WorkingGroups)),
    ("goals", Shown::View(View::Goals)),
    ("measures", Shown::View(View::Measures)),
    ("indicator_table", Shown::Indicator { table: true }),
    ("indicator_chart", Shown::Indicator { table: false }),
    ("indicator_map", Shown::Map),
    ("regions", Shown::View(View::Regions)),
    ("history", Shown::View(View::History)),
];

#[derive(Clone, Copy)]
enum Shown {
    View(View),
    Indicator { table: bool },
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

/// The demo with every observation copied under [`MEMBERS`] extra breakdowns (one more
/// dimension), generated once and cached.
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
        store.transact(ActionKind::Create, "bench.enlarge", |tx| {
            let conn = tx.conn();
            let dimension = observations::ensure_dimension(conn, DIMENSION, "Benchmark")?;
            let members: Vec<String> = (1..=MEMBERS).map(|m| format!("M{m:02}")).collect();
            for (number, code) in members.iter().enumerate() {
                observations::ensure_member(
                    conn,
                    dimension,
                    code,
                    &format!("Teil {}", number + 1),
                )?;
            }
            let indicators = lernstadt_core::store::indicators::list(conn)?;
            // Existing breakdown key → its copies' keys, one per member.
            let mut keys: HashMap<String, Vec<String>> = HashMap::new();
            let mut writer = ObservationWriter::new(conn);
            for indicator in &indicators {
                for mut observation in observations::for_indicator(conn, &indicator.code)? {
                    let copies = keys
                        .entry(observation.breakdown_key.clone())
                        .or_insert_with_key(|key| {
                            members
                                .iter()
                                .map(|member| with_member(key, member))
                                .collect()
                        });
                    for key in copies.iter() {
                        key.clone_into(&mut observation.breakdown_key);
                        writer.put(&observation)?;
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

/// `key` (a canonical breakdown key) with `BENCH=member` added, canonical again.
fn with_member(key: &str, member: &str) -> String {
    let mut pairs: Vec<(&str, &str)> = key
        .split(';')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| pair.split_once('='))
        .collect();
    pairs.push((DIMENSION, member));
    lernstadt_core::model::breakdown_key(&pairs)
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
    println!("max_ratio={max_ratio:.2}");
    if !slow.is_empty() {
        std::process::exit(1);
    }
}
