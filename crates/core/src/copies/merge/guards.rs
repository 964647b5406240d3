//! What the merge refuses to apply although only the other copy made the change: a move
//! that with the target's own moves would close a cycle in a tree, and a deletion that
//! would undo what the target did since the copies parted. Each becomes a conflict in
//! words; the target's state is kept.

use rusqlite::Connection;

use super::nets::Nets;
use crate::model::meta::EntityKind;
use crate::store::changelog::label_of;
use crate::store::{Result, StoreError, entity};
use crate::t;

/// A move the other copy made that, with the target's own moves, would close a cycle in the
/// goal or region tree (A under B, B under A): refused, so the savepoint is rolled back and
/// the move is listed as a conflict naming the cycle; the target's tree is kept. Only the
/// way up from the moved row is walked, so a cycle elsewhere does not block the move.
pub(super) fn refuse_cycle(conn: &Connection, kind: EntityKind, key: &str) -> Result<()> {
    match crate::store::problems::cycle_through(conn, kind, key)? {
        Some(labels) => Err(StoreError::Invalid {
            message: t!("merge.cycle", cycle = labels.join(" > ")),
        }),
        None => Ok(()),
    }
}

/// The name of an entity the target changed since the copies parted that deleting `key`
/// would change too — a link to it cleared, or the entity deleted with it (a goal under a
/// deleted goal, a partner of a deleted stakeholder) — so that the deletion is a conflict
/// instead of silently undoing the target's work.
pub(super) fn changed_dependent(
    conn: &Connection,
    kind: EntityKind,
    key: &str,
    ours: &Nets,
) -> Result<Option<String>> {
    for (dependent, field, dependent_key) in entity::dependents(conn, kind, key)? {
        if dependent == kind && dependent_key == key {
            continue;
        }
        let owning = crate::store::changelog::is_owning(dependent, field.name);
        // A row deleted with it counts if the target changed it at all; a link that would
        // be cleared, if the target made that link.
        let now = entity::read(conn, dependent.def(), &dependent_key)?;
        let ours_too = ours
            .get(&(dependent, dependent_key.clone()))
            .zip(now.as_ref())
            .is_some_and(|(net, now)| {
                if owning {
                    net.changed_any(now)
                } else {
                    net.changed(field.name, now.get(field.name))
                }
            });
        if ours_too {
            let def = dependent.def();
            let name = entity::read(conn, def, &dependent_key)?
                .map(|row| label_of(conn, def, &row))
                .unwrap_or(dependent_key);
            return Ok(Some(name));
        }
        if owning && let Some(name) = changed_dependent(conn, dependent, &dependent_key, ours)? {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

/// Why a change of the other copy could not be applied, in words: a change that refers to
/// something the target does not have names it as the other copy knows it.
pub(super) fn why_not(other: &Connection, error: &StoreError) -> String {
    let StoreError::NotFoundEntity { kind, key } = error else {
        return error.to_string();
    };
    let Some(kind) = EntityKind::from_code(kind) else {
        return error.to_string();
    };
    let def = kind.def();
    let name = entity::read(other, def, key)
        .ok()
        .flatten()
        .map_or_else(|| key.clone(), |row| label_of(other, def, &row));
    t!("merge.refers_to_missing", name = name, kind = kind.label())
}
