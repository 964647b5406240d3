//! Long work on a worker thread — sharing a copy, comparing, merging (and its preview), the
//! report, a chart or map as PNG — one at a time, with progress and a cancel, so that the
//! window keeps drawing. Each opens the project through its own connection; a merge writes
//! through it as one transaction (a cancel rolls it back) and the window takes it as seen.
//! Work that writes first waits, as long as it takes, while another program holds the file:
//! the task window says for whom, and Cancel ends the wait.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use lernstadt_core::copies::diff::Diff;
use lernstadt_core::copies::merge::{ConflictKey, MergeOptions, MergeReport, Side};
use lernstadt_core::copies::share::{ShareOptions, ShareReport};
use lernstadt_core::progress::Progress;
use lernstadt_core::report::{ReportOptions, ReportSummary};
use lernstadt_core::store::{Host, OpenMode, Store};
use lernstadt_core::t;

/// What a finished task hands back.
pub enum Finished {
    Share(anyhow::Result<ShareReport>),
    Compare(PathBuf, anyhow::Result<Diff>),
    Preview(PathBuf, anyhow::Result<MergeReport>),
    Merge(anyhow::Result<MergeReport>),
    Report(PathBuf, anyhow::Result<ReportSummary>),
    Chart(PathBuf, anyhow::Result<u64>),
    Slides(
        PathBuf,
        anyhow::Result<lernstadt_core::render::slide::SlidesWritten>,
    ),
    /// Undo (`true`) or redo of a big action: what was undone or redone (`None`: nothing).
    History(bool, anyhow::Result<Option<String>>),
    /// A table's title and data date, from the statistics offices' web service.
    LookedUp(anyhow::Result<lernstadt_core::fetch::TableMeta>),
    /// A table fetched and imported.
    Fetched(anyhow::Result<lernstadt_core::fetch::Update>),
    /// The remembered tables fetched, and what applying them would change.
    RefreshPreview(
        anyhow::Result<(
            Vec<lernstadt_core::fetch::Download>,
            lernstadt_core::fetch::Update,
        )>,
    ),
    /// The previewed tables applied.
    Refreshed(anyhow::Result<lernstadt_core::fetch::Update>),
    /// A computed indicator saved: its code and what was computed.
    Computed(
        String,
        anyhow::Result<lernstadt_core::store::derive::Derived>,
    ),
}

/// A running task: what it is doing, how far it is, and its result when it comes.
pub struct Task {
    /// What the task does, for the progress window.
    pub label: String,
    pub progress: Arc<Progress>,
    /// It writes the project (a merge): the window does not report its commit as a change
    /// from outside.
    pub writes: bool,
    receiver: Receiver<Finished>,
    started: std::time::Instant,
}

impl Task {
    fn start(
        name: &str,
        label: &str,
        writes: bool,
        job: impl FnOnce(Arc<Progress>) -> Finished + Send + 'static,
    ) -> anyhow::Result<Task> {
        let progress = Arc::new(Progress::default());
        let shared = progress.clone();
        let receiver = super::workers::spawn(name, move || job(shared))?;
        log::info!("started: {label}");
        Ok(Task {
            label: label.to_owned(),
            progress,
            writes,
            receiver,
            started: std::time::Instant::now(),
        })
    }

    /// The result, once the worker is done; an error when it died.
    #[must_use]
    pub fn poll(&self) -> Option<anyhow::Result<Finished>> {
        match self.receiver.try_recv() {
            Ok(finished) => {
                log::info!(
                    "finished after {} ms: {}",
                    self.started.elapsed().as_millis(),
                    self.label
                );
                Some(Ok(finished))
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err(anyhow::anyhow!(t!("task.failed").to_owned())))
            }
        }
    }
}

/// Waits until no other program holds the project, the task window saying for whom; a
/// cancel ends the wait.
fn wait_for_file(
    project: &std::path::Path,
    progress: &Progress,
) -> lernstadt_core::store::Result<()> {
    lernstadt_core::store::holder::wait_until_free(
        project,
        &|| progress.is_cancelled(),
        &|waiting| progress.set_waiting(waiting),
    )
}

/// A core error carried on as it is: its words are said where it is shown.
fn typed<T, E: Into<anyhow::Error>>(result: Result<T, E>) -> anyhow::Result<T> {
    result.map_err(Into::into)
}

/// Writes a copy to send.
pub(crate) fn share(
    source: PathBuf,
    out: PathBuf,
    options: ShareOptions,
    host: Host,
) -> anyhow::Result<Task> {
    Task::start("share", t!("task.share"), false, move |progress| {
        Finished::Share(typed(lernstadt_core::copies::share::share_copy(
            &source, &out, options, &host, &progress,
        )))
    })
}

