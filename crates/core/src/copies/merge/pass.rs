//! The merge pass: the other copy's changes planned against the target's, applied in one
//! action, with what cannot be applied listed as conflicts.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::Connection;
use serde_json::{Map, Value as Json};

use super::nets::{Nets, nets};
use super::{Conflict, ConflictKey, Item, MergeOptions, MergeReport, Side, VALUES};
use crate::copies::diff::{EntityRef, field_diffs};
use crate::model::meta::{self, EntityKind};
use crate::store::{ActionKind, Result, Store, StoreError, Tx, entity};
use crate::t;

/// A planned write.
enum Plan {
    Insert(entity::Row),
    Set(String, Json),
    Delete,
}

const DELETED: &str = "(deleted)";
/// The fields that say what an indicator's values mean: while the copies disagree on one,
/// the other copy's values of it stay out (they would mix two units under one code) — until
/// the conflict, or its [`VALUES`] line, is resolved for theirs.
const MEANING: [&str; 2] = ["unit", "counts"];

/// Merges `other` into `target`.
#[expect(
    clippy::too_many_lines,
    reason = "the pass over the other copy's changes: each of its four cases writes plans, conflicts and matches it shares with the others"
)]
pub fn merge(target: &mut Store, other: &Store, options: &MergeOptions) -> Result<MergeReport> {
    let project = |store: &Store| crate::store::project::get(store.conn()).map(|p| p.project.uuid);
    if project(target)? != project(other)? {
        return Err(StoreError::Invalid {
            message: t!("merge.error.other_project").to_owned(),
        });
    }
    let cancelled = || options.progress.as_ref().map_or(Ok(()), |p| p.check());
    cancelled()?;
    crate::copies::refuse_newer(other)?;
    let sides = crate::copies::absorbed::sides(target.conn(), other.conn())?;
    if sides.common == 0 {
        return Err(StoreError::Invalid {
            message: t!("merge.error.no_common_history").to_owned(),
        });
    }
    let (our_actions, their_actions) = (&sides.ours, &sides.theirs);
    let ours = nets(target, our_actions)?;
    let theirs = nets(other, their_actions)?;
    let mut report = MergeReport {
        dry_run: options.dry_run,
        common_actions: sides.common,
        our_actions: our_actions.len(),
        their_actions: their_actions.len(),
        ..MergeReport::default()
    };

    // Plan the entities from both copies as they are now.
    let mut plans: Vec<(EntityKind, String, EntityRef, Plan)> = Vec::new();
    let mut pending: Vec<(Conflict, EntityKind, Plan)> = Vec::new();
    let mut matches = crate::copies::matching::Matches::default();
    let mut both_added: Vec<(Conflict, EntityKind, Plan)> = Vec::new();
    let mut revived_keys: HashSet<String> = HashSet::new();
    for ((kind, key), net) in &theirs {
        if *kind == EntityKind::Observation {
            continue;
        }
        let def = kind.def();
        let theirs_now = entity::read(other.conn(), def, key)?;
        let target_now = entity::read(target.conn(), def, key)?;
        let ours_net = ours.get(&(*kind, key.clone()));
        let Some((named_in, named)) = theirs_now
            .as_ref()
            .map(|row| (other.conn(), row))
            .or(target_now.as_ref().map(|row| (target.conn(), row)))
        else {
            continue;
        };
        let reference = EntityRef::new(named_in, def, key, named);
        let mut conflict = |field: &str, base: Json, ours: Json, theirs: Json, plan: Plan| {
            pending.push((
                Conflict {
                    entity: reference.clone(),
                    field: field.to_owned(),
                    base,
                    ours,
                    theirs,
                },
                *kind,
                plan,
            ));
        };
        match (target_now, theirs_now) {
            // Gone from both, or added and deleted again by theirs.
            (None, None) => {}
            (Some(now), None) => {
                if !net.existed {
                    // Theirs added and deleted it; ours has its own entity by that key.
                } else if ours_net.is_some_and(|n| n.changed_any(&now)) {
                    conflict(
                        DELETED,
                        Json::Bool(false),
                        Json::String(t!("merge.changed").to_owned()),
                        Json::String(t!("merge.deleted").to_owned()),
                        Plan::Delete,
                    );
                } else {
                    plans.push((*kind, key.clone(), reference.clone(), Plan::Delete));
                }
            }
            (None, Some(row)) => {
                if !net.existed
                    && let Some(ours_key) =
                        matches.find((target.conn(), other.conn()), def, key, &row)?
                {
                    // Added on both sides, the same by what the file keeps unique.
                    report.applied.push(Item {
                        entity: reference.clone(),
                        change: "matched",
                        field: None,
                        value: Some(Json::from(ours_key.clone())),
                    });
                    let Some(ours_row) = entity::read(target.conn(), def, &ours_key)? else {
                        continue;
                    };
                    let ours_ref = EntityRef::new(target.conn(), def, &ours_key, &ours_row);
                    // Theirs deleted the target's row and added this one in its place (an
                    // import undone and done again): the row lives on, with theirs' fields
                    // where ours did not change them.
                    let revived = theirs
                        .get(&(*kind, ours_key.clone()))
                        .is_some_and(|n| n.existed)
                        && entity::read(other.conn(), def, &ours_key)?.is_none();
                    let ours_changes = ours.get(&(*kind, ours_key.clone()));
                    if revived {
                        revived_keys.insert(ours_key.clone());
                    }
                    for difference in field_diffs(def, &ours_row, &matches.alias_row(def, &row)) {
                        let plan = Plan::Set(difference.field.clone(), difference.b.clone());
                        if revived
                            && !ours_changes
                                .is_some_and(|n| n.changed(&difference.field, Some(&difference.a)))
                        {
                            plans.push((*kind, ours_key.clone(), ours_ref.clone(), plan));
                            continue;
                        }
                        both_added.push((
                            Conflict {
                                entity: ours_ref.clone(),
                                field: difference.field.clone(),
                                base: Json::Null,
                                ours: difference.a,
                                theirs: difference.b.clone(),
                            },
                            *kind,
                            plan,
                        ));
                    }
                } else if net.existed && !net.changed_any(&row) {
                    // Ours deleted it; theirs changed nothing that is still changed.
                } else if ours_net.is_some_and(|n| n.existed) {
                    conflict(
                        DELETED,
                        Json::Bool(false),
                        Json::String(t!("merge.deleted").to_owned()),
                        Json::String(t!("merge.changed").to_owned()),
                        Plan::Insert(row),
                    );
                } else {
                    plans.push((*kind, key.clone(), reference.clone(), Plan::Insert(row)));
                }
            }
            (Some(now), Some(row)) => {
                for difference in field_diffs(def, &now, &row) {
                    let field = difference.field.clone();
                    if !net.changed(&field, Some(&difference.b)) {
                        continue;
                    }
                    let plan = Plan::Set(field.clone(), difference.b.clone());
                    if ours_net.is_some_and(|n| n.changed(&field, Some(&difference.a))) {
                        let base = net.fields.get(&field).cloned().unwrap_or(Json::Null);
                        conflict(&field, base, difference.a, difference.b, plan);
                    } else {
                        plans.push((*kind, key.clone(), reference.clone(), plan));
                    }
                }
            }
        }
    }
    pending.append(&mut both_added);
    // A row theirs deleted and added again is not deleted.
    plans.retain(|(_, key, _, plan)| !(matches!(plan, Plan::Delete) && revived_keys.contains(key)));
    pending.retain(|(c, ..)| !(c.field == DELETED && revived_keys.contains(&c.entity.key)));
    for (conflict, kind, plan) in pending {
        if options.resolutions.get(&conflict.key()) == Some(&Side::Theirs) {
            plans.push((kind, conflict.entity.key.clone(), conflict.entity, plan));
        } else {
            report.conflicts.push(conflict);
        }
    }
    // What only the target changed stays.
    let conflicted: HashSet<ConflictKey> = report.conflicts.iter().map(Conflict::key).collect();
    report.kept = kept(target, other, (&ours, &theirs), &conflicted)?;

    let our_values = super::named::touched(target, our_actions)?;
    // The values the other copy's imports wrote come across in bulk (`bulk`).
    let their_values = super::named::touched_named(other, their_actions)?;
    let held = held_indicators(&report.conflicts, options);
    let absorbs = sides.absorbs;
    let mut bases = value_bases(&ours, &theirs);
    // A value a side's undo took out of an import, and not in the log before: its common
    // content is what the undo took out.
    for (store, actions) in [(&*target, our_actions), (other, their_actions)] {
        for action in actions {
            for (key, content) in crate::store::shelf::held_values(store.conn(), *action)? {
                bases.entry(key).or_insert(content);
            }
        }
    }
    let label = t!(
        "merge.label",
        file = other
            .path()
            .and_then(Path::file_name)
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    );
    // The other copy's references to rows matched to the target's go to the target's.
    for (kind, _, _, plan) in &mut plans {
        match plan {
            Plan::Insert(row) => *row = matches.alias_row(kind.def(), row),
            Plan::Set(_, value) => *value = matches.alias(value),
            Plan::Delete => {}
        }
    }
    cancelled()?;
    let commit = !options.dry_run;
    let report = target.transact_with(ActionKind::Merge, &label, commit, move |tx| {
        // References may point at entities added later in this same action.
        tx.conn().execute_batch("PRAGMA defer_foreign_keys = ON;")?;
        let order = |kind: EntityKind| meta::ALL.iter().position(|d| d.kind == kind);
        let depth = insert_depths(&plans);
        plans.sort_by_key(|(kind, key, _, plan)| match plan {
            // A goal or region after the parent the other copy created with it.
            Plan::Insert(_) => (0, order(*kind), depth.get(key).copied().unwrap_or(0)),
            // A formula after the codes it may read under their new names.
            Plan::Set(field, _) => (1, order(*kind), usize::from(field.as_str() == "formula")),
            Plan::Delete => (2, order(*kind).map(|o| usize::MAX - o), 0),
        });
        // Data values between the changes and the deletions: a value needs its indicator,
        // and an indicator the other copy deleted with its values goes once they are gone.
        let deletions = plans.split_off(
            plans
                .iter()
                .position(|(.., plan)| matches!(plan, Plan::Delete))
                .unwrap_or(plans.len()),
        );
        // The checks of formulas hold what was sound sound; a file whose formulas are
        // already wrong is repaired first, not merged into (`refresh` refuses it).
        let formulas_sound = crate::store::derive::order(tx.conn()).is_ok();
        apply_plans(tx, plans, (&ours, formulas_sound), other, &mut report);
        let held_codes = codes_of(tx.conn(), &held)?;
        let waiting = super::values::merge(
            tx,
            other,
            (&our_values, &their_values),
            (their_actions, &held_codes.keys().cloned().collect()),
            &bases,
            options,
            &mut report,
        )?;
        for (code, count) in waiting {
            if let Some(entity) = held_codes.get(&code) {
                report.conflicts.push(values_held(entity.clone(), count));
            }
        }
        apply_plans(tx, deletions, (&ours, formulas_sound), other, &mut report);
        crate::copies::absorbed::record(tx, &absorbs)?;
        Ok(report)
    })?;
    Ok(report)
}

