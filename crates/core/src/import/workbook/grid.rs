//! A sheet's first rows, read before its layout is decided, then the rest as it is read;
//! cells named as Excel names them (`F12`).

use super::super::ImportError;
use super::cells::{Cell, Rows};
use super::merges::Merges;
use crate::t;

/// The first rows of a sheet, read before its layout is decided (title rows, the header,
/// the first data rows): `rows[i][j]` is the cell at row `top + i`, column `left + j`
/// (0-based). The rest of the sheet is written as it is read.
#[derive(Debug, Default)]
pub(super) struct Grid<'a> {
    pub(super) rows: Vec<Vec<Cell<'a>>>,
    pub(super) top: u32,
    pub(super) left: u32,
    /// Merged areas, 0-based and inclusive: (first row, first column, last row, last column).
    pub(super) merges: Merges,
}

/// How many rows holding cells are read before the layout is decided: the header, and data
/// enough to see the decimal mark and the keys' width.
pub(super) const HEAD_ROWS: usize = 2_000;

impl<'a> Grid<'a> {
    /// The first [`HEAD_ROWS`] rows of `rows`.
    pub(super) fn head(rows: &mut Rows<'a>) -> Result<Grid<'a>, ImportError> {
        let mut grid = Grid {
            rows: Vec::new(),
            top: rows.top,
            left: rows.left,
            merges: rows.merges.clone(),
        };
        let mut cells = Vec::new();
        for _ in 0..HEAD_ROWS {
            let Some(row) = rows.next(&mut cells)? else {
                break;
            };
            let i = row.saturating_sub(grid.top) as usize;
            if grid.rows.len() <= i {
                grid.rows.resize_with(i + 1, Vec::new);
            }
            let known = &mut grid.rows[i];
            if known.is_empty() {
                *known = std::mem::take(&mut cells);
            } else {
                // A row whose cells came in two parts: put together.
                for (j, cell) in cells.drain(..).enumerate() {
                    if cell != Cell::Empty {
                        if known.len() <= j {
                            known.resize(j + 1, Cell::Empty);
                        }
                        known[j] = cell;
                    }
                }
            }
        }
        Ok(grid)
    }

    pub(super) fn cell(&self, i: usize, j: usize) -> &Cell<'a> {
        self.rows
            .get(i)
            .and_then(|r| r.get(j))
            .unwrap_or(&Cell::Empty)
    }

    pub(super) fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Calls `each` with every row from index `from` on that holds a cell: the grid's, then
    /// the rest of the sheet as `rows` reads it; `each` returns whether to go on.
    pub(super) fn each_row(
        &self,
        from: usize,
        rows: &mut Rows<'a>,
        mut each: impl FnMut(usize, &[Cell<'a>]) -> Result<bool, ImportError>,
    ) -> Result<(), ImportError> {
        for i in from..self.rows.len() {
            if !each(i, &self.rows[i])? {
                return Ok(());
            }
        }
        let mut cells = Vec::new();
        let mut next = self.rows.len();
        while let Some(row) = rows.next(&mut cells)? {
            let i = row.saturating_sub(self.top) as usize;
            if i < next {
                return Err(ImportError::Setup {
                    path: rows.path.to_owned(),
                    message: t!(
                        "import.workbook.out_of_order",
                        row = row + 1,
                        after = self.top as usize + next
                    ),
                });
            }
            next = i + 1;
            if !each(i, &cells)? {
                break;
            }
        }
        Ok(())
    }
}

/// `F12` for the 0-based row 11 and column 5.
#[must_use]
pub fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// The 0-based (row, column) of a cell's name (`F12` gives (11, 5)); `None` for what is
/// not a cell's name.
#[must_use]
pub fn cell_position(name: &str) -> Option<(u32, u32)> {
    super::merges::position(name)
}

#[cfg(test)]
mod tests {

    use super::super::testing::*;

    use super::*;
    use crate::import::Options;

    use rust_xlsxwriter::Workbook;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 5), "F12");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 701), "ZZ10");
        assert_eq!(cell_name(9, 702), "AAA10");
    }

    /// A sheet longer than the rows read before its layout is decided: every row below them
    /// imported with the decimal mark the first rows showed, a cell right of the table far
    /// down named in a warning, the notes below the table left out; the preview stops early.
    #[test]
    fn a_long_sheet_is_read_to_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lang.xlsx");
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet_with_low_memory();
        sheet.set_name("Daten").unwrap();
        sheet.write_string(0, 0, "Schüler je Stadtteil").unwrap();
        for (j, name) in ["Kennzahl", "Stadtteil", "Jahr", "Wert"].iter().enumerate() {
            sheet.write_string(2, j as u16, *name).unwrap();
        }
        let rows = 3 * HEAD_ROWS as u32;
        for i in 0..rows {
            let row = 3 + i;
            sheet.write_string(row, 0, "SCH").unwrap();
            sheet.write_string(row, 1, format!("S{i:05}")).unwrap();
            sheet.write_number(row, 2, 2023.0).unwrap();
            // German text numbers at the top; typed ones below.
            if i < 10 {
                sheet.write_string(row, 3, format!("{i},5")).unwrap();
            } else {
                sheet.write_number(row, 3, f64::from(i) + 0.25).unwrap();
            }
            if i == rows - 100 {
                sheet.write_string(row, 6, "geschätzt").unwrap();
            }
        }
        sheet
            .write_string(rows + 4, 0, "Quelle: Schulverwaltung")
            .unwrap();
        sheet.write_string(rows + 5, 0, "1) vorläufig").unwrap();
        workbook.save(&path).unwrap();

        let preview = crate::import::preview(&path, &Options::default(), 20).unwrap();
        assert_eq!(preview.rows.len(), 20);
        assert_eq!(preview.rows[0].line, 4, "the sheet's row");

        let mut store = store();
        let report = run(&mut store, &path, &Options::default());
        assert_eq!(report.inserted, u64::from(rows), "{:#?}", report.problems);
        assert_eq!(report.rejected, 0, "{:#?}", report.problems);
        let last = format!("SCH|S{:05}|2023||{}.25||", rows - 1, rows - 1);
        let observations = observations(&store);
        assert!(observations.contains(&last), "{last}");
        assert!(observations.contains(&"SCH|S00003|2023||3.5||".to_owned()));
        let beyond = report
            .problems
            .iter()
            .find(|p| p.cell.as_deref() == Some(&format!("Daten!G{}", rows - 100 + 4)))
            .unwrap_or_else(|| panic!("{:#?}", report.problems));
        assert!(beyond.warning);
        assert_eq!(report.problems.len(), 1, "{:#?}", report.problems);
    }
}
