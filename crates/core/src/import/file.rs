//! One file, to import or to preview: a workbook goes to `workbook`, which hands its sheets
//! on as text; any other file is read as text (`text`, `preview`).

use std::path::Path;

use super::preview::Preview;
use super::{ImportError, Options, Progress, Report};
use crate::store::Store;

/// Imports a file into the project as one action. See the module documentation. A
/// workbook's sheet ([`Options::sheet`]) is read as its cells' text ([`workbook`]).
pub fn import_file(
    store: &mut Store,
    path: &Path,
    options: &Options,
    progress: &std::sync::Arc<Progress>,
) -> Result<Report, ImportError> {
    if super::workbook::is_workbook(path) {
        return super::workbook::import(store, path, options, progress);
    }
    super::text::import_text(store, path, options, progress)
}

/// The first `limit` values of a file as they will be stored (without a project: period
/// and value are checked, keys are not yet matched), and the columns' roles; of a
/// workbook, those of its sheet ([`Options::sheet`]), lines being the sheet's rows.
pub fn preview(path: &Path, options: &Options, limit: usize) -> Result<Preview, ImportError> {
    if super::workbook::is_workbook(path) {
        return super::workbook::preview(path, options, limit);
    }
    super::preview::preview_text(path, options, limit)
}
