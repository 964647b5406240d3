//! Copies in the window: merging with a choice per conflict, sharing, comparing, and the
//! report written from the window.

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lernstadt::app::LernstadtApp;

use super::{Start, open, setup, window};

/// Edits one stakeholder of a project file as one action.
fn edit_stakeholder(
    path: &Path,
    name: &str,
    change: impl FnOnce(&mut lernstadt_core::model::Stakeholder),
) {
    let mut store = lernstadt_core::store::Store::open(
        path,
        lernstadt_core::store::OpenMode::ReadWrite,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let mut s = lernstadt_core::store::stakeholders::list(store.conn())
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap();
    change(&mut s);
    store
        .transact(lernstadt_core::store::ActionKind::Edit, "test", |tx| {
            tx.update(&s).map(|_| ())
        })
        .unwrap();
    store.close().unwrap();
}

/// Merge from another copy in the window: the conflict is shown with both values, the
/// user keeps theirs, the merge is one undo step. Opening the other copy afterwards says
/// how it relates to this one.
#[test]
fn merging_in_the_window_lets_the_user_choose_per_conflict() {
    let setup = setup("ours.lernstadt", Start::Demo);
    let theirs = setup.dir.path().join("theirs.lernstadt");
    std::fs::copy(&setup.path, &theirs).unwrap();
    edit_stakeholder(&setup.path, "Jugendamt Musterstadt", |s| s.interest = 1);
    edit_stakeholder(&theirs, "Jugendamt Musterstadt", |s| s.interest = 2);
    edit_stakeholder(&theirs, "Goethe-Gymnasium", |s| s.influence = 5);

    let mut harness = open(&setup.path);
    harness.state_mut().prepare_merge(&theirs);
    finish_task(&mut harness);
    harness.get_by_label("Merge from another copy");
    harness.get_by_label_contains("1 conflicts to decide");
    harness.get_by_label("Theirs").click();
    harness.run();
    harness.get_by_label("Merge").click();
    // step, not run: while the merge runs on its worker the progress bar keeps repainting.
    harness.step();
    finish_task(&mut harness);
    let value = |harness: &Harness<'_, LernstadtApp>, name: &str| {
        harness
            .state()
            .data
            .stakeholders
            .iter()
            .find(|s| s.name == name)
            .map(|s| (s.influence, s.interest))
            .unwrap()
    };
    assert_eq!(
        value(&harness, "Jugendamt Musterstadt").1,
        2,
        "theirs chosen"
    );
    assert_eq!(value(&harness, "Goethe-Gymnasium").0, 5, "theirs applied");
    harness.get_by_label_contains("Merged: 2 changes brought in");

    harness.get_by_label("Undo").click();
    harness.run();
    harness.run();
    assert_eq!(value(&harness, "Jugendamt Musterstadt").1, 1);
    assert_ne!(value(&harness, "Goethe-Gymnasium").0, 5);

    // The other copy, opened next, is recognised as a copy of this project.
    let settings = harness.state().settings.clone();
    drop(harness);
    let harness = window(LernstadtApp::open(&theirs, settings));
    harness.get_by_label_contains("were both changed");
}

/// Share a copy and compare with it from the window: the share window reports the copy's
/// size, the compare window lists what differs (the emptied contact data).
#[test]
fn sharing_and_comparing_in_the_window() {
    let setup = setup("ours.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Share a copy…").click();
    harness.run();
    harness.get_by_label("Without personal data");
    let copy = setup.dir.path().join("to-send.lernstadt");
    harness.state_mut().share_to(&copy);
    finish_task(&mut harness);
    harness.get_by_label_contains("to-send.lernstadt:");
    assert!(copy.exists());

    harness.state_mut().compare_with(&copy);
    finish_task(&mut harness);
    harness.get_by_label("Compare with another copy");
    harness.get_by_label_contains("Changed (");
    assert!(harness.query_all_by_label_contains("E-mail:").count() >= 20);
}

