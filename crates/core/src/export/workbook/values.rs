//! How one value is written: a number typed, a symbol in its place, a flag shown by the
//! number's format (`12,5 p`, `(12,5)`) and listed on the flags sheet.

use super::cells::number_pattern;

/// One observation's value as the data sheet holds it.
pub(super) enum Cell {
    Number(f64),
    Text(String),
    Empty,
}

/// The value cell and the symbol column of an observation: a number typed, a symbol that
/// stands for the number (`.`, `-`) as text in its place, a number in parentheses as the
/// number with `()` beside it.
pub(super) fn value_cell(value: Option<f64>, symbol: Option<&str>) -> (Cell, Option<String>) {
    match (value, symbol) {
        (Some(_), Some("-")) => (Cell::Text("-".to_owned()), None),
        (Some(value), Some(symbol)) => (Cell::Number(value), Some(symbol.to_owned())),
        (Some(value), None) => (Cell::Number(value), None),
        (None, Some(symbol)) => (Cell::Text(symbol.to_owned()), None),
        (None, None) => (Cell::Empty, None),
    }
}

/// The number format of a value with a flag: the number as its indicator's decimals
/// show it, in parentheses for limited reliability (`(12,5)`), followed by its quality
/// flag (`12,5 p`); the cell stays a number.
pub(super) fn flagged_pattern(decimals: i64, parentheses: bool, quality: Option<&str>) -> String {
    let number = number_pattern(decimals);
    let mut after = String::new();
    if parentheses {
        after.push(')');
    }
    if let Some(quality) = quality {
        after.push(' ');
        after.push_str(&quality.replace('"', ""));
    }
    let before = if parentheses { "\"(\"" } else { "" };
    if after.is_empty() {
        format!("{before}{number}")
    } else {
        format!("{before}{number}\"{after}\"")
    }
}

/// A value of a wide sheet that carries a flag: where it stands and what it is, for the
/// flags sheet (`about::flags_sheet`).
pub(super) struct Flagged {
    pub(super) sheet: String,
    pub(super) row: u32,
    pub(super) column: u16,
    pub(super) indicator: String,
    pub(super) region: String,
    pub(super) breakdown: String,
    pub(super) period: String,
    pub(super) value: f64,
    pub(super) decimals: i64,
    pub(super) symbol: Option<String>,
    pub(super) quality: Option<String>,
}

/// The room a flag takes beside its number in a cell: at least as wide as the number
/// with it (a rough count, as the columns are sized).
pub(super) fn widths_of_flags(parentheses: bool, quality: Option<&str>) -> usize {
    10 + if parentheses { 2 } else { 0 } + quality.map_or(0, |q| q.chars().count() + 1)
}
