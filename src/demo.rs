//! The built-in demo project: a fictional city, generated deterministically in code.

use std::path::Path;

use crate::store::{ActionKind, Result, Store};

/// The demo project's name.
pub const NAME: &str = "Bildungsmonitoring Musterstadt";

/// Creates the demo project at `path` (which must not exist).
pub fn create(path: &Path) -> Result<Store> {
    Store::create_with(path, fill)
}

/// Fills a new, empty file with the demo project.
pub fn fill(store: &mut Store) -> Result<()> {
    store.transact(ActionKind::Create, "demo.create", |tx| crate::store::project::create(tx, NAME))
}
