//! The text being written: records of `;`-separated fields, and what maps them back to
//! the sheet.

use std::path::Path;

use super::super::text_file;
use super::super::{ImportError, Progress};
use super::book::unreadable;
use super::converted::Converted;
use super::flags::FlagCells;
use super::render::Render;

pub(super) fn csv_error(path: &Path, error: csv::Error) -> ImportError {
    match error.into_kind() {
        csv::ErrorKind::Io(source) => ImportError::Read {
            path: path.to_owned(),
            source,
        },
        other => unreadable(path, &format!("{other:?}")),
    }
}

/// The text being written: records of `;`-separated fields, and what maps them back.
pub(super) struct Out<'p> {
    pub(super) writer: csv::Writer<std::io::BufWriter<Box<dyn std::io::Write + Send>>>,
    pub(super) render: Render,
    pub(super) converted: Converted,
    pub(super) limit: Option<usize>,
    /// A text imported while it is written, and the sheet's last row: the import's
    /// progress is how far the sheet is written.
    pub(super) growing: Option<(std::sync::Arc<text_file::Growing>, u32)>,
    pub(super) progress: &'p Progress,
    /// The flags of the sheet's numbers (a wide export's).
    pub(super) flags: &'p FlagCells,
}

impl Out<'_> {
    /// Ends the record whose fields were written, from sheet row `row` (0-based).
    pub(super) fn end_record(&mut self, row: u32) -> Result<(), ImportError> {
        self.writer
            .write_record(None::<&[u8]>)
            .map_err(|e| csv_error(&self.converted.path, e))?;
        self.converted.rows.push(row);
        if let Some((growing, last_row)) = &self.growing
            && self.converted.rows.len().is_multiple_of(4096)
        {
            // The text's size when the sheet is written to its last row, as far as the
            // rows so far tell.
            let first = self.converted.rows[0];
            let done = u64::from(row.saturating_sub(first)) + 1;
            let all = u64::from(last_row.saturating_sub(first)) + 1;
            let written = growing.written();
            self.progress.total_bytes.store(
                written.saturating_mul(all.max(done)) / done,
                std::sync::atomic::Ordering::Relaxed,
            );
        }
        Ok(())
    }

    pub(super) fn field(&mut self, text: &str) -> Result<(), ImportError> {
        self.writer
            .write_field(text)
            .map_err(|e| csv_error(&self.converted.path, e))
    }

    pub(super) fn record<'t>(
        &mut self,
        fields: impl IntoIterator<Item = &'t str>,
        row: u32,
    ) -> Result<(), ImportError> {
        for field in fields {
            self.field(field)?;
        }
        self.end_record(row)
    }

    /// Whether the records written are fewer than the limit.
    pub(super) fn wants_more(&self) -> bool {
        self.limit
            .is_none_or(|limit| self.converted.rows.len() <= limit)
    }
}
