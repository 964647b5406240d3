//! What a copy holds, and the three-way rule a merge's result must follow.

use std::collections::{BTreeMap, BTreeSet};

use lernstadt_core::copies::merge::Conflict;
use lernstadt_core::model::meta;
use lernstadt_core::store::entity::{self, Row};
use serde_json::Value as Json;

use super::actions::key_of;

/// Everything a copy holds, by kind and key: entity rows and data values.
pub(crate) type State = BTreeMap<(&'static str, String), Row>;

pub(crate) fn state(conn: &rusqlite::Connection) -> State {
    let mut state = State::new();
    for def in meta::ALL {
        for row in entity::read_all(conn, def).expect("read") {
            state.insert((def.table, key_of(def, &row)), row);
        }
    }
    // A data value by its indicator's and region's UUIDs (a code renamed on one side is the
    // same indicator), its content as one text: the states of the demo hold 12,000 values.
    // Computed values are derived, not merged: `computed_values` checks them.
    for (key, content, named) in values(conn, false) {
        let mut value = Row::new();
        value.insert("value".to_owned(), Json::String(content));
        // The key the merge names the value by (codes and keys), not compared.
        value.insert("named".to_owned(), Json::String(named));
        state.insert(("observation", key), value);
    }
    state
}

/// The values of the computed indicators, by key: their content.
pub(crate) fn computed_values(conn: &rusqlite::Connection) -> BTreeMap<String, String> {
    values(conn, true)
        .into_iter()
        .map(|(key, content, _)| (key, content))
        .collect()
}

/// Data values (of the computed indicators, or of the others): key, content, named key.
fn values(conn: &rusqlite::Connection, computed: bool) -> Vec<(String, String, String)> {
    let mut statement = conn
        .prepare(&format!(
            "SELECT i.uuid || '|' || r.uuid || '|' || p.code || '|' || b.key,
                    quote(o.value) || '|' || quote(o.symbol) || '|' || quote(o.quality)
                    || '|' || quote(o.note),
                    i.code || '|' || r.key || '|' || p.code || '|' || b.key
             FROM observation o
             JOIN indicator i ON i.id = o.indicator_id
             JOIN region r ON r.id = o.region_id
             JOIN period p ON p.id = o.period_id
             JOIN breakdown b ON b.id = o.breakdown_id
             WHERE (i.formula <> '') = {}",
            i32::from(computed)
        ))
        .expect("query");
    let rows = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })
        .expect("query");
    rows.map(|row| row.expect("row")).collect()
}

/// The fields compared for a kind; a data value is one field, its whole content.
pub(crate) fn fields_of(table: &str) -> Vec<&'static str> {
    meta::ALL.iter().find(|def| def.table == table).map_or_else(
        || vec!["value"],
        |def| def.fields.iter().map(|f| f.name).collect(),
    )
}

