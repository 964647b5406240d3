//! The shipped list of official regions against the Gemeindeverzeichnis workbook it was
//! built from (`../shared/data/official/`, when it is there): a list left stale after the
//! workbook or the way it is read changed fails here.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use lernstadt_core::model::official_regions::{self, Kind, build};

fn workbook() -> Option<Vec<Vec<String>>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/official/gemeindeverzeichnis_2024q2.xlsx");
    if !path.exists() {
        eprintln!("skipped: no {}", path.display());
        return None;
    }
    let mut book = open_workbook_auto(&path).expect("the workbook opens");
    let range = book
        .worksheet_range("Onlineprodukt_Gemeinden30062024")
        .expect("the workbook has its sheet");
    Some(
        range
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
            .collect(),
    )
}

#[test]
fn the_shipped_list_is_the_workbook_s() {
    let Some(cells) = workbook() else { return };
    let list = build::list(&cells).unwrap();
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/official_regions.tsv"),
    )
    .unwrap();
    assert!(
        shipped == build::asset(&list),
        "assets/official_regions.tsv is not what the workbook gives: run \
         cargo run -p lernstadt-core --example build_official_regions -- WORKBOOK.xlsx"
    );
    assert_eq!(official_regions::edition(), list.edition);
    assert_eq!(official_regions::attribution(), list.attribution);

    // Counted in the workbook itself: its Kreise (record type 40) are the list's.
    let kreise = cells
        .iter()
        .filter(|row| row.first().is_some_and(|c| c == "40"))
        .count();
    let counts = official_regions::counts();
    let listed = counts.iter().find(|(k, _)| *k == Kind::County).unwrap().1;
    assert_eq!(kreise, 400);
    assert_eq!(listed, kreise);

    // Every key has its name, a Gemeinde by its AGS too.
    for row in &list.rows {
        let found = official_regions::lookup(&row.key).unwrap();
        assert_eq!(found.name, row.name, "{}", row.key);
        if row.key.len() == 12 {
            let ags = format!("{}{}", &row.key[..5], &row.key[9..]);
            assert_eq!(official_regions::name(&ags), Some(row.name.as_str()));
        }
    }
    assert_eq!(
        counts.iter().map(|(_, n)| n).sum::<usize>(),
        list.rows.len()
    );
}
