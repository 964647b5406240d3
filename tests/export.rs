//! Exporting on the command line: charts as pictures, a list that is not there, and the
//! CSV dialect the system's number format picks. (Exporting and reading back: the core's
//! `crates/core/tests/export.rs`.)

use crate::util::Env;

/// A list that is not there is a usage error naming the lists.
#[test]
fn exporting_a_list_that_is_not_there_names_the_lists() {
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    let out = env.path("akteure.csv");
    let run = env
        .run(&[
            "export",
            project.to_str().unwrap(),
            "nonsense",
            "--out",
            out.to_str().unwrap(),
        ])
        .expect_code(2);
    assert!(run.stderr().contains("stakeholders"), "{}", run.stderr());
}

/// `export FILE chart` writes a PNG of the asked size that is not blank, for each kind.
#[test]
fn charts_export_as_png_without_a_window() {
    let env = Env::new();
    let project = env.demo();
    for (kind, width, height) in [
        ("line", 1920, 1080),
        ("bars", 1280, 720),
        ("breakdown", 800, 600),
    ] {
        let out = env.path(&format!("{kind}.png"));
        env.run(&[
            "export",
            project.to_str().unwrap(),
            "chart",
            "--indicator",
            "ALQ_U25",
            "--kind",
            kind,
            "--width",
            &width.to_string(),
            "--height",
            &height.to_string(),
            "--out",
            out.to_str().unwrap(),
        ])
        .expect_code(0);
        let bytes = std::fs::read(&out).unwrap();
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&bytes).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (width, height), "{kind}");
        // Not blank: many pixels differ from the white background, in several colours.
        let pixels = pixmap.pixels();
        let inked = pixels
            .iter()
            .filter(|p| (p.red(), p.green(), p.blue()) != (255, 255, 255))
            .count();
        assert!(inked > pixels.len() / 100, "{kind}: {inked} inked pixels");
        let colours: std::collections::BTreeSet<(u8, u8, u8)> = pixels
            .iter()
            .map(|p| (p.red(), p.green(), p.blue()))
            .collect();
        assert!(colours.len() > 20, "{kind}: {} colours", colours.len());
    }
    // No indicator named: a usage error that says what to give.
    let run = env.run(&[
        "export",
        project.to_str().unwrap(),
        "chart",
        "--out",
        env.path("x.png").to_str().unwrap(),
    ]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("--indicator"), "{}", run.stderr());
}

/// Without `--dialect`, a CSV is written as the system's spreadsheet reads it by
/// double-click: `;`, decimal comma and a BOM where the regional format writes a decimal
/// comma (a German system, also with English messages: `LC_NUMERIC`), RFC 4180 elsewhere.
#[test]
fn the_csv_dialect_follows_the_systems_number_format() {
    let env = Env::new();
    let demo = env.demo();
    for (locale, excel) in [
        (&[("LANG", "de_DE.UTF-8")][..], true),
        (
            &[("LANG", "en_US.UTF-8"), ("LC_NUMERIC", "de_AT.UTF-8")][..],
            true,
        ),
        (&[("LANG", "de_CH.UTF-8")][..], false),
        (&[("LANG", "C")][..], false),
    ] {
        let out = env.path("indikatoren.csv");
        let mut command = env.command(&[
            "export",
            demo.to_str().unwrap(),
            "indicators",
            "--out",
            out.to_str().unwrap(),
        ]);
        command.envs(locale.iter().copied());
        let output = command.output().unwrap();
        assert!(output.status.success(), "{locale:?}: {output:?}");
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(text.starts_with('\u{feff}'), excel, "{locale:?}");
        let header = text.lines().next().unwrap();
        assert_eq!(header.contains(';'), excel, "{locale:?}: {header}");
    }
}
