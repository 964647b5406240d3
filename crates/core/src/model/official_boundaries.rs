//! The official boundaries the program ships: every Land, Regierungsbezirk, Kreis and
//! Gemeinde of Germany (and Germany itself) from the BKG's *Verwaltungsgebiete 1:5 000 000*
//! (VG5000), in WGS84, so a region with an official key has a map before any boundary file
//! is imported.
//!
//! The set is `assets/official_boundaries.bin`, compiled in and decoded the first time it
//! is asked for; `examples/build_official_boundaries.rs` writes it from the VG5000
//! Shapefiles, so a newer edition is that script run again — the edition and the
//! attribution the licence asks for ("© GeoBasis-DE / BKG 2021 (Daten verändert)") are
//! read from the file. Every picture drawn with these boundaries names that attribution.
//!
//! The file: `LSB1`, then deflate of: the edition and the attribution (each a varint
//! length and UTF-8), the number of regions, and per region its key, name, polygons, rings
//! and points — coordinates in 1/10,000 degree (about 10 m; the source is drawn for
//! 1:5,000,000), each point as the zigzag varint difference to the one before.

use std::collections::HashMap;
use std::io::{Read as _, Write as _};
use std::sync::OnceLock;

/// The boundaries as the program ships them (see the module's documentation).
static ASSET: &[u8] = include_bytes!("../../assets/official_boundaries.bin");

/// Units of a stored coordinate per degree.
const UNITS_PER_DEGREE: f64 = 10_000.0;
const MAGIC: &[u8; 4] = b"LSB1";

/// A region of the set: its official key (`DG`, the 2-, 3- or 5-digit key, the 12-digit
/// ARS of a Gemeinde), its name and its boundary in WGS84.
#[derive(Clone, Debug, PartialEq)]
pub struct Official {
    /// `DG`, a Land's 2 digits, a Regierungsbezirk's 3, a Kreis's 5, a Gemeinde's ARS.
    pub key: String,
    /// The name as the BKG writes it (`GEN`: `München`, not `München, Landeshauptstadt`).
    pub name: String,
    /// The boundary, WGS84 longitude/latitude.
    pub shape: geo::MultiPolygon<f64>,
}

/// The decoded set.
#[derive(Debug, Default)]
pub struct Boundaries {
    /// Where the data comes from and as of when (`VG5000, Stand 01.01.2021`).
    pub edition: String,
    /// The attribution the licence asks for on everything drawn with the data.
    pub attribution: String,
    /// Every region, Germany first, then the Länder, Regierungsbezirke, Kreise, Gemeinden.
    pub regions: Vec<Official>,
    /// Index into `regions` by key; a Gemeinde also by its 8-digit AGS.
    by_key: HashMap<String, usize>,
}

impl Boundaries {
    /// The boundary of the region with this official key (`DG`, 2, 3, 5, 8 or 12 digits).
    #[must_use]
    pub fn shape(&self, key: &str) -> Option<&geo::MultiPolygon<f64>> {
        self.by_key.get(key).map(|&n| &self.regions[n].shape)
    }
}

fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

fn text(out: &mut Vec<u8>, text: &str) {
    varint(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

/// A ring's points in stored units, each differing from the one before (a ring that
/// shrinks below four points at this resolution is left out).
fn quantised(ring: &geo::LineString<f64>) -> Option<Vec<(i64, i64)>> {
    let mut points: Vec<(i64, i64)> = ring
        .coords()
        .map(|c| {
            (
                (c.x * UNITS_PER_DEGREE).round() as i64,
                (c.y * UNITS_PER_DEGREE).round() as i64,
            )
        })
        .collect();
    points.dedup();
    (points.len() >= 4 && points.first() == points.last()).then_some(points)
}

/// Writes the set as the asset file.
#[must_use]
pub fn encode(edition: &str, attribution: &str, regions: &[Official]) -> Vec<u8> {
    let mut raw = Vec::new();
    text(&mut raw, edition);
    text(&mut raw, attribution);
    varint(&mut raw, regions.len() as u64);
    for region in regions {
        text(&mut raw, &region.key);
        text(&mut raw, &region.name);
        let polygons: Vec<Vec<Vec<(i64, i64)>>> = region
            .shape
            .0
            .iter()
            .filter_map(|polygon| {
                let mut rings = vec![quantised(polygon.exterior())?];
                rings.extend(polygon.interiors().iter().filter_map(quantised));
                Some(rings)
            })
            .collect();
        varint(&mut raw, polygons.len() as u64);
        let mut last = (0_i64, 0_i64);
        for rings in &polygons {
            varint(&mut raw, rings.len() as u64);
            for ring in rings {
                varint(&mut raw, ring.len() as u64);
                for &(x, y) in ring {
                    varint(&mut raw, zigzag(x - last.0));
                    varint(&mut raw, zigzag(y - last.1));
                    last = (x, y);
                }
            }
        }
    }
    let mut encoder =
        flate2::write::DeflateEncoder::new(MAGIC.to_vec(), flate2::Compression::best());
    encoder
        .write_all(&raw)
        .expect("writing to a Vec does not fail");
    encoder.finish().expect("writing to a Vec does not fail")
}

/// A reader of the decompressed asset.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn varint(&mut self) -> Result<u64, String> {
        let mut value = 0_u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at).ok_or("the data ends early")?;
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err("a number too long".to_owned())
    }

    fn count(&mut self) -> Result<usize, String> {
        let n = self.varint()? as usize;
        if n > self.bytes.len() {
            return Err(format!("a count of {n} in {} bytes", self.bytes.len()));
        }
        Ok(n)
    }

    fn signed(&mut self) -> Result<i64, String> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    fn text(&mut self) -> Result<String, String> {
        let n = self.count()?;
        let bytes = self
            .bytes
            .get(self.at..self.at + n)
            .ok_or("the data ends early")?;
        self.at += n;
        String::from_utf8(bytes.to_vec()).map_err(|e| e.to_string())
    }
}

