//! Coordinate reference systems: the [`Crs`] a boundary file names, the [`Projector`] from
//! it to WGS84, and the system a Shapefile's `.prj` or a `GeoPackage`'s `gpkg_spatial_ref_sys`
//! names, as Well-Known Text (ESRI's WKT 1, OGC's WKT 1 or WKT 2): its EPSG code when it
//! carries one, else recognised by datum, projection and parameters — the German
//! Gauß-Krüger zones (DHDN), UTM zones 32 and 33 (ETRS89 or WGS84, also with the zone
//! number before the easting) and longitude/latitude in WGS84 or ETRS89.

use crate::t;

/// A coordinate reference system a file names.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Crs {
    Wgs84,
    Epsg(u16),
}

impl Crs {
    /// The system in words, with its EPSG code: `EPSG:25832 (ETRS89 / UTM zone 32N)`.
    pub(super) fn describe(&self) -> String {
        match self {
            Crs::Wgs84 => t!("boundaries.crs_lonlat").to_owned(),
            Crs::Epsg(code) => {
                let name = match code {
                    25832 => Some("ETRS89 / UTM zone 32N".to_owned()),
                    25833 => Some("ETRS89 / UTM zone 33N".to_owned()),
                    31466..=31469 => Some(format!("DHDN / Gauß-Krüger zone {}", code - 31464)),
                    3857 => Some("WGS 84 / Pseudo-Mercator".to_owned()),
                    3035 => Some("ETRS89 / LAEA Europe".to_owned()),
                    _ => None,
                };
                match name {
                    Some(name) => format!("EPSG:{code} ({name})"),
                    None => format!("EPSG:{code}"),
                }
            }
        }
    }
}

/// The definitions of the German Gauß-Krüger zones (DHDN, Bessel ellipsoid) with the datum
/// shift to ETRS89/WGS84 (the seven parameters PROJ and GDAL use for all of Germany, EPSG
/// transformation 1777, good to a few metres): the EPSG definitions `proj4rs` carries have
/// none, which puts the BKG's boundaries some 100 m off.
fn dhdn_gauss_krueger(code: u16) -> Option<String> {
    let zone = match code {
        31466..=31469 => code - 31464,
        _ => return None,
    };
    Some(format!(
        "+proj=tmerc +lat_0=0 +lon_0={} +k=1 +x_0={}500000 +y_0=0 +ellps=bessel \
         +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs",
        zone * 3,
        zone
    ))
}

/// Turns coordinates of `crs` into WGS84 degrees.
pub(super) struct Projector {
    from: Option<proj4rs::Proj>,
    to: proj4rs::Proj,
}

impl Projector {
    pub(super) fn new(crs: &Crs) -> std::result::Result<Projector, String> {
        let to = proj4rs::Proj::from_proj_string("+proj=longlat +datum=WGS84 +no_defs")
            .map_err(|e| e.to_string())?;
        let from = match crs {
            Crs::Wgs84 => None,
            Crs::Epsg(code) => Some(match dhdn_gauss_krueger(*code) {
                Some(definition) => {
                    proj4rs::Proj::from_proj_string(&definition).map_err(|e| e.to_string())?
                }
                None => proj4rs::Proj::from_epsg_code(*code)
                    .map_err(|_| t!("boundaries.unknown_crs", code = code))?,
            }),
        };
        Ok(Projector { from, to })
    }

    pub(super) fn point(&self, x: f64, y: f64) -> std::result::Result<(f64, f64), String> {
        let Some(from) = &self.from else {
            return Ok((x, y));
        };
        let mut point = (x, y, 0.0);
        proj4rs::transform::transform(from, &self.to, &mut point).map_err(|e| e.to_string())?;
        Ok((point.0.to_degrees(), point.1.to_degrees()))
    }
}

