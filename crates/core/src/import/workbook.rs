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
//! A workbook Lernstadt exported comes back whole ([`export_sheets`]): without a sheet
//! named, every sheet of values (a `--wide` export's sheet per indicator, a long export's
//! `Daten` and `Daten (2)`) is imported as one action, and a flagged number of a wide sheet
//! (`12,5 p` by its number format, which the reader does not see) gets its flag from the
//! export's *Kennzeichen* sheet.
//!
//! The sheet is streamed: its first rows ([`HEAD_ROWS`]) decide the layout, the decimal
//! mark and the keys' width, and every row is then written as it is read, so a sheet of
//! millions of cells never stands in memory. The text is written to a file in a private
//! temporary folder, named like the workbook (the `import` row names the workbook), with
//! line breaks inside cells as U+2028, so that each record is one line; the import reads
//! that file on this thread while another writes it ([`text_file`]), and its report is
//! then mapped back to the sheet.
//! The SHA-256 the import keeps is that of the sheet's cells as read, which saving the
//! workbook again without changing them leaves as it is.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use calamine::Reader;

use super::text_file;
use super::values::{Decimal, guess_decimal, parse_number};
use super::{ImportError, Options, Preview, Progress, Report, sheet};
use crate::t;
use cells::{Cell, Merges, Rows, Uncached};

#[path = "workbook_cells.rs"]
mod cells;
#[path = "workbook_merges.rs"]
mod merges;

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

/// The first rows of a sheet, read before its layout is decided (title rows, the header,
/// the first data rows): `rows[i][j]` is the cell at row `top + i`, column `left + j`
/// (0-based). The rest of the sheet is written as it is read.
#[derive(Debug, Default)]
struct Grid<'a> {
    rows: Vec<Vec<Cell<'a>>>,
    top: u32,
    left: u32,
    /// Merged areas, 0-based and inclusive: (first row, first column, last row, last column).
    merges: Merges,
}

/// How many rows holding cells are read before the layout is decided: the header, and data
/// enough to see the decimal mark and the keys' width.
const HEAD_ROWS: usize = 2_000;

impl<'a> Grid<'a> {
    /// The first [`HEAD_ROWS`] rows of `rows`.
    fn head(rows: &mut Rows<'a>) -> Result<Grid<'a>, ImportError> {
        let mut grid = Grid {
            rows: Vec::new(),
            top: rows.top,
            left: rows.left,
            merges: rows.merges.clone(),
        };
        let mut cells = Vec::new();
        for _ in 0..HEAD_ROWS {
            let Some(row) = rows.next(&mut cells)? else {
                break;
            };
            let i = row.saturating_sub(grid.top) as usize;
            if grid.rows.len() <= i {
                grid.rows.resize_with(i + 1, Vec::new);
            }
            let known = &mut grid.rows[i];
            if known.is_empty() {
                *known = std::mem::take(&mut cells);
            } else {
                // A row whose cells came in two parts: put together.
                for (j, cell) in cells.drain(..).enumerate() {
                    if cell != Cell::Empty {
                        if known.len() <= j {
                            known.resize(j + 1, Cell::Empty);
                        }
                        known[j] = cell;
                    }
                }
            }
        }
        Ok(grid)
    }

    fn cell(&self, i: usize, j: usize) -> &Cell<'a> {
        self.rows
            .get(i)
            .and_then(|r| r.get(j))
            .unwrap_or(&Cell::Empty)
    }

    fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Calls `each` with every row from index `from` on that holds a cell: the grid's, then
    /// the rest of the sheet as `rows` reads it; `each` returns whether to go on.
    fn each_row(
        &self,
        from: usize,
        rows: &mut Rows<'a>,
        mut each: impl FnMut(usize, &[Cell<'a>]) -> Result<bool, ImportError>,
    ) -> Result<(), ImportError> {
        for i in from..self.rows.len() {
            if !each(i, &self.rows[i])? {
                return Ok(());
            }
        }
        let mut cells = Vec::new();
        let mut next = self.rows.len();
        while let Some(row) = rows.next(&mut cells)? {
            let i = row.saturating_sub(self.top) as usize;
            if i < next {
                return Err(ImportError::Setup {
                    path: rows.path.to_owned(),
                    message: t!(
                        "import.workbook.out_of_order",
                        row = row + 1,
                        after = self.top as usize + next
                    ),
                });
            }
            next = i + 1;
            if !each(i, &cells)? {
                break;
            }
        }
        Ok(())
    }
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

/// The 0-based (row, column) of a cell's name (`F12` gives (11, 5)); `None` for what is
/// not a cell's name.
#[must_use]
pub fn cell_position(name: &str) -> Option<(u32, u32)> {
    merges::position(name)
}

/// Where the table of a sheet stands.
#[derive(Debug)]
struct Layout {
    /// The header rows (indices into the grid's rows), first to last.
    header: std::ops::RangeInclusive<usize>,
    /// The data rows the grid holds, first to last (exclusive end); the sheet's rows below
    /// them follow.
    data: std::ops::Range<usize>,
    /// The most cells a row of the first 40 holds.
    widest: usize,
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
    let mut end = grid.rows.len();
    while end > last + 1 && is_note(&grid.rows[end - 1], widest) {
        end -= 1;
    }
    Some(Layout {
        header: first..=last,
        data: last + 1..end,
        widest,
    })
}

/// Whether a row is a note below the table, if nothing but notes follows it: an empty
/// row, or a single text cell in a table of more columns.
fn is_note(row: &[Cell], widest: usize) -> bool {
    match count(row) {
        0 => true,
        1 => {
            widest >= 3
                && row
                    .iter()
                    .find(|c| !c.is_empty())
                    .is_some_and(|c| c.text().is_some())
        }
        _ => false,
    }
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
                Cell::Date(date) => date.to_string(),
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
                && super::values::any_period_code(last).is_some()
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
#[cfg(test)]
fn number_text(number: f64, decimal: Decimal) -> String {
    let mut text = String::new();
    number_into(&mut text, number, decimal);
    text
}

/// Appends a number as text in the sheet's decimal mark, without thousands separators.
fn number_into(buffer: &mut String, number: f64, decimal: Decimal) {
    use std::fmt::Write as _;
    let start = buffer.len();
    let written = if number.fract() == 0.0 && number.abs() < 1e15 {
        // Exact as an integer, and written as one much faster than a float.
        write!(buffer, "{}", number as i64)
    } else {
        write!(buffer, "{number}")
    };
    written.expect("writing to a String cannot fail");
    if decimal == Decimal::Comma
        && let Some(at) = buffer[start..].find('.')
    {
        buffer.replace_range(start + at..=start + at, ",");
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
            .find_map(super::values::official_period_code)
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
    /// The private folder that holds it, removed with it.
    _dir: Option<tempfile::TempDir>,
    /// Each record's sheet row (0-based), the header's first.
    rows: Vec<u32>,
    /// Each text column's sheet column (0-based).
    columns: Vec<u32>,
    /// Generated rows (the Gemeindeverzeichnis): the text column of the value, and each
    /// record's sheet column of its value.
    value_columns: Option<(usize, Vec<u32>)>,
    /// Formulas without a cached value: (row, column, formula), 0-based.
    uncached: Uncached,
    /// Cells right of the table, below its first rows, which no header names: the first
    /// (row, column), and how many.
    beyond: Option<(u32, u32, u64)>,
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

/// Cells as text, in the sheet's decimal mark, through one buffer.
struct Render {
    decimal: Decimal,
    buffer: String,
}

impl Render {
    /// A cell as text: a number in the decimal mark (a key's with its official width), a
    /// date as `2023-12-31`, a truth value as 1 or 0, an error as Excel writes it, a text
    /// on one line.
    fn text<'c>(&'c mut self, cell: &'c Cell<'_>, key: Option<KeyWidths>) -> &'c str {
        match cell {
            Cell::Empty => "",
            Cell::Text(text) => match clean(text) {
                Cow::Borrowed(text) => text,
                Cow::Owned(text) => {
                    self.buffer = text;
                    &self.buffer
                }
            },
            Cell::Number(number) => {
                self.buffer.clear();
                match key {
                    Some(widths) if number.fract() == 0.0 && *number >= 0.0 => {
                        self.buffer = widths.pad(&format!("{number:.0}"));
                    }
                    _ => number_into(&mut self.buffer, *number, self.decimal),
                }
                &self.buffer
            }
            Cell::Date(text) | Cell::Error(text) => text,
            Cell::Bool(flag) => {
                if *flag {
                    "1"
                } else {
                    "0"
                }
            }
        }
    }

    /// A number that carries a flag as the value parser reads it: `(12,5)`, `12,5 p`,
    /// `(12,5) p`.
    fn flagged(&mut self, number: f64, flag: &Flag) -> &str {
        self.buffer.clear();
        if flag.parentheses {
            self.buffer.push('(');
        }
        number_into(&mut self.buffer, number, self.decimal);
        if flag.parentheses {
            self.buffer.push(')');
        }
        if let Some(quality) = &flag.quality {
            self.buffer.push(' ');
            self.buffer.push_str(quality);
        }
        &self.buffer
    }

    /// A key split over columns, joined: as many parts as the row's record type says
    /// (all where it has none), each with its width.
    fn key(&mut self, row: &[Cell<'_>], split: &SplitKey) -> String {
        let used = split
            .record
            .and_then(|r| row.get(r))
            .and_then(|c| parts_of_record(self.text(c, None)));
        let mut key = String::new();
        for (index, &(column, width)) in split.parts.iter().enumerate() {
            if used.is_some_and(|used| index >= used) {
                break;
            }
            let cell = row.get(column).unwrap_or(&Cell::Empty);
            if cell.is_empty() {
                break;
            }
            key.push_str(self.text(cell, Some(KeyWidths::Part(width))));
        }
        key
    }
}

/// The text a sheet is written to: a file's path and what writes it.
struct Target {
    path: PathBuf,
    writer: Box<dyn std::io::Write + Send>,
    /// A file imported while it is written: told how far the sheet is read.
    growing: Option<std::sync::Arc<text_file::Growing>>,
}

/// A private temporary folder and the path of the text in it, named like the workbook
/// (the `import` row names the workbook).
fn text_path(path: &Path) -> Result<(tempfile::TempDir, PathBuf), ImportError> {
    let dir = tempfile::tempdir().map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })?;
    let text = dir.path().join(path.file_name().unwrap_or_default());
    Ok((dir, text))
}

/// Writes a sheet of `path` as text for the CSV import (see the module documentation) to
/// a file in a private temporary folder; with `limit`, its first `limit` records only (the
/// wizard's preview). `flags`: the flags sheet's, read once for several sheets (`None`:
/// read here).
pub(super) fn convert(
    path: &Path,
    options: &Options,
    progress: &Progress,
    limit: Option<usize>,
    flags: Option<&mut FlagsBySheet>,
) -> Result<Converted, ImportError> {
    let (dir, text) = text_path(path)?;
    let file = std::fs::File::create(&text).map_err(|source| ImportError::Read {
        path: text.clone(),
        source,
    })?;
    let target = Target {
        path: text,
        writer: Box::new(file),
        growing: None,
    };
    let converted = convert_into(path, options, progress, limit, target, &|_, _| {}, flags)?;
    Ok(Converted {
        _dir: Some(dir),
        ..converted
    })
}

/// Writes a sheet of `path` as text to `target`; `ready` learns the decimal mark the
/// numbers are written in before the first record is. The sheet is the one named, else the
/// first that holds a table (a cover sheet of one column of text passed over). `flags` as
/// for [`convert`].
fn convert_into(
    path: &Path,
    options: &Options,
    progress: &Progress,
    limit: Option<usize>,
    target: Target,
    ready: &dyn Fn(&str, Decimal),
    flags: Option<&mut FlagsBySheet>,
) -> Result<Converted, ImportError> {
    let mut book = open(path)?;
    let mut read;
    let flags = if let Some(flags) = flags {
        flags
    } else {
        read = read_flags(&mut book, path, progress)?;
        &mut read
    };
    let names = match &options.sheet {
        Some(name) => vec![name.clone()],
        None => book.sheet_names(),
    };
    for name in &names {
        let mut whole = None;
        let mut rows = Rows::open(&mut book, &mut whole, path, name, progress)?;
        let grid = Grid::head(&mut rows)?;
        if options.sheet.is_some()
            || is_genesis_table(&grid)
            || layout(&grid).is_some_and(|l| !l.data.is_empty())
        {
            let sheet = Sheet {
                name,
                grid: &grid,
                flags: flags.remove(name).unwrap_or_default(),
            };
            return write_sheet(path, options, &sheet, &mut rows, limit, target, ready);
        }
    }
    // No sheet holds a table: the first, which the import then says is empty.
    let Some(first) = names.first() else {
        return Err(ImportError::Empty {
            path: path.to_owned(),
        });
    };
    let mut whole = None;
    let mut rows = Rows::open(&mut book, &mut whole, path, first, progress)?;
    let grid = Grid::head(&mut rows)?;
    let sheet = Sheet {
        name: first,
        grid: &grid,
        flags: flags.remove(first).unwrap_or_default(),
    };
    write_sheet(path, options, &sheet, &mut rows, limit, target, ready)
}

/// A sheet chosen: its name and first rows, and the flags of its numbers.
struct Sheet<'s, 'a> {
    name: &'s str,
    grid: &'s Grid<'a>,
    flags: FlagCells,
}

/// The flag of a number in a wide sheet Lernstadt exported, as its flags sheet names it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Flag {
    /// Limited reliability: `()`.
    parentheses: bool,
    /// The quality flag (`p`).
    quality: Option<String>,
}

/// The flagged numbers of one sheet, by (row, column), 0-based.
type FlagCells = std::collections::HashMap<(u32, u32), Flag>;

/// The flagged numbers of a workbook, by sheet.
pub(super) type FlagsBySheet = std::collections::HashMap<String, FlagCells>;

/// Whether a sheet is the flags sheet of a wide export (`Kennzeichen`, `Flags`).
fn is_flags_sheet(name: &str) -> bool {
    [crate::i18n::Lang::De, crate::i18n::Lang::En]
        .into_iter()
        .any(|lang| name == crate::i18n::tr_in(lang, "export.workbook.flags"))
}

/// The flags a wide export's flags sheet gives, by sheet (none where the workbook has no
/// such sheet): a number shown as `12,5 p` stays a number in Excel, and its flag is read
/// back from there.
fn read_flags(
    book: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    path: &Path,
    progress: &Progress,
) -> Result<FlagsBySheet, ImportError> {
    let mut flags = FlagsBySheet::new();
    let Some(name) = book.sheet_names().into_iter().find(|n| is_flags_sheet(n)) else {
        return Ok(flags);
    };
    let mut whole = None;
    let mut rows = Rows::open(book, &mut whole, path, &name, progress)?;
    let mut cells = Vec::new();
    let Some(_) = rows.next(&mut cells)? else {
        return Ok(flags);
    };
    let at = |wanted: &str| cells.iter().position(|c| c.text() == Some(wanted));
    let (Some(sheet), Some(cell), Some(symbol), Some(quality)) =
        (at("sheet"), at("cell"), at("symbol"), at("quality"))
    else {
        return Ok(flags);
    };
    let text = |cells: &[Cell], j: usize| {
        cells
            .get(j)
            .and_then(Cell::text)
            .unwrap_or_default()
            .to_owned()
    };
    while rows.next(&mut cells)?.is_some() {
        let Some(position) = cell_position(&text(&cells, cell)) else {
            continue;
        };
        let flag = Flag {
            parentheses: text(&cells, symbol) == "()",
            quality: Some(text(&cells, quality)).filter(|q| !q.is_empty()),
        };
        if flag.parentheses || flag.quality.is_some() {
            flags
                .entry(text(&cells, sheet))
                .or_default()
                .insert(position, flag);
        }
    }
    Ok(flags)
}

fn csv_error(path: &Path, error: csv::Error) -> ImportError {
    match error.into_kind() {
        csv::ErrorKind::Io(source) => ImportError::Read {
            path: path.to_owned(),
            source,
        },
        other => unreadable(path, &format!("{other:?}")),
    }
}

/// The text being written: records of `;`-separated fields, and what maps them back.
struct Out<'p> {
    writer: csv::Writer<std::io::BufWriter<Box<dyn std::io::Write + Send>>>,
    render: Render,
    converted: Converted,
    limit: Option<usize>,
    /// A text imported while it is written, and the sheet's last row: the import's
    /// progress is how far the sheet is written.
    growing: Option<(std::sync::Arc<text_file::Growing>, u32)>,
    progress: &'p Progress,
    /// The flags of the sheet's numbers (a wide export's).
    flags: &'p FlagCells,
}

impl Out<'_> {
    /// Ends the record whose fields were written, from sheet row `row` (0-based).
    fn end_record(&mut self, row: u32) -> Result<(), ImportError> {
        self.writer
            .write_record(None::<&[u8]>)
            .map_err(|e| csv_error(&self.converted.path, e))?;
        self.converted.rows.push(row);
        if let Some((growing, last_row)) = &self.growing
            && self.converted.rows.len().is_multiple_of(4096)
        {
            // The text's size when the sheet is written to its last row, as far as the
            // rows so far tell.
            let first = self.converted.rows[0];
            let done = u64::from(row.saturating_sub(first)) + 1;
            let all = u64::from(last_row.saturating_sub(first)) + 1;
            let written = growing.written();
            self.progress.total_bytes.store(
                written.saturating_mul(all.max(done)) / done,
                std::sync::atomic::Ordering::Relaxed,
            );
        }
        Ok(())
    }

