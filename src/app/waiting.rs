//! Changes asked for while another program holds the file (another Lernstadt merging or
//! importing): the window does not wait for the lock on its own thread, which would freeze
//! it, but keeps them, shows what it waits for with a spinner and a cancel, looks again
//! several times a second, and applies them in order once the file is free.

use std::time::{Duration, Instant};

use super::{LernstadtApp, Project};
use crate::command::Command;
use lernstadt_core::t;

/// How often the window looks whether the file is free again.
const LOOK_EVERY: Duration = Duration::from_millis(200);

/// Changes that wait for the file.
pub struct Waiting {
    /// The changes, in the order asked for.
    commands: Vec<Command>,
    /// What the window waits for, in words ("Waiting for P.lernstadt: in use by another
    /// Lernstadt (merge started 14:02)").
    pub text: String,
    /// When it last looked.
    looked: Instant,
}

impl LernstadtApp {
    /// Keeps `command` (a change of the project) for later when it must wait: changes
    /// asked for earlier still wait, or another program holds the file. Gives it back when
    /// it can be applied now.
    pub(super) fn wait_or_go(&mut self, command: Command) -> Option<Command> {
        if self.waiting.is_none() {
            let Some(text) = self.held_by() else {
                return Some(command);
            };
            self.waiting = Some(Waiting {
                commands: Vec::new(),
                text,
                looked: Instant::now(),
            });
        }
        if let Some(waiting) = &mut self.waiting {
            waiting.commands.push(command);
        }
        None
    }

    /// Looks again whether the file is free; when it is, applies what waited, in order.
    pub(super) fn retry_waiting(&mut self, ctx: &egui::Context) {
        let Some(waiting) = &self.waiting else {
            return;
        };
        ctx.request_repaint_after(LOOK_EVERY);
        if waiting.looked.elapsed() < LOOK_EVERY {
            return;
        }
        let held = self.held_by();
        if let Some(waiting) = &mut self.waiting {
            waiting.looked = Instant::now();
            if let Some(text) = held {
                waiting.text = text;
                return;
            }
        }
        if let Some(waiting) = self.waiting.take() {
            for command in waiting.commands {
                self.apply(command, ctx);
            }
        }
    }

    /// Drops what waits; nothing of it was changed.
    pub(super) fn cancel_waiting(&mut self) {
        if self.waiting.take().is_some() {
            let file = self
                .open_path()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default();
            self.status = Some(t!("app.waiting.cancelled", file = file));
        }
    }

    /// What waiting for the open file means now, when another program holds its write lock
    /// (looked at without waiting); `None` when it is free or not open for writing.
    fn held_by(&self) -> Option<String> {
        let Project::Open { store, .. } = &self.project else {
            return None;
        };
        let path = store.path()?;
        if store.read_only().is_some() {
            return None;
        }
        match store.try_write_lock() {
            Err(error) if error.is_busy() => {
                Some(lernstadt_core::store::holder::waiting_text(path))
            }
            _ => None,
        }
    }
}
