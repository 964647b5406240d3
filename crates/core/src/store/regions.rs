//! Queries over regions.

use rusqlite::Connection;

use super::Result;
use crate::model::Region;

/// Every one, ordered for display.
pub fn list(conn: &Connection) -> Result<Vec<Region>> {
    let mut all: Vec<Region> = super::entity::list(conn)?;
    all.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(all)
}
