//! What a data value of the other copy refers to, brought across before the value: its
//! period, the dimensions and members of its breakdown (with the other copy's labels) and
//! its statistics symbol.
//!
//! These are reference data, found by their natural keys and created the way an import
//! creates them, not as a user's change: an import in the other copy makes them without an
//! entry in its change log, so the merge would otherwise meet a value whose period the
//! target has never seen, and list it as a conflict.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, params};

use crate::store::Result;
use crate::store::observations;

/// The references brought across so far in one merge, so that each is looked up once.
pub struct References<'a> {
    other: &'a Connection,
    periods: HashSet<String>,
    breakdowns: HashSet<String>,
    symbols: HashSet<String>,
}

impl<'a> References<'a> {
    /// Brings references from `other`.
    #[must_use]
    pub fn new(other: &'a Connection) -> Self {
        Self {
            other,
            periods: HashSet::new(),
            breakdowns: HashSet::new(),
            symbols: HashSet::new(),
        }
    }

    /// Makes sure the target has the period, breakdown and symbol a value of the other copy
    /// uses. What the other copy does not have either is left for the value's own lookup,
    /// which names it.
    pub fn bring(
        &mut self,
        target: &Connection,
        period: &str,
        breakdown: &str,
        symbol: Option<&str>,
    ) -> Result<()> {
        if self.periods.insert(period.to_owned()) {
            self.bring_period(target, period)?;
        }
        if self.breakdowns.insert(breakdown.to_owned()) {
            self.bring_breakdown(target, breakdown)?;
        }
        if let Some(symbol) = symbol
            && self.symbols.insert(symbol.to_owned())
        {
            self.bring_symbol(target, symbol)?;
        }
        Ok(())
    }

    fn bring_period(&self, target: &Connection, code: &str) -> Result<()> {
        let period = self
            .other
            .prepare_cached("SELECT kind, start_date, end_date FROM period WHERE code = ?1")?
            .query_row([code], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })
            .optional()?;
        if let Some((kind, start, end)) = period {
            target
                .prepare_cached(
                    "INSERT OR IGNORE INTO period (code, kind, start_date, end_date) \
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![code, kind, start, end])?;
        }
        Ok(())
    }

    fn bring_breakdown(&self, target: &Connection, key: &str) -> Result<()> {
        for pair in key.split(';').filter(|pair| !pair.is_empty()) {
            let Some((dimension, member)) = pair.split_once('=') else {
                // A malformed key: the breakdown's own lookup reports it.
                continue;
            };
            let dimension_label: Option<String> = self
                .other
                .prepare_cached("SELECT label FROM dimension WHERE code = ?1")?
                .query_row([dimension], |row| row.get(0))
                .optional()?;
            let dimension_id = observations::ensure_dimension(
                target,
                dimension,
                dimension_label.as_deref().unwrap_or(dimension),
            )?;
            let member_label: Option<String> = self
                .other
                .prepare_cached(
                    "SELECT m.label FROM dimension_member m \
                     JOIN dimension d ON d.id = m.dimension_id \
                     WHERE d.code = ?1 AND m.code = ?2",
                )?
                .query_row([dimension, member], |row| row.get(0))
                .optional()?;
            observations::ensure_member(
                target,
                dimension_id,
                member,
                member_label.as_deref().unwrap_or(member),
            )?;
        }
        observations::ensure_breakdown(target, key).map(|_| ())
    }

    fn bring_symbol(&self, target: &Connection, code: &str) -> Result<()> {
        let symbol = self
            .other
            .prepare_cached(
                "SELECT kind, has_value, label_de, label_en FROM symbol WHERE code = ?1",
            )?
            .query_row([code], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })
            .optional()?;
        if let Some((kind, has_value, label_de, label_en)) = symbol {
            target
                .prepare_cached(
                    "INSERT OR IGNORE INTO symbol (code, kind, has_value, label_de, label_en) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![code, kind, has_value, label_de, label_en])?;
        }
        Ok(())
    }
}
