//! What a demo indicator is: what is stored about it and the parameters its data are made
//! from ([`IndicatorSpec`]); the indicators themselves are listed in `indicators`, their
//! data made in `series`.

use crate::model::{Polarity, UpdateFrequency};

use super::dimensions::AgeBand;

/// Which periods an indicator's data are reported for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Calendar {
    /// Calendar years: `2015`.
    Year,
    /// School years, by their starting year: `2015/16`.
    SchoolYear,
    /// Winter semesters, by their starting year: `2015-10P6M`.
    WinterSemester,
}

impl Calendar {
    /// The code of the period that holds `year`'s data.
    pub(super) fn code(self, year: i32) -> String {
        match self {
            Calendar::Year => year.to_string(),
            Calendar::SchoolYear => format!("{year}/{:02}", (year + 1) % 100),
            Calendar::WinterSemester => format!("{year}-10P6M"),
        }
    }
}

/// Where an indicator has data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scope {
    /// The city and every district.
    Districts,
    /// The city only (chambers, university, adult education, library).
    City,
}

/// How an indicator's values are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Model {
    /// Residents by age group and sex.
    Population,
    /// The share of residents under 18, from the population.
    ShareUnder18,
    /// A rate or mean: districts differ by social profile; the city is their weighted mean.
    Rate,
    /// A count: the city's total is shared out to the districts; the city is their sum.
    Count,
}

/// Whom an indicator is about, which weighs a district in the city's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Weight {
    /// Everyone.
    Residents,
    /// Children and young people under 18.
    Minors,
}

/// An indicator: what is stored about it, and the parameters its data are made from.
pub(super) struct IndicatorSpec {
    /// The indicator's code, which observations and slides refer to it by.
    pub(super) code: &'static str,
    /// Its name.
    pub(super) name: &'static str,
    /// What exactly it counts.
    pub(super) definition: &'static str,
    /// The unit of its values.
    pub(super) unit: &'static str,
    /// How many decimals its values are rounded to.
    pub(super) decimals: i64,
    /// Which way is better.
    pub(super) polarity: Polarity,
    /// The target band `(low, high)` of a target-band indicator.
    pub(super) band: Option<(f64, f64)>,
    /// Where its figures come from.
    pub(super) source: &'static str,
    /// How often it is updated.
    pub(super) frequency: UpdateFrequency,
    /// Which periods its data are reported for.
    pub(super) calendar: Calendar,
    /// The years with data; `None`: every year from 2010 to 2024.
    pub(super) years: Option<&'static [i32]>,
    /// Where it has data.
    pub(super) scope: Scope,
    /// How its values are made.
    pub(super) model: Model,
    /// The city's level over time: `(year, value)` points, linear in between.
    pub(super) trend: &'static [(i32, f64)],
    /// How strongly a district's social index raises (positive) or lowers the value.
    pub(super) social: f64,
    /// Whom it is about, which weighs a district in the city's value.
    pub(super) weight: Weight,
    /// Relative standard deviation of the year-to-year noise in a district of
    /// `series::REFERENCE_RESIDENTS`.
    pub(super) noise: f64,
    /// The largest possible value.
    pub(super) max: f64,
    /// Men's value relative to women's (rates), or men's count relative to women's.
    pub(super) sex_ratio: Option<f64>,
    /// Foreigners' value relative to Germans'.
    pub(super) nat_ratio: Option<f64>,
    /// Breakdown by single years of age.
    pub(super) ages: &'static [AgeBand],
    /// The last year's values are provisional (`p`).
    pub(super) provisional_last: bool,
    /// The last year's values are not yet available (`...`).
    pub(super) late_last: bool,
    /// The symbol of breakdowns too small to show in small districts.
    pub(super) small_cells: Option<&'static str>,
    /// Counted by school site: nothing in Kirchfeld once its school closed.
    pub(super) school_site: bool,
    /// A year whose district values are not reliable (`/`) and the city's estimated.
    pub(super) unreliable_year: Option<i32>,
    /// The year whose city value is the baseline.
    pub(super) baseline_year: Option<i32>,
    /// Target values: `(district or None for the city, year, value)`.
    pub(super) targets: &'static [(Option<&'static str>, i32, f64)],
    /// The goals the indicator measures, by their number in the goal tree: `2` is the
    /// second strategic goal below the vision, `2.1` its first operational goal.
    pub(super) goals: &'static [&'static str],
}
