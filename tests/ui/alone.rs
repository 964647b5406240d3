//! A view tested alone, without the app: it reads a snapshot and its own state and only
//! asks for commands, which the test reads instead of a store.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lernstadt::command::{Command, Commands};
use lernstadt::ui::stakeholders::{State, stakeholders_ui};
use lernstadt_core::snapshot::Snapshot;

use super::{Start, setup};

/// What the stakeholder view works with when no app is around it.
struct Alone {
    data: Snapshot,
    state: State,
    commands: Commands,
}

#[test]
fn the_stakeholder_view_asks_for_an_edit_and_writes_nothing() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let store = lernstadt_core::store::Store::open(
        &setup.path,
        lernstadt_core::store::OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let mut data = Snapshot::default();
    data.refresh(&store).unwrap();
    let generation = store.generation();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_ui_state(
            |ui, alone: &mut Alone| {
                stakeholders_ui(ui, &alone.data, &mut alone.state, &mut alone.commands);
            },
            Alone {
                data,
                state: State::default(),
                commands: Commands::default(),
            },
        );
    harness.run();
    harness.get_by_label("Jugendamt Musterstadt").click();
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::SpinButton, "Interest")
        .set_value_accesskit(5.0);
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();

    let asked = harness.state_mut().commands.take();
    let [Command::Edit(edit)] = asked.as_slice() else {
        panic!("one edit asked for, got {asked:?}");
    };
    assert!(
        edit.label.starts_with("Jugendamt Musterstadt: Interest"),
        "{}",
        edit.label
    );
    // The view wrote nothing: the file is as it was.
    assert_eq!(store.generation(), generation);
    assert!(store.history(1).unwrap()[0].label != edit.label);
}

/// The window's icon reads (the packaged 256 px PNG, kept equal to the SVG by `packaging`).
#[test]
fn the_window_icon_is_drawn() {
    let icon = lernstadt::app::icon().expect("the icon draws");
    assert_eq!((icon.width, icon.height), (256, 256));
    let opaque = icon.rgba.chunks(4).filter(|p| p[3] == 255).count();
    assert!(opaque > 256 * 200, "mostly the rounded square: {opaque}");
}
