//! Cities' own files by district, as their open-data portals publish them: own fixtures
//! modelled on real downloads, and the real file of `../shared/data/municipal/` when it is
//! there.

// Counts read back from the file are compared exactly: they were written exactly.
#![allow(clippy::float_cmp)]

use std::path::Path;

use rusqlite::Connection;

use lernstadt_core::import::Options;

use crate::util::{self, Env, cell, fixture, value};

fn lines_of(report: &serde_json::Value, warning: bool) -> Vec<u64> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["warning"] == warning)
        .map(|p| p["line"].as_u64().unwrap())
        .collect()
}

/// `ZEIT;RAUM;MERKMAL;WERT`, ISO-8859-1 with CRLF: the roles come from the city's header
/// names, `91 Berg Fidel` gives key and name, the whole-city row becomes the districts'
/// parent, dates come in every notation, an empty value is a warning and an impossible
/// date an error on its line — the other rows still go in.
#[test]
fn a_long_city_file_without_help() {
    let env = Env::new();
    let project = env.new_project("muenster.lernstadt");
    let report = util::import(
        &project,
        &fixture("city_long_latin1.csv"),
        &Options::default(),
    );
    assert_eq!(report["detected"]["shape"], "long", "{report:#}");
    assert_eq!(
        (
            &report["inserted"],
            &report["rejected"],
            &report["empty_values"]
        ),
        (
            &serde_json::json!(5),
            &serde_json::json!(1),
            &serde_json::json!(1)
        ),
        "{report:#}"
    );
    assert_eq!(lines_of(&report, false), [7], "2020_12_32: {report:#}");
    let message = report["problems"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
        + report["problems"][1]["message"]
            .as_str()
            .unwrap_or_default();
    assert!(
        message.contains("does not exist") && message.contains("day 32, month 12 of 2020"),
        "the impossible date is named as one: {report:#}"
    );
    assert_eq!(lines_of(&report, true), [5], "the empty value: {report:#}");
    assert_eq!(value(&project, "Einwohner", "91", "2022", ""), 8_000.0);
    assert_eq!(
        value(&project, "Einwohner", "91", "2023-12-31", ""),
        8_100.0
    );
    assert_eq!(value(&project, "Einwohner", "92", "2023-12", ""), 9_100.0);
    let conn = Connection::open(&project).unwrap();
    let (name, parent): (String, String) = conn
        .query_row(
            "SELECT r.name, p.key FROM region r JOIN region p ON p.id = r.parent_id WHERE r.key = '91'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), parent.as_str()),
        ("Berg Fidel", "Münster. Gesamtstadt")
    );
    let levels: Vec<(String, String)> = conn
        .prepare("SELECT key, level FROM region WHERE key IN ('91', 'Münster. Gesamtstadt') ORDER BY key")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        levels,
        [
            ("91".to_owned(), "district".to_owned()),
            ("Münster. Gesamtstadt".to_owned(), "municipality".to_owned())
        ]
    );
}

/// Age groups as columns (`0 bis unter 3;3 bis unter 6;…`), dates like `2023_12_31`, the
/// key in `Stadtteilnummer` and the name in `Stadtteil`: each column is a member of one
/// dimension; constant and empty columns (`Land`, `lat`) are left out.
#[test]
fn a_file_wide_by_age_groups() {
    let env = Env::new();
    let project = env.new_project("kiel.lernstadt");
    let report = util::import(
        &project,
        &fixture("city_wide_members.csv"),
        &Options::default(),
    );
    assert_eq!(
        (
            &report["inserted"],
            &report["rejected"],
            &report["empty_values"]
        ),
        (
            &serde_json::json!(11),
            &serde_json::json!(4),
            &serde_json::json!(1)
        ),
        "{report:#}"
    );
    assert_eq!(
        lines_of(&report, false),
        [5],
        "one message for the line: {report:#}"
    );
    let values = report["values"].as_str().unwrap_or_default();
    assert!(values.contains("Altersgruppe"), "{report:#}");
    let indicator = "Einwohner nach Altersgruppen";
    assert_eq!(
        value(
            &project,
            indicator,
            "1",
            "2023-12-31",
            "Altersgruppe=0 bis unter 3"
        ),
        19.0
    );
    assert_eq!(
        value(
            &project,
            indicator,
            "2",
            "2023-12-31",
            "Altersgruppe=80 und aelter"
        ),
        115.0
    );
    let conn = Connection::open(&project).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM region WHERE key = '2'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Vorstadt");
    let dimensions: Vec<String> = conn
        .prepare("SELECT code FROM dimension ORDER BY code")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        dimensions,
        ["Altersgruppe"],
        "Land, Stadt, lat, lon are left out"
    );
}

