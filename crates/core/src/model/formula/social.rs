//! A social index (Sozialindex), as cities build them to share school funding by need:
//! chosen indicators standardised among the districts of a city in the same period
//! (z-scores), turned so that a higher value always means more need, and averaged with
//! weights into one value per district, period and breakdown.
//!
//! It is stored as an ordinary computed indicator whose formula has one fixed shape —
//! `(2 * z([A]) + 1 * z([B]) - 1 * z([C])) / 4` — so it is kept current, charted, mapped,
//! reported and exported like any other; [`SocialIndex::read`] reads the parts back from
//! such a formula to show the method and to edit it.

use super::{Breakdown, Expr, Formula, Op};
use crate::model::Polarity;
use crate::t;

/// Whether a higher value of an indicator means more need or less.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Higher means more need (poverty, leaving school without a certificate).
    Higher,
    /// Higher means less need (day care attendance): counted the other way round.
    Lower,
}

impl Need {
    /// What an indicator's good direction says about need; `None` when it has none
    /// (neutral, a target band): then the planner must say.
    #[must_use]
    pub fn of(polarity: Polarity) -> Option<Need> {
        match polarity {
            Polarity::LowerIsBetter => Some(Need::Higher),
            Polarity::HigherIsBetter => Some(Need::Lower),
            Polarity::Neutral | Polarity::TargetBand => None,
        }
    }

    /// In words, for the method.
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            Need::Higher => t!("social.more_need").to_owned(),
            Need::Lower => t!("social.less_need").to_owned(),
        }
    }
}

/// One indicator of an index.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    /// The indicator's code.
    pub code: String,
    /// Its weight, above 0.
    pub weight: f64,
    /// Which direction means need.
    pub need: Need,
}

/// The parts of a social index.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SocialIndex {
    /// The indicators, in order.
    pub terms: Vec<Term>,
}

impl SocialIndex {
    /// The computed indicator's formula.
    #[must_use]
    pub fn formula(&self) -> String {
        let sum: Vec<String> = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, term)| {
                let (weight, code) = (number(term.weight), &term.code);
                match (i, term.need) {
                    (0, Need::Higher) => format!("{weight} * z([{code}])"),
                    (0, Need::Lower) => format!("-{weight} * z([{code}])"),
                    (_, Need::Higher) => format!(" + {weight} * z([{code}])"),
                    (_, Need::Lower) => format!(" - {weight} * z([{code}])"),
                }
            })
            .collect();
        let sum = sum.concat();
        format!("({sum}) / {}", number(self.total_weight()))
    }

    /// The sum of the weights.
    #[must_use]
    pub fn total_weight(&self) -> f64 {
        self.terms.iter().map(|t| t.weight).sum()
    }

    /// The method in words, for the indicator's source (report, export, definition);
    /// `name` gives an indicator's name by its code.
    #[must_use]
    pub fn method(&self, name: impl Fn(&str) -> String) -> String {
        let terms: Vec<String> = self
            .terms
            .iter()
            .map(|term| {
                t!(
                    "social.term",
                    name = name(&term.code),
                    weight = crate::i18n::format_number(term.weight),
                    direction = term.need.describe()
                )
            })
            .collect();
        t!("social.method", terms = terms.join("; "))
    }

    /// Makes `indicator` this index: its formula, its method as the definition, the source
    /// saying it is computed, a higher value worse (more need), two decimals and the unit
    /// when it has none. `name` gives an indicator's name by its code.
    pub fn apply_to(&self, indicator: &mut crate::model::Indicator, name: impl Fn(&str) -> String) {
        indicator.formula = self.formula();
        indicator.definition = self.method(name);
        indicator.source = t!("derive.source", formula = indicator.formula);
        indicator.polarity = Polarity::LowerIsBetter;
        indicator.decimals = 2;
        indicator.band_low = None;
        indicator.band_high = None;
        indicator.counts = false;
        if indicator.unit.is_empty() {
            t!("social.unit").clone_into(&mut indicator.unit);
        }
    }

    /// Reads the parts back from a formula of the shape [`SocialIndex::formula`] writes;
    /// `None` for any other formula.
    #[must_use]
    pub fn read(formula: &Formula) -> Option<SocialIndex> {
        let Expr::Binary(sum, Op::Div, total) = &formula.expr else {
            return None;
        };
        let Expr::Number(total) = total.as_ref() else {
            return None;
        };
        let mut index = SocialIndex::default();
        if !terms(sum, 1.0, &mut index.terms) || index.terms.is_empty() {
            return None;
        }
        ((index.total_weight() - total).abs() < 1e-9).then_some(index)
    }
}

