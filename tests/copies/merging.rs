//! Merging and comparing on the command line: a file that is not the other copy refused in
//! words, a conflict about a value shown as numbers. (What the merge does is tested in the
//! core: `crates/core/tests/copies/`.)

use super::exchange::{merge, two_copies};
use crate::util::Env;

/// A file chosen as "the other copy" that is not one — foreign, cut off, from a newer
/// Lernstadt, or a copy of another project — is refused with the message opening it gives
/// (or one saying there is no common history), and nothing is written.
#[test]
fn a_bad_other_copy_is_refused_and_nothing_is_written() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    let before = std::fs::read(&ours).unwrap();
    let refused = |other: &std::path::Path, says: &str| {
        for command in ["merge", "diff"] {
            let run = env
                .run(&[command, ours.to_str().unwrap(), other.to_str().unwrap()])
                .expect_code(1);
            assert!(run.stderr().contains(says), "{command}: {}", run.stderr());
        }
        assert_eq!(std::fs::read(&ours).unwrap(), before, "nothing written");
    };

    let foreign = env.path("brief.lernstadt");
    std::fs::write(&foreign, b"Sehr geehrte Damen und Herren").unwrap();
    refused(&foreign, "not a Lernstadt project");

    let cut = env.path("abgeschnitten.lernstadt");
    let whole = std::fs::read(&theirs).unwrap();
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    refused(&cut, "cut off");

    let newer = env.path("neuer.lernstadt");
    std::fs::copy(&theirs, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    refused(&newer, "newer Lernstadt");

    let stranger = env.new_project("fremd.lernstadt");
    let run = env
        .run(&["merge", ours.to_str().unwrap(), stranger.to_str().unwrap()])
        .expect_code(1);
    assert!(run.stderr().contains("project"), "{}", run.stderr());
    assert_eq!(std::fs::read(&ours).unwrap(), before);
}

/// `lernstadt merge` shows a data value changed differently on both sides with the common
/// value, ours and theirs, as numbers (not as the stored row). (The conflict itself is
/// tested in the core: `crates/core/tests/copies/merging.rs`.)
#[test]
fn a_value_changed_on_both_sides_is_shown_as_numbers() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    // A value both copies have in common (imported into both, then merged both ways so
    // the logs agree), then changed apart.
    let csv = env.path("start.csv");
    std::fs::write(
        &csv,
        "indicator,district,year,value\nBeide,059990001001,2024,1000\n",
    )
    .unwrap();
    env.import(&ours, &csv, &[]);
    env.import(&theirs, &csv, &[]);
    merge(&env, &ours, &theirs, &[]);
    merge(&env, &theirs, &ours, &[]);
    for (path, value) in [(&ours, "1234.5"), (&theirs, "987")] {
        let csv = env.path(&format!("neu-{value}.csv"));
        std::fs::write(
            &csv,
            format!("indicator,district,year,value\nBeide,059990001001,2024,{value}\n"),
        )
        .unwrap();
        env.import(path, &csv, &[]);
    }
    let text = env
        .run(&[
            "merge",
            ours.to_str().unwrap(),
            theirs.to_str().unwrap(),
            "--dry-run",
        ])
        .expect_code(0)
        .stdout();
    assert!(
        text.contains("common 1000, yours 1234.5, theirs 987"),
        "{text}"
    );
    assert!(
        text.contains("Beide · 059990001001 · 2024, Value: common"),
        "{text}"
    );
    assert!(!text.contains("\"value\""), "{text}");
}
