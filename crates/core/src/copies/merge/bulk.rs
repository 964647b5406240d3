//! The values the other copy's imports wrote, brought across in bulk as an import writes
//! them: each of its imports becomes an `import` row of the merge action (file name, date,
//! data date and licence kept), and the values the target does not have are inserted
//! under it without an entry each in the change log. Undoing the merge moves them onto its
//! shelf like an undone import's; a later merge finds them through that `import` row.
//!
//! A value goes the one-by-one way of [`super::values`] instead when the target has one at
//! its key, when the target's own actions touched its key, or when what it refers to
//! cannot be found in the target: that way lists conflicts and says why.

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};

use super::named::Named;
use crate::copies::references::References;
use crate::progress::Progress;
use crate::store::observations::{self, Content, Ids, StoredRow};
use crate::store::{Result, Tx, counts};

/// What the bulk pass did.
#[derive(Default)]
pub(super) struct Bulk {
    /// Values inserted.
    pub(super) inserted: u64,
    /// Values left to the one-by-one way, as the other copy names them now.
    pub(super) left: BTreeSet<Named>,
    /// Values not brought across because their indicator's meaning is in conflict, by the
    /// target's indicator code.
    pub(super) held: HashMap<String, u64>,
}

/// The other copy's names of a value's four references, read once per id.
struct TheirNames {
    indicators: HashMap<i64, (String, String)>,
    regions: HashMap<i64, (String, String)>,
    periods: HashMap<i64, String>,
    breakdowns: HashMap<i64, String>,
}

impl TheirNames {
    fn read(other: &Connection) -> Result<Self> {
        let pairs = |sql: &str| -> Result<HashMap<i64, (String, String)>> {
            let mut statement = other.prepare(sql)?;
            let rows =
                statement.query_map([], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let single = |sql: &str| -> Result<HashMap<i64, String>> {
            let mut statement = other.prepare(sql)?;
            let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        Ok(Self {
            indicators: pairs("SELECT id, uuid, code FROM indicator")?,
            regions: pairs("SELECT id, uuid, key FROM region")?,
            periods: single("SELECT id, code FROM period")?,
            breakdowns: single("SELECT id, key FROM breakdown")?,
        })
    }
}

/// A target row found for one of the other copy's: its id, natural key and UUID, or none.
type Found = Option<(i64, String, String)>;

/// The target's rows for the other copy's, each looked up once: by UUID first (a code or
/// key renamed on one side still matches), then by the natural key (a row both copies
/// made, matched by it). Periods and breakdowns by their codes and keys.
struct TargetIds {
    indicators: HashMap<i64, Found>,
    regions: HashMap<i64, Found>,
    periods: HashMap<i64, Option<i64>>,
    breakdowns: HashMap<i64, Option<i64>>,
    /// The target's computed indicators (their values come from their formulas).
    computed: HashSet<i64>,
}

fn find(conn: &Connection, table: &str, column: &str, uuid: &str, name: &str) -> Result<Found> {
    let sql = |by: &str| format!("SELECT id, {column}, uuid FROM {table} WHERE {by} = ?1");
    let row = |row: &rusqlite::Row<'_>| Ok((row.get(0)?, row.get(1)?, row.get(2)?));
    let by_uuid = conn
        .prepare_cached(&sql("uuid"))?
        .query_row([uuid], row)
        .optional()?;
    if by_uuid.is_some() {
        return Ok(by_uuid);
    }
    Ok(conn
        .prepare_cached(&sql(column))?
        .query_row([name], row)
        .optional()?)
}

fn id_by(conn: &Connection, table: &str, column: &str, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(&format!("SELECT id FROM {table} WHERE {column} = ?1"))?
        .query_row([name], |row| row.get(0))
        .optional()?)
}

/// One of the other copy's imports and the values it wrote that it still holds.
struct TheirImport {
    id: i64,
    values: u64,
}

/// The other copy's imports among `actions` that still hold values.
fn their_imports(other: &Connection, actions: &[i64]) -> Result<Vec<TheirImport>> {
    let mut imports = Vec::new();
    let mut statement = other.prepare_cached("SELECT id FROM import WHERE action_id = ?1")?;
    let mut count =
        other.prepare_cached("SELECT count(*) FROM observation WHERE import_id = ?1")?;
    for action in actions {
        let ids: Vec<i64> = statement
            .query_map([action], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            let values: i64 = count.query_row([id], |row| row.get(0))?;
            if values > 0 {
                imports.push(TheirImport {
                    id,
                    values: values as u64,
                });
            }
        }
    }
    Ok(imports)
}

/// Copies the other copy's `import` row (and where its values come from) into the target
/// as an import of the running merge action; returns its id there.
fn copy_import(tx: &Tx<'_>, other: &Connection, id: i64) -> Result<i64> {
    /// The columns of an `import` row that say which file it was, copied as they are.
    const COPIED: &str = "uuid, file_name, sha256, format, imported_at, imported_by";
    let mut copied: Vec<rusqlite::types::Value> = other.query_row(
        &format!("SELECT {COPIED} FROM import WHERE id = ?1"),
        [id],
        |row| (0..6).map(|at| row.get(at)).collect(),
    )?;
    let conn = tx.conn();
    // The same import met again (a merge undone and done again): a new identity, the same
    // file.
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM import WHERE uuid = ?1)",
        [&copied[0]],
        |row| row.get(0),
    )?;
    if taken {
        copied[0] = crate::model::new_uuid().to_string().into();
    }
    copied.push(tx.action_id().into());
    conn.execute(
        &format!("INSERT INTO import ({COPIED}, action_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        rusqlite::params_from_iter(&copied),
    )?;
    let new = conn.last_insert_rowid();
    let source: Option<(String, String)> = other
        .query_row(
            "SELECT data_date, licence FROM import_source WHERE import_id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    if let Some((data_date, licence)) = source {
        conn.execute(
            "INSERT INTO import_source (import_id, data_date, licence) VALUES (?1, ?2, ?3)",
            params![new, data_date, licence],
        )?;
    }
    // The table it came from, so that the target can refresh it too.
    if let Some(table) = crate::store::table_sources::of_import(other, id)? {
        crate::store::table_sources::insert(conn, new, &table)?;
    }
    Ok(new)
}

/// Where one of the other copy's values goes.
enum Fate {
    /// Into the target under these ids; the target's code of its indicator.
    Insert(Ids, String),
    /// The one-by-one way.
    Leave,
    /// Nowhere yet: its indicator's meaning is in conflict (the target's code).
    Held(String),
    /// Nowhere: the other copy's own references are incomplete.
    Skip,
}

/// The cached lookups of one bulk pass.
struct Pass<'a, 'c, 'r> {
    tx: &'a Tx<'c>,
    names: TheirNames,
    target: TargetIds,
    /// Symbols brought (or found) so far.
    symbols: HashSet<String>,
    references: &'a mut References<'r>,
    ours: &'a BTreeSet<String>,
    held: &'a HashSet<String>,
    key: String,
}

