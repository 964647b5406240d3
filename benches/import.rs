//! Import speed against `sqlite3`'s own `.import`, and peak memory by file size; boundaries
//! and deep goal trees by size.
//!
//! Run with `cargo bench --bench import` (the table part needs the `sqlite3` command line
//! shell); `cargo bench --bench import -- boundaries` (or `table`, `goal_tree`) runs one
//! part. The parts, each printing its figures:
//!
//! - `table`: a long-form CSV in the German dialect (indicators × 40 districts × 25 years ×
//!   3 sexes) imported into a new project with the `lernstadt` binary and, side by side,
//!   into an untyped table with `sqlite3 .import`; both times and the ratio, and the peak
//!   resident memory of `lernstadt import` for 600,000 and 6,000,000 rows.
//! - `boundaries`: GeoJSON boundaries imported (`lernstadt import P F.geojson`): one ring of
//!   250,000, 500,000 and 1,000,000 points, and 1,000 districts of 1,000 points each; the
//!   time, the peak memory and the time per point, which stays flat when the checks are
//!   n log n.
//! - `goal_tree`: a chain of goals 2,500, 5,000 and 10,000 levels deep imported as an
//!   entity list, checked with `lernstadt check`, and a goal added at its bottom by a
//!   one-row list; each time and its ratio to the size before (2 is linear).
//! - `workbook`: the 600,000 observations of the `table` part exported with `lernstadt
//!   export … observations` as a workbook (600,000 value cells, typed, beside their keys
//!   and names as text) and as CSV, each imported into a new project: both times (median
//!   of 3), the ratio and the peak memory of each; then 6,000,000 observations exported as a
//!   workbook and as CSV: the time and the peak memory of each.

#[path = "support/geojson.rs"]
mod geojson;
#[path = "support/long_csv.rs"]
mod long_csv;
#[path = "support/measure.rs"]
mod measure;

use measure::measure;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn lernstadt_import(dir: &Path, csv: &Path, name: &str) -> (Duration, u64) {
    let project = new_project(dir, name);
    lernstadt(
        dir,
        &["import".as_ref(), project.as_os_str(), csv.as_os_str()],
    )
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument names the parts to run.
    let parts: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    let wants = |part: &str| parts.is_empty() || parts.iter().any(|p| p == part);
    let dir = tempfile::tempdir().expect("a temporary directory");
    if wants("table") {
        table(dir.path());
    }
    if wants("boundaries") {
        boundaries(dir.path());
    }
    if wants("goal_tree") {
        goal_tree(dir.path());
    }
    if wants("workbook") {
        workbook(dir.path());
    }
}

/// A new project in `dir` made by the binary.
fn new_project(dir: &Path, name: &str) -> std::path::PathBuf {
    let project = dir.join(name);
    let status = Command::new(env!("CARGO_BIN_EXE_lernstadt"))
        .arg("new")
        .arg(&project)
        .env("LERNSTADT_DATA_DIR", dir.join("data"))
        .stdout(Stdio::null())
        .status()
        .expect("new runs");
    assert!(status.success());
    project
}

/// `lernstadt ARGS…` measured: its wall time and peak memory (kB); it must succeed.
fn lernstadt(dir: &Path, args: &[&std::ffi::OsStr]) -> (Duration, u64) {
    measure(
        Command::new(env!("CARGO_BIN_EXE_lernstadt"))
            .args(args)
            .env("LERNSTADT_DATA_DIR", dir.join("data")),
    )
}

