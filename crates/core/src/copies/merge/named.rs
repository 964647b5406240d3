//! Which data values each side's actions touched, each by the names it bore then: a code
//! or key renamed on one side, or passed to another row, still finds its value.

use std::collections::{BTreeSet, HashMap};

use rusqlite::{Connection, OptionalExtension};

use crate::store::{Result, Store};

/// The data values the target's actions changed — those its log records, those its imports
/// wrote, and those its undos and redos of imports moved in bulk — each by its indicator's
/// and region's UUIDs with its period and breakdown ([`Named::by_uuid`]): renames in the
/// merge do not hide them.
pub(super) fn touched(store: &Store, actions: &[i64]) -> Result<BTreeSet<String>> {
    let mut keys: BTreeSet<String> = touched_named(store, actions)?
        .iter()
        .map(Named::by_uuid)
        .collect();
    let mut statement = store.conn().prepare(
        "SELECT i.uuid || '|' || r.uuid || '|' || p.code || '|' || b.key
         FROM import m
         JOIN observation o ON o.import_id = m.id
         JOIN indicator i ON i.id = o.indicator_id
         JOIN region r ON r.id = o.region_id
         JOIN period p ON p.id = o.period_id
         JOIN breakdown b ON b.id = o.breakdown_id
         WHERE m.action_id = ?1",
    )?;
    for action in actions {
        for key in statement.query_map([action], |row| row.get::<_, String>(0))? {
            keys.insert(key?);
        }
    }
    Ok(keys)
}

/// A value's key as a side's action named it (`indicator|region|period|breakdown`), with
/// the UUIDs of the indicator and region that bore those names then, where known: a name
/// may have passed to another row since (an import undone, and a new one of the same name
/// made).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Named {
    pub(super) key: String,
    pub(super) indicator: Option<String>,
    pub(super) region: Option<String>,
}

impl Named {
    /// The key with the indicator and region by UUID where known.
    pub(super) fn by_uuid(&self) -> String {
        let mut parts = self.key.splitn(3, '|');
        let (indicator, region, rest) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        format!(
            "{}|{}|{rest}",
            self.indicator.as_deref().unwrap_or(indicator),
            self.region.as_deref().unwrap_or(region)
        )
    }
}

/// Who bore a code or key when: from the changes that took one away from a row (a rename, a
/// deletion), which the log keeps in order.
struct Holders<'a> {
    conn: &'a Connection,
    /// By kind and name: the changes (id, row UUID) whose row gave the name up.
    gave_up: HashMap<(&'static str, String), Vec<(i64, String)>>,
    now: HashMap<(&'static str, String), Option<String>>,
}

impl<'a> Holders<'a> {
    fn read(conn: &'a Connection) -> Result<Self> {
        let mut gave_up: HashMap<(&'static str, String), Vec<(i64, String)>> = HashMap::new();
        for (kind, column) in [("indicator", "code"), ("region", "key")] {
            let mut statement = conn.prepare(&format!(
                "SELECT id, entity_key, json_extract(before, '$.{column}') FROM change
                 WHERE entity_kind = '{kind}' AND json_extract(before, '$.{column}') IS NOT NULL
                   AND (after IS NULL OR json_extract(after, '$.{column}') IS NOT json_extract(before, '$.{column}'))
                 ORDER BY id"
            ))?;
            let rows = statement.query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })?;
            for row in rows {
                let (id, uuid, name) = row?;
                gave_up.entry((kind, name)).or_default().push((id, uuid));
            }
        }
        Ok(Self {
            conn,
            gave_up,
            now: HashMap::new(),
        })
    }

    /// The UUID of the `kind` row that bore `name` at the change `position`: the first row
    /// to give the name up at or after it, else the row that bears it now.
    fn at(
        &mut self,
        kind: &'static str,
        column: &str,
        name: &str,
        position: i64,
    ) -> Result<Option<String>> {
        if let Some(changes) = self.gave_up.get(&(kind, name.to_owned())) {
            let first = changes.partition_point(|(id, _)| *id < position);
            if let Some((_, uuid)) = changes.get(first) {
                return Ok(Some(uuid.clone()));
            }
        }
        if let Some(found) = self.now.get(&(kind, name.to_owned())) {
            return Ok(found.clone());
        }
        let found: Option<String> = self
            .conn
            .prepare_cached(&format!("SELECT uuid FROM {kind} WHERE {column} = ?1"))?
            .query_row([name], |row| row.get(0))
            .optional()?;
        self.now.insert((kind, name.to_owned()), found.clone());
        Ok(found)
    }

    /// `key` named at `position`, with its indicator's and region's UUIDs then.
    fn named(&mut self, key: String, position: i64) -> Result<Named> {
        let mut parts = key.splitn(3, '|');
        let (indicator, region) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        let indicator = self.at("indicator", "code", indicator, position)?;
        let region = self.at("region", "key", region, position)?;
        Ok(Named {
            key,
            indicator,
            region,
        })
    }
}

/// The data values the other copy's `actions` changed one by one or moved in bulk, each
/// named as when it happened (its imports' values come across in bulk: `bulk`).
pub(super) fn touched_named(store: &Store, actions: &[i64]) -> Result<BTreeSet<Named>> {
    let conn = store.conn();
    let mut holders = Holders::read(conn)?;
    let mut named = BTreeSet::new();
    let mut logged = conn.prepare(
        "SELECT id, entity_key FROM change WHERE action_id = ?1 AND entity_kind = 'observation'",
    )?;
    for action in actions {
        let changes: Vec<(i64, String)> = logged
            .query_map([action], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, key) in changes {
            named.insert(holders.named(key, id)?);
        }
        let (moved, shelf) = crate::store::shelf::moved_keys(conn, *action)?;
        // Named as at the start of the undo that made the shelf, or as now.
        let position = match shelf {
            Some(shelf) => conn
                .query_row(
                    "SELECT min(id) FROM change WHERE action_id >= ?1",
                    [shelf],
                    |row| row.get::<_, Option<i64>>(0),
                )?
                .unwrap_or(i64::MAX),
            None => i64::MAX,
        };
        for key in moved {
            named.insert(holders.named(key, position)?);
        }
    }
    Ok(named)
}