/// File > Export report… writes the report and says where.
#[test]
fn the_report_is_written_from_the_window() {
    let setup = setup("ours.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export report…").click();
    harness.run();
    // The report window: chapters by education area, higher education left out, no
    // stakeholder list (its save dialog is the system's; the test writes to a path).
    harness
        .get_by_label("By education area (along the life course)")
        .click();
    harness.get_by_label("Higher education").click();
    harness
        .get_by_label("Without the list of stakeholders")
        .click();
    harness.run();
    harness.get_by_label("Write report…");
    let out = setup.dir.path().join("report.html");
    harness.state_mut().write_report(&out);
    finish_task(&mut harness);
    harness.get_by_label_contains("Report written:");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<svg class=\"chart\""));
    assert!(html.contains("id=\"area-school\""), "chapters by area");
    assert!(!html.contains("id=\"area-higher_education\""), "left out");
    assert!(!html.contains("id=\"stakeholders\""));

    // The same report as a Word document to edit further.
    harness
        .get_by_label("Word document (.docx) to edit further")
        .click();
    harness.run();
    assert_eq!(
        harness.state().export.report.format,
        lernstadt_core::report::Format::Docx
    );
    let out = setup.dir.path().join("report.docx");
    harness.state_mut().write_report(&out);
    finish_task(&mut harness);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..2], b"PK", "a Word file is a zip archive");
}

/// A file whose goal tree has a cycle (as a bad merge or a hand edit left it) opens
/// read-only with the problem named and a repair per goal in the cycle; the repair moves
/// that goal to the top level and opens the file again, writable, every goal in the tree.
#[test]
fn a_damaged_file_opens_read_only_and_is_repaired_in_the_window() {
    let setup = setup("kreis.lernstadt", Start::Demo);
    let conn = rusqlite::Connection::open(&setup.path).unwrap();
    let (parent, child, child_title): (i64, i64, String) = conn
        .query_row(
            "SELECT g.id, c.id, c.title FROM goal g JOIN goal c ON c.parent_id = g.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    conn.execute(
        "UPDATE goal SET parent_id = ?1 WHERE id = ?2",
        [child, parent],
    )
    .unwrap();
    drop(conn);

    let mut harness = open(&setup.path);
    harness.get_by_label_contains("open read-only");
    let repair = format!("Move “{child_title}” to the top level");
    harness.get_by_label(&repair).click();
    harness.run();
    assert!(harness.query_by_label_contains("open read-only").is_none());
    assert!(harness.query_by_label(&repair).is_none());
    let lernstadt::app::Project::Open { store, .. } = &harness.state().project else {
        panic!("the repaired file is open");
    };
    assert!(store.read_only().is_none(), "writable again");
    let goals = lernstadt_core::store::goals::list(store.conn()).unwrap();
    let top = goals.iter().find(|g| g.title == child_title).unwrap();
    assert!(top.parent.is_none(), "the chosen goal is at the top level");
}

/// A computed indicator whose formula no longer parses (a file crafted outside Lernstadt)
/// opens read-only with a repair that makes it a plain indicator; after it the file is
/// writable and the indicator keeps its code.
#[test]
fn a_damaged_formula_opens_read_only_and_is_repaired_in_the_window() {
    let setup = setup("formel.lernstadt", Start::Demo);
    let conn = rusqlite::Connection::open(&setup.path).unwrap();
    conn.execute(
        "UPDATE indicator SET formula = '(' || formula WHERE code = 'SOZ'",
        [],
    )
    .unwrap();
    drop(conn);

    let mut harness = open(&setup.path);
    harness.get_by_label_contains("open read-only");
    harness.get_by_label_contains("computed indicator SOZ does not hold");
    let repair = "Make SOZ a plain indicator (clear its formula)";
    harness.get_by_label(repair).click();
    harness.run();
    assert!(harness.query_by_label_contains("open read-only").is_none());
    let lernstadt::app::Project::Open { store, .. } = &harness.state().project else {
        panic!("the repaired file is open");
    };
    assert!(store.read_only().is_none(), "writable again");
    let indicators = lernstadt_core::store::indicators::list(store.conn()).unwrap();
    let soz = indicators.iter().find(|i| i.code == "SOZ").unwrap();
    assert!(soz.formula.is_empty(), "a plain indicator now");
}

