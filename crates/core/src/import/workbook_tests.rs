//! Workbooks the tests write: every text fixture read from a sheet gives what the CSV
//! gives; what workbooks add (title rows, notes, merged and continued header rows, keys as
//! text and as numbers, German text numbers, dates, formulas, symbols, empty cells) and the
//! Gemeindeverzeichnis's keys split over columns; problems named by sheet and cell.

use super::*;
use crate::import::{Options, import_file};
use crate::store::Store;
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};

pub(crate) fn store() -> Store {
    crate::store::testing::store()
}

pub(crate) fn run(store: &mut Store, path: &Path, options: &Options) -> Report {
    import_file(
        store,
        path,
        options,
        &std::sync::Arc::new(Progress::default()),
    )
    .unwrap()
}

/// Every observation as text: indicator, region, period, breakdown, value, symbol, quality.
pub(crate) fn observations(store: &Store) -> Vec<String> {
    let mut statement = store
        .conn()
        .prepare(
            "SELECT i.code || '|' || r.key || '|' || p.code || '|' || b.key || '|' ||
                    coalesce(o.value, '') || '|' || coalesce(o.symbol, '') || '|' || coalesce(o.quality, '')
             FROM observation o JOIN indicator i ON i.id = o.indicator_id
             JOIN region r ON r.id = o.region_id JOIN period p ON p.id = o.period_id
             JOIN breakdown b ON b.id = o.breakdown_id ORDER BY 1",
        )
        .unwrap();
    statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn sorted(rows: &[&str]) -> Vec<String> {
    let mut rows: Vec<String> = rows.iter().map(|r| (*r).to_owned()).collect();
    rows.sort();
    rows
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// A CSV file's rows as text, decoded and split as the importer detects them.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = crate::import::sniff::guess_encoding(body)
        .decode(body)
        .into_owned();
    let delimiter = crate::import::sniff::guess_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Writes rows as a sheet: with `typed`, a cell that is a plain number without a leading
/// zero is written as a number (in the file's own decimal mark), else all as text.
pub(crate) fn write_rows(
    sheet: &mut Worksheet,
    rows: &[Vec<String>],
    typed: bool,
    decimal: Decimal,
) {
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let number = parse_number(cell, decimal);
            let keeps_zero = cell.starts_with('0') && cell.len() > 1 && !cell.starts_with("0,");
            match number {
                Some(number) if typed && !keeps_zero && !cell.contains(' ') => {
                    sheet.write_number(i as u32, j as u16, number).unwrap();
                }
                _ => {
                    sheet.write_string(i as u32, j as u16, cell).unwrap();
                }
            }
        }
    }
}

/// Every text fixture that imports without options gives the same values from a sheet —
/// all text, or with its numbers typed — as from the text (GENESIS flat and classic,
/// long and wide city files, German and English numbers, symbols, empty cells).
#[test]
fn every_text_fixture_reads_the_same_from_a_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let mut compared = 0;
    let mut names: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    names.sort();
    for path in names {
        let mut text_store = store();
        let Ok(text_report) = import_file(
            &mut text_store,
            &path,
            &Options::default(),
            &std::sync::Arc::new(Progress::default()),
        ) else {
            continue;
        };
        if text_report.inserted == 0 {
            continue;
        }
        let rows = csv_rows(&path);
        for typed in [false, true] {
            let mut workbook = Workbook::new();
            let sheet = workbook.add_worksheet();
            sheet.set_name("Daten").unwrap();
            let decimal = text_report.detected.map_or(Decimal::Point, |d| d.decimal);
            write_rows(sheet, &rows, typed, decimal);
            let book = dir.path().join(format!(
                "{}-{typed}.xlsx",
                path.file_stem().unwrap().to_string_lossy()
            ));
            workbook.save(&book).unwrap();
            let mut sheet_store = store();
            let report = run(&mut sheet_store, &book, &Options::default());
            // A key a number stored (`1001`) gets its official width back from a sheet
            // (`01001`), where the text keeps what it wrote.
            let restored = |rows: Vec<String>| -> Vec<String> {
                let mut rows: Vec<String> = rows
                    .into_iter()
                    .map(|row| {
                        let mut fields: Vec<String> = row.split('|').map(str::to_owned).collect();
                        let padded = format!("0{}", fields[1]);
                        if typed
                            && matches!(fields[1].len(), 4 | 7 | 11)
                            && crate::model::is_region_key(&padded)
                        {
                            fields[1] = padded;
                        }
                        fields.join("|")
                    })
                    .collect();
                rows.sort();
                rows
            };
            assert_eq!(
                observations(&sheet_store),
                restored(observations(&text_store)),
                "{} (typed: {typed}): {:#?}",
                path.display(),
                report.problems
            );
            assert_eq!(
                (report.inserted, report.rejected, report.empty_values),
                (
                    text_report.inserted,
                    text_report.rejected,
                    text_report.empty_values
                ),
                "{} (typed: {typed})",
                path.display()
            );
            assert_eq!(report.sheet.as_deref(), Some("Daten"));
            // Problems keep their place: the row and column of the sheet.
            for (a, b) in report.problems.iter().zip(&text_report.problems) {
                assert_eq!((a.line, a.column), (b.line, b.column), "{}", path.display());
                assert!(a.cell.as_deref().is_some_and(|c| c.starts_with("Daten!")));
            }
        }
        compared += 1;
    }
    assert!(compared >= 8, "only {compared} fixtures compared");
}

