//! Writes `assets/official_boundaries.bin`, the official boundaries the program ships, from
//! the BKG's *Verwaltungsgebiete 1:5 000 000* (VG5000) Shapefiles in Gauß-Krüger zone 3:
//!
//! ```text
//! cargo run --release -p lernstadt-core --example build_official_boundaries -- FOLDER
//! ```
//!
//! FOLDER holds `VG5000_STA`, `_LAN`, `_RBZ`, `_KRS` and `_GEM` (`.shp`, `.shx`, `.dbf`,
//! `.prj`, `.cpg`) and `aktualitaet.txt` (the date the levels stand at, `01.01.2021`). Each
//! region's key is its `ARS` (Germany's `DG`), its name `GEN`; only the land areas
//! (`GF` 9) are taken: Germany's and the coastal Länder's sea areas and the Bodensee
//! (`GF` 8) are left out. The coordinates are reprojected to WGS84 with the DHDN datum
//! shift and stored to 1/10,000 degree — the "(Daten verändert)" of the attribution. The
//! year of the attribution is that of `aktualitaet.txt`; a newer edition needs no change
//! of code, only this script run again and the asset committed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use lernstadt_core::model::official_boundaries::{Official, encode};

/// The levels, largest first, as the files name them.
const LEVELS: [&str; 5] = ["STA", "LAN", "RBZ", "KRS", "GEM"];

fn main() -> ExitCode {
    let Some(folder) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: build_official_boundaries FOLDER (holding VG5000_*.shp)");
        return ExitCode::from(2);
    };
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/official_boundaries.bin");
    match run(&folder, &out) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err} ({})", folder.display());
            ExitCode::FAILURE
        }
    }
}

fn text(properties: &serde_json::Map<String, serde_json::Value>, name: &str) -> String {
    properties
        .get(name)
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn run(folder: &Path, out: &Path) -> Result<String, String> {
    let date = std::fs::read_to_string(folder.join("aktualitaet.txt"))
        .map_err(|e| format!("aktualitaet.txt: {e}"))?;
    let date = date.trim();
    let year = date.rsplit('.').next().unwrap_or(date);
    let edition = format!(
        "BKG, Verwaltungsgebiete 1:5 000 000 (VG5000), Stand {date}; Datenlizenz Deutschland – Namensnennung – Version 2.0 (www.govdata.de/dl-de/by-2-0)"
    );
    let attribution = format!("© GeoBasis-DE / BKG {year} (Daten verändert)");
    let mut regions = Vec::new();
    let mut counts = Vec::new();
    let mut points = 0_usize;
    for level in LEVELS {
        let path = folder.join(format!("VG5000_{level}.shp"));
        let records = lernstadt_core::import::shapefile::read_wgs84(&path)?;
        let before = regions.len();
        for (properties, shape) in records {
            // Land areas only (GF 9); the sea areas and the Bodensee are GF 8.
            if properties.get("GF").and_then(serde_json::Value::as_i64) != Some(9) {
                continue;
            }
            let key = if level == "STA" {
                "DG".to_owned()
            } else {
                text(&properties, "ARS")
            };
            points += shape
                .0
                .iter()
                .map(|p| {
                    p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>()
                })
                .sum::<usize>();
            regions.push(Official {
                key,
                name: text(&properties, "GEN"),
                shape,
            });
        }
        counts.push(format!("{} {level}", regions.len() - before));
    }
    let bytes = encode(&edition, &attribution, &regions);
    std::fs::write(out, &bytes).map_err(|e| format!("{e}: {}", out.display()))?;
    Ok(format!(
        "{}: {} regions ({}), {points} points, {} bytes\n{edition}\n{attribution}",
        out.display(),
        regions.len(),
        counts.join(", "),
        bytes.len()
    ))
}
