//! Where the table of a sheet stands: title rows above and notes below left out, header
//! rows that continue each other joined into one, the decimal mark of the numbers the
//! sheet holds as text.

use super::super::values::{Decimal, guess_decimal, parse_number};

use super::cells::Cell;
use super::grid::Grid;

/// Where the table of a sheet stands.
#[derive(Debug)]
pub(super) struct Layout {
    /// The header rows (indices into the grid's rows), first to last.
    pub(super) header: std::ops::RangeInclusive<usize>,
    /// The data rows the grid holds, first to last (exclusive end); the sheet's rows below
    /// them follow.
    pub(super) data: std::ops::Range<usize>,
    /// The most cells a row of the first 40 holds.
    pub(super) widest: usize,
}

/// Whether the sheet is a classic GENESIS table (its title line first).
pub(super) fn is_genesis_table(grid: &Grid) -> bool {
    grid.rows
        .iter()
        .flatten()
        .find(|c| !c.is_empty())
        .and_then(Cell::text)
        .is_some_and(|t| t.starts_with("GENESIS-Tabelle") || t.starts_with("Tabelle:"))
}

pub(super) fn count(row: &[Cell]) -> usize {
    row.iter().filter(|c| !c.is_empty()).count()
}

/// Whether a text is a number in either notation or a statistics symbol: data, not a header.
pub(super) fn looks_like_value(text: &str) -> bool {
    let text = text.trim();
    matches!(text, "-" | "." | "x" | "/" | "..." | "…")
        || parse_number(text, Decimal::Comma).is_some()
        || parse_number(text, Decimal::Point).is_some()
}

/// Finds the header rows and the data rows: title rows above (fewer filled cells than half
/// of the table's widest row) and notes below (one text cell) are left out.
pub(super) fn layout(grid: &Grid) -> Option<Layout> {
    let widest = grid
        .rows
        .iter()
        .take(40)
        .map(|r| count(r))
        .max()
        .unwrap_or(0);
    let first = grid
        .rows
        .iter()
        .position(|r| count(r) >= 2 && count(r) * 2 >= widest.min(40))?;
    // Merges that start in the header reach down over the rows that continue it.
    let mut last = first;
    let mut grew = true;
    while grew {
        grew = false;
        for &(r0, _, r1, _) in &grid.merges {
            let (Some(r0), Some(r1)) = (r0.checked_sub(grid.top), r1.checked_sub(grid.top)) else {
                continue;
            };
            let (r0, r1) = (r0 as usize, r1 as usize);
            if (first..=last).contains(&r0) && r1 > last && r1 < first + 6 {
                last = r1;
                grew = true;
            }
        }
    }
    let merged_across = grid.merges.iter().any(|&(r0, c0, _, c1)| {
        r0.checked_sub(grid.top)
            .is_some_and(|r| (first..=last).contains(&(r as usize)))
            && c1 > c0
    });
    // Rows right below that continue the header: no number in them, and a word the row
    // above broke with a hyphen, or a merged group above, or cells the header left open.
    // A column under a group merged across in the header (its periods may be numbers).
    let under_group = |j: usize, upto: usize| {
        let c = grid.left + j as u32;
        grid.merges.iter().any(|&(r0, c0, _, c1)| {
            c1 > c0
                && (c0..=c1).contains(&c)
                && r0
                    .checked_sub(grid.top)
                    .is_some_and(|r| (first..=upto).contains(&(r as usize)))
        })
    };
    while let Some(next) = grid.rows.get(last + 1) {
        let datum_outside_groups = next.iter().enumerate().any(|(j, cell)| {
            cell.is_datum()
                && !(under_group(j, last)
                    && matches!(cell, Cell::Number(n) if n.fract() == 0.0 && (1900.0..2200.0).contains(n)))
        });
        if count(next) == 0
            || datum_outside_groups
            || next.iter().filter_map(Cell::text).any(looks_like_value)
        {
            break;
        }
        let above = &grid.rows[last];
        let hyphen = above
            .iter()
            .filter_map(Cell::text)
            .any(|t| t.ends_with('-') && !t.ends_with(" -"));
        let open: Vec<usize> = (0..grid.width())
            .filter(|&j| (first..=last).all(|i| grid.cell(i, j).is_empty()))
            .collect();
        let fills_open = open
            .iter()
            .any(|&j| !next.get(j).is_none_or(Cell::is_empty));
        let leaves = (0..grid.width())
            .any(|j| !grid.cell(first, j).is_empty() && next.get(j).is_none_or(Cell::is_empty));
        if hyphen || merged_across || (fills_open && leaves) {
            last += 1;
        } else {
            break;
        }
    }
    let mut end = grid.rows.len();
    while end > last + 1 && is_note(&grid.rows[end - 1], widest) {
        end -= 1;
    }
    Some(Layout {
        header: first..=last,
        data: last + 1..end,
        widest,
    })
}

