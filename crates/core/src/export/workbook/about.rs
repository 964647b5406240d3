//! The sheets that explain the data: every flagged value with where it stands, each
//! indicator's facts, what each symbol means.

use std::collections::{BTreeSet, HashMap};

use rusqlite::Connection;
use rust_xlsxwriter::Workbook;

use super::cells::{Formats, Widths, header, sheet_name, text};
use super::values::Flagged;
use crate::export::ExportError;
use crate::t;

/// The columns of the flags sheet (the importer reads `sheet`, `cell`, `symbol` and
/// `quality` by these names).
const FLAG_COLUMNS: [&str; 9] = [
    "sheet",
    "cell",
    "indicator",
    "region",
    "breakdown",
    "period",
    "value",
    "symbol",
    "quality",
];

/// The sheet of a wide workbook naming every value that carries a flag: its sheet and
/// cell, its indicator, region, breakdown and period, the value and its symbol (`()`) and
/// quality flag (`p`). A reader filters it; the importer reads the flags back from it.
pub(super) fn flags_sheet(
    workbook: &mut Workbook,
    formats: &Formats,
    flagged: &[Flagged],
    used_names: &mut BTreeSet<String>,
) -> Result<(), ExportError> {
    let sheet = workbook.add_worksheet_with_low_memory();
    sheet.set_name(sheet_name(t!("export.workbook.flags"), used_names))?;
    let mut widths = Widths::default();
    header(sheet, &FLAG_COLUMNS, formats, &mut widths)?;
    let mut at_row = 0;
    for flag in flagged {
        at_row += 1;
        let cell = rust_xlsxwriter::utility::row_col_to_cell(flag.row, flag.column);
        for (column, value) in [
            (0, flag.sheet.as_str()),
            (1, cell.as_str()),
            (2, &flag.indicator),
            (3, &flag.region),
            (4, &flag.breakdown),
            (5, &flag.period),
            (7, flag.symbol.as_deref().unwrap_or_default()),
            (8, flag.quality.as_deref().unwrap_or_default()),
        ] {
            text(sheet, at_row, column, value, &mut widths)?;
        }
        sheet.write_number_with_format(at_row, 6, flag.value, formats.number(flag.decimals))?;
        widths.number(6, flag.value, flag.decimals);
    }
    widths.finish(sheet, at_row)?;
    Ok(())
}

/// The sheet naming each indicator that has values: code, name, unit, definition, source,
/// the licences and latest data date of the imports its values came from.
pub(super) fn indicators_sheet(
    conn: &Connection,
    workbook: &mut Workbook,
    formats: &Formats,
    used_names: &mut BTreeSet<String>,
) -> Result<(), ExportError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(t!("export.workbook.indicators"), used_names))?;
    let mut widths = Widths::default();
    let columns = [
        t!("export.workbook.code"),
        t!("export.workbook.name"),
        t!("export.workbook.unit"),
        t!("export.workbook.definition"),
        t!("export.workbook.source"),
        t!("export.workbook.licence"),
        t!("export.workbook.data_date"),
    ];
    header(sheet, &columns, formats, &mut widths)?;
    let mut statement = conn.prepare(
        "SELECT i.code, i.name, i.unit, i.definition, i.source,
                coalesce((SELECT group_concat(DISTINCT s.licence) FROM import_source s
                          WHERE s.licence <> '' AND s.import_id IN
                              (SELECT DISTINCT import_id FROM observation WHERE indicator_id = i.id)), ''),
                coalesce((SELECT max(s.data_date) FROM import_source s
                          WHERE s.data_date <> '' AND s.import_id IN
                              (SELECT DISTINCT import_id FROM observation WHERE indicator_id = i.id)), '')
         FROM indicator i
         WHERE EXISTS (SELECT 1 FROM observation o WHERE o.indicator_id = i.id)
         ORDER BY i.code",
    )?;
    let mut rows = statement.query([])?;
    let mut count = 0;
    while let Some(row) = rows.next()? {
        count += 1;
        for column in 0..columns.len() {
            let value: Option<String> = row.get(column)?;
            text(
                sheet,
                count,
                column as u16,
                value.as_deref().unwrap_or_default(),
                &mut widths,
            )?;
        }
    }
    widths.finish(sheet, count)?;
    Ok(())
}

/// The sheet explaining every symbol and quality flag the data sheets use.
pub(super) fn symbols_sheet(
    conn: &Connection,
    workbook: &mut Workbook,
    formats: &Formats,
    used: &BTreeSet<String>,
    used_names: &mut BTreeSet<String>,
) -> Result<(), ExportError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(t!("export.workbook.symbols"), used_names))?;
    let mut widths = Widths::default();
    header(
        sheet,
        &[t!("export.workbook.symbol"), t!("export.workbook.meaning")],
        formats,
        &mut widths,
    )?;
    let known: HashMap<String, crate::model::Symbol> = crate::store::symbols::list(conn)?
        .into_iter()
        .map(|symbol| (symbol.code.clone(), symbol))
        .collect();
    let mut count = 0;
    for code in used {
        count += 1;
        let meaning = known.get(code).map_or("", |symbol| {
            if crate::i18n::lang() == crate::i18n::Lang::De {
                symbol.label_de.as_str()
            } else {
                symbol.label_en.as_str()
            }
        });
        text(sheet, count, 0, code, &mut widths)?;
        text(sheet, count, 1, meaning, &mut widths)?;
    }
    widths.finish(sheet, count)?;
    Ok(())
}
