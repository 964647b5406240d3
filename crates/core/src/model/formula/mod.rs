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

use crate::t;

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

mod check;
mod eval;
mod parse;
mod reads;
mod source;

pub use check::{Members, check_in};
pub use eval::{Inputs, Value, standardise};
pub use source::source_follows;

pub mod social;

#[cfg(test)]
mod tests;
