//! The flags of a wide export's numbers (`12,5 p`, which the reader sees as a number), read
//! back from the export's *Kennzeichen* sheet.

use std::path::Path;

use calamine::Reader;

use super::super::{ImportError, Progress};

use super::cells::{Cell, Rows};
use super::grid::cell_position;

/// The flag of a number in a wide sheet Lernstadt exported, as its flags sheet names it.
#[derive(Clone, Debug, PartialEq)]
pub(in crate::import) struct Flag {
    /// Limited reliability: `()`.
    pub(super) parentheses: bool,
    /// The quality flag (`p`).
    pub(super) quality: Option<String>,
}

/// The flagged numbers of one sheet, by (row, column), 0-based.
pub(super) type FlagCells = std::collections::HashMap<(u32, u32), Flag>;

/// The flagged numbers of a workbook, by sheet.
pub(in crate::import) type FlagsBySheet = std::collections::HashMap<String, FlagCells>;

/// Whether a sheet is the flags sheet of a wide export (`Kennzeichen`, `Flags`).
pub(super) fn is_flags_sheet(name: &str) -> bool {
    [crate::i18n::Lang::De, crate::i18n::Lang::En]
        .into_iter()
        .any(|lang| name == crate::i18n::tr_in(lang, "export.workbook.flags"))
}

/// The flags a wide export's flags sheet gives, by sheet (none where the workbook has no
/// such sheet): a number shown as `12,5 p` stays a number in Excel, and its flag is read
/// back from there.
pub(super) fn read_flags(
    book: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    path: &Path,
    progress: &Progress,
) -> Result<FlagsBySheet, ImportError> {
    let mut flags = FlagsBySheet::new();
    let Some(name) = book.sheet_names().into_iter().find(|n| is_flags_sheet(n)) else {
        return Ok(flags);
    };
    let mut whole = None;
    let mut rows = Rows::open(book, &mut whole, path, &name, progress)?;
    let mut cells = Vec::new();
    let Some(_) = rows.next(&mut cells)? else {
        return Ok(flags);
    };
    let at = |wanted: &str| cells.iter().position(|c| c.text() == Some(wanted));
    let (Some(sheet), Some(cell), Some(symbol), Some(quality)) =
        (at("sheet"), at("cell"), at("symbol"), at("quality"))
    else {
        return Ok(flags);
    };
    let text = |cells: &[Cell], j: usize| {
        cells
            .get(j)
            .and_then(Cell::text)
            .unwrap_or_default()
            .to_owned()
    };
    while rows.next(&mut cells)?.is_some() {
        let Some(position) = cell_position(&text(&cells, cell)) else {
            continue;
        };
        let flag = Flag {
            parentheses: text(&cells, symbol) == "()",
            quality: Some(text(&cells, quality)).filter(|q| !q.is_empty()),
        };
        if flag.parentheses || flag.quality.is_some() {
            flags
                .entry(text(&cells, sheet))
                .or_default()
                .insert(position, flag);
        }
    }
    Ok(flags)
}
