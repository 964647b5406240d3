//! `lernstadt report` and `export profile` on the command line: what they refuse (a goal
//! that is no id, an unknown area, a region that is not there) and the picture written.
//! (The report itself, HTML and Word, is tested in the core: `crates/core/tests/report.rs`.)

use crate::util::Env;

/// One part of a Word file, as text.
pub(crate) fn docx_part(path: &std::path::Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut part = archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut text = String::new();
    std::io::Read::read_to_string(&mut part, &mut text).unwrap();
    text
}

/// A goal given by something that is no id is a usage error (exit code 2).
#[test]
fn a_report_of_a_goal_that_is_no_id_is_a_usage_error() {
    let env = Env::new();
    let project = env.demo();
    let out = env.path("teil.html");
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

/// An unknown education area is a usage error naming the areas.
#[test]
fn a_report_of_an_unknown_area_is_a_usage_error() {
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
    let (wrong, _) = report("kita.html", &["--area", "kita"], 2);
    assert!(
        wrong.stderr().contains("early_childhood"),
        "{}",
        wrong.stderr()
    );
}

/// A district's profile as a picture: the district against its city for an education
/// area's indicators; a region that is not there is named. (Its rows: the core's
/// `crates/core/tests/report.rs`.)
#[test]
fn a_district_profile_is_written_as_a_picture() {
    let env = Env::new();
    let project = env.demo();
    let out = env.path("profil.png");
    let file = project.to_str().unwrap();
    env.run(&[
        "export",
        file,
        "profile",
        "--region",
        "05999000-02",
        "--area",
        "early_childhood",
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(0);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let unknown = env
        .run(&[
            "export",
            file,
            "profile",
            "--region",
            "NOPE",
            "--out",
            out.to_str().unwrap(),
            "--lang",
            "en",
        ])
        .expect_code(2);
    assert!(
        unknown.stderr().contains("no region NOPE"),
        "{}",
        unknown.stderr()
    );
}
