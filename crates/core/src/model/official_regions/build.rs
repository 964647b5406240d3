//! The shipped list made from the Gemeindeverzeichnis workbook's rows: shared by the script
//! that writes the asset (`examples/build_official_regions.rs`) and the test that checks the
//! asset against the workbook, so both read the workbook the same way.

use std::fmt::Write as _;

/// Why the workbook's rows make no list.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// No header row with `Satz-art` and the ARS columns `Land`, `RB`, `Kreis`, `VB`, `Gem`.
    #[error(
        "no header row with Satz-art, Gemeindename and the ARS columns Land, RB, Kreis, VB, Gem"
    )]
    NoHeader,
    /// No cell names the territorial status (`Gebietsstand am 30.06.2024`).
    #[error("no cell names the Gebietsstand (territorial status)")]
    NoEdition,
    /// No footer line names the publisher's year (`Statistisches Bundesamt (Destatis), 2024`).
    #[error("no footer line names Statistisches Bundesamt (Destatis) and its year")]
    NoAttribution,
    /// A data row's key pieces do not have their lengths (keys written as numbers lose
    /// their leading zeros).
    #[error("row {row}: key pieces {pieces:?} are not Land 2, RB 1, Kreis 2, VB 4, Gem 3 digits")]
    BadKey {
        /// The row's number in the sheet, from 1.
        row: usize,
        /// The pieces as read.
        pieces: Vec<String>,
    },
    /// A data row without a name.
    #[error("row {row}: no name")]
    NoName {
        /// The row's number in the sheet, from 1.
        row: usize,
    },
    /// Two rows with one key.
    #[error("row {row}: the key {key} comes twice")]
    Twice {
        /// The row's number in the sheet, from 1.
        row: usize,
        /// The key.
        key: String,
    },
}

/// The licence the Statistisches Bundesamt publishes the Gemeindeverzeichnis under.
const LICENCE: &str =
    "Datenlizenz Deutschland – Namensnennung – Version 2.0 (www.govdata.de/dl-de/by-2-0)";

/// One region of the list: its key as the project uses it and its official name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// `DG`, or Land (2), Regierungsbezirk (3), Kreis (5), Gemeindeverband (9) or the
    /// Gemeinde's ARS (12 digits).
    pub key: String,
    /// The name as the list gives it (a Kreis with its kind: `Göttingen, Landkreis`).
    pub name: String,
}

/// What the workbook holds: its regions, edition and attribution.
#[derive(Clone, Debug)]
pub struct List {
    /// `Gemeindeverzeichnis (GV-ISys), Gebietsstand 30.06.2024`.
    pub edition: String,
    /// `© Statistisches Bundesamt (Destatis), 2024; Datenlizenz Deutschland – …`.
    pub attribution: String,
    /// Germany first, then the workbook's order (each region after its parent).
    pub rows: Vec<Row>,
}

/// The columns the header names.
struct Columns {
    record: usize,
    kind: usize,
    pieces: [usize; 5],
    name: usize,
}

fn columns(cells: &[Vec<String>]) -> Option<(usize, Columns)> {
    let find = |row: &[String], text: &str| row.iter().position(|c| c.trim() == text);
    let header = cells
        .iter()
        .position(|row| find(row, "Satz-art").is_some())?;
    let top = &cells[header];
    let below = cells.get(header + 1)?;
    let pieces = ["Land", "RB", "Kreis", "VB", "Gem"].map(|p| find(below, p));
    Some((
        header,
        Columns {
            record: find(top, "Satz-art")?,
            kind: top.iter().position(|c| c.starts_with("Text-kenn"))?,
            pieces: [pieces[0]?, pieces[1]?, pieces[2]?, pieces[3]?, pieces[4]?],
            name: find(top, "Gemeindename")?,
        },
    ))
}

