//! A count by region, year, sex and age group (`A`: regions × 25 years × 3 sexes × 20 age
//! groups), values from a seeded generator; with `totals`, a population total per region
//! and year (`B`) as well. German dialect, `;`.

use std::io::Write;
use std::path::Path;

/// Writes the CSV; returns the rows of `A`.
pub fn generate(path: &Path, regions: usize, totals: bool) -> u64 {
    let file = std::fs::File::create(path).expect("the CSV can be created");
    let mut out = std::io::BufWriter::new(file);
    writeln!(out, "Kennzahl;Gebiet;Jahr;Geschlecht;Alter;Wert").expect("write");
    let mut rows = 0;
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for region in 0..regions {
        for year in 2000..2025 {
            if totals {
                writeln!(out, "B;R{region:05};{year};;;{}", 10_000 + region % 977).expect("write");
            }
            for sex in ["männlich", "weiblich", "divers"] {
                for age in 0..20 {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    writeln!(
                        out,
                        "A;R{region:05};{year};{sex};A{age:02};{}",
                        state % 1000
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
