//! What a slide says, as text: the picture's alternative text for screen readers.

use crate::model::{Slide, SlideKind};
use crate::slides::Settings;
use crate::snapshot::Snapshot;

/// What a slide says, as text: its title and the words on it (the body, the goals and
/// indicators, the ideas, the options with their dots) — the picture's alternative text
/// for screen readers.
#[must_use]
pub fn slide_words(data: &Snapshot, slide: &Slide) -> String {
    let mut words = vec![slide.title.clone()];
    match slide.kind {
        SlideKind::Title => words.extend(slide.body.lines().map(str::to_owned)),
        SlideKind::Goal => {
            let goal = Settings::of(slide).goal;
            for g in data
                .goals
                .iter()
                .filter(|g| goal.is_none_or(|chosen| data.goal_is_within(g.uuid, chosen)))
            {
                let indicators: Vec<String> = data
                    .indicators_of_goal(g.uuid)
                    .map(|(i, _)| {
                        format!(
                            "{}: {}",
                            data.indicators[i].name,
                            data.summaries[i].status.label()
                        )
                    })
                    .collect();
                if !indicators.is_empty() {
                    words.push(g.title.clone());
                    words.extend(indicators);
                }
            }
        }
        SlideKind::Ideas => words.extend(
            data.ideas_of(slide.uuid)
                .enumerate()
                .map(|(n, idea)| format!("{}. {}", n + 1, idea.text)),
        ),
        SlideKind::Vote => words.extend(
            crate::slides::vote_options(data, slide)
                .into_iter()
                .enumerate()
                .map(|(n, (_, text, dots))| format!("{}. {text}: {dots}", n + 1)),
        ),
        _ => {}
    }
    words.join("\n")
}