/// Another Lernstadt merges into the open file (a second connection holds its write lock):
/// an edit in the window does not freeze it but waits, shown with what holds the file and a
/// Cancel; cancelled, nothing is changed; asked again and the merge done, the edit goes in.
#[test]
fn an_edit_waits_while_another_lernstadt_holds_the_file() {
    let setup = setup("belegt.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    let other = crate::util::Holder::merging(&setup.path);

    let edit = |harness: &mut Harness<'_, LernstadtApp>| {
        harness
            .state_mut()
            .commands
            .push(lernstadt::command::Edit::new("wait", |tx| {
                tx.insert(&lernstadt_core::model::Indicator::new("WAITED", "Waited"))
            }));
        let started = std::time::Instant::now();
        harness.run_steps(3);
        assert!(started.elapsed().as_secs() < 2, "the window did not freeze");
    };
    edit(&mut harness);
    assert!(harness.state().waiting.is_some(), "the edit waits");
    harness.get_by_label_contains(
        "Waiting for belegt.lernstadt: in use by another Lernstadt (merge started ",
    );
    harness.get_by_label("Cancel").click();
    harness.run_steps(2);
    assert!(harness.state().waiting.is_none());
    assert!(status(harness.state()).contains("nothing was changed"));

    edit(&mut harness);
    assert!(harness.state().waiting.is_some(), "the edit waits again");
    other.release();
    super::wait_for(&mut harness, |app| app.waiting.is_none());
    let lernstadt::app::Project::Open { store, .. } = &harness.state().project else {
        panic!("open");
    };
    let codes: Vec<String> = lernstadt_core::store::indicators::list(store.conn())
        .unwrap()
        .into_iter()
        .map(|i| i.code)
        .collect();
    assert!(codes.contains(&"HELD".to_owned()) && codes.contains(&"WAITED".to_owned()));
    assert_eq!(
        codes.iter().filter(|c| *c == "WAITED").count(),
        1,
        "the cancelled edit never went in"
    );
}

fn status(app: &LernstadtApp) -> &str {
    app.status.as_deref().unwrap_or_default()
}

