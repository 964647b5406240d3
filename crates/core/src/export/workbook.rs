//! Observations and entity lists as an Excel workbook (`.xlsx`), streamed row by row so that
//! millions of values never stand in memory at once; texts are shared as Excel shares them
//! (each distinct text held once: codes, keys, names and periods repeat), which keeps the
//! file small and quick to read.
//!
//! The observations' workbook: a data sheet (long: the columns of [`LONG_COLUMNS`], the
//! value next to its quality flag; `wide`: one sheet per indicator, regions × periods),
//! numbers typed with the indicator's decimals as their number format, keys and codes as
//! text, a symbol as text in the value's place (`-`, `.`; a number in parentheses keeps its
//! number with `()` in the symbol column), the header frozen and filtered and the columns
//! sized to their content; then a sheet naming each indicator (code, name, unit,
//! definition, source, licence, data date) and one explaining every symbol used. A long
//! data sheet holds at most Excel's 1,048,575 rows below its header; more continue on a
//! second sheet (`Daten (2)`). The importer reads the data sheets back to the same values.
//!
//! A wide sheet's cell holds one value, and a value may carry a flag (`p` provisional,
//! `()` limited reliability). Such a value is written as a number all the same, so that it
//! sums, sorts and charts in Excel, with a number format that shows its flag beside it
//! (`12,5 p`, `(12,5)` — as the offices' tables print them); and a sheet *Kennzeichen*
//! (`Flags`) lists every flagged value with its sheet and cell, indicator, region,
//! breakdown, period, value, symbol and flag, to filter and to read back: the importer
//! takes each flag from there (a number format is not something the reader sees). A
//! symbol other than `()` beside a number (which a wide cell cannot show) is named there
//! only; the long sheet keeps every symbol and flag in columns of their own.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use rusqlite::Connection;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use serde_json::Value as Json;

use super::observations::{Hidden, LONG_COLUMNS, SOURCE_COLUMN};
use super::{ExportError, Written};
use crate::model::meta::{EntityDef, FieldType};
use crate::t;

/// The rows a sheet holds below its header (Excel's limit is 1,048,576 in all).
const MAX_ROWS: u32 = 1_048_575;

/// The widest a column is sized, in characters.
const MAX_WIDTH: usize = 60;

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

/// A sheet name Excel takes: at most 31 characters, none of `[]:*?/\`, not used yet.
fn sheet_name(wanted: &str, used: &mut BTreeSet<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let clean = if clean.is_empty() { "_" } else { clean };
    let base: String = clean.chars().take(31).collect();
    let mut name = base.clone();
    let mut number = 2;
    while used.contains(&name.to_lowercase()) {
        let suffix = format!(" ({number})");
        name = base
            .chars()
            .take(31 - suffix.chars().count())
            .collect::<String>()
            + &suffix;
        number += 1;
    }
    used.insert(name.to_lowercase());
    name
}

/// The formats of a workbook: the header's, and one number format per count of decimals.
struct Formats {
    header: Format,
    decimals: Vec<Format>,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold().set_align(FormatAlign::Top),
            decimals: (0..=6)
                .map(|places| Format::new().set_num_format(number_pattern(places)))
                .collect(),
        }
    }

    fn number(&self, decimals: i64) -> &Format {
        &self.decimals[decimals.clamp(0, 6) as usize]
    }
}

/// The number format of `places` decimals, thousands grouped (`#,##0.0`).
fn number_pattern(places: i64) -> String {
    if places <= 0 {
        "#,##0".to_owned()
    } else {
        format!("#,##0.{}", "0".repeat(places.min(6) as usize))
    }
}

/// The number format of a value with a flag: the number as its indicator's decimals
/// show it, in parentheses for limited reliability (`(12,5)`), followed by its quality
/// flag (`12,5 p`); the cell stays a number.
fn flagged_pattern(decimals: i64, parentheses: bool, quality: Option<&str>) -> String {
    let number = number_pattern(decimals);
    let mut after = String::new();
    if parentheses {
        after.push(')');
    }
    if let Some(quality) = quality {
        after.push(' ');
        after.push_str(&quality.replace('"', ""));
    }
    let before = if parentheses { "\"(\"" } else { "" };
    if after.is_empty() {
        format!("{before}{number}")
    } else {
        format!("{before}{number}\"{after}\"")
    }
}

