//! Slides that are pictures (charts, the measures' timeline, the stakeholder grid) as SVG,
//! for workshop mode and the slide export.
//!
//! Nothing here draws personal data: stakeholders appear as organisations, never with
//! contact persons, e-mail addresses or telephone numbers.

use std::fmt::Write as _;

use super::esc;
use crate::model::{Slide, SlideKind};
use crate::slides::Settings;
use crate::snapshot::Snapshot;
use crate::store::{Result, Store};
use crate::t;

/// Text size of pictures on a wall, relative to an exported figure's.
const SLIDE_TEXT: f64 = 1.7;

/// The picture of a slide that is a picture, at `width` × `height`; `None` for slides
/// drawn as text and controls.
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
                super::figure::Kind::Map
            } else {
                settings
                    .chart
                    .as_deref()
                    .and_then(super::figure::Kind::from_code)
                    .unwrap_or_default()
            };
            Some(
                crate::store::observations::for_indicator(store.conn(), &code).map(
                    |observations| {
                        let request = super::figure::Request {
                            indicator: code,
                            regions: settings.regions,
                            kind,
                            period: None,
                            width,
                            height,
                            text_scale: SLIDE_TEXT,
                        };
                        super::figure::figure_from(data, index, &observations, &request)
                    },
                ),
            )
        }
        SlideKind::Measures => Some(Ok(measures_svg(data, slide, width, height))),
        SlideKind::StakeholderGrid => Some(Ok(grid_svg(data, slide, width, height))),
        _ => None,
    }
}

fn measures_svg(data: &Snapshot, slide: &Slide, width: u32, height: u32) -> String {
    let rows = super::chart::measure_rows(
        data.measures
            .iter()
            .filter(|m| m.start_date.is_some() || m.end_date.is_some()),
    );
    let timeline = super::chart::timeline(&rows, crate::snapshot::today_fraction());
    let legend: Vec<String> = crate::model::MeasureStage::ALL
        .iter()
        .map(|s| s.label().to_owned())
        .collect();
    super::figure::compose(
        super::figure::Canvas {
            width,
            height,
            text_scale: SLIDE_TEXT,
        },
        &slide.title,
        "",
        &timeline,
        &[legend.join(" · ")],
        &std::collections::BTreeMap::new(),
    )
}

/// The influence/interest grid with organisations' names (never a person's).
fn grid_svg(data: &Snapshot, slide: &Slide, width: u32, height: u32) -> String {
    let (view_w, view_h) = (760.0, 560.0);
    let (left, top, square) = (60.0, 20.0, 500.0);
    let cell = square / 5.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg class="grid" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {view_w} {view_h}"><rect x="{left}" y="{top}" width="{square}" height="{square}" fill="#f4f6f8" stroke="#999"/>"##
    );
    for (column, row, key) in [
        (0.0, 0.0, "stakeholders.quadrant.satisfy"),
        (1.0, 0.0, "stakeholders.quadrant.manage"),
        (0.0, 1.0, "stakeholders.quadrant.monitor"),
        (1.0, 1.0, "stakeholders.quadrant.inform"),
    ] {
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="13" fill="#777">{}</text>"##,
            left + square / 4.0 + column * square / 2.0,
            top + 16.0 + row * square / 2.0,
            esc(crate::i18n::tr(key))
        );
    }
    let _ = write!(
        svg,
        r##"<line x1="{:.1}" x2="{:.1}" y1="{top}" y2="{:.1}" stroke="#bbb"/><line x1="{left}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#bbb"/><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="14" fill="#222">{} -&gt;</text><text x="14" y="{:.1}" font-size="14" fill="#222" transform="rotate(-90 14 {:.1})">{} -&gt;</text>"##,
        left + square / 2.0,
        left + square / 2.0,
        top + square,
        left + square,
        top + square / 2.0,
        top + square / 2.0,
        left + square / 2.0,
        top + square + 30.0,
        esc(t!("field.interest")),
        top + square / 2.0 + 40.0,
        top + square / 2.0 + 40.0,
        esc(t!("field.influence"))
    );
    let mut placed: std::collections::HashMap<(i64, i64), usize> = std::collections::HashMap::new();
    for s in &data.stakeholders {
        let stacked = placed.entry((s.interest, s.influence)).or_default();
        let x = left + (s.interest.clamp(1, 5) as f64 - 1.0) * cell + 8.0;
        let y = top + (5.0 - s.influence.clamp(1, 5) as f64) * cell + 20.0 + *stacked as f64 * 17.0;
        *stacked += 1;
        if y > top + (6.0 - s.influence.clamp(1, 5) as f64) * cell - 4.0 {
            continue;
        }
        let _ = write!(
            svg,
            r##"<circle cx="{x:.1}" cy="{:.1}" r="5" fill="#1f77b4"/><text x="{:.1}" y="{y:.1}" font-size="13" fill="#222">{}</text>"##,
            y - 5.0,
            x + 8.0,
            esc(&crate::i18n::shorten(&s.name, 14))
        );
    }
    svg.push_str("</svg>");
    super::figure::compose(
        super::figure::Canvas {
            width,
            height,
            text_scale: SLIDE_TEXT,
        },
        &slide.title,
        "",
        &svg,
        &[],
        &std::collections::BTreeMap::new(),
    )
}
