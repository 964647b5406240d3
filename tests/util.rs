//! Running the built `lernstadt` binary in a temporary directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use crate::read_back::{assert_no_sidecars, outcome, read_csv, value};

/// A temporary directory with its own Lernstadt data directory.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The command with a clean, English environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lernstadt"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env("LERNSTADT_DATA_DIR", self.dir.path().join("data"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LC_NUMERIC")
            .env("LANG", "C");
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run(self.command(args).output().unwrap())
    }
}

/// What a run printed and how it ended.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.0.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout()))
    }
    #[track_caller]
    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(
            self.code(),
            code,
            "exit code\nstdout: {}\nstderr: {}",
            self.stdout(),
            self.stderr()
        );
        self
    }
}

/// A file of `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

impl Env {
    /// Writes the report of `project` to `out` (its extension picks HTML or Word) in `lang`,
    /// with more arguments after; the run must succeed.
    pub fn report(&self, project: &Path, out: &Path, lang: &str, more: &[&str]) -> Run {
        let mut args = vec![
            "report",
            project.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--lang",
            lang,
        ];
        args.extend_from_slice(more);
        self.run(&args).expect_code(0)
    }

    /// A new, empty project named Teststadt, made by the binary.
    pub fn new_project(&self, name: &str) -> PathBuf {
        let path = self.path(name);
        self.run(&["new", path.to_str().unwrap(), "--name", "Teststadt"])
            .expect_code(0);
        path
    }

    /// The demo project, made by the binary.
    pub fn demo(&self) -> PathBuf {
        let path = self.path("demo.lernstadt");
        self.run(&["demo", path.to_str().unwrap()]).expect_code(0);
        path
    }

    /// `import PROJECT FILE --json EXTRA…`, which must run through (exit code 0, or 1
    /// exactly when it rejected rows) and leave no sidecar file; the report.
    pub fn import(&self, project: &Path, file: &Path, extra: &[&str]) -> serde_json::Value {
        let mut args = vec![
            "import",
            project.to_str().unwrap(),
            file.to_str().unwrap(),
            "--json",
        ];
        args.extend_from_slice(extra);
        let mut run = self.run(&args);
        if run.code() != 0 && !run.stdout().trim_start().starts_with('{') {
            // Refused before any report: fails, showing what was printed.
            run = run.expect_code(0);
        }
        let report = run.json();
        let rejected = report["rejected"].as_u64().unwrap_or(0);
        run.expect_code(i32::from(rejected > 0));
        assert_no_sidecars(project);
        report
    }

    /// `export PROJECT WHAT --out OUT EXTRA…`, which must succeed.
    pub fn export(&self, project: &Path, what: &str, out: &Path, extra: &[&str]) -> Run {
        let mut args = vec![
            "export",
            project.to_str().unwrap(),
            what,
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        self.run(&args).expect_code(0)
    }
}

/// Another Lernstadt holding a project in the middle of a merge (its write lock taken, an
/// indicator inserted) until [`Holder::release`].
pub struct Holder {
    release: std::sync::mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Holder {
    /// Starts the merge on another thread; returns once it holds the file.
    pub fn merging(project: &Path) -> Holder {
        use lernstadt_core::store::{ActionKind, Host, OpenMode, Store};
        let (held_tx, held_rx) = std::sync::mpsc::channel();
        let (release, release_rx) = std::sync::mpsc::channel::<()>();
        let path = project.to_owned();
        let thread = std::thread::Builder::new()
            .name("other-lernstadt".to_owned())
            .spawn(move || {
                let mut store = Store::open(&path, OpenMode::ReadWrite, &Host::default()).unwrap();
                store
                    .transact(ActionKind::Merge, "merge", |tx| {
                        tx.insert(&lernstadt_core::model::Indicator::new("HELD", "Held"))?;
                        held_tx.send(()).unwrap();
                        release_rx.recv().unwrap();
                        Ok(())
                    })
                    .unwrap();
                store.close().unwrap();
            })
            .unwrap();
        held_rx.recv().unwrap();
        Holder { release, thread }
    }

    /// Lets the merge finish, and waits for it.
    pub fn release(self) {
        self.release.send(()).unwrap();
        self.thread.join().unwrap();
    }
}