/// Collects `± weight * z([CODE])` terms; false for anything else.
fn terms(expr: &Expr, sign: f64, out: &mut Vec<Term>) -> bool {
    let mut push = |weight: f64, sign: f64, reference: &super::Reference| {
        if reference.breakdown != Breakdown::Same || reference.previous || weight <= 0.0 {
            return false;
        }
        out.push(Term {
            code: reference.code.clone(),
            weight,
            need: if sign > 0.0 {
                Need::Higher
            } else {
                Need::Lower
            },
        });
        true
    };
    match expr {
        Expr::Binary(a, Op::Add, b) => terms(a, sign, out) && terms(b, sign, out),
        Expr::Binary(a, Op::Sub, b) => terms(a, sign, out) && terms(b, -sign, out),
        Expr::Neg(e) => terms(e, -sign, out),
        Expr::Z(reference) => push(1.0, sign, reference),
        Expr::Binary(weight, Op::Mul, z) => match (weight.as_ref(), z.as_ref()) {
            (Expr::Number(w), Expr::Z(reference)) => push(*w, sign, reference),
            (Expr::Neg(w), Expr::Z(reference)) => match w.as_ref() {
                Expr::Number(w) => push(*w, -sign, reference),
                _ => false,
            },
            _ => false,
        },
        _ => false,
    }
}

/// A weight as the formula writes it: no trailing zeros, a decimal point.
fn number(value: f64) -> String {
    let text = format!("{value}");
    text.strip_suffix(".0").unwrap_or(&text).to_owned()
}

/// The largest weight a term may have (weights say how much more one part counts than
/// another; beyond this the sum of the weights leaves the numbers a formula can write).
pub const MAX_WEIGHT: f64 = 1000.0;

