//! What SQLite cannot check about a project file and every view relies on: the goal and
//! region trees are trees, every computed indicator's formula can be computed, and every
//! entity can be reached by its history.
//!
//! A cycle in a tree (however it came about: an old merge, a hand-edited file) would make
//! its rows fall out of every view and the report without a word; a formula that does not
//! parse, reads a code no indicator has or reads itself through others would make every
//! action fail when it computes the indicators again. Opening such a file finds it (a read of
//! three small tables), opens the file read-only with the problem explained, and offers a
//! repair ([`super::repair`]); the report and the exports refuse it with the same message.

use std::path::Path;

use rusqlite::Connection;

use super::{ReadOnlyReason, Result, Store, StoreError};
use crate::model::meta::EntityKind;
use crate::t;

/// A problem with the entities involved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Rows of a tree that are each other's ancestors: each `(key, label)` in the order of
    /// the cycle.
    Cycle {
        /// Goals or regions.
        kind: EntityKind,
        /// The rows in the cycle, by key and label.
        members: Vec<(String, String)>,
    },
    /// A computed indicator whose formula cannot be computed: it does not parse or reads a
    /// code no indicator has.
    Formula {
        /// The indicator's key (UUID).
        key: String,
        /// Its code.
        code: String,
        /// What is wrong, in words.
        error: String,
    },
    /// Computed indicators whose formulas read each other in a circle: each `(key, code)` in
    /// the order of the loop, each reading the next.
    FormulaLoop {
        /// The indicators in the loop, by key and code.
        members: Vec<(String, String)>,
    },
    /// An entity the change log never mentions: undo, comparing and merging cannot see it.
    Unlogged {
        /// Its kind.
        kind: EntityKind,
        /// Its key (UUID).
        key: String,
        /// Its name.
        label: String,
    },
}

impl Problem {
    /// The problem in a sentence, naming the entities.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            Problem::Cycle { kind, members } => {
                let mut labels: Vec<&str> = members.iter().map(|(_, l)| l.as_str()).collect();
                if let Some(first) = labels.first().copied() {
                    labels.push(first);
                }
                t!(
                    "check.cycle",
                    kind = kind.label(),
                    cycle = labels.join(" > ")
                )
            }
            Problem::Formula { code, error, .. } => {
                t!("check.formula", code = code, error = error)
            }
            Problem::FormulaLoop { members } => {
                let mut codes: Vec<&str> = members.iter().map(|(_, c)| c.as_str()).collect();
                let first = codes.first().copied().unwrap_or_default();
                codes.push(first);
                t!(
                    "check.formula",
                    code = first,
                    error = t!("formula.loop", cycle = codes.join(" → "))
                )
            }
            Problem::Unlogged { kind, key, label } => {
                t!(
                    "check.unlogged",
                    kind = kind.label(),
                    name = label,
                    key = key
                )
            }
        }
    }
}

/// The trees' cycles and the formulas that cannot be computed: what makes a file unfit to
/// show and to write, found on every open.
pub fn structural(conn: &Connection) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    for (kind, table, label) in [
        (EntityKind::Goal, "goal", "title"),
        (EntityKind::Region, "region", "name"),
    ] {
        for members in cycles(conn, table, label)? {
            problems.push(Problem::Cycle { kind, members });
        }
    }
    problems.extend(formulas(conn)?);
    Ok(problems)
}

