//! The workbook's shared writing pieces: sheet names Excel takes, the header's and the
//! numbers' formats, columns sized to their content, a text cell, saving.

use std::collections::BTreeSet;
use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::export::{ExportError, Written};

/// The widest a column is sized, in characters.
const MAX_WIDTH: usize = 60;

/// A sheet name Excel takes: at most 31 characters, none of `[]:*?/\`, not used yet.
pub(super) fn sheet_name(wanted: &str, used: &mut BTreeSet<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let clean = if clean.is_empty() { "_" } else { clean };
    let base: String = clean.chars().take(31).collect();
    let mut name = base.clone();
    let mut number = 2;
    while used.contains(&name.to_lowercase()) {
        let suffix = format!(" ({number})");
        name = base
            .chars()
            .take(31 - suffix.chars().count())
            .collect::<String>()
            + &suffix;
        number += 1;
    }
    used.insert(name.to_lowercase());
    name
}

/// The formats of a workbook: the header's, and one number format per count of decimals.
pub(super) struct Formats {
    header: Format,
    decimals: Vec<Format>,
}

impl Formats {
    pub(super) fn new() -> Formats {
        Formats {
            header: Format::new().set_bold().set_align(FormatAlign::Top),
            decimals: (0..=6)
                .map(|places| Format::new().set_num_format(number_pattern(places)))
                .collect(),
        }
    }

    pub(super) fn number(&self, decimals: i64) -> &Format {
        &self.decimals[decimals.clamp(0, 6) as usize]
    }
}

/// The number format of `places` decimals, thousands grouped (`#,##0.0`).
pub(super) fn number_pattern(places: i64) -> String {
    if places <= 0 {
        "#,##0".to_owned()
    } else {
        format!("#,##0.{}", "0".repeat(places.min(6) as usize))
    }
}

/// The widths a sheet's columns need, counted while its rows are written.
#[derive(Default)]
pub(super) struct Widths(Vec<usize>);

impl Widths {
    pub(super) fn note(&mut self, column: u16, chars: usize) {
        let column = usize::from(column);
        if self.0.len() <= column {
            self.0.resize(column + 1, 0);
        }
        self.0[column] = self.0[column].max(chars);
    }

    pub(super) fn text(&mut self, column: u16, text: &str) {
        self.note(column, text.chars().count());
    }

    pub(super) fn number(&mut self, column: u16, value: f64, decimals: i64) {
        // Digits, thousands separators, the decimals and a sign.
        let digits = format!("{:.0}", value.abs().trunc()).len();
        self.note(column, digits + digits / 3 + decimals.max(0) as usize + 2);
    }

    /// Sizes the sheet's columns, freezes and filters its header row over `rows` rows.
    pub(super) fn finish(&self, sheet: &mut Worksheet, rows: u32) -> Result<(), XlsxError> {
        for (column, chars) in self.0.iter().enumerate() {
            let width = (*chars).clamp(6, MAX_WIDTH) as f64 + 2.0;
            sheet.set_column_width(column as u16, width)?;
        }
        if !self.0.is_empty() {
            sheet.set_freeze_panes(1, 0)?;
            sheet.autofilter(0, 0, rows, (self.0.len() - 1) as u16)?;
        }
        Ok(())
    }
}

/// Writes a header row.
pub(super) fn header(
    sheet: &mut Worksheet,
    columns: &[&str],
    formats: &Formats,
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    for (column, name) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *name, &formats.header)?;
        widths.text(column as u16, name);
    }
    Ok(())
}

/// Writes a text cell (nothing for an empty one).
pub(super) fn text(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: &str,
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    if !value.is_empty() {
        sheet.write_string(row, column, value)?;
        widths.text(column, value);
    }
    Ok(())
}

/// Saves the workbook to `path` the one way an output is written (beside it, then renamed).
pub(super) fn save(mut workbook: Workbook, path: &Path, rows: u64) -> Result<Written, ExportError> {
    let mut failed = None;
    let written = crate::store::output::write_with(path, |file| {
        workbook.save_to_writer(file).map_err(|error| match error {
            XlsxError::IoError(error) => error,
            other => {
                let message = other.to_string();
                failed = Some(other);
                std::io::Error::other(message)
            }
        })
    });
    if let Some(error) = failed {
        return Err(error.into());
    }
    Written::of_output(path, rows, written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_excel() {
        let mut used = BTreeSet::new();
        assert_eq!(sheet_name("BQ_36", &mut used), "BQ_36");
        assert_eq!(sheet_name("bq_36", &mut used), "bq_36 (2)");
        assert_eq!(sheet_name("a/b:c", &mut used), "a_b_c");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &mut used).chars().count(), 31);
        assert_eq!(
            sheet_name(&long, &mut used),
            format!("{} (2)", "x".repeat(27))
        );
    }
}
