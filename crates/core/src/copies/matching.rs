//! The same thing added on both sides: two colleagues import the same file, and each copy
//! creates region `05334` and indicator `PRS001` with a UUID of its own; both link the same
//! stakeholder to the same working group. Such rows are one by what the file keeps unique
//! (a region's key, an indicator's code, a link's two ends), so the merge matches the other
//! copy's row to the target's instead of adding a second one that the file refuses: the
//! other copy's UUID becomes an alias for the target's, everywhere the other's changes
//! refer to it.

use std::collections::HashMap;

use rusqlite::Connection;
use serde_json::Value as Json;

use crate::model::meta::{EntityDef, EntityKind};
use crate::store::{Result, entity};

/// The fields that identify a row of `kind` besides its UUID (the file keeps them unique).
fn natural(kind: EntityKind) -> &'static [&'static str] {
    use EntityKind as K;
    match kind {
        K::Region => &["key"],
        K::Indicator => &["code"],
        K::Mapping => &["name"],
        K::RegionShape | K::ComparisonRegion => &["region"],
        K::WorkingGroupMember => &["working_group", "stakeholder"],
        K::MeasurePartner => &["measure", "stakeholder"],
        K::MeasureGoal => &["measure", "goal"],
        K::MeasureRegion => &["measure", "region"],
        K::IndicatorGoal => &["indicator", "goal"],
        K::IndicatorTarget => &["indicator", "region", "period"],
        K::Vote => &["slide", "measure"],
        _ => &[],
    }
}

/// The other copy's UUIDs matched to the target's, and the target's rows by natural key.
#[derive(Default)]
pub(super) struct Matches {
    /// Other copy's UUID → the target's.
    aliases: HashMap<String, String>,
    /// Per kind, the target's rows by their natural fields' values.
    by_natural: HashMap<EntityKind, HashMap<Vec<Json>, String>>,
}

impl Matches {
    /// `value` with the other copy's UUID replaced by the target's it was matched to.
    pub(super) fn alias(&self, value: &Json) -> Json {
        match value.as_str().and_then(|uuid| self.aliases.get(uuid)) {
            Some(ours) => Json::from(ours.clone()),
            None => value.clone(),
        }
    }

    /// A row of the other copy with its references to matched rows replaced.
    pub(super) fn alias_row(&self, def: &EntityDef, row: &entity::Row) -> entity::Row {
        let mut row = row.clone();
        for field in def.fields {
            if let Some(value) = row.get_mut(field.name) {
                *value = self.alias(value);
            }
        }
        row
    }

    /// The key of the target's row that is the same as `row` (which the other copy added)
    /// by its natural fields, remembered as an alias; `None` when there is none — or when
    /// the other copy has that very row under other natural fields (it renamed it, and then
    /// made `row` under the old name: two rows, not one).
    pub(super) fn find(
        &mut self,
        (target, other): (&Connection, &Connection),
        def: &EntityDef,
        key: &str,
        row: &entity::Row,
    ) -> Result<Option<String>> {
        let fields = natural(def.kind);
        if fields.is_empty() {
            return Ok(None);
        }
        if let std::collections::hash_map::Entry::Vacant(entry) = self.by_natural.entry(def.kind) {
            let mut rows = HashMap::new();
            for ours in entity::read_all(target, def)? {
                let values = fields
                    .iter()
                    .map(|f| ours.get(*f).cloned().unwrap_or(Json::Null));
                rows.insert(values.collect(), entity::key_of(def, &ours)?);
            }
            entry.insert(rows);
        }
        let row = self.alias_row(def, row);
        let values: Vec<Json> = fields
            .iter()
            .map(|f| row.get(*f).cloned().unwrap_or(Json::Null))
            .collect();
        let mut found = self
            .by_natural
            .get(&def.kind)
            .and_then(|rows| rows.get(&values))
            .cloned();
        if let Some(ours) = &found
            && let Some(theirs) = entity::read(other, def, ours)?
        {
            let theirs = self.alias_row(def, &theirs);
            if fields.iter().any(|f| {
                theirs.get(*f).unwrap_or(&Json::Null) != row.get(*f).unwrap_or(&Json::Null)
            }) {
                found = None;
            }
        }
        if let Some(ours) = &found {
            self.aliases.insert(key.to_owned(), ours.clone());
        }
        Ok(found)
    }
}
