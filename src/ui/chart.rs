//! Turning observations into what a chart draws, without egui: line segments broken at
//! every value a symbol stands in for (a gap, never a zero), the gaps with their reason,
//! and decimation to the pixels available.

use lernstadt_core::model::Observation;

/// A series as drawn: unbroken runs of numbers, and the gaps between them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawn {
    /// Each run of consecutive numbers, as `[x, y]` points.
    pub segments: Vec<Vec<[f64; 2]>>,
    /// Periods with a symbol instead of a number: `(x, period code, symbol)`.
    pub gaps: Vec<(f64, String, String)>,
}

/// Splits `observations` (one series, by period) at every missing value. A symbol that
/// goes with a number (`-` as a true zero, `p` provisional) is plotted; one that stands
/// instead of a number (`.`, `x`, `/`, `...`) becomes a gap.
#[must_use]
pub fn draw(observations: &[Observation], x_of: impl Fn(&str) -> f64) -> Drawn {
    let mut drawn = Drawn::default();
    let mut run: Vec<[f64; 2]> = Vec::new();
    for observation in observations {
        let x = x_of(&observation.period_code);
        if let Some(y) = observation.value {
            run.push([x, y]);
            continue;
        }
        if !run.is_empty() {
            drawn.segments.push(std::mem::take(&mut run));
        }
        drawn.gaps.push((
            x,
            observation.period_code.clone(),
            observation.symbol.clone().unwrap_or_default(),
        ));
    }
    if !run.is_empty() {
        drawn.segments.push(run);
    }
    drawn
}

/// At most about `max_points` points that keep the shape: each bucket of consecutive
/// points keeps its lowest and highest (in order), so peaks survive.
#[must_use]
pub fn decimate(points: &[[f64; 2]], max_points: usize) -> Vec<[f64; 2]> {
    let buckets = (max_points / 2).max(1);
    if points.len() <= max_points.max(2) {
        return points.to_vec();
    }
    let size = points.len().div_ceil(buckets);
    let mut out = Vec::with_capacity(buckets * 2);
    for bucket in points.chunks(size) {
        let (mut low, mut high) = (0, 0);
        for (index, point) in bucket.iter().enumerate() {
            if point[1] < bucket[low][1] {
                low = index;
            }
            if point[1] > bucket[high][1] {
                high = index;
            }
        }
        let (first, second) = if low <= high {
            (low, high)
        } else {
            (high, low)
        };
        out.push(bucket[first]);
        if second != first {
            out.push(bucket[second]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observation(period: &str, value: Option<f64>, symbol: Option<&str>) -> Observation {
        Observation {
            indicator_code: "B1".into(),
            region_key: "01".into(),
            period_code: period.into(),
            breakdown_key: String::new(),
            value,
            symbol: symbol.map(str::to_owned),
            quality: None,
            note: None,
        }
    }

    #[test]
    fn a_symbol_without_a_value_is_a_gap_never_a_zero() {
        let series = [
            observation("2010", Some(5.0), None),
            observation("2011", None, Some(".")),
            observation("2012", Some(7.0), Some("p")),
            observation("2013", Some(0.0), Some("-")),
            observation("2014", None, Some("x")),
        ];
        let drawn = draw(&series, |code| code.parse().unwrap());
        assert_eq!(
            drawn.segments,
            vec![vec![[2010.0, 5.0]], vec![[2012.0, 7.0], [2013.0, 0.0]]]
        );
        assert_eq!(
            drawn.gaps,
            vec![
                (2011.0, "2011".to_owned(), ".".to_owned()),
                (2014.0, "2014".to_owned(), "x".to_owned())
            ]
        );
        // The only zero plotted is the true zero `-`.
        let zeros: Vec<f64> = drawn
            .segments
            .iter()
            .flatten()
            .filter(|p| p[1] == 0.0)
            .map(|p| p[0])
            .collect();
        assert_eq!(zeros, vec![2013.0]);
    }

    #[test]
    #[allow(clippy::float_cmp)] // Exact: decimation keeps the points themselves.
    fn decimation_keeps_peaks_and_bounds_the_points() {
        let mut points: Vec<[f64; 2]> = (0..10_000).map(|i| [f64::from(i), 1.0]).collect();
        points[4321][1] = 99.0;
        points[777][1] = -5.0;
        let few = decimate(&points, 400);
        assert!(few.len() <= 400, "{}", few.len());
        assert!(few.iter().any(|p| p == &[4321.0, 99.0]));
        assert!(few.iter().any(|p| p == &[777.0, -5.0]));
        assert!(few.windows(2).all(|w| w[0][0] < w[1][0]), "still in order");
        assert_eq!(decimate(&points[..10], 400).len(), 10);
    }
}
