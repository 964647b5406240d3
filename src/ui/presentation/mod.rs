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

pub use lernstadt_core::slides::showable;
