//! Exporting CSV and workbooks, and reading them back. (Charts, a list that is not there,
//! and the dialect the system's number format picks: the root's `tests/export.rs`.)

use lernstadt_core::export::Dialect;
use lernstadt_core::import::Options;

use crate::util::{self, Env, ExportAs, assert_no_sidecars, outcome, read_csv};

#[test]
fn observations_round_trip_in_every_dialect_and_form() {
    let env = Env::new();
    let demo = env.demo();
    let before = std::fs::read(&demo).unwrap();
    for dialect in ["rfc4180", "excel-de"] {
        for wide in [false, true] {
            let out = env.path(&format!("obs-{dialect}-{wide}.csv"));
            let written = util::export(
                &demo,
                "observations",
                &out,
                &ExportAs {
                    dialect: Dialect::from_code(dialect).unwrap(),
                    wide,
                    ..Default::default()
                },
            );
            assert!(written["rows"].as_u64().unwrap() > 100);
            let bytes = std::fs::read(&out).unwrap();
            assert_eq!(bytes.starts_with(b"\xEF\xBB\xBF"), dialect == "excel-de");
            let text = String::from_utf8(bytes).unwrap();
            let header = text.lines().next().unwrap().trim_start_matches('\u{feff}');
            if wide {
                assert!(header.contains("2015"), "{header}");
            } else {
                let separator = if dialect == "excel-de" { ";" } else { "," };
                assert_eq!(header, lernstadt_core::export::LONG_COLUMNS.join(separator));
            }
            let report = util::import(&demo, &out, &Options::default());
            assert_eq!(
                outcome(&report),
                (0, 0, 0),
                "{dialect} wide={wide}: {report:#}"
            );
            assert!(report["unchanged"].as_u64().unwrap() >= 10_000);
            assert_eq!(
                std::fs::read(&demo).unwrap(),
                before,
                "export then import changes nothing"
            );
        }
    }
    assert_no_sidecars(&demo);
}

/// The demo's observations as workbooks, long and `--wide` (a sheet per indicator, flagged
/// values typed numbers with a Kennzeichen sheet): imported without `--sheet` into the demo
/// they change nothing; into a new project they give the same values, symbols and flags
/// (issue 30).
#[test]
fn observations_round_trip_through_workbooks_long_and_wide() {
    let env = Env::new();
    let demo = env.demo();
    let before = std::fs::read(&demo).unwrap();
    let stored = env.path("stored.csv");
    util::export(
        &demo,
        "observations",
        &stored,
        &ExportAs {
            dialect: Dialect::Rfc4180,
            protected: false,
            ..Default::default()
        },
    );
    let values = |path: &std::path::Path| {
        let (header, rows) = read_csv(path, b',');
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        let columns = [
            "indicator",
            "region",
            "period",
            "breakdown",
            "value",
            "symbol",
            "quality",
        ]
        .map(at);
        let mut values: Vec<Vec<String>> = rows
            .iter()
            .map(|row| columns.iter().map(|&c| row[c].clone()).collect())
            .collect();
        values.sort();
        values
    };
    let expected = values(&stored);
    for wide in [false, true] {
        let out = env.path(&format!("obs-{wide}.xlsx"));
        util::export(
            &demo,
            "observations",
            &out,
            &ExportAs {
                wide,
                protected: false,
                ..Default::default()
            },
        );
        let report = util::import(&demo, &out, &Options::default());
        assert_eq!(outcome(&report), (0, 0, 0), "wide={wide}: {report:#}");
        assert_eq!(
            report["unchanged"].as_u64().unwrap() as usize,
            expected.len()
        );
        assert_eq!(std::fs::read(&demo).unwrap(), before, "nothing changes");
        let project = env.new_project(&format!("neu-{wide}.lernstadt"));
        let report = util::import(&project, &out, &Options::default());
        assert_eq!(
            outcome(&report),
            (expected.len() as u64, 0, 0),
            "{report:#}"
        );
        let again = env.path(&format!("again-{wide}.csv"));
        util::export(
            &project,
            "observations",
            &again,
            &ExportAs {
                dialect: Dialect::Rfc4180,
                protected: false,
                ..Default::default()
            },
        );
        assert_eq!(values(&again), expected, "wide={wide}");
    }
}

