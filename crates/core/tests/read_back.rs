//! What a test reads back from a project file or an output, the same for the core's tests
//! and the root's (whose binary includes this file by `#[path]`): one observation's cell,
//! every value, the values as shown, the boundaries by key, a CSV, the counts of an import
//! report, that no sidecar file is left.

// Shared by two test binaries: each uses part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

/// `(value, symbol, quality, note)` of one observation.
pub type Cell = (Option<f64>, Option<String>, Option<String>, Option<String>);

pub fn cell(
    project: &Path,
    indicator: &str,
    region: &str,
    period: &str,
    breakdown: &str,
) -> Option<Cell> {
    let conn = rusqlite::Connection::open(project).unwrap();
    conn.query_row(
        "SELECT o.value, o.symbol, o.quality, o.note FROM observation o
         JOIN indicator i ON i.id = o.indicator_id JOIN region r ON r.id = o.region_id
         JOIN period p ON p.id = o.period_id JOIN breakdown b ON b.id = o.breakdown_id
         WHERE i.code = ?1 AND r.key = ?2 AND p.code = ?3 AND b.key = ?4",
        [indicator, region, period, breakdown],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
    )
    .ok()
}

/// The number stored for one observation; fails the test when there is none.
#[track_caller]
pub fn value(project: &Path, indicator: &str, region: &str, period: &str, breakdown: &str) -> f64 {
    cell(project, indicator, region, period, breakdown)
        .unwrap_or_else(|| panic!("no value {indicator} {region} {period} {breakdown:?}"))
        .0
        .unwrap_or_else(|| panic!("a symbol, not a value: {indicator} {region} {period}"))
}

/// The symbol stored for one observation; fails the test when there is none.
#[track_caller]
pub fn symbol(
    project: &Path,
    indicator: &str,
    region: &str,
    period: &str,
    breakdown: &str,
) -> String {
    cell(project, indicator, region, period, breakdown)
        .and_then(|c| c.1)
        .unwrap_or_else(|| panic!("no symbol {indicator} {region} {period} {breakdown:?}"))
}

/// Every value with its identity, content and origin, ordered.
pub type Dump = Vec<(
    String,
    String,
    String,
    String,
    Option<f64>,
    Option<String>,
    Option<i64>,
)>;

/// Every value of `project`, ordered.
pub fn dump(project: &Path) -> Dump {
    let conn = rusqlite::Connection::open(project).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT i.code, r.key, p.code, b.key, o.value, o.symbol, o.import_line
             FROM observation o JOIN indicator i ON i.id = o.indicator_id
             JOIN region r ON r.id = o.region_id JOIN period p ON p.id = o.period_id
             JOIN breakdown b ON b.id = o.breakdown_id ORDER BY 1, 2, 3, 4",
        )
        .unwrap();
    statement
        .query_map([], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The values of `code` as region → period → shown text.
pub fn shown_values(project: &Path, code: &str) -> BTreeMap<(String, String), String> {
    let store = lernstadt_core::store::Store::open(
        project,
        lernstadt_core::store::OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    lernstadt_core::store::observations::for_indicator(store.conn(), code)
        .unwrap()
        .into_iter()
        .map(|o| {
            let text = o.display(1);
            ((o.region_key, o.period_code), text)
        })
        .collect()
}

/// One value of [`shown_values`] (`(none)` when there is none).
pub fn shown(values: &BTreeMap<(String, String), String>, region: &str, period: &str) -> String {
    values
        .get(&(region.to_owned(), period.to_owned()))
        .cloned()
        .unwrap_or_else(|| "(none)".to_owned())
}

/// The regions' stored boundaries: region key and geometry (GeoJSON text).
pub fn stored_shapes(project: &Path) -> Vec<(String, String)> {
    let store = lernstadt_core::store::Store::open(
        project,
        lernstadt_core::store::OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let regions = lernstadt_core::store::regions::list(store.conn()).unwrap();
    let shapes: Vec<lernstadt_core::model::RegionShape> =
        lernstadt_core::store::entity::list(store.conn()).unwrap();
    shapes
        .into_iter()
        .map(|s| {
            let key = regions
                .iter()
                .find(|r| r.uuid == s.region)
                .unwrap()
                .key
                .clone();
            (key, s.geometry)
        })
        .collect()
}

/// The header and the rows of a CSV file Lernstadt exported (a BOM is skipped).
pub fn read_csv(path: &Path, delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let text = String::from_utf8(std::fs::read(path).unwrap()).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// No journal, WAL or shared-memory file beside `path`.
#[track_caller]
pub fn assert_no_sidecars(path: &Path) {
    for suffix in ["-journal", "-wal", "-shm", "-busy"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        assert!(
            !PathBuf::from(&name).exists(),
            "{} is left behind",
            PathBuf::from(name).display()
        );
    }
}

/// `(inserted, updated, rejected)` of an import report.
pub fn outcome(report: &Json) -> (u64, u64, u64) {
    let count = |key: &str| {
        report[key]
            .as_u64()
            .unwrap_or_else(|| panic!("no {key} in {report:#}"))
    };
    (count("inserted"), count("updated"), count("rejected"))
}
