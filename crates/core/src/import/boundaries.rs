//! District boundaries from GeoJSON: each feature's polygon linked to a region by a key
//! property, reprojected to WGS84 longitude/latitude when the file names a projected CRS
//! (`EPSG:25832` and the like, through `proj4rs`), checked, and stored as one import.
//!
//! A bad feature (no polygon, a ring that crosses itself, an unknown CRS, no key or a key
//! that is no region) is reported by its index and left out; the good ones come in.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use geo::line_intersection::{LineIntersection, line_intersection};
use serde_json::Value as Json;
use sha2::Digest as _;

use super::ImportError;
use super::Report;
use super::boundary_features::Features;
use super::crs::{Crs, Projector};
use crate::model::RegionShape;
use crate::model::validate::{TextKind, clean_text};
use crate::store::{ActionKind, Store};
use crate::t;

/// What importing a file of boundaries comes to.
type Result<T> = std::result::Result<T, ImportError>;

/// The CRS named by a `crs` member (`urn:ogc:def:crs:EPSG::25832`, `EPSG:25832`,
/// `…CRS84`); `None` when there is none (GeoJSON's default: WGS84). An error names what
/// cannot be read.
fn crs_of(value: Option<&Json>) -> std::result::Result<Option<Crs>, String> {
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

/// A property value as a key: text as it is (one line, see
/// [`crate::model::validate::clean_text`]), a whole number without decimals.
fn key_text(value: &Json) -> Option<String> {
    match value {
        Json::String(text) => Some(clean_text(TextKind::Line, text.trim()).into_owned()),
        Json::Number(number) => Some(
            number
                .as_i64()
                .map_or_else(|| number.to_string(), |n| n.to_string()),
        ),
        _ => None,
    }
}

/// A feature's name: a property whose name says so (`name`, `PLR_NAME`, `GEN`,
/// `bezeichnung`), not the key `property`; one line, as a region's name is.
fn feature_name<'a>(feature: &'a Json, property: Option<&str>) -> Cow<'a, str> {
    let name = feature
        .get("properties")
        .and_then(Json::as_object)
        .and_then(|all| {
            all.iter()
                .filter(|(name, _)| Some(name.as_str()) != property)
                .find(|(name, value)| {
                    let name = name.to_lowercase();
                    value.is_string()
                        && (name.contains("name") || name == "gen" || name.contains("bezeichnung"))
                })
                .and_then(|(_, value)| value.as_str())
        })
        .map_or("", str::trim);
    clean_text(TextKind::Line, name)
}

/// A feature as a problem names it: its key and its name, where it has them.
fn feature_subject(feature: &Json, property: Option<&str>) -> String {
    let properties = feature.get("properties").and_then(Json::as_object);
    let key = property
        .and_then(|p| properties.and_then(|all| all.get(p)))
        .and_then(key_text)
        .unwrap_or_default();
    let name = feature_name(feature, property);
    match (key.is_empty(), name.is_empty()) {
        (true, true) => t!("boundaries.subject_unnamed").to_owned(),
        (false, true) => t!("boundaries.subject_key", key = key),
        (true, false) => t!("boundaries.subject_name", name = name),
        (false, false) => t!("boundaries.subject", key = key, name = name),
    }
}

/// One warning listing the project's regions, at the levels the file gave boundaries for,
/// that have none after the import.
fn note_regions_without_boundary(
    report: &mut Report,
    regions: &[crate::model::Region],
    given_by: &BTreeMap<uuid::Uuid, usize>,
    store: &Store,
) -> Result<()> {
    if given_by.is_empty() {
        return Ok(());
    }
    let with_shape: Vec<RegionShape> = crate::store::entity::list(store.conn())?;
    let levels: Vec<crate::model::RegionLevel> = regions
        .iter()
        .filter(|r| given_by.contains_key(&r.uuid))
        .map(|r| r.level)
        .collect();
    // A region the shipped official boundaries draw has a boundary too.
    let official = crate::snapshot::official_shapes(regions, &[]);
    let missing: Vec<&crate::model::Region> = regions
        .iter()
        .filter(|r| levels.contains(&r.level))
        .filter(|r| !given_by.contains_key(&r.uuid))
        .filter(|r| !with_shape.iter().any(|s| s.region == r.uuid))
        .filter(|r| !official.contains(&r.uuid))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut listed = missing
        .iter()
        .take(10)
        .map(|r| format!("{} {}", r.key, r.name))
        .collect::<Vec<_>>()
        .join(", ");
    if missing.len() > 10 {
        listed.push_str(", …");
    }
    report.problem(
        0,
        None,
        t!(
            "boundaries.without",
            count = missing.len(),
            regions = listed
        ),
        true,
    );
    Ok(())
}

