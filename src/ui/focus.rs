//! The keyboard focus kept in sight: a control reached by Tab that lies partly or wholly
//! outside its scroll area (below the fold, or beside it at large text) is scrolled into
//! view, as a browser does. egui moves the focus but never scrolls to it.
//!
//! The focus moves at the end of the frame in which Tab is pressed; the next frame asks
//! the newly focused control to scroll itself into view through AccessKit's
//! `ScrollIntoView` request, which egui answers while the control is drawn inside its
//! scroll area. A control fully in sight, or focused by a click, is left where it is.

use egui::accesskit::{Action, ActionRequest, TreeId};

/// What the last frame saw: the focused control, and whether Tab was pressed in it.
#[derive(Clone, Copy, Default)]
struct Seen {
    focused: Option<egui::Id>,
    tabbed: bool,
}

/// Called at the start of every frame, before any control is drawn.
pub fn keep_in_sight(ctx: &egui::Context) {
    let key = egui::Id::unique("lernstadt_focus_seen");
    let seen: Seen = ctx.data(|d| d.get_temp(key)).unwrap_or_default();
    let focused = ctx.memory(egui::Memory::focused);
    if seen.tabbed
        && let Some(id) = focused
        && seen.focused != focused
        && ctx
            .read_response(id)
            .is_some_and(|response| response.interact_rect != response.rect)
    {
        ctx.input_mut(|input| {
            input
                .events
                .push(egui::Event::AccessKitActionRequest(ActionRequest {
                    action: Action::ScrollIntoView,
                    target_tree: TreeId::ROOT,
                    target_node: id.accesskit_id(),
                    data: None,
                }));
        });
    }
    let tabbed = ctx.input(|i| i.key_pressed(egui::Key::Tab));
    ctx.data_mut(|d| d.insert_temp(key, Seen { focused, tabbed }));
}
