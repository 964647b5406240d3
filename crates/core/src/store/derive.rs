//! Computed indicators kept current: at the end of every action, in its transaction, the
//! indicators whose formulas read what the action changed (an import, an edit, an undo, a
//! merge, a changed formula) are computed again, and their values written through the
//! change log — so one undo takes back the inputs and the computed values together, and a
//! computed value is never stale.
//!
//! A formula that reads itself, directly or through others, is refused with the loop named;
//! an action that would leave a formula reading an indicator that no longer exists is
//! refused with both named.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::Connection;
use serde_json::Value as Json;

use super::changelog::Tx;
use super::observations::{self, Content, StoredRow};
use super::{Result, StoreError};
use crate::model::formula::{Formula, Inputs, Value};
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

/// What computing one indicator wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Derived {
    /// Values it has now.
    pub values: usize,
    /// Of those, how many are numbers.
    pub numbers: usize,
    /// And how many each symbol stands for.
    pub symbols: BTreeMap<String, usize>,
    /// Observations written, changed or removed by this computation.
    pub changed: usize,
}

/// Computes again, inside the action, every computed indicator in `touched` or reading
/// (directly or through another) an indicator in `touched`, or all of them when `all`.
pub fn refresh(tx: &Tx<'_>, touched: &BTreeSet<String>, all: bool) -> Result<()> {
    let conn = tx.conn();
    if computed(conn)?.is_empty() {
        return Ok(());
    }
    let mut dirty: BTreeSet<String> = touched.clone();
    for (code, formula) in order(conn)? {
        // Its inputs changed — or its own values did (a merge brought another copy's), which
        // must follow this copy's inputs all the same.
        if all || touched.contains(&code) || formula.codes().iter().any(|c| dirty.contains(c)) {
            compute(tx, &code, &formula)?;
            dirty.insert(code);
        }
    }
    Ok(())
}

/// The inputs of one formula, read once: by code, the observations at (region, period,
/// breakdown), and the period before each period.
struct Loaded {
    values: HashMap<String, HashMap<(String, String, String), Value>>,
    previous: HashMap<String, String>,
}

impl Inputs for Loaded {
    fn get(&self, code: &str, region: &str, period: &str, breakdown: &str) -> Option<Value> {
        self.values
            .get(code)?
            .get(&(region.to_owned(), period.to_owned(), breakdown.to_owned()))
            .cloned()
    }

    fn members(&self, code: &str, region: &str, period: &str, dimension: &str) -> Vec<Value> {
        let Some(values) = self.values.get(code) else {
            return Vec::new();
        };
        let prefix = format!("{dimension}=");
        let mut found: Vec<(&String, &Value)> = values
            .iter()
            .filter(|((r, p, b), _)| {
                r == region && p == period && b.starts_with(&prefix) && !b.contains(';')
            })
            .map(|((.., b), v)| (b, v))
            .collect();
        found.sort_by(|a, b| a.0.cmp(b.0));
        found.into_iter().map(|(_, v)| v.clone()).collect()
    }

    fn previous(&self, period: &str) -> Option<String> {
        self.previous.get(period).cloned()
    }
}

fn load(conn: &Connection, formula: &Formula) -> Result<Loaded> {
    let mut values = HashMap::new();
    for code in formula.codes() {
        let by_cell: HashMap<(String, String, String), Value> =
            observations::for_indicator(conn, &code)?
                .into_iter()
                .map(|o| {
                    let value = Value::of(o.value, o.symbol.as_deref(), o.quality.as_deref());
                    ((o.region_key, o.period_code, o.breakdown_key), value)
                })
                .collect();
        values.insert(code, by_cell);
    }
    Ok(Loaded {
        values,
        previous: previous_periods(conn)?,
    })
}

