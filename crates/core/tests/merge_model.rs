//! The merge of colleagues' copies, proven by throwing random work at two copies of one
//! project and checking what must always hold (issue 15).
//!
//! Each case starts from a common ancestor (the demo, or a small project made of a few of
//! the demo's rows and a generated import), gives each copy a random sequence of user
//! actions — add, edit, delete and move for every entity kind, an indicator's formula (read
//! from the copy's codes, so loops happen), code (renamed as the window renames it) and
//! unit, imports of generated CSV files with new periods, regions, breakdowns and symbols,
//! entity-list imports, undo and redo — and merges the copies both ways. After every case:
//!
//! - `check` passes on both results;
//! - every field (and data value) only one side changed has that side's value in both
//!   results; one both sides changed differently is a listed conflict and ours is kept, or
//!   resolved for theirs gives theirs; a result that differs otherwise names that field in
//!   a conflict (or the entity, in a conflict about it as a whole);
//! - merging the same copy again applies nothing and lists no conflict;
//! - resolved the same way on both sides, the two results do not differ;
//! - undoing the merge gives back the copy as it was.
//!
//! A panic is a failing case too, and at least 40 % of the random steps must take effect.
//! A failing case prints its seed and the shortest action sequences found that still fail.
//! `LERNSTADT_MODEL_SEED=<seed>` runs one case; the long run (10,000 cases) is
//! `cargo test -p lernstadt-core --test core merge_model -- --ignored`.

mod actions;
mod state;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use actions::{Rng, Step, apply, host, key_of, steps};
use lernstadt_core::copies::diff::diff;
use lernstadt_core::copies::merge::{Conflict, MergeOptions, Side, merge};
use lernstadt_core::model::meta::{self, EntityKind, FieldType};
use lernstadt_core::store::entity;
use lernstadt_core::store::{ActionKind, OpenMode, Store, inspect};
use serde_json::Value as Json;
use state::{State, matched, state, three_way};

/// What one case starts from: the ancestor's file and its state.
struct Ancestor {
    file: PathBuf,
    state: State,
}

fn open(path: &Path, mode: OpenMode) -> Result<Store, String> {
    Store::open(path, mode, &host()).map_err(|e| format!("open {}: {e}", path.display()))
}

fn checked(path: &Path, side: &str) -> Result<(), String> {
    let report = inspect::check(path, &host()).map_err(|e| e.to_string())?;
    if report.ok {
        Ok(())
    } else {
        Err(format!("check fails on {side}: {:?}", report.problems))
    }
}

/// What no step may break, however it came (an edit, an entity list, an import, an undo, a
/// merge): the goal and region trees have no cycle, and every formula parses, reads codes
/// the copy has and reads no formula that reads it back.
fn sound(store: &Store, when: &str) -> Result<(), String> {
    for (table, label) in [("goal", "title"), ("region", "name")] {
        let cycles = inspect::tree_cycles(store.conn(), table, label).map_err(|e| e.to_string())?;
        if !cycles.is_empty() {
            return Err(format!("{when}: a cycle in the {table} tree: {cycles:?}"));
        }
    }
    lernstadt_core::store::derive::order(store.conn())
        .map(|_| ())
        .map_err(|e| format!("{when}: formulas do not hold: {e}"))
}

/// Computed values are derived, not merged: after every action they are what their
/// formulas give on the inputs as they are (computed again in a transaction rolled back).
fn derived_current(store: &mut Store, side: &str) -> Result<(), String> {
    let stored = state::computed_values(store.conn());
    let computed = store
        .transact_with(ActionKind::Edit, "check", false, |tx| {
            for (code, formula) in lernstadt_core::store::derive::order(tx.conn())? {
                lernstadt_core::store::derive::compute(tx, &code, &formula)?;
            }
            Ok(state::computed_values(tx.conn()))
        })
        .map_err(|e| e.to_string())?;
    if stored == computed {
        return Ok(());
    }
    let stale: Vec<(&String, &String, Option<&String>)> = stored
        .iter()
        .filter(|(key, value)| computed.get(*key) != Some(*value))
        .map(|(key, value)| (key, value, computed.get(key)))
        .take(3)
        .collect();
    Err(format!(
        "{side}: computed values are not what their formulas give now ({} stored, {} computed; e.g. {stale:?})",
        stored.len(),
        computed.len()
    ))
}

