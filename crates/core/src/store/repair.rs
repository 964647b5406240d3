//! Taking away what makes a file read-only ([`super::problems::structural`]): a cycle in the
//! goal or region tree is cut, a formula that cannot be computed is cleared (its indicator
//! becomes a plain one). Each repair is one action of the change log, named in words: the
//! window offers each fix on its own, `lernstadt repair` takes them all in one action.
//!
//! Of a cycle or a loop of formulas, the repair cuts where the history says it was closed
//! last (the member whose parent or formula changed last), else at its first member — the
//! one its message names first.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::problems::Problem;
use super::{ActionKind, Host, OpenMode, Result, Store, StoreError, Tx};
use crate::model::meta::EntityKind;
use crate::t;

/// One change that takes a problem away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "fix", rename_all = "snake_case")]
pub enum Fix {
    /// Moves a goal or region to the top of its tree: its link to its parent is cut.
    CutLink {
        /// Goals or regions.
        kind: EntityKind,
        /// Its key (UUID).
        key: String,
        /// Its title or name.
        label: String,
    },
    /// Clears a computed indicator's formula: it becomes a plain indicator, and its
    /// computed values go with the formula.
    ClearFormula {
        /// The indicator's key (UUID).
        key: String,
        /// Its code.
        code: String,
    },
}

impl Fix {
    /// What the fix does, in a few words (a button's text).
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Fix::CutLink { label, .. } => t!("repair.cut", name = label),
            Fix::ClearFormula { code, .. } => t!("repair.clear", code = code),
        }
    }
}

/// A fix made (or, in a dry run, to be made), with why and what it changed.
#[derive(Clone, Debug, Serialize)]
pub struct Repaired {
    /// The fix.
    #[serde(flatten)]
    pub fix: Fix,
    /// What it changed, in a sentence.
    pub done: String,
    /// The problem it takes away, in a sentence.
    pub problem: String,
}

impl Problem {
    /// The fixes that each take this problem away (the window offers each): for a cycle or
    /// a loop, cutting any one of its members; for a formula, clearing it. None for a
    /// problem that does not make the file read-only.
    #[must_use]
    pub fn fixes(&self) -> Vec<Fix> {
        match self {
            Problem::Cycle { kind, members } => members
                .iter()
                .map(|(key, label)| Fix::CutLink {
                    kind: *kind,
                    key: key.clone(),
                    label: label.clone(),
                })
                .collect(),
            Problem::Formula { key, code, .. } => vec![Fix::ClearFormula {
                key: key.clone(),
                code: code.clone(),
            }],
            Problem::FormulaLoop { members } => members
                .iter()
                .map(|(key, code)| Fix::ClearFormula {
                    key: key.clone(),
                    code: code.clone(),
                })
                .collect(),
            Problem::Unlogged { .. } => Vec::new(),
        }
    }
}

/// Makes one fix in the file at `path` (the window's repair button), as one undoable action.
pub fn apply(path: &Path, fix: &Fix, host: &Host) -> Result<()> {
    let mut store = Store::open(path, OpenMode::Repair, host)?;
    store.transact(ActionKind::Edit, &fix.label(), |tx| {
        apply_in(tx, fix).map(|_| ())
    })?;
    store.close()
}

/// Takes away everything that makes the file at `path` read-only, as one undoable action:
/// what it did (`dry_run`: what it would do, the file unchanged), in the order done. Empty
/// when there was nothing to repair.
pub fn repair(path: &Path, host: &Host, dry_run: bool) -> Result<Vec<Repaired>> {
    let mut store = Store::open(path, OpenMode::Repair, host)?;
    // Worked out inside an action that is rolled back: one fix can take away more than one
    // problem (a formula in two loops), and a later problem shows only after an earlier fix.
    let planned = store.transact_with(ActionKind::Edit, "repair", false, |tx| plan(tx))?;
    if !dry_run && !planned.is_empty() {
        let label = t!(
            "repair.action",
            fixes = planned
                .iter()
                .map(|r| r.fix.label())
                .collect::<Vec<_>>()
                .join("; ")
        );
        store.transact(ActionKind::Edit, &label, |tx| {
            for repaired in &planned {
                apply_in(tx, &repaired.fix)?;
            }
            match super::problems::structural(tx.conn())?.first() {
                Some(left) => Err(StoreError::Invalid {
                    message: left.message(),
                }),
                None => Ok(()),
            }
        })?;
    }
    store.close()?;
    Ok(planned)
}

