//! Small counts protected: with a rule, every published output hides counts below N and
//! what would reveal them; the stored data stays as it is, and the unprotected export
//! writes it.

use std::fmt::Write as _;

use lernstadt_core::store::{ActionKind, Host, OpenMode, Store};

use crate::util::Env;

/// The demo with a count by district that adds up to the city (100), one district below the
/// threshold, and a rate computed from it.
fn project(env: &Env) -> std::path::PathBuf {
    let project = env.demo();
    let csv = env.path("klein.csv");
    let mut text = String::from("indicator,district,unit,2024\nKLEIN,05999000,Anzahl,100\n");
    for (district, value) in [2, 8, 9, 10, 10, 10, 11, 12, 13, 15].iter().enumerate() {
        let _ = writeln!(text, "KLEIN,05999000-{:02},Anzahl,{value}", district + 1);
    }
    std::fs::write(&csv, text).unwrap();
    env.import(&project, &csv, &[]);
    env.run(&[
        "derive",
        project.to_str().unwrap(),
        "--code",
        "KLEIN_JE_1000",
        "--name",
        "Klein je 1.000",
        "--formula",
        "1000 * [KLEIN] / [BEV; total]",
    ])
    .expect_code(0);
    project
}

/// The CSV export's rows of one indicator: region → (value, symbol, note).
fn exported(
    env: &Env,
    project: &std::path::Path,
    extra: &[&str],
    code: &str,
) -> Vec<(String, String, String, String)> {
    let out = env.path("werte.csv");
    env.export(project, "observations", &out, extra);
    let mut reader = csv::Reader::from_path(&out).unwrap();
    reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[0] == code)
        .map(|r| {
            (
                r[2].to_owned(),
                r[6].to_owned(),
                r[7].to_owned(),
                r[9].to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_small_count_and_what_would_reveal_it_are_hidden_in_every_export() {
    let env = Env::new();
    let project = project(&env);
    let json = env
        .run(&[
            "protect",
            project.to_str().unwrap(),
            "--min-count",
            "3",
            "--indicator",
            "KLEIN",
            "--json",
        ])
        .expect_code(0)
        .json();
    assert_eq!(json["min_count"], 3);
    assert!(
        json["counts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "KLEIN")
    );

    let rows = exported(&env, &project, &["--lang", "en"], "KLEIN");
    let shown = |region: &str| rows.iter().find(|r| r.0 == region).unwrap().clone();
    // The 2 (primary) and the 8 (the smallest other district: the city's 100 would give
    // the 2 back otherwise) are hidden, with the note; the rest is shown.
    for region in ["05999000-01", "05999000-02"] {
        let (_, value, symbol, note) = shown(region);
        assert_eq!((value.as_str(), symbol.as_str()), ("", "."), "{region}");
        assert!(note.starts_with("fewer than 3 cases"), "{note}");
    }
    assert_eq!(shown("05999000-03").1, "9");
    assert_eq!(shown("05999000").1, "100");
    // The rate computed from a hidden count is hidden with it.
    let rates = exported(&env, &project, &[], "KLEIN_JE_1000");
    let rate = |region: &str| rates.iter().find(|r| r.0 == region).unwrap().2.clone();
    assert_eq!(rate("05999000-01"), ".");
    assert_eq!(rate("05999000-02"), ".");
    assert_eq!(rate("05999000-03"), "");

    // For internal use: the stored values, unchanged.
    let rows = exported(&env, &project, &["--unprotected"], "KLEIN");
    assert_eq!(rows.iter().find(|r| r.0 == "05999000-01").unwrap().1, "2");

    // The report: the table shows "." and says why, once the count measures a goal.
    let mut store = Store::open(&project, OpenMode::ReadWrite, &Host::default()).unwrap();
    let goal = lernstadt_core::store::goals::list(store.conn()).unwrap()[0].uuid;
    let klein = lernstadt_core::store::indicators::list(store.conn())
        .unwrap()
        .into_iter()
        .find(|i| i.code == "KLEIN")
        .unwrap()
        .uuid;
    store
        .transact(ActionKind::Edit, "link", |tx| {
            tx.insert(&lernstadt_core::model::IndicatorGoal {
                uuid: lernstadt_core::model::new_uuid(),
                indicator: klein,
                goal,
            })
        })
        .unwrap();
    store.close().unwrap();
    let html = env.path("bericht.html");
    env.report(&project, &html, "en", &[]);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("fewer than 3 cases, or hidden to protect small counts"));
    assert!(
        page.contains("<th scope=\"row\">Altstadt</th><td class=\"n\">.</td>"),
        "Altstadt's 2 is shown as ."
    );
    assert!(page.contains("<th scope=\"row\">Nordstadt</th><td class=\"n\">.</td>"));

    // A copy for publication: the hidden values are "." in its tables and it has no history
    // (the change log holds stored values).
    let copy = env.path("veroeffentlichung.lernstadt");
    let json = env
        .run(&[
            "share-copy",
            project.to_str().unwrap(),
            copy.to_str().unwrap(),
            "--for-publication",
            "--json",
        ])
        .expect_code(0)
        .json();
    assert!(json["values_hidden"].as_u64().unwrap() >= 4, "{json}");
    let published = Store::open(&copy, OpenMode::ReadOnly, &Host::default()).unwrap();
    let klein =
        lernstadt_core::store::observations::for_indicator(published.conn(), "KLEIN").unwrap();
    let altstadt = klein
        .iter()
        .find(|o| o.region_key == "05999000-01")
        .unwrap();
    assert_eq!(
        (altstadt.value, altstadt.symbol.as_deref()),
        (None, Some("."))
    );
    assert!(published.history(10).unwrap().is_empty());
    published.close().unwrap();
    env.run(&["check", copy.to_str().unwrap()]).expect_code(0);

    // Without the rule, everything is published as stored.
    env.run(&["protect", project.to_str().unwrap(), "--off"])
        .expect_code(0);
    let rows = exported(&env, &project, &[], "KLEIN");
    assert_eq!(rows.iter().find(|r| r.0 == "05999000-01").unwrap().1, "2");
}

/// The parent of each region, by key (`None` at the top).
fn parents(project: &std::path::Path) -> std::collections::BTreeMap<String, Option<String>> {
    let conn = rusqlite::Connection::open(project).unwrap();
    conn.prepare("SELECT r.key, p.key FROM region r LEFT JOIN region p ON p.id = r.parent_id")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// A flat city file: the whole city ("00", Musterstadt) beside its ten districts, none
/// their parent, in 20 years; in 2010 the city's row was corrected alone. `protect` says
/// that the protection cannot see this sum, `--link-sums` makes them its districts in the
/// same step as the rule, one undo takes it back.
#[test]
fn a_whole_city_row_beside_its_districts_is_named_and_linked_on_request() {
    let env = Env::new();
    let project = env.new_project("flach.lernstadt");
    let csv = env.path("flach.csv");
    let mut text = String::from("Nr;Stadtteil;Jahr;Kinder in Tagespflege\n");
    for year in 2005..2025 {
        let mut sum = 0;
        for d in 1..=10 {
            let value = (year * d) % 37;
            sum += value;
            let _ = writeln!(text, "{d:02};Stadtteil {d};{year};{value}");
        }
        let city = if year == 2010 { sum + 40 } else { sum };
        let _ = writeln!(text, "00;Musterstadt;{year};{city}");
    }
    std::fs::write(&csv, text).unwrap();
    env.import(&project, &csv, &[]);
    let code = "Kinder in Tagespflege";
    assert!(parents(&project).values().all(Option::is_none), "flat");

    let path = project.to_str().unwrap();
    let run = env
        .run(&["protect", path, "--indicator", code, "--lang", "en"])
        .expect_code(0);
    assert!(
        run.stdout().contains(
            "Musterstadt is the sum of 10 regions in 19 of 20 periods (Kinder in Tagespflege)"
        ),
        "{}",
        run.stdout()
    );
    assert!(run.stdout().contains("--link-sums"), "{}", run.stdout());
    let run = env.run(&["protect", path, "--lang", "de"]).expect_code(0);
    assert!(
        run.stdout()
            .contains("Musterstadt ist in 19 von 20 Zeiträumen die Summe von 10 Gebieten"),
        "{}",
        run.stdout()
    );

    let json = env
        .run(&["protect", path, "--link-sums", "--json"])
        .expect_code(0)
        .json();
    assert_eq!(json["linked"][0]["total"], "00", "{json}");
    assert_eq!(json["linked"][0]["parts"].as_array().unwrap().len(), 10);
    assert_eq!(json["sums"], serde_json::json!([]), "nothing left to say");
    let tree = parents(&project);
    assert!(
        (1..=10).all(|d| tree[&format!("{d:02}")].as_deref() == Some("00")),
        "{tree:?}"
    );
    let history = Store::open(&project, OpenMode::ReadOnly, &Host::default())
        .unwrap()
        .history(1)
        .unwrap();
    assert_eq!(history[0].label, "Make 10 regions districts of Musterstadt");

    env.run(&["undo", path]).expect_code(0);
    assert!(parents(&project).values().all(Option::is_none), "one undo");
    env.run(&["protect", path, "--off", "--link-sums"])
        .expect_code(2);
}

/// The Kiel file of `../shared/data/municipal/`, when it is there, has no whole-city row:
/// nothing to say. With one added per year (the sum of its 30 Stadtteile, as the city
/// publishes it), the sum holds in 9 of 10 years — 2020's rows mostly carry impossible
/// dates and are refused on import.
#[test]
fn the_kiel_file_with_and_without_a_whole_city_row() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/municipal/kiel_bevoelkerung_altersgruppen_stadtteile.csv");
    if !file.exists() {
        eprintln!("skipped: {} is not here", file.display());
        return;
    }
    let env = Env::new();
    let code = "Einwohner nach Altersgruppen";
    let project = env.new_project("kiel.lernstadt");
    env.import(&project, &file, &[]);
    let json = env
        .run(&[
            "protect",
            project.to_str().unwrap(),
            "--indicator",
            code,
            "--json",
        ])
        .expect_code(0)
        .json();
    assert_eq!(json["sums"], serde_json::json!([]), "{json}");

    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines = text.lines();
    let mut with_city = format!("{}\n", lines.next().unwrap());
    let mut years = std::collections::BTreeMap::<String, Vec<i64>>::new();
    for line in lines {
        with_city.push_str(line);
        with_city.push('\n');
        let cells: Vec<&str> = line.split(';').collect();
        let sums = years
            .entry(cells[3][..4].to_owned())
            .or_insert_with(|| vec![0; 20]);
        for (sum, cell) in sums.iter_mut().zip(&cells[7..27]) {
            *sum += cell.parse::<i64>().unwrap();
        }
    }
    for (year, sums) in &years {
        let values: Vec<String> = sums.iter().map(ToString::to_string).collect();
        let _ = writeln!(
            with_city,
            "de-sh;Kiel;Bevoelkerung;{year}_12_31;0;{code};Kiel;{};;",
            values.join(";")
        );
    }
    let csv = env.path("kiel_mit_stadt.csv");
    std::fs::write(&csv, with_city).unwrap();
    let project = env.new_project("kiel_mit_stadt.lernstadt");
    env.import(&project, &csv, &[]);
    let json = env
        .run(&[
            "protect",
            project.to_str().unwrap(),
            "--indicator",
            code,
            "--json",
        ])
        .expect_code(0)
        .json();
    let sum = &json["sums"][0];
    assert_eq!(
        (&sum["total_name"], sum["parts"].as_array().unwrap().len()),
        (&serde_json::json!("Kiel"), 30),
        "{json}"
    );
    assert_eq!(
        (
            &sum["indicators"][0]["periods_held"],
            &sum["indicators"][0]["periods"]
        ),
        (&serde_json::json!(9), &serde_json::json!(10))
    );
}

/// A minimum count outside 2 to 100 is refused with why (a huge one would hide every count
/// without a word), and the project is left as it was.
#[test]
fn a_minimum_count_out_of_range_is_refused() {
    let env = Env::new();
    let project = project(&env);
    let before = std::fs::read(&project).unwrap();
    for (min, needle) in [
        ("1", "protects nothing"),
        ("9223372036854775807", "at most 100"),
    ] {
        let run = env
            .run(&["protect", project.to_str().unwrap(), "--min-count", min])
            .expect_code(2);
        assert!(run.stderr().contains(needle), "{min}: {}", run.stderr());
    }
    assert_eq!(std::fs::read(&project).unwrap(), before);
}

/// The project of [`project`] protected (minimum 3, `KLEIN` and `WENIG` counts), with a
/// count `WENIG` of the city alone — my region's series — whose latest value (2024: 2) is
/// hidden and whose 2023 value (40) is not, linked to the first goal, and a presentation
/// “Geschützt” of three slides: `KLEIN` as bars, `KLEIN` on the map, and that goal with
/// its indicators.
pub(crate) fn protected_presentation(env: &Env) -> std::path::PathBuf {
    use lernstadt_core::model::{IndicatorGoal, Presentation, Slide, SlideKind, new_uuid};
    let project = project(env);
    let csv = env.path("wenig.csv");
    std::fs::write(
        &csv,
        "indicator,district,unit,2023,2024\nWENIG,05999000,Fälle,40,2\n",
    )
    .unwrap();
    env.import(&project, &csv, &[]);
    env.run(&[
        "protect",
        project.to_str().unwrap(),
        "--min-count",
        "3",
        "--indicator",
        "KLEIN",
        "--indicator",
        "WENIG",
    ])
    .expect_code(0);
    let mut store = Store::open(&project, OpenMode::ReadWrite, &Host::default()).unwrap();
    let goal = lernstadt_core::store::goals::list(store.conn()).unwrap()[0].uuid;
    let wenig = lernstadt_core::store::indicators::list(store.conn())
        .unwrap()
        .into_iter()
        .find(|i| i.code == "WENIG")
        .unwrap()
        .uuid;
    let presentation = Presentation {
        uuid: new_uuid(),
        title: "Geschützt".into(),
    };
    let slide = |position, kind, title: &str, settings: String| Slide {
        uuid: new_uuid(),
        presentation: presentation.uuid,
        position,
        kind,
        title: title.into(),
        body: String::new(),
        settings,
    };
    let slides = [
        slide(
            1,
            SlideKind::IndicatorChart,
            "Kleine Zahlen",
            r#"{"indicator":"KLEIN","chart":"bars"}"#.into(),
        ),
        slide(
            2,
            SlideKind::Map,
            "Kleine Zahlen im Stadtgebiet",
            r#"{"indicator":"KLEIN"}"#.into(),
        ),
        slide(
            3,
            SlideKind::Goal,
            "Das Ziel",
            format!(r#"{{"goal":"{goal}"}}"#),
        ),
    ];
    store
        .transact(ActionKind::Edit, "test", |tx| {
            tx.insert(&IndicatorGoal {
                uuid: new_uuid(),
                indicator: wenig,
                goal,
            })?;
            tx.insert(&presentation)?;
            for slide in &slides {
                tx.insert(slide)?;
            }
            Ok(())
        })
        .unwrap();
    store.close().unwrap();
    project
}

/// The text of every `<text>` element of an SVG, nested pictures included.
pub(crate) fn svg_texts(svg: &str) -> Vec<String> {
    roxmltree::Document::parse(svg)
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(roxmltree::Node::is_text)
                .filter_map(|t| t.text())
                .collect()
        })
        .collect()
}

/// The paragraphs' texts of a Word file's body, and its tables' rows as cell texts.
fn word_text(docx: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let document = crate::report::docx_part(docx, "word/document.xml");
    let xml = roxmltree::Document::parse(&document).unwrap();
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let text_of = |node: roxmltree::Node<'_, '_>| -> String {
        node.descendants()
            .filter(|n| n.has_tag_name((w, "t")))
            .filter_map(|n| n.text())
            .collect()
    };
    let paragraphs = xml
        .descendants()
        .filter(|n| n.has_tag_name((w, "p")))
        .map(text_of)
        .collect();
    let rows = xml
        .descendants()
        .filter(|n| n.has_tag_name((w, "tr")))
        .map(|row| {
            row.children()
                .filter(|c| c.has_tag_name((w, "tc")))
                .map(text_of)
                .collect()
        })
        .collect();
    (paragraphs, rows)
}

/// Protection holds in every output it promises beside the CSV and the HTML report: the
/// Word report (the tables, and my region's latest value in the status line, which quoted
/// the hidden 2 before), the chart and map pictures, and the slides (a goal slide quoted
/// the hidden 2 too). Each picture written with the rule differs from the one written
/// without it.
#[test]
fn protection_holds_in_the_word_report_pictures_and_slides() {
    use lernstadt_core::render::figure::{Kind, Request, figure_svg};
    let env = Env::new();
    let project = protected_presentation(&env);

    // The Word report: my region's latest value that may be shown, the table's "." and
    // why; the HTML report says the same.
    let docx = env.path("bericht.docx");
    env.report(&project, &docx, "en", &[]);
    let (paragraphs, rows) = word_text(&docx);
    assert!(
        paragraphs
            .iter()
            .any(|p| p.contains("Latest: 2023: 40 Fälle")),
        "the latest value that may be shown"
    );
    assert!(
        !paragraphs.iter().any(|p| p.contains("Latest: 2024: 2 ")),
        "the hidden 2 is no latest value"
    );
    for district in ["Altstadt", "Nordstadt"] {
        assert!(
            rows.contains(&vec![district.to_owned(), ".".to_owned()]),
            "{district}'s count is “.” in its table"
        );
    }
    // Why, in the table's footnote.
    let footnotes = crate::report::docx_part(&docx, "word/footnotes.xml");
    assert!(footnotes.contains("fewer than 3 cases, or hidden to protect small counts"));
    let html = env.path("bericht.html");
    env.report(&project, &html, "en", &[]);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Latest: 2023: 40 Fälle") && !page.contains("Latest: 2024: 2 "));
    assert!(page.contains("<title>Altstadt: . = unknown or confidential</title>"));

    // The pictures: no bar and no line for a hidden district, the map hatched.
    let store = Store::open(&project, OpenMode::ReadOnly, &Host::default()).unwrap();
    let picture = |kind, regions: &[&str]| {
        figure_svg(
            &store,
            &Request {
                kind,
                regions: regions.iter().map(|r| (*r).to_owned()).collect(),
                ..Request::new("KLEIN")
            },
        )
        .unwrap()
    };
    let bars = svg_texts(&picture(Kind::Bars, &[]));
    assert!(bars.iter().any(|t| t == "Südviertel"), "{bars:?}");
    assert!(
        !bars.iter().any(|t| t == "Altstadt" || t == "Nordstadt"),
        "{bars:?}"
    );
    let lines = svg_texts(&picture(Kind::Line, &["05999000-01", "05999000-03"]));
    assert!(lines.iter().any(|t| t == "Südviertel"), "{lines:?}");
    assert!(!lines.iter().any(|t| t == "Altstadt"), "{lines:?}");
    let map = picture(Kind::Map, &[]);
    assert!(map.contains("<title>Altstadt: . = unknown or confidential</title>"));
    assert!(map.contains("<title>Südviertel: 9 Anzahl</title>"));

    // The slides, drawn as in the window and as exported.
    let mut data = lernstadt_core::snapshot::Snapshot::default();
    data.refresh(&store).unwrap();
    let goal_slide = data.slides.iter().find(|s| s.title == "Das Ziel").unwrap();
    let words = svg_texts(
        &lernstadt_core::render::slide::slide_svg(&store, &data, goal_slide, 1920, 1080)
            .unwrap()
            .unwrap(),
    );
    assert!(
        words.iter().any(|t| t.ends_with("WENIG – 2023: 40 Fälle")),
        "{words:?}"
    );
    assert!(!words.iter().any(|t| t.contains("2024: 2 ")), "{words:?}");
    store.close().unwrap();

    // Every picture written with the rule differs from the one written without it.
    let write = |name: &str| -> Vec<Vec<u8>> {
        let chart = env.path(&format!("{name}-chart.png"));
        let map = env.path(&format!("{name}-map.png"));
        let slides = env.path(&format!("{name}-slides"));
        env.export(
            &project,
            "chart",
            &chart,
            &["--indicator", "KLEIN", "--kind", "bars"],
        );
        env.export(&project, "map", &map, &["--indicator", "KLEIN"]);
        env.export(
            &project,
            "slides",
            &slides,
            &["--presentation", "Geschützt"],
        );
        let mut pictures = vec![std::fs::read(chart).unwrap(), std::fs::read(map).unwrap()];
        for n in 1..=3 {
            pictures.push(std::fs::read(slides.join(format!("slide-0{n}.png"))).unwrap());
        }
        pictures
    };
    let protected = write("geschuetzt");
    env.run(&["protect", project.to_str().unwrap(), "--off"])
        .expect_code(0);
    let open = write("offen");
    for (n, (protected, open)) in protected.iter().zip(&open).enumerate() {
        assert!(
            protected != open,
            "picture {n} is the same without the rule"
        );
    }
}
