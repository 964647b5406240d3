//! Merging what the data means: formulas that together would read each other or read what
//! the other copy deleted, one code made on both sides in different units, and a
//! colleague's import, which comes across as an import does.

use std::fmt::Write as _;
use std::path::Path;

use lernstadt_core::copies::merge::{MergeOptions, MergeReport, Side, VALUES};
use lernstadt_core::model::Indicator;
use lernstadt_core::model::meta::EntityKind;
use lernstadt_core::store::{ActionKind, OpenMode, Store};

use super::exchange::{edit, merge, open, stakeholder, two_copies};
use lernstadt_core::import::Options;

use crate::util::{self, Env, Merge};

fn indicator(path: &Path, code: &str) -> Indicator {
    lernstadt_core::store::indicators::list(open(path).conn())
        .unwrap()
        .into_iter()
        .find(|i| i.code == code)
        .unwrap_or_else(|| panic!("{code} in {}", path.display()))
}

fn set_indicator(path: &Path, code: &str, change: impl FnOnce(&mut Indicator)) {
    let mut changed = indicator(path, code);
    change(&mut changed);
    let mut store = open(path);
    store
        .transact(ActionKind::Edit, "test edit", |tx| {
            lernstadt_core::store::indicators::update(tx, &changed).map(|_| ())
        })
        .unwrap();
    store.close().unwrap();
}

/// Two computed indicators in both copies, reading the demo's population.
fn two_computed(env: &Env) -> (std::path::PathBuf, std::path::PathBuf) {
    let demo = env.path("demo.lernstadt");
    if !demo.exists() {
        env.demo();
    }
    for (code, formula) in [("X1", "[BEV; total]"), ("Y1", "2 * [BEV; total]")] {
        util::derive(&demo, code, code, formula, None);
    }
    let theirs = env.path("theirs.lernstadt");
    std::fs::copy(&demo, &theirs).unwrap();
    (demo, theirs)
}

