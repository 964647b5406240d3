//! The rules every chart follows, in the window as in every picture (PNG, slide, report):
//! my region (or the city) emphasised and the others muted, a tick per year or per two,
//! five or ten years as the width allows, and labels at the lines' ends spread so that
//! none overlaps another.

/// How one line is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Stroke {
    /// `#rrggbb`.
    pub colour: String,
    /// Relative width: 1.0 is an ordinary line, emphasised ones are wider.
    pub width: f64,
    /// Drawn in a lighter tone behind the emphasised lines.
    pub muted: bool,
}

/// With more lines than this, the lines that are not emphasised are muted.
pub const MUTE_ABOVE: usize = 3;

/// The line of series `n` (its colour from the palette by position) among `count`, of
/// which those with `emphasised` stand out: with more than [`MUTE_ABOVE`] lines and at
/// least one emphasised, the others keep their colour's hue but lighter and thinner.
#[must_use]
pub fn stroke(n: usize, emphasised: bool, count: usize, any_emphasised: bool) -> Stroke {
    stroke_of(
        super::palette::SERIES[n % super::palette::SERIES.len()],
        emphasised,
        count,
        any_emphasised,
    )
}

/// The line of a series of `colour`, by the rule of [`stroke`].
#[must_use]
pub fn stroke_of(colour: &str, emphasised: bool, count: usize, any_emphasised: bool) -> Stroke {
    let mute = !emphasised && any_emphasised && count > MUTE_ABOVE;
    Stroke {
        colour: if mute {
            lighter(colour, 0.55)
        } else {
            colour.to_owned()
        },
        width: if emphasised {
            2.2
        } else if mute {
            0.8
        } else {
            1.0
        },
        muted: mute,
    }
}

/// `colour` (`#rrggbb`) blended towards white by `amount` (0 = unchanged, 1 = white).
#[must_use]
pub fn lighter(colour: &str, amount: f64) -> String {
    let channel = |at: usize| {
        let value = colour
            .get(at..at + 2)
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .unwrap_or(0);
        (f64::from(value) + (255.0 - f64::from(value)) * amount.clamp(0.0, 1.0)).round() as u8
    };
    format!("#{:02x}{:02x}{:02x}", channel(1), channel(3), channel(5))
}

/// The years between two ticks of a time axis `width` wide spanning `years`, when a year's
/// label needs `label` (same unit as `width`): 1, 2, 5, 10, 20, 50 … — the smallest step
/// whose labels do not touch.
#[must_use]
pub fn year_step(years: f64, width: f64, label: f64) -> f64 {
    let room = label * 1.35;
    let mut step = 1.0;
    for candidate in [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0] {
        step = candidate;
        if (years / candidate).floor() + 1.0 <= (width / room).max(1.0) {
            break;
        }
    }
    step
}

/// The ticks of a time axis from `from` to `to` at `step`: whole multiples of the step
/// (2010, 2015, 2020 — not 2011, 2016, 2021).
#[must_use]
pub fn year_ticks(from: f64, to: f64, step: f64) -> Vec<f64> {
    let step = step.max(1.0);
    let mut tick = (from / step).ceil() * step;
    let mut ticks = Vec::new();
    while tick <= to + 1e-9 {
        ticks.push(tick);
        tick += step;
    }
    ticks
}

/// More lines than this do not go on a slide: a room cannot tell them apart. My region
/// and its parents stay lines, the others become a band.
pub const SLIDE_LINES: usize = 8;

/// The spread of many regions' values over time, drawn as a band instead of a line each.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Band {
    /// What the band stands for ("the districts"), for its label.
    pub label: String,
    /// Per x with at least two values: minimum, lower quartile, median, upper quartile,
    /// maximum.
    pub points: Vec<(f64, [f64; 5])>,
}

/// The band's points from `(x, value)` pairs of many regions.
#[must_use]
pub fn band_points(values: impl IntoIterator<Item = (f64, f64)>) -> Vec<(f64, [f64; 5])> {
    let mut by_x: Vec<(f64, Vec<f64>)> = Vec::new();
    for (x, value) in values {
        match by_x.iter_mut().find(|(at, _)| (*at - x).abs() < 1e-9) {
            Some((_, values)) => values.push(value),
            None => by_x.push((x, vec![value])),
        }
    }
    let mut points: Vec<(f64, [f64; 5])> = by_x
        .into_iter()
        .filter(|(_, values)| values.len() >= 2)
        .filter_map(|(x, mut values)| Some((x, quantiles(&mut values)?)))
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    points
}

/// Minimum, lower quartile, median, upper quartile and maximum of `values` (sorted here),
/// each one of the values (the nearest rank); `None` for none.
#[must_use]
pub fn quantiles(values: &mut [f64]) -> Option<[f64; 5]> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    Some([at(0.0), at(0.25), at(0.5), at(0.75), at(1.0)])
}

