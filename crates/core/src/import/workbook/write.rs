//! A sheet written as the text the CSV import reads, record by record as it is read: a
//! classic GENESIS table as it stands, every other table with its columns as they stand
//! (a split key joined into one column), notes below it left out.

use std::path::{Path, PathBuf};

use calamine::Reader;

use super::super::text_file;
use super::super::values::Decimal;
use super::super::{ImportError, Options, Progress, sheet};
use super::book::open;
use super::cells::{Cell, Rows};
use super::converted::Converted;
use super::directory::directory;
use super::flags::{FlagCells, FlagsBySheet, read_flags};
use super::grid::Grid;
use super::keys::{KeyWidths, SplitKey, split_key};
use super::layout::is_note;
use super::layout::{Layout, count, header_names, is_genesis_table, layout, text_decimal};
use super::out::{Out, csv_error};
use super::render::Render;
use super::render::clean;

/// The text a sheet is written to: a file's path and what writes it.
pub(super) struct Target {
    pub(super) path: PathBuf,
    pub(super) writer: Box<dyn std::io::Write + Send>,
    /// A file imported while it is written: told how far the sheet is read.
    pub(super) growing: Option<std::sync::Arc<text_file::Growing>>,
}

/// A private temporary folder and the path of the text in it, named like the workbook
/// (the `import` row names the workbook).
pub(super) fn text_path(path: &Path) -> Result<(tempfile::TempDir, PathBuf), ImportError> {
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
pub(in crate::import) fn convert(
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
pub(super) fn convert_into(
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
pub(super) struct Sheet<'s, 'a> {
    pub(super) name: &'s str,
    pub(super) grid: &'s Grid<'a>,
    pub(super) flags: FlagCells,
}

/// Writes the sheet whose first rows are `sheet.grid` and whose other rows `rows` reads to
/// `target`.
pub(super) fn write_sheet<'a>(
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
pub(super) struct Columns<'s> {
    pub(super) width: usize,
    pub(super) split: Option<&'s SplitKey>,
    /// The columns of the split key's parts (the first stands for the key).
    pub(super) joined: Vec<usize>,
    pub(super) key_column: Option<usize>,
    pub(super) key_widths: Option<KeyWidths>,
}

impl Out<'_> {
    /// A classic GENESIS table: every row as it stands.
    pub(super) fn genesis<'a>(
        &mut self,
        grid: &Grid<'a>,
        rows: &mut Rows<'a>,
    ) -> Result<(), ImportError> {
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

    /// Every other table: its columns as they stand, a split key joined into one column;
    /// notes below it left out.
    pub(super) fn table<'a>(
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

    pub(super) fn table_row(
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