fn conflicts_on(report: &serde_json::Value, field: &str) -> Vec<serde_json::Value> {
    report["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["field"] == field)
        .cloned()
        .collect()
}

/// Ours makes X1 read Y1, theirs makes Y1 read X1: each alone is sound, together a loop.
/// The merge lists the loop as a conflict (the dry run the same), brings the rest of
/// theirs in, and the file stays sound.
#[test]
fn formulas_that_would_read_each_other_are_a_conflict_and_the_rest_comes_in() {
    let env = Env::new();
    let (ours, theirs) = two_computed(&env);
    set_indicator(&ours, "X1", |i| i.formula = "[Y1] + 1".into());
    set_indicator(&theirs, "Y1", |i| i.formula = "[X1] + 1".into());
    edit(&theirs, "Goethe-Gymnasium", |s| s.interest = 1);

    let dry = merge(&ours, &theirs, Merge::DryRun);
    let report = merge(&ours, &theirs, Merge::Apply);
    assert_eq!(
        dry["conflicts"], report["conflicts"],
        "the dry run lists the same"
    );
    let loops = conflicts_on(&report, "formula");
    assert_eq!(loops.len(), 1, "{report:#}");
    let why = loops[0]["theirs"].as_str().unwrap();
    assert!(
        why.contains("circle") && why.contains("X1") && why.contains("Y1"),
        "{why}"
    );
    assert_eq!(
        stakeholder(&ours, "Goethe-Gymnasium").interest,
        1,
        "the rest"
    );
    assert_eq!(indicator(&ours, "X1").formula, "[Y1] + 1", "ours kept");
    assert_eq!(indicator(&ours, "Y1").formula, "2 * [BEV; total]");
    util::check(&ours);

    // The other way round the same.
    let back = merge(&theirs, &ours, Merge::Apply);
    assert_eq!(conflicts_on(&back, "formula").len(), 1, "{back:#}");
    util::check(&theirs);
}

/// Ours deletes an indicator, theirs makes a formula read it: the formula is a conflict
/// saying what it reads; the other way round, the deletion is.
#[test]
fn a_formula_reading_what_the_other_copy_deleted_is_a_conflict() {
    let env = Env::new();
    let demo = env.demo();
    // An indicator without values yet (one with values is deleted with them first).
    let gone = Indicator::new("FREI", "Freie Plätze");
    let mut store = open(&demo);
    store
        .transact(ActionKind::Edit, "test add", |tx| tx.insert(&gone))
        .unwrap();
    store.close().unwrap();
    let (ours, theirs) = two_computed(&env);
    let mut store = open(&ours);
    store
        .transact(ActionKind::Edit, "test delete", |tx| {
            tx.delete(EntityKind::Indicator, &gone.uuid.to_string())
        })
        .unwrap();
    store.close().unwrap();
    set_indicator(&theirs, "X1", |i| {
        i.formula = format!("[{}] * 2", gone.code);
    });
    edit(&theirs, "Goethe-Gymnasium", |s| s.interest = 1);

    let report = merge(&ours, &theirs, Merge::Apply);
    let refused = conflicts_on(&report, "formula");
    assert_eq!(refused.len(), 1, "{report:#}");
    let why = refused[0]["theirs"].as_str().unwrap();
    assert!(why.contains(&gone.code) && why.contains("X1"), "{why}");
    assert_eq!(stakeholder(&ours, "Goethe-Gymnasium").interest, 1);
    util::check(&ours);

    let back = merge(&theirs, &ours, Merge::Apply);
    let removed = conflicts_on(&back, "removed");
    assert_eq!(removed.len(), 1, "{back:#}");
    assert!(removed[0]["theirs"].as_str().unwrap().contains(&gone.code));
    indicator(&theirs, &gone.code);
    util::check(&theirs);
}

fn merge_with(target: &Path, other: &Path, resolutions: &[(String, Side)]) -> MergeReport {
    let host = lernstadt_core::store::Host::default();
    let mut target = Store::open(target, OpenMode::ReadWrite, &host).unwrap();
    let other = Store::open(other, OpenMode::ReadOnly, &host).unwrap();
    let key = |field: &str| {
        let uuid = indicator(target.path().unwrap(), "NEU").uuid.to_string();
        ("indicator".to_owned(), uuid, field.to_owned())
    };
    let options = MergeOptions {
        resolutions: resolutions
            .iter()
            .map(|(field, side)| (key(field), *side))
            .collect(),
        ..MergeOptions::default()
    };
    let report = lernstadt_core::copies::merge::merge(&mut target, &other, &options).unwrap();
    target.close().unwrap();
    report
}

fn values_of(path: &Path, code: &str) -> Vec<(String, f64)> {
    let store = open(path);
    let mut statement = store
        .conn()
        .prepare(
            "SELECT p.code, o.value FROM observation o JOIN indicator i ON i.id = o.indicator_id
             JOIN period p ON p.id = o.period_id WHERE i.code = ?1 ORDER BY p.code",
        )
        .unwrap();
    statement
        .query_map([code], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Both copies make the indicator NEU, ours in EUR, theirs in %: the unit is a conflict
/// and theirs' values wait (listed with their number) — mixed under one code they would
/// mean nothing. Resolved for theirs, unit and values come.
#[test]
fn one_code_made_on_both_sides_in_other_units_holds_the_values_back() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    for (path, unit, years) in [(&ours, "EUR", 2020..2022), (&theirs, "%", 2022..2025)] {
        let csv = env.path(&format!("neu-{}.csv", years.start));
        let mut text = "indicator,district,year,value\n".to_owned();
        for year in years {
            let _ = writeln!(text, "NEU,059990001001,{year},{}", year - 2000);
        }
        std::fs::write(&csv, text).unwrap();
        util::import(path, &csv, &Options::default());
        set_indicator(path, "NEU", |i| i.unit = unit.into());
    }
    let report = merge_with(&ours, &theirs, &[]);
    let fields: Vec<&str> = report.conflicts.iter().map(|c| c.field.as_str()).collect();
    assert!(fields.contains(&"unit"), "{fields:?}");
    let held = report
        .conflicts
        .iter()
        .find(|c| c.field == VALUES)
        .unwrap_or_else(|| panic!("the values wait: {:?}", report.conflicts));
    assert!(
        held.theirs.as_str().unwrap().starts_with("3 values"),
        "{held:?}"
    );
    assert_eq!(indicator(&ours, "NEU").unit, "EUR");
    assert_eq!(
        values_of(&ours, "NEU"),
        [("2020".to_owned(), 20.0), ("2021".to_owned(), 21.0)]
    );

    // Undone, and merged again with the unit resolved for theirs: unit and values come.
    let mut store = open(&ours);
    store.undo().unwrap();
    store.close().unwrap();
    let report = merge_with(&ours, &theirs, &[("unit".to_owned(), Side::Theirs)]);
    assert!(
        report.conflicts.iter().all(|c| c.field != VALUES),
        "{:?}",
        report.conflicts
    );
    assert_eq!(indicator(&ours, "NEU").unit, "%");
    assert_eq!(values_of(&ours, "NEU").len(), 5);
}

/// A colleague's import comes across as an import does: its values in bulk under an import
/// row of the merge that keeps the file's name, not one change-log row each; undoing the
/// merge takes them all back, redo puts them back.
#[test]
fn a_merged_import_is_stored_as_an_import() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    let csv = env.path("kitas.csv");
    let mut text = "indicator,district,year,value\n".to_owned();
    for year in 1900..2025 {
        let _ = writeln!(text, "KITA_NEU,059990001001,{year},{year}");
    }
    std::fs::write(&csv, text).unwrap();
    util::import(&theirs, &csv, &Options::default());
    let report = merge(&ours, &theirs, Merge::Apply);
    assert_eq!(report["observations_applied"], 125, "{report:#}");
    let store = open(&ours);
    let (logged, file): (i64, String) = store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM change c WHERE c.action_id = a.id AND c.entity_kind = 'observation'),
                    (SELECT file_name FROM import m WHERE m.action_id = a.id)
             FROM action a WHERE a.kind = 'merge'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    store.close().unwrap();
    assert_eq!((logged, file.as_str()), (0, "kitas.csv"));
    assert_eq!(values_of(&ours, "KITA_NEU").len(), 125);

    let mut store = open(&ours);
    store.undo().unwrap();
    store.close().unwrap();
    assert!(
        values_of(&ours, "KITA_NEU").is_empty(),
        "undo takes them back"
    );
    let mut store = open(&ours);
    store.redo().unwrap();
    store.close().unwrap();
    assert_eq!(
        values_of(&ours, "KITA_NEU").len(),
        125,
        "redo puts them back"
    );
    util::check(&ours);
    // Merging again brings nothing.
    let again = merge(&ours, &theirs, Merge::Apply);
    assert_eq!(again["observations_applied"], 0, "{again:#}");
}