/// A real table's observations: the symbol `-` (a true zero) stays `-` (a lone symbol is
/// no formula), and each indicator's source and licence stand once in the sources file
/// beside the export, not on 54,000 rows; `--with-sources` puts them on every row.
#[test]
fn symbols_stay_plain_and_sources_are_named_once() {
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    util::import(
        &project,
        &util::fixture("table_captions.csv"),
        &Options::default(),
    );
    let out = env.path("obs.csv");
    let written = util::export(&project, "observations", &out, &ExportAs::default());
    let (header, rows) = read_csv(&out, b',');
    assert!(!header.contains(&"source".to_owned()), "{header:?}");
    let symbol = header.iter().position(|h| h == "symbol").unwrap();
    assert!(
        rows.iter().any(|row| row[symbol] == "-"),
        "a lone - is written as it is"
    );
    assert!(rows.iter().all(|row| !row[symbol].starts_with('\'')));
    let sources = env.path("obs.sources.csv");
    assert_eq!(written["sources"], sources.display().to_string());
    let (columns, indicators) = read_csv(&sources, b',');
    assert_eq!(columns, lernstadt_core::export::SOURCES_COLUMNS);
    assert_eq!(indicators.len(), 2, "one row an indicator: {indicators:?}");
    assert!(
        indicators
            .iter()
            .all(|row| row[4].contains("Datenlizenz Deutschland") && row[5] == "2025-03-12"),
        "{indicators:?}"
    );

    let every_row = env.path("every.csv");
    let written = util::export(
        &project,
        "observations",
        &every_row,
        &ExportAs {
            with_sources: true,
            ..Default::default()
        },
    );
    assert!(written.get("sources").is_none(), "{written:#}");
    let (header, rows) = read_csv(&every_row, b',');
    assert_eq!(header.last().map(String::as_str), Some("source"));
    assert!(
        rows.iter()
            .all(|row| row.last().unwrap().starts_with("GENESIS 21121-02-02-4"))
    );
}

