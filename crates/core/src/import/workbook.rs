//! Workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`, read by calamine without Excel):
//! one sheet's cells are laid out as the text the CSV import reads, so everything it detects
//! — GENESIS flat and classic layouts, long and wide city files, entity lists, saved
//! mappings — works the same on a sheet, and its problems are named by sheet and cell
//! (`Kita-Quoten!F12`).
//!
//! What workbooks add is handled here, before the text is read:
//!
//! - title rows and notes above and below the table are left out (a GENESIS table keeps its
//!   own, which its reader knows);
//! - header rows that continue each other (a cell merged over the columns below it, a word
//!   broken with a hyphen, a second row naming what the first left open) become one header
//!   row, each column's parts joined (a period below a group keeps the period alone);
//! - a key written as text keeps its leading zeros; a key stored as a number gets them back
//!   to its official width where the column is a key (the region column, or the parts of a
//!   key split over the columns `Land`, `RB`, `Kreis`, `VB`, `Gem`, which are joined into
//!   the ARS);
//! - numbers are written in the decimal mark of the numbers the sheet holds as text
//!   (`45,6`), so both read alike; dates as dates (`2023-12-31`); a formula by its cached
//!   value, and a formula without one is reported by its cell;
//! - the Gemeindeverzeichnis (a `Satz-art` column and the ARS in parts) gives each
//!   Gemeinde's area and population (total, men, women) under its ARS, the record type
//!   saying the level.
//!
//! The text is written to a file in a private temporary folder, named like the workbook
//! (the `import` row names the workbook), with line breaks inside cells as U+2028, so
//! that each record is one line; the import's report is then mapped back to the sheet.
//! The SHA-256 the import keeps is that of the sheet's cells as read, which saving the
//! workbook again without changing them leaves as it is.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use calamine::{Data, DataRef, Reader};

use super::values::{Decimal, guess_decimal, parse_number};
use super::{ImportError, Options, Preview, Progress, Report, sheet};
use crate::t;

/// The extensions of the workbooks Lernstadt reads.
pub const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether `path` names a workbook (by its extension).
#[must_use]
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn unreadable(path: &Path, error: &dyn std::fmt::Display) -> ImportError {
    ImportError::Setup {
        path: path.to_owned(),
        message: t!("import.workbook.unreadable", error = error),
    }
}

fn open(path: &Path) -> Result<calamine::Sheets<std::io::BufReader<std::fs::File>>, ImportError> {
    if let Err(source) = std::fs::metadata(path) {
        return Err(ImportError::Read {
            path: path.to_owned(),
            source,
        });
    }
    calamine::open_workbook_auto(path).map_err(|error| unreadable(path, &error))
}

/// The names of a workbook's sheets, in order (the wizard's sheet picker).
pub fn sheet_names(path: &Path) -> Result<Vec<String>, ImportError> {
    Ok(open(path)?.sheet_names())
}

/// One cell as read.
#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A date (`2023-12-31`) or a date and time, as text.
    Date(String),
    Bool(bool),
    /// An error value (`#DIV/0!`), as Excel writes it.
    Error(String),
}

impl Cell {
    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(text) => Some(text.trim()),
            _ => None,
        }
    }

    /// A number, a date or a truth value: something no header holds.
    fn is_datum(&self) -> bool {
        matches!(self, Cell::Number(_) | Cell::Date(_) | Cell::Bool(_))
    }
}

fn date_text(date: &calamine::ExcelDateTime) -> String {
    let (year, month, day, hour, minute, second, _) = date.to_ymd_hms_milli();
    if date.is_duration() {
        return date.as_f64().to_string();
    }
    if (hour, minute, second) == (0, 0, 0) {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
    }
}

fn cell_of_ref(value: DataRef<'_>) -> Cell {
    match value {
        DataRef::Empty => Cell::Empty,
        DataRef::String(text) => Cell::Text(text),
        DataRef::SharedString(text) => Cell::Text(text.to_owned()),
        DataRef::Int(number) => Cell::Number(number as f64),
        DataRef::Float(number) => Cell::Number(number),
        DataRef::Bool(flag) => Cell::Bool(flag),
        DataRef::DateTime(date) => Cell::Date(date_text(&date)),
        DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => Cell::Date(text),
        DataRef::Error(error) => Cell::Error(error.to_string()),
    }
}

fn cell_of(value: &Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::Int(number) => Cell::Number(*number as f64),
        Data::Float(number) => Cell::Number(*number),
        Data::Bool(flag) => Cell::Bool(*flag),
        Data::DateTime(date) => Cell::Date(date_text(date)),
        Data::DateTimeIso(text) | Data::DurationIso(text) => Cell::Date(text.clone()),
        Data::Error(error) => Cell::Error(error.to_string()),
    }
}

