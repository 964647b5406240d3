//! District boundaries as shapes: the stored `GeoJSON` geometry read back for drawing and
//! hit-testing. Boundaries are stored in WGS84 longitude/latitude.

/// Parses a stored boundary (a `GeoJSON` `Polygon` or `MultiPolygon`).
#[must_use]
pub fn parse(geometry: &str) -> Option<geo::MultiPolygon<f64>> {
    let value: serde_json::Value = serde_json::from_str(geometry).ok()?;
    let ring = |ring: &serde_json::Value| -> Option<geo::LineString<f64>> {
        Some(geo::LineString::from(
            ring.as_array()?
                .iter()
                .map(|p| {
                    let p = p.as_array()?;
                    Some((p.first()?.as_f64()?, p.get(1)?.as_f64()?))
                })
                .collect::<Option<Vec<(f64, f64)>>>()?,
        ))
    };
    let polygon = |rings: &serde_json::Value| -> Option<geo::Polygon<f64>> {
        let rings = rings.as_array()?;
        let exterior = ring(rings.first()?)?;
        let interiors = rings[1..].iter().map(ring).collect::<Option<Vec<_>>>()?;
        Some(geo::Polygon::new(exterior, interiors))
    };
    let coordinates = value.get("coordinates")?;
    match value.get("type")?.as_str()? {
        "Polygon" => Some(geo::MultiPolygon(vec![polygon(coordinates)?])),
        "MultiPolygon" => Some(geo::MultiPolygon(
            coordinates
                .as_array()?
                .iter()
                .map(polygon)
                .collect::<Option<Vec<_>>>()?,
        )),
        _ => None,
    }
}
