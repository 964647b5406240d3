//! Boundary files through the import wizard: a `GeoPackage` of two layers, the layer
//! chosen in the wizard, the import reported per feature and drawn as a map; a Kreis
//! table's map drawn with the official boundaries the program ships.

use egui_kittest::kittest::Queryable;
use lernstadt::app::LernstadtApp;
use lernstadt::settings::Settings;

use super::{Start, setup, wait_for, window};

/// Imports a long-form table into the project at `path` (the regions it names come in).
fn import_table(path: &std::path::Path, text: &str) {
    let csv = path.with_extension("csv");
    std::fs::write(&csv, text).unwrap();
    let mut store = lernstadt_core::store::Store::open(
        path,
        lernstadt_core::store::OpenMode::ReadWrite,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    lernstadt_core::import::import_file(
        &mut store,
        &csv,
        &lernstadt_core::import::Options::default(),
        &std::sync::Arc::default(),
    )
    .unwrap();
    store.close().unwrap();
}

/// The wizard offers a `GeoPackage`'s layers; the one chosen comes in, a broken geometry is
/// reported by its feature, and the map view draws the districts.
#[test]
fn a_geopackage_layer_chosen_in_the_wizard() {
    let setup = setup("stadt.lernstadt", Start::Empty);
    import_table(
        &setup.path,
        "Kennzahl;Stadtteil;Jahr;Wert\nEW;05913001;2023;1\nEW;05913002;2023;2\nEW;05913003;2023;3\n",
    );
    let gpkg = setup.path.with_extension("gpkg");
    crate::boundary_files::write_geopackage(&gpkg);
    let mut app = LernstadtApp::open(&setup.path, Settings::default());
    app.import.choose(gpkg);
    let mut harness = window(app);
    harness.get_by_label_contains("District boundaries (GeoJSON, Shapefile");
    assert_eq!(
        harness.state().import.layers,
        ["punkte", "stadtteile"],
        "the layers are offered"
    );
    harness.get_by_label("Layer").click();
    harness.run();
    harness.get_by_label("stadtteile").click();
    harness.run();
    assert_eq!(harness.state().import.layer.as_deref(), Some("stadtteile"));
    harness.get_by_label("Import").click();
    harness.run();
    wait_for(&mut harness, |app| app.import.report.is_some());
    let report = harness.state().import.report.clone().unwrap();
    assert_eq!((report.inserted, report.rejected), (2, 1), "{report:?}");
    harness.get_by_label_contains("feature 2: error:");
    harness.state_mut().import.open = false;
    harness.state_mut().view = lernstadt::ui::View::Indicators;
    harness.run();
    harness.state_mut().views.indicators.selected =
        harness.state().data.indicators.first().map(|i| i.uuid);
    harness.state_mut().views.indicators.chart = lernstadt::ui::indicators::ChartKind::Map;
    harness.run();
    harness.run();
    harness.get_by_label_contains("EW 2023");
    harness.get_by_label("Whole country");
}

/// A Kreis table imported into an empty project has its map at once, drawn with the
/// official boundaries: the window shows the map of the Kreise.
#[test]
fn a_kreis_table_has_its_map_in_the_window() {
    let setup = setup("kreis.lernstadt", Start::Empty);
    import_table(
        &setup.path,
        "Kennzahl;Gebiet;Jahr;Wert\nEW;09162;2023;1500000\nEW;09184;2023;350000\nEW;09175;2023;140000\nEW;09178;2023;180000\n",
    );
    let mut harness = window(LernstadtApp::open(&setup.path, Settings::default()));
    assert_eq!(harness.state().data.official_shapes.len(), 4);
    harness.state_mut().view = lernstadt::ui::View::Indicators;
    harness.run();
    harness.state_mut().views.indicators.selected =
        harness.state().data.indicators.first().map(|i| i.uuid);
    harness.state_mut().views.indicators.chart = lernstadt::ui::indicators::ChartKind::Map;
    harness.run();
    harness.run();
    harness.get_by_label_contains("EW 2023");
}
