//! One feature's shape: its polygons read from GeoJSON geometry, its coordinate system,
//! its rings checked (closed, not crossing themselves) and reprojected to WGS84, stored as
//! a `MultiPolygon` of six decimals.

use geo::line_intersection::{LineIntersection, line_intersection};
use serde_json::Value as Json;

use super::crs::{Crs, Projector};
use super::keys::{Keys, key_text, region_for};
use crate::t;

/// A polygon: rings of (longitude, latitude), the first the outer one.
type Polygon = Vec<Vec<(f64, f64)>>;

fn rings(value: &Json) -> Option<Vec<Vec<(f64, f64)>>> {
    value
        .as_array()?
        .iter()
        .map(|ring| {
            ring.as_array()?
                .iter()
                .map(|p| {
                    let p = p.as_array()?;
                    Some((p.first()?.as_f64()?, p.get(1)?.as_f64()?))
                })
                .collect()
        })
        .collect()
}

/// The polygons of a geometry, or why it is not a boundary.
fn polygons(geometry: &Json) -> std::result::Result<Vec<Polygon>, String> {
    let kind = geometry.get("type").and_then(Json::as_str).unwrap_or("");
    let coordinates = geometry.get("coordinates").unwrap_or(&Json::Null);
    let bad = || t!("boundaries.bad_coordinates").to_owned();
    match kind {
        "Polygon" => Ok(vec![rings(coordinates).ok_or_else(bad)?]),
        "MultiPolygon" => coordinates
            .as_array()
            .ok_or_else(bad)?
            .iter()
            .map(|p| rings(p).ok_or_else(bad))
            .collect(),
        "" => Err(t!("boundaries.no_geometry").to_owned()),
        other => Err(t!("boundaries.not_polygon", kind = other)),
    }
}

/// Why a ring is no boundary: too short, not closed, or crossing itself.
fn ring_problem(ring: &[(f64, f64)]) -> Option<String> {
    if ring.len() < 4 {
        return Some(t!("boundaries.short_ring", points = ring.len()));
    }
    if ring.first() != ring.last() {
        return Some(t!("boundaries.open_ring").to_owned());
    }
    let segments: Vec<geo::Line<f64>> = ring
        .windows(2)
        .map(|w| {
            geo::Line::new(
                geo::coord! { x: w[0].0, y: w[0].1 },
                geo::coord! { x: w[1].0, y: w[1].1 },
            )
        })
        .collect();
    let n = segments.len();
    // Only segments whose boxes meet can cross: an R-tree finds them in n log n (a
    // boundary of a million points is checked in seconds, not hours).
    let envelope = |line: &geo::Line<f64>| {
        rstar::AABB::from_corners(
            [line.start.x.min(line.end.x), line.start.y.min(line.end.y)],
            [line.start.x.max(line.end.x), line.start.y.max(line.end.y)],
        )
    };
    let tree = rstar::RTree::bulk_load(
        segments
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let b = envelope(line);
                rstar::primitives::GeomWithData::new(
                    rstar::primitives::Rectangle::from_corners(b.lower(), b.upper()),
                    i,
                )
            })
            .collect(),
    );
    for i in 0..n {
        let mut near: Vec<usize> = tree
            .locate_in_envelope_intersecting(&envelope(&segments[i]))
            .map(|found| found.data)
            .filter(|&j| j >= i + 2)
            .collect();
        near.sort_unstable();
        for j in near {
            if i == 0 && j == n - 1 {
                continue; // The closing segment meets the first at the start point.
            }
            let at_ends = |line: &geo::Line<f64>, point: geo::Coord<f64>| {
                line.start == point || line.end == point
            };
            match line_intersection(segments[i], segments[j]) {
                // The ring passes a point twice, touching itself there without crossing
                // (the BKG's Bayern at Pfronten): a boundary as ESRI draws it.
                Some(LineIntersection::SinglePoint {
                    intersection,
                    is_proper: false,
                }) if at_ends(&segments[i], intersection)
                    && at_ends(&segments[j], intersection) => {}
                Some(LineIntersection::SinglePoint { intersection, .. }) => {
                    return Some(t!(
                        "boundaries.self_intersection",
                        x = format!("{:.6}", intersection.x),
                        y = format!("{:.6}", intersection.y)
                    ));
                }
                Some(LineIntersection::Collinear { .. }) => {
                    return Some(t!("boundaries.overlap").to_owned());
                }
                None => {}
            }
        }
    }
    None
}

/// The CRS named by a `crs` member (`urn:ogc:def:crs:EPSG::25832`, `EPSG:25832`,
/// `…CRS84`); `None` when there is none (GeoJSON's default: WGS84). An error names what
/// cannot be read.
pub(super) fn crs_of(value: Option<&Json>) -> std::result::Result<Option<Crs>, String> {
    let Some(value) = value else {
        return Ok(None);
    };
    let name = value
        .pointer("/properties/name")
        .and_then(Json::as_str)
        .unwrap_or_default();
    if name.ends_with("CRS84") || name.ends_with("CRS:84") {
        return Ok(Some(Crs::Wgs84));
    }
    let code = name
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|digits| digits.parse::<u16>().ok());
    match code {
        Some(4326) => Ok(Some(Crs::Wgs84)),
        Some(code) => Ok(Some(Crs::Epsg(code))),
        None => Err(name.to_owned()),
    }
}

