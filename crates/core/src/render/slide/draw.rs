//! Which drawing each kind of slide gets: charts and maps through the figure (values as
//! the protection rule lets them be shown), the measures' timeline, the grid, and the
//! slides that are words.

use super::{Page, grid, measures, text};
use crate::error::Result;
use crate::model::{Slide, SlideKind};
use crate::slides::Settings;
use crate::snapshot::Snapshot;
use crate::store::Store;

/// Text size of pictures on a wall, relative to an exported figure's.
const SLIDE_TEXT: f64 = 1.7;

/// The picture of a slide at `width` × `height`; `None` when what it shows no longer
/// exists (`crate::slides::missing` says what).
pub fn slide_svg(
    store: &Store,
    data: &Snapshot,
    slide: &Slide,
    width: u32,
    height: u32,
) -> Option<Result<String>> {
    let settings = Settings::of(slide);
    match slide.kind {
        SlideKind::IndicatorChart | SlideKind::Map => {
            let code = settings.indicator?;
            let index = data.indicators.iter().position(|i| i.code == code)?;
            let kind = if slide.kind == SlideKind::Map {
                crate::render::figure::Kind::Map
            } else {
                settings
                    .chart
                    .as_deref()
                    .and_then(crate::render::figure::Kind::from_code)
                    .unwrap_or_default()
            };
            Some(
                // On the wall: values as the protection rule lets them be shown.
                crate::published::rule(store.conn())
                    .and_then(|rule| {
                        crate::published::observations(store.conn(), &code, rule.as_ref())
                    })
                    .map(|observations| {
                        let request = crate::render::figure::Request {
                            indicator: code,
                            regions: settings.regions,
                            kind,
                            period: None,
                            width,
                            height,
                            text_scale: SLIDE_TEXT,
                            title: Some(slide.title.clone()).filter(|t| !t.trim().is_empty()),
                        };
                        crate::render::figure::figure_from(data, index, &observations, &request)
                    })
                    .map_err(Into::into),
            )
        }
        SlideKind::Measures => Some(Ok(measures::measures_svg(data, slide, width, height))),
        kind => {
            let mut page = Page::new(width, height);
            match kind {
                SlideKind::Title => text::title_slide(slide, &mut page),
                SlideKind::Goal => {
                    if let Err(error) = text::goal_slide(store, data, slide, &mut page) {
                        return Some(Err(error));
                    }
                }
                SlideKind::Ideas => text::ideas_slide(data, slide, &mut page),
                SlideKind::Vote => text::vote_slide(data, slide, &mut page),
                _ => grid::grid_slide(data, &slide.title, &mut page),
            }
            Some(Ok(page.finish()))
        }
    }
}
