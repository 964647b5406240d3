//! The observations' workbook: the long or wide data sheets, then the sheets that explain
//! them (see the module documentation of [`super`]).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use rusqlite::Connection;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::about::{flags_sheet, indicators_sheet, symbols_sheet};
use super::cells::{Formats, Widths, header, save, sheet_name, text};
use super::values::{Cell, Flagged, flagged_pattern, value_cell, widths_of_flags};
use crate::export::observations::{Hidden, LONG_COLUMNS, SOURCE_COLUMN};
use crate::export::{ExportError, Written};
use crate::t;

/// The rows a sheet holds below its header (Excel's limit is 1,048,576 in all).
const MAX_ROWS: u32 = 1_048_575;

/// The columns of the long data sheet: those of the CSV, with the quality flag right after
/// the value it qualifies.
fn long_columns(with_sources: bool) -> Vec<&'static str> {
    let mut columns: Vec<&'static str> = LONG_COLUMNS.to_vec();
    if let (Some(quality), Some(value)) = (
        columns.iter().position(|c| *c == "quality"),
        columns.iter().position(|c| *c == "value"),
    ) {
        let quality = columns.remove(quality);
        columns.insert(value + 1, quality);
    }
    if with_sources {
        columns.push(SOURCE_COLUMN);
    }
    columns
}

/// What the observations' workbook needs to know of each indicator.
struct IndicatorFacts {
    decimals: HashMap<String, i64>,
}

fn indicator_facts(conn: &Connection) -> rusqlite::Result<IndicatorFacts> {
    let mut statement = conn.prepare("SELECT code, decimals FROM indicator")?;
    let decimals = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(IndicatorFacts { decimals })
}

/// Exports every observation as a workbook: the data sheet(s), the indicators, the symbols
/// (see the module documentation). `hidden` hides values as `.` with its note.
pub(crate) fn export_observations(
    conn: &Connection,
    path: &Path,
    wide: bool,
    hidden: Option<&Hidden>,
    with_sources: bool,
) -> Result<Written, ExportError> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let facts = indicator_facts(conn)?;
    let mut used_names = BTreeSet::new();
    let mut symbols = BTreeSet::new();
    let mut flagged = Vec::new();
    let rows = if wide {
        let (rows, flags) = wide_sheets(
            conn,
            &mut workbook,
            &formats,
            &facts,
            hidden,
            &mut used_names,
            &mut symbols,
        )?;
        flagged = flags;
        rows
    } else {
        long_sheets(
            conn,
            &mut workbook,
            &formats,
            &facts,
            hidden,
            with_sources,
            &mut used_names,
            &mut symbols,
        )?
    };
    indicators_sheet(conn, &mut workbook, &formats, &mut used_names)?;
    symbols_sheet(conn, &mut workbook, &formats, &symbols, &mut used_names)?;
    if !flagged.is_empty() {
        flags_sheet(&mut workbook, &formats, &flagged, &mut used_names)?;
    }
    save(workbook, path, rows)
}

