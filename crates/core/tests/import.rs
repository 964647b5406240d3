//! Importing official statistics and spreadsheets: values, symbols and flags kept, the same
//! file again changing nothing, bad rows reported by line. (What `lernstadt import` refuses
//! and a killed import: the root's `tests/import.rs`.)

use std::path::{Path, PathBuf};

use lernstadt_core::import::Options;
use rusqlite::Connection;

use crate::util::{self, Env, cell, fixture};

#[test]
fn genesis_flat_keeps_values_symbols_and_flags() {
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    let report = util::import(
        &project,
        &fixture("genesis_flat_de.csv"),
        &Options::default(),
    );
    assert_eq!(report["inserted"], 8, "{report:#}");
    assert_eq!(report["rejected"], 0);
    assert_eq!(report["detected"]["shape"], "genesis_flat");
    assert_eq!(report["detected"]["bom"], true);
    assert_eq!(report["detected"]["delimiter"], ";");
    let get = |region, period, breakdown| {
        cell(&project, "21111:SCH001", region, period, breakdown).unwrap()
    };
    assert_eq!(get("05999", "2022", "GES=GESM").0, Some(1234.0));
    assert_eq!(
        get("05999", "2022", "").0,
        Some(2414.0),
        "an empty attribute is the total"
    );
    assert_eq!(get("05999", "2023", "").2.as_deref(), Some("p"));
    let unknown = get("05998", "2022", "");
    assert_eq!(
        (unknown.0, unknown.1.as_deref()),
        (None, Some(".")),
        "a symbol is never a zero"
    );
    let zero = get("05998", "2022", "GES=GESM");
    assert_eq!((zero.0, zero.1.as_deref()), (Some(0.0), Some("-")));
    assert_eq!(get("05998", "2022", "GES=GESW").1.as_deref(), Some("x"));
    assert_eq!(
        cell(&project, "21111:SCH002", "05999", "2022", "")
            .unwrap()
            .0,
        Some(12.5)
    );

    let conn = Connection::open(&project).unwrap();
    let (name, level): (String, String) = conn
        .query_row(
            "SELECT name, level FROM region WHERE key = '05999'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), level.as_str()),
        ("Musterstadt, kreisfreie Stadt", "county")
    );
    let (name, unit): (String, String) = conn
        .query_row(
            "SELECT name, unit FROM indicator WHERE code = '21111:SCH001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((name.as_str(), unit.as_str()), ("Schüler/-innen", "Anzahl"));
    let member: String = conn
        .query_row(
            "SELECT label FROM dimension_member WHERE code = 'GESW'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(member, "weiblich");
}

#[test]
fn importing_the_same_file_again_changes_nothing() {
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    util::import(
        &project,
        &fixture("genesis_flat_de.csv"),
        &Options::default(),
    );
    let before = std::fs::read(&project).unwrap();
    let report = util::import(
        &project,
        &fixture("genesis_flat_de.csv"),
        &Options::default(),
    );
    assert_eq!(
        (
            report["inserted"].as_u64(),
            report["updated"].as_u64(),
            report["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(8))
    );
    assert_eq!(report["applied"], false);
    assert_eq!(
        std::fs::read(&project).unwrap(),
        before,
        "byte for byte unchanged"
    );
}

#[test]
fn spreadsheets_long_and_wide_in_both_dialects() {
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    let wide = util::import(&project, &fixture("sheet_wide_en.csv"), &Options::default());
    assert_eq!(wide["detected"]["shape"], "wide");
    assert_eq!(wide["detected"]["decimal"], "point");
    assert_eq!(
        wide["inserted"], 5,
        "an empty cell of a wide sheet is no observation: {wide:#}"
    );
    assert_eq!(
        cell(&project, "Library loans", "01001", "2019", "")
            .unwrap()
            .0,
        Some(1204.5)
    );
    assert_eq!(
        cell(&project, "Library loans", "01002", "2021", "")
            .unwrap()
            .0,
        Some(1010.25)
    );
    assert_eq!(
        cell(&project, "Library loans", "01002", "2020", "")
            .unwrap()
            .1
            .as_deref(),
        Some(".")
    );
    assert!(cell(&project, "Library loans", "01001", "2021", "").is_none());

    let long = util::import(
        &project,
        &fixture("sheet_long_de_cp1252.csv"),
        &Options::default(),
    );
    assert_eq!(long["detected"]["encoding"], "windows-1252");
    assert_eq!(long["detected"]["decimal"], "comma");
    assert_eq!(long["inserted"], 4, "{long:#}");
    let problems = long["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["warning"], true);
    assert_eq!(problems[0]["line"], 2);
    assert!(problems[0]["message"].as_str().unwrap().contains("01001"));
    let indicator = "Schulabgänger ohne Abschluss";
    assert_eq!(
        cell(&project, indicator, "01001", "2021", "Geschlecht=weiblich")
            .unwrap()
            .0,
        Some(1234.0)
    );
    let with_note = cell(&project, indicator, "01001", "2021", "Geschlecht=männlich").unwrap();
    assert_eq!(with_note.0, Some(1301.5));
    // A note keeps its line break, stored as `\n` whatever the file wrote (see
    // `model::validate::clean_text`).
    assert_eq!(with_note.3.as_deref(), Some("geschätzt,\nsiehe Bericht"));
    let provisional = cell(&project, indicator, "01002", "2021", "").unwrap();
    assert_eq!(
        (provisional.0, provisional.2.as_deref()),
        (Some(87.0), Some("p"))
    );
    let limited = cell(&project, indicator, "01002", "2022", "").unwrap();
    assert_eq!((limited.0, limited.1.as_deref()), (Some(12.5), Some("()")));
}

#[test]
fn bad_rows_are_reported_by_line_and_good_rows_go_in() {
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    let report = util::import(
        &project,
        &fixture("sheet_problems.csv"),
        &Options::default(),
    );
    assert_eq!(report["inserted"], 2, "{report:#}");
    assert_eq!(report["rejected"], 5);
    let lines: Vec<u64> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, vec![3, 4, 5, 6, 7]);
    assert!(
        cell(&project, "A", "01002", "2021", "").is_none(),
        "neither conflicting row wins"
    );
    assert_eq!(report["problems"][1]["column"], 4);
}

#[test]
fn a_dry_run_reports_and_changes_nothing() {
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    let before = std::fs::read(&project).unwrap();
    let report = util::import(
        &project,
        &fixture("genesis_flat_de.csv"),
        &Options {
            dry_run: true,
            ..Default::default()
        },
    );
    assert_eq!(report["inserted"], 8);
    assert_eq!(report["applied"], false);
    assert_eq!(std::fs::read(&project).unwrap(), before);
}

#[test]
fn the_map_names_columns_and_overrides_detection() {
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    let csv = env.path("eigene.csv");
    std::fs::write(&csv, "KZ|Ort|Zeit|Zahl\nQ1|09162|2020|1.5\n").unwrap();
    let report = util::import(
        &project,
        &csv,
        &Options {
            delimiter: lernstadt_core::import::sniff::delimiter_from_name("|"),
            decimal: Some(lernstadt_core::import::values::Decimal::Point),
            ..util::roles("indicator=KZ,region=Ort,period=Zeit,value=Zahl")
        },
    );
    assert_eq!(report["inserted"], 1, "{report:#}");
    assert_eq!(
        cell(&project, "Q1", "09162", "2020", "").unwrap().0,
        Some(1.5)
    );
}

/// The real exports in `../shared/data/genesis/`: one observation per data line, symbols
/// and quality flags kept.
#[test]
fn real_genesis_exports_import_completely() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/genesis");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is not here", dir.display());
        return;
    };
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut expected_total = 0;
    let mut seen_keys = std::collections::HashSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let data_lines = text
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .count() as u64;
        let report = util::import(&project, file, &Options::default());
        assert_eq!(report["rejected"], 0, "{}: {report:#}", file.display());
        let inserted = report["inserted"].as_u64().unwrap();
        let unchanged = report["unchanged"].as_u64().unwrap();
        assert_eq!(inserted + unchanged, data_lines, "{}", file.display());
        // The German and English exports of one table share their keys.
        if seen_keys.insert(
            file.file_name()
                .unwrap()
                .to_string_lossy()
                .replace("_en_", "_de_"),
        ) {
            expected_total += inserted;
        }
    }
    let conn = Connection::open(&project).unwrap();
    let total: i64 = conn
        .query_row("SELECT count(*) FROM observation", [], |r| r.get(0))
        .unwrap();
    let total = total as u64;
    assert_eq!(total, expected_total);
    let symbols: i64 = conn.query_row("SELECT count(*) FROM observation WHERE value IS NULL AND symbol IN ('/', '...', '.', 'x')", [], |r| r.get(0)).unwrap();
    assert!(symbols > 0, "the symbols in 23311 are kept");
    let zeros: i64 = conn
        .query_row(
            "SELECT count(*) FROM observation WHERE symbol = '-' AND value = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(zeros > 0, "'-' is kept as a true zero");
    let flagged: i64 = conn
        .query_row(
            "SELECT count(*) FROM observation WHERE quality = 'e'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(flagged > 0, "the value_q flags of 1000A are kept");
    util::check(&project);
}

#[test]
fn a_classic_genesis_table_meets_the_flat_export_of_the_same_statistic() {
    let env = Env::new();
    let alone = env.new_project("p.lernstadt");
    let report = util::import(
        &alone,
        &fixture("genesis_table_cp1252.csv"),
        &Options::default(),
    );
    assert_eq!(report["detected"]["shape"], "genesis_table");
    assert_eq!(report["detected"]["encoding"], "windows-1252");
    assert_eq!(
        (report["inserted"].as_u64(), report["rejected"].as_u64()),
        (Some(12), Some(0)),
        "{report:#}"
    );
    assert_eq!(
        cell(&alone, "21111-01-03-4", "05998", "2023", "")
            .unwrap()
            .0,
        Some(1022.0)
    );
    assert_eq!(
        cell(
            &alone,
            "21111-01-03-4",
            "05998",
            "2022",
            // The title ("… nach Geschlecht") and the members name the dimension.
            "Geschlecht=weiblich"
        )
        .unwrap()
        .1
        .as_deref(),
        Some("x")
    );
    let conn = Connection::open(&alone).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM region WHERE key = '05999'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        name, "Musterstadt, kreisfreie Stadt",
        "the indentation is not part of the name"
    );

    let both = env.new_project_for("beide.lernstadt", "beide", "", "");
    util::import(&both, &fixture("genesis_flat_de.csv"), &Options::default());
    let report = util::import(
        &both,
        &fixture("genesis_table_cp1252.csv"),
        &Options::default(),
    );
    assert_eq!(
        (
            report["inserted"].as_u64(),
            report["updated"].as_u64(),
            report["unchanged"].as_u64()
        ),
        (Some(5), Some(1), Some(6)),
        "the table's labels find the flat export's indicator and breakdown codes: {report:#}"
    );
    assert_eq!(
        cell(&both, "21111:SCH001", "05999", "2023", "GES=GESM")
            .unwrap()
            .0,
        Some(1250.0)
    );
}

/// An empty value cell is no observation and no error, in long and wide files alike: the
/// other rows go in, and one warning counts the empty cells and names their lines.
#[test]
fn empty_cells_are_skipped_with_one_warning() {
    let env = Env::new();
    for (name, text, inserted, lines) in [
        (
            "lang.csv",
            "Kennzahl;Stadtteil;Jahr;Wert\nA;01;2021;1\nA;02;2021;\nA;03;2021;3\n",
            2,
            "line 3",
        ),
        (
            "breit.csv",
            "Kennzahl;Stadtteil;2020;2021\nA;01;1;\nA;02;;2\nA;03;;\n",
            2,
            "lines 2, 3, 4",
        ),
    ] {
        let project = env.new_project(&format!("{name}.lernstadt"));
        let file = env.path(name);
        std::fs::write(&file, text).unwrap();
        let report = util::import(&project, &file, &Options::default());
        assert_eq!(report["inserted"], inserted, "{name}: {report:#}");
        assert_eq!(report["rejected"], 0, "{name}: {report:#}");
        let problems = report["problems"].as_array().unwrap();
        assert_eq!(problems.len(), 1, "{name}: one warning: {report:#}");
        assert_eq!(problems[0]["warning"], true);
        let message = problems[0]["message"].as_str().unwrap();
        assert!(message.contains(lines), "{name}: {message}");
    }
}

/// Control characters come in with pasted spreadsheet cells and hostile files; each field
/// keeps only what its kind takes (`model::validate::text_kind`): a table's region name,
/// an indicator's name and a breakdown's member are one line (a line break or tab a
/// space, others dropped); an entity list's title is one line and finds the goal it names,
/// its description keeps line breaks and tabs; a boundary file's name is one line.
#[test]
fn control_characters_are_cleaned_on_the_way_in() {
    let env = Env::new();
    let project = env.new_project("zeichen.lernstadt");
    let file = env.path("werte.csv");
    std::fs::write(
        &file,
        "Kennzahl;Name;Gebiet;Gebietsname;Geschlecht;Jahr;Wert\n\
         A;\"Kita-\r\nQuote\u{7}\";01011101;\"Nord\nstadt\";weib\tlich;2023;1\n",
    )
    .unwrap();
    let report = util::import(&project, &file, &util::roles("indicator_name=Name"));
    assert_eq!(report["inserted"], 1, "{report:#}");
    let conn = Connection::open(&project).unwrap();
    let text = |sql: &str| -> String { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        text("SELECT name FROM region WHERE key = '01011101'"),
        "Nord stadt"
    );
    assert_eq!(
        text("SELECT name FROM indicator WHERE code = 'A'"),
        "Kita- Quote"
    );
    assert_eq!(
        text("SELECT group_concat(label, '|') FROM dimension_member"),
        "weib lich"
    );

    std::fs::write(env.path("ziel.csv"), "title\nLesen stärken\n").unwrap();
    util::import(&project, &env.path("ziel.csv"), &util::entity_list("goals"));
    std::fs::write(
        env.path("ziele.csv"),
        "title,description\n\"Lesen\r\nstärken\",\"Erste Zeile\r\nZweite\tZeile\u{1b}\"\n",
    )
    .unwrap();
    let report = util::import(
        &project,
        &env.path("ziele.csv"),
        &util::entity_list("goals"),
    );
    assert_eq!(
        (report["inserted"].as_u64(), report["updated"].as_u64()),
        (Some(0), Some(1)),
        "the title with a line break names the goal: {report:#}"
    );
    assert_eq!(
        text("SELECT title || '|' || description FROM goal"),
        "Lesen stärken|Erste Zeile\nZweite\tZeile"
    );

    let boundaries = env.path("grenzen.geojson");
    std::fs::write(
        &boundaries,
        r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"PLR_ID": "01011101\u0007", "PLR_NAME": "Stüler\u0007straße"},
    "geometry": {"type": "Polygon", "coordinates": [[[13.36, 52.5], [13.36, 52.51], [13.37, 52.51], [13.37, 52.5], [13.36, 52.5]]]}}
]}"#,
    )
    .unwrap();
    // The region keeps the name it has; a region known only by its key takes the file's.
    conn.execute("UPDATE region SET name = key WHERE key = '01011101'", [])
        .unwrap();
    let report = util::import(&project, &boundaries, &Options::default());
    assert_eq!(report["inserted"], 1, "{report:#}");
    assert_eq!(
        text("SELECT name FROM region WHERE key = '01011101'"),
        "Stüler straße"
    );
}
