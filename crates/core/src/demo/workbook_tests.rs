//! Workbooks exported from the demo project and read back: the observations cell by cell
//! and imported to the same values, an entity list and a saved mapping read from sheets, an
//! export to an extension Lernstadt does not write refused (issue 30). They live here, not
//! beside the workbook reader, because the demo stands above import and export.

use rust_xlsxwriter::Workbook;

use crate::import::Options;
use crate::import::values::Decimal;
use crate::import::workbook::testing::{observations, run, store, write_rows};
use crate::store::Store;
use crate::t;

/// An entity list written as a workbook by the export reads back; a saved mapping is
/// saved with a sheet's header and applies to the next sheet like it.
#[test]
fn entity_lists_and_saved_mappings_read_from_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.lernstadt");
    crate::demo::create(&demo, &crate::store::Host::default()).unwrap();
    let source = Store::open(
        &demo,
        crate::store::OpenMode::ReadOnly,
        &crate::store::Host::default(),
    )
    .unwrap();
    let list = dir.path().join("akteure.xlsx");
    crate::export::export_named(
        &source,
        "stakeholders",
        false,
        true,
        false,
        &list,
        crate::export::Dialect::ExcelDe,
    )
    .unwrap();
    let mut store = store();
    let def = crate::export::entity_by_name("stakeholders").unwrap();
    let report = run(
        &mut store,
        &list,
        &Options {
            entity: Some(def),
            ..Options::default()
        },
    );
    let count = |store: &Store| -> i64 {
        store
            .conn()
            .query_row("SELECT count(*) FROM stakeholder", [], |r| r.get(0))
            .unwrap()
    };
    assert!(report.inserted > 0, "{:#?}", report.problems);
    assert_eq!(count(&store), count(&source));

    let path = dir.path().join("eigene.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Werte").unwrap();
    write_rows(
        sheet,
        &[
            vec![
                "Merkmal".into(),
                "Bezirk".into(),
                "Zeit".into(),
                "Zahl".into(),
            ],
            vec!["K1".into(), "01".into(), "2022".into(), "3".into()],
            vec!["K1".into(), "02".into(), "2022".into(), "4".into()],
        ],
        true,
        Decimal::Point,
    );
    workbook.save(&path).unwrap();
    let options = Options {
        map: crate::import::sheet::parse_map(
            "indicator=Merkmal,region=Bezirk,period=Zeit,value=Zahl",
        )
        .unwrap(),
        save_mapping: Some("Eigene".into()),
        ..Options::default()
    };
    let report = run(&mut store, &path, &options);
    assert_eq!(report.inserted, 2, "{:#?}", report.problems);
    let mapping = crate::store::mappings::by_name(store.conn(), "Eigene")
        .unwrap()
        .unwrap();
    assert!(mapping.roles.contains("Merkmal"), "{}", mapping.roles);
}

