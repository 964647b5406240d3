//! Opening a workbook: which files are workbooks, their sheets, the error an unreadable
//! one gives.

use std::path::Path;

use calamine::Reader;

use super::super::ImportError;
use crate::t;

/// The extensions of the workbooks Lernstadt reads.
pub const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether `path` names a workbook (by its extension).
#[must_use]
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

pub(super) fn unreadable(path: &Path, error: &dyn std::fmt::Display) -> ImportError {
    ImportError::Setup {
        path: path.to_owned(),
        message: t!("import.workbook.unreadable", error = error),
    }
}

pub(super) fn open(
    path: &Path,
) -> Result<calamine::Sheets<std::io::BufReader<std::fs::File>>, ImportError> {
    if let Err(source) = std::fs::metadata(path) {
        return Err(ImportError::Read {
            path: path.to_owned(),
            source,
        });
    }
    calamine::open_workbook_auto(path).map_err(|error| unreadable(path, &error))
}

/// The names of a workbook's sheets, in order (the wizard's sheet picker).
pub fn sheet_names(path: &Path) -> Result<Vec<String>, ImportError> {
    Ok(open(path)?.sheet_names())
}