/// A sheet's cells: `rows[i][j]` is the cell at row `top + i`, column `left + j` (0-based).
#[derive(Debug, Default)]
struct Grid {
    rows: Vec<Vec<Cell>>,
    top: u32,
    left: u32,
    /// Merged areas, 0-based and inclusive: (first row, first column, last row, last column).
    merges: Vec<(u32, u32, u32, u32)>,
    /// Cells with a formula but no cached value: (row, column, the formula).
    uncached: Vec<(u32, u32, String)>,
}

impl Grid {
    fn put(&mut self, row: u32, column: u32, cell: Cell) {
        let (Some(i), Some(j)) = (row.checked_sub(self.top), column.checked_sub(self.left)) else {
            return;
        };
        let (i, j) = (i as usize, j as usize);
        if self.rows.len() <= i {
            self.rows.resize_with(i + 1, Vec::new);
        }
        let cells = &mut self.rows[i];
        if cells.len() <= j {
            cells.resize(j + 1, Cell::Empty);
        }
        cells[j] = cell;
    }

    fn cell(&self, i: usize, j: usize) -> &Cell {
        self.rows
            .get(i)
            .and_then(|r| r.get(j))
            .unwrap_or(&Cell::Empty)
    }

    fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// Reads one sheet's cells (an `.xlsx` in one pass with its formulas).
fn read_grid(path: &Path, name: &str, progress: &Progress) -> Result<Grid, ImportError> {
    let mut book = open(path)?;
    let names = book.sheet_names();
    if !names.iter().any(|n| n == name) {
        return Err(ImportError::Setup {
            path: path.to_owned(),
            message: t!(
                "import.workbook.no_sheet",
                sheet = name,
                sheets = names.join(", ")
            ),
        });
    }
    let mut grid = Grid::default();
    let cancelled = || progress.cancel.load(std::sync::atomic::Ordering::Relaxed);
    match &mut book {
        calamine::Sheets::Xlsx(xlsx) => {
            let merges = xlsx
                .merge_cells_by_sheet_name(name)
                .map_err(|e| unreadable(path, &e))?;
            let mut reader = xlsx
                .worksheet_cells_reader(name)
                .map_err(|e| unreadable(path, &e))?;
            let dimensions = reader.dimensions();
            grid.top = dimensions.start.0;
            grid.left = dimensions.start.1;
            let mut count = 0_u32;
            while let Some(record) = reader
                .next_cell_with_formula_metadata()
                .map_err(|e| unreadable(path, &e))?
            {
                count = count.wrapping_add(1);
                if count.is_multiple_of(65_536) && cancelled() {
                    return Err(ImportError::Cancelled);
                }
                let (row, column) = record.pos;
                // A formula's cell keeps the value Excel calculated; one without is noted.
                if matches!(record.value, DataRef::Empty)
                    && let Some(formula) = &record.formula
                {
                    let text = match formula {
                        calamine::XlsxFormulaMetadata::Normal { formula }
                        | calamine::XlsxFormulaMetadata::Shared { formula, .. } => formula.clone(),
                        _ => String::new(),
                    };
                    grid.uncached.push((row, column, text));
                    continue;
                }
                if row < grid.top || column < grid.left {
                    continue;
                }
                let cell = cell_of_ref(record.value);
                if cell != Cell::Empty {
                    grid.put(row, column, cell);
                }
            }
            grid.merges = merges
                .into_iter()
                .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                .collect();
        }
        other => {
            let range = other
                .worksheet_range(name)
                .map_err(|e| unreadable(path, &e))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            grid.top = top;
            grid.left = left;
            grid.rows = range
                .rows()
                .map(|row| {
                    let mut cells: Vec<Cell> = row.iter().map(cell_of).collect();
                    while cells.last() == Some(&Cell::Empty) {
                        cells.pop();
                    }
                    cells
                })
                .collect();
            if let Ok(formulas) = other.worksheet_formula(name) {
                let (f_top, f_left) = formulas.start().unwrap_or((0, 0));
                for (i, row) in formulas.rows().enumerate() {
                    for (j, formula) in row.iter().enumerate() {
                        let (r, c) = (f_top + i as u32, f_left + j as u32);
                        if !formula.is_empty()
                            && grid.cell(
                                (r.wrapping_sub(top)) as usize,
                                (c.wrapping_sub(left)) as usize,
                            ) == &Cell::Empty
                        {
                            grid.uncached.push((r, c, formula.clone()));
                        }
                    }
                }
            }
            if let calamine::Sheets::Xls(xls) = other {
                grid.merges = xls
                    .merge_cells_by_sheet_name(name)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                    .collect();
            }
        }
    }
    Ok(grid)
}

/// `F12` for the 0-based row 11 and column 5.
#[must_use]
pub fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// Where the table of a sheet stands.
#[derive(Debug)]
struct Layout {
    /// The header rows (indices into the grid's rows), first to last.
    header: std::ops::RangeInclusive<usize>,
    /// The data rows, first to last (exclusive end).
    data: std::ops::Range<usize>,
}

/// Whether the sheet is a classic GENESIS table (its title line first).
fn is_genesis_table(grid: &Grid) -> bool {
    grid.rows
        .iter()
        .flatten()
        .find(|c| !c.is_empty())
        .and_then(Cell::text)
        .is_some_and(|t| t.starts_with("GENESIS-Tabelle") || t.starts_with("Tabelle:"))
}

fn count(row: &[Cell]) -> usize {
    row.iter().filter(|c| !c.is_empty()).count()
}

/// Whether a text is a number in either notation or a statistics symbol: data, not a header.
fn looks_like_value(text: &str) -> bool {
    let text = text.trim();
    matches!(text, "-" | "." | "x" | "/" | "..." | "…")
        || parse_number(text, Decimal::Comma).is_some()
        || parse_number(text, Decimal::Point).is_some()
}

/// Finds the header rows and the data rows: title rows above (fewer filled cells than half
/// of the table's widest row) and notes below (one text cell) are left out.
fn layout(grid: &Grid) -> Option<Layout> {
    let widest = grid
        .rows
        .iter()
        .take(40)
        .map(|r| count(r))
        .max()
        .unwrap_or(0);
    let first = grid
        .rows
        .iter()
        .position(|r| count(r) >= 2 && count(r) * 2 >= widest.min(40))?;
    // Merges that start in the header reach down over the rows that continue it.
    let mut last = first;
    let mut grew = true;
    while grew {
        grew = false;
        for &(r0, _, r1, _) in &grid.merges {
            let (Some(r0), Some(r1)) = (r0.checked_sub(grid.top), r1.checked_sub(grid.top)) else {
                continue;
            };
            let (r0, r1) = (r0 as usize, r1 as usize);
            if (first..=last).contains(&r0) && r1 > last && r1 < first + 6 {
                last = r1;
                grew = true;
            }
        }
    }
    let merged_across = grid.merges.iter().any(|&(r0, c0, _, c1)| {
        r0.checked_sub(grid.top)
            .is_some_and(|r| (first..=last).contains(&(r as usize)))
            && c1 > c0
    });
    // Rows right below that continue the header: no number in them, and a word the row
    // above broke with a hyphen, or a merged group above, or cells the header left open.
    // A column under a group merged across in the header (its periods may be numbers).
    let under_group = |j: usize, upto: usize| {
        let c = grid.left + j as u32;
        grid.merges.iter().any(|&(r0, c0, _, c1)| {
            c1 > c0
                && (c0..=c1).contains(&c)
                && r0
                    .checked_sub(grid.top)
                    .is_some_and(|r| (first..=upto).contains(&(r as usize)))
        })
    };
    while let Some(next) = grid.rows.get(last + 1) {
        let datum_outside_groups = next.iter().enumerate().any(|(j, cell)| {
            cell.is_datum()
                && !(under_group(j, last)
                    && matches!(cell, Cell::Number(n) if n.fract() == 0.0 && (1900.0..2200.0).contains(n)))
        });
        if count(next) == 0
            || datum_outside_groups
            || next.iter().filter_map(Cell::text).any(looks_like_value)
        {
            break;
        }
        let above = &grid.rows[last];
        let hyphen = above
            .iter()
            .filter_map(Cell::text)
            .any(|t| t.ends_with('-') && !t.ends_with(" -"));
        let open: Vec<usize> = (0..grid.width())
            .filter(|&j| (first..=last).all(|i| grid.cell(i, j).is_empty()))
            .collect();
        let fills_open = open
            .iter()
            .any(|&j| !next.get(j).is_none_or(Cell::is_empty));
        let leaves = (0..grid.width())
            .any(|j| !grid.cell(first, j).is_empty() && next.get(j).is_none_or(Cell::is_empty));
        if hyphen || merged_across || (fills_open && leaves) {
            last += 1;
        } else {
            break;
        }
    }
    // Notes below the table: rows of a single text cell (in a table of more columns).
    let mut end = grid.rows.len();
    while end > last + 1 {
        let row = &grid.rows[end - 1];
        let filled = count(row);
        let note = filled == 0
            || (filled == 1
                && widest >= 3
                && row
                    .iter()
                    .find(|c| !c.is_empty())
                    .is_some_and(|c| c.text().is_some()));
        if !note {
            break;
        }
        end -= 1;
    }
    Some(Layout {
        header: first..=last,
        data: last + 1..end,
    })
}

/// A column's header: its header rows' parts, merged cells over it counted, joined (a
/// hyphenated word put together; a period below a group stands alone).
fn header_names(grid: &Grid, rows: &std::ops::RangeInclusive<usize>, width: usize) -> Vec<String> {
    let mut parts: Vec<Vec<String>> = vec![Vec::new(); width];
    for i in rows.clone() {
        for (j, column) in parts.iter_mut().enumerate() {
            let mut text = match grid.cell(i, j) {
                // A year over a column (`2021`) or a date.
                Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
                Cell::Date(date) => date.clone(),
                cell => cell.text().unwrap_or_default().to_owned(),
            };
            if text.is_empty() {
                // A cell merged over this one, in this header row.
                let (r, c) = (grid.top + i as u32, grid.left + j as u32);
                if let Some(&(r0, c0, _, _)) = grid.merges.iter().find(|&&(r0, c0, r1, c1)| {
                    r0 == r && (c0..=c1).contains(&c) && c0 < c && r1 >= r0
                }) {
                    let (i0, j0) = (
                        (r0 - grid.top) as usize,
                        (c0.saturating_sub(grid.left)) as usize,
                    );
                    grid.cell(i0, j0)
                        .text()
                        .unwrap_or_default()
                        .clone_into(&mut text);
                }
            }
            if !text.is_empty() && column.last() != Some(&text) {
                column.push(text);
            }
        }
    }
    parts
        .into_iter()
        .map(|column| {
            if let Some(last) = column.last()
                && column.len() > 1
                && sheet::period_code(last).is_some()
            {
                return last.clone();
            }
            let mut name = String::new();
            for part in column {
                let part = part.replace(['\n', '\r'], " ");
                if name.ends_with('-')
                    && !name.ends_with(" -")
                    && part.starts_with(|c: char| c.is_lowercase())
                {
                    name.pop();
                    name.push_str(&part);
                } else {
                    if !name.is_empty() {
                        name.push(' ');
                    }
                    name.push_str(&part);
                }
            }
            name.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// The decimal mark of the numbers the sheet's data holds as text (`45,6`); `None` when it
/// holds none.
fn text_decimal(grid: &Grid, rows: &std::ops::Range<usize>) -> Option<Decimal> {
    let texts: Vec<&str> = grid.rows[rows.clone()]
        .iter()
        .flatten()
        .filter_map(Cell::text)
        .filter(|t| {
            t.bytes().any(|b| b.is_ascii_digit())
                && t.contains([',', '.'])
                && t.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | ' ' | '(' | ')'))
        })
        .take(2000)
        .collect();
    if texts.is_empty() {
        return None;
    }
    let comma = guess_decimal(texts.iter().copied(), Decimal::Comma);
    let point = guess_decimal(texts.iter().copied(), Decimal::Point);
    // Undecided (only `1.234`): the German mark, as German offices write.
    Some(if comma == point {
        comma
    } else {
        Decimal::Comma
    })
}

/// A number as text in the sheet's decimal mark, without thousands separators.
fn number_text(number: f64, decimal: Decimal) -> String {
    let text = if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{number:.0}")
    } else {
        number.to_string()
    };
    match decimal {
        Decimal::Comma => text.replace('.', ","),
        Decimal::Point => text,
    }
}

/// The official key widths a key column's numbers are padded to.
#[derive(Clone, Copy, Debug, PartialEq)]
enum KeyWidths {
    /// AGS: Land 2, Kreis 5, Gemeinde 8.
    Ags,
    /// ARS: Land 2, Regierungsbezirk 3, Kreis 5, Gemeindeverband 9, Gemeinde 12.
    Ars,
    /// One part of a key split over columns, of this width.
    Part(usize),
}

impl KeyWidths {
    /// A key stored as a number, with the leading zeros its width needs.
    fn pad(self, digits: &str) -> String {
        let widths: &[usize] = match self {
            KeyWidths::Ags => &[2, 5, 8],
            KeyWidths::Ars => &[2, 3, 5, 9, 12],
            KeyWidths::Part(width) => return format!("{digits:0>width$}"),
        };
        // A short number (`1`, `12`) may be a city's own district: left to the import,
        // which restores a zero only where the project holds the key so padded.
        match widths.iter().find(|&&w| w >= digits.len()) {
            Some(&width)
                if width == digits.len() + 1
                    && digits.len() >= 4
                    && crate::model::is_region_key(&format!("0{digits}")) =>
            {
                format!("0{digits}")
            }
            _ => digits.to_owned(),
        }
    }
}

/// The parts of a key split over columns, by their header, with their widths.
const KEY_PARTS: [(&str, usize); 5] = [("land", 2), ("rb", 1), ("kreis", 2), ("vb", 4), ("gem", 3)];

/// A key split over columns: the columns of its parts (in order, from `Land`), and the
/// record type column that says how many of them a row uses.
#[derive(Debug)]
struct SplitKey {
    parts: Vec<(usize, usize)>,
    record: Option<usize>,
}

fn split_key(header: &[String]) -> Option<SplitKey> {
    // `Amtlicher Regionalschlüssel (ARS) Land …`: the part's name is a word of the header.
    let names = |h: &str, name: &str| h.split_whitespace().any(|w| w.eq_ignore_ascii_case(name));
    let start = header.iter().position(|h| names(h, "land"))?;
    let mut parts = Vec::new();
    for (offset, (name, width)) in KEY_PARTS.iter().enumerate() {
        match header.get(start + offset) {
            Some(h) if names(h, name) => parts.push((start + offset, *width)),
            _ => break,
        }
    }
    if parts.len() < 3 {
        return None;
    }
    let record = header
        .iter()
        .position(|h| h.to_lowercase().replace(['-', ' '], "") == "satzart");
    Some(SplitKey { parts, record })
}

/// The level a Gemeindeverzeichnis record type gives: how many key parts it uses.
fn parts_of_record(record: &str) -> Option<usize> {
    match record.trim() {
        "10" => Some(1),
        "20" => Some(2),
        "40" => Some(3),
        "50" => Some(4),
        "60" => Some(5),
        _ => None,
    }
}

/// The Gemeindeverzeichnis's value columns: what each holds.
struct Directory {
    name: usize,
    period: String,
    source: String,
    /// (column, indicator code, indicator name, unit, breakdown)
    values: Vec<(
        usize,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )>,
}

fn directory(grid: &Grid, layout: &Layout, header: &[String]) -> Option<Directory> {
    let find = |what: &dyn Fn(&str) -> bool| header.iter().position(|h| what(&h.to_lowercase()));
    let name = find(&|h| h.starts_with("gemeindename") || h == "name")?;
    let mut values = Vec::new();
    if let Some(area) = find(&|h| h.starts_with("fläche")) {
        values.push((area, "GV_FLAECHE", "Fläche", "km²", ""));
    }
    for (word, breakdown) in [
        ("insgesamt", ""),
        ("männlich", "Geschlecht=männlich"),
        ("weiblich", "Geschlecht=weiblich"),
    ] {
        if let Some(column) =
            find(&|h| h.starts_with("bevölkerung") && h.split_whitespace().any(|w| w == word))
        {
            values.push((
                column,
                "GV_BEVOELKERUNG",
                "Bevölkerung",
                "Personen",
                breakdown,
            ));
        }
    }
    if values.is_empty() {
        return None;
    }
    // The reference date the header names (`31.12.2022 (Jahr)`).
    let date = values.iter().find_map(|(column, ..)| {
        header[*column]
            .split_whitespace()
            .find_map(super::genesis_table::period_code)
    })?;
    let edition = grid.rows[..*layout.header.start()]
        .iter()
        .chain(&grid.rows[layout.header.clone()])
        .flatten()
        .filter_map(Cell::text)
        .find_map(|t| {
            t.find("Gebietsstand am ")
                .map(|at| t[at..].to_owned())
                .or_else(|| {
                    t.rsplit_once(" am ")
                        .map(|(_, date)| format!("Gebietsstand {date}"))
                })
        })
        .unwrap_or_default();
    let source = format!(
        "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis (GV-ISys){}",
        if edition.is_empty() {
            String::new()
        } else {
            format!(", {edition}")
        }
    );
    Some(Directory {
        name,
        period: date,
        source,
        values,
    })
}

/// A sheet as the text the CSV import reads, with what maps it back.
#[derive(Debug)]
pub(super) struct Converted {
    /// The sheet's name.
    pub sheet: String,
    /// The text file.
    pub path: PathBuf,
    _dir: tempfile::TempDir,
    /// Each record's sheet row (0-based), the header's first.
    rows: Vec<u32>,
    /// Each text column's sheet column (0-based).
    columns: Vec<u32>,
    /// Generated rows (the Gemeindeverzeichnis): the text column of the value, and each
    /// record's sheet column of its value.
    value_columns: Option<(usize, Vec<u32>)>,
    /// Formulas without a cached value: (row, column, formula), 0-based.
    uncached: Vec<(u32, u32, String)>,
    /// The decimal mark the numbers were written in.
    pub decimal: Decimal,
}

impl Converted {
    /// The cell a problem on `line` (1-based record) in `column` (1-based) names.
    fn place(&self, line: u64, column: Option<usize>) -> Option<(u32, Option<u32>)> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let row = *self.rows.get(index)?;
        let column = column.and_then(|c| {
            let c = c.checked_sub(1)?;
            match &self.value_columns {
                Some((value, columns)) if *value == c => columns.get(index).copied(),
                _ => self.columns.get(c).copied(),
            }
        });
        Some((row, column))
    }

