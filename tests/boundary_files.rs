//! Boundaries from Shapefiles (`.shp` with its parts, a `.zip` of them) and `GeoPackage`s,
//! in the coordinate systems the offices use, written here and read back through
//! `lernstadt import`; and the official boundaries the program ships, checked against the
//! BKG's VG5000 files when `../shared/data` is there.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use lernstadt_core::store::{OpenMode, Store};

use crate::util::Env;

/// The ESRI WKT of DHDN / Gauß-Krüger zone 3, as the BKG's `.prj` has it (no EPSG code).
const GK3: &str = r#"PROJCS["DHDN_3_Degree_Gauss_Zone_3",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",3500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

/// A feature of a test Shapefile: its key, its name and its ring.
type Feature<'a> = (&'a str, &'a str, Vec<(f64, f64)>);

/// A square of `side` metres centred on (x, y), clockwise as a Shapefile's outer ring is.
fn square(x: f64, y: f64, side: f64) -> Vec<(f64, f64)> {
    let h = side / 2.0;
    vec![
        (x - h, y - h),
        (x - h, y + h),
        (x + h, y + h),
        (x + h, y - h),
        (x - h, y - h),
    ]
}

/// Writes `X.shp`, `.shx`, `.dbf` (attributes `ARS` and `GEN` in `encoding`), `.prj` and
/// `.cpg` with one polygon per feature.
fn write_shapefile(
    shp: &Path,
    features: &[Feature<'_>],
    cpg: &str,
    encoding: &'static encoding_rs::Encoding,
) {
    use shapefile::dbase::{self, FieldValue, TableWriterBuilder};
    let table = TableWriterBuilder::with_encoding(dbase::encoding::EncodingRs::from(encoding))
        .add_character_field("ARS".try_into().unwrap(), 12)
        .add_character_field("GEN".try_into().unwrap(), 60);
    let mut writer = shapefile::Writer::from_path(shp, table).unwrap();
    for (key, name, ring) in features {
        let polygon = shapefile::Polygon::with_rings(vec![shapefile::PolygonRing::Outer(
            ring.iter()
                .map(|&(x, y)| shapefile::Point::new(x, y))
                .collect(),
        )]);
        let mut record = dbase::Record::default();
        record.insert("ARS".into(), FieldValue::Character(Some((*key).to_owned())));
        record.insert(
            "GEN".into(),
            FieldValue::Character(Some((*name).to_owned())),
        );
        writer.write_shape_and_record(&polygon, &record).unwrap();
    }
    drop(writer);
    std::fs::write(shp.with_extension("prj"), GK3).unwrap();
    std::fs::write(shp.with_extension("cpg"), cpg).unwrap();
}

/// A project holding the regions `keys` (official names from the list), my region the
/// first.
fn project_with(env: &Env, keys: &[&str]) -> PathBuf {
    let project = env.path("kreis.lernstadt");
    env.run(&["new", project.to_str().unwrap(), "--region", keys[0]])
        .expect_code(0);
    let mut csv = String::from("Kennzahl;Gebiet;Jahr;Wert\n");
    for (n, key) in keys.iter().enumerate() {
        writeln!(csv, "EW;{key};2023;{}", 1000 + n).unwrap();
    }
    let file = env.path("werte.csv");
    std::fs::write(&file, csv).unwrap();
    env.import(&project, &file, &[]);
    project
}

/// The stored boundaries' centroids (longitude, latitude) by region key.
fn centroids(project: &Path) -> Vec<(String, (f64, f64))> {
    crate::read_back::stored_shapes(project)
        .into_iter()
        .map(|(key, geometry)| {
            let shape = lernstadt_core::geometry::parse(&geometry).unwrap();
            let c = geo::Centroid::centroid(&shape).unwrap();
            (key, (c.x(), c.y()))
        })
        .collect()
}

/// Metres between two points given in degrees (short distances).
fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let k = a.1.to_radians().cos();
    (((a.0 - b.0) * k).powi(2) + (a.1 - b.1).powi(2)).sqrt() * 111_195.0
}

