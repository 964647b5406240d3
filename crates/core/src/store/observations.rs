//! Observations: indicator × region × period × breakdown → value, symbol, quality, note.
//!
//! They are written in bulk by imports and the demo through an [`ObservationWriter`], which
//! resolves keys once and keeps the observation counter in step. Observations are not
//! entities of the change log; an import records them through its `import` row.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, StoreError, counts};
use crate::model::Observation;

/// What writing one observation did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// There was no observation with this key; it was inserted.
    Inserted,
    /// There was one with other content; it was overwritten.
    Updated,
    /// There was one with the same content; nothing was written.
    Unchanged,
}

/// Writes many observations inside one transaction.
pub struct ObservationWriter<'c> {
    conn: &'c Connection,
    indicators: HashMap<String, i64>,
    regions: HashMap<String, i64>,
    periods: HashMap<String, i64>,
    breakdowns: HashMap<String, i64>,
    inserted: i64,
}

impl<'c> ObservationWriter<'c> {
    /// A writer on a connection inside a running transaction.
    #[must_use]
    pub fn new(conn: &'c Connection) -> Self {
        ObservationWriter {
            conn,
            indicators: HashMap::new(),
            regions: HashMap::new(),
            periods: HashMap::new(),
            breakdowns: HashMap::new(),
            inserted: 0,
        }
    }

    fn lookup(
        conn: &Connection,
        cache: &mut HashMap<String, i64>,
        sql: &str,
        key: &str,
        kind: &'static str,
    ) -> Result<i64> {
        if let Some(id) = cache.get(key) {
            return Ok(*id);
        }
        let id: Option<i64> = conn
            .prepare_cached(sql)?
            .query_row([key], |row| row.get(0))
            .optional()?;
        let Some(id) = id else {
            return Err(StoreError::NotFoundEntity {
                kind,
                key: key.to_owned(),
            });
        };
        cache.insert(key.to_owned(), id);
        Ok(id)
    }

    /// The id of a breakdown, created (with its dimensions and members, labelled by code)
    /// when new.
    pub fn breakdown_id(&mut self, key: &str) -> Result<i64> {
        if let Some(id) = self.breakdowns.get(key) {
            return Ok(*id);
        }
        let id = ensure_breakdown(self.conn, key)?;
        self.breakdowns.insert(key.to_owned(), id);
        Ok(id)
    }

    /// Inserts or updates one observation (written by no import).
    pub fn put(&mut self, observation: &Observation) -> Result<Outcome> {
        let conn = self.conn;
        let indicator = Self::lookup(
            conn,
            &mut self.indicators,
            "SELECT id FROM indicator WHERE code = ?1",
            &observation.indicator_code,
            "indicator",
        )?;
        let region = Self::lookup(
            conn,
            &mut self.regions,
            "SELECT id FROM region WHERE key = ?1",
            &observation.region_key,
            "region",
        )?;
        let period = Self::lookup(
            conn,
            &mut self.periods,
            "SELECT id FROM period WHERE code = ?1",
            &observation.period_code,
            "period",
        )?;
        let breakdown = self.breakdown_id(&observation.breakdown_key)?;
        if observation.value.is_none() && observation.symbol.is_none() {
            return Err(StoreError::Invalid {
                message: crate::t!("store.error.no_value").to_owned(),
            });
        }
        let ids = Ids {
            indicator,
            region,
            period,
            breakdown,
        };
        let new = StoredRow {
            content: Content {
                value: observation.value,
                symbol: observation.symbol.clone(),
                quality: observation.quality.clone(),
                note: observation.note.clone(),
            },
            import_id: None,
            import_line: None,
        };
        if insert_new(conn, ids, &new)? {
            self.inserted += 1;
            return Ok(Outcome::Inserted);
        }
        match read_ids(conn, ids)? {
            Some(old) if old.content == new.content => Ok(Outcome::Unchanged),
            _ => {
                overwrite(conn, ids, &new)?;
                Ok(Outcome::Updated)
            }
        }
    }

    /// Brings the observation counter up to date; call before the transaction commits.
    pub fn finish(self) -> Result<i64> {
        counts::add(self.conn, counts::OBSERVATIONS, self.inserted)?;
        Ok(self.inserted)
    }
}

