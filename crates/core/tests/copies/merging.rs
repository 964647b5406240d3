//! Merging copies that changed apart: what the merge refuses in words (cycles, deletions
//! that would undo our work, links to what we deleted), what it remembers, and long work
//! that is cancelled.

use lernstadt_core::store::{OpenMode, Store, StoreError};

use std::path::Path;

use super::exchange::{
    delete_stakeholder, edit, measures, merge, open, save, stakeholder, stakeholders, two_copies,
};
use lernstadt_core::import::Options;

use crate::util::{self, Env, Merge};

/// A conflict kept as ours is decided: merging the same copy again lists nothing and applies
/// nothing. Undoing the merge forgets the decision.
#[test]
fn a_decided_conflict_is_remembered_until_the_merge_is_undone() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    edit(&ours, "Jugendamt Musterstadt", |s| s.interest = 1);
    edit(&theirs, "Jugendamt Musterstadt", |s| s.interest = 2);
    edit(&theirs, "Goethe-Gymnasium", |s| s.interest = 1);
    let first = merge(&ours, &theirs, Merge::Apply);
    assert_eq!(first["conflicts"].as_array().unwrap().len(), 1);
    assert_eq!(first["applied"].as_array().unwrap().len(), 1);
    let again = merge(&ours, &theirs, Merge::Apply);
    assert!(again["conflicts"].as_array().unwrap().is_empty(), "{again}");
    assert!(again["applied"].as_array().unwrap().is_empty(), "{again}");
    assert_eq!(stakeholder(&ours, "Jugendamt Musterstadt").interest, 1);

    let mut store = open(&ours);
    store.undo().unwrap();
    store.close().unwrap();
    let after_undo = merge(&ours, &theirs, Merge::Apply);
    assert_eq!(after_undo["conflicts"].as_array().unwrap().len(), 1);
}

/// Two moves that together make a cycle — ours puts X under its sibling Y, theirs puts Y
/// under X — are one conflict naming the cycle; our tree is kept and stays a tree.
#[test]
fn two_moves_that_make_a_cycle_are_a_conflict() {
    use lernstadt_core::model::Goal;
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    let goals = |path: &Path| -> Vec<Goal> {
        lernstadt_core::store::goals::list(open(path).conn()).unwrap()
    };
    let all = goals(&ours);
    let (x, y) = all
        .iter()
        .find_map(|x| {
            let y = all
                .iter()
                .find(|y| y.uuid != x.uuid && y.parent == x.parent && x.parent.is_some())?;
            Some((x.clone(), y.clone()))
        })
        .expect("the demo has sibling goals");
    let mv = |path: &Path, goal: &Goal, parent: &Goal| {
        let mut moved = goal.clone();
        moved.parent = Some(parent.uuid);
        save(path, &moved);
    };
    mv(&ours, &x, &y);
    mv(&theirs, &y, &x);
    let report = merge(&ours, &theirs, Merge::Apply);
    let conflicts = report["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{report:#}");
    assert_eq!(conflicts[0]["field"], "parent");
    let text = conflicts[0]["theirs"].as_str().unwrap();
    assert!(
        text.contains("cycle") && text.contains(&x.title) && text.contains(&y.title),
        "{text}"
    );
    let after = goals(&ours);
    let parent_of = |goal: &Goal| after.iter().find(|g| g.uuid == goal.uuid).unwrap().parent;
    assert_eq!(parent_of(&x), Some(y.uuid), "ours kept");
    assert_eq!(parent_of(&y), y.parent, "theirs not applied");
    assert_eq!(after.len(), all.len());
    util::check(&ours);
}

