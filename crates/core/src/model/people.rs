//! The people side of a plan: stakeholders (organisations, with personal contact data
//! marked) and working groups with their members.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{EducationArea, Engagement, StakeholderKind};

/// A stakeholder (Akteur): an organisation taking part in local education.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stakeholder {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The organisation's name; not empty.
    pub name: String,
    /// What kind of organisation it is.
    pub kind: StakeholderKind,
    /// The areas of education it works in (a JSON array of codes in the file).
    pub education_areas: Vec<EducationArea>,
    /// What the stakeholder does, free text.
    pub description: String,
    /// 1 (little) to 5 (decisive).
    pub influence: i64,
    /// 1 (little) to 5 (very high).
    pub interest: i64,
    /// How closely it takes part.
    pub engagement: Engagement,
    /// Free tags; the stakeholder list's search matches them.
    pub tags: Vec<String>,
    /// Personal data.
    pub contact_person: String,
    /// Personal data.
    pub email: String,
    /// Personal data.
    pub phone: String,
}

/// A working group (Arbeitskreis, Fachgruppe, network).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkingGroup {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The group's name; not empty.
    pub name: String,
    /// What the group is for, free text.
    pub purpose: String,
}

/// A stakeholder's membership in a working group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkingGroupMember {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The working group.
    pub working_group: Uuid,
    /// The member; a stakeholder is in a group at most once.
    pub stakeholder: Uuid,
    /// The member's role in the group, free text (may be empty).
    pub role: String,
}