/// Runs one case, a panic caught as a failure (so it gets a seed and shrinking too);
/// `Ok` counts the steps that took effect, `Err` says which property failed and how.
fn run_case(ancestor: &Ancestor, ours: &[Step], theirs: &[Step]) -> Result<usize, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run_case_inner(ancestor, ours, theirs)
    }))
    .unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        Err(format!("panicked: {message}"))
    })
}

fn run_case_inner(ancestor: &Ancestor, ours: &[Step], theirs: &[Step]) -> Result<usize, String> {
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    // LERNSTADT_MODEL_KEEP=1 keeps the case's files (printed) for a closer look.
    let dir = &if std::env::var_os("LERNSTADT_MODEL_KEEP").is_some() {
        let kept = temp.keep();
        eprintln!("case files in {}", kept.display());
        kept
    } else {
        temp.path().to_owned()
    };
    let (a_path, b_path) = (dir.join("a.lernstadt"), dir.join("b.lernstadt"));
    for path in [&a_path, &b_path] {
        std::fs::copy(&ancestor.file, path).map_err(|e| e.to_string())?;
    }
    let mut a = open(&a_path, OpenMode::ReadWrite)?;
    let mut b = open(&b_path, OpenMode::ReadWrite)?;
    let mut effective = 0;
    for step in ours {
        effective += usize::from(apply(&mut a, *step, dir));
        sound(&a, &format!("ours after {step:?}"))?;
    }
    for step in theirs {
        effective += usize::from(apply(&mut b, *step, dir));
        sound(&b, &format!("theirs after {step:?}"))?;
    }
    derived_current(&mut a, "ours")?;
    derived_current(&mut b, "theirs")?;
    let (a0_path, b0_path) = (dir.join("a0.lernstadt"), dir.join("b0.lernstadt"));
    a.save_copy(&a0_path).map_err(|e| e.to_string())?;
    b.save_copy(&b0_path).map_err(|e| e.to_string())?;
    let a0 = open(&a0_path, OpenMode::ReadOnly)?;
    let b0 = open(&b0_path, OpenMode::ReadOnly)?;
    let (ours_state, theirs_state) = (state(a0.conn()), state(b0.conn()));

    // Theirs into ours, conflicts kept as ours.
    let into_a = merge(&mut a, &b0, &MergeOptions::default())
        .map_err(|e| format!("merge into ours failed: {e}"))?;
    for item in &into_a.applied {
        if matches!(item.field.as_deref(), Some("formula" | "code" | "unit")) {}
    }
    for c in &into_a.conflicts {
        if matches!(c.field.as_str(), "formula" | "code" | "unit" | "values") {}
    }
    checked(&a_path, "ours after merging theirs")?;
    sound(&a, "ours after merging theirs")?;
    derived_current(&mut a, "ours after merging theirs")?;
    let result = state(a.conn());
    let renamed = matched(&ours_state, &ancestor.state, &theirs_state, &into_a.applied);
    let (base, theirs) = renamed
        .as_ref()
        .map_or((&ancestor.state, &theirs_state), |(b, t)| (b, t));
    three_way(base, &ours_state, theirs, &result, &into_a.conflicts, None).map_err(|e| {
        format!(
            "merging theirs into ours: {e}; applied {:?} conflicts {:?} values {}",
            into_a
                .applied
                .iter()
                .map(|i| (i.entity.kind, &i.entity.name, i.change, &i.field))
                .collect::<Vec<_>>(),
            into_a.conflicts,
            into_a.observations_applied
        )
    })?;

    // Ours into theirs, every conflict resolved for ours (there: theirs).
    let preview = merge(
        &mut b,
        &a0,
        &MergeOptions {
            dry_run: true,
            ..MergeOptions::default()
        },
    )
    .map_err(|e| format!("merge preview into theirs failed: {e}"))?;
    let options = MergeOptions {
        dry_run: false,
        resolutions: preview
            .conflicts
            .iter()
            .map(|c| (c.key(), Side::Theirs))
            .collect(),
        progress: None,
    };
    let into_b =
        merge(&mut b, &a0, &options).map_err(|e| format!("merge into theirs failed: {e}"))?;
    checked(&b_path, "theirs after merging ours")?;
    sound(&b, "theirs after merging ours")?;
    derived_current(&mut b, "theirs after merging ours")?;
    let renamed = matched(&theirs_state, &ancestor.state, &ours_state, &into_b.applied);
    let (base, ours) = renamed
        .as_ref()
        .map_or((&ancestor.state, &ours_state), |(b, o)| (b, o));
    three_way(
        base,
        &theirs_state,
        ours,
        &state(b.conn()),
        // What the preview listed, resolved for theirs, and what still could not be.
        &[preview.conflicts.clone(), into_b.conflicts.clone()].concat(),
        Some(&into_b.conflicts),
    )
    .map_err(|e| {
        format!(
            "merging ours into theirs: {e}; conflicts {:?}",
            into_b.conflicts
        )
    })?;

    // Resolved the same way on both sides, the results agree.
    if into_b.conflicts.is_empty()
        && into_a
            .conflicts
            .iter()
            .all(|c| !c.base.is_null() || c.field == "value" || c.field == "(deleted)")
    {
        let difference = diff(&a, &b).map_err(|e| e.to_string())?;
        if !difference.is_empty() {
            return Err(format!(
                "resolved alike, the results differ: {:?} {:?}",
                difference.lines(),
                difference.observations.examples
            ));
        }
    }

    // Merging again changes nothing and lists nothing.
    let again = merge(&mut a, &b0, &MergeOptions::default())
        .map_err(|e| format!("merging again failed: {e}"))?;
    if !again.applied.is_empty() || !again.conflicts.is_empty() || again.observations_applied > 0 {
        return Err(format!(
            "merging again: {} applied, {} values, conflicts {:?}",
            again.applied.len(),
            again.observations_applied,
            again
                .conflicts
                .iter()
                .map(Conflict::key)
                .collect::<Vec<_>>()
        ));
    }

    // Undoing the merge gives back ours as it was.
    if into_a.applied.is_empty() && into_a.observations_applied == 0 {
        return Ok(effective);
    }
    a.undo()
        .map_err(|e| format!("undoing the merge failed: {e}"))?;
    derived_current(&mut a, "ours after undoing the merge")?;
    sound(&a, "ours after undoing the merge")?;
    let difference = diff(&a, &a0).map_err(|e| e.to_string())?;
    if !difference.is_empty() {
        return Err(format!(
            "undoing the merge left differences: {:?}",
            difference.lines()
        ));
    }
    Ok(effective)
}

