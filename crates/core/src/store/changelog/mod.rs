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

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::entity::{self, Entity, Row, to_row};
use super::{Result, Store, StoreError};
use crate::model::meta::{EntityDef, EntityKind};

mod history;
pub mod shelf;

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

/// A running action: every write goes through it and is logged.
#[allow(clippy::struct_field_names)] // `tx.tx` reads well enough where it is used.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    action_id: i64,
    changes: std::cell::Cell<usize>,
    /// The indicators whose observations this action changed (their codes), so computed
    /// indicators that read them are computed again before it commits.
    touched: std::cell::RefCell<std::collections::BTreeSet<String>>,
}

impl Tx<'_> {
    /// The connection, for reads inside the action and for bulk writes that keep their own
    /// log (observations).
    #[must_use]
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// This action's id in the `action` table.
    #[must_use]
    pub fn action_id(&self) -> i64 {
        self.action_id
    }

    fn log(
        &self,
        def: &EntityDef,
        key: &str,
        before: Option<&Row>,
        after: Option<&Row>,
    ) -> Result<()> {
        let to_text = |row: Option<&Row>| row.map(|row| Json::Object(row.clone()).to_string());
        self.tx
            .prepare_cached(
                "INSERT INTO change (action_id, entity_kind, entity_key, before, after) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![self.action_id, def.table, key, to_text(before), to_text(after)])?;
        self.changes.set(self.changes.get() + 1);
        if def.kind == EntityKind::Observation {
            self.touch(super::derive::code_of_key(key));
        } else if def.kind == EntityKind::Indicator && super::derive::matters(before, after) {
            super::derive::formula_changed(&self.tx, key, before, after)?;
            // It is computed again, with what reads it: its formula or code changed, or it
            // came or went. (A row of changed fields may lack the code: it is read back.)
            let mut codes: Vec<String> = [before, after]
                .into_iter()
                .flatten()
                .filter_map(|row| row.get("code").and_then(Json::as_str).map(str::to_owned))
                .collect();
            codes.extend(
                self.tx
                    .prepare_cached("SELECT code FROM indicator WHERE uuid = ?1")?
                    .query_row([key], |row| row.get::<_, String>(0))
                    .optional()?,
            );
            for code in &codes {
                self.touch(code);
            }
        } else if def.kind == EntityKind::Region && super::derive::region_matters(before, after) {
            // A region's level decides whom `z()` standardises it among: the formulas
            // with `z()` are computed again (and what reads them).
            for code in super::derive::standardising(&self.tx)? {
                self.touch(&code);
            }
        }
        Ok(())
    }

    /// Notes that this action changed observations of the indicator `code` without logging
    /// them one by one (an import's bulk writes).
    pub fn touch(&self, code: &str) {
        let mut touched = self.touched.borrow_mut();
        if !touched.contains(code) {
            touched.insert(code.to_owned());
        }
    }

    /// Logs a change of an observation (made by the caller through
    /// [`super::observations`]).
    pub fn log_observation(&self, before: Option<&Row>, after: Option<&Row>) -> Result<()> {
        let key = before
            .or(after)
            .and_then(|row| row.get("key"))
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned();
        self.log(&crate::model::meta::OBSERVATION, &key, before, after)
    }

    /// Counts changes the caller made without logging them one by one (observations an
    /// import inserted, recorded through its `import` row), so the action is kept.
    pub fn count_bulk_changes(&self, changes: usize) {
        self.changes.set(self.changes.get() + changes);
    }

    /// Runs `f` as a savepoint inside the action: an error undoes what `f` wrote (and its
    /// log) and is returned, the action goes on.
    pub fn savepoint<T>(&self, f: impl FnOnce(&Self) -> Result<T>) -> Result<T> {
        let changes = self.changes.get();
        self.tx.execute_batch("SAVEPOINT row;")?;
        match f(self) {
            Ok(value) => {
                self.tx.execute_batch("RELEASE row;")?;
                Ok(value)
            }
            Err(error) => {
                self.tx.execute_batch("ROLLBACK TO row; RELEASE row;")?;
                self.changes.set(changes);
                Err(error)
            }
        }
    }

    /// Inserts an entity.
    pub fn insert<T: Entity>(&self, entity: &T) -> Result<()> {
        let row = to_row(entity)?;
        self.insert_row(T::def(), &row)
    }

    /// Inserts an entity from its row object.
    pub fn insert_row(&self, def: &EntityDef, row: &Row) -> Result<()> {
        let key = entity::key_of(def, row)?;
        entity::insert(&self.tx, def, row)?;
        // Log the row as stored, so that undo restores exactly it.
        let stored = entity::read(&self.tx, def, &key)?.unwrap_or_else(|| row.clone());
        self.log(def, &key, None, Some(&stored))
    }

    /// Writes every field of an entity; logs the fields that changed. Returns whether any did.
    pub fn update<T: Entity>(&self, entity: &T) -> Result<bool> {
        let row = to_row(entity)?;
        let key = entity::key_of(T::def(), &row)?;
        self.update_fields(T::def(), &key, &row)
    }

    /// Sets some fields of an entity (the others stay); logs those that changed. Returns
    /// whether any did.
    pub fn update_fields(&self, def: &EntityDef, key: &str, fields: &Row) -> Result<bool> {
        let Some(current) = entity::read(&self.tx, def, key)? else {
            return Err(StoreError::NotFoundEntity {
                kind: def.kind.code(),
                key: key.to_owned(),
            });
        };
        let mut before = Map::new();
        let mut after = Map::new();
        for field in def.fields {
            if let Some(new) = fields.get(field.name) {
                let old = current.get(field.name).unwrap_or(&Json::Null);
                if !same_value(old, new) {
                    before.insert(field.name.to_owned(), old.clone());
                    after.insert(field.name.to_owned(), new.clone());
                }
            }
        }
        if after.is_empty() {
            return Ok(false);
        }
        entity::update(&self.tx, def, key, &after)?;
        self.log(def, key, Some(&before), Some(&after))?;
        // An indicator no longer computed loses its computed values (they were derived).
        let formula = |row: &Row| row.get("formula").and_then(Json::as_str).map(str::to_owned);
        if def.kind == EntityKind::Indicator
            && formula(&before).is_some_and(|f| !f.is_empty())
            && formula(&after).is_some_and(|f| f.is_empty())
            && let Some(id) = entity::id_of(&self.tx, def.kind, key)?
        {
            super::derive::clear(&self.tx, id)?;
        }
        Ok(true)
    }

    /// Deletes an entity and everything that belongs to it: rows that must refer to it
    /// (memberships, links, milestones, targets) are deleted, optional references to it
    /// are cleared; each of these is logged, so undo restores all of it.
    pub fn delete(&self, kind: EntityKind, key: &str) -> Result<()> {
        let def = kind.def();
        let Some(before) = entity::read(&self.tx, def, key)? else {
            return Err(StoreError::NotFoundEntity {
                kind: kind.code(),
                key: key.to_owned(),
            });
        };
        if matches!(
            kind,
            EntityKind::Indicator | EntityKind::Region | EntityKind::Period
        ) && let Some(id) = entity::id_of(&self.tx, kind, key)?
        {
            let column = match kind {
                EntityKind::Indicator => "indicator_id",
                EntityKind::Region => "region_id",
                _ => "period_id",
            };
            // A computed indicator's values are derived: they go with it (undoing the
            // deletion computes them again).
            if kind == EntityKind::Indicator
                && before
                    .get("formula")
                    .and_then(Json::as_str)
                    .is_some_and(|f| !f.is_empty())
            {
                super::derive::clear(&self.tx, id)?;
            }
            let has_data: bool = self.tx.query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM observation WHERE {column} = ?1)"),
                [id],
                |row| row.get(0),
            )?;
            if has_data {
                return Err(StoreError::Invalid {
                    message: crate::t!("store.error.has_data", name = label_of(def, &before)),
                });
            }
        }
        for (dependent_kind, field, dependent_key) in entity::dependents(&self.tx, kind, key)? {
            if dependent_kind == kind && dependent_key == key {
                continue;
            }
            if is_owning(dependent_kind, field.name) {
                self.delete(dependent_kind, &dependent_key)?;
            } else {
                let mut fields = Map::new();
                fields.insert(field.name.to_owned(), Json::Null);
                self.update_fields(dependent_kind.def(), &dependent_key, &fields)?;
            }
        }
        entity::delete(&self.tx, def, key)?;
        self.log(def, key, Some(&before), None)
    }
}

