//! Slides as pictures: every slide of the demo presentation written as a 1920 × 1080 PNG
//! from the command line, drawn by the same code as the presentation, with no text smaller
//! than a room can read.

use lernstadt_core::store::{Host, OpenMode, Store};

use crate::util::Env;

/// The size each text of an SVG is drawn at, in the picture's pixels: its font size times
/// the scale of the nested `<svg>` elements it sits in.
fn drawn_text_sizes(svg: &str) -> Vec<(f64, String)> {
    fn walk(node: roxmltree::Node<'_, '_>, scale: f64, out: &mut Vec<(f64, String)>) {
        let mut scale = scale;
        if node.has_tag_name("svg")
            && let (Some(w), Some(h), Some(view)) = (
                node.attribute("width"),
                node.attribute("height"),
                node.attribute("viewBox"),
            )
        {
            let view: Vec<f64> = view
                .split_whitespace()
                .map(|v| v.parse().unwrap())
                .collect();
            let (w, h): (f64, f64) = (w.parse().unwrap(), h.parse().unwrap());
            scale *= (w / view[2]).min(h / view[3]);
        }
        if node.has_tag_name("text") {
            let size: f64 = node.attribute("font-size").unwrap().parse().unwrap();
            let text: String = node
                .descendants()
                .filter(roxmltree::Node::is_text)
                .filter_map(|n| n.text())
                .collect();
            out.push((size * scale, text));
        }
        for child in node.children().filter(roxmltree::Node::is_element) {
            walk(child, scale, out);
        }
    }
    let document = roxmltree::Document::parse(svg).unwrap();
    let mut out = Vec::new();
    walk(document.root_element(), 1.0, &mut out);
    out
}

/// Every slide of the demo presentation, drawn at 1920 × 1080 in German and English, has
/// its title on it and no text smaller than 22 px, as the README promises.
#[test]
fn every_demo_slide_reads_from_the_back_row() {
    let env = Env::new();
    let project = env.demo();
    let store = Store::open(&project, OpenMode::ReadOnly, &Host::default()).unwrap();
    let mut data = lernstadt_core::snapshot::Snapshot::default();
    data.refresh(&store).unwrap();
    assert!(data.slides.len() >= 9);
    for lang in [
        lernstadt_core::i18n::Lang::De,
        lernstadt_core::i18n::Lang::En,
    ] {
        lernstadt_core::i18n::set_thread_lang(lang);
        for slide in &data.slides {
            let svg = lernstadt_core::render::slide::slide_svg(&store, &data, slide, 1920, 1080)
                .unwrap()
                .unwrap();
            let sizes = drawn_text_sizes(&svg);
            assert!(
                sizes.iter().any(|(_, t)| t.contains(&slide.title)),
                "{:?}: the title is on the slide",
                slide.kind
            );
            // The README's promise, as a literal: a constant lowered in the code must not
            // lower it here.
            for (size, text) in &sizes {
                assert!(
                    *size >= 22.0 - 0.05,
                    "{:?} slide ({lang:?}): “{text}” at {size:.1} px",
                    slide.kind
                );
            }
        }
    }
}

#[test]
fn the_command_line_writes_every_slide_as_a_full_hd_png() {
    let env = Env::new();
    let project = env.demo();
    let dir = env.path("folien");
    // A longer presentation exported there before, and a file of the planner's own.
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["slide-12.png", "slide-notes.txt", "slide-1.png"] {
        std::fs::write(dir.join(name), b"older").unwrap();
    }
    let json = env
        .run(&[
            "export",
            project.to_str().unwrap(),
            "slides",
            "--out",
            dir.to_str().unwrap(),
            "--json",
        ])
        .expect_code(0)
        .json();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 9, "{json}");
    for file in files {
        let bytes = std::fs::read(file.as_str().unwrap()).unwrap();
        // The PNG header: signature, then IHDR's width and height.
        assert_eq!(&bytes[1..4], b"PNG");
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!((width, height), (1920, 1080));
    }
    // Every slide's words as text beside the pictures, slide by slide.
    let text = std::fs::read_to_string(json["text"].as_str().unwrap()).unwrap();
    assert_eq!(
        text.matches(" (slide-").count(),
        9,
        "a heading per slide: {text}"
    );
    assert!(text.contains("slide-01.png") && text.contains("slide-09.png"));
    assert!(
        text.lines().filter(|line| !line.trim().is_empty()).count() > 30,
        "the slides' words: {text}"
    );
    // The older picture is gone and said so; nothing else is touched.
    assert_eq!(json["removed"].as_array().unwrap().len(), 1, "{json}");
    assert!(!dir.join("slide-12.png").exists());
    assert!(dir.join("slide-notes.txt").exists() && dir.join("slide-1.png").exists());
    let unknown = env
        .run(&[
            "export",
            project.to_str().unwrap(),
            "slides",
            "--out",
            dir.to_str().unwrap(),
            "--presentation",
            "Gibt es nicht",
            "--lang",
            "de",
        ])
        .expect_code(1);
    assert!(
        unknown.stderr().contains("Gibt es nicht"),
        "{}",
        unknown.stderr()
    );
}
