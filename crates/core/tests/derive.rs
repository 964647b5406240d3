//! Computed indicators through the store: values with symbols carried through, kept
//! current by every action that changes their inputs (and taken back with it by one undo),
//! lost inputs refused with a message that names them. (What `lernstadt derive` prints and
//! refuses is tested in the root's `tests/derive.rs`.)

use std::path::Path;

use lernstadt_core::import::Options;
use lernstadt_core::store::{ActionKind, Host, OpenMode, Store};

use crate::read_back::{shown as cell, shown_values as values};
use crate::util::{self, Env, Merge};

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
    util::import(&project, &csv, &Options::default());
    project
}

/// The indicator `code`, named by its code, from `formula`, as `lernstadt derive` makes it.
fn derive(project: &Path, code: &str, formula: &str) {
    util::derive(project, code, code, formula, None);
}

#[test]
fn a_rate_is_computed_with_its_symbols_and_follows_its_inputs() {
    let env = Env::new();
    let project = counts(&env);
    let json = serde_json::to_value(util::derive(
        &project,
        "QUOTE",
        "Betreuungsquote",
        "100 * [KITA] / [U3]",
        Some("%"),
    ))
    .unwrap();
    assert_eq!(json["values"], 4);
    assert_eq!(json["numbers"], 2);
    assert_eq!(json["symbols"]["."], 1, "a secret input keeps it secret");
    assert_eq!(
        json["symbols"]["x"], 1,
        "a division by zero is not meaningful"
    );
    let quote = values(&project, "QUOTE");
    assert_eq!(cell(&quote, "01001", "2022"), "30.0");
    assert_eq!(cell(&quote, "01002", "2022"), ".");
    assert_eq!(cell(&quote, "01002", "2023"), "x");

    // A new file with a corrected count: the rate follows within the same import…
    let csv = env.path("correction.csv");
    std::fs::write(
        &csv,
        "indicator,district,unit,2022,2023\nKITA,01001,Anzahl,400,330\n",
    )
    .unwrap();
    util::import(&project, &csv, &Options::default());
    assert_eq!(cell(&values(&project, "QUOTE"), "01001", "2022"), "40.0");

    // …and one undo takes both back.
    let mut store = Store::open(&project, OpenMode::ReadWrite, &Host::default()).unwrap();
    store.undo().unwrap().expect("the import is undone");
    store.close().unwrap();
    assert_eq!(cell(&values(&project, "QUOTE"), "01001", "2022"), "30.0");
    assert_eq!(cell(&values(&project, "KITA"), "01001", "2022"), "300.0");

    // Undoing the derive removes the indicator and every computed value with it.
    let mut store = Store::open(&project, OpenMode::ReadWrite, &Host::default()).unwrap();
    store.undo().unwrap().expect("the derive is undone");
    store.close().unwrap();
    assert!(values(&project, "QUOTE").is_empty());
}

