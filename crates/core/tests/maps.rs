//! District boundaries from GeoJSON. (The map `lernstadt export` draws, and the printed
//! report of a boundary file: the root's `tests/maps.rs`.)

use std::path::Path;

use lernstadt_core::import::Options;
use lernstadt_core::import::boundaries::BoundaryOptions;

use crate::util::{self, Env, fixture};

fn shapes(path: &Path) -> Vec<(String, serde_json::Value)> {
    crate::read_back::stored_shapes(path)
        .into_iter()
        .map(|(key, geometry)| (key, serde_json::from_str(&geometry).unwrap()))
        .collect()
}

fn walk(value: &serde_json::Value, out: &mut Vec<(f64, f64)>) {
    if let Some(array) = value.as_array() {
        if array.len() == 2 && array.iter().all(serde_json::Value::is_number) {
            out.push((array[0].as_f64().unwrap(), array[1].as_f64().unwrap()));
        } else {
            for item in array {
                walk(item, out);
            }
        }
    }
}

fn convert(value: &mut serde_json::Value, from: &proj4rs::Proj, to: &proj4rs::Proj) {
    if let Some(array) = value.as_array_mut() {
        if array.len() == 2 && array.iter().all(serde_json::Value::is_number) {
            let mut point = (array[0].as_f64().unwrap(), array[1].as_f64().unwrap(), 0.0);
            proj4rs::transform::transform(from, to, &mut point).unwrap();
            *value = serde_json::json!([point.0.to_degrees(), point.1.to_degrees()]);
        } else {
            for item in array {
                convert(item, from, to);
            }
        }
    }
}

fn coordinates(value: &serde_json::Value) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    walk(&value["coordinates"], &mut out);
    out
}

