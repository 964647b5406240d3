//! The computed indicators and the order they are computed in: each after those it reads,
//! a loop, a formula that cannot be read or one that reads a missing code refused by name.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;

use crate::model::formula::Formula;
use crate::store::{Result, StoreError};
use crate::t;

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