/// Computes one indicator and brings its stored values in line, logging every difference.
pub fn compute(tx: &Tx<'_>, code: &str, formula: &Formula) -> Result<Derived> {
    let conn = tx.conn();
    let inputs = load(conn, formula)?;
    // Where the result exists: the cells of the plain references, else the regions and
    // periods of the others' totals.
    let driving = formula.driving_codes();
    let mut cells: BTreeSet<(String, String, String)> = BTreeSet::new();
    for (input, values) in &inputs.values {
        if driving.is_empty() || driving.contains(input) {
            cells.extend(
                values
                    .keys()
                    .filter(|(_, _, b)| !driving.is_empty() || b.is_empty())
                    .cloned(),
            );
        }
    }
    let mut result: HashMap<(String, String, String), Content> = HashMap::new();
    let mut derived = Derived::default();
    for (region, period, breakdown) in cells {
        let Some(value) = formula.eval(&inputs, &region, &period, &breakdown) else {
            continue;
        };
        let content = match value {
            Value::Number { value, provisional } => {
                derived.numbers += 1;
                Content {
                    value: Some(value),
                    symbol: None,
                    quality: provisional.then(|| "p".to_owned()),
                    note: None,
                }
            }
            Value::Symbol(symbol) => {
                *derived.symbols.entry(symbol.to_owned()).or_default() += 1;
                Content {
                    value: None,
                    symbol: Some(symbol.to_owned()),
                    quality: None,
                    note: None,
                }
            }
        };
        derived.values += 1;
        result.insert((region, period, breakdown), content);
    }
    let existing: HashMap<(String, String, String), Content> =
        observations::for_indicator(conn, code)?
            .into_iter()
            .map(|o| {
                (
                    (o.region_key, o.period_code, o.breakdown_key),
                    Content {
                        value: o.value,
                        symbol: o.symbol,
                        quality: o.quality,
                        note: o.note,
                    },
                )
            })
            .collect();
    let keys: BTreeSet<&(String, String, String)> = result.keys().chain(existing.keys()).collect();
    for key in keys {
        let (before, after) = (existing.get(key), result.get(key));
        if before == after {
            continue;
        }
        let identity = [code.to_owned(), key.0.clone(), key.1.clone(), key.2.clone()];
        let row = |content: &Content| {
            observations::log_row(
                &identity,
                &StoredRow {
                    content: content.clone(),
                    import_id: None,
                    import_line: None,
                },
            )
        };
        let (before, after) = (before.map(row), after.map(row));
        let any = before.as_ref().or(after.as_ref()).expect("one side exists");
        let (ids, _) = observations::from_log_row(conn, any)?;
        let state = match &after {
            Some(row) => Some(observations::from_log_row(conn, row)?.1),
            None => None,
        };
        observations::restore(conn, ids, state.as_ref())?;
        tx.log_observation(before.as_ref(), after.as_ref())?;
        derived.changed += 1;
    }
    Ok(derived)
}

/// One place of a preview: region key, period code, breakdown key, and the value there
/// (`None`: an input is missing).
pub type Previewed = (String, String, String, Option<Value>);