/// Compares the project with another copy.
pub(crate) fn compare(project: PathBuf, other: PathBuf, host: Host) -> anyhow::Result<Task> {
    Task::start("compare", t!("task.compare"), false, move |progress| {
        let result = Store::open(&project, OpenMode::ReadOnly, &host).and_then(|this| {
            let other = Store::open(&other, OpenMode::ReadOnly, &host)?;
            lernstadt_core::copies::diff::diff_with(&this, &other, &progress)
        });
        Finished::Compare(other, typed(result))
    })
}

/// Merges another copy into the project (or, with `choices` `None`, works out what a merge
/// would do).
pub(crate) fn merge(
    project: PathBuf,
    other: PathBuf,
    choices: Option<HashMap<ConflictKey, Side>>,
    host: Host,
) -> anyhow::Result<Task> {
    let preview = choices.is_none();
    let label = if preview {
        t!("task.preview")
    } else {
        t!("task.merge")
    };
    Task::start("merge", label, !preview, move |progress| {
        let result = wait_for_file(&project, &progress)
            .and_then(|()| Store::open(&project, OpenMode::ReadWrite, &host))
            .and_then(|mut this| {
                let theirs = Store::open(&other, OpenMode::ReadOnly, &host)?;
                let options = MergeOptions {
                    dry_run: preview,
                    resolutions: choices.unwrap_or_default(),
                    progress: Some(progress),
                };
                let report = lernstadt_core::copies::merge::merge(&mut this, &theirs, &options);
                this.close()?;
                report
            });
        if preview {
            Finished::Preview(other, typed(result))
        } else {
            Finished::Merge(typed(result))
        }
    })
}

/// Saves a computed indicator and computes its values through its own connection (on
/// millions of inputs that takes seconds); a cancel interrupts it and nothing is changed.
pub(crate) fn compute(
    project: PathBuf,
    indicator: lernstadt_core::model::Indicator,
    insert: bool,
    label: String,
    host: Host,
) -> anyhow::Result<Task> {
    let task_label = t!("task.compute", code = indicator.code);
    Task::start("compute", &task_label, true, move |progress| {
        let result = wait_for_file(&project, &progress)
            .and_then(|()| Store::open(&project, OpenMode::ReadWrite, &host))
            .and_then(|mut store| {
                let derived = lernstadt_core::store::derive::save(
                    &mut store,
                    &indicator,
                    insert,
                    &label,
                    &|| progress.is_cancelled(),
                )?;
                store.close()?;
                Ok(derived)
            });
        Finished::Computed(indicator.code, typed(result))
    })
}

/// Undoes or redoes a big action (an import of many values) through its own connection;
/// a cancel interrupts it and nothing is changed.
pub(crate) fn history(project: PathBuf, undo: bool, host: Host) -> anyhow::Result<Task> {
    let label = if undo {
        t!("task.undo")
    } else {
        t!("task.redo")
    };
    Task::start("history", label, true, move |progress| {
        let result = wait_for_file(&project, &progress)
            .and_then(|()| Store::open(&project, OpenMode::ReadWrite, &host))
            .and_then(|mut store| {
                let done = store.interruptible(&|| progress.is_cancelled(), |store| {
                    if undo { store.undo() } else { store.redo() }
                })?;
                store.close()?;
                Ok(done.map(|action| action.label))
            });
        Finished::History(undo, typed(result))
    })
}

/// Writes the education report.
pub(crate) fn report(
    project: PathBuf,
    out: PathBuf,
    options: ReportOptions,
    host: Host,
) -> anyhow::Result<Task> {
    Task::start("report", t!("task.report"), false, move |progress| {
        let result = Store::open(&project, OpenMode::ReadOnly, &host)
            .map_err(lernstadt_core::error::Error::from)
            .and_then(|store| {
                lernstadt_core::report::write_report(
                    &store,
                    &out,
                    &ReportOptions {
                        progress: Some(progress),
                        ..options
                    },
                )
            });
        Finished::Report(out, typed(result))
    })
}

/// Writes a chart or map as PNG.
pub(crate) fn chart(
    project: PathBuf,
    request: lernstadt_core::render::figure::Request,
    out: PathBuf,
    host: Host,
) -> anyhow::Result<Task> {
    Task::start("chart", t!("task.chart"), false, move |_| {
        let result = Store::open(&project, OpenMode::ReadOnly, &host)
            .map_err(lernstadt_core::error::Error::from)
            .and_then(|store| lernstadt_core::render::figure::export_png(&store, &request, &out));
        Finished::Chart(out, typed(result))
    })
}

/// Writes every slide of a presentation as a 1920 × 1080 PNG into a folder.
pub(crate) fn slides(
    project: PathBuf,
    presentation: uuid::Uuid,
    dir: PathBuf,
    host: Host,
) -> anyhow::Result<Task> {
    Task::start("slides", t!("task.slides"), true, move |progress| {
        let result = Store::open(&project, OpenMode::ReadOnly, &host)
            .map_err(lernstadt_core::error::Error::from)
            .and_then(|store| {
                lernstadt_core::render::slide::export_slides(
                    &store,
                    Some(&presentation.to_string()),
                    &dir,
                    [1920, 1080],
                    Some(&progress),
                )
            });
        Finished::Slides(dir, typed(result))
    })
}