/// The indicators whose meaning is in an unresolved conflict (and whose values line is not
/// resolved for theirs): their values of the other copy wait.
fn held_indicators(conflicts: &[Conflict], options: &MergeOptions) -> Vec<EntityRef> {
    let mut held: Vec<EntityRef> = conflicts
        .iter()
        .filter(|c| c.entity.kind == "indicator" && MEANING.contains(&c.field.as_str()))
        .filter(|c| {
            let line = (
                c.entity.kind.to_owned(),
                c.entity.key.clone(),
                VALUES.to_owned(),
            );
            options.resolutions.get(&line) != Some(&Side::Theirs)
        })
        .map(|c| c.entity.clone())
        .collect();
    held.dedup_by(|a, b| a.key == b.key);
    held
}

/// The target's codes of the indicators `held` (by UUID), with each.
fn codes_of(conn: &Connection, held: &[EntityRef]) -> Result<HashMap<String, EntityRef>> {
    let mut codes = HashMap::new();
    for entity in held {
        let code: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT code FROM indicator WHERE uuid = ?1",
            [&entity.key],
            |row| row.get(0),
        ))?;
        if let Some(code) = code {
            codes.insert(code, entity.clone());
        }
    }
    Ok(codes)
}

/// The conflict that lists the values of an indicator held back.
fn values_held(entity: EntityRef, count: u64) -> Conflict {
    Conflict {
        entity,
        field: VALUES.to_owned(),
        base: Json::Null,
        ours: Json::String(t!("merge.values.ours").to_owned()),
        theirs: Json::String(t!(
            "merge.values.held",
            count = crate::i18n::format_int(count as i64)
        )),
    }
}

