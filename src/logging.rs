//! What a user could send to support: a log of each run in the data directory
//! (`logs/lernstadt.log`, the five runs before it as `lernstadt.1.log` … `lernstadt.5.log`),
//! and on the console when `RUST_LOG` asks (`RUST_LOG=info`): the version, the renderer, each
//! file opened and how long that took, and when the first frame was drawn.
//!
//! The `log` facade with `env_logger`'s formatting and filter: the file gets `info` and
//! above (or what `RUST_LOG` says); the console only what `RUST_LOG` asks for, so that the
//! command line's output stays as it is.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;

/// How many earlier runs' logs are kept.
const KEPT: usize = 5;

/// When the program started, for "first frame after N ms".
static STARTED: OnceLock<Instant> = OnceLock::new();

/// The time since the program started, in milliseconds.
#[must_use]
pub fn since_start_ms() -> u128 {
    STARTED.get_or_init(Instant::now).elapsed().as_millis()
}

/// Writes each line to the run's log file and, when `RUST_LOG` is set, to the console.
struct Tee {
    file: Option<File>,
    console: bool,
}

impl Write for Tee {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Some(file) = &mut self.file {
            // A full disk must not stop the program: the log is a courtesy.
            let _ = file.write_all(bytes);
        }
        if self.console {
            let _ = std::io::stderr().write_all(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if let Some(file) = &mut self.file {
            let _ = file.flush();
        }
        Ok(())
    }
}

/// Moves the last runs' logs one place up (the oldest goes) and opens this run's.
fn rotate(dir: &Path) -> Option<File> {
    std::fs::create_dir_all(dir).ok()?;
    let name = |n: usize| {
        if n == 0 {
            dir.join("lernstadt.log")
        } else {
            dir.join(format!("lernstadt.{n}.log"))
        }
    };
    for n in (0..KEPT).rev() {
        let _ = std::fs::rename(name(n), name(n + 1));
    }
    File::create(name(0)).ok()
}

/// Starts logging for this run into `data_dir/logs`. Called once, first thing.
pub fn init(data_dir: &Path) {
    STARTED.get_or_init(Instant::now);
    let console = std::env::var_os("RUST_LOG").is_some();
    let tee = Tee {
        file: rotate(&data_dir.join("logs")),
        console,
    };
    let _ = env_logger::Builder::new()
        .filter_level(log::LevelFilter::Info)
        .parse_default_env()
        .target(env_logger::Target::Pipe(Box::new(tee)))
        .try_init();
    log::info!(
        "Lernstadt {} on {}/{}",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each run's log moves one place up; the oldest beyond five goes.
    #[test]
    fn logs_of_earlier_runs_are_kept_and_rotated() {
        let dir = tempfile::tempdir().expect("dir");
        for run in 0..7 {
            let mut file = rotate(dir.path()).expect("a log file");
            writeln!(file, "run {run}").expect("write");
        }
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect(name);
        assert_eq!(read("lernstadt.log"), "run 6\n");
        assert_eq!(read("lernstadt.1.log"), "run 5\n");
        assert_eq!(read("lernstadt.5.log"), "run 1\n");
        assert!(!dir.path().join("lernstadt.6.log").exists());
    }
}
