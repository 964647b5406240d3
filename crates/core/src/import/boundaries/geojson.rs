//! GeoJSON: a `FeatureCollection` or one `Feature`, its coordinate system named in its
//! `crs` member.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value as Json;
use sha2::Digest as _;

use super::features::Features;
use super::shape::crs_of;
use super::write::import_features;
use crate::import::{ImportError, Report};
use crate::store::Store;
use crate::t;

/// What importing a file of boundaries comes to.
type Result<T> = std::result::Result<T, ImportError>;

/// Whether a file holds boundaries (GeoJSON) rather than a table, by its extension.
#[must_use]
pub fn is_geojson(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("geojson") || e.eq_ignore_ascii_case("json"))
}

/// Imports the boundaries in `path`.
pub fn import_geojson(
    store: &mut Store,
    path: &Path,
    key_property: Option<&str>,
    dry_run: bool,
) -> Result<Report> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })?;
    let invalid = |message: String| ImportError::Boundaries { message };
    let mut document: Json = serde_json::from_slice(&bytes)
        .map_err(|e| invalid(t!("boundaries.not_json", file = path.display(), error = e)))?;
    let sha256 = format!("{:x}", sha2::Sha256::digest(&bytes));
    drop(bytes);
    let file_crs = crs_of(document.get("crs"));
    // The features are taken out of the document, not copied: a boundary file of a million
    // points is held once.
    let kind = document
        .get("type")
        .and_then(Json::as_str)
        .map(str::to_owned);
    let features: Vec<Json> = match kind.as_deref() {
        Some("FeatureCollection") => match document.get_mut("features").map(Json::take) {
            Some(Json::Array(features)) => features,
            _ => Vec::new(),
        },
        Some("Feature") => vec![document.take()],
        _ => return Err(invalid(t!("boundaries.not_geojson", file = path.display()))),
    };
    import_features(
        store,
        Features {
            path,
            sha256,
            features,
            crs: file_crs,
            unreadable: BTreeMap::new(),
            encoding: None,
        },
        key_property,
        dry_run,
    )
}