/// A Shapefile in Gauß-Krüger zone 3 comes in where it belongs — with the DHDN datum shift
/// (without it, 120 m off) —, its key attribute found (ARS, not the Land's number), a
/// feature whose key is no region of the project reported by index, key and name (read in
/// UTF-8 as the `.cpg` says), and the same file again changes nothing.
#[test]
fn a_shapefile_in_gauss_krueger_comes_in_where_it_belongs() {
    let env = Env::new();
    let project = project_with(&env, &["09162", "09184"]);
    let shp = env.path("VG_TEST.shp");
    write_shapefile(
        &shp,
        &[
            (
                "09162",
                "München",
                square(3_690_000.0, 5_335_000.0, 2_000.0),
            ),
            (
                "09184",
                "München",
                square(3_700_000.0, 5_330_000.0, 2_000.0),
            ),
            (
                "09999",
                "Nirgendwö",
                square(3_710_000.0, 5_330_000.0, 2_000.0),
            ),
        ],
        "UTF-8",
        encoding_rs::UTF_8,
    );
    let report = env.import(&project, &shp, &[]);
    assert_eq!(
        (report["inserted"].as_u64(), report["rejected"].as_u64()),
        (Some(2), Some(1)),
        "{report:#}"
    );
    let problem = &report["problems"][0];
    assert_eq!(problem["feature"], 2, "{report:#}");
    let message = problem["message"].as_str().unwrap();
    assert!(
        message.contains("09999") && message.contains("Nirgendwö"),
        "{message}"
    );
    // The report says how the file was read: what a planner checks first when a map is
    // empty or in the wrong place.
    let read_as = report["values"].as_str().unwrap_or_default();
    assert!(
        read_as.contains("EPSG:31467 (DHDN / Gauß-Krüger zone 3)")
            && read_as.contains("UTF-8 (")
            && read_as.contains("\"ARS\""),
        "{read_as}"
    );
    // The centre of the first square, (3,690,000, 5,335,000) in GK3, is 11.551269 E,
    // 48.124663 N in WGS84 (PROJ with the seven DHDN parameters); without the datum shift
    // it would be 11.552653 E, 48.125583 N.
    let found = centroids(&project);
    let munich = found.iter().find(|(k, _)| k == "09162").unwrap().1;
    let off = metres(munich, (11.551_269, 48.124_663));
    assert!(off < 5.0, "{off} m off: {munich:?}");
    let again = env.import(&project, &shp, &[]);
    assert_eq!(
        (again["inserted"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(2)),
        "{again:#}"
    );
}

/// A `.zip` of Shapefiles: the one named with `--layer` is read; without it, a zip of two
/// says which it holds; attributes in Windows-1252 (`.cpg` 1252) read right.
#[test]
fn a_zip_of_shapefiles_and_its_layers() {
    let env = Env::new();
    let project = project_with(&env, &["09563"]);
    let dir = env.path("parts");
    std::fs::create_dir(&dir).unwrap();
    let a = dir.join("kreise.shp");
    write_shapefile(
        &a,
        &[
            ("09563", "Fürth", square(4_425_000.0, 5_480_000.0, 3_000.0)),
            ("09999", "Bäyern", square(4_435_000.0, 5_480_000.0, 3_000.0)),
        ],
        "1252",
        encoding_rs::WINDOWS_1252,
    );
    // The first .prj written for zone 3: this one is zone 4.
    std::fs::write(
        a.with_extension("prj"),
        GK3.replace("3500000.0", "4500000.0")
            .replace("\"Central_Meridian\",9.0", "\"Central_Meridian\",12.0"),
    )
    .unwrap();
    let b = dir.join("andere.shp");
    write_shapefile(
        &b,
        &[("09563", "Fürth", square(3_640_000.0, 5_480_000.0, 3_000.0))],
        "UTF-8",
        encoding_rs::UTF_8,
    );
    let zip_path = env.path("grenzen.zip");
    {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
        for stem in ["kreise", "andere"] {
            for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
                zip.start_file(
                    format!("daten/{stem}.{ext}"),
                    zip::write::SimpleFileOptions::default(),
                )
                .unwrap();
                std::io::Write::write_all(
                    &mut zip,
                    &std::fs::read(dir.join(format!("{stem}.{ext}"))).unwrap(),
                )
                .unwrap();
            }
        }
        zip.finish().unwrap();
    }
    let p = project.to_str().unwrap();
    let z = zip_path.to_str().unwrap();
    let refused = env.run(&["import", p, z]).expect_code(1).stderr();
    assert!(
        refused.contains("daten/kreise")
            && refused.contains("daten/andere")
            && refused.contains("--layer"),
        "{refused}"
    );
    let report = env.import(&project, &zip_path, &["--layer", "kreise"]);
    assert_eq!(report["inserted"], 1, "{report:#}");
    let message = report["problems"][0]["message"].as_str().unwrap();
    assert!(message.contains("Bäyern"), "{message}");
    // Zone 4 (12° E): the square near Fürth, 10.99 E 49.45 N.
    let fuerth = centroids(&project)[0].1;
    assert!(
        (fuerth.0 - 10.96).abs() < 0.1 && (fuerth.1 - 49.44).abs() < 0.1,
        "{fuerth:?}"
    );
}