/// Theirs deletes a stakeholder our copy has since made lead of a measure: the deletion is a
/// conflict in words, the stakeholder and our link stay; a stakeholder nobody of ours
/// touched is deleted as before, its links cleared.
#[test]
fn a_deletion_that_would_undo_our_work_is_a_conflict() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    let mut measure = measures(&ours)[0].clone();
    let lead = stakeholders(&ours)
        .into_iter()
        .find(|s| Some(s.uuid) != measure.lead_stakeholder)
        .unwrap();
    measure.lead_stakeholder = Some(lead.uuid);
    save(&ours, &measure);
    let untouched = stakeholders(&ours)
        .into_iter()
        .find(|s| {
            s.uuid != lead.uuid
                && measures(&ours)
                    .iter()
                    .all(|m| m.lead_stakeholder != Some(s.uuid))
        })
        .unwrap();
    for gone in [&lead, &untouched] {
        delete_stakeholder(&theirs, gone);
    }
    let report = merge(&ours, &theirs, Merge::Apply);
    let conflicts = report["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{report:#}");
    assert_eq!(conflicts[0]["entity"]["name"], lead.name.as_str());
    let text = conflicts[0]["theirs"].as_str().unwrap();
    assert!(text.contains(&measure.title), "{text}");
    let names: Vec<String> = stakeholders(&ours).into_iter().map(|s| s.name).collect();
    assert!(names.contains(&lead.name), "ours kept");
    assert!(
        !names.contains(&untouched.name),
        "the untouched one is deleted"
    );
    let after = measures(&ours);
    let kept = after.iter().find(|m| m.uuid == measure.uuid).unwrap();
    assert_eq!(kept.lead_stakeholder, Some(lead.uuid));
    util::check(&ours);
}

/// Theirs links a stakeholder our copy has deleted: the conflict names the stakeholder in
/// words (as the other copy knows it), never as a bare key.
#[test]
fn a_link_to_what_we_deleted_is_named_in_words() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    let mut measure = measures(&theirs)[0].clone();
    let gone = stakeholders(&ours)
        .into_iter()
        .find(|s| Some(s.uuid) != measure.lead_stakeholder)
        .unwrap();
    measure.lead_stakeholder = Some(gone.uuid);
    save(&theirs, &measure);
    delete_stakeholder(&ours, &gone);
    let report = merge(&ours, &theirs, Merge::Apply);
    let conflicts = report["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{report:#}");
    let text = conflicts[0]["theirs"].as_str().unwrap();
    assert!(text.contains(&gone.name), "{text}");
    assert!(!text.contains(&gone.uuid.to_string()), "{text}");
    util::check(&ours);
}

/// Cancelled, long work leaves everything as it was: no copy, no report, no half-written
/// file beside them, the project unchanged; comparing stops with the same message.
#[test]
fn cancelled_work_leaves_everything_as_it_was() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    let host = lernstadt_core::store::Host::default();
    let cancelled = std::sync::Arc::new(lernstadt_core::progress::Progress::default());
    cancelled.cancel();
    let files = || {
        let mut names: Vec<String> = std::fs::read_dir(env.path(""))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = files();
    let project = std::fs::read(&ours).unwrap();

    let copy = env.path("to-send.lernstadt");
    let shared = lernstadt_core::copies::share::share_copy(
        &ours,
        &copy,
        lernstadt_core::copies::share::ShareOptions::default(),
        &host,
        &cancelled,
    );
    assert!(matches!(shared, Err(StoreError::Cancelled)), "{shared:?}");

    let store = Store::open(&ours, OpenMode::ReadOnly, &host).unwrap();
    let report = lernstadt_core::report::write_report(
        &store,
        &env.path("report.html"),
        &lernstadt_core::report::ReportOptions {
            progress: Some(cancelled.clone()),
            ..Default::default()
        },
    );
    assert!(matches!(
        report,
        Err(lernstadt_core::error::Error::Store(StoreError::Cancelled))
    ));
    let other = Store::open(&theirs, OpenMode::ReadOnly, &host).unwrap();
    let compared = lernstadt_core::copies::diff::diff_with(&store, &other, &cancelled);
    assert_eq!(
        compared.unwrap_err().to_string(),
        lernstadt_core::t!("work.cancelled")
    );
    store.close().unwrap();

    edit(&theirs, "Goethe-Gymnasium", |s| s.influence = 5);
    let mut target = Store::open(&ours, OpenMode::ReadWrite, &host).unwrap();
    let merged = lernstadt_core::copies::merge::merge(
        &mut target,
        &other,
        &lernstadt_core::copies::merge::MergeOptions {
            progress: Some(cancelled.clone()),
            ..Default::default()
        },
    );
    assert!(matches!(merged, Err(StoreError::Cancelled)));
    target.close().unwrap();
    other.close().unwrap();
    assert_eq!(files(), before, "nothing written beside");
    assert_eq!(
        std::fs::read(&ours).unwrap(),
        project,
        "the project as it was"
    );
}

