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

use serde::Serialize;

use super::entity::Row;
use crate::model::meta::EntityKind;

mod action;
mod history;
pub mod shelf;
mod undo;

pub use super::tx::{ActionKind, Tx, is_owning, label_of};

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
