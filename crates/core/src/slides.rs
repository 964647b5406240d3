//! Slides for workshop mode, without egui: what a slide's settings say, whether what it
//! shows still exists, and what a vote offers. Their pictures are drawn by
//! [`crate::render::slide`].
//!
//! This is the slides' model, not a picture: the window's presentation editor and the
//! running presentation read it without drawing anything (a missing target, the vote's
//! options and their dots), and `render::slide` reads it to draw. So it stands as a layer
//! of its own right below `render` — above `snapshot`, which it reads — rather than inside
//! `render`, which holds pictures only.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::{Slide, SlideKind};
use crate::snapshot::Snapshot;
use crate::t;

/// A slide's settings (its `settings` JSON); every field optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Indicator code, for a chart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    /// Region keys, for a chart (empty: the indicator's region and its districts).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// `line`, `bars` or `breakdown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chart: Option<String>,
    /// The goal a goal slide shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<Uuid>,
    /// The ideas slide whose ideas a vote slide offers (none: the measures).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ideas_slide: Option<Uuid>,
}

impl Settings {
    /// The settings of a slide; unreadable settings count as none.
    #[must_use]
    pub fn of(slide: &Slide) -> Settings {
        serde_json::from_str(&slide.settings).unwrap_or_default()
    }

    /// The settings as a slide's `settings` JSON, unset fields left out.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }
}

/// Why a slide cannot be shown (what it shows is gone), if it cannot.
#[must_use]
pub fn missing(data: &Snapshot, slide: &Slide) -> Option<String> {
    let settings = Settings::of(slide);
    match slide.kind {
        SlideKind::IndicatorChart | SlideKind::Map => match &settings.indicator {
            Some(code) if data.indicators.iter().any(|i| &i.code == code) => None,
            Some(code) => Some(t!("present.missing_indicator", code = code)),
            None => Some(t!("present.no_indicator").to_owned()),
        },
        SlideKind::Goal => match settings.goal {
            Some(goal) if data.goal(goal).is_none() => Some(t!("present.missing_goal").to_owned()),
            _ => None,
        },
        SlideKind::Vote => match settings.ideas_slide {
            Some(ideas) if !data.slides.iter().any(|s| s.uuid == ideas) => {
                Some(t!("present.missing_ideas").to_owned())
            }
            _ => None,
        },
        _ => None,
    }
}

/// What a vote slide offers: (key, text, dots) — the ideas of its ideas slide, else the
/// measures.
#[must_use]
pub fn vote_options(data: &Snapshot, slide: &Slide) -> Vec<(Uuid, String, i64)> {
    match Settings::of(slide).ideas_slide {
        Some(ideas) => data
            .ideas_of(ideas)
            .map(|i| (i.uuid, i.text.clone(), i.dots))
            .collect(),
        None => data
            .measures
            .iter()
            .map(|m| {
                let dots = data
                    .votes
                    .iter()
                    .find(|v| v.slide == slide.uuid && v.measure == m.uuid)
                    .map_or(0, |v| v.dots);
                (m.uuid, m.title.clone(), dots)
            })
            .collect(),
    }
}

/// The slides of `presentation` that can be shown, in order, and why the others cannot.
#[must_use]
pub fn showable(data: &Snapshot, presentation: Uuid) -> (Vec<&Slide>, Vec<String>) {
    let mut shown = Vec::new();
    let mut skipped = Vec::new();
    for slide in data.slides_of(presentation) {
        match missing(data, slide) {
            None => shown.push(slide),
            Some(why) => skipped.push(why),
        }
    }
    (shown, skipped)
}
