//! How far a long piece of work is (a comparison, a merge, a copy, the report), readable from
//! the window's thread while a worker does it, and the user's wish to cancel it. Work that
//! is cancelled stops at its next look and leaves everything as it was: a merge rolls its
//! transaction back, a copy or report removes what it had written beside its target.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Progress of one piece of work.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
    cancel: AtomicBool,
    /// What the work waits for before it can start (a file another program holds).
    waiting: std::sync::Mutex<Option<String>>,
}

impl Progress {
    /// Starts a stage of `total` steps (0: not known).
    pub fn start(&self, total: u64) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// Counts `steps` more done.
    pub fn advance(&self, steps: u64) {
        self.done.fetch_add(steps, Ordering::Relaxed);
    }

    /// The share done, 0 to 1; `None` while the total is not known.
    #[must_use]
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total.load(Ordering::Relaxed);
        (total > 0).then(|| (self.done.load(Ordering::Relaxed) as f32 / total as f32).min(1.0))
    }

    /// Says what the work waits for (`None`: it waits no more).
    pub fn set_waiting(&self, what: Option<String>) {
        if let Ok(mut waiting) = self.waiting.lock() {
            *waiting = what;
        }
    }

    /// What the work waits for, in words, while it waits.
    #[must_use]
    pub fn waiting(&self) -> Option<String> {
        self.waiting.lock().ok().and_then(|waiting| waiting.clone())
    }

    /// Asks the work to stop.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether the work was asked to stop.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// An error to stop with when the work was asked to stop.
    pub fn check(&self) -> crate::store::Result<()> {
        if self.is_cancelled() {
            Err(crate::store::StoreError::Cancelled)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_cancels() {
        let progress = Progress::default();
        assert_eq!(progress.fraction(), None);
        progress.start(4);
        progress.advance(1);
        assert_eq!(progress.fraction(), Some(0.25));
        progress.advance(10);
        assert_eq!(progress.fraction(), Some(1.0));
        assert!(progress.check().is_ok());
        progress.cancel();
        assert!(matches!(
            progress.check(),
            Err(crate::store::StoreError::Cancelled)
        ));
    }
}