/// Positions for labels that want to sit at `wanted` (one axis, e.g. y at a line's end),
/// at least `gap` apart, within `low..=high`, in the same order as wanted, each as close to
/// its place as the others allow. `None` when they cannot all fit.
#[must_use]
pub fn spread(wanted: &[f64], gap: f64, low: f64, high: f64) -> Option<Vec<f64>> {
    if wanted.is_empty() {
        return Some(Vec::new());
    }
    if (wanted.len() - 1) as f64 * gap > high - low + 1e-9 {
        return None;
    }
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by(|a, b| wanted[*a].total_cmp(&wanted[*b]).then(a.cmp(b)));
    let mut placed: Vec<f64> = order.iter().map(|&i| wanted[i].clamp(low, high)).collect();
    // Push down past the one above, then back up from the bottom edge.
    for i in 1..placed.len() {
        placed[i] = placed[i].max(placed[i - 1] + gap);
    }
    let last = placed.len() - 1;
    placed[last] = placed[last].min(high);
    for i in (0..last).rev() {
        placed[i] = placed[i].min(placed[i + 1] - gap);
    }
    // Clusters pushed apart more than needed come back towards their places: settle each
    // run of touching labels around the mean of what it wants.
    let mut start = 0;
    while start < placed.len() {
        let mut end = start;
        while end + 1 < placed.len() && placed[end + 1] - placed[end] <= gap + 1e-9 {
            end += 1;
        }
        let count = (end - start + 1) as f64;
        let mean = order[start..=end].iter().map(|&i| wanted[i]).sum::<f64>() / count;
        let first = (mean - (count - 1.0) * gap / 2.0)
            .max(low)
            .max(if start > 0 {
                placed[start - 1] + gap
            } else {
                low
            })
            .min(high - (count - 1.0) * gap);
        let first = if end + 1 < placed.len() {
            first.min(placed[end + 1] - gap * count)
        } else {
            first
        };
        for (k, slot) in placed[start..=end].iter_mut().enumerate() {
            *slot = first + k as f64 * gap;
        }
        start = end + 1;
    }
    let mut out = vec![0.0; wanted.len()];
    for (slot, &i) in order.iter().enumerate() {
        out[i] = placed[slot];
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::testing::Lcg;

    #[test]
    fn spread_labels_never_overlap_and_keep_their_order() {
        for seed in 0..2_000 {
            let mut random = Lcg(seed);
            let count = 1 + (random.unit() * 14.0) as usize;
            let (low, high) = (0.0, 100.0 + random.unit() * 300.0);
            let gap = 5.0 + random.unit() * 20.0;
            let wanted: Vec<f64> = (0..count)
                .map(|_| low - 20.0 + random.unit() * (high - low + 40.0))
                .collect();
            let Some(placed) = spread(&wanted, gap, low, high) else {
                assert!((count - 1) as f64 * gap > high - low, "seed {seed}");
                continue;
            };
            let mut order: Vec<usize> = (0..count).collect();
            order.sort_by(|a, b| wanted[*a].total_cmp(&wanted[*b]).then(a.cmp(b)));
            for pair in order.windows(2) {
                assert!(
                    placed[pair[1]] - placed[pair[0]] >= gap - 1e-6,
                    "seed {seed}: {wanted:?} → {placed:?}"
                );
            }
            for y in &placed {
                assert!(*y >= low - 1e-6 && *y <= high + 1e-6, "seed {seed}: {y}");
            }
        }
    }

    #[test]
    fn a_label_with_room_stays_where_it_wants_to_be() {
        assert_eq!(
            spread(&[10.0, 50.0, 90.0], 12.0, 0.0, 100.0),
            Some(vec![10.0, 50.0, 90.0])
        );
        let placed = spread(&[50.0, 50.0], 10.0, 0.0, 100.0).unwrap();
        assert_eq!(placed, vec![45.0, 55.0]);
        assert_eq!(spread(&[1.0, 2.0, 3.0], 60.0, 0.0, 100.0), None);
    }

    #[test]
    #[expect(clippy::float_cmp, reason = "steps are small whole numbers, exact")]
    fn a_tick_per_year_when_the_labels_fit() {
        // Fifteen years on a wide axis: every year; on a narrow one every second or fifth.
        assert_eq!(year_step(14.0, 700.0, 30.0), 1.0);
        assert_eq!(year_step(14.0, 400.0, 30.0), 2.0);
        assert_eq!(year_step(14.0, 160.0, 30.0), 5.0);
        assert_eq!(
            year_ticks(2010.0, 2024.0, 5.0),
            vec![2010.0, 2015.0, 2020.0]
        );
        assert_eq!(year_ticks(2011.0, 2014.0, 2.0), vec![2012.0, 2014.0]);
    }

    #[test]
    fn a_band_holds_the_spread_where_two_values_or_more_meet() {
        let points = band_points([
            (2020.0, 1.0),
            (2020.0, 5.0),
            (2020.0, 3.0),
            (2021.0, 4.0),
            (2019.0, 2.0),
            (2019.0, 2.0),
        ]);
        assert_eq!(
            points,
            vec![(2019.0, [2.0; 5]), (2020.0, [1.0, 3.0, 3.0, 5.0, 5.0])]
        );
    }

    #[test]
    fn only_with_many_lines_and_one_emphasised_are_the_others_muted() {
        assert!(!stroke(1, false, 3, true).muted);
        assert!(stroke(1, false, 11, true).muted);
        assert!(!stroke(1, false, 11, false).muted);
        let mine = stroke(0, true, 11, true);
        assert!(!mine.muted && mine.width > 2.0);
        assert_eq!(lighter("#000000", 0.5), "#808080");
        assert_eq!(lighter("#1f77b4", 0.0), "#1f77b4");
    }
}