impl Pass<'_, '_, '_> {
    /// The other copy's value at `their` ids, named as now.
    fn named(&self, their: Ids) -> Named {
        fn part(found: Option<&String>) -> &str {
            found.map_or("", String::as_str)
        }
        let names = &self.names;
        let (indicator, region) = (
            names.indicators.get(&their.indicator),
            names.regions.get(&their.region),
        );
        Named {
            key: [
                part(indicator.map(|(_, code)| code)),
                part(region.map(|(_, key)| key)),
                part(names.periods.get(&their.period)),
                part(names.breakdowns.get(&their.breakdown)),
            ]
            .join("|"),
            indicator: indicator.map(|(uuid, _)| uuid.clone()),
            region: region.map(|(uuid, _)| uuid.clone()),
        }
    }

    /// Where the other copy's value at `their` ids, with `symbol`, goes.
    fn place(&mut self, their: Ids, symbol: Option<&str>) -> Result<Fate> {
        let conn = self.tx.conn();
        let names = &self.names;
        let (Some((indicator_uuid, indicator_code)), Some((region_uuid, region_key))) = (
            names.indicators.get(&their.indicator),
            names.regions.get(&their.region),
        ) else {
            return Ok(Fate::Skip);
        };
        let (Some(period), Some(breakdown)) = (
            names.periods.get(&their.period),
            names.breakdowns.get(&their.breakdown),
        ) else {
            return Ok(Fate::Skip);
        };
        let leave = || Ok(Fate::Leave);
        let indicator = cached(&mut self.target.indicators, their.indicator, || {
            find(conn, "indicator", "code", indicator_uuid, indicator_code)
        })?;
        let region = cached(&mut self.target.regions, their.region, || {
            find(conn, "region", "key", region_uuid, region_key)
        })?;
        let (Some((indicator_id, our_code, indicator_uuid)), Some((region_id, _, region_uuid))) =
            (indicator, region)
        else {
            return leave();
        };
        if self.held.contains(&our_code) {
            return Ok(Fate::Held(our_code));
        }
        if self.target.computed.contains(&indicator_id) {
            return leave();
        }
        if !self.ours.is_empty() {
            // The target's own values by UUIDs (`named::touched`).
            self.key.clear();
            self.key.push_str(&indicator_uuid);
            for part in [region_uuid.as_str(), period, breakdown] {
                self.key.push('|');
                self.key.push_str(part);
            }
            if self.ours.contains(&self.key) {
                return leave();
            }
        }
        // The period, breakdown and symbol are brought only for a value that goes in (one
        // refused goes the other way, which brings them in a savepoint of its own). A
        // period or breakdown brought now is new: no value of the target can be in the way.
        let period_id = cached(&mut self.target.periods, their.period, || {
            id_by(conn, "period", "code", period)
        })?;
        let breakdown_id = cached(&mut self.target.breakdowns, their.breakdown, || {
            id_by(conn, "breakdown", "key", breakdown)
        })?;
        let new_symbol = symbol.is_some_and(|s| !self.symbols.contains(s));
        if period_id.is_none() || breakdown_id.is_none() || new_symbol {
            self.references.bring(self.tx, period, breakdown, symbol)?;
            if let Some(symbol) = symbol {
                self.symbols.insert(symbol.to_owned());
            }
        }
        let period_id = match period_id {
            Some(id) => Some(id),
            None => id_by(conn, "period", "code", period)?,
        };
        let breakdown_id = match breakdown_id {
            Some(id) => Some(id),
            None => id_by(conn, "breakdown", "key", breakdown)?,
        };
        self.target.periods.insert(their.period, period_id);
        self.target.breakdowns.insert(their.breakdown, breakdown_id);
        let (Some(period), Some(breakdown)) = (period_id, breakdown_id) else {
            return leave();
        };
        Ok(Fate::Insert(
            Ids {
                indicator: indicator_id,
                region: region_id,
                period,
                breakdown,
            },
            our_code,
        ))
    }
}

