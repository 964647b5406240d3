//! A formula's first values while it is being written: read by a query each for a handful
//! of places, so quick on a project of millions of values.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::model::formula::{Breakdown, Formula, Inputs, Reference, Value};
use crate::store::Result;
use crate::store::periods::previous_periods;

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
            // Without plain references: every place the first input has a value at, for
            // the total (an input broken down without a total has places all the same).
            "SELECT DISTINCT r.key, p.code, CASE WHEN ?2 THEN '' ELSE b.key END AS k,
                    p.start_date FROM observation o
             JOIN indicator i ON i.id = o.indicator_id JOIN region r ON r.id = o.region_id
             JOIN period p ON p.id = o.period_id JOIN breakdown b ON b.id = o.breakdown_id
             WHERE i.code = ?1
             ORDER BY p.start_date DESC, r.key, k LIMIT ?3",
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
        .map(|place| {
            let value = formula.eval(&inputs, &place);
            (place.0, place.1, place.2, value)
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
    /// Region key, period code, breakdown key.
    type At = (String, String, String);

    fn standardised(&self, reference: &Reference, at: &Self::At) -> Option<Value> {
        let (region, period, breakdown) = at;
        let read = || -> rusqlite::Result<Vec<f64>> {
            let mut statement = self.conn.prepare_cached(
                "SELECT o.value FROM observation o
                 JOIN indicator i ON i.id = o.indicator_id JOIN region r ON r.id = o.region_id
                 JOIN period p ON p.id = o.period_id JOIN breakdown b ON b.id = o.breakdown_id
                 WHERE i.code = ?1 AND p.code = ?2 AND b.key = ?3 AND o.value IS NOT NULL
                 AND r.level = (SELECT level FROM region WHERE key = ?4) ORDER BY o.value",
            )?;
            let rows = statement.query_map(
                rusqlite::params![reference.code, period, breakdown, region],
                |row| row.get(0),
            )?;
            rows.collect()
        };
        crate::model::formula::standardise(self.value(reference, at)?, &read().ok()?)
    }

    fn value(&self, reference: &Reference, at: &Self::At) -> Option<Value> {
        let (region, period, breakdown) = at;
        let period = if reference.previous {
            self.previous.get(period)?.clone()
        } else {
            period.clone()
        };
        let key = match &reference.breakdown {
            Breakdown::Same => breakdown.as_str(),
            Breakdown::Total => "",
            Breakdown::Member(key) => key.as_str(),
            Breakdown::All(_) => return None,
        };
        self.values(&reference.code, region, &period, key, false)
            .into_iter()
            .next()
    }

    fn members(&self, reference: &Reference, at: &Self::At) -> Vec<Value> {
        let (region, period, _) = at;
        let Breakdown::All(dimension) = &reference.breakdown else {
            return Vec::new();
        };
        let period = if reference.previous {
            match self.previous.get(period) {
                Some(previous) => previous.clone(),
                None => return Vec::new(),
            }
        } else {
            period.clone()
        };
        self.values(
            &reference.code,
            region,
            &period,
            &format!("{dimension}=%"),
            true,
        )
    }
}

/// Where an input has values: region key and period code.
type Places = std::collections::HashSet<(String, String)>;

/// Why a formula would compute no value anywhere, when it would not: an input without any
/// value (for the breakdown it names), or inputs that share no period or no region (a
/// school year against a calendar year). `None` when some place has a value of every input
/// (read by region and period; a place may still lack one breakdown). Each input's places
/// are read once.
pub fn why_empty(conn: &Connection, formula: &Formula) -> Result<Option<String>> {
    let mut statement = conn.prepare_cached(
        "SELECT r.key, p.code FROM observation o
         JOIN region r ON r.id = o.region_id JOIN period p ON p.id = o.period_id
         JOIN breakdown b ON b.id = o.breakdown_id
         WHERE o.indicator_id = (SELECT id FROM indicator WHERE code = ?1)
           AND o.value IS NOT NULL AND (?2 IS NULL OR b.key = ?2)",
    )?;
    let mut common: Option<(Vec<String>, Places)> = None;
    for reference in formula.references() {
        let key = match &reference.breakdown {
            Breakdown::Total => Some(String::new()),
            Breakdown::Member(key) => Some(key.clone()),
            Breakdown::Same | Breakdown::All(_) => None,
        };
        let places: Places = statement
            .query_map(rusqlite::params![reference.code, key], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let name = written(reference);
        if places.is_empty() {
            return Ok(Some(crate::t!("derive.empty.no_values", input = name)));
        }
        // The previous period's value is read one period back: it stands at the periods
        // that follow the ones it has values in.
        let places: Places = if reference.previous {
            let previous = previous_periods(conn)?;
            let moved: Places = previous
                .iter()
                .flat_map(|(period, before)| {
                    places
                        .iter()
                        .filter(move |(_, p)| p == before)
                        .map(move |(region, _)| (region.clone(), period.clone()))
                })
                .collect();
            if moved.is_empty() {
                return Ok(Some(crate::t!("derive.empty.no_previous", input = name)));
            }
            moved
        } else {
            places
        };
        common = Some(match common {
            None => (vec![name], places),
            Some((names, before)) => {
                let shared: Places = before.intersection(&places).cloned().collect();
                if shared.is_empty() {
                    // One period back from where the others are, there is nothing.
                    if reference.previous {
                        return Ok(Some(crate::t!("derive.empty.no_previous", input = name)));
                    }
                    return Ok(Some(apart(&names, &before, &name, &places)));
                }
                let mut names = names;
                names.push(name);
                (names, shared)
            }
        });
    }
    Ok(None)
}

/// A reference as a user would write it: `[CODE; Dimension=Member]`.
fn written(reference: &Reference) -> String {
    let qualifier = match &reference.breakdown {
        Breakdown::Same => String::new(),
        Breakdown::Total => "; total".to_owned(),
        Breakdown::Member(key) => format!("; {key}"),
        Breakdown::All(dimension) => format!("; {dimension}=*"),
    };
    let previous = if reference.previous { "; previous" } else { "" };
    format!("[{}{qualifier}{previous}]", reference.code)
}

/// Why two sets of inputs meet nowhere: no period in common (naming a few of each), else
/// no region in common.
fn apart(names: &[String], before: &Places, name: &str, places: &Places) -> String {
    let some = |set: &Places, period: bool| {
        let mut items: Vec<&str> = set
            .iter()
            .map(|(r, p)| if period { p.as_str() } else { r.as_str() })
            .collect();
        items.sort_unstable();
        items.dedup();
        let more = if items.len() > 4 { ", …" } else { "" };
        format!(
            "{}{more}",
            items
                .into_iter()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let periods = |set: &Places| {
        set.iter()
            .map(|(_, p)| p.clone())
            .collect::<std::collections::HashSet<_>>()
    };
    if periods(before).is_disjoint(&periods(places)) {
        crate::t!(
            "derive.empty.periods",
            inputs = names.join(", "),
            periods = some(before, true),
            input = name,
            other = some(places, true)
        )
    } else {
        crate::t!(
            "derive.empty.regions",
            inputs = names.join(", "),
            regions = some(before, false),
            input = name,
            other = some(places, false)
        )
    }
}
