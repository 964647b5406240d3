//! Whether a formula can be computed in a project: the codes it reads exist, it does not
//! read itself through other formulas, and the dimensions and members it names are its
//! inputs' — each refusal with its position and, for a misspelt name, the nearest ones.

use std::collections::BTreeSet;

use super::{Breakdown, Formula, FormulaError};
use crate::t;

impl Formula {
    /// An error at the first reference to a code `known` does not know.
    pub fn check_codes(&self, known: impl Fn(&str) -> bool) -> Result<(), FormulaError> {
        match self.references().into_iter().find(|r| !known(&r.code)) {
            Some(r) => Err(FormulaError {
                position: r.position,
                message: t!("formula.unknown_code", code = r.code),
            }),
            None => Ok(()),
        }
    }

    /// Checks every `Dimension=Member` and `Dimension=*` the formula names against what its
    /// input has (`members_of`: an indicator's dimensions and their members, by code): an
    /// unknown one is refused with its position and the nearest names.
    pub fn check_breakdowns(
        &self,
        members_of: impl Fn(&str) -> Members,
    ) -> Result<(), FormulaError> {
        for reference in self.references() {
            let (dimension, member) = match &reference.breakdown {
                Breakdown::Member(key) => match key.split_once('=') {
                    Some((d, m)) => (d, Some(m)),
                    None => continue,
                },
                Breakdown::All(dimension) => (dimension.as_str(), None),
                Breakdown::Same | Breakdown::Total => continue,
            };
            let known = members_of(&reference.code);
            let fail = |message: String| {
                Err(FormulaError {
                    position: reference.position,
                    message,
                })
            };
            let Some(members) = known.get(dimension) else {
                if known.is_empty() {
                    return fail(t!("formula.no_breakdown", code = reference.code));
                }
                return fail(t!(
                    "formula.unknown_dimension",
                    code = reference.code,
                    dimension = dimension,
                    hint = hint(dimension, known.keys())
                ));
            };
            if let Some(member) = member
                && !members.contains(member)
            {
                return fail(t!(
                    "formula.unknown_member",
                    code = reference.code,
                    dimension = dimension,
                    member = member,
                    hint = hint(member, members.iter())
                ));
            }
        }
        Ok(())
    }
}

/// An input's dimensions and their members, by code (`Geschlecht` → `männlich`,
/// `weiblich`).
pub type Members = std::collections::BTreeMap<String, BTreeSet<String>>;

/// "Did you mean …" with the names nearest to `wanted` (at most three), else the names
/// there are (at most eight).
fn hint<'a>(wanted: &str, names: impl Iterator<Item = &'a String>) -> String {
    let names: Vec<&String> = names.collect();
    let mut near: Vec<(f64, &String)> = names
        .iter()
        .map(|n| {
            let score =
                strsim::normalized_damerau_levenshtein(&wanted.to_lowercase(), &n.to_lowercase());
            (score, *n)
        })
        .filter(|(score, _)| *score >= 0.5)
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0));
    let quoted = |list: &[&String]| {
        list.iter()
            .map(|n| t!("formula.quoted", name = n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if near.is_empty() {
        let shown: Vec<&String> = names.iter().take(8).copied().collect();
        t!("formula.there_are", names = quoted(&shown))
    } else {
        let shown: Vec<&String> = near.iter().take(3).map(|(_, n)| *n).collect();
        t!("formula.did_you_mean", names = quoted(&shown))
    }
}

/// Checks a formula for the indicator `code` in a project of `indicators` (with their
/// formulas as stored): it parses, every code it reads exists, and it does not read itself,
/// directly or through other computed indicators (the loop is named, `A → B → A`).
pub fn check_in(
    indicators: &[crate::model::Indicator],
    code: &str,
    text: &str,
) -> Result<Formula, FormulaError> {
    let formula = Formula::parse(text)?;
    formula.check_codes(|c| c == code || indicators.iter().any(|i| i.code == c))?;
    // Follow the references through the stored formulas, this one standing for `code`.
    let reads = |c: &str| -> BTreeSet<String> {
        if c == code {
            return formula.codes();
        }
        indicators
            .iter()
            .find(|i| i.code == c && !i.formula.is_empty())
            .and_then(|i| Formula::parse(&i.formula).ok())
            .map(|f| f.codes())
            .unwrap_or_default()
    };
    for first in formula.references() {
        let mut path = vec![code.to_owned(), first.code.clone()];
        let mut seen = BTreeSet::new();
        if let Some(cycle) = find_loop(&first.code, code, &reads, &mut path, &mut seen) {
            return Err(FormulaError {
                position: first.position,
                message: t!("formula.loop", cycle = cycle.join(" → ")),
            });
        }
    }
    Ok(formula)
}

/// A path from `at` back to `target` through what each code reads, if there is one.
fn find_loop(
    at: &str,
    target: &str,
    reads: &dyn Fn(&str) -> BTreeSet<String>,
    path: &mut Vec<String>,
    seen: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if at == target {
        return Some(path.clone());
    }
    if !seen.insert(at.to_owned()) {
        return None;
    }
    for next in reads(at) {
        path.push(next.clone());
        if let Some(cycle) = find_loop(&next, target, reads, path, seen) {
            return Some(cycle);
        }
        path.pop();
    }
    None
}
