//! What an action makes to compute again, decided where it commits: from what the action
//! recorded and its own change rows, every computed indicator whose inputs, values, formula
//! or code it changed — and what reads those in turn.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value as Json;

use super::order::{computed, order};
use super::{Derived, compute};
use crate::model::formula::Formula;
use crate::model::meta::EntityKind;
use crate::store::entity::Row;
use crate::store::{Result, Tx};

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
    use crate::store::ActionKind;
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
