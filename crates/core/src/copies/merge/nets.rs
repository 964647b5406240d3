//! The net effect of one side's actions since the copies parted: for each entity, whether
//! it existed before and each field's value before the side's first change.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::model::meta::EntityKind;
use crate::store::{Result, Store, entity};

/// The net effect of one side's actions on one entity.
#[derive(Debug, Default)]
pub(super) struct Net {
    /// Whether it existed before the side's first change.
    pub(super) existed: bool,
    /// Each field the side changed, with its value before (the common value).
    pub(super) fields: BTreeMap<String, Json>,
    /// For a data value: the whole row before the side's first change (`None` when the side
    /// added it).
    pub(super) first: Option<entity::Row>,
}

pub(super) type Nets = BTreeMap<(EntityKind, String), Net>;

/// What `actions` of `store` did, entity by entity.
pub(super) fn nets(store: &Store, actions: &[i64]) -> Result<Nets> {
    let mut nets = Nets::new();
    for action in actions {
        for change in store.changes_of(*action)? {
            let net = nets
                .entry((change.entity_kind, change.entity_key.clone()))
                .or_insert_with(|| Net {
                    existed: change.before.is_some(),
                    fields: BTreeMap::new(),
                    first: if change.entity_kind == EntityKind::Observation {
                        change.before.clone()
                    } else {
                        None
                    },
                });
            if let (Some(before), Some(_)) = (&change.before, &change.after) {
                for (field, value) in before {
                    net.fields
                        .entry(field.clone())
                        .or_insert_with(|| value.clone());
                }
            }
        }
    }
    Ok(nets)
}

impl Net {
    /// Whether the side's field `field`, now `now`, differs from what it was before the
    /// side's first change (an edit undone, or changed and changed back, is no change).
    pub(super) fn changed(&self, field: &str, now: Option<&Json>) -> bool {
        !self.existed
            || self
                .fields
                .get(field)
                .is_some_and(|base| !crate::copies::diff::same(base, now.unwrap_or(&Json::Null)))
    }

    /// Whether any field of the entity, now `now`, differs from before the side's changes.
    pub(super) fn changed_any(&self, now: &entity::Row) -> bool {
        !self.existed
            || self.fields.iter().any(|(field, base)| {
                !crate::copies::diff::same(base, now.get(field).unwrap_or(&Json::Null))
            })
    }
}
