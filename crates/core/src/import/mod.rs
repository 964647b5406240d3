//! Importing official statistics and planners' spreadsheets.
//!
//! Every import is detected (encoding, delimiter, decimal mark, shape — each can be set),
//! read as a stream, applied in one action (one transaction, one undo step), and reported:
//! `inserted`, `updated`, `unchanged`, `rejected`, and problems with their physical line.
//! Importing the same file again changes nothing. Two rows of one file with the same key
//! and different values are both reported and neither is kept.

pub mod boundaries;
pub mod entities;
pub mod genesis;
pub mod genesis_table;
pub mod sheet;
pub mod sniff;
pub mod values;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::model::{Indicator, Polarity, Region, RegionLevel, UpdateFrequency};
use crate::store::observations::{self, Content, Ids, StoredRow};
use crate::store::{ActionKind, Store, StoreError, Tx};
use crate::t;
use sheet::{Role, Roles};
use sniff::{Detected, Encoding, Shape};
use values::{Decimal, Symbols};

/// How to read a file; `None` means detect.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    pub decimal: Option<Decimal>,
    pub map: Vec<(Role, String)>,
    /// Read and check everything, write nothing.
    pub dry_run: bool,
    /// Read an entity list (as `export` writes it) instead of observations.
    pub entity: Option<&'static crate::model::meta::EntityDef>,
}

/// One problem with a row (or a warning about it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The physical line in the file (1-based).
    pub line: u64,
    /// The column (1-based), where known.
    pub column: Option<usize>,
    pub message: String,
    /// A warning leaves the row in; an error rejects it.
    pub warning: bool,
    /// For GeoJSON: the feature's index (0-based) in the file's feature list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<usize>,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub file: PathBuf,
    pub sha256: String,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    pub problems: Vec<Problem>,
    /// Problems beyond the first [`MAX_PROBLEMS`], counted only.
    pub more_problems: u64,
    pub detected: Option<Detected>,
    pub dry_run: bool,
    /// Whether the project was changed.
    pub applied: bool,
}

impl Problem {
    /// `line 12, column 4: error: …` in the current language.
    #[must_use]
    pub fn describe(&self) -> String {
        let place = match (self.feature, self.column) {
            (Some(feature), _) => t!("cli.import.feature", index = feature),
            (None, Some(column)) => {
                t!("cli.import.line_column", line = self.line, column = column)
            }
            (None, None) => t!("cli.import.line", line = self.line),
        };
        let kind = if self.warning {
            t!("cli.import.warning")
        } else {
            t!("cli.import.error")
        };
        format!("{place}: {kind}: {}", self.message)
    }
}

impl Report {
    /// `Imported FILE: 12 inserted, 0 updated, …` (or what a dry run would do).
    #[must_use]
    pub fn summary(&self, file: &dyn std::fmt::Display) -> String {
        let key = if self.dry_run {
            "cli.import.dry_run_done"
        } else {
            "cli.import.done"
        };
        let count = |n: u64| crate::i18n::format_int(i64::try_from(n).unwrap_or(i64::MAX));
        crate::i18n::trf(
            key,
            &[
                ("file", file),
                ("inserted", &count(self.inserted)),
                ("updated", &count(self.updated)),
                ("unchanged", &count(self.unchanged)),
                ("rejected", &count(self.rejected)),
            ],
        )
    }
}

impl Report {
    /// Records a problem (the first [`MAX_PROBLEMS`] one by one, the rest counted); an
    /// error rejects its row.
    pub fn problem(&mut self, line: u64, column: Option<usize>, message: String, warning: bool) {
        if !warning {
            self.rejected += 1;
        }
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                line,
                column,
                message,
                warning,
                feature: None,
            });
        } else {
            self.more_problems += 1;
        }
    }

    /// Records an error with a GeoJSON feature (by its index); the feature is rejected.
    pub fn feature_problem(&mut self, feature: usize, message: String) {
        self.rejected += 1;
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                line: 0,
                column: None,
                message,
                warning: false,
                feature: Some(feature),
            });
        } else {
            self.more_problems += 1;
        }
    }
}

/// How many problems a report lists one by one.
pub const MAX_PROBLEMS: usize = 1000;

/// Why a file was not imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", t!("import.error.read", path = path.display(), error = source))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", t!("import.error.empty", path = path.display()))]
    Empty { path: PathBuf },
    #[error("{}", t!("import.error.binary", path = path.display()))]
    Binary { path: PathBuf },
    #[error("{}", t!("import.error.shape", path = path.display(), header = header))]
    Shape { path: PathBuf, header: String },
    #[error("{}", t!("import.error.setup", path = path.display(), message = message))]
    Setup { path: PathBuf, message: String },
    #[error("{}", t!("import.error.cancelled"))]
    Cancelled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Progress of a running import, readable from another thread.
#[derive(Debug, Default)]
pub struct Progress {
    pub bytes_read: AtomicU64,
    pub total_bytes: AtomicU64,
    pub cancel: AtomicBool,
}

/// One value row, whatever the file's shape.
#[derive(Clone, Debug, Default)]
pub struct RowSpec {
    pub line: u64,
    pub indicator_code: String,
    pub indicator_name: String,
    pub unit: String,
    pub source: String,
    pub region_key: String,
    pub region_name: String,
    pub region_level: Option<RegionLevel>,
    pub period: String,
    /// Slots for the breakdown's parts; the first `parts` are this row's (reused, so a row
    /// allocates nothing once warmed up).
    breakdown: Vec<Part>,
    parts: usize,
    pub value: String,
    /// The value's column (1-based), for problems.
    pub value_column: usize,
    pub symbol: String,
    pub quality: String,
    pub note: String,
    /// Whether the file has a note column; without one, notes already kept stay.
    pub has_notes: bool,
}

impl RowSpec {
    /// This row's breakdown.
    #[must_use]
    pub fn breakdown(&self) -> &[Part] {
        &self.breakdown[..self.parts]
    }

    /// Adds a part to the breakdown.
    pub fn push_part(
        &mut self,
        dimension: &str,
        dimension_label: &str,
        member: &str,
        member_label: &str,
    ) {
        if self.parts == self.breakdown.len() {
            self.breakdown.push(Part::default());
        }
        let part = &mut self.breakdown[self.parts];
        dimension.clone_into(&mut part.dimension);
        dimension_label.clone_into(&mut part.dimension_label);
        member.clone_into(&mut part.member);
        member_label.clone_into(&mut part.member_label);
        self.parts += 1;
    }