/// A value of a wide sheet that carries a flag: where it stands and what it is, for the
/// flags sheet (see [`flags_sheet`]).
struct Flagged {
    sheet: String,
    row: u32,
    column: u16,
    indicator: String,
    region: String,
    breakdown: String,
    period: String,
    value: f64,
    decimals: i64,
    symbol: Option<String>,
    quality: Option<String>,
}

/// The widths a sheet's columns need, counted while its rows are written.
#[derive(Default)]
struct Widths(Vec<usize>);

impl Widths {
    fn note(&mut self, column: u16, chars: usize) {
        let column = usize::from(column);
        if self.0.len() <= column {
            self.0.resize(column + 1, 0);
        }
        self.0[column] = self.0[column].max(chars);
    }

    fn text(&mut self, column: u16, text: &str) {
        self.note(column, text.chars().count());
    }

    fn number(&mut self, column: u16, value: f64, decimals: i64) {
        // Digits, thousands separators, the decimals and a sign.
        let digits = format!("{:.0}", value.abs().trunc()).len();
        self.note(column, digits + digits / 3 + decimals.max(0) as usize + 2);
    }

    /// Sizes the sheet's columns, freezes and filters its header row over `rows` rows.
    fn finish(&self, sheet: &mut Worksheet, rows: u32) -> Result<(), XlsxError> {
        for (column, chars) in self.0.iter().enumerate() {
            let width = (*chars).clamp(6, MAX_WIDTH) as f64 + 2.0;
            sheet.set_column_width(column as u16, width)?;
        }
        if !self.0.is_empty() {
            sheet.set_freeze_panes(1, 0)?;
            sheet.autofilter(0, 0, rows, (self.0.len() - 1) as u16)?;
        }
        Ok(())
    }
}

/// Writes a header row.
fn header(
    sheet: &mut Worksheet,
    columns: &[&str],
    formats: &Formats,
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    for (column, name) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *name, &formats.header)?;
        widths.text(column as u16, name);
    }
    Ok(())
}

/// Writes a text cell (nothing for an empty one).
fn text(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: &str,
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    if !value.is_empty() {
        sheet.write_string(row, column, value)?;
        widths.text(column, value);
    }
    Ok(())
}