/// The same data value changed differently on both sides is a conflict with the common
/// value, ours and theirs. (How `lernstadt merge` shows them, as numbers and not as the
/// stored row, is tested in the root's `tests/copies/merging.rs`.)
#[test]
fn a_value_changed_on_both_sides_shows_base_ours_and_theirs() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    // A value both copies have in common (imported into both, then merged both ways so
    // the logs agree), then changed apart.
    let csv = env.path("start.csv");
    std::fs::write(
        &csv,
        "indicator,district,year,value\nBeide,059990001001,2024,1000\n",
    )
    .unwrap();
    util::import(&ours, &csv, &Options::default());
    util::import(&theirs, &csv, &Options::default());
    merge(&ours, &theirs, Merge::Apply);
    merge(&theirs, &ours, Merge::Apply);
    for (path, value) in [(&ours, "1234.5"), (&theirs, "987")] {
        let csv = env.path(&format!("neu-{value}.csv"));
        std::fs::write(
            &csv,
            format!("indicator,district,year,value\nBeide,059990001001,2024,{value}\n"),
        )
        .unwrap();
        util::import(path, &csv, &Options::default());
    }
    let report = merge(&ours, &theirs, Merge::DryRun);
    let conflicts = report["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{report:#}");
    assert_eq!(conflicts[0]["base"]["value"], 1000.0, "{report:#}");
    assert_eq!(conflicts[0]["ours"]["value"], 1234.5);
    assert_eq!(conflicts[0]["theirs"]["value"], 987.0);
}

/// One copy undid an import both had, the other changed one of its values: a conflict whose
/// common value is the imported one (read from the undo's shelf, as the log does not hold
/// it), and the undone values are taken out of ours where ours did not touch them.
#[test]
fn an_undone_import_against_a_changed_value_shows_the_imported_value_as_common() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    let csv = env.path("start.csv");
    std::fs::write(
        &csv,
        "indicator,district,year,value\nBeide,059990001001,2024,1000\nBeide,059990001001,2023,900\n",
    )
    .unwrap();
    util::import(&theirs, &csv, &Options::default());
    merge(&ours, &theirs, Merge::Apply);
    merge(&theirs, &ours, Merge::Apply);
    let changed = env.path("changed.csv");
    std::fs::write(
        &changed,
        "indicator,district,year,value\nBeide,059990001001,2024,1234.5\n",
    )
    .unwrap();
    util::import(&ours, &changed, &Options::default());
    // Theirs undoes its merge of ours (nothing to take back there) and its import.
    let mut store = open(&theirs);
    let undone = store.undo().unwrap().unwrap();
    assert_eq!(
        undone.kind,
        lernstadt_core::store::ActionKind::Merge,
        "{undone:?}"
    );
    store.undo().unwrap().unwrap();
    store.close().unwrap();
    let report = merge(&ours, &theirs, Merge::DryRun);
    let conflicts = report["conflicts"].as_array().unwrap();
    let value = &conflicts[0];
    assert_eq!(value["entity"]["kind"], "observation", "{report:#}");
    assert_eq!(value["base"]["value"], 1000.0, "{report:#}");
    assert_eq!(value["ours"]["value"], 1234.5);
    assert!(value["theirs"].is_null(), "{report:#}");
    // The indicator and district the import made cannot go while ours keeps that value.
    let removed: Vec<&str> = conflicts[1..]
        .iter()
        .map(|c| c["entity"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(removed, ["indicator", "region"], "{report:#}");
    assert_eq!(report["observations_applied"], 1, "2023 goes: {report:#}");
}

/// After a merge took in everything of the other copy, the two are no longer "both
/// changed": the merged one is newer (by its own actions), and once the other merged it
/// back, they are the same.
#[test]
fn a_merged_copy_relates_to_the_other_as_newer_then_the_same() {
    use lernstadt_core::copies::{Relation, relation};
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    edit(&ours, "Jugendamt Musterstadt", |s| s.interest = 1);
    edit(&theirs, "Goethe-Gymnasium", |s| s.influence = 5);
    let related = |this: &Path, other: &Path| {
        let store = open(this);
        let found = relation(&store, other).unwrap();
        store.close().unwrap();
        found
    };
    assert_eq!(
        related(&ours, &theirs),
        Relation::Diverged { ours: 1, theirs: 1 }
    );
    merge(&ours, &theirs, Merge::Apply);
    assert_eq!(related(&ours, &theirs), Relation::Newer { count: 1 });
    assert_eq!(related(&theirs, &ours), Relation::Older { count: 1 });
    merge(&theirs, &ours, Merge::Apply);
    assert_eq!(related(&ours, &theirs), Relation::Same);
    assert_eq!(related(&theirs, &ours), Relation::Same);
}
