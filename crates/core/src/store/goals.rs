//! Queries over goals.

use rusqlite::Connection;

use super::Result;
use crate::model::Goal;

/// Every one, ordered for display.
pub fn list(conn: &Connection) -> Result<Vec<Goal>> {
    let mut all: Vec<Goal> = super::entity::list(conn)?;
    all.sort_by_key(|goal| goal.position);
    Ok(all)
}
