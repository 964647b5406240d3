//! A social index's districts ranked for one period, with the standardised value of each
//! of its indicators beside the index (the table the window, the command line and a
//! council paper show: which districts need most, and why).

use rusqlite::Connection;

use super::Result;
use crate::model::formula::social::SocialIndex;
use crate::model::formula::{Value, standardise};

/// One district's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    /// The region's key.
    pub key: String,
    /// Its name.
    pub name: String,
    /// The index value, or the symbol standing for it.
    pub value: Value,
    /// 1 = most need among the districts of the same city; `None` for a symbol.
    pub rank: Option<usize>,
    /// Each indicator's z-score in the index's order, turned as the index counts it
    /// (higher = more need); `None` where it has no number.
    pub parts: Vec<Option<f64>>,
}

/// The ranking of one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranking {
    /// The period's code.
    pub period: String,
    /// Most need first (by city, then value); symbols last.
    pub rows: Vec<Ranked>,
}

/// A region's parent, key, name and value.
type Placed = (Option<i64>, String, String, Value);

/// The index `code`'s totals in `period` (default: the latest period where it has a
/// number), ranked; `None` when it has no values.
pub fn ranking(
    conn: &Connection,
    code: &str,
    index: &SocialIndex,
    period: Option<&str>,
) -> Result<Option<Ranking>> {
    let period: Option<String> = match period {
        Some(period) => Some(period.to_owned()),
        None => conn
            .query_row(
                "SELECT p.code FROM observation o JOIN period p ON p.id = o.period_id
                 JOIN breakdown b ON b.id = o.breakdown_id
                 WHERE o.indicator_id = (SELECT id FROM indicator WHERE code = ?1)
                 AND b.key = '' AND o.value IS NOT NULL
                 ORDER BY p.start_date DESC, p.code DESC LIMIT 1",
                [code],
                |row| row.get(0),
            )
            .ok(),
    };
    let Some(period) = period else {
        return Ok(None);
    };
    // Every region with a total in the period.
    let read = |code: &str| -> Result<Vec<Placed>> {
        let mut statement = conn.prepare_cached(
            "SELECT r.parent_id, r.key, r.name, o.value, o.symbol, o.quality FROM observation o
             JOIN region r ON r.id = o.region_id JOIN period p ON p.id = o.period_id
             JOIN breakdown b ON b.id = o.breakdown_id
             WHERE o.indicator_id = (SELECT id FROM indicator WHERE code = ?1)
             AND p.code = ?2 AND b.key = ''",
        )?;
        let rows = statement.query_map([code, period.as_str()], |row| {
            let symbol: Option<String> = row.get(4)?;
            let quality: Option<String> = row.get(5)?;
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                Value::of(row.get(3)?, symbol.as_deref(), quality.as_deref()),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let number = |value: &Value| match value {
        Value::Number { value, .. } => Some(*value),
        Value::Symbol(_) => None,
    };
    // Each indicator's z-score by region key, among the regions of the same parent.
    let mut parts: Vec<std::collections::HashMap<String, f64>> = Vec::new();
    for term in &index.terms {
        let values = read(&term.code)?;
        let mut by_parent: std::collections::HashMap<Option<i64>, Vec<f64>> =
            std::collections::HashMap::new();
        for (parent, _, _, value) in &values {
            if let Some(number) = number(value) {
                by_parent.entry(*parent).or_default().push(number);
            }
        }
        for group in by_parent.values_mut() {
            group.sort_by(f64::total_cmp);
        }
        let sign = match term.need {
            crate::model::formula::social::Need::Higher => 1.0,
            crate::model::formula::social::Need::Lower => -1.0,
        };
        parts.push(
            values
                .into_iter()
                .filter(|(parent, ..)| parent.is_some())
                .filter_map(|(parent, key, _, value)| {
                    let z = standardise(value, by_parent.get(&parent)?)?;
                    Some((key, sign * number(&z)?))
                })
                .collect(),
        );
    }
    let mut rows: Vec<(Option<i64>, Ranked)> = read(code)?
        .into_iter()
        .map(|(parent, key, name, value)| {
            let parts = parts.iter().map(|part| part.get(&key).copied()).collect();
            (
                parent,
                Ranked {
                    key,
                    name,
                    value,
                    rank: None,
                    parts,
                },
            )
        })
        .collect();
    rows.sort_by(|(pa, a), (pb, b)| {
        let (va, vb) = (number(&a.value), number(&b.value));
        pa.cmp(pb)
            .then(vb.is_some().cmp(&va.is_some()))
            .then(vb.unwrap_or(0.0).total_cmp(&va.unwrap_or(0.0)))
            .then(a.key.cmp(&b.key))
    });
    // Ranks within each city; equal values share a rank.
    let mut last: Option<(Option<i64>, f64, usize)> = None;
    let mut place = 0;
    for (parent, row) in &mut rows {
        let Some(value) = number(&row.value) else {
            continue;
        };
        place = match last {
            Some((p, _, _)) if p != *parent => 1,
            _ => place + 1,
        };
        row.rank = Some(match last {
            Some((p, v, rank)) if p == *parent && (v - value).abs() < 1e-12 => rank,
            _ => place,
        });
        last = Some((*parent, value, row.rank.unwrap_or(place)));
    }
    Ok(Some(Ranking {
        period,
        rows: rows.into_iter().map(|(_, row)| row).collect(),
    }))
}
