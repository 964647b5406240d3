//! Values inserted in batches of [`BATCH`]; a row whose key exists settled one by one:
//! unchanged, an update logged for undo, or a conflict with an earlier row of the file.

use super::{BATCH, Importer, Pending};
use crate::store::StoreError;
use crate::store::observations::{self, Ids, StoredRow};
use crate::t;

impl Importer<'_, '_, '_> {
    /// Inserts the pending rows, many per statement; the rows whose key exists already
    /// (the statement tells how many were new) are settled one by one.
    pub(in crate::import) fn flush(&mut self) -> crate::store::Result<()> {
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
    pub(in crate::import) fn settle(&mut self, pending: Pending) -> crate::store::Result<()> {
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
    pub(in crate::import) fn conflict(
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
}
