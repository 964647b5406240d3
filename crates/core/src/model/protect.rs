//! Small counts protected (Geheimhaltung): which values of a published table must not be
//! shown, so that no count below the threshold can be seen or worked out.
//!
//! # The rule
//!
//! 1. **Primary:** a count `v` with `0 < v < N` is hidden (shown as `.`, with a footnote
//!    "fewer than N cases").
//! 2. **Secondary:** a table has *relations* — a total and the parts that add up to it (the
//!    members of a breakdown and their total; the districts of a city when they add up to
//!    the city's value). When exactly one value of a relation is hidden, it could be worked
//!    out by subtraction; so one more value of that relation is hidden: the smallest shown
//!    count above zero among its parts (the total only when no part is left), so that as
//!    little as possible is lost. This repeats until no relation has exactly one hidden
//!    value — a hidden value may make another relation need a second one.
//! 3. A computed value that reads a hidden count is hidden too (a rate whose numerator is
//!    protected is protected) — applied by the caller, who knows the formulas.
//!
//! Zeros and symbols are never hidden as primary cells (a true zero tells nothing about
//! persons); they are chosen as secondary cells only when nothing else is left.

/// A total and the values that add up to it, by their index in the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    /// The total's index.
    pub total: usize,
    /// The parts' indices.
    pub parts: Vec<usize>,
}

/// Which values of a table to hide: `values[i]` is cell `i`'s count (`None` where a symbol
/// stands), `relations` the sums the table holds, `min` the threshold N.
#[must_use]
pub fn protect(values: &[Option<f64>], relations: &[Relation], min: f64) -> Vec<bool> {
    let mut hidden: Vec<bool> = values
        .iter()
        .map(|v| v.is_some_and(|v| v > 0.0 && v < min))
        .collect();
    // Until every relation has no hidden value or at least two.
    loop {
        let mut changed = false;
        for relation in relations {
            let cells = std::iter::once(relation.total).chain(relation.parts.iter().copied());
            let count = cells.clone().filter(|&c| hidden[c]).count();
            if count != 1 {
                continue;
            }
            // The smallest shown count above zero among the parts; else any shown part; else
            // the total.
            let rank = |c: usize| match values[c] {
                Some(v) if v > 0.0 => (0, v),
                Some(v) => (1, v),
                None => (2, 0.0),
            };
            let choice = relation
                .parts
                .iter()
                .copied()
                .filter(|&c| !hidden[c])
                .min_by(|&a, &b| {
                    let (ra, va) = rank(a);
                    let (rb, vb) = rank(b);
                    ra.cmp(&rb).then(va.total_cmp(&vb))
                })
                .or_else(|| (!hidden[relation.total]).then_some(relation.total));
            if let Some(cell) = choice {
                hidden[cell] = true;
                changed = true;
            }
        }
        if !changed {
            return hidden;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::testing::Lcg;

    /// A random table: a region tree (a city, districts, neighbourhoods) × a breakdown with
    /// a total and members, counts small and large; every relation the table holds.
    fn table(random: &mut Lcg) -> (Vec<Option<f64>>, Vec<Relation>) {
        let members = 1 + random.below(4) as usize;
        let columns = members + 1; // the total first
        let districts = 1 + random.below(5) as usize;
        let neighbourhoods: Vec<usize> = (0..districts).map(|_| random.below(4) as usize).collect();
        // Rows: the city, then each district followed by its neighbourhoods.
        let mut rows: Vec<Option<usize>> = vec![None]; // parent row
        for &n in &neighbourhoods {
            let row = rows.len();
            rows.push(Some(0));
            for _ in 0..n {
                rows.push(Some(row));
            }
        }
        let index = |row: usize, column: usize| row * columns + column;
        let mut values = vec![0.0; rows.len() * columns];
        // Leaves get counts; everything else sums.
        let is_leaf = |row: usize| !rows.contains(&Some(row));
        for row in (0..rows.len()).rev() {
            for column in 1..columns {
                if is_leaf(row) {
                    values[index(row, column)] = match random.below(4) {
                        0 => 0.0,
                        1 => (1 + random.below(2)) as f64,
                        _ => random.below(40) as f64,
                    };
                }
            }
            if !is_leaf(row) {
                for column in 1..columns {
                    values[index(row, column)] = (0..rows.len())
                        .filter(|r| rows[*r] == Some(row))
                        .map(|r| values[index(r, column)])
                        .sum();
                }
            }
            values[index(row, 0)] = (1..columns).map(|c| values[index(row, c)]).sum();
        }
        let mut relations = Vec::new();
        for row in 0..rows.len() {
            if members > 1 {
                relations.push(Relation {
                    total: index(row, 0),
                    parts: (1..columns).map(|c| index(row, c)).collect(),
                });
            }
            let children: Vec<usize> = (0..rows.len()).filter(|r| rows[*r] == Some(row)).collect();
            if !children.is_empty() {
                for column in 0..columns {
                    relations.push(Relation {
                        total: index(row, column),
                        parts: children.iter().map(|r| index(*r, column)).collect(),
                    });
                }
            }
        }
        (values.into_iter().map(Some).collect(), relations)
    }

    #[test]
    fn no_protected_count_can_be_worked_out_and_none_below_the_threshold_is_shown() {
        for seed in 0..3_000 {
            let mut random = Lcg(seed);
            let (values, relations) = table(&mut random);
            let hidden = protect(&values, &relations, 3.0);
            for (cell, value) in values.iter().enumerate() {
                if value.is_some_and(|v| v > 0.0 && v < 3.0) {
                    assert!(hidden[cell], "seed {seed}: {value:?} at {cell} is shown");
                }
            }
            for relation in &relations {
                let count = std::iter::once(relation.total)
                    .chain(relation.parts.iter().copied())
                    .filter(|&c| hidden[c])
                    .count();
                assert_ne!(
                    count, 1,
                    "seed {seed}: {relation:?} leaves one hidden value to subtract"
                );
            }
        }
    }

    /// Naive suppression leaks here: hiding only the 2 lets it be worked out from the total
    /// 30 and the shown 28; the smallest other part (5, not 20) is hidden with it.
    #[test]
    fn the_smallest_other_part_is_hidden_with_a_small_count() {
        let values = [Some(30.0), Some(2.0), Some(5.0), Some(23.0)];
        let relations = [Relation {
            total: 0,
            parts: vec![1, 2, 3],
        }];
        assert_eq!(
            protect(&values, &relations, 3.0),
            [false, true, true, false]
        );
        // A second relation through the hidden 5 (a district and its two neighbourhoods)
        // already has two hidden values (the 5 and its primary 1): nothing more to hide.
        let values = [
            Some(30.0),
            Some(2.0),
            Some(5.0),
            Some(23.0),
            Some(4.0),
            Some(1.0),
        ];
        let relations = [
            Relation {
                total: 0,
                parts: vec![1, 2, 3],
            },
            Relation {
                total: 2,
                parts: vec![4, 5],
            },
        ];
        let hidden = protect(&values, &relations, 3.0);
        assert_eq!(hidden, [false, true, true, false, false, true]);
    }
}
