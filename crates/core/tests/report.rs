//! The education report: self-contained HTML and Word from the demo. (What `lernstadt
//! report` refuses is tested in the root's `tests/report.rs`.)

use std::collections::BTreeSet;

use lernstadt_core::i18n::Lang;
use lernstadt_core::report::{ReportOptions, ReportOrder};
use lernstadt_core::store::{ActionKind, OpenMode, Store};

use crate::util::{self, Env};

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
    let json = util::report(&project, &out, Lang::De, &ReportOptions::default());
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
    let json = util::report(
        &project,
        &out,
        Lang::En,
        &ReportOptions {
            goals: vec![strategic.uuid],
            ..Default::default()
        },
    );
    assert_eq!(json["goals"].as_u64(), Some(1 + children as u64));
}

/// By education area: one chapter per area that has goals, in the life-course order, each
/// goal under the chapter of its own area; a chosen area leaves the others out; the list of
/// stakeholders can be left out. (An unknown area on the command line: the root's
/// `tests/report.rs`.)
#[test]
fn a_report_by_education_area_and_without_stakeholders() {
    use lernstadt_core::model::EducationArea;
    let env = Env::new();
    let project = env.demo();
    // The report of `options`, written to NAME: its HTML.
    let report = |name: &str, options: ReportOptions| {
        let out = env.path(name);
        util::report(&project, &out, Lang::En, &options);
        std::fs::read_to_string(&out).unwrap()
    };
    let html = report(
        "bereiche.html",
        ReportOptions {
            order: ReportOrder::Areas,
            without_stakeholders: true,
            ..Default::default()
        },
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

    let html = report(
        "schule.html",
        ReportOptions {
            areas: vec![EducationArea::School],
            ..Default::default()
        },
    );
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
}

/// The structure print relies on: every figure has its numbered caption, every data table
/// a numbered caption and a header row, and only chapters (top-level goals, stakeholders,
/// sources) start a page.
#[test]
fn figures_and_tables_are_numbered_and_chapters_are_the_goals_below_the_vision() {
    let env = Env::new();
    let project = env.demo();
    let out = env.path("bericht.html");
    util::report(&project, &out, Lang::De, &ReportOptions::default());
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

    // Chapters: each goal below the demo's one lead goal (its vision), the stakeholders,
    // the sources; the lead opens the body, sub-goals are no chapters.
    let store = Store::open(
        &project,
        OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let goals = lernstadt_core::store::goals::list(store.conn()).unwrap();
    let roots: Vec<&lernstadt_core::model::Goal> =
        goals.iter().filter(|g| g.parent.is_none()).collect();
    assert_eq!(roots.len(), 1, "the demo has one vision above all goals");
    let top: BTreeSet<String> = goals
        .iter()
        .filter(|g| g.parent == Some(roots[0].uuid))
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

/// One part of a Word file, as text.
fn docx_part(path: &std::path::Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut part = archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut text = String::new();
    std::io::Read::read_to_string(&mut part, &mut text).unwrap();
    text
}

/// The Word report holds the same report: a Heading 1 per chapter, Heading 2 per goal,
/// Heading 3 per indicator (Word's styles, so its navigation pane works), a picture with a
/// numbered caption per chart and map, real tables, sources as footnotes.
#[test]
fn the_word_report_has_headings_pictures_tables_and_footnotes() {
    let env = Env::new();
    let project = env.demo();
    let html = env.path("bericht.html");
    let docx = env.path("bericht.docx");
    for out in [&html, &docx] {
        util::report(&project, out, Lang::De, &ReportOptions::default());
    }
    let document = docx_part(&docx, "word/document.xml");
    let xml = roxmltree::Document::parse(&document).unwrap();
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let style_of = |p: roxmltree::Node<'_, '_>| -> Option<String> {
        p.children()
            .find(|c| c.has_tag_name((w, "pPr")))?
            .children()
            .find(|c| c.has_tag_name((w, "pStyle")))?
            .attribute((w, "val"))
            .map(str::to_owned)
    };
    let text_of = |p: roxmltree::Node<'_, '_>| -> String {
        p.descendants()
            .filter(|n| n.has_tag_name((w, "t")))
            .filter_map(|n| n.text())
            .collect()
    };
    let paragraphs: Vec<(Option<String>, String)> = xml
        .descendants()
        .filter(|n| n.has_tag_name((w, "p")))
        .map(|p| (style_of(p), text_of(p)))
        .collect();
    let with_style = |style: &str| -> Vec<&str> {
        paragraphs
            .iter()
            .filter(|(s, _)| s.as_deref() == Some(style))
            .map(|(_, t)| t.as_str())
            .collect()
    };

    // The same headings as the HTML report, at the same levels.
    let page = std::fs::read_to_string(&html).unwrap();
    let page = parse(&page);
    let html_text = |tag: &str, class: Option<&str>| -> Vec<String> {
        page.descendants()
            .filter(|n| n.has_tag_name(tag))
            .filter(|n| {
                class.is_none_or(|c| {
                    n.parent()
                        .and_then(|p| p.attribute("class"))
                        .is_some_and(|a| a.split(' ').any(|x| x == c))
                })
            })
            .map(|n| {
                n.descendants()
                    .filter(roxmltree::Node::is_text)
                    .filter_map(|t| t.text())
                    .collect()
            })
            .collect()
    };
    let mut chapters = html_text("h2", Some("lead"));
    chapters.extend(html_text("h2", Some("chapter")));
    assert_eq!(with_style("Heading1"), chapters);
    assert!(chapters.len() >= 7, "{chapters:?}");
    let indicators = html_text("h3", Some("indicator"));
    assert!(indicators.len() >= 20);
    let heading3 = with_style("Heading3");
    for name in &indicators {
        assert!(heading3.contains(&name.as_str()), "{name}");
    }
    assert!(with_style("Heading2").len() >= 10);

    // A picture and a numbered caption per figure; tables as Word tables.
    let pictures = xml
        .descendants()
        .filter(|n| n.tag_name().name() == "drawing")
        .count();
    let figures = page
        .descendants()
        .filter(|n| n.has_tag_name("figure"))
        .count();
    assert_eq!(pictures, figures);
    let captions = with_style("Caption");
    let numbered: Vec<&&str> = captions
        .iter()
        .filter(|c| c.starts_with("Abbildung "))
        .collect();
    assert_eq!(numbered.len(), figures);
    for (n, caption) in numbered.iter().enumerate() {
        assert!(
            caption.starts_with(&format!("Abbildung {}: ", n + 1)),
            "{caption}"
        );
    }
    let tables = xml
        .descendants()
        .filter(|n| n.has_tag_name((w, "tbl")))
        .count();
    let html_tables = page
        .descendants()
        .filter(|n| n.has_tag_name("table"))
        .count();
    assert_eq!(tables, html_tables);
    // Each table's header row, and only it, repeats on every page the table runs onto.
    for table in xml.descendants().filter(|n| n.has_tag_name((w, "tbl"))) {
        let header: Vec<bool> = table
            .children()
            .filter(|n| n.has_tag_name((w, "tr")))
            .map(|row| row.descendants().any(|n| n.has_tag_name((w, "tblHeader"))))
            .collect();
        assert_eq!(header.first(), Some(&true));
        assert!(!header[1..].contains(&true), "{header:?}");
    }

    // Sources and symbols as footnotes.
    let footnotes = docx_part(&docx, "word/footnotes.xml");
    assert!(footnotes.contains("Quelle: "), "sources in the footnotes");
    assert!(footnotes.contains("Zeichen:"), "symbols in the footnotes");
    // The contents link to the headings' bookmarks.
    assert!(document.contains("PAGEREF _Toc1"));
    assert!(document.contains("w:name=\"_Toc1\""));
}

/// A district's profile: the district against its city for an education area's
/// indicators, ranked. (The picture `lernstadt export profile` writes, and a region that is
/// not there named: the root's `tests/report.rs`.)
#[test]
fn a_district_profile_ranks_the_district_against_its_city() {
    let env = Env::new();
    let project = env.demo();
    // The rows: Nordstadt's day-care rate is the lowest of the ten districts (rank 10 of 10)
    // and below the city's, so its bar points to "worse".
    let store = lernstadt_core::store::Store::open(
        &project,
        lernstadt_core::store::OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let mut data = lernstadt_core::snapshot::Snapshot::default();
    data.refresh(&store).unwrap();
    let district = data
        .regions
        .iter()
        .find(|r| r.key == "05999000-02")
        .unwrap()
        .clone();
    let index = data
        .indicators
        .iter()
        .position(|i| i.code == "BQ_U3")
        .unwrap();
    let rows = lernstadt_core::render::profile::rows(&data, &district, &[index], &mut |code| {
        lernstadt_core::store::observations::for_indicator(store.conn(), code)
    })
    .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].rank, Some((10, 10)));
    assert!(rows[0].deviation.unwrap() < 0.0);
    assert!(rows[0].city.unwrap() > rows[0].value);
    // The difference in the unit (percentage points), signed: below the city.
    let difference = rows[0].difference().unwrap();
    assert!((difference - (rows[0].value - rows[0].city.unwrap())).abs() < 1e-12);
    assert!(rows[0].difference_text(1).unwrap().starts_with('−'));
}

/// With `--profiles`, a chapter of district profiles: one numbered figure per district of
/// the city, in the contents too.
#[test]
fn a_report_with_district_profiles_has_one_per_district() {
    let env = Env::new();
    let project = env.demo();
    let out = env.path("bericht.html");
    util::report(
        &project,
        &out,
        Lang::De,
        &ReportOptions {
            profiles: true,
            ..Default::default()
        },
    );
    let html = std::fs::read_to_string(&out).unwrap();
    let document = parse(&html);
    let chapter = document
        .descendants()
        .find(|n| n.attribute("id") == Some("profiles"))
        .expect("a chapter of profiles");
    let figures: Vec<_> = chapter
        .descendants()
        .filter(|n| n.has_tag_name("figure"))
        .collect();
    assert_eq!(figures.len(), 10, "one per district of Musterstadt");
    assert!(html.contains("href=\"#profiles\""));
    let first: String = figures[0]
        .descendants()
        .filter(|n| n.has_tag_name("figcaption"))
        .flat_map(|n| n.descendants().filter_map(|t| t.text()))
        .collect();
    assert!(
        first.contains("Gebietsprofil Altstadt im Vergleich zu Musterstadt"),
        "{first}"
    );
}

/// What a screen reader needs (BITV 2.0, EN 301 549), in both reports of the demo: in HTML
/// the language, every header cell with its `scope`, every figure an image with a title and
/// a description; in Word every picture with an alternative text and an id of its own, the
/// document's language, and one `Normal` style that is the default paragraph style.
#[test]
fn both_reports_are_readable_by_a_screen_reader() {
    let env = Env::new();
    let demo = env.demo();
    let html_path = env.path("bericht.html");
    util::report(&demo, &html_path, Lang::De, &ReportOptions::default());
    let html = std::fs::read_to_string(&html_path).unwrap();
    let document = parse(&html);
    let root = document.root_element();
    assert_eq!(root.attribute("lang"), Some("de"));
    let header_cells: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("th"))
        .collect();
    assert!(
        header_cells.len() > 100,
        "{} header cells",
        header_cells.len()
    );
    for cell in &header_cells {
        assert!(
            matches!(cell.attribute("scope"), Some("col" | "row")),
            "a header cell without scope: {:?}",
            cell.text()
        );
    }
    let figures: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("figure"))
        .collect();
    assert!(figures.len() > 20, "{} figures", figures.len());
    let mut described_with_table = 0;
    for figure in &figures {
        let svg = figure
            .descendants()
            .find(|n| n.tag_name().name() == "svg")
            .expect("a figure draws an svg");
        assert_eq!(svg.attribute("role"), Some("img"));
        let children: Vec<_> = svg.children().filter(roxmltree::Node::is_element).collect();
        let text = |n: &roxmltree::Node<'_, '_>| n.text().unwrap_or_default().trim().to_owned();
        assert_eq!(children[0].tag_name().name(), "title");
        assert!(!text(&children[0]).is_empty(), "an empty title");
        assert_eq!(children[1].tag_name().name(), "desc");
        let description = text(&children[1]);
        assert!(!description.is_empty(), "an empty description");
        if description.contains("Die Zahlen stehen in der Tabelle darunter") {
            described_with_table += 1;
        }
    }
    assert!(
        described_with_table * 2 > figures.len(),
        "most figures have their numbers in a table: {described_with_table} of {}",
        figures.len()
    );

    let docx = env.path("bericht.docx");
    util::report(&demo, &docx, Lang::De, &ReportOptions::default());
    let document_xml = docx_part(&docx, "word/document.xml");
    let document = roxmltree::Document::parse(&document_xml).unwrap();
    let pictures: Vec<_> = document
        .descendants()
        .filter(|n| n.tag_name().name() == "docPr")
        .collect();
    assert_eq!(pictures.len(), figures.len(), "one picture per figure");
    let ids: BTreeSet<&str> = pictures.iter().filter_map(|p| p.attribute("id")).collect();
    assert_eq!(
        ids.len(),
        pictures.len(),
        "every picture has an id of its own"
    );
    for picture in &pictures {
        assert!(
            picture.attribute("descr").is_some_and(|d| d.len() > 10),
            "a picture without an alternative text: {:?}",
            picture.attributes().collect::<Vec<_>>()
        );
    }
    let styles = docx_part(&docx, "word/styles.xml");
    let styles = roxmltree::Document::parse(&styles).unwrap();
    let normal: Vec<_> = styles
        .descendants()
        .filter(|n| n.tag_name().name() == "style")
        .filter(|n| {
            n.attributes()
                .any(|a| a.name() == "styleId" && a.value() == "Normal")
        })
        .collect();
    assert_eq!(normal.len(), 1, "Normal is defined once");
    assert!(
        normal[0]
            .attributes()
            .any(|a| a.name() == "default" && a.value() == "1"),
        "Normal is the default paragraph style"
    );
    let language = styles
        .descendants()
        .find(|n| n.tag_name().name() == "rPrDefault")
        .and_then(|d| d.descendants().find(|n| n.tag_name().name() == "lang"))
        .and_then(|l| {
            l.attributes()
                .find(|a| a.name() == "val")
                .map(|a| a.value().to_owned())
        });
    assert_eq!(language.as_deref(), Some("de-DE"));
}
