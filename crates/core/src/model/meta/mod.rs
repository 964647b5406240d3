//! What the store needs to know about each kind of entity: its table, its identity and its
//! fields. One table of facts drives the change log, undo and redo, and (later) comparing,
//! merging and sharing copies without personal data.

use serde::{Deserialize, Serialize};

pub use defs::{
    ALL, COMPARISON_REGION, GOAL, IDEA, INDICATOR, INDICATOR_GOAL, INDICATOR_TARGET, MAPPING,
    MEASURE, MEASURE_GOAL, MEASURE_PARTNER, MEASURE_REGION, MILESTONE, OBSERVATION, PERIOD,
    PRESENTATION, PROJECT, REGION, REGION_SHAPE, SLIDE, STAKEHOLDER, VOTE, WORKING_GROUP,
    WORKING_GROUP_MEMBER,
};
pub use words::{describe_update, field_label, value_text};

/// Every kind of entity the change log records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// The project ([`super::Project`]).
    Project,
    /// A region ([`super::Region`]).
    Region,
    /// A stakeholder ([`super::Stakeholder`]).
    Stakeholder,
    /// A working group ([`super::WorkingGroup`]).
    WorkingGroup,
    /// A stakeholder's membership in a working group ([`super::WorkingGroupMember`]).
    WorkingGroupMember,
    /// A goal ([`super::Goal`]).
    Goal,
    /// A measure ([`super::Measure`]).
    Measure,
    /// A measure's milestone ([`super::Milestone`]); its code is `measure_milestone`.
    Milestone,
    /// A partner stakeholder of a measure ([`super::MeasurePartner`]).
    MeasurePartner,
    /// A goal a measure serves ([`super::MeasureGoal`]).
    MeasureGoal,
    /// A region a measure works in ([`super::MeasureRegion`]).
    MeasureRegion,
    /// A period ([`super::Period`]), identified by its code.
    Period,
    /// An indicator ([`super::Indicator`]).
    Indicator,
    /// A goal an indicator measures ([`super::IndicatorGoal`]).
    IndicatorGoal,
    /// A target value of an indicator ([`super::IndicatorTarget`]).
    IndicatorTarget,
    /// A region's boundary ([`super::RegionShape`]).
    RegionShape,
    /// A region the project compares my region with ([`super::ComparisonRegion`]).
    ComparisonRegion,
    /// A presentation ([`super::Presentation`]).
    Presentation,
    /// A slide ([`super::Slide`]).
    Slide,
    /// An idea typed on an ideas slide ([`super::Idea`]).
    Idea,
    /// Dots given to a measure on a vote slide ([`super::Vote`]).
    Vote,
    /// A saved set of column roles for a kind of file ([`super::Mapping`]).
    Mapping,
    /// A data value; not in [`ALL`]: written in bulk, logged by the observation module.
    Observation,
}

/// How a field is stored and how it appears in the change log's JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// Text; JSON string or null.
    Text,
    /// Integer; JSON number or null.
    Int,
    /// Real number; JSON number or null.
    Real,
    /// 0/1 in the file; JSON boolean.
    Bool,
    /// A JSON array kept as JSON text in the file.
    List,
    /// A reference to another entity: its integer id in the file, its identity (UUID or
    /// natural key) in JSON. The column is the field name followed by `_id`.
    Ref(EntityKind),
}

/// The codes a text (or list) field may hold, and where their labels are.
#[derive(Clone, Copy, Debug)]
pub struct Codes {
    /// The prefix of the codes' label keys (`stakeholder_kind` → `stakeholder_kind.school`).
    pub prefix: &'static str,
    /// Every code, in display order.
    pub all: fn() -> Vec<&'static str>,
}

impl Codes {
    /// A code's label in the current language (the code itself where there is none).
    #[must_use]
    pub fn label<'a>(&self, code: &'a str) -> &'a str {
        crate::i18n::lookup(&format!("{}.{code}", self.prefix)).unwrap_or(code)
    }
}

/// The codes of the languages a project can default to.
fn language_codes() -> Vec<&'static str> {
    crate::i18n::Lang::ALL.iter().map(|l| l.code()).collect()
}

