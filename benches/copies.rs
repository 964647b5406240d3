//! Comparing and merging two copies at the scale of official statistics.
//!
//! Run with `cargo bench --bench copies` (`LERNSTADT_BENCH_ROWS` sets the size; 6,000,000 by
//! default). Generates a long-form CSV (indicators × 40 districts × 25 years × 3 sexes),
//! imports it into a new project with the `lernstadt` binary, writes a copy to send
//! (`share-copy`), lets the copy import 120,000 changed values and the original 3,000 of its
//! own, then times `diff` and `merge` (dry run and real) of the two. Prints each time.
//!
//! Then a colleague's import merged (`LERNSTADT_BENCH_MERGED_ROWS`, 1,000,000 by default):
//! an empty project and its copy; the copy imports the rows, a second copy imports them too
//! and undoes it (the yardstick), and the project merges the copy in and undoes the merge.
//! Prints the file sizes, times and the peak memory of each command against the import's.

#[path = "support/long_csv.rs"]
mod long_csv;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `lernstadt` with `args`; returns its wall time.
fn run(dir: &Path, args: &[&str]) -> Duration {
    measured(dir, args).0
}

/// Runs `lernstadt` with `args`; returns its wall time and its peak resident memory in
/// MB (the kernel's high-water mark, read while it runs).
fn measured(dir: &Path, args: &[&str]) -> (Duration, f64) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_lernstadt"))
        .args(args)
        .env("LERNSTADT_DATA_DIR", dir.join("data"))
        .stdout(Stdio::null())
        .spawn()
        .expect("lernstadt runs");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0_u64;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        let high_water = std::fs::read_to_string(&status_file)
            .ok()
            .and_then(|text| {
                let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
                line.split_whitespace().nth(1)?.parse::<u64>().ok()
            })
            .unwrap_or(0);
        peak_kb = peak_kb.max(high_water);
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "lernstadt {args:?} failed");
    (start.elapsed(), peak_kb as f64 / 1024.0)
}

fn megabytes(path: &Path) -> f64 {
    std::fs::metadata(path).expect("the file exists").len() as f64 / 1e6
}

/// A colleague's import of `rows` values merged, against importing them.
fn merged_import(rows: usize) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = |name: &str| dir.path().join(name);
    let text = |name: &str| path(name).to_string_lossy().into_owned();
    let generated = long_csv::generate(&path("theirs.csv"), 0..(rows / 3000).max(1), 7);
    run(dir.path(), &["new", &text("ours.lernstadt")]);
    for copy in ["theirs.lernstadt", "yardstick.lernstadt"] {
        run(
            dir.path(),
            &["share-copy", &text("ours.lernstadt"), &text(copy)],
        );
    }
    let (import, import_mb) = measured(
        dir.path(),
        &["import", &text("yardstick.lernstadt"), &text("theirs.csv")],
    );
    let imported_size = megabytes(&path("yardstick.lernstadt"));
    let (undo_import, undo_import_mb) =
        measured(dir.path(), &["undo", &text("yardstick.lernstadt")]);
    run(
        dir.path(),
        &["import", &text("theirs.lernstadt"), &text("theirs.csv")],
    );
    let (merge, merge_mb) = measured(
        dir.path(),
        &["merge", &text("ours.lernstadt"), &text("theirs.lernstadt")],
    );
    let merged_size = megabytes(&path("ours.lernstadt"));
    run(
        dir.path(),
        &[
            "share-copy",
            &text("ours.lernstadt"),
            &text("sent.lernstadt"),
        ],
    );
    let sent_size = megabytes(&path("sent.lernstadt"));
    let (undo_merge, undo_merge_mb) = measured(dir.path(), &["undo", &text("ours.lernstadt")]);
    println!(
        "merged_import observations={generated} import_s={:.1} import_mb={import_mb:.0} merge_s={:.1} merge_mb={merge_mb:.0} (x{:.2} of the import) undo_import_s={:.1} undo_import_mb={undo_import_mb:.0} undo_merge_s={:.1} undo_merge_mb={undo_merge_mb:.0} (x{:.2})",
        import.as_secs_f64(),
        merge.as_secs_f64(),
        merge.as_secs_f64() / import.as_secs_f64(),
        undo_import.as_secs_f64(),
        undo_merge.as_secs_f64(),
        undo_merge.as_secs_f64() / undo_import.as_secs_f64(),
    );
    println!(
        "merged_import file_mb: imported={imported_size:.1} merged={merged_size:.1} (x{:.2}) sent_copy={sent_size:.1}",
        merged_size / imported_size
    );
}

fn main() {
    let merged_rows: usize = std::env::var("LERNSTADT_BENCH_MERGED_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1_000_000);
    merged_import(merged_rows);
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
