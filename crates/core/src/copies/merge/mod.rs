//! A three-way merge of two copies of one project.
//!
//! Both copies keep a change log whose actions carry UUIDs. The actions both logs hold are
//! the common past; what each copy did since is its log's other actions. For every entity
//! (and data value) the other copy changed since, the merge compares the two copies as
//! they are now:
//!
//! - a field only the other copy changed is applied to the target;
//! - a field only the target changed stays (it is *kept*);
//! - a field both changed to different values is a *conflict*: listed with the common
//!   value (`base`), the target's (`ours`) and the other's (`theirs`), and not applied —
//!   unless the caller resolves it for theirs;
//! - an entity only the other added is added (entities added on both sides have different
//!   UUIDs and are both kept); one the other deleted is deleted unless the target changed
//!   it (then a conflict);
//! - data values are matched by indicator × region × period × breakdown, and what a value
//!   refers to (period, breakdown, symbol) is brought along (`references`);
//! - a move that would close a cycle with the target's own moves, and a deletion that would
//!   undo what the target did to something referring to it, are conflicts (`guards`);
//! - a change of an indicator that would leave formulas reading each other in a circle, or
//!   reading a code the target does not have, is a conflict; a code the other copy renamed
//!   is renamed in the target's formulas too;
//! - an indicator whose unit (or whether it counts) is in conflict keeps the other copy's
//!   values out until that is resolved for theirs (a [`VALUES`] conflict says how many);
//! - the values the other copy's imports wrote come across as an import of the merge
//!   (`bulk`), not one change-log row each;
//! - goals and regions the other copy added are inserted parents first.
//!
//! The merge is one action of kind `merge`: one transaction, one undo step. A dry run
//! works out the same report and rolls everything back.

mod bulk;
mod guards;
mod named;
mod nets;
mod pass;
mod values;

pub use pass::merge;

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value as Json;

use super::diff::EntityRef;

/// Which side a conflict is resolved for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Keep the target's value (what an unresolved conflict does too).
    Ours,
    /// Apply the other copy's value.
    Theirs,
}

/// A conflict's address: entity kind (table), key, field.
pub type ConflictKey = (String, String, String);

/// How to merge.
#[derive(Clone, Debug, Default)]
pub struct MergeOptions {
    /// Work out the report and roll everything back: the target stays unchanged.
    pub dry_run: bool,
    /// Conflicts to resolve; any other conflict keeps the target's value.
    pub resolutions: HashMap<ConflictKey, Side>,
    /// Where to count the data values compared, and the user's cancel (the merge then
    /// rolls back: nothing is written).
    pub progress: Option<std::sync::Arc<crate::progress::Progress>>,
}

/// What happened to one entity or field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Item {
    /// The entity it happened to.
    pub entity: EntityRef,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// The field, for `changed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The field's value now, for `changed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Json>,
}

/// The same field changed to different values on both sides.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    /// The entity both sides changed.
    pub entity: EntityRef,
    /// The field's name; "(deleted)" when one side deleted the entity the other changed,
    /// `value` for a data value.
    pub field: String,
    /// The common value before either side changed it (null for a data value).
    pub base: Json,
    /// The target's value now.
    pub ours: Json,
    /// The other copy's value now.
    pub theirs: Json,
}

impl Item {
    /// What happened, in words: "added" or "removed", or for a changed field its label and
    /// the value as a person reads it (codes as their labels).
    #[must_use]
    pub fn what(&self) -> String {
        match &self.field {
            None => crate::i18n::tr(&format!("cli.merge.{}", self.change)).to_owned(),
            Some(field) => {
                let label = crate::model::meta::field_label(field);
                match &self.value {
                    Some(value) => format!(
                        "{label} = {}",
                        crate::model::meta::value_text(self.entity.kind, field, value)
                    ),
                    None => label.to_owned(),
                }
            }
        }
    }
}

impl Conflict {
    /// The field's label.
    #[must_use]
    pub fn field_label(&self) -> &'static str {
        crate::model::meta::field_label(&self.field)
    }

    /// Base, ours and theirs as a person reads them (codes as their labels).
    #[must_use]
    pub fn value_texts(&self) -> [String; 3] {
        [&self.base, &self.ours, &self.theirs]
            .map(|value| crate::model::meta::value_text(self.entity.kind, &self.field, value))
    }

    /// What identifies the conflict, for the user's choice.
    #[must_use]
    pub fn key(&self) -> ConflictKey {
        (
            self.entity.kind.to_owned(),
            self.entity.key.clone(),
            self.field.clone(),
        )
    }
}

/// What a merge did (or, in a dry run, would do).
#[derive(Clone, Debug, Default, Serialize)]
pub struct MergeReport {
    /// Whether this was a dry run (nothing written).
    pub dry_run: bool,
    /// Actions both logs hold, and those only the target or only the other has.
    pub common_actions: usize,
    /// Actions only the target's log holds.
    pub our_actions: usize,
    /// Actions only the other copy's log holds.
    pub their_actions: usize,
    /// The other's changes brought into the target.
    pub applied: Vec<Item>,
    /// The target's own changes, left as they are.
    pub kept: Vec<Item>,
    /// Not applied: changed differently on both sides.
    pub conflicts: Vec<Conflict>,
    /// Data values brought in.
    pub observations_applied: u64,
}

/// The field of the conflict that holds an indicator's values back.
pub const VALUES: &str = "values";

#[cfg(test)]
mod tests {
    use super::*;

    fn stakeholder() -> EntityRef {
        EntityRef {
            kind: "stakeholder",
            key: "01941f29-7c0c-768a-886a-9513d69940c6".to_owned(),
            name: "Volkshochschule".to_owned(),
        }
    }

    /// A coded field reads as its label in both languages, never as the stored code.
    #[test]
    fn merged_values_read_as_labels() {
        for lang in crate::i18n::Lang::ALL {
            crate::i18n::set_thread_lang(lang);
            let item = Item {
                entity: stakeholder(),
                change: "changed",
                field: Some("kind".to_owned()),
                value: Some(Json::from("adult_education")),
            };
            let label = crate::model::StakeholderKind::AdultEducation.label();
            assert!(item.what().ends_with(label), "{lang:?}: {}", item.what());
            assert!(!item.what().contains("adult_education"));
            let conflict = Conflict {
                entity: stakeholder(),
                field: "engagement".to_owned(),
                base: Json::from("inform"),
                ours: Json::from("involve"),
                theirs: Json::Null,
            };
            let [base, ours, theirs] = conflict.value_texts();
            assert_eq!(base, crate::model::Engagement::Inform.label());
            assert_eq!(ours, crate::model::Engagement::Involve.label());
            assert_eq!(theirs, "–");
        }
    }
}
