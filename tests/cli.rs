//! The command line on good, foreign, tampered, truncated, newer and older files.

use std::path::Path;

use lernstadt_core::store::{OpenMode, Store};
use rusqlite::Connection;

use crate::util::{Env, assert_no_sidecars};

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Changes a project file behind Lernstadt's back, as another program would.
fn tamper(path: &Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
    conn.close().unwrap();
}

/// Asserts that `args` on `path` is refused with exit code 1, a message naming the file and
/// containing `needle`, and the file byte for byte unchanged.
#[track_caller]
fn assert_refused(env: &Env, path: &Path, needle: &str) {
    let before = bytes(path);
    for command in ["info", "check", "upgrade"] {
        let run = env.run(&[command, path.to_str().unwrap()]).expect_code(1);
        let stderr = run.stderr();
        assert!(
            stderr.contains(&path.display().to_string()),
            "{command}: no path in {stderr}"
        );
        assert!(
            stderr.contains(needle),
            "{command}: expected {needle:?} in {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(bytes(path), before, "{command} changed the refused file");
        assert_no_sidecars(path);
    }
}

#[test]
fn new_creates_a_sound_project_file() {
    let env = Env::new();
    let path = env.new_project("neu.lernstadt");
    assert_no_sidecars(&path);
    let conn = Connection::open(&path).unwrap();
    let application_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    let user_version: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let journal_mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    assert_eq!(application_id, lernstadt_core::store::APPLICATION_ID);
    assert_eq!(user_version, lernstadt_core::store::SCHEMA_VERSION);
    assert_eq!(journal_mode, "delete");

    let info = env
        .run(&["info", path.to_str().unwrap(), "--json"])
        .expect_code(0)
        .json();
    assert_eq!(info["name"], "Teststadt");
    assert_eq!(
        info["schema_version"],
        lernstadt_core::store::SCHEMA_VERSION
    );
    assert_eq!(info["counts"]["observations"], 0);
    assert_no_sidecars(&path);

    let check = env.run(&["check", path.to_str().unwrap()]).expect_code(0);
    assert!(check.stdout().starts_with("OK"), "{}", check.stdout());
    assert_eq!(check.stdout().lines().count(), 1);
}

#[test]
fn new_refuses_to_overwrite() {
    let env = Env::new();
    let path = env.new_project("da.lernstadt");
    let before = bytes(&path);
    let run = env.run(&["new", path.to_str().unwrap()]).expect_code(1);
    assert!(run.stderr().contains("already exists"), "{}", run.stderr());
    assert_eq!(bytes(&path), before);
}

/// A project in a folder that does not exist is refused saying so, not as a fault.
#[test]
fn new_and_demo_in_a_missing_folder_say_so() {
    let env = Env::new();
    for command in ["new", "demo"] {
        let path = env.path("fehlt").join(format!("{command}.lernstadt"));
        let run = env.run(&[command, path.to_str().unwrap()]).expect_code(1);
        let said = run.stderr();
        assert!(
            said.contains("does not exist") && said.contains("fehlt") && !said.contains("fault"),
            "{said}"
        );
        assert!(!env.path("fehlt").exists());
    }
}

#[test]
fn demo_and_info_report_every_count() {
    let env = Env::new();
    let path = env.path("demo.lernstadt");
    env.run(&["demo", path.to_str().unwrap()]).expect_code(0);
    assert_no_sidecars(&path);
    let info = env
        .run(&["info", path.to_str().unwrap(), "--json"])
        .expect_code(0)
        .json();
    let counts = &info["counts"];
    for (key, minimum) in [
        ("stakeholders", 20),
        ("working_groups", 3),
        ("goals", 15),
        ("measures", 15),
        ("indicators", 20),
        ("regions", 9),
        ("observations", 10_000),
    ] {
        assert!(
            counts[key].as_i64().unwrap() >= minimum,
            "{key}: {}",
            counts[key]
        );
    }
    assert_eq!(info["municipality"], "Musterstadt");
    let text = env
        .run(&["info", path.to_str().unwrap()])
        .expect_code(0)
        .stdout();
    assert!(
        text.contains("Musterstadt") && text.contains("Observations"),
        "{text}"
    );
    env.run(&["check", path.to_str().unwrap()]).expect_code(0);
    assert_no_sidecars(&path);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused() {
    let env = Env::new();
    let text = env.path("brief.lernstadt");
    std::fs::write(&text, "Sehr geehrte Damen und Herren,\n".repeat(40)).unwrap();
    assert_refused(&env, &text, "not an SQLite database");
    let empty = env.path("leer.lernstadt");
    std::fs::write(&empty, b"").unwrap();
    assert_refused(&env, &empty, "not an SQLite database");
    let missing = env.path("fehlt.lernstadt");
    let run = env.run(&["info", missing.to_str().unwrap()]).expect_code(1);
    assert!(run.stderr().contains("no such file"), "{}", run.stderr());
    assert!(!missing.exists());
}

#[test]
fn a_foreign_sqlite_file_is_refused() {
    let env = Env::new();
    let path = env.path("fremd.lernstadt");
    tamper(
        &path,
        "CREATE TABLE kunden (name TEXT); INSERT INTO kunden VALUES ('x');",
    );
    assert_refused(&env, &path, "not a Lernstadt project");
}

#[test]
fn a_tampered_file_is_refused() {
    let env = Env::new();
    let trigger = env.new_project("trigger.lernstadt");
    tamper(
        &trigger,
        "CREATE TRIGGER boese AFTER INSERT ON stakeholder BEGIN DELETE FROM goal; END;",
    );
    assert_refused(&env, &trigger, "trigger");

    let view = env.new_project("view.lernstadt");
    tamper(&view, "CREATE VIEW v AS SELECT * FROM stakeholder;");
    assert_refused(&env, &view, "view");

    let table = env.new_project("table.lernstadt");
    tamper(&table, "CREATE TABLE extra (x INTEGER);");
    assert_refused(&env, &table, "unknown table");

    let altered = env.new_project("altered.lernstadt");
    tamper(&altered, "DROP INDEX goal_by_parent;");
    assert_refused(&env, &altered, "goal_by_parent");
}

#[test]
fn a_truncated_file_is_refused() {
    let env = Env::new();
    let path = env.path("demo.lernstadt");
    env.run(&["demo", path.to_str().unwrap()]).expect_code(0);
    let full = bytes(&path);
    for keep in [full.len() / 2, full.len() - 4096, full.len() - 100, 4096] {
        let cut = env.path(&format!("cut-{keep}.lernstadt"));
        std::fs::write(&cut, &full[..keep]).unwrap();
        assert_refused(&env, &cut, "incomplete");
    }
}

#[test]
fn a_damaged_file_is_refused() {
    let env = Env::new();
    let path = env.path("demo.lernstadt");
    env.run(&["demo", path.to_str().unwrap()]).expect_code(0);
    let mut damaged = bytes(&path);
    // Overwrite the middle of the file with noise: page headers and cells become nonsense.
    let middle = damaged.len() / 2;
    for (index, byte) in damaged[middle..middle + 8192].iter_mut().enumerate() {
        *byte = (index * 7 % 251) as u8;
    }
    let damaged_path = env.path("kaputt.lernstadt");
    std::fs::write(&damaged_path, &damaged).unwrap();
    assert_refused(&env, &damaged_path, "damaged");
}

#[test]
fn a_newer_file_opens_read_only_and_is_not_changed() {
    let env = Env::new();
    let path = env.new_project("neuer.lernstadt");
    tamper(&path, "PRAGMA user_version = 99;");
    let before = bytes(&path);
    let run = env.run(&["info", path.to_str().unwrap()]).expect_code(0);
    assert!(
        run.stderr().contains("99")
            && run
                .stderr()
                .contains(&lernstadt_core::store::SCHEMA_VERSION.to_string()),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("read-only"), "{}", run.stderr());
    let run = env.run(&["upgrade", path.to_str().unwrap()]).expect_code(1);
    assert!(run.stderr().contains("newer"), "{}", run.stderr());
    env.run(&["check", path.to_str().unwrap()]).expect_code(0);
    assert_eq!(bytes(&path), before);
    assert_no_sidecars(&path);
}

/// Every write on a file a newer Lernstadt wrote is refused before anything is written,
/// saying why (the file's newer schema version), and the file stays byte for byte as it
/// was: an import, a protection rule, my region set, a computed indicator, and an action
/// through the store itself.
#[test]
fn a_write_on_a_newer_file_is_refused_saying_why() {
    use lernstadt_core::store::{ActionKind, Host, ReadOnlyReason, SCHEMA_VERSION, StoreError};
    let env = Env::new();
    let path = env.demo();
    let newer = SCHEMA_VERSION + 1;
    tamper(&path, &format!("PRAGMA user_version = {newer};"));
    let before = bytes(&path);
    let csv = env.path("werte.csv");
    std::fs::write(&csv, "Kennzahl;Gebiet;Jahr;Wert\nNEU;05999000;2024;1\n").unwrap();
    let project = path.to_str().unwrap();
    for args in [
        vec!["import", project, csv.to_str().unwrap()],
        vec!["protect", project, "--min-count", "3"],
        vec!["regions", project, "--mine", "05999000-01"],
        vec![
            "derive",
            project,
            "--code",
            "DOPPELT",
            "--name",
            "Doppelt",
            "--formula",
            "2 * [BEV]",
        ],
    ] {
        let mut args = args;
        args.extend(["--lang", "en"]);
        let run = env.run(&args).expect_code(1);
        assert!(
            run.stderr().contains("newer Lernstadt")
                && run.stderr().contains(&format!("schema version {newer}")),
            "{}: {}",
            args[0],
            run.stderr()
        );
    }
    let mut store = Store::open(&path, OpenMode::ReadWrite, &Host::default()).unwrap();
    assert_eq!(
        store.read_only(),
        Some(&ReadOnlyReason::Newer {
            file_version: newer
        })
    );
    let refused = store.transact(ActionKind::Edit, "test", |tx| {
        tx.insert(&lernstadt_core::model::WorkingGroup {
            uuid: lernstadt_core::model::new_uuid(),
            name: "AK Neu".into(),
            purpose: String::new(),
        })
    });
    assert!(
        matches!(&refused, Err(StoreError::ReadOnly { reason }) if reason.contains(&newer.to_string())),
        "{refused:?}"
    );
    store.close().unwrap();
    assert_eq!(bytes(&path), before);
    assert_no_sidecars(&path);
}

#[test]
fn an_older_file_is_upgraded_after_a_backup() {
    let env = Env::new();
    // A project as Lernstadt wrote it at schema version 1, frozen in the core's fixtures.
    let path = env.path("alt.lernstadt");
    let dump = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/tests/fixtures/version-1.sql"),
    )
    .unwrap();
    Connection::open(&path)
        .unwrap()
        .execute_batch(&dump)
        .unwrap();
    let old = bytes(&path);

    // Looking does not upgrade.
    let info = env
        .run(&["info", path.to_str().unwrap(), "--json"])
        .expect_code(0)
        .json();
    assert_eq!(info["schema_version"], 1);
    assert_eq!(bytes(&path), old);

    let run = env.run(&["upgrade", path.to_str().unwrap()]).expect_code(0);
    let backup = env.path("alt.v1-backup.lernstadt");
    assert!(
        run.stdout().contains(&backup.display().to_string()),
        "{}",
        run.stdout()
    );
    assert_eq!(bytes(&backup), old, "the backup is the file as it was");
    assert_no_sidecars(&path);

    // The upgraded file has exactly the schema of a fresh one.
    let fresh = env.new_project("frisch.lernstadt");
    let objects =
        |p: &Path| lernstadt_core::store::schema::objects(&Connection::open(p).unwrap()).unwrap();
    assert_eq!(objects(&path), objects(&fresh));
    let info = env
        .run(&["info", path.to_str().unwrap(), "--json"])
        .expect_code(0)
        .json();
    assert_eq!(
        info["schema_version"],
        lernstadt_core::store::SCHEMA_VERSION
    );
    let symbols: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM symbol", [], |r| r.get(0))
        .unwrap();
    assert!(symbols >= 10);
    env.run(&["check", path.to_str().unwrap()]).expect_code(0);
}

#[test]
fn usage_errors_exit_with_2() {
    let env = Env::new();
    env.run(&["info"]).expect_code(2);
    env.run(&["new", "a", "b", "c"]).expect_code(2);
    env.run(&["info", "x", "--lang", "fr"]).expect_code(2);
    let help = env.run(&["--help"]).expect_code(0);
    assert!(help.stdout().contains("info"), "{}", help.stdout());
}

#[test]
fn messages_follow_the_language() {
    let env = Env::new();
    let path = env.path("brief.lernstadt");
    std::fs::write(&path, "kein Projekt").unwrap();
    let run = env
        .run(&["info", path.to_str().unwrap(), "--lang", "de"])
        .expect_code(1);
    assert!(
        run.stderr().contains("ist kein Lernstadt-Projekt"),
        "{}",
        run.stderr()
    );
    let run = Run(env
        .command(&["info", path.to_str().unwrap()])
        .env("LANG", "de_DE.UTF-8")
        .output()
        .unwrap());
    assert!(
        run.stderr().contains("ist kein Lernstadt-Projekt"),
        "{}",
        run.stderr()
    );
    let help = Run(env
        .command(&["--help"])
        .env("LC_ALL", "de_DE.UTF-8")
        .output()
        .unwrap());
    assert!(help.stdout().contains("Projektdatei"), "{}", help.stdout());
    let project = env.new_project("p.lernstadt");
    let info = env
        .run(&["info", project.to_str().unwrap(), "--lang", "de"])
        .expect_code(0);
    assert!(info.stdout().contains("Datenwerte"), "{}", info.stdout());
}

use crate::util::Run;

/// Killing `demo` at any moment leaves either no file or a whole, sound one.
#[test]
fn a_killed_creation_leaves_nothing_or_a_whole_file() {
    let env = Env::new();
    for (attempt, delay_ms) in [5_u64, 20, 60, 120, 250].into_iter().enumerate() {
        let path = env.path(&format!("kill-{attempt}.lernstadt"));
        let mut child = env
            .command(&["demo", path.to_str().unwrap()])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        if path.exists() {
            env.run(&["check", path.to_str().unwrap()]).expect_code(0);
        }
    }
}

/// A crash in the middle of an action: the file and its rollback journal are copied while a
/// large transaction has already written pages into the file. Opening the copy rolls the
/// action back: the file is as it was before, and sound.
#[test]
fn an_interrupted_action_is_rolled_back_on_open() {
    let env = Env::new();
    let path = env.new_project("laufend.lernstadt");
    let before = bytes(&path);
    let crashed = env.path("abgestuerzt.lernstadt");
    let mut journal = crashed.as_os_str().to_owned();
    journal.push("-journal");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA cache_size = 2; BEGIN IMMEDIATE;")
            .unwrap();
        for number in 0..3000 {
            conn.execute(
                "INSERT INTO stakeholder (uuid, name, kind, description) VALUES (?1, ?2, 'other', ?3)",
                rusqlite::params![format!("u-{number}"), format!("Verein {number}"), "x".repeat(200)],
            )
            .unwrap();
        }
        // The state a kill -9 at this moment leaves on disk.
        std::fs::copy(&path, &crashed).unwrap();
        let mut original_journal = path.as_os_str().to_owned();
        original_journal.push("-journal");
        std::fs::copy(&original_journal, &journal).unwrap();
        conn.execute_batch("ROLLBACK;").unwrap();
    }
    assert_ne!(
        bytes(&crashed),
        before,
        "the crash left a half-written file"
    );

    let info = env
        .run(&["info", crashed.to_str().unwrap(), "--json"])
        .expect_code(0)
        .json();
    assert_eq!(
        info["counts"]["stakeholders"], 0,
        "the interrupted action is gone"
    );
    assert!(
        !std::path::PathBuf::from(&journal).exists(),
        "the journal was rolled back"
    );
    assert_eq!(
        bytes(&crashed),
        before,
        "byte for byte the file before the action"
    );
    env.run(&["check", crashed.to_str().unwrap()])
        .expect_code(0);
    assert_no_sidecars(&crashed);
}