/// The long data sheet(s): one observation per row.
#[allow(clippy::too_many_arguments)] // Reason: the workbook's parts, handed through once.
fn long_sheets(
    conn: &Connection,
    workbook: &mut Workbook,
    formats: &Formats,
    facts: &IndicatorFacts,
    hidden: Option<&Hidden>,
    with_sources: bool,
    used_names: &mut BTreeSet<String>,
    symbols: &mut BTreeSet<String>,
) -> Result<u64, ExportError> {
    let columns = long_columns(with_sources);
    let at = |name: &str| columns.iter().position(|c| *c == name).unwrap_or(0) as u16;
    let (value_at, symbol_at, quality_at, note_at) =
        (at("value"), at("symbol"), at("quality"), at("note"));
    // Where each text column of the query goes.
    let texts: Vec<(usize, u16)> = [
        (0, "indicator"),
        (1, "indicator_name"),
        (2, "region"),
        (3, "region_name"),
        (4, "period"),
        (5, "breakdown"),
        (10, "unit"),
    ]
    .into_iter()
    .map(|(index, name)| (index, at(name)))
    .chain(with_sources.then_some((11, at(SOURCE_COLUMN))))
    .collect();
    let mut statement = conn.prepare(crate::export::observations::OBSERVATIONS_SQL)?;
    let mut rows = statement.query([])?;
    let data_name = t!("export.workbook.data");
    let mut count: u64 = 0;
    let mut sheets = 0;
    let mut row_in_sheet = 0;
    let mut widths = Widths::default();
    let mut sheet: Option<&mut Worksheet> = None;
    let mut decimals_memo: Option<(String, i64)> = None;
    while let Some(row) = rows.next()? {
        if sheet.is_none() || row_in_sheet == MAX_ROWS {
            if let Some(full) = sheet.take() {
                widths.finish(full, row_in_sheet)?;
            }
            sheets += 1;
            let wanted = if sheets == 1 {
                data_name.to_owned()
            } else {
                format!("{data_name} ({sheets})")
            };
            let name = sheet_name(&wanted, used_names);
            let new = workbook.add_worksheet_with_low_memory();
            new.set_name(name)?;
            widths = Widths::default();
            header(new, &columns, formats, &mut widths)?;
            row_in_sheet = 0;
            sheet = Some(new);
        }
        let Some(current) = sheet.as_deref_mut() else {
            break;
        };
        row_in_sheet += 1;
        let at_row = row_in_sheet;
        for &(index, column) in &texts {
            let value: Option<String> = row.get(index)?;
            text(
                current,
                at_row,
                column,
                value.as_deref().unwrap_or_default(),
                &mut widths,
            )?;
        }
        let code: String = row.get(0)?;
        let decimals = match &decimals_memo {
            Some((memo, decimals)) if *memo == code => *decimals,
            _ => {
                let decimals = facts.decimals.get(&code).copied().unwrap_or(0);
                decimals_memo = Some((code, decimals));
                decimals
            }
        };
        if let Some(hidden) = hidden
            && hidden.hides(row, [0, 2, 4, 5])?
        {
            text(current, at_row, value_at, ".", &mut widths)?;
            text(current, at_row, note_at, &hidden.note, &mut widths)?;
            symbols.insert(".".to_owned());
        } else {
            let value: Option<f64> = row.get(6)?;
            let symbol: Option<String> = row.get(7)?;
            let quality: Option<String> = row.get(8)?;
            let note: Option<String> = row.get(9)?;
            let (cell, beside) = value_cell(value, symbol.as_deref());
            match cell {
                Cell::Number(number) => {
                    current.write_number_with_format(
                        at_row,
                        value_at,
                        number,
                        formats.number(decimals),
                    )?;
                    widths.number(value_at, number, decimals);
                }
                Cell::Text(symbol) => text(current, at_row, value_at, &symbol, &mut widths)?,
                Cell::Empty => {}
            }
            if let Some(symbol) = symbol {
                symbols.insert(symbol);
            }
            if let Some(beside) = beside {
                text(current, at_row, symbol_at, &beside, &mut widths)?;
            }
            if let Some(quality) = quality {
                text(current, at_row, quality_at, &quality, &mut widths)?;
                symbols.insert(quality);
            }
            text(
                current,
                at_row,
                note_at,
                note.as_deref().unwrap_or_default(),
                &mut widths,
            )?;
        }
        count += 1;
    }
    if let Some(last) = sheet {
        widths.finish(last, row_in_sheet)?;
    } else {
        // No values: the sheet with its header, so the file still says what it holds.
        let new = workbook.add_worksheet();
        new.set_name(sheet_name(data_name, used_names))?;
        let mut widths = Widths::default();
        header(new, &columns, formats, &mut widths)?;
        widths.finish(new, 0)?;
    }
    Ok(count)
}

/// The columns before the periods on a wide sheet.
const WIDE_KEY: [&str; 6] = [
    "indicator",
    "indicator_name",
    "region",
    "region_name",
    "breakdown",
    "unit",
];

/// Each indicator's periods (id and code), in order (a small list: indicators × periods).
fn indicator_periods(conn: &Connection) -> rusqlite::Result<HashMap<String, Vec<(i64, String)>>> {
    let mut periods: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    let mut statement = conn.prepare(
        "SELECT i.code, p.id, p.code FROM period p
         JOIN (SELECT DISTINCT indicator_id, period_id FROM observation) u ON u.period_id = p.id
         JOIN indicator i ON i.id = u.indicator_id
         ORDER BY i.code, p.start_date, p.code",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        periods
            .entry(row.get(0)?)
            .or_default()
            .push((row.get(1)?, row.get(2)?));
    }
    Ok(periods)
}