/// A second program (the command line, a second window) changes the open file: within a
/// second the window reads it again, says what came in, and both windows' actions stay in
/// the file.
#[test]
fn a_change_from_outside_is_noticed_and_two_windows_keep_each_others_actions() {
    let setup = setup("geteilt.lernstadt", Start::Demo);
    let mut first = open(&setup.path);
    let mut second = open(&setup.path);
    let before = super::observations(first.state());

    // The command line imports into the file the windows have open.
    let csv = setup.dir.path().join("neu.csv");
    std::fs::write(
        &csv,
        "indicator,district,year,value\nOutside indicator,059990000000,2024,7\nOutside indicator,059990000000,2025,8\n",
    )
    .unwrap();
    let mut outside = lernstadt_core::store::Store::open(
        &setup.path,
        lernstadt_core::store::OpenMode::ReadWrite,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    lernstadt_core::import::import_file(
        &mut outside,
        &csv,
        &lernstadt_core::import::Options::default(),
        &std::sync::Arc::default(),
    )
    .unwrap();
    outside.close().unwrap();
    super::wait_for(&mut first, |app| status(app).contains("Changed outside"));
    assert!(
        status(first.state()).contains("2 data values more"),
        "{}",
        status(first.state())
    );
    assert_eq!(super::observations(first.state()), before + 2);

    // Each window edits; the other sees it; nothing is lost.
    edit_in(&mut first, "Jugendamt Musterstadt");
    super::wait_for(&mut second, |app| super::observations(app) == before + 2);
    super::wait_for(&mut second, |app| status(app).contains("Jugendamt"));
    edit_in(&mut second, "Goethe-Gymnasium");
    super::wait_for(&mut first, |app| status(app).contains("Goethe"));
    for harness in [&first, &second] {
        let lernstadt::app::Project::Open { store, .. } = &harness.state().project else {
            panic!("open");
        };
        let labels: Vec<String> = store
            .history(3)
            .unwrap()
            .into_iter()
            .map(|a| a.label)
            .collect();
        assert!(
            labels[0].contains("Goethe") && labels[1].contains("Jugendamt"),
            "{labels:?}"
        );
    }
}

/// One edit in a window, as a view would push it.
fn edit_in(harness: &mut Harness<'_, LernstadtApp>, name: &str) {
    let name = name.to_owned();
    harness
        .state_mut()
        .commands
        .push(lernstadt::command::Edit::new(
            format!("{name}: interest"),
            move |tx| {
                let mut all: Vec<lernstadt_core::model::Stakeholder> =
                    lernstadt_core::store::stakeholders::list(tx.conn())?;
                let stakeholder = all.iter_mut().find(|s| s.name == name).expect("demo");
                stakeholder.interest = 1 + stakeholder.interest % 5;
                tx.update(stakeholder).map(|_| ())
            },
        ));
    harness.run();
}

/// A sync client replaces the open file: the window stops writing to the old one, says so
/// and offers to open the file again, which shows the new one.
#[test]
fn a_replaced_file_is_noticed_and_opened_again() {
    let setup = setup("sync.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    let other = setup.dir.path().join("leer.lernstadt");
    lernstadt_core::store::Store::create(&other, "Ersatz", &lernstadt_core::store::Host::default())
        .unwrap()
        .close()
        .unwrap();
    std::fs::rename(&other, &setup.path).unwrap();
    super::wait_for(&mut harness, |app| match &app.project {
        lernstadt::app::Project::Open { store, .. } => store.read_only().is_some(),
        lernstadt::app::Project::Refused { .. } => false,
    });
    harness.get_by_label_contains("was replaced or moved by another program");
    harness.get_by_label("Open again").click();
    harness.run();
    harness.get_by_label("Ersatz");
    let lernstadt::app::Project::Open { store, .. } = &harness.state().project else {
        panic!("open");
    };
    assert!(store.read_only().is_none());
}

/// Long work runs on a worker while the window goes on drawing; this waits for it to end.
fn finish_task(harness: &mut Harness<'_, LernstadtApp>) {
    super::wait_for(harness, |app| app.task.is_none());
}

/// A merge started from the window runs on a worker with a progress window and Cancel; a
/// cancelled merge changes nothing and says so.
#[test]
fn a_merge_runs_on_a_worker_and_cancel_changes_nothing() {
    let setup = setup("ours.lernstadt", Start::Demo);
    let theirs = setup.dir.path().join("theirs.lernstadt");
    std::fs::copy(&setup.path, &theirs).unwrap();
    edit_stakeholder(&theirs, "Goethe-Gymnasium", |s| s.influence = 5);
    let before = std::fs::read(&setup.path).unwrap();

    let mut harness = open(&setup.path);
    harness
        .state_mut()
        .merge(&theirs, std::collections::HashMap::new());
    // Started, not done: the frame that asked for it returned at once.
    let task = harness.state().task.as_ref().expect("running on a worker");
    assert_eq!(task.label, "Merging the other copy …");
    task.progress.cancel();
    finish_task(&mut harness);
    assert_eq!(status(harness.state()), "Cancelled: nothing was changed");
    assert_eq!(
        std::fs::read(&setup.path).unwrap(),
        before,
        "the file as it was"
    );

    // Not cancelled, the progress window shows while it runs and the merge lands.
    harness
        .state_mut()
        .merge(&theirs, std::collections::HashMap::new());
    harness.step();
    finish_task(&mut harness);
    assert!(
        status(harness.state()).contains("Merged"),
        "{}",
        status(harness.state())
    );
}