/// What workbooks add: a title and a note above, notes below, keys as text and as numbers,
/// German text numbers, dates, formulas by their cached value and one without, symbols,
/// an empty cell; problems named by sheet and cell.
#[test]
fn a_sheet_with_titles_notes_keys_dates_and_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quoten.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Kita-Quoten").unwrap();
    sheet
        .write_string(0, 0, "Betreuungsquoten der Städte")
        .unwrap();
    sheet.write_string(1, 0, "Stand: 01.03.2024").unwrap();
    for (j, name) in ["Kennzahl", "Gebiet", "Gebietsname", "Stichtag", "Wert"]
        .iter()
        .enumerate()
    {
        sheet.write_string(3, j as u16, *name).unwrap();
    }
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2023, 12, 31).unwrap();
    let rows: [(&str, Option<&str>, Option<f64>, &str); 6] = [
        ("BQ", Some("05315000"), None, "45,6"),
        ("BQ", None, Some(5_111_000.0), "47.25"),
        ("BQ", Some("05913000"), None, "."),
        ("BQ", Some("05334002"), None, ""),
        ("BQ", Some("05314000"), None, "viele"),
        ("BQ", Some("05316000"), None, "formula"),
    ];
    for (index, (code, text_key, number_key, value)) in rows.iter().enumerate() {
        let row = 4 + index as u32;
        sheet.write_string(row, 0, *code).unwrap();
        match (text_key, number_key) {
            (Some(key), _) => sheet.write_string(row, 1, *key).unwrap(),
            (None, Some(key)) => sheet.write_number(row, 1, *key).unwrap(),
            (None, None) => unreachable!(),
        };
        sheet
            .write_string(row, 2, format!("Stadt {index}"))
            .unwrap();
        sheet
            .write_datetime_with_format(row, 3, &day, &date)
            .unwrap();
        match *value {
            "47.25" => {
                sheet.write_number(row, 4, 47.25).unwrap();
            }
            "formula" => {
                sheet
                    .write_formula(row, 4, Formula::new("=E5*2").set_result("91.2"))
                    .unwrap();
            }
            "" => {}
            text => {
                sheet.write_string(row, 4, text).unwrap();
            }
        }
    }
    sheet
        .write_string(11, 0, "Quelle: Statistische Ämter")
        .unwrap();
    sheet.write_string(12, 0, "1) vorläufig").unwrap();
    workbook.save(&path).unwrap();

    let mut store = store();
    let report = run(&mut store, &path, &Options::default());
    assert_eq!(report.sheet.as_deref(), Some("Kita-Quoten"));
    assert_eq!(
        observations(&store),
        [
            "BQ|05111000|2023-12-31||47.25||",
            "BQ|05315000|2023-12-31||45.6||",
            "BQ|05316000|2023-12-31||91.2||",
            "BQ|05913000|2023-12-31|||.|",
        ],
        "{:#?}",
        report.problems
    );
    assert_eq!(report.rejected, 1, "{:#?}", report.problems);
    let bad = report.problems.iter().find(|p| !p.warning).unwrap();
    assert_eq!(bad.cell.as_deref(), Some("Kita-Quoten!E9"));
    assert!(
        bad.describe().starts_with("Kita-Quoten!E9: "),
        "{}",
        bad.describe()
    );
    let empty = report
        .problems
        .iter()
        .find(|p| p.warning && p.message.contains('8'))
        .unwrap_or_else(|| panic!("{:#?}", report.problems));
    assert_eq!(empty.line, 8, "the empty cell is named by its row");
}

