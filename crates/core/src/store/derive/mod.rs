//! Computed indicators kept current: at the end of every action, in its transaction, the
//! indicators whose formulas read what the action changed (an import, an edit, an undo, a
//! merge, a changed formula) are computed again. Computed values are derived state: they
//! are written in bulk and not logged one by one — undoing the inputs computes them again
//! from the inputs as they were, so one undo takes back both, a merge computes them from
//! this copy's inputs, and a computed value is never stale.
//!
//! A formula that reads itself, directly or through others, is refused with the loop named;
//! an action that would leave a formula reading an indicator that no longer exists is
//! refused with both named.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value as Json;

use super::entity::Row;
use super::tx::{ActionKind, Tx};
use super::{Result, StoreError};
use crate::model::formula::Formula;
use crate::model::meta::EntityKind;
use crate::t;

mod compute;
mod preview;

pub use compute::compute;

pub use preview::{Previewed, preview, why_empty};

/// The computed indicators of a project: code → formula text.
pub fn computed(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut statement =
        conn.prepare_cached("SELECT code, formula FROM indicator WHERE formula <> ''")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The computed indicators in an order where each comes after those it reads; an error
/// naming the loop when formulas read each other in a circle, or naming a formula that
/// cannot be read or reads an indicator the project does not have.
pub fn order(conn: &Connection) -> Result<Vec<(String, Formula)>> {
    let formulas = computed(conn)?;
    let known: BTreeSet<String> = {
        let mut statement = conn.prepare_cached("SELECT code FROM indicator")?;
        let rows = statement.query_map([], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut parsed: BTreeMap<String, Formula> = BTreeMap::new();
    for (code, text) in &formulas {
        let formula = Formula::parse(text).map_err(|error| StoreError::Invalid {
            message: t!("derive.bad_formula", code = code, error = error),
        })?;
        if let Some(missing) = formula.codes().into_iter().find(|c| !known.contains(c)) {
            return Err(StoreError::Invalid {
                message: t!("derive.missing_input", code = code, missing = missing),
            });
        }
        parsed.insert(code.clone(), formula);
    }
    let mut out = Vec::new();
    let mut done = BTreeSet::new();
    for code in parsed.keys() {
        visit(code, &parsed, &mut Vec::new(), &mut done, &mut out)?;
    }
    Ok(out
        .into_iter()
        .map(|code| {
            let formula = parsed.remove(&code).expect("ordered from the parsed");
            (code, formula)
        })
        .collect())
}

/// Orders the computed indicators depth-first, with the path so far to name a loop.
fn visit(
    code: &str,
    parsed: &BTreeMap<String, Formula>,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
    out: &mut Vec<String>,
) -> Result<()> {
    if done.contains(code) || !parsed.contains_key(code) {
        return Ok(());
    }
    if let Some(start) = path.iter().position(|c| c == code) {
        let mut cycle: Vec<String> = path[start..].to_vec();
        cycle.push(code.to_owned());
        return Err(StoreError::Invalid {
            message: t!("derive.cycle", cycle = cycle.join(" → ")),
        });
    }
    path.push(code.to_owned());
    for input in parsed[code].codes() {
        visit(&input, parsed, path, done, out)?;
    }
    path.pop();
    done.insert(code.to_owned());
    out.push(code.to_owned());
    Ok(())
}

/// What computing one indicator wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Derived {
    /// Values it has now.
    pub values: usize,
    /// Of those, how many are numbers.
    pub numbers: usize,
    /// And how many each symbol stands for.
    pub symbols: BTreeMap<String, usize>,
    /// Observations written by this computation.
    pub changed: usize,
}

/// Computes again, inside the action and before it commits, every computed indicator whose
/// values or inputs the action changed (directly or through another computed indicator),
/// as the action's record and change rows say ([`changed_codes`]). Returns what each
/// computation wrote.
pub fn refresh(tx: &Tx<'_>) -> Result<BTreeMap<String, Derived>> {
    let conn = tx.conn();
    let mut done = BTreeMap::new();
    if computed(conn)?.is_empty() {
        return Ok(done);
    }
    let touched = changed_codes(tx)?;
    let mut dirty: BTreeSet<String> = touched.clone();
    for (code, formula) in order(conn)? {
        // Its inputs changed — or its own values did (a merge brought another copy's), which
        // must follow this copy's inputs all the same.
        if touched.contains(&code) || formula.codes().iter().any(|c| dirty.contains(c)) {
            done.insert(code.clone(), compute(tx, &code, &formula)?);
            dirty.insert(code);
        }
    }
    Ok(done)
}

/// The indicators (their codes) whose values, formula or code the running action changed,
/// and those a region's new level changes: the values it wrote in bulk ([`Tx::touch`]), the
/// values it logged one by one, the indicators it made, deleted, renamed or gave another
/// formula, and — when a region moved to another level — every formula that standardises
/// (`z()` compares the regions of one level).
pub fn changed_codes(tx: &Tx<'_>) -> Result<BTreeSet<String>> {
    let conn = tx.conn();
    let mut codes = tx.touched_in_bulk();
    if tx.logged(EntityKind::Observation) {
        // An observation's key starts with its indicator's code (`code|region|period|breakdown`).
        let mut statement = conn.prepare_cached(
            "SELECT DISTINCT substr(entity_key, 1, instr(entity_key || '|', '|') - 1)
             FROM change WHERE action_id = ?1 AND entity_kind = ?2",
        )?;
        let rows = statement.query_map(
            params![tx.action_id(), EntityKind::Observation.code()],
            |row| row.get::<_, String>(0),
        )?;
        for code in rows {
            codes.insert(code?);
        }
    }
    if tx.logged(EntityKind::Indicator) {
        for (key, before, after) in logged_rows(tx, EntityKind::Indicator)? {
            if !matters(before.as_ref(), after.as_ref()) {
                continue;
            }
            // Computed again, with what reads it: its formula or code changed, or it came or
            // went. (A row of changed fields may lack the code: it is read back.)
            codes.extend(
                [&before, &after]
                    .into_iter()
                    .flatten()
                    .filter_map(|row| row.get("code").and_then(Json::as_str).map(str::to_owned)),
            );
            codes.extend(
                conn.prepare_cached("SELECT code FROM indicator WHERE uuid = ?1")?
                    .query_row([&key], |row| row.get::<_, String>(0))
                    .optional()?,
            );
        }
    }
    if tx.logged(EntityKind::Region)
        && logged_rows(tx, EntityKind::Region)?
            .iter()
            .any(|(_, before, after)| region_matters(before.as_ref(), after.as_ref()))
    {
        codes.extend(standardising(conn)?);
    }
    Ok(codes)
}

/// A logged change: the entity's key, its fields before and after.
type Logged = (String, Option<Row>, Option<Row>);

/// The running action's logged changes of entities of `kind`.
fn logged_rows(tx: &Tx<'_>, kind: EntityKind) -> Result<Vec<Logged>> {
    let mut statement = tx.conn().prepare_cached(
        "SELECT entity_key, before, after FROM change WHERE action_id = ?1 AND entity_kind = ?2 ORDER BY id",
    )?;
    let rows = statement.query_map(params![tx.action_id(), kind.code()], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, Option<String>>(1)?,
            row.get::<_, Option<String>>(2)?,
        ))
    })?;
    let parse = |text: Option<String>| -> Result<Option<Row>> {
        Ok(
            match text
                .map(|text| serde_json::from_str::<Json>(&text))
                .transpose()?
            {
                Some(Json::Object(row)) => Some(row),
                _ => None,
            },
        )
    };
    let mut out = Vec::new();
    for row in rows {
        let (key, before, after) = row?;
        out.push((key, parse(before)?, parse(after)?));
    }
    Ok(out)
}