/// Fixes problem after problem inside `tx` until none is left, each as [`chosen`] says.
fn plan(tx: &Tx<'_>) -> Result<Vec<Repaired>> {
    let mut planned = Vec::new();
    loop {
        let problems = super::problems::structural(tx.conn())?;
        let Some(problem) = problems.first() else {
            return Ok(planned);
        };
        let Some(fix) = chosen(tx.conn(), problem)? else {
            return Err(StoreError::Invalid {
                message: problem.message(),
            });
        };
        if planned.iter().any(|r: &Repaired| r.fix == fix) {
            // The same fix again has not helped: give up rather than loop.
            return Err(StoreError::Invalid {
                message: problem.message(),
            });
        }
        let done = apply_in(tx, &fix)?;
        planned.push(Repaired {
            fix,
            done,
            problem: problem.message(),
        });
    }
}

/// Of the fixes for `problem`, the one that undoes the change that closed it: the member
/// of a cycle or loop whose parent or formula the history changed last, else the first.
fn chosen(conn: &Connection, problem: &Problem) -> Result<Option<Fix>> {
    let fixes = problem.fixes();
    if fixes.len() < 2 {
        return Ok(fixes.into_iter().next());
    }
    let (kind, field) = match problem {
        Problem::Cycle { kind, .. } => (kind.def().table, "$.parent"),
        _ => ("indicator", "$.formula"),
    };
    let key_of = |fix: &Fix| match fix {
        Fix::CutLink { key, .. } | Fix::ClearFormula { key, .. } => key.clone(),
    };
    let mut statement = conn.prepare(
        "SELECT max(id) FROM change
         WHERE entity_kind = ?1 AND entity_key = ?2 AND json_extract(after, ?3) IS NOT NULL",
    )?;
    let mut last: Option<(i64, Fix)> = None;
    for fix in &fixes {
        let id: Option<i64> = statement
            .query_row(rusqlite::params![kind, key_of(fix), field], |row| {
                row.get(0)
            })
            .optional()?
            .flatten();
        if let Some(id) = id
            && last.as_ref().is_none_or(|(at, _)| id > *at)
        {
            last = Some((id, fix.clone()));
        }
    }
    Ok(last
        .map(|(_, fix)| fix)
        .or_else(|| fixes.into_iter().next()))
}

