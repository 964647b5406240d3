//! Which actions each copy has seen: its own log and, through its merges, the other
//! copies' actions it absorbed (the `absorbed` table, schema version 6).
//!
//! An action either copy has seen is part of the common past. A merge action whose
//! absorbed actions the other copy has all seen holds nothing new for it (it only brought
//! that copy's own changes across), so it is common past too. What is left on each side
//! is what the merge compares.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use crate::store::{Result, Tx};

/// One copy's log as the merge sees it.
struct Log {
    /// Every action's id and UUID, oldest first.
    actions: Vec<(i64, String)>,
    /// The UUIDs of the actions in the log and of those its done merges absorbed.
    known: HashSet<String>,
    /// For each done merge action (by UUID), the UUIDs it absorbed.
    merges: HashMap<String, Vec<String>>,
}

/// Every action's id and UUID, oldest first.
fn action_uuids(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut statement = conn.prepare("SELECT id, uuid FROM action ORDER BY id")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn log(conn: &Connection) -> Result<Log> {
    let actions = action_uuids(conn)?;
    let mut merges: HashMap<String, Vec<String>> = HashMap::new();
    let mut statement = conn.prepare(
        "SELECT a.uuid, x.uuid FROM absorbed x JOIN action a ON a.id = x.action_id
         WHERE a.state = 'done'",
    )?;
    for row in statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))? {
        let (merge, absorbed): (String, String) = row?;
        merges.entry(merge).or_default().push(absorbed);
    }
    let known = actions
        .iter()
        .map(|(_, uuid)| uuid.clone())
        .chain(merges.values().flatten().cloned())
        .collect();
    Ok(Log {
        actions,
        known,
        merges,
    })
}

impl Log {
    /// The actions of this log the other has not seen, by id.
    fn unseen_by(&self, other: &Log) -> Vec<i64> {
        self.actions
            .iter()
            .filter(|(_, uuid)| !other.known.contains(uuid))
            .filter(|(_, uuid)| {
                !self
                    .merges
                    .get(uuid)
                    .is_some_and(|absorbed| absorbed.iter().all(|a| other.known.contains(a)))
            })
            .map(|(id, _)| *id)
            .collect()
    }
}

/// How two copies' logs relate.
pub(super) struct Sides {
    /// Actions both logs hold.
    pub(super) common: usize,
    /// Actions of the target the other copy has not seen, by id in the target.
    pub(super) ours: Vec<i64>,
    /// Actions of the other copy the target has not seen, by id in the other copy.
    pub(super) theirs: Vec<i64>,
    /// The other copy's actions a merge into the target absorbs: every one the target has
    /// not seen yet.
    pub(super) absorbs: Vec<String>,
}

/// Compares the logs of `target` and `other`.
pub(super) fn sides(target: &Connection, other: &Connection) -> Result<Sides> {
    let (ours, theirs) = (log(target)?, log(other)?);
    let our_uuids: HashSet<&str> = ours.actions.iter().map(|(_, u)| u.as_str()).collect();
    Ok(Sides {
        common: theirs
            .actions
            .iter()
            .filter(|(_, u)| our_uuids.contains(u.as_str()))
            .count(),
        ours: ours.unseen_by(&theirs),
        theirs: theirs.unseen_by(&ours),
        absorbs: theirs
            .actions
            .iter()
            .filter(|(_, u)| !ours.known.contains(u))
            .map(|(_, u)| u.clone())
            .collect(),
    })
}

/// Records that the running merge action absorbed `uuids`.
pub(super) fn record(tx: &Tx<'_>, uuids: &[String]) -> Result<()> {
    let mut statement = tx
        .conn()
        .prepare_cached("INSERT OR IGNORE INTO absorbed (action_id, uuid) VALUES (?1, ?2)")?;
    for uuid in uuids {
        statement.execute(rusqlite::params![tx.action_id(), uuid])?;
    }
    // The record is the action's content even when nothing else changed: the decisions
    // (conflicts kept as ours) are remembered.
    tx.count_bulk_changes(uuids.len());
    Ok(())
}