/// Deleting an indicator a formula reads is refused, naming both; a computed indicator
/// takes no values from a file. (Loops are refused by `lernstadt derive`: the root's
/// `tests/derive.rs`.)
#[test]
fn lost_inputs_are_refused_by_name() {
    let env = Env::new();
    let project = counts(&env);
    derive(&project, "A", "[KITA] + 1");
    derive(&project, "B", "[A] * 2");
    // Deleting an indicator a formula reads is refused, naming both.
    let mut store = Store::open(&project, OpenMode::ReadWrite, &Host::default()).unwrap();
    let kita = lernstadt_core::store::indicators::list(store.conn())
        .unwrap()
        .into_iter()
        .find(|i| i.code == "KITA")
        .unwrap();
    lernstadt_core::i18n::set_thread_lang(lernstadt_core::i18n::Lang::En);
    let error = store
        .transact(ActionKind::Edit, "delete", |tx| {
            tx.conn().execute(
                "DELETE FROM observation WHERE indicator_id = (SELECT id FROM indicator WHERE code = 'KITA')",
                [],
            )?;
            tx.delete(lernstadt_core::model::meta::EntityKind::Indicator, &kita.uuid.to_string())
        })
        .unwrap_err()
        .to_string();
    assert!(error.contains("The formula of A reads KITA"), "{error}");
    store.close().unwrap();

    // A computed indicator takes no values from a file: the row is refused by line, naming
    // the formula; a row with the value it has (an export imported again) is unchanged.
    let computed = cell(&values(&project, "A"), "01001", "2022");
    let csv = env.path("computed.csv");
    std::fs::write(
        &csv,
        format!("indicator,district,unit,2022\nA,01001,Anzahl,5\nA,01001,Anzahl,{computed}\n"),
    )
    .unwrap();
    let refused = util::import(&project, &csv, &Options::default());
    assert_eq!(util::outcome(&refused), (0, 0, 1), "{refused:#}");
    assert_eq!(refused["unchanged"], 1, "{refused:#}");
    assert!(
        refused.to_string().contains("line 2") || refused.to_string().contains("\"line\":2"),
        "{refused:#}"
    );
    assert!(refused.to_string().contains("A is computed"), "{refused:#}");
    assert_eq!(cell(&values(&project, "A"), "01001", "2022"), computed);
}

/// A colleague's copy corrects an input; merged in, the computed values follow this copy's
/// inputs as they are after the merge (computed values are not merged, they are computed).
#[test]
fn a_merge_computes_again_from_the_merged_inputs() {
    let env = Env::new();
    let ours = counts(&env);
    util::derive(&ours, "QUOTE", "Quote", "100 * [KITA] / [U3]", None);
    let theirs = env.path("theirs.lernstadt");
    std::fs::copy(&ours, &theirs).unwrap();
    let csv = env.path("correction.csv");
    std::fs::write(
        &csv,
        "indicator,district,unit,2022,2023\nU3,01001,Anzahl,1200,1100\n",
    )
    .unwrap();
    util::import(&theirs, &csv, &Options::default());
    assert_eq!(cell(&values(&theirs, "QUOTE"), "01001", "2022"), "25.0");
    util::merge(&ours, &theirs, Merge::Apply);
    assert_eq!(cell(&values(&ours, "U3"), "01001", "2022"), "1,200.0");
    assert_eq!(cell(&values(&ours, "QUOTE"), "01001", "2022"), "25.0");
    util::check(&ours);
}

/// Saving a computed indicator from the window runs on a worker that a cancel interrupts:
/// the file is then as it was — no indicator, no values, no action — and without a cancel
/// the same save computes every value.
#[test]
fn a_cancelled_computation_leaves_the_file_as_it_was() {
    let env = Env::new();
    let project = env.new_project("big.lernstadt");
    let csv = env.path("big.csv");
    let years: Vec<String> = (1980..2025).map(|y| y.to_string()).collect();
    let mut text = format!("indicator,district,unit,{}\n", years.join(","));
    for code in ["A", "B"] {
        for district in 0..1500 {
            let row: Vec<String> = (0..years.len())
                .map(|y| ((district * 7 + y * 3) % 500 + 1).to_string())
                .collect();
            let line = format!("{code},{:05},Anzahl,{}\n", 10_000 + district, row.join(","));
            text.push_str(&line);
        }
    }
    std::fs::write(&csv, text).unwrap();
    util::import(&project, &csv, &Options::default());
    let mut indicator = lernstadt_core::model::Indicator::new("RATE", "Rate");
    "100 * [A] / ([A] + [B])".clone_into(&mut indicator.formula);
    let actions = |store: &Store| store.history(1000).unwrap().len();

    let mut store = Store::open(&project, OpenMode::ReadWrite, &Host::default()).unwrap();
    let before = actions(&store);
    let cancelled =
        lernstadt_core::store::derive::save(&mut store, &indicator, true, "RATE", &|| true);
    assert!(
        matches!(cancelled, Err(lernstadt_core::store::StoreError::Cancelled)),
        "{cancelled:?}"
    );
    assert_eq!(actions(&store), before, "no action kept");
    assert!(
        lernstadt_core::store::indicators::list(store.conn())
            .unwrap()
            .iter()
            .all(|i| i.code != "RATE")
    );
    let computed =
        lernstadt_core::store::derive::save(&mut store, &indicator, true, "RATE", &|| false)
            .unwrap();
    assert_eq!(computed.values, 1500 * 45);
    assert_eq!(actions(&store), before + 1);
    store.close().unwrap();
    assert_eq!(values(&project, "RATE").len(), 1500 * 45);
}

