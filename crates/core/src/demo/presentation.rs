//! The demo's presentation for a Bildungskonferenz: a title, a goal, charts, a map, the
//! measures, the stakeholders, collected ideas and a vote on them.

use serde_json::json;

use crate::model::{Presentation, Slide, SlideKind};
use crate::store::{Result, Tx};

use super::ids::{Ids, Refs};

/// The demo's presentation for a Bildungskonferenz: nine slides of every kind.
pub(super) fn insert(tx: &mut Tx<'_>, ids: &mut Ids, goals: &Refs) -> Result<()> {
    let presentation = Presentation {
        uuid: ids.next(),
        title: "Bildungskonferenz 2025".to_owned(),
    };
    tx.insert(&presentation)?;
    let ideas_slide = ids.next();
    let slides = [
        (
            None,
            SlideKind::Title,
            "Bildungskonferenz Musterstadt 2025",
            "Wo stehen wir? Was nehmen wir uns vor?\nBildungsmonitoring, Maßnahmen und Ihre Ideen",
            json!({}),
        ),
        (
            None,
            SlideKind::Goal,
            "Übergänge in Ausbildung, Studium und Beruf",
            "",
            json!({ "goal": goals.get("3")?.to_string() }),
        ),
        (
            None,
            SlideKind::IndicatorChart,
            "Jugendarbeitslosigkeit nach Stadtteilen",
            "",
            json!({ "indicator": "ALQ_U25", "chart": "line" }),
        ),
        (
            None,
            SlideKind::IndicatorChart,
            "Betreuungsquote unter Dreijähriger 2024",
            "",
            json!({ "indicator": "BQ_U3", "chart": "bars" }),
        ),
        (
            None,
            SlideKind::Map,
            "Jugendarbeitslosigkeit in den Stadtteilen",
            "",
            json!({ "indicator": "ALQ_U25" }),
        ),
        (None, SlideKind::Measures, "Unsere Maßnahmen", "", json!({})),
        (
            None,
            SlideKind::StakeholderGrid,
            "Wer ist beteiligt?",
            "",
            json!({}),
        ),
        (
            Some(ideas_slide),
            SlideKind::Ideas,
            "Was brauchen Jugendliche beim Übergang in den Beruf?",
            "",
            json!({}),
        ),
        (
            None,
            SlideKind::Vote,
            "Welche Ideen gehen wir zuerst an?",
            "",
            json!({ "ideas_slide": ideas_slide.to_string() }),
        ),
    ];
    for (position, (uuid, kind, title, body, settings)) in slides.into_iter().enumerate() {
        tx.insert(&Slide {
            uuid: uuid.unwrap_or_else(|| ids.next()),
            presentation: presentation.uuid,
            position: position as i64,
            kind,
            title: title.to_owned(),
            body: body.to_owned(),
            settings: settings.to_string(),
        })?;
    }
    Ok(())
}
