//! Importing through the command line: unreadable files and over-long keys refused, a
//! killed import leaving all or nothing. (What an import does: the core's
//! `crates/core/tests/import.rs`.)

use crate::util::{Env, assert_no_sidecars, fixture};

#[test]
fn unreadable_files_change_nothing() {
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    let before = std::fs::read(&project).unwrap();
    let empty = env.path("leer.csv");
    std::fs::write(&empty, "").unwrap();
    for (file, needle) in [
        (fixture("binary.csv"), "not a text file"),
        (fixture("only_header_shape.csv"), "no recognisable shape"),
        (empty, "is empty"),
        (env.path("fehlt.csv"), "could not be read"),
    ] {
        let run = env
            .run(&["import", project.to_str().unwrap(), file.to_str().unwrap()])
            .expect_code(1);
        assert!(
            run.stderr().contains(needle),
            "{}: {}",
            file.display(),
            run.stderr()
        );
        assert_eq!(std::fs::read(&project).unwrap(), before);
        assert_no_sidecars(&project);
    }
    env.run(&[
        "import",
        project.to_str().unwrap(),
        fixture("sheet_problems.csv").to_str().unwrap(),
        "--map",
        "wert=x",
    ])
    .expect_code(2);
}

/// Killing an import at any moment leaves the project whole: all of the import or none.
#[test]
fn a_killed_import_leaves_all_or_nothing() {
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    let csv = env.path("gross.csv");
    {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
        writeln!(out, "Kennzahl;Stadtteil;Jahr;Geschlecht;Wert").unwrap();
        for indicator in 0..40 {
            for district in 0..40 {
                for year in 2000..2025 {
                    for sex in ["m", "w"] {
                        writeln!(
                            out,
                            "K{indicator};{district:05};{year};{sex};{},5",
                            indicator * district
                        )
                        .unwrap();
                    }
                }
            }
        }
    }
    let total = 40 * 40 * 25 * 2;
    let mut outcomes = Vec::new();
    for delay_ms in [30_u64, 150, 500, 6000] {
        let mut child = env
            .command(&["import", project.to_str().unwrap(), csv.to_str().unwrap()])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let info = env
            .run(&["info", project.to_str().unwrap(), "--json"])
            .expect_code(0)
            .json();
        let observations = info["counts"]["observations"].as_i64().unwrap();
        assert!(
            observations == 0 || observations == total,
            "after a kill at {delay_ms} ms: {observations}"
        );
        env.run(&["check", project.to_str().unwrap()])
            .expect_code(0);
        assert_no_sidecars(&project);
        outcomes.push(observations);
    }
    eprintln!("observations after each kill: {outcomes:?}");

    // The same for undo and redo, which move the values in bulk: the import undone whole or
    // not at all, the values kept for Redo exactly when it is undone.
    let file = project.to_str().unwrap();
    if env.run(&["info", file, "--json"]).json()["counts"]["observations"] != total {
        env.run(&["import", file, csv.to_str().unwrap()])
            .expect_code(0);
    }
    let mut undone = Vec::new();
    for delay_ms in [10_u64, 40, 120, 400] {
        let undo = undone.last().is_none_or(|undone| !undone);
        let mut child = env
            .command(&[if undo { "undo" } else { "redo" }, file])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let counts = &env.run(&["info", file, "--json"]).expect_code(0).json()["counts"];
        let (observations, held) = (
            counts["observations"].as_i64().unwrap(),
            counts["held_for_redo"].as_i64().unwrap(),
        );
        assert!(
            (observations, held) == (total, 0) || (observations, held) == (0, total),
            "after a killed {} at {delay_ms} ms: {observations} values, {held} held",
            if undo { "undo" } else { "redo" }
        );
        env.run(&["check", file]).expect_code(0);
        assert_no_sidecars(&project);
        undone.push(observations == 0);
    }
    eprintln!("undone after each killed undo or redo: {undone:?}");
}

/// Keys and names have limits stated in one place: a row whose region key is longer than
/// 64 characters, or whose name is longer than 500, is refused by its line (the others go
/// in); an entity list's title longer than 500 likewise.
#[test]
fn keys_and_names_longer_than_their_limits_are_refused_by_line() {
    let env = Env::new();
    let project = env.new_project("grenzen.lernstadt");
    let file = env.path("lang.csv");
    let long_key = "K".repeat(65);
    let long_name = "N".repeat(501);
    std::fs::write(
        &file,
        format!(
            "Kennzahl;Gebiet;Gebietsname;Jahr;Wert\nA;01;Schleswig-Holstein;2023;1\nA;{long_key};x;2023;2\nA;02;{long_name};2023;3\n"
        ),
    )
    .unwrap();
    let run = env
        .run(&[
            "import",
            project.to_str().unwrap(),
            file.to_str().unwrap(),
            "--json",
        ])
        .expect_code(1);
    let report = run.json();
    assert_eq!(
        (report["inserted"].as_u64(), report["rejected"].as_u64()),
        (Some(1), Some(2))
    );
    let messages: Vec<String> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["message"].as_str().unwrap().to_owned())
        .collect();
    assert!(messages[0].contains("at most 64"), "{messages:?}");
    assert!(messages[1].contains("at most 500"), "{messages:?}");

    let goals = env.path("ziele.csv");
    std::fs::write(&goals, format!("title\n{}\n", "T".repeat(501))).unwrap();
    let run = env.run(&[
        "import",
        project.to_str().unwrap(),
        goals.to_str().unwrap(),
        "--entity",
        "goals",
    ]);
    assert_ne!(run.code(), 0);
    let said = format!("{}{}", run.stdout(), run.stderr());
    assert!(said.contains("at most 500"), "{said}");
}