/// A Shapefile without its `.dbf` or `.prj`, or with an unknown CRS, is refused with what
/// is missing and what to do; nothing is written.
#[test]
fn a_shapefile_missing_a_part_says_which() {
    let env = Env::new();
    let project = project_with(&env, &["09162"]);
    let shp = env.path("x.shp");
    write_shapefile(
        &shp,
        &[(
            "09162",
            "München",
            square(3_690_000.0, 5_335_000.0, 2_000.0),
        )],
        "UTF-8",
        encoding_rs::UTF_8,
    );
    let p = project.to_str().unwrap();
    let s = shp.to_str().unwrap();
    std::fs::write(
        shp.with_extension("prj"),
        r#"PROJCS["Lambert",GEOGCS["NAD83",DATUM["D_North_American_1983"]],PROJECTION["Lambert_Conformal_Conic"]]"#,
    )
    .unwrap();
    let text = env.run(&["import", p, s]).expect_code(1).stderr();
    assert!(
        text.contains("Lambert") && text.contains("EPSG:25832"),
        "{text}"
    );
    std::fs::remove_file(shp.with_extension("prj")).unwrap();
    let text = env.run(&["import", p, s]).expect_code(1).stderr();
    assert!(text.contains(".prj"), "{text}");
    std::fs::remove_file(shp.with_extension("dbf")).unwrap();
    let text = env.run(&["import", p, s]).expect_code(1).stderr();
    assert!(text.contains(".dbf"), "{text}");
    assert!(centroids(&project).is_empty());
}

/// A `GeoPackage` blob of a polygon: the standard header (with an envelope) and
/// little-endian WKB.
fn gpkg_blob(srs_id: i32, ring: &[(f64, f64)]) -> Vec<u8> {
    let mut b = vec![b'G', b'P', 0, 0b0000_0011];
    b.extend_from_slice(&srs_id.to_le_bytes());
    let (xs, ys): (Vec<f64>, Vec<f64>) = ring.iter().copied().unzip();
    for v in [
        xs.iter().copied().fold(f64::MAX, f64::min),
        xs.iter().copied().fold(f64::MIN, f64::max),
        ys.iter().copied().fold(f64::MAX, f64::min),
        ys.iter().copied().fold(f64::MIN, f64::max),
    ] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.push(1);
    b.extend_from_slice(&3_u32.to_le_bytes());
    b.extend_from_slice(&1_u32.to_le_bytes());
    b.extend_from_slice(&(ring.len() as u32).to_le_bytes());
    for (x, y) in ring {
        b.extend_from_slice(&x.to_le_bytes());
        b.extend_from_slice(&y.to_le_bytes());
    }
    b
}

/// Writes a `GeoPackage` with the layers `stadtteile` (EPSG:25832, key column `schluessel`
/// of the project's keys, one broken blob) and `punkte`.
pub(crate) fn write_geopackage(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "PRAGMA application_id = 1196444487;
         CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
           organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
           definition TEXT NOT NULL, description TEXT);
         INSERT INTO gpkg_spatial_ref_sys VALUES
           ('ETRS89 / UTM zone 32N', 25832, 'EPSG', 25832, 'PROJCS[\"ETRS89 / UTM zone 32N\"]', NULL);
         CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL,
           identifier TEXT, description TEXT DEFAULT '', last_change TEXT, min_x REAL,
           min_y REAL, max_x REAL, max_y REAL, srs_id INTEGER);
         CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
           geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,
           m TINYINT NOT NULL);
         INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES
           ('stadtteile', 'features', 25832), ('punkte', 'features', 25832);
         INSERT INTO gpkg_geometry_columns VALUES
           ('stadtteile', 'geom', 'POLYGON', 25832, 0, 0), ('punkte', 'geom', 'POINT', 25832, 0, 0);
         CREATE TABLE stadtteile (fid INTEGER PRIMARY KEY, geom BLOB, schluessel TEXT, name TEXT);
         CREATE TABLE punkte (fid INTEGER PRIMARY KEY, geom BLOB, name TEXT);",
    )
    .unwrap();
    // Dortmund, Friedensplatz: 393,553 E, 5,707,935 N in UTM 32 is 7.466 E, 51.5125 N.
    let rows = [
        (
            "05913001",
            "Innenstadt",
            gpkg_blob(25832, &square(393_553.0, 5_707_935.0, 500.0)),
        ),
        (
            "05913002",
            "Hörde",
            gpkg_blob(25832, &square(396_000.0, 5_705_000.0, 500.0)),
        ),
        ("05913003", "Kaputt", b"GP\0\x01\0\0\0\0\x01\x03".to_vec()),
    ];
    for (key, name, blob) in rows {
        conn.execute(
            "INSERT INTO stadtteile (geom, schluessel, name) VALUES (?1, ?2, ?3)",
            rusqlite::params![blob, key, name],
        )
        .unwrap();
    }
}

