//! Reading the change log back and walking it: undo, redo, the history and an action's
//! changes.

use rusqlite::{OptionalExtension, params};
use serde_json::Value as Json;

use super::{ActionKind, ActionSummary, Change, Tx};
use crate::model::meta::EntityKind;
use crate::store::entity::{self, Row};
use crate::store::{Result, Store, StoreError};

impl Store {
    /// The action Undo would undo.
    pub fn undo_target(&self) -> Result<Option<ActionSummary>> {
        self.action_where("state = 'done' AND kind IN ('edit', 'import', 'merge') ORDER BY id DESC")
    }

    /// The action Redo would redo.
    pub fn redo_target(&self) -> Result<Option<ActionSummary>> {
        self.action_where("state = 'undone' ORDER BY id ASC")
    }

    fn action_where(&self, condition: &str) -> Result<Option<ActionSummary>> {
        let sql = format!(
            "SELECT id, uuid, kind, label, author, at FROM action WHERE {condition} LIMIT 1"
        );
        Ok(self.conn.query_row(&sql, [], summary_from_row).optional()?)
    }

    /// How much Undo (`undo`) or Redo would move: the target action's logged changes and the
    /// values its imports wrote — a measure for running it on a worker.
    pub fn undo_size(&self, undo: bool) -> Result<i64> {
        let target = if undo {
            self.undo_target()?
        } else {
            self.redo_target()?
        };
        let Some(target) = target else {
            return Ok(0);
        };
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM change WHERE action_id = ?1)
                  + (SELECT coalesce(sum(inserted + updated), 0) FROM import WHERE action_id = ?1)",
            [target.id],
            |row| row.get(0),
        )?)
    }

    /// How many values an action may have to compute again: all the project holds when it
    /// has computed indicators (any of them may read what the action changes), else none.
    pub fn recompute_size(&self) -> Result<i64> {
        let computed: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM indicator WHERE formula <> '')",
            [],
            |row| row.get(0),
        )?;
        if computed {
            crate::store::counts::get(&self.conn, crate::store::counts::OBSERVATIONS)
        } else {
            Ok(0)
        }
    }

    /// Undoes the newest action on the undo stack, as one new action. Returns what was
    /// undone, `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<ActionSummary>> {
        let Some(target) = self.undo_target()? else {
            return Ok(None);
        };
        let changes = self.changes_of(target.id)?;
        self.take_back(ActionKind::Undo, &target, "undone", |tx| {
            // What the action's imports wrote first, in bulk onto the undo's shelf (those
            // values are not in the log one by one and refer to entities it may have
            // created), then every logged change in reverse: each value change then meets
            // the entities as they were when it was made (created before it, deleted or
            // renamed after it).
            super::shelf::take_out(tx, target.id)?;
            changes
                .iter()
                .rev()
                .try_for_each(|change| apply_inverse(tx, change))
        })?;
        Ok(Some(target))
    }

    /// Redoes the most recently undone action, as one new action. Returns what was redone,
    /// `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<ActionSummary>> {
        let Some(target) = self.redo_target()? else {
            return Ok(None);
        };
        // Redo takes back the undo: the undo action recorded exactly what it did.
        let undo_id: i64 = self.conn.query_row(
            "SELECT id FROM action WHERE kind = 'undo' AND target_action_id = ?1 ORDER BY id DESC LIMIT 1",
            [target.id],
            |row| row.get(0),
        )?;
        let changes = self.changes_of(undo_id)?;
        self.take_back(ActionKind::Redo, &target, "done", |tx| {
            // The logged changes first (they make the entities the shelved values refer
            // to again), then the values the undo took out in bulk.
            changes
                .iter()
                .rev()
                .try_for_each(|change| apply_inverse(tx, change))?;
            super::shelf::put_back(tx, undo_id).map(|_| ())
        })?;
        Ok(Some(target))
    }

    /// Runs an undo or redo of `target` as one new action of `kind` that names it, and
    /// leaves `target` in `state`.
    fn take_back(
        &mut self,
        kind: ActionKind,
        target: &ActionSummary,
        state: &str,
        apply: impl FnOnce(&mut Tx<'_>) -> Result<()>,
    ) -> Result<()> {
        self.transact(kind, &target.label, |tx| {
            tx.tx.execute(
                "UPDATE action SET target_action_id = ?1 WHERE id = ?2",
                params![target.id, tx.action_id],
            )?;
            apply(tx)?;
            tx.tx.execute(
                "UPDATE action SET state = ?2 WHERE id = ?1",
                params![target.id, state],
            )?;
            // The state change alone is a change: the action is kept.
            tx.changes.set(tx.changes.get() + 1);
            Ok(())
        })
    }

    /// The changes of one action, in the order they were made.
    pub fn changes_of(&self, action_id: i64) -> Result<Vec<Change>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT action_id, entity_kind, entity_key, before, after FROM change WHERE action_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([action_id], change_from_row)?;
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

fn apply_observation(tx: &mut Tx<'_>, from: Option<&Row>, to: Option<&Row>) -> Result<()> {
    use crate::store::observations;
    let Some(any) = from.or(to) else {
        return Ok(());
    };
    let (ids, _) = observations::from_log_row(&tx.tx, any)?;
    let to_state = match to {
        Some(row) => Some(observations::from_log_row(&tx.tx, row)?.1),
        None => None,
    };
    observations::restore(&tx.tx, ids, to_state.as_ref())?;
    tx.log_observation(from, to)
}

fn apply_inverse(tx: &mut Tx<'_>, change: &Change) -> Result<()> {
    if change.entity_kind == EntityKind::Observation {
        return apply_observation(tx, change.after.as_ref(), change.before.as_ref());
    }
    let def = change.entity_kind.def();
    match (&change.before, &change.after) {
        (None, Some(_)) => {
            let Some(before) = entity::read(tx.conn(), def, &change.entity_key)? else {
                return Ok(());
            };
            // Computed values are derived: they go with their indicator, and with the region
            // or period they are at (an action that made the region and changed a formula
            // reading values there, such as a merge, left some the commit has not computed
            // away yet).
            let derived_at = match change.entity_kind {
                EntityKind::Indicator => Some("indicator_id"),
                EntityKind::Region => Some("region_id"),
                EntityKind::Period => Some("period_id"),
                _ => None,
            };
            if let Some(column) = derived_at
                && let Some(id) = entity::id_of(tx.conn(), change.entity_kind, &change.entity_key)?
            {
                if column == "indicator_id" {
                    crate::store::derive::clear_computed(tx.conn(), id)?;
                } else {
                    crate::store::derive::clear_computed_at(tx.conn(), column, id)?;
                }
            }
            entity::delete(tx.conn(), def, &change.entity_key)?;
            tx.log(def, &change.entity_key, Some(&before), None)
        }
        (Some(before), None) => tx.insert_row(def, before),
        (Some(before), Some(_)) => tx
            .update_fields(def, &change.entity_key, before)
            .map(|_| ()),
        (None, None) => Ok(()),
    }
}