/// Boundaries of growing size, each imported into a new project with 1,000 districts.
fn boundaries(dir: &Path) {
    use std::fmt::Write as _;
    let key = |n: usize| format!("11{n:06}");
    let regions = dir.join("regions.csv");
    let mut text = String::from("key,name,level\n");
    for n in 0..1_000 {
        writeln!(text, "{},Bezirk {n},district", key(n)).expect("writes to a string");
    }
    std::fs::write(&regions, text).expect("the list can be written");
    for (features, points) in [(1, 250_000), (1, 500_000), (1, 1_000_000), (1_000, 1_000)] {
        let project = new_project(dir, &format!("shapes{features}x{points}.lernstadt"));
        let p = project.as_os_str();
        let entity: [&std::ffi::OsStr; 2] = ["--entity".as_ref(), "regions".as_ref()];
        lernstadt(
            dir,
            &[
                "import".as_ref(),
                p,
                regions.as_os_str(),
                entity[0],
                entity[1],
            ],
        );
        let file = dir.join(format!("shapes{features}x{points}.geojson"));
        geojson::write(&file, features, points, key);
        let bytes = std::fs::metadata(&file).map_or(0, |m| m.len());
        let (time, peak_kb) = lernstadt(dir, &["import".as_ref(), p, file.as_os_str()]);
        let total = features * points;
        println!(
            "boundaries points={total} features={features} file_mb={:.1} import_s={:.3} peak_kb={peak_kb} us_per_point={:.2}",
            bytes as f64 / 1e6,
            time.as_secs_f64(),
            time.as_secs_f64() * 1e6 / total as f64
        );
        std::fs::remove_file(&file).ok();
    }
}

/// Goal chains of growing depth: import, `check`, and one goal added at the bottom.
fn goal_tree(dir: &Path) {
    use std::fmt::Write as _;
    let id = |n: usize| format!("01941f29-0000-7000-8000-{n:012}");
    let mut before: Option<[f64; 3]> = None;
    for depth in [2_500, 5_000, 10_000] {
        let project = new_project(dir, &format!("tree{depth}.lernstadt"));
        let chain = dir.join(format!("chain{depth}.csv"));
        let mut text = String::from("id,title,parent\n");
        for n in 0..depth {
            let parent = if n == 0 { String::new() } else { id(n - 1) };
            writeln!(text, "{},Ziel {n},{parent}", id(n)).expect("writes to a string");
        }
        std::fs::write(&chain, text).expect("the list can be written");
        let one = dir.join(format!("one{depth}.csv"));
        std::fs::write(
            &one,
            format!(
                "id,title,parent\n{},Ganz unten,{}\n",
                id(depth),
                id(depth - 1)
            ),
        )
        .expect("the list can be written");
        let (p, c, o) = (project.as_os_str(), chain.as_os_str(), one.as_os_str());
        let goals = std::ffi::OsStr::new("--entity");
        let list = std::ffi::OsStr::new("goals");
        let (import, _) = lernstadt(dir, &["import".as_ref(), p, c, goals, list]);
        let (check, check_kb) = lernstadt(dir, &["check".as_ref(), p]);
        let (add, _) = lernstadt(dir, &["import".as_ref(), p, o, goals, list]);
        let times = [import, check, add].map(|t| t.as_secs_f64());
        let ratios = before.map_or_else(String::new, |b| {
            format!(
                " ratio_to_half: import={:.2} check={:.2} one_row={:.2}",
                times[0] / b[0],
                times[1] / b[1],
                times[2] / b[2]
            )
        });
        println!(
            "goal_tree levels={depth} import_s={:.3} check_s={:.3} check_peak_kb={check_kb} one_row_import_s={:.3}{ratios}",
            times[0], times[1], times[2]
        );
        before = Some(times);
    }
}