    fn name(&self, row: u32, column: Option<u32>) -> String {
        match column {
            Some(column) => format!("{}!{}", self.sheet, cell_name(row, column)),
            None => format!("{}!{}:{}", self.sheet, row + 1, row + 1),
        }
    }
}

/// The sheet an import reads, with its cells: the one named, else the first that holds a
/// table (a cover sheet of one column of text passed over).
fn chosen_sheet(
    path: &Path,
    options: &Options,
    progress: &Progress,
) -> Result<(String, Grid), ImportError> {
    if let Some(name) = &options.sheet {
        return Ok((name.clone(), read_grid(path, name, progress)?));
    }
    let names = sheet_names(path)?;
    let mut first = None;
    for name in names {
        let grid = read_grid(path, &name, progress)?;
        if is_genesis_table(&grid) || layout(&grid).is_some_and(|l| !l.data.is_empty()) {
            return Ok((name, grid));
        }
        first.get_or_insert((name, grid));
    }
    first.ok_or_else(|| ImportError::Empty {
        path: path.to_owned(),
    })
}

/// A cell's text as written on one line (a line break inside it as U+2028).
fn clean(text: &str) -> Cow<'_, str> {
    if text.contains(['\n', '\r']) {
        Cow::Owned(
            text.replace("\r\n", "\u{2028}")
                .replace(['\n', '\r'], "\u{2028}"),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// A cell as text: a number in `decimal` (a key's with its official width), a date as
/// `2023-12-31`, a truth value as 1 or 0, an error as Excel writes it.
fn render(cell: &Cell, key: Option<KeyWidths>, decimal: Decimal) -> Cow<'_, str> {
    match cell {
        Cell::Empty => Cow::Borrowed(""),
        Cell::Text(text) => clean(text),
        Cell::Number(number) => match key {
            Some(widths) if number.fract() == 0.0 && *number >= 0.0 => {
                Cow::Owned(widths.pad(&format!("{number:.0}")))
            }
            _ => Cow::Owned(number_text(*number, decimal)),
        },
        Cell::Date(text) | Cell::Error(text) => Cow::Borrowed(text.as_str()),
        Cell::Bool(flag) => Cow::Borrowed(if *flag { "1" } else { "0" }),
    }
}

/// Writes a sheet of `path` as text for the CSV import (see the module documentation).
#[expect(
    clippy::too_many_lines,
    reason = "one pass over the sheet's rows for each of its three layouts, written out"
)]
pub(super) fn convert(
    path: &Path,
    options: &Options,
    progress: &Progress,
) -> Result<Converted, ImportError> {
    let (sheet_name, grid) = chosen_sheet(path, options, progress)?;
    let dir = tempfile::tempdir().map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })?;
    let text_path = dir.path().join(path.file_name().unwrap_or_default());
    let write_error = |source| ImportError::Read {
        path: text_path.clone(),
        source,
    };
    let file = std::fs::File::create(&text_path).map_err(write_error)?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(std::io::BufWriter::with_capacity(1 << 16, file));
    let width = grid.width();
    let mut converted = Converted {
        sheet: sheet_name,
        path: text_path.clone(),
        _dir: dir,
        rows: Vec::new(),
        columns: Vec::new(),
        value_columns: None,
        uncached: grid.uncached.clone(),
        decimal: Decimal::Point,
    };
    let csv_error = |error: csv::Error| match error.into_kind() {
        csv::ErrorKind::Io(source) => ImportError::Read {
            path: path.to_owned(),
            source,
        },
        other => unreadable(path, &format!("{other:?}")),
    };

    // A classic GENESIS table: every row as it stands, its reader knows its parts.
    let (layout, genesis) = if is_genesis_table(&grid) {
        (
            Layout {
                header: 0..=0,
                data: 1..grid.rows.len(),
            },
            true,
        )
    } else {
        match layout(&grid) {
            Some(layout) => (layout, false),
            None => {
                return Err(ImportError::Empty {
                    path: path.to_owned(),
                });
            }
        }
    };
    let decimal = options
        .decimal
        .or_else(|| text_decimal(&grid, &layout.data))
        .unwrap_or(Decimal::Point);
    converted.decimal = decimal;
    let render =
        |cell: &Cell, key: Option<KeyWidths>| -> String { render(cell, key, decimal).into_owned() };

    if genesis {
        for (i, row) in grid.rows.iter().enumerate() {
            if count(row) == 0 && i > 0 {
                continue;
            }
            writer
                .write_record(row.iter().map(|c| render(c, None)))
                .map_err(csv_error)?;
            converted.rows.push(grid.top + i as u32);
        }
        converted.columns = (0..width as u32).map(|j| grid.left + j).collect();
        writer.flush().map_err(write_error)?;
        return Ok(converted);
    }

    let header = header_names(&grid, &layout.header, width);
    let split = split_key(&header);
    let key_column = sheet::roles_from_header(&header).region;
    // The region column's numbers padded to the family of keys its text cells show.
    let key_widths = key_column.map(|column| {
        let ars = grid.rows[layout.data.clone()]
            .iter()
            .filter_map(|r| r.get(column).and_then(Cell::text))
            .take(1000)
            .any(|t| matches!(t.len(), 3 | 9 | 12));
        if ars { KeyWidths::Ars } else { KeyWidths::Ags }
    });
    let directory = split
        .as_ref()
        .filter(|s| s.record.is_some())
        .and_then(|_| directory(&grid, &layout, &header));

    let key_of = |row: &[Cell], split: &SplitKey| -> String {
        let used = split
            .record
            .and_then(|r| row.get(r))
            .map(|c| render(c, None))
            .and_then(|r| parts_of_record(&r));
        let mut key = String::new();
        for (index, &(column, width)) in split.parts.iter().enumerate() {
            if used.is_some_and(|used| index >= used) {
                break;
            }
            let cell = row.get(column).unwrap_or(&Cell::Empty);
            if cell.is_empty() {
                break;
            }
            key.push_str(&render(cell, Some(KeyWidths::Part(width))));
        }
        key
    };

    if let (Some(directory), Some(split)) = (&directory, &split) {
        // The Gemeindeverzeichnis: one record per value, under the ARS.
        writer
            .write_record([
                "region",
                "region_name",
                "indicator",
                "indicator_name",
                "unit",
                "source",
                "period",
                "breakdown",
                "value",
            ])
            .map_err(csv_error)?;
        converted
            .rows
            .push(grid.top + *layout.header.start() as u32);
        let first_part = grid.left + split.parts[0].0 as u32;
        let name_column = grid.left + directory.name as u32;
        converted.columns = vec![
            first_part,
            name_column,
            first_part,
            first_part,
            first_part,
            first_part,
            first_part,
            first_part,
            first_part,
        ];
        let mut value_columns = vec![first_part];
        for i in layout.data.clone() {
            let row = &grid.rows[i];
            let Some(record) = split.record.and_then(|r| row.get(r)) else {
                continue;
            };
            if parts_of_record(&render(record, None)).is_none() {
                continue;
            }
            let key = key_of(row, split);
            let name = render(row.get(directory.name).unwrap_or(&Cell::Empty), None);
            for &(column, code, indicator, unit, breakdown) in &directory.values {
                let cell = row.get(column).unwrap_or(&Cell::Empty);
                if cell.is_empty() {
                    continue;
                }
                writer
                    .write_record([
                        key.as_str(),
                        &name,
                        code,
                        indicator,
                        unit,
                        &directory.source,
                        &directory.period,
                        breakdown,
                        &render(cell, None),
                    ])
                    .map_err(csv_error)?;
                converted.rows.push(grid.top + i as u32);
                value_columns.push(grid.left + column as u32);
            }
        }
        converted.value_columns = Some((8, value_columns));
        writer.flush().map_err(write_error)?;
        return Ok(converted);
    }

    // Every other table: its columns as they stand, a split key joined into one column.
    let joined: Vec<usize> = split
        .as_ref()
        .map(|s| s.parts.iter().map(|p| p.0).collect())
        .unwrap_or_default();
    let mut names: Vec<String> = Vec::with_capacity(width);
    for (j, name) in header.iter().enumerate() {
        if joined.first() == Some(&j) {
            names.push("region".to_owned());
        } else if joined.contains(&j) {
            continue;
        } else {
            names.push(clean(name).into_owned());
        }
        converted.columns.push(grid.left + j as u32);
    }
    writer.write_record(&names).map_err(csv_error)?;
    converted
        .rows
        .push(grid.top + *layout.header.start() as u32);
    let mut record: Vec<String> = Vec::with_capacity(names.len());
    for i in layout.data.clone() {
        let row = &grid.rows[i];
        if count(row) == 0 {
            continue;
        }
        record.clear();
        for j in 0..width {
            if joined.first() == Some(&j) {
                record.push(split.as_ref().map(|s| key_of(row, s)).unwrap_or_default());
                continue;
            }
            if joined.contains(&j) {
                continue;
            }
            let cell = row.get(j).unwrap_or(&Cell::Empty);
            let key = (Some(j) == key_column).then_some(key_widths).flatten();
            record.push(render(cell, key));
        }
        writer.write_record(&record).map_err(csv_error)?;
        converted.rows.push(grid.top + i as u32);
    }
    writer.flush().map_err(write_error)?;
    Ok(converted)
}

