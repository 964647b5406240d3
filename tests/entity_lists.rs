//! Entity lists written by hand: references by code, key, title or year instead of UUIDs, no
//! `id` column, and the exit code and last line of an import that rejected rows.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::util::{Env, fixture, outcome, read_csv};

fn write(env: &Env, name: &str, text: &str) -> PathBuf {
    let path = env.path(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn count(project: &Path, sql: &str) -> i64 {
    Connection::open(project)
        .unwrap()
        .query_row(sql, [], |row| row.get(0))
        .unwrap()
}

/// The last line a run printed.
fn last_line(text: &str) -> &str {
    text.trim_end().lines().last().unwrap_or_default()
}

/// From `lernstadt new`: regions, goals with their parent by title, indicators, the goals
/// they measure by code and title, and targets by region key and the year 2030 — no `id`
/// column anywhere, no UUID typed, no period made by hand.
#[test]
fn a_plan_written_by_hand_refers_by_code_key_title_and_year() {
    let env = Env::new();
    let project = env.new_project("plan.lernstadt");
    let lists = [
        ("regions", "key,name\n01,Nord\n02,Süd\n", 2),
        (
            "goals",
            "title,level,parent\nGut aufwachsen,strategic,\n\
             Sprache fördern,operational,Gut aufwachsen\n\
             Übergänge gestalten,operational,Gut aufwachsen\n",
            3,
        ),
        (
            "indicators",
            "code,name,unit\nKITA_U3,Betreuungsquote unter 3,%\nSPRACH,Sprachförderbedarf,%\n",
            2,
        ),
        (
            "indicator_goals",
            "indicator,goal\nKITA_U3,Sprache fördern\nSPRACH,Sprache fördern\n\
             KITA_U3,Gut aufwachsen\n",
            3,
        ),
        (
            "indicator_targets",
            "indicator,region,period,value\nKITA_U3,01,2030,45\nSPRACH,Süd,2030,20\n",
            2,
        ),
    ];
    for (list, text, rows) in lists {
        let file = write(&env, &format!("{list}.csv"), text);
        let report = env.import(&project, &file, &["--entity", list]);
        assert_eq!(outcome(&report), (rows, 0, 0), "{list}: {report:#}");
    }
    assert_eq!(
        count(
            &project,
            "SELECT count(*) FROM goal c JOIN goal p ON p.id = c.parent_id
             WHERE p.title = 'Gut aufwachsen'"
        ),
        2
    );

    // The links, as the export writes them (by UUID): each goal's title and each
    // indicator's code behind them.
    let out = env.path("links.csv");
    env.export(&project, "indicator_goals", &out, &[]);
    let (header, rows) = read_csv(&out, b',');
    assert_eq!(header, ["id", "indicator", "goal"]);
    let conn = Connection::open(&project).unwrap();
    let mut links: Vec<(String, String)> = rows
        .iter()
        .map(|row| {
            conn.query_row(
                "SELECT i.code, g.title FROM indicator i, goal g WHERE i.uuid = ?1 AND g.uuid = ?2",
                [&row[1], &row[2]],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
        })
        .collect();
    links.sort();
    let expected = [
        ("KITA_U3", "Gut aufwachsen"),
        ("KITA_U3", "Sprache fördern"),
        ("SPRACH", "Sprache fördern"),
    ]
    .map(|(code, title)| (code.to_owned(), title.to_owned()));
    assert_eq!(links, expected);

    // 2030 became a year period; the targets stand on it.
    let out = env.path("periods.csv");
    env.export(&project, "periods", &out, &[]);
    let (_, rows) = read_csv(&out, b',');
    assert_eq!(rows, [["2030", "year", "2030-01-01", "2030-12-31"]]);
    assert_eq!(
        count(
            &project,
            "SELECT count(*) FROM indicator_target t JOIN period p ON p.id = t.period_id
             JOIN region r ON r.id = t.region_id WHERE p.code = '2030' AND r.key IN ('01', '02')"
        ),
        2
    );

    // The same links again: matched by what they link, nothing new; the last line says so.
    let file = env.path("indicator_goals.csv");
    let run = env
        .run(&[
            "import",
            project.to_str().unwrap(),
            file.to_str().unwrap(),
            "--entity",
            "indicator_goals",
        ])
        .expect_code(0);
    assert_eq!(last_line(&run.stdout()), "3 went in, none rejected");
    assert_eq!(count(&project, "SELECT count(*) FROM indicator_goal"), 3);
}

/// A title two goals have names neither: the row is rejected naming both with their UUIDs,
/// the other rows go in, and the import exits with 1 — with `--json`, with `--dry-run`, in
/// German, and for data values alike.
#[test]
fn an_ambiguous_title_is_rejected_naming_both_and_exits_with_1() {
    let env = Env::new();
    let project = env.new_project("doppelt.lernstadt");
    let goals = write(
        &env,
        "goals.csv",
        "id,title\n\
         01941f29-0000-7000-8000-00000000000a,Sprache fördern\n\
         01941f29-0000-7000-8000-00000000000b,Sprache fördern\n\
         01941f29-0000-7000-8000-00000000000c,Gut aufwachsen\n",
    );
    env.import(&project, &goals, &["--entity", "goals"]);
    let indicators = write(
        &env,
        "indicators.csv",
        "code,name\nKITA_U3,Betreuungsquote\n",
    );
    env.import(&project, &indicators, &["--entity", "indicators"]);
    let links = write(
        &env,
        "links.csv",
        "indicator,goal\nKITA_U3,Sprache fördern\nKITA_U3,Gut aufwachsen\n",
    );
    let import = |extra: &[&str]| {
        let mut args = vec![
            "import",
            project.to_str().unwrap(),
            links.to_str().unwrap(),
            "--entity",
            "indicator_goals",
        ];
        args.extend_from_slice(extra);
        env.run(&args).expect_code(1).stdout()
    };

    let text = import(&["--dry-run"]);
    assert_eq!(
        last_line(&text),
        "1 would go in, 1 rejected: correct what is listed above before importing"
    );
    assert_eq!(count(&project, "SELECT count(*) FROM indicator_goal"), 0);

    let text = import(&[]);
    assert!(
        text.contains(
            "line 2, column 2: error: goal: \"Sprache fördern\" is the title of 2 entries of \
             the list goals: \"Sprache fördern\" (id 01941f29-0000-7000-8000-00000000000a), \
             \"Sprache fördern\" (id 01941f29-0000-7000-8000-00000000000b). Write the id of \
             the one you mean instead"
        ),
        "{text}"
    );
    assert_eq!(
        last_line(&text),
        "1 went in, 1 rejected: correct what is listed above and import the file again \
         (what went in stays unchanged)"
    );
    assert_eq!(count(&project, "SELECT count(*) FROM indicator_goal"), 1);

    let report: serde_json::Value = serde_json::from_str(&import(&["--json"])).unwrap();
    assert_eq!(outcome(&report), (0, 0, 1), "{report:#}");
    let text = import(&["--lang", "de"]);
    assert!(
        text.contains("01941f29-0000-7000-8000-00000000000b"),
        "{text}"
    );
    assert!(
        last_line(&text).starts_with("1 übernommen, 1 abgewiesen: "),
        "{text}"
    );

    // Data values: the same exit code and last line.
    let run = env
        .run(&[
            "import",
            project.to_str().unwrap(),
            fixture("sheet_problems.csv").to_str().unwrap(),
            "--dry-run",
        ])
        .expect_code(1);
    assert!(
        last_line(&run.stdout()).starts_with("2 would go in, 5 rejected: "),
        "{}",
        run.stdout()
    );
}

/// An entity list that would make a goal its own parent, or close a cycle of two, is
/// refused whole, naming the cycle; the project stays as it was and opens writable.
#[test]
fn a_cycle_in_the_goal_tree_is_refused_naming_it() {
    let env = Env::new();
    let project = env.new_project("kreis.lernstadt");
    let goals = write(
        &env,
        "goals.csv",
        "id,title,parent\n\
         01941f29-0000-7000-8000-00000000000a,Gut aufwachsen,\n\
         01941f29-0000-7000-8000-00000000000b,Sprache fördern,Gut aufwachsen\n",
    );
    env.import(&project, &goals, &["--entity", "goals"]);
    let before = std::fs::read(&project).unwrap();
    for text in [
        "id,title,parent\n01941f29-0000-7000-8000-00000000000a,Gut aufwachsen,Gut aufwachsen\n",
        "id,title,parent\n01941f29-0000-7000-8000-00000000000a,Gut aufwachsen,Sprache fördern\n",
    ] {
        let file = write(&env, "kreis.csv", text);
        let run = env
            .run(&[
                "import",
                project.to_str().unwrap(),
                file.to_str().unwrap(),
                "--entity",
                "goals",
            ])
            .expect_code(1);
        let said = format!("{}{}", run.stdout(), run.stderr());
        assert!(said.contains("under itself"), "{said}");
        assert!(said.contains("Gut aufwachsen > "), "{said}");
        assert_eq!(std::fs::read(&project).unwrap(), before, "nothing changed");
    }
    env.run(&["undo", project.to_str().unwrap()]).expect_code(0);
}

/// A goal tree 10,000 levels deep (a chain) goes in and is checked whole: each goal is
/// walked once, not once per goal above it.
#[test]
fn a_deep_goal_tree_goes_in_and_checks_sound() {
    use std::fmt::Write as _;
    let env = Env::new();
    let project = env.new_project("tief.lernstadt");
    let id = |n: usize| format!("01941f29-0000-7000-8000-{n:012}");
    let mut text = String::from("id,title,parent\n");
    for n in 0..10_000 {
        let parent = if n == 0 { String::new() } else { id(n - 1) };
        writeln!(text, "{},Ziel {n},{parent}", id(n)).unwrap();
    }
    let goals = write(&env, "tief.csv", &text);
    let report = env.import(&project, &goals, &["--entity", "goals"]);
    assert_eq!(report["rejected"], 0, "{report:#}");
    assert_eq!(count(&project, "SELECT count(*) FROM goal"), 10_000);
    env.run(&["check", project.to_str().unwrap()])
        .expect_code(0);
}