/// The demo's observations exported as a workbook: read back by the reader cell by cell
/// (typed numbers with their indicator's decimals, symbols in the value's place, keys as
/// text), the indicators and symbols sheets; imported again, the same values.
#[test]
fn an_exported_workbook_reads_back_cell_by_cell_and_imports_to_the_same_values() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.lernstadt");
    crate::demo::create(&demo, &crate::store::Host::default()).unwrap();
    let source = Store::open(
        &demo,
        crate::store::OpenMode::ReadOnly,
        &crate::store::Host::default(),
    )
    .unwrap();
    let out = dir.path().join("werte.xlsx");
    let written = crate::export::export_named(
        &source,
        "observations",
        false,
        false,
        false,
        &out,
        crate::export::Dialect::ExcelDe,
    )
    .unwrap();
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            t!("export.workbook.data"),
            t!("export.workbook.indicators"),
            t!("export.workbook.symbols")
        ]
    );
    let data = book.worksheet_range(t!("export.workbook.data")).unwrap();
    let header: Vec<String> = data
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut statement = source
        .conn()
        .prepare(
            "SELECT i.code, r.key, p.code, b.key, o.value, o.symbol, o.quality FROM observation o
             JOIN indicator i ON i.id = o.indicator_id JOIN region r ON r.id = o.region_id
             JOIN period p ON p.id = o.period_id JOIN breakdown b ON b.id = o.breakdown_id
             ORDER BY i.code, r.key, b.key, p.start_date, p.code",
        )
        .unwrap();
    #[allow(clippy::type_complexity)] // Reason: one stored row's seven fields, read once.
    let stored: Vec<(
        String,
        String,
        String,
        String,
        Option<f64>,
        Option<String>,
        Option<String>,
    )> = statement
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(written.rows as usize, stored.len());
    assert_eq!(data.height(), stored.len() + 1);
    let text = |cell: &Data| match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("{other:?} where text belongs"),
    };
    let mut symbols = 0;
    for (row, (code, key, period, breakdown, value, symbol, quality)) in
        data.rows().skip(1).zip(&stored)
    {
        assert_eq!(text(&row[at("indicator")]), *code);
        assert_eq!(text(&row[at("region")]), *key, "a key stays text");
        assert_eq!(text(&row[at("period")]), *period);
        assert_eq!(text(&row[at("breakdown")]), *breakdown);
        assert_eq!(
            text(&row[at("quality")]),
            quality.clone().unwrap_or_default()
        );
        match (&row[at("value")], value, symbol.as_deref()) {
            (Data::String(s), Some(_), Some("-")) => assert_eq!(s, "-"),
            (Data::String(s), None, Some(symbol)) => {
                assert_eq!(s, symbol);
                symbols += 1;
            }
            (Data::Float(f), Some(v), _) => assert!((f - v).abs() < 1e-9, "{f} {v}"),
            other => panic!("{code} {key} {period}: {other:?}"),
        }
    }
    assert!(symbols > 0, "the demo has symbols");
    let legend = book.worksheet_range(t!("export.workbook.symbols")).unwrap();
    assert!(
        legend
            .rows()
            .skip(1)
            .any(|r| r[0] == Data::String(".".into()))
    );
    let indicators = book
        .worksheet_range(t!("export.workbook.indicators"))
        .unwrap();
    let codes: i64 = source
        .conn()
        .query_row(
            "SELECT count(DISTINCT indicator_id) FROM observation",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indicators.height() as i64, codes + 1);

    let mut store = store();
    let report = run(&mut store, &out, &Options::default());
    assert_eq!(report.rejected, 0, "{:#?}", report.problems);
    assert_eq!(observations(&store), observations(&source));
}

/// An export to a name whose extension Lernstadt does not write is refused, naming the
/// extensions it writes; nothing is written.
#[test]
fn an_export_to_an_unwritten_extension_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.lernstadt");
    let source = crate::demo::create(&demo, &crate::store::Host::default()).unwrap();
    for name in ["werte.pdf", "werte.xls", "werte"] {
        let out = dir.path().join(name);
        let error = crate::export::export_named(
            &source,
            "observations",
            false,
            true,
            false,
            &out,
            crate::export::Dialect::ExcelDe,
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains(".csv, .xlsx"), "{error}");
        assert!(!out.exists());
    }
}

