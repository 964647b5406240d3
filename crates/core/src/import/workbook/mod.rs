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
//! The sheet is streamed: its first rows (`grid::HEAD_ROWS`) decide the layout, the decimal
//! mark and the keys' width, and every row is then written as it is read, so a sheet of
//! millions of cells never stands in memory. The text is written to a file in a private
//! temporary folder, named like the workbook (the `import` row names the workbook), with
//! line breaks inside cells as U+2028, so that each record is one line; the import reads
//! that file on this thread while another writes it ([`super::text_file`]), and its report is
//! then mapped back to the sheet.
//! The SHA-256 the import keeps is that of the sheet's cells as read, which saving the
//! workbook again without changing them leaves as it is.

mod book;
mod cells;
mod converted;
mod directory;
mod exported;
mod flags;
mod grid;
mod import;
mod keys;
mod layout;
mod merges;
mod out;
mod preview;
mod render;
#[cfg(test)]
pub(crate) mod testing;
mod write;

pub use book::{EXTENSIONS, is_workbook, sheet_names};
pub use exported::export_sheets;
pub use grid::{cell_name, cell_position};
pub(super) use import::import;
pub(super) use preview::preview;
