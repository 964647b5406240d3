//! The county analyst's whole job on the command line, from `lernstadt new` to the report
//! and the pictures: my region first everywhere, comparison regions saved, nothing typed by
//! UUID. On the real Kreis table of `../shared/data/` when it is there, else on the
//! project's own excerpt of the same layout.

use std::path::{Path, PathBuf};

use crate::util::{Env, fixture};

/// The Kreis table, my region's key and name, and two other Kreise of it.
fn kreis_table() -> (PathBuf, &'static str, &'static str, [&'static str; 2]) {
    let real = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/genesis-classic/21111-02-06-4.csv");
    if real.exists() {
        (real, "03159", "Göttingen, Landkreis", ["03153", "03155"])
    } else {
        (
            fixture("table_period_column.csv"),
            "05999",
            "Musterstadt, kreisfreie Stadt",
            ["01001", "01"],
        )
    }
}

#[test]
fn a_county_analyst_does_the_whole_job_on_the_command_line() {
    let env = Env::new();
    let (table, key, name, peers) = kreis_table();
    let project = env.path("kreis.lernstadt");
    let file = project.to_str().unwrap();
    let created = env
        .run(&[
            "new",
            file,
            "--name",
            "Bildungsmonitoring",
            "--region",
            key,
            "--lang",
            "en",
        ])
        .expect_code(0);
    assert!(created.stdout().contains(key), "{}", created.stdout());
    let info = env.run(&["info", file, "--json"]).expect_code(0).json();
    assert_eq!(info["region_key"], key);
    assert!(info["region_name"].is_null(), "no region before the import");

    env.import(&project, &table, &[]);
    let info = env.run(&["info", file, "--json"]).expect_code(0).json();
    assert_eq!(
        info["region_name"], name,
        "found among the imported regions"
    );

    derive_share(&env, file);
    plan(&env, file, key, peers);
    report(&env, &project, name, &table);
    pictures(&env, file);
}

/// The share by formula, a misspelt one refused with the nearest name, an empty one too.
fn derive_share(env: &Env, file: &str) {
    // A share by formula; a misspelt member is refused with the nearest name, nothing made.
    let formula = |member: &str| {
        format!("100 * [21111-02-06-4; Abschlussarten={member}] / [21111-02-06-4; total]")
    };
    let wrong = env
        .run(&[
            "derive",
            file,
            "--code",
            "OHNE",
            "--name",
            "Ohne Abschluss",
            "--formula",
            &formula("ohne Hauptschulabschlus"),
            "--unit",
            "%",
            "--lang",
            "en",
        ])
        .expect_code(2);
    assert!(
        wrong
            .stderr()
            .contains("did you mean “ohne Hauptschulabschluss”"),
        "{}",
        wrong.stderr()
    );
    env.run(&[
        "derive",
        file,
        "--code",
        "OHNE",
        "--name",
        "Ohne Abschluss",
        "--formula",
        &formula("ohne Hauptschulabschluss"),
        "--unit",
        "%",
    ])
    .expect_code(0);
    // A formula over an indicator without values makes nothing (exit 1) and says so.
    let empty_list = env.path("empty.csv");
    std::fs::write(&empty_list, "code,name,unit\nLEER,Noch ohne Werte,Anzahl\n").unwrap();
    env.run(&[
        "import",
        file,
        empty_list.to_str().unwrap(),
        "--entity",
        "indicators",
    ])
    .expect_code(0);
    let empty = env
        .run(&[
            "derive",
            file,
            "--code",
            "NIRGENDS",
            "--name",
            "Nirgends",
            "--formula",
            "100 * [LEER] / [21111-02-06-4; total]",
            "--lang",
            "en",
        ])
        .expect_code(1);
    assert!(
        empty.stderr().contains("Nothing created")
            && empty.stderr().contains("[LEER] has no value"),
        "{}",
        empty.stderr()
    );
    let info = env.run(&["info", file, "--json"]).expect_code(0).json();
    assert_eq!(
        info["counts"]["indicators"], 3,
        "the table's, the share, the empty one"
    );
}

/// The goal, its indicator, its target and the comparison regions, by human keys.
fn plan(env: &Env, file: &str, key: &str, peers: [&str; 2]) {
    // A goal, its indicator and its target, by title, code, key and year.
    let goals = env.path("goals.csv");
    std::fs::write(&goals, "title,level\nAbschlüsse sichern,strategic\n").unwrap();
    let links = env.path("links.csv");
    std::fs::write(&links, "indicator,goal\nOHNE,Abschlüsse sichern\n").unwrap();
    let targets = env.path("targets.csv");
    std::fs::write(
        &targets,
        format!("indicator,region,period,value\nOHNE,{key},2030,5\n"),
    )
    .unwrap();
    for (list, path) in [
        ("goals", &goals),
        ("indicator_goals", &links),
        ("indicator_targets", &targets),
    ] {
        env.run(&["import", file, path.to_str().unwrap(), "--entity", list])
            .expect_code(0);
    }
    env.run(&[
        "regions",
        file,
        "--compare",
        peers[0],
        peers[1],
        "--name",
        "Vergleichskreise",
    ])
    .expect_code(0);
    let regions = env.run(&["regions", file, "--json"]).expect_code(0).json();
    assert_eq!(regions["comparison_name"], "Vergleichskreise");
    assert_eq!(regions["comparison"][0]["key"], peers[0]);
}

/// The report of the job.
fn report(env: &Env, project: &Path, name: &str, table: &Path) {
    // The report leads with my region; its table is my region, its parents, the comparison
    // regions and the level's spread — at most 60 rows, every region in the appendix.
    let out = env.path("report.html");
    env.report(project, &out, "de", &["--all-regions"])
        .expect_code(0);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains(name), "my region in the report");
    // The Kreise of the real table fill more than a page: my rank among them.
    assert_eq!(
        html.contains("Rang von"),
        !table.starts_with(fixture("")),
        "my region's rank among hundreds of Kreise"
    );
    assert!(html.contains("id=\"appendix\""), "every region on request");
    assert!(
        !html.contains("id=\"stakeholders\""),
        "no chapter without stakeholders"
    );
    assert!(
        html.contains("Berechnet aus"),
        "the share cites its input's source"
    );
    let text = html.split("id=\"appendix\"").next().unwrap_or_default();
    for (n, table) in text.split("<table").skip(1).enumerate() {
        let rows = table
            .split("</table>")
            .next()
            .unwrap_or_default()
            .matches("<tr")
            .count();
        assert!(rows <= 61, "table {n} has {rows} rows (with its header)");
    }
}

