//! Plain domain types of a Lernstadt project: no I/O, no SQL, no egui.
//!
//! Every user entity carries a stable UUID v7 so that copies of a project exchanged by
//! e-mail can be compared and merged. The structs serialise (serde) to the same field names
//! the change log records, so a struct and a change-log row are two views of one thing.

pub mod meta;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Defines an enumeration stored as a stable text code, with a translated label.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $prefix:literal { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
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

pub mod traffic_light;
pub mod validate;

/// The project itself: one per file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub uuid: Uuid,
    pub name: String,
    pub municipality: String,
    /// Official region key (AGS with 8 digits or ARS with 12), kept as text.
    pub region_key: String,
    pub description: String,
    /// `de` or `en`.
    pub default_language: String,
    pub authors: String,
}

/// A region: the city, its districts, or any other area data is kept for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub uuid: Uuid,
    /// AGS/ARS or the city's own district code; always text, leading zeros kept.
    pub key: String,
    pub name: String,
    pub level: RegionLevel,
    pub parent: Option<Uuid>,
}

/// A stakeholder (Akteur): an organisation taking part in local education.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stakeholder {
    pub uuid: Uuid,
    pub name: String,
    pub kind: StakeholderKind,
    pub education_areas: Vec<EducationArea>,
    pub description: String,
    /// 1 (little) to 5 (decisive).
    pub influence: i64,
    /// 1 (little) to 5 (very high).
    pub interest: i64,
    pub engagement: Engagement,
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
    pub uuid: Uuid,
    pub name: String,
    pub purpose: String,
}

/// A stakeholder's membership in a working group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkingGroupMember {
    pub uuid: Uuid,
    pub working_group: Uuid,
    pub stakeholder: Uuid,
    pub role: String,
}

/// A goal in the goal tree: vision (Leitbild) → strategic → operational.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub uuid: Uuid,
    pub parent: Option<Uuid>,
    pub level: GoalLevel,
    /// Order among siblings, ascending.
    pub position: i64,
    pub title: String,
    pub description: String,
    pub education_area: EducationArea,
    pub sdg_target: Option<SdgTarget>,
    pub priority: Priority,
    pub target_year: Option<i64>,
    pub owner_stakeholder: Option<Uuid>,
}

/// A measure (Maßnahme): something done to reach goals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub uuid: Uuid,
    pub title: String,
    pub description: String,
    pub status: MeasureStage,
    /// ISO 8601 date.
    pub start_date: Option<String>,
    /// ISO 8601 date, not before `start_date`.
    pub end_date: Option<String>,
    pub budget_planned_eur: Option<f64>,
    pub budget_spent_eur: Option<f64>,
    pub funding_source: String,
    pub lead_stakeholder: Option<Uuid>,
    pub target_groups: Vec<String>,
}

/// A milestone of a measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub uuid: Uuid,
    pub measure: Uuid,
    pub title: String,
    /// ISO 8601 date.
    pub due_date: String,
    pub reached: bool,
}

/// A partner stakeholder of a measure and its role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasurePartner {
    pub uuid: Uuid,
    pub measure: Uuid,
    pub stakeholder: Uuid,
    pub role: String,
}

/// A goal a measure serves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureGoal {
    pub uuid: Uuid,
    pub measure: Uuid,
    pub goal: Uuid,
}

/// A district (or other region) a measure works in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureRegion {
    pub uuid: Uuid,
    pub measure: Uuid,
    pub region: Uuid,
}

/// A period data is reported for; identified by its code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// `2023`, `2023/24`, `2023-10P6M`, `2024-12-31`, `2024-Q1`, `2024-03`.
    pub code: String,
    pub kind: PeriodKind,
    /// ISO 8601 date of the first day.
    pub start_date: String,
    /// ISO 8601 date of the last day.
    pub end_date: String,
}

/// An indicator (Kennzahl): what is measured, how, and where it should go.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub uuid: Uuid,
    pub code: String,
    pub name: String,
    pub definition: String,
    pub unit: String,
    pub decimals: i64,
    pub polarity: Polarity,
    pub band_low: Option<f64>,
    pub band_high: Option<f64>,
    /// Where the data comes from, e.g. an official table code.
    pub source: String,
    pub update_frequency: UpdateFrequency,
    /// Period code of the baseline.
    pub baseline_period: Option<String>,
    pub baseline_value: Option<f64>,
}

