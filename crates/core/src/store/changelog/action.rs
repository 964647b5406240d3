//! Running one user action as one transaction, [`Store::transact`]: the `action` row, the
//! [`Tx`] that writes and logs, and what must hold before it commits — no goal or region
//! under itself, computed indicators following what the action changed
//! ([`derive::refresh`](crate::store::derive::refresh)) — then the commit, or nothing.

use rusqlite::{TransactionBehavior, params};

use super::{ActionKind, Tx};
use crate::store::{Result, Store, StoreError};

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    fn writable(&self) -> Result<()> {
        match (&self.read_only, &self.path) {
            (Some(reason), path) => Err(StoreError::ReadOnly {
                reason: reason.message(path.as_deref().unwrap_or_else(|| std::path::Path::new(""))),
            }),
            (None, _) => Ok(()),
        }
    }

    /// Runs one user action as one transaction: `f` writes through the [`Tx`], which logs
    /// every change under one `action` row. An action that changes nothing leaves no trace.
    /// An error rolls everything back: the file stays as it was.
    pub fn transact<T>(
        &mut self,
        kind: ActionKind,
        label: &str,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.transact_with(kind, label, true, f)
    }

    /// Like [`Store::transact_with`], for an action that writes many observations whose ids
    /// all come from lookups in the same transaction (an import, computing an indicator): a
    /// large page cache, and no per-row foreign-key lookups (SQLite can switch them only
    /// outside a transaction; `check` verifies them). Both are set back afterwards.
    pub fn transact_bulk<T>(
        &mut self,
        kind: ActionKind,
        label: &str,
        commit: bool,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.writable()?;
        self.conn.execute_batch(
            "PRAGMA cache_size = -32768; PRAGMA cell_size_check = OFF; PRAGMA foreign_keys = OFF;",
        )?;
        let result = self.transact_with(kind, label, commit, f);
        let restored = self.conn.execute_batch(
            "PRAGMA cache_size = -2000; PRAGMA cell_size_check = ON; PRAGMA foreign_keys = ON;",
        );
        let value = result?;
        restored?;
        Ok(value)
    }

    /// Like [`Store::transact`]; with `commit` false everything is rolled back at the end
    /// (a dry run that checks an action without doing it). A file another program holds
    /// past the wait is [`StoreError::Busy`], naming what holds it.
    pub fn transact_with<T>(
        &mut self,
        kind: ActionKind,
        label: &str,
        commit: bool,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.run_action(kind, label, commit, f)
            .map_err(|error| error.named_busy(self.path.as_deref()))
    }

    fn run_action<T>(
        &mut self,
        kind: ActionKind,
        label: &str,
        commit: bool,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.writable()?;
        let author = self.host.author.clone();
        let value = {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO action (uuid, kind, label, author, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    crate::model::new_uuid().to_string(),
                    kind.code(),
                    label,
                    author,
                    now()
                ],
            )?;
            let action_id = tx.last_insert_rowid();
            let mut action = Tx {
                tx,
                action_id,
                changes: std::cell::Cell::new(0),
                kinds: std::cell::RefCell::default(),
                touched: std::cell::RefCell::default(),
                moved: std::cell::RefCell::default(),
            };
            // The lock is ours: others that find the file locked can read who holds it. Dropped
            // before the transaction ends (declared after it, and by hand before the commit).
            let holding = self
                .path
                .as_deref()
                .and_then(|path| super::super::holder::hold(path, kind));
            let value = f(&mut action)?;
            // However it came (an edit, an entity list, a merge, an undo), no action leaves
            // a goal or region under itself.
            let moved = action.moved.take();
            if let Some((kind, key)) =
                super::super::problems::first_in_cycle(action.conn(), &moved)?
                && let Some(labels) =
                    super::super::problems::cycle_through(action.conn(), kind, &key)?
            {
                return Err(StoreError::Invalid {
                    message: crate::t!("store.error.cycle", cycle = labels.join(" > ")),
                });
            }
            let derived = if commit {
                // Computed indicators follow what the action changed, within it.
                super::super::derive::refresh(&action)?
            } else {
                std::collections::BTreeMap::new()
            };
            let Tx { tx, changes, .. } = action;
            drop(holding);
            if changes.get() == 0 || !commit {
                tx.rollback()?;
                return Ok(value);
            }
            if kind.is_undoable() {
                tx.execute(
                    "UPDATE action SET state = 'discarded' WHERE state = 'undone'",
                    [],
                )?;
            }
            tx.execute(
                "UPDATE project SET modified_at = ?1, modified_by = ?2",
                params![now(), author],
            )?;
            tx.commit()?;
            self.derived = derived;
            value
        };
        self.generation += 1;
        self.note_own_change();
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{
        created_then_edited, stakeholder, stakeholder_names as names, store,
    };

    #[test]
    fn an_edit_is_logged_with_before_and_after() {
        let mut store = store();
        created_then_edited(&mut store);
        let last = store.history(1).unwrap().remove(0);
        assert_eq!(last.kind, ActionKind::Edit);
        let changes = store.changes_of(last.id).unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].before.as_ref().unwrap()["interest"], 3);
        assert_eq!(changes[0].after.as_ref().unwrap()["interest"], 5);
        assert_eq!(
            changes[0].after.as_ref().unwrap().len(),
            1,
            "only the changed field"
        );
    }

    #[test]
    fn a_failed_action_leaves_nothing() {
        let mut store = store();
        let before = store.history(100).unwrap().len();
        let mut bad = stakeholder("Zu einflussreich");
        bad.influence = 9;
        let result = store.transact(ActionKind::Edit, "stakeholder.create", |tx| {
            tx.insert(&stakeholder("Gut"))?;
            tx.insert(&bad)
        });
        assert!(result.is_err());
        assert!(names(&store).is_empty(), "the good row went back too");
        assert_eq!(store.history(100).unwrap().len(), before);
    }

    #[test]
    fn an_action_without_changes_leaves_no_trace() {
        let mut store = store();
        let a = stakeholder("A");
        store
            .transact(ActionKind::Edit, "a", |tx| tx.insert(&a))
            .unwrap();
        let generation = store.generation();
        let count = store.history(100).unwrap().len();
        assert!(
            !store
                .transact(ActionKind::Edit, "noop", |tx| tx.update(&a))
                .unwrap()
        );
        assert_eq!(store.history(100).unwrap().len(), count);
        assert_eq!(store.generation(), generation);
    }
    /// Every write cleans control characters by its field's kind
    /// (`model::validate::text_kind`): a name or a tag is one line, a description keeps
    /// its line breaks and tabs; an edit differing only by them changes nothing.
    #[test]
    fn control_characters_are_cleaned_on_the_way_in() {
        let mut store = store();
        let mut schule = stakeholder("Grundschule\r\nAm Markt\u{7}");
        schule.description = "Zeile 1\r\nZeile 2\tmit Tab\u{0}".into();
        schule.tags = vec!["Ganz\ntag".into()];
        store
            .transact(ActionKind::Edit, "stakeholder.create", |tx| {
                tx.insert(&schule)
            })
            .unwrap();
        let stored = crate::store::stakeholders::list(store.conn()).unwrap();
        assert_eq!(stored[0].name, "Grundschule Am Markt");
        assert_eq!(stored[0].description, "Zeile 1\nZeile 2\tmit Tab");
        assert_eq!(stored[0].tags, vec!["Ganz tag".to_owned()]);

        // The same text with other control characters is no change.
        schule.name = "Grundschule\tAm Markt".into();
        schule.description = "Zeile 1\nZeile 2\tmit Tab".into();
        schule.tags = vec!["Ganz\ttag".into()];
        assert!(
            !store
                .transact(ActionKind::Edit, "noop", |tx| tx.update(&schule))
                .unwrap()
        );
        schule.name = "Grundschule\u{1b}Am Marktplatz".into();
        store
            .transact(ActionKind::Edit, "stakeholder.update", |tx| {
                tx.update(&schule)
            })
            .unwrap();
        assert_eq!(names(&store)[0].0, "Grundschule Am Marktplatz");
    }
}