/// A WKT element: `NAME[arg, arg, …]`.
#[derive(Debug, Default)]
struct Node {
    name: String,
    texts: Vec<String>,
    numbers: Vec<f64>,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, names: &[&str]) -> Option<&Node> {
        self.children
            .iter()
            .find(|c| names.iter().any(|n| c.name.eq_ignore_ascii_case(n)))
    }

    /// A descendant's element found anywhere below.
    fn find(&self, names: &[&str]) -> Option<&Node> {
        self.child(names)
            .or_else(|| self.children.iter().find_map(|c| c.find(names)))
    }

    fn title(&self) -> &str {
        self.texts.first().map_or("", String::as_str)
    }

    /// A `PARAMETER["name", value]` below, by any of its names (case and `_`/space aside).
    fn parameter(&self, names: &[&str]) -> Option<f64> {
        let norm = |s: &str| s.to_ascii_lowercase().replace([' ', '_'], "");
        let mut found = None;
        self.visit(&mut |node| {
            if found.is_none()
                && node.name.eq_ignore_ascii_case("PARAMETER")
                && names.iter().any(|n| norm(n) == norm(node.title()))
            {
                found = node.numbers.first().copied();
            }
        });
        found
    }

    fn visit(&self, f: &mut dyn FnMut(&Node)) {
        f(self);
        for child in &self.children {
            child.visit(f);
        }
    }

    /// The EPSG code of this element's own `AUTHORITY` / `ID`.
    fn epsg(&self) -> Option<u32> {
        let id = self.child(&["AUTHORITY", "ID"])?;
        if !id.title().eq_ignore_ascii_case("EPSG") {
            return None;
        }
        id.numbers
            .first()
            .map(|n| *n as u32)
            .or_else(|| id.texts.get(1).and_then(|t| t.parse().ok()))
    }
}

/// Parses WKT into its elements; `None` when it is not WKT.
fn parse(text: &str) -> Option<Node> {
    let mut chars = text
        .trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .peekable();
    let node = element(&mut chars, 0)?;
    Some(node)
}

fn element(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, depth: usize) -> Option<Node> {
    if depth > 32 {
        return None;
    }
    let mut node = Node::default();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_alphanumeric() || c == '_' {
            node.name.push(c);
            chars.next();
        } else {
            break;
        }
    }
    while chars.peek().is_some_and(|c| c.is_whitespace()) {
        chars.next();
    }
    if node.name.is_empty() {
        return None;
    }
    if matches!(chars.peek(), Some('[' | '(')) {
        chars.next();
    } else {
        // A bare word (`east`, `Cartesian`) inside an element.
        return (depth > 0).then_some(node);
    }
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        match chars.peek().copied()? {
            ']' | ')' => {
                chars.next();
                return Some(node);
            }
            '"' => {
                chars.next();
                let mut text = String::new();
                loop {
                    match chars.next()? {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            text.push('"');
                        }
                        '"' => break,
                        c => text.push(c),
                    }
                }
                node.texts.push(text);
            }
            c if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                let mut number = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_ascii_digit() || "-+.eE".contains(c) {
                        number.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                node.numbers.push(number.parse().ok()?);
            }
            _ => {
                let child = element(chars, depth + 1)?;
                node.children.push(child);
            }
        }
    }
}

/// The CRS an EPSG code stands for: WGS84 and ETRS89 longitude/latitude are the same to
/// a metre.
#[must_use]
pub(super) fn crs_of_epsg(code: u32) -> Option<Crs> {
    match code {
        4326 | 4258 | 4979 | 4937 => Some(Crs::Wgs84),
        code => u16::try_from(code).ok().map(Crs::Epsg),
    }
}

