//! `share-copy` leaves nothing personal behind: its staging files live in a private
//! temporary folder, never beside the copy, and what a killed run left is removed by the
//! next one.

use std::path::{Path, PathBuf};

use crate::util::Env;

/// The files in `dir`, by name, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The staging folders under `tmp`.
fn staging(tmp: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("lernstadt-share-"))
        })
        .collect()
}

/// What an older version's killed run left beside the copy (`NAME.PID.stage`, with every
/// e-mail address) and a staging folder a killed run left in the temporary folder both go
/// with the next copy; the copy is made, and nothing else stays beside it or in the
/// temporary folder.
#[test]
fn the_next_copy_removes_what_a_killed_one_left() {
    let env = Env::new();
    let source = env.demo();
    let out = env.path("out");
    let tmp = env.path("tmp");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&tmp).unwrap();
    let copy = out.join("kopie.lernstadt");
    std::fs::copy(&source, out.join("kopie.lernstadt.424242.stage")).unwrap();
    std::fs::write(out.join("kopie.lernstadt.424242.stage-journal"), "x").unwrap();
    let killed = tmp.join("lernstadt-share-killed");
    std::fs::create_dir(&killed).unwrap();
    std::fs::write(killed.join("in-use"), "").unwrap();
    std::fs::copy(&source, killed.join("stage")).unwrap();

    let mut command = env.command(&[
        "share-copy",
        source.to_str().unwrap(),
        copy.to_str().unwrap(),
        "--without-personal-data",
    ]);
    let run = command.env("TMPDIR", &tmp).output().unwrap();
    assert!(run.status.success(), "{run:?}");
    assert_eq!(names(&out), ["kopie.lernstadt"]);
    assert!(names(&tmp).is_empty(), "{:?}", names(&tmp));
}

/// A copy killed at some moment while it works leaves nothing beside its destination but,
/// if it got that far, the whole copy; its staging folder (if it had one) is open to its
/// user only and goes with the next copy.
#[test]
fn a_killed_copy_leaves_nothing_beside_the_destination() {
    let env = Env::new();
    let source = env.demo();
    let out = env.path("out");
    let tmp = env.path("tmp");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&tmp).unwrap();
    let copy = out.join("kopie.lernstadt");
    let args = [
        "share-copy",
        source.to_str().unwrap(),
        copy.to_str().unwrap(),
        "--without-personal-data",
    ];
    let mut child = env.command(&args).env("TMPDIR", &tmp).spawn().unwrap();
    // Killed as soon as its staging folder is there (or when it is done).
    let started = std::time::Instant::now();
    while staging(&tmp).is_empty()
        && child.try_wait().unwrap().is_none()
        && started.elapsed() < std::time::Duration::from_secs(30)
    {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let _ = child.kill();
    child.wait().unwrap();
    let beside = names(&out);
    assert!(
        beside.is_empty() || beside == ["kopie.lernstadt"],
        "{beside:?}"
    );
    #[cfg(unix)]
    for dir in staging(&tmp) {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{}", dir.display());
    }
    let run = env.command(&args).env("TMPDIR", &tmp).output().unwrap();
    assert!(run.status.success(), "{run:?}");
    assert_eq!(names(&out), ["kopie.lernstadt"]);
    assert!(staging(&tmp).is_empty());
}