/// One indicator per column (`places`, `daycare_centers`): each column is an indicator.
#[test]
fn a_file_wide_by_indicators() {
    let env = Env::new();
    let project = env.new_project("kitas.lernstadt");
    let report = util::import(
        &project,
        &fixture("city_wide_indicators.csv"),
        &Options::default(),
    );
    assert_eq!(
        (&report["inserted"], &report["rejected"]),
        (&serde_json::json!(6), &serde_json::json!(0)),
        "{report:#}"
    );
    let values = report["values"].as_str().unwrap_or_default();
    assert!(values.contains(" 2 "), "two indicator columns: {report:#}");
    assert_eq!(value(&project, "places", "02", "2024", ""), 388.0);
    assert_eq!(value(&project, "daycare_centers", "03", "2024", ""), 2.0);
    assert_eq!(
        cell(&project, "places", "03", "2024", "")
            .unwrap()
            .1
            .as_deref(),
        Some("x")
    );
}

/// The roles the detection chose can be set on the command line as well.
#[test]
fn the_wide_roles_can_be_named() {
    let env = Env::new();
    let project = env.new_project("benannt.lernstadt");
    let report = util::import(
        &project,
        &fixture("city_wide_members.csv"),
        &util::roles(
            "member=0 bis unter 3,ignore=3 bis unter 6,ignore= 6 bis unter 10,ignore=80 und aelter",
        ),
    );
    assert_eq!(report["inserted"], 3, "{report:#}");
}

/// The real file of `../shared/data/municipal/`, when it is there: 30 districts × 10 dates
/// × 20 age groups, rows with impossible dates reported by line.
#[test]
fn the_real_city_file_imports_without_help() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/municipal/kiel_bevoelkerung_altersgruppen_stadtteile.csv");
    if !file.exists() {
        eprintln!("skipped: {} is not here", file.display());
        return;
    }
    let env = Env::new();
    let project = env.new_project("kiel.lernstadt");
    let report = util::import(&project, &file, &Options::default());
    let rejected_lines = lines_of(&report, false);
    assert_eq!(
        report["inserted"].as_u64().unwrap() + report["rejected"].as_u64().unwrap(),
        300 * 20,
        "every value cell is either in or reported: {report:#}"
    );
    assert_eq!(
        report["rejected"].as_u64().unwrap(),
        rejected_lines.len() as u64 * 20
    );
    assert!(!rejected_lines.is_empty() && rejected_lines.len() < 60);
    // Each is named as the date that does not exist (2020_12_32 …), not as an unknown form.
    for problem in report["problems"].as_array().unwrap() {
        if problem["warning"] == false {
            let message = problem["message"].as_str().unwrap();
            assert!(message.contains("does not exist"), "{message}");
        }
    }
}

/// The member columns' dimension can be named (`member_dimension=…`).
#[test]
fn the_member_dimension_can_be_named() {
    let env = Env::new();
    let project = env.new_project("alter.lernstadt");
    let report = util::import(
        &project,
        &fixture("city_wide_members.csv"),
        &util::roles("member_dimension=Alter"),
    );
    assert_eq!(report["inserted"], 11, "{report:#}");
    assert_eq!(
        value(
            &project,
            "Einwohner nach Altersgruppen",
            "2",
            "2023-12-31",
            "Alter=0 bis unter 3"
        ),
        33.0
    );
}