/// Looks up a table's title and data date at the web service (no project is touched).
pub(crate) fn look_up(
    target: lernstadt_core::fetch::Target,
    request: lernstadt_core::fetch::TableRequest,
) -> anyhow::Result<Task> {
    Task::start("look-up", t!("task.look_up"), false, move |_| {
        let credentials = lernstadt_core::fetch::Credentials::find(&target.service);
        let client = lernstadt_core::fetch::Client::new(target, credentials);
        Finished::LookedUp(client.metadata(&request).map_err(anyhow::Error::from))
    })
}

/// The cancel asked for while the network was busy: nothing is written.
fn stopped(progress: &Progress) -> anyhow::Result<()> {
    if progress.is_cancelled() {
        Err(lernstadt_core::store::StoreError::Cancelled.into())
    } else {
        Ok(())
    }
}

/// Imports the downloaded tables into the project as one action (`dry_run`: works out what
/// it would change).
fn apply_downloads(
    project: &std::path::Path,
    downloads: &[lernstadt_core::fetch::Download],
    label: &str,
    dry_run: bool,
    host: &Host,
    progress: &Progress,
) -> anyhow::Result<lernstadt_core::fetch::Update> {
    stopped(progress)?;
    typed(wait_for_file(project, progress))?;
    let mut store = typed(Store::open(project, OpenMode::ReadWrite, host))?;
    let update = lernstadt_core::fetch::apply(
        &mut store,
        downloads,
        label,
        dry_run,
        &Arc::new(lernstadt_core::import::Progress::default()),
    )
    .map_err(anyhow::Error::from);
    let _ = store.close();
    update
}

/// Fetches a table from the web service, then imports it as one undo step.
pub(crate) fn fetch_table(
    project: PathBuf,
    target: lernstadt_core::fetch::Target,
    request: lernstadt_core::fetch::TableRequest,
    host: Host,
) -> anyhow::Result<Task> {
    let label = t!("task.fetch", table = request.table);
    Task::start("fetch", &label, true, move |progress| {
        let credentials = lernstadt_core::fetch::Credentials::find(&target.service);
        let cancelled: lernstadt_core::fetch::Cancelled = {
            let progress = progress.clone();
            Arc::new(move || progress.is_cancelled())
        };
        let client =
            lernstadt_core::fetch::Client::new(target, credentials).with_cancel(Some(cancelled));
        let result = lernstadt_core::fetch::download(&client, &request, &mut |_| {})
            .map_err(anyhow::Error::from)
            .and_then(|download| {
                let label = format!("fetch {}", request.table);
                apply_downloads(&project, &[download], &label, false, &host, &progress)
            });
        Finished::Fetched(result)
    })
}

/// Without `downloads`: fetches every table the project remembers and works out what
/// applying them would change. With them (a preview's): applies them as one undo step.
pub(crate) fn refresh(
    project: PathBuf,
    downloads: Option<Vec<lernstadt_core::fetch::Download>>,
    host: Host,
) -> anyhow::Result<Task> {
    let label = if downloads.is_some() {
        t!("task.refresh_apply")
    } else {
        t!("task.refresh_check")
    };
    Task::start("refresh", label, true, move |progress| {
        let label = |downloads: &[lernstadt_core::fetch::Download]| {
            let codes: Vec<&str> = downloads.iter().map(|d| d.request.table.as_str()).collect();
            format!("refresh {}", codes.join(", "))
        };
        if let Some(downloads) = downloads {
            let result = apply_downloads(
                &project,
                &downloads,
                &label(&downloads),
                false,
                &host,
                &progress,
            );
            return Finished::Refreshed(result);
        }
        let requests = Store::open(&project, OpenMode::ReadOnly, &host)
            .map_err(anyhow::Error::from)
            .and_then(|store| {
                let requests = lernstadt_core::fetch::remembered_requests(&store, &[], None)
                    .map_err(anyhow::Error::from);
                let _ = store.close();
                requests
            });
        let result = requests.and_then(|requests| {
            let cancelled: lernstadt_core::fetch::Cancelled = {
                let progress = progress.clone();
                Arc::new(move || progress.is_cancelled())
            };
            let downloads = lernstadt_core::fetch::download_all(
                &requests,
                &mut |target| lernstadt_core::fetch::Credentials::find(&target.service),
                &mut |_, _| {},
                Some(&cancelled),
            )
            .map_err(anyhow::Error::from)?;
            let update = apply_downloads(
                &project,
                &downloads,
                &label(&downloads),
                true,
                &host,
                &progress,
            )?;
            Ok((downloads, update))
        });
        Finished::RefreshPreview(result)
    })
}
