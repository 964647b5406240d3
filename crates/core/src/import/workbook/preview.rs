//! The first values of a sheet as they will be stored (the wizard's preview).

use std::path::Path;

use super::super::{ImportError, Options, Preview, Progress};
use super::converted::{about_workbook, text_options};
use super::write::convert;

/// How many records of a sheet the wizard's preview writes as text: more than it shows, so
/// that the text read to detect the table's shape is the same as the import's.
pub(super) const PREVIEW_RECORDS: usize = 5_000;

/// The first values of a sheet as they will be stored (the wizard's preview).
pub(in crate::import) fn preview(
    path: &Path,
    options: &Options,
    limit: usize,
) -> Result<Preview, ImportError> {
    let converted = convert(
        path,
        options,
        &Progress::default(),
        Some(PREVIEW_RECORDS.max(limit)),
        None,
    )?;
    let mut preview = super::super::preview::preview_text(
        &converted.path,
        &text_options(options, converted.decimal),
        limit,
    )
    .map_err(|e| about_workbook(e, path, &converted.sheet))?;
    for row in &mut preview.rows {
        if let Some((sheet_row, _)) = converted.place(row.line, None) {
            row.line = u64::from(sheet_row) + 1;
        }
    }
    preview.sheet = Some(converted.sheet.clone());
    Ok(preview)
}
