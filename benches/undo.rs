//! Undoing and redoing a big import: a count with 1,500,000 values (1,000 regions × 25 years
//! × 3 sexes × 20 age groups) is imported, undone and redone with `lernstadt undo` and
//! `lernstadt redo`. Prints each time, each peak resident memory and the file's size after
//! each step (an undo moves the values onto a shelf in bulk; it does not log them one by
//! one).
//!
//! Run with `cargo bench --bench undo`; `LERNSTADT_BENCH_REGIONS` sets the number of regions
//! (default 1,000).

#[path = "support/age_groups.rs"]
mod age_groups;
#[path = "support/measure.rs"]
mod measure;

use std::process::{Command, Stdio};

use measure::measure;

fn main() {
    let regions: usize = std::env::var("LERNSTADT_BENCH_REGIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let csv = dir.path().join("values.csv");
    let rows = age_groups::generate(&csv, regions, false);
    let project = dir.path().join("undo.lernstadt");
    let binary = env!("CARGO_BIN_EXE_lernstadt");
    let data = dir.path().join("data");
    let run = |args: &[&std::ffi::OsStr]| {
        let (time, kb) = measure(
            Command::new(binary)
                .args(args)
                .env("LERNSTADT_DATA_DIR", &data)
                .stderr(Stdio::null()),
        );
        let size = std::fs::metadata(&project).map_or(0, |m| m.len());
        (time.as_secs_f64(), kb, size / 1024)
    };
    let file = project.as_os_str();
    run(&["new".as_ref(), file]);
    let import = run(&["import".as_ref(), file, csv.as_os_str()]);
    let undo = run(&["undo".as_ref(), file]);
    let redo = run(&["redo".as_ref(), file]);
    let again = run(&["undo".as_ref(), file]);
    for (step, (seconds, kb, size)) in [
        ("import", import),
        ("undo", undo),
        ("redo", redo),
        ("undo_again", again),
    ] {
        println!("{step} rows={rows} s={seconds:.2} peak_kb={kb} file_kb={size}");
    }
}