/// Makes `fix` inside `tx`; what it changed, in a sentence.
fn apply_in(tx: &Tx<'_>, fix: &Fix) -> Result<String> {
    match fix {
        Fix::CutLink { kind, key, label } => {
            let mut fields = Map::new();
            fields.insert("parent".to_owned(), Json::Null);
            tx.update_fields(kind.def(), key, &fields)?;
            Ok(t!("repair.cut_done", name = label, kind = kind.label()))
        }
        Fix::ClearFormula { key, code } => {
            let (formula, values): (String, i64) = tx.conn().query_row(
                "SELECT i.formula, (SELECT count(*) FROM observation o WHERE o.indicator_id = i.id)
                 FROM indicator i WHERE i.uuid = ?1",
                [key],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            let mut fields = Map::new();
            fields.insert("formula".to_owned(), Json::String(String::new()));
            tx.update_fields(&crate::model::meta::INDICATOR, key, &fields)?;
            Ok(t!(
                "repair.clear_done",
                code = code,
                formula = crate::i18n::shorten(&formula, 100),
                count = crate::i18n::format_int(values)
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Indicator;
    use crate::store::ReadOnlyReason;

    /// A project file with the plain indicators A, B and C, and the computed D reading A and
    /// E reading D; `sql` then written into it from outside, as a crafted file would be.
    fn crafted(dir: &Path, sql: &str) -> std::path::PathBuf {
        let path = dir.join("p.lernstadt");
        let host = Host::default();
        let mut store = Store::create(&path, "P", &host).expect("a new project");
        store
            .transact(ActionKind::Edit, "setup", |tx| {
                for code in ["A", "B", "C"] {
                    tx.insert(&Indicator::new(code, code))?;
                }
                let mut d = Indicator::new("D", "D");
                d.formula = "2 * [A]".to_owned();
                tx.insert(&d)?;
                let mut e = Indicator::new("E", "E");
                e.formula = "[D] + 1".to_owned();
                tx.insert(&e)
            })
            .expect("set up");
        store.close().expect("closed");
        let conn = Connection::open(&path).expect("opened from outside");
        conn.execute_batch(sql).expect("crafted");
        drop(conn);
        path
    }

    fn formula(path: &Path, code: &str) -> String {
        Connection::open(path)
            .expect("opened")
            .query_row(
                "SELECT formula FROM indicator WHERE code = ?1",
                [code],
                |row| row.get(0),
            )
            .expect("the indicator")
    }

    /// A formula that does not parse, one that reads a code no indicator has, and a loop
    /// make the file open read-only with a fix for each; `repair` lists the fixes without
    /// changing anything as a dry run, then makes them in one action, after which the file
    /// opens for writing and `check` finds nothing.
    #[test]
    fn damaged_formulas_open_read_only_and_are_repaired_in_one_action() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        let dir = tempfile::tempdir().expect("a folder");
        let path = crafted(
            dir.path(),
            "UPDATE indicator SET formula = '([A]' WHERE code = 'B';
             UPDATE indicator SET formula = '[GONE] * 2' WHERE code = 'C';
             UPDATE indicator SET formula = '[E] * 2' WHERE code = 'D';",
        );
        let host = Host::default();
        let store = Store::open(&path, OpenMode::ReadWrite, &host).expect("opened");
        let Some(ReadOnlyReason::Damaged { problems }) = store.read_only() else {
            panic!("not read-only: {:?}", store.read_only());
        };
        let fixes: Vec<Fix> = problems.iter().flat_map(Problem::fixes).collect();
        let codes: Vec<&str> = fixes
            .iter()
            .map(|fix| match fix {
                Fix::ClearFormula { code, .. } => code.as_str(),
                Fix::CutLink { .. } => "",
            })
            .collect();
        assert_eq!(codes, ["B", "C", "D", "E"], "{problems:?}");
        store.close().expect("closed");

        let before = std::fs::read(&path).expect("the file");
        let planned = repair(&path, &host, true).expect("a dry run");
        assert_eq!(std::fs::read(&path).expect("the file"), before, "dry run");
        // The loop is cut where the history last gave a formula (D's came from outside, E's
        // after D's).
        let cleared: Vec<&str> = planned
            .iter()
            .map(|r| match &r.fix {
                Fix::ClearFormula { code, .. } => code.as_str(),
                Fix::CutLink { .. } => "",
            })
            .collect();
        assert_eq!(cleared, ["B", "C", "E"]);
        assert!(planned[0].done.contains("([A]"), "{}", planned[0].done);
        assert!(
            planned[1].problem.contains("GONE"),
            "{}",
            planned[1].problem
        );
        assert!(
            planned[2].problem.contains("D → E → D"),
            "{}",
            planned[2].problem
        );

        let done = repair(&path, &host, false).expect("repaired");
        assert_eq!(done.len(), 3);
        for code in ["B", "C", "E"] {
            assert_eq!(formula(&path, code), "", "{code}");
        }
        assert_eq!(formula(&path, "D"), "[E] * 2", "the rest of the loop stays");
        let mut store = Store::open(&path, OpenMode::ReadWrite, &host).expect("opened");
        assert_eq!(store.read_only(), None);
        let last = store.undo_target().expect("read").expect("an action");
        assert!(last.label.starts_with("Repair: "), "{}", last.label);
        assert_eq!(store.changes_of(last.id).expect("read").len(), 3);
        // Writable again: an edit goes in.
        store
            .transact(ActionKind::Edit, "more", |tx| {
                tx.insert(&Indicator::new("F", "F"))
            })
            .expect("an edit");
        store.close().expect("closed");
        let report = super::super::inspect::check(&path, &host).expect("checked");
        assert!(report.ok, "{:?}", report.problems);
        assert!(repair(&path, &host, false).expect("nothing").is_empty());
    }

    /// A cycle in the goal tree is cut where the history closed it, in the same action as a
    /// formula's repair.
    #[test]
    fn a_cycle_and_a_formula_are_repaired_together() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        let dir = tempfile::tempdir().expect("a folder");
        let path = crafted(dir.path(), "");
        let host = Host::default();
        let mut store = Store::open(&path, OpenMode::ReadWrite, &host).expect("opened");
        let goal = |title: &str, parent: Option<uuid::Uuid>| -> crate::model::Goal {
            serde_json::from_value(serde_json::json!({
                "uuid": crate::model::new_uuid(), "parent": parent, "level": "strategic",
                "position": 0, "title": title, "description": "",
                "education_area": "school", "sdg_target": null, "priority": "medium",
                "target_year": null, "owner_stakeholder": null,
            }))
            .expect("a goal")
        };
        let top = goal("Oben", None);
        let below = goal("Unten", Some(top.uuid));
        store
            .transact(ActionKind::Edit, "goals", |tx| {
                tx.insert(&top)?;
                tx.insert(&below)
            })
            .expect("goals");
        store.close().expect("closed");
        let conn = Connection::open(&path).expect("opened from outside");
        conn.execute_batch(
            "UPDATE goal SET parent_id = (SELECT id FROM goal WHERE title = 'Unten')
                 WHERE title = 'Oben';
             UPDATE indicator SET formula = '[D' WHERE code = 'E';",
        )
        .expect("crafted");
        drop(conn);
        let done = repair(&path, &host, false).expect("repaired");
        assert_eq!(done.len(), 2, "{done:?}");
        // Unten's parent was the last given in the history (Oben's came from outside).
        assert!(
            matches!(&done[0].fix, Fix::CutLink { label, .. } if label == "Unten"),
            "{done:?}"
        );
        let store = Store::open(&path, OpenMode::ReadWrite, &host).expect("opened");
        assert_eq!(store.read_only(), None);
        store.close().expect("closed");
    }
}
