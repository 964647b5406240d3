//! A computed indicator saved and computed as one undoable action, and what its stored
//! values are.

use rusqlite::Connection;

use super::Derived;
use crate::store::{ActionKind, Result};

/// Saves a computed indicator — `insert`ed as new or its stored row updated — and computes
/// it, as one undoable action named `label` (the values in bulk, as an import writes them).
/// `cancel` is asked every 50 ms while it works: when it says so, the work is interrupted
/// and rolled back ([`StoreError::Cancelled`]). What it computed comes back.
pub fn save(
    store: &mut crate::store::Store,
    indicator: &crate::model::Indicator,
    insert: bool,
    label: &str,
    cancel: &(dyn Fn() -> bool + Sync),
) -> Result<Derived> {
    let result = store.interruptible(cancel, |store| {
        store.transact_bulk(ActionKind::Edit, label, true, |tx| {
            if insert {
                tx.insert(indicator)
            } else {
                crate::store::indicators::update(tx, indicator).map(|_| ())
            }
        })
    });
    match result {
        Err(error) => Err(error),
        // Nothing new computed (the same formula again): counted from the file.
        Ok(()) => match store.last_derived().get(&indicator.code) {
            Some(derived) => Ok(derived.clone()),
            None => counts(store.conn(), &indicator.code),
        },
    }
}

/// What an indicator's stored values are: how many, how many numbers, how many of each
/// symbol (one pass over its rows in the database).
pub fn counts(conn: &Connection, code: &str) -> Result<Derived> {
    let mut counted = Derived::default();
    let mut statement = conn.prepare_cached(
        "SELECT o.symbol, o.value IS NOT NULL, COUNT(*) FROM observation o
         WHERE o.indicator_id = (SELECT id FROM indicator WHERE code = ?1)
         GROUP BY o.symbol, o.value IS NOT NULL",
    )?;
    let rows = statement.query_map([code], |row| {
        Ok((
            row.get::<_, Option<String>>(0)?,
            row.get::<_, bool>(1)?,
            row.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (symbol, number, count) = row?;
        let count = usize::try_from(count).unwrap_or(0);
        counted.values += count;
        match (number, symbol) {
            (true, _) => counted.numbers += count,
            (false, Some(symbol)) => *counted.symbols.entry(symbol).or_default() += count,
            (false, None) => {}
        }
    }
    Ok(counted)
}