/// One field of an entity.
#[derive(Clone, Copy, Debug)]
pub struct FieldDef {
    /// The field's name in the model struct and the change log's JSON; also its column,
    /// but for a [`FieldType::Ref`] (see [`FieldDef::column`]).
    pub name: &'static str,
    /// How it is stored and how it appears in the change log.
    pub ty: FieldType,
    /// Data about a person: hidden in presentations, removed from copies shared without
    /// personal data.
    pub personal: bool,
    /// For a field holding codes: which, and their labels.
    pub codes: Option<Codes>,
}

impl FieldDef {
    /// The column that holds the field.
    #[must_use]
    pub fn column(&self) -> String {
        match self.ty {
            FieldType::Ref(_) => format!("{}_id", self.name),
            _ => self.name.to_owned(),
        }
    }
}

/// An entity kind's table and fields.
#[derive(Debug)]
pub struct EntityDef {
    /// The kind it defines.
    pub kind: EntityKind,
    /// The table in the project file; also the kind's code in the change log.
    pub table: &'static str,
    /// The column that identifies a row across copies: `uuid` or a natural key.
    pub identity: &'static str,
    /// Every field but the identity.
    pub fields: &'static [FieldDef],
    /// The field that names an entity in the history (`name` or `title`, …).
    pub label_field: &'static str,
}

const fn f(name: &'static str, ty: FieldType) -> FieldDef {
    FieldDef {
        name,
        ty,
        personal: false,
        codes: None,
    }
}

/// A field holding the codes of a `code_enum!` enumeration (a list of them for `List`).
macro_rules! coded {
    ($name:literal, $ty:expr, $enum:ty) => {
        FieldDef {
            name: $name,
            ty: $ty,
            personal: false,
            codes: Some(Codes {
                prefix: <$enum>::PREFIX,
                all: <$enum>::codes,
            }),
        }
    };
}

const fn personal(name: &'static str) -> FieldDef {
    FieldDef {
        name,
        ty: FieldType::Text,
        personal: true,
        codes: None,
    }
}

// After `coded!`, which the definitions use.
mod defs;
mod words;

impl EntityKind {
    /// The definition of this kind.
    #[must_use]
    pub fn def(self) -> &'static EntityDef {
        if self == EntityKind::Observation {
            return &OBSERVATION;
        }
        ALL.iter()
            .find(|def| def.kind == self)
            .copied()
            .expect("every entity kind has a definition in ALL")
    }

    /// The code written in the change log.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.def().table
    }

    /// The kind for a change-log code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        if code == OBSERVATION.table {
            return Some(EntityKind::Observation);
        }
        ALL.iter().find(|def| def.table == code).map(|def| def.kind)
    }

    /// The label in the current language.
    #[must_use]
    pub fn label(self) -> &'static str {
        crate::i18n::tr(&format!("entity.{}", self.code()))
    }
}

/// The fields of every kind that hold personal data, as `(table, column)`.
#[must_use]
pub fn personal_columns() -> Vec<(&'static str, &'static str)> {
    ALL.iter()
        .flat_map(|def| {
            def.fields
                .iter()
                .filter(|field| field.personal)
                .map(|field| (def.table, field.name))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_definition() {
        for def in ALL {
            assert_eq!(def.kind.def().table, def.table);
            assert_eq!(EntityKind::from_code(def.table), Some(def.kind));
        }
    }

    #[test]
    fn personal_fields_are_the_contact_fields() {
        assert_eq!(
            personal_columns(),
            vec![
                ("stakeholder", "contact_person"),
                ("stakeholder", "email"),
                ("stakeholder", "phone")
            ]
        );
    }

    #[test]
    fn model_structs_serialise_to_the_defined_fields() {
        let stakeholder = crate::model::Stakeholder {
            uuid: crate::model::new_uuid(),
            name: "VHS".into(),
            kind: crate::model::StakeholderKind::AdultEducation,
            education_areas: vec![],
            description: String::new(),
            influence: 3,
            interest: 4,
            engagement: crate::model::Engagement::Involve,
            tags: vec![],
            contact_person: String::new(),
            email: String::new(),
            phone: String::new(),
        };
        let json = serde_json::to_value(&stakeholder).unwrap();
        let object = json.as_object().unwrap();
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut expected: Vec<&str> = STAKEHOLDER.fields.iter().map(|f| f.name).collect();
        expected.push("uuid");
        expected.sort_unstable();
        assert_eq!(keys, expected);
    }
}
