//! The breakdowns' dimensions the demo's data use (sex, nationality, age group), by code,
//! and the single years of age under three that childcare is broken down by.

/// The dimension sex.
pub(super) const SEX: &str = "GES";
/// Sex: male.
pub(super) const MALE: &str = "GESM";
/// Sex: female.
pub(super) const FEMALE: &str = "GESW";
/// The dimension nationality.
pub(super) const NATIONALITY: &str = "NAT";
/// Nationality: German.
pub(super) const GERMAN: &str = "NATD";
/// Nationality: foreign.
pub(super) const FOREIGN: &str = "NATA";
/// The dimension age group.
pub(super) const AGE: &str = "ALTX20";

/// A single year of age under three, for childcare: code, label, rate relative to the
/// whole age group.
pub(super) struct AgeBand {
    /// The member code in the age dimension.
    pub(super) code: &'static str,
    /// The member's label.
    pub(super) label: &'static str,
    /// The rate in this year of age relative to the rate of all under three.
    pub(super) factor: f64,
}

/// The three years of age under three.
pub(super) const UNDER_THREE: &[AgeBand] = &[
    AgeBand {
        code: "ALT000B01",
        label: "unter 1 Jahr",
        factor: 0.08,
    },
    AgeBand {
        code: "ALT001B02",
        label: "1 bis unter 2 Jahre",
        factor: 1.02,
    },
    AgeBand {
        code: "ALT002B03",
        label: "2 bis unter 3 Jahre",
        factor: 1.90,
    },
];
