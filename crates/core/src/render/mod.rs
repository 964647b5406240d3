//! Every picture Lernstadt draws — charts, maps, the measures' timeline, the stakeholder
//! grid and slides — as SVG, and as PNG. The report, the figure export, the slides and the
//! window's picture previews all draw through here; nothing in here reads the report or
//! the window. SVG primitives and escaping are at its floor, the palette with them.

pub mod canvas;
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
pub mod timeline;

/// Whether XML (SVG, the Word document) may hold a character at all: no control
/// character but tab and line breaks, no noncharacter.
fn allowed_in_xml(c: char) -> bool {
    let control = c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    !control && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Text without the characters XML cannot hold (a control character pasted into a name),
/// each replaced by a space — so a picture, the report and the Word document are always
/// written, never refused by their parser.
#[must_use]
pub fn plain(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(allowed_in_xml) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(
            text.chars()
                .map(|c| if allowed_in_xml(c) { c } else { ' ' })
                .collect(),
        )
    }
}

/// Text made safe for HTML and SVG: `<`, `>`, `&` and quotes escaped, characters XML cannot
/// hold replaced (see [`plain`]).
#[must_use]
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if !allowed_in_xml(c) => out.push(' '),
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

#[cfg(test)]
mod tests {
    use super::{esc, plain};

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("1")</script> & Co's"#),
            "&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; Co&#39;s"
        );
    }

    /// Characters XML cannot hold become spaces; tabs, line breaks and umlauts stay.
    #[test]
    fn control_characters_are_left_out() {
        assert_eq!(esc("Nord\u{1}stadt\u{1b}"), "Nord stadt ");
        assert_eq!(plain("Süd\u{8}\u{FFFF}"), "Süd  ");
        assert_eq!(plain("a\tb\nc"), "a\tb\nc");
        assert!(matches!(plain("Mitte"), std::borrow::Cow::Borrowed(_)));
    }
}
