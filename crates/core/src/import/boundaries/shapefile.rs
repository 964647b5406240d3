//! Boundaries from ESRI Shapefiles, as the offices publish them (the BKG's VG250 and
//! VG5000): `X.shp` with `X.shx`, `X.dbf`, `X.prj` and `X.cpg` beside it, or a `.zip`
//! holding such a set. Each record becomes a GeoJSON feature (its attributes the
//! properties, its polygon the geometry in the file's CRS) for [`super`], so
//! keys, names and bad features are handled as GeoJSON's are.
//!
//! The CRS comes from the `.prj` ([`super::crs`]); the attributes' encoding from the `.cpg`
//! (`UTF-8`, `1252` …), else from the `.dbf`'s code-page byte, else Windows-1252.

use std::collections::BTreeMap;
use std::io::{Cursor, Read as _};
use std::path::Path;

use ::shapefile::dbase::{self, FieldValue};
use serde_json::{Value as Json, json};
use sha2::Digest as _;

use super::features::Features;
use crate::import::ImportError;
use crate::t;

/// What reading a file of boundaries comes to.
type Result<T> = std::result::Result<T, ImportError>;

/// The files of one Shapefile, read into memory.
struct Parts {
    shp: Vec<u8>,
    shx: Option<Vec<u8>>,
    dbf: Option<Vec<u8>>,
    prj: Option<Vec<u8>>,
    cpg: Option<Vec<u8>>,
}

fn invalid(message: String) -> ImportError {
    ImportError::Boundaries { message }
}

/// Whether `path` names a Shapefile (`.shp`).
#[must_use]
pub fn is_shapefile(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("shp"))
}

/// Whether `path` is a `.zip` that holds a Shapefile.
#[must_use]
pub fn is_shapefile_zip(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        && layers_in_zip(path).is_ok_and(|layers| !layers.is_empty())
}

/// The file beside `shp` with extension `ext` (as written, lower or upper case).
fn beside(shp: &Path, ext: &str) -> Result<Option<Vec<u8>>> {
    for ext in [ext.to_owned(), ext.to_ascii_uppercase()] {
        let path = shp.with_extension(ext);
        match std::fs::read(&path) {
            Ok(bytes) => return Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(ImportError::Read { path, source }),
        }
    }
    Ok(None)
}

fn open_zip(path: &Path) -> Result<zip::ZipArchive<std::fs::File>> {
    let file = std::fs::File::open(path).map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })?;
    zip::ZipArchive::new(file)
        .map_err(|e| invalid(t!("boundaries.not_zip", file = path.display(), error = e)))
}

/// The Shapefiles in a `.zip`, by the path of their `.shp` without the extension.
pub fn layers_in_zip(path: &Path) -> Result<Vec<String>> {
    let archive = open_zip(path)?;
    Ok(archive
        .file_names()
        .filter(|name| {
            Path::new(name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("shp"))
                && !name.starts_with("__MACOSX/")
        })
        .map(|name| name[..name.len() - 4].to_owned())
        .collect())
}

/// The one layer of `layers` the user means: the one named (by its whole name or its last
/// part), or the only one.
pub(super) fn choose_layer<'a>(
    file: &Path,
    layers: &'a [String],
    wanted: Option<&str>,
) -> Result<&'a str> {
    let listed = || layers.join(", ");
    match wanted {
        Some(wanted) => layers
            .iter()
            .find(|l| l.as_str() == wanted)
            .or_else(|| {
                layers
                    .iter()
                    .find(|l| l.rsplit('/').next().is_some_and(|last| last == wanted))
            })
            .map(String::as_str)
            .ok_or_else(|| {
                invalid(t!(
                    "boundaries.no_such_layer",
                    file = file.display(),
                    layer = wanted,
                    layers = listed()
                ))
            }),
        None => match layers {
            [] => Err(invalid(t!("boundaries.no_layers", file = file.display()))),
            [one] => Ok(one),
            _ => Err(invalid(t!(
                "boundaries.several_layers",
                file = file.display(),
                layers = listed()
            ))),
        },
    }
}

