//! Import speed against `sqlite3`'s own `.import`, and peak memory by file size.
//!
//! Run with `cargo bench --bench import` (needs the `sqlite3` command line shell). Generates
//! a long-form CSV in the German dialect (indicators × 40 districts × 25 years × 3 sexes),
//! imports it into a new project with the `lernstadt` binary and, side by side, into an
//! untyped table with `sqlite3 .import`; prints both times and the ratio, and the peak
//! resident memory of `lernstadt import` for 600,000 and 6,000,000 rows.

#[path = "support/long_csv.rs"]
mod long_csv;
#[path = "support/measure.rs"]
mod measure;

use measure::measure;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn lernstadt_import(dir: &Path, csv: &Path, name: &str) -> (Duration, u64) {
    let project = dir.join(name);
    let binary = env!("CARGO_BIN_EXE_lernstadt");
    let status = Command::new(binary)
        .arg("new")
        .arg(&project)
        .env("LERNSTADT_DATA_DIR", dir.join("data"))
        .stdout(Stdio::null())
        .status()
        .expect("new runs");
    assert!(status.success());
    measure(
        Command::new(binary)
            .arg("import")
            .arg(&project)
            .arg(csv)
            .env("LERNSTADT_DATA_DIR", dir.join("data")),
    )
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let csv = dir.path().join("600k.csv");
    let rows = long_csv::generate(&csv, 0..200, 0);
    println!(
        "generated {rows} rows ({} bytes)",
        std::fs::metadata(&csv).map_or(0, |m| m.len())
    );

    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let mut ours_peak = 0;
    for run in 0..3 {
        let (time, peak) = lernstadt_import(dir.path(), &csv, &format!("run{run}.lernstadt"));
        ours.push(time);
        ours_peak = ours_peak.max(peak);
        let database = dir.path().join(format!("sqlite{run}.db"));
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
                        .arg(dir.path().join(format!("sqlite{run}b.db")))
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

    let big = dir.path().join("6m.csv");
    let big_rows = long_csv::generate(&big, 0..2000, 0);
    std::fs::remove_file(&csv).ok();
    let (time, peak) = lernstadt_import(dir.path(), &big, "big.lernstadt");
    println!(
        "peak_rss rows={big_rows} kb={peak} (import took {:.1} s)",
        time.as_secs_f64()
    );
}
