//! Which reader a file of boundaries takes: GeoJSON, a Shapefile (or a `.zip` holding
//! one), a `GeoPackage`'s layer.

use std::path::Path;

use super::geojson::{import_geojson, is_geojson};
use super::write::import_features;
use super::{BoundaryOptions, geopackage, shapefile};
use crate::import::{ImportError, Report};
use crate::store::Store;

/// What importing a file of boundaries comes to.
type Result<T> = std::result::Result<T, ImportError>;

/// Whether a file holds boundaries rather than a table: GeoJSON, a Shapefile, a `.zip`
/// holding one, a `GeoPackage`.
#[must_use]
pub fn is_boundaries(path: &Path) -> bool {
    is_geojson(path)
        || shapefile::is_shapefile(path)
        || geopackage::is_geopackage(path)
        || shapefile::is_shapefile_zip(path)
}

/// The layers a boundary file holds when it can hold several (a `GeoPackage`'s layers of
/// features, a `.zip`'s Shapefiles); empty for the others.
pub fn layers(path: &Path) -> Result<Vec<String>> {
    if geopackage::is_geopackage(path) {
        geopackage::layers(path)
    } else if shapefile::is_shapefile_zip(path) {
        shapefile::layers_in_zip(path)
    } else {
        Ok(Vec::new())
    }
}

/// Imports the boundaries of a GeoJSON file, a Shapefile (or a `.zip` holding one) or a
/// `GeoPackage`'s layer as one action.
pub fn import_boundaries(
    store: &mut Store,
    path: &Path,
    options: &BoundaryOptions,
) -> Result<Report> {
    let BoundaryOptions {
        key_property,
        layer,
        dry_run,
    } = options;
    let read = if geopackage::is_geopackage(path) {
        geopackage::read(path, layer.as_deref())?
    } else if shapefile::is_shapefile(path) || shapefile::is_shapefile_zip(path) {
        shapefile::read(path, layer.as_deref())?
    } else {
        return import_geojson(store, path, key_property.as_deref(), *dry_run);
    };
    import_features(store, read, key_property.as_deref(), *dry_run)
}