/// The CRS a WKT text names; `Err` with its name when it is none Lernstadt knows.
pub(super) fn crs_of_wkt(text: &str) -> Result<Option<Crs>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let Some(root) = parse(text) else {
        return Err(text.chars().take(80).collect());
    };
    let name = root.title().to_owned();
    if let Some(crs) = root.epsg().and_then(crs_of_epsg) {
        return Ok(Some(crs));
    }
    let kind = root.name.to_ascii_uppercase();
    let datum = root
        .find(&["DATUM", "ENSEMBLE"])
        .map(|d| d.title().to_ascii_lowercase())
        .unwrap_or_default();
    let ellipsoid = root
        .find(&["SPHEROID", "ELLIPSOID"])
        .map(|d| d.title().to_ascii_lowercase())
        .unwrap_or_default();
    let dhdn = datum.contains("hauptdreiecksnetz") || datum.contains("dhdn");
    let etrs = datum.contains("etrs") || datum.contains("european_terrestrial");
    let wgs84 = datum.contains("wgs") && datum.contains("84");
    let geographic = ["GEOGCS", "GEOGCRS", "GEODCRS", "BASEGEOGCRS"].contains(&kind.as_str());
    if geographic {
        return if etrs || wgs84 || ellipsoid.contains("grs") && ellipsoid.contains("1980") {
            Ok(Some(Crs::Wgs84))
        } else {
            Err(name)
        };
    }
    let meridian = root.parameter(&[
        "central_meridian",
        "longitude_of_center",
        "Longitude of natural origin",
    ]);
    let easting = root
        .parameter(&["false_easting", "False easting"])
        .unwrap_or(0.0);
    let scale = root
        .parameter(&["scale_factor", "Scale factor at natural origin"])
        .unwrap_or(1.0);
    let code = match (meridian.map(|m| m.round() as i64), dhdn, etrs, wgs84) {
        // Gauß-Krüger: zone n at 3n degrees east, false easting n × 1,000 km + 500 km.
        (Some(m @ (6 | 9 | 12 | 15)), true, _, _)
            if (easting - ((m / 3) as f64 * 1.0e6 + 5.0e5)).abs() < 1.0 =>
        {
            31464 + (m / 3) as u32
        }
        (Some(9), false, true, false) if (scale - 0.9996).abs() < 1e-6 => {
            if easting > 1.0e6 {
                4647
            } else {
                25832
            }
        }
        (Some(15), false, true, false) if (scale - 0.9996).abs() < 1e-6 => {
            if easting > 1.0e6 {
                5650
            } else {
                25833
            }
        }
        (Some(9), false, false, true) if (scale - 0.9996).abs() < 1e-6 => 32632,
        (Some(15), false, false, true) if (scale - 0.9996).abs() < 1e-6 => 32633,
        _ => return Err(name),
    };
    Ok(crs_of_epsg(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GK3_ESRI: &str = r#"PROJCS["DHDN_3_Degree_Gauss_Zone_3",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",3500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

    #[test]
    fn gauss_krueger_zones_are_known_by_their_parameters() {
        assert_eq!(crs_of_wkt(GK3_ESRI), Ok(Some(Crs::Epsg(31467))));
        let gk4 = GK3_ESRI
            .replace("3500000.0", "4500000.0")
            .replace("\"Central_Meridian\",9.0", "\"Central_Meridian\",12.0");
        assert_eq!(crs_of_wkt(&gk4), Ok(Some(Crs::Epsg(31468))));
        // An authority at the end names it outright.
        let with_id = format!(
            "{}{}",
            &GK3_ESRI[..GK3_ESRI.len() - 1],
            r#",AUTHORITY["EPSG",31469]]"#
        );
        assert_eq!(crs_of_wkt(&with_id), Ok(Some(Crs::Epsg(31469))));
    }

    #[test]
    fn utm_and_geographic_systems_are_known() {
        let utm = |datum: &str, easting: &str, meridian: &str| {
            format!(
                r#"PROJCS["x",GEOGCS["y",DATUM["{datum}",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",{easting}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",{meridian}],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#
            )
        };
        assert_eq!(
            crs_of_wkt(&utm("D_ETRS_1989", "500000.0", "9.0")),
            Ok(Some(Crs::Epsg(25832)))
        );
        assert_eq!(
            crs_of_wkt(&utm("D_ETRS_1989", "33500000.0", "15.0")),
            Ok(Some(Crs::Epsg(5650)))
        );
        assert_eq!(
            crs_of_wkt(&utm("D_WGS_1984", "500000.0", "15.0")),
            Ok(Some(Crs::Epsg(32633)))
        );
        let wgs84 = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert_eq!(crs_of_wkt(wgs84), Ok(Some(Crs::Wgs84)));
        let etrs89 = wgs84.replace("D_WGS_1984", "D_ETRS_1989");
        assert_eq!(crs_of_wkt(&etrs89), Ok(Some(Crs::Wgs84)));
        assert!(
            crs_of_wkt(r#"PROJCS["Lambert",GEOGCS["y",DATUM["D_North_American_1983"]]]"#).is_err()
        );
        assert!(crs_of_wkt("not wkt").is_err());
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
}
