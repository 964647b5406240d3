//! The history view's details: the selected action's changes in words ("Interesse von
//! Jugendamt: 3 -> 5"), read from the change log when the selection changes, never while
//! drawing.

use serde_json::Value as Json;

use lernstadt_core::model::meta::{field_label, value_text};
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::store::{Change, Result, Store};
use lernstadt_core::t;

/// The most lines the details show.
const LINES: usize = 1000;

/// The lines the details show for an action: how many values an undo or redo moved in bulk,
/// then each change, at most [`LINES`] (each change gives at least one, so no more changes
/// are read than that).
pub(super) fn details(store: &Store, action: i64, data: &Snapshot) -> Result<Vec<String>> {
    // Values an undo or redo of an import moved in bulk are not in the log one by one: a
    // line says how many.
    let moved = lernstadt_core::store::shelf::moved(store.conn(), action)?.map(|(out, count)| {
        let count = lernstadt_core::i18n::format_int(count);
        if out {
            t!("history.shelved", count = count)
        } else {
            t!("history.unshelved", count = count)
        }
    });
    Ok(moved
        .into_iter()
        .chain(
            store
                .first_changes_of(action, LINES)?
                .iter()
                .flat_map(|change| describe(store.conn(), change, data)),
        )
        .take(LINES)
        .collect())
}

/// One change in words: created, deleted, or each changed field "Field of Name: a -> b".
fn describe(conn: &rusqlite::Connection, change: &Change, data: &Snapshot) -> Vec<String> {
    let def = change.entity_kind.def();
    let row_label = |row: &lernstadt_core::store::entity::Row| {
        lernstadt_core::store::changelog::label_of(conn, def, row)
    };
    let name = data
        .name_of(change.entity_kind, &change.entity_key)
        .map(str::to_owned)
        .or_else(|| change.before.as_ref().map(row_label))
        .or_else(|| change.after.as_ref().map(row_label))
        .unwrap_or_else(|| change.entity_key.clone());
    let kind = change.entity_kind.label();
    match (&change.before, &change.after) {
        (None, _) => vec![t!("history.created", kind = kind, name = name)],
        (_, None) => vec![t!("history.deleted", kind = kind, name = name)],
        (Some(before), Some(after)) => after
            .iter()
            .map(|(field, value)| {
                t!(
                    "edit.field_changed",
                    field = field_label(field),
                    name = name,
                    before = value_text(def.table, field, before.get(field).unwrap_or(&Json::Null)),
                    after = value_text(def.table, field, value)
                )
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lernstadt_core::model::{Region, RegionLevel, RegionShape, new_uuid};
    use lernstadt_core::store::ActionKind;

    #[test]
    fn a_boundary_is_named_by_its_region() {
        let mut store = Store::in_memory("Teststadt").unwrap();
        let region = Region {
            uuid: new_uuid(),
            key: "01".to_owned(),
            name: "Altstadt".to_owned(),
            level: RegionLevel::District,
            parent: None,
        };
        store
            .transact(ActionKind::Edit, "region", |tx| tx.insert(&region))
            .unwrap();
        store
            .transact(ActionKind::Import, "boundaries", |tx| {
                tx.insert(&RegionShape {
                    uuid: new_uuid(),
                    region: region.uuid,
                    geometry: r#"{"type":"MultiPolygon","coordinates":[]}"#.to_owned(),
                })
            })
            .unwrap();
        let mut data = Snapshot::default();
        data.refresh(&store).unwrap();
        let action = store.history(1).unwrap().remove(0).id;
        let lines = details(&store, action, &data).unwrap();
        assert_eq!(lines.len(), 1);
        assert!(lines[0].contains("Altstadt"), "{lines:?}");
        assert!(!lines[0].contains(&region.uuid.to_string()), "{lines:?}");
    }
}
