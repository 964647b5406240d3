//! Reading the change log back: the history, an action's changes, the kinds of entity
//! each action changed.

use rusqlite::OptionalExtension;
use serde_json::Value as Json;

use super::{ActionKind, ActionSummary, Change};
use crate::model::meta::EntityKind;
use crate::store::entity::Row;
use crate::store::{Result, Store, StoreError};

impl Store {
    pub(super) fn action_where(&self, condition: &str) -> Result<Option<ActionSummary>> {
        let sql = format!(
            "SELECT id, uuid, kind, label, author, at FROM action WHERE {condition} LIMIT 1"
        );
        Ok(self.conn.query_row(&sql, [], summary_from_row).optional()?)
    }

    /// The changes of one action, in the order they were made.
    pub fn changes_of(&self, action_id: i64) -> Result<Vec<Change>> {
        self.first_changes_of(action_id, usize::MAX)
    }

    /// The first `limit` changes of one action, in the order they were made: what a view
    /// shows of an action that may have changed millions of values, read without the rest.
    pub fn first_changes_of(&self, action_id: i64, limit: usize) -> Result<Vec<Change>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT action_id, entity_kind, entity_key, before, after FROM change
             WHERE action_id = ?1 ORDER BY id LIMIT ?2",
        )?;
        // SQLite reads a negative limit as none.
        let limit = i64::try_from(limit).unwrap_or(-1);
        let rows = statement.query_map(rusqlite::params![action_id, limit], change_from_row)?;
        let mut changes = Vec::new();
        for row in rows {
            changes.push(row??);
        }
        Ok(changes)
    }

    /// The kinds of entity each action from `first_action` on changed (its undo and redo
    /// steps included), for filtering the history by entity.
    pub fn entity_kinds_by_action(
        &self,
        first_action: i64,
    ) -> Result<std::collections::HashMap<i64, Vec<EntityKind>>> {
        let mut statement = self
            .conn
            .prepare("SELECT DISTINCT action_id, entity_kind FROM change WHERE action_id >= ?1")?;
        let mut rows = statement.query([first_action])?;
        let mut kinds: std::collections::HashMap<i64, Vec<EntityKind>> =
            std::collections::HashMap::new();
        while let Some(row) = rows.next()? {
            let table: String = row.get(1)?;
            if let Some(kind) = EntityKind::from_code(&table) {
                kinds.entry(row.get(0)?).or_default().push(kind);
            }
        }
        // An undo or redo that moved an import's values in bulk changed values too.
        if !super::shelf::in_file(&self.conn)? {
            return Ok(kinds);
        }
        let mut statement = self
            .conn
            .prepare("SELECT action_id FROM shelf_use WHERE action_id >= ?1")?;
        let mut rows = statement.query([first_action])?;
        while let Some(row) = rows.next()? {
            let of = kinds.entry(row.get(0)?).or_default();
            if !of.contains(&EntityKind::Observation) {
                of.push(EntityKind::Observation);
            }
        }
        Ok(kinds)
    }

    /// The newest `limit` actions, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<ActionSummary>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, uuid, kind, label, author, at FROM action ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([limit as i64], summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

fn summary_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ActionSummary> {
    let kind: String = row.get(2)?;
    Ok(ActionSummary {
        id: row.get(0)?,
        uuid: row.get(1)?,
        kind: ActionKind::from_code(&kind).unwrap_or(ActionKind::Edit),
        label: row.get(3)?,
        author: row.get(4)?,
        at: row.get(5)?,
    })
}

fn change_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Change>> {
    let kind: String = row.get(1)?;
    let before: Option<String> = row.get(3)?;
    let after: Option<String> = row.get(4)?;
    let parse = |text: Option<String>| -> Result<Option<Row>> {
        match text {
            None => Ok(None),
            Some(text) => match serde_json::from_str(&text)? {
                Json::Object(row) => Ok(Some(row)),
                _ => Err(StoreError::Invalid {
                    message: "a change is not a JSON object".to_owned(),
                }),
            },
        }
    };
    Ok((|| {
        let Some(entity_kind) = EntityKind::from_code(&kind) else {
            return Err(StoreError::Invalid {
                message: format!("unknown entity kind in the change log: {kind}"),
            });
        };
        Ok(Change {
            action_id: row.get(0)?,
            entity_kind,
            entity_key: row.get(2)?,
            before: parse(before)?,
            after: parse(after)?,
        })
    })())
}
