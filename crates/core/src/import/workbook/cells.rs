//! A sheet's cells as calamine reads them, one row at a time: an `.xlsx` (the workbook
//! offices and Excel write) streamed from its XML, so that a sheet of millions of cells never
//! stands in memory; the other formats from the range calamine reads for them.
//!
//! Text cells borrow from the workbook's shared strings, which calamine holds anyway.

use std::borrow::Cow;
use std::path::Path;

use calamine::{Data, DataRef, Reader};

use super::super::{ImportError, Progress};
use super::book::unreadable;
use super::merges::Merges;
use crate::t;

/// One cell as read.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Cell<'a> {
    Empty,
    Text(Cow<'a, str>),
    Number(f64),
    /// A date (`2023-12-31`) or a date and time, as text.
    Date(Cow<'a, str>),
    Bool(bool),
    /// An error value (`#DIV/0!`), as Excel writes it.
    Error(Cow<'a, str>),
}

impl Cell<'_> {
    pub(super) fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    pub(super) fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(text) => Some(text.trim()),
            _ => None,
        }
    }

    /// A number, a date or a truth value: something no header holds.
    pub(super) fn is_datum(&self) -> bool {
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

fn cell_of_ref(value: DataRef<'_>) -> Cell<'_> {
    match value {
        DataRef::Empty => Cell::Empty,
        DataRef::String(text) => Cell::Text(Cow::Owned(text)),
        DataRef::SharedString(text) => Cell::Text(Cow::Borrowed(text)),
        DataRef::Int(number) => Cell::Number(number as f64),
        DataRef::Float(number) => Cell::Number(number),
        DataRef::Bool(flag) => Cell::Bool(flag),
        DataRef::DateTime(date) => Cell::Date(Cow::Owned(date_text(&date))),
        DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => Cell::Date(Cow::Owned(text)),
        DataRef::Error(error) => Cell::Error(Cow::Owned(error.to_string())),
    }
}

fn cell_of(value: &Data) -> Cell<'_> {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(text) => Cell::Text(Cow::Borrowed(text)),
        Data::Int(number) => Cell::Number(*number as f64),
        Data::Float(number) => Cell::Number(*number),
        Data::Bool(flag) => Cell::Bool(*flag),
        Data::DateTime(date) => Cell::Date(Cow::Owned(date_text(date))),
        Data::DateTimeIso(text) | Data::DurationIso(text) => Cell::Date(Cow::Borrowed(text)),
        Data::Error(error) => Cell::Error(Cow::Owned(error.to_string())),
    }
}

/// The texts of a sheet's first row (its header), read without reading the rest.
pub(super) fn first_row(
    book: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    path: &Path,
    name: &str,
) -> Result<Vec<String>, ImportError> {
    let text = |cell: Cell<'_>| cell.text().unwrap_or_default().to_owned();
    if let calamine::Sheets::Xlsx(xlsx) = book {
        let mut reader = xlsx
            .worksheet_cells_reader(name)
            .map_err(|e| unreadable(path, &e))?;
        let mut row = Vec::new();
        while let Some(cell) = reader.next_cell().map_err(|e| unreadable(path, &e))? {
            let (r, c) = cell.get_position();
            if r > 0 {
                break;
            }
            let j = c as usize;
            if row.len() <= j {
                row.resize(j + 1, String::new());
            }
            row[j] = text(cell_of_ref(cell.get_value().clone()));
        }
        return Ok(row);
    }
    let range = book
        .worksheet_range(name)
        .map_err(|e| unreadable(path, &e))?;
    Ok(range
        .rows()
        .next()
        .map(|row| row.iter().map(|c| text(cell_of(c))).collect())
        .unwrap_or_default())
}

/// Cells with a formula but no cached value: (row, column, the formula), 0-based.
pub(super) type Uncached = Vec<(u32, u32, String)>;

type XlsxReader<'a> = calamine::XlsxCellReader<'a, std::io::BufReader<std::fs::File>>;

enum Source<'a> {
    /// An `.xlsx` streamed cell by cell; the cell read ahead of the row being put together.
    Xlsx {
        reader: Box<XlsxReader<'a>>,
        ahead: Option<(u32, u32, Cell<'a>)>,
    },
    /// Another format, read whole by calamine: its rows, and the sheet row of the next.
    Range {
        rows: calamine::Rows<'a, Data>,
        next: u32,
    },
}

/// A sheet's rows as they are read (see the module documentation).
pub(super) struct Rows<'a> {
    source: Source<'a>,
    /// The workbook.
    pub path: &'a Path,
    pub progress: &'a Progress,
    /// The sheet's first row and column (0-based) that may hold a cell.
    pub top: u32,
    pub left: u32,
    /// The sheet's last row (0-based) as the workbook declares it: how far reading is.
    pub last_row: u32,
    pub merges: Merges,
    /// Formulas without a cached value met so far (all of them once the rows are read).
    pub uncached: Uncached,
    count: u32,
    /// Whether the sheet's end was read (calamine's reader fails when asked again).
    ended: bool,
}

/// The range a non-`.xlsx` sheet is read into, kept by the caller while its rows are read.
pub(super) type Whole = Option<calamine::Range<Data>>;

