//! `lernstadt info` on a project with 6,000 observations and on one with 600,000: opening
//! must not read all observations, so the large one may take at most twice as long.
//!
//! Run with `cargo bench --bench open_info`. Prints the median wall time of the whole
//! command (process start included) over repeated runs, the first (verifying) open of each
//! file, and the ratio.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use lernstadt_core::model::{Indicator, Polarity, Region, RegionLevel, UpdateFrequency, new_uuid};
use lernstadt_core::store::observations::ObservationWriter;
use lernstadt_core::store::{ActionKind, Store};

const RUNS: usize = 25;

/// A project with `indicators` × 40 districts × 25 years × 3 sexes (+ totals) observations.
fn generate(path: &Path, indicators: usize) {
    Store::create_with(path, &lernstadt_core::store::Host::default(), |store| {
        store.transact(ActionKind::Create, "bench.create", |tx| {
            lernstadt_core::store::project::create(
                tx,
                &lernstadt_core::store::project::NewProject::named("Benchmark"),
            )?;
            let city = Region {
                uuid: new_uuid(),
                key: "05999000".into(),
                name: "Benchstadt".into(),
                level: RegionLevel::Municipality,
                parent: None,
            };
            tx.insert(&city)?;
            for district in 1..=40 {
                tx.insert(&Region {
                    uuid: new_uuid(),
                    key: format!("05999000{district:03}"),
                    name: format!("Stadtteil {district}"),
                    level: RegionLevel::District,
                    parent: Some(city.uuid),
                })?;
            }
            for year in 2000..2025 {
                tx.insert(
                    &lernstadt_core::store::periods::parse_code(&year.to_string())
                        .expect("a year is a period"),
                )?;
            }
            for number in 0..indicators {
                tx.insert(&Indicator {
                    uuid: new_uuid(),
                    code: format!("B{number:03}"),
                    name: format!("Kennzahl {number}"),
                    definition: String::new(),
                    unit: "%".into(),
                    decimals: 1,
                    polarity: Polarity::HigherIsBetter,
                    band_low: None,
                    band_high: None,
                    source: "Benchmark".into(),
                    update_frequency: UpdateFrequency::Yearly,
                    baseline_period: None,
                    baseline_value: None,
                    formula: String::new(),
                    counts: false,
                })?;
            }
            let mut writer = ObservationWriter::new(tx.conn());
            for number in 0..indicators {
                for district in 1..=40 {
                    for year in 2000..2025 {
                        for sex in ["GES=GESM", "GES=GESW", "GES=GESX"] {
                            writer.put(&lernstadt_core::model::Observation {
                                indicator_code: format!("B{number:03}"),
                                region_key: format!("05999000{district:03}"),
                                period_code: year.to_string(),
                                breakdown_key: sex.into(),
                                value: Some(f64::from(district * year) / 1000.0),
                                symbol: None,
                                quality: None,
                                note: None,
                            })?;
                        }
                    }
                }
            }
            writer.finish()?;
            Ok(())
        })
    })
    .expect("the benchmark project can be generated")
    .close()
    .expect("the benchmark project closes");
}

fn info(path: &Path, data_dir: &Path) -> Duration {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_lernstadt"))
        .args(["info", "--json"])
        .arg(path)
        .env("LERNSTADT_DATA_DIR", data_dir)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("lernstadt runs");
    let elapsed = start.elapsed();
    assert!(status.success(), "info failed on {}", path.display());
    elapsed
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data_dir = dir.path().join("data");
    let small = dir.path().join("small.lernstadt");
    let large = dir.path().join("large.lernstadt");
    let started = Instant::now();
    generate(&small, 2);
    generate(&large, 200);
    println!(
        "generated 6,000 and 600,000 observations in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for (name, path) in [("small", &small), ("large", &large)] {
        println!(
            "{name}: {} bytes",
            std::fs::metadata(path).expect("the file exists").len()
        );
    }

    // The trust cache is written by the generator; clear it to time a first, verifying open.
    let _ = std::fs::remove_file(data_dir.join("verified.json"));
    let first_small = info(&small, &data_dir);
    let first_large = info(&large, &data_dir);
    println!(
        "info first open (full integrity check): small_ms={:.1} large_ms={:.1}",
        first_small.as_secs_f64() * 1e3,
        first_large.as_secs_f64() * 1e3
    );

    let mut small_times = Vec::new();
    let mut large_times = Vec::new();
    for _ in 0..RUNS {
        small_times.push(info(&small, &data_dir));
        large_times.push(info(&large, &data_dir));
    }
    let small_median = median(small_times);
    let large_median = median(large_times);
    let ratio = large_median.as_secs_f64() / small_median.as_secs_f64();
    println!(
        "info small_ms={:.2} large_ms={:.2} ratio={ratio:.2} (median of {RUNS}; 6,000 vs 600,000 observations)",
        small_median.as_secs_f64() * 1e3,
        large_median.as_secs_f64() * 1e3
    );
    if ratio > 2.0 {
        println!("FAIL: the large project takes more than twice as long");
        std::process::exit(1);
    }
}