fn parts_in_zip(path: &Path, layer: Option<&str>) -> Result<Parts> {
    let layers = layers_in_zip(path)?;
    let stem = choose_layer(path, &layers, layer)?.to_owned();
    let mut archive = open_zip(path)?;
    let mut part = |ext: &str| -> Result<Option<Vec<u8>>> {
        let wanted = format!("{stem}.{ext}");
        let Some(name) = archive
            .file_names()
            .find(|n| n.eq_ignore_ascii_case(&wanted))
            .map(str::to_owned)
        else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        archive
            .by_name(&name)
            .map_err(std::io::Error::other)
            .and_then(|mut entry| entry.read_to_end(&mut bytes))
            .map_err(|e| {
                invalid(t!(
                    "boundaries.not_zip",
                    file = path.display(),
                    error = format!("{name}: {e}")
                ))
            })?;
        Ok(Some(bytes))
    };
    Ok(Parts {
        shp: part("shp")?.unwrap_or_default(),
        shx: part("shx")?,
        dbf: part("dbf")?,
        prj: part("prj")?,
        cpg: part("cpg")?,
    })
}

fn parts_beside(path: &Path) -> Result<Parts> {
    let shp = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })?;
    Ok(Parts {
        shp,
        shx: beside(path, "shx")?,
        dbf: beside(path, "dbf")?,
        prj: beside(path, "prj")?,
        cpg: beside(path, "cpg")?,
    })
}

/// The encoding of the attributes: the `.cpg`'s, else the code page the `.dbf` names,
/// else Windows-1252 (what German offices' files without either are written in).
fn encoding(
    path: &Path,
    cpg: Option<&[u8]>,
    dbf: &[u8],
) -> Result<Option<dbase::encoding::DynEncoding>> {
    if let Some(cpg) = cpg {
        let name = String::from_utf8_lossy(cpg);
        let name = name.trim().trim_start_matches('\u{feff}');
        if !name.is_empty() {
            return dbase::encoding::DynEncoding::from_name(name)
                .map(Some)
                .ok_or_else(|| {
                    invalid(t!(
                        "boundaries.unknown_cpg",
                        file = path.display(),
                        name = name
                    ))
                });
        }
    }
    // Byte 29 of the header: the language driver; 0 names none.
    if dbf.get(29).is_none_or(|&mark| mark == 0) {
        return Ok(Some(dbase::encoding::DynEncoding::from(
            dbase::encoding::EncodingRs::from(encoding_rs::WINDOWS_1252),
        )));
    }
    Ok(None)
}

/// Which encoding the attributes are read in, and what says so, for the import's report:
/// `UTF-8 (.cpg)`, `windows-1252 (assumed)`, `code page 0x57 of the .dbf`.
fn encoding_note(cpg: Option<&[u8]>, dbf: &[u8]) -> String {
    let named = cpg
        .map(|cpg| {
            String::from_utf8_lossy(cpg)
                .trim()
                .trim_start_matches('\u{feff}')
                .to_owned()
        })
        .filter(|name| !name.is_empty());
    match (named, dbf.get(29).copied()) {
        (Some(name), _) => t!("boundaries.encoding_cpg", name = name),
        (None, None | Some(0)) => t!("boundaries.encoding_assumed").to_owned(),
        (None, Some(mark)) => t!("boundaries.encoding_dbf", mark = format!("0x{mark:02X}")),
    }
}

/// An attribute as a property: text trimmed, whole numbers as integers, dates as ISO text.
fn property(value: FieldValue) -> Json {
    let number = |n: f64| {
        if n.fract() == 0.0 && n.abs() < 9.0e15 {
            json!(n as i64)
        } else {
            json!(n)
        }
    };
    match value {
        FieldValue::Character(Some(text)) | FieldValue::Memo(text) => {
            Json::String(text.trim().to_owned())
        }
        FieldValue::Numeric(Some(n)) | FieldValue::Double(n) | FieldValue::Currency(n) => number(n),
        FieldValue::Float(Some(n)) => number(f64::from(n)),
        FieldValue::Integer(n) => json!(n),
        FieldValue::Logical(Some(b)) => json!(b),
        FieldValue::Date(Some(date)) => Json::String(format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            date.month(),
            date.day()
        )),
        FieldValue::DateTime(at) => {
            let date = at.date();
            Json::String(format!(
                "{:04}-{:02}-{:02}",
                date.year(),
                date.month(),
                date.day()
            ))
        }
        FieldValue::Character(None)
        | FieldValue::Numeric(None)
        | FieldValue::Float(None)
        | FieldValue::Logical(None)
        | FieldValue::Date(None) => Json::Null,
    }
}