/// An error about the text file, said of the workbook.
fn about_workbook(error: ImportError, path: &Path, converted: &Converted) -> ImportError {
    match error {
        ImportError::Read { source, .. } => ImportError::Read {
            path: path.to_owned(),
            source,
        },
        ImportError::Empty { .. } => ImportError::Empty {
            path: path.to_owned(),
        },
        ImportError::Binary { .. } => ImportError::Binary {
            path: path.to_owned(),
        },
        ImportError::Shape { header, .. } => ImportError::Shape {
            path: path.to_owned(),
            header: format!("{}: {header}", converted.sheet),
        },
        ImportError::Setup { message, .. } => ImportError::Setup {
            path: path.to_owned(),
            message: format!("{}: {message}", converted.sheet),
        },
        other => other,
    }
}

/// The options the text is read with: UTF-8, `;`, the sheet's decimal mark.
fn text_options(options: &Options, converted: &Converted) -> Options {
    Options {
        encoding: Some(super::sniff::Encoding::Utf8),
        delimiter: Some(b';'),
        decimal: Some(converted.decimal),
        sheet: None,
        ..options.clone()
    }
}

/// Imports a sheet of a workbook (see the module documentation).
pub(super) fn import(
    store: &mut crate::store::Store,
    path: &Path,
    options: &Options,
    progress: &std::sync::Arc<Progress>,
) -> Result<Report, ImportError> {
    let converted = convert(path, options, progress)?;
    let mut report = super::import_text(
        store,
        &converted.path,
        &text_options(options, &converted),
        progress,
    )
    .map_err(|e| about_workbook(e, path, &converted))?;
    path.clone_into(&mut report.file);
    place_problems(&mut report, &converted);
    Ok(report)
}

