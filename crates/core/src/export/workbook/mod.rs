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

mod about;
mod cells;
mod data;
mod entities;
mod values;

pub(crate) use data::export_observations;
pub(crate) use entities::export_entities;