    fn clear(&mut self) {
        self.indicator_code.clear();
        self.indicator_name.clear();
        self.unit.clear();
        self.source.clear();
        self.region_key.clear();
        self.region_name.clear();
        self.region_level = None;
        self.period.clear();
        self.parts = 0;
        self.value.clear();
        self.symbol.clear();
        self.quality.clear();
        self.note.clear();
    }
}

/// One dimension member of a row's breakdown.
#[derive(Clone, Debug, Default)]
pub struct Part {
    pub dimension: String,
    pub dimension_label: String,
    pub member: String,
    pub member_label: String,
}

/// Reads a file's first bytes and its header row, and detects how it is written.
pub fn detect(path: &Path, options: &Options) -> Result<(Detected, Vec<String>), ImportError> {
    let mut sample = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(256 * 1024).read_to_end(&mut sample))
        .map_err(|source| ImportError::Read {
            path: path.to_owned(),
            source,
        })?;
    let bom = sniff::has_bom(&sample);
    let body = if bom { &sample[3..] } else { &sample[..] };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty {
            path: path.to_owned(),
        });
    }
    if body.iter().take(8192).filter(|b| **b == 0).count() > 0 {
        return Err(ImportError::Binary {
            path: path.to_owned(),
        });
    }
    let encoding = options
        .encoding
        .unwrap_or_else(|| sniff::guess_encoding(body));
    let text = encoding.decode(body);
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| sniff::guess_delimiter(&text));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut record = csv::ByteRecord::new();
    let header: Vec<String> = match reader.read_byte_record(&mut record) {
        Ok(true) => record
            .iter()
            .map(|field| encoding.decode(field).trim().to_owned())
            .collect(),
        _ => {
            return Err(ImportError::Empty {
                path: path.to_owned(),
            });
        }
    };
    let shape = match sheet::roles_with_map(&header, &options.map) {
        _ if options.entity.is_some() => Some(Shape::EntityList),
        Err(message) => {
            return Err(ImportError::Setup {
                path: path.to_owned(),
                message,
            });
        }
        Ok(roles) if !options.map.is_empty() && roles.value.is_some() => Some(Shape::Long),
        Ok(_) => sniff::guess_shape(&header),
    };
    let Some(shape) = shape else {
        return Err(ImportError::Shape {
            path: path.to_owned(),
            header: header.join(&sniff::delimiter_name(delimiter)),
        });
    };
    let fallback = if delimiter == b';' {
        Decimal::Comma
    } else {
        Decimal::Point
    };
    // An entity list is mostly text; its delimiter says its dialect (`;` goes with the
    // decimal comma, as `export --dialect excel-de` writes it).
    let decimal = options
        .decimal
        .or((shape == Shape::EntityList).then_some(fallback))
        .unwrap_or_else(|| {
            let mut cells = Vec::new();
            while cells.len() < 2000 && reader.read_byte_record(&mut record).unwrap_or(false) {
                cells.extend(
                    record
                        .iter()
                        .map(|field| encoding.decode(field).into_owned()),
                );
            }
            values::guess_decimal(cells.iter().map(String::as_str), fallback)
        });
    Ok((
        Detected {
            encoding,
            bom,
            delimiter,
            decimal,
            shape,
        },
        header,
    ))
}

/// A reader that hashes and counts what passes through it, and notes where lines end so
/// that a record's byte offset can be turned into its physical line number (the csv
/// crate's own line count is off for CRLF files and blank lines).
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    progress: std::sync::Arc<Progress>,
    offset: u64,
    lines: Lines,
}

/// The line-break bytes (`\r`, `\n`) read but not yet passed by a record, so memory
/// stays flat.
#[derive(Debug, Default)]
struct Lines {
    /// Offset and whether it is a `\n`.
    pending: std::collections::VecDeque<(u64, bool)>,
    passed: u64,
}

