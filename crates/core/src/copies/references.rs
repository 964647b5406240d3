//! What a data value of the other copy refers to, brought across before the value: its
//! period, the dimensions and members of its breakdown (with the other copy's labels) and
//! its statistics symbol.
//!
//! These are reference data, found by their natural keys: an import in the other copy makes
//! them without an entry in its change log, so the merge would otherwise meet a value whose
//! period the target has never seen, and list it as a conflict. A period is an entity the
//! copies compare, so the merge logs the one it brings (undoing the merge removes it);
//! breakdowns and symbols are found by their codes alone and stay.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};

use crate::model::{Period, Symbol};
use crate::store::{Result, Tx, entity, observations, periods, symbols};

/// The references brought across so far in one merge, so that each is looked up once.
pub struct References<'a> {
    other: &'a Connection,
    periods: HashSet<String>,
    breakdowns: HashSet<String>,
    symbols: HashSet<String>,
    /// The other copy's symbols (a dozen or so), read once.
    other_symbols: Vec<Symbol>,
}

impl<'a> References<'a> {
    /// Brings references from `other`.
    pub fn new(other: &'a Connection) -> Result<Self> {
        Ok(Self {
            other,
            periods: HashSet::new(),
            breakdowns: HashSet::new(),
            symbols: HashSet::new(),
            other_symbols: symbols::list(other)?,
        })
    }

    /// Makes sure the target has the period, breakdown and symbol a value of the other copy
    /// uses. What the other copy does not have either is left for the value's own lookup,
    /// which names it.
    pub fn bring(
        &mut self,
        tx: &Tx<'_>,
        period: &str,
        breakdown: &str,
        symbol: Option<&str>,
    ) -> Result<()> {
        if self.periods.insert(period.to_owned()) {
            self.bring_period(tx, period)?;
        }
        let target = tx.conn();
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

    /// Forgets what was brought: a rolled-back savepoint took it away again.
    pub fn forget(&mut self) {
        self.periods.clear();
        self.breakdowns.clear();
        self.symbols.clear();
    }

    fn bring_period(&self, tx: &Tx<'_>, code: &str) -> Result<()> {
        if let Some(period) = entity::get::<Period>(self.other, code)? {
            periods::ensure(tx, &period)?;
        }
        Ok(())
    }

    fn bring_breakdown(&self, target: &Connection, key: &str) -> Result<()> {
        observations::ensure_breakdown_labelled(target, key, |dimension, member| {
            let label = match member {
                None => self
                    .other
                    .prepare_cached("SELECT label FROM dimension WHERE code = ?1")?
                    .query_row([dimension], |row| row.get(0))
                    .optional()?,
                Some(member) => self
                    .other
                    .prepare_cached(
                        "SELECT m.label FROM dimension_member m \
                         JOIN dimension d ON d.id = m.dimension_id \
                         WHERE d.code = ?1 AND m.code = ?2",
                    )?
                    .query_row([dimension, member], |row| row.get(0))
                    .optional()?,
            };
            Ok(label)
        })
        .map(|_| ())
    }

    fn bring_symbol(&self, target: &Connection, code: &str) -> Result<()> {
        match self.other_symbols.iter().find(|symbol| symbol.code == code) {
            Some(symbol) => symbols::ensure(target, symbol),
            None => Ok(()),
        }
    }
}
