//! Evaluating a formula: values as a formula sees them (a number, provisional or not, or a
//! symbol), combined with the statistics symbols carried through; the inputs come through
//! [`Inputs`].

use super::{Expr, Formula, Op, Reference};

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
