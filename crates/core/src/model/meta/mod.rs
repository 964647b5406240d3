//! What the store needs to know about each kind of entity: its table, its identity and its
//! fields. One table of facts drives the change log, undo and redo, and (later) comparing,
//! merging and sharing copies without personal data.

use serde::{Deserialize, Serialize};

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

use EntityKind as K;
use FieldType::{Bool, Int, List, Real, Ref, Text};

/// The project ([`super::Project`]): one row per file.
pub static PROJECT: EntityDef = EntityDef {
    kind: K::Project,
    table: "project",
    identity: "uuid",
    fields: &[
        f("name", Text),
        f("municipality", Text),
        f("region_key", Text),
        f("description", Text),
        FieldDef {
            name: "default_language",
            ty: Text,
            personal: false,
            codes: Some(Codes {
                prefix: "language",
                all: language_codes,
            }),
        },
        f("authors", Text),
        f("protect_min_count", Int),
        f("comparison_name", Text),
    ],
    label_field: "name",
};

/// Regions ([`super::Region`]).
pub static REGION: EntityDef = EntityDef {
    kind: K::Region,
    table: "region",
    identity: "uuid",
    fields: &[
        f("key", Text),
        f("name", Text),
        coded!("level", Text, crate::model::RegionLevel),
        f("parent", Ref(K::Region)),
    ],
    label_field: "name",
};

/// Stakeholders ([`super::Stakeholder`]); the contact fields are personal.
pub static STAKEHOLDER: EntityDef = EntityDef {
    kind: K::Stakeholder,
    table: "stakeholder",
    identity: "uuid",
    fields: &[
        f("name", Text),
        coded!("kind", Text, crate::model::StakeholderKind),
        coded!("education_areas", List, crate::model::EducationArea),
        f("description", Text),
        f("influence", Int),
        f("interest", Int),
        coded!("engagement", Text, crate::model::Engagement),
        f("tags", List),
        personal("contact_person"),
        personal("email"),
        personal("phone"),
    ],
    label_field: "name",
};

/// Working groups ([`super::WorkingGroup`]).
pub static WORKING_GROUP: EntityDef = EntityDef {
    kind: K::WorkingGroup,
    table: "working_group",
    identity: "uuid",
    fields: &[f("name", Text), f("purpose", Text)],
    label_field: "name",
};

/// Stakeholders' memberships in working groups ([`super::WorkingGroupMember`]).
pub static WORKING_GROUP_MEMBER: EntityDef = EntityDef {
    kind: K::WorkingGroupMember,
    table: "working_group_member",
    identity: "uuid",
    fields: &[
        f("working_group", Ref(K::WorkingGroup)),
        f("stakeholder", Ref(K::Stakeholder)),
        f("role", Text),
    ],
    label_field: "role",
};

/// Goals ([`super::Goal`]).
pub static GOAL: EntityDef = EntityDef {
    kind: K::Goal,
    table: "goal",
    identity: "uuid",
    fields: &[
        f("parent", Ref(K::Goal)),
        coded!("level", Text, crate::model::GoalLevel),
        f("position", Int),
        f("title", Text),
        f("description", Text),
        coded!("education_area", Text, crate::model::EducationArea),
        coded!("sdg_target", Text, crate::model::SdgTarget),
        coded!("priority", Text, crate::model::Priority),
        f("target_year", Int),
        f("owner_stakeholder", Ref(K::Stakeholder)),
    ],
    label_field: "title",
};

/// Measures ([`super::Measure`]).
pub static MEASURE: EntityDef = EntityDef {
    kind: K::Measure,
    table: "measure",
    identity: "uuid",
    fields: &[
        f("title", Text),
        f("description", Text),
        coded!("status", Text, crate::model::MeasureStage),
        f("start_date", Text),
        f("end_date", Text),
        f("budget_planned_eur", Real),
        f("budget_spent_eur", Real),
        f("funding_source", Text),
        f("lead_stakeholder", Ref(K::Stakeholder)),
        f("target_groups", List),
    ],
    label_field: "title",
};

/// Measures' milestones ([`super::Milestone`]), in the table `measure_milestone`.
pub static MILESTONE: EntityDef = EntityDef {
    kind: K::Milestone,
    table: "measure_milestone",
    identity: "uuid",
    fields: &[
        f("measure", Ref(K::Measure)),
        f("title", Text),
        f("due_date", Text),
        f("reached", Bool),
    ],
    label_field: "title",
};

/// Measures' partner stakeholders ([`super::MeasurePartner`]).
pub static MEASURE_PARTNER: EntityDef = EntityDef {
    kind: K::MeasurePartner,
    table: "measure_partner",
    identity: "uuid",
    fields: &[
        f("measure", Ref(K::Measure)),
        f("stakeholder", Ref(K::Stakeholder)),
        f("role", Text),
    ],
    label_field: "role",
};

