//! Exporting entities and observations as CSV, in RFC 4180 or the German Excel dialect, or
//! as an Excel workbook (`.xlsx`, see [`workbook`](self::workbook)), by the name's
//! extension: a name ending in anything else is refused, never written in another format.
//!
//! The shapes are public contracts: the observations' long form has the columns of
//! [`LONG_COLUMNS`] (and `source` with `--with-sources`; otherwise a sources file beside
//! it names each indicator's source once), an entity list has `id` and then every field of
//! the entity. A text cell that a spreadsheet would run as a formula (starting with `=`,
//! `+`, `-`, `@`, tab or CR — not a lone `-` or a signed number) is written with a leading
//! `'`, which the importer removes again, so export → import changes nothing.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::t;

pub mod boundaries;
mod csv_file;
mod entities;
mod named;
mod neutralise;
mod observations;
mod workbook;

use csv_file::write_file;
pub use entities::{entity_by_name, entity_names, export_entities, list_name};
pub use named::export_named;
pub use neutralise::{neutralise, unneutralise};
pub use observations::{
    Hidden, LONG_COLUMNS, SOURCE_COLUMN, SOURCES_COLUMNS, export_observations_long,
    export_observations_wide, export_sources, sources_path,
};

/// A CSV dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    /// `,` between fields, `.` decimal mark, UTF-8 without BOM.
    Rfc4180,
    /// What German Excel reads by double-click: `;`, decimal comma, UTF-8 with BOM.
    ExcelDe,
}

impl Dialect {
    /// The dialect for its name on the command line.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Dialect> {
        match code {
            "rfc4180" => Some(Dialect::Rfc4180),
            "excel-de" => Some(Dialect::ExcelDe),
            _ => None,
        }
    }

    /// The dialect the system's spreadsheet reads by double-click: the German Excel one
    /// where the regional format writes a decimal comma (a German Windows, also with an
    /// English display language: [`crate::i18n::decimal_comma`]), else RFC 4180.
    #[must_use]
    pub fn for_system() -> Dialect {
        if crate::i18n::decimal_comma() {
            Dialect::ExcelDe
        } else {
            Dialect::Rfc4180
        }
    }

    /// The dialect's name on the command line.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Dialect::Rfc4180 => "rfc4180",
            Dialect::ExcelDe => "excel-de",
        }
    }

    fn delimiter(self) -> u8 {
        match self {
            Dialect::Rfc4180 => b',',
            Dialect::ExcelDe => b';',
        }
    }

    /// A number as this dialect writes it: plain digits, no thousands separators.
    #[must_use]
    pub fn number(self, value: f64) -> String {
        let text = format!("{value}");
        match self {
            Dialect::Rfc4180 => text,
            Dialect::ExcelDe => text.replace('.', ","),
        }
    }
}

/// What a data export (observations, an entity list) is written as, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// CSV in the chosen [`Dialect`] (`.csv`).
    Csv,
    /// An Excel workbook (`.xlsx`).
    Xlsx,
}

impl Format {
    /// The extensions a data export writes, each its format's.
    pub const EXTENSIONS: [&'static str; 2] = ["csv", "xlsx"];

    /// The format a file name asks for; `None` for a name Lernstadt writes no data export
    /// under.
    #[must_use]
    pub fn of(path: &Path) -> Option<Format> {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => Some(Format::Csv),
            Some(e) if e.eq_ignore_ascii_case("xlsx") => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// The extension (`csv`, `xlsx`).
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The file (or its temporary file beside it) could not be created, written, flushed or
    /// renamed into place; the user reads "{path} could not be written: {error}" and no half
    /// file is left.
    #[error("{}", t!("export.error.write", path = path.display(), error = source))]
    Write {
        /// The file the export was to write.
        path: PathBuf,
        /// What the operating system reported.
        source: std::io::Error,
    },
    /// Reading the entities from the project failed; the user sees the store's message.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// Reading the observations from the project failed; the user sees SQLite's message.
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    /// The CSV writer failed to write a record; the user sees its message.
    #[error(transparent)]
    Csv(#[from] csv::Error),
    /// Writing the workbook failed; the user sees `rust_xlsxwriter`'s message.
    #[error("{}", t!("export.error.workbook", error = .0))]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// What to export names nothing exportable; the user reads the names there are.
    #[error("{}", t!("cli.export.unknown", what = what, names = entity_names().join(", ")))]
    Unknown {
        /// The name asked for.
        what: String,
    },
}

/// How many rows an export wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Written {
    /// The file written.
    pub path: PathBuf,
    /// Data rows written, the header row not counted.
    pub rows: u64,
    /// The file's size in bytes.
    pub bytes: u64,
    /// The sources file written beside it (observations only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<PathBuf>,
}

impl Written {
    /// What writing `rows` rows to `path` through [`crate::store::output::write_with`]
    /// came to: the file and its size, or why it could not be written.
    pub(crate) fn of_output(
        path: &Path,
        rows: u64,
        written: crate::store::Result<()>,
    ) -> Result<Written, ExportError> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_dialect() {
        assert_eq!(Dialect::Rfc4180.number(1234.5), "1234.5");
        assert_eq!(Dialect::ExcelDe.number(1234.5), "1234,5");
        assert_eq!(Dialect::ExcelDe.number(-3.0), "-3");
    }
}
