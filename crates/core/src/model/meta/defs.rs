//! Each kind of entity's table, identity and fields, parents before the entities that
//! refer to them.

use super::{Codes, EntityDef, EntityKind, FieldDef, FieldType, f, language_codes, personal};
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
