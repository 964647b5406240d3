//! Queries over measures.

use rusqlite::Connection;

use super::Result;
use crate::model::Measure;

/// Every one, ordered for display.
pub fn list(conn: &Connection) -> Result<Vec<Measure>> {
    let mut all: Vec<Measure> = super::entity::list(conn)?;
    all.sort_by(|a, b| a.title.cmp(&b.title));
    Ok(all)
}
