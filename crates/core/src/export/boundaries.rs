//! The project's boundaries as one GeoJSON `FeatureCollection` in WGS84 — each region with
//! a boundary, its key, name and level as properties — so a planner can take them to QGIS
//! (`lernstadt export FILE boundaries --out X.geojson`). A region drawn with the official
//! boundaries the program ships carries their attribution, as their licence asks.

use std::path::Path;

use serde_json::{Value as Json, json};

use super::{ExportError, Written};
use crate::store::Store;

/// A `MultiPolygon` of `geo` as GeoJSON coordinates.
fn coordinates(shape: &geo::MultiPolygon<f64>) -> Json {
    let ring = |ring: &geo::LineString<f64>| -> Vec<[f64; 2]> {
        ring.coords().map(|c| [c.x, c.y]).collect()
    };
    Json::Array(
        shape
            .0
            .iter()
            .map(|polygon| {
                let mut rings = vec![ring(polygon.exterior())];
                rings.extend(polygon.interiors().iter().map(ring));
                json!(rings)
            })
            .collect(),
    )
}

/// Writes the boundaries of the project's regions to `out` (`.geojson` or `.json`).
pub fn write_geojson(store: &Store, out: &Path) -> Result<Written, ExportError> {
    crate::store::output::check_extension(out, &["geojson", "json"])?;
    let conn = store.conn();
    let regions = crate::store::regions::list(conn)?;
    let own: Vec<crate::model::RegionShape> = crate::store::entity::list(conn)?;
    // Only whose they are counts here, not the shapes themselves.
    let own_uuids: Vec<(uuid::Uuid, geo::MultiPolygon<f64>)> = own
        .iter()
        .map(|s| (s.region, geo::MultiPolygon(Vec::new())))
        .collect();
    let official = crate::snapshot::official_shapes(&regions, &own_uuids);
    let shipped = crate::model::official_boundaries::shipped();
    let mut features = Vec::new();
    for region in &regions {
        let properties = |source: &str| {
            json!({
                "key": region.key,
                "name": region.name,
                "level": region.level.code(),
                "source": source,
            })
        };
        if let Some(shape) = own.iter().find(|s| s.region == region.uuid) {
            let Ok(geometry) = serde_json::from_str::<Json>(&shape.geometry) else {
                continue;
            };
            features.push(json!({
                "type": "Feature",
                "properties": properties(""),
                "geometry": geometry,
            }));
        } else if official.contains(&region.uuid)
            && let Some(shape) = shipped.shape(region.key.trim())
        {
            features.push(json!({
                "type": "Feature",
                "properties": properties(&shipped.attribution),
                "geometry": { "type": "MultiPolygon", "coordinates": coordinates(shape) },
            }));
        }
    }
    let rows = features.len() as u64;
    let collection = json!({ "type": "FeatureCollection", "features": features });
    let text = collection.to_string();
    crate::store::output::write(out, text.as_bytes())?;
    Ok(Written {
        path: out.to_owned(),
        rows,
        bytes: text.len() as u64,
        sources: None,
    })
}
