//! What a formula reads: its references, the codes of the indicators it reads (plain,
//! standardised, those that decide where the result exists), and a reference renamed.

use std::collections::BTreeSet;

use super::{Breakdown, Expr, Formula, Reference};

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
}
