//! Queries over stakeholders.

use rusqlite::Connection;

use super::Result;
use crate::model::Stakeholder;

/// Every one, ordered for display.
pub fn list(conn: &Connection) -> Result<Vec<Stakeholder>> {
    let mut all: Vec<Stakeholder> = super::entity::list(conn)?;
    all.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(all)
}