/// The value cached for `id`, looked up once.
fn cached<T: Clone>(
    cache: &mut HashMap<i64, T>,
    id: i64,
    lookup: impl FnOnce() -> Result<T>,
) -> Result<T> {
    if let Some(found) = cache.get(&id) {
        return Ok(found.clone());
    }
    let found = lookup()?;
    cache.insert(id, found.clone());
    Ok(found)
}

/// Brings the values of the other copy's imports among `actions` into the target in bulk.
/// `ours` holds the keys the target's own actions touched (in the target's names); `held`
/// the codes of indicators whose values wait for a conflict on their meaning.
pub(super) fn merge(
    tx: &Tx<'_>,
    other: &Connection,
    (actions, held): (&[i64], &HashSet<String>),
    ours: &BTreeSet<String>,
    references: &mut References<'_>,
    progress: &Progress,
) -> Result<Bulk> {
    let mut bulk = Bulk::default();
    let imports = their_imports(other, actions)?;
    if imports.is_empty() {
        return Ok(bulk);
    }
    progress.start(imports.iter().map(|i| i.values).sum());
    let conn = tx.conn();
    let mut pass = Pass {
        tx,
        names: TheirNames::read(other)?,
        target: TargetIds {
            indicators: HashMap::new(),
            regions: HashMap::new(),
            periods: HashMap::new(),
            breakdowns: HashMap::new(),
            computed: conn
                .prepare("SELECT id FROM indicator WHERE formula <> ''")?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?,
        },
        symbols: HashSet::new(),
        references,
        ours,
        held,
        key: String::new(),
    };
    let mut touched: HashSet<String> = HashSet::new();
    let mut insert = conn.prepare(observations::INSERT_NEW)?;
    for import in imports {
        let import_id = copy_import(tx, other, import.id)?;
        let mut inserted = 0_u64;
        let mut statement = other.prepare(
            "SELECT indicator_id, region_id, period_id, breakdown_id, value, symbol, quality, note, import_line
             FROM observation WHERE import_id = ?1",
        )?;
        let mut rows = statement.query([import.id])?;
        let mut at = 0_u64;
        while let Some(row) = rows.next()? {
            at += 1;
            if at.is_multiple_of(4096) {
                progress.advance(4096);
                progress.check()?;
            }
            let stored = StoredRow {
                content: Content {
                    value: row.get(4)?,
                    symbol: row.get(5)?,
                    quality: row.get(6)?,
                    note: row.get(7)?,
                },
                import_id: Some(import_id),
                import_line: row.get(8)?,
            };
            let their = Ids::from_row(row, 0)?;
            match pass.place(their, stored.content.symbol.as_deref())? {
                Fate::Insert(ids, code) => {
                    if observations::insert_with(&mut insert, ids, &stored)? {
                        inserted += 1;
                        if !touched.contains(&code) {
                            touched.insert(code);
                        }
                    } else {
                        bulk.left.insert(pass.named(their));
                    }
                }
                Fate::Leave => {
                    bulk.left.insert(pass.named(their));
                }
                Fate::Held(code) => *bulk.held.entry(code).or_default() += 1,
                Fate::Skip => {}
            }
        }
        if inserted == 0 {
            // Every value went the one-by-one way: the import row would name none.
            conn.execute(
                "DELETE FROM import_source WHERE import_id = ?1",
                [import_id],
            )?;
            conn.execute("DELETE FROM table_source WHERE import_id = ?1", [import_id])?;
            conn.execute("DELETE FROM import WHERE id = ?1", [import_id])?;
        } else {
            conn.execute(
                "UPDATE import SET inserted = ?1 WHERE id = ?2",
                params![inserted as i64, import_id],
            )?;
        }
        bulk.inserted += inserted;
    }
    counts::add(conn, counts::OBSERVATIONS, bulk.inserted as i64)?;
    tx.count_bulk_changes(bulk.inserted as usize);
    for code in &touched {
        tx.touch(code);
    }
    Ok(bulk)
}