/// A table of the indicator NEU in one district: `(year, value)` rows, as `name`.
fn neu_table(env: &Env, name: &str, rows: &[(u32, u32)]) -> std::path::PathBuf {
    let csv = env.path(name);
    let mut text = "indicator,district,year,value\n".to_owned();
    for (year, value) in rows {
        let _ = writeln!(text, "NEU,059990001001,{year},{value}");
    }
    std::fs::write(&csv, text).unwrap();
    csv
}

/// Both colleagues undo the same import and each imports the table anew: the indicator
/// is made again on both sides under its code and matched. What the other copy's undo
/// took away belonged to the row both deleted — it must not take the values its new
/// import brought (before: the undone value of 2021 deleted theirs' new one).
#[test]
fn an_import_undone_on_both_sides_and_made_anew_brings_the_new_values() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    let common = neu_table(&env, "common.csv", &[(2021, 1)]);
    util::import(&ours, &common, &Options::default());
    std::fs::copy(&ours, &theirs).unwrap();
    for path in [&ours, &theirs] {
        let mut store = open(path);
        store.undo().unwrap();
        store.close().unwrap();
    }
    util::import(
        &ours,
        &neu_table(&env, "ours.csv", &[(2020, 7)]),
        &Options::default(),
    );
    util::import(
        &theirs,
        &neu_table(&env, "theirs.csv", &[(2021, 5), (2022, 6)]),
        &Options::default(),
    );
    let report = merge(&ours, &theirs, Merge::Apply);
    assert_eq!(report["conflicts"], serde_json::json!([]), "{report:#}");
    assert_eq!(
        values_of(&ours, "NEU"),
        [
            ("2020".to_owned(), 7.0),
            ("2021".to_owned(), 5.0),
            ("2022".to_owned(), 6.0)
        ]
    );
    util::check(&ours);
}

/// One colleague undoes an import and redoes it (nothing changed in the end); the other
/// undoes it and imports a new version of the table, without one of the old cells. Merging
/// the first copy into the second brings nothing back: the old cell stays gone (before: the
/// redo counted as a change, and the old value came back into the new indicator).
#[test]
fn an_import_undone_and_redone_changes_nothing_in_a_copy_that_imported_anew() {
    let env = Env::new();
    let (redone, anew) = two_copies(&env);
    util::import(
        &redone,
        &neu_table(&env, "old.csv", &[(2020, 1), (2021, 2)]),
        &Options::default(),
    );
    std::fs::copy(&redone, &anew).unwrap();
    let mut store = open(&redone);
    store.undo().unwrap();
    store.redo().unwrap();
    store.close().unwrap();
    let mut store = open(&anew);
    store.undo().unwrap();
    store.close().unwrap();
    util::import(
        &anew,
        &neu_table(&env, "new.csv", &[(2021, 5)]),
        &Options::default(),
    );
    let report = merge(&anew, &redone, Merge::Apply);
    assert_eq!(report["conflicts"], serde_json::json!([]), "{report:#}");
    assert_eq!(values_of(&anew, "NEU"), [("2021".to_owned(), 5.0)]);
    util::check(&anew);
}

