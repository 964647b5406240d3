//! The frame every figure stands in — an indicator's chart, its map, a district's
//! profile: the canvas's size, the title and subtitle over the chart, the notes and the
//! symbols' footnote below it. Figure, map and profile compose through it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::esc;
use crate::t;

/// The figure's title and subtitle: a slide's own title over the indicator's name.
pub(super) fn titles(title: Option<&str>, name: &str, subtitle: &str) -> (String, String) {
    match title {
        Some(title) if title != name => (title.to_owned(), format!("{name} · {subtitle}")),
        _ => (name.to_owned(), subtitle.to_owned()),
    }
}

/// A figure's size in pixels and its text size relative to an exported figure's.
#[derive(Clone, Copy, Debug)]
pub struct Canvas {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels; text sizes follow it (set for 1080).
    pub height: u32,
    /// Text size relative to an exported figure's (1.0).
    pub text_scale: f64,
}

/// A whole figure: title and subtitle, the chart scaled into the middle, and the notes
/// and symbol footnote below.
#[must_use]
pub fn compose(
    canvas: Canvas,
    title: &str,
    subtitle: &str,
    chart: &str,
    notes: &[String],
    symbols: &BTreeMap<String, String>,
) -> String {
    let Canvas {
        width,
        height,
        text_scale,
    } = canvas;
    let (w, h) = (f64::from(width), f64::from(height));
    let unit = h / 1080.0 * text_scale;
    let title_size = 46.0 * unit;
    let text_size = 24.0 * unit;
    let foot_size = 20.0 * unit;
    let mut footnotes: Vec<String> = notes.to_vec();
    if !symbols.is_empty() {
        let explained: Vec<String> = symbols.iter().map(|(s, m)| format!("{s} = {m}")).collect();
        footnotes.push(format!(
            "{} {}",
            t!("indicators.legend"),
            explained.join("; ")
        ));
    }
    // Title, notes and footnotes wrap at the figure's edge instead of running off it.
    let margin = 40.0 * unit;
    let line_width = w - 2.0 * margin;
    let footnotes: Vec<String> = footnotes
        .iter()
        .flat_map(|note| super::text::wrap(note, foot_size, line_width))
        .collect();
    let titles = super::text::wrap(title, title_size, line_width);
    let subtitles = super::text::wrap(subtitle, text_size, line_width);
    let foot_height = (footnotes.len() as f64 + 0.8) * foot_size * 1.35;
    // Baselines: the titles', then the subtitles' below the last title.
    let title_line = |n: usize| 30.0 * unit + title_size * (1.0 + 1.15 * n as f64);
    let last_title = title_line(titles.len().saturating_sub(1));
    let subtitle_line = |n: usize| last_title + text_size * (1.5 + 1.35 * n as f64);
    let top = subtitle_line(subtitles.len().max(1) - 1) + text_size * 0.3 + 10.0 * unit;
    let chart_height = (h - top - foot_height).max(h * 0.3);
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"><rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    for (n, line) in titles.iter().enumerate() {
        let _ = write!(
            out,
            r##"<text x="{margin:.1}" y="{:.1}" font-size="{title_size:.1}" fill="#111">{}</text>"##,
            title_line(n),
            esc(line)
        );
    }
    for (n, line) in subtitles.iter().enumerate() {
        let _ = write!(
            out,
            r##"<text x="{margin:.1}" y="{:.1}" font-size="{text_size:.1}" fill="#444">{}</text>"##,
            subtitle_line(n),
            esc(line)
        );
    }
    let placed = chart.replacen(
        "<svg ",
        &format!(
            r#"<svg x="{:.1}" y="{top:.1}" width="{:.1}" height="{chart_height:.1}" "#,
            20.0 * unit,
            w - 40.0 * unit
        ),
        1,
    );
    out.push_str(&placed);
    for (n, note) in footnotes.iter().enumerate() {
        let _ = write!(
            out,
            r##"<text x="{margin:.1}" y="{:.1}" font-size="{foot_size:.1}" fill="#444">{}</text>"##,
            h - foot_height + (n as f64 + 1.0) * foot_size * 1.35,
            esc(note)
        );
    }
    out.push_str("</svg>");
    out
}