#[test]
fn entity_lists_carry_ids_and_neutralise_formulas() {
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    // A stakeholder whose name a spreadsheet would run as a formula.
    let mut store = lernstadt_core::store::Store::open(
        &project,
        lernstadt_core::store::OpenMode::ReadWrite,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let stakeholder = lernstadt_core::model::Stakeholder {
        uuid: lernstadt_core::model::new_uuid(),
        name: "=HYPERLINK(\"http://example.invalid\")".into(),
        kind: lernstadt_core::model::StakeholderKind::CivilSociety,
        education_areas: vec![lernstadt_core::model::EducationArea::NonFormal],
        description: "Verein; gemeinnützig".into(),
        influence: 2,
        interest: 5,
        engagement: lernstadt_core::model::Engagement::Involve,
        tags: vec!["Ehrenamt".into(), "Sport".into()],
        contact_person: String::new(),
        email: String::new(),
        phone: "+49 999 1234".into(),
    };
    store
        .transact(
            lernstadt_core::store::ActionKind::Edit,
            "stakeholder.create",
            |tx| tx.insert(&stakeholder),
        )
        .unwrap();
    store.close().unwrap();
    let out = env.path("akteure.csv");
    util::export(&project, "stakeholders", &out, &ExportAs::default());
    let (header, rows) = read_csv(&out, b',');
    assert_eq!(header[..4], ["id", "name", "kind", "education_areas"]);
    let record = &rows[0];
    assert_eq!(&record[0], &stakeholder.uuid.to_string());
    assert_eq!(&record[1], "'=HYPERLINK(\"http://example.invalid\")");
    assert_eq!(
        &record[header.iter().position(|h| h == "phone").unwrap()],
        "'+49 999 1234"
    );
    assert_eq!(
        &record[header.iter().position(|h| h == "tags").unwrap()],
        "Ehrenamt; Sport"
    );
    assert_eq!(
        &record[header.iter().position(|h| h == "influence").unwrap()],
        "2"
    );
}

/// A stakeholder list edited in a spreadsheet comes back: changed rows by `id`, a new row
/// with an empty `id` and only a name, each change in the change log (one undo step).
#[test]
fn an_edited_entity_list_flows_back() {
    let env = Env::new();
    let demo = env.demo();
    for (entity, dialect) in [
        ("stakeholders", "excel-de"),
        ("indicators", "excel-de"),
        ("goals", "rfc4180"),
        ("measures", "rfc4180"),
        ("regions", "excel-de"),
    ] {
        let out = env.path(&format!("{entity}.csv"));
        util::export(
            &demo,
            entity,
            &out,
            &ExportAs {
                dialect: Dialect::from_code(dialect).unwrap(),
                ..Default::default()
            },
        );
        let report = util::import(&demo, &out, &util::entity_list(entity));
        assert_eq!(outcome(&report), (0, 0, 0), "{entity}: {report:#}");
    }

    let out = env.path("akteure.csv");
    util::export(
        &demo,
        "stakeholders",
        &out,
        &ExportAs {
            dialect: Dialect::ExcelDe,
            ..Default::default()
        },
    );
    let (header, rows) = read_csv(&out, b';');
    let interest = header.iter().position(|h| h == "interest").unwrap();
    let mut first = rows[0].clone();
    let old_interest = first[interest].clone();
    first[interest] = if old_interest == "5" {
        "4".into()
    } else {
        "5".into()
    };
    let mut edited = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    edited.write_record(&header).unwrap();
    edited.write_record(&first).unwrap();
    let mut new_row = vec![String::new(); header.len()];
    new_row[1] = "Lesepaten Musterstadt e. V.".into();
    edited.write_record(&new_row).unwrap();
    std::fs::write(&out, edited.into_inner().unwrap()).unwrap();

    let report = util::import(&demo, &out, &util::entity_list("stakeholders"));
    assert_eq!(outcome(&report), (1, 1, 0), "{report:#}");

    let conn = rusqlite::Connection::open(&demo).unwrap();
    let (kind, influence): (String, i64) = conn
        .query_row(
            "SELECT kind, influence FROM stakeholder WHERE name = 'Lesepaten Musterstadt e. V.'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (kind.as_str(), influence),
        ("other", 3),
        "a new row takes the defaults"
    );
    let logged: i64 = conn
        .query_row("SELECT count(*) FROM change WHERE action_id = (SELECT max(id) FROM action) AND entity_kind = 'stakeholder'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(logged, 2, "both changes are in the change log");
    let uuid: String = conn
        .query_row(
            "SELECT uuid FROM stakeholder WHERE name = 'Lesepaten Musterstadt e. V.'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(uuid::Uuid::parse_str(&uuid).is_ok_and(|u| u.get_version_num() == 7));
}

/// Every text cell of the observations export that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@` first) is written with a leading `'`, in the long and the wide form —
/// an indicator's name, a region's name, a breakdown, a note — while a signed number and a
/// lone symbol stay as they are; the export reads back unchanged.
#[test]
fn observations_neutralise_formulas_in_every_text_cell() {
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    let data = env.path("werte.csv");
    std::fs::write(
        &data,
        "indicator,indicator_name,region,region_name,period,+Gruppe,value,note\n\
         A,+Quote,05999000,\"=HYPERLINK(\"\"http://example.invalid\"\")\",2024,-männlich,-3.5,@SUM(A1:A9)\n\
         A,+Quote,05999000,\"=HYPERLINK(\"\"http://example.invalid\"\")\",2023,-männlich,-,\n",
    )
    .unwrap();
    let report = util::import(&project, &data, &Options::default());
    assert_eq!(report["inserted"], 2, "{report:#}");

    let long = env.path("long.csv");
    util::export(&project, "observations", &long, &ExportAs::default());
    let (header, rows) = read_csv(&long, b',');
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rows.iter().find(|r| r[column("period")] == "2024").unwrap();
    assert_eq!(row[column("indicator_name")], "'+Quote");
    assert_eq!(
        row[column("region_name")],
        "'=HYPERLINK(\"http://example.invalid\")"
    );
    assert_eq!(row[column("breakdown")], "'+Gruppe=-männlich");
    assert_eq!(row[column("note")], "'@SUM(A1:A9)");
    assert_eq!(
        row[column("value")],
        "-3.5",
        "a signed number stays a number"
    );
    let zero = rows.iter().find(|r| r[column("period")] == "2023").unwrap();
    assert_eq!(zero[column("symbol")], "-", "a lone symbol stays a symbol");

    let wide = env.path("wide.csv");
    util::export(
        &project,
        "observations",
        &wide,
        &ExportAs {
            wide: true,
            ..Default::default()
        },
    );
    let (_, rows) = read_csv(&wide, b',');
    let cells: Vec<&String> = rows.iter().flatten().collect();
    for formula in ["'+Quote", "'=HYPERLINK(\"http://example.invalid\")"] {
        assert!(cells.iter().any(|c| *c == formula), "{formula}: {rows:?}");
    }
    assert!(
        !cells
            .iter()
            .any(|c| c.starts_with(['=', '+', '@']) || c.starts_with("-m")),
        "{rows:?}"
    );

    for file in [&long, &wide] {
        let report = util::import(&project, file, &Options::default());
        assert_eq!(
            (outcome(&report), report["unchanged"].as_u64()),
            ((0, 0, 0), Some(2)),
            "{report:#}"
        );
    }
}