/// One feature's region and its geometry as stored (a WGS84 `MultiPolygon`, 6 decimals).
pub(super) fn feature_shape(
    feature: &Json,
    file_crs: &std::result::Result<Option<Crs>, String>,
    property: Option<&str>,
    keys: &Keys,
) -> std::result::Result<(uuid::Uuid, String), String> {
    let Some(property) = property else {
        let names: Vec<String> = feature
            .get("properties")
            .and_then(Json::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        return Err(t!(
            "boundaries.no_key_property",
            properties = names.join(", ")
        ));
    };
    let key = feature
        .pointer(&format!(
            "/properties/{}",
            property.replace('~', "~0").replace('/', "~1")
        ))
        .and_then(key_text)
        .filter(|k| !k.is_empty())
        .ok_or_else(|| t!("boundaries.no_key", property = property))?;
    let region =
        region_for(keys, &key).ok_or_else(|| t!("boundaries.unknown_region", key = key))?;
    let crs = match crs_of(feature.get("crs")) {
        Ok(Some(crs)) => Some(crs),
        Ok(None) => match file_crs {
            Ok(crs) => crs.clone(),
            Err(name) => return Err(t!("boundaries.unreadable_crs", name = name)),
        },
        Err(name) => return Err(t!("boundaries.unreadable_crs", name = name)),
    };
    let geometry = feature
        .get("geometry")
        .filter(|g| !g.is_null())
        .ok_or_else(|| t!("boundaries.no_geometry").to_owned())?;
    let polygons = polygons(geometry)?;
    let projector = Projector::new(crs.as_ref().unwrap_or(&Crs::Wgs84))?;
    let mut out: Vec<Vec<Vec<[f64; 2]>>> = Vec::new();
    for polygon in &polygons {
        let mut projected = Vec::new();
        for ring in polygon {
            if crs.is_none() && ring.iter().any(|(x, y)| x.abs() > 180.0 || y.abs() > 90.0) {
                return Err(t!("boundaries.looks_projected").to_owned());
            }
            let ring: Vec<(f64, f64)> = ring
                .iter()
                .map(|(x, y)| projector.point(*x, *y))
                .collect::<std::result::Result<_, _>>()?;
            if let Some(problem) = ring_problem(&ring) {
                return Err(problem);
            }
            if ring
                .iter()
                .any(|(x, y)| !x.is_finite() || !y.is_finite() || x.abs() > 180.0 || y.abs() > 90.0)
            {
                return Err(t!("boundaries.bad_coordinates").to_owned());
            }
            let round = |v: f64| (v * 1e6).round() / 1e6;
            projected.push(ring.iter().map(|(x, y)| [round(*x), round(*y)]).collect());
        }
        out.push(projected);
    }
    let geometry = serde_json::json!({ "type": "MultiPolygon", "coordinates": out });
    Ok((region, geometry.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crs_names_are_read() {
        let name = |n: &str| serde_json::json!({ "type": "name", "properties": { "name": n } });
        assert_eq!(
            crs_of(Some(&name("urn:ogc:def:crs:EPSG::25832"))),
            Ok(Some(Crs::Epsg(25832)))
        );
        assert_eq!(
            crs_of(Some(&name("EPSG:25833"))),
            Ok(Some(Crs::Epsg(25833)))
        );
        assert_eq!(
            crs_of(Some(&name("urn:ogc:def:crs:OGC:1.3:CRS84"))),
            Ok(Some(Crs::Wgs84))
        );
        assert_eq!(crs_of(None), Ok(None));
        assert!(crs_of(Some(&name("Gauss-Krüger"))).is_err());
    }

    #[test]
    fn a_bow_tie_crosses_itself() {
        let bow = [(0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)];
        assert!(ring_problem(&bow).is_some());
        let square = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)];
        assert_eq!(ring_problem(&square), None);
        // Two triangles meeting at a point the ring passes twice: it touches, not crosses.
        let touching = [
            (0.0, 0.0),
            (1.0, 1.0),
            (2.0, 0.0),
            (2.0, 2.0),
            (1.0, 1.0),
            (0.0, 2.0),
            (0.0, 0.0),
        ];
        assert_eq!(ring_problem(&touching), None);
        // A point of the ring on one of its edges is a crossing still.
        let t_touch = [
            (0.0, 0.0),
            (2.0, 0.0),
            (1.0, 1.0),
            (1.0, 0.0),
            (0.5, 2.0),
            (0.0, 0.0),
        ];
        assert!(ring_problem(&t_touch).is_some());
    }

    /// A boundary of 200,000 points is checked whole (pair by pair it took hours): sound as
    /// drawn, crossing itself once two of its points are swapped.

    #[test]
    fn a_long_ring_is_checked_whole() {
        let n: u32 = 200_000;
        let mut ring: Vec<(f64, f64)> = (0..n)
            .map(|k| {
                let angle = std::f64::consts::TAU * f64::from(k) / f64::from(n);
                (angle.cos(), angle.sin())
            })
            .collect();
        ring.push(ring[0]);
        assert_eq!(ring_problem(&ring), None);
        ring.swap(1_000, 1_001);
        assert!(ring_problem(&ring).is_some());
    }
}
