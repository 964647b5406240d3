//! Official statistics in every layout planners download: classic GENESIS / Regionaldaten-
//! bank tables and the legacy flat export, as own fixtures modelled on real downloads, and
//! the real files of `../shared/data/` when that folder is there.

// Counts read back from the file are compared exactly: they were written exactly.
#![allow(clippy::float_cmp)]

use std::path::{Path, PathBuf};

use lernstadt_core::import::Options;

use crate::util::{self, Env, cell, fixture, symbol, value};

/// The code a table's only value variable gets: the table's own (the label is its name).
const SCHOOL_LEAVERS: &str = "21111-02-06-4";

/// The labels of the project's dimensions, in order.
fn dimensions(project: &Path) -> Vec<String> {
    rusqlite::Connection::open(project)
        .unwrap()
        .prepare("SELECT label FROM dimension ORDER BY label")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn imported(env: &Env, name: &str) -> (PathBuf, serde_json::Value) {
    let project = env.new_project(&format!("{name}.lernstadt"));
    let report = util::import(
        &project,
        &fixture(&format!("{name}.csv")),
        &Options::default(),
    );
    assert_eq!(report["detected"]["shape"], "genesis_table", "{report:#}");
    assert_eq!(report["rejected"], 0, "{report:#}");
    (project, report)
}

/// `2023;01001;Flensburg;…`: the period is the first column of every row; three header
/// rows name the value variable, the kind of certificate and the sex; a footnote after the
/// line of underscores looks like a data row and is none.
#[test]
fn a_period_column_and_stacked_dimensions() {
    let env = Env::new();
    let (project, report) = imported(&env, "table_period_column");
    assert_eq!(
        report["inserted"], 20,
        "5 region rows x 4 values: {report:#}"
    );
    let get =
        |region, period, breakdown| value(&project, SCHOOL_LEAVERS, region, period, breakdown);
    assert_eq!(get("DG", "2023", ""), 782_423.0);
    assert_eq!(get("01001", "2023", "Geschlecht=weiblich"), 558.0);
    assert_eq!(
        get(
            "01001",
            "2023",
            "Abschlussarten=ohne Hauptschulabschluss;Geschlecht=weiblich"
        ),
        39.0
    );
    assert_eq!(
        get("05999", "2022", "Geschlecht=weiblich"),
        0.0,
        "- is a true zero"
    );
    let secret = "Abschlussarten=ohne Hauptschulabschluss";
    assert_eq!(
        symbol(&project, SCHOOL_LEAVERS, "05999", "2023", secret),
        "x"
    );
    assert!(
        cell(
            &project,
            SCHOOL_LEAVERS,
            "01001",
            "2023",
            "Abschlussarten=Flensburg"
        )
        .is_none(),
        "the footnote line is not data"
    );
}

/// `Tabelle: CODE`, the period in a header row per value column (`Stichtag` /
/// `31.12.2018`), the indicator and unit from the title, 8-digit units whose cells are `.`.
#[test]
fn a_period_header_row_and_the_newer_title() {
    let env = Env::new();
    let (project, report) = imported(&env, "table_period_header");
    assert_eq!(report["inserted"], 12, "{report:#}");
    let get = |region, breakdown| value(&project, "12411-01-01-4", region, "2018-12-31", breakdown);
    assert_eq!(get("DG", ""), 83_019_213.0);
    assert_eq!(get("05999", "Geschlecht=männlich"), 122_560.0);
    assert_eq!(
        symbol(
            &project,
            "12411-01-01-4",
            "11001001",
            "2018-12-31",
            "Geschlecht=weiblich"
        ),
        "."
    );
    let conn = rusqlite::Connection::open(&project).unwrap();
    let unit: String = conn
        .query_row(
            "SELECT unit FROM indicator WHERE name = 'Bevölkerungsstand'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unit, "Anzahl", "from the title's parentheses");
}

/// `2023;DG;Deutschland;Grundschulen;…`: a classification column between the name and the
/// values is a dimension named by its header cell; its `Insgesamt` is the total.
#[test]
fn a_classification_column() {
    let env = Env::new();
    let (project, report) = imported(&env, "table_classification");
    assert_eq!(report["inserted"], 10, "{report:#}");
    let get = |region, breakdown| value(&project, "21111-01-03-4", region, "2023", breakdown);
    assert_eq!(get("05999", "Schulart=Grundschulen"), 9_123.0);
    assert_eq!(
        get("05999", "Geschlecht=weiblich;Schulart=Grundschulen"),
        4_456.0
    );
    assert_eq!(get("05999", ""), 16_135.0, "Insgesamt is the total");
    assert_eq!(
        symbol(
            &project,
            "21111-01-03-4",
            "05999",
            "2023",
            "Geschlecht=weiblich;Schulart=Gymnasien"
        ),
        "/"
    );
}

/// `21121-02-02-4`'s shape: six header rows, captions naming the dimension of the row
/// below at two depths (`Geschlecht` over the sexes, `davon mit` over the certificates,
/// which the title names), and `nachrichtl.` columns whose header ends after the sex: their
/// own value variable, `Insgesamt` their total — every value labelled as the header says.
#[test]
fn captions_at_two_depths_and_a_memo_variable() {
    let env = Env::new();
    let (project, report) = imported(&env, "table_captions");
    assert_eq!(
        report["inserted"], 24,
        "3 region rows x 8 values: {report:#}"
    );
    let leavers = |region, breakdown| {
        value(
            &project,
            "21121-02-02-4:Absolvierende",
            region,
            "2023",
            breakdown,
        )
    };
    assert_eq!(leavers("05999", ""), 690.0);
    assert_eq!(leavers("05999", "Geschlecht=weiblich"), 297.0);
    assert_eq!(
        leavers("05999", "Abschlussarten=mit Hauptschulabschluss"),
        126.0
    );
    assert_eq!(
        leavers(
            "05999",
            "Abschlussarten=Fachhochschulreife;Geschlecht=weiblich"
        ),
        48.0
    );
    let memo = |region, breakdown| {
        value(
            &project,
            "21121-02-02-4:nachrichtl",
            region,
            "2023",
            breakdown,
        )
    };
    assert_eq!(memo("05999", ""), 39.0, "Insgesamt is the memo's total");
    assert_eq!(memo("05999", "Geschlecht=weiblich"), 30.0);
    assert_eq!(
        symbol(
            &project,
            "21121-02-02-4:nachrichtl",
            "05998",
            "2023",
            "Geschlecht=weiblich"
        ),
        "x"
    );
    assert_eq!(dimensions(&project), ["Abschlussarten", "Geschlecht"]);
}

/// `01.03.2023;05999;…`: a full date as the period column; the header row without a total
/// is the breakdown of the value the title names (`Kinder (Anzahl)`).
#[test]
fn a_date_column_and_a_breakdown_without_total() {
    let env = Env::new();
    let (project, report) = imported(&env, "table_date_column");
    assert_eq!(report["inserted"], 4, "{report:#}");
    assert_eq!(
        value(
            &project,
            "22541-01-01-4",
            "05999",
            "2024-03-01",
            "Merkmal=unter 3 Jahre"
        ),
        1_901.0
    );
    assert_eq!(
        value(
            &project,
            "22541-01-01-4",
            "05999",
            "2023-03-01",
            "Merkmal=3 bis unter 6 Jahre"
        ),
        5_123.0
    );
}

/// The real downloads of `../shared/data/genesis-classic/`, when they are there: every value
/// cell becomes one observation, none is rejected.
#[test]
fn the_real_regionaldatenbank_tables_import_whole() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/genesis-classic");
    if !dir.exists() {
        eprintln!("skipped: {} is not here", dir.display());
        return;
    }
    let env = Env::new();
    let project = env.new_project("real.lernstadt");
    for (file, rows, columns) in [
        ("12411-01-01-4.csv", 538, 3),
        ("21111-02-06-4.csv", 538, 14),
    ] {
        let report = util::import(&project, &dir.join(file), &Options::default());
        assert_eq!(report["detected"]["shape"], "genesis_table", "{file}");
        assert_eq!(report["rejected"], 0, "{file}: {report:#}");
        assert_eq!(report["inserted"], rows * columns, "{file}: {report:#}");
    }
    assert_eq!(
        value(&project, "12411-01-01-4", "DG", "2018-12-31", ""),
        83_019_213.0
    );
    assert_eq!(
        symbol(&project, "12411-01-01-4", "11001001", "2018-12-31", ""),
        "."
    );
    let leavers = "21111-02-06-4";
    assert_eq!(
        value(
            &project,
            leavers,
            "01001",
            "2023",
            "Abschlussarten=ohne Hauptschulabschluss;Geschlecht=weiblich"
        ),
        39.0
    );
    // Label by label as the header says: 7 certificates (the first the total) by 2 sexes
    // (the first the total), in two dimensions and no other.
    let conn = rusqlite::Connection::open(&project).unwrap();
    let keys: Vec<String> = conn
        .prepare(
            "SELECT DISTINCT b.key FROM observation o JOIN breakdown b ON b.id = o.breakdown_id
             JOIN indicator i ON i.id = o.indicator_id WHERE i.code = ?1 ORDER BY 1",
        )
        .unwrap()
        .query_map([leavers], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(keys.len(), 14, "{keys:#?}");
    assert!(
        keys.contains(
            &"Abschlussarten=dar. schulischer Teil der Fachhochschulreife;Geschlecht=weiblich"
                .to_owned()
        )
    );
    assert_eq!(dimensions(&project), ["Abschlussarten", "Geschlecht"]);
}

/// The legacy flat export: German column names, one `CODE__Label__Unit` column per value
/// variable (each an indicator with its unit), ISO-8859-1, decimal comma; an empty value
/// cell is no observation and one warning.
#[test]
fn the_legacy_flat_export() {
    let env = Env::new();
    let project = env.new_project("legacy.lernstadt");
    let report = util::import(
        &project,
        &fixture("genesis_flat_legacy.csv"),
        &Options::default(),
    );
    assert_eq!(report["detected"]["shape"], "genesis_flat", "{report:#}");
    assert_eq!(
        (
            &report["inserted"],
            &report["rejected"],
            &report["empty_values"]
        ),
        (
            &serde_json::json!(7),
            &serde_json::json!(0),
            &serde_json::json!(1)
        ),
        "{report:#}"
    );
    assert_eq!(
        value(&project, "13211:ERW006", "05999", "2022", "GES=GESW"),
        4_321.0
    );
    assert_eq!(value(&project, "13211:ERW112", "05999", "2022", ""), 7.4);
    assert_eq!(symbol(&project, "13211:ERW112", "05998", "2023", ""), "x");
    let conn = rusqlite::Connection::open(&project).unwrap();
    let (name, unit): (String, String) = conn
        .query_row(
            "SELECT name, unit FROM indicator WHERE code = '13211:ERW112'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), unit.as_str()),
        (
            "Arbeitslosenquote bezogen auf alle zivilen Erwerbspersonen",
            "Prozent"
        )
    );
    let warning = &report["problems"][0];
    assert_eq!(
        (&warning["line"], &warning["warning"]),
        (&serde_json::json!(5), &serde_json::json!(true))
    );
}

/// Official keys build the region tree on import (`11001001` under `11`, `11` under `DG`),
/// a key that exists with another name keeps the project's name with one warning, and a
/// project's own district keys are left alone.
#[test]
fn official_keys_build_the_region_tree() {
    let env = Env::new();
    let (project, _) = imported(&env, "table_period_header");
    let parent = |key: &str| -> Option<String> {
        rusqlite::Connection::open(&project)
            .unwrap()
            .query_row(
                "SELECT p.key FROM region r LEFT JOIN region p ON p.id = r.parent_id WHERE r.key = ?1",
                [key],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(parent("DG"), None);
    assert_eq!(parent("11").as_deref(), Some("DG"));
    assert_eq!(
        parent("11001001").as_deref(),
        Some("11"),
        "no Kreis 11001: the Land"
    );
    assert_eq!(parent("05999").as_deref(), Some("DG"));

    let sheet = env.path("stadtteile.csv");
    std::fs::write(
        &sheet,
        "Kennzahl;Gebiet;Name;Jahr;Wert\nA;05999;Musterstadt;2023;1\nA;05999-01;Altstadt;2023;2\n",
    )
    .unwrap();
    let report = util::import(
        &project,
        &sheet,
        &Options {
            map: lernstadt_core::import::sheet::parse_map("region_name=Name").unwrap(),
            ..Default::default()
        },
    );
    assert_eq!(report["inserted"], 2, "{report:#}");
    let message = report["problems"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("05999") && message.contains("Musterstadt, kreisfreie Stadt"),
        "{message}"
    );
    let name: String = rusqlite::Connection::open(&project)
        .unwrap()
        .query_row("SELECT name FROM region WHERE key = '05999'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        name, "Musterstadt, kreisfreie Stadt",
        "never renamed silently"
    );
    assert_eq!(
        parent("05999-01"),
        None,
        "a project's own key is left alone"
    );
}

/// The footer's data date and licence become part of the indicator's source, which charts
/// and the report show.
#[test]
fn the_footer_names_source_date_and_licence() {
    let env = Env::new();
    let (project, _) = imported(&env, "table_period_column");
    let source: String = rusqlite::Connection::open(&project)
        .unwrap()
        .query_row(
            "SELECT source FROM indicator WHERE code = ?1",
            [SCHOOL_LEAVERS],
            |r| r.get(0),
        )
        .unwrap();
    let (date, licence): (String, String) = rusqlite::Connection::open(&project)
        .unwrap()
        .query_row("SELECT data_date, licence FROM import_source", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(date, "2025-03-13", "stored with the import");
    assert!(licence.contains("Datenlizenz Deutschland"), "{licence}");
    for part in [
        "GENESIS 21111-02-06-4: Absolvierende/Abgehende allgemeinbildender Schulen nach Geschlecht und Abschlussarten",
        "as of 2025-03-13",
        "Datenlizenz Deutschland - Namensnennung - Version 2.0",
    ] {
        assert!(source.contains(part), "{part} in {source}");
    }
}
