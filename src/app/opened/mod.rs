//! Project files the operating system asks the running program to open (on macOS a
//! double-clicked project arrives as an event, not on the command line): queued here by the
//! platform code, taken by the window when it starts and on every frame after (into the
//! app's own `asked_to_open`).

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

#[cfg(target_os = "macos")]
mod macos;

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static WINDOW: OnceLock<egui::Context> = OnceLock::new();

/// Starts listening, where the platform needs it; before the window's event loop exists.
pub fn install() {
    #[cfg(target_os = "macos")]
    macos::install();
}

/// Queues files to open and wakes the window, if it is up.
pub fn push(paths: Vec<PathBuf>) {
    if paths.is_empty() {
        return;
    }
    log::info!("asked to open {paths:?}");
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .extend(paths);
    if let Some(ctx) = WINDOW.get() {
        ctx.request_repaint();
    }
}

/// The files asked for since the last call, oldest first.
#[must_use]
pub fn take() -> Vec<PathBuf> {
    std::mem::take(
        &mut *PENDING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    )
}

/// The files asked for since the last call, for the window the program opened (see
/// [`watch`]); nothing for any other app in the process — test harnesses running side by
/// side never take each other's files.
#[must_use]
pub fn take_for_window() -> Vec<PathBuf> {
    if WINDOW.get().is_some() {
        take()
    } else {
        Vec::new()
    }
}

/// The window to wake when a file is asked for.
pub fn watch(ctx: &egui::Context) {
    let _ = WINDOW.set(ctx.clone());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_asked_for_are_taken_once_in_order() {
        push(vec![PathBuf::from("a.lernstadt")]);
        push(Vec::new());
        push(vec![PathBuf::from("b.lernstadt")]);
        assert_eq!(
            take(),
            [PathBuf::from("a.lernstadt"), PathBuf::from("b.lernstadt")]
        );
        assert!(take().is_empty());
    }
}
