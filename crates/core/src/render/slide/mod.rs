//! Every slide as a picture (SVG, and PNG through `raster`), for the presentation in the
//! window and the slide export alike: one drawing for both. Sizes are set for 1920 × 1080
//! and scale with the height; no text is smaller than 22 px there, text wraps at the
//! slide's edge, and what does not fit says how much more there is.
//!
//! Nothing here draws personal data: stakeholders appear as organisations, never with
//! contact persons, e-mail addresses or telephone numbers.

mod grid;
mod text;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub use grid::{GridLayout, layout as grid_layout};
pub use text::{VoteRow, vote_layout};

use super::esc;
use crate::model::{Slide, SlideKind};
use crate::slides::Settings;
use crate::snapshot::Snapshot;
use crate::store::{Result, Store};
use crate::t;

/// Text size of pictures on a wall, relative to an exported figure's.
const SLIDE_TEXT: f64 = 1.7;

/// The smallest text on a slide, in pixels at 1080 lines.
pub const MIN_TEXT: f64 = 22.0;

/// A slide being drawn: its SVG so far, its size, and how far down the text has come.
pub struct Page {
    svg: String,
    width: f64,
    height: f64,
    /// Pixels per pixel at 1080 lines.
    unit: f64,
    margin: f64,
    /// The baseline of the last line written.
    y: f64,
}

impl Page {
    /// A white slide of `width` × `height` pixels.
    #[must_use]
    pub fn new(width: u32, height: u32) -> Page {
        let (w, h) = (f64::from(width), f64::from(height));
        let unit = h / 1080.0;
        let mut svg = String::new();
        let _ = write!(
            svg,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"><rect width="100%" height="100%" fill="#ffffff"/>"##
        );
        Page {
            svg,
            width: w,
            height: h,
            unit,
            margin: 80.0 * unit,
            y: 40.0 * unit,
        }
    }

    /// A length given for 1080 lines, at this slide's size.
    fn px(&self, at_1080: f64) -> f64 {
        at_1080 * self.unit
    }

    fn inner_width(&self) -> f64 {
        self.width - 2.0 * self.margin
    }

    /// Where text must end.
    fn bottom(&self) -> f64 {
        self.height - 50.0 * self.unit
    }

    /// The slide's title, wrapped.
    pub fn heading(&mut self, title: &str) {
        let size = self.px(60.0);
        for line in super::text::wrap(title, size, self.inner_width()) {
            self.y += size * 1.15;
            let margin = self.margin;
            self.text_at(margin, self.y, &line, size, "#111");
        }
        self.y += self.px(24.0);
    }

    /// One line at the current baseline.
    fn text(&mut self, x: f64, text: &str, size: f64, colour: &str) {
        self.text_at(x, self.y, text, size, colour);
    }

    fn text_at(&mut self, x: f64, y: f64, text: &str, size: f64, colour: &str) {
        let _ = write!(
            self.svg,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size:.1}" fill="{colour}">{}</text>"#,
            esc(text)
        );
    }

    /// A line centred across the slide at the current baseline.
    fn centred(&mut self, text: &str, size: f64, colour: &str) {
        let x = (self.width - super::text::width(text, size)) / 2.0;
        self.text(x, text, size, colour);
    }

    /// Lines one below the other from `x`, then a little space.
    fn block(&mut self, x: f64, lines: &[String], size: f64) {
        for line in lines {
            self.y += size * 1.25;
            self.text(x, line, size, "#222");
        }
        self.y += size * 0.3 * 1.25;
    }

    /// The line that says what did not fit.
    fn more(&mut self, text: &str) {
        let size = self.px(24.0);
        self.y += size * 1.4;
        let margin = self.margin;
        self.text(margin, text, size, "#666");
    }

    /// The finished SVG.
    #[must_use]
    pub fn finish(mut self) -> String {
        self.svg.push_str("</svg>");
        self.svg
    }
}

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
                super::figure::Kind::Map
            } else {
                settings
                    .chart
                    .as_deref()
                    .and_then(super::figure::Kind::from_code)
                    .unwrap_or_default()
            };
            Some(
                // On the wall: values as the protection rule lets them be shown.
                crate::published::rule(store.conn())
                    .and_then(|rule| {
                        crate::published::observations(store.conn(), &code, rule.as_ref())
                    })
                    .map(|observations| {
                        let request = super::figure::Request {
                            indicator: code,
                            regions: settings.regions,
                            kind,
                            period: None,
                            width,
                            height,
                            text_scale: SLIDE_TEXT,
                            title: Some(slide.title.clone()).filter(|t| !t.trim().is_empty()),
                        };
                        super::figure::figure_from(data, index, &observations, &request)
                    }),
            )
        }
        SlideKind::Measures => Some(Ok(measures_svg(data, slide, width, height))),
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

/// What the slide export wrote.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SlidesWritten {
    /// The presentation's title.
    pub presentation: String,
    /// The pictures, in the presentation's order.
    pub files: Vec<PathBuf>,
    /// Their size together, in bytes.
    pub bytes: u64,
    /// Slides not written, each with the reason (what they show no longer exists).
    pub skipped: Vec<String>,
    /// Older pictures of this kind (`slide-NN.png`) the folder held that this export did
    /// not write again (a longer presentation before): removed, so the folder holds this
    /// presentation only.
    pub removed: Vec<PathBuf>,
    /// The words of every slide, slide by slide, as text (`slides.txt`): what a screen
    /// reader or a search finds of pictures.
    pub text: PathBuf,
}

