//! Boundaries from a `GeoPackage` (`.gpkg`, an SQLite file by the OGC standard): a layer of
//! features named in `gpkg_contents`, its geometry column in `gpkg_geometry_columns`, its
//! CRS in `gpkg_spatial_ref_sys`. Each row becomes a GeoJSON feature (its other columns the
//! properties, its geometry blob — the `GeoPackage` header, then Well-Known Binary — the
//! geometry in the layer's CRS) for [`super`].
//!
//! The file is opened read-only, defensive, without trusting its schema: a `GeoPackage` from
//! anywhere is read, never changed.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::types::ValueRef;
use serde_json::{Value as Json, json};
use sha2::Digest as _;

use super::crs::Crs;
use super::features::Features;
use crate::import::ImportError;
use crate::t;

/// What reading a file of boundaries comes to.
type Result<T> = std::result::Result<T, ImportError>;

fn invalid(message: String) -> ImportError {
    ImportError::Boundaries { message }
}

/// Whether `path` names a `GeoPackage` (`.gpkg`).
#[must_use]
pub fn is_geopackage(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("gpkg"))
}

/// A layer of features: its table, geometry column and CRS's id.
struct Layer {
    table: String,
    column: String,
    srs_id: i64,
}

fn open(path: &Path) -> Result<rusqlite::Connection> {
    let not_gpkg = |e: &dyn std::fmt::Display| {
        invalid(t!("boundaries.not_gpkg", file = path.display(), error = e))
    };
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not_gpkg(&e))?;
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)
        .and_then(|_| {
            conn.set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA,
                false,
            )
        })
        .map_err(|e| not_gpkg(&e))?;
    Ok(conn)
}

fn layers_of(conn: &rusqlite::Connection, path: &Path) -> Result<Vec<Layer>> {
    let not_gpkg = |e: &dyn std::fmt::Display| {
        invalid(t!("boundaries.not_gpkg", file = path.display(), error = e))
    };
    let mut statement = conn
        .prepare(
            "SELECT c.table_name, g.column_name, COALESCE(g.srs_id, c.srs_id, 0)
             FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
             WHERE c.data_type = 'features' ORDER BY c.table_name",
        )
        .map_err(|e| not_gpkg(&e))?;
    let layers = statement
        .query_map([], |row| {
            Ok(Layer {
                table: row.get(0)?,
                column: row.get(1)?,
                srs_id: row.get(2)?,
            })
        })
        .and_then(Iterator::collect)
        .map_err(|e| not_gpkg(&e))?;
    Ok(layers)
}

/// The layers of features a `GeoPackage` holds, by name.
pub fn layers(path: &Path) -> Result<Vec<String>> {
    let conn = open(path)?;
    Ok(layers_of(&conn, path)?
        .into_iter()
        .map(|l| l.table)
        .collect())
}

/// The CRS of a layer, from `gpkg_spatial_ref_sys`: its EPSG code, else its WKT.
fn crs_of(conn: &rusqlite::Connection, path: &Path, srs_id: i64) -> Result<Option<Crs>> {
    // 0 and -1 are the standard's "undefined" (geographic, Cartesian): no CRS named.
    if srs_id == 0 || srs_id == -1 {
        return Ok(None);
    }
    let row: Option<(String, i64, String)> = conn
        .query_row(
            "SELECT organization, organization_coordsys_id, definition
             FROM gpkg_spatial_ref_sys WHERE srs_id = ?1",
            [srs_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })
        .map_err(|e| invalid(t!("boundaries.not_gpkg", file = path.display(), error = e)))?;
    let unknown = |name: String| {
        invalid(t!(
            "boundaries.unknown_prj",
            file = path.display(),
            name = name
        ))
    };
    let Some((organization, code, definition)) = row else {
        return Err(unknown(format!("srs_id {srs_id}")));
    };
    if organization.eq_ignore_ascii_case("EPSG")
        && let Some(crs) = u32::try_from(code).ok().and_then(super::crs::crs_of_epsg)
    {
        return Ok(Some(crs));
    }
    super::crs::crs_of_wkt(&definition).map_err(unknown)
}

