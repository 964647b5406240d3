//! The change log, and the one way to write: [`Store::transact`].
//!
//! Every user action is one SQLite transaction that writes one `action` row and a `change`
//! row per entity touched, with the entity's fields before and after as JSON (only the
//! fields that changed, for an update). The log serves three things:
//!
//! - **Undo and redo**: undo applies an action's changes backwards and records that as a
//!   new `undo` action; redo applies them forwards again as a `redo` action. The undo
//!   stack is the `done` actions of kind `edit`, `import` and `merge`, newest first; the redo
//!   stack the `undone` ones, most recently undone first; a new action discards the redo
//!   stack. Undo and redo themselves never enter the stacks, so they are not undone.
//! - **History**: who changed what, when, readable from before and after.
//! - **Comparing and merging copies**: actions carry UUIDs, and changes name entities by
//!   UUID or natural key, so the common past of two copies is the actions both logs hold.

use rusqlite::{TransactionBehavior, params};
use serde::Serialize;

use super::entity::Row;
use super::{Result, Store, StoreError};
use crate::model::meta::EntityKind;

mod history;
pub mod shelf;
mod tx;

pub use tx::{Tx, is_owning, label_of};

/// What kind of action an `action` row records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Creating the project (not undoable).
    Create,
    /// An edit by the user.
    Edit,
    /// An import of a file.
    Import,
    /// A merge from another copy.
    Merge,
    /// Undoing an earlier action.
    Undo,
    /// Redoing an undone action.
    Redo,
}

impl ActionKind {
    /// The code in the `action` table.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Create => "create",
            ActionKind::Edit => "edit",
            ActionKind::Import => "import",
            ActionKind::Merge => "merge",
            ActionKind::Undo => "undo",
            ActionKind::Redo => "redo",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        [
            Self::Create,
            Self::Edit,
            Self::Import,
            Self::Merge,
            Self::Undo,
            Self::Redo,
        ]
        .into_iter()
        .find(|kind| kind.code() == code)
    }

    /// Whether actions of this kind go onto the undo stack.
    fn is_undoable(self) -> bool {
        matches!(
            self,
            ActionKind::Edit | ActionKind::Import | ActionKind::Merge
        )
    }
}

/// One action of the log, for the history and the undo/redo menu entries.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActionSummary {
    /// Its id in the `action` table (meaningful in this file only).
    pub id: i64,
    /// Its UUID, the same in every copy of the project.
    pub uuid: String,
    /// What kind of action it was.
    pub kind: ActionKind,
    /// What was done, in words of the store (`stakeholder.update`); an undo or redo carries
    /// the label of the action it took back.
    pub label: String,
    /// Who did it: the author's name the store had at the time.
    pub author: String,
    /// When it was done: RFC 3339 in UTC, to the millisecond (`2024-05-03T09:15:00.000Z`).
    pub at: String,
}

