//! Workshop mode: presenting a saved sequence of slides full screen, driven by a clicker,
//! with ideas typed live and dots given by number keys; and the view where presentations
//! are edited.
//!
//! On the wall nothing personal is drawn: no contact person, e-mail address or telephone
//! number appears on any slide. A slide whose target is gone is skipped with a small
//! notice; a failure shows as a small neutral notice, never a dialog.

mod editor;
mod present;

pub use editor::{EditorState, editor_ui};
pub use present::{PictureKey, Presenting, present_ui};

use uuid::Uuid;

use lernstadt_core::model::Slide;
use lernstadt_core::slides;
use lernstadt_core::snapshot::Snapshot;

/// The slides of the running presentation that can be shown, and notices for the others.
#[must_use]
pub fn showable(data: &Snapshot, presentation: Uuid) -> (Vec<&Slide>, Vec<String>) {
    let mut shown = Vec::new();
    let mut skipped = Vec::new();
    for slide in data.slides_of(presentation) {
        match slides::missing(data, slide) {
            None => shown.push(slide),
            Some(why) => skipped.push(why),
        }
    }
    (shown, skipped)
}