/// The goals measures serve ([`super::MeasureGoal`]).
pub static MEASURE_GOAL: EntityDef = EntityDef {
    kind: K::MeasureGoal,
    table: "measure_goal",
    identity: "uuid",
    fields: &[f("measure", Ref(K::Measure)), f("goal", Ref(K::Goal))],
    label_field: "uuid",
};

/// The regions measures work in ([`super::MeasureRegion`]).
pub static MEASURE_REGION: EntityDef = EntityDef {
    kind: K::MeasureRegion,
    table: "measure_region",
    identity: "uuid",
    fields: &[f("measure", Ref(K::Measure)), f("region", Ref(K::Region))],
    label_field: "uuid",
};

/// Periods ([`super::Period`]): identified by their code, not a UUID.
pub static PERIOD: EntityDef = EntityDef {
    kind: K::Period,
    table: "period",
    identity: "code",
    fields: &[
        coded!("kind", Text, crate::model::PeriodKind),
        f("start_date", Text),
        f("end_date", Text),
    ],
    label_field: "code",
};

/// Indicators ([`super::Indicator`]).
pub static INDICATOR: EntityDef = EntityDef {
    kind: K::Indicator,
    table: "indicator",
    identity: "uuid",
    fields: &[
        f("code", Text),
        f("name", Text),
        f("definition", Text),
        f("unit", Text),
        f("decimals", Int),
        coded!("polarity", Text, crate::model::Polarity),
        f("band_low", Real),
        f("band_high", Real),
        f("source", Text),
        coded!("update_frequency", Text, crate::model::UpdateFrequency),
        f("baseline_period", Ref(K::Period)),
        f("baseline_value", Real),
        f("formula", Text),
        f("counts", Bool),
    ],
    label_field: "name",
};

/// The goals indicators measure ([`super::IndicatorGoal`]).
pub static INDICATOR_GOAL: EntityDef = EntityDef {
    kind: K::IndicatorGoal,
    table: "indicator_goal",
    identity: "uuid",
    fields: &[f("indicator", Ref(K::Indicator)), f("goal", Ref(K::Goal))],
    label_field: "uuid",
};

/// Indicators' target values ([`super::IndicatorTarget`]).
pub static INDICATOR_TARGET: EntityDef = EntityDef {
    kind: K::IndicatorTarget,
    table: "indicator_target",
    identity: "uuid",
    fields: &[
        f("indicator", Ref(K::Indicator)),
        f("region", Ref(K::Region)),
        f("period", Ref(K::Period)),
        f("value", Real),
    ],
    label_field: "uuid",
};

/// Regions' boundaries ([`super::RegionShape`]).
pub static REGION_SHAPE: EntityDef = EntityDef {
    kind: K::RegionShape,
    table: "region_shape",
    identity: "uuid",
    fields: &[f("region", Ref(K::Region)), f("geometry", Text)],
    label_field: "region",
};

/// Presentations ([`super::Presentation`]).
pub static PRESENTATION: EntityDef = EntityDef {
    kind: K::Presentation,
    table: "presentation",
    identity: "uuid",
    fields: &[f("title", Text)],
    label_field: "title",
};

/// Slides ([`super::Slide`]).
pub static SLIDE: EntityDef = EntityDef {
    kind: K::Slide,
    table: "slide",
    identity: "uuid",
    fields: &[
        f("presentation", Ref(K::Presentation)),
        f("position", Int),
        coded!("kind", Text, crate::model::SlideKind),
        f("title", Text),
        f("body", Text),
        f("settings", Text),
    ],
    label_field: "title",
};

/// Ideas typed on ideas slides ([`super::Idea`]).
pub static IDEA: EntityDef = EntityDef {
    kind: K::Idea,
    table: "idea",
    identity: "uuid",
    fields: &[
        f("slide", Ref(K::Slide)),
        f("position", Int),
        f("text", Text),
        f("dots", Int),
    ],
    label_field: "text",
};

/// Dots given to measures on vote slides ([`super::Vote`]).
pub static VOTE: EntityDef = EntityDef {
    kind: K::Vote,
    table: "vote",
    identity: "uuid",
    fields: &[
        f("slide", Ref(K::Slide)),
        f("measure", Ref(K::Measure)),
        f("dots", Int),
    ],
    label_field: "dots",
};

/// The project's comparison regions ([`super::ComparisonRegion`]).
pub static COMPARISON_REGION: EntityDef = EntityDef {
    kind: K::ComparisonRegion,
    table: "comparison_region",
    identity: "uuid",
    fields: &[f("region", Ref(K::Region)), f("position", Int)],
    label_field: "uuid",
};

/// Saved column roles ([`super::Mapping`]).
pub static MAPPING: EntityDef = EntityDef {
    kind: K::Mapping,
    table: "mapping",
    identity: "uuid",
    fields: &[f("name", Text), f("header", Text), f("roles", Text)],
    label_field: "name",
};