/// `id,places,daycare_centers`: `id` keys the regions, each other column is an indicator;
/// without a period column the file takes the period given for all rows. (That the command
/// asks for `--period`: the root's `tests/cities.rs`.)
#[test]
fn a_file_without_period_column_takes_the_period_given() {
    let env = Env::new();
    let project = env.new_project("kitas.lernstadt");
    let file = fixture("city_wide_indicators_no_period.csv");
    let report = util::import(
        &project,
        &file,
        &Options {
            period: Some("2024".to_owned()),
            ..Default::default()
        },
    );
    assert_eq!(
        (&report["inserted"], &report["rejected"]),
        (&serde_json::json!(6), &serde_json::json!(0)),
        "{report:#}"
    );
    assert_eq!(value(&project, "places", "02", "2024", ""), 388.0);
    assert_eq!(value(&project, "daycare_centers", "03", "2024", ""), 2.0);
}

/// A column no header word names as regions holds them when its cells are the project's
/// region keys.
#[test]
fn a_region_column_is_found_by_its_keys() {
    let env = Env::new();
    let project = env.new_project("schluessel.lernstadt");
    util::import(
        &project,
        &fixture("city_wide_indicators.csv"),
        &Options::default(),
    );
    let file = env.path("nr.csv");
    std::fs::write(
        &file,
        "Nr;Jahr;Kennzahl;Wert\n01;2024;Schulen;3\n02;2024;Schulen;4\n03;2024;Schulen;2\n",
    )
    .unwrap();
    let report = util::import(&project, &file, &Options::default());
    assert_eq!(
        (&report["inserted"], &report["rejected"]),
        (&serde_json::json!(3), &serde_json::json!(0)),
        "{report:#}"
    );
    assert_eq!(value(&project, "Schulen", "02", "2024", ""), 4.0);
}

/// `--keep-region-cells` keeps `91 Berg Fidel` whole, as the key.
#[test]
fn region_cells_can_be_kept_whole() {
    let env = Env::new();
    let project = env.new_project("ganz.lernstadt");
    let report = util::import(
        &project,
        &fixture("city_long_latin1.csv"),
        &Options {
            keep_region_cells: true,
            ..Default::default()
        },
    );
    assert_eq!(report["inserted"], 5, "{report:#}");
    assert_eq!(
        value(&project, "Einwohner", "91 Berg Fidel", "2022", ""),
        8_000.0
    );
}