/// Renaming an input rewrites the formulas that read it (and a source that only says the
/// formula) in the same action: the values stay, and one undo takes back both.
#[test]
fn renaming_an_input_rewrites_the_formulas_that_read_it() {
    let env = Env::new();
    let project = counts(&env);
    let derive = |code: &str, formula: &str| derive(&project, code, formula);
    derive("QUOTE", "100 * [KITA] / [ U3 ; total]");
    derive("CHANGE", "[QUOTE] - [QUOTE; previous]");
    let quote = values(&project, "QUOTE");
    let change = values(&project, "CHANGE");
    // A change has a value wherever the period before has one (it computed none before).
    assert_eq!(
        change.keys().collect::<Vec<_>>(),
        [
            &("01001".to_owned(), "2023".to_owned()),
            &("01002".to_owned(), "2023".to_owned())
        ],
        "{change:?}"
    );
    assert_eq!(cell(&change, "01002", "2023"), ".", "'.' before 'x'");

    let mut store = Store::open(&project, OpenMode::ReadWrite, &Host::default()).unwrap();
    let find = |store: &Store, code: &str| {
        lernstadt_core::store::indicators::list(store.conn())
            .unwrap()
            .into_iter()
            .find(|i| i.code == code)
            .unwrap()
    };
    let mut u3 = find(&store, "U3");
    "Kinder unter 3".clone_into(&mut u3.code);
    let rewritten = store
        .transact(ActionKind::Edit, "rename", |tx| {
            lernstadt_core::store::indicators::update(tx, &u3)
        })
        .unwrap();
    assert_eq!(rewritten, ["QUOTE"]);
    let renamed = find(&store, "QUOTE");
    assert_eq!(renamed.formula, "100 * [KITA] / [ Kinder unter 3 ; total]");
    assert!(
        renamed
            .source
            .ends_with("100 * [KITA] / [ Kinder unter 3 ; total]"),
        "{}",
        renamed.source
    );
    // Renaming a computed indicator rewrites the computed ones that read it.
    let mut quote_indicator = renamed;
    "BQ".clone_into(&mut quote_indicator.code);
    store
        .transact(ActionKind::Edit, "rename", |tx| {
            lernstadt_core::store::indicators::update(tx, &quote_indicator)
        })
        .unwrap();
    assert_eq!(find(&store, "CHANGE").formula, "[BQ] - [BQ; previous]");
    store.close().unwrap();
    assert_eq!(values(&project, "BQ"), quote);
    assert_eq!(values(&project, "CHANGE"), change);

    // Two undos: every name and formula as before, the values too.
    let mut store = Store::open(&project, OpenMode::ReadWrite, &Host::default()).unwrap();
    store.undo().unwrap().unwrap();
    store.undo().unwrap().unwrap();
    assert_eq!(
        find(&store, "QUOTE").formula,
        "100 * [KITA] / [ U3 ; total]"
    );
    assert_eq!(
        find(&store, "CHANGE").formula,
        "[QUOTE] - [QUOTE; previous]"
    );
    store.close().unwrap();
    assert_eq!(values(&project, "QUOTE"), quote);
    assert_eq!(values(&project, "CHANGE"), change);
}
