//! Queries over working groups.

use rusqlite::Connection;

use super::Result;
use crate::model::WorkingGroup;

/// Every one, ordered for display.
pub fn list(conn: &Connection) -> Result<Vec<WorkingGroup>> {
    let mut all: Vec<WorkingGroup> = super::entity::list(conn)?;
    all.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(all)
}
