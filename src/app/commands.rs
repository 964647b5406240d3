//! The one place where the window's commands take effect, after the frame: each write is
//! one transaction and one undo step, and every worker thread starts here.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use uuid::Uuid;

use super::{LernstadtApp, Project, tasks, workers};
use crate::command::{Command, Edit};
use crate::ui::copies::MergeWindow;
use crate::ui::presentation::{PictureKey, Presenting, showable};
use lernstadt_core::copies::share::ShareOptions;
use lernstadt_core::i18n::{self, Lang};
use lernstadt_core::store::{ActionKind, Store};
use lernstadt_core::t;

impl LernstadtApp {
    /// Applies the commands the views asked for in this frame, in order.
    pub fn apply_commands(&mut self, ctx: &egui::Context) {
        self.retry_waiting(ctx);
        for command in self.commands.take() {
            // A change waits while another program holds the file (and behind changes that
            // wait already), so that the window keeps drawing.
            let command = if command.writes_project() {
                match self.wait_or_go(command) {
                    Some(command) => command,
                    None => continue,
                }
            } else {
                command
            };
            self.apply(command, ctx);
        }
    }

    /// Applies one command.
    pub fn apply(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::Edit(edit) => self.apply_edit(edit),
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::NewProject { path, project } => self.new_project(&path, &project),
            Command::Open(path) => self.switch_to(&path),
            Command::Repair(fix) => self.repair(&fix),
            Command::SaveCopy(path) => self.save_copy(&path),
            Command::SaveChart { request, path } => self.save_chart(&request, &path),
            Command::SaveSlides { presentation, dir } => self.save_slides(presentation, dir),
            Command::WriteReport(path) => self.write_report(&path),
            Command::ShareCopy(path) => self.share_to(&path),
            Command::CompareWith(path) => self.compare_with(&path),
            Command::PrepareMerge(path) => self.prepare_merge(&path),
            Command::Merge { other, choices } => self.merge(&other, choices),
            Command::CancelWaiting => self.cancel_waiting(),
            Command::CancelTask => {
                if let Some(task) = &self.task {
                    task.progress.cancel();
                }
            }
            Command::LookUpTable { target, request } => {
                self.begin(tasks::look_up(target, request));
            }
            Command::FetchTable { target, request } => {
                if let Some(project) = self.writable_path() {
                    let task = tasks::fetch_table(project, target, request, self.host());
                    self.begin(task);
                }
            }
            Command::StoreLogin {
                service,
                credentials,
            } => {
                let message = lernstadt_core::fetch::keychain::store(&service, &credentials)
                    .map(|()| t!("cli.login.stored", service = service))
                    .map_err(|e| e.to_string());
                self.import.web.login.message = Some(message);
            }
            Command::ForgetLogin { service } => {
                let message = lernstadt_core::fetch::keychain::forget(&service)
                    .map(|had| {
                        if had {
                            t!("cli.login.forgotten", service = service)
                        } else {
                            t!("cli.login.nothing_stored", service = service)
                        }
                    })
                    .map_err(|e| e.to_string());
                self.import.web.login.message = Some(message);
            }
            Command::PreviewRefresh => {
                if let Some(project) = self.writable_path() {
                    self.begin(tasks::refresh(project, None, self.host()));
                }
            }
            Command::ApplyRefresh => {
                let downloads = match self.import.web.refresh.preview.take() {
                    Some(Ok((downloads, _))) => downloads,
                    _ => Vec::new(),
                };
                if let Some(project) = self.writable_path()
                    && !downloads.is_empty()
                {
                    self.begin(tasks::refresh(project, Some(downloads), self.host()));
                }
            }
            Command::StartImport { dry_run } => self.start_import(dry_run),
            Command::StartExport(path) => self.start_export(path),
            Command::StartPresentation(presentation) => {
                self.start_presentation(ctx, presentation);
            }
            Command::StopPresentation => self.stop_presentation(ctx),
            Command::RenderSlide { slide, size } => self.render_slide(ctx, slide, size),
            Command::ComputeProfile(region, scope) => self.compute_profile(region, scope),
            Command::RankSocialIndex(uuid) => self.rank_social_index(uuid),
            Command::FindSocialCandidates => self.probe_social_candidates(),
            Command::SaveComputed {
                indicator,
                insert,
                label,
            } => {
                if let Some(project) = self.writable_path() {
                    let task = tasks::compute(project, *indicator, insert, label, self.host());
                    self.begin(task);
                }
            }
            Command::PreviewFormula { formula, decimals } => {
                self.preview_formula(formula, decimals);
            }
            Command::SetLanguage(lang) => self.set_lang(lang),
            Command::SetTheme(theme) => {
                self.settings.theme = theme;
                self.save_settings();
            }
            Command::SetFontSize(size) => {
                self.settings.font_size = Some(size);
                self.save_settings();
            }
            Command::SetRenderer(renderer) => {
                self.settings.renderer = renderer;
                self.save_settings();
            }
            Command::SetAuthor(author) => self.set_author(&author),
            Command::SaveSettings => self.save_settings(),
        }
    }

    /// Opens another project in this window (a refused file shows why).
    pub fn switch_to(&mut self, path: &Path) {
        if self.import.running.is_some() {
            return;
        }
        let settings = self.settings.clone();
        let styled = self.styled;
        *self = LernstadtApp::open(path, settings);
        self.styled = styled;
    }

    /// Makes one repair in the open file (a row of a cycle to the top level, a formula
    /// cleared), as one action of the history, and opens the file again.
    pub fn repair(&mut self, fix: &lernstadt_core::store::repair::Fix) {
        let Some(path) = self.open_store().and_then(Store::path).map(Path::to_owned) else {
            return;
        };
        let host = self.host();
        // The window's idle read-only connection does not stand in the way of the write.
        let result = lernstadt_core::store::repair::apply(&path, fix, &host);
        self.switch_to(&path);
        if let Err(error) = result {
            self.status = Some(error.to_string());
        }
    }

    /// Creates a new, empty project at `path` (its name, my region's key and name) and
    /// opens it.
    pub fn new_project(
        &mut self,
        path: &Path,
        project: &lernstadt_core::store::project::NewProject,
    ) {
        match Store::create_for(path, project, &self.host()).and_then(Store::close) {
            Ok(()) => self.switch_to(path),
            Err(error) => self.status = Some(error.to_string()),
        }
    }

    /// Writes a compact copy of the open project to `path`.
    pub fn save_copy(&mut self, path: &Path) {
        if let Project::Open { store, .. } = &self.project {
            self.status = Some(match store.save_copy(path) {
                Ok(size) => t!(
                    "app.copy_saved",
                    path = path.display(),
                    size = i18n::format_bytes(size)
                ),
                Err(error) => error.to_string(),
            });
        }
    }

    /// Writes a chart as PNG to `path`, on a worker.
    pub fn save_chart(&mut self, request: &lernstadt_core::render::figure::Request, path: &Path) {
        let Some(project) = self.open_path() else {
            return;
        };
        let task = tasks::chart(project, request.clone(), path.to_owned(), self.host());
        self.begin(task);
    }

    /// Writes the slides of a presentation as pictures into `dir`, on a worker.
    pub fn save_slides(&mut self, presentation: Uuid, dir: std::path::PathBuf) {
        let Some(project) = self.open_path() else {
            return;
        };
        let task = tasks::slides(project, presentation, dir, self.host());
        self.begin(task);
    }

    /// Writes the education report of the open project to `path`, on a worker.
    pub fn write_report(&mut self, path: &Path) {
        let Some(project) = self.open_path() else {
            return;
        };
        let options = self.export.report.options();
        let task = tasks::report(project, path.to_owned(), options, self.host());
        self.begin(task);
    }

    /// The open project's file.
    pub fn open_path(&self) -> Option<std::path::PathBuf> {
        self.open_store().and_then(Store::path).map(Path::to_owned)
    }

    /// Starts long work unless some is running already.
    fn begin(&mut self, task: anyhow::Result<tasks::Task>) {
        if self.task.is_some() || self.import.running.is_some() {
            self.status = Some(t!("task.busy").to_owned());
            return;
        }
        match task {
            Ok(task) => self.task = Some(task),
            Err(error) => self.status = Some(error.to_string()),
        }
    }

    /// What a finished task came to: into its window, or the status line.
    pub(super) fn finish(&mut self, finished: anyhow::Result<tasks::Finished>) {
        use tasks::Finished;
        let finished = match finished {
            Ok(finished) => finished,
            Err(error) => {
                self.status = Some(error.to_string());
                return;
            }
        };
        match finished {
            Finished::Share(result) => match self.copies.share.as_mut() {
                Some(window) => window.result = Some(result),
                None => self.status = result.err().map(|error| error.to_string()),
            },
            Finished::Compare(path, result) => self.copies.compare = Some((path, result)),
            Finished::LookedUp(result) => self.import.web.fetch.looked_up = Some(result),
            Finished::Fetched(result) => {
                if let Project::Open { store, .. } = &mut self.project {
                    store.note_external_change();
                }
                self.import.web.fetch.finished(result);
            }
            Finished::RefreshPreview(result) => self.import.web.refresh.previewed(result),
            Finished::Refreshed(result) => {
                if let Project::Open { store, .. } = &mut self.project {
                    store.note_external_change();
                }
                self.import.web.refresh.applied(result);
            }
            Finished::Preview(other, preview) => {
                self.copies.merge = Some(MergeWindow {
                    other,
                    preview,
                    choices: HashMap::new(),
                });
            }
            Finished::Merge(result) => {
                if let Project::Open { store, .. } = &mut self.project {
                    store.note_external_change();
                }
                self.status = Some(match result {
                    Ok(report) => t!(
                        "exchange.merged",
                        applied = report.applied.len() as u64 + report.observations_applied,
                        kept = report.kept.len(),
                        conflicts = report.conflicts.len()
                    ),
                    Err(error) => error.to_string(),
                });
            }
            Finished::History(undo, result) => {
                if let Project::Open { store, .. } = &mut self.project {
                    store.note_external_change();
                }
                self.status = history_status(undo, result);
            }
            Finished::Computed(code, result) => {
                if let Project::Open { store, .. } = &mut self.project {
                    store.note_external_change();
                }
                self.status = Some(match result {
                    Ok(derived) => t!(
                        "app.computed",
                        code = code,
                        values = i18n::format_int(derived.values as i64)
                    ),
                    Err(error) => error.to_string(),
                });
            }
            Finished::Report(path, result) => {
                self.status = Some(match result {
                    Ok(summary) => t!(
                        "app.report_written",
                        path = path.display(),
                        size = i18n::format_bytes(summary.bytes)
                    ),
                    Err(error) => error.to_string(),
                });
            }
            Finished::Chart(path, result) => {
                self.status = Some(match result {
                    Ok(bytes) => t!(
                        "app.chart_saved",
                        path = path.display(),
                        size = i18n::format_bytes(bytes)
                    ),
                    Err(error) => error.to_string(),
                });
            }
            Finished::Slides(dir, result) => {
                self.status = Some(match result {
                    Ok(written) => {
                        let mut text = t!(
                            "cli.export.slides_done",
                            count = written.files.len(),
                            presentation = written.presentation,
                            dir = dir.display(),
                            size = i18n::format_bytes(written.bytes)
                        );
                        for why in &written.skipped {
                            text.push_str("; ");
                            text.push_str(&t!("cli.export.slides_skipped", why = why));
                        }
                        if !written.removed.is_empty() {
                            text.push_str("; ");
                            text.push_str(&t!(
                                "cli.export.slides_removed",
                                count = written.removed.len()
                            ));
                        }
                        text
                    }
                    Err(error) => error.to_string(),
                });
            }
        }
    }

    /// The current language.
    #[must_use]
    pub fn lang(&self) -> Lang {
        i18n::lang()
    }

    /// Switches the language and remembers the choice.
    pub fn set_lang(&mut self, lang: Lang) {
        i18n::set_lang(lang);
        self.settings.language = Some(lang);
        let _ = self.settings.save();
    }

    /// The name the change log records for this user's actions, as set (empty: the system's).
    #[must_use]
    pub fn author(&self) -> String {
        self.settings.author.clone().unwrap_or_default()
    }

    /// Sets the name the change log records, for the open project and future starts.
    /// Saving waits for [`LernstadtApp::save_settings`] (when the field loses focus, and on
    /// exit), so typing does not write a file per key.
    pub fn set_author(&mut self, author: &str) {
        self.settings.author = Some(author.trim().to_owned()).filter(|a| !a.is_empty());
        if let Project::Open { store, .. } = &mut self.project {
            store.set_author(&self.settings.author_name());
        }
    }

    /// Writes the settings to disk.
    pub fn save_settings(&self) {
        let _ = self.settings.save();
    }

    /// Undoes the last action (one import, one edit).
    pub fn undo(&mut self) {
        self.undo_or_redo(true);
    }

    /// Redoes the last undone action.
    pub fn redo(&mut self) {
        self.undo_or_redo(false);
    }

    /// Undoes or redoes here, or — when it moves many values (an import) — on a worker with
    /// progress and a cancel, so that the window keeps drawing.
    fn undo_or_redo(&mut self, undo: bool) {
        /// Changes above which the work goes to a worker (about a tenth of a second here).
        const ON_A_WORKER: i64 = 20_000;
        /// Values above which computing the computed indicators again may take that long.
        const RECOMPUTE_ON_A_WORKER: i64 = 300_000;
        if self.import.running.is_some() || self.task.is_some() {
            self.status = Some(t!("task.busy").to_owned());
            return;
        }
        let big = self.open_store().is_some_and(|store| {
            store.undo_size(undo).unwrap_or(0) > ON_A_WORKER
                || store.recompute_size().unwrap_or(0) > RECOMPUTE_ON_A_WORKER
        });
        if big && let Some(project) = self.writable_path() {
            let task = tasks::history(project, undo, self.host());
            self.begin(task);
            return;
        }
        let Project::Open { store, .. } = &mut self.project else {
            return;
        };
        let result = if undo { store.undo() } else { store.redo() };
        self.status = history_status(undo, result.map(|done| done.map(|action| action.label)));
    }

    /// Applies one edit as one transaction and one undo step.
    fn apply_edit(&mut self, edit: Edit) {
        let Project::Open { store, .. } = &mut self.project else {
            return;
        };
        self.status = match store.transact(ActionKind::Edit, &edit.label, edit.apply) {
            Ok(()) => None,
            Err(error) => Some(t!("app.edit_failed", label = edit.label, error = error)),
        };
    }

    fn open_store(&self) -> Option<&Store> {
        match &self.project {
            Project::Open { store, .. } => Some(store),
            Project::Refused { .. } => None,
        }
    }

    /// Writes a copy to send to `path` with the share window's options, on a worker.
    pub fn share_to(&mut self, path: &Path) {
        let Some(source) = self.open_path() else {
            return;
        };
        let Some(window) = self.copies.share.as_mut() else {
            return;
        };
        window.result = None;
        let options = ShareOptions {
            without_personal_data: window.without_personal_data,
            without_history: window.without_history,
            for_publication: window.for_publication,
        };
        let task = tasks::share(source, path.to_owned(), options, self.host());
        self.begin(task);
    }

    /// Compares the open project with the copy at `path`, on a worker.
    pub fn compare_with(&mut self, path: &Path) {
        let Some(project) = self.open_path() else {
            return;
        };
        let task = tasks::compare(project, path.to_owned(), self.host());
        self.begin(task);
    }

    /// Works out what merging the copy at `path` would do, for the merge window, on a
    /// worker.
    pub fn prepare_merge(&mut self, path: &Path) {
        let Some(project) = self.open_path() else {
            return;
        };
        let task = tasks::merge(project, path.to_owned(), None, self.host());
        self.begin(task);
    }

    /// Merges the copy at `other` with the user's choice per conflict, as one undoable step,
    /// on a worker.
    pub fn merge(
        &mut self,
        other: &Path,
        choices: HashMap<
            lernstadt_core::copies::merge::ConflictKey,
            lernstadt_core::copies::merge::Side,
        >,
    ) {
        let Some(project) = self.writable_path() else {
            return;
        };
        let task = tasks::merge(project, other.to_owned(), Some(choices), self.host());
        self.begin(task);
    }

    /// Starts the import wizard's file as a dry run or the import, on a worker with its own
    /// connection to the project.
    pub fn start_import(&mut self, dry_run: bool) {
        if self.import.running.is_some() {
            return;
        }
        let (Some(project), Some(file)) = (self.writable_path(), self.import.path.clone()) else {
            return;
        };
        let options = match self.import.options(dry_run) {
            Ok(options) => options,
            Err(message) => {
                self.import.error = Some(message);
                return;
            }
        };
        let progress = Arc::new(lernstadt_core::import::Progress::default());
        let waiting = Arc::new(std::sync::Mutex::new(None));
        let job = workers::ImportJob {
            project,
            file,
            options,
            boundaries: self.import.boundary_options(dry_run),
            host: self.host(),
            progress: progress.clone(),
            waiting: waiting.clone(),
        };
        match workers::import(job) {
            Ok(receiver) => self.import.begin(crate::ui::import::Running::new(
                progress, waiting, dry_run, receiver,
            )),
            Err(error) => self.import.error = Some(error.to_string()),
        }
    }

    /// Writes the export window's export to `out` on a worker.
    pub fn start_export(&mut self, out: std::path::PathBuf) {
        let project = match &self.project {
            Project::Open { store, .. } => store.path().map(Path::to_owned),
            Project::Refused { .. } => None,
        };
        let Some(project) = project else { return };
        let job = workers::ExportJob {
            project,
            out,
            what: self.export.what,
            wide: self.export.wide,
            protected: !self.export.unprotected,
            dialect: self.export.dialect,
            host: self.host(),
        };
        match workers::export(job) {
            Ok(receiver) => self.export.begin(receiver),
            Err(error) => self.export.result = Some(Err(error.into())),
        }
    }

    /// Starts presenting `presentation` (or the first one) full screen.
    pub fn start_presentation(&mut self, ctx: &egui::Context, presentation: Option<Uuid>) {
        let Some(presentation) =
            presentation.or_else(|| self.data.presentations.first().map(|p| p.uuid))
        else {
            self.status = Some(t!("present.none").to_owned());
            return;
        };
        let (_, skipped) = showable(&self.data, presentation);
        self.presenting = Some(Presenting::new(presentation, skipped.first().cloned()));
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
    }

    /// Leaves presentation mode.
    pub fn stop_presentation(&mut self, ctx: &egui::Context) {
        self.presenting = None;
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
    }

    /// Draws a slide's picture for the running presentation (the view shows it next frame).
    /// A district's profile for the regions view: every indicator, the true values (a few
    /// queries per indicator, on this thread; once per change of the data).
    fn compute_profile(&mut self, region: Uuid, scope: lernstadt_core::render::profile::Scope) {
        let Some(store) = self.open_store() else {
            return;
        };
        let Some(district) = self.data.region(region).cloned() else {
            return;
        };
        let indicators = scope.indicators(&self.data);
        let rows = lernstadt_core::render::profile::rows(
            &self.data,
            &district,
            &indicators,
            &mut |code| lernstadt_core::store::observations::for_indicator(store.conn(), code),
        )
        .map_err(|e| e.to_string());
        self.views.regions.profile.computed = Some((region, scope, self.data.generation, rows));
    }

    /// A social index's districts by need in its latest period (a few queries).
    fn rank_social_index(&mut self, uuid: Uuid) {
        let Some(store) = self.open_store() else {
            return;
        };
        let Some(indicator) = self.data.indicators.iter().find(|i| i.uuid == uuid) else {
            return;
        };
        let Some(index) = crate::ui::indicators::social::index_of(indicator) else {
            return;
        };
        let ranking =
            lernstadt_core::store::social::ranking(store.conn(), &indicator.code, &index, None)
                .map_err(|e| e.to_string());
        self.views.indicators.ranking = Some((uuid, self.data.generation, ranking));
    }

    /// The first values of a formula, read from the open project (a few queries, on this
    /// thread: it reads only the places it shows).
    fn preview_formula(&mut self, formula: String, decimals: usize) {
        let Some(store) = self.open_store() else {
            return;
        };
        let lines = match lernstadt_core::model::formula::Formula::parse(&formula)
            .map_err(|e| e.to_string())
            .and_then(|parsed| {
                // Every dimension and member named is one its input has (else where, and
                // the nearest names); no value anywhere says why.
                let mut members = std::collections::HashMap::new();
                for code in parsed.codes() {
                    let found = lernstadt_core::store::observations::members(store.conn(), &code)
                        .map_err(|e| e.to_string())?;
                    members.insert(code, found);
                }
                parsed
                    .check_breakdowns(|code| members.get(code).cloned().unwrap_or_default())
                    .map_err(|e| e.to_string())?;
                let cells = lernstadt_core::store::derive::preview(store.conn(), &parsed, 6)
                    .map_err(|e| e.to_string())?;
                if cells.is_empty()
                    && let Some(why) =
                        lernstadt_core::store::derive::why_empty(store.conn(), &parsed)
                            .map_err(|e| e.to_string())?
                {
                    return Err(why);
                }
                Ok(cells)
            }) {
            // A formula that computes no value anywhere is refused, as on the command line.
            Ok(cells) if cells.is_empty() => Err(t!("indicators.preview_none").to_owned()),
            Ok(cells) => Ok(cells
                .into_iter()
                .map(|(region, period, breakdown, value)| {
                    let name = self
                        .data
                        .regions
                        .iter()
                        .find(|r| r.key == region)
                        .map_or(region.as_str(), |r| r.name.as_str());
                    let place = if breakdown.is_empty() {
                        format!("{name}, {period}")
                    } else {
                        format!(
                            "{name}, {period}, {}",
                            self.data.breakdown_label(&breakdown)
                        )
                    };
                    let value = match value {
                        None => t!("indicators.preview_missing").to_owned(),
                        Some(lernstadt_core::model::formula::Value::Number {
                            value,
                            provisional,
                        }) => format!(
                            "{}{}",
                            i18n::format_decimal(value, decimals),
                            if provisional { " p" } else { "" }
                        ),
                        Some(lernstadt_core::model::formula::Value::Symbol(symbol)) => {
                            format!("{symbol} ({})", self.data.symbol_label(symbol))
                        }
                    };
                    format!("{place}: {value}")
                })
                .collect()),
            Err(error) => Err(error),
        };
        self.views.indicators.preview = Some((formula, lines));
    }

    fn render_slide(&mut self, ctx: &egui::Context, slide: Uuid, size: [u32; 2]) {
        let Project::Open { store, .. } = &self.project else {
            return;
        };
        let Some(presenting) = self.presenting.as_mut() else {
            return;
        };
        let Some(slide) = self.data.slides.iter().find(|s| s.uuid == slide) else {
            return;
        };
        let key = PictureKey {
            slide: slide.uuid,
            size,
            generation: self.data.generation,
            lang: i18n::lang(),
        };
        let rendered =
            lernstadt_core::render::slide::slide_svg(store, &self.data, slide, size[0], size[1])
                .transpose()
                .and_then(|svg| {
                    svg.map(|svg| lernstadt_core::render::raster::render(&svg))
                        .transpose()
                });
        let picture = match rendered {
            Ok(Some(pixmap)) => {
                let image = egui::ColorImage::from_rgba_premultiplied(
                    [pixmap.width() as usize, pixmap.height() as usize],
                    pixmap.data(),
                );
                Ok(Some(ctx.load_texture(
                    format!("slide-{}", slide.uuid),
                    image,
                    egui::TextureOptions::LINEAR,
                )))
            }
            Ok(None) => Ok(None),
            Err(error) => Err(error.to_string()),
        };
        presenting.set_picture(key, picture);
    }
}

/// What the status line says after an undo or redo: the action's label, or the error.
fn history_status<E: std::fmt::Display>(
    undo: bool,
    result: Result<Option<String>, E>,
) -> Option<String> {
    match result {
        Ok(Some(label)) => Some(if undo {
            t!("app.undone", label = label)
        } else {
            t!("app.redone", label = label)
        }),
        Ok(None) => None,
        Err(error) => Some(error.to_string()),
    }
}