/// Writes every slide of a presentation (by title or UUID; the first when `None`) as a
/// `width` × `height` PNG into `dir` (`slide-01.png`, …), each written beside and then
/// renamed, drawn by the same code as the presentation in the window.
pub fn export_slides(
    store: &Store,
    presentation: Option<&str>,
    dir: &Path,
    size: [u32; 2],
    progress: Option<&crate::progress::Progress>,
) -> Result<SlidesWritten> {
    store.refuse_damaged()?;
    let mut data = Snapshot::default();
    data.refresh(store)?;
    let chosen = match presentation {
        None => data.presentations.first(),
        Some(wanted) => data
            .presentations
            .iter()
            .find(|p| p.title == wanted || p.uuid.to_string() == wanted),
    };
    let Some(chosen) = chosen else {
        return Err(crate::store::StoreError::NotFoundEntity {
            kind: "presentation",
            key: presentation.map_or_else(|| t!("present.none").to_owned(), str::to_owned),
        });
    };
    let (slides, skipped) = crate::slides::showable(&data, chosen.uuid);
    std::fs::create_dir_all(dir).map_err(|source| crate::store::StoreError::Io {
        path: dir.to_owned(),
        source,
    })?;
    if let Some(progress) = progress {
        progress.start(slides.len() as u64);
    }
    let mut written = SlidesWritten {
        presentation: chosen.title.clone(),
        files: Vec::new(),
        bytes: 0,
        skipped,
        removed: Vec::new(),
        text: dir.join("slides.txt"),
    };
    let mut words = String::new();
    for (n, slide) in slides.iter().enumerate() {
        if let Some(progress) = progress {
            progress.check()?;
        }
        let Some(svg) = slide_svg(store, &data, slide, size[0], size[1]) else {
            continue;
        };
        let svg = svg?;
        let bytes = super::raster::png(&svg)?;
        let path = dir.join(format!("slide-{:02}.png", n + 1));
        let _ = writeln!(
            words,
            "{}\n{}\n",
            t!(
                "slides.text.heading",
                number = n + 1,
                file = format!("slide-{:02}.png", n + 1)
            ),
            svg_words(&svg).join("\n")
        );
        super::raster::write_beside(&path, &bytes)?;
        written.bytes += bytes.len() as u64;
        written.files.push(path);
        if let Some(progress) = progress {
            progress.advance(1);
        }
    }
    super::raster::write_beside(&written.text, words.as_bytes())?;
    written.removed = remove_older(dir, &written.files);
    Ok(written)
}

/// The words a slide's SVG shows, in the order they are drawn: each `<text>` element's
/// text (its `<tspan>`s joined), entities resolved; tooltips (`<title>`) are not shown and
/// not taken.
fn svg_words(svg: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        let after_name = &rest[start + "<text".len()..];
        // `<textPath` and the like are parts of a text, not texts.
        if !after_name.starts_with([' ', '>']) {
            rest = after_name;
            continue;
        }
        let Some(open_end) = after_name.find('>') else {
            break;
        };
        let inner_start = &after_name[open_end + 1..];
        let Some(close) = inner_start.find("</text>") else {
            break;
        };
        let mut text = String::new();
        let mut inside_tag = false;
        for c in inner_start[..close].chars() {
            match c {
                '<' => inside_tag = true,
                '>' => inside_tag = false,
                c if !inside_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            words.push(text);
        }
        rest = &inner_start[close + "</text>".len()..];
    }
    words
}

/// Removes the `slide-NN.png` files in `dir` that are not among `kept`; only names of
/// exactly that form are touched.
fn remove_older(dir: &Path, kept: &[PathBuf]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed: Vec<PathBuf> = entries
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .and_then(|name| name.strip_prefix("slide-")?.strip_suffix(".png"))
                .is_some_and(|n| n.len() >= 2 && n.bytes().all(|b| b.is_ascii_digit()))
                && !kept.contains(path)
        })
        .filter(|path| std::fs::remove_file(path).is_ok())
        .collect();
    removed.sort();
    removed
}

/// The measures with dates as a timeline: a row per measure (its title wrapped beside
/// the bar), years along the top, today marked; what does not fit is counted.
fn measures_svg(data: &Snapshot, slide: &Slide, width: u32, height: u32) -> String {
    let mut page = Page::new(width, height);
    page.heading(&slide.title);
    let rows = super::chart::measure_rows(
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
    let step = super::rules::year_step(to - from, right - left, super::text::width("2000", size));
    for year in super::rules::year_ticks(from, to - 1.0, step) {
        let label = format!("{year:.0}");
        let x = f64::midpoint(sx(year), sx(year + 1.0)) - super::text::width(&label, size) / 2.0;
        page.text_at(x, top, &label, size, "#666");
    }
    page.y = top + size * 0.4;
    let grid_top = page.y;
    let mut hidden = 0;
    for (n, row) in rows.iter().enumerate() {
        let lines: Vec<String> = super::text::wrap(&row.label, size, label_width)
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
            super::palette::measure(*stage)
        );
        page.text_at(x + size * 1.3, page.y + size * 1.4, label, size, "#444");
        x += size * 2.3 + super::text::width(label, size);
    }
    page.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slides_words_are_its_texts_in_order() {
        let svg = r#"<svg><title>tooltip</title><text x="1">Ziele &amp; Maßnahmen</text><g><text><tspan>Kita</tspan> <tspan>Nord</tspan></text></g><text> </text><textPath>x</textPath></svg>"#;
        assert_eq!(svg_words(svg), ["Ziele & Maßnahmen", "Kita Nord"]);
    }
}
