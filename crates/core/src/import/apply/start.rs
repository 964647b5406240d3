//! What an import does at its start: its `import` row, and the importer with its insert
//! statements prepared once.

use super::super::sniff::Shape;
use super::super::values::{Decimal, Symbols};
use super::keys::KeyCache;
use super::{BATCH, Importer};
use crate::import::report::Report;
use crate::store::{Tx, observations};
use std::collections::{HashMap, HashSet};

pub(in crate::import) fn create_import_row(
    tx: &mut Tx<'_>,
    file_name: &str,
    shape: Shape,
    author: &str,
) -> crate::store::Result<i64> {
    tx.conn().execute(
        "INSERT INTO import (uuid, file_name, sha256, format, imported_at, imported_by, action_id) VALUES (?1, ?2, '', ?3, ?4, ?5, ?6)",
        rusqlite::params![
            crate::model::new_uuid().to_string(),
            file_name,
            shape.code(),
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            author,
            tx.action_id()
        ],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

impl<'t, 'c, 'r> Importer<'t, 'c, 'r> {
    pub(in crate::import) fn new(
        tx: &'t Tx<'c>,
        import_id: i64,
        decimal: Decimal,
        symbols: Symbols,
        report: &'r mut Report,
    ) -> Self {
        let insert = tx
            .conn()
            .prepare(observations::INSERT_NEW)
            .expect("the observation insert statement is valid SQL (tested)");
        let placeholders = (0..BATCH)
            .map(|_| "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .collect::<Vec<_>>()
            .join(", ");
        let batch = tx
            .conn()
            .prepare(&format!(
                "INSERT INTO observation (indicator_id, region_id, period_id, breakdown_id, value, symbol, quality, note, import_id, import_line) VALUES {placeholders} ON CONFLICT DO NOTHING"
            ))
            .expect("the batch insert statement is valid SQL (tested)");
        Importer {
            tx,
            insert,
            batch,
            pending: Vec::with_capacity(BATCH),
            import_id,
            decimal,
            symbols,
            report,
            indicators: KeyCache::default(),
            regions: KeyCache::default(),
            periods: KeyCache::default(),
            breakdowns: KeyCache::default(),
            conflicted: HashSet::new(),
            key_buffer: String::new(),
            created_regions: Vec::new(),
            other_names: Vec::new(),
            other_names_count: 0,
            period_problem_line: None,
            created_indicators: Vec::new(),
            warned_regions: HashSet::new(),
            computed: HashMap::new(),
            member_codes: HashMap::new(),
            level_regions: HashMap::new(),
            seen: None,
        }
    }
}
