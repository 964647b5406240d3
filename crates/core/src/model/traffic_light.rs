//! Whether an indicator is on track: the rule behind the overview's status colours.
//!
//! The rule looks at one series — my region's when it has a target or a value, else the
//! region the indicator's target is set for, else the top region; the total breakdown — and
//! at the target:
//!
//! 1. **No data**: the series has no number (symbols such as `.` or `x` do not count).
//!    **Not assessed**: it has, but there is nothing to judge against — no target value (a
//!    target-band indicator needs its band instead), or the polarity is neutral.
//! 2. **On track**: the latest value meets the target — at least the target when higher is
//!    better, at most the target when lower is better, inside the band for a target band.
//! 3. Otherwise the **trend** decides: the slope of the least-squares line through the last
//!    [`TREND_POINTS`] values (x in years). The trend *moves toward* the target when it
//!    points in the better direction (up when higher is better, down when lower is better,
//!    toward the band for a band).
//!    - The target year has passed (the latest value is from it or later): **off track**.
//!    - The trend moves toward the target and, carried on to the target year, reaches it:
//!      **on track**.
//!    - It moves toward the target but would not reach it in time (or the target has no
//!      year): **at risk**.
//!    - Flat or moving away: **off track**.
//!    - A single value (one year) makes no trend: **not assessed**, unless it already meets
//!      the target or the target year has passed.
//!
//! The status is always shown with its word, never by colour alone.

use serde::{Deserialize, Serialize};

use super::Polarity;

/// How many of the latest values make the trend.
pub const TREND_POINTS: usize = 5;

code_enum!(
    /// An indicator's traffic light: on track, at risk or off track against its target,
    /// not assessed (values, but no target or direction), or no data. (Distinct from a
    /// measure's [`super::MeasureStage`].)
    TrafficLight, "status" {
        OnTrack = "on_track",
        AtRisk = "at_risk",
        OffTrack = "off_track",
        Unassessed = "unassessed",
        NoData = "no_data",
    }
);

#[allow(clippy::derivable_impls)] // The enumeration comes from `code_enum!`.
impl Default for TrafficLight {
    fn default() -> Self {
        TrafficLight::NoData
    }
}

/// What the target is: a value (with the year it should be reached, if known) or a band.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    /// A value to reach (at least or at most, by the polarity).
    Value {
        /// The value, in the indicator's unit.
        value: f64,
        /// The year to reach it by, a fractional year like the points'; `None` if not known.
        year: Option<f64>,
    },
    /// A band to stay in, both ends included (a target-band indicator).
    Band {
        /// The band's bottom, in the indicator's unit.
        low: f64,
        /// The band's top, in the indicator's unit.
        high: f64,
    },
}

/// The status of a series: `points` are `(year, value)` ordered by year, numbers only.
#[must_use]
pub fn assess(polarity: Polarity, points: &[(f64, f64)], target: Option<Target>) -> TrafficLight {
    let Some(&(latest_year, latest)) = points.last() else {
        return TrafficLight::NoData;
    };
    let Some(target) = target else {
        return TrafficLight::Unassessed;
    };
    // Distance still to go (0 = met) and whether a slope moves toward the target.
    let (meets, toward): (bool, Box<dyn Fn(f64) -> bool>) = match (polarity, target) {
        (Polarity::Neutral, _) | (Polarity::TargetBand, Target::Value { .. }) => {
            return TrafficLight::Unassessed;
        }
        (_, Target::Band { low, high }) => (
            (low..=high).contains(&latest),
            Box::new(move |slope| (latest < low && slope > 0.0) || (latest > high && slope < 0.0)),
        ),
        (Polarity::HigherIsBetter, Target::Value { value, .. }) => {
            (latest >= value, Box::new(|slope| slope > 0.0))
        }
        (Polarity::LowerIsBetter, Target::Value { value, .. }) => {
            (latest <= value, Box::new(|slope| slope < 0.0))
        }
    };
    if meets {
        return TrafficLight::OnTrack;
    }
    let target_year = match target {
        Target::Value { year, .. } => year,
        Target::Band { .. } => None,
    };
    if target_year.is_some_and(|year| latest_year >= year) {
        return TrafficLight::OffTrack;
    }
    let recent = &points[points.len().saturating_sub(TREND_POINTS)..];
    // One year of values makes no trend: nothing to judge the way by.
    let Some(slope) = slope(recent) else {
        return TrafficLight::Unassessed;
    };
    if !toward(slope) {
        return TrafficLight::OffTrack;
    }
    match (target, target_year) {
        (Target::Value { value, .. }, Some(year)) => {
            let projected = latest + slope * (year - latest_year);
            let reaches = match polarity {
                Polarity::LowerIsBetter => projected <= value,
                _ => projected >= value,
            };
            if reaches {
                TrafficLight::OnTrack
            } else {
                TrafficLight::AtRisk
            }
        }
        _ => TrafficLight::AtRisk,
    }
}