impl Lines {
    /// The physical line (1-based) of a record csv says starts at `offset`; offsets must not
    /// decrease. csv may name the line break before a record (after CRLF and blank lines)
    /// as its start, so line breaks at the start are skipped.
    fn line_at(&mut self, offset: u64) -> u64 {
        let mut start = offset;
        loop {
            while let Some(&(at, newline)) = self.pending.front() {
                if at < start {
                    self.pending.pop_front();
                    self.passed += u64::from(newline);
                } else {
                    break;
                }
            }
            match self.pending.front() {
                Some(&(at, newline)) if at == start => {
                    self.pending.pop_front();
                    self.passed += u64::from(newline);
                    start += 1;
                }
                _ => break,
            }
        }
        self.passed + 1
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.progress
            .bytes_read
            .fetch_add(n as u64, Ordering::Relaxed);
        for index in memchr::memchr2_iter(b'\n', b'\r', &buf[..n]) {
            self.lines
                .pending
                .push_back((self.offset + index as u64, buf[index] == b'\n'));
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// What reading the next record gave.
enum Next {
    /// A data record at this physical line; its fields are in [`Records::cells`].
    Row(u64),
    /// A record that could not be read; `fatal` when the file itself failed.
    Unreadable {
        line: u64,
        message: String,
        fatal: bool,
    },
    End,
}

/// A file's data records, streamed: the header row and blank rows skipped, fields decoded,
/// physical line numbers, the file's SHA-256 and progress counted on the way.
struct Records {
    reader: csv::Reader<Hashing<std::io::BufReader<std::fs::File>>>,
    encoding: Encoding,
    /// Bytes before what csv sees (a BOM).
    skipped: u64,
    bytes: csv::ByteRecord,
    cells: csv::StringRecord,
    header_read: bool,
}

impl Records {
    fn open(
        path: &Path,
        detected: Detected,
        progress: std::sync::Arc<Progress>,
    ) -> Result<Records, ImportError> {
        let read_error = |source| ImportError::Read {
            path: path.to_owned(),
            source,
        };
        let file = std::fs::File::open(path).map_err(read_error)?;
        progress
            .total_bytes
            .store(file.metadata().map_or(0, |m| m.len()), Ordering::Relaxed);
        let mut hashing = Hashing {
            inner: std::io::BufReader::with_capacity(1 << 16, file),
            hasher: Sha256::new(),
            progress,
            offset: 0,
            lines: Lines::default(),
        };
        if detected.bom {
            let mut bom = [0_u8; 3];
            hashing.read_exact(&mut bom).map_err(read_error)?;
        }
        let reader = csv::ReaderBuilder::new()
            .delimiter(detected.delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(hashing);
        Ok(Records {
            reader,
            encoding: detected.encoding,
            skipped: if detected.bom { 3 } else { 0 },
            bytes: csv::ByteRecord::new(),
            cells: csv::StringRecord::new(),
            header_read: false,
        })
    }

    fn line_of(&mut self, position: Option<&csv::Position>) -> u64 {
        let skipped = self.skipped;
        position.map_or(0, |p| {
            self.reader.get_mut().lines.line_at(skipped + p.byte())
        })
    }

    /// Reads the next data record into [`Records::cells`].
    fn next(&mut self) -> Next {
        loop {
            // UTF-8 is validated once per record by csv; Windows-1252 is decoded field by
            // field into the same reused record.
            let read = match self.encoding {
                Encoding::Utf8 => self.reader.read_record(&mut self.cells),
                Encoding::Windows1252 => {
                    self.reader.read_byte_record(&mut self.bytes).inspect(|_| {
                        self.cells.clear();
                        for field in &self.bytes {
                            self.cells.push_field(&self.encoding.decode(field));
                        }
                        self.cells.set_position(self.bytes.position().cloned());
                    })
                }
            };
            match read {
                Ok(true) => {}
                Ok(false) => return Next::End,
                Err(error) => {
                    let line = self.line_of(error.position());
                    let fatal = matches!(error.kind(), csv::ErrorKind::Io(_));
                    return Next::Unreadable {
                        line,
                        message: t!("import.row.unreadable", error = error),
                        fatal,
                    };
                }
            }
            let position = self.cells.position().cloned();
            let line = self.line_of(position.as_ref());
            if !std::mem::replace(&mut self.header_read, true) {
                continue;
            }
            if self.cells.iter().any(|c| !c.trim().is_empty()) {
                return Next::Row(line);
            }
        }
    }

    fn cells(&self) -> &csv::StringRecord {
        &self.cells
    }

    /// The SHA-256 of what was read so far (all of the file, after [`Next::End`]).
    fn sha256(&self) -> String {
        hex(&self.reader.get_ref().hasher.clone().finalize())
    }
}

/// Turns records into value rows, whatever the file's shape.
struct Shaper {
    shape: Shape,
    layout: Option<genesis::Layout>,
    roles: Roles,
    header: Vec<String>,
    table: genesis_table::Table,
    spec: RowSpec,
    table_rows: Vec<RowSpec>,
}

/// A reason a record gives no row: the column (1-based) where known, and the message.
type RowError = (Option<usize>, String);

impl Shaper {
    fn new(
        path: &Path,
        detected: Detected,
        header: Vec<String>,
        options: &Options,
    ) -> Result<Shaper, ImportError> {
        let setup = |message| ImportError::Setup {
            path: path.to_owned(),
            message,
        };
        let roles = sheet::roles_with_map(&header, &options.map).map_err(setup)?;
        let layout = match detected.shape {
            Shape::GenesisFlat => Some(genesis::Layout::from_header(&header).map_err(setup)?),
            _ => None,
        };
        let mut table = genesis_table::Table::default();
        if let Some((_, code)) = header.first().and_then(|h| h.split_once(':')) {
            code.trim().clone_into(&mut table.code);
        }
        Ok(Shaper {
            shape: detected.shape,
            layout,
            roles,
            header,
            table,
            spec: RowSpec::default(),
            table_rows: Vec::new(),
        })
    }

    /// Calls `each` with every value row of one record (a wide sheet's row and a table's
    /// region row hold several), or with why the record gives none.
    fn rows<E>(
        &mut self,
        line: u64,
        cells: &csv::StringRecord,
        members: &dyn Fn(&str) -> Option<(String, String)>,
        mut each: impl FnMut(Result<&RowSpec, RowError>) -> Result<(), E>,
    ) -> Result<(), E> {
        let Shaper {
            shape,
            layout,
            roles,
            header,
            table,
            spec,
            table_rows,
        } = self;
        match (layout.as_ref(), *shape) {
            (Some(layout), _) => each(genesis::row(layout, line, cells, spec).map(|()| &*spec)),
            (None, Shape::GenesisTable) => match table.record(line, cells, members, table_rows) {
                Ok(()) => table_rows.iter().try_for_each(|row| each(Ok(row))),
                Err(error) => each(Err(error)),
            },
            (None, Shape::Wide) => {
                for column in &roles.period_columns {
                    if cells.get(*column).is_none_or(|c| c.trim().is_empty()) {
                        continue; // An empty cell of a wide sheet is no observation.
                    }
                    each(
                        sheet_row(roles, header, line, cells, Some(*column), spec).map(|()| &*spec),
                    )?;
                }
                Ok(())
            }
            (None, _) => each(sheet_row(roles, header, line, cells, None, spec).map(|()| &*spec)),
        }
    }
}

/// Dimension members by their label (lower case), where the label names one member only:
/// `männlich` → (`GES`, `GESM`) once a flat export brought the codes.
fn known_members(
    conn: &rusqlite::Connection,
) -> crate::store::Result<HashMap<String, (String, String)>> {
    let mut statement = conn.prepare(
        "SELECT lower(m.label), d.code, m.code FROM dimension_member m JOIN dimension d ON d.id = m.dimension_id
         WHERE lower(m.label) IN (SELECT lower(label) FROM dimension_member GROUP BY lower(label) HAVING count(*) = 1)",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, (row.get(1)?, row.get(2)?)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One row of the preview: a value as it will be stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PreviewRow {
    pub line: u64,
    pub indicator: String,
    pub region: String,
    pub region_name: String,
    pub period: String,
    /// `DIMENSION=member` pairs, `;`-separated; empty for the total.
    pub breakdown: String,
    pub value: Option<f64>,
    pub symbol: Option<String>,
    pub quality: Option<String>,
    /// Why the row would be rejected.
    pub problem: Option<String>,
}

impl PreviewRow {
    /// A value row as it will be stored, with the reason it would be rejected.
    fn of(spec: &RowSpec, decimal: Decimal, symbols: &Symbols) -> PreviewRow {
        let cell = if spec.value.is_empty() {
            spec.symbol.as_str()
        } else {
            spec.value.as_str()
        };
        let mut row = PreviewRow {
            line: spec.line,
            indicator: if spec.indicator_name.is_empty() {
                spec.indicator_code.clone()
            } else {
                spec.indicator_name.clone()
            },
            region: spec.region_key.clone(),
            region_name: spec.region_name.clone(),
            period: spec.period.clone(),
            breakdown: spec
                .breakdown()
                .iter()
                .map(|p| format!("{}={}", p.dimension_label, p.member_label))
                .collect::<Vec<_>>()
                .join("; "),
            ..PreviewRow::default()
        };
        match values::parse_value(cell, decimal, symbols) {
            Ok(Some(value)) => {
                row.value = value.number;
                row.symbol = value.symbol;
                row.quality = if spec.quality.is_empty() {
                    value.quality
                } else {
                    Some(spec.quality.clone())
                };
            }
            Ok(None) => row.problem = Some(t!("import.row.empty_value").to_owned()),
            Err(values::ValueError(message)) => row.problem = Some(message),
        }
        if crate::store::periods::parse_code(&spec.period).is_none() {
            row.problem = Some(t!("import.row.period", period = spec.period));
        }
        row
    }
}

/// What the import wizard shows before anything is applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    pub detected: Detected,
    /// The first values as they will be stored.
    pub rows: Vec<PreviewRow>,
    /// Spreadsheets only: each column's header and role (`None`: a period column).
    pub columns: Vec<(String, Option<Role>)>,
}

/// The first `limit` values of a file as they will be stored (without a project: period
/// and value are checked, keys are not yet matched), and the columns' roles.
pub fn preview(path: &Path, options: &Options, limit: usize) -> Result<Preview, ImportError> {
    let (detected, header) = detect(path, options)?;
    let mut shaper = Shaper::new(path, detected, header, options)?;
    let mut records = Records::open(path, detected, std::sync::Arc::default())?;
    let symbols = Symbols::defaults();
    let mut rows = Vec::new();
    while rows.len() < limit {
        let line = match records.next() {
            Next::Row(line) => line,
            Next::Unreadable { line, message, .. } => {
                rows.push(PreviewRow {
                    line,
                    problem: Some(message),
                    ..PreviewRow::default()
                });
                continue;
            }
            Next::End => break,
        };
        shaper
            .rows(line, records.cells(), &|_| None, |row| {
                rows.push(match row {
                    Ok(spec) => PreviewRow::of(spec, detected.decimal, &symbols),
                    Err((_, message)) => PreviewRow {
                        line,
                        problem: Some(message),
                        ..PreviewRow::default()
                    },
                });
                Ok::<(), std::convert::Infallible>(())
            })
            .unwrap_or_else(|never| match never {});
    }
    rows.truncate(limit);
    let columns = match detected.shape {
        Shape::Long | Shape::Wide => shaper
            .header
            .iter()
            .enumerate()
            .map(|(index, name)| (name.clone(), shaper.roles.role_of(index)))
            .collect(),
        _ => Vec::new(),
    };
    Ok(Preview {
        detected,
        rows,
        columns,
    })
}

fn new_report(path: &Path, detected: Detected, options: &Options) -> Report {
    Report {
        file: path.to_owned(),
        detected: Some(detected),
        dry_run: options.dry_run,
        ..Report::default()
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Imports an entity list as one action: rows matched by `id`, else by name or code.
fn import_entities(
    store: &mut Store,
    path: &Path,
    def: &'static crate::model::meta::EntityDef,
    detected: Detected,
    header: &[String],
    options: &Options,
) -> Result<Report, ImportError> {
    let mut records = Records::open(path, detected, std::sync::Arc::default())?;
    let mut report = new_report(path, detected, options);
    let label = format!("import {}", file_name(path));
    let applied = store.transact_with(ActionKind::Import, &label, !options.dry_run, |tx| {
        let (importer, unknown) = entities::EntityImporter::new(tx, def, header, detected.decimal)?;
        if !unknown.is_empty() {
            let message = t!(
                "import.entity.unknown_columns",
                columns = unknown.join(", ")
            );
            report.problems.push(Problem {
                line: 1,
                column: None,
                message,
                warning: true,
                feature: None,
            });
        }
        loop {
            match records.next() {
                Next::Row(line) => importer.row(line, records.cells(), &mut report)?,
                Next::Unreadable {
                    line,
                    message,
                    fatal,
                } => {
                    report.rejected += 1;
                    report.problems.push(Problem {
                        line,
                        column: None,
                        message,
                        warning: false,
                        feature: None,
                    });
                    if fatal {
                        break;
                    }
                }
                Next::End => break,
            }
        }
        Ok(report.inserted + report.updated > 0)
    })?;
    report.sha256 = records.sha256();
    report.applied = applied && !options.dry_run;
    Ok(report)
}

/// Imports a file into the project as one action. See the module documentation.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    options: &Options,
    progress: &std::sync::Arc<Progress>,
) -> Result<Report, ImportError> {
    let (detected, header) = detect(path, options)?;
    if let Some(def) = options.entity {
        return import_entities(store, path, def, detected, &header, options);
    }
    let mut shaper = Shaper::new(path, detected, header, options)?;
    if matches!(detected.shape, Shape::Long | Shape::Wide) {
        check_sheet_roles(path, &shaper.roles, detected.shape)?;
    }
    let mut records = Records::open(path, detected, progress.clone())?;
    let file_name = file_name(path);
    let mut report = new_report(path, detected, options);
    let symbols = Symbols::load(store.conn())?;
    let author = store.author().to_owned();

    // A large page cache for the import (flat: it does not grow with the file); set back
    // afterwards.
    // Foreign keys are checked by construction here (every id comes from a lookup in this
    // transaction), so SQLite's per-row parent lookups are switched off for the import;
    // `check` verifies them.
    store
        .conn()
        .execute_batch(
            "PRAGMA cache_size = -32768; PRAGMA cell_size_check = OFF; PRAGMA foreign_keys = OFF;",
        )
        .map_err(StoreError::from)?;
    let mut cancelled = false;
    let label = format!("import {file_name}");
    let outcome = store.transact_with(ActionKind::Import, &label, !options.dry_run, |tx| {
        let import_id = create_import_row(tx, &file_name, detected.shape, &author)?;
        let mut importer = Importer::new(tx, import_id, detected.decimal, symbols, &mut report);
        let members = known_members(importer.tx.conn())?;
        let member_of = |label: &str| members.get(&label.to_lowercase()).cloned();
        loop {
            let line = match records.next() {
                Next::Row(line) => line,
                Next::Unreadable {
                    line,
                    message,
                    fatal,
                } => {
                    importer.problem(line, None, message, false);
                    if fatal {
                        break;
                    }
                    continue;
                }
                Next::End => break,
            };
            if progress.cancel.load(Ordering::Relaxed) {
                cancelled = true;
                return Err(StoreError::Invalid {
                    message: t!("import.error.cancelled").to_owned(),
                });
            }
            shaper.rows(line, records.cells(), &member_of, |row| match row {
                Ok(spec) => importer.row(spec),
                Err((column, message)) => {
                    importer.problem(line, column, message, false);
                    Ok(())
                }
            })?;
        }
        importer.tx.conn().execute(
            "UPDATE import SET sha256 = ?1 WHERE id = ?2",
            rusqlite::params![records.sha256(), import_id],
        )?;
        importer.finish()
    });
    let _ = store.conn().execute_batch(
        "PRAGMA cache_size = -2000; PRAGMA cell_size_check = ON; PRAGMA foreign_keys = ON;",
    );
    if cancelled {
        return Err(ImportError::Cancelled);
    }
    let applied = outcome?;
    report.sha256 = records.sha256();
    report.applied = applied && !options.dry_run;
    Ok(report)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

fn check_sheet_roles(path: &Path, roles: &Roles, shape: Shape) -> Result<(), ImportError> {
    let missing = |role: &str| ImportError::Setup {
        path: path.to_owned(),
        message: t!("import.sheet.missing_role", role = role),
    };
    if roles.indicator.is_none() {
        return Err(missing("indicator"));
    }
    if roles.region.is_none() {
        return Err(missing("region"));
    }
    if shape == Shape::Long && roles.period.is_none() {
        return Err(missing("period"));
    }
    Ok(())
}

/// One row of a spreadsheet (for a wide sheet: the value in `period_column`).
fn sheet_row(
    roles: &Roles,
    header: &[String],
    line: u64,
    cells: &csv::StringRecord,
    period_column: Option<usize>,
    out: &mut RowSpec,
) -> Result<(), (Option<usize>, String)> {
    let cell = |index: Option<usize>| {
        index
            .and_then(|i| cells.get(i))
            .map_or("", |c| crate::export::unneutralise(c.trim()))
    };
    out.clear();
    out.line = line;
    out.has_notes = roles.note.is_some();
    cell(roles.source).clone_into(&mut out.source);
    cell(roles.indicator).clone_into(&mut out.indicator_code);
    cell(roles.indicator_name).clone_into(&mut out.indicator_name);
    cell(roles.unit).clone_into(&mut out.unit);
    cell(roles.region).clone_into(&mut out.region_key);
    cell(roles.region_name).clone_into(&mut out.region_name);
    let (period, value_column) = match period_column {
        Some(column) => (header[column].clone(), column),
        None => (
            cell(roles.period).to_owned(),
            roles.value.unwrap_or_default(),
        ),
    };
    out.period = period;
    cell(Some(value_column)).clone_into(&mut out.value);
    out.value_column = value_column + 1;
    cell(roles.symbol).clone_into(&mut out.symbol);
    cell(roles.quality).clone_into(&mut out.quality);
    cell(roles.note).clone_into(&mut out.note);
    for pair in cell(roles.breakdown_key)
        .split(';')
        .filter(|pair| !pair.trim().is_empty())
    {
        let Some((dimension, member)) = pair.split_once('=') else {
            return Err((
                roles.breakdown_key.map(|c| c + 1),
                t!("store.error.breakdown_key", key = pair),
            ));
        };
        out.push_part(
            dimension.trim(),
            dimension.trim(),
            member.trim(),
            member.trim(),
        );
    }
    for column in &roles.breakdowns {
        let member = cell(Some(*column));
        if sheet::is_total(member) {
            continue;
        }
        out.push_part(&header[*column], &header[*column], member, member);
    }
    let needed = [roles.indicator, roles.region, Some(value_column)]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0);
    if cells.len() <= needed {
        return Err((
            None,
            t!(
                "import.row.too_few_fields",
                found = cells.len(),
                expected = needed + 1
            ),
        ));
    }
    if out.indicator_code.is_empty() {
        return Err((
            roles.indicator.map(|c| c + 1),
            t!("import.row.no_indicator").to_owned(),
        ));
    }
    if out.region_key.is_empty() {
        return Err((
            roles.region.map(|c| c + 1),
            t!("import.row.no_region").to_owned(),
        ));
    }
    Ok(())
}

fn create_import_row(
    tx: &mut Tx<'_>,
    file_name: &str,
    shape: Shape,
    author: &str,
) -> crate::store::Result<i64> {
    tx.conn().execute(
        "INSERT INTO import (uuid, file_name, sha256, format, imported_at, imported_by, action_id) VALUES (?1, ?2, '', ?3, ?4, ?5, ?6)",
        rusqlite::params![
            crate::model::new_uuid().to_string(),
            file_name,
            shape.code(),
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            author,
            tx.action_id()
        ],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

/// How many rows one insert statement writes.
const BATCH: usize = 64;

/// A row waiting for its batch.
struct Pending {
    ids: Ids,
    new: StoredRow,
    line: u64,
    column: usize,
    has_notes: bool,
}

/// Applies rows to the project inside the import's transaction.
struct Importer<'t, 'c, 'r> {
    tx: &'t Tx<'c>,
    /// Inserts an observation unless its key exists (prepared once).
    insert: rusqlite::Statement<'t>,
    /// Inserts [`BATCH`] observations at once (the hot path).
    batch: rusqlite::Statement<'t>,
    pending: Vec<Pending>,
    import_id: i64,
    decimal: Decimal,
    symbols: Symbols,
    report: &'r mut Report,
    indicators: KeyCache<i64>,
    regions: KeyCache<i64>,
    periods: KeyCache<Option<i64>>,
    breakdowns: KeyCache<i64>,
    conflicted: HashSet<Ids>,
    key_buffer: String,
    warned_regions: HashSet<String>,
}

/// Ids already resolved during an import, by key. The last key asked for is checked
/// first: rows of one file mostly repeat it, and comparing is cheaper than hashing.
struct KeyCache<V> {
    last: Option<(String, V)>,
    all: HashMap<String, V>,
}

impl<V: Copy> Default for KeyCache<V> {
    fn default() -> Self {
        KeyCache {
            last: None,
            all: HashMap::new(),
        }
    }
}

impl<V: Copy> KeyCache<V> {
    fn get(&mut self, key: &str) -> Option<V> {
        if let Some((last, value)) = &self.last
            && last == key
        {
            return Some(*value);
        }
        let value = *self.all.get(key)?;
        self.remember(key, value);
        Some(value)
    }

    fn insert(&mut self, key: &str, value: V) {
        self.all.insert(key.to_owned(), value);
        self.remember(key, value);
    }

    /// Keeps `key` as the last one, reusing the buffer (no allocation per row).
    fn remember(&mut self, key: &str, value: V) {
        match &mut self.last {
            Some((last, last_value)) => {
                key.clone_into(last);
                *last_value = value;
            }
            None => self.last = Some((key.to_owned(), value)),
        }
    }
}

impl<'t, 'c, 'r> Importer<'t, 'c, 'r> {
    fn new(
        tx: &'t Tx<'c>,
        import_id: i64,
        decimal: Decimal,
        symbols: Symbols,
        report: &'r mut Report,
    ) -> Self {
        let insert = tx
            .conn()
            .prepare(observations::INSERT_NEW)
            .expect("the observation insert statement is valid SQL (tested)");
        let placeholders = (0..BATCH)
            .map(|_| "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .collect::<Vec<_>>()
            .join(", ");
        let batch = tx
            .conn()
            .prepare(&format!(
                "INSERT INTO observation (indicator_id, region_id, period_id, breakdown_id, value, symbol, quality, note, import_id, import_line) VALUES {placeholders} ON CONFLICT DO NOTHING"
            ))
            .expect("the batch insert statement is valid SQL (tested)");
        Importer {
            tx,
            insert,
            batch,
            pending: Vec::with_capacity(BATCH),
            import_id,
            decimal,
            symbols,
            report,
            indicators: KeyCache::default(),
            regions: KeyCache::default(),
            periods: KeyCache::default(),
            breakdowns: KeyCache::default(),
            conflicted: HashSet::new(),
            key_buffer: String::new(),
            warned_regions: HashSet::new(),
        }
    }

    fn problem(
        &mut self,
        line: u64,
        column: Option<usize>,
        message: impl Into<String>,
        warning: bool,
    ) {
        self.report.problem(line, column, message.into(), warning);
    }

    fn indicator_id(&mut self, row: &RowSpec) -> crate::store::Result<i64> {
        if let Some(id) = self.indicators.get(&row.indicator_code) {
            return Ok(id);
        }
        let conn = self.tx.conn();
        let existing: Option<i64> = rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT id FROM indicator WHERE code = ?1 OR (name = ?1 AND NOT EXISTS (SELECT 1 FROM indicator WHERE code = ?1)) ORDER BY code = ?1 DESC LIMIT 1",
            [&row.indicator_code],
            |r| r.get(0),
        ))?;
        let id = if let Some(id) = existing {
            id
        } else {
            let name = if row.indicator_name.is_empty() {
                row.indicator_code.clone()
            } else {
                row.indicator_name.clone()
            };
            self.tx.insert(&Indicator {
                uuid: crate::model::new_uuid(),
                code: row.indicator_code.clone(),
                name,
                definition: String::new(),
                unit: row.unit.clone(),
                decimals: 1,
                polarity: Polarity::Neutral,
                band_low: None,
                band_high: None,
                source: row.source.clone(),
                update_frequency: UpdateFrequency::Yearly,
                baseline_period: None,
                baseline_value: None,
            })?;
            self.tx.conn().query_row(
                "SELECT id FROM indicator WHERE code = ?1",
                [&row.indicator_code],
                |r| r.get(0),
            )?
        };
        self.indicators.insert(&row.indicator_code, id);
        Ok(id)
    }

    fn region_id(&mut self, row: &RowSpec) -> crate::store::Result<i64> {
        if let Some(id) = self.regions.get(&row.region_key) {
            return Ok(id);
        }
        let conn = self.tx.conn();
        let find = |sql: &str, key: &str| -> crate::store::Result<Option<i64>> {
            Ok(rusqlite::OptionalExtension::optional(conn.query_row(
                sql,
                [key],
                |r| r.get(0),
            ))?)
        };
        let key = row.region_key.as_str();
        let mut id = find("SELECT id FROM region WHERE key = ?1", key)?;
        // A spreadsheet may have stripped the leading zero of an official key.
        let mut restored = None;
        if id.is_none()
            && key.bytes().all(|b| b.is_ascii_digit())
            && matches!(key.len(), 1 | 4 | 7 | 11)
        {
            let padded = format!("0{key}");
            id = find("SELECT id FROM region WHERE key = ?1", &padded)?;
            restored = id.map(|_| padded);
        }
        if id.is_none() {
            id = find("SELECT id FROM region WHERE lower(name) = lower(?1)", key)?;
        }
        if let Some(padded) = restored
            && self.warned_regions.insert(key.to_owned())
        {
            self.problem(
                row.line,
                None,
                t!("import.region.leading_zero", key = key, padded = padded),
                true,
            );
        }
        let id = if let Some(id) = id {
            id
        } else {
            let name = if row.region_name.is_empty() {
                key.to_owned()
            } else {
                row.region_name.clone()
            };
            self.tx.insert(&Region {
                uuid: crate::model::new_uuid(),
                key: key.to_owned(),
                name,
                level: row.region_level.unwrap_or(RegionLevel::District),
                parent: None,
            })?;
            self.tx
                .conn()
                .query_row("SELECT id FROM region WHERE key = ?1", [key], |r| r.get(0))?
        };
        self.regions.insert(&row.region_key, id);
        Ok(id)
    }

    fn period_id(&mut self, code: &str) -> crate::store::Result<Option<i64>> {
        if let Some(id) = self.periods.get(code) {
            return Ok(id);
        }
        let id = match crate::store::periods::parse_code(code) {
            Some(period) => Some(crate::store::periods::ensure(self.tx.conn(), &period)?),
            None => None,
        };
        self.periods.insert(code, id);
        Ok(id)
    }

    fn breakdown_id(&mut self, parts: &[Part]) -> crate::store::Result<i64> {
        let mut pairs: Vec<(&str, &str)> = parts
            .iter()
            .map(|p| (p.dimension.as_str(), p.member.as_str()))
            .collect();
        pairs.sort_unstable();
        self.key_buffer.clear();
        for (index, (dimension, member)) in pairs.iter().enumerate() {
            if index > 0 {
                self.key_buffer.push(';');
            }
            self.key_buffer.push_str(dimension);
            self.key_buffer.push('=');
            self.key_buffer.push_str(member);
        }
        if let Some(id) = self.breakdowns.get(&self.key_buffer) {
            return Ok(id);
        }
        let conn = self.tx.conn();
        for part in parts {
            let dimension =
                observations::ensure_dimension(conn, &part.dimension, &part.dimension_label)?;
            observations::ensure_member(conn, dimension, &part.member, &part.member_label)?;
        }
        let id = observations::ensure_breakdown(conn, &self.key_buffer)?;
        self.breakdowns.insert(&self.key_buffer, id);
        Ok(id)
    }

    /// Applies one row; problems with the row are reported, only store failures return.
    fn row(&mut self, row: &RowSpec) -> crate::store::Result<()> {
        let line = row.line;
        let Some(period) = self.period_id(&row.period)? else {
            self.problem(
                line,
                None,
                t!("import.row.period", period = row.period),
                false,
            );
            return Ok(());
        };
        let cell = if row.value.is_empty() {
            row.symbol.as_str()
        } else {
            row.value.as_str()
        };
        let value = match values::parse_value(cell, self.decimal, &self.symbols) {
            Ok(Some(value)) => value,
            Ok(None) => {
                self.problem(
                    line,
                    Some(row.value_column),
                    t!("import.row.empty_value"),
                    false,
                );
                return Ok(());
            }
            Err(values::ValueError(message)) => {
                self.problem(line, Some(row.value_column), message, false);
                return Ok(());
            }
        };
        let quality = if row.quality.is_empty() {
            value.quality.clone()
        } else {
            Some(row.quality.clone())
        };
        let symbol = value
            .symbol
            .clone()
            .or_else(|| (!row.symbol.is_empty() && row.symbol != cell).then(|| row.symbol.clone()));
        let ids = Ids {
            indicator: self.indicator_id(row)?,
            region: self.region_id(row)?,
            period,
            breakdown: self.breakdown_id(row.breakdown())?,
        };
        let new = StoredRow {
            content: Content {
                value: value.number,
                symbol,
                quality,
                note: (!row.note.is_empty()).then(|| row.note.clone()),
            },
            import_id: Some(self.import_id),
            import_line: Some(line as i64),
        };
        if self.conflicted.contains(&ids) {
            self.problem(
                line,
                Some(row.value_column),
                t!("import.row.conflict_again"),
                false,
            );
            return Ok(());
        }
        self.pending.push(Pending {
            ids,
            new,
            line,
            column: row.value_column,
            has_notes: row.has_notes,
        });
        if self.pending.len() == BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Inserts the pending rows, many per statement; the rows whose key exists already
    /// (the statement tells how many were new) are settled one by one.
    fn flush(&mut self) -> crate::store::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        if pending.len() == BATCH {
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(BATCH * 10);
            for p in &pending {
                values.extend_from_slice(&p.new.params(&p.ids));
            }
            let inserted = self.batch.execute(values.as_slice())?;
            if inserted == BATCH {
                self.report.inserted += BATCH as u64;
                return Ok(());
            }
            for p in pending {
                let stored = observations::read_ids(self.tx.conn(), p.ids)?;
                if stored.as_ref().is_some_and(|s| {
                    s.import_id == Some(self.import_id) && s.import_line == p.new.import_line
                }) {
                    self.report.inserted += 1;
                } else {
                    self.settle(p)?;
                }
            }
            return Ok(());
        }
        for p in pending {
            // A key found in conflict earlier in this flush stays out.
            if !self.conflicted.contains(&p.ids)
                && observations::insert_with(&mut self.insert, p.ids, &p.new)?
            {
                self.report.inserted += 1;
            } else {
                self.settle(p)?;
            }
        }
        Ok(())
    }

    /// A row whose key exists: unchanged, an update, or a conflict with an earlier row.
    fn settle(&mut self, pending: Pending) -> crate::store::Result<()> {
        let Pending {
            ids,
            new,
            line,
            column,
            has_notes,
        } = pending;
        if self.conflicted.contains(&ids) {
            self.problem(line, Some(column), t!("import.row.conflict_again"), false);
            return Ok(());
        }
        let conn = self.tx.conn();
        let Some(old) = observations::read_ids(conn, ids)? else {
            if observations::insert_with(&mut self.insert, ids, &new)? {
                self.report.inserted += 1;
            }
            return Ok(());
        };
        let mut new = new;
        if !has_notes {
            new.content.note.clone_from(&old.content.note);
        }
        if old.content == new.content {
            self.report.unchanged += 1;
            return Ok(());
        }
        if old.import_id == Some(self.import_id) {
            return self.conflict(ids, &old, line, column);
        }
        observations::overwrite(conn, ids, &new)?;
        let identity = observations::identity_of(conn, ids)?;
        self.tx.log_observation(
            Some(&observations::log_row(&identity, &old)),
            Some(&observations::log_row(&identity, &new)),
        )?;
        self.report.updated += 1;
        Ok(())
    }

    /// Two rows of this file for one key with different values: neither is kept.
    fn conflict(
        &mut self,
        ids: Ids,
        earlier: &StoredRow,
        line: u64,
        column: usize,
    ) -> crate::store::Result<()> {
        let earlier_line = earlier.import_line.unwrap_or_default() as u64;
        let conn = self.tx.conn();
        let identity = observations::identity_of(conn, ids)?;
        let key = identity.join("|");
        // Was the earlier row an update? Then its change is in this action's log.
        let before: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT before FROM change WHERE action_id = ?1 AND entity_kind = 'observation' AND entity_key = ?2",
            rusqlite::params![self.tx.action_id(), key],
            |r| r.get(0),
        ))?;
        if let Some(before) = before {
            let serde_json::Value::Object(before) = serde_json::from_str(&before)? else {
                return Err(StoreError::Invalid {
                    message: "a logged observation is not an object".to_owned(),
                });
            };
            let (_, state) = observations::from_log_row(conn, &before)?;
            observations::overwrite(conn, ids, &state)?;
            conn.execute(
                "DELETE FROM change WHERE action_id = ?1 AND entity_kind = 'observation' AND entity_key = ?2",
                rusqlite::params![self.tx.action_id(), key],
            )?;
            self.report.updated -= 1;
        } else {
            observations::delete_ids(conn, ids)?;
            self.report.inserted -= 1;
        }
        self.conflicted.insert(ids);
        let described = identity
            .iter()
            .filter(|part| !part.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ");
        self.problem(
            earlier_line,
            Some(column),
            t!("import.row.conflict", other = line, key = described),
            false,
        );
        self.problem(
            line,
            Some(column),
            t!("import.row.conflict", other = earlier_line, key = described),
            false,
        );
        Ok(())
    }

    /// Finishes: counts, the import row; returns whether anything changed.
    fn finish(mut self) -> crate::store::Result<bool> {
        self.flush()?;
        let report = &*self.report;
        let conn = self.tx.conn();
        let net_inserted = report.inserted as i64;
        crate::store::counts::add(conn, crate::store::counts::OBSERVATIONS, net_inserted)?;
        conn.execute(
            "UPDATE import SET inserted = ?1, updated = ?2, unchanged = ?3, rejected = ?4 WHERE id = ?5",
            rusqlite::params![report.inserted as i64, report.updated as i64, report.unchanged as i64, report.rejected as i64, self.import_id],
        )?;
        let changed = report.inserted + report.updated;
        self.tx
            .count_bulk_changes(usize::try_from(report.inserted).unwrap_or(usize::MAX));
        Ok(changed > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn csv(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn values(store: &Store) -> Vec<(String, Option<f64>)> {
        let mut statement = store
            .conn()
            .prepare("SELECT r.key || '/' || p.code, o.value FROM observation o JOIN region r ON r.id = o.region_id JOIN period p ON p.id = o.period_id ORDER BY 1")
            .unwrap();
        statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn observation_count(store: &Store) -> i64 {
        crate::store::counts::counts(store.conn())
            .unwrap()
            .observations
    }

    #[test]
    fn an_import_is_one_undo_step_and_redo_brings_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let progress = std::sync::Arc::new(Progress::default());
        let first = csv(
            dir.path(),
            "a.csv",
            "Kennzahl;Gebiet;Jahr;Wert\nA;01;2020;1\nA;02;2020;2\n",
        );
        let second = csv(
            dir.path(),
            "b.csv",
            "Kennzahl;Gebiet;Jahr;Wert\nA;01;2020;10\nA;03;2020;3\n",
        );
        import_file(&mut store, &first, &Options::default(), &progress).unwrap();
        let after_first = values(&store);
        let report = import_file(&mut store, &second, &Options::default(), &progress).unwrap();
        assert_eq!((report.inserted, report.updated), (1, 1));
        let after_second = values(&store);
        assert_eq!(
            after_second,
            vec![
                ("01/2020".into(), Some(10.0)),
                ("02/2020".into(), Some(2.0)),
                ("03/2020".into(), Some(3.0))
            ]
        );
        assert_eq!(observation_count(&store), 3);

        assert!(store.undo().unwrap().unwrap().label.contains("b.csv"));
        assert_eq!(values(&store), after_first);
        assert_eq!(observation_count(&store), 2);
        store.undo().unwrap();
        assert!(values(&store).is_empty());
        assert_eq!(observation_count(&store), 0);
        let indicators: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM indicator", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            indicators, 0,
            "the indicator the import created is gone too"
        );

        store.redo().unwrap();
        assert_eq!(values(&store), after_first);
        store.redo().unwrap();
        assert_eq!(values(&store), after_second);
        assert_eq!(observation_count(&store), 3);
        assert!(
            crate::store::counts::verify(store.conn())
                .unwrap()
                .is_none()
        );
    }

    /// Conflicts and repeated rows inside and across batches of the bulk insert.
    #[test]
    fn conflicts_are_found_inside_batches() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let mut text = String::from("Kennzahl;Gebiet;Jahr;Wert\n");
        for index in 0..300 {
            let _ = writeln!(text, "A;{index:03};2020;{index}");
        }
        text.push_str("A;005;2020;999\n"); // Conflicts with line 7 (an earlier batch).
        text.push_str("A;010;2020;10\n"); // Repeats line 12 exactly.
        text.push_str("A;005;2020;5\n"); // Repeats a conflicted key.
        let file = csv(dir.path(), "batch.csv", &text);
        let progress = std::sync::Arc::new(Progress::default());
        let report = import_file(&mut store, &file, &Options::default(), &progress).unwrap();
        assert_eq!(
            (report.inserted, report.unchanged, report.rejected),
            (299, 1, 3),
            "{report:?}"
        );
        let lines: Vec<u64> = report.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![7, 302, 304]);
        assert_eq!(observation_count(&store), 299);
        assert!(
            crate::store::counts::verify(store.conn())
                .unwrap()
                .is_none()
        );
        let again = import_file(&mut store, &file, &Options::default(), &progress).unwrap();
        assert_eq!((again.inserted, again.updated), (0, 0), "{again:?}");
    }

    #[test]
    fn a_conflict_inside_one_batch_keeps_neither_row() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let mut text = String::from("Kennzahl;Gebiet;Jahr;Wert\nA;XX;2020;1\nA;XX;2020;2\n");
        for index in 0..100 {
            let _ = writeln!(text, "A;{index:03};2020;{index}");
        }
        text.push_str("A;XX;2020;1\n");
        let file = csv(dir.path(), "batch.csv", &text);
        let progress = std::sync::Arc::new(Progress::default());
        let report = import_file(&mut store, &file, &Options::default(), &progress).unwrap();
        assert_eq!((report.inserted, report.rejected), (100, 3), "{report:?}");
        assert_eq!(observation_count(&store), 100);
    }

    #[test]
    fn a_cancelled_import_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let file = csv(
            dir.path(),
            "a.csv",
            "Kennzahl;Gebiet;Jahr;Wert\nA;01;2020;1\nA;02;2020;2\n",
        );
        let progress = std::sync::Arc::new(Progress::default());
        progress.cancel.store(true, Ordering::Relaxed);
        assert!(matches!(
            import_file(&mut store, &file, &Options::default(), &progress),
            Err(ImportError::Cancelled)
        ));
        assert!(values(&store).is_empty());
        assert!(store.undo_target().unwrap().is_none());
    }
}
