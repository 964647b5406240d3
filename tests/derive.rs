//! `lernstadt derive`: loops and imported values refused with a message that names them,
//! stored text in the project's language whatever the command speaks. (Computed values,
//! kept current by every action and taken back by undo, are tested in the core:
//! `crates/core/tests/derive.rs`.)

use std::path::Path;

use lernstadt_core::store::{ActionKind, Host, OpenMode, Store};

use crate::read_back::{shown as cell, shown_values as values};
use crate::util::Env;

/// A project with two counts: children in day care (KITA) and children under three (U3).
fn counts(env: &Env) -> std::path::PathBuf {
    let project = env.new_project("rates.lernstadt");
    let csv = env.path("counts.csv");
    std::fs::write(
        &csv,
        "indicator,district,unit,2022,2023\n\
         KITA,01001,Anzahl,300,330\n\
         KITA,01002,Anzahl,.,120\n\
         U3,01001,Anzahl,1000,1100\n\
         U3,01002,Anzahl,400,0\n",
    )
    .unwrap();
    env.import(&project, &csv, &[]);
    project
}

/// `lernstadt derive` in English: the indicator `code`, named by its code, from `formula`.
fn derive(env: &Env, project: &Path, code: &str, formula: &str) -> crate::util::Run {
    env.run(&[
        "derive",
        project.to_str().unwrap(),
        "--code",
        code,
        "--name",
        code,
        "--formula",
        formula,
        "--lang",
        "en",
    ])
}

/// A formula that reads itself, directly or through another, is refused by name (exit code
/// 2), the file as it was.
#[test]
fn loops_are_refused_by_name() {
    let env = Env::new();
    let project = counts(&env);
    let derive = |code: &str, formula: &str| derive(&env, &project, code, formula);
    derive("A", "[KITA] + 1").expect_code(0);
    derive("B", "[A] * 2").expect_code(0);
    assert_eq!(cell(&values(&project, "B"), "01001", "2022"), "602.0");
    let before = std::fs::read(&project).unwrap();
    let looped = derive("A", "[B] / 2").expect_code(2);
    assert!(
        looped.stderr().contains("A → B → A") || looped.stderr().contains("B → A → B"),
        "{}",
        looped.stderr()
    );
    assert_eq!(std::fs::read(&project).unwrap(), before, "nothing changed");
    let itself = derive("C", "[C] + 1").expect_code(2);
    assert!(
        itself.stderr().contains("read itself: C → C"),
        "{}",
        itself.stderr()
    );
}

/// An indicator with values of its own (imported) gets no formula: the formula would
/// replace them without a trace and undo could not bring them back. Refused by name, the
/// file as it was.
#[test]
fn a_formula_never_replaces_imported_values() {
    let env = Env::new();
    let project = counts(&env);
    let before = std::fs::read(&project).unwrap();
    let refused = env
        .run(&[
            "derive",
            project.to_str().unwrap(),
            "--code",
            "KITA",
            "--formula",
            "[U3] / 2",
            "--lang",
            "en",
        ])
        .expect_code(1);
    assert!(
        refused.stderr().contains("KITA has 4 values of its own"),
        "{}",
        refused.stderr()
    );
    assert_eq!(std::fs::read(&project).unwrap(), before, "nothing changed");
}

/// Text stored in the project is written in the project's language, whatever language the
/// command runs in: a German project's computed indicator says "Berechnet: …" when made
/// from an English command line.
#[test]
fn stored_text_is_in_the_projects_language() {
    let env = Env::new();
    let project = env.path("de.lernstadt");
    env.run(&[
        "new",
        project.to_str().unwrap(),
        "--name",
        "Teststadt",
        "--lang",
        "de",
    ])
    .expect_code(0);
    let csv = env.path("counts.csv");
    std::fs::write(
        &csv,
        "indicator,district,unit,2022\nKITA,01001,Anzahl,300\n",
    )
    .unwrap();
    env.import(&project, &csv, &[]);
    env.run(&[
        "derive",
        project.to_str().unwrap(),
        "--code",
        "DOUBLE",
        "--name",
        "Doppelt",
        "--formula",
        "2 * [KITA]",
        "--lang",
        "en",
    ])
    .expect_code(0);
    let store = Store::open(&project, OpenMode::ReadOnly, &Host::default()).unwrap();
    let double = lernstadt_core::store::indicators::list(store.conn())
        .unwrap()
        .into_iter()
        .find(|i| i.code == "DOUBLE")
        .unwrap();
    assert_eq!(double.source, "Berechnet: 2 * [KITA]");
    store.close().unwrap();

    // Another formula: a source that only said the old one says the new one; a source
    // someone wrote stays.
    let source_after = |formula: &str| {
        derive(&env, &project, "DOUBLE", formula).expect_code(0);
        let store = Store::open(&project, OpenMode::ReadOnly, &Host::default()).unwrap();
        let source = lernstadt_core::store::indicators::list(store.conn())
            .unwrap()
            .into_iter()
            .find(|i| i.code == "DOUBLE")
            .unwrap()
            .source;
        store.close().unwrap();
        source
    };
    assert_eq!(source_after("3 * [KITA]"), "Berechnet: 3 * [KITA]");
    let mut store = Store::open(&project, OpenMode::ReadWrite, &Host::default()).unwrap();
    let mut own = lernstadt_core::store::indicators::list(store.conn())
        .unwrap()
        .into_iter()
        .find(|i| i.code == "DOUBLE")
        .unwrap();
    "Eigene Hochrechnung des Jugendamts".clone_into(&mut own.source);
    store
        .transact(ActionKind::Edit, "source", |tx| tx.update(&own).map(|_| ()))
        .unwrap();
    store.close().unwrap();
    assert_eq!(
        source_after("4 * [KITA]"),
        "Eigene Hochrechnung des Jugendamts"
    );
}
