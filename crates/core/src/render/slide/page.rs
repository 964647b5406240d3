//! The surface a slide is drawn on: an SVG sized for 1920 × 1080 that scales with the
//! height, with the margins, the text lines written so far and the smallest text size.

use std::fmt::Write as _;

use super::super::esc;

/// The smallest text on a slide, in pixels at 1080 lines.
pub const MIN_TEXT: f64 = 22.0;

/// A slide being drawn: its SVG so far, its size, and how far down the text has come.
pub struct Page {
    pub(super) svg: String,
    pub(super) width: f64,
    pub(super) height: f64,
    /// Pixels per pixel at 1080 lines.
    pub(super) unit: f64,
    pub(super) margin: f64,
    /// The baseline of the last line written.
    pub(super) y: f64,
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
    pub(super) fn px(&self, at_1080: f64) -> f64 {
        at_1080 * self.unit
    }

    pub(super) fn inner_width(&self) -> f64 {
        self.width - 2.0 * self.margin
    }

    /// Where text must end.
    pub(super) fn bottom(&self) -> f64 {
        self.height - 50.0 * self.unit
    }

    /// The slide's title, wrapped.
    pub fn heading(&mut self, title: &str) {
        let size = self.px(60.0);
        for line in crate::render::text::wrap(title, size, self.inner_width()) {
            self.y += size * 1.15;
            let margin = self.margin;
            self.text_at(margin, self.y, &line, size, "#111");
        }
        self.y += self.px(24.0);
    }

    /// One line at the current baseline.
    pub(super) fn text(&mut self, x: f64, text: &str, size: f64, colour: &str) {
        self.text_at(x, self.y, text, size, colour);
    }

    pub(super) fn text_at(&mut self, x: f64, y: f64, text: &str, size: f64, colour: &str) {
        let _ = write!(
            self.svg,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size:.1}" fill="{colour}">{}</text>"#,
            esc(text)
        );
    }

    /// A line centred across the slide at the current baseline.
    pub(super) fn centred(&mut self, text: &str, size: f64, colour: &str) {
        let x = (self.width - crate::render::text::width(text, size)) / 2.0;
        self.text(x, text, size, colour);
    }

    /// Lines one below the other from `x`, then a little space.
    pub(super) fn block(&mut self, x: f64, lines: &[String], size: f64) {
        for line in lines {
            self.y += size * 1.25;
            self.text(x, line, size, "#222");
        }
        self.y += size * 0.3 * 1.25;
    }

    /// The line that says what did not fit.
    pub(super) fn more(&mut self, text: &str) {
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