impl<'a> Rows<'a> {
    /// Opens sheet `name` of `book` for reading its rows; `whole` keeps a format's range
    /// that is read at once.
    pub(super) fn open(
        book: &'a mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
        whole: &'a mut Whole,
        path: &'a Path,
        name: &str,
        progress: &'a Progress,
    ) -> Result<Rows<'a>, ImportError> {
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
        let merge = |d: calamine::Dimensions| (d.start.0, d.start.1, d.end.0, d.end.1);
        let rows = |source, (top, left), last_row, merges, uncached| Rows {
            source,
            path,
            progress,
            top,
            left,
            last_row,
            merges,
            uncached,
            count: 0,
            ended: false,
        };
        if let calamine::Sheets::Xlsx(xlsx) = book {
            let merges = match super::merges::merges(path, name) {
                Some(merges) => merges,
                None => xlsx
                    .merge_cells_by_sheet_name(name)
                    .map_err(|e| unreadable(path, &e))?
                    .into_iter()
                    .map(merge)
                    .collect(),
            };
            let reader = xlsx
                .worksheet_cells_reader(name)
                .map_err(|e| unreadable(path, &e))?;
            let (start, end) = (reader.dimensions().start, reader.dimensions().end);
            let source = Source::Xlsx {
                reader: Box::new(reader),
                ahead: None,
            };
            return Ok(rows(source, start, end.0, merges, Vec::new()));
        }
        let range = book
            .worksheet_range(name)
            .map_err(|e| unreadable(path, &e))?;
        let mut uncached = Vec::new();
        if let Ok(formulas) = book.worksheet_formula(name) {
            let (f_top, f_left) = formulas.start().unwrap_or((0, 0));
            for (i, row) in formulas.rows().enumerate() {
                for (j, formula) in row.iter().enumerate() {
                    let (r, c) = (f_top + i as u32, f_left + j as u32);
                    if !formula.is_empty()
                        && range.get_value((r, c)).is_none_or(|v| *v == Data::Empty)
                    {
                        uncached.push((r, c, formula.clone()));
                    }
                }
            }
        }
        let merges = match book {
            calamine::Sheets::Xls(xls) => xls
                .merge_cells_by_sheet_name(name)
                .unwrap_or_default()
                .into_iter()
                .map(merge)
                .collect(),
            _ => Vec::new(),
        };
        let range: &'a calamine::Range<Data> = whole.insert(range);
        let start = range.start().unwrap_or((0, 0));
        let last_row = range.end().map_or(0, |end| end.0);
        let source = Source::Range {
            rows: range.rows(),
            next: start.0,
        };
        Ok(rows(source, start, last_row, merges, uncached))
    }

    /// The next row that holds a cell: its sheet row (0-based), its cells from column
    /// `left` in `cells` (empty ones at its end left out). `None` at the sheet's end.
    pub(super) fn next(&mut self, cells: &mut Vec<Cell<'a>>) -> Result<Option<u32>, ImportError> {
        cells.clear();
        let row = match &mut self.source {
            Source::Range { rows, next } => loop {
                let Some(row) = rows.next() else {
                    break None;
                };
                *next += 1;
                cells.extend(row.iter().map(cell_of));
                while cells.last().is_some_and(|c| *c == Cell::Empty) {
                    cells.pop();
                }
                if !cells.is_empty() {
                    break Some(*next - 1);
                }
            },
            Source::Xlsx { .. } => self.next_xlsx(cells)?,
        };
        Ok(row)
    }

    fn next_xlsx(&mut self, cells: &mut Vec<Cell<'a>>) -> Result<Option<u32>, ImportError> {
        let mut row = None;
        loop {
            let ahead = match &mut self.source {
                Source::Xlsx { ahead, .. } => ahead.take(),
                Source::Range { .. } => None,
            };
            let Some((r, c, cell)) = (match ahead {
                Some(cell) => Some(cell),
                None => self.next_cell()?,
            }) else {
                break;
            };
            match row {
                None => row = Some(r),
                Some(current) if current != r => {
                    if let Source::Xlsx { ahead, .. } = &mut self.source {
                        *ahead = Some((r, c, cell));
                    }
                    break;
                }
                Some(_) => {}
            }
            let j = (c - self.left) as usize;
            if cells.len() <= j {
                cells.resize(j + 1, Cell::Empty);
            }
            cells[j] = cell;
        }
        Ok(row)
    }

    /// The next cell of an `.xlsx` that holds something, at or after (`top`, `left`).
    fn next_cell(&mut self) -> Result<Option<(u32, u32, Cell<'a>)>, ImportError> {
        let Source::Xlsx { reader, .. } = &mut self.source else {
            return Ok(None);
        };
        loop {
            if self.ended {
                return Ok(None);
            }
            let Some(record) = reader
                .next_cell_with_formula_metadata()
                .map_err(|e| unreadable(self.path, &e))?
            else {
                self.ended = true;
                return Ok(None);
            };
            self.count = self.count.wrapping_add(1);
            if self.count.is_multiple_of(65_536)
                && self
                    .progress
                    .cancel
                    .load(std::sync::atomic::Ordering::Relaxed)
            {
                return Err(ImportError::Cancelled);
            }
            let (row, column) = record.pos;
            if matches!(record.value, DataRef::Empty) {
                // A formula's cell keeps the value Excel calculated; one without is noted.
                if let Some(formula) = &record.formula {
                    let text = match formula {
                        calamine::XlsxFormulaMetadata::Normal { formula }
                        | calamine::XlsxFormulaMetadata::Shared { formula, .. } => formula.clone(),
                        _ => String::new(),
                    };
                    self.uncached.push((row, column, text));
                }
                continue;
            }
            if row < self.top || column < self.left {
                continue;
            }
            return Ok(Some((row, column, cell_of_ref(record.value))));
        }
    }
}