/// Every entity definition, parents before the entities that refer to them.
pub static ALL: &[&EntityDef] = &[
    &PROJECT,
    &REGION,
    &STAKEHOLDER,
    &WORKING_GROUP,
    &WORKING_GROUP_MEMBER,
    &GOAL,
    &MEASURE,
    &MILESTONE,
    &MEASURE_PARTNER,
    &MEASURE_GOAL,
    &MEASURE_REGION,
    &PERIOD,
    &INDICATOR,
    &INDICATOR_GOAL,
    &INDICATOR_TARGET,
    &REGION_SHAPE,
    &COMPARISON_REGION,
    &PRESENTATION,
    &SLIDE,
    &IDEA,
    &VOTE,
    &MAPPING,
];

/// Observations in the change log: identified by `indicator|region|period|breakdown`.
pub static OBSERVATION: EntityDef = EntityDef {
    kind: K::Observation,
    table: "observation",
    identity: "key",
    fields: &[
        f("value", Real),
        f("symbol", Text),
        f("quality", Text),
        f("note", Text),
    ],
    label_field: "key",
};

impl EntityKind {
    /// The definition of this kind.
    #[must_use]
    pub fn def(self) -> &'static EntityDef {
        if self == K::Observation {
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
            return Some(K::Observation);
        }
        ALL.iter().find(|def| def.table == code).map(|def| def.kind)
    }

    /// The label in the current language.
    #[must_use]
    pub fn label(self) -> &'static str {
        crate::i18n::tr(&format!("entity.{}", self.code()))
    }
}

/// A field's label in the current language.
#[must_use]
pub fn field_label(field: &str) -> &'static str {
    crate::i18n::tr(&format!("field.{field}"))
}

/// The readable name of a change: one field → "Field of Name: old → new", else "Name: n
/// fields changed".
pub fn describe_update<T: serde::Serialize>(
    table: &str,
    name: &str,
    before: &T,
    after: &T,
) -> String {
    let (Ok(serde_json::Value::Object(before)), Ok(serde_json::Value::Object(after))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return name.to_owned();
    };
    let changed: Vec<&String> = after
        .iter()
        .filter(|(field, value)| before.get(*field) != Some(value))
        .map(|(field, _)| field)
        .collect();
    let personal = |field: &str| {
        EntityKind::from_code(table).is_some_and(|kind| {
            kind.def()
                .fields
                .iter()
                .any(|f| f.name == field && f.personal)
        })
    };
    match changed.as_slice() {
        // Personal values stay out of the history's names (they travel with copies).
        [field] if personal(field) => crate::t!(
            "edit.personal_changed",
            field = field_label(field),
            name = name
        ),
        [field] => crate::t!(
            "edit.field_changed",
            field = field_label(field),
            name = name,
            before = value_text(
                table,
                field,
                before.get(*field).unwrap_or(&serde_json::Value::Null)
            ),
            after = value_text(table, field, &after[*field])
        ),
        _ => crate::t!("edit.fields_changed", name = name, count = changed.len()),
    }
}

/// A stored value as a person reads it: enumeration codes become their labels.
#[must_use]
pub fn value_text(table: &str, field: &str, value: &serde_json::Value) -> String {
    let codes = EntityKind::from_code(table)
        .and_then(|kind| kind.def().fields.iter().find(|f| f.name == field))
        .and_then(|f| f.codes);
    match (value, codes) {
        (serde_json::Value::Null, _) => "–".to_owned(),
        (serde_json::Value::String(code), Some(codes)) => codes.label(code).to_owned(),
        (serde_json::Value::String(text), None) => text.clone(),
        (serde_json::Value::Number(n), _) => n
            .as_f64()
            .map_or_else(|| n.to_string(), crate::i18n::format_number),
        (serde_json::Value::Bool(flag), _) => if *flag {
            crate::t!("form.yes")
        } else {
            crate::t!("form.no")
        }
        .to_owned(),
        // A data value in a merge: its number (or symbol) as the tables show it.
        (serde_json::Value::Object(content), _) if table == "observation" => {
            let text = |name: &str| content.get(name).and_then(serde_json::Value::as_str);
            let number = content
                .get("value")
                .and_then(serde_json::Value::as_f64)
                .map(crate::i18n::format_number);
            let mut shown = match (number, text("symbol")) {
                (Some(number), Some(symbol)) => format!("{number} {symbol}"),
                (Some(number), None) => number,
                (None, Some(symbol)) => symbol.to_owned(),
                (None, None) => "–".to_owned(),
            };
            if let Some(note) = text("note") {
                shown = format!("{shown} ({note})");
            }
            shown
        }
        (other, _) => other.to_string(),
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
mod tests;
