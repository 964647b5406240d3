//! A CSV file written the one way an output is written: never onto a project, through a
//! link, beside it first and renamed; with a byte-order mark for the German Excel dialect.

use std::io::Write;
use std::path::Path;

use super::{Dialect, ExportError, Written};

/// Writes `path` the one way an output is written ([`crate::store::output`]: never onto a
/// project, through a link, beside it first and renamed), so a failed export leaves no
/// half file.
pub(super) fn write_file(
    path: &Path,
    dialect: Dialect,
    body: impl FnOnce(
        &mut csv::Writer<&mut std::io::BufWriter<std::fs::File>>,
    ) -> Result<u64, ExportError>,
) -> Result<Written, ExportError> {
    let mut rows = 0;
    // What went wrong inside, other than writing (reading the project, say).
    let mut failed: Option<ExportError> = None;
    let written = crate::store::output::write_with(path, |buffered| {
        if dialect == Dialect::ExcelDe {
            buffered.write_all(b"\xEF\xBB\xBF")?;
        }
        let mut writer = csv::WriterBuilder::new()
            .delimiter(dialect.delimiter())
            .from_writer(buffered);
        match body(&mut writer) {
            Ok(count) => rows = count,
            Err(error) => {
                failed = Some(error);
                return Err(std::io::Error::other("the export stopped"));
            }
        }
        writer.flush()
    });
    if let Some(error) = failed {
        return Err(error);
    }
    Written::of_output(path, rows, written)
}