/// The list from the cells of the sheet `Onlineprodukt_Gemeinden…`, each as text (keys as
/// the workbook writes them, with their leading zeros). Rows of record type 30 (Baden-
/// Württemberg's planning regions) are left out: no table keys its values by them.
pub fn list(cells: &[Vec<String>]) -> Result<List, BuildError> {
    let (header, columns) = columns(cells).ok_or(BuildError::NoHeader)?;
    let edition = cells
        .iter()
        .flatten()
        .find_map(|c| c.trim().strip_prefix("Gebietsstand am "))
        .and_then(|rest| rest.split_whitespace().next())
        .map(|date| format!("Gemeindeverzeichnis (GV-ISys), Gebietsstand {date}"))
        .ok_or(BuildError::NoEdition)?;
    let attribution = cells
        .iter()
        .flatten()
        .find_map(|c| {
            let c = c.trim();
            c.starts_with("Statistisches Bundesamt (Destatis),")
                .then(|| format!("© {c}; {LICENCE}"))
        })
        .ok_or(BuildError::NoAttribution)?;
    let mut rows = vec![Row {
        key: "DG".to_owned(),
        name: "Deutschland".to_owned(),
    }];
    let mut seen = std::collections::HashSet::new();
    for (index, cells) in cells.iter().enumerate().skip(header + 1) {
        let cell = |i: usize| cells.get(i).map_or("", |c| c.trim());
        let Some(row) = key(cell(columns.record), |p| cell(columns.pieces[p])) else {
            continue;
        };
        let number = index + 1;
        let row = row.map_err(|pieces| BuildError::BadKey {
            row: number,
            pieces,
        })?;
        let name = cell(columns.name);
        if name.is_empty() {
            return Err(BuildError::NoName { row: number });
        }
        if !seen.insert(row.clone()) {
            return Err(BuildError::Twice {
                row: number,
                key: row,
            });
        }
        rows.push(Row {
            name: if row.len() == 5 {
                county_name(name, cell(columns.kind))
            } else {
                name.to_owned()
            },
            key: row,
        });
    }
    Ok(List {
        edition,
        attribution,
        rows,
    })
}

/// The key of a data row (record type 10, 20, 40, 50 or 60): a Land's piece, with the RB a
/// Regierungsbezirk's, with the Kreis a Kreis's, with the VB a Gemeindeverband's, with the
/// Gem a Gemeinde's ARS. `None` for any other row; the pieces when they are not all
/// digits of their lengths.
fn key<'a>(record: &str, piece: impl Fn(usize) -> &'a str) -> Option<Result<String, Vec<String>>> {
    let used = match record {
        "10" => 1,
        "20" => 2,
        "40" => 3,
        "50" => 4,
        "60" => 5,
        _ => return None,
    };
    let lengths = [2, 1, 2, 4, 3];
    let pieces: Vec<&str> = (0..used).map(&piece).collect();
    let fits = pieces
        .iter()
        .zip(lengths)
        .all(|(p, len)| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()));
    if !fits {
        return Some(Err(pieces.into_iter().map(str::to_owned).collect()));
    }
    Some(Ok(pieces.concat()))
}

/// A Kreis's name with its kind, as the statistical offices' tables write it
/// (`Göttingen, Landkreis`, `Flensburg, kreisfreie Stadt`, `Soest, Kreis`); the workbook
/// gives the kind as a code (41 kreisfreie Stadt, 42 Stadtkreis, 43 Kreis, 44 Landkreis,
/// 45 Regionalverband) and the name without it.
fn county_name(name: &str, kind: &str) -> String {
    let kind = match kind {
        "41" => "kreisfreie Stadt",
        "42" => "Stadtkreis",
        "43" => "Kreis",
        "44" => "Landkreis",
        "45" => "Regionalverband",
        _ => return name.to_owned(),
    };
    let lower = name.to_lowercase();
    if lower.contains(&kind.to_lowercase()) || lower.ends_with("kreis") {
        return name.to_owned();
    }
    // `Bottrop, Stadt` is the kreisfreie Stadt Bottrop.
    let base = name.strip_suffix(", Stadt").unwrap_or(name);
    format!("{base}, {kind}")
}

