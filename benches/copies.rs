//! Comparing and merging two copies at the scale of official statistics.
//!
//! Run with `cargo bench --bench copies` (`LERNSTADT_BENCH_ROWS` sets the size; 6,000,000 by
//! default). Generates a long-form CSV (indicators × 40 districts × 25 years × 3 sexes),
//! imports it into a new project with the `lernstadt` binary, writes a copy to send
//! (`share-copy`), lets the copy import 120,000 changed values and the original 3,000 of its
//! own, then times `diff` and `merge` (dry run and real) of the two. Prints each time.

#[path = "support/long_csv.rs"]
mod long_csv;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `lernstadt` with `args`; returns its wall time.
fn run(dir: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_lernstadt"))
        .args(args)
        .env("LERNSTADT_DATA_DIR", dir.join("data"))
        .stdout(Stdio::null())
        .status()
        .expect("lernstadt runs");
    assert!(status.success(), "lernstadt {args:?} failed");
    start.elapsed()
}

fn main() {
    let rows: usize = std::env::var("LERNSTADT_BENCH_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(6_000_000);
    let indicators = (rows / 3000).max(1);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = |name: &str| dir.path().join(name);
    let text = |name: &str| path(name).to_string_lossy().into_owned();

    let generated = long_csv::generate(&path("all.csv"), 0..indicators, 0);
    long_csv::generate(&path("theirs.csv"), 0..40, 1);
    long_csv::generate(&path("ours.csv"), indicators..indicators + 1, 2);
    run(dir.path(), &["new", &text("ours.lernstadt")]);
    let import = run(
        dir.path(),
        &["import", &text("ours.lernstadt"), &text("all.csv")],
    );
    let share = run(
        dir.path(),
        &[
            "share-copy",
            &text("ours.lernstadt"),
            &text("theirs.lernstadt"),
        ],
    );
    run(
        dir.path(),
        &["import", &text("theirs.lernstadt"), &text("theirs.csv")],
    );
    run(
        dir.path(),
        &["import", &text("ours.lernstadt"), &text("ours.csv")],
    );
    let diff = run(
        dir.path(),
        &["diff", &text("ours.lernstadt"), &text("theirs.lernstadt")],
    );
    let dry = run(
        dir.path(),
        &[
            "merge",
            &text("ours.lernstadt"),
            &text("theirs.lernstadt"),
            "--dry-run",
        ],
    );
    let merge = run(
        dir.path(),
        &["merge", &text("ours.lernstadt"), &text("theirs.lernstadt")],
    );
    let again = run(
        dir.path(),
        &["merge", &text("ours.lernstadt"), &text("theirs.lernstadt")],
    );
    println!(
        "copies observations={generated} import_s={:.1} share_copy_s={:.1} diff_s={:.1} merge_dry_run_s={:.1} merge_s={:.1} merge_again_s={:.1} (120,000 values changed in the copy, 3,000 added in the original)",
        import.as_secs_f64(),
        share.as_secs_f64(),
        diff.as_secs_f64(),
        dry.as_secs_f64(),
        merge.as_secs_f64(),
        again.as_secs_f64()
    );
}