/// The project's region keys, as written and without their leading zeros.
struct Keys {
    exact: BTreeMap<String, uuid::Uuid>,
    bare: BTreeMap<String, uuid::Uuid>,
}

impl Keys {
    fn new(regions: &[crate::model::Region]) -> Keys {
        let exact: BTreeMap<String, uuid::Uuid> =
            regions.iter().map(|r| (r.key.clone(), r.uuid)).collect();
        let mut bare = BTreeMap::new();
        for (key, uuid) in &exact {
            let trimmed = key.trim_start_matches('0');
            if !trimmed.is_empty() {
                bare.entry(trimmed.to_owned()).or_insert(*uuid);
            }
        }
        Keys { exact, bare }
    }
}

/// Matches a key to a region, also when a spreadsheet dropped leading zeros.
fn region_for(keys: &Keys, key: &str) -> Option<uuid::Uuid> {
    if let Some(uuid) = keys.exact.get(key) {
        return Some(*uuid);
    }
    let bare = key.trim_start_matches('0');
    if bare.is_empty() {
        return None;
    }
    if let Some(uuid) = keys.bare.get(bare) {
        return Some(*uuid);
    }
    // An official key whose last parts are zeros is also the region above it, when the
    // project knows only that one: Hamburg's Kreis `02000` and Gemeinde `020000000000`
    // are the Land `02`, as the Regionaldatenbank lists the city-states.
    if key.bytes().all(|b| b.is_ascii_digit()) {
        for length in [9, 5, 3, 2] {
            if key.len() > length
                && key[length..].bytes().all(|b| b == b'0')
                && let Some(uuid) = keys.exact.get(&key[..length])
            {
                return Some(*uuid);
            }
        }
    }
    None
}

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

/// Whether a file holds boundaries rather than a table: GeoJSON, a Shapefile, a `.zip`
/// holding one, a `GeoPackage`.
#[must_use]
pub fn is_boundaries(path: &Path) -> bool {
    is_geojson(path)
        || super::shapefile::is_shapefile(path)
        || super::geopackage::is_geopackage(path)
        || super::shapefile::is_shapefile_zip(path)
}