/// Reads an asset file.
pub fn decode(bytes: &[u8]) -> Result<Boundaries, String> {
    let body = bytes
        .strip_prefix(MAGIC)
        .ok_or("not an official boundaries file (LSB1)")?;
    let mut raw = Vec::new();
    flate2::read::DeflateDecoder::new(body)
        .read_to_end(&mut raw)
        .map_err(|e| e.to_string())?;
    let mut cursor = Cursor { bytes: &raw, at: 0 };
    let edition = cursor.text()?;
    let attribution = cursor.text()?;
    let count = cursor.count()?;
    let mut regions = Vec::with_capacity(count);
    for _ in 0..count {
        let mut last = (0_i64, 0_i64);
        let key = cursor.text()?;
        let name = cursor.text()?;
        let mut polygons = Vec::new();
        for _ in 0..cursor.count()? {
            let mut rings = Vec::new();
            for _ in 0..cursor.count()? {
                let n = cursor.count()?;
                let mut ring = Vec::with_capacity(n);
                for _ in 0..n {
                    last = (last.0 + cursor.signed()?, last.1 + cursor.signed()?);
                    ring.push(geo::coord! {
                        x: last.0 as f64 / UNITS_PER_DEGREE,
                        y: last.1 as f64 / UNITS_PER_DEGREE,
                    });
                }
                rings.push(geo::LineString(ring));
            }
            let mut rings = rings.into_iter();
            if let Some(exterior) = rings.next() {
                polygons.push(geo::Polygon::new(exterior, rings.collect()));
            }
        }
        regions.push(Official {
            key,
            name,
            shape: geo::MultiPolygon(polygons),
        });
    }
    let mut by_key = HashMap::with_capacity(regions.len() * 2);
    for (n, region) in regions.iter().enumerate() {
        by_key.insert(region.key.clone(), n);
        // A Gemeinde's AGS: the Kreis's five digits and the Gemeinde's last three.
        if region.key.len() == 12 {
            by_key
                .entry(format!("{}{}", &region.key[..5], &region.key[9..]))
                .or_insert(n);
        }
    }
    Ok(Boundaries {
        edition,
        attribution,
        regions,
        by_key,
    })
}

/// The boundaries the program ships, decoded the first time they are asked for.
#[must_use]
pub fn shipped() -> &'static Boundaries {
    static DECODED: OnceLock<Boundaries> = OnceLock::new();
    DECODED.get_or_init(|| {
        decode(ASSET).unwrap_or_else(|e| {
            log::error!("the official boundaries cannot be read: {e}");
            Boundaries::default()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_comes_back_as_written() {
        let square = |x: f64| {
            geo::MultiPolygon(vec![geo::Polygon::new(
                geo::LineString::from(vec![
                    (x, 50.0),
                    (x + 0.5, 50.0),
                    (x + 0.5, 50.5),
                    (x, 50.5),
                    (x, 50.0),
                ]),
                vec![],
            )])
        };
        let regions = vec![
            Official {
                key: "091620000000".to_owned(),
                name: "München".to_owned(),
                shape: square(11.0),
            },
            Official {
                key: "09".to_owned(),
                name: "Bayern".to_owned(),
                shape: square(-1.25),
            },
        ];
        let bytes = encode(
            "VG5000",
            "© GeoBasis-DE / BKG 2021 (Daten verändert)",
            &regions,
        );
        let set = decode(&bytes).unwrap();
        assert_eq!(set.regions, regions);
        assert_eq!(
            set.attribution,
            "© GeoBasis-DE / BKG 2021 (Daten verändert)"
        );
        assert_eq!(set.shape("09162000"), Some(&regions[0].shape));
        assert_eq!(set.shape("09"), Some(&regions[1].shape));
        assert!(decode(b"LSB1xx").is_err());
        assert!(decode(b"nope").is_err());
    }

    /// The shipped set holds every level: Germany, 16 Länder, the Regierungsbezirke,
    /// 401 Kreise and some 11,000 Gemeinden, with the attribution.
    #[test]
    fn the_shipped_set_is_whole() {
        let set = shipped();
        assert!(
            set.attribution.starts_with("© GeoBasis-DE / BKG"),
            "{}",
            set.attribution
        );
        let count = |len: usize| set.regions.iter().filter(|r| r.key.len() == len).count();
        assert_eq!(count(2), 17, "16 Länder and DG");
        assert_eq!(count(5), 401);
        assert!(count(12) > 10_000);
        assert!(set.shape("DG").is_some());
        assert!(set.shape("05515000").is_some(), "Münster by its AGS");
    }
}