/// A formula without a cached value is reported by its cell.
#[test]
fn a_formula_without_a_cached_value_is_named_by_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("formeln.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Blatt 1").unwrap();
    for (j, name) in ["indicator", "region", "period", "value"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, j as u16, *name).unwrap();
    }
    for row in 1..=2_u32 {
        sheet.write_string(row, 0, "A").unwrap();
        sheet.write_string(row, 1, format!("0{row}")).unwrap();
        sheet.write_string(row, 2, "2023").unwrap();
    }
    sheet.write_number(1, 3, 5.0).unwrap();
    sheet
        .write_formula(2, 3, Formula::new("=D2*2").set_result(""))
        .unwrap();
    workbook.save(&path).unwrap();
    let mut store = store();
    let report = run(&mut store, &path, &Options::default());
    let (mut book, mut whole, progress) = (open(&path).unwrap(), None, Progress::default());
    let mut rows = cells::Rows::open(&mut book, &mut whole, &path, "Blatt 1", &progress).unwrap();
    Grid::head(&mut rows).unwrap();
    if rows.uncached.is_empty() {
        // The writer stored a value after all: nothing to report.
        return;
    }
    let problem = report
        .problems
        .iter()
        .find(|p| p.message.contains("=D2*2") || p.message.contains("D2*2"))
        .unwrap_or_else(|| panic!("{:#?}", report.problems));
    assert_eq!(problem.cell.as_deref(), Some("Blatt 1!D3"));
    assert!(!problem.warning);
}

/// A sheet longer than the rows read before its layout is decided: every row below them
/// imported with the decimal mark the first rows showed, a cell right of the table far
/// down named in a warning, the notes below the table left out; the preview stops early.
#[test]
fn a_long_sheet_is_read_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lang.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_low_memory();
    sheet.set_name("Daten").unwrap();
    sheet.write_string(0, 0, "Schüler je Stadtteil").unwrap();
    for (j, name) in ["Kennzahl", "Stadtteil", "Jahr", "Wert"].iter().enumerate() {
        sheet.write_string(2, j as u16, *name).unwrap();
    }
    let rows = 3 * HEAD_ROWS as u32;
    for i in 0..rows {
        let row = 3 + i;
        sheet.write_string(row, 0, "SCH").unwrap();
        sheet.write_string(row, 1, format!("S{i:05}")).unwrap();
        sheet.write_number(row, 2, 2023.0).unwrap();
        // German text numbers at the top; typed ones below.
        if i < 10 {
            sheet.write_string(row, 3, format!("{i},5")).unwrap();
        } else {
            sheet.write_number(row, 3, f64::from(i) + 0.25).unwrap();
        }
        if i == rows - 100 {
            sheet.write_string(row, 6, "geschätzt").unwrap();
        }
    }
    sheet
        .write_string(rows + 4, 0, "Quelle: Schulverwaltung")
        .unwrap();
    sheet.write_string(rows + 5, 0, "1) vorläufig").unwrap();
    workbook.save(&path).unwrap();

    let preview = crate::import::preview::preview(&path, &Options::default(), 20).unwrap();
    assert_eq!(preview.rows.len(), 20);
    assert_eq!(preview.rows[0].line, 4, "the sheet's row");

    let mut store = store();
    let report = run(&mut store, &path, &Options::default());
    assert_eq!(report.inserted, u64::from(rows), "{:#?}", report.problems);
    assert_eq!(report.rejected, 0, "{:#?}", report.problems);
    let last = format!("SCH|S{:05}|2023||{}.25||", rows - 1, rows - 1);
    let observations = observations(&store);
    assert!(observations.contains(&last), "{last}");
    assert!(observations.contains(&"SCH|S00003|2023||3.5||".to_owned()));
    let beyond = report
        .problems
        .iter()
        .find(|p| p.cell.as_deref() == Some(&format!("Daten!G{}", rows - 100 + 4)))
        .unwrap_or_else(|| panic!("{:#?}", report.problems));
    assert!(beyond.warning);
    assert_eq!(report.problems.len(), 1, "{:#?}", report.problems);
}