/// The first values of a sheet as they will be stored (the wizard's preview).
pub(super) fn preview(
    path: &Path,
    options: &Options,
    limit: usize,
) -> Result<Preview, ImportError> {
    let converted = convert(path, options, &Progress::default())?;
    let mut preview =
        super::preview::preview_text(&converted.path, &text_options(options, &converted), limit)
            .map_err(|e| about_workbook(e, path, &converted))?;
    for row in &mut preview.rows {
        if let Some((sheet_row, _)) = converted.place(row.line, None) {
            row.line = u64::from(sheet_row) + 1;
        }
    }
    preview.sheet = Some(converted.sheet.clone());
    Ok(preview)
}

/// Names each problem by its sheet and cell, its line the sheet's row; adds one for each
/// formula without a cached value.
fn place_problems(report: &mut Report, converted: &Converted) {
    report.sheet = Some(converted.sheet.clone());
    let mut empty_lines: Vec<u64> = Vec::new();
    for line in &report.empty_lines {
        if let Some((row, _)) = converted.place(*line, None) {
            let row = u64::from(row) + 1;
            if empty_lines.last() != Some(&row) {
                empty_lines.push(row);
            }
        }
    }
    // The warning naming empty cells is written again with the sheet's rows.
    let empty_warning = report.empty_values > 0
        && report
            .problems
            .last()
            .is_some_and(|p| p.warning && Some(&p.line) == report.empty_lines.first());
    if empty_warning {
        report.problems.pop();
    }
    for problem in &mut report.problems {
        if problem.feature.is_some() || problem.line == 0 {
            continue;
        }
        if let Some((row, column)) = converted.place(problem.line, problem.column) {
            problem.cell = Some(converted.name(row, column));
            problem.line = u64::from(row) + 1;
            problem.column = column.map(|c| c as usize + 1);
        }
    }
    if empty_warning {
        report.empty_lines = empty_lines;
        report.note_empty_values();
        if let Some(problem) = report.problems.last_mut() {
            problem.cell = Some(format!(
                "{}!{}:{}",
                converted.sheet, problem.line, problem.line
            ));
        }
    }
    for (row, column, formula) in &converted.uncached {
        let message = t!("import.workbook.uncached", formula = formula);
        report.problem(
            u64::from(*row) + 1,
            Some(*column as usize + 1),
            message,
            false,
        );
        if let Some(problem) = report.problems.last_mut() {
            problem.cell = Some(converted.name(*row, Some(*column)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 5), "F12");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 701), "ZZ10");
        assert_eq!(cell_name(9, 702), "AAA10");
    }

    #[test]
    fn keys_stored_as_numbers_get_their_width_back() {
        assert_eq!(KeyWidths::Ags.pad("5315000"), "05315000");
        assert_eq!(KeyWidths::Ags.pad("5315"), "05315");
        assert_eq!(KeyWidths::Ags.pad("1"), "1", "a district's number, perhaps");
        assert_eq!(KeyWidths::Ags.pad("12345"), "12345");
        assert_eq!(KeyWidths::Ars.pad("10010000"), "010010000");
        assert_eq!(KeyWidths::Ars.pad("31590016016"), "031590016016");
        assert_eq!(KeyWidths::Part(4), KeyWidths::Part(4));
        assert_eq!(KeyWidths::Part(4).pad("16"), "0016");
        assert_eq!(KeyWidths::Part(2).pad("3"), "03");
    }

    #[test]
    fn numbers_follow_the_sheet_s_decimal_mark() {
        assert_eq!(number_text(45.6, Decimal::Comma), "45,6");
        assert_eq!(number_text(45.6, Decimal::Point), "45.6");
        assert_eq!(number_text(92550.0, Decimal::Comma), "92550");
        assert_eq!(number_text(-3.0, Decimal::Point), "-3");
    }
}

#[cfg(test)]
#[path = "workbook_tests.rs"]
mod workbook_tests;