/// One `--indicator` of the command line: `CODE`, `CODE:WEIGHT`, with `+` (higher means
/// more need) or `-` (higher means less need) in front to say or overrule the direction.
/// The error says what is wrong with it.
pub fn parse_term(given: &str) -> Result<(String, f64, Option<Need>), String> {
    let (need, rest) = match given.trim().chars().next() {
        Some('+') => (Some(Need::Higher), &given.trim()[1..]),
        Some('-') => (Some(Need::Lower), &given.trim()[1..]),
        _ => (None, given.trim()),
    };
    // The weight follows the last colon when it is a number: GENESIS codes hold colons
    // themselves (`12411:BEVSTD`).
    let (code, weight) = match rest.rsplit_once(':').and_then(|(code, weight)| {
        Some((code, weight.trim().replace(',', ".").parse::<f64>().ok()?))
    }) {
        Some((code, weight)) if weight > 0.0 && weight <= MAX_WEIGHT => (code, weight),
        Some(_) => return Err(t!("social.bad_weight", given = given)),
        None => (rest, 1.0),
    };
    let code = code.trim();
    if code.is_empty() {
        return Err(t!("social.no_code", given = given));
    }
    Ok((code.to_owned(), weight, need))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(terms: &[(&str, f64, Need)]) -> SocialIndex {
        SocialIndex {
            terms: terms
                .iter()
                .map(|(code, weight, need)| Term {
                    code: (*code).to_owned(),
                    weight: *weight,
                    need: *need,
                })
                .collect(),
        }
    }

    #[test]
    fn the_formula_turns_what_means_less_need_and_divides_by_the_weights() {
        let built = index(&[
            ("SGB2", 2.0, Need::Higher),
            ("KITA", 1.0, Need::Lower),
            ("OA", 0.5, Need::Higher),
        ]);
        assert_eq!(
            built.formula(),
            "(2 * z([SGB2]) - 1 * z([KITA]) + 0.5 * z([OA])) / 3.5"
        );
        let first_turned = index(&[("KITA", 1.0, Need::Lower), ("SGB2", 1.0, Need::Higher)]);
        assert_eq!(
            first_turned.formula(),
            "(-1 * z([KITA]) + 1 * z([SGB2])) / 2"
        );
    }

    #[test]
    fn the_parts_read_back_from_the_formula_and_nothing_else_reads_as_an_index() {
        let mut random = crate::model::testing::Lcg(16);
        for _ in 0..500 {
            let count = 1 + random.below(6);
            let terms: Vec<(String, f64, Need)> = (0..count)
                .map(|i| {
                    let weight = (1 + random.below(8)) as f64 / 2.0;
                    let need = if random.below(2) == 0 {
                        Need::Higher
                    } else {
                        Need::Lower
                    };
                    (format!("I{i}"), weight, need)
                })
                .collect();
            let built = SocialIndex {
                terms: terms
                    .iter()
                    .map(|(code, weight, need)| Term {
                        code: code.clone(),
                        weight: *weight,
                        need: *need,
                    })
                    .collect(),
            };
            let text = built.formula();
            let formula = Formula::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(SocialIndex::read(&formula), Some(built));
        }
        for other in [
            "100 * [A] / [B; total]",
            "(z([A]) + [B]) / 2",
            "(z([A]) + z([B])) / 3",
            "(z([A; total]) + z([B])) / 2",
            "z([A])",
        ] {
            let formula = Formula::parse(other).unwrap();
            assert_eq!(SocialIndex::read(&formula), None, "{other}");
        }
        let hand = Formula::parse("(z([A]) - z([B])) / 2").unwrap();
        assert_eq!(
            SocialIndex::read(&hand),
            Some(index(&[("A", 1.0, Need::Higher), ("B", 1.0, Need::Lower)]))
        );
    }

    #[test]
    fn standardised_values_have_mean_zero_and_deviation_one_and_keep_their_symbols() {
        let mut random = crate::model::testing::Lcg(29);
        for _ in 0..1_000 {
            let n = 2 + random.below(40) as usize;
            let scale = 10f64.powi(random.below(7) as i32 - 2);
            let values: Vec<f64> = (0..n).map(|_| random.unit() * scale).collect();
            let z: Vec<f64> = values
                .iter()
                .filter_map(|v| {
                    match super::super::standardise(
                        super::super::Value::Number {
                            value: *v,
                            provisional: false,
                        },
                        &values,
                    )? {
                        super::super::Value::Number { value, .. } => Some(value),
                        super::super::Value::Symbol(_) => None,
                    }
                })
                .collect();
            assert_eq!(z.len(), n, "{values:?}");
            let mean = z.iter().sum::<f64>() / n as f64;
            let sd = (z.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0)).sqrt();
            assert!(
                mean.abs() < 1e-9 && (sd - 1.0).abs() < 1e-9,
                "{values:?}: {mean} {sd}"
            );
            // Order is kept: the highest value has the highest score.
            let at = (0..n)
                .max_by(|a, b| values[*a].total_cmp(&values[*b]))
                .unwrap();
            assert!(z.iter().all(|v| *v <= z[at]));
        }
        let secret = super::super::Value::Symbol(".");
        assert_eq!(
            super::super::standardise(secret.clone(), &[1.0, 2.0]),
            Some(secret)
        );
        let one = super::super::Value::Number {
            value: 4.0,
            provisional: true,
        };
        assert_eq!(
            super::super::standardise(one.clone(), &[4.0, 4.0]),
            Some(super::super::Value::Symbol("x")),
            "districts that do not differ give no score"
        );
        assert_eq!(super::super::standardise(one, &[4.0]), None);
    }

    #[test]
    fn a_term_is_a_code_with_a_weight_and_a_direction() {
        assert_eq!(parse_term("SGB2"), Ok(("SGB2".into(), 1.0, None)));
        assert_eq!(parse_term("SGB2:2,5"), Ok(("SGB2".into(), 2.5, None)));
        assert_eq!(
            parse_term("-BQ_U3:2"),
            Ok(("BQ_U3".into(), 2.0, Some(Need::Lower)))
        );
        assert_eq!(parse_term("+X"), Ok(("X".into(), 1.0, Some(Need::Higher))));
        // GENESIS codes hold a colon: the weight is a number after the last one.
        assert_eq!(
            parse_term("-12411:BEVSTD"),
            Ok(("12411:BEVSTD".into(), 1.0, Some(Need::Lower)))
        );
        assert_eq!(
            parse_term("12411:BEVSTD:1,5"),
            Ok(("12411:BEVSTD".into(), 1.5, None))
        );
        assert_eq!(parse_term("X:1000"), Ok(("X".into(), 1000.0, None)));
        for bad in ["X:0", "X:-1", ":2", "-", "X:inf", "X:1e308", "X:1001"] {
            let message = parse_term(bad).unwrap_err();
            assert!(message.contains(bad), "{bad}: {message}");
        }
    }
}