/// Header rows that continue each other: a group merged over its periods, a word broken
/// with a hyphen, a cell merged down over two rows; a cover sheet passed over.
#[test]
fn merged_and_continued_header_rows_make_one_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("breit.xlsx");
    let mut workbook = Workbook::new();
    let cover = workbook.add_worksheet();
    cover.set_name("Inhalt").unwrap();
    cover
        .write_string(0, 0, "Bildungsbericht, Tabellen")
        .unwrap();
    cover
        .write_string(2, 0, "Tabelle 1: Schülerzahlen")
        .unwrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Tabelle 1").unwrap();
    let plain = Format::new();
    sheet
        .merge_range(0, 0, 0, 4, "Schüler nach Stadtteilen", &plain)
        .unwrap();
    sheet.merge_range(2, 0, 3, 0, "Kenn-", &plain).unwrap();
    sheet.write_string(4, 0, "zahl").unwrap();
    sheet.merge_range(2, 1, 4, 1, "Stadtteil", &plain).unwrap();
    sheet.merge_range(2, 2, 2, 4, "Anzahl", &plain).unwrap();
    for (j, year) in [2021.0, 2022.0, 2023.0].iter().enumerate() {
        sheet.write_number(3, 2 + j as u16, *year).unwrap();
    }
    for (i, (district, values)) in [
        ("01 Altstadt", [10.0, 11.0, 12.0]),
        ("02 Vorstadt", [20.0, 21.0, 22.0]),
    ]
    .iter()
    .enumerate()
    {
        let row = 5 + i as u32;
        sheet.write_string(row, 0, "SCH").unwrap();
        sheet.write_string(row, 1, *district).unwrap();
        for (j, value) in values.iter().enumerate() {
            sheet.write_number(row, 2 + j as u16, *value).unwrap();
        }
    }
    workbook.save(&path).unwrap();
    // The merges the fast scan finds are the ones calamine parses.
    let calamine::Sheets::Xlsx(mut xlsx) = open(&path).unwrap() else {
        panic!("an xlsx")
    };
    let parsed: Vec<_> = (xlsx.merge_cells_by_sheet_name("Tabelle 1").unwrap().iter())
        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect();
    assert_eq!(merges::merges(&path, "Tabelle 1"), Some(parsed));
    assert_eq!(merges::merges(&path, "Inhalt"), Some(Vec::new()));
    let (mut book, mut whole, progress) = (open(&path).unwrap(), None, Progress::default());
    let mut rows = cells::Rows::open(&mut book, &mut whole, &path, "Tabelle 1", &progress).unwrap();
    let grid = Grid::head(&mut rows).unwrap();
    let layout = layout(&grid).unwrap();
    assert_eq!(layout.header, 2..=4, "{grid:#?}");
    let header = header_names(&grid, &layout.header, grid.width());
    assert_eq!(header, ["Kennzahl", "Stadtteil", "2021", "2022", "2023"]);
    let mut store = store();
    let report = run(&mut store, &path, &Options::default());
    assert_eq!(report.sheet.as_deref(), Some("Tabelle 1"));
    assert_eq!(report.inserted, 6, "{:#?}", report.problems);
    assert!(observations(&store).contains(&"SCH|02|2023||22.0||".to_owned()));
}