/// The pictures of the job.
fn pictures(env: &Env, file: &str) {
    // Pictures centre on my region: bars compare its level and are never empty.
    for kind in ["line", "bars"] {
        let png = env.path(&format!("{kind}.png"));
        env.run(&[
            "export",
            file,
            "chart",
            "--indicator",
            "OHNE",
            "--kind",
            kind,
            "--out",
            png.to_str().unwrap(),
        ])
        .expect_code(0);
        assert!(
            std::fs::metadata(&png).unwrap().len() > 10_000,
            "{kind} drawn"
        );
    }
}

/// Tables imported, no goal set yet: the report still holds every indicator — charts with
/// my region, tables — in a chapter of their own.
#[test]
fn a_report_before_any_goal_holds_the_imported_indicators() {
    let env = Env::new();
    let project = env.path("kreis.lernstadt");
    let file = project.to_str().unwrap();
    env.run(&["new", file, "--region", "05999"]).expect_code(0);
    env.import(&project, &fixture("table_period_column.csv"), &[]);
    let out = env.path("report.html");
    let summary = env
        .report(&project, &out, "de", &["--json"])
        .expect_code(0)
        .json();
    assert_eq!(summary["charts"], 1, "{summary:#}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("id=\"indicators\""), "a chapter of their own");
    assert!(
        html.contains("Musterstadt, kreisfreie Stadt"),
        "my region in it"
    );
}
