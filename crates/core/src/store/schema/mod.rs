//! The schema: creating it, checking a file against it, and upgrading older files.
//!
//! `schema.sql` at the root of this crate is the one source of the current schema. An older
//! version's schema is the current one without the objects later upgrade steps add (see
//! [`STEPS`]); a step that changes an existing table must add that table's old text in `upgrade`.
//!
//! The upgrade is tested on projects as the older versions wrote them, frozen as SQL dumps
//! in `tests/fixtures/version-N.sql` (see `upgrade`'s tests): a new version's step comes with a
//! dump of the version before it.

mod initialise;
mod objects;
mod upgrade;
mod verify;

pub use initialise::initialise;
pub use objects::{Object, normalise_sql, objects};
pub use upgrade::{STEPS, Step, backup_path, migrate};
pub use verify::verify;

/// The schema this build creates.
pub const SCHEMA: &str = include_str!("../../../schema.sql");

/// The schema version this build writes.
pub const CURRENT_VERSION: i32 = 10;
