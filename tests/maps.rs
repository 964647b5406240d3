//! Maps on the command line: `export FILE map`, and a boundary file's printed report.
//! (Boundaries themselves: the core's `crates/core/tests/maps.rs`.)

use crate::util::{Env, fixture};

/// A boundary file's bad features are printed by index, with what is wrong, and the
/// verdict (exit code 1). (The import itself: the core's `crates/core/tests/maps.rs`.)
#[test]
fn a_boundary_files_problems_are_printed_by_feature() {
    let env = Env::new();
    let project = env.demo();
    // The text report names the feature.
    let text = env
        .run(&[
            "import",
            project.to_str().unwrap(),
            fixture("districts_utm32.geojson").to_str().unwrap(),
            "--dry-run",
        ])
        .expect_code(1)
        .stdout();
    assert!(text.contains("feature 2: error:"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("2 would go in, 4 rejected: correct what is listed above before importing"),
        "{text}"
    );
}

/// `export FILE map` writes a map PNG of the asked size that is not blank.
#[test]
fn the_map_exports_as_png() {
    let env = Env::new();
    let project = env.demo();
    let out = env.path("map.png");
    env.run(&[
        "export",
        project.to_str().unwrap(),
        "map",
        "--indicator",
        "ALQ_U25",
        "--width",
        "1280",
        "--height",
        "720",
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(0);
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!((pixmap.width(), pixmap.height()), (1280, 720));
    // The class colours appear (the darkest blue of the ramp among them).
    let has = |r: u8, g: u8, b: u8| {
        pixmap
            .pixels()
            .iter()
            .filter(|p| (p.red(), p.green(), p.blue()) == (r, g, b))
            .count()
            > 1000
    };
    assert!(has(0x08, 0x51, 0x9c), "the darkest class is drawn");
    assert!(has(0xef, 0xf3, 0xff), "the lightest class is drawn");
}
