//! Writes `assets/official_regions.tsv`, the official regions the program ships, from a
//! workbook of the Statistisches Bundesamt's Gemeindeverzeichnis (GV-ISys, the quarterly
//! "Gemeinden in Deutschland nach Fläche, Bevölkerung und Postleitzahl", `.xlsx`):
//!
//! ```text
//! cargo run -p lernstadt-core --example build_official_regions -- Gemeindeverzeichnis.xlsx
//! ```
//!
//! The sheet is the one whose name starts with `Onlineprodukt_Gemeinden` (or the second
//! argument). The edition and the year of the attribution come from the workbook; a newer
//! edition needs no change of code, only this script run again and the asset committed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use calamine::{Data, Reader, open_workbook_auto};
use lernstadt_core::model::official_regions::build;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(workbook) = args.next().map(PathBuf::from) else {
        eprintln!("usage: build_official_regions WORKBOOK.xlsx [SHEET]");
        return ExitCode::from(2);
    };
    let sheet = args.next().map(|s| s.to_string_lossy().into_owned());
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/official_regions.tsv");
    match run(&workbook, sheet.as_deref(), &out) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err} ({})", workbook.display());
            ExitCode::FAILURE
        }
    }
}

fn run(workbook: &Path, sheet: Option<&str>, out: &Path) -> Result<String, String> {
    let cells = cells(workbook, sheet)?;
    let list = build::list(&cells).map_err(|e| e.to_string())?;
    let text = build::asset(&list);
    std::fs::write(out, &text).map_err(|e| format!("{e}: {}", out.display()))?;
    let mut per_length = std::collections::BTreeMap::<usize, usize>::new();
    for row in &list.rows {
        *per_length.entry(row.key.len()).or_default() += 1;
    }
    Ok(format!(
        "{}: {} regions ({}), {} bytes\n{}\n{}",
        out.display(),
        list.rows.len(),
        per_length
            .iter()
            .map(|(len, n)| format!("{n} of length {len}"))
            .collect::<Vec<_>>()
            .join(", "),
        text.len(),
        list.edition,
        list.attribution
    ))
}

/// Every cell of the sheet as text: a key written as text keeps its leading zeros.
fn cells(workbook: &Path, sheet: Option<&str>) -> Result<Vec<Vec<String>>, String> {
    let mut book = open_workbook_auto(workbook).map_err(|e| e.to_string())?;
    let name = match sheet {
        Some(name) => name.to_owned(),
        None => book
            .sheet_names()
            .into_iter()
            .find(|n| n.starts_with("Onlineprodukt_Gemeinden"))
            .ok_or("no sheet Onlineprodukt_Gemeinden…")?,
    };
    let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}
