//! Reading a formula's text: a recursive-descent parser over arithmetic, `[CODE; …]`
//! references, `sum(…)` and `z(…)`, each error at its character.

use super::{Breakdown, Expr, Formula, FormulaError, Op, Reference};
use crate::t;

impl Formula {
    /// Parses a formula; an error says what is wrong and where.
    pub fn parse(text: &str) -> Result<Formula, FormulaError> {
        let mut parser = Parser {
            chars: text.chars().collect(),
            at: 0,
            depth: 0,
        };
        let expr = parser.expr()?;
        parser.space();
        if parser.at < parser.chars.len() {
            return Err(parser.error(t!("formula.unexpected", text = parser.rest())));
        }
        Ok(Formula { expr })
    }
}

/// How deep a formula's tree may grow (brackets, signs and the terms of one sum or
/// product each one level): far beyond what a planner writes, far below what would
/// exhaust the stack when it is read, computed or dropped.
pub const MAX_DEPTH: usize = 200;

struct Parser {
    chars: Vec<char>,
    at: usize,
    /// The depth of the tree so far (see [`MAX_DEPTH`]).
    depth: usize,
}

impl Parser {
    fn error(&self, message: String) -> FormulaError {
        FormulaError {
            position: self.at,
            message,
        }
    }

    fn rest(&self) -> String {
        self.chars[self.at..].iter().take(12).collect()
    }

    fn space(&mut self) {
        while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.space();
        self.chars.get(self.at).copied()
    }

    fn expect(&mut self, wanted: char) -> Result<(), FormulaError> {
        if self.peek() == Some(wanted) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(t!(
                "formula.expected",
                wanted = wanted,
                found = self.found()
            )))
        }
    }

    fn found(&self) -> String {
        if self.at >= self.chars.len() {
            t!("formula.end").to_owned()
        } else {
            format!("„{}“", self.rest())
        }
    }

    /// One level deeper, refused beyond [`MAX_DEPTH`].
    fn deeper(&mut self) -> Result<(), FormulaError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(t!("formula.too_deep", max = MAX_DEPTH)));
        }
        Ok(())
    }

    fn expr(&mut self) -> Result<Expr, FormulaError> {
        let entry = self.depth;
        let mut left = self.term()?;
        loop {
            let op = match self.peek() {
                Some('+') => Op::Add,
                Some('-') => Op::Sub,
                _ => {
                    self.depth = entry;
                    return Ok(left);
                }
            };
            self.at += 1;
            self.deeper()?;
            let right = self.term()?;
            left = Expr::Binary(Box::new(left), op, Box::new(right));
        }
    }

    fn term(&mut self) -> Result<Expr, FormulaError> {
        let entry = self.depth;
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Some('*') => Op::Mul,
                Some('/') => Op::Div,
                _ => {
                    self.depth = entry;
                    return Ok(left);
                }
            };
            self.at += 1;
            self.deeper()?;
            let right = self.unary()?;
            left = Expr::Binary(Box::new(left), op, Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Expr, FormulaError> {
        if self.peek() == Some('-') {
            self.at += 1;
            self.deeper()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Neg(Box::new(inner)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, FormulaError> {
        match self.peek() {
            Some('(') => {
                self.at += 1;
                self.deeper()?;
                let inner = self.expr()?;
                self.depth -= 1;
                self.expect(')')?;
                Ok(inner)
            }
            Some('[') => {
                let reference = self.reference()?;
                if let Breakdown::All(_) = reference.breakdown {
                    return Err(FormulaError {
                        position: reference.position,
                        message: t!("formula.star_outside_sum").to_owned(),
                    });
                }
                Ok(Expr::Ref(reference))
            }
            Some(c) if c.is_ascii_digit() || c == '.' => self.number(),
            Some(c) if c.is_alphabetic() => {
                let start = self.at;
                let word: String = self.chars[self.at..]
                    .iter()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                self.at += word.chars().count();
                if word.eq_ignore_ascii_case("z") {
                    self.expect('(')?;
                    let reference = self.reference()?;
                    if matches!(reference.breakdown, Breakdown::All(_)) {
                        return Err(FormulaError {
                            position: reference.position,
                            message: t!("formula.star_outside_sum").to_owned(),
                        });
                    }
                    self.expect(')')?;
                    return Ok(Expr::Z(reference));
                }
                if !word.eq_ignore_ascii_case("sum") {
                    self.at = start;
                    return Err(self.error(t!("formula.unknown_word", word = word)));
                }
                self.expect('(')?;
                let reference = self.reference()?;
                if !matches!(reference.breakdown, Breakdown::All(_)) {
                    return Err(FormulaError {
                        position: reference.position,
                        message: t!("formula.sum_needs_star").to_owned(),
                    });
                }
                self.expect(')')?;
                Ok(Expr::Sum(reference))
            }
            _ => Err(self.error(t!("formula.expected_value", found = self.found()))),
        }
    }

    fn number(&mut self) -> Result<Expr, FormulaError> {
        let start = self.at;
        let text: String = self.chars[self.at..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == '.')
            .collect();
        self.at += text.len();
        text.parse::<f64>()
            .map(Expr::Number)
            .map_err(|_| FormulaError {
                position: start,
                message: t!("formula.bad_number", text = text),
            })
    }

    /// `[CODE; qualifier; …]`
    fn reference(&mut self) -> Result<Reference, FormulaError> {
        self.space();
        let position = self.at;
        self.expect('[')?;
        let close = self.chars[self.at..]
            .iter()
            .position(|c| *c == ']')
            .map(|n| self.at + n)
            .ok_or_else(|| FormulaError {
                position,
                message: t!("formula.unclosed").to_owned(),
            })?;
        let inside: String = self.chars[self.at..close].iter().collect();
        let mut parts = inside.split(';').map(str::trim);
        let code = parts.next().unwrap_or_default().to_owned();
        // A code may hold spaces (an imported table's title often is one): the brackets
        // and the semicolons delimit it.
        if code.is_empty() {
            return Err(FormulaError {
                position: position + 1,
                message: t!("formula.bad_code", code = code),
            });
        }
        let mut reference = Reference {
            code,
            breakdown: Breakdown::Same,
            previous: false,
            position,
        };
        for part in parts {
            let lower = part.to_lowercase();
            if lower == "total" || lower == "insgesamt" {
                reference.breakdown = Breakdown::Total;
            } else if lower == "previous" || lower == "vorjahr" || lower == "vorperiode" {
                reference.previous = true;
            } else if let Some((dimension, member)) = part.split_once('=') {
                let (dimension, member) = (dimension.trim(), member.trim());
                if dimension.is_empty() || member.is_empty() {
                    return Err(FormulaError {
                        position,
                        message: t!("formula.bad_qualifier", part = part),
                    });
                }
                reference.breakdown = if member == "*" {
                    Breakdown::All(dimension.to_owned())
                } else {
                    Breakdown::Member(format!("{dimension}={member}"))
                };
            } else {
                return Err(FormulaError {
                    position,
                    message: t!("formula.bad_qualifier", part = part),
                });
            }
        }
        self.at = close + 1;
        Ok(reference)
    }
}