/// One change of the log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// The action it belongs to (its id in the `action` table).
    pub action_id: i64,
    /// The kind of entity changed.
    pub entity_kind: EntityKind,
    /// The entity's identity: its UUID or natural key (for an observation, indicator code,
    /// region key, period code and breakdown key joined with `|`).
    pub entity_key: String,
    /// The entity's fields before the change; `None` when the change created it. An
    /// entity's update holds only the fields that changed; an observation's, the whole row.
    pub before: Option<Row>,
    /// The entity's fields after the change; `None` when the change deleted it. An
    /// entity's update holds only the fields that changed; an observation's, the whole row.
    pub after: Option<Row>,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    fn writable(&self) -> Result<()> {
        match (&self.read_only, &self.path) {
            (Some(reason), path) => Err(StoreError::ReadOnly {
                reason: reason.message(path.as_deref().unwrap_or_else(|| std::path::Path::new(""))),
            }),
            (None, _) => Ok(()),
        }
    }

    /// Runs one user action as one transaction: `f` writes through the [`Tx`], which logs
    /// every change under one `action` row. An action that changes nothing leaves no trace.
    /// An error rolls everything back: the file stays as it was.
    pub fn transact<T>(
        &mut self,
        kind: ActionKind,
        label: &str,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.transact_with(kind, label, true, f)
    }

    /// Like [`Store::transact_with`], for an action that writes many observations whose ids
    /// all come from lookups in the same transaction (an import, computing an indicator): a
    /// large page cache, and no per-row foreign-key lookups (SQLite can switch them only
    /// outside a transaction; `check` verifies them). Both are set back afterwards.
    pub fn transact_bulk<T>(
        &mut self,
        kind: ActionKind,
        label: &str,
        commit: bool,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.writable()?;
        self.conn.execute_batch(
            "PRAGMA cache_size = -32768; PRAGMA cell_size_check = OFF; PRAGMA foreign_keys = OFF;",
        )?;
        let result = self.transact_with(kind, label, commit, f);
        let restored = self.conn.execute_batch(
            "PRAGMA cache_size = -2000; PRAGMA cell_size_check = ON; PRAGMA foreign_keys = ON;",
        );
        let value = result?;
        restored?;
        Ok(value)
    }

    /// Like [`Store::transact`]; with `commit` false everything is rolled back at the end
    /// (a dry run that checks an action without doing it). A file another program holds
    /// past the wait is [`StoreError::Busy`], naming what holds it.
    pub fn transact_with<T>(
        &mut self,
        kind: ActionKind,
        label: &str,
        commit: bool,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.run_action(kind, label, commit, f)
            .map_err(|error| error.named_busy(self.path.as_deref()))
    }

    fn run_action<T>(
        &mut self,
        kind: ActionKind,
        label: &str,
        commit: bool,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.writable()?;
        let author = self.host.author.clone();
        let value = {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO action (uuid, kind, label, author, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    crate::model::new_uuid().to_string(),
                    kind.code(),
                    label,
                    author,
                    now()
                ],
            )?;
            let action_id = tx.last_insert_rowid();
            let mut action = Tx {
                tx,
                action_id,
                changes: std::cell::Cell::new(0),
                touched: std::cell::RefCell::default(),
                moved: std::cell::RefCell::default(),
            };
            // The lock is ours: others that find the file locked can read who holds it. Dropped
            // before the transaction ends (declared after it, and by hand before the commit).
            let holding = self
                .path
                .as_deref()
                .and_then(|path| super::holder::hold(path, kind));
            let value = f(&mut action)?;
            // However it came (an edit, an entity list, a merge, an undo), no action leaves
            // a goal or region under itself.
            let moved = action.moved.take();
            if let Some((kind, key)) = super::problems::first_in_cycle(action.conn(), &moved)?
                && let Some(labels) = super::problems::cycle_through(action.conn(), kind, &key)?
            {
                return Err(StoreError::Invalid {
                    message: crate::t!("store.error.cycle", cycle = labels.join(" > ")),
                });
            }
            let derived = if commit {
                // Computed indicators follow their inputs within the same action.
                let touched = action.touched.take();
                super::derive::refresh(&action, &touched)?
            } else {
                std::collections::BTreeMap::new()
            };
            let Tx { tx, changes, .. } = action;
            drop(holding);
            if changes.get() == 0 || !commit {
                tx.rollback()?;
                return Ok(value);
            }
            if kind.is_undoable() {
                tx.execute(
                    "UPDATE action SET state = 'discarded' WHERE state = 'undone'",
                    [],
                )?;
            }
            tx.execute(
                "UPDATE project SET modified_at = ?1, modified_by = ?2",
                params![now(), author],
            )?;
            tx.commit()?;
            self.derived = derived;
            value
        };
        self.generation += 1;
        self.note_own_change();
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Engagement, Stakeholder, StakeholderKind, new_uuid};
    use crate::store::testing::store;

    fn stakeholder(name: &str) -> Stakeholder {
        Stakeholder {
            uuid: new_uuid(),
            name: name.to_owned(),
            kind: StakeholderKind::YouthWelfare,
            education_areas: vec![crate::model::EducationArea::EarlyChildhood],
            description: String::new(),
            influence: 3,
            interest: 3,
            engagement: Engagement::Consult,
            tags: vec!["Kita".to_owned()],
            contact_person: "Erika Muster".to_owned(),
            email: "erika@example.org".to_owned(),
            phone: String::new(),
        }
    }

    fn names(store: &Store) -> Vec<(String, i64)> {
        crate::store::stakeholders::list(store.conn())
            .unwrap()
            .into_iter()
            .map(|s| (s.name, s.interest))
            .collect()
    }

    #[test]
    fn an_edit_is_logged_with_before_and_after() {
        let mut store = store();
        let mut jugendamt = stakeholder("Jugendamt");
        store
            .transact(ActionKind::Edit, "stakeholder.create", |tx| {
                tx.insert(&jugendamt)
            })
            .unwrap();
        jugendamt.interest = 5;
        store
            .transact(ActionKind::Edit, "stakeholder.update", |tx| {
                tx.update(&jugendamt)
            })
            .unwrap();
        let last = store.history(1).unwrap().remove(0);
        assert_eq!(last.kind, ActionKind::Edit);
        let changes = store.changes_of(last.id).unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].before.as_ref().unwrap()["interest"], 3);
        assert_eq!(changes[0].after.as_ref().unwrap()["interest"], 5);
        assert_eq!(
            changes[0].after.as_ref().unwrap().len(),
            1,
            "only the changed field"
        );
    }

    #[test]
    fn undo_and_redo_walk_the_stack() {
        let mut store = store();
        let mut jugendamt = stakeholder("Jugendamt");
        store
            .transact(ActionKind::Edit, "stakeholder.create", |tx| {
                tx.insert(&jugendamt)
            })
            .unwrap();
        jugendamt.interest = 5;
        store
            .transact(ActionKind::Edit, "stakeholder.update", |tx| {
                tx.update(&jugendamt)
            })
            .unwrap();
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

    #[test]
    fn a_failed_action_leaves_nothing() {
        let mut store = store();
        let before = store.history(100).unwrap().len();
        let mut bad = stakeholder("Zu einflussreich");
        bad.influence = 9;
        let result = store.transact(ActionKind::Edit, "stakeholder.create", |tx| {
            tx.insert(&stakeholder("Gut"))?;
            tx.insert(&bad)
        });
        assert!(result.is_err());
        assert!(names(&store).is_empty(), "the good row went back too");
        assert_eq!(store.history(100).unwrap().len(), before);
    }

    #[test]
    fn an_action_without_changes_leaves_no_trace() {
        let mut store = store();
        let a = stakeholder("A");
        store
            .transact(ActionKind::Edit, "a", |tx| tx.insert(&a))
            .unwrap();
        let generation = store.generation();
        let count = store.history(100).unwrap().len();
        assert!(
            !store
                .transact(ActionKind::Edit, "noop", |tx| tx.update(&a))
                .unwrap()
        );
        assert_eq!(store.history(100).unwrap().len(), count);
        assert_eq!(store.generation(), generation);
    }
    /// Every write cleans control characters by its field's kind
    /// (`model::validate::text_kind`): a name or a tag is one line, a description keeps
    /// its line breaks and tabs; an edit differing only by them changes nothing.
    #[test]
    fn control_characters_are_cleaned_on_the_way_in() {
        let mut store = store();
        let mut schule = stakeholder("Grundschule\r\nAm Markt\u{7}");
        schule.description = "Zeile 1\r\nZeile 2\tmit Tab\u{0}".into();
        schule.tags = vec!["Ganz\ntag".into()];
        store
            .transact(ActionKind::Edit, "stakeholder.create", |tx| {
                tx.insert(&schule)
            })
            .unwrap();
        let stored = crate::store::stakeholders::list(store.conn()).unwrap();
        assert_eq!(stored[0].name, "Grundschule Am Markt");
        assert_eq!(stored[0].description, "Zeile 1\nZeile 2\tmit Tab");
        assert_eq!(stored[0].tags, vec!["Ganz tag".to_owned()]);

        // The same text with other control characters is no change.
        schule.name = "Grundschule\tAm Markt".into();
        schule.description = "Zeile 1\nZeile 2\tmit Tab".into();
        schule.tags = vec!["Ganz\ttag".into()];
        assert!(
            !store
                .transact(ActionKind::Edit, "noop", |tx| tx.update(&schule))
                .unwrap()
        );
        schule.name = "Grundschule\u{1b}Am Marktplatz".into();
        store
            .transact(ActionKind::Edit, "stakeholder.update", |tx| {
                tx.update(&schule)
            })
            .unwrap();
        assert_eq!(names(&store)[0].0, "Grundschule Am Marktplatz");
    }
}