/// The demo, as every planner first sees it.
fn demo(dir: &Path) -> Ancestor {
    let file = dir.join("demo.lernstadt");
    let store = lernstadt_core::demo::create(&file, &host()).expect("demo");
    let state = state(store.conn());
    store.close().expect("close");
    Ancestor { file, state }
}

/// A small project: up to three rows of each kind from the demo (parents first, references
/// only to rows taken) and a generated import.
fn small(dir: &Path) -> Ancestor {
    let demo_file = dir.join("source.lernstadt");
    let source = lernstadt_core::demo::create(&demo_file, &host()).expect("demo");
    let file = dir.join("small.lernstadt");
    let mut store = Store::create(&file, "Small", &host()).expect("create");
    store
        .transact(ActionKind::Edit, "small", |tx| {
            let mut taken: BTreeSet<(EntityKind, String)> = BTreeSet::new();
            for def in &meta::ALL[1..] {
                let mut count = 0;
                for row in entity::read_all(source.conn(), def)? {
                    let fits = def.fields.iter().all(|field| match field.ty {
                        FieldType::Ref(kind) => row
                            .get(field.name)
                            .and_then(Json::as_str)
                            .is_none_or(|key| taken.contains(&(kind, key.to_owned()))),
                        _ => true,
                    });
                    // A computed indicator needs its inputs, which three rows seldom
                    // hold: the demo's cases cover computed indicators.
                    let computed = row
                        .get("formula")
                        .and_then(Json::as_str)
                        .is_some_and(|f| !f.is_empty());
                    if fits && !computed && count < 3 {
                        tx.insert_row(def, &row)?;
                        taken.insert((def.kind, key_of(def, &row)));
                        count += 1;
                    }
                }
            }
            Ok(())
        })
        .expect("small project");
    assert!(
        apply(&mut store, Step::Import(7), dir),
        "the small project's import"
    );
    let state = state(store.conn());
    store.close().expect("close");
    source.close().expect("close");
    Ancestor { file, state }
}

