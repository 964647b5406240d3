//! Exchanging copies on the command line: a merge of a copy without history refused in
//! words, `merge --take-theirs`. (Sharing, comparing and merging themselves are tested in
//! the core: `crates/core/tests/copies/`.)

use std::path::{Path, PathBuf};

use lernstadt_core::model::Stakeholder;
use lernstadt_core::store::{ActionKind, OpenMode, Store};

use crate::util::{Env, assert_no_sidecars};

pub(crate) fn open(path: &Path) -> Store {
    Store::open(
        path,
        OpenMode::ReadWrite,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap()
}

pub(crate) fn stakeholders(path: &Path) -> Vec<Stakeholder> {
    let store = Store::open(
        path,
        OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    lernstadt_core::store::stakeholders::list(store.conn()).unwrap()
}

pub(crate) fn stakeholder(path: &Path, name: &str) -> Stakeholder {
    stakeholders(path)
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("{name} not in {}", path.display()))
}

/// Changes one stakeholder in `path` as one edit.
pub(crate) fn edit(path: &Path, name: &str, change: impl FnOnce(&mut Stakeholder)) {
    let mut s = stakeholder(path, name);
    change(&mut s);
    save(path, &s);
}

/// Writes an entity's new state to `path` as one edit.
pub(crate) fn save<T: lernstadt_core::store::entity::Entity>(path: &Path, entity: &T) {
    let mut store = open(path);
    store
        .transact(ActionKind::Edit, "test edit", |tx| {
            tx.update(entity).map(|_| ())
        })
        .unwrap();
    store.close().unwrap();
}

/// The demo as "ours" and a copy of it as "theirs".
pub(crate) fn two_copies(env: &Env) -> (PathBuf, PathBuf) {
    let ours = env.demo();
    let theirs = env.path("theirs.lernstadt");
    std::fs::copy(&ours, &theirs).unwrap();
    (ours, theirs)
}

pub(crate) fn merge(env: &Env, target: &Path, other: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "merge",
        target.to_str().unwrap(),
        other.to_str().unwrap(),
        "--json",
    ];
    args.extend_from_slice(extra);
    let report = env.run(&args).expect_code(0).json();
    assert_no_sidecars(target);
    report
}

#[test]
fn a_copy_without_history_cannot_be_merged_and_says_why() {
    let env = Env::new();
    let (ours, _) = two_copies(&env);
    let copy = env.path("bare.lernstadt");
    env.run(&[
        "share-copy",
        ours.to_str().unwrap(),
        copy.to_str().unwrap(),
        "--without-history",
    ])
    .expect_code(0);
    let store = Store::open(
        &copy,
        OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    assert!(store.history(10).unwrap().is_empty());
    drop(store);
    let run = env
        .run(&["merge", ours.to_str().unwrap(), copy.to_str().unwrap()])
        .expect_code(1);
    assert!(
        run.stderr().contains("share no history"),
        "{}",
        run.stderr()
    );
}

/// `merge --take-theirs` resolves every conflict for the other copy: where both changed a
/// stakeholder's name, the other copy's name comes; without it, the target's stays and the
/// conflict is listed.
#[test]
fn merge_take_theirs_resolves_every_conflict_for_the_other_copy() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    let name = stakeholders(&ours)[0].name.clone();
    edit(&ours, &name, |s| s.name = "Unser Name".into());
    edit(&theirs, &name, |s| s.name = "Ihr Name".into());
    let listed = merge(&env, &ours, &theirs, &["--dry-run"]);
    assert_eq!(
        listed["conflicts"].as_array().unwrap().len(),
        1,
        "{listed:#}"
    );
    let report = merge(&env, &ours, &theirs, &["--take-theirs"]);
    assert_eq!(report["conflicts"], serde_json::json!([]), "{report:#}");
    stakeholder(&ours, "Ihr Name");
    env.run(&["check", ours.to_str().unwrap()]).expect_code(0);
}
