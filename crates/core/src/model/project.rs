//! The project and its regions: my region's key, the comparison regions, the regions'
//! tree and their boundaries.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::RegionLevel;

/// The project itself: one per file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The project's name, the title of its report; not empty.
    pub name: String,
    /// The name of the municipality the project plans for.
    pub municipality: String,
    /// Official region key (AGS with 8 digits or ARS with 12), kept as text.
    pub region_key: String,
    /// What the project is about, free text.
    pub description: String,
    /// `de` or `en`.
    pub default_language: String,
    /// Who made the project (free text, e.g. the education office); the report names them.
    pub authors: String,
    /// Small counts protected when published: counts above zero and below this (and what
    /// would reveal them) are not shown; `None`: no rule.
    #[serde(default)]
    pub protect_min_count: Option<i64>,
    /// The name of the list of comparison regions (e.g. "Vergleichskreise"); empty: none
    /// given.
    #[serde(default)]
    pub comparison_name: String,
}

/// A region the project compares my region with: its charts, report, pictures and slides
/// draw it beside my region and its parents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonRegion {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The region.
    pub region: Uuid,
    /// Its place in the list, ascending.
    pub position: i64,
}

/// A region: the city, its districts, or any other area data is kept for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// AGS/ARS or the city's own district code; always text, leading zeros kept.
    pub key: String,
    /// The region's name; not empty.
    pub name: String,
    /// Its administrative level.
    pub level: RegionLevel,
    /// The region it is part of; `None` for the top region.
    pub parent: Option<Uuid>,
}

/// A region's boundary: a `GeoJSON` `Polygon` or `MultiPolygon` in WGS84 longitude/latitude.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionShape {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The region it bounds; a region has at most one shape.
    pub region: Uuid,
    /// The `GeoJSON` geometry object, as text.
    pub geometry: String,
}
