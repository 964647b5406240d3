//! Exchanging projects by e-mail: a compact copy to send (without personal data if asked),
//! comparing two copies, and merging a colleague's copy into one's own.

mod absorbed;
mod contacts;
pub mod diff;
mod matching;
pub mod merge;
mod references;
pub mod share;
mod staging;

use std::path::Path;

use crate::store::{OpenMode, Result, Store};

/// How a file relates to another copy of the same project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Relation {
    /// Both files hold the same actions: the same state of the project.
    Same,
    /// This file lacks `count` actions the other has, and has none it lacks.
    Older {
        /// Actions the other file has and this one lacks.
        count: usize,
    },
    /// This file has `count` actions the other lacks, and lacks none.
    Newer {
        /// Actions this file has and the other lacks.
        count: usize,
    },
    /// Each has actions the other lacks: a merge brings them together.
    Diverged {
        /// Actions only this file has.
        ours: usize,
        /// Actions only the other file has.
        theirs: usize,
    },
}

/// How `this` (open) relates to the copy at `other`, judged by their change logs: actions
/// a merge took in from the other copy count as seen.
pub fn relation(this: &Store, other: &Path) -> Result<Relation> {
    let other = Store::open(other, OpenMode::ReadOnly, this.host())?;
    let sides = absorbed::sides(this.conn(), other.conn())?;
    other.close()?;
    Ok(match (sides.ours.len(), sides.theirs.len()) {
        (0, 0) => Relation::Same,
        (0, count) => Relation::Older { count },
        (count, 0) => Relation::Newer { count },
        (ours, theirs) => Relation::Diverged { ours, theirs },
    })
}

/// The label of an entity kind named by its table (`stakeholder` → "Stakeholders").
#[must_use]
pub fn kind_label(table: &'static str) -> &'static str {
    crate::model::meta::EntityKind::from_code(table).map_or(table, |k| k.label())
}

/// Refuses another copy written by a newer Lernstadt: its tables may hold what this one
/// cannot read, so it is neither compared nor merged (the same message as opening it).
pub(crate) fn refuse_newer(other: &Store) -> Result<()> {
    match other.read_only() {
        Some(reason @ crate::store::ReadOnlyReason::Newer { .. }) => {
            Err(crate::store::StoreError::Invalid {
                message: reason.message(other.path().unwrap_or_else(|| Path::new(""))),
            })
        }
        _ => Ok(()),
    }
}