/// A formula's first values, to show while it is being written: up to `limit` places
/// where its plain references have values (the latest periods first), each as region key,
/// period code, breakdown key and the value (`None`: an input is missing there). Reads only
/// what these places need, so it is quick on a project of millions of values.
pub fn preview(conn: &Connection, formula: &Formula, limit: usize) -> Result<Vec<Previewed>> {
    let driving = formula.driving_codes();
    let (code, totals_only) = match driving.iter().next() {
        Some(code) => (code.clone(), false),
        None => match formula.codes().into_iter().next() {
            Some(code) => (code, true),
            None => return Ok(Vec::new()),
        },
    };
    let cells: Vec<(String, String, String)> = {
        let mut statement = conn.prepare_cached(
            "SELECT r.key, p.code, b.key FROM observation o
             JOIN indicator i ON i.id = o.indicator_id JOIN region r ON r.id = o.region_id
             JOIN period p ON p.id = o.period_id JOIN breakdown b ON b.id = o.breakdown_id
             WHERE i.code = ?1 AND (?2 = 0 OR b.key = '')
             ORDER BY p.start_date DESC, r.key, b.key LIMIT ?3",
        )?;
        let rows = statement.query_map(
            rusqlite::params![code, totals_only, i64::try_from(limit).unwrap_or(i64::MAX)],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let inputs = Queried {
        conn,
        previous: previous_periods(conn)?,
    };
    Ok(cells
        .into_iter()
        .map(|(region, period, breakdown)| {
            let value = formula.eval(&inputs, &region, &period, &breakdown);
            (region, period, breakdown, value)
        })
        .collect())
}

/// Inputs read by a query each, for a handful of places.
struct Queried<'c> {
    conn: &'c Connection,
    previous: HashMap<String, String>,
}

impl Queried<'_> {
    fn values(&self, code: &str, region: &str, period: &str, key: &str, like: bool) -> Vec<Value> {
        let sql = format!(
            "SELECT o.value, o.symbol, o.quality FROM observation o
             JOIN indicator i ON i.id = o.indicator_id JOIN region r ON r.id = o.region_id
             JOIN period p ON p.id = o.period_id JOIN breakdown b ON b.id = o.breakdown_id
             WHERE i.code = ?1 AND r.key = ?2 AND p.code = ?3 AND {} ORDER BY b.key",
            if like {
                "b.key LIKE ?4 AND instr(b.key, ';') = 0"
            } else {
                "b.key = ?4"
            }
        );
        let read = || -> rusqlite::Result<Vec<Value>> {
            let mut statement = self.conn.prepare_cached(&sql)?;
            let rows =
                statement.query_map(rusqlite::params![code, region, period, key], |row| {
                    let value: Option<f64> = row.get(0)?;
                    let symbol: Option<String> = row.get(1)?;
                    let quality: Option<String> = row.get(2)?;
                    Ok(Value::of(value, symbol.as_deref(), quality.as_deref()))
                })?;
            rows.collect()
        };
        read().unwrap_or_default()
    }
}

impl Inputs for Queried<'_> {
    fn get(&self, code: &str, region: &str, period: &str, breakdown: &str) -> Option<Value> {
        self.values(code, region, period, breakdown, false)
            .into_iter()
            .next()
    }

    fn members(&self, code: &str, region: &str, period: &str, dimension: &str) -> Vec<Value> {
        self.values(code, region, period, &format!("{dimension}=%"), true)
    }

    fn previous(&self, period: &str) -> Option<String> {
        self.previous.get(period).cloned()
    }
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

/// What an indicator's stored values are: how many, how many numbers, how many of each
/// symbol.
pub fn counts(conn: &Connection, code: &str) -> Result<Derived> {
    let mut counted = Derived::default();
    for observation in observations::for_indicator(conn, code)? {
        counted.values += 1;
        match (observation.value, observation.symbol) {
            (Some(_), _) => counted.numbers += 1,
            (None, Some(symbol)) => *counted.symbols.entry(symbol).or_default() += 1,
            (None, None) => {}
        }
    }
    Ok(counted)
}

/// The indicator code of an observation's change-log key (`code|region|period|breakdown`).
#[must_use]
pub fn code_of_key(key: &str) -> &str {
    key.split('|').next().unwrap_or_default()
}

/// Whether a logged indicator row change may change what formulas compute: a formula, or a
/// code (renaming changes what formulas refer to).
#[must_use]
pub fn matters(before: Option<&super::entity::Row>, after: Option<&super::entity::Row>) -> bool {
    let field = |row: Option<&super::entity::Row>, name: &str| {
        row.and_then(|r| r.get(name)).cloned().unwrap_or(Json::Null)
    };
    before.is_none()
        || after.is_none()
        || field(before, "formula") != field(after, "formula")
        || field(before, "code") != field(after, "code")
}
