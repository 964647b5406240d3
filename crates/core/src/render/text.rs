//! Text in pictures: how wide a line is in the font pictures are drawn with (the window's
//! Ubuntu Light, embedded), and wrapping to a width — so slides place and wrap their text
//! by its true size instead of cutting it at an edge.

use std::sync::OnceLock;

/// The embedded font's advance widths, read once.
fn face() -> Option<&'static ttf_parser::Face<'static>> {
    static FACE: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    FACE.get_or_init(|| ttf_parser::Face::parse(epaint_default_fonts::UBUNTU_LIGHT, 0).ok())
        .as_ref()
}

/// The width of `text` on one line at font size `size` (same unit as the result).
#[must_use]
pub fn width(text: &str, size: f64) -> f64 {
    let Some(face) = face() else {
        // Without the font's table, a generous average.
        return text.chars().count() as f64 * size * 0.55;
    };
    let em = f64::from(face.units_per_em());
    let fallback = face
        .glyph_index('n')
        .and_then(|g| face.glyph_hor_advance(g))
        .unwrap_or(500);
    text.chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .unwrap_or(fallback)
        })
        .map(|advance| f64::from(advance) / em * size)
        .sum()
}

/// `text` broken into lines no wider than `max` at `size`: at spaces, and inside a word
/// only when the word alone is wider than a line. Line breaks in the text are kept.
#[must_use]
pub fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line: broken where it must be.
            for c in word.chars() {
                line.push(c);
                if width(&line, size) > max && line.chars().count() > 1 {
                    let last = line.pop().unwrap_or(c);
                    lines.push(std::mem::take(&mut line));
                    line.push(last);
                }
            }
        }
        if !line.is_empty() || paragraph.trim().is_empty() {
            lines.push(line);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_text_measures_wider_and_size_scales() {
        let narrow = width("iiii", 20.0);
        let wide = width("MMMM", 20.0);
        assert!(narrow > 0.0 && wide > narrow * 2.0);
        assert!((width("Lernstadt", 40.0) - 2.0 * width("Lernstadt", 20.0)).abs() < 1e-9);
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let text = "Quelle: Kinder- und Jugendhilfestatistik (Statistisches Landesamt), Stichtag 1. März; kleinräumig: Kita-Platzvergabe des Jugendamts";
        let lines = wrap(text, 24.0, 500.0);
        assert!(lines.len() >= 3, "{lines:?}");
        for line in &lines {
            assert!(width(line, 24.0) <= 500.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
        let long = wrap("Donaudampfschifffahrtsgesellschaftskapitän", 24.0, 120.0);
        assert!(long.len() > 2);
        assert_eq!(long.concat(), "Donaudampfschifffahrtsgesellschaftskapitän");
        assert!(long.iter().all(|l| width(l, 24.0) <= 120.0));
    }
}
