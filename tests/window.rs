//! The real window, started as a process under Xvfb (Mesa's software OpenGL): each renderer
//! draws a first frame, and `auto` falls back to glow when wgpu cannot start.
//!
//! Needs `Xvfb` (Debian: `apt-get install xvfb`); ignored by a plain `cargo test`, run by
//! `.ci/run` with `cargo test --test integration window -- --ignored`.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::Env;

/// An X server for one test, on a display number of its own.
struct Xvfb(Child, String);

impl Xvfb {
    fn start() -> Xvfb {
        let display = format!(":{}", 200 + std::process::id() % 500);
        let child = Command::new("Xvfb")
            // No lock file: a server killed at the end of a test leaves none behind that
            // would block the next one on the same display number.
            .args([display.as_str(), "-nolock", "-screen", "0", "1280x800x24"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (apt-get install xvfb)");
        std::thread::sleep(Duration::from_millis(800));
        Xvfb(child, display)
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the window with `args` and `env`, waits (30 s at most) until its log says the first
/// frame was drawn, stops it, and returns the log.
fn first_frame(env: &Env, display: &str, args: &[&str], vars: &[(&str, &str)]) -> String {
    let log = env.path("data/logs/lernstadt.log");
    let _ = std::fs::remove_file(&log);
    let mut command = env.command(args);
    command.env("DISPLAY", display).env("RUST_LOG", "info");
    for (name, value) in vars {
        command.env(name, value);
    }
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("lernstadt starts");
    let start = Instant::now();
    let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
    while !read(&log).contains("first frame after") && start.elapsed() < Duration::from_secs(30) {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the window ended ({status}): {}", read(&log));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    read(&log)
}

#[test]
#[ignore = "needs Xvfb; .ci/run runs it"]
fn each_renderer_draws_and_auto_falls_back() {
    let env = Env::new();
    let project = env.new_project("fenster.lernstadt");
    let project = project.to_str().unwrap();
    let x = Xvfb::start();
    for renderer in ["wgpu", "glow"] {
        let log = first_frame(&env, &x.1, &["--renderer", renderer, project], &[]);
        assert!(
            log.contains(&format!("renderer: {renderer} (asked for)")),
            "{log}"
        );
        assert!(log.contains("first frame after"), "{renderer}: {log}");
    }
    // No wgpu backend this system has (Metal on Linux): auto falls back to glow and
    // remembers it.
    let settings = env.path("data/settings.json");
    let _ = std::fs::remove_file(&settings);
    let log = first_frame(&env, &x.1, &[project], &[("WGPU_BACKEND", "metal")]);
    assert!(log.contains("renderer wgpu failed"), "{log}");
    assert!(log.contains("renderer: glow (after wgpu"), "{log}");
    assert!(log.contains("first frame after"), "{log}");
    let remembered = std::fs::read_to_string(&settings).unwrap();
    assert!(
        remembered.contains("\"renderer\": \"glow\""),
        "{remembered}"
    );
}