/// A colleague imports values for a district new to the project and points a computed
/// indicator at them: the merge brings the district, the values and the formula in one
/// action, and the computed values at the new district with them. Undoing the merge takes
/// the district away with the values computed there (before: "FOREIGN KEY constraint
/// failed", and the merge could not be undone).
#[test]
fn a_merge_that_brought_a_district_and_a_formula_reading_it_can_be_undone() {
    let env = Env::new();
    let (ours, theirs) = two_computed(&env);
    let csv = env.path("neu.csv");
    std::fs::write(
        &csv,
        "indicator,district,year,value\nNEU,059990009999,2023,21\nNEU,059990001001,2023,4\n",
    )
    .unwrap();
    util::import(&theirs, &csv, &Options::default());
    set_indicator(&theirs, "X1", |i| i.formula = "2 * [NEU]".into());
    let computed_at_new = |path: &Path| -> i64 {
        open(path)
            .conn()
            .query_row(
                "SELECT count(*) FROM observation o JOIN indicator i ON i.id = o.indicator_id
                 JOIN region r ON r.id = o.region_id WHERE i.code = 'X1' AND r.key = '059990009999'",
                [],
                |row| row.get(0),
            )
            .unwrap()
    };
    assert_eq!(
        computed_at_new(&theirs),
        1,
        "X1 is computed at the new district"
    );
    // What the project holds (not how many actions and imports it went through).
    let holds = |path: &Path| {
        let info: serde_json::Value = util::info(path);
        ["regions", "indicators", "periods", "observations"]
            .map(|kind| info["counts"][kind].clone())
    };
    let before = holds(&ours);
    merge(&ours, &theirs, Merge::Apply);
    assert_eq!(computed_at_new(&ours), 1, "the merge computes X1 there too");
    let mut store = open(&ours);
    store.undo().expect("the merge is undone");
    store.close().unwrap();
    assert_eq!(computed_at_new(&ours), 0);
    assert_eq!(indicator(&ours, "X1").formula, "[BEV; total]");
    assert_eq!(holds(&ours), before);
    util::check(&ours);
}

/// A colleague changes a computed indicator's formula and then renames the code it reads:
/// the merge renames the code (rewriting the target's readers) and sets the formula to the
/// colleague's. The source text, which the colleague did not change, stays as both copies
/// have it (before: the rename rewrote it in passing, a change neither side made).
#[test]
fn a_formula_and_a_rename_from_the_other_copy_leave_the_source_as_it_was() {
    let env = Env::new();
    let (ours, theirs) = two_computed(&env);
    let source_before = indicator(&ours, "X1").source;
    set_indicator(&theirs, "X1", |i| i.formula = "3 * [BEV; total]".into());
    let mut store = open(&theirs);
    let bev = lernstadt_core::store::indicators::list(store.conn())
        .unwrap()
        .into_iter()
        .find(|i| i.code == "BEV")
        .unwrap();
    store
        .transact(ActionKind::Edit, "rename", |tx| {
            let mut fields = lernstadt_core::store::entity::Row::new();
            fields.insert("code".into(), "POP".into());
            tx.update_fields(
                &lernstadt_core::model::meta::INDICATOR,
                &bev.uuid.to_string(),
                &fields,
            )?;
            lernstadt_core::store::indicators::rewrite_readers(tx, "BEV", "POP").map(|_| ())
        })
        .unwrap();
    store.close().unwrap();
    let theirs_x1 = indicator(&theirs, "X1");
    assert_eq!(theirs_x1.formula, "3 * [POP; total]");
    let report = merge(&ours, &theirs, Merge::Apply);
    assert_eq!(report["conflicts"], serde_json::json!([]), "{report:#}");
    let merged = indicator(&ours, "X1");
    assert_eq!(merged.formula, theirs_x1.formula);
    assert_eq!(merged.source, theirs_x1.source);
    assert_eq!(merged.source, source_before);
}