/// Whether a reference makes the referring row part of the referred one (deleted with it)
/// rather than an optional link (cleared).
#[must_use]
pub fn is_owning(kind: EntityKind, field: &str) -> bool {
    use EntityKind as K;
    match kind {
        K::WorkingGroupMember
        | K::MeasurePartner
        | K::MeasureGoal
        | K::MeasureRegion
        | K::IndicatorGoal
        | K::IndicatorTarget
        | K::Milestone
        | K::RegionShape
        | K::ComparisonRegion
        | K::Slide
        | K::Idea
        | K::Vote => true,
        K::Goal | K::Region => field == "parent",
        _ => false,
    }
}

/// The name an entity goes by in the history.
#[must_use]
pub fn label_of(def: &EntityDef, row: &Row) -> String {
    match row.get(def.label_field).or_else(|| row.get(def.identity)) {
        Some(Json::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

#[allow(clippy::float_cmp)] // Exact on purpose: a stored number changed or it did not.
fn same_value(a: &Json, b: &Json) -> bool {
    match (a.as_f64(), b.as_f64()) {
        // Exact: a stored number either changed or it did not.
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
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
    /// (a dry run that checks an action without doing it).
    pub fn transact_with<T>(
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
            };
            let value = f(&mut action)?;
            let derived = if commit {
                // Computed indicators follow their inputs within the same action.
                let touched = action.touched.take();
                super::derive::refresh(&action, &touched)?
            } else {
                std::collections::BTreeMap::new()
            };
            let Tx { tx, changes, .. } = action;
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
}
