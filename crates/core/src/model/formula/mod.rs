//! Computed indicators: a small formula language and its evaluation with the statistics
//! symbols carried through. No I/O: the values come through [`Inputs`].
//!
//! # The language
//!
//! - numbers (`100`, `0.5`), `+ - * /`, parentheses, a leading minus;
//! - `[CODE]`: that indicator at the same region, period and breakdown;
//! - `[CODE; total]`: its total (no breakdown) at the same region and period;
//! - `[CODE; Dimension=Member]`: one member of a breakdown (the observation whose breakdown
//!   is exactly that member) at the same region and period;
//! - `[CODE; previous]`: its value in the previous period (combinable:
//!   `[CODE; total; previous]`);
//! - `sum([CODE; Dimension=*])`: the sum over the members of a dimension;
//! - `z([CODE])`: the value standardised among the regions of the same level (a city's
//!   districts, a Land's Kreise) in the same period and breakdown (z-score: minus their
//!   mean, divided by their standard deviation) — for a social index.
//!
//! Rates: `100 * [KITA_U3] / [BEV_U3; total]`; per 1,000: `1000 * [X] / [BEV; total]`;
//! shares: `100 * [X] / [X; total]`; age groups: `[A; ALT=U3] + [A; ALT=3B6]`; change:
//! `[X] - [X; previous]`.
//!
//! # Symbols
//!
//! An input that is a symbol instead of a number makes the result that symbol: `.`
//! (secret), `x` (not meaningful), `/` (too uncertain), `...` (not yet available) — when two
//! differ, the first in that order wins; any other symbol without a number counts as `...`.
//! `-` (nothing, a true zero) counts as 0. A division by zero gives `x`. The result is
//! provisional (`p`) when an input is. Where an input has no observation at all, there is
//! no result (never a number where an input had none); a sum needs at least one member.
//! The result exists for every region, period and breakdown of the inputs referred to as
//! plain `[CODE]` (or, without such references, for every region and period of the
//! others' totals).

use std::collections::BTreeSet;

use crate::t;

/// Whether an indicator's `source` only says how it is computed from `formula` ("Berechnet:
/// …", in either language), or is empty: then a new formula may write its own, and a
/// source someone wrote stays. The language it is in, or `None` for a source of its own.
#[must_use]
pub fn source_follows(source: &str, formula: &str) -> Option<crate::i18n::Lang> {
    let lang = crate::i18n::lang();
    if source.trim().is_empty() {
        return Some(lang);
    }
    crate::i18n::Lang::ALL.iter().copied().find(|lang| {
        source == crate::i18n::tr_in(*lang, "derive.source").replace("{formula}", formula.trim())
    })
}

/// A parsed formula.
#[derive(Clone, Debug, PartialEq)]
pub struct Formula {
    expr: Expr,
}

#[derive(Clone, Debug, PartialEq)]
enum Expr {
    Number(f64),
    Ref(Reference),
    Sum(Reference),
    Z(Reference),
    Neg(Box<Expr>),
    Binary(Box<Expr>, Op, Box<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

/// Which observation a reference means, relative to the cell being computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The indicator's code.
    pub code: String,
    /// Where the breakdown comes from.
    pub breakdown: Breakdown,
    /// The previous period instead of the same.
    pub previous: bool,
    /// Where it starts in the formula (characters), for messages.
    position: usize,
}

/// The breakdown a reference reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Breakdown {
    /// The cell's own.
    Same,
    /// None: the total.
    Total,
    /// Exactly this key (`Dimension=Member`).
    Member(String),
    /// Every member of this dimension (inside `sum(…)`).
    All(String),
}

/// What is wrong with a formula, and where (a character position, from 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormulaError {
    /// The character where it goes wrong, from 0.
    pub position: usize,
    /// What is wrong, in the user's language.
    pub message: String,
}

impl std::fmt::Display for FormulaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}",
            t!(
                "formula.error",
                position = self.position + 1,
                message = self.message
            )
        )
    }
}

impl std::error::Error for FormulaError {}

