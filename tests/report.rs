//! The education report: self-contained HTML from the demo.

use std::collections::BTreeSet;

use lernstadt_core::store::{ActionKind, OpenMode, Store};

use crate::util::Env;

/// The report as a document: it must be well-formed (we write XHTML-compatible HTML).
fn parse(html: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("the report does not parse: {e}"))
}

#[test]
fn the_demo_report_is_complete_private_and_escaped() {
    let env = Env::new();
    let project = env.demo();
    let hostile = "<script>alert(1)</script> & Co";
    {
        let mut store = Store::open(
            &project,
            OpenMode::ReadWrite,
            &lernstadt_core::store::Host::default(),
        )
        .unwrap();
        store
            .transact(ActionKind::Edit, "hostile", |tx| {
                tx.insert(&lernstadt_core::model::Stakeholder {
                    uuid: lernstadt_core::model::new_uuid(),
                    name: hostile.into(),
                    kind: lernstadt_core::model::StakeholderKind::Business,
                    education_areas: vec![],
                    description: String::new(),
                    influence: 1,
                    interest: 1,
                    engagement: lernstadt_core::model::Engagement::Inform,
                    tags: vec![],
                    contact_person: String::new(),
                    email: String::new(),
                    phone: String::new(),
                })
            })
            .unwrap();
        store.close().unwrap();
    }
    let out = env.path("bericht.html");
    let json = env
        .run(&[
            "report",
            project.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--lang",
            "de",
            "--json",
        ])
        .expect_code(0)
        .json();
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(json["bytes"].as_u64(), Some(html.len() as u64));
    assert!(html.len() < 3_000_000, "{} bytes", html.len());
    let document = parse(&html);
    let root = document.root_element();
    assert_eq!(root.attribute("lang"), Some("de"));

    // Nothing from the network, no script.
    for node in root.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name().name();
        assert!(
            !matches!(name, "script" | "link" | "img" | "iframe"),
            "<{name}>"
        );
        for attribute in node.attributes() {
            assert!(!attribute.value().contains("http://") || attribute.name() == "xmlns");
            assert!(!attribute.value().contains("https://"));
            assert!(!attribute.name().starts_with("on"), "{}", attribute.name());
        }
    }

    // A chart for every indicator with data.
    let store = Store::open(
        &project,
        OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let with_data: BTreeSet<String> = lernstadt_core::store::indicators::list(store.conn())
        .unwrap()
        .into_iter()
        .filter(|i| {
            !lernstadt_core::store::observations::for_indicator(store.conn(), &i.code)
                .unwrap()
                .is_empty()
        })
        .map(|i| i.code)
        .collect();
    let charted: BTreeSet<String> = root
        .descendants()
        .filter(|n| n.has_tag_name("svg") || n.tag_name().name() == "svg")
        .filter_map(|n| n.attribute("data-indicator").map(str::to_owned))
        .collect();
    assert_eq!(charted, with_data);
    assert!(with_data.len() >= 20);

    // No contact data of the demo.
    for s in lernstadt_core::store::stakeholders::list(store.conn()).unwrap() {
        for private in [&s.email, &s.phone, &s.contact_person] {
            assert!(
                private.is_empty() || !html.contains(private.as_str()),
                "{private}"
            );
        }
    }

    // The hostile name is text, not markup.
    let text: String = root
        .descendants()
        .filter(roxmltree::Node::is_text)
        .filter_map(|n| n.text())
        .collect();
    assert!(text.contains(hostile));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));

    // German numbers and the symbol legend.
    assert!(text.contains("Zeichen:"));
    assert!(text.contains("Bildungsbericht"));
}

