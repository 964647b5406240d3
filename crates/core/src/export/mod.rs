//! Exporting entities and observations as CSV, in RFC 4180 or the German Excel dialect.
//!
//! The shapes are public contracts: the observations' long form has the columns of
//! [`LONG_COLUMNS`], an entity list has `id` and then every field of the entity. A text cell
//! that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) is
//! written with a leading `'`, which the importer removes again, so export → import changes
//! nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value as Json;

use crate::model::meta::{self, EntityDef, FieldType};
use crate::t;

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
    /// What to export names nothing exportable; the user reads the names there are.
    #[error("{}", t!("cli.export.unknown", what = what, names = entity_names().join(", ")))]
    Unknown {
        /// The name asked for.
        what: String,
    },
}

/// Exports `what` of an open project — `observations` (long, or `wide`) or an entity list
/// by name — as the command line and the window's export both ask for it. A damaged
/// project (a cycle in a tree) is refused rather than exported with parts missing.
///
/// With `protected` and a protection rule in the project, observations are written as they
/// may be published (small counts and what would reveal them as `.`, with a note);
/// otherwise as stored.
pub fn export_named(
    store: &crate::store::Store,
    what: &str,
    wide: bool,
    protected: bool,
    out: &Path,
    dialect: Dialect,
) -> Result<Written, ExportError> {
    store.refuse_damaged()?;
    if what == "observations" {
        let hidden = match crate::published::rule(store.conn())? {
            Some(rule) if protected => Some(Hidden {
                places: crate::published::hidden_places(store.conn(), &rule)?,
                note: crate::published::note(&rule),
            }),
            _ => None,
        };
        if wide {
            export_observations_wide(store.conn(), out, dialect, hidden.as_ref())
        } else {
            export_observations_long(store.conn(), out, dialect, hidden.as_ref())
        }
    } else if let Some(def) = entity_by_name(what) {
        export_entities(store.conn(), def, out, dialect)
    } else {
        Err(ExportError::Unknown {
            what: what.to_owned(),
        })
    }
}

/// Makes a text cell safe from being run as a formula by a spreadsheet.
#[must_use]
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Undoes [`neutralise`] for a cell read back.
#[must_use]
pub fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

/// What can be exported as a list: every entity kind by its plural name, and observations.
#[must_use]
pub fn entity_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = meta::ALL.iter().map(|def| list_name(def)).collect();
    names.push("observations");
    names
}

/// The name of an entity kind's list, as `export` and `import --entity` take it (`goals`).
#[must_use]
pub fn list_name(def: &EntityDef) -> &'static str {
    match def.table {
        "project" => "project",
        "region" => "regions",
        "stakeholder" => "stakeholders",
        "working_group" => "working_groups",
        "working_group_member" => "working_group_members",
        "goal" => "goals",
        "measure" => "measures",
        "measure_milestone" => "milestones",
        "measure_partner" => "measure_partners",
        "measure_goal" => "measure_goals",
        "measure_region" => "measure_regions",
        "comparison_region" => "comparison_regions",
        "period" => "periods",
        "indicator" => "indicators",
        "indicator_goal" => "indicator_goals",
        "indicator_target" => "indicator_targets",
        "region_shape" => "region_shapes",
        "presentation" => "presentations",
        "slide" => "slides",
        "idea" => "ideas",
        "vote" => "votes",
        "mapping" => "mappings",
        other => other,
    }
}

/// The definition behind a plural name (`stakeholders`, `working-groups` …).
#[must_use]
pub fn entity_by_name(name: &str) -> Option<&'static EntityDef> {
    let name = name.replace('-', "_");
    meta::ALL.iter().copied().find(|def| list_name(def) == name)
}

/// The columns of the observations' long form.
pub const LONG_COLUMNS: &[&str] = &[
    "indicator",
    "indicator_name",
    "region",
    "region_name",
    "period",
    "breakdown",
    "value",
    "symbol",
    "quality",
    "note",
    "unit",
    "source",
];

/// How many rows an export wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Written {
    /// The file written.
    pub path: PathBuf,
    /// Data rows written, the header row not counted.
    pub rows: u64,
    /// The file's size in bytes.
    pub bytes: u64,
}

