//! Time axes: a period or a date as a fractional year, the unit of every time axis.

use crate::model::Period;

/// A period's position on a time axis: its start as a fractional year.
#[must_use]
pub fn period_x(period: &Period) -> f64 {
    year_fraction(&period.start_date).unwrap_or(0.0)
}

/// A date (`YYYY-MM-DD`) as a fractional year, the unit of every time axis.
#[must_use]
pub fn year_fraction(date: &str) -> Option<f64> {
    use chrono::Datelike;
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(f64::from(date.year()) + f64::from(date.ordinal0()) / 365.25)
}

/// Today as a fractional year.
#[must_use]
pub fn today_fraction() -> f64 {
    year_fraction(&chrono::Local::now().date_naive().to_string()).unwrap_or(0.0)
}