/// A value as a formula sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A number, provisional or not.
    Number {
        /// The number.
        value: f64,
        /// Provisional (`p`): an input was.
        provisional: bool,
    },
    /// A symbol standing instead of a number.
    Symbol(&'static str),
}

/// The symbols that stand instead of a number, strongest first.
const SYMBOLS: [&str; 4] = [".", "x", "/", "..."];

impl Value {
    /// As shown in a table: the number with `decimals` (and ` p` when provisional), or the
    /// symbol.
    #[must_use]
    pub fn text(&self, decimals: usize) -> String {
        match self {
            Value::Number { value, provisional } => format!(
                "{}{}",
                crate::i18n::format_decimal(*value, decimals),
                if *provisional { " p" } else { "" }
            ),
            Value::Symbol(symbol) => (*symbol).to_owned(),
        }
    }

    /// What an observation's value, symbol and quality flag mean to a formula.
    #[must_use]
    pub fn of(value: Option<f64>, symbol: Option<&str>, quality: Option<&str>) -> Value {
        let provisional = quality == Some("p") || symbol == Some("p");
        match (value, symbol) {
            (_, Some("-")) => Value::Number {
                value: 0.0,
                provisional,
            },
            (Some(value), _) => Value::Number { value, provisional },
            (None, Some(symbol)) => Value::Symbol(
                SYMBOLS
                    .iter()
                    .find(|s| **s == symbol)
                    .copied()
                    .unwrap_or("..."),
            ),
            (None, None) => Value::Symbol("..."),
        }
    }

    fn combine(left: Value, right: Value, op: Op) -> Value {
        match (left, right) {
            (Value::Symbol(first), Value::Symbol(second)) => Value::Symbol(stronger(first, second)),
            (Value::Symbol(symbol), _) | (_, Value::Symbol(symbol)) => Value::Symbol(symbol),
            (
                Value::Number {
                    value: a,
                    provisional: a_provisional,
                },
                Value::Number {
                    value: b,
                    provisional: b_provisional,
                },
            ) => {
                let value = match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div if b == 0.0 => return Value::Symbol("x"),
                    Op::Div => a / b,
                };
                if value.is_finite() {
                    Value::Number {
                        value,
                        provisional: a_provisional || b_provisional,
                    }
                } else {
                    Value::Symbol("x")
                }
            }
        }
    }
}

/// Of two symbols, the one that wins: `.` before `x` before `/` before `...`.
fn stronger(a: &'static str, b: &'static str) -> &'static str {
    let rank = |s: &str| {
        SYMBOLS
            .iter()
            .position(|x| *x == s)
            .unwrap_or(SYMBOLS.len())
    };
    if rank(b) < rank(a) { b } else { a }
}

/// Where a formula's values come from, for places of type `At` (a region, period and
/// breakdown, however the caller names them).
pub trait Inputs {
    /// A place a formula is evaluated at.
    type At;
    /// The observation a reference means at `at` (its own breakdown, the total or one
    /// member; this period or the previous), if there is one.
    fn value(&self, reference: &Reference, at: &Self::At) -> Option<Value>;
    /// The observations of every member of the reference's dimension at `at`.
    fn members(&self, reference: &Reference, at: &Self::At) -> Vec<Value>;
    /// The reference's value at `at` standardised among the regions of the same level (the
    /// city's districts) in the same period and breakdown: (value − mean) / standard
    /// deviation; `None` without a value or with fewer than two such regions.
    fn standardised(&self, reference: &Reference, at: &Self::At) -> Option<Value>;
}

/// A value standardised among `values` (the districts' numbers): `x` where they do not
/// vary, the symbol where the value is one, provisional when it is.
#[must_use]
pub fn standardise(value: Value, values: &[f64]) -> Option<Value> {
    if values.len() < 2 {
        return None;
    }
    let Value::Number { value, provisional } = value else {
        return Some(value);
    };
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    if sd <= f64::EPSILON {
        return Some(Value::Symbol("x"));
    }
    Some(Value::Number {
        value: (value - mean) / sd,
        provisional,
    })
}

