//! Importing a sheet: written as text on one thread while the import reads that text on
//! this one; errors about the text said of the workbook.

use std::path::Path;

use super::super::text_file;
use super::super::values::Decimal;
use super::super::{ImportError, Options, Progress, Report};
use super::converted::{about_workbook, placed, text_options};
use super::exported::{export_sheets, import_sheets};
use super::write::{Target, convert, convert_into, text_path};

/// Imports a sheet of a workbook (see the module documentation): the sheet is read and
/// written as text on one thread while the import reads that text on this one.
pub(in crate::import) fn import(
    store: &mut crate::store::Store,
    path: &Path,
    options: &Options,
    progress: &std::sync::Arc<Progress>,
) -> Result<Report, ImportError> {
    if options.entity.is_some() {
        // An entity list, a few rows: written whole, then read.
        let converted = convert(path, options, progress, None, None)?;
        let report = super::super::import_text(
            store,
            &converted.path,
            &text_options(options, converted.decimal),
            progress,
        )
        .map_err(|e| about_workbook(e, path, &converted.sheet))?;
        return Ok(placed(report, path, &converted));
    }
    if options.sheet.is_none() {
        let sheets = export_sheets(path)?;
        if sheets.len() > 1 {
            return import_sheets(store, path, options, progress, &sheets);
        }
    }
    let (_dir, text) = text_path(path)?;
    let (writer, growing, _registered) =
        text_file::create(&text).map_err(|source| ImportError::Read {
            path: text.clone(),
            source,
        })?;
    let (ready, started) = std::sync::mpsc::channel::<(String, Decimal)>();
    let (written, imported) = std::thread::scope(|scope| {
        let reader = std::thread::Builder::new()
            .name("workbook reader".to_owned())
            .spawn_scoped(scope, || {
                let target = Target {
                    path: text.clone(),
                    writer: Box::new(writer),
                    growing: Some(growing.clone()),
                };
                let ready =
                    move |sheet: &str, decimal| drop(ready.send((sheet.to_owned(), decimal)));
                let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    convert_into(path, options, progress, None, target, &ready, None)
                }));
                let whole = matches!(written, Ok(Ok(_)));
                if !whole && !growing.is_abandoned() {
                    // The text is incomplete: the import keeps nothing of it.
                    progress
                        .cancel
                        .store(true, std::sync::atomic::Ordering::Relaxed);
                }
                growing.end(whole);
                written.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .map_err(|source| ImportError::Read {
                path: path.to_owned(),
                source,
            })?;
        let imported = started.recv().ok().map(|(sheet, decimal)| {
            let options = text_options(options, decimal);
            (
                sheet,
                super::super::import_text(store, &text, &options, progress),
            )
        });
        growing.abandon();
        let written = reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok::<_, ImportError>((written, imported))
    })?;
    match (written, imported) {
        (Ok(converted), Some((_, Ok(report)))) => Ok(placed(report, path, &converted)),
        // The import kept what it read and stopped before the sheet's end (a record it could
        // not read, reported): its report, said of the workbook.
        (Err(_), Some((sheet, Ok(mut report)))) => {
            path.clone_into(&mut report.file);
            report.sheet = Some(sheet);
            Ok(report)
        }
        // The import stopped first (a header it cannot read): its reason; the sheet's
        // writing stopped because of it.
        (_, Some((sheet, Err(error)))) if !matches!(error, ImportError::Cancelled) => {
            Err(about_workbook(error, path, &sheet))
        }
        (Err(error), _) | (Ok(_), Some((_, Err(error)))) => Err(error),
        (Ok(_), None) => Err(ImportError::Empty {
            path: path.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::super::testing::*;
    use crate::import::Progress;
    use crate::import::values::Decimal;
    use crate::import::{Options, import_file};

    use rust_xlsxwriter::{Format, Formula, Workbook};

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
                            let mut fields: Vec<String> =
                                row.split('|').map(str::to_owned).collect();
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
}