/// The demo's observations exported `--wide` (a sheet per indicator): a value with a
/// quality flag stays a typed number whose number format shows the flag, and the flags
/// sheet names its cell; imported without a sheet named, every indicator sheet comes in
/// as one action (one undo step), to the same values, symbols and flags.
#[test]
fn a_wide_workbook_imports_back_every_indicator_in_one_action() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.lernstadt");
    let source = crate::demo::create(&demo, &crate::store::Host::default()).unwrap();
    let out = dir.path().join("breit.xlsx");
    crate::export::export_named(
        &source,
        "observations",
        true,
        false,
        false,
        &out,
        crate::export::Dialect::ExcelDe,
    )
    .unwrap();
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    let names = book.sheet_names();
    let indicators: i64 = source
        .conn()
        .query_row(
            "SELECT count(DISTINCT indicator_id) FROM observation",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(names.len() as i64, indicators + 3, "{names:?}");
    assert_eq!(
        names.last().map(String::as_str),
        Some(t!("export.workbook.flags"))
    );
    let flags = book.worksheet_range(t!("export.workbook.flags")).unwrap();
    let header: Vec<String> = flags
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "sheet",
            "cell",
            "indicator",
            "region",
            "breakdown",
            "period",
            "value",
            "symbol",
            "quality"
        ]
    );
    let flagged: i64 = source
        .conn()
        .query_row(
            "SELECT count(*) FROM observation WHERE quality IS NOT NULL AND value IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(flagged > 0, "the demo has flagged values");
    assert_eq!(flags.height() as i64, flagged + 1);
    // Each flagged cell holds its number, typed.
    for row in flags.rows().skip(1) {
        let (Data::String(sheet), Data::String(cell)) = (&row[0], &row[1]) else {
            panic!("{row:?}");
        };
        let (r, c) = crate::import::workbook::cell_position(cell).unwrap();
        let data = book.worksheet_range(sheet).unwrap();
        assert_eq!(data.get_value((r, c)), Some(&row[6]), "{sheet}!{cell}");
        assert!(matches!(row[6], Data::Float(_)), "{row:?}");
    }
    assert_eq!(
        crate::import::workbook::export_sheets(&out).unwrap().len() as i64,
        indicators
    );

    let mut imported = store();
    let before: i64 = imported
        .conn()
        .query_row("SELECT count(*) FROM action", [], |r| r.get(0))
        .unwrap();
    let report = run(&mut imported, &out, &Options::default());
    assert_eq!(report.rejected, 0, "{:#?}", report.problems);
    assert_eq!(report.inserted as usize, observations(&source).len());
    assert_eq!(observations(&imported), observations(&source));
    let after: i64 = imported
        .conn()
        .query_row("SELECT count(*) FROM action", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, before + 1, "one action, one undo step");
    // Imported again: nothing changes.
    let again = run(&mut imported, &out, &Options::default());
    assert_eq!(again.inserted + again.updated, 0);
    // One sheet, when named.
    let mut one = store();
    let first = &book.sheet_names()[0];
    let report = run(
        &mut one,
        &out,
        &Options {
            sheet: Some(first.clone()),
            ..Options::default()
        },
    );
    assert_eq!(report.sheet.as_deref(), Some(first.as_str()));
    assert!(
        observations(&one)
            .iter()
            .all(|o| o.starts_with(&format!("{first}|")))
    );
}

/// Every flag a wide cell can carry — limited reliability `(12,5)`, a quality flag, both —
/// is written as a number whose format shows it, and comes back from the flags sheet; a
/// symbol without a number stays text.
#[test]
fn a_wide_workbook_keeps_parentheses_and_quality_flags() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("werte.csv");
    std::fs::write(
        &csv,
        "Kennzahl;Stadtteil;Jahr;Wert\nK1;01;2022;(12,5) p\nK1;01;2023;(3)\nK1;02;2022;7 r\nK1;02;2023;x\nK1;03;2022;4,25\n",
    )
    .unwrap();
    let mut source = store();
    let report = run(&mut source, &csv, &Options::default());
    assert_eq!(report.inserted, 5, "{:#?}", report.problems);
    let out = dir.path().join("breit.xlsx");
    crate::export::export_named(
        &source,
        "observations",
        true,
        false,
        false,
        &out,
        crate::export::Dialect::ExcelDe,
    )
    .unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(
        &mut zip::ZipArchive::new(std::fs::File::open(&out).unwrap())
            .unwrap()
            .by_name("xl/styles.xml")
            .unwrap(),
        &mut styles,
    )
    .unwrap();
    for format in [
        "&quot;(&quot;#,##0.0&quot;) p&quot;",
        "&quot;(&quot;#,##0.0&quot;)&quot;",
        "#,##0.0&quot; r&quot;",
    ] {
        assert!(styles.contains(format), "{format} in {styles}");
    }
    let mut back = store();
    let report = run(&mut back, &out, &Options::default());
    assert_eq!(report.rejected, 0, "{:#?}", report.problems);
    assert_eq!(observations(&back), observations(&source));
    assert!(observations(&back).contains(&"K1|01|2022||12.5|()|p".to_owned()));
}
