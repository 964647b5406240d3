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

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::t;

pub mod boundaries;
mod entities;
mod observations;
mod workbook;

pub use entities::{entity_by_name, entity_names, export_entities, list_name};
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

/// Exports `what` of an open project — `observations` (long, or `wide`) or an entity list
/// by name — as the command line and the window's export both ask for it, as CSV in
/// `dialect` or as a workbook by the extension of `out` ([`Format::of`]; another extension
/// is refused, naming those written). A damaged project (a cycle in a tree) is refused
/// rather than exported with parts missing.
///
/// With `protected` and a protection rule in the project, observations are written as they
/// may be published (small counts and what would reveal them as `.`, with a note);
/// otherwise as stored. Observations name each indicator's source once, in a sources file
/// beside `out` ([`sources_path`]); `with_sources` names it on every row of the long form
/// instead. A workbook names them on a sheet of its own.
pub fn export_named(
    store: &crate::store::Store,
    what: &str,
    wide: bool,
    protected: bool,
    with_sources: bool,
    out: &Path,
    dialect: Dialect,
) -> Result<Written, ExportError> {
    if what != "observations" && entity_by_name(what).is_none() {
        return Err(ExportError::Unknown {
            what: what.to_owned(),
        });
    }
    crate::store::output::check_extension(out, &Format::EXTENSIONS)?;
    let format = Format::of(out).unwrap_or(Format::Csv);
    store.refuse_damaged()?;
    if what == "observations" {
        let hidden = match crate::published::rule(store.conn())? {
            Some(rule) if protected => Some(Hidden {
                places: crate::published::hidden_places(store.conn(), &rule)?,
                note: crate::published::note(&rule),
            }),
            _ => None,
        };
        if format == Format::Xlsx {
            return workbook::export_observations(
                store.conn(),
                out,
                wide,
                hidden.as_ref(),
                with_sources,
            );
        }
        let mut written = if wide {
            export_observations_wide(store.conn(), out, dialect, hidden.as_ref())?
        } else {
            export_observations_long(store.conn(), out, dialect, hidden.as_ref(), with_sources)?
        };
        if wide || !with_sources {
            let path = sources_path(out);
            export_sources(store.conn(), &path, dialect)?;
            written.sources = Some(path);
        }
        Ok(written)
    } else if let Some(def) = entity_by_name(what) {
        match format {
            Format::Xlsx => workbook::export_entities(store.conn(), def, out),
            Format::Csv => export_entities(store.conn(), def, out, dialect),
        }
    } else {
        Err(ExportError::Unknown {
            what: what.to_owned(),
        })
    }
}

/// Makes a text cell safe from being run as a formula by a spreadsheet.
#[must_use]
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if runs_as_formula(text) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Whether a spreadsheet would run `text` as a formula: it starts with `=`, `+`, `-`, `@`,
/// tab or CR — but a lone statistics symbol (`-`, a true zero) and a signed number
/// (`-3,5`) are read as what they are.
fn runs_as_formula(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(['=', '+', '-', '@', '\t', '\r']) else {
        return false;
    };
    if text.starts_with(['-', '+']) {
        let plain = rest.chars().all(|c| c == '-')
            || (rest.starts_with(|c: char| c.is_ascii_digit())
                && rest
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ','));
        return !plain;
    }
    true
}

/// Undoes [`neutralise`] for a cell read back.
#[must_use]
pub fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
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

/// Writes `path` the one way an output is written ([`crate::store::output`]: never onto a
/// project, through a link, beside it first and renamed), so a failed export leaves no
/// half file.
fn write_file(
    path: &Path,
    dialect: Dialect,
    body: impl FnOnce(
        &mut csv::Writer<&mut std::io::BufWriter<std::fs::File>>,
    ) -> Result<u64, ExportError>,
) -> Result<Written, ExportError> {
    let mut rows = 0;
    // What went wrong inside, other than writing (reading the project, say).
    let mut failed: Option<ExportError> = None;
    let written = crate::store::output::write_with(path, |buffered| {
        if dialect == Dialect::ExcelDe {
            buffered.write_all(b"\xEF\xBB\xBF")?;
        }
        let mut writer = csv::WriterBuilder::new()
            .delimiter(dialect.delimiter())
            .from_writer(buffered);
        match body(&mut writer) {
            Ok(count) => rows = count,
            Err(error) => {
                failed = Some(error);
                return Err(std::io::Error::other("the export stopped"));
            }
        }
        writer.flush()
    });
    if let Some(error) = failed {
        return Err(error);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_read_back() {
        for text in [
            "=SUM(A1)",
            "+49 30 1234",
            "-2+3+cmd|' /C calc'!A0",
            "-A1",
            "@home",
            "\tx",
            "\rx",
        ] {
            let safe = neutralise(text);
            assert!(safe.starts_with('\''), "{text}");
            assert_eq!(unneutralise(&safe), text);
        }
        // A lone symbol and a signed number are what they are, and an older export's `'-`
        // still reads back as `-`.
        for text in ["-", "--", "-3,5", "+12", "-1.234,5"] {
            assert_eq!(neutralise(text), text);
        }
        assert_eq!(unneutralise("'-"), "-");
        assert_eq!(neutralise("Jugendamt"), "Jugendamt");
        assert_eq!(unneutralise("'Zitat'"), "'Zitat'");
    }

    #[test]
    fn numbers_follow_the_dialect() {
        assert_eq!(Dialect::Rfc4180.number(1234.5), "1234.5");
        assert_eq!(Dialect::ExcelDe.number(1234.5), "1234,5");
        assert_eq!(Dialect::ExcelDe.number(-3.0), "-3");
    }

    #[test]
    fn every_entity_has_a_name() {
        for def in crate::model::meta::ALL {
            assert_eq!(
                entity_by_name(list_name(def)).map(|d| d.table),
                Some(def.table)
            );
        }
    }
}