    fn field(&mut self, text: &str) -> Result<(), ImportError> {
        self.writer
            .write_field(text)
            .map_err(|e| csv_error(&self.converted.path, e))
    }

    fn record<'t>(
        &mut self,
        fields: impl IntoIterator<Item = &'t str>,
        row: u32,
    ) -> Result<(), ImportError> {
        for field in fields {
            self.field(field)?;
        }
        self.end_record(row)
    }

    /// Whether the records written are fewer than the limit.
    fn wants_more(&self) -> bool {
        self.limit
            .is_none_or(|limit| self.converted.rows.len() <= limit)
    }
}

/// Writes the sheet whose first rows are `sheet.grid` and whose other rows `rows` reads to
/// `target`.
fn write_sheet<'a>(
    path: &Path,
    options: &Options,
    sheet: &Sheet<'_, 'a>,
    rows: &mut Rows<'a>,
    limit: Option<usize>,
    target: Target,
    ready: &dyn Fn(&str, Decimal),
) -> Result<Converted, ImportError> {
    let grid = sheet.grid;
    let writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(std::io::BufWriter::with_capacity(1 << 16, target.writer));
    // A classic GENESIS table: every row as it stands, its reader knows its parts.
    let genesis = is_genesis_table(grid);
    let layout = if genesis {
        Layout {
            header: 0..=0,
            data: 1..grid.rows.len(),
            widest: grid.width(),
        }
    } else {
        layout(grid).ok_or_else(|| ImportError::Empty {
            path: path.to_owned(),
        })?
    };
    let decimal = options
        .decimal
        .or_else(|| text_decimal(grid, &layout.data))
        .unwrap_or(Decimal::Point);
    ready(sheet.name, decimal);
    let mut out = Out {
        writer,
        render: Render {
            decimal,
            buffer: String::new(),
        },
        growing: target.growing.map(|growing| (growing, rows.last_row)),
        progress: rows.progress,
        flags: &sheet.flags,
        converted: Converted {
            sheet: sheet.name.to_owned(),
            path: target.path,
            _dir: None,
            rows: Vec::new(),
            columns: Vec::new(),
            value_columns: None,
            uncached: Vec::new(),
            beyond: None,
            decimal,
        },
        limit,
    };
    if genesis {
        out.genesis(grid, rows)?;
    } else {
        let header = header_names(grid, &layout.header, grid.width());
        let split = split_key(&header);
        let directory = split
            .as_ref()
            .filter(|s| s.record.is_some())
            .and_then(|_| directory(grid, &layout, &header));
        match (directory, &split) {
            (Some(directory), Some(split)) => {
                out.directory(grid, rows, &layout, &directory, split)?;
            }
            _ => out.table(grid, rows, &layout, &header, split.as_ref())?,
        }
    }
    out.converted.uncached = std::mem::take(&mut rows.uncached);
    out.writer.flush().map_err(|source| ImportError::Read {
        path: out.converted.path.clone(),
        source,
    })?;
    Ok(out.converted)
}