/// The asset's text: a header (the edition, the attribution, what a line holds), then one
/// region a line, `key<TAB>name`.
#[must_use]
pub fn asset(list: &List) -> String {
    let mut text = String::with_capacity(list.rows.len() * 32);
    text.push_str(
        "# Lernstadt: the official regions, one a line: key<TAB>name. Written by\n\
         # `cargo run -p lernstadt-core --example build_official_regions -- WORKBOOK.xlsx`\n\
         # from the Statistisches Bundesamt's Gemeindeverzeichnis; do not edit by hand.\n\
         # A key's length says its level: DG Germany, 2 Land, 3 Regierungsbezirk, 5 Kreis,\n\
         # 9 Gemeindeverband, 12 Gemeinde (ARS; its AGS is digits 1-5 and 10-12). Its parent\n\
         # is the longest shorter key of these lengths that the list holds.\n",
    );
    let _ = writeln!(text, "# edition = {}", list.edition);
    let _ = writeln!(text, "# attribution = {}", list.attribution);
    for row in &list.rows {
        let _ = writeln!(text, "{}\t{}", row.key, row.name);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|row| row.iter().map(|&c| c.to_owned()).collect())
            .collect()
    }

    fn workbook() -> Vec<Vec<String>> {
        cells(&[
            &["Gemeinden in Deutschland nach Fläche, Bevölkerung und Postleitzahl"],
            &[],
            &[
                "Satz-art",
                "Text-kenn-zeichen",
                "Amtlicher Regionalschlüssel (ARS)",
                "",
                "",
                "",
                "",
                "Gemeindename",
            ],
            &["", "", "Land", "RB", "Kreis", "VB", "Gem", ""],
            &["", "", "Gebietsstand am 30.06.2024 (2. Quartal)"],
            &["10", "", "03", "", "", "", "", "Niedersachsen"],
            &[
                "20",
                "",
                "03",
                "1",
                "",
                "",
                "",
                "Statistische Region Braunschweig",
            ],
            &["40", "44", "03", "1", "59", "", "", "Göttingen"],
            &["50", "50", "03", "1", "59", "0016", "", "Göttingen, Stadt"],
            &[
                "60",
                "63",
                "03",
                "1",
                "59",
                "0016",
                "016",
                "Göttingen, Stadt",
            ],
            &["40", "41", "01", "0", "01", "", "", "Flensburg, Stadt"],
            &["30", "", "08", "1", "1", "", "", "Region Stuttgart"],
            &[],
            &["© Daten (im Auftrag der Herausgebergemeinschaft …)"],
            &["     Statistisches Bundesamt (Destatis), 2024"],
        ])
    }

    #[test]
    fn the_workbook_s_rows_make_keys_names_and_the_header() {
        let list = list(&workbook()).unwrap();
        let keys: Vec<(&str, &str)> = list
            .rows
            .iter()
            .map(|r| (r.key.as_str(), r.name.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("DG", "Deutschland"),
                ("03", "Niedersachsen"),
                ("031", "Statistische Region Braunschweig"),
                ("03159", "Göttingen, Landkreis"),
                ("031590016", "Göttingen, Stadt"),
                ("031590016016", "Göttingen, Stadt"),
                ("01001", "Flensburg, kreisfreie Stadt"),
            ]
        );
        assert_eq!(
            list.edition,
            "Gemeindeverzeichnis (GV-ISys), Gebietsstand 30.06.2024"
        );
        assert!(
            list.attribution
                .starts_with("© Statistisches Bundesamt (Destatis), 2024; Datenlizenz")
        );
        let text = asset(&list);
        assert!(
            text.contains("\n# edition = Gemeindeverzeichnis (GV-ISys), Gebietsstand 30.06.2024\n")
        );
        assert!(text.ends_with("01001\tFlensburg, kreisfreie Stadt\n"));
    }

    #[test]
    fn a_key_that_lost_its_zeros_is_refused() {
        let mut rows = workbook();
        rows[7][2] = "3".to_owned();
        assert!(matches!(
            list(&rows),
            Err(BuildError::BadKey { row: 8, .. })
        ));
    }

    #[test]
    fn a_kreis_is_named_with_its_kind_once() {
        assert_eq!(county_name("Soest", "43"), "Soest, Kreis");
        assert_eq!(county_name("Hochtaunuskreis", "44"), "Hochtaunuskreis");
        assert_eq!(
            county_name("Stuttgart, Stadtkreis", "42"),
            "Stuttgart, Stadtkreis"
        );
        assert_eq!(
            county_name("Kiel, Landeshauptstadt", "41"),
            "Kiel, Landeshauptstadt, kreisfreie Stadt"
        );
        assert_eq!(
            county_name("Mainz, kreisfreie Stadt", "41"),
            "Mainz, kreisfreie Stadt"
        );
        assert_eq!(
            county_name("Regionalverband Saarbrücken", "45"),
            "Regionalverband Saarbrücken"
        );
    }
}
