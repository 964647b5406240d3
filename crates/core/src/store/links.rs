//! Links between two entities held in a table of their own (an indicator and the goal it
//! measures, a measure and the goal it serves): found by the two entities' UUIDs, removed
//! through the change log like any row.

use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use super::tx::Tx;
use super::{Result, StoreError};
use crate::model::meta::EntityKind;

/// A link table: its name, its kind, and the two columns with the tables they point to.
pub struct LinkTable {
    table: &'static str,
    kind: EntityKind,
    from: (&'static str, &'static str),
    to: (&'static str, &'static str),
}

/// An indicator and a goal it measures.
pub const INDICATOR_GOAL: LinkTable = LinkTable {
    table: "indicator_goal",
    kind: EntityKind::IndicatorGoal,
    from: ("indicator_id", "indicator"),
    to: ("goal_id", "goal"),
};

/// A measure and a goal it serves.
pub const MEASURE_GOAL: LinkTable = LinkTable {
    table: "measure_goal",
    kind: EntityKind::MeasureGoal,
    from: ("measure_id", "measure"),
    to: ("goal_id", "goal"),
};

/// The UUID of the link between `from` and `to`, if they are linked.
pub fn find(conn: &Connection, link: &LinkTable, from: Uuid, to: Uuid) -> Result<Option<String>> {
    let LinkTable {
        table,
        from: (from_column, from_table),
        to: (to_column, to_table),
        ..
    } = link;
    let sql = format!(
        "SELECT l.uuid FROM {table} l
         JOIN {from_table} a ON a.id = l.{from_column}
         JOIN {to_table} b ON b.id = l.{to_column}
         WHERE a.uuid = ?1 AND b.uuid = ?2"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([from.to_string(), to.to_string()], |row| row.get(0))
        .optional()?)
}

/// Links `from` to `to` by inserting `row` (logged, so undo takes it back); refused when
/// they are linked already.
pub fn add<T: super::entity::Entity>(
    tx: &Tx<'_>,
    link: &LinkTable,
    from: Uuid,
    to: Uuid,
    row: &T,
) -> Result<()> {
    if find(tx.conn(), link, from, to)?.is_some() {
        return Err(StoreError::Invalid {
            message: crate::t!("links.error.exists").to_owned(),
        });
    }
    tx.insert(row)
}

/// Removes the link between `from` and `to` (logged, so undo brings it back); refused when
/// there is none.
pub fn remove(tx: &Tx<'_>, link: &LinkTable, from: Uuid, to: Uuid) -> Result<()> {
    let Some(uuid) = find(tx.conn(), link, from, to)? else {
        return Err(StoreError::Invalid {
            message: crate::t!("links.error.missing").to_owned(),
        });
    };
    tx.delete(link.kind, &uuid)
}
