//! Computed indicators kept current: at the end of every action, in its transaction, the
//! indicators whose formulas read what the action changed (an import, an edit, an undo, a
//! merge, a changed formula) are computed again. Computed values are derived state: they
//! are written in bulk and not logged one by one — undoing the inputs computes them again
//! from the inputs as they were, so one undo takes back both, a merge computes them from
//! this copy's inputs, and a computed value is never stale.
//!
//! A formula that reads itself, directly or through others, is refused with the loop named;
//! an action that would leave a formula reading an indicator that no longer exists is
//! refused with both named.

use std::collections::BTreeMap;

mod compute;
mod order;
mod preview;
mod refresh;
mod save;

pub use compute::compute;
pub use order::{computed, order};
pub use preview::{Previewed, preview, why_empty};
pub use refresh::{changed_codes, matters, refresh, region_matters, standardising};
pub use save::{counts, save};

/// What computing one indicator wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Derived {
    /// Values it has now.
    pub values: usize,
    /// Of those, how many are numbers.
    pub numbers: usize,
    /// And how many each symbol stands for.
    pub symbols: BTreeMap<String, usize>,
    /// Observations written by this computation.
    pub changed: usize,
}
