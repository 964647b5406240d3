//! Reading a file as a stream of records: detection of how it is written, the header, and a
//! reader that hashes the file and knows each record's physical line.

use super::sniff::{Detected, Encoding, Shape};
use super::values::Decimal;
use super::{ImportError, Options, Progress, sheet, sniff, values};
use crate::t;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::Ordering;

/// Reads a file's first bytes and its header row, and detects how it is written.
pub fn detect(path: &Path, options: &Options) -> Result<(Detected, Vec<String>), ImportError> {
    let mut sample = Vec::new();
    super::text_file::open(path)
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
            // A GENESIS flat file's labels hold points and commas of their own
            // (`Commodity Class. Foreign Trade Stat.(4-digit cod.`): its numbers stand in
            // its value columns only.
            let values = if shape == Shape::GenesisFlat {
                super::genesis_columns::value_columns(&header)
            } else {
                Vec::new()
            };
            let mut cells = Vec::new();
            while cells.len() < 2000 && reader.read_byte_record(&mut record).unwrap_or(false) {
                cells.extend(
                    record
                        .iter()
                        .enumerate()
                        .filter(|(index, _)| values.is_empty() || values.contains(index))
                        .map(|(_, field)| encoding.decode(field).into_owned()),
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
pub(super) struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    progress: std::sync::Arc<Progress>,
    offset: u64,
    lines: Lines,
}

/// The line-break bytes (`\r`, `\n`) read but not yet passed by a record, so memory
/// stays flat.
#[derive(Debug, Default)]
pub(super) struct Lines {
    /// Offset and whether it is a `\n`.
    pending: std::collections::VecDeque<(u64, bool)>,
    passed: u64,
}

impl Lines {
    /// The physical line (1-based) of a record csv says starts at `offset`; offsets must not
    /// decrease. csv may name the line break before a record (after CRLF and blank lines)
    /// as its start, so line breaks at the start are skipped.
    pub(super) fn line_at(&mut self, offset: u64) -> u64 {
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
pub(super) enum Next {
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
pub(super) struct Records {
    reader: csv::Reader<Hashing<std::io::BufReader<super::text_file::TextFile>>>,
    encoding: Encoding,
    /// Bytes before what csv sees (a BOM).
    skipped: u64,
    bytes: csv::ByteRecord,
    cells: csv::StringRecord,
    header_read: bool,
}

impl Records {
    pub(super) fn open(
        path: &Path,
        detected: Detected,
        progress: std::sync::Arc<Progress>,
    ) -> Result<Records, ImportError> {
        let read_error = |source| ImportError::Read {
            path: path.to_owned(),
            source,
        };
        let file = super::text_file::open(path).map_err(read_error)?;
        progress.total_bytes.store(file.len(), Ordering::Relaxed);
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

    pub(super) fn line_of(&mut self, position: Option<&csv::Position>) -> u64 {
        let skipped = self.skipped;
        position.map_or(0, |p| {
            self.reader.get_mut().lines.line_at(skipped + p.byte())
        })
    }

    /// Reads the next data record into [`Records::cells`].
    pub(super) fn next(&mut self) -> Next {
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

    pub(super) fn cells(&self) -> &csv::StringRecord {
        &self.cells
    }

    /// The SHA-256 of what was read so far (all of the file, after [`Next::End`]).
    pub(super) fn sha256(&self) -> String {
        hex(&self.reader.get_ref().hasher.clone().finalize())
    }
}

pub(super) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}