/// Reads the layer `layer` of a `GeoPackage` (or its only one) as features for the boundary
/// import.
pub(super) fn read<'a>(path: &'a Path, layer: Option<&str>) -> Result<Features<'a>> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })?;
    let sha256 = format!("{:x}", sha2::Sha256::digest(&bytes));
    drop(bytes);
    let conn = open(path)?;
    let layers = layers_of(&conn, path)?;
    let names: Vec<String> = layers.iter().map(|l| l.table.clone()).collect();
    let chosen = super::shapefile::choose_layer(path, &names, layer)?;
    let Some(layer) = layers.iter().find(|l| l.table == chosen) else {
        return Err(invalid(t!("boundaries.no_layers", file = path.display())));
    };
    let crs = crs_of(&conn, path, layer.srs_id)?;
    let not_gpkg = |e: &dyn std::fmt::Display| {
        invalid(t!("boundaries.not_gpkg", file = path.display(), error = e))
    };
    let quoted = format!("\"{}\"", layer.table.replace('"', "\"\""));
    let mut statement = conn
        .prepare(&format!("SELECT * FROM {quoted}"))
        .map_err(|e| not_gpkg(&e))?;
    let columns: Vec<String> = statement.column_names().map(str::to_owned).collect();
    let mut rows = statement.query([]).map_err(|e| not_gpkg(&e))?;
    let mut features = Vec::new();
    let mut unreadable = BTreeMap::new();
    while let Some(row) = rows.next().map_err(|e| not_gpkg(&e))? {
        let mut properties = serde_json::Map::new();
        let mut geometry = Json::Null;
        for (n, column) in columns.iter().enumerate() {
            let value = row.get_ref(n).map_err(|e| not_gpkg(&e))?;
            if column.eq_ignore_ascii_case(&layer.column) {
                if let ValueRef::Blob(blob) = value {
                    match geometry_of(blob) {
                        Ok(g) => geometry = g,
                        Err(why) => {
                            unreadable.insert(
                                features.len(),
                                t!("boundaries.bad_geometry_blob", error = why),
                            );
                        }
                    }
                }
                continue;
            }
            let value = match value {
                ValueRef::Null | ValueRef::Blob(_) => Json::Null,
                ValueRef::Integer(i) => json!(i),
                ValueRef::Real(r) => json!(r),
                ValueRef::Text(text) => Json::String(String::from_utf8_lossy(text).into_owned()),
            };
            properties.insert(column.clone(), value);
        }
        features.push(json!({
            "type": "Feature",
            "properties": properties,
            "geometry": geometry,
        }));
    }
    Ok(Features {
        path,
        sha256,
        features,
        crs: Ok(crs),
        unreadable,
        encoding: None,
    })
}

/// A `GeoPackage` geometry blob as a GeoJSON geometry (in the layer's coordinates); a
/// geometry that is no polygon keeps only its type, for the check to name.
fn geometry_of(blob: &[u8]) -> std::result::Result<Json, String> {
    // "GP", version, flags, srs_id (4 bytes), then the envelope the flags announce.
    if blob.len() < 8 || &blob[..2] != b"GP" {
        return Err("no GeoPackage geometry header (GP)".to_owned());
    }
    let flags = blob[3];
    if flags & 0b1_0000 != 0 {
        return Ok(Json::Null); // An empty geometry.
    }
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        other => return Err(format!("envelope indicator {other}")),
    };
    let mut wkb = Wkb {
        bytes: blob
            .get(8 + envelope..)
            .ok_or("the blob ends in its header")?,
        at: 0,
    };
    wkb.geometry(0)
}

