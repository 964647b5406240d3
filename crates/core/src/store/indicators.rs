//! Queries over indicators.

use rusqlite::Connection;

use super::Result;
use crate::model::Indicator;

/// Every one, ordered for display.
pub fn list(conn: &Connection) -> Result<Vec<Indicator>> {
    let mut all: Vec<Indicator> = super::entity::list(conn)?;
    all.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(all)
}
