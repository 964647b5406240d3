//! The measures' slide: the measures with dates as a timeline.

use std::fmt::Write as _;

use super::super::esc;
use super::Page;
use crate::model::Slide;
use crate::snapshot::Snapshot;
use crate::t;

/// The measures with dates as a timeline: a row per measure (its title wrapped beside
/// the bar), years along the top, today marked; what does not fit is counted.
pub(super) fn measures_svg(data: &Snapshot, slide: &Slide, width: u32, height: u32) -> String {
    let mut page = Page::new(width, height);
    page.heading(&slide.title);
    let rows = crate::render::timeline::measure_rows(
        data.measures
            .iter()
            .filter(|m| m.start_date.is_some() || m.end_date.is_some()),
    );
    let size = page.px(24.0);
    let label_width = page.inner_width() * 0.38;
    let (left, right) = (
        page.margin + label_width + page.px(20.0),
        page.width - page.margin,
    );
    let today = crate::snapshot::today_fraction();
    let ends: Vec<f64> = rows
        .iter()
        .flat_map(|r| [r.start, r.end])
        .flatten()
        .chain([today])
        .collect();
    let from = ends.iter().copied().fold(f64::INFINITY, f64::min).floor();
    let to = ends
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max)
        .ceil()
        + 1.0;
    let sx = |x: f64| left + (x - from) / (to - from).max(1.0) * (right - left);
    let top = page.y + size * 1.2;
    let step = crate::render::rules::year_step(
        to - from,
        right - left,
        crate::render::text::width("2000", size),
    );
    for year in crate::render::rules::year_ticks(from, to - 1.0, step) {
        let label = format!("{year:.0}");
        let x = f64::midpoint(sx(year), sx(year + 1.0))
            - crate::render::text::width(&label, size) / 2.0;
        page.text_at(x, top, &label, size, "#666");
    }
    page.y = top + size * 0.4;
    let grid_top = page.y;
    let mut hidden = 0;
    for (n, row) in rows.iter().enumerate() {
        let lines: Vec<String> = crate::render::text::wrap(&row.label, size, label_width)
            .into_iter()
            .take(2)
            .collect();
        let row_height = lines.len() as f64 * size * 1.2 + size * 0.6;
        if page.y + row_height + size * 1.4 > page.bottom() {
            hidden = rows.len() - n;
            break;
        }
        for (k, line) in lines.iter().enumerate() {
            page.text_at(
                page.margin,
                page.y + size * (1.0 + 1.2 * k as f64),
                line,
                size,
                "#222",
            );
        }
        let (start, end) = (row.start.unwrap_or(from), row.end.unwrap_or(to));
        let _ = write!(
            page.svg,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{:.1}" fill="{}"><title>{}</title></rect>"#,
            sx(start),
            page.y + size * 0.25,
            (sx(end) - sx(start)).max(page.px(6.0)),
            size,
            page.px(4.0),
            row.colour,
            esc(&row.tooltip)
        );
        page.y += row_height;
    }
    let _ = write!(
        page.svg,
        r##"<line x1="{x:.1}" x2="{x:.1}" y1="{grid_top:.1}" y2="{:.1}" stroke="#c62828" stroke-width="{:.1}"/>"##,
        page.y,
        page.px(3.0),
        x = sx(today)
    );
    let legend: Vec<String> = crate::model::MeasureStage::ALL
        .iter()
        .map(|s| s.label().to_owned())
        .collect();
    if hidden > 0 {
        page.more(&t!("present.more_measures", count = hidden));
    }
    page.y = page.y.max(page.bottom() - size * 1.4);
    let mut x = page.margin;
    for (stage, label) in crate::model::MeasureStage::ALL.iter().zip(&legend) {
        let _ = write!(
            page.svg,
            r#"<rect x="{x:.1}" y="{:.1}" width="{size:.1}" height="{size:.1}" rx="{:.1}" fill="{}"/>"#,
            page.y + size * 0.6,
            page.px(4.0),
            crate::render::palette::measure(*stage)
        );
        page.text_at(x + size * 1.3, page.y + size * 1.4, label, size, "#444");
        x += size * 2.3 + crate::render::text::width(label, size);
    }
    page.finish()
}