/// Writes `path` through a temporary file beside it, so a failed export leaves no half file.
fn write_file(
    path: &Path,
    dialect: Dialect,
    body: impl FnOnce(
        &mut csv::Writer<&mut std::io::BufWriter<std::fs::File>>,
    ) -> Result<u64, ExportError>,
) -> Result<Written, ExportError> {
    let io = |source| ExportError::Write {
        path: path.to_owned(),
        source,
    };
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.partial", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let result = (|| {
        let file = std::fs::File::create(&temporary).map_err(io)?;
        let mut buffered = std::io::BufWriter::new(file);
        if dialect == Dialect::ExcelDe {
            buffered.write_all(b"\xEF\xBB\xBF").map_err(io)?;
        }
        let rows = {
            let mut writer = csv::WriterBuilder::new()
                .delimiter(dialect.delimiter())
                .from_writer(&mut buffered);
            let rows = body(&mut writer)?;
            writer.flush().map_err(io)?;
            rows
        };
        buffered.flush().map_err(io)?;
        buffered.get_ref().sync_all().map_err(io)?;
        std::fs::rename(&temporary, path).map_err(io)?;
        Ok(rows)
    })();
    match result {
        Ok(rows) => Ok(Written {
            path: path.to_owned(),
            rows,
            bytes: std::fs::metadata(path).map_or(0, |m| m.len()),
        }),
        Err(error) => {
            let _ = std::fs::remove_file(&temporary);
            Err(error)
        }
    }
}

fn cell_text(field: &meta::FieldDef, value: &Json, dialect: Dialect) -> String {
    match (field.ty, value) {
        (_, Json::Null) => String::new(),
        (FieldType::Real, Json::Number(n)) => {
            n.as_f64().map(|v| dialect.number(v)).unwrap_or_default()
        }
        (FieldType::Bool, Json::Bool(flag)) => {
            if *flag {
                "1".into()
            } else {
                "0".into()
            }
        }
        (FieldType::List, Json::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map_or_else(|| item.to_string(), str::to_owned)
            })
            .collect::<Vec<_>>()
            .join("; "),
        (_, Json::String(text)) => neutralise(text).into_owned(),
        (_, other) => other.to_string(),
    }
}

/// Exports every entity of a kind: `id` (its identity) and every field.
pub fn export_entities(
    conn: &Connection,
    def: &EntityDef,
    path: &Path,
    dialect: Dialect,
) -> Result<Written, ExportError> {
    let rows = crate::store::entity::read_all(conn, def)?;
    write_file(path, dialect, |writer| {
        let mut header = vec!["id"];
        header.extend(def.fields.iter().map(|field| field.name));
        writer.write_record(&header)?;
        for row in &rows {
            let mut record = vec![
                row.get(def.identity)
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            ];
            record.extend(def.fields.iter().map(|field| {
                cell_text(field, row.get(field.name).unwrap_or(&Json::Null), dialect)
            }));
            writer.write_record(&record)?;
        }
        Ok(rows.len() as u64)
    })
}

const OBSERVATIONS_SQL: &str = "SELECT i.code, i.name, r.key, r.name, p.code, b.key, o.value, o.symbol, o.quality, o.note, i.unit, i.source
     FROM observation o
     JOIN indicator i ON i.id = o.indicator_id
     JOIN region r ON r.id = o.region_id
     JOIN period p ON p.id = o.period_id
     JOIN breakdown b ON b.id = o.breakdown_id
     ORDER BY i.code, r.key, b.key, p.start_date, p.code";

/// The values a protection rule hides, and the note they carry.
pub struct Hidden {
    /// (indicator code, region key, period code, breakdown key).
    pub places: std::collections::HashSet<(String, String, String, String)>,
    /// "fewer than 3 cases …".
    pub note: String,
}

impl Hidden {
    fn hides(&self, row: &rusqlite::Row<'_>, columns: [usize; 4]) -> rusqlite::Result<bool> {
        let key = (
            row.get(columns[0])?,
            row.get(columns[1])?,
            row.get(columns[2])?,
            row.get(columns[3])?,
        );
        Ok(self.places.contains(&key))
    }
}

/// Exports every observation in long form (one per row), streaming; values `hidden` hides
/// as `.` with its note.
pub fn export_observations_long(
    conn: &Connection,
    path: &Path,
    dialect: Dialect,
    hidden: Option<&Hidden>,
) -> Result<Written, ExportError> {
    write_file(path, dialect, |writer| {
        writer.write_record(LONG_COLUMNS)?;
        let mut statement = conn.prepare(OBSERVATIONS_SQL)?;
        let mut rows = statement.query([])?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            let text = |index: usize| -> rusqlite::Result<String> {
                Ok(
                    neutralise(&row.get::<_, Option<String>>(index)?.unwrap_or_default())
                        .into_owned(),
                )
            };
            let value: Option<f64> = row.get(6)?;
            let symbol: Option<String> = row.get(7)?;
            // A value the protection rule hides: `.` with its note instead.
            let (value, symbol, quality, note) = match hidden {
                Some(hidden) if hidden.hides(row, [0, 2, 4, 5])? => (
                    String::new(),
                    ".".to_owned(),
                    String::new(),
                    hidden.note.clone(),
                ),
                _ => (
                    value.map(|v| dialect.number(v)).unwrap_or_default(),
                    neutralise(symbol.as_deref().unwrap_or_default()).into_owned(),
                    text(8)?,
                    text(9)?,
                ),
            };
            writer.write_record([
                text(0)?,
                text(1)?,
                text(2)?,
                text(3)?,
                text(4)?,
                text(5)?,
                value,
                symbol,
                quality,
                note,
                text(10)?,
                text(11)?,
            ])?;
            count += 1;
        }
        Ok(count)
    })
}