/// The least-squares slope through `points`; `None` for fewer than two distinct years.
#[must_use]
pub fn slope(points: &[(f64, f64)]) -> Option<f64> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    Some(sxy / sxx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[f64]) -> Vec<(f64, f64)> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (2018.0 + i as f64, *v))
            .collect()
    }

    #[allow(clippy::unnecessary_wraps)] // Reads as the target argument it stands for.
    fn by(value: f64, year: f64) -> Option<Target> {
        Some(Target::Value {
            value,
            year: Some(year),
        })
    }

    #[test]
    fn no_values_or_no_target_is_no_data() {
        let up = series(&[1.0, 2.0]);
        assert_eq!(
            assess(Polarity::HigherIsBetter, &[], by(5.0, 2030.0)),
            TrafficLight::NoData
        );
        assert_eq!(
            assess(Polarity::HigherIsBetter, &up, None),
            TrafficLight::Unassessed,
            "values without a target are not assessed, not missing"
        );
        assert_eq!(
            assess(Polarity::Neutral, &up, by(5.0, 2030.0)),
            TrafficLight::Unassessed
        );
    }

    #[test]
    fn meeting_the_target_is_on_track_in_either_direction() {
        let values = series(&[10.0, 9.0, 8.0]);
        assert_eq!(
            assess(Polarity::LowerIsBetter, &values, by(8.0, 2030.0)),
            TrafficLight::OnTrack
        );
        assert_eq!(
            assess(Polarity::HigherIsBetter, &values, by(8.0, 2030.0)),
            TrafficLight::OnTrack
        );
        assert_eq!(
            assess(Polarity::HigherIsBetter, &values, by(9.0, 2030.0)),
            TrafficLight::OffTrack,
            "below a higher-is-better target and falling"
        );
    }

    #[test]
    fn the_trend_projected_to_the_target_year_decides() {
        // 2018..2022 rising by 1 a year to 14; target 20 in 2030: projection 22 → on track.
        let rising = series(&[10.0, 11.0, 12.0, 13.0, 14.0]);
        assert_eq!(
            assess(Polarity::HigherIsBetter, &rising, by(20.0, 2030.0)),
            TrafficLight::OnTrack
        );
        // Target 30 in 2030: projection 22 → rising but too slowly → at risk.
        assert_eq!(
            assess(Polarity::HigherIsBetter, &rising, by(30.0, 2030.0)),
            TrafficLight::AtRisk
        );
        // Lower is better, value rising: moving away → off track.
        assert_eq!(
            assess(Polarity::LowerIsBetter, &rising, by(5.0, 2030.0)),
            TrafficLight::OffTrack
        );
        // No year: moving toward is at risk.
        let no_year = Some(Target::Value {
            value: 30.0,
            year: None,
        });
        assert_eq!(
            assess(Polarity::HigherIsBetter, &rising, no_year),
            TrafficLight::AtRisk
        );
    }

    #[test]
    fn a_passed_target_year_not_met_is_off_track() {
        let rising = series(&[10.0, 11.0, 12.0, 13.0, 14.0]);
        assert_eq!(
            assess(Polarity::HigherIsBetter, &rising, by(20.0, 2022.0)),
            TrafficLight::OffTrack
        );
    }

    #[test]
    fn a_single_value_short_of_the_target_is_not_assessed() {
        assert_eq!(
            assess(Polarity::HigherIsBetter, &series(&[3.0]), by(5.0, 2030.0)),
            TrafficLight::Unassessed
        );
        // Met already, or the target year passed: judged all the same.
        assert_eq!(
            assess(Polarity::HigherIsBetter, &series(&[6.0]), by(5.0, 2030.0)),
            TrafficLight::OnTrack
        );
        assert_eq!(
            assess(Polarity::HigherIsBetter, &series(&[3.0]), by(5.0, 2010.0)),
            TrafficLight::OffTrack
        );
    }

    #[test]
    fn bands_count_from_either_side() {
        let band = Some(Target::Band {
            low: 90.0,
            high: 110.0,
        });
        assert_eq!(
            assess(Polarity::TargetBand, &series(&[80.0, 100.0]), band),
            TrafficLight::OnTrack
        );
        assert_eq!(
            assess(Polarity::TargetBand, &series(&[120.0, 115.0]), band),
            TrafficLight::AtRisk
        );
        assert_eq!(
            assess(Polarity::TargetBand, &series(&[80.0, 70.0]), band),
            TrafficLight::OffTrack
        );
    }

    #[test]
    fn the_trend_uses_only_the_latest_points() {
        // Long fall, then a steady rise over the last five years.
        let values = series(&[50.0, 40.0, 30.0, 20.0, 10.0, 11.0, 12.0, 13.0, 14.0]);
        assert!(slope(&values[values.len() - TREND_POINTS..]).unwrap() > 0.0);
        assert_eq!(
            assess(Polarity::HigherIsBetter, &values, by(20.0, 2032.0)),
            TrafficLight::OnTrack
        );
    }
}
