//! Workshop mode: presentations, their slides, and the ideas and votes captured live.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::SlideKind;

/// A saved sequence of slides for a workshop or a council.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presentation {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The presentation's title; not empty.
    pub title: String,
}

/// One slide: what it shows and its settings (JSON: `indicator`, `regions`, `chart`,
/// `goal`, `ideas_slide`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slide {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The presentation it belongs to.
    pub presentation: Uuid,
    /// Order in the presentation, ascending.
    pub position: i64,
    /// What it shows.
    pub kind: SlideKind,
    /// The heading shown on the slide (may be empty).
    pub title: String,
    /// Text under the title, shown line by line; only a title slide shows it.
    pub body: String,
    /// JSON naming what it shows, read as [`crate::slides::Settings`]; `{}` for none.
    pub settings: String,
}

/// An idea said in the room, typed on an ideas slide; `dots` counts the votes it got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Idea {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The ideas slide it was typed on.
    pub slide: Uuid,
    /// Order on its slide, ascending: the order the ideas were typed.
    pub position: i64,
    /// The idea as typed; not empty.
    pub text: String,
    /// Dots it got on a vote slide; not negative.
    pub dots: i64,
}

/// Dots given to a measure on a vote slide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The vote slide the dots were given on.
    pub slide: Uuid,
    /// The measure they were given to.
    pub measure: Uuid,
    /// How many dots; not negative.
    pub dots: i64,
}