/// Münster's keys, as its file gives them: `Nr` beside `Stadtteil`, Stadtbezirk `1` holding
/// the Stadtteile `11`–`13`, and a whole-city row `Münster gesamt`. The short keys are the
/// city's own (`11` is no Land), the prefixes are the tree, the whole city is my region.
#[test]
fn a_citys_keys_are_its_own_and_their_prefixes_the_tree() {
    let env = Env::new();
    let project = env.new_project_for(
        "muenster.lernstadt",
        "Bildungsmonitoring",
        "05515",
        "Münster",
    );
    let report = util::import(
        &project,
        &fixture("city_prefix_keys.csv"),
        &Options::default(),
    );
    assert_eq!(report["rejected"], 0, "{report:#}");
    assert_eq!(
        report["inserted"], 20,
        "two indicators, ten rows: {report:#}"
    );
    let conn = Connection::open(&project).unwrap();
    let tree: Vec<(String, String, String, Option<String>)> = conn
        .prepare(
            "SELECT r.key, r.name, r.level, p.key FROM region r LEFT JOIN region p ON p.id = r.parent_id ORDER BY r.key",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let row = |key: &str| tree.iter().find(|r| r.0 == key).cloned().unwrap();
    assert_eq!(tree.len(), 10, "{tree:#?}");
    assert_eq!(
        row("05515"),
        ("05515".into(), "Münster".into(), "county".into(), None)
    );
    assert_eq!(
        row("1"),
        (
            "1".into(),
            "Mitte".into(),
            "district".into(),
            Some("05515".into())
        )
    );
    assert_eq!(
        row("12"),
        (
            "12".into(),
            "Altstadt".into(),
            "neighbourhood".into(),
            Some("1".into())
        )
    );
    assert_eq!(row("31").3.as_deref(), Some("3"));
    assert_eq!(
        value(&project, "Einwohner", "05515", "2023", ""),
        320_000.0,
        "the whole-city row is my region's"
    );
}

/// The shipped official list decides what a city file's key is: `03159` (no name given)
/// is the Landkreis Göttingen, named from the list; Berlin's planning area `01011101`
/// looks like a Gemeinde key of Schleswig-Holstein but the list has no such Gemeinde, so
/// it stays the city's own; a Kreis dissolved since (`03152`) is still a Kreis.
#[test]
fn the_official_list_tells_official_keys_from_a_citys_own() {
    let env = Env::new();
    let project = env.new_project("liste.lernstadt");
    let file = env.path("liste.csv");
    std::fs::write(
        &file,
        "Kennzahl;Gebiet;Jahr;Wert\nA;03159;2023;1\nA;01011101;2023;2\nA;03152;2015;3\n",
    )
    .unwrap();
    let report = util::import(&project, &file, &Options::default());
    assert_eq!(report["rejected"], 0, "{report:#}");
    let conn = Connection::open(&project).unwrap();
    let region = |key: &str| -> (String, String) {
        conn.query_row(
            "SELECT name, level FROM region WHERE key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    assert_eq!(
        region("03159"),
        ("Göttingen, Landkreis".to_owned(), "county".to_owned())
    );
    assert_eq!(region("01011101").1, "district");
    assert_eq!(region("03152").1, "county");
}

/// Berlin's planning areas (LOR) with their hierarchy columns: `BEZ` → `PGR` → `BZR` above
/// `PLR`, names beside them (`BEZ_NAME`, `BZR_NAME`, `PLR_NAME`), and `STADTRAUM`, a
/// grouping by name. The columns are the tree, never indicators; the eight-digit keys are
/// the city's, no Gemeinden of Schleswig-Holstein. A file's own level column is named with
/// `--map level=…`.
#[test]
fn level_columns_are_the_region_tree() {
    let env = Env::new();
    let project = env.new_project_for("berlin.lernstadt", "Berlin", "11000000", "");
    let report = util::import(
        &project,
        &fixture("city_level_columns.csv"),
        &Options::default(),
    );
    assert_eq!(report["rejected"], 0, "{report:#}");
    assert_eq!(
        report["inserted"], 8,
        "two indicators, four areas: {report:#}"
    );
    let conn = Connection::open(&project).unwrap();
    let indicators: Vec<String> = conn
        .prepare("SELECT code FROM indicator ORDER BY code")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(indicators, ["Einwohner", "Kinder"]);
    let parent_of = |key: &str| -> (String, String, Option<String>) {
        conn.query_row(
            "SELECT r.name, r.level, p.key FROM region r LEFT JOIN region p ON p.id = r.parent_id WHERE r.key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    assert_eq!(
        parent_of("01011101"),
        (
            "Stülerstraße".into(),
            "neighbourhood".into(),
            Some("010111".into())
        )
    );
    assert_eq!(parent_of("010111").0, "Tiergarten Süd");
    assert_eq!(parent_of("010111").2.as_deref(), Some("0101"));
    assert_eq!(parent_of("0101").2.as_deref(), Some("01"));
    assert_eq!(
        parent_of("01"),
        ("Mitte".into(), "district".into(), Some("11000000".into()))
    );

    let own = env.path("eigene.csv");
    std::fs::write(
        &own,
        "Großraum;Gebiet;Jahr;Wert\nN1;N11;2023;5\nN1;N12;2023;6\nS2;S21;2023;7\n",
    )
    .unwrap();
    let other = env.new_project("eigene.lernstadt");
    let report = util::import(
        &other,
        &own,
        &util::roles("level=Großraum,indicator_column=Wert"),
    );
    assert_eq!(report["rejected"], 0, "{report:#}");
    let conn = Connection::open(&other).unwrap();
    let parent: String = conn
        .query_row(
            "SELECT p.key FROM region r JOIN region p ON p.id = r.parent_id WHERE r.key = 'N12'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(parent, "N1");
}