/// Exports observations in wide form: one row per indicator, region and breakdown, one
/// column per period (ordered by start). A cell holds the value as the importer reads it:
/// a number, a symbol, `(12,5)` for limited reliability, `123 p` with a quality flag.
pub fn export_observations_wide(
    conn: &Connection,
    path: &Path,
    dialect: Dialect,
    hidden: Option<&Hidden>,
) -> Result<Written, ExportError> {
    let periods: Vec<(i64, String)> = {
        let mut statement = conn.prepare("SELECT id, code FROM period WHERE id IN (SELECT DISTINCT period_id FROM observation) ORDER BY start_date, code")?;
        statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let column_of: std::collections::HashMap<i64, usize> = periods
        .iter()
        .enumerate()
        .map(|(index, (id, _))| (*id, index))
        .collect();
    write_file(path, dialect, |writer| {
        let mut header: Vec<String> = [
            "indicator",
            "indicator_name",
            "region",
            "region_name",
            "breakdown",
            "unit",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        header.extend(periods.iter().map(|(_, code)| code.clone()));
        writer.write_record(&header)?;
        let mut statement = conn.prepare(
            "SELECT i.code, i.name, r.key, r.name, b.key, i.unit, o.period_id, o.value, o.symbol, o.quality, p.code
             FROM observation o
             JOIN indicator i ON i.id = o.indicator_id
             JOIN region r ON r.id = o.region_id
             JOIN period p ON p.id = o.period_id
             JOIN breakdown b ON b.id = o.breakdown_id
             ORDER BY i.code, r.key, b.key",
        )?;
        let mut rows = statement.query([])?;
        let mut current: Option<[String; 6]> = None;
        let mut cells = vec![String::new(); periods.len()];
        let mut count = 0;
        let flush = |writer: &mut csv::Writer<_>,
                     key: &[String; 6],
                     cells: &mut Vec<String>|
         -> Result<(), ExportError> {
            let mut record: Vec<String> = key
                .iter()
                .map(|text| neutralise(text).into_owned())
                .collect();
            record.append(cells);
            writer.write_record(&record)?;
            *cells = vec![String::new(); periods.len()];
            Ok(())
        };
        while let Some(row) = rows.next()? {
            let key: [String; 6] = [
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
            ];
            if current.as_ref() != Some(&key) {
                if let Some(previous) = current.take() {
                    flush(writer, &previous, &mut cells)?;
                    count += 1;
                }
                current = Some(key);
            }
            let period: i64 = row.get(6)?;
            let value: Option<f64> = row.get(7)?;
            let symbol: Option<String> = row.get(8)?;
            let quality: Option<String> = row.get(9)?;
            if let Some(hidden) = hidden
                && hidden.hides(row, [0, 2, 10, 4])?
            {
                if let Some(column) = column_of.get(&period) {
                    ".".clone_into(&mut cells[*column]);
                }
                continue;
            }
            let mut text = match (value, symbol.as_deref()) {
                (Some(_), Some("-")) => "-".to_owned(),
                (Some(v), Some("()")) => format!("({})", dialect.number(v)),
                (Some(v), _) => dialect.number(v),
                (None, Some(symbol)) => symbol.to_owned(),
                (None, None) => String::new(),
            };
            if let Some(quality) = quality {
                text = format!("{text} {quality}");
            }
            if let Some(column) = column_of.get(&period) {
                cells[*column] = neutralise(&text).into_owned();
            }
        }
        if let Some(previous) = current.take() {
            flush(writer, &previous, &mut cells)?;
            count += 1;
        }
        Ok(count)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_read_back() {
        for text in ["=SUM(A1)", "+49 30 1234", "-", "@home", "\tx", "\rx"] {
            let safe = neutralise(text);
            assert!(safe.starts_with('\''), "{text}");
            assert_eq!(unneutralise(&safe), text);
        }
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
        for def in meta::ALL {
            assert_eq!(
                entity_by_name(list_name(def)).map(|d| d.table),
                Some(def.table)
            );
        }
    }
}
