//! Cities' own files on the command line: a saved mapping used by name, a file that needs
//! `--period`. (The import of cities' files: the core's `crates/core/tests/cities.rs`.)

use crate::util::{Env, fixture};

/// Roles saved under a name with one file import the next file of that kind in one step;
/// an unknown name is a usage error that lists the saved ones.
#[test]
fn a_saved_mapping_imports_next_years_file() {
    let env = Env::new();
    let project = env.new_project("kiel.lernstadt");
    let roles =
        "member=0 bis unter 3,ignore=3 bis unter 6,ignore= 6 bis unter 10,ignore=80 und aelter";
    let report = env.import(
        &project,
        &fixture("city_wide_members.csv"),
        &["--map", roles, "--save-mapping", "Kiel Altersgruppen"],
    );
    assert_eq!(report["inserted"], 3, "{report:#}");
    let report = env.import(
        &project,
        &fixture("city_wide_members.csv"),
        &["--mapping", "Kiel Altersgruppen", "--dry-run"],
    );
    assert_eq!(
        (&report["inserted"], &report["unchanged"]),
        (&serde_json::json!(0), &serde_json::json!(3)),
        "the same roles as saved: {report:#}"
    );
    let run = env
        .run(&[
            "import",
            project.to_str().unwrap(),
            fixture("city_wide_members.csv").to_str().unwrap(),
            "--mapping",
            "Gibt es nicht",
        ])
        .expect_code(2);
    assert!(
        run.stderr().contains("Kiel Altersgruppen"),
        "{}",
        run.stderr()
    );
}

/// A file without a period column: the command asks for the period of all rows
/// (`--period`). (The import with it: the core's `crates/core/tests/cities.rs`.)
#[test]
fn a_file_without_period_column_asks_for_the_period() {
    let env = Env::new();
    let project = env.new_project("kitas.lernstadt");
    let file = fixture("city_wide_indicators_no_period.csv");
    let run = env
        .run(&["import", project.to_str().unwrap(), file.to_str().unwrap()])
        .expect_code(1);
    assert!(run.stderr().contains("--period"), "{}", run.stderr());
}
