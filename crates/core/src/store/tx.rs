//! The running action, [`Tx`], and what kind of action it is ([`ActionKind`]): every
//! insert, update and delete goes through it and is logged as a change (before and after).
//! It records what the action touched — how many changes, which kinds of entity, which
//! indicators' values it wrote in bulk, which goals and regions it gave a parent — and
//! nothing else: what must follow from the changes before the action commits (formulas
//! computed again, trees checked) is decided from that record and the action's change
//! rows where the action commits (`changelog::action`).

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

use rusqlite::{Connection, params};
use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::entity::{self, Entity, Row, to_row};
use super::{Result, StoreError, observations};
use crate::model::meta::{EntityDef, EntityKind, FieldType};

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

    pub(super) fn from_code(code: &str) -> Option<Self> {
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
    pub(super) fn is_undoable(self) -> bool {
        matches!(
            self,
            ActionKind::Edit | ActionKind::Import | ActionKind::Merge
        )
    }
}

/// A running action: every write goes through it and is logged.
#[allow(clippy::struct_field_names)] // `tx.tx` reads well enough where it is used.
pub struct Tx<'a> {
    pub(super) tx: rusqlite::Transaction<'a>,
    pub(super) action_id: i64,
    /// How many changes the action made (logged, or written in bulk and counted).
    pub(super) changes: Cell<usize>,
    /// The kinds of entity whose changes it logged.
    pub(super) kinds: RefCell<BTreeSet<EntityKind>>,
    /// The indicators whose observations it wrote in bulk, without logging them one by one
    /// (their codes).
    pub(super) touched: RefCell<BTreeSet<String>>,
    /// The goals and regions it gave a parent (their keys).
    pub(super) moved: RefCell<Vec<(EntityKind, String)>>,
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

    /// Writes the change row of one entity's change and records what it touched.
    pub(super) fn log(
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
        if matches!(def.kind, EntityKind::Goal | EntityKind::Region)
            && after.is_some_and(|row| row.get("parent").is_some_and(|p| !p.is_null()))
        {
            self.moved.borrow_mut().push((def.kind, key.to_owned()));
        }
        self.kinds.borrow_mut().insert(def.kind);
        Ok(())
    }

    /// Notes that this action changed observations of the indicator `code` without logging
    /// them one by one (an import's bulk writes, an undo's shelf).
    pub fn touch(&self, code: &str) {
        let mut touched = self.touched.borrow_mut();
        if !touched.contains(code) {
            touched.insert(code.to_owned());
        }
    }

    /// Whether this action logged a change of an entity of `kind`.
    #[must_use]
    pub fn logged(&self, kind: EntityKind) -> bool {
        self.kinds.borrow().contains(&kind)
    }

    /// The indicators whose observations this action wrote in bulk (their codes).
    #[must_use]
    pub fn touched_in_bulk(&self) -> BTreeSet<String> {
        self.touched.borrow().clone()
    }

    /// Logs a change of an observation (made by the caller through [`observations`]).
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
        // Control characters a field does not take are cleaned on the way in, whatever
        // path the row came by (see `model::validate::clean_text`).
        let cleaned = crate::model::validate::clean_row(row);
        let row = cleaned.as_ref().unwrap_or(row);
        refuse_too_long(def, row)?;
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
        // Cleaned before comparing, so a text that differs only by a control character
        // the field does not take is unchanged.
        let cleaned = crate::model::validate::clean_row(fields);
        let fields = cleaned.as_ref().unwrap_or(fields);
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
        refuse_too_long(def, &after)?;
        entity::update(&self.tx, def, key, &after)?;
        self.log(def, key, Some(&before), Some(&after))?;
        if def.kind == EntityKind::Indicator {
            self.keep_values_apart_from_formulas(key, &before, &after)?;
        }
        Ok(true)
    }

    /// An indicator either has values of its own (imported or typed in) or a formula whose
    /// values are derived. One given a formula while it has values of its own is refused —
    /// the formula would replace them without a trace, and undo could not bring them back;
    /// one whose formula is taken away loses the values computed from it. (`before` and
    /// `after` hold the fields that changed.)
    fn keep_values_apart_from_formulas(&self, key: &str, before: &Row, after: &Row) -> Result<()> {
        let formula = |row: &Row| row.get("formula").and_then(Json::as_str).map(str::to_owned);
        let (Some(was), Some(is)) = (formula(before), formula(after)) else {
            return Ok(());
        };
        let Some(id) = entity::id_of(&self.tx, EntityKind::Indicator, key)? else {
            return Ok(());
        };
        if was.trim().is_empty() && !is.trim().is_empty() {
            let own: i64 = self.tx.query_row(
                "SELECT count(*) FROM observation WHERE indicator_id = ?1",
                [id],
                |row| row.get(0),
            )?;
            if own > 0 {
                let code: String =
                    self.tx
                        .query_row("SELECT code FROM indicator WHERE id = ?1", [id], |row| {
                            row.get(0)
                        })?;
                return Err(StoreError::Invalid {
                    message: crate::t!(
                        "derive.own_values",
                        code = code,
                        count = crate::i18n::format_int(own)
                    ),
                });
            }
        }
        if !was.is_empty() && is.is_empty() {
            observations::clear_indicator(&self.tx, id)?;
        }
        Ok(())
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
                observations::clear_indicator(&self.tx, id)?;
            }
            let has_data: bool = self.tx.query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM observation WHERE {column} = ?1)"),
                [id],
                |row| row.get(0),
            )?;
            if has_data {
                return Err(StoreError::Invalid {
                    message: crate::t!(
                        "store.error.has_data",
                        name = label_of(&self.tx, def, &before)
                    ),
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

/// The name an entity goes by in the history, a comparison or a merge. One named by what it
/// refers to (a region's boundary by its region) goes by that entity's name, read in
/// `conn`, while it is there.
#[must_use]
pub fn label_of(conn: &Connection, def: &EntityDef, row: &Row) -> String {
    let referred = def
        .fields
        .iter()
        .find(|field| field.name == def.label_field)
        .and_then(|field| match field.ty {
            FieldType::Ref(kind) => Some(kind),
            _ => None,
        });
    if let Some(kind) = referred
        && let Some(Json::String(key)) = row.get(def.label_field)
        && let Ok(Some(referred_row)) = entity::read(conn, kind.def(), key)
    {
        return label_of(conn, kind.def(), &referred_row);
    }
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

/// A text longer than its field's limit (see [`crate::model::validate::text_limit`]) is
/// refused, naming the field, whatever path it came by.
fn refuse_too_long(def: &EntityDef, row: &Row) -> Result<()> {
    match crate::model::validate::too_long(row) {
        Some((field, chars, limit)) => Err(StoreError::Invalid {
            message: crate::t!(
                "store.error.too_long",
                kind = def.table,
                field = field,
                chars = crate::i18n::format_int(chars as i64),
                limit = crate::i18n::format_int(limit as i64)
            ),
        }),
        None => Ok(()),
    }
}
