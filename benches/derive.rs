//! Computing an indicator against importing its inputs: a count with 6,000,000
//! observations (4,000 regions × 25 years × 3 sexes × 20 age groups) and a population
//! total per region and year are imported; then `100 * [A] / [B; total]` is computed with
//! `lernstadt derive`. Prints both times and the peak resident memory of each.
//!
//! Run with `cargo bench --bench derive`; `LERNSTADT_BENCH_REGIONS` sets the number of
//! regions (default 4,000, i.e. 6,000,000 observations).

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
        .unwrap_or(4000);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let csv = dir.path().join("inputs.csv");
    let rows = age_groups::generate(&csv, regions, true);
    let project = dir.path().join("derive.lernstadt");
    let binary = env!("CARGO_BIN_EXE_lernstadt");
    let data = dir.path().join("data");
    let status = Command::new(binary)
        .arg("new")
        .arg(&project)
        .env("LERNSTADT_DATA_DIR", &data)
        .stdout(Stdio::null())
        .status()
        .expect("new runs");
    assert!(status.success());
    let (import, import_kb) = measure(
        Command::new(binary)
            .arg("import")
            .arg(&project)
            .arg(&csv)
            .env("LERNSTADT_DATA_DIR", &data),
    );
    let (derive, derive_kb) = measure(
        Command::new(binary)
            .arg("derive")
            .arg(&project)
            .args([
                "--code",
                "Q",
                "--name",
                "Quote",
                "--formula",
                "100 * [A] / [B; total]",
            ])
            .env("LERNSTADT_DATA_DIR", &data),
    );
    println!(
        "derive inputs={} import_s={:.1} import_peak_kb={import_kb} derive_s={:.1} derive_peak_kb={derive_kb} ratio={:.2}",
        rows + (regions * 25) as u64,
        import.as_secs_f64(),
        derive.as_secs_f64(),
        derive.as_secs_f64() / import.as_secs_f64()
    );
}