/// How a table's columns are written: its width, the key split over columns joined into
/// one, the region column's numbers padded to their official width.
struct Columns<'s> {
    width: usize,
    split: Option<&'s SplitKey>,
    /// The columns of the split key's parts (the first stands for the key).
    joined: Vec<usize>,
    key_column: Option<usize>,
    key_widths: Option<KeyWidths>,
}

impl Out<'_> {
    /// A classic GENESIS table: every row as it stands.
    fn genesis<'a>(&mut self, grid: &Grid<'a>, rows: &mut Rows<'a>) -> Result<(), ImportError> {
        let mut width = 0;
        grid.each_row(0, rows, |i, row| {
            if count(row) == 0 && i > 0 {
                return Ok(true);
            }
            for cell in row {
                let text = self.render.text(cell, None);
                self.writer
                    .write_field(text)
                    .map_err(|e| csv_error(&self.converted.path, e))?;
            }
            self.end_record(grid.top + i as u32)?;
            width = width.max(row.len());
            Ok(self.wants_more())
        })?;
        self.converted.columns = (0..width as u32).map(|j| grid.left + j).collect();
        Ok(())
    }

    /// The Gemeindeverzeichnis: one record per value, under the ARS.
    fn directory<'a>(
        &mut self,
        grid: &Grid<'a>,
        rows: &mut Rows<'a>,
        layout: &Layout,
        directory: &Directory,
        split: &SplitKey,
    ) -> Result<(), ImportError> {
        let header_row = grid.top + *layout.header.start() as u32;
        self.record(
            [
                "region",
                "region_name",
                "indicator",
                "indicator_name",
                "unit",
                "source",
                "period",
                "breakdown",
                "value",
            ],
            header_row,
        )?;
        let first_part = grid.left + split.parts[0].0 as u32;
        let name_column = grid.left + directory.name as u32;
        self.converted.columns = vec![first_part; 9];
        self.converted.columns[1] = name_column;
        let mut value_columns = vec![first_part];
        grid.each_row(layout.data.start, rows, |i, row| {
            let Some(record) = split.record.and_then(|r| row.get(r)) else {
                return Ok(true);
            };
            if parts_of_record(self.render.text(record, None)).is_none() {
                return Ok(true);
            }
            let key = self.render.key(row, split);
            let name = self
                .render
                .text(row.get(directory.name).unwrap_or(&Cell::Empty), None)
                .to_owned();
            for &(column, code, indicator, unit, breakdown) in &directory.values {
                let cell = row.get(column).unwrap_or(&Cell::Empty);
                if cell.is_empty() {
                    continue;
                }
                let value = self.render.text(cell, None).to_owned();
                self.record(
                    [
                        key.as_str(),
                        &name,
                        code,
                        indicator,
                        unit,
                        &directory.source,
                        &directory.period,
                        breakdown,
                        &value,
                    ],
                    grid.top + i as u32,
                )?;
                value_columns.push(grid.left + column as u32);
            }
            Ok(self.wants_more())
        })?;
        self.converted.value_columns = Some((8, value_columns));
        Ok(())
    }

    /// Every other table: its columns as they stand, a split key joined into one column;
    /// notes below it left out.
    fn table<'a>(
        &mut self,
        grid: &Grid<'a>,
        rows: &mut Rows<'a>,
        layout: &Layout,
        header: &[String],
        split: Option<&SplitKey>,
    ) -> Result<(), ImportError> {
        let key_column = sheet::roles_from_header(header).region;
        // The region column's numbers padded to the family of keys its text cells show.
        let key_widths = key_column.map(|column| {
            let ars = grid.rows[layout.data.clone()]
                .iter()
                .filter_map(|r| r.get(column).and_then(Cell::text))
                .take(1000)
                .any(|t| matches!(t.len(), 3 | 9 | 12));
            if ars { KeyWidths::Ars } else { KeyWidths::Ags }
        });
        let columns = Columns {
            width: grid.width(),
            split,
            joined: split
                .map(|s| s.parts.iter().map(|p| p.0).collect())
                .unwrap_or_default(),
            key_column,
            key_widths,
        };
        let mut names: Vec<String> = Vec::with_capacity(columns.width);
        for (j, name) in header.iter().enumerate() {
            if columns.joined.first() == Some(&j) {
                names.push("region".to_owned());
            } else if columns.joined.contains(&j) {
                continue;
            } else {
                names.push(clean(name).into_owned());
            }
            self.converted.columns.push(grid.left + j as u32);
        }
        self.record(
            names.iter().map(String::as_str),
            grid.top + *layout.header.start() as u32,
        )?;
        // Rows that may be notes wait until a row of the table follows them.
        let mut notes: Vec<(usize, Vec<Cell<'a>>)> = Vec::new();
        grid.each_row(layout.data.start, rows, |i, row| {
            if count(row) == 0 {
                return Ok(true);
            }
            if is_note(row, layout.widest) {
                notes.push((i, row.to_vec()));
                return Ok(true);
            }
            for (i, note) in std::mem::take(&mut notes) {
                self.table_row(grid, &columns, i, &note)?;
            }
            self.table_row(grid, &columns, i, row)?;
            Ok(self.wants_more())
        })
    }

    fn table_row(
        &mut self,
        grid: &Grid<'_>,
        columns: &Columns<'_>,
        i: usize,
        row: &[Cell<'_>],
    ) -> Result<(), ImportError> {
        let sheet_row = grid.top + i as u32;
        for j in 0..columns.width {
            if columns.joined.first() == Some(&j) {
                let key = columns
                    .split
                    .map(|s| self.render.key(row, s))
                    .unwrap_or_default();
                self.field(&key)?;
                continue;
            }
            if columns.joined.contains(&j) {
                continue;
            }
            let cell = row.get(j).unwrap_or(&Cell::Empty);
            let key = (Some(j) == columns.key_column)
                .then_some(columns.key_widths)
                .flatten();
            let flag = match cell {
                Cell::Number(number) if !self.flags.is_empty() => self
                    .flags
                    .get(&(sheet_row, grid.left + j as u32))
                    .map(|flag| (*number, flag)),
                _ => None,
            };
            let text = match flag {
                Some((number, flag)) => self.render.flagged(number, flag),
                None => self.render.text(cell, key),
            };
            self.writer
                .write_field(text)
                .map_err(|e| csv_error(&self.converted.path, e))?;
        }
        for (j, cell) in row.iter().enumerate().skip(columns.width) {
            if !cell.is_empty() {
                let beyond =
                    self.converted
                        .beyond
                        .get_or_insert((sheet_row, grid.left + j as u32, 0));
                beyond.2 += 1;
            }
        }
        self.end_record(sheet_row)
    }
}

/// An error about the text file, said of the workbook.
fn about_workbook(error: ImportError, path: &Path, sheet: &str) -> ImportError {
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
            header: format!("{sheet}: {header}"),
        },
        ImportError::Setup { message, .. } => ImportError::Setup {
            path: path.to_owned(),
            message: format!("{sheet}: {message}"),
        },
        other => other,
    }
}