/// The Gemeindeverzeichnis's layout: the ARS split over Land, RB, Kreis, VB, Gem (keys as
/// text and as numbers), the record type giving the level; each Gemeinde's area and
/// population with men and women under its ARS.
#[test]
fn keys_split_over_columns_are_joined_into_the_ars() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gv.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Onlineprodukt_Gemeinden").unwrap();
    let plain = Format::new();
    sheet
        .write_string(0, 0, "Gemeinden in Deutschland am 30.06.2024 (2. Quartal)")
        .unwrap();
    sheet.merge_range(2, 0, 4, 0, "Satz-art", &plain).unwrap();
    sheet
        .merge_range(2, 1, 4, 1, "Text-kenn-zeichen", &plain)
        .unwrap();
    sheet
        .merge_range(2, 2, 2, 6, "Amtlicher Regionalschlüssel (ARS)", &plain)
        .unwrap();
    for (j, part) in ["Land", "RB", "Kreis", "VB", "Gem"].iter().enumerate() {
        sheet.write_string(3, 2 + j as u16, *part).unwrap();
    }
    sheet
        .merge_range(
            4,
            2,
            4,
            6,
            "Gebietsstand am 30.06.2024 (2. Quartal)",
            &plain,
        )
        .unwrap();
    sheet
        .merge_range(2, 7, 3, 7, "Gemeindename", &plain)
        .unwrap();
    sheet
        .merge_range(2, 8, 3, 8, "Fläche km2 1)", &plain)
        .unwrap();
    sheet.write_string(4, 8, "31.12.2022 (Jahr)").unwrap();
    sheet
        .merge_range(2, 9, 2, 11, "Bevölkerung2)", &plain)
        .unwrap();
    for (j, part) in ["insgesamt", "männlich", "weiblich"].iter().enumerate() {
        sheet.write_string(3, 9 + j as u16, *part).unwrap();
    }
    sheet
        .merge_range(4, 9, 4, 11, "am 31.12.2022 (Jahr)", &plain)
        .unwrap();
    let rows: [&[&str]; 5] = [
        &["10", "", "03", "", "", "", "", "Niedersachsen"],
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
            "117,02",
            "118946",
            "57751",
            "61195",
        ],
        // Keys stored as numbers lose their zeros: restored to each part's width.
        &[
            "60",
            "64",
            "3",
            "1",
            "59",
            "16",
            "5",
            "Adelebsen",
            "75,2",
            "6351",
            "3100",
            "3251",
        ],
    ];
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let at = (6 + i as u32, j as u16);
            if i == 4 && (2..=6).contains(&j) || j >= 9 {
                sheet
                    .write_number(at.0, at.1, cell.parse::<f64>().unwrap())
                    .unwrap();
            } else {
                sheet.write_string(at.0, at.1, *cell).unwrap();
            }
        }
    }
    sheet
        .write_string(12, 0, "1) Fläche nach Katasterangaben")
        .unwrap();
    workbook.save(&path).unwrap();
    let mut store = store();
    let report = run(&mut store, &path, &Options::default());
    assert_eq!(report.rejected, 0, "{:#?}", report.problems);
    assert_eq!(
        observations(&store),
        sorted(&[
            "GV_BEVOELKERUNG|031590016005|2022-12-31||6351.0||",
            "GV_BEVOELKERUNG|031590016005|2022-12-31|Geschlecht=männlich|3100.0||",
            "GV_BEVOELKERUNG|031590016005|2022-12-31|Geschlecht=weiblich|3251.0||",
            "GV_BEVOELKERUNG|031590016016|2022-12-31||118946.0||",
            "GV_BEVOELKERUNG|031590016016|2022-12-31|Geschlecht=männlich|57751.0||",
            "GV_BEVOELKERUNG|031590016016|2022-12-31|Geschlecht=weiblich|61195.0||",
            "GV_FLAECHE|031590016005|2022-12-31||75.2||",
            "GV_FLAECHE|031590016016|2022-12-31||117.02||",
        ])
    );
    let level: String = store
        .conn()
        .query_row(
            "SELECT level FROM region WHERE key = '031590016016'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(level, "municipality");
}

