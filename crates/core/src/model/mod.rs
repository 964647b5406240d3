//! Plain domain types of a Lernstadt project: no I/O, no SQL, no egui.
//!
//! Every user entity carries a stable UUID v7 so that copies of a project exchanged by
//! e-mail can be compared and merged. The structs serialise (serde) to the same field names
//! the change log records, so a struct and a change-log row are two views of one thing.

mod data;
pub mod formula;
mod indicator;
pub mod meta;
mod people;
mod plans;
mod project;
pub mod protect;
#[cfg(test)]
pub(crate) mod testing;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Defines an enumeration stored as a stable text code, with a translated label.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $prefix:literal { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[doc = concat!("Stored as `", $code, "`; its label is the catalogue's `", $prefix, ".", $code, "`.")]
                #[serde(rename = $code)]
                $variant
            ),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The code stored in the project file and written in exports.
            #[must_use]
            pub fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }

            /// The value for a stored code, if it is one.
            #[must_use]
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some(Self::$variant),)+ _ => None }
            }

            /// The prefix of the values' label keys in the translation catalogues.
            pub const PREFIX: &'static str = $prefix;

            /// Every value's code, in display order.
            #[must_use]
            pub fn codes() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.code()).collect()
            }

            /// The key of this value's label in the translation catalogues.
            #[must_use]
            pub fn label_key(self) -> String {
                format!("{}.{}", $prefix, self.code())
            }

            /// The label in the current language.
            #[must_use]
            pub fn label(self) -> &'static str {
                crate::i18n::tr(&self.label_key())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

code_enum!(
    /// What kind of organisation a stakeholder is.
    StakeholderKind, "stakeholder_kind" {
        MunicipalOffice = "municipal_office",
        EarlyChildhood = "early_childhood",
        School = "school",
        Vocational = "vocational",
        HigherEducation = "higher_education",
        AdultEducation = "adult_education",
        LibraryCulture = "library_culture",
        YouthWelfare = "youth_welfare",
        EmploymentAgency = "employment_agency",
        CivilSociety = "civil_society",
        Business = "business",
        Foundation = "foundation",
        Politics = "politics",
        Other = "other",
    }
);

code_enum!(
    /// An area of the education system along the life course.
    EducationArea, "education_area" {
        EarlyChildhood = "early_childhood",
        School = "school",
        Vocational = "vocational",
        HigherEducation = "higher_education",
        AdultContinuing = "adult_continuing",
        NonFormal = "non_formal",
        CrossCutting = "cross_cutting",
    }
);

code_enum!(
    /// How closely a stakeholder takes part (after the IAP2 spectrum).
    Engagement, "engagement" {
        Inform = "inform",
        Consult = "consult",
        Involve = "involve",
        Collaborate = "collaborate",
        Empower = "empower",
    }
);

code_enum!(
    /// The level of a goal in the goal tree.
    GoalLevel, "goal_level" {
        Vision = "vision",
        Strategic = "strategic",
        Operational = "operational",
    }
);

code_enum!(
    /// A target of UN Sustainable Development Goal 4 (quality education).
    SdgTarget, "sdg" {
        T41 = "4.1", T42 = "4.2", T43 = "4.3", T44 = "4.4", T45 = "4.5", T46 = "4.6",
        T47 = "4.7", T4A = "4.a", T4B = "4.b", T4C = "4.c",
    }
);

code_enum!(
    /// How urgent a goal is.
    Priority, "priority" {
        High = "high",
        Medium = "medium",
        Low = "low",
    }
);

code_enum!(
    /// Where a measure stands in its life: proposed, planned, running, done, paused or
    /// dropped. (A proposed measure is stored with the code `idea`, as files always had it;
    /// it is not a workshop [`Idea`].)
    MeasureStage, "measure_status" {
        Proposed = "idea",
        Planned = "planned",
        Running = "running",
        Done = "done",
        Paused = "paused",
        Dropped = "dropped",
    }
);

code_enum!(
    /// Which direction of an indicator is good.
    Polarity, "polarity" {
        HigherIsBetter = "higher_is_better",
        LowerIsBetter = "lower_is_better",
        Neutral = "neutral",
        TargetBand = "target_band",
    }
);

code_enum!(
    /// How often new data for an indicator arrives.
    UpdateFrequency, "update_frequency" {
        Yearly = "yearly",
        SchoolYearly = "school_yearly",
        HalfYearly = "half_yearly",
        Quarterly = "quarterly",
        Monthly = "monthly",
        Irregular = "irregular",
    }
);

code_enum!(
    /// The administrative level of a region.
    RegionLevel, "region_level" {
        Country = "country",
        State = "state",
        /// A Regierungsbezirk (3-digit official key).
        AdministrativeDistrict = "administrative_district",
        County = "county",
        Municipality = "municipality",
        District = "district",
        Neighbourhood = "neighbourhood",
    }
);

code_enum!(
    /// What a period code stands for.
    PeriodKind, "period_kind" {
        Year = "year",
        SchoolYear = "school_year",
        Semester = "semester",
        ReportingDate = "reporting_date",
        Quarter = "quarter",
        Month = "month",
    }
);

code_enum!(
    /// What a statistics symbol says about a value.
    SymbolKind, "symbol_kind" {
        /// No number: unknown, secret, not meaningful, not reliable, not yet available.
        Missing = "missing",
        /// A true zero (`-`).
        Zero = "zero",
        /// A number with a quality remark (`p` provisional, `()` limited reliability).
        Quality = "quality",
    }
);

code_enum!(
    /// What a slide shows.
    SlideKind, "slide_kind" {
        /// A title and text.
        Title = "title",
        /// One goal with its indicators' status (no goal set: every goal with indicators).
        Goal = "goal",
        /// An indicator's chart.
        IndicatorChart = "indicator_chart",
        /// An indicator's map of the districts.
        Map = "map",
        /// The measures' timeline.
        Measures = "measures",
        /// The stakeholders' influence/interest grid (organisations only).
        StakeholderGrid = "stakeholder_grid",
        /// Ideas typed live, one a line.
        Ideas = "ideas",
        /// Dots given to ideas or measures.
        Vote = "vote",
    }
);

pub mod official_boundaries;
pub mod official_regions;
mod region_key;
pub mod traffic_light;
mod units;

pub use region_key::{
    is_germany_part, is_listed, is_official, is_region_key, level_of_official_key, my_region,
};

pub use units::is_count_unit;
pub mod validate;
mod workshop;

pub use data::{Mapping, Observation, Period, Symbol, breakdown_key};
pub use indicator::{Indicator, IndicatorGoal, IndicatorTarget};
pub use people::{Stakeholder, WorkingGroup, WorkingGroupMember};
pub use plans::{Goal, Measure, MeasureGoal, MeasurePartner, MeasureRegion, Milestone};
pub use project::{ComparisonRegion, Project, Region, RegionShape};
pub use workshop::{Idea, Presentation, Slide, Vote};

/// Makes a new UUID v7 (time-ordered) for a new entity.
#[must_use]
pub fn new_uuid() -> Uuid {
    Uuid::now_v7()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in StakeholderKind::ALL {
            assert_eq!(StakeholderKind::from_code(kind.code()), Some(*kind));
        }
        assert_eq!(SdgTarget::from_code("4.a"), Some(SdgTarget::T4A));
        assert_eq!(MeasureStage::from_code("nonsense"), None);
        assert_eq!(serde_json::to_string(&SdgTarget::T47).unwrap(), "\"4.7\"");
    }
}