/// A `GeoPackage`'s layer, in UTM 32, comes in: the layer chosen with `--layer` (a file of
/// two says which it holds), the key found by its values, a broken geometry reported by
/// index, key and name; the file itself is not changed.
#[test]
fn a_geopackage_layer_in_utm_comes_in() {
    let env = Env::new();
    let project = env.new_project("stadt.lernstadt");
    let csv = env.path("stadtteile.csv");
    std::fs::write(
        &csv,
        "Kennzahl;Stadtteil;Jahr;Wert\nEW;05913001;2023;1\nEW;05913002;2023;2\nEW;05913003;2023;3\n",
    )
    .unwrap();
    env.import(&project, &csv, &[]);
    let gpkg = env.path("stadt.gpkg");
    write_geopackage(&gpkg);
    let before = std::fs::read(&gpkg).unwrap();
    let p = project.to_str().unwrap();
    let g = gpkg.to_str().unwrap();
    let refused = env.run(&["import", p, g]).expect_code(1).stderr();
    assert!(
        refused.contains("punkte") && refused.contains("stadtteile") && refused.contains("--layer"),
        "{refused}"
    );
    let report = env.import(&project, &gpkg, &["--layer", "stadtteile"]);
    assert_eq!(
        (report["inserted"].as_u64(), report["rejected"].as_u64()),
        (Some(2), Some(1)),
        "{report:#}"
    );
    let problem = &report["problems"][0];
    assert_eq!(problem["feature"], 2);
    let message = problem["message"].as_str().unwrap();
    assert!(
        message.contains("05913003") && message.contains("Kaputt") && message.contains("geometry"),
        "{message}"
    );
    let read_as = report["values"].as_str().unwrap_or_default();
    assert!(
        read_as.contains("EPSG:25832 (ETRS89 / UTM zone 32N)")
            && read_as.contains("\"schluessel\""),
        "{read_as}"
    );
    let found = centroids(&project);
    let centre = found.iter().find(|(k, _)| k == "05913001").unwrap().1;
    assert!(metres(centre, (7.466, 51.5125)) < 5.0, "{centre:?}");
    let points = env.import(&project, &gpkg, &["--layer", "punkte"]);
    assert_eq!(points["inserted"], 0, "{points:#}");
    assert_eq!(
        std::fs::read(&gpkg).unwrap(),
        before,
        "the GeoPackage is only read"
    );
}

/// The VG5000 folder of the shared data, when it is there.
fn vg5000() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/boundaries/vg5000");
    dir.join("VG5000_KRS.shp").exists().then_some(dir)
}

/// Where the Kreise's centroids belong (WGS84, from the VG5000's GK3 coordinates through
/// PROJ with the DHDN datum shift).
const KREIS_CENTROIDS: [(&str, (f64, f64)); 7] = [
    ("01001", (9.438_717, 54.785_147)),
    ("02000", (10.018_944, 53.546_591)),
    ("05334", (6.217_024, 50.727_382)),
    ("08311", (7.818_092, 47.992_709)),
    ("09162", (11.546_826, 48.152_886)),
    ("11000", (13.401_155, 52.501_783)),
    ("14626", (14.750_749, 51.225_499)),
];

