//! Whether a map has a boundary to draw: the project's own, or the official ones the
//! program ships for regions with an official key.

use uuid::Uuid;

use crate::store::{Result, entity};

/// Whether a map of the project has a boundary to draw: one of its own, or one the
/// program ships for a region with an official key.
pub fn has_boundaries(conn: &rusqlite::Connection) -> Result<bool> {
    let own: Vec<crate::model::RegionShape> = entity::list(conn)?;
    if !own.is_empty() {
        return Ok(true);
    }
    let regions = crate::store::regions::list(conn)?;
    Ok(!official_shapes(&regions, &[]).is_empty())
}

/// The regions without a boundary of their own that the shipped official boundaries
/// draw: those whose key is official for their level (a city's Stadtteil `12` is no
/// Brandenburg) and is in the shipped set.
pub(crate) fn official_shapes(
    regions: &[crate::model::Region],
    shapes: &[(Uuid, geo::MultiPolygon<f64>)],
) -> std::collections::HashSet<Uuid> {
    let own: std::collections::HashSet<Uuid> = shapes.iter().map(|(uuid, _)| *uuid).collect();
    let candidates: Vec<&crate::model::Region> = regions
        .iter()
        .filter(|r| !own.contains(&r.uuid))
        .filter(|r| {
            crate::model::is_official(&r.key, &r.name)
                && crate::model::level_of_official_key(&r.key) == Some(r.level)
        })
        .collect();
    if candidates.is_empty() {
        return std::collections::HashSet::new();
    }
    let shipped = crate::model::official_boundaries::shipped();
    candidates
        .into_iter()
        .filter(|r| shipped.shape(r.key.trim()).is_some())
        .map(|r| r.uuid)
        .collect()
}