/// A goal tree with a cycle (two goals each other's parent, as a hand-edited file or a bad
/// merge could leave it) is a problem `check` names with both goals, exit code 1.
#[test]
fn check_names_a_cycle_in_the_goal_tree() {
    let env = Env::new();
    let project = env.demo();
    let conn = Connection::open(&project).unwrap();
    let (a, a_title, b, b_title): (i64, String, i64, String) = conn
        .query_row(
            "SELECT g.id, g.title, c.id, c.title FROM goal g JOIN goal c ON c.parent_id = g.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    conn.execute("UPDATE goal SET parent_id = ?1 WHERE id = ?2", [b, a])
        .unwrap();
    drop(conn);
    let run = env
        .run(&["check", project.to_str().unwrap()])
        .expect_code(1);
    let text = run.stderr();
    assert!(
        text.contains("cycle") && text.contains(&a_title) && text.contains(&b_title),
        "{text}"
    );

    // The report and the exports refuse it with the same message instead of leaving the two
    // goals out; an edit is refused (the file is open read-only).
    let out = env.path("report.html");
    let refused = env
        .run(&[
            "report",
            project.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .expect_code(1);
    assert!(refused.stderr().contains(&a_title), "{}", refused.stderr());
    assert!(!out.exists());
    let csv = env.path("goals.csv");
    let refused = env
        .run(&[
            "export",
            project.to_str().unwrap(),
            "goals",
            "--out",
            csv.to_str().unwrap(),
        ])
        .expect_code(1);
    assert!(
        refused.stderr().contains("read-only"),
        "{}",
        refused.stderr()
    );
    let host = lernstadt_core::store::Host::default();
    let store = Store::open(&project, OpenMode::ReadWrite, &host).unwrap();
    assert!(matches!(
        store.read_only(),
        Some(lernstadt_core::store::ReadOnlyReason::Damaged { .. })
    ));
    store.close().unwrap();

    // The repair the window offers: one of them to the top level, as one undoable action.
    let uuid: String = Connection::open(&project)
        .unwrap()
        .query_row("SELECT uuid FROM goal WHERE id = ?1", [a], |r| r.get(0))
        .unwrap();
    lernstadt_core::store::repair::apply(
        &project,
        &lernstadt_core::store::repair::Fix::CutLink {
            kind: lernstadt_core::model::meta::EntityKind::Goal,
            key: uuid,
            label: a_title.clone(),
        },
        &host,
    )
    .unwrap();
    env.run(&["check", project.to_str().unwrap()])
        .expect_code(0);
    env.run(&[
        "report",
        project.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(0);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains(&a_title) && html.contains(&b_title));
}

/// An entity the history never mentions (a row written into the file by hand) is named by
/// `check`: undo, compare and merge could not see it.
#[test]
fn check_names_an_entity_missing_from_the_history() {
    let env = Env::new();
    let project = env.demo();
    let conn = Connection::open(&project).unwrap();
    conn.execute(
        "INSERT INTO stakeholder (uuid, name, kind) VALUES ('01a00000-0000-7000-8000-000000000001', 'Heimlich eingefügt', 'other')",
        [],
    )
    .unwrap();
    drop(conn);
    let run = env
        .run(&["check", project.to_str().unwrap()])
        .expect_code(1);
    assert!(
        run.stderr().contains("Heimlich eingefügt") && run.stderr().contains("history"),
        "{}",
        run.stderr()
    );
}

/// Times are shown in the computer's time zone (the offset in `--json`), never as UTC; an
/// action's author falls back to the account's name when no user variable is set.
#[test]
fn times_are_local_and_the_author_is_the_account() {
    let env = Env::new();
    let project = env.new_project("zeit.lernstadt");
    Connection::open(&project)
        .unwrap()
        .execute(
            "UPDATE project SET modified_at = '2026-11-23T19:33:05.120Z', modified_by = 'Jana'",
            [],
        )
        .unwrap();
    let info = |json: bool| {
        let mut command = env.command(&["info", project.to_str().unwrap()]);
        if json {
            command.arg("--json");
        }
        let output = command.env("TZ", "Europe/Berlin").output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let text = info(false);
    assert!(
        text.contains("2026-11-23 20:33") && !text.contains("UTC"),
        "{text}"
    );
    assert!(
        info(true).contains("2026-11-23T20:33:05.120+01:00"),
        "{}",
        info(true)
    );

    // Without USER, USERNAME and LOGNAME the author is the home folder's name, not "?".
    let home = env.path("jana");
    std::fs::create_dir_all(&home).unwrap();
    let csv = env.path("werte.csv");
    std::fs::write(&csv, "indicator,district,year,value\nA,01,2024,1\n").unwrap();
    let output = env
        .command(&["import", project.to_str().unwrap(), csv.to_str().unwrap()])
        .env_remove("USER")
        .env_remove("USERNAME")
        .env_remove("LOGNAME")
        .env("HOME", &home)
        .output()
        .unwrap();
    assert!(output.status.success());
    let author: String = Connection::open(&project)
        .unwrap()
        .query_row(
            "SELECT author FROM action ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(author, "jana");
}

/// Each run leaves a log in the data directory (what a user could send to support); the
/// console shows it only when `RUST_LOG` asks, so the command line's output is unchanged.
#[test]
fn each_run_is_logged_in_the_data_directory() {
    let env = Env::new();
    let project = env.new_project("log.lernstadt");
    let quiet = env.run(&["info", project.to_str().unwrap()]).expect_code(0);
    assert!(!quiet.stderr().contains("INFO"), "{}", quiet.stderr());
    let log = std::fs::read_to_string(env.path("data/logs/lernstadt.log")).unwrap();
    assert!(
        log.contains(&format!("Lernstadt {}", env!("CARGO_PKG_VERSION"))),
        "{log}"
    );
    let loud = env
        .command(&["info", project.to_str().unwrap()])
        .env("RUST_LOG", "info")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&loud.stderr).contains("INFO"));
    assert!(
        env.path("data/logs/lernstadt.1.log").exists(),
        "the run before is kept"
    );
}

/// The renderer is chosen on the command line (auto, wgpu or glow); anything else is a usage
/// error naming the choices.
#[test]
fn the_renderer_flag_names_its_choices() {
    let env = Env::new();
    let help = env.run(&["--help"]).expect_code(0).stdout();
    assert!(
        help.contains("--renderer") && help.contains("glow"),
        "{help}"
    );
    let wrong = env.run(&["--renderer", "vulkan"]).expect_code(2);
    assert!(
        wrong.stderr().contains("auto") && wrong.stderr().contains("wgpu"),
        "{}",
        wrong.stderr()
    );
}

/// Files of the versions before, looked at without upgrading them: every read-only command
/// works (the columns it lacks read as their defaults), and the file stays as it was.
#[test]
fn an_older_file_is_read_by_every_read_only_command() {
    let env = Env::new();
    // The versions before: without computed indicators (6), without shelves (7), without
    // comparison regions (8).
    for version in [6, 7, 8] {
        let path = env.path(&format!("v{version}.lernstadt"));
        let dump = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("crates/core/tests/fixtures/version-{version}.sql")),
        )
        .unwrap();
        Connection::open(&path)
            .unwrap()
            .execute_batch(&dump)
            .unwrap();
        let before = bytes(&path);
        let file = path.to_str().unwrap();
        let out = |name: &str| env.path(name).to_str().unwrap().to_owned();
        env.run(&["info", file]).expect_code(0);
        env.run(&["export", file, "observations", "--out", &out("o.csv")])
            .expect_code(0);
        env.run(&["export", file, "indicators", "--out", &out("i.csv")])
            .expect_code(0);
        env.run(&["report", file, "--out", &out("r.html")])
            .expect_code(0);
        env.run(&["report", file, "--out", &out("r.docx")])
            .expect_code(0);
        assert_eq!(bytes(&path), before, "looking does not upgrade");
    }
}

/// `new --region` and `info` name an official region from the list the program ships,
/// before any table has brought it; a key of one's own stays a key.
#[test]
fn an_official_region_is_named_before_any_import() {
    let env = Env::new();
    let path = env.path("kreis.lernstadt");
    let file = path.to_str().unwrap();
    let created = env
        .run(&["new", file, "--region", "03159", "--lang", "en"])
        .expect_code(0)
        .stdout();
    assert!(
        created.contains("My region: Göttingen, Landkreis (03159; the official name"),
        "{created}"
    );
    let info = env
        .run(&["info", file, "--lang", "en"])
        .expect_code(0)
        .stdout();
    assert!(
        info.contains("Göttingen, Landkreis (03159; the official name"),
        "{info}"
    );
    let own = env.path("stadt.lernstadt");
    let created = env
        .run(&[
            "new",
            own.to_str().unwrap(),
            "--region",
            "05999",
            "--lang",
            "en",
        ])
        .expect_code(0)
        .stdout();
    assert!(created.contains("My region: 05999 (its name"), "{created}");
}

/// An output never replaces a project: `report`, `export` and `export chart` onto the
/// project itself or onto another project (whatever its name) are refused with what to do
/// and leave both files as they were; a `share-copy` onto its own project likewise. A
/// symbolic link is written through and stays a link.
#[test]
fn an_output_never_replaces_a_project() {
    let env = Env::new();
    let project = env.demo();
    let other = env.path("anderes.html");
    std::fs::copy(&project, &other).unwrap();
    let before = (
        std::fs::read(&project).unwrap(),
        std::fs::read(&other).unwrap(),
    );
    let p = project.to_str().unwrap();
    for target in [&project, &other] {
        let t = target.to_str().unwrap();
        for args in [
            vec!["report", p, "--out", t],
            vec!["export", p, "observations", "--out", t],
            vec!["export", p, "chart", "--indicator", "BQ_36", "--out", t],
        ] {
            let run = env.run(&args).expect_code(1);
            assert!(
                run.stderr().contains("never replaces a project"),
                "{args:?}: {}",
                run.stderr()
            );
        }
    }
    let run = env.run(&["share-copy", p, p]).expect_code(1);
    assert!(run.stderr().contains("its own project"), "{}", run.stderr());
    assert_eq!(
        (
            std::fs::read(&project).unwrap(),
            std::fs::read(&other).unwrap()
        ),
        before
    );
    #[cfg(unix)]
    {
        let real = env.path("echt.html");
        std::fs::write(&real, "alt").unwrap();
        let link = env.path("verweis.html");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        env.run(&["report", p, "--out", link.to_str().unwrap()])
            .expect_code(0);
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(std::fs::read_to_string(&real).unwrap().contains("<html"));
    }
}

/// A project another program holds (a long merge, a second import) is in use, not
/// damaged: `info` waits, then says so — no "use a backup" that would lose work.
#[test]
fn busy_is_not_damaged() {
    let env = Env::new();
    let project = env.new_project("belegt.lernstadt");
    let holder = rusqlite::Connection::open(&project).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let run = env.run(&["info", project.to_str().unwrap()]).expect_code(1);
    assert!(
        run.stderr().contains("in use by another program"),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("is damaged"), "{}", run.stderr());
    holder.execute_batch("ROLLBACK;").unwrap();
    drop(holder);
    env.run(&["info", project.to_str().unwrap()]).expect_code(0);
}

/// Another Lernstadt (here: this test, through the core) merges into the file: a change on
/// the command line waits, then names what holds the file and since when — never
/// "damaged"; reading it meanwhile works. Once the merge is done, the change goes in.
#[test]
fn busy_names_the_lernstadt_that_holds_the_file() {
    let env = Env::new();
    let project = env.demo();
    let p = project.to_str().unwrap().to_owned();
    let other = crate::util::Holder::merging(&project);
    let change = ["regions", p.as_str(), "--compare", "05999000-01"];
    let run = env.run(&change).expect_code(1);
    let text = run.stderr();
    assert!(
        text.contains("is in use by another Lernstadt (merge started ")
            && text.contains("try again when it has finished"),
        "{text}"
    );
    assert!(
        !text.contains("damaged") || text.contains("not damaged"),
        "{text}"
    );
    env.run(&["info", &p]).expect_code(0);
    other.release();
    env.run(&change).expect_code(0);
    assert_no_sidecars(&project);
    let mut busy = project.as_os_str().to_owned();
    busy.push("-busy");
    assert!(!std::path::PathBuf::from(busy).exists(), "the note is gone");
}

/// `check` reads every computed indicator's formula: one that does not parse, names a code
/// no indicator has, or loops back to itself is a problem, named with its indicator.
#[test]
fn check_reads_the_formulas() {
    let env = Env::new();
    let path = env.demo();
    env.run(&["check", path.to_str().unwrap()]).expect_code(0);
    let (code, formula): (String, String) = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT code, formula FROM indicator WHERE formula <> '' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    for broken in [
        format!("({formula}"),
        "[GIBT_ES_NICHT] * 2".to_owned(),
        format!("[{code}] + 1"),
    ] {
        tamper(
            &path,
            &format!(
                "UPDATE indicator SET formula = '{}' WHERE code = '{code}'",
                broken.replace('\'', "''")
            ),
        );
        let run = env.run(&["check", path.to_str().unwrap()]).expect_code(1);
        assert!(
            run.stderr()
                .contains(&format!("computed indicator {code} does not hold")),
            "{broken}: {}",
            run.stderr()
        );
    }
}

/// A control character in a name (pasted from elsewhere) never stops an output: the Word
/// report, the HTML report and a picture are written, the character left out.
#[test]
fn a_control_character_in_a_name_stops_no_output() {
    let env = Env::new();
    let path = env.demo();
    tamper(
        &path,
        "UPDATE region SET name = 'Nord' || char(1) || 'stadt' || char(27) WHERE key = '05999000-01';
         UPDATE goal SET title = title || char(8);",
    );
    let p = path.to_str().unwrap();
    for out in ["bericht.docx", "bericht.html"] {
        let out = env.path(out);
        env.report(&path, &out, "de", &[]).expect_code(0);
        assert!(std::fs::metadata(&out).unwrap().len() > 10_000);
    }
    let html = std::fs::read_to_string(env.path("bericht.html")).unwrap();
    assert!(!html.contains('\u{1}') && !html.contains('\u{1b}'));
    let picture = env.path("bild.png");
    env.run(&[
        "export",
        p,
        "chart",
        "--indicator",
        "BQ_36",
        "--kind",
        "bars",
        "--out",
        picture.to_str().unwrap(),
    ])
    .expect_code(0);
}