/// The fixture's good features come in (matched by the detected key property), each bad
/// one is reported by its index and what is wrong, and nothing else changes. (The printed
/// report: the root's `tests/maps.rs`.)
#[test]
fn boundaries_import_with_a_report_per_bad_feature() {
    let env = Env::new();
    let project = env.demo();
    let before = shapes(&project);
    let report = util::import(
        &project,
        &fixture("districts_utm32.geojson"),
        &Options::default(),
    );
    assert_eq!(report["updated"], 2, "{report}");
    assert_eq!(report["inserted"], 0);
    assert_eq!(report["rejected"], 4);
    let problems = report["problems"].as_array().unwrap();
    let by_feature = |index: u64| {
        problems
            .iter()
            .find(|p| p["feature"] == index)
            .map(|p| p["message"].as_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    assert!(
        by_feature(2).contains("crosses itself"),
        "{}",
        by_feature(2)
    );
    assert!(by_feature(3).contains("Point"), "{}", by_feature(3));
    assert!(by_feature(4).contains("05999000-99"), "{}", by_feature(4));
    assert!(by_feature(5).contains("STT"), "{}", by_feature(5));
    let after = shapes(&project);
    assert_eq!(after.len(), before.len());
    // The untouched districts kept their boundaries; the two imported are near 7.3 E, 51.5 N.
    for (key, geometry) in &after {
        let old = &before.iter().find(|(k, _)| k == key).unwrap().1;
        if key.ends_with("-01") || key.ends_with("-02") {
            assert_ne!(geometry, old);
            for (lon, lat) in coordinates(geometry) {
                assert!(
                    (7.2..7.4).contains(&lon) && (51.4..51.5).contains(&lat),
                    "{lon} {lat}"
                );
            }
        } else {
            assert_eq!(geometry, old, "{key}");
        }
    }
}

/// The same boundaries in WGS84 and in UTM 32N make the same stored shapes, so the same map.
#[test]
fn a_projected_crs_and_wgs84_give_the_same_shapes() {
    let env = Env::new();
    let utm = env.demo();
    let wgs = env.path("wgs.lernstadt");
    std::fs::copy(&utm, &wgs).unwrap();
    util::import_boundaries(
        &utm,
        &fixture("districts_utm32.geojson"),
        &BoundaryOptions {
            key_property: Some("STT".to_owned()),
            layer: None,
            dry_run: false,
        },
    );
    // The fixture's first two features, turned into WGS84 longitude/latitude.
    let text = std::fs::read_to_string(fixture("districts_utm32.geojson")).unwrap();
    let mut document: serde_json::Value = serde_json::from_str(&text).unwrap();
    document.as_object_mut().unwrap().remove("crs");
    let from = proj4rs::Proj::from_epsg_code(25832).unwrap();
    let to = proj4rs::Proj::from_proj_string("+proj=longlat +datum=WGS84 +no_defs").unwrap();
    let features = document["features"].as_array_mut().unwrap();
    features.truncate(2);
    for feature in features.iter_mut() {
        convert(&mut feature["geometry"]["coordinates"], &from, &to);
    }
    let wgs_file = env.path("districts_wgs84.geojson");
    std::fs::write(&wgs_file, document.to_string()).unwrap();
    let report = util::import(&wgs, &wgs_file, &Options::default());
    assert_eq!(report["updated"], 2, "{report}");
    let (a, b) = (shapes(&utm), shapes(&wgs));
    for (key, geometry) in &a {
        let other = &b.iter().find(|(k, _)| k == key).unwrap().1;
        for (p, q) in coordinates(geometry).iter().zip(coordinates(other)) {
            assert!(
                (p.0 - q.0).abs() < 2e-6 && (p.1 - q.1).abs() < 2e-6,
                "{key}: {p:?} {q:?}"
            );
        }
    }
}

/// A boundary file's report names each problem's feature by index, key and name, the
/// feature a duplicate collides with, and the regions left without a boundary.
#[test]
fn a_duplicate_boundary_names_both_features_and_the_regions_left_out() {
    let env = Env::new();
    let project = env.new_project("p.lernstadt");
    let sheet = env.path("planungsraeume.csv");
    std::fs::write(
        &sheet,
        "Kennzahl;Gebiet;Name;Jahr;Wert\nA;06010101;Stülerstraße;2023;1\nA;06010102;Großer Tiergarten;2023;2\nA;06010103;Lützowstraße;2023;3\n",
    )
    .unwrap();
    util::import(
        &project,
        &sheet,
        &Options {
            map: lernstadt_core::import::sheet::parse_map("region_name=Name").unwrap(),
            ..Default::default()
        },
    );
    let square = |x: f64| serde_json::json!({"type": "Polygon", "coordinates": [[[x, 52.5], [x + 0.01, 52.5], [x + 0.01, 52.51], [x, 52.51], [x, 52.5]]]});
    let feature = |key: &str, name: &str, x: f64| serde_json::json!({"type": "Feature", "properties": {"PLR_ID": key, "PLR_NAME": name}, "geometry": square(x)});
    let geojson = serde_json::json!({"type": "FeatureCollection", "features": [
        feature("06010101", "Stülerstraße", 13.30),
        feature("06010102", "Großer Tiergarten", 13.32),
        feature("06010102", "Großer Tiergarten (alt)", 13.34),
    ]});
    let file = env.path("plr.geojson");
    std::fs::write(&file, geojson.to_string()).unwrap();
    let report = util::import(&project, &file, &Options::default());
    assert_eq!(
        (&report["inserted"], &report["rejected"]),
        (&serde_json::json!(2), &serde_json::json!(1)),
        "{report:#}"
    );
    let problems = report["problems"].as_array().unwrap();
    let duplicate = problems.iter().find(|p| p["feature"] == 2).unwrap()["message"]
        .as_str()
        .unwrap();
    for part in [
        "06010102",
        "Großer Tiergarten (alt)",
        "feature 1",
        "06010102 Großer Tiergarten",
    ] {
        assert!(duplicate.contains(part), "{part} in: {duplicate}");
    }
    let left_out = problems.iter().find(|p| p["warning"] == true).unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(left_out.contains("06010103 Lützowstraße"), "{left_out}");
}

/// A region an import knew only by its key (Berlin's planning area `01011101`, no name
/// column) takes the name its boundary gives (`PLR_NAME`); a region with a name keeps it.
#[test]
fn a_boundary_names_a_region_known_only_by_its_key() {
    let env = Env::new();
    let project = env.new_project("namen.lernstadt");
    let data = env.path("werte.csv");
    std::fs::write(
        &data,
        "Kennzahl;Gebiet;Gebietsname;Jahr;Wert\nA;01011101;;2023;1\nA;01011102;Eigener Name;2023;2\n",
    )
    .unwrap();
    util::import(&project, &data, &Options::default());
    let square = |x: f64| {
        format!(
            "[[[{x}, 52.5], [{x}, 52.51], [{}, 52.51], [{}, 52.5], [{x}, 52.5]]]",
            x + 0.01,
            x + 0.01
        )
    };
    let boundaries = env.path("lor.geojson");
    std::fs::write(
        &boundaries,
        format!(
            r#"{{"type": "FeatureCollection", "features": [
  {{"type": "Feature", "properties": {{"PLR_ID": "01011101", "PLR_NAME": "Stülerstraße"}},
    "geometry": {{"type": "Polygon", "coordinates": {}}}}},
  {{"type": "Feature", "properties": {{"PLR_ID": "01011102", "PLR_NAME": "Großer Tiergarten"}},
    "geometry": {{"type": "Polygon", "coordinates": {}}}}}
]}}"#,
            square(13.36),
            square(13.38)
        ),
    )
    .unwrap();
    let report = util::import(&project, &boundaries, &Options::default());
    assert_eq!(report["inserted"], 2, "{report:#}");
    let conn = rusqlite::Connection::open(&project).unwrap();
    let name = |key: &str| -> String {
        conn.query_row("SELECT name FROM region WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .unwrap()
    };
    assert_eq!(name("01011101"), "Stülerstraße");
    assert_eq!(name("01011102"), "Eigener Name");
}
