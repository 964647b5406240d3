//! The value columns of a GENESIS flat file, as its header names them: `value`, or the
//! legacy layout's `CODE__Label__Unit`. Detection reads them for the decimal mark, the
//! layout (`genesis`) for its indicators.

/// A legacy flat file's value column `CODE__Label__Unit`: one value variable.
#[derive(Clone, Debug)]
pub struct ValueColumn {
    pub(super) index: usize,
    pub(super) code: String,
    pub(super) label: String,
    pub(super) unit: String,
    /// The column `CODE__Label__q` with this value's quality flag, if the file has one.
    pub(super) quality: Option<usize>,
}

impl ValueColumn {
    /// The column of a header cell `CODE__Label__Unit` (the unit may be missing).
    pub(super) fn from_header(index: usize, header: &str) -> Option<ValueColumn> {
        let mut parts = header.trim().split("__");
        let code = parts.next()?.trim();
        let label = parts.next()?.trim();
        if code.is_empty() || label.is_empty() {
            return None;
        }
        Some(ValueColumn {
            index,
            code: code.to_owned(),
            label: label.to_owned(),
            unit: parts.next().unwrap_or_default().trim().to_owned(),
            quality: None,
        })
    }

    /// Whether this header is a quality column (`CODE__Label__q`), not a value column.
    pub(super) fn is_quality(&self) -> bool {
        self.unit == "q"
    }
}

/// The columns of a flat file's header that hold values: `value`, or the legacy layout's
/// `CODE__Label__Unit` (not its quality columns `CODE__Label__q`).
#[must_use]
pub fn value_columns(header: &[String]) -> Vec<usize> {
    header
        .iter()
        .enumerate()
        .filter(|(index, h)| {
            let h = h.trim_start_matches('\u{feff}').trim();
            h.eq_ignore_ascii_case("value")
                || ValueColumn::from_header(*index, h).is_some_and(|c| !c.is_quality())
        })
        .map(|(index, _)| index)
        .collect()
}
