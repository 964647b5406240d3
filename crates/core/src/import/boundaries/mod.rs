//! District boundaries from GeoJSON: each feature's polygon linked to a region by a key
//! property, reprojected to WGS84 longitude/latitude when the file names a projected CRS
//! (`EPSG:25832` and the like, through `proj4rs`), checked, and stored as one import.
//!
//! A bad feature (no polygon, a ring that crosses itself, an unknown CRS, no key or a key
//! that is no region) is reported by its index and left out; the good ones come in.
//!
//! One file per part: `formats` chooses the reader, `geojson`, `shapefile` and `geopackage`
//! read their format into `features` with `crs` naming its coordinate system,
//! `keys` finds each feature's region, `shape` checks and reprojects its polygons, and
//! `write` stores them as one import.

mod crs;
mod features;
mod formats;
mod geojson;
pub mod geopackage;
mod keys;
mod shape;
pub mod shapefile;
mod write;

pub use formats::{import_boundaries, is_boundaries, layers};
pub use geojson::{import_geojson, is_geojson};

/// How to read a boundary file.
#[derive(Clone, Debug, Default)]
pub struct BoundaryOptions {
    /// The property (attribute, column) holding the region key; detected when `None`.
    pub key_property: Option<String>,
    /// The layer of a `GeoPackage`, or the Shapefile in a `.zip`, when it holds several.
    pub layer: Option<String>,
    /// Read and check everything, write nothing.
    pub dry_run: bool,
}
