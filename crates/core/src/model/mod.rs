//! Plain domain types of a Lernstadt project: no I/O, no SQL, no egui.
//!
//! Every user entity carries a stable UUID v7 so that copies of a project exchanged by
//! e-mail can be compared and merged. The structs serialise (serde) to the same field names
//! the change log records, so a struct and a change-log row are two views of one thing.

pub mod formula;
mod indicator;
pub mod meta;
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

mod region_key;
pub mod traffic_light;
mod units;

pub use region_key::{is_official, is_region_key, my_region};

pub use units::is_count_unit;
pub mod validate;

/// The project itself: one per file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The project's name, the title of its report; not empty.
    pub name: String,
    /// The name of the municipality the project plans for.
    pub municipality: String,
    /// Official region key (AGS with 8 digits or ARS with 12), kept as text.
    pub region_key: String,
    /// What the project is about, free text.
    pub description: String,
    /// `de` or `en`.
    pub default_language: String,
    /// Who made the project (free text, e.g. the education office); the report names them.
    pub authors: String,
    /// Small counts protected when published: counts above zero and below this (and what
    /// would reveal them) are not shown; `None`: no rule.
    #[serde(default)]
    pub protect_min_count: Option<i64>,
    /// The name of the list of comparison regions (e.g. "Vergleichskreise"); empty: none
    /// given.
    #[serde(default)]
    pub comparison_name: String,
}

/// A region the project compares my region with: its charts, report, pictures and slides
/// draw it beside my region and its parents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonRegion {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The region.
    pub region: Uuid,
    /// Its place in the list, ascending.
    pub position: i64,
}

/// A region: the city, its districts, or any other area data is kept for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// AGS/ARS or the city's own district code; always text, leading zeros kept.
    pub key: String,
    /// The region's name; not empty.
    pub name: String,
    /// Its administrative level.
    pub level: RegionLevel,
    /// The region it is part of; `None` for the top region.
    pub parent: Option<Uuid>,
}

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

/// A period data is reported for; identified by its code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// `2023`, `2023/24`, `2023-10P6M`, `2024-12-31`, `2024-Q1`, `2024-03`.
    pub code: String,
    /// What the code stands for: a year, a school year, a semester, a reporting date, a
    /// quarter or a month.
    pub kind: PeriodKind,
    /// ISO 8601 date of the first day.
    pub start_date: String,
    /// ISO 8601 date of the last day.
    pub end_date: String,
}

/// An indicator (Kennzahl): what is measured, how, and where it should go.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// Short code, unique in the project (e.g. `ALQ_U25`); observations, imports and slides
    /// name the indicator by it.
    pub code: String,
    /// The indicator's name; not empty.
    pub name: String,
    /// What exactly is measured, in words.
    pub definition: String,
    /// The unit of its values, free text (e.g. `%` or `Anzahl`).
    pub unit: String,
    /// How many decimals its values are shown with, 0 to 6.
    pub decimals: i64,
    /// Which direction of its values is good.
    pub polarity: Polarity,
    /// Bottom of the band a target-band indicator should stay in, in its unit.
    pub band_low: Option<f64>,
    /// Top of that band, not below `band_low`.
    pub band_high: Option<f64>,
    /// Where the data comes from, e.g. an official table code.
    pub source: String,
    /// How often new data arrives.
    pub update_frequency: UpdateFrequency,
    /// Period code of the baseline.
    pub baseline_period: Option<String>,
    /// The value in the baseline period, in the indicator's unit.
    pub baseline_value: Option<f64>,
    /// Computed from other indicators by this formula ([`formula`]); empty for data that is
    /// imported or entered.
    #[serde(default)]
    pub formula: String,
    /// Its values are counts of people or cases: small ones are protected when published.
    #[serde(default)]
    pub counts: bool,
}

/// A goal an indicator measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorGoal {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The indicator.
    pub indicator: Uuid,
    /// The goal it measures.
    pub goal: Uuid,
}

/// A target value of an indicator for a region and period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorTarget {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The indicator.
    pub indicator: Uuid,
    /// The region the target is set for.
    pub region: Uuid,
    /// Period code.
    pub period: String,
    /// The value to reach, in the indicator's unit.
    pub value: f64,
}

/// A region's boundary: a `GeoJSON` `Polygon` or `MultiPolygon` in WGS84 longitude/latitude.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionShape {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The region it bounds; a region has at most one shape.
    pub region: Uuid,
    /// The `GeoJSON` geometry object, as text.
    pub geometry: String,
}

/// A planner's saved column roles for a kind of file: reused when the next file has the
/// same header, so next year's download imports in one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The name the planner gave it (`--mapping NAME`); unique, not empty.
    pub name: String,
    /// The header of the file it was made for, its cells joined by `;`.
    pub header: String,
    /// The roles as `--map` writes them: `indicator=Merkmal,region=Raum,…`.
    pub roles: String,
}

/// A saved sequence of slides for a workshop or a council.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presentation {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The presentation's title; not empty.
    pub title: String,
}

/// One slide: what it shows and its settings (JSON: `indicator`, `regions`, `chart`,
/// `goal`, `ideas_slide`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slide {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The presentation it belongs to.
    pub presentation: Uuid,
    /// Order in the presentation, ascending.
    pub position: i64,
    /// What it shows.
    pub kind: SlideKind,
    /// The heading shown on the slide (may be empty).
    pub title: String,
    /// Text under the title, shown line by line; only a title slide shows it.
    pub body: String,
    /// JSON naming what it shows, read as [`crate::slides::Settings`]; `{}` for none.
    pub settings: String,
}

/// An idea said in the room, typed on an ideas slide; `dots` counts the votes it got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Idea {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The ideas slide it was typed on.
    pub slide: Uuid,
    /// Order on its slide, ascending: the order the ideas were typed.
    pub position: i64,
    /// The idea as typed; not empty.
    pub text: String,
    /// Dots it got on a vote slide; not negative.
    pub dots: i64,
}

/// Dots given to a measure on a vote slide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The vote slide the dots were given on.
    pub slide: Uuid,
    /// The measure they were given to.
    pub measure: Uuid,
    /// How many dots; not negative.
    pub dots: i64,
}

/// A statistics symbol and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// The sign as a cell carries it, e.g. `.`, `-` or `p`.
    pub code: String,
    /// What it says about a value.
    pub kind: SymbolKind,
    /// Whether a number goes with the symbol.
    pub has_value: bool,
    /// What it means, in German.
    pub label_de: String,
    /// What it means, in English.
    pub label_en: String,
}

/// One value: indicator × region × period × breakdown, with its symbol and quality flag.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    /// The indicator's code.
    pub indicator_code: String,
    /// The region's key (AGS/ARS or the city's district code).
    pub region_key: String,
    /// The period's code, e.g. `2023` or `2023/24`.
    pub period_code: String,
    /// Canonical breakdown key (`GES=GESW;ALT=A25B34`); empty for the total.
    pub breakdown_key: String,
    /// `None` only when `symbol` says why.
    pub value: Option<f64>,
    /// A statistics symbol for the value, e.g. `.` unknown or `-` a true zero.
    pub symbol: Option<String>,
    /// A quality flag that goes with the number, e.g. `p` provisional.
    pub quality: Option<String>,
    /// A free-text remark on the value, e.g. a footnote from the imported file.
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
mod tests;
