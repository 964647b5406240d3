//! The window's worker threads: every one is started here, named, so that a long import or
//! export never blocks a frame. Each works through its own connection to the file and hands
//! its result back through a channel the window polls.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use lernstadt_core::export::Written;
use lernstadt_core::import::{Options, Progress, Report};
use lernstadt_core::store::{Host, OpenMode, Store};

/// Runs `job` on a thread named `lernstadt-NAME`; its result comes through the receiver.
/// The thread speaks the window's language.
pub fn spawn<T: Send + 'static>(
    name: &str,
    job: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<Receiver<T>> {
    let (sender, receiver) = channel();
    let lang = lernstadt_core::i18n::lang();
    std::thread::Builder::new()
        .name(format!("lernstadt-{name}"))
        .spawn(move || {
            lernstadt_core::i18n::set_thread_lang(lang);
            let _ = sender.send(job());
        })?;
    Ok(receiver)
}

/// What an import or dry run needs on its thread.
pub struct ImportJob {
    pub project: PathBuf,
    pub file: PathBuf,
    pub options: Options,
    /// How to read the file when it holds boundaries.
    pub boundaries: lernstadt_core::import::boundaries::BoundaryOptions,
    pub host: Host,
    pub progress: Arc<Progress>,
    /// What the import waits for before it can start (another program holds the project).
    pub waiting: Arc<std::sync::Mutex<Option<String>>>,
}

/// Imports (or checks) a file into the project on a worker, after waiting, as long as it
/// takes and until cancelled, while another program holds the project.
pub fn import(job: ImportJob) -> std::io::Result<Receiver<anyhow::Result<Report>>> {
    let ImportJob {
        project,
        file,
        options,
        boundaries,
        host,
        progress,
        waiting,
    } = job;
    spawn("import", move || {
        lernstadt_core::store::holder::wait_until_free(
            &project,
            &|| progress.cancel.load(std::sync::atomic::Ordering::Relaxed),
            &|what| {
                if let Ok(mut waiting) = waiting.lock() {
                    *waiting = what;
                }
            },
        )
        .map_err(anyhow::Error::from)?;
        let mut store =
            Store::open(&project, OpenMode::ReadWrite, &host).map_err(anyhow::Error::from)?;
        let report = if lernstadt_core::import::boundaries::is_boundaries(&file) {
            lernstadt_core::import::boundaries::import_boundaries(&mut store, &file, &boundaries)
                .map_err(anyhow::Error::from)
        } else {
            lernstadt_core::import::import_file(&mut store, &file, &options, &progress)
                .map_err(anyhow::Error::from)
        };
        let _ = store.close();
        report
    })
}

/// What an export needs on its thread.
pub struct ExportJob {
    pub project: PathBuf,
    pub out: PathBuf,
    /// `observations` or an entity list's name.
    pub what: &'static str,
    pub wide: bool,
    /// As the protection rule says may be published (the default).
    pub protected: bool,
    pub dialect: lernstadt_core::export::Dialect,
    pub host: Host,
}

/// Writes an export on a worker, through a read-only connection.
pub fn export(job: ExportJob) -> std::io::Result<Receiver<anyhow::Result<Written>>> {
    let ExportJob {
        project,
        out,
        what,
        wide,
        protected,
        dialect,
        host,
    } = job;
    spawn("export", move || {
        let store =
            Store::open(&project, OpenMode::ReadOnly, &host).map_err(anyhow::Error::from)?;
        let written = lernstadt_core::export::export_named(
            &store, what, wide, protected, false, &out, dialect,
        );
        let _ = store.close();
        written.map_err(anyhow::Error::from)
    })
}
