//! Applying rows to the project inside the import's transaction: keys resolved (and
//! entities created) through the change log, values inserted in batches, rows whose key
//! exists settled one by one.

use super::report::Report;
use super::row::{Part, RowSpec};
use super::sniff::Shape;
use super::values;
use super::values::{Decimal, Symbols};
use uuid::Uuid;

use crate::store::observations::{Content, Ids, StoredRow};
use crate::store::{StoreError, Tx, observations};
use crate::t;
use std::collections::{HashMap, HashSet};

pub(super) fn create_import_row(
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
mod keys;
mod levels;

use keys::KeyCache;

/// How many differing region names the warning lists before `…`.
const OTHER_NAMES_LISTED: usize = 5;

impl<'t, 'c, 'r> Importer<'t, 'c, 'r> {
    pub(super) fn new(
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

    pub(super) fn problem(
        &mut self,
        line: u64,
        column: Option<usize>,
        message: impl Into<String>,
        warning: bool,
    ) {
        self.report.problem(line, column, message.into(), warning);
    }

    /// Applies one row; problems with the row are reported, only store failures return.
    pub(super) fn row(&mut self, row: &RowSpec) -> crate::store::Result<()> {
        // Labels are cleaned of control characters before anything is matched by them.
        let cleaned = row.cleaned();
        let row = cleaned.as_ref().unwrap_or(row);
        let line = row.line;
        let Some(period) = self.period_id(&row.period)? else {
            // A wide row holds several values of one period: one message per line.
            if self.period_problem_line == Some(line) {
                self.report.rejected += 1;
            } else {
                self.period_problem_line = Some(line);
                self.problem(
                    line,
                    None,
                    crate::import::sheet::period_problem(&row.period),
                    false,
                );
            }
            return Ok(());
        };
        let cell = if row.value.is_empty() {
            row.symbol.as_str()
        } else {
            row.value.as_str()
        };
        let value = match values::parse_value(cell, self.decimal, &self.symbols) {
            Ok(Some(value)) => value,
            Ok(None) => {
                // An empty cell is no observation: counted, named in one warning.
                self.report.empty_value(line);
                return Ok(());
            }
            Err(values::ValueError(message)) => {
                self.problem(line, Some(row.value_column), message, false);
                return Ok(());
            }
        };
        let quality = if row.quality.is_empty() {
            value.quality.clone()
        } else {
            Some(row.quality.clone())
        };
        let symbol = value
            .symbol
            .clone()
            .or_else(|| (!row.symbol.is_empty() && row.symbol != cell).then(|| row.symbol.clone()));
        // A key or name too long to keep is refused by its line, not the import whole.
        // (What the row calls it, the field it becomes.)
        let limited = [
            ("region_key", "key", &row.region_key),
            ("region_name", "name", &row.region_name),
            ("indicator_code", "code", &row.indicator_code),
            ("indicator_name", "name", &row.indicator_name),
            ("unit", "unit", &row.unit),
        ];
        for (what, field, text) in limited {
            if let Some(limit) = crate::model::validate::text_limit(field)
                && text.chars().count() > limit
            {
                let message = crate::t!(
                    "import.error.too_long",
                    what = what,
                    chars = crate::i18n::format_int(text.chars().count() as i64),
                    limit = crate::i18n::format_int(limit as i64)
                );
                self.problem(line, None, message, false);
                return Ok(());
            }
        }
        let indicator = self.indicator_id(row)?;
        // A classic table joining a flat export's indicator speaks of its members by label.
        let codes = self.member_codes(indicator, row)?;
        let mapped: Option<Vec<Part>> = (!codes.is_empty()).then(|| {
            row.breakdown()
                .iter()
                .map(|part| match codes.get(&part.member_label.to_lowercase()) {
                    Some((dimension, member)) => Part {
                        dimension: dimension.clone(),
                        member: member.clone(),
                        ..part.clone()
                    },
                    None => part.clone(),
                })
                .collect()
        });
        let parts = mapped.as_deref().unwrap_or(row.breakdown());
        if let Some((dimension, first, second)) = super::row::dimension_twice(parts) {
            let message = crate::t!(
                "import.error.dimension_twice",
                dimension = dimension,
                first = first,
                second = second
            );
            self.problem(line, Some(row.value_column), message, false);
            return Ok(());
        }
        let ids = Ids {
            indicator,
            region: self.region_id(row)?,
            period,
            breakdown: self.breakdown_id(parts)?,
        };
        let new = StoredRow {
            content: Content {
                value: value.number,
                symbol,
                quality,
                note: (!row.note.is_empty()).then(|| row.note.clone()),
            },
            import_id: Some(self.import_id),
            import_line: Some(line as i64),
        };
        if let Some((code, formula)) = self.computed.get(&ids.indicator) {
            let stored = observations::read_ids(self.tx.conn(), ids)?;
            if stored.is_some_and(|old| {
                old.content.value == new.content.value
                    && old.content.symbol == new.content.symbol
                    && old.content.quality == new.content.quality
            }) {
                self.report.unchanged += 1;
            } else {
                let message = t!("derive.no_import", code = code, formula = formula);
                self.problem(line, Some(row.value_column), message, false);
            }
            return Ok(());
        }
        if let Some(seen) = self.seen.as_deref_mut() {
            seen.insert(ids);
        }
        if self.conflicted.contains(&ids) {
            self.problem(
                line,
                Some(row.value_column),
                t!("import.row.conflict_again"),
                false,
            );
            return Ok(());
        }
        self.pending.push(Pending {
            ids,
            new,
            line,
            column: row.value_column,
            has_notes: row.has_notes,
        });
        if self.pending.len() == BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Inserts the pending rows, many per statement; the rows whose key exists already
    /// (the statement tells how many were new) are settled one by one.
    pub(super) fn flush(&mut self) -> crate::store::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        if pending.len() == BATCH {
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(BATCH * 10);
            for p in &pending {
                values.extend_from_slice(&p.new.params(&p.ids));
            }
            let inserted = self.batch.execute(values.as_slice())?;
            if inserted == BATCH {
                self.report.inserted += BATCH as u64;
                return Ok(());
            }
            for p in pending {
                let stored = observations::read_ids(self.tx.conn(), p.ids)?;
                if stored.as_ref().is_some_and(|s| {
                    s.import_id == Some(self.import_id) && s.import_line == p.new.import_line
                }) {
                    self.report.inserted += 1;
                } else {
                    self.settle(p)?;
                }
            }
            return Ok(());
        }
        for p in pending {
            // A key found in conflict earlier in this flush stays out.
            if !self.conflicted.contains(&p.ids)
                && observations::insert_with(&mut self.insert, p.ids, &p.new)?
            {
                self.report.inserted += 1;
            } else {
                self.settle(p)?;
            }
        }
        Ok(())
    }

    /// A row whose key exists: unchanged, an update, or a conflict with an earlier row.
    pub(super) fn settle(&mut self, pending: Pending) -> crate::store::Result<()> {
        let Pending {
            ids,
            new,
            line,
            column,
            has_notes,
        } = pending;
        if self.conflicted.contains(&ids) {
            self.problem(line, Some(column), t!("import.row.conflict_again"), false);
            return Ok(());
        }
        let conn = self.tx.conn();
        let Some(old) = observations::read_ids(conn, ids)? else {
            if observations::insert_with(&mut self.insert, ids, &new)? {
                self.report.inserted += 1;
            }
            return Ok(());
        };
        let mut new = new;
        if !has_notes {
            new.content.note.clone_from(&old.content.note);
        }
        if old.content == new.content {
            self.report.unchanged += 1;
            return Ok(());
        }
        if old.import_id == Some(self.import_id) {
            return self.conflict(ids, &old, line, column);
        }
        observations::overwrite(conn, ids, &new)?;
        let identity = observations::identity_of(conn, ids)?;
        self.tx.log_observation(
            Some(&observations::log_row(&identity, &old)),
            Some(&observations::log_row(&identity, &new)),
        )?;
        self.report.updated += 1;
        Ok(())
    }

    /// Two rows of this file for one key with different values: neither is kept.
    pub(super) fn conflict(
        &mut self,
        ids: Ids,
        earlier: &StoredRow,
        line: u64,
        column: usize,
    ) -> crate::store::Result<()> {
        let earlier_line = earlier.import_line.unwrap_or_default() as u64;
        let conn = self.tx.conn();
        let identity = observations::identity_of(conn, ids)?;
        let key = identity.join("|");
        // Was the earlier row an update? Then its change is in this action's log.
        let before: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT before FROM change WHERE action_id = ?1 AND entity_kind = 'observation' AND entity_key = ?2",
            rusqlite::params![self.tx.action_id(), key],
            |r| r.get(0),
        ))?;
        if let Some(before) = before {
            let serde_json::Value::Object(before) = serde_json::from_str(&before)? else {
                return Err(StoreError::Invalid {
                    message: "a logged observation is not an object".to_owned(),
                });
            };
            let (_, state) = observations::from_log_row(conn, &before)?;
            observations::overwrite(conn, ids, &state)?;
            conn.execute(
                "DELETE FROM change WHERE action_id = ?1 AND entity_kind = 'observation' AND entity_key = ?2",
                rusqlite::params![self.tx.action_id(), key],
            )?;
            self.report.updated -= 1;
        } else {
            observations::delete_ids(conn, ids)?;
            self.report.inserted -= 1;
        }
        self.conflicted.insert(ids);
        let described = identity
            .iter()
            .filter(|part| !part.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ");
        self.problem(
            earlier_line,
            Some(column),
            t!("import.row.conflict", other = line, key = described),
            false,
        );
        self.problem(
            line,
            Some(column),
            t!("import.row.conflict", other = earlier_line, key = described),
            false,
        );
        Ok(())
    }

    /// Finishes: counts, the import row; returns whether anything changed.
    pub(super) fn finish(mut self) -> crate::store::Result<bool> {
        self.flush()?;
        self.link_official_parents()?;
        self.note_other_names();
        let report = &*self.report;
        let conn = self.tx.conn();
        let net_inserted = report.inserted as i64;
        crate::store::counts::add(conn, crate::store::counts::OBSERVATIONS, net_inserted)?;
        conn.execute(
            "UPDATE import SET inserted = ?1, updated = ?2, unchanged = ?3, rejected = ?4 WHERE id = ?5",
            rusqlite::params![report.inserted as i64, report.updated as i64, report.unchanged as i64, report.rejected as i64, self.import_id],
        )?;
        let changed = report.inserted + report.updated;
        self.tx
            .count_bulk_changes(usize::try_from(report.inserted).unwrap_or(usize::MAX));
        Ok(changed > 0)
    }
}
