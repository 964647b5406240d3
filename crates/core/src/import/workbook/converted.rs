//! A sheet as the text the CSV import reads, with what maps it back: the import's report
//! said of the workbook, its problems named by sheet and cell.

use std::path::{Path, PathBuf};

use super::super::values::Decimal;
use super::super::{ImportError, Options, Report};
use super::cells::Uncached;
use super::grid::cell_name;
use crate::t;

/// A sheet as the text the CSV import reads, with what maps it back.
#[derive(Debug)]
pub(in crate::import) struct Converted {
    /// The sheet's name.
    pub sheet: String,
    /// The text file.
    pub path: PathBuf,
    /// The private folder that holds it, removed with it.
    pub(super) _dir: Option<tempfile::TempDir>,
    /// Each record's sheet row (0-based), the header's first.
    pub(super) rows: Vec<u32>,
    /// Each text column's sheet column (0-based).
    pub(super) columns: Vec<u32>,
    /// Generated rows (the Gemeindeverzeichnis): the text column of the value, and each
    /// record's sheet column of its value.
    pub(super) value_columns: Option<(usize, Vec<u32>)>,
    /// Formulas without a cached value: (row, column, formula), 0-based.
    pub(super) uncached: Uncached,
    /// Cells right of the table, below its first rows, which no header names: the first
    /// (row, column), and how many.
    pub(super) beyond: Option<(u32, u32, u64)>,
    /// The decimal mark the numbers were written in.
    pub decimal: Decimal,
}

impl Converted {
    /// The cell a problem on `line` (1-based record) in `column` (1-based) names.
    pub(super) fn place(&self, line: u64, column: Option<usize>) -> Option<(u32, Option<u32>)> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let row = *self.rows.get(index)?;
        let column = column.and_then(|c| {
            let c = c.checked_sub(1)?;
            match &self.value_columns {
                Some((value, columns)) if *value == c => columns.get(index).copied(),
                _ => self.columns.get(c).copied(),
            }
        });
        Some((row, column))
    }

    pub(super) fn name(&self, row: u32, column: Option<u32>) -> String {
        match column {
            Some(column) => format!("{}!{}", self.sheet, cell_name(row, column)),
            None => format!("{}!{}:{}", self.sheet, row + 1, row + 1),
        }
    }
}

/// The import's report said of the workbook: its file, problems named by sheet and cell.
pub(super) fn placed(mut report: Report, path: &Path, converted: &Converted) -> Report {
    path.clone_into(&mut report.file);
    place_problems(&mut report, converted);
    report
}

/// Names each problem by its sheet and cell, its line the sheet's row; adds one for each
/// formula without a cached value.
pub(super) fn place_problems(report: &mut Report, converted: &Converted) {
    report.sheet = Some(converted.sheet.clone());
    let mut empty_lines: Vec<u64> = Vec::new();
    for line in &report.empty_lines {
        if let Some((row, _)) = converted.place(*line, None) {
            let row = u64::from(row) + 1;
            if empty_lines.last() != Some(&row) {
                empty_lines.push(row);
            }
        }
    }
    // The warning naming empty cells is written again with the sheet's rows.
    let empty_warning = report.empty_values > 0
        && report
            .problems
            .last()
            .is_some_and(|p| p.warning && Some(&p.line) == report.empty_lines.first());
    if empty_warning {
        report.problems.pop();
    }
    for problem in &mut report.problems {
        if problem.feature.is_some() || problem.line == 0 {
            continue;
        }
        if let Some((row, column)) = converted.place(problem.line, problem.column) {
            problem.cell = Some(converted.name(row, column));
            problem.line = u64::from(row) + 1;
            problem.column = column.map(|c| c as usize + 1);
        }
    }
    if empty_warning {
        report.empty_lines = empty_lines;
        report.note_empty_values();
        if let Some(problem) = report.problems.last_mut() {
            problem.cell = Some(format!(
                "{}!{}:{}",
                converted.sheet, problem.line, problem.line
            ));
        }
    }
    if let Some((row, column, count)) = converted.beyond {
        let message = t!(
            "import.workbook.beyond_table",
            count = crate::i18n::format_int(count as i64),
            cell = cell_name(row, column)
        );
        let before = report.problems.len();
        report.problem(u64::from(row) + 1, Some(column as usize + 1), message, true);
        if report.problems.len() > before
            && let Some(problem) = report.problems.last_mut()
        {
            problem.cell = Some(converted.name(row, Some(column)));
        }
    }
    for (row, column, formula) in &converted.uncached {
        let message = t!("import.workbook.uncached", formula = formula);
        report.problem(
            u64::from(*row) + 1,
            Some(*column as usize + 1),
            message,
            false,
        );
        if let Some(problem) = report.problems.last_mut() {
            problem.cell = Some(converted.name(*row, Some(*column)));
        }
    }
}

