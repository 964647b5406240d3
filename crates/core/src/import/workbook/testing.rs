//! What the workbook tests share: a store, an import run, the observations as text, rows
//! written as a sheet, the text fixtures.

use std::path::{Path, PathBuf};

use super::super::values::{Decimal, parse_number};
use super::super::{Progress, Report};
use crate::import::{Options, import_file};
use crate::store::Store;
use rust_xlsxwriter::Worksheet;

pub(crate) fn store() -> Store {
    crate::store::testing::store()
}

pub(crate) fn run(store: &mut Store, path: &Path, options: &Options) -> Report {
    import_file(
        store,
        path,
        options,
        &std::sync::Arc::new(Progress::default()),
    )
    .unwrap()
}

/// Every observation as text: indicator, region, period, breakdown, value, symbol, quality.
pub(crate) fn observations(store: &Store) -> Vec<String> {
    let mut statement = store
        .conn()
        .prepare(
            "SELECT i.code || '|' || r.key || '|' || p.code || '|' || b.key || '|' ||
                    coalesce(o.value, '') || '|' || coalesce(o.symbol, '') || '|' || coalesce(o.quality, '')
             FROM observation o JOIN indicator i ON i.id = o.indicator_id
             JOIN region r ON r.id = o.region_id JOIN period p ON p.id = o.period_id
             JOIN breakdown b ON b.id = o.breakdown_id ORDER BY 1",
        )
        .unwrap();
    statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

pub(crate) fn sorted(rows: &[&str]) -> Vec<String> {
    let mut rows: Vec<String> = rows.iter().map(|r| (*r).to_owned()).collect();
    rows.sort();
    rows
}

pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// A CSV file's rows as text, decoded and split as the importer detects them.
pub(crate) fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = crate::import::sniff::guess_encoding(body)
        .decode(body)
        .into_owned();
    let delimiter = crate::import::sniff::guess_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Writes rows as a sheet: with `typed`, a cell that is a plain number without a leading
/// zero is written as a number (in the file's own decimal mark), else all as text.
pub(crate) fn write_rows(
    sheet: &mut Worksheet,
    rows: &[Vec<String>],
    typed: bool,
    decimal: Decimal,
) {
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let number = parse_number(cell, decimal);
            let keeps_zero = cell.starts_with('0') && cell.len() > 1 && !cell.starts_with("0,");
            match number {
                Some(number) if typed && !keeps_zero && !cell.contains(' ') => {
                    sheet.write_number(i as u32, j as u16, number).unwrap();
                }
                _ => {
                    sheet.write_string(i as u32, j as u16, cell).unwrap();
                }
            }
        }
    }
}
