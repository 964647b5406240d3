//! What a boundary file's reader hands over: its features with the file's coordinate
//! system, read from GeoJSON (`boundaries`), a Shapefile or a `GeoPackage`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value as Json;

use super::crs::Crs;

/// Features read from a boundary file (GeoJSON, a Shapefile, a `GeoPackage`'s layer), each a
/// GeoJSON `Feature` whose geometry is in `crs`.
pub(super) struct Features<'a> {
    /// The file, as the report and the import's label name it.
    pub path: &'a Path,
    /// The file's SHA-256 in lowercase hex.
    pub sha256: String,
    /// The features, each a GeoJSON `Feature`.
    #[expect(
        clippy::struct_field_names,
        reason = "features of a file are what a reader reads; `items` would say less"
    )]
    pub features: Vec<Json>,
    /// The file's CRS; `Ok(None)` when it names none (then WGS84 is assumed and checked),
    /// `Err` with the name of one that cannot be read.
    pub crs: std::result::Result<Option<Crs>, String>,
    /// Features whose geometry could not be read, by index, with the reason.
    pub unreadable: BTreeMap<usize, String>,
    /// The attributes' encoding and what says so (a Shapefile's); `None` where the format
    /// fixes it (GeoJSON and `GeoPackage` are UTF-8).
    pub encoding: Option<String>,
}