/// The computed indicators whose formulas cannot be computed: each that does not parse or
/// reads a code no indicator has, then each loop among the others, once. Every formula is
/// parsed once and every reference followed once, so a crafted file of thousands of chained
/// formulas is checked in linear time.
pub fn formulas(conn: &Connection) -> Result<Vec<Problem>> {
    use crate::model::formula::Formula;
    use std::collections::{BTreeMap, BTreeSet};
    // Files before schema version 6 (opened to be upgraded) have no formulas.
    let has_formulas: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info('indicator') WHERE name = 'formula')",
        [],
        |row| row.get(0),
    )?;
    if !has_formulas {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String, String)> = conn
        .prepare("SELECT uuid, code, formula FROM indicator ORDER BY code")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let known: BTreeSet<&str> = rows.iter().map(|(_, code, _)| code.as_str()).collect();
    let mut problems = Vec::new();
    // The formulas that can be computed on their own: code → (key, the codes they read).
    let mut reads: BTreeMap<&str, (&str, BTreeSet<String>)> = BTreeMap::new();
    for (key, code, text) in &rows {
        if text.trim().is_empty() {
            continue;
        }
        let checked = Formula::parse(text).and_then(|formula| {
            formula.check_codes(|c| known.contains(c))?;
            Ok(formula)
        });
        match checked {
            Ok(formula) => {
                reads.insert(code, (key, formula.codes()));
            }
            Err(error) => problems.push(Problem::Formula {
                key: key.clone(),
                code: code.clone(),
                error: error.to_string(),
            }),
        }
    }
    // Loops: a walk along what each formula reads, without recursion; a code met again on
    // the walk's own path closes a loop.
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut in_loop: BTreeSet<&str> = BTreeSet::new();
    for start in reads.keys().copied() {
        if done.contains(start) {
            continue;
        }
        let mut path: Vec<&str> = vec![start];
        let mut on_path: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::from([(start, 0)]);
        let mut next: Vec<Vec<&str>> = vec![inputs(&reads, start)];
        while let Some(pending) = next.last_mut() {
            let Some(input) = pending.pop() else {
                next.pop();
                if let Some(finished) = path.pop() {
                    on_path.remove(finished);
                    done.insert(finished);
                }
                continue;
            };
            if done.contains(input) {
                continue;
            }
            if let Some(&at) = on_path.get(input) {
                let cycle = &path[at..];
                if !cycle.iter().any(|c| in_loop.contains(c)) {
                    in_loop.extend(cycle.iter().copied());
                    problems.push(Problem::FormulaLoop {
                        members: cycle
                            .iter()
                            .map(|c| (reads[c].0.to_owned(), (*c).to_owned()))
                            .collect(),
                    });
                }
                continue;
            }
            on_path.insert(input, path.len());
            path.push(input);
            next.push(inputs(&reads, input));
        }
    }
    Ok(problems)
}

/// The computed indicators the formula of `code` reads (in reverse order, to be popped).
fn inputs<'a>(
    reads: &'a std::collections::BTreeMap<&str, (&str, std::collections::BTreeSet<String>)>,
    code: &str,
) -> Vec<&'a str> {
    reads.get(code).map_or_else(Vec::new, |(_, codes)| {
        codes
            .iter()
            .rev()
            .filter_map(|c| reads.get_key_value(c.as_str()).map(|(k, _)| *k))
            .collect()
    })
}

/// Entities no change in the log names (a file whose history was removed when it was
/// shared has none to check). Periods are left out: imports made them without a log entry
/// before schema version 6.
pub fn unlogged(conn: &Connection) -> Result<Vec<Problem>> {
    let history: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM change)", [], |r| r.get(0))?;
    if !history {
        return Ok(Vec::new());
    }
    let mut problems = Vec::new();
    for def in crate::model::meta::ALL {
        if def.identity != "uuid" {
            continue;
        }
        let mut statement = conn.prepare(&format!(
            "SELECT t.uuid FROM {table} t WHERE NOT EXISTS
                 (SELECT 1 FROM change c WHERE c.entity_key = t.uuid)",
            table = def.table
        ))?;
        let keys: Vec<String> = statement
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for key in keys {
            let label = super::entity::read(conn, def, &key)?
                .map(|row| super::tx::label_of(conn, def, &row))
                .unwrap_or_default();
            problems.push(Problem::Unlogged {
                kind: def.kind,
                key,
                label,
            });
        }
    }
    Ok(problems)
}

/// The cycle through the goal or region `key`, if its way up leads back to it: the labels
/// around it, starting and ending with its own. Only the way up from `key` is walked, so a
/// cycle elsewhere does not count.
pub fn cycle_through(
    conn: &Connection,
    kind: crate::model::meta::EntityKind,
    key: &str,
) -> Result<Option<Vec<String>>> {
    use crate::model::meta::EntityKind;
    if !matches!(kind, EntityKind::Goal | EntityKind::Region) {
        return Ok(None);
    }
    let def = kind.def();
    let mut labels = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut at = key.to_owned();
    while seen.insert(at.clone()) {
        let Some(row) = super::entity::read(conn, def, &at)? else {
            break;
        };
        labels.push(super::tx::label_of(conn, def, &row));
        let Some(parent) = row.get("parent").and_then(|p| p.as_str()) else {
            break;
        };
        if parent == key {
            labels.push(labels[0].clone());
            return Ok(Some(labels));
        }
        parent.clone_into(&mut at);
    }
    Ok(None)
}