/// Whether a point lies inside a ring (even-odd rule).
fn inside(point: (f64, f64), ring: &[(f64, f64)]) -> bool {
    let (x, y) = point;
    let mut result = false;
    for pair in ring.windows(2) {
        let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
        if (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) {
            result = !result;
        }
    }
    result
}

/// Rings as the Shapefile orders them (outer clockwise, holes anticlockwise) as GeoJSON
/// polygons: each hole goes with the outer ring it lies in.
fn multipolygon(rings: Vec<(bool, Vec<(f64, f64)>)>) -> Json {
    let mut polygons: Vec<Vec<Vec<(f64, f64)>>> = Vec::new();
    let mut holes = Vec::new();
    for (outer, ring) in rings {
        if outer {
            polygons.push(vec![ring]);
        } else {
            holes.push(ring);
        }
    }
    for hole in holes {
        let Some(&first) = hole.first() else {
            continue;
        };
        let owner = polygons
            .iter()
            .rposition(|p| inside(first, &p[0]))
            .or_else(|| polygons.len().checked_sub(1));
        match owner {
            Some(n) => polygons[n].push(hole),
            // A hole without an outer ring: a ring of its own, for the check to judge.
            None => polygons.push(vec![hole]),
        }
    }
    let coordinates: Vec<Vec<Vec<[f64; 2]>>> = polygons
        .into_iter()
        .map(|p| {
            p.into_iter()
                .map(|ring| ring.into_iter().map(|(x, y)| [x, y]).collect())
                .collect()
        })
        .collect();
    json!({ "type": "MultiPolygon", "coordinates": coordinates })
}

fn rings_of<P>(
    rings: &[::shapefile::PolygonRing<P>],
    xy: impl Fn(&P) -> (f64, f64),
) -> Vec<(bool, Vec<(f64, f64)>)> {
    rings
        .iter()
        .map(|ring| {
            let outer = matches!(ring, ::shapefile::PolygonRing::Outer(_));
            (outer, ring.points().iter().map(&xy).collect())
        })
        .collect()
}

/// A shape as a GeoJSON geometry in the file's coordinates; a shape that is no polygon
/// keeps only its type, for the check to name.
fn geometry(shape: ::shapefile::Shape) -> Json {
    use ::shapefile::Shape as S;
    match shape {
        S::NullShape => Json::Null,
        S::Polygon(p) => multipolygon(rings_of(p.rings(), |p| (p.x, p.y))),
        S::PolygonM(p) => multipolygon(rings_of(p.rings(), |p| (p.x, p.y))),
        S::PolygonZ(p) => multipolygon(rings_of(p.rings(), |p| (p.x, p.y))),
        S::Point(_) | S::PointM(_) | S::PointZ(_) => json!({ "type": "Point" }),
        S::Polyline(_) | S::PolylineM(_) | S::PolylineZ(_) => json!({ "type": "LineString" }),
        S::Multipoint(_) | S::MultipointM(_) | S::MultipointZ(_) => {
            json!({ "type": "MultiPoint" })
        }
        S::Multipatch(_) => json!({ "type": "Multipatch" }),
    }
}