/// A reader of Well-Known Binary (ISO and extended: Z, M and ZM, either byte order).
struct Wkb<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Wkb<'_> {
    fn take<const N: usize>(&mut self) -> std::result::Result<[u8; N], String> {
        let slice = self
            .bytes
            .get(self.at..self.at + N)
            .ok_or_else(|| format!("the geometry ends early (byte {})", self.at))?;
        self.at += N;
        let mut out = [0; N];
        out.copy_from_slice(slice);
        Ok(out)
    }

    fn u32(&mut self, little: bool) -> std::result::Result<u32, String> {
        let b = self.take::<4>()?;
        Ok(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn f64(&mut self, little: bool) -> std::result::Result<f64, String> {
        let b = self.take::<8>()?;
        Ok(if little {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    }

    /// A geometry's byte order, its base type (1 point … 7 collection) and how many
    /// numbers each of its points has.
    fn head(&mut self) -> std::result::Result<(bool, u32, usize), String> {
        let little = match self.take::<1>()?[0] {
            0 => false,
            1 => true,
            other => return Err(format!("byte order {other}")),
        };
        let code = self.u32(little)?;
        // Extended WKB flags (PostGIS), then ISO's thousands.
        let (z, m) = (code & 0x8000_0000 != 0, code & 0x4000_0000 != 0);
        let code = code & 0x0FFF_FFFF;
        let (base, iso) = (code % 1000, code / 1000);
        let dims =
            2 + usize::from(z || iso == 1 || iso == 3) + usize::from(m || iso == 2 || iso == 3);
        Ok((little, base, dims))
    }

    fn ring(&mut self, little: bool, dims: usize) -> std::result::Result<Vec<[f64; 2]>, String> {
        let count = self.u32(little)? as usize;
        if count > self.bytes.len() {
            return Err(format!(
                "a ring of {count} points in a blob of {} bytes",
                self.bytes.len()
            ));
        }
        let mut ring = Vec::with_capacity(count);
        for _ in 0..count {
            let x = self.f64(little)?;
            let y = self.f64(little)?;
            for _ in 2..dims {
                self.f64(little)?;
            }
            ring.push([x, y]);
        }
        Ok(ring)
    }

    fn polygon(
        &mut self,
        little: bool,
        dims: usize,
    ) -> std::result::Result<Vec<Vec<[f64; 2]>>, String> {
        let count = self.u32(little)? as usize;
        (0..count).map(|_| self.ring(little, dims)).collect()
    }

    fn geometry(&mut self, depth: usize) -> std::result::Result<Json, String> {
        let (little, base, dims) = self.head()?;
        match base {
            3 => Ok(json!({ "type": "Polygon", "coordinates": self.polygon(little, dims)? })),
            6 if depth == 0 => {
                let count = self.u32(little)? as usize;
                let mut polygons = Vec::new();
                for _ in 0..count {
                    let (little, base, dims) = self.head()?;
                    if base != 3 {
                        return Err(format!("a part of type {base} in a MultiPolygon"));
                    }
                    polygons.push(self.polygon(little, dims)?);
                }
                Ok(json!({ "type": "MultiPolygon", "coordinates": polygons }))
            }
            1 => Ok(json!({ "type": "Point" })),
            2 => Ok(json!({ "type": "LineString" })),
            4 => Ok(json!({ "type": "MultiPoint" })),
            5 => Ok(json!({ "type": "MultiLineString" })),
            7 => Ok(json!({ "type": "GeometryCollection" })),
            10 | 15 => Ok(json!({ "type": "CurvePolygon" })),
            other => Err(format!("geometry type {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A polygon blob: `GeoPackage` header without envelope, then little-endian WKB.
    fn blob(rings: &[&[[f64; 2]]]) -> Vec<u8> {
        let mut b = vec![b'G', b'P', 0, 0b0000_0001];
        b.extend_from_slice(&25832_i32.to_le_bytes());
        b.push(1);
        b.extend_from_slice(&3_u32.to_le_bytes());
        b.extend_from_slice(&(rings.len() as u32).to_le_bytes());
        for ring in rings {
            b.extend_from_slice(&(ring.len() as u32).to_le_bytes());
            for [x, y] in *ring {
                b.extend_from_slice(&x.to_le_bytes());
                b.extend_from_slice(&y.to_le_bytes());
            }
        }
        b
    }

    #[test]
    fn a_polygon_blob_is_read() {
        let square = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]];
        let geometry = geometry_of(&blob(&[&square])).unwrap();
        assert_eq!(geometry["type"], "Polygon");
        assert_eq!(geometry["coordinates"][0][2], json!([1.0, 1.0]));
        let mut cut = blob(&[&square]);
        cut.truncate(cut.len() - 4);
        assert!(geometry_of(&cut).unwrap_err().contains("ends early"));
        assert!(geometry_of(b"XX").is_err());
    }
}