/// The wide sheets: one per indicator, a row per region and breakdown, a column per period
/// the indicator has values for (ordered by start). A value with a flag stays a number,
/// its number format showing the flag; the values with flags are returned for the flags
/// sheet.
fn wide_sheets(
    conn: &Connection,
    workbook: &mut Workbook,
    formats: &Formats,
    facts: &IndicatorFacts,
    hidden: Option<&Hidden>,
    used_names: &mut BTreeSet<String>,
    symbols: &mut BTreeSet<String>,
) -> Result<(u64, Vec<Flagged>), ExportError> {
    let periods = indicator_periods(conn)?;
    let mut statement = conn.prepare(
        "SELECT i.code, i.name, r.key, r.name, b.key, i.unit, o.period_id, o.value, o.symbol, o.quality, p.code
         FROM observation o
         JOIN indicator i ON i.id = o.indicator_id
         JOIN region r ON r.id = o.region_id
         JOIN period p ON p.id = o.period_id
         JOIN breakdown b ON b.id = o.breakdown_id
         ORDER BY i.code, r.key, b.key",
    )?;
    let mut rows = statement.query([])?;
    let mut count = 0;
    let mut sheet: Option<&mut Worksheet> = None;
    let mut widths = Widths::default();
    let mut current_indicator = String::new();
    let mut current_key: Option<[String; 6]> = None;
    let mut row_in_sheet: u32 = 0;
    let mut column_of: HashMap<i64, u16> = HashMap::new();
    let mut decimals = 0;
    let mut flagged = Vec::new();
    let mut flag_formats: HashMap<String, Format> = HashMap::new();
    let mut current_name = String::new();
    while let Some(row) = rows.next()? {
        let code: String = row.get(0)?;
        if sheet.is_none() || code != current_indicator {
            if let Some(done) = sheet.take() {
                widths.finish(done, row_in_sheet)?;
            }
            let new = workbook.add_worksheet_with_low_memory();
            current_name = sheet_name(&code, used_names);
            new.set_name(&current_name)?;
            widths = Widths::default();
            let mut columns: Vec<&str> = WIDE_KEY.to_vec();
            let indicator_periods = periods.get(&code).map_or(&[][..], Vec::as_slice);
            columns.extend(indicator_periods.iter().map(|(_, p)| p.as_str()));
            header(new, &columns, formats, &mut widths)?;
            column_of = indicator_periods
                .iter()
                .enumerate()
                .map(|(index, (id, _))| (*id, (WIDE_KEY.len() + index) as u16))
                .collect();
            decimals = facts.decimals.get(&code).copied().unwrap_or(0);
            current_indicator.clone_from(&code);
            current_key = None;
            row_in_sheet = 0;
            sheet = Some(new);
        }
        let Some(current) = sheet.as_deref_mut() else {
            break;
        };
        let key: [String; 6] = [
            code,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
            row.get(5)?,
        ];
        if current_key.as_ref() != Some(&key) {
            row_in_sheet += 1;
            if row_in_sheet > MAX_ROWS {
                return Err(ExportError::Xlsx(XlsxError::RowColumnLimitError));
            }
            for (column, value) in key.iter().enumerate() {
                text(current, row_in_sheet, column as u16, value, &mut widths)?;
            }
            current_key = Some(key);
            count += 1;
        }
        let period: i64 = row.get(6)?;
        let Some(&column) = column_of.get(&period) else {
            continue;
        };
        if let Some(hidden) = hidden
            && hidden.hides(row, [0, 2, 10, 4])?
        {
            text(current, row_in_sheet, column, ".", &mut widths)?;
            symbols.insert(".".to_owned());
            continue;
        }
        let value: Option<f64> = row.get(7)?;
        let symbol: Option<String> = row.get(8)?;
        let quality: Option<String> = row.get(9)?;
        if let Some(symbol) = &symbol {
            symbols.insert(symbol.clone());
        }
        match (value_cell(value, symbol.as_deref()), quality) {
            ((Cell::Number(number), None), None) => {
                current.write_number_with_format(
                    row_in_sheet,
                    column,
                    number,
                    formats.number(decimals),
                )?;
                widths.number(column, number, decimals);
            }
            // A number with a flag stays a number; its format shows the flag (`(12,5)`,
            // `123 p`), and the flags sheet names it.
            ((Cell::Number(number), beside), quality) => {
                let parentheses = beside.as_deref() == Some("()");
                let pattern = flagged_pattern(decimals, parentheses, quality.as_deref());
                let format = flag_formats
                    .entry(pattern.clone())
                    .or_insert_with(|| Format::new().set_num_format(pattern));
                current.write_number_with_format(row_in_sheet, column, number, format)?;
                widths.number(column, number, decimals);
                widths.note(column, widths_of_flags(parentheses, quality.as_deref()));
                if let Some(quality) = &quality {
                    symbols.insert(quality.clone());
                }
                let key = current_key.as_ref();
                let part = |index: usize| key.map(|k| k[index].clone()).unwrap_or_default();
                flagged.push(Flagged {
                    sheet: current_name.clone(),
                    row: row_in_sheet,
                    column,
                    indicator: part(0),
                    region: part(2),
                    breakdown: part(4),
                    period: row.get(10)?,
                    value: number,
                    decimals,
                    symbol: beside,
                    quality,
                });
            }
            ((Cell::Text(symbol), _), _) => {
                text(current, row_in_sheet, column, &symbol, &mut widths)?;
            }
            ((Cell::Empty, _), _) => {}
        }
    }
    if let Some(last) = sheet {
        widths.finish(last, row_in_sheet)?;
    } else {
        let new = workbook.add_worksheet();
        new.set_name(sheet_name(t!("export.workbook.data"), used_names))?;
        let mut widths = Widths::default();
        header(new, &WIDE_KEY, formats, &mut widths)?;
        widths.finish(new, 0)?;
    }
    Ok((count, flagged))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quality_flag_stands_beside_the_value() {
        let columns = long_columns(false);
        let value = columns.iter().position(|c| *c == "value").unwrap();
        assert_eq!(columns[value + 1], "quality");
        assert_eq!(columns.len(), LONG_COLUMNS.len());
    }
}