/// The layers a boundary file holds when it can hold several (a `GeoPackage`'s layers of
/// features, a `.zip`'s Shapefiles); empty for the others.
pub fn layers(path: &Path) -> Result<Vec<String>> {
    if super::geopackage::is_geopackage(path) {
        super::geopackage::layers(path)
    } else if super::shapefile::is_shapefile_zip(path) {
        super::shapefile::layers_in_zip(path)
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
    let read = if super::geopackage::is_geopackage(path) {
        super::geopackage::read(path, layer.as_deref())?
    } else if super::shapefile::is_shapefile(path) || super::shapefile::is_shapefile_zip(path) {
        super::shapefile::read(path, layer.as_deref())?
    } else {
        return import_geojson(store, path, key_property.as_deref(), *dry_run);
    };
    import_features(store, read, key_property.as_deref(), *dry_run)
}

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

/// The features of a BKG file (VG250, VG5000) that are water areas — `GF` 1 or 2 in
/// VG250, 8 in VG5000: the sea before a coast, the Bodensee — beside a land area of the same
/// key: the land area is the region's boundary, the water would be a second one.
fn water_beside_land(
    features: &[Json],
    property: Option<&str>,
) -> std::collections::BTreeSet<usize> {
    let Some(property) = property else {
        return std::collections::BTreeSet::new();
    };
    let gf = |feature: &Json| {
        feature
            .get("properties")
            .and_then(|p| p.get("GF"))
            .and_then(Json::as_i64)
    };
    let key = |feature: &Json| {
        feature
            .get("properties")
            .and_then(|p| p.get(property))
            .and_then(key_text)
    };
    let is_water = |feature: &Json| matches!(gf(feature), Some(1 | 2 | 8));
    let land: std::collections::BTreeSet<String> = features
        .iter()
        .filter(|f| gf(f).is_some() && !is_water(f))
        .filter_map(key)
        .collect();
    features
        .iter()
        .enumerate()
        .filter(|(_, f)| is_water(f) && key(f).is_some_and(|k| land.contains(&k)))
        .map(|(n, _)| n)
        .collect()
}

/// The property names a boundary file of the offices keys its regions by, in the order
/// they are tried when no property's values match a region of the project.
const KEY_NAMES: [&str; 3] = ["ARS", "AGS", "RS"];

/// The key property: the one named, else the one whose values name the most regions.
fn key_property_of(features: &[Json], keys: &Keys, key_property: Option<&str>) -> Option<String> {
    if let Some(name) = key_property {
        Some(name.to_owned())
    } else {
        // The regions each property's values name: the key names the most regions (a
        // Kreis file's Land column names each Land many times, its ARS each Kreis once);
        // of equals, ARS, then AGS, then RS.
        let mut named: BTreeMap<String, std::collections::BTreeSet<uuid::Uuid>> = BTreeMap::new();
        for feature in features {
            if let Some(properties) = feature.get("properties").and_then(Json::as_object) {
                for (name, value) in properties {
                    if let Some(region) = key_text(value).and_then(|k| region_for(keys, &k)) {
                        named.entry(name.clone()).or_default().insert(region);
                    }
                }
            }
        }
        let preference = |name: &str| {
            KEY_NAMES
                .iter()
                .position(|k| k.eq_ignore_ascii_case(name))
                .map_or(0, |p| KEY_NAMES.len() - p)
        };
        named
            .into_iter()
            .max_by_key(|(name, regions)| (regions.len(), preference(name)))
            .map(|(name, _)| name)
            .or_else(|| {
                // No value matches: the offices' key column, so each feature says which
                // key it has that the project lacks.
                let properties = features
                    .first()
                    .and_then(|f| f.get("properties"))
                    .and_then(Json::as_object)?;
                KEY_NAMES.iter().find_map(|wanted| {
                    properties
                        .keys()
                        .find(|name| name.eq_ignore_ascii_case(wanted))
                        .cloned()
                })
            })
    }
}

/// How a boundary file was read, for the report: its coordinate system, the attributes'
/// encoding where the file has one of its own, and the property that holds the keys —
/// what a planner checks when a map comes out empty or in the wrong place.
fn read_as(
    crs: &std::result::Result<Option<Crs>, String>,
    encoding: Option<&str>,
    property: Option<&str>,
) -> String {
    let crs = match crs {
        Ok(Some(crs)) => crs.describe(),
        Ok(None) => t!("boundaries.crs_default").to_owned(),
        Err(name) => name.clone(),
    };
    let key = property.map_or_else(|| "–".to_owned(), |p| format!("\"{p}\""));
    match encoding {
        Some(encoding) => t!(
            "boundaries.read_as_encoding",
            crs = crs,
            encoding = encoding,
            key = key
        ),
        None => t!("boundaries.read_as", crs = crs, key = key),
    }
}

/// Imports features as one action: each linked to a region by its key property, reprojected,
/// checked; a bad feature is reported by its index, key and name and left out.
pub(super) fn import_features(
    store: &mut Store,
    read: Features<'_>,
    key_property: Option<&str>,
    dry_run: bool,
) -> Result<Report> {
    let Features {
        path,
        sha256,
        features,
        crs: file_crs,
        unreadable,
        encoding,
    } = read;
    let regions = crate::store::regions::list(store.conn())?;
    let keys = Keys::new(&regions);
    let property = key_property_of(&features, &keys, key_property);
    let mut report = Report {
        file: path.to_owned(),
        sha256,
        dry_run,
        values: Some(read_as(&file_crs, encoding.as_deref(), property.as_deref())),
        ..Report::default()
    };
    let water = water_beside_land(&features, property.as_deref());
    if !water.is_empty() {
        let listed: Vec<String> = water
            .iter()
            .take(10)
            .map(|&n| format!("{n} {}", feature_subject(&features[n], property.as_deref())))
            .collect();
        report.problem(
            0,
            None,
            t!(
                "boundaries.water_left_out",
                count = water.len(),
                features = listed.join(", ")
            ),
            true,
        );
    }
    // The region each good feature gave, with the feature's index.
    let mut shapes: Vec<(uuid::Uuid, String)> = Vec::new();
    let mut given_by: BTreeMap<uuid::Uuid, usize> = BTreeMap::new();
    // The name each feature gives its region, for regions known only by their key.
    let mut names: Vec<(uuid::Uuid, String)> = Vec::new();
    for (index, feature) in features.iter().enumerate() {
        if water.contains(&index) {
            continue;
        }
        let subject = feature_subject(feature, property.as_deref());
        let shape = match unreadable.get(&index) {
            Some(why) => Err(why.clone()),
            None => feature_shape(feature, &file_crs, property.as_deref(), &keys),
        };
        match shape {
            Ok((region, geometry)) => {
                if let Some(&other) = given_by.get(&region) {
                    let region_text = regions
                        .iter()
                        .find(|r| r.uuid == region)
                        .map_or_else(String::new, |r| format!("{} {}", r.key, r.name));
                    let message = t!(
                        "boundaries.duplicate",
                        other = other,
                        other_subject = feature_subject(&features[other], property.as_deref()),
                        region = region_text
                    );
                    report.feature_problem(index, format!("{subject}: {message}"));
                } else {
                    given_by.insert(region, index);
                    shapes.push((region, geometry));
                    let name = feature_name(feature, property.as_deref());
                    if !name.is_empty() {
                        names.push((region, name.into_owned()));
                    }
                }
            }
            Err(message) => report.feature_problem(index, format!("{subject}: {message}")),
        }
    }
    note_regions_without_boundary(&mut report, &regions, &given_by, store)?;
    let label = t!(
        "boundaries.label",
        file = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    );
    let existing: Vec<RegionShape> = crate::store::entity::list(store.conn())?;
    let (inserted, updated, unchanged) =
        store.transact_with(ActionKind::Import, &label, !dry_run, |tx| {
            let (mut inserted, mut updated, mut unchanged) = (0, 0, 0);
            for (region, geometry) in &shapes {
                match existing.iter().find(|s| s.region == *region) {
                    Some(shape) if &shape.geometry == geometry => unchanged += 1,
                    Some(shape) => {
                        tx.update(&RegionShape {
                            geometry: geometry.clone(),
                            ..shape.clone()
                        })?;
                        updated += 1;
                    }
                    None => {
                        tx.insert(&RegionShape {
                            uuid: crate::model::new_uuid(),
                            region: *region,
                            geometry: geometry.clone(),
                        })?;
                        inserted += 1;
                    }
                }
            }
            // A region an import knew only by its key (a planning area `01011101`) takes
            // the name the boundary file gives it.
            for (uuid, name) in &names {
                if let Some(region) = regions.iter().find(|r| r.uuid == *uuid)
                    && (region.name.trim().is_empty() || region.name == region.key)
                {
                    tx.update(&crate::model::Region {
                        name: name.clone(),
                        ..region.clone()
                    })?;
                }
            }
            Ok((inserted, updated, unchanged))
        })?;
    report.inserted = inserted;
    report.updated = updated;
    report.unchanged = unchanged;
    report.applied = !dry_run && inserted + updated > 0;
    Ok(report)
}

/// One feature's region and its geometry as stored (a WGS84 `MultiPolygon`, 6 decimals).
fn feature_shape(
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
    fn utm_32_comes_back_to_degrees() {
        let projector = Projector::new(&Crs::Epsg(25832)).unwrap();
        // Dortmund, Friedensplatz: about 7.4660 E, 51.5125 N.
        let (lon, lat) = projector.point(393_700.0, 5_707_500.0).unwrap();
        assert!(
            (lon - 7.466).abs() < 0.01 && (lat - 51.51).abs() < 0.01,
            "{lon} {lat}"
        );
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