/// The period before each period: of the same kind, the one that starts last before it.
fn previous_periods(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut previous = HashMap::new();
    let mut last_of_kind: HashMap<String, String> = HashMap::new();
    for period in super::periods::list(conn)? {
        let kind = period.kind.code().to_owned();
        if let Some(before) = last_of_kind.insert(kind, period.code.clone()) {
            previous.insert(period.code, before);
        }
    }
    Ok(previous)
}

/// Saves a computed indicator — `insert`ed as new or its stored row updated — and computes
/// it, as one undoable action named `label` (the values in bulk, as an import writes them).
/// `cancel` is asked every 50 ms while it works: when it says so, the work is interrupted
/// and rolled back ([`StoreError::Cancelled`]). What it computed comes back.
pub fn save(
    store: &mut super::Store,
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
                super::indicators::update(tx, indicator).map(|_| ())
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

/// The computed indicators whose formulas standardise (`z()`): what a region's level
/// changes.
pub fn standardising(conn: &Connection) -> Result<Vec<String>> {
    Ok(computed(conn)?
        .into_iter()
        .filter(|(_, text)| {
            Formula::parse(text).is_ok_and(|formula| !formula.standardised_codes().is_empty())
        })
        .map(|(code, _)| code)
        .collect())
}

/// Whether a logged region row change may change what formulas compute: its level (`z()`
/// standardises among the regions of one level).
#[must_use]
pub fn region_matters(before: Option<&Row>, after: Option<&Row>) -> bool {
    match (before, after) {
        (Some(before), Some(after)) => before.get("level") != after.get("level"),
        _ => false,
    }
}

/// Whether a logged indicator row change may change what formulas compute: a formula, or a
/// code (renaming changes what formulas refer to).
#[must_use]
pub fn matters(before: Option<&Row>, after: Option<&Row>) -> bool {
    let field = |row: Option<&Row>, name: &str| {
        row.and_then(|r| r.get(name)).cloned().unwrap_or(Json::Null)
    };
    before.is_none()
        || after.is_none()
        || field(before, "formula") != field(after, "formula")
        || field(before, "code") != field(after, "code")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Indicator;
    use crate::store::testing::store;

    /// What `changed_codes` says of the action `write` makes, read inside it.
    fn changed(store: &mut crate::store::Store, write: impl FnOnce(&Tx<'_>)) -> Vec<String> {
        let mut seen = Vec::new();
        store
            .transact(ActionKind::Edit, "test", |tx| {
                write(tx);
                seen = changed_codes(tx)?.into_iter().collect();
                Ok(())
            })
            .unwrap();
        seen
    }

    #[test]
    fn what_to_compute_again_comes_from_the_record_and_the_change_rows() {
        let mut store = store();
        let a = Indicator::new("A", "Input");
        let mut b = Indicator::new("B", "Rate");
        b.formula = "2 * [A]".to_owned();
        assert_eq!(
            changed(&mut store, |tx| {
                tx.insert(&a).unwrap();
                tx.insert(&b).unwrap();
            }),
            ["A", "B"],
            "indicators that came"
        );
        let mut renamed = a.clone();
        renamed.name = "Another name".to_owned();
        assert!(
            changed(&mut store, |tx| assert!(tx.update(&renamed).unwrap())).is_empty(),
            "a name is not read by formulas"
        );
        renamed.code = "A2".to_owned();
        b.formula = "2 * [A2]".to_owned();
        assert_eq!(
            changed(&mut store, |tx| {
                assert!(tx.update(&renamed).unwrap());
                assert!(tx.update(&b).unwrap());
            }),
            ["A", "A2", "B"],
            "a new code and the formula that follows it"
        );
        let mut value = Row::new();
        value.insert("key".to_owned(), Json::from("A2|01|2024|"));
        assert_eq!(
            changed(&mut store, |tx| {
                tx.touch("BULK");
                tx.log_observation(None, Some(&value)).unwrap();
            }),
            ["A2", "BULK"],
            "values logged one by one, by the code their key starts with, and values written in bulk"
        );
    }
}