/// Runs `cases` seeded cases from `first`; on a failure, shrinks the two action sequences
/// to the shortest that still fail and panics with the seed and them.
fn run(ancestor: &Ancestor, first: u64, cases: u64) {
    let (mut total, mut effective) = (0, 0);
    for seed in first..first + cases {
        let mut rng = Rng(seed);
        let (mut ours, mut theirs) = (steps(&mut rng), steps(&mut rng));
        total += ours.len() + theirs.len();
        let mut failure = match run_case(ancestor, &ours, &theirs) {
            Ok(count) => {
                effective += count;
                continue;
            }
            Err(failure) => failure,
        };
        // Shrink: drop one step at a time while the case still fails.
        'shrink: loop {
            for side in 0..2 {
                let list = if side == 0 { &ours } else { &theirs };
                for at in 0..list.len() {
                    let mut shorter = list.clone();
                    shorter.remove(at);
                    let (o, t) = if side == 0 {
                        (shorter.clone(), theirs.clone())
                    } else {
                        (ours.clone(), shorter.clone())
                    };
                    if let Err(message) = run_case(ancestor, &o, &t) {
                        (ours, theirs, failure) = (o, t, message);
                        continue 'shrink;
                    }
                }
            }
            break;
        }
        panic!(
            "case {seed} fails (LERNSTADT_MODEL_SEED={seed} runs it alone)\n{failure}\nshortest: ours {ours:?}, theirs {theirs:?}"
        );
    }
    // A model whose steps are mostly refused proves little: most must take effect.
    eprintln!("{effective} of {total} steps took effect");
    assert!(
        cases < 20 || effective * 100 >= total * MIN_EFFECTIVE_PERCENT,
        "only {effective} of {total} steps took effect"
    );
}

/// The share of random steps that must take effect (an edit the store refuses, an undo with
/// nothing to undo do not).
const MIN_EFFECTIVE_PERCENT: usize = 40;

fn seeds(default_first: u64, default_cases: u64) -> (u64, u64) {
    match std::env::var("LERNSTADT_MODEL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        Some(seed) => (seed, 1),
        None => (default_first, default_cases),
    }
}

/// 40 cases from the demo (its 12,000 data values make a case take 0.4 s here); the other
/// 260 start from the small project, in parallel.
#[test]
fn merge_holds_from_the_demo() {
    let dir = tempfile::tempdir().expect("dir");
    let (first, cases) = seeds(1, 40);
    run(&demo(dir.path()), first, cases);
}

#[test]
fn merge_holds_from_a_small_project() {
    let dir = tempfile::tempdir().expect("dir");
    let (first, cases) = seeds(1_000_001, 260);
    run(&small(dir.path()), first, cases);
}

#[test]
#[ignore = "the long run, part 1: 5,000 cases from the demo (about half an hour here)"]
fn merge_holds_long_run_from_the_demo() {
    let dir = tempfile::tempdir().expect("dir");
    run(&demo(dir.path()), 2_000_001, 5_000);
}

#[test]
#[ignore = "the long run, part 2: 5,000 cases from the small project (a few minutes)"]
fn merge_holds_long_run_from_a_small_project() {
    let dir = tempfile::tempdir().expect("dir");
    run(&small(dir.path()), 3_000_001, 5_000);
}
