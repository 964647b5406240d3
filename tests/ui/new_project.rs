//! *New project …*: my region searched among the official regions and picked from the
//! list, or a key of one's own taken as typed.

use egui_kittest::kittest::Queryable;

use super::{Start, open, setup};

/// Clears the region's field and types `text` into it, as a user does.
fn type_region(harness: &mut egui_kittest::Harness<'_, lernstadt::app::LernstadtApp>, text: &str) {
    harness.state_mut().views.new_project.region.clear();
    harness.run();
    harness.get_by_label("My region").focus();
    harness.run();
    harness.get_by_label("My region").type_text(text);
    harness.run();
}

#[test]
fn a_region_is_searched_by_name_and_picked() {
    let setup = setup("da.lernstadt", Start::Empty);
    let mut harness = open(&setup.path);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("New project…").click();
    harness.run();
    assert!(harness.state().views.new_project.open);

    type_region(&mut harness, "gött");
    // The Kreis first, then the Gemeinden; a name two regions share says which is which.
    harness.get_by_label("Göttingen, Landkreis (03159)");
    harness.get_by_label("Göttingen, Stadt — municipality in Göttingen, Landkreis (031590016016)");
    harness.get_by_label("Göttingen, Landkreis (03159)").click();
    harness.run();
    assert_eq!(harness.state().views.new_project.region, "03159");
    harness.get_by_label("Official region: Göttingen, Landkreis (county)");
    assert!(
        harness
            .query_by_label("Göttingen, Landkreis (03159)")
            .is_none(),
        "the list closes once a region is picked"
    );

    // A Gemeinde by its AGS is an official region too.
    type_region(&mut harness, "03159016");
    harness.get_by_label("Official region: Göttingen, Stadt (municipality)");

    // A city's own key is taken as typed, and said so.
    type_region(&mut harness, "KI-07");
    assert_eq!(harness.state().views.new_project.region, "KI-07");
    harness.get_by_label(
        "“KI-07” is not in the official list: it is taken as a key of your own (a city's own key, say), or pick a region above",
    );
}