/// A goal an indicator measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorGoal {
    pub uuid: Uuid,
    pub indicator: Uuid,
    pub goal: Uuid,
}

/// A target value of an indicator for a region and period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorTarget {
    pub uuid: Uuid,
    pub indicator: Uuid,
    pub region: Uuid,
    /// Period code.
    pub period: String,
    pub value: f64,
}

/// A region's boundary: a `GeoJSON` `Polygon` or `MultiPolygon` in WGS84 longitude/latitude.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionShape {
    pub uuid: Uuid,
    pub region: Uuid,
    pub geometry: String,
}

/// A saved sequence of slides for a workshop or a council.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presentation {
    pub uuid: Uuid,
    pub title: String,
}

/// One slide: what it shows and its settings (JSON: `indicator`, `regions`, `chart`,
/// `goal`, `ideas_slide`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slide {
    pub uuid: Uuid,
    pub presentation: Uuid,
    pub position: i64,
    pub kind: SlideKind,
    pub title: String,
    pub body: String,
    pub settings: String,
}

/// An idea said in the room, typed on an ideas slide; `dots` counts the votes it got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Idea {
    pub uuid: Uuid,
    pub slide: Uuid,
    pub position: i64,
    pub text: String,
    pub dots: i64,
}

/// Dots given to a measure on a vote slide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub uuid: Uuid,
    pub slide: Uuid,
    pub measure: Uuid,
    pub dots: i64,
}

/// A statistics symbol and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub code: String,
    pub kind: SymbolKind,
    /// Whether a number goes with the symbol.
    pub has_value: bool,
    pub label_de: String,
    pub label_en: String,
}

/// One value: indicator × region × period × breakdown, with its symbol and quality flag.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    pub indicator_code: String,
    pub region_key: String,
    pub period_code: String,
    /// Canonical breakdown key (`GES=GESW;ALT=A25B34`); empty for the total.
    pub breakdown_key: String,
    /// `None` only when `symbol` says why.
    pub value: Option<f64>,
    pub symbol: Option<String>,
    pub quality: Option<String>,
    pub note: Option<String>,
}

impl Observation {
    /// Its symbol and quality flag, those it has.
    pub fn flags(&self) -> impl Iterator<Item = &str> {
        [self.symbol.as_deref(), self.quality.as_deref()]
            .into_iter()
            .flatten()
            .filter(|flag| !flag.is_empty())
    }

    /// As a table shows it: the number with `decimals` decimals, then its symbol or quality
    /// flag; the symbol alone where there is no number.
    #[must_use]
    pub fn display(&self, decimals: usize) -> String {
        let flags: Vec<&str> = self.flags().collect();
        match self.value {
            Some(value) if flags.is_empty() => crate::i18n::format_decimal(value, decimals),
            Some(value) => format!(
                "{} {}",
                crate::i18n::format_decimal(value, decimals),
                flags.join(" ")
            ),
            None => flags.join(" "),
        }
    }
}

/// Makes a new UUID v7 (time-ordered) for a new entity.
#[must_use]
pub fn new_uuid() -> Uuid {
    Uuid::now_v7()
}

/// Builds the canonical breakdown key from `(dimension, member)` pairs.
#[must_use]
pub fn breakdown_key(pairs: &[(&str, &str)]) -> String {
    let mut sorted: Vec<_> = pairs.to_vec();
    sorted.sort_unstable();
    sorted
        .iter()
        .map(|(dimension, member)| format!("{dimension}={member}"))
        .collect::<Vec<_>>()
        .join(";")
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

    #[test]
    fn breakdown_key_is_sorted_and_total_is_empty() {
        assert_eq!(
            breakdown_key(&[("GES", "GESW"), ("ALT", "A25")]),
            "ALT=A25;GES=GESW"
        );
        assert_eq!(breakdown_key(&[]), "");
    }
}
