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

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value as Json;

use super::changelog::{ActionKind, Tx};
use super::{Result, StoreError};
use crate::model::formula::{Breakdown, Formula, Inputs, Reference, Value};
use crate::t;

mod preview;

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

/// Computes again, inside the action, every computed indicator in `touched` or reading
/// (directly or through another) an indicator in `touched`. Returns what each computation
/// wrote.
pub fn refresh(tx: &Tx<'_>, touched: &BTreeSet<String>) -> Result<BTreeMap<String, Derived>> {
    let conn = tx.conn();
    let mut done = BTreeMap::new();
    if computed(conn)?.is_empty() {
        return Ok(done);
    }
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

/// The places of this file: (region id, period id, breakdown id).
type Place = (i64, i64, i64);

/// The inputs of one formula, read once by ids: the values by indicator code and place, the
/// breakdowns by key and the single-member ones by dimension, the period before each.
struct Loaded {
    values: HashMap<String, HashMap<Place, Value>>,
    /// Each region's level (as a number), and for each standardised code the numbers of
    /// the regions by (level, period, breakdown).
    levels: HashMap<i64, i64>,
    siblings: HashMap<String, HashMap<Place, Vec<f64>>>,
    breakdowns: HashMap<String, i64>,
    by_dimension: HashMap<String, Vec<i64>>,
    previous: HashMap<i64, i64>,
    total: Option<i64>,
}

impl Inputs for Loaded {
    type At = Place;

    fn standardised(&self, reference: &Reference, at: &Place) -> Option<Value> {
        let (region, period, breakdown) = *at;
        let level = self.levels.get(&region)?;
        let values = self
            .siblings
            .get(&reference.code)?
            .get(&(*level, period, breakdown))?;
        crate::model::formula::standardise(self.value(reference, at)?, values)
    }

    fn value(&self, reference: &Reference, at: &Place) -> Option<Value> {
        let (region, period, breakdown) = *at;
        let period = if reference.previous {
            *self.previous.get(&period)?
        } else {
            period
        };
        let breakdown = match &reference.breakdown {
            Breakdown::Same => breakdown,
            Breakdown::Total => self.total?,
            Breakdown::Member(key) => *self.breakdowns.get(key)?,
            Breakdown::All(_) => return None,
        };
        self.values
            .get(&reference.code)?
            .get(&(region, period, breakdown))
            .cloned()
    }

    fn members(&self, reference: &Reference, at: &Place) -> Vec<Value> {
        let (region, period, _) = *at;
        let Breakdown::All(dimension) = &reference.breakdown else {
            return Vec::new();
        };
        let period = if reference.previous {
            match self.previous.get(&period) {
                Some(previous) => *previous,
                None => return Vec::new(),
            }
        } else {
            period
        };
        let (Some(values), Some(members)) = (
            self.values.get(&reference.code),
            self.by_dimension.get(dimension),
        ) else {
            return Vec::new();
        };
        members
            .iter()
            .filter_map(|b| values.get(&(region, period, *b)).cloned())
            .collect()
    }
}

/// Reads the inputs a formula needs by place, except `streamed`, whose values at the place
/// being computed come from the row being read (see [`compute`]).
fn load(conn: &Connection, formula: &Formula, streamed: Option<&str>) -> Result<Loaded> {
    let mut values = HashMap::new();
    for code in formula.codes() {
        if Some(code.as_str()) == streamed {
            continue;
        }
        let mut statement = conn.prepare_cached(
            "SELECT o.region_id, o.period_id, o.breakdown_id, o.value, o.symbol, o.quality
             FROM observation o WHERE o.indicator_id = (SELECT id FROM indicator WHERE code = ?1)",
        )?;
        let rows = statement.query_map([&code], |row| {
            let symbol: Option<String> = row.get(4)?;
            let quality: Option<String> = row.get(5)?;
            Ok((
                (row.get(0)?, row.get(1)?, row.get(2)?),
                Value::of(row.get(3)?, symbol.as_deref(), quality.as_deref()),
            ))
        })?;
        values.insert(code, rows.collect::<rusqlite::Result<_>>()?);
    }
    let breakdowns: HashMap<String, i64> = {
        let mut statement = conn.prepare_cached("SELECT key, id FROM breakdown")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut by_dimension: HashMap<String, Vec<(String, i64)>> = HashMap::new();
    for (key, id) in &breakdowns {
        if let Some((dimension, _)) = key.split_once('=')
            && !key.contains(';')
        {
            by_dimension
                .entry(dimension.to_owned())
                .or_default()
                .push((key.clone(), *id));
        }
    }
    let by_dimension = by_dimension
        .into_iter()
        .map(|(dimension, mut members)| {
            members.sort();
            (dimension, members.into_iter().map(|(_, id)| id).collect())
        })
        .collect();
    let ids: HashMap<String, i64> = {
        let mut statement = conn.prepare_cached("SELECT code, id FROM period")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let previous = previous_periods(conn)?
        .into_iter()
        .filter_map(|(period, before)| Some((*ids.get(&period)?, *ids.get(&before)?)))
        .collect();
    // Levels as numbers: the group a z-score is taken in is (level, period, breakdown).
    let levels: HashMap<i64, i64> = {
        let mut statement =
            conn.prepare_cached("SELECT id, DENSE_RANK() OVER (ORDER BY level) FROM region")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut siblings: HashMap<String, HashMap<Place, Vec<f64>>> = HashMap::new();
    for code in formula.standardised_codes() {
        let mut groups: HashMap<Place, Vec<f64>> = HashMap::new();
        let by_place: Option<&HashMap<Place, Value>> = values.get(&code);
        for (place, value) in by_place.into_iter().flatten() {
            let (region, period, breakdown): Place = *place;
            if let (Some(level), Value::Number { value: number, .. }) = (levels.get(&region), value)
            {
                groups
                    .entry((*level, period, breakdown))
                    .or_default()
                    .push(*number);
            }
        }
        // In one order, so that the same values always give the same bits.
        for group in groups.values_mut() {
            group.sort_by(f64::total_cmp);
        }
        siblings.insert(code, groups);
    }
    Ok(Loaded {
        total: breakdowns.get("").copied(),
        values,
        levels,
        siblings,
        breakdowns,
        by_dimension,
        previous,
    })
}

/// The inputs with one of them streamed: its value at the place being computed is the row
/// just read; every other reference is looked up.
struct Streaming<'a> {
    loaded: &'a Loaded,
    lead: &'a str,
    current: Option<Value>,
}

impl Inputs for Streaming<'_> {
    type At = Place;

    fn standardised(&self, reference: &Reference, at: &Place) -> Option<Value> {
        self.loaded.standardised(reference, at)
    }

    fn value(&self, reference: &Reference, at: &Place) -> Option<Value> {
        // The row being read stands for the lead's plain reference when the lead streams;
        // a lead read into memory (also read one period back, say) is looked up like the
        // others — `[X] - [X; previous]` computed nothing before.
        if let Some(current) = &self.current
            && reference.code == self.lead
            && reference.breakdown == Breakdown::Same
            && !reference.previous
        {
            return Some(current.clone());
        }
        self.loaded.value(reference, at)
    }

    fn members(&self, reference: &Reference, at: &Place) -> Vec<Value> {
        self.loaded.members(reference, at)
    }
}

/// Computes one indicator and writes its values in place of the ones it had (in bulk, not
/// logged: they follow from the logged inputs).
///
/// Where the result exists is where the first plain reference (`[CODE]`) has values (a
/// place it lacks has no result, whatever the others hold), or, without plain references,
/// the total at every region and period the first input has values for (also when it is
/// broken down without a total: `sum([X; Alter=*])`). That input is read row by row in key order and never held
/// in memory unless the formula also reads it elsewhere (its total, a member, the previous
/// period); the others are read once into maps.
pub fn compute(tx: &Tx<'_>, code: &str, formula: &Formula) -> Result<Derived> {
    let started = std::time::Instant::now();
    let conn = tx.conn();
    let driving = formula.driving_codes();
    let (lead, totals_only) = match driving.iter().next() {
        Some(lead) => (lead.clone(), false),
        None => match formula.codes().into_iter().next() {
            Some(first) => (first, true),
            None => (String::new(), true),
        },
    };
    // The lead is streamed when every reference to it is a plain one (standardising needs
    // all of its values).
    let streamable = !totals_only
        && !formula.standardised_codes().contains(&lead)
        && formula
            .references()
            .iter()
            .all(|r| r.code != lead || (r.breakdown == Breakdown::Same && !r.previous));
    let loaded = load(conn, formula, streamable.then_some(lead.as_str()))?;
    let read_ms = started.elapsed().as_millis();
    let id: i64 = conn.query_row("SELECT id FROM indicator WHERE code = ?1", [code], |row| {
        row.get(0)
    })?;
    clear(conn, id)?;
    let derived = write_all(conn, id, formula, &loaded, &lead, streamable, totals_only)?;
    log::info!(
        "computed {code}: {} values in {} ms (inputs read in {} ms)",
        derived.values,
        started.elapsed().as_millis(),
        read_ms
    );
    Ok(derived)
}

/// Evaluates the formula at every place of the lead input and writes the results.
fn write_all(
    conn: &Connection,
    id: i64,
    formula: &Formula,
    loaded: &Loaded,
    lead: &str,
    streamable: bool,
    totals_only: bool,
) -> Result<Derived> {
    // Numbers (most values) and symbols each by their own statement, bound by position.
    let mut number = conn.prepare_cached(
        "INSERT INTO observation (indicator_id, region_id, period_id, breakdown_id, value, quality)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut symbol_row = conn.prepare_cached(
        "INSERT INTO observation (indicator_id, region_id, period_id, breakdown_id, symbol)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut derived = Derived::default();
    let mut write = |place: Place, value: Value| -> Result<()> {
        let (region, period, breakdown) = place;
        match value {
            Value::Number { value, provisional } => {
                derived.numbers += 1;
                number.raw_bind_parameter(1, id)?;
                number.raw_bind_parameter(2, region)?;
                number.raw_bind_parameter(3, period)?;
                number.raw_bind_parameter(4, breakdown)?;
                number.raw_bind_parameter(5, value)?;
                number.raw_bind_parameter(6, provisional.then_some("p"))?;
                number.raw_execute()?;
            }
            Value::Symbol(symbol) => {
                *derived.symbols.entry(symbol.to_owned()).or_default() += 1;
                symbol_row.execute(rusqlite::params![id, region, period, breakdown, symbol])?;
            }
        }
        derived.values += 1;
        Ok(())
    };
    // The lead is read in batches in key order, each batch before its results are written:
    // a cursor left open on the table being written to would be moved back into place after
    // every insert.
    let lead_id: Option<i64> = conn
        .query_row("SELECT id FROM indicator WHERE code = ?1", [lead], |row| {
            row.get(0)
        })
        .optional()?;
    // Without plain references the places are the lead's regions and periods, each for
    // the total; its values are not read (nothing streams).
    let total = if totals_only {
        match loaded.total {
            Some(total) => total,
            None => crate::store::observations::ensure_breakdown(conn, "")?,
        }
    } else {
        -1
    };
    let mut batch = conn.prepare(if totals_only {
        "SELECT DISTINCT region_id, period_id, ?3, NULL, '', NULL FROM observation
         WHERE indicator_id = ?1 AND ?2 = 1
         AND (region_id, period_id, ?3) > (?4, ?5, ?6)
         ORDER BY region_id, period_id LIMIT 65536"
    } else {
        "SELECT region_id, period_id, breakdown_id, value, symbol, quality FROM observation
         WHERE indicator_id = ?1 AND (?2 = 0 OR breakdown_id = ?3)
         AND (region_id, period_id, breakdown_id) > (?4, ?5, ?6)
         ORDER BY region_id, period_id, breakdown_id LIMIT 65536"
    })?;
    let mut inputs = Streaming {
        loaded,
        lead,
        current: None,
    };
    let mut after: Place = (i64::MIN, i64::MIN, i64::MIN);
    let mut rows: Vec<(Place, Value)> = Vec::with_capacity(65_536);
    while let Some(lead_id) = lead_id {
        rows.clear();
        let read = batch.query_map(
            rusqlite::params![lead_id, totals_only, total, after.0, after.1, after.2],
            |row| {
                // The flags read in place, without a string per row.
                let symbol = row.get_ref(4)?.as_str_or_null().ok().flatten();
                let quality = row.get_ref(5)?.as_str_or_null().ok().flatten();
                Ok((
                    (row.get(0)?, row.get(1)?, row.get(2)?),
                    Value::of(row.get(3)?, symbol, quality),
                ))
            },
        )?;
        for row in read {
            rows.push(row?);
        }
        let Some(last) = rows.last() else {
            break;
        };
        after = last.0;
        for (place, value) in rows.drain(..) {
            if streamable {
                inputs.current = Some(value);
            }
            if let Some(result) = formula.eval(&inputs, &place) {
                write(place, result)?;
            }
        }
    }
    let added = i64::try_from(derived.values).unwrap_or(i64::MAX);
    super::counts::add(conn, super::counts::OBSERVATIONS, added)?;
    derived.changed = derived.values;
    Ok(derived)
}

/// Removes the values of the indicator with id `indicator` if it is computed (its values
/// are derived and go with it).
pub fn clear_computed(conn: &Connection, indicator: i64) -> Result<()> {
    let computed: bool = conn
        .prepare_cached("SELECT formula <> '' FROM indicator WHERE id = ?1")?
        .query_row([indicator], |row| row.get(0))?;
    if computed {
        clear(conn, indicator)?;
    }
    Ok(())
}

/// Removes the (computed) values of the indicator with id `indicator`, keeping the
/// observation counter in step.
pub fn clear(conn: &Connection, indicator: i64) -> Result<()> {
    let removed = conn
        .prepare_cached("DELETE FROM observation WHERE indicator_id = ?1")?
        .execute([indicator])?;
    let removed = i64::try_from(removed).unwrap_or(i64::MAX);
    super::counts::add(conn, super::counts::OBSERVATIONS, -removed)?;
    Ok(())
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

/// The indicator code of an observation's change-log key (`code|region|period|breakdown`).
#[must_use]
pub fn code_of_key(key: &str) -> &str {
    key.split('|').next().unwrap_or_default()
}

/// An indicator's formula given (by an edit, a redo, a merge): one with values of its own
/// (imported or typed in) gets none — the formula would replace them without a trace, and
/// undo could not bring them back. (A formula taken away takes the computed values with
/// it: `Tx::update_fields`.)
pub fn formula_changed(
    conn: &Connection,
    key: &str,
    before: Option<&super::entity::Row>,
    after: Option<&super::entity::Row>,
) -> Result<()> {
    let (Some(before), Some(after)) = (before, after) else {
        return Ok(());
    };
    // Whether a row's formula is empty (a row of changed fields holds it when it changed).
    let formula = |row: &super::entity::Row| {
        row.get("formula")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .trim()
            .is_empty()
    };
    if !formula(before) || formula(after) {
        return Ok(());
    }
    let Some(id) = super::entity::id_of(conn, crate::model::meta::EntityKind::Indicator, key)?
    else {
        return Ok(());
    };
    let own: i64 = conn.query_row(
        "SELECT count(*) FROM observation WHERE indicator_id = ?1",
        [id],
        |row| row.get(0),
    )?;
    if own > 0 {
        let code: String =
            conn.query_row("SELECT code FROM indicator WHERE id = ?1", [id], |row| {
                row.get(0)
            })?;
        return Err(StoreError::Invalid {
            message: t!(
                "derive.own_values",
                code = code,
                count = crate::i18n::format_int(own)
            ),
        });
    }
    Ok(())
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
pub fn region_matters(
    before: Option<&super::entity::Row>,
    after: Option<&super::entity::Row>,
) -> bool {
    match (before, after) {
        (Some(before), Some(after)) => before.get("level") != after.get("level"),
        _ => false,
    }
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