#[test]
fn a_report_of_one_goal_holds_that_goal_and_those_below() {
    let env = Env::new();
    let project = env.demo();
    let store = Store::open(
        &project,
        OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let goals = lernstadt_core::store::goals::list(store.conn()).unwrap();
    let strategic = goals
        .iter()
        .find(|g| g.level == lernstadt_core::model::GoalLevel::Strategic)
        .unwrap();
    let children = goals
        .iter()
        .filter(|g| g.parent == Some(strategic.uuid))
        .count();
    let out = env.path("teil.html");
    let json = env
        .run(&[
            "report",
            project.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--goal",
            &strategic.uuid.to_string(),
            "--json",
        ])
        .expect_code(0)
        .json();
    assert_eq!(json["goals"].as_u64(), Some(1 + children as u64));
    let run = env.run(&[
        "report",
        project.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--goal",
        "not-a-uuid",
    ]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
}

/// By education area: one chapter per area that has goals, in the life-course order, each
/// goal under the chapter of its own area; a chosen area leaves the others out; the list of
/// stakeholders can be left out; an unknown area is a usage error naming the areas.
#[test]
fn a_report_by_education_area_and_without_stakeholders() {
    use lernstadt_core::model::EducationArea;
    let env = Env::new();
    let project = env.demo();
    // `report PROJECT --out NAME ARGS…`: its exit code's run and the HTML written.
    let report = |name: &str, args: &[&str], code: i32| {
        let out = env.path(name);
        let mut all = vec![
            "report",
            project.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        all.extend_from_slice(args);
        let run = env.run(&all).expect_code(code);
        (run, std::fs::read_to_string(&out).unwrap_or_default())
    };
    let (_, html) = report(
        "bereiche.html",
        &["--order", "areas", "--without-stakeholders"],
        0,
    );
    let doc = parse(&html);
    let goals = {
        let store = Store::open(
            &project,
            OpenMode::ReadOnly,
            &lernstadt_core::store::Host::default(),
        )
        .unwrap();
        let goals = lernstadt_core::store::goals::list(store.conn()).unwrap();
        store.close().unwrap();
        goals
    };
    // The sections in document order: area chapters and goals.
    let mut area: Option<EducationArea> = None;
    let mut chapters = Vec::new();
    let mut seen = 0;
    for section in doc.descendants().filter(|n| n.has_tag_name("section")) {
        let id = section.attribute("id").unwrap_or_default();
        if let Some(code) = id.strip_prefix("area-") {
            area = EducationArea::from_code(code);
            chapters.push(area.unwrap());
        } else if let Some(uuid) = id.strip_prefix("goal-") {
            let goal = goals.iter().find(|g| g.uuid.to_string() == uuid).unwrap();
            assert_eq!(
                Some(goal.education_area),
                area,
                "{} under its area",
                goal.title
            );
            seen += 1;
        }
    }
    assert_eq!(seen, goals.len(), "every goal once");
    let mut ordered = chapters.clone();
    ordered.sort_by_key(|a| EducationArea::ALL.iter().position(|x| x == a));
    assert_eq!(chapters, ordered, "the life-course order");
    assert!(chapters.len() >= 3, "{chapters:?}");
    assert!(!html.contains("id=\"stakeholders\""));

    let (_, html) = report("schule.html", &["--area", "school"], 0);
    for goal in &goals {
        let present = html.contains(&format!("id=\"goal-{}\"", goal.uuid));
        assert_eq!(
            present,
            goal.education_area == EducationArea::School,
            "{}",
            goal.title
        );
    }
    assert!(html.contains("id=\"stakeholders\""));

    let (wrong, _) = report("kita.html", &["--area", "kita"], 2);
    assert!(
        wrong.stderr().contains("early_childhood"),
        "{}",
        wrong.stderr()
    );
}

/// The structure print relies on: every figure has its numbered caption, every data table
/// a numbered caption and a header row, and only chapters (top-level goals, stakeholders,
/// sources) start a page.
#[test]
fn figures_and_tables_are_numbered_and_chapters_are_the_top_level_goals() {
    let env = Env::new();
    let project = env.demo();
    let out = env.path("bericht.html");
    env.run(&[
        "report",
        project.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "de",
    ])
    .expect_code(0);
    let html = std::fs::read_to_string(&out).unwrap();
    let document = parse(&html);
    let root = document.root_element();
    let text_of = |node: roxmltree::Node<'_, '_>| -> String {
        node.descendants()
            .filter(roxmltree::Node::is_text)
            .filter_map(|n| n.text())
            .collect()
    };
    let class_has = |node: &roxmltree::Node<'_, '_>, class: &str| {
        node.attribute("class")
            .is_some_and(|c| c.split(' ').any(|c| c == class))
    };

    let figures: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("figure"))
        .collect();
    assert!(figures.len() >= 40, "{} figures", figures.len());
    for (n, figure) in figures.iter().enumerate() {
        let captions: Vec<_> = figure
            .children()
            .filter(|c| c.has_tag_name("figcaption"))
            .collect();
        assert_eq!(captions.len(), 1, "figure {}", n + 1);
        let caption = text_of(captions[0]);
        assert!(
            caption.starts_with(&format!("Abbildung {}: ", n + 1)),
            "{caption}"
        );
        assert!(
            figure.children().any(|c| c.tag_name().name() == "svg"),
            "figure {} holds its picture",
            n + 1
        );
    }
    let data_tables: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("table"))
        .filter(|t| t.children().any(|c| c.has_tag_name("caption")))
        .collect();
    assert!(data_tables.len() >= 20);
    for (n, table) in data_tables.iter().enumerate() {
        let caption = text_of(
            table
                .children()
                .find(|c| c.has_tag_name("caption"))
                .unwrap(),
        );
        assert!(
            caption.starts_with(&format!("Tabelle {}: ", n + 1)),
            "{caption}"
        );
        assert!(table.children().any(|c| c.has_tag_name("thead")));
    }

    // Chapters: each top-level goal, the stakeholders, the sources; sub-goals are not.
    let store = Store::open(
        &project,
        OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let goals = lernstadt_core::store::goals::list(store.conn()).unwrap();
    let top: BTreeSet<String> = goals
        .iter()
        .filter(|g| g.parent.is_none())
        .map(|g| format!("goal-{}", g.uuid))
        .chain(["stakeholders".to_owned(), "sources".to_owned()])
        .collect();
    let chapters: BTreeSet<String> = root
        .descendants()
        .filter(|n| n.has_tag_name("section") && class_has(n, "chapter"))
        .filter_map(|n| n.attribute("id").map(str::to_owned))
        .collect();
    assert_eq!(chapters, top);
    assert!(goals.len() > top.len(), "the demo has sub-goals");
    let style = text_of(
        root.descendants()
            .find(|n| n.has_tag_name("style"))
            .unwrap(),
    );
    for rule in [
        "@page",
        "section.chapter { break-before: page; }",
        "figure, .measures { break-inside: avoid; }",
        "thead { display: table-header-group; }",
        "counter(page)",
    ] {
        assert!(style.contains(rule), "{rule}");
    }
}
