//! Undo and redo: an action's changes applied backwards as a new `undo` action, or again as
//! a `redo` action (see the change log's module comment for the stacks).

use rusqlite::params;

use super::{ActionKind, ActionSummary, Change, Tx};
use crate::model::meta::EntityKind;
use crate::store::entity::{self, Row};
use crate::store::{Result, Store};

impl Store {
    /// The action Undo would undo.
    pub fn undo_target(&self) -> Result<Option<ActionSummary>> {
        self.action_where("state = 'done' AND kind IN ('edit', 'import', 'merge') ORDER BY id DESC")
    }

    /// The action Redo would redo.
    pub fn redo_target(&self) -> Result<Option<ActionSummary>> {
        self.action_where("state = 'undone' ORDER BY id ASC")
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
                    crate::store::observations::clear_if_computed(tx.conn(), id)?;
                } else {
                    crate::store::observations::clear_computed_at(tx.conn(), column, id)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::new_uuid;
    use crate::store::testing::{
        created_then_edited, stakeholder, stakeholder_names as names, store,
    };

    #[test]
    fn undo_and_redo_walk_the_stack() {
        let mut store = store();
        let jugendamt = created_then_edited(&mut store);
        assert_eq!(names(&store), vec![("Jugendamt".to_owned(), 5)]);

        assert_eq!(store.undo().unwrap().unwrap().label, "stakeholder.update");
        assert_eq!(names(&store), vec![("Jugendamt".to_owned(), 3)]);
        assert_eq!(store.undo().unwrap().unwrap().label, "stakeholder.create");
        assert!(names(&store).is_empty());
        assert!(
            store.undo().unwrap().is_none(),
            "creating the project is not undoable"
        );

        assert_eq!(store.redo().unwrap().unwrap().label, "stakeholder.create");
        let restored = crate::store::stakeholders::list(store.conn()).unwrap();
        assert_eq!(
            restored[0].uuid, jugendamt.uuid,
            "redo restores the same entity"
        );
        assert_eq!(restored[0].tags, vec!["Kita".to_owned()]);
        assert_eq!(store.redo().unwrap().unwrap().label, "stakeholder.update");
        assert_eq!(names(&store), vec![("Jugendamt".to_owned(), 5)]);
        assert!(store.redo().unwrap().is_none());
    }

    #[test]
    fn a_new_action_discards_the_redo_stack() {
        let mut store = store();
        store
            .transact(ActionKind::Edit, "a", |tx| tx.insert(&stakeholder("A")))
            .unwrap();
        store.undo().unwrap();
        assert!(store.redo_target().unwrap().is_some());
        store
            .transact(ActionKind::Edit, "b", |tx| tx.insert(&stakeholder("B")))
            .unwrap();
        assert!(store.redo_target().unwrap().is_none());
        assert_eq!(store.undo().unwrap().unwrap().label, "b");
        assert!(
            store.undo().unwrap().is_none(),
            "a was undone and then superseded"
        );
    }

    #[test]
    fn deleting_cascades_and_undo_restores_everything() {
        let mut store = store();
        let vhs = stakeholder("VHS");
        let group = crate::model::WorkingGroup {
            uuid: new_uuid(),
            name: "AK Übergänge".into(),
            purpose: String::new(),
        };
        let member = crate::model::WorkingGroupMember {
            uuid: new_uuid(),
            working_group: group.uuid,
            stakeholder: vhs.uuid,
            role: "Sprecherin".into(),
        };
        store
            .transact(ActionKind::Edit, "setup", |tx| {
                tx.insert(&vhs)?;
                tx.insert(&group)?;
                tx.insert(&member)
            })
            .unwrap();
        store
            .transact(ActionKind::Edit, "stakeholder.delete", |tx| {
                tx.delete(EntityKind::Stakeholder, &vhs.uuid.to_string())
            })
            .unwrap();
        let count = |store: &Store| -> i64 {
            store
                .conn()
                .query_row("SELECT count(*) FROM working_group_member", [], |r| {
                    r.get(0)
                })
                .unwrap()
        };
        assert_eq!(count(&store), 0);
        store.undo().unwrap();
        assert_eq!(count(&store), 1);
        assert_eq!(names(&store).len(), 1);
    }
}