/// One field's value in a state: `None` when the entity is not there.
pub(crate) fn field_value(
    state: &State,
    address: &(&'static str, String),
    table: &str,
    field: &str,
) -> Option<Json> {
    let value = state
        .get(address)?
        .get(field)
        .cloned()
        .unwrap_or(Json::Null);
    // Numbers compare as numbers (3 and 3.0 are the same value).
    Some(match value.as_f64() {
        Some(x) if value.is_number() && table != "observation" => Json::from(x),
        _ => value,
    })
}

/// Conflicts about an entity as a whole (it could not be added, removed, or one side
/// deleted what the other changed): every field of it is exempt. Any other conflict exempts
/// only its own field.
const WHOLE: [&str; 3] = ["(deleted)", "added", "removed"];

/// `text` with every indicator code renamed between `base` and `result` renamed, as a
/// rename rewrites the formulas that read the code.
fn renamed_formula(text: &str, base: &State, result: &State) -> String {
    let mut text = text.to_owned();
    for ((table, key), row) in base {
        if *table != "indicator" {
            continue;
        }
        let code = |row: &Row| row.get("code").and_then(Json::as_str).map(str::to_owned);
        if let (Some(old), Some(new)) =
            (code(row), result.get(&(*table, key.clone())).and_then(code))
            && old != new
            && let Some(renamed) =
                lernstadt_core::model::formula::Formula::rename(&text, &old, &new)
        {
            text = renamed;
        }
    }
    text
}

/// The three-way rule, field by field: what one side changed is in the result, what both
/// changed differently is a conflict (ours kept; with `resolved`, every conflict was
/// resolved for theirs and theirs is in the result, but for the conflicts `resolved` lists
/// as still not applied); any other difference must name the field in a conflict (or the
/// entity, in a conflict about it as a whole).
pub(crate) fn three_way(
    base: &State,
    ours: &State,
    theirs: &State,
    result: &State,
    conflicts: &[Conflict],
    resolved: Option<&[Conflict]>,
) -> Result<(), String> {
    let theirs_resolved = resolved.is_some();
    let unapplied: BTreeSet<(String, String, String)> = resolved
        .unwrap_or_default()
        .iter()
        .map(Conflict::key)
        .collect();
    let mut listed: BTreeSet<(String, String)> = conflicts
        .iter()
        .filter(|c| WHOLE.contains(&c.field.as_str()) || c.entity.kind == "observation")
        .map(|c| (c.entity.kind.to_owned(), c.entity.key.clone()))
        .collect();
    // A value's conflict names it by codes and keys (the target's where it has the row);
    // the states key values by UUIDs: each UUID that bore the name in any of them.
    let uuids = |table: &str, field: &str, name: &str| -> BTreeSet<String> {
        [base, ours, theirs, result]
            .iter()
            .flat_map(|state| state.iter())
            .filter(|((t, _), row)| {
                *t == table && row.get(field).and_then(Json::as_str) == Some(name)
            })
            .map(|((_, key), _)| key.clone())
            .collect()
    };
    for conflict in conflicts.iter().filter(|c| c.entity.kind == "observation") {
        let parts: Vec<&str> = conflict.entity.key.splitn(4, '|').collect();
        let [indicator, region, rest @ ..] = parts.as_slice() else {
            continue;
        };
        for i in uuids("indicator", "code", indicator) {
            for r in uuids("region", "key", region) {
                listed.insert((
                    "observation".to_owned(),
                    [&i, &r]
                        .into_iter()
                        .map(String::as_str)
                        .chain(rest.iter().copied())
                        .collect::<Vec<_>>()
                        .join("|"),
                ));
            }
        }
    }
    // The values of an indicator whose meaning is in conflict wait (their keys start
    // with its UUID).
    let held: Vec<String> = conflicts
        .iter()
        .filter(|c| {
            c.entity.kind == "indicator" && c.field == lernstadt_core::copies::merge::VALUES
        })
        .map(|c| format!("{}|", c.entity.key))
        .collect();
    let listed_field: BTreeSet<(String, String, String)> =
        conflicts.iter().map(Conflict::key).collect();
    // Conflicts that weigh ours against theirs (not a change that could not be applied).
    let decided: BTreeSet<(String, String, String)> = conflicts
        .iter()
        .filter(|c| !(c.base.is_null() && c.ours.is_null()))
        .map(Conflict::key)
        .collect();
    let addresses: BTreeSet<&(&'static str, String)> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .chain(result.keys())
        .collect();
    for address in addresses {
        let rows = [base, ours, theirs, result].map(|s| s.get(address));
        if rows.iter().all(|row| *row == rows[0]) {
            continue;
        }
        let (table, key) = address;
        let entity_listed = listed.contains(&((*table).to_owned(), key.clone()))
            || (*table == "observation" && held.iter().any(|h| key.starts_with(h.as_str())))
            || rows.iter().flatten().any(|row| {
                row.get("named")
                    .and_then(Json::as_str)
                    .is_some_and(|named| listed.contains(&((*table).to_owned(), named.to_owned())))
            });
        for field in fields_of(table) {
            let [b, o, t, r] =
                [base, ours, theirs, result].map(|s| field_value(s, address, table, field));
            let field_listed =
                listed_field.contains(&((*table).to_owned(), key.clone(), field.to_owned()));
            let what = || {
                format!(
                    "{table} {key} field {field}: base {b:?}, ours {o:?}, theirs {t:?}, result {r:?} (named {:?})",
                    rows.iter()
                        .flatten()
                        .filter_map(|row| row.get("named"))
                        .collect::<Vec<_>>()
                )
            };
            // A period the other side's new values need is brought back with them.
            let needed_period = *table == "period"
                && r == t
                && result
                    .keys()
                    .any(|(kind, k)| *kind == "observation" && k.contains(&format!("|{key}|")));
            let address_of = ((*table).to_owned(), key.clone(), field.to_owned());
            let decided_here = decided.contains(&address_of);
            let exempt = entity_listed || field_listed;
            // A formula the other side's rename of a code it reads rewrote.
            let rewritten = *table == "indicator"
                && field == "formula"
                && match (&o, &r) {
                    (Some(Json::String(o)), Some(Json::String(r))) => {
                        renamed_formula(o, base, result) == *r
                    }
                    _ => false,
                };
            if decided_here && o == b && o.is_some() {
                return Err(format!("a conflict though ours did not change: {}", what()));
            }
            if o == t || t == b {
                if r != o && !exempt && !needed_period && !rewritten {
                    return Err(format!("ours lost without a conflict: {}", what()));
                }
            } else if o == b {
                if r != t && !exempt {
                    return Err(format!("theirs not applied, no conflict: {}", what()));
                }
            } else if exempt {
                if !theirs_resolved && r != o && !rewritten {
                    return Err(format!("conflict did not keep ours: {}", what()));
                }
                if theirs_resolved
                    && decided_here
                    && !unapplied.contains(&address_of)
                    && !entity_listed
                    && r != t
                {
                    return Err(format!("resolved for theirs, not theirs: {}", what()));
                }
            } else if !(theirs_resolved && r == t) {
                return Err(format!(
                    "changed differently on both sides, not listed: {}",
                    what()
                ));
            }
        }
    }
    Ok(())
}

/// `theirs` as the target sees it after a merge: rows the merge matched to the target's
/// (added on both sides, the same by key or code) under the target's UUIDs.
///
/// A data value is matched by its indicator's and region's UUIDs, and where the target
/// lacks one, by code or key (the target's own region of that key takes the value).
pub(crate) fn matched(
    target: &State,
    base: &State,
    theirs: &State,
    applied: &[lernstadt_core::copies::merge::Item],
) -> Option<(State, State)> {
    let aliases: BTreeMap<&str, &str> = applied
        .iter()
        .filter(|item| item.change == "matched")
        .filter_map(|item| Some((item.entity.key.as_str(), item.value.as_ref()?.as_str()?)))
        .collect();
    let alias = |text: &str| {
        aliases
            .get(text)
            .map_or_else(|| text.to_owned(), |t| (*t).to_owned())
    };
    // For data values: the target's UUID of a row it has by the other's code or key only.
    let mut by_name: BTreeMap<String, String> = BTreeMap::new();
    for (table, field) in [("indicator", "code"), ("region", "key")] {
        let target_by_name: BTreeMap<&str, &str> = target
            .iter()
            .filter(|((t, _), _)| *t == table)
            .filter_map(|((_, key), row)| Some((row.get(field)?.as_str()?, key.as_str())))
            .collect();
        for ((t, key), row) in base.iter().chain(theirs) {
            if *t == table
                && !target.contains_key(&(table, alias(key)))
                // Not a row both copies deleted: what theirs did to its values concerns
                // no row of the target's, even one made since under the name.
                && theirs.contains_key(&(table, key.clone()))
                && let Some(name) = row.get(field).and_then(Json::as_str)
                && let Some(ours) = target_by_name.get(name)
                // Not when the other copy has the target's row under another name: it
                // renamed it and made this one under the old name (two rows).
                && theirs
                    .get(&(table, (*ours).to_owned()))
                    .is_none_or(|row| row.get(field).and_then(Json::as_str) == Some(name))
            {
                by_name.insert(key.clone(), (*ours).to_owned());
            }
        }
    }
    if aliases.is_empty() && by_name.is_empty() {
        return None;
    }
    let rename = |state: &State| -> State {
        state
            .iter()
            .map(|((table, key), row)| {
                let key = if *table == "observation" {
                    key.split('|')
                        .map(|part| by_name.get(part).cloned().unwrap_or_else(|| alias(part)))
                        .collect::<Vec<_>>()
                        .join("|")
                } else {
                    alias(key)
                };
                let row = row
                    .iter()
                    .map(|(field, value)| {
                        let value = match value {
                            Json::String(text) => Json::from(alias(text)),
                            other => other.clone(),
                        };
                        (field.clone(), value)
                    })
                    .collect();
                ((*table, key), row)
            })
            .collect()
    };
    Some((rename(base), rename(theirs)))
}
