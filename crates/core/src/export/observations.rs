//! Observations in the long form (one value per row, the columns of [`LONG_COLUMNS`]) and
//! the wide form (periods as columns), as stored or as they may be published.

use std::path::Path;

use rusqlite::Connection;

use super::{Dialect, ExportError, Written, neutralise, write_file};

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
];

/// The column `--with-sources` adds to the long form (otherwise each indicator's source
/// is named once, in the sources file beside it: see [`export_sources`]).
pub const SOURCE_COLUMN: &str = "source";

/// The columns of the sources file: each indicator once, with its source, the licences
/// and latest data date of the imports its values came from.
pub const SOURCES_COLUMNS: &[&str] = &[
    "indicator",
    "indicator_name",
    "unit",
    "source",
    "licence",
    "data_date",
];

pub(super) const OBSERVATIONS_SQL: &str = "SELECT i.code, i.name, r.key, r.name, p.code, b.key, o.value, o.symbol, o.quality, o.note, i.unit, i.source
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
    pub(super) fn hides(
        &self,
        row: &rusqlite::Row<'_>,
        columns: [usize; 4],
    ) -> rusqlite::Result<bool> {
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
/// as `.` with its note. With `with_sources`, every row names its indicator's source.
pub fn export_observations_long(
    conn: &Connection,
    path: &Path,
    dialect: Dialect,
    hidden: Option<&Hidden>,
    with_sources: bool,
) -> Result<Written, ExportError> {
    write_file(path, dialect, |writer| {
        let mut header = LONG_COLUMNS.to_vec();
        if with_sources {
            header.push(SOURCE_COLUMN);
        }
        writer.write_record(&header)?;
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
            let mut record = vec![
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
            ];
            if with_sources {
                record.push(text(11)?);
            }
            writer.write_record(&record)?;
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

/// The path of the sources file beside an export: `obs.csv` → `obs.sources.csv`.
#[must_use]
pub fn sources_path(path: &Path) -> std::path::PathBuf {
    let stem = path.file_stem().map_or_else(
        || std::ffi::OsString::from("observations"),
        std::ffi::OsStr::to_os_string,
    );
    let mut name = stem;
    name.push(".sources.");
    name.push(path.extension().unwrap_or(std::ffi::OsStr::new("csv")));
    path.with_file_name(name)
}

/// Writes each indicator that has values once, with its source, the licences and the
/// latest data date of the imports its values came from (`SOURCES_COLUMNS`).
pub fn export_sources(
    conn: &Connection,
    path: &Path,
    dialect: Dialect,
) -> Result<Written, ExportError> {
    write_file(path, dialect, |writer| {
        writer.write_record(SOURCES_COLUMNS)?;
        let mut statement = conn.prepare(
            "SELECT i.code, i.name, i.unit, i.source,
                    coalesce((SELECT group_concat(DISTINCT s.licence) FROM import_source s
                              WHERE s.licence <> '' AND s.import_id IN
                                  (SELECT DISTINCT import_id FROM observation WHERE indicator_id = i.id)), ''),
                    coalesce((SELECT max(s.data_date) FROM import_source s
                              WHERE s.data_date <> '' AND s.import_id IN
                                  (SELECT DISTINCT import_id FROM observation WHERE indicator_id = i.id)), '')
             FROM indicator i
             WHERE EXISTS (SELECT 1 FROM observation o WHERE o.indicator_id = i.id)
             ORDER BY i.code",
        )?;
        let mut rows = statement.query([])?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            let record: Vec<String> = (0..SOURCES_COLUMNS.len())
                .map(|i| {
                    row.get::<_, Option<String>>(i)
                        .map(|text| neutralise(&text.unwrap_or_default()).into_owned())
                })
                .collect::<rusqlite::Result<_>>()?;
            writer.write_record(&record)?;
            count += 1;
        }
        Ok(count)
    })
}
