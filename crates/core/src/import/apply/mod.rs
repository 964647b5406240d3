//! Applying rows to the project inside the import's transaction: keys resolved (and
//! entities created) through the change log, values inserted in batches, rows whose key
//! exists settled one by one.

use super::report::Report;
use super::values::{Decimal, Symbols};
use uuid::Uuid;

use crate::store::Tx;
use crate::store::observations::{Ids, StoredRow};
use std::collections::{HashMap, HashSet};

/// How many rows one insert statement writes.
pub(super) const BATCH: usize = 64;

/// A row waiting for its batch.
pub(super) struct Pending {
    ids: Ids,
    new: StoredRow,
    line: u64,
    column: usize,
    has_notes: bool,
}

/// Applies rows to the project inside the import's transaction.
pub(super) struct Importer<'t, 'c, 'r> {
    pub(super) tx: &'t Tx<'c>,
    /// Inserts an observation unless its key exists (prepared once).
    insert: rusqlite::Statement<'t>,
    /// Inserts [`BATCH`] observations at once (the hot path).
    batch: rusqlite::Statement<'t>,
    pending: Vec<Pending>,
    import_id: i64,
    decimal: Decimal,
    symbols: Symbols,
    report: &'r mut Report,
    indicators: KeyCache<i64>,
    regions: KeyCache<i64>,
    periods: KeyCache<Option<i64>>,
    breakdowns: KeyCache<i64>,
    conflicted: HashSet<Ids>,
    key_buffer: String,
    warned_regions: HashSet<String>,
    /// Regions this import created, with their keys: linked to their official parent at
    /// the end.
    created_regions: Vec<(String, Uuid)>,
    /// Regions whose name in the file differs from the project's (kept): key, project's
    /// name, file's name; the first few, for one warning.
    other_names: Vec<(u64, String, String, String)>,
    other_names_count: u64,
    /// The last line whose period was reported as unreadable.
    period_problem_line: Option<u64>,
    /// Indicators this import created: their source learns the file's data date and
    /// licence, which a table names only in its footer.
    created_indicators: Vec<Uuid>,
    /// Computed indicators met in the file (id → code and formula): their rows are no
    /// values to store; one the same as computed is unchanged (a round trip through an
    /// export), any other is refused with the formula named.
    computed: HashMap<i64, (String, String)>,
    /// Per indicator, the member codes a classic table's labels stand for (see
    /// `member_codes`).
    member_codes: HashMap<i64, HashMap<String, (String, String)>>,
    /// The regions of a city file's level columns, by key (see `level_parent`).
    level_regions: HashMap<String, Uuid>,
    /// The ids of every value of the file, when the caller asks (a refresh compares them
    /// with the table's values before).
    pub(super) seen: Option<&'r mut HashSet<Ids>>,
}

mod districts;
mod finish;
mod insert;
mod keys;
mod levels;
mod rows;
mod start;

use keys::KeyCache;
pub(super) use start::create_import_row;

/// How many differing region names the warning lists before `…`.
const OTHER_NAMES_LISTED: usize = 5;

impl Importer<'_, '_, '_> {
    pub(super) fn problem(
        &mut self,
        line: u64,
        column: Option<usize>,
        message: impl Into<String>,
        warning: bool,
    ) {
        self.report.problem(line, column, message.into(), warning);
    }
}
