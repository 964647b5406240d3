//! Every picture Lernstadt draws — charts, maps, the measures' timeline, the stakeholder
//! grid and slides — as SVG, and as PNG. The report, the figure export, the slides and the
//! window's picture previews all draw through here; nothing in here reads the report or
//! the window. SVG primitives and escaping are at its floor, the palette with them.

pub mod chart;
pub mod figure;
pub mod focus;
pub mod map;
pub mod palette;
pub mod profile;
pub mod raster;
pub mod rules;
pub mod slide;
pub mod text;

/// Text made safe for HTML: `<`, `>`, `&` and quotes escaped.
#[must_use]
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