/// Saves the workbook to `path` the one way an output is written (beside it, then renamed).
fn save(mut workbook: Workbook, path: &Path, rows: u64) -> Result<Written, ExportError> {
    let mut failed = None;
    let written = crate::store::output::write_with(path, |file| {
        workbook.save_to_writer(file).map_err(|error| match error {
            XlsxError::IoError(error) => error,
            other => {
                let message = other.to_string();
                failed = Some(other);
                std::io::Error::other(message)
            }
        })
    });
    if let Some(error) = failed {
        return Err(error.into());
    }
    match written {
        Ok(()) => Ok(Written {
            path: path.to_owned(),
            rows,
            bytes: std::fs::metadata(path).map_or(0, |m| m.len()),
            sources: None,
        }),
        Err(crate::store::StoreError::Io { source, .. }) => Err(ExportError::Write {
            path: path.to_owned(),
            source,
        }),
        Err(error) => Err(error.into()),
    }
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

/// One observation's value as the data sheet holds it.
enum Cell {
    Number(f64),
    Text(String),
    Empty,
}

/// The value cell and the symbol column of an observation: a number typed, a symbol that
/// stands for the number (`.`, `-`) as text in its place, a number in parentheses as the
/// number with `()` beside it.
fn value_cell(value: Option<f64>, symbol: Option<&str>) -> (Cell, Option<String>) {
    match (value, symbol) {
        (Some(_), Some("-")) => (Cell::Text("-".to_owned()), None),
        (Some(value), Some(symbol)) => (Cell::Number(value), Some(symbol.to_owned())),
        (Some(value), None) => (Cell::Number(value), None),
        (None, Some(symbol)) => (Cell::Text(symbol.to_owned()), None),
        (None, None) => (Cell::Empty, None),
    }
}

/// Exports every observation as a workbook: the data sheet(s), the indicators, the symbols
/// (see the module documentation). `hidden` hides values as `.` with its note.
pub(super) fn export_observations(
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
    let mut statement = conn.prepare(super::observations::OBSERVATIONS_SQL)?;
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

/// The room a flag takes beside its number in a cell: at least as wide as the number
/// with it (a rough count, as the columns are sized).
fn widths_of_flags(parentheses: bool, quality: Option<&str>) -> usize {
    10 + if parentheses { 2 } else { 0 } + quality.map_or(0, |q| q.chars().count() + 1)
}

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
fn flags_sheet(
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
fn indicators_sheet(
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
fn symbols_sheet(
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

/// Exports every entity of a kind as a one-sheet workbook: `id` and every field, numbers
/// typed, everything else as text the importer reads back.
pub(super) fn export_entities(
    conn: &Connection,
    def: &EntityDef,
    path: &Path,
) -> Result<Written, ExportError> {
    let rows = crate::store::entity::read_all(conn, def)?;
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let sheet = workbook.add_worksheet_with_low_memory();
    sheet.set_name(sheet_name(super::list_name(def), &mut BTreeSet::new()))?;
    let mut widths = Widths::default();
    let mut columns = vec!["id"];
    columns.extend(def.fields.iter().map(|field| field.name));
    header(sheet, &columns, &formats, &mut widths)?;
    let general = Format::new();
    let mut at_row = 0;
    for row in &rows {
        at_row += 1;
        let id = row
            .get(def.identity)
            .and_then(Json::as_str)
            .unwrap_or_default();
        text(sheet, at_row, 0, id, &mut widths)?;
        for (index, field) in def.fields.iter().enumerate() {
            let column = (index + 1) as u16;
            match (field.ty, row.get(field.name).unwrap_or(&Json::Null)) {
                (_, Json::Null) => {}
                (FieldType::Real | FieldType::Int, Json::Number(number)) => {
                    if let Some(number) = number.as_f64() {
                        sheet.write_number_with_format(at_row, column, number, &general)?;
                        widths.number(column, number, 2);
                    }
                }
                (FieldType::Bool, Json::Bool(flag)) => {
                    sheet.write_number_with_format(
                        at_row,
                        column,
                        f64::from(u8::from(*flag)),
                        &general,
                    )?;
                    widths.note(column, 1);
                }
                (FieldType::List, Json::Array(items)) => {
                    let joined = items
                        .iter()
                        .map(|item| {
                            item.as_str()
                                .map_or_else(|| item.to_string(), str::to_owned)
                        })
                        .collect::<Vec<_>>()
                        .join("; ");
                    text(sheet, at_row, column, &joined, &mut widths)?;
                }
                (_, Json::String(value)) => text(sheet, at_row, column, value, &mut widths)?,
                (_, other) => text(sheet, at_row, column, &other.to_string(), &mut widths)?,
            }
        }
    }
    widths.finish(sheet, at_row)?;
    save(workbook, path, rows.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_excel() {
        let mut used = BTreeSet::new();
        assert_eq!(sheet_name("BQ_36", &mut used), "BQ_36");
        assert_eq!(sheet_name("bq_36", &mut used), "bq_36 (2)");
        assert_eq!(sheet_name("a/b:c", &mut used), "a_b_c");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &mut used).chars().count(), 31);
        assert_eq!(
            sheet_name(&long, &mut used),
            format!("{} (2)", "x".repeat(27))
        );
    }

    #[test]
    fn the_quality_flag_stands_beside_the_value() {
        let columns = long_columns(false);
        let value = columns.iter().position(|c| *c == "value").unwrap();
        assert_eq!(columns[value + 1], "quality");
        assert_eq!(columns.len(), LONG_COLUMNS.len());
    }
}
