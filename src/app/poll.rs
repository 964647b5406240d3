//! Work finished on other threads collected each frame (the import and export workers,
//! the running task, the social index dialog's probe), and the probe asked for.

use lernstadt_core::store::{OpenMode, Store};

use super::{LernstadtApp, Project, tasks, workers};

impl LernstadtApp {
    /// Collects finished work of the worker threads; an import makes the views read the
    /// project again.
    pub(super) fn poll_workers(&mut self) {
        if self.import.poll()
            && let Project::Open { store, .. } = &mut self.project
        {
            store.note_external_change();
        }
        self.export.poll();
        if let Some(finished) = self.task.as_ref().and_then(tasks::Task::poll) {
            self.task = None;
            self.finish(finished);
        }
        if let Some(probe) = &self.social_probe {
            match probe.try_recv() {
                Ok(codes) => {
                    self.views.indicators.social.with_districts = Some(codes);
                    self.social_probe = None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.social_probe = None,
            }
        }
    }

    /// Asks on a worker which indicators have values for districts (the social index
    /// dialog greys the others); until the answer comes every indicator is offered.
    pub(super) fn probe_social_candidates(&mut self) {
        if self.social_probe.is_some() {
            return;
        }
        let Some(path) = self.open_path() else {
            return;
        };
        let host = self.host();
        let every: std::collections::BTreeSet<String> = self
            .data
            .indicators
            .iter()
            .map(|i| i.code.clone())
            .collect();
        self.social_probe = workers::spawn("social-probe", move || {
            // Without an answer (an error) every indicator stays offered.
            Store::open(&path, OpenMode::ReadOnly, &host)
                .and_then(|store| lernstadt_core::store::social::with_subregions(store.conn()))
                .unwrap_or(every)
        })
        .ok();
    }
}
