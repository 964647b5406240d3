//! A social index's regions ranked for one period, with the standardised value of each of
//! its indicators beside the index (the table the window, the command line and a council
//! paper show: which districts need most, and why). Regions are ranked among those of the
//! same level, as their z-scores are taken.

use rusqlite::Connection;

use super::Result;
use crate::model::RegionLevel;
use crate::model::formula::social::SocialIndex;
use crate::model::formula::{Value, standardise};

/// One district's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    /// The region's key.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Its level: the group it is standardised and ranked in.
    pub level: RegionLevel,
    /// The index value, or the symbol standing for it.
    pub value: Value,
    /// 1 = most need among the regions of the same level; `None` for a symbol.
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
    /// Most need first, by level (the level with the most regions first); symbols last.
    pub rows: Vec<Ranked>,
}

impl Ranking {
    /// The levels ranked, the one with the most regions first.
    #[must_use]
    pub fn levels(&self) -> Vec<RegionLevel> {
        let mut levels: Vec<RegionLevel> = Vec::new();
        for row in &self.rows {
            if !levels.contains(&row.level) {
                levels.push(row.level);
            }
        }
        levels
    }
}

/// The codes of the indicators with values for regions below others (districts, Kreise):
/// those a social index can standardise. One probe per indicator along its index, so quick
/// on millions of values.
pub fn with_subregions(conn: &Connection) -> Result<std::collections::BTreeSet<String>> {
    let mut statement = conn.prepare_cached(
        "SELECT i.code FROM indicator i WHERE EXISTS (
             SELECT 1 FROM observation o JOIN region r ON r.id = o.region_id
             WHERE o.indicator_id = i.id AND r.parent_id IS NOT NULL)",
    )?;
    let rows = statement.query_map([], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A region's level, key, name and value.
type Placed = (RegionLevel, String, String, Value);

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
            "SELECT r.level, r.key, r.name, o.value, o.symbol, o.quality FROM observation o
             JOIN region r ON r.id = o.region_id JOIN period p ON p.id = o.period_id
             JOIN breakdown b ON b.id = o.breakdown_id
             WHERE o.indicator_id = (SELECT id FROM indicator WHERE code = ?1)
             AND p.code = ?2 AND b.key = ''",
        )?;
        let rows = statement.query_map([code, period.as_str()], |row| {
            let symbol: Option<String> = row.get(4)?;
            let quality: Option<String> = row.get(5)?;
            let level: String = row.get(0)?;
            Ok((
                RegionLevel::from_code(&level).unwrap_or(RegionLevel::District),
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
    // Each indicator's z-score by region key, among the regions of the same level.
    let mut parts: Vec<std::collections::HashMap<String, f64>> = Vec::new();
    for term in &index.terms {
        let values = read(&term.code)?;
        let mut by_level: std::collections::HashMap<RegionLevel, Vec<f64>> =
            std::collections::HashMap::new();
        for (level, _, _, value) in &values {
            if let Some(number) = number(value) {
                by_level.entry(*level).or_default().push(number);
            }
        }
        for group in by_level.values_mut() {
            group.sort_by(f64::total_cmp);
        }
        let sign = match term.need {
            crate::model::formula::social::Need::Higher => 1.0,
            crate::model::formula::social::Need::Lower => -1.0,
        };
        parts.push(
            values
                .into_iter()
                .filter_map(|(level, key, _, value)| {
                    let z = standardise(value, by_level.get(&level)?)?;
                    Some((key, sign * number(&z)?))
                })
                .collect(),
        );
    }
    let mut rows: Vec<Ranked> = read(code)?
        .into_iter()
        .map(|(level, key, name, value)| {
            let parts = parts.iter().map(|part| part.get(&key).copied()).collect();
            Ranked {
                key,
                name,
                level,
                value,
                rank: None,
                parts,
            }
        })
        .collect();
    let mut sizes: std::collections::HashMap<RegionLevel, usize> = std::collections::HashMap::new();
    for row in &rows {
        *sizes.entry(row.level).or_default() += 1;
    }
    rows.sort_by(|a, b| {
        let (va, vb) = (number(&a.value), number(&b.value));
        sizes[&b.level]
            .cmp(&sizes[&a.level])
            .then(a.level.code().cmp(b.level.code()))
            .then(vb.is_some().cmp(&va.is_some()))
            .then(vb.unwrap_or(0.0).total_cmp(&va.unwrap_or(0.0)))
            .then(a.key.cmp(&b.key))
    });
    // Ranks within each level; equal values share a rank.
    let mut last: Option<(RegionLevel, f64, usize)> = None;
    let mut place = 0;
    for row in &mut rows {
        let Some(value) = number(&row.value) else {
            continue;
        };
        place = match last {
            Some((level, _, _)) if level != row.level => 1,
            _ => place + 1,
        };
        let rank = match last {
            Some((level, v, rank)) if level == row.level && (v - value).abs() < 1e-12 => rank,
            _ => place,
        };
        row.rank = Some(rank);
        last = Some((row.level, value, rank));
    }
    Ok(Some(Ranking { period, rows }))
}
