//! A workbook Lernstadt exported comes back whole: every sheet of values (a `--wide`
//! export's sheet per indicator, a long export's `Daten` and `Daten (2)`) imported as one
//! action.

use std::path::Path;

use calamine::Reader;

use super::super::{ImportError, Options, Progress, Report};
use super::book::open;
use super::cells::{self};
use super::converted::placed;
use super::converted::{about_workbook, text_options};
use super::flags::{is_flags_sheet, read_flags};

use super::write::convert;
use crate::t;

/// The first cells of an observations sheet Lernstadt exports (long and wide).
pub(super) const EXPORT_HEADER: [&str; 4] =
    ["indicator", "indicator_name", "region", "region_name"];

/// The sheets of a workbook Lernstadt exported that hold observations, which an import
/// without a sheet named reads together: a `--wide` export's sheet per indicator (the
/// Indikatoren, Zeichenerklärung and Kennzeichen sheets left out), or a long export's
/// data sheets (`Daten`, `Daten (2)`). They are the sheets whose header begins as the
/// first sheet's, where that is an export's; empty for any other workbook.
pub fn export_sheets(path: &Path) -> Result<Vec<String>, ImportError> {
    let mut book = open(path)?;
    let names = book.sheet_names();
    // Lernstadt writes `.xlsx` only; another format is not read twice to find out.
    if names.len() < 2 || !matches!(book, calamine::Sheets::Xlsx(_)) {
        return Ok(Vec::new());
    }
    let mut first: Option<Vec<String>> = None;
    let mut sheets = Vec::new();
    for name in names {
        if is_flags_sheet(&name) {
            continue;
        }
        let header = cells::first_row(&mut book, path, &name)?;
        match &first {
            None if header.len() > 5 && header[..4] == EXPORT_HEADER => {
                first = Some(header[..6].to_vec());
                sheets.push(name);
            }
            None => return Ok(Vec::new()),
            Some(first) if header.len() >= first.len() && header[..first.len()] == first[..] => {
                sheets.push(name);
            }
            Some(_) => {}
        }
    }
    Ok(sheets)
}

/// Imports several sheets of a workbook as one action (one transaction, one undo step):
/// each written as text whole, then all imported as [`super::super::import_files`] imports text
/// files; one report, its counts summed and its problems named by sheet and cell.
pub(super) fn import_sheets(
    store: &mut crate::store::Store,
    path: &Path,
    options: &Options,
    progress: &std::sync::Arc<Progress>,
    sheets: &[String],
) -> Result<Report, ImportError> {
    // The flags sheet read once, not once a sheet.
    let mut flags = read_flags(&mut open(path)?, path, progress)?;
    let mut converted = Vec::with_capacity(sheets.len());
    for sheet in sheets {
        let options = Options {
            sheet: Some(sheet.clone()),
            ..options.clone()
        };
        converted.push(convert(path, &options, progress, None, Some(&mut flags))?);
    }
    let text_options: Vec<Options> = converted
        .iter()
        .map(|c| text_options(options, c.decimal))
        .collect();
    let files: Vec<(&Path, &Options)> = converted
        .iter()
        .zip(&text_options)
        .map(|(c, o)| (c.path.as_path(), o))
        .collect();
    let label = format!("import {}", super::super::file_name(path));
    let reports =
        super::super::import_files(store, &label, &files, options.dry_run, progress, |_| Ok(()))
            .map_err(|e| about_workbook(e, path, &sheets.join(", ")))?;
    let mut reports = reports
        .into_iter()
        .zip(&converted)
        .map(|(report, converted)| placed(report, path, converted));
    let Some(mut all) = reports.next() else {
        return Err(ImportError::Empty {
            path: path.to_owned(),
        });
    };
    for report in reports {
        all.inserted += report.inserted;
        all.updated += report.updated;
        all.unchanged += report.unchanged;
        all.rejected += report.rejected;
        all.empty_values += report.empty_values;
        all.more_problems += report.more_problems;
        for problem in report.problems {
            if all.problems.len() < super::super::MAX_PROBLEMS {
                all.problems.push(problem);
            } else {
                all.more_problems += 1;
            }
        }
    }
    all.sheet = Some(match sheets {
        [first, .., last] if sheets.len() > 3 => t!(
            "import.workbook.sheets",
            first = first,
            last = last,
            count = crate::i18n::format_int(sheets.len() as i64)
        ),
        _ => sheets.join(", "),
    });
    Ok(all)
}

#[cfg(test)]
mod tests {

    use super::super::testing::*;

    use super::*;
    use crate::import::Options;
    use crate::import::values::Decimal;

    use crate::store::Store;
    use rust_xlsxwriter::Workbook;

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
}
