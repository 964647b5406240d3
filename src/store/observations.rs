//! Observations: indicator × region × period × breakdown → value, symbol, quality, note.
//!
//! They are written in bulk by imports and the demo through an [`ObservationWriter`], which
//! resolves keys once and keeps the observation counter in step. Observations are not
//! entities of the change log; an import records them through its `import` row.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, StoreError, counts};
use crate::model::Observation;

/// An observation's value, symbol, quality and note as stored.
type Stored = (Option<f64>, Option<String>, Option<String>, Option<String>);

/// What writing one observation did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Inserted,
    Updated,
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

    /// Inserts or updates one observation.
    pub fn put(&mut self, observation: &Observation, import_id: Option<i64>) -> Result<Outcome> {
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
        let existing: Option<Stored> = conn
            .prepare_cached(
                "SELECT value, symbol, quality, note FROM observation
                 WHERE indicator_id = ?1 AND region_id = ?2 AND period_id = ?3 AND breakdown_id = ?4",
            )?
            .query_row(params![indicator, region, period, breakdown], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .optional()?;
        let new = (
            observation.value,
            observation.symbol.clone(),
            observation.quality.clone(),
            observation.note.clone(),
        );
        match existing {
            Some(old) if old == new => Ok(Outcome::Unchanged),
            Some(_) => {
                conn.prepare_cached(
                    "UPDATE observation SET value = ?5, symbol = ?6, quality = ?7, note = ?8, import_id = ?9
                     WHERE indicator_id = ?1 AND region_id = ?2 AND period_id = ?3 AND breakdown_id = ?4",
                )?
                .execute(params![indicator, region, period, breakdown, new.0, new.1, new.2, new.3, import_id])?;
                Ok(Outcome::Updated)
            }
            None => {
                conn.prepare_cached(
                    "INSERT INTO observation (indicator_id, region_id, period_id, breakdown_id, value, symbol, quality, note, import_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(params![indicator, region, period, breakdown, new.0, new.1, new.2, new.3, import_id])?;
                self.inserted += 1;
                Ok(Outcome::Inserted)
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
        let dimension_id = ensure_dimension(conn, dimension, dimension)?;
        let member_id = ensure_member(conn, dimension_id, member, member)?;
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