/// The real Gemeindeverzeichnis, where `../shared/data/official/` holds it: every
/// Gemeinde's area and population (with men and women) under its ARS.
#[test]
fn the_real_gemeindeverzeichnis_gives_every_gemeinde() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/official/gemeindeverzeichnis_2024q2.xlsx");
    if !path.exists() {
        eprintln!("skipped: {} is not here", path.display());
        return;
    }
    let mut store = store();
    let report = run(&mut store, &path, &Options::default());
    assert_eq!(
        report.rejected,
        0,
        "{:#?}",
        &report.problems[..report.problems.len().min(5)]
    );
    let (gemeinden, populations): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT count(DISTINCT r.key), count(*) FROM observation o JOIN region r ON r.id = o.region_id
             JOIN indicator i ON i.id = o.indicator_id WHERE i.code = 'GV_BEVOELKERUNG' AND o.breakdown_id =
             (SELECT id FROM breakdown WHERE key = '')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(gemeinden > 10_000, "{gemeinden} Gemeinden");
    assert_eq!(gemeinden, populations);
    let göttingen: Vec<String> = observations(&store)
        .into_iter()
        .filter(|o| o.contains("|031590016016|"))
        .collect();
    assert_eq!(
        göttingen,
        sorted(&[
            "GV_BEVOELKERUNG|031590016016|2022-12-31||118946.0||",
            "GV_BEVOELKERUNG|031590016016|2022-12-31|Geschlecht=männlich|57751.0||",
            "GV_BEVOELKERUNG|031590016016|2022-12-31|Geschlecht=weiblich|61195.0||",
            "GV_FLAECHE|031590016016|2022-12-31||117.02||",
        ])
    );
    // In the official tree: the Länder, Regierungsbezirke, Kreise and Gemeindeverbände,
    // whose rows carry no values, made from the shipped list.
    let count = |level: &str| -> i64 {
        store
            .conn()
            .query_row(
                "SELECT count(*) FROM region WHERE level = ?1 AND length(key) = ?2",
                rusqlite::params![level, if level == "state" { 2 } else { 5 }],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(count("state"), 16);
    assert_eq!(count("county"), 400);
    let chain: Vec<String> = {
        let mut chain = Vec::new();
        let mut key = "031590016016".to_owned();
        while let Ok(parent) = store.conn().query_row(
            "SELECT p.key FROM region r JOIN region p ON p.id = r.parent_id WHERE r.key = ?1",
            [&key],
            |r| r.get::<_, String>(0),
        ) {
            chain.push(parent.clone());
            key = parent;
        }
        chain
    };
    assert_eq!(chain, ["031590016", "03159", "031", "03"]);
}

/// A long export too large for one sheet continues on `Daten (2)`: imported without a
/// sheet named, both data sheets come in as one action; a workbook of several sheets that
/// Lernstadt did not write still gives its first table only.
#[test]
fn an_export_s_data_sheets_import_together_and_other_workbooks_their_first_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lang.xlsx");
    let header: Vec<String> = [
        "indicator",
        "indicator_name",
        "region",
        "region_name",
        "period",
        "breakdown",
        "value",
    ]
    .map(str::to_owned)
    .to_vec();
    let row = |region: &str, value: &str| -> Vec<String> {
        ["K1", "Kennzahl", region, region, "2023", "", value]
            .map(str::to_owned)
            .to_vec()
    };
    let mut workbook = Workbook::new();
    for (name, rows) in [
        (
            "Daten",
            vec![header.clone(), row("01", "1"), row("02", "2")],
        ),
        ("Daten (2)", vec![header.clone(), row("03", "3")]),
        ("Indikatoren", vec![vec!["Code".into(), "Name".into()]]),
    ] {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).unwrap();
        write_rows(sheet, &rows, true, Decimal::Point);
    }
    workbook.save(&path).unwrap();
    assert_eq!(export_sheets(&path).unwrap(), ["Daten", "Daten (2)"]);
    let mut store = store();
    let actions = |store: &Store| -> i64 {
        store
            .conn()
            .query_row("SELECT count(*) FROM action", [], |r| r.get(0))
            .unwrap()
    };
    let before = actions(&store);
    let report = run(&mut store, &path, &Options::default());
    assert_eq!(report.inserted, 3, "{:#?}", report.problems);
    assert_eq!(report.sheet.as_deref(), Some("Daten, Daten (2)"));
    assert_eq!(actions(&store), before + 1);

    let own = dir.path().join("eigene.xlsx");
    let mut workbook = Workbook::new();
    for name in ["2022", "2023"] {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).unwrap();
        write_rows(
            sheet,
            &[
                vec![
                    "Kennzahl".into(),
                    "Stadtteil".into(),
                    "Jahr".into(),
                    "Wert".into(),
                ],
                vec!["K2".into(), "01".into(), name.into(), "5".into()],
            ],
            true,
            Decimal::Point,
        );
    }
    workbook.save(&own).unwrap();
    assert!(export_sheets(&own).unwrap().is_empty());
    let report = run(&mut store, &own, &Options::default());
    assert_eq!(report.inserted, 1, "{:#?}", report.problems);
    assert_eq!(report.sheet.as_deref(), Some("2022"));
}