/// Reads a Shapefile (`.shp` with its parts beside it, or the one in a `.zip`, or the one
/// `layer` names there) as features for the boundary import.
pub(super) fn read<'a>(path: &'a Path, layer: Option<&str>) -> Result<Features<'a>> {
    let parts = if is_shapefile(path) {
        parts_beside(path)?
    } else {
        parts_in_zip(path, layer)?
    };
    let Parts {
        shp,
        shx,
        dbf,
        prj,
        cpg,
    } = parts;
    let Some(dbf) = dbf else {
        return Err(invalid(t!(
            "boundaries.missing_part",
            file = path.display(),
            part = ".dbf"
        )));
    };
    let Some(prj) = prj else {
        return Err(invalid(t!("boundaries.missing_prj", file = path.display())));
    };
    let crs = super::crs::crs_of_wkt(&String::from_utf8_lossy(&prj)).map_err(|name| {
        invalid(t!(
            "boundaries.unknown_prj",
            file = path.display(),
            name = name
        ))
    })?;
    let mut hasher = sha2::Sha256::new();
    for bytes in [&shp, &dbf, &prj] {
        hasher.update(bytes);
    }
    let sha256 = format!("{:x}", hasher.finalize());
    let unreadable = |e: &dyn std::fmt::Display| {
        invalid(t!(
            "boundaries.not_shapefile",
            file = path.display(),
            error = e
        ))
    };
    let encoding_read = encoding_note(cpg.as_deref(), &dbf);
    let encoding = encoding(path, cpg.as_deref(), &dbf)?;
    let mut builder = dbase::ReaderBuilder::new();
    if let Some(encoding) = encoding {
        builder = builder.with_encoding(encoding);
    }
    let mut records = builder
        .build(Cursor::new(dbf))
        .map_err(|e| unreadable(&e))?;
    let mut shapes = match shx {
        Some(shx) => ::shapefile::ShapeReader::with_shx(Cursor::new(shp), Cursor::new(shx)),
        None => ::shapefile::ShapeReader::new(Cursor::new(shp)),
    }
    .map_err(|e| unreadable(&e))?;
    let mut features = Vec::new();
    let mut record_iter = records.iter_records();
    for (index, shape) in shapes.iter_shapes().enumerate() {
        let shape = shape.map_err(|e| unreadable(&format!("{e} ({index})")))?;
        let properties: BTreeMap<String, Json> = match record_iter.next() {
            Some(record) => {
                let record = record.map_err(|e| unreadable(&format!("{e} ({index})")))?;
                let record: std::collections::HashMap<String, FieldValue> = record.into();
                record
                    .into_iter()
                    .map(|(name, value)| (name, property(value)))
                    .collect()
            }
            None => BTreeMap::new(),
        };
        features.push(json!({
            "type": "Feature",
            "properties": properties,
            "geometry": geometry(shape),
        }));
    }
    Ok(Features {
        path,
        sha256,
        features,
        crs: Ok(crs),
        unreadable: BTreeMap::new(),
        encoding: Some(encoding_read),
    })
}

/// A record of a Shapefile: its attributes and its polygons in WGS84.
pub type Record = (serde_json::Map<String, Json>, geo::MultiPolygon<f64>);

/// A Shapefile's records with their attributes and polygons in WGS84, for the script that
/// builds the boundaries the program ships; `Err` names the first record that cannot be
/// read or reprojected.
pub fn read_wgs84(path: &Path) -> std::result::Result<Vec<Record>, String> {
    let read = read(path, None).map_err(|e| e.to_string())?;
    let crs = read
        .crs
        .clone()
        .map_err(|name| name.clone())?
        .unwrap_or(super::crs::Crs::Wgs84);
    let projector = super::crs::Projector::new(&crs)?;
    let mut out = Vec::new();
    for (index, feature) in read.features.into_iter().enumerate() {
        let properties = feature
            .get("properties")
            .and_then(Json::as_object)
            .cloned()
            .unwrap_or_default();
        let polygons = feature
            .pointer("/geometry/coordinates")
            .and_then(Json::as_array)
            .ok_or_else(|| format!("{}: record {index} has no polygon", path.display()))?;
        let mut shape = Vec::new();
        for polygon in polygons {
            let mut rings = Vec::new();
            for ring in polygon.as_array().into_iter().flatten() {
                let mut points = Vec::new();
                for point in ring.as_array().into_iter().flatten() {
                    let (Some(x), Some(y)) = (
                        point.get(0).and_then(Json::as_f64),
                        point.get(1).and_then(Json::as_f64),
                    ) else {
                        return Err(format!("{}: record {index}: a bad point", path.display()));
                    };
                    points.push(projector.point(x, y)?);
                }
                rings.push(geo::LineString::from(points));
            }
            let mut rings = rings.into_iter();
            if let Some(exterior) = rings.next() {
                shape.push(geo::Polygon::new(exterior, rings.collect()));
            }
        }
        out.push((properties, geo::MultiPolygon(shape)));
    }
    Ok(out)
}