/// The first of `moved` (goals and regions by key) whose way up leads back to itself, the
/// trees read once and each row walked once — an entity list of 10,000 nested goals is
/// checked in linear time.
pub fn first_in_cycle(
    conn: &Connection,
    moved: &[(EntityKind, String)],
) -> Result<Option<(EntityKind, String)>> {
    for kind in [EntityKind::Goal, EntityKind::Region] {
        let keys: Vec<&str> = moved
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, key)| key.as_str())
            .collect();
        if keys.is_empty() {
            continue;
        }
        let table = kind.def().table;
        let parent: std::collections::HashMap<String, Option<String>> = conn
            .prepare(&format!(
                "SELECT t.uuid, p.uuid FROM {table} t LEFT JOIN {table} p ON p.id = t.parent_id"
            ))?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // Rows known to lead to the top.
        let mut sound: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for key in keys {
            let mut path: Vec<&str> = Vec::new();
            let mut on_path: std::collections::HashSet<&str> = std::collections::HashSet::new();
            let mut at = Some(key);
            while let Some(id) = at {
                if sound.contains(id) {
                    break;
                }
                if !on_path.insert(id) {
                    return Ok(Some((kind, id.to_owned())));
                }
                path.push(id);
                at = parent.get(id).and_then(|p| p.as_deref());
            }
            sound.extend(path);
        }
    }
    Ok(None)
}

/// The cycles in a tree table (`parent_id` pointing back to a row's own descendants), each
/// once, as `(uuid, label)` around it.
pub(super) fn cycles(
    conn: &Connection,
    table: &str,
    label: &str,
) -> Result<Vec<Vec<(String, String)>>> {
    let mut statement =
        conn.prepare(&format!("SELECT id, parent_id, uuid, {label} FROM {table}"))?;
    let rows: Vec<(i64, Option<i64>, String, String)> = statement
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let parent: std::collections::HashMap<i64, Option<i64>> =
        rows.iter().map(|(id, parent, ..)| (*id, *parent)).collect();
    let named: std::collections::HashMap<i64, (&str, &str)> = rows
        .iter()
        .map(|(id, _, uuid, label)| (*id, (uuid.as_str(), label.as_str())))
        .collect();
    let mut in_cycle: std::collections::HashSet<i64> = std::collections::HashSet::new();
    // Rows whose way up was walked already: each row is walked once, so a deep tree (a
    // chain of 10,000 goals) is checked in linear time.
    let mut done: std::collections::HashSet<i64> = std::collections::HashSet::new();
    let mut found = Vec::new();
    for (start, ..) in &rows {
        // Walk up; a row seen twice on the way closes a cycle.
        let mut path: Vec<i64> = Vec::new();
        let mut on_path: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
        let mut next = Some(*start);
        while let Some(id) = next {
            if done.contains(&id) {
                break;
            }
            if let Some(&at) = on_path.get(&id) {
                let cycle = &path[at..];
                if !cycle.iter().any(|id| in_cycle.contains(id)) {
                    in_cycle.extend(cycle.iter().copied());
                    found.push(
                        cycle
                            .iter()
                            .map(|id| (named[id].0.to_owned(), named[id].1.to_owned()))
                            .collect(),
                    );
                }
                break;
            }
            if path.len() > rows.len() || in_cycle.contains(&id) {
                break;
            }
            on_path.insert(id, path.len());
            path.push(id);
            next = parent.get(&id).copied().flatten();
        }
        done.extend(path);
    }
    Ok(found)
}

impl Store {
    /// Refuses work that would leave parts of a damaged file out (the report, exports),
    /// with the message the window shows for it.
    pub fn refuse_damaged(&self) -> Result<()> {
        match self.read_only() {
            Some(reason @ ReadOnlyReason::Damaged { .. }) => Err(StoreError::Invalid {
                message: reason.message(self.path().unwrap_or_else(|| Path::new(""))),
            }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A loop through 10,000 formulas (as a crafted file could hold) is found once, with
    /// every member, in linear time: well under a second of a debug build.
    #[test]
    fn a_long_loop_of_formulas_is_found_in_linear_time() {
        let store = crate::store::testing::store();
        let conn = store.conn();
        let n = 10_000;
        let mut insert = conn
            .prepare("INSERT INTO indicator (uuid, code, name, formula) VALUES (?1, ?2, ?2, ?3)")
            .expect("prepared");
        for i in 0..n {
            let reads = if i == 0 { n - 1 } else { i - 1 };
            insert
                .execute(rusqlite::params![
                    crate::model::new_uuid().to_string(),
                    format!("I{i:05}"),
                    format!("[I{reads:05}] + 1"),
                ])
                .expect("inserted");
        }
        let started = std::time::Instant::now();
        let problems = formulas(conn).expect("checked");
        let elapsed = started.elapsed();
        assert_eq!(problems.len(), 1);
        let Problem::FormulaLoop { members } = &problems[0] else {
            panic!("{problems:?}");
        };
        assert_eq!(members.len(), n);
        assert!(elapsed.as_secs_f64() < 1.0, "{elapsed:?}");
    }
}
