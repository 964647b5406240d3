//! Cells as text: numbers in the sheet's decimal mark (a key's with its official width, a
//! flagged number as the value parser reads it), dates, truth values, errors, a text on
//! one line.

use std::borrow::Cow;

use super::super::values::Decimal;
use super::cells::Cell;
use super::flags::Flag;
use super::keys::{KeyWidths, SplitKey, parts_of_record};

/// A number as text in the sheet's decimal mark, without thousands separators.
#[cfg(test)]
pub(super) fn number_text(number: f64, decimal: Decimal) -> String {
    let mut text = String::new();
    number_into(&mut text, number, decimal);
    text
}

/// Appends a number as text in the sheet's decimal mark, without thousands separators.
pub(super) fn number_into(buffer: &mut String, number: f64, decimal: Decimal) {
    use std::fmt::Write as _;
    let start = buffer.len();
    let written = if number.fract() == 0.0 && number.abs() < 1e15 {
        // Exact as an integer, and written as one much faster than a float.
        write!(buffer, "{}", number as i64)
    } else {
        write!(buffer, "{number}")
    };
    written.expect("writing to a String cannot fail");
    if decimal == Decimal::Comma
        && let Some(at) = buffer[start..].find('.')
    {
        buffer.replace_range(start + at..=start + at, ",");
    }
}

/// A cell's text as written on one line (a line break inside it as U+2028).
pub(super) fn clean(text: &str) -> Cow<'_, str> {
    if text.contains(['\n', '\r']) {
        Cow::Owned(
            text.replace("\r\n", "\u{2028}")
                .replace(['\n', '\r'], "\u{2028}"),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// Cells as text, in the sheet's decimal mark, through one buffer.
pub(super) struct Render {
    pub(super) decimal: Decimal,
    pub(super) buffer: String,
}

impl Render {
    /// A cell as text: a number in the decimal mark (a key's with its official width), a
    /// date as `2023-12-31`, a truth value as 1 or 0, an error as Excel writes it, a text
    /// on one line.
    pub(super) fn text<'c>(&'c mut self, cell: &'c Cell<'_>, key: Option<KeyWidths>) -> &'c str {
        match cell {
            Cell::Empty => "",
            Cell::Text(text) => match clean(text) {
                Cow::Borrowed(text) => text,
                Cow::Owned(text) => {
                    self.buffer = text;
                    &self.buffer
                }
            },
            Cell::Number(number) => {
                self.buffer.clear();
                match key {
                    Some(widths) if number.fract() == 0.0 && *number >= 0.0 => {
                        self.buffer = widths.pad(&format!("{number:.0}"));
                    }
                    _ => number_into(&mut self.buffer, *number, self.decimal),
                }
                &self.buffer
            }
            Cell::Date(text) | Cell::Error(text) => text,
            Cell::Bool(flag) => {
                if *flag {
                    "1"
                } else {
                    "0"
                }
            }
        }
    }

    /// A number that carries a flag as the value parser reads it: `(12,5)`, `12,5 p`,
    /// `(12,5) p`.
    pub(super) fn flagged(&mut self, number: f64, flag: &Flag) -> &str {
        self.buffer.clear();
        if flag.parentheses {
            self.buffer.push('(');
        }
        number_into(&mut self.buffer, number, self.decimal);
        if flag.parentheses {
            self.buffer.push(')');
        }
        if let Some(quality) = &flag.quality {
            self.buffer.push(' ');
            self.buffer.push_str(quality);
        }
        &self.buffer
    }

    /// A key split over columns, joined: as many parts as the row's record type says
    /// (all where it has none), each with its width.
    pub(super) fn key(&mut self, row: &[Cell<'_>], split: &SplitKey) -> String {
        let used = split
            .record
            .and_then(|r| row.get(r))
            .and_then(|c| parts_of_record(self.text(c, None)));
        let mut key = String::new();
        for (index, &(column, width)) in split.parts.iter().enumerate() {
            if used.is_some_and(|used| index >= used) {
                break;
            }
            let cell = row.get(column).unwrap_or(&Cell::Empty);
            if cell.is_empty() {
                break;
            }
            key.push_str(self.text(cell, Some(KeyWidths::Part(width))));
        }
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::values::Decimal;

    #[test]
    fn numbers_follow_the_sheet_s_decimal_mark() {
        assert_eq!(number_text(45.6, Decimal::Comma), "45,6");
        assert_eq!(number_text(45.6, Decimal::Point), "45.6");
        assert_eq!(number_text(92550.0, Decimal::Comma), "92550");
        assert_eq!(number_text(-3.0, Decimal::Point), "-3");
    }
}