/// A data value's common content: the row before either side's first change of it.
fn value_bases(ours: &Nets, theirs: &Nets) -> HashMap<String, Json> {
    theirs
        .iter()
        .chain(ours.iter())
        .filter(|((kind, _), _)| *kind == EntityKind::Observation)
        .filter_map(|((_, key), net)| {
            let first = net.first.as_ref()?;
            let content: Map<String, Json> = ["value", "symbol", "quality", "note"]
                .iter()
                .map(|f| {
                    (
                        (*f).to_owned(),
                        first.get(*f).cloned().unwrap_or(Json::Null),
                    )
                })
                .collect();
            Some((key.clone(), Json::Object(content)))
        })
        .collect()
}

/// What only the target changed since the copies parted (and no conflict names): it stays.
fn kept(
    target: &Store,
    other: &Store,
    (ours, theirs): (&Nets, &Nets),
    conflicted: &HashSet<ConflictKey>,
) -> Result<Vec<Item>> {
    let mut kept = Vec::new();
    for ((kind, key), net) in ours {
        if *kind == EntityKind::Observation {
            continue;
        }
        let def = kind.def();
        let target_now = entity::read(target.conn(), def, key)?;
        let other_now = entity::read(other.conn(), def, key)?;
        let other_net = theirs.get(&(*kind, key.clone()));
        match (&target_now, &other_now) {
            (Some(row), None) if !net.existed => kept.push(Item {
                entity: EntityRef::new(target.conn(), def, key, row),
                change: "added",
                field: None,
                value: None,
            }),
            (None, Some(row)) if net.existed && other_net.is_none() => kept.push(Item {
                entity: EntityRef::new(other.conn(), def, key, row),
                change: "removed",
                field: None,
                value: None,
            }),
            (Some(now), Some(row)) => {
                for difference in field_diffs(def, row, now) {
                    let address = (def.table.to_owned(), key.clone(), difference.field.clone());
                    if net.changed(&difference.field, Some(&difference.b))
                        && !other_net
                            .is_some_and(|n| n.changed(&difference.field, Some(&difference.a)))
                        && !conflicted.contains(&address)
                    {
                        kept.push(Item {
                            entity: EntityRef::new(target.conn(), def, key, now),
                            change: "changed",
                            field: Some(difference.field),
                            value: Some(difference.b),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    Ok(kept)
}

/// Applies planned writes in order, each in a savepoint: what could not be applied is a
/// conflict saying why.
fn apply_plans(
    tx: &mut Tx<'_>,
    plans: Vec<(EntityKind, String, EntityRef, Plan)>,
    ours: (&Nets, bool),
    other: &Store,
    report: &mut MergeReport,
) {
    // A write refused now may go once another has been made (the indicator a formula
    // reads added, the formula that read a deleted one deleted too): the refused are tried
    // again while a pass gets anything done.
    // The indicators whose formula the other copy sets: a rename rewrites their formula
    // until then, but not their source — what it says comes from the other copy too.
    let formulas_set: HashSet<String> = plans
        .iter()
        .filter(|(kind, _, _, plan)| {
            *kind == EntityKind::Indicator
                && matches!(plan, Plan::Set(field, _) if field == "formula")
        })
        .map(|(_, key, ..)| key.clone())
        .collect();
    let mut waiting = plans;
    let mut refused = Vec::new();
    loop {
        let before = waiting.len();
        for (kind, key, reference, plan) in waiting {
            match apply_plan(tx, kind, &key, &plan, ours, &formulas_set) {
                Ok((change, field, value)) => report.applied.push(Item {
                    entity: reference,
                    change,
                    field,
                    value,
                }),
                Err(error) => refused.push((kind, key, reference, plan, error)),
            }
        }
        if refused.is_empty() || refused.len() == before {
            break;
        }
        waiting = refused
            .drain(..)
            .map(|(kind, key, reference, plan, _)| (kind, key, reference, plan))
            .collect();
    }
    for (_, _, reference, plan, error) in refused {
        let field = match plan {
            Plan::Insert(_) => "added".to_owned(),
            Plan::Set(field, _) => field,
            Plan::Delete => "removed".to_owned(),
        };
        report.conflicts.push(Conflict {
            entity: reference,
            field,
            base: Json::Null,
            ours: Json::Null,
            theirs: Json::String(super::guards::why_not(other.conn(), &error)),
        });
    }
}

/// For each planned insert, how many of its ancestors (by `parent`) are planned inserts too:
/// inserting in that order puts every parent before its children.
fn insert_depths(plans: &[(EntityKind, String, EntityRef, Plan)]) -> HashMap<String, usize> {
    let parents: HashMap<&str, &str> = plans
        .iter()
        .filter_map(|(_, key, _, plan)| match plan {
            Plan::Insert(row) => Some((key.as_str(), row.get("parent")?.as_str()?)),
            _ => None,
        })
        .collect();
    parents
        .keys()
        .map(|key| {
            let mut depth = 0;
            let mut at = *key;
            // Bounded: a cycle among the rows themselves cannot loop for ever.
            while let Some(parent) = parents.get(at).filter(|_| depth < parents.len()) {
                depth += 1;
                at = parent;
            }
            ((*key).to_owned(), depth)
        })
        .collect()
}

/// One planned write, in a savepoint of its own: what it did (`added`, `changed` with the
/// field and value, `removed`), or why it could not. With `formulas_sound`, a write to an
/// indicator that leaves a formula reading a code the project lacks, or formulas reading
/// each other in a circle, is refused.
fn apply_plan(
    tx: &mut Tx<'_>,
    kind: EntityKind,
    key: &str,
    plan: &Plan,
    (ours, formulas_sound): (&Nets, bool),
    formulas_set: &HashSet<String>,
) -> Result<(&'static str, Option<String>, Option<Json>)> {
    let def = kind.def();
    let check_formulas = |tx: &Tx<'_>| match crate::store::derive::order(tx.conn()) {
        Err(why) if formulas_sound && kind == EntityKind::Indicator => Err(StoreError::Invalid {
            message: t!("merge.formula", why = why),
        }),
        _ => Ok(()),
    };
    match plan {
        Plan::Insert(row) => tx
            .savepoint(|tx| {
                tx.insert_row(def, row)?;
                check_formulas(tx)
            })
            .map(|()| ("added", None, None)),
        Plan::Set(field, value) => {
            let mut fields = Map::new();
            fields.insert(field.clone(), value.clone());
            tx.savepoint(|tx| {
                let renamed = if kind == EntityKind::Indicator && field == "code" {
                    entity::read(tx.conn(), def, key)?
                        .and_then(|row| row.get("code").and_then(Json::as_str).map(str::to_owned))
                } else {
                    None
                };
                tx.update_fields(def, key, &fields)?;
                // The target's formulas that read the old code read the new one, as a
                // rename in the window rewrites them.
                if let (Some(old), Some(new)) = (renamed, value.as_str()) {
                    crate::store::indicators::rewrite_readers_keeping_sources(
                        tx,
                        &old,
                        new,
                        formulas_set,
                    )?;
                }
                if field == "parent" {
                    super::guards::refuse_cycle(tx.conn(), kind, key)?;
                }
                check_formulas(tx)
            })
            .map(|()| ("changed", Some(field.clone()), Some(value.clone())))
        }
        Plan::Delete => {
            if let Some(name) = super::guards::changed_dependent(tx.conn(), kind, key, ours)? {
                return Err(StoreError::Invalid {
                    message: t!("merge.delete_in_use", name = name),
                });
            }
            tx.savepoint(|tx| {
                tx.delete(kind, key)?;
                check_formulas(tx)
            })
            .map(|()| ("removed", None, None))
        }
    }
}
