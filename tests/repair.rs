//! `lernstadt repair`: a file made read-only by a formula that cannot be computed or a cycle
//! in a tree (crafted outside Lernstadt) is repaired from the command line, as one step of
//! the history, each change said in words; `--dry-run` lists the same without writing.

use std::path::Path;

use rusqlite::Connection;

use crate::util::{Env, assert_no_sidecars};

/// Changes a project file behind Lernstadt's back, as another program would.
fn tamper(path: &Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
    conn.close().unwrap();
}

fn formula(path: &Path, code: &str) -> String {
    Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT formula FROM indicator WHERE code = ?1",
            [code],
            |r| r.get(0),
        )
        .unwrap()
}

/// The demo with its computed indicators' formulas broken: `ANT_U6` reads a code no
/// indicator has, `SOZ` does not parse. Every change is refused (read-only, with the repair
/// named); `repair --dry-run` names both and changes nothing; `repair` clears both in one
/// step, after which `check` passes and the file takes changes again.
#[test]
fn repair_clears_formulas_that_cannot_be_computed() {
    let env = Env::new();
    let project = env.demo();
    let p = project.to_str().unwrap();
    tamper(
        &project,
        "UPDATE indicator SET formula = '[GIBT_ES_NICHT] * 2' WHERE code = 'ANT_U6';
         UPDATE indicator SET formula = '(2 * z([SGB2_U15])' WHERE code = 'SOZ';",
    );
    let refused = env
        .run(&["regions", p, "--compare", "05999000-01"])
        .expect_code(1);
    assert!(
        refused.stderr().contains("read-only") && refused.stderr().contains("lernstadt repair"),
        "{}",
        refused.stderr()
    );

    let before = std::fs::read(&project).unwrap();
    let dry = env.run(&["repair", p, "--dry-run"]).expect_code(0);
    assert_eq!(
        std::fs::read(&project).unwrap(),
        before,
        "a dry run writes nothing"
    );
    let text = dry.stdout();
    assert!(text.contains("nothing was changed"), "{text}");
    for needle in [
        "Cleared the formula of ANT_U6",
        "GIBT_ES_NICHT",
        "Cleared the formula of SOZ",
        "“(2 * z([SGB2_U15])”",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }

    let done = env.run(&["repair", p]).expect_code(0);
    assert!(done.stdout().starts_with("Repaired"), "{}", done.stdout());
    assert_eq!(
        done.stdout().lines().skip(1).collect::<Vec<_>>(),
        dry.stdout().lines().skip(1).collect::<Vec<_>>(),
        "the dry run listed what the repair did"
    );
    assert_eq!(formula(&project, "ANT_U6"), "");
    assert_eq!(formula(&project, "SOZ"), "");
    assert_no_sidecars(&project);
    env.run(&["check", p]).expect_code(0);
    let history = env.run(&["info", p, "--json"]).expect_code(0).json();
    assert_eq!(history["counts"]["actions"], 2, "{history:#}");
    env.run(&["regions", p, "--compare", "05999000-01"])
        .expect_code(0);
    let again = env.run(&["repair", p]).expect_code(0);
    assert!(
        again.stdout().contains("Nothing to repair"),
        "{}",
        again.stdout()
    );
}

/// Formulas that read each other in a loop and a goal under itself: `repair --json` cuts
/// each once, in German on the same run, naming the loop and the goals.
#[test]
fn repair_cuts_loops_and_cycles_and_speaks_json() {
    let env = Env::new();
    let project = env.demo();
    let p = project.to_str().unwrap();
    let conn = Connection::open(&project).unwrap();
    let (parent, child, child_title): (i64, i64, String) = conn
        .query_row(
            "SELECT g.id, c.id, c.title FROM goal g JOIN goal c ON c.parent_id = g.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    drop(conn);
    tamper(
        &project,
        &format!(
            "UPDATE goal SET parent_id = {child} WHERE id = {parent};
             UPDATE indicator SET formula = '[SOZ] + 1' WHERE code = 'ANT_U6';
             UPDATE indicator SET formula = '[ANT_U6] * 2' WHERE code = 'SOZ';"
        ),
    );
    let check = env.run(&["check", p]).expect_code(1);
    assert!(
        check.stderr().contains("lernstadt repair"),
        "{}",
        check.stderr()
    );

    let run = env
        .run(&["repair", p, "--json", "--lang", "de"])
        .expect_code(0)
        .json();
    assert_eq!(run["dry_run"], false);
    let repairs = run["repairs"].as_array().unwrap();
    assert_eq!(repairs.len(), 2, "{run:#}");
    let goal = repairs.iter().find(|r| r["fix"] == "cut_link").unwrap();
    assert_eq!(goal["kind"], "goal");
    assert!(
        goal["done"].as_str().unwrap().contains("oberste Ebene"),
        "{goal:#}"
    );
    assert!(
        goal["problem"].as_str().unwrap().contains(&child_title),
        "{goal:#}"
    );
    let formula_fix = repairs
        .iter()
        .find(|r| r["fix"] == "clear_formula")
        .unwrap();
    assert!(
        formula_fix["problem"]
            .as_str()
            .unwrap()
            .contains("ANT_U6 → SOZ → ANT_U6")
            || formula_fix["problem"]
                .as_str()
                .unwrap()
                .contains("SOZ → ANT_U6 → SOZ"),
        "{formula_fix:#}"
    );
    // One of the two formulas stays: the loop needs only one cut.
    let cleared = [formula(&project, "ANT_U6"), formula(&project, "SOZ")];
    assert_eq!(
        cleared.iter().filter(|f| f.is_empty()).count(),
        1,
        "{cleared:?}"
    );
    env.run(&["check", p]).expect_code(0);
}

/// A file that is sound has nothing to repair, and a file Lernstadt refuses (not a project)
/// is refused by `repair` too, unchanged.
#[test]
fn repair_leaves_sound_and_foreign_files_alone() {
    let env = Env::new();
    let project = env.new_project("gut.lernstadt");
    let before = std::fs::read(&project).unwrap();
    let run = env
        .run(&["repair", project.to_str().unwrap(), "--dry-run"])
        .expect_code(0);
    assert!(
        run.stdout().contains("Nothing to repair"),
        "{}",
        run.stdout()
    );
    env.run(&["repair", project.to_str().unwrap()])
        .expect_code(0);
    assert_eq!(std::fs::read(&project).unwrap(), before);
    let foreign = env.path("fremd.lernstadt");
    std::fs::write(&foreign, "kein Projekt").unwrap();
    env.run(&["repair", foreign.to_str().unwrap()])
        .expect_code(1);
    assert_eq!(std::fs::read(&foreign).unwrap(), b"kein Projekt");
}