/// Whether a row is a note below the table, if nothing but notes follows it: an empty
/// row, or a single text cell in a table of more columns.
pub(super) fn is_note(row: &[Cell], widest: usize) -> bool {
    match count(row) {
        0 => true,
        1 => {
            widest >= 3
                && row
                    .iter()
                    .find(|c| !c.is_empty())
                    .is_some_and(|c| c.text().is_some())
        }
        _ => false,
    }
}

/// A column's header: its header rows' parts, merged cells over it counted, joined (a
/// hyphenated word put together; a period below a group stands alone).
pub(super) fn header_names(
    grid: &Grid,
    rows: &std::ops::RangeInclusive<usize>,
    width: usize,
) -> Vec<String> {
    let mut parts: Vec<Vec<String>> = vec![Vec::new(); width];
    for i in rows.clone() {
        for (j, column) in parts.iter_mut().enumerate() {
            let mut text = match grid.cell(i, j) {
                // A year over a column (`2021`) or a date.
                Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
                Cell::Date(date) => date.to_string(),
                cell => cell.text().unwrap_or_default().to_owned(),
            };
            if text.is_empty() {
                // A cell merged over this one, in this header row.
                let (r, c) = (grid.top + i as u32, grid.left + j as u32);
                if let Some(&(r0, c0, _, _)) = grid.merges.iter().find(|&&(r0, c0, r1, c1)| {
                    r0 == r && (c0..=c1).contains(&c) && c0 < c && r1 >= r0
                }) {
                    let (i0, j0) = (
                        (r0 - grid.top) as usize,
                        (c0.saturating_sub(grid.left)) as usize,
                    );
                    grid.cell(i0, j0)
                        .text()
                        .unwrap_or_default()
                        .clone_into(&mut text);
                }
            }
            if !text.is_empty() && column.last() != Some(&text) {
                column.push(text);
            }
        }
    }
    parts
        .into_iter()
        .map(|column| {
            if let Some(last) = column.last()
                && column.len() > 1
                && super::super::values::any_period_code(last).is_some()
            {
                return last.clone();
            }
            let mut name = String::new();
            for part in column {
                let part = part.replace(['\n', '\r'], " ");
                if name.ends_with('-')
                    && !name.ends_with(" -")
                    && part.starts_with(|c: char| c.is_lowercase())
                {
                    name.pop();
                    name.push_str(&part);
                } else {
                    if !name.is_empty() {
                        name.push(' ');
                    }
                    name.push_str(&part);
                }
            }
            name.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// The decimal mark of the numbers the sheet's data holds as text (`45,6`); `None` when it
/// holds none.
pub(super) fn text_decimal(grid: &Grid, rows: &std::ops::Range<usize>) -> Option<Decimal> {
    let texts: Vec<&str> = grid.rows[rows.clone()]
        .iter()
        .flatten()
        .filter_map(Cell::text)
        .filter(|t| {
            t.bytes().any(|b| b.is_ascii_digit())
                && t.contains([',', '.'])
                && t.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | ' ' | '(' | ')'))
        })
        .take(2000)
        .collect();
    if texts.is_empty() {
        return None;
    }
    let comma = guess_decimal(texts.iter().copied(), Decimal::Comma);
    let point = guess_decimal(texts.iter().copied(), Decimal::Point);
    // Undecided (only `1.234`): the German mark, as German offices write.
    Some(if comma == point {
        comma
    } else {
        Decimal::Comma
    })
}

#[cfg(test)]
mod tests {

    use super::super::book::open;
    use super::super::grid::Grid;
    use super::super::testing::*;
    use super::super::{cells, merges};
    use super::*;
    use crate::import::Options;
    use crate::import::Progress;

    use rust_xlsxwriter::{Format, Workbook};

    /// Header rows that continue each other: a group merged over its periods, a word broken
    /// with a hyphen, a cell merged down over two rows; a cover sheet passed over.
    #[test]
    fn merged_and_continued_header_rows_make_one_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("breit.xlsx");
        let mut workbook = Workbook::new();
        let cover = workbook.add_worksheet();
        cover.set_name("Inhalt").unwrap();
        cover
            .write_string(0, 0, "Bildungsbericht, Tabellen")
            .unwrap();
        cover
            .write_string(2, 0, "Tabelle 1: Schülerzahlen")
            .unwrap();
        let sheet = workbook.add_worksheet();
        sheet.set_name("Tabelle 1").unwrap();
        let plain = Format::new();
        sheet
            .merge_range(0, 0, 0, 4, "Schüler nach Stadtteilen", &plain)
            .unwrap();
        sheet.merge_range(2, 0, 3, 0, "Kenn-", &plain).unwrap();
        sheet.write_string(4, 0, "zahl").unwrap();
        sheet.merge_range(2, 1, 4, 1, "Stadtteil", &plain).unwrap();
        sheet.merge_range(2, 2, 2, 4, "Anzahl", &plain).unwrap();
        for (j, year) in [2021.0, 2022.0, 2023.0].iter().enumerate() {
            sheet.write_number(3, 2 + j as u16, *year).unwrap();
        }
        for (i, (district, values)) in [
            ("01 Altstadt", [10.0, 11.0, 12.0]),
            ("02 Vorstadt", [20.0, 21.0, 22.0]),
        ]
        .iter()
        .enumerate()
        {
            let row = 5 + i as u32;
            sheet.write_string(row, 0, "SCH").unwrap();
            sheet.write_string(row, 1, *district).unwrap();
            for (j, value) in values.iter().enumerate() {
                sheet.write_number(row, 2 + j as u16, *value).unwrap();
            }
        }
        workbook.save(&path).unwrap();
        // The merges the fast scan finds are the ones calamine parses.
        let calamine::Sheets::Xlsx(mut xlsx) = open(&path).unwrap() else {
            panic!("an xlsx")
        };
        let parsed: Vec<_> = (xlsx.merge_cells_by_sheet_name("Tabelle 1").unwrap().iter())
            .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
            .collect();
        assert_eq!(merges::merges(&path, "Tabelle 1"), Some(parsed));
        assert_eq!(merges::merges(&path, "Inhalt"), Some(Vec::new()));
        let (mut book, mut whole, progress) = (open(&path).unwrap(), None, Progress::default());
        let mut rows =
            cells::Rows::open(&mut book, &mut whole, &path, "Tabelle 1", &progress).unwrap();
        let grid = Grid::head(&mut rows).unwrap();
        let layout = layout(&grid).unwrap();
        assert_eq!(layout.header, 2..=4, "{grid:#?}");
        let header = header_names(&grid, &layout.header, grid.width());
        assert_eq!(header, ["Kennzahl", "Stadtteil", "2021", "2022", "2023"]);
        let mut store = store();
        let report = run(&mut store, &path, &Options::default());
        assert_eq!(report.sheet.as_deref(), Some("Tabelle 1"));
        assert_eq!(report.inserted, 6, "{:#?}", report.problems);
        assert!(observations(&store).contains(&"SCH|02|2023||22.0||".to_owned()));
    }
}