impl Formula {
    /// Every reference, in the order written.
    #[must_use]
    pub fn references(&self) -> Vec<&Reference> {
        fn walk<'a>(expr: &'a Expr, out: &mut Vec<&'a Reference>) {
            match expr {
                Expr::Number(_) => {}
                Expr::Ref(r) | Expr::Sum(r) | Expr::Z(r) => out.push(r),
                Expr::Neg(e) => walk(e, out),
                Expr::Binary(a, _, b) => {
                    walk(a, out);
                    walk(b, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.expr, &mut out);
        out
    }

    /// The codes of the indicators it reads.
    #[must_use]
    pub fn codes(&self) -> BTreeSet<String> {
        self.references().iter().map(|r| r.code.clone()).collect()
    }

    /// The formula `text` with every reference to the indicator `from` made a reference to
    /// `to`, the rest of the text as written (spaces, qualifiers, numbers); `None` when the
    /// text does not parse or does not read `from`.
    #[must_use]
    pub fn rename(text: &str, from: &str, to: &str) -> Option<String> {
        let formula = Formula::parse(text).ok()?;
        let mut chars: Vec<char> = text.chars().collect();
        let mut starts: Vec<usize> = formula
            .references()
            .into_iter()
            .filter(|r| r.code == from)
            .map(|r| r.position)
            .collect();
        if starts.is_empty() {
            return None;
        }
        // From the last, so the positions before stay where they are.
        starts.sort_unstable();
        let length = from.chars().count();
        for &bracket in starts.iter().rev() {
            let mut start = bracket + 1;
            while chars.get(start).is_some_and(|c| c.is_whitespace()) {
                start += 1;
            }
            chars.splice(start..start + length, to.chars());
        }
        Some(chars.into_iter().collect())
    }

    /// The codes read standardised (`z([CODE])`): their values among the districts are
    /// needed, not only the value at the place.
    #[must_use]
    pub fn standardised_codes(&self) -> BTreeSet<String> {
        fn walk(expr: &Expr, out: &mut BTreeSet<String>) {
            match expr {
                Expr::Z(r) => {
                    out.insert(r.code.clone());
                }
                Expr::Neg(e) => walk(e, out),
                Expr::Binary(a, _, b) => {
                    walk(a, out);
                    walk(b, out);
                }
                Expr::Number(_) | Expr::Ref(_) | Expr::Sum(_) => {}
            }
        }
        let mut out = BTreeSet::new();
        walk(&self.expr, &mut out);
        out
    }

    /// The codes whose plain references (`[CODE]`) decide where the result exists.
    #[must_use]
    pub fn driving_codes(&self) -> BTreeSet<String> {
        self.references()
            .iter()
            .filter(|r| r.breakdown == Breakdown::Same && !r.previous)
            .map(|r| r.code.clone())
            .collect()
    }

    /// The value at one place; `None` where an input has no observation.
    pub fn eval<I: Inputs>(&self, inputs: &I, at: &I::At) -> Option<Value> {
        eval(&self.expr, inputs, at)
    }
}

fn eval<I: Inputs>(expr: &Expr, inputs: &I, at: &I::At) -> Option<Value> {
    match expr {
        Expr::Number(value) => Some(Value::Number {
            value: *value,
            provisional: false,
        }),
        Expr::Ref(reference) => inputs.value(reference, at),
        Expr::Z(reference) => inputs.standardised(reference, at),
        Expr::Sum(reference) => inputs
            .members(reference, at)
            .into_iter()
            .reduce(|a, b| Value::combine(a, b, Op::Add)),
        Expr::Neg(e) => eval(e, inputs, at).map(|v| match v {
            Value::Number { value, provisional } => Value::Number {
                value: -value,
                provisional,
            },
            symbol @ Value::Symbol(_) => symbol,
        }),
        Expr::Binary(a, op, b) => {
            let a = eval(a, inputs, at)?;
            let b = eval(b, inputs, at)?;
            Some(Value::combine(a, b, *op))
        }
    }
}

mod check;
mod parse;

pub use check::{Members, check_in};

pub mod social;

#[cfg(test)]
mod tests;
