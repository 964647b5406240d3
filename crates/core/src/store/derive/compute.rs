//! Computing one indicator: its inputs read once (the lead streamed row by row when it
//! can be), the formula evaluated at every place where the result exists, the values
//! written in bulk in place of the ones it had.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

use super::Derived;
use crate::model::formula::{Breakdown, Formula, Inputs, Reference, Value};
use crate::store::observations::clear_indicator;
use crate::store::periods::previous_periods;
use crate::store::{Result, Tx};

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
    clear_indicator(conn, id)?;
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
    crate::store::counts::add(conn, crate::store::counts::OBSERVATIONS, added)?;
    derived.changed = derived.values;
    Ok(derived)
}
