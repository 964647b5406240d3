//! Planners' saved column roles: one per kind of file, found by name or by the header of
//! the next file.

use rusqlite::Connection;

use super::Result;
use crate::model::Mapping;

/// A header as a mapping keeps it: its cells, trimmed, joined by `;`
/// ([`Mapping::header_text`]).
#[must_use]
pub fn header_text(header: &[String]) -> String {
    Mapping::header_text(header)
}

/// Every saved mapping, by name.
pub fn list(conn: &Connection) -> Result<Vec<Mapping>> {
    let mut all: Vec<Mapping> = super::entity::list(conn)?;
    all.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(all)
}

/// The mapping called `name`.
pub fn by_name(conn: &Connection, name: &str) -> Result<Option<Mapping>> {
    Ok(list(conn)?.into_iter().find(|m| m.name == name.trim()))
}
