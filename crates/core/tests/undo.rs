//! Undo and redo of imports through the store: the values moved in bulk and back exactly,
//! the log not grown by them, copies and checks sound. (What `lernstadt undo` and `redo`
//! print is tested in the root's `tests/undo.rs`.)

use std::path::Path;

use lernstadt_core::import::Options;
use rusqlite::Connection;

use crate::read_back::{Dump, dump};
use crate::util::{self, Env};

fn logged(project: &Path) -> i64 {
    Connection::open(project)
        .unwrap()
        .query_row("SELECT count(*) FROM change", [], |row| row.get(0))
        .unwrap()
}

/// Undoing an import moves its values out in bulk and redo puts them back exactly (values,
/// symbols, lines; the regions and indicator it made, under new ids): the change log does
/// not grow by an entry per value. Values the import changed get their old content back,
/// and a computed indicator follows both ways.
#[test]
fn undoing_and_redoing_an_import_moves_its_values_in_bulk() {
    use lernstadt_core::store::{Host, OpenMode, Store};
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    let first = env.path("first.csv");
    std::fs::write(
        &first,
        "indicator,district,unit,2022,2023\nKITA,01001,Anzahl,300,330\nKITA,01002,Anzahl,.,120\n",
    )
    .unwrap();
    util::import(&project, &first, &Options::default());
    {
        // A count is shown as a whole number.
        let store = Store::open(&project, OpenMode::ReadOnly, &Host::default()).unwrap();
        let indicators = lernstadt_core::store::indicators::list(store.conn()).unwrap();
        assert_eq!(
            (indicators[0].code.as_str(), indicators[0].decimals),
            ("KITA", 0)
        );
        store.close().unwrap();
    }
    util::derive(&project, "DOUBLE", "Doppelt", "2 * [KITA]", None);
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
    let report = util::import(&project, &second, &Options::default());
    assert_eq!(
        (report["inserted"].as_i64(), report["updated"].as_i64()),
        (Some(2000), Some(1))
    );
    let after = dump(&project);
    let doubled = |dump: &Dump| {
        dump.iter()
            .find(|v| v.0 == "DOUBLE" && v.1 == "01001" && v.2 == "2023")
            .and_then(|v| v.4)
    };
    assert_eq!(doubled(&after), Some(662.0));

    let log = logged(&project);
    // Through the store (the command line's round is in the root's tests/undo.rs).
    let mut store = Store::open(&project, OpenMode::ReadWrite, &Host::default()).unwrap();
    store.undo().unwrap().unwrap();
    store.close().unwrap();
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
    let mut store = Store::open(&project, OpenMode::ReadWrite, &Host::default()).unwrap();
    store.redo().unwrap().unwrap();
    store.close().unwrap();
    assert_eq!(dump(&project), after, "redone");

    // An import that makes nothing new but breakdowns: its values go back under the same
    // ids, and the emptied shelf leaves nothing behind.
    let third = env.path("third.csv");
    std::fs::write(
        &third,
        "Kennzahl;Gebiet;Jahr;Geschlecht;Wert\nKITA;01001;2022;m;150\nKITA;01001;2022;w;150\n",
    )
    .unwrap();
    util::import(&project, &third, &Options::default());
    let with_third = dump(&project);
    assert_eq!(
        with_third.len(),
        after.len() + 4,
        "two values and their doubles"
    );
    util::undo(&project);
    assert_eq!(dump(&project), after);
    util::redo(&project);
    assert_eq!(dump(&project), with_third);
    let shelved: i64 = Connection::open(&project)
        .unwrap()
        .query_row("SELECT count(*) FROM shelved", [], |row| row.get(0))
        .unwrap();
    assert_eq!(shelved, 0, "redo empties the shelf");

    a_copy_without_history_holds_no_shelf(&env, &project, &after);
    // The changed value, the districts and the indicator, not the 2,000 values.
    let grown = logged(&project) - log;
    assert!(grown < 2 * 2 * 1010, "{grown} changes logged");
    assert!(grown > 0);
    let counted = util::info(&project);
    assert_eq!(
        counted
            .to_string()
            .matches(&format!("\"observations\":{}", with_third.len()))
            .count(),
        1,
        "the counter follows: {counted:#}"
    );
}

/// Undoes the last import of `project`, checks that a copy without history holds no shelf
/// (the undone values are not in it: it holds `after`), redoes it, and checks both files.
fn a_copy_without_history_holds_no_shelf(env: &Env, project: &Path, after: &Dump) {
    // A copy without history holds no shelf: the undone values are not in it.
    util::undo(project);
    let held = || {
        util::info(project)["counts"]["held_for_redo"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(held(), 2, "the third import's two values, kept for Redo");
    let copy = env.path("copy.lernstadt");
    util::share_copy(
        project,
        &copy,
        lernstadt_core::copies::share::ShareOptions {
            without_history: true,
            ..Default::default()
        },
    );
    let conn = Connection::open(&copy).unwrap();
    for table in ["shelved", "shelf_ref", "shelf_use", "action"] {
        let rows: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                row.get(0)
            })
            .unwrap();
        assert_eq!(rows, 0, "{table}");
    }
    drop(conn);
    assert_eq!(&dump(&copy), after);
    util::redo(project);
    assert_eq!(held(), 0, "redo took them back");
    // Sound after it all: the counter, the references, every entity in the history.
    util::check(project);
    util::check(&copy);
}