/// The id of a dimension, created when new.
pub fn ensure_dimension(conn: &Connection, code: &str, label: &str) -> Result<i64> {
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM dimension WHERE code = ?1")?
        .query_row([code], |row| row.get(0))
        .optional()?
    {
        return Ok(id);
    }
    conn.prepare_cached("INSERT INTO dimension (code, label) VALUES (?1, ?2)")?
        .execute(params![code, label])?;
    Ok(conn.last_insert_rowid())
}

/// The id of a dimension member, created when new.
pub fn ensure_member(conn: &Connection, dimension_id: i64, code: &str, label: &str) -> Result<i64> {
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM dimension_member WHERE dimension_id = ?1 AND code = ?2")?
        .query_row(params![dimension_id, code], |row| row.get(0))
        .optional()?
    {
        return Ok(id);
    }
    conn.prepare_cached(
        "INSERT INTO dimension_member (dimension_id, code, label) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![dimension_id, code, label])?;
    Ok(conn.last_insert_rowid())
}

/// The id of a breakdown by its canonical key, created when new.
pub fn ensure_breakdown(conn: &Connection, key: &str) -> Result<i64> {
    ensure_breakdown_labelled(conn, key, |_, _| Ok(None))
}

/// [`ensure_breakdown`], with the labels of dimensions and members it creates asked of
/// `label(dimension, member)` (`None` for a dimension's own label); the code where it has
/// none.
pub fn ensure_breakdown_labelled(
    conn: &Connection,
    key: &str,
    mut label: impl FnMut(&str, Option<&str>) -> Result<Option<String>>,
) -> Result<i64> {
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM breakdown WHERE key = ?1")?
        .query_row([key], |row| row.get(0))
        .optional()?
    {
        return Ok(id);
    }
    conn.prepare_cached("INSERT INTO breakdown (key) VALUES (?1)")?
        .execute([key])?;
    let id = conn.last_insert_rowid();
    for pair in key.split(';').filter(|pair| !pair.is_empty()) {
        let Some((dimension, member)) = pair.split_once('=') else {
            return Err(StoreError::Invalid {
                message: crate::t!("store.error.breakdown_key", key = key),
            });
        };
        let dimension_label = label(dimension, None)?;
        let dimension_id = ensure_dimension(
            conn,
            dimension,
            dimension_label.as_deref().unwrap_or(dimension),
        )?;
        let member_label = label(dimension, Some(member))?;
        let member_id = ensure_member(
            conn,
            dimension_id,
            member,
            member_label.as_deref().unwrap_or(member),
        )?;
        conn.prepare_cached(
            "INSERT INTO breakdown_member (breakdown_id, member_id) VALUES (?1, ?2)",
        )?
        .execute(params![id, member_id])?;
    }
    Ok(id)
}

/// The observations of one indicator (all regions, periods and breakdowns), ordered by
/// region, breakdown and period start.
pub fn for_indicator(conn: &Connection, indicator_code: &str) -> Result<Vec<Observation>> {
    let mut statement = conn.prepare_cached(
        "SELECT i.code, r.key, p.code, b.key, o.value, o.symbol, o.quality, o.note
         FROM observation o
         JOIN indicator i ON i.id = o.indicator_id
         JOIN region r ON r.id = o.region_id
         JOIN period p ON p.id = o.period_id
         JOIN breakdown b ON b.id = o.breakdown_id
         WHERE i.code = ?1
         ORDER BY r.key, b.key, p.start_date",
    )?;
    let rows = statement.query_map([indicator_code], |row| {
        Ok(Observation {
            indicator_code: row.get(0)?,
            region_key: row.get(1)?,
            period_code: row.get(2)?,
            breakdown_key: row.get(3)?,
            value: row.get(4)?,
            symbol: row.get(5)?,
            quality: row.get(6)?,
            note: row.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// One value of a series: a number, or the symbol that stands instead of it.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesValue {
    /// The period's code.
    pub period_code: String,
    /// The number; `None` only when `symbol` says why.
    pub value: Option<f64>,
    /// The statistics symbol of the value, if any (`.`, `-`, `()`, …).
    pub symbol: Option<String>,
    /// The quality flag that goes with the number, if any (`p`, `r`, `e`, `s`).
    pub quality: Option<String>,
}

/// One series: an indicator's values for one region and breakdown, by period start. Reads
/// through the primary key's (indicator, region) prefix.
pub fn series(
    conn: &Connection,
    indicator_code: &str,
    region_key: &str,
    breakdown_key: &str,
) -> Result<Vec<SeriesValue>> {
    let mut statement = conn.prepare_cached(
        "SELECT p.code, o.value, o.symbol, o.quality
         FROM observation o JOIN period p ON p.id = o.period_id
         WHERE o.indicator_id = (SELECT id FROM indicator WHERE code = ?1)
           AND o.region_id = (SELECT id FROM region WHERE key = ?2)
           AND o.breakdown_id = (SELECT id FROM breakdown WHERE key = ?3)
         ORDER BY p.start_date, p.code",
    )?;
    let rows = statement.query_map([indicator_code, region_key, breakdown_key], |row| {
        Ok(SeriesValue {
            period_code: row.get(0)?,
            value: row.get(1)?,
            symbol: row.get(2)?,
            quality: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Each breakdown's members by its key, in the key's order (by dimension code): the
/// dimension's label and the member's (`Geschlecht`, `weiblich`). The total has none.
pub fn breakdown_parts(
    conn: &Connection,
) -> Result<std::collections::HashMap<String, Vec<(String, String)>>> {
    let mut statement = conn.prepare(
        "SELECT b.key, d.label, m.label
         FROM breakdown b
         JOIN breakdown_member bm ON bm.breakdown_id = b.id
         JOIN dimension_member m ON m.id = bm.member_id
         JOIN dimension d ON d.id = m.dimension_id
         ORDER BY b.key, d.code",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    let mut parts: std::collections::HashMap<String, Vec<(String, String)>> =
        std::collections::HashMap::new();
    for row in rows {
        let (key, dimension, member) = row?;
        parts.entry(key).or_default().push((dimension, member));
    }
    Ok(parts)
}

/// The dimensions an indicator's values are broken down by and their members, by code
/// (what a formula's `[CODE; Dimension=Member]` may name). One pass over the indicator's
/// breakdowns.
pub fn members(conn: &Connection, code: &str) -> Result<crate::model::formula::Members> {
    let mut statement = conn.prepare_cached(
        "SELECT DISTINCT d.code, m.code FROM breakdown_member bm
         JOIN dimension_member m ON m.id = bm.member_id
         JOIN dimension d ON d.id = m.dimension_id
         WHERE bm.breakdown_id IN (
             SELECT DISTINCT breakdown_id FROM observation
             WHERE indicator_id = (SELECT id FROM indicator WHERE code = ?1))",
    )?;
    let rows = statement.query_map([code], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut members = crate::model::formula::Members::new();
    for row in rows {
        let (dimension, member) = row?;
        members.entry(dimension).or_default().insert(member);
    }
    Ok(members)
}

/// Each dimension's label by its code (`GES` → `Geschlecht`).
pub fn dimension_labels(conn: &Connection) -> Result<std::collections::HashMap<String, String>> {
    let mut statement = conn.prepare("SELECT code, label FROM dimension")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The ids that identify one observation in this file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ids {
    /// The indicator's id in this file.
    pub indicator: i64,
    /// The region's id in this file.
    pub region: i64,
    /// The period's id in this file.
    pub period: i64,
    /// The breakdown's id in this file.
    pub breakdown: i64,
}

/// An observation's stored content.
#[derive(Clone, Debug, PartialEq)]
pub struct Content {
    /// The number; `None` only when `symbol` says why.
    pub value: Option<f64>,
    /// The statistics symbol, if any (`.`, `-`, `()`, …).
    pub symbol: Option<String>,
    /// The quality flag that goes with the number, if any (`p`, `r`, `e`, `s`).
    pub quality: Option<String>,
    /// A free-text note on the value, if any.
    pub note: Option<String>,
}

/// An observation's content with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredRow {
    /// Value, symbol, quality flag and note.
    pub content: Content,
    /// The `import` row of the import that wrote it; `None` when no import did.
    pub import_id: Option<i64>,
    /// The physical line of the imported file the value came from.
    pub import_line: Option<i64>,
}

impl Ids {
    /// The four ids from `row`, starting at column `first`.
    pub fn from_row(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Ids> {
        Ok(Ids {
            indicator: row.get(first)?,
            region: row.get(first + 1)?,
            period: row.get(first + 2)?,
            breakdown: row.get(first + 3)?,
        })
    }
}

impl StoredRow {
    /// Value, symbol, quality, note, import id and import line from `row`, starting at
    /// column `first`.
    pub fn from_row(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<StoredRow> {
        Ok(StoredRow {
            content: Content {
                value: row.get(first)?,
                symbol: row.get(first + 1)?,
                quality: row.get(first + 2)?,
                note: row.get(first + 3)?,
            },
            import_id: row.get(first + 4)?,
            import_line: row.get(first + 5)?,
        })
    }

    /// The ten parameters of [`INSERT_NEW`] and [`overwrite`]: the ids, then this row.
    #[must_use]
    pub fn params<'a>(&'a self, ids: &'a Ids) -> [&'a dyn rusqlite::ToSql; 10] {
        let c = &self.content;
        [
            &ids.indicator,
            &ids.region,
            &ids.period,
            &ids.breakdown,
            &c.value,
            &c.symbol,
            &c.quality,
            &c.note,
            &self.import_id,
            &self.import_line,
        ]
    }
}

/// Reads one observation.
pub fn read_ids(conn: &Connection, ids: Ids) -> Result<Option<StoredRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT value, symbol, quality, note, import_id, import_line FROM observation
             WHERE indicator_id = ?1 AND region_id = ?2 AND period_id = ?3 AND breakdown_id = ?4",
        )?
        .query_row(
            params![ids.indicator, ids.region, ids.period, ids.breakdown],
            |row| StoredRow::from_row(row, 0),
        )
        .optional()?)
}

/// Inserts an observation unless one with the same key exists; returns whether it did.
pub fn insert_new(conn: &Connection, ids: Ids, row: &StoredRow) -> Result<bool> {
    let mut statement = conn.prepare_cached(INSERT_NEW)?;
    insert_with(&mut statement, ids, row)
}

/// The statement behind [`insert_new`], for callers that keep it prepared.
pub const INSERT_NEW: &str = "INSERT INTO observation (indicator_id, region_id, period_id, breakdown_id, value, symbol, quality, note, import_id, import_line)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING";

/// Runs a prepared [`INSERT_NEW`]; returns whether the row was new.
pub fn insert_with(
    statement: &mut rusqlite::Statement<'_>,
    ids: Ids,
    row: &StoredRow,
) -> Result<bool> {
    let inserted = statement.execute(row.params(&ids).as_slice())?;
    Ok(inserted == 1)
}

/// Overwrites an existing observation.
pub fn overwrite(conn: &Connection, ids: Ids, row: &StoredRow) -> Result<()> {
    conn.prepare_cached(
        "UPDATE observation SET value = ?5, symbol = ?6, quality = ?7, note = ?8, import_id = ?9, import_line = ?10
         WHERE indicator_id = ?1 AND region_id = ?2 AND period_id = ?3 AND breakdown_id = ?4",
    )?
    .execute(row.params(&ids).as_slice())?;
    Ok(())
}

/// Deletes one observation; returns whether there was one.
pub fn delete_ids(conn: &Connection, ids: Ids) -> Result<bool> {
    let deleted = conn
        .prepare_cached("DELETE FROM observation WHERE indicator_id = ?1 AND region_id = ?2 AND period_id = ?3 AND breakdown_id = ?4")?
        .execute(params![ids.indicator, ids.region, ids.period, ids.breakdown])?;
    Ok(deleted == 1)
}

/// The identities (indicator code, region key, period code, breakdown key) behind ids.
pub fn identity_of(conn: &Connection, ids: Ids) -> Result<[String; 4]> {
    Ok(conn.prepare_cached(
        "SELECT (SELECT code FROM indicator WHERE id = ?1), (SELECT key FROM region WHERE id = ?2),
                (SELECT code FROM period WHERE id = ?3), (SELECT key FROM breakdown WHERE id = ?4)",
    )?
    .query_row(params![ids.indicator, ids.region, ids.period, ids.breakdown], |row| {
        Ok([row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?])
    })?)
}

/// The change-log row of an observation: its identity and content.
#[must_use]
pub fn log_row(
    identity: &[String; 4],
    row: &StoredRow,
) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::json;
    let c = &row.content;
    let json = json!({
        "key": identity.join("|"),
        "indicator": identity[0], "region": identity[1], "period": identity[2], "breakdown": identity[3],
        "value": c.value, "symbol": c.symbol, "quality": c.quality, "note": c.note,
        "import_id": row.import_id, "import_line": row.import_line,
    });
    match json {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// Reads the ids and content back from a change-log row (creating a breakdown if needed).
pub fn from_log_row(
    conn: &Connection,
    row: &serde_json::Map<String, serde_json::Value>,
) -> Result<(Ids, StoredRow)> {
    let text = |name: &str| {
        row.get(name)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    let required = |name: &str| {
        text(name).ok_or_else(|| StoreError::Invalid {
            message: format!("an observation change lacks {name}"),
        })
    };
    let id = |sql: &str, key: String, kind: &'static str| -> Result<i64> {
        conn.prepare_cached(sql)?
            .query_row([&key], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFoundEntity { kind, key })
    };
    let ids = Ids {
        indicator: id(
            "SELECT id FROM indicator WHERE code = ?1",
            required("indicator")?,
            "indicator",
        )?,
        region: id(
            "SELECT id FROM region WHERE key = ?1",
            required("region")?,
            "region",
        )?,
        period: id(
            "SELECT id FROM period WHERE code = ?1",
            required("period")?,
            "period",
        )?,
        breakdown: ensure_breakdown(conn, &required("breakdown")?)?,
    };
    let stored = StoredRow {
        content: Content {
            value: row.get("value").and_then(serde_json::Value::as_f64),
            symbol: text("symbol"),
            quality: text("quality"),
            note: text("note"),
        },
        import_id: row.get("import_id").and_then(serde_json::Value::as_i64),
        import_line: row.get("import_line").and_then(serde_json::Value::as_i64),
    };
    Ok((ids, stored))
}

/// Puts an observation into the state a change-log row describes (`None`: absent), keeping
/// the counter in step.
pub fn restore(conn: &Connection, ids: Ids, state: Option<&StoredRow>) -> Result<()> {
    match state {
        Some(row) => {
            if insert_new(conn, ids, row)? {
                counts::add(conn, counts::OBSERVATIONS, 1)?;
            } else {
                overwrite(conn, ids, row)?;
            }
        }
        None => {
            if delete_ids(conn, ids)? {
                counts::add(conn, counts::OBSERVATIONS, -1)?;
            }
        }
    }
    Ok(())
}

/// Removes the values of the indicator with id `indicator` if it is computed (its values
/// are derived and go with it).
pub fn clear_if_computed(conn: &Connection, indicator: i64) -> Result<()> {
    let computed: bool = conn
        .prepare_cached("SELECT formula <> '' FROM indicator WHERE id = ?1")?
        .query_row([indicator], |row| row.get(0))?;
    if computed {
        clear_indicator(conn, indicator)?;
    }
    Ok(())
}

/// Removes the computed values at the region or period with id `id` (`column`:
/// `region_id` or `period_id`), keeping the observation counter in step: they were derived
/// from values there, which went before them, and the commit computes again what reads
/// what changed.
pub fn clear_computed_at(conn: &Connection, column: &str, id: i64) -> Result<()> {
    let removed = conn
        .prepare_cached(&format!(
            "DELETE FROM observation WHERE {column} = ?1
               AND indicator_id IN (SELECT id FROM indicator WHERE formula <> '')"
        ))?
        .execute([id])?;
    let removed = i64::try_from(removed).unwrap_or(i64::MAX);
    counts::add(conn, counts::OBSERVATIONS, -removed)?;
    Ok(())
}

/// Removes every value of the indicator with id `indicator` (a computed one's: they are
/// derived, and go with its formula), keeping the observation counter in step.
pub fn clear_indicator(conn: &Connection, indicator: i64) -> Result<()> {
    let removed = conn
        .prepare_cached("DELETE FROM observation WHERE indicator_id = ?1")?
        .execute([indicator])?;
    let removed = i64::try_from(removed).unwrap_or(i64::MAX);
    counts::add(conn, counts::OBSERVATIONS, -removed)?;
    Ok(())
}
