//! What an import did and what went wrong, row by row: the report shown before and after
//! anything is committed.

use super::MAX_PROBLEMS;
use super::sniff::Detected;
use crate::t;
use serde::Serialize;
use std::path::PathBuf;

/// One problem with a row (or a warning about it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The physical line in the file (1-based).
    pub line: u64,
    /// The column (1-based), where known.
    pub column: Option<usize>,
    /// What is wrong, in the user's language.
    pub message: String,
    /// A warning leaves the row in; an error rejects it.
    pub warning: bool,
    /// For GeoJSON: the feature's index (0-based) in the file's feature list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<usize>,
    /// For a workbook: the cell (`Kita-Quoten!F12`), or the row (`Kita-Quoten!12:12`); its
    /// `line` and `column` are then the sheet's row and column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

/// How many lines with an empty value the warning names before `…`.
const EMPTY_LINES_NAMED: usize = 20;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// The file imported.
    pub file: PathBuf,
    /// The workbook's sheet imported; `None` for a text file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The file's SHA-256, in lowercase hex (also kept in the project's `import` row).
    pub sha256: String,
    /// Values (or entities, or boundaries) the project did not hold yet.
    pub inserted: u64,
    /// Existing ones whose content changed.
    pub updated: u64,
    /// Existing ones the file gives again with the same content.
    pub unchanged: u64,
    /// Rows (or GeoJSON features) with an error, not applied.
    pub rejected: u64,
    /// The first [`MAX_PROBLEMS`] problems and warnings, in the order found.
    pub problems: Vec<Problem>,
    /// Problems beyond the first [`MAX_PROBLEMS`], counted only.
    pub more_problems: u64,
    /// How the file was read; `None` for GeoJSON boundaries.
    pub detected: Option<Detected>,
    /// Whether this was a dry run: everything read and checked, nothing written.
    pub dry_run: bool,
    /// Whether the project was changed.
    pub applied: bool,
    /// How the file's content was read beyond [`Self::detected`]: where a spreadsheet's
    /// values stand when not in one value column (`values in 20 columns, each a member of
    /// Altersgruppe`); a boundary file's coordinate system, attributes' encoding and key
    /// property.
    pub values: Option<String>,
    /// Value cells that were empty: no observation, and no error — one warning names them.
    pub empty_values: u64,
    /// The first lines with an empty value cell, for that warning.
    #[serde(skip)]
    pub empty_lines: Vec<u64>,
}

impl Problem {
    /// `line 12, column 4: error: …` in the current language.
    #[must_use]
    pub fn describe(&self) -> String {
        let place = match (self.feature, self.column) {
            _ if self.cell.is_some() => self.cell.clone().unwrap_or_default(),
            (Some(feature), _) => t!("cli.import.feature", index = feature),
            (None, Some(column)) => {
                t!("cli.import.line_column", line = self.line, column = column)
            }
            // Line 0: about the file as a whole, no place in it.
            (None, None) if self.line == 0 => {
                return format!("{}: {}", self.kind(), self.message);
            }
            (None, None) => t!("cli.import.line", line = self.line),
        };
        format!("{place}: {}: {}", self.kind(), self.message)
    }

    /// `warning` or `error`, in the current language.
    fn kind(&self) -> &'static str {
        if self.warning {
            t!("cli.import.warning")
        } else {
            t!("cli.import.error")
        }
    }
}

impl Report {
    /// `Imported FILE: 12 inserted, 0 updated, …` (or what a dry run would do).
    #[must_use]
    pub fn summary(&self, file: &dyn std::fmt::Display) -> String {
        let key = if self.dry_run {
            "cli.import.dry_run_done"
        } else {
            "cli.import.done"
        };
        let count = |n: u64| crate::i18n::format_int(i64::try_from(n).unwrap_or(i64::MAX));
        crate::i18n::trf(
            key,
            &[
                ("file", file),
                ("inserted", &count(self.inserted)),
                ("updated", &count(self.updated)),
                ("unchanged", &count(self.unchanged)),
                ("rejected", &count(self.rejected)),
            ],
        )
    }

    /// What went in (inserted, updated or unchanged): everything but the rejected.
    #[must_use]
    pub fn taken(&self) -> u64 {
        self.inserted + self.updated + self.unchanged
    }

    /// The import's last line: how much went in and how much not, and what to do about the
    /// rejected rows.
    #[must_use]
    pub fn verdict(&self) -> String {
        let count = |n: u64| crate::i18n::format_int(i64::try_from(n).unwrap_or(i64::MAX));
        let (taken, rejected) = (count(self.taken()), count(self.rejected));
        match (self.dry_run, self.rejected > 0) {
            (false, false) => t!("cli.import.result_ok", taken = taken),
            (false, true) => t!(
                "cli.import.result_rejected",
                taken = taken,
                rejected = rejected
            ),
            (true, false) => t!("cli.import.dry_result_ok", taken = taken),
            (true, true) => t!(
                "cli.import.dry_result_rejected",
                taken = taken,
                rejected = rejected
            ),
        }
    }
}

impl Report {
    /// Records a problem (the first [`MAX_PROBLEMS`] one by one, the rest counted); an
    /// error rejects its row.
    pub fn problem(&mut self, line: u64, column: Option<usize>, message: String, warning: bool) {
        if !warning {
            self.rejected += 1;
        }
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                line,
                column,
                message: bounded(message),
                warning,
                feature: None,
                cell: None,
            });
        } else {
            self.more_problems += 1;
        }
    }

    /// Counts an empty value cell on `line`: no observation, not an error.
    pub fn empty_value(&mut self, line: u64) {
        self.empty_values += 1;
        if self.empty_lines.len() < EMPTY_LINES_NAMED && self.empty_lines.last() != Some(&line) {
            self.empty_lines.push(line);
        }
    }

    /// Adds the one warning that names the empty value cells skipped, if there were any.
    pub fn note_empty_values(&mut self) {
        let Some(&first) = self.empty_lines.first() else {
            return;
        };
        let mut lines = self
            .empty_lines
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        if self.empty_values > self.empty_lines.len() as u64 {
            lines.push_str(", …");
        }
        let message = if self.empty_values == 1 {
            t!("import.empty_value", line = lines)
        } else {
            t!(
                "import.empty_values",
                count = crate::i18n::format_int(self.empty_values as i64),
                lines = lines
            )
        };
        self.problem(first, None, message, true);
    }

    /// Records an error with a GeoJSON feature (by its index); the feature is rejected.
    pub fn feature_problem(&mut self, feature: usize, message: String) {
        self.rejected += 1;
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                line: 0,
                column: None,
                message: bounded(message),
                warning: false,
                feature: Some(feature),
                cell: None,
            });
        } else {
            self.more_problems += 1;
        }
    }
}

/// The longest problem message kept, in characters: a message quoting a huge bad value
/// (a 100 MB cell) is cut, never echoed whole.
const MESSAGE_CHARS: usize = 600;

fn bounded(message: String) -> String {
    if message.chars().count() <= MESSAGE_CHARS {
        message
    } else {
        crate::i18n::shorten(&message, MESSAGE_CHARS)
    }
}