/// A long-form table against `sqlite3 .import`, and peak memory by size.
fn table(dir: &Path) {
    let csv = dir.join("600k.csv");
    let rows = long_csv::generate(&csv, 0..200, 0);
    println!(
        "generated {rows} rows ({} bytes)",
        std::fs::metadata(&csv).map_or(0, |m| m.len())
    );

    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let mut ours_peak = 0;
    for run in 0..3 {
        let (time, peak) = lernstadt_import(dir, &csv, &format!("run{run}.lernstadt"));
        ours.push(time);
        ours_peak = ours_peak.max(peak);
        let database = dir.join(format!("sqlite{run}.db"));
        match Command::new("sqlite3")
            .arg(&database)
            .args([".mode csv", ".separator ;"])
            .arg(format!(".import {} t", csv.display()))
            .stdout(Stdio::null())
            .spawn()
        {
            Ok(child) => {
                drop(child.wait_with_output());
                let (time, _) = measure(
                    Command::new("sqlite3")
                        .arg(dir.join(format!("sqlite{run}b.db")))
                        .args([".mode csv", ".separator ;"])
                        .arg(format!(".import {} t", csv.display())),
                );
                theirs.push(time);
            }
            Err(_) => println!(
                "sqlite3 is not installed (apt-get install sqlite3); only our time is measured"
            ),
        }
    }
    ours.sort_unstable();
    theirs.sort_unstable();
    let ours_s = ours[ours.len() / 2].as_secs_f64();
    if theirs.is_empty() {
        println!("import rows={rows} lernstadt_s={ours_s:.3}");
    } else {
        let theirs_s = theirs[theirs.len() / 2].as_secs_f64();
        println!(
            "import rows={rows} lernstadt_s={ours_s:.3} sqlite3_import_s={theirs_s:.3} ratio={:.2} (median of 3)",
            ours_s / theirs_s
        );
    }
    println!("peak_rss rows={rows} kb={ours_peak}");

    let big = dir.join("6m.csv");
    let big_rows = long_csv::generate(&big, 0..2000, 0);
    std::fs::remove_file(&csv).ok();
    let (time, peak) = lernstadt_import(dir, &big, "big.lernstadt");
    println!(
        "peak_rss rows={big_rows} kb={peak} (import took {:.1} s)",
        time.as_secs_f64()
    );
}

/// `lernstadt export PROJECT observations --out OUT` with every value (no protection rule),
/// measured.
fn export(dir: &Path, project: &Path, out: &Path) -> (Duration, u64) {
    let args: [&std::ffi::OsStr; 7] = [
        "export".as_ref(),
        project.as_os_str(),
        "observations".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--unprotected".as_ref(),
        "--dialect=rfc4180".as_ref(),
    ];
    lernstadt(dir, &args)
}

/// The same observations as a workbook and as CSV, imported; 6,000,000 exported.
fn workbook(dir: &Path) {
    let csv = dir.join("600k.csv");
    let rows = long_csv::generate(&csv, 0..200, 0);
    let project = new_project(dir, "source.lernstadt");
    lernstadt(
        dir,
        &["import".as_ref(), project.as_os_str(), csv.as_os_str()],
    );
    std::fs::remove_file(&csv).ok();
    let (as_xlsx, as_csv) = (dir.join("observations.xlsx"), dir.join("observations.csv"));
    export(dir, &project, &as_xlsx);
    export(dir, &project, &as_csv);
    let mb = |path: &Path| std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6);
    let mut figures = Vec::new();
    for (name, file) in [("workbook", &as_xlsx), ("csv", &as_csv)] {
        let mut times = Vec::new();
        let mut peak = 0;
        for run in 0..3 {
            let (time, kb) = lernstadt_import(dir, file, &format!("{name}{run}.lernstadt"));
            times.push(time.as_secs_f64());
            peak = peak.max(kb);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "import_{name} values={rows} file_mb={:.1} import_s={:.3} peak_kb={peak} (median of 3)",
            mb(file),
            times[1]
        );
        figures.push(times[1]);
    }
    println!(
        "import values={rows} workbook_to_csv_ratio={:.2}",
        figures[0] / figures[1]
    );

    let big_csv = dir.join("6m.csv");
    let big_rows = long_csv::generate(&big_csv, 0..2000, 0);
    let big = new_project(dir, "big_source.lernstadt");
    lernstadt(
        dir,
        &["import".as_ref(), big.as_os_str(), big_csv.as_os_str()],
    );
    std::fs::remove_file(&big_csv).ok();
    for (name, file) in [
        ("workbook", dir.join("big.xlsx")),
        ("csv", dir.join("big.csv")),
    ] {
        let (time, kb) = export(dir, &big, &file);
        println!(
            "export_{name} observations={big_rows} file_mb={:.1} export_s={:.3} peak_kb={kb}",
            mb(&file),
            time.as_secs_f64()
        );
        std::fs::remove_file(&file).ok();
    }
}