/// An error about the text file, said of the workbook.
pub(super) fn about_workbook(error: ImportError, path: &Path, sheet: &str) -> ImportError {
    match error {
        ImportError::Read { source, .. } => ImportError::Read {
            path: path.to_owned(),
            source,
        },
        ImportError::Empty { .. } => ImportError::Empty {
            path: path.to_owned(),
        },
        ImportError::Binary { .. } => ImportError::Binary {
            path: path.to_owned(),
        },
        ImportError::Shape { header, .. } => ImportError::Shape {
            path: path.to_owned(),
            header: format!("{sheet}: {header}"),
        },
        ImportError::Setup { message, .. } => ImportError::Setup {
            path: path.to_owned(),
            message: format!("{sheet}: {message}"),
        },
        other => other,
    }
}

/// The options the text is read with: UTF-8, `;`, the sheet's decimal mark.
pub(super) fn text_options(options: &Options, decimal: Decimal) -> Options {
    Options {
        encoding: Some(super::super::sniff::Encoding::Utf8),
        delimiter: Some(b';'),
        decimal: Some(decimal),
        sheet: None,
        ..options.clone()
    }
}

#[cfg(test)]
mod tests {

    use super::super::book::open;
    use super::super::cells;
    use super::super::grid::Grid;
    use super::super::testing::*;
    use crate::import::Options;
    use crate::import::Progress;

    use rust_xlsxwriter::{Formula, Workbook};

    /// A formula without a cached value is reported by its cell.
    #[test]
    fn a_formula_without_a_cached_value_is_named_by_its_cell() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("formeln.xlsx");
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("Blatt 1").unwrap();
        for (j, name) in ["indicator", "region", "period", "value"]
            .iter()
            .enumerate()
        {
            sheet.write_string(0, j as u16, *name).unwrap();
        }
        for row in 1..=2_u32 {
            sheet.write_string(row, 0, "A").unwrap();
            sheet.write_string(row, 1, format!("0{row}")).unwrap();
            sheet.write_string(row, 2, "2023").unwrap();
        }
        sheet.write_number(1, 3, 5.0).unwrap();
        sheet
            .write_formula(2, 3, Formula::new("=D2*2").set_result(""))
            .unwrap();
        workbook.save(&path).unwrap();
        let mut store = store();
        let report = run(&mut store, &path, &Options::default());
        let (mut book, mut whole, progress) = (open(&path).unwrap(), None, Progress::default());
        let mut rows =
            cells::Rows::open(&mut book, &mut whole, &path, "Blatt 1", &progress).unwrap();
        Grid::head(&mut rows).unwrap();
        if rows.uncached.is_empty() {
            // The writer stored a value after all: nothing to report.
            return;
        }
        let problem = report
            .problems
            .iter()
            .find(|p| p.message.contains("=D2*2") || p.message.contains("D2*2"))
            .unwrap_or_else(|| panic!("{:#?}", report.problems));
        assert_eq!(problem.cell.as_deref(), Some("Blatt 1!D3"));
        assert!(!problem.warning);
    }
}
