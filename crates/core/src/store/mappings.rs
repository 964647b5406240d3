//! Planners' saved column roles: one per kind of file, found by name or by the header of
//! the next file.

use rusqlite::Connection;

use super::Result;
use crate::model::Mapping;

/// A header as a mapping keeps it: its cells, trimmed, joined by `;`.
#[must_use]
pub fn header_text(header: &[String]) -> String {
    header
        .iter()
        .map(|cell| cell.trim_start_matches('\u{feff}').trim())
        .collect::<Vec<_>>()
        .join(";")
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

/// The first saved mapping made for a file with this header.
#[must_use]
pub fn for_header<'a>(mappings: &'a [Mapping], header: &[String]) -> Option<&'a Mapping> {
    let text = header_text(header);
    mappings.iter().find(|m| m.header == text)
}