/// The BKG's VG5000 Kreise, imported into a project made from a Regionaldatenbank Kreis
/// table: all 401 join the table's keys (Hamburg and Berlin as the Länder the table has),
/// none is rejected, and the centroids lie where they belong.
#[test]
fn the_vg5000_kreise_join_a_kreis_table() {
    let Some(dir) = vg5000() else {
        eprintln!("skipped: ../shared/data/boundaries/vg5000 is not there");
        return;
    };
    let table = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/genesis-classic/12411-01-01-4.csv");
    let env = Env::new();
    let project = env.new_project("kreise.lernstadt");
    env.import(&project, &table, &[]);
    let report = env.import(&project, &dir.join("VG5000_KRS.shp"), &[]);
    assert_eq!(
        (report["inserted"].as_u64(), report["rejected"].as_u64()),
        (Some(401), Some(0)),
        "{report:#}"
    );
    let found = centroids(&project);
    for (key, want) in KREIS_CENTROIDS {
        let key = match key {
            "02000" => "02",
            "11000" => "11",
            key => key,
        };
        let got = found.iter().find(|(k, _)| k == key).unwrap().1;
        let off = metres(got, want);
        assert!(off < 50.0, "{key}: {off} m off");
    }
    // The Länder: their sea areas and the Bodensee (GF 8) are left out with one warning,
    // Bayern, whose ring touches itself at a point, comes in.
    let report = env.import(&project, &dir.join("VG5000_LAN.shp"), &[]);
    assert_eq!(report["rejected"], 0, "{report:#}");
    assert_eq!(
        report["inserted"].as_u64().unwrap() + report["unchanged"].as_u64().unwrap(),
        16,
        "{report:#}"
    );
    let warning = report["problems"][0]["message"].as_str().unwrap();
    assert!(warning.contains("9 water areas"), "{warning}");
}

/// The official boundaries the program ships draw a Kreis table's map right after its
/// import, with the licence's attribution; each Kreis's shipped boundary lies where the
/// VG5000 says (within a few hundred metres — it is stored to 1/10,000 degree).
#[test]
fn a_kreis_table_has_its_map_at_once() {
    let env = Env::new();
    let project = project_with(&env, &["09162", "09184", "09175", "09178", "09", "05315"]);
    let out = env.path("karte.png");
    env.export(&project, "map", &out, &["--indicator", "EW"]);
    assert!(std::fs::metadata(&out).unwrap().len() > 10_000);
    let store = Store::open(
        &project,
        OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let mut data = lernstadt_core::snapshot::Snapshot::default();
    data.refresh(&store).unwrap();
    assert_eq!(
        data.official_shapes.len(),
        6,
        "every region has its boundary"
    );
    let index = data.indicators.iter().position(|i| i.code == "EW").unwrap();
    let observations =
        lernstadt_core::store::observations::for_indicator(store.conn(), "EW").unwrap();
    let (svg, _) = lernstadt_core::render::map::map_svg(
        &data,
        index,
        &observations,
        "2023",
        lernstadt_core::render::map::Classes::Quantiles,
        1.0,
    )
    .unwrap();
    assert!(
        svg.contains("© GeoBasis-DE / BKG 2021 (Daten verändert)"),
        "{svg}"
    );
    // My region's neighbours in Oberbayern, not Bayern over them nor Köln far away.
    assert_eq!(svg.matches("<g><title>").count(), 4, "{svg}");
    for (key, want) in KREIS_CENTROIDS {
        let shape = lernstadt_core::model::official_boundaries::shipped()
            .shape(key)
            .unwrap();
        let c = geo::Centroid::centroid(shape).unwrap();
        let off = metres((c.x(), c.y()), want);
        assert!(off < 300.0, "{key}: {off} m off");
    }
}

/// A Landkreis project with its Gemeinden's values: the map shows the Gemeinden (drawn
/// with the shipped boundaries), the Landkreis outlined around them.
#[test]
fn a_landkreis_has_the_map_of_its_gemeinden() {
    let shipped = lernstadt_core::model::official_boundaries::shipped();
    let mut keys = vec!["09174"];
    keys.extend(
        shipped
            .regions
            .iter()
            .filter(|r| r.key.len() == 12 && r.key.starts_with("09174"))
            .map(|r| r.key.as_str()),
    );
    assert_eq!(keys.len(), 18, "Dachau and its 17 Gemeinden");
    let env = Env::new();
    let project = project_with(&env, &keys);
    let store = Store::open(
        &project,
        OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let mut data = lernstadt_core::snapshot::Snapshot::default();
    data.refresh(&store).unwrap();
    let index = data.indicators.iter().position(|i| i.code == "EW").unwrap();
    let observations =
        lernstadt_core::store::observations::for_indicator(store.conn(), "EW").unwrap();
    let (svg, _) = lernstadt_core::render::map::map_svg(
        &data,
        index,
        &observations,
        "2023",
        lernstadt_core::render::map::Classes::Quantiles,
        1.0,
    )
    .unwrap();
    assert_eq!(svg.matches("<g><title>").count(), 17, "the Gemeinden");
    assert_eq!(svg.matches(r#"class="mine""#).count(), 1, "Dachau outlined");
    assert!(
        svg.contains("Dachau, GKSt") || svg.contains("Dachau"),
        "{svg}"
    );
}