/// The options the text is read with: UTF-8, `;`, the sheet's decimal mark.
fn text_options(options: &Options, decimal: Decimal) -> Options {
    Options {
        encoding: Some(super::sniff::Encoding::Utf8),
        delimiter: Some(b';'),
        decimal: Some(decimal),
        sheet: None,
        ..options.clone()
    }
}

/// Imports a sheet of a workbook (see the module documentation): the sheet is read and
/// written as text on one thread while the import reads that text on this one.
pub(super) fn import(
    store: &mut crate::store::Store,
    path: &Path,
    options: &Options,
    progress: &std::sync::Arc<Progress>,
) -> Result<Report, ImportError> {
    if options.entity.is_some() {
        // An entity list, a few rows: written whole, then read.
        let converted = convert(path, options, progress, None, None)?;
        let report = super::import_text(
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
            (sheet, super::import_text(store, &text, &options, progress))
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

/// The first cells of an observations sheet Lernstadt exports (long and wide).
const EXPORT_HEADER: [&str; 4] = ["indicator", "indicator_name", "region", "region_name"];

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
/// each written as text whole, then all imported as [`super::import_files`] imports text
/// files; one report, its counts summed and its problems named by sheet and cell.
fn import_sheets(
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
    let label = format!("import {}", super::file_name(path));
    let reports = super::import_files(store, &label, &files, options.dry_run, progress, |_| Ok(()))
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
            if all.problems.len() < super::MAX_PROBLEMS {
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

/// The import's report said of the workbook: its file, problems named by sheet and cell.
fn placed(mut report: Report, path: &Path, converted: &Converted) -> Report {
    path.clone_into(&mut report.file);
    place_problems(&mut report, converted);
    report
}

/// How many records of a sheet the wizard's preview writes as text: more than it shows, so
/// that the text read to detect the table's shape is the same as the import's.
const PREVIEW_RECORDS: usize = 5_000;

/// The first values of a sheet as they will be stored (the wizard's preview).
pub(super) fn preview(
    path: &Path,
    options: &Options,
    limit: usize,
) -> Result<Preview, ImportError> {
    let converted = convert(
        path,
        options,
        &Progress::default(),
        Some(PREVIEW_RECORDS.max(limit)),
        None,
    )?;
    let mut preview = super::preview::preview_text(
        &converted.path,
        &text_options(options, converted.decimal),
        limit,
    )
    .map_err(|e| about_workbook(e, path, &converted.sheet))?;
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
    if let Some((row, column, count)) = converted.beyond {
        let message = t!(
            "import.workbook.beyond_table",
            count = crate::i18n::format_int(count as i64),
            cell = cell_name(row, column)
        );
        let before = report.problems.len();
        report.problem(u64::from(row) + 1, Some(column as usize + 1), message, true);
        if report.problems.len() > before
            && let Some(problem) = report.problems.last_mut()
        {
            problem.cell = Some(converted.name(row, Some(column)));
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
pub(crate) mod workbook_tests;
