//! The plan: the goal tree and the measures that serve it (milestones, partners, goals,
//! districts).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{EducationArea, GoalLevel, MeasureStage, Priority, SdgTarget};

/// A goal in the goal tree: vision (Leitbild) → strategic → operational.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The goal above it in the tree; `None` at the top.
    pub parent: Option<Uuid>,
    /// Vision, strategic or operational.
    pub level: GoalLevel,
    /// Order among siblings, ascending.
    pub position: i64,
    /// The goal in a few words; not empty.
    pub title: String,
    /// What the goal means, free text.
    pub description: String,
    /// The area of the education system it concerns.
    pub education_area: EducationArea,
    /// The SDG 4 target it serves, if any.
    pub sdg_target: Option<SdgTarget>,
    /// How urgent it is.
    pub priority: Priority,
    /// The year it should be reached by, 1900 to 2200.
    pub target_year: Option<i64>,
    /// The stakeholder responsible for it.
    pub owner_stakeholder: Option<Uuid>,
}

/// A measure (Maßnahme): something done to reach goals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The measure in a few words; not empty.
    pub title: String,
    /// What the measure does, free text.
    pub description: String,
    /// Where it stands: proposed, planned, running, done, paused or dropped.
    pub status: MeasureStage,
    /// ISO 8601 date.
    pub start_date: Option<String>,
    /// ISO 8601 date, not before `start_date`.
    pub end_date: Option<String>,
    /// Budget planned, in euros; not negative.
    pub budget_planned_eur: Option<f64>,
    /// Budget spent, in euros; not negative.
    pub budget_spent_eur: Option<f64>,
    /// Where the money comes from, free text.
    pub funding_source: String,
    /// The stakeholder that leads it.
    pub lead_stakeholder: Option<Uuid>,
    /// Whom it is for: free-text target groups.
    pub target_groups: Vec<String>,
}

/// A milestone of a measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The measure it belongs to.
    pub measure: Uuid,
    /// What is to be reached; not empty.
    pub title: String,
    /// ISO 8601 date.
    pub due_date: String,
    /// Whether it has been reached.
    pub reached: bool,
}

/// A partner stakeholder of a measure and its role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasurePartner {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The measure.
    pub measure: Uuid,
    /// The partner; a stakeholder is a measure's partner at most once.
    pub stakeholder: Uuid,
    /// The partner's role in the measure, free text (may be empty).
    pub role: String,
}

/// A goal a measure serves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureGoal {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The measure.
    pub measure: Uuid,
    /// The goal it serves.
    pub goal: Uuid,
}

/// A district (or other region) a measure works in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureRegion {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The measure.
    pub measure: Uuid,
    /// The region it works in.
    pub region: Uuid,
}
