//! The long-form CSV the benchmarks import: indicators × 40 districts × 25 years × 3 sexes
//! in the German dialect, values from a seeded generator.

use std::io::Write;
use std::path::Path;

/// Writes `indicators` × 40 × 25 × 3 rows; `salt` changes the values.
pub fn generate(path: &Path, indicators: std::ops::Range<usize>, salt: u64) -> u64 {
    let file = std::fs::File::create(path).expect("the CSV can be created");
    let mut out = std::io::BufWriter::new(file);
    writeln!(out, "Kennzahl;Stadtteil;Jahr;Geschlecht;Wert").expect("write");
    let mut rows = 0;
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15 ^ salt;
    for indicator in indicators {
        for district in 1..=40 {
            for year in 2000..2025 {
                for sex in ["männlich", "weiblich", "divers"] {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let value = state % 1_000_000;
                    writeln!(
                        out,
                        "K{indicator:04};0599900{district:03};{year};{sex};{},{}",
                        value / 10,
                        value % 10
                    )
                    .expect("write");
                    rows += 1;
                }
            }
        }
    }
    out.flush().expect("flush");
    rows
}
