//! `lernstadt undo` and `redo` of an import: what they print and how they end, the values
//! moved back exactly. (The store's undo and redo, the log, the shelf and copies are tested
//! in the core: `crates/core/tests/undo.rs`.)

use crate::read_back::{Dump, dump};
use crate::util::Env;

/// Undoing an import on the command line says what it undid (`--json`: done and kind) and
/// moves its values out in bulk; redo says "Redone: " and puts them back exactly; with
/// nothing left to redo it fails, saying so. A computed indicator follows both ways.
#[test]
fn undo_and_redo_of_an_import_on_the_command_line() {
    use lernstadt_core::store::{Host, OpenMode, Store};
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    let first = env.path("first.csv");
    std::fs::write(
        &first,
        "indicator,district,unit,2022,2023\nKITA,01001,Anzahl,300,330\nKITA,01002,Anzahl,.,120\n",
    )
    .unwrap();
    env.import(&project, &first, &[]);
    env.run(&[
        "derive",
        project.to_str().unwrap(),
        "--code",
        "DOUBLE",
        "--name",
        "Doppelt",
        "--formula",
        "2 * [KITA]",
    ])
    .expect_code(0);
    let before = dump(&project);
    // The second changes a value and brings a new indicator for 1,000 new districts.
    let second = env.path("second.csv");
    let text: String = (0..1000)
        .map(|district| format!("U3,09{district:04},Anzahl,{district},x\n"))
        .fold(
            String::from("indicator,district,unit,2022,2023\nKITA,01001,Anzahl,300,331\n"),
            |all, line| all + &line,
        );
    std::fs::write(&second, text).unwrap();
    env.import(&project, &second, &[]);
    let after = dump(&project);
    let doubled = |dump: &Dump| {
        dump.iter()
            .find(|v| v.0 == "DOUBLE" && v.1 == "01001" && v.2 == "2023")
            .and_then(|v| v.4)
    };

    let file = project.to_str().unwrap();
    let undone = env.run(&["undo", file, "--json"]).expect_code(0).json();
    assert_eq!(undone["done"], "undo", "{undone:#}");
    assert_eq!(undone["kind"], "import", "{undone:#}");
    assert_eq!(dump(&project), before, "undone");
    assert_eq!(doubled(&dump(&project)), Some(660.0));
    // The history says how many values the undo took out (the changed one included).
    let store = Store::open(&project, OpenMode::ReadOnly, &Host::default()).unwrap();
    let undo = store.history(1).unwrap()[0].id;
    assert_eq!(
        lernstadt_core::store::shelf::moved(store.conn(), undo).unwrap(),
        Some((true, 2001))
    );
    store.close().unwrap();
    let redone = env
        .run(&["redo", file, "--lang", "en"])
        .expect_code(0)
        .stdout();
    assert!(redone.starts_with("Redone: "), "{redone}");
    assert_eq!(dump(&project), after, "redone");
    let nothing = env.run(&["redo", file, "--lang", "en"]).expect_code(1);
    assert!(
        nothing.stderr().contains("Nothing to redo."),
        "{}",
        nothing.stderr()
    );
}
