//! The window's three themes and the contrast they must keep: WCAG 2.1 AA asks 4.5:1 for
//! text against its background and 3:1 for chart lines, marks and focus rings (BITV 2.0,
//! EN 301 549). The tests below measure the ratios over every theme's colours.

use egui::{Color32, Stroke, Visuals};

use crate::settings::Theme;

/// What WCAG 2.1 AA asks of text against its background.
pub const TEXT: f32 = 4.5;

/// What WCAG 2.1 AA asks of lines, marks and focus rings against their background.
pub const GRAPHIC: f32 = 3.0;

/// The colours of `theme`.
#[must_use]
pub fn visuals(theme: Theme) -> Visuals {
    match theme {
        Theme::Light => {
            let mut v = Visuals::light();
            // egui's light weak text (grey 80 at 60 %) measured 2.9:1 and its links 2.8:1.
            v.weak_text_color = Some(Color32::from_gray(96));
            v.hyperlink_color = Color32::from_rgb(0, 90, 190);
            v.warn_fg_color = Color32::from_rgb(170, 70, 0);
            v.error_fg_color = Color32::from_rgb(200, 0, 0);
            v
        }
        Theme::Dark => {
            let mut v = Visuals::dark();
            // egui's dark weak text (grey 140 at 60 %) measured 2.7:1, its red 4.4:1.
            v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(190);
            v.weak_text_color = Some(Color32::from_gray(150));
            v.error_fg_color = Color32::from_rgb(255, 90, 90);
            v
        }
        Theme::HighContrast => high_contrast(),
    }
}

fn high_contrast() -> Visuals {
    let mut v = Visuals::dark();
    v.override_text_color = Some(Color32::WHITE);
    v.weak_text_color = Some(Color32::from_gray(200));
    v.panel_fill = Color32::BLACK;
    v.window_fill = Color32::BLACK;
    v.extreme_bg_color = Color32::BLACK;
    v.faint_bg_color = Color32::from_gray(30);
    v.selection.bg_fill = Color32::from_rgb(0x00, 0x50, 0xc0);
    v.selection.stroke = Stroke::new(2.0, Color32::YELLOW);
    v.hyperlink_color = Color32::YELLOW;
    v.warn_fg_color = Color32::from_rgb(255, 170, 0);
    v.error_fg_color = Color32::from_rgb(255, 110, 110);
    for widget in [
        &mut v.widgets.noninteractive,
        &mut v.widgets.inactive,
        &mut v.widgets.hovered,
        &mut v.widgets.active,
        &mut v.widgets.open,
    ] {
        widget.bg_stroke = Stroke::new(1.0, Color32::WHITE);
        widget.fg_stroke = Stroke::new(1.5, Color32::WHITE);
    }
    v.widgets.hovered.bg_stroke = Stroke::new(2.0, Color32::YELLOW);
    // The focus ring: a focused widget is drawn with the active colours.
    v.widgets.active.bg_stroke = Stroke::new(2.0, Color32::YELLOW);
    v
}

/// The relative luminance of an sRGB colour (WCAG 2.1), from 0 (black) to 1 (white).
#[must_use]
pub fn luminance(colour: Color32) -> f32 {
    let channel = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(colour.r()) + 0.7152 * channel(colour.g()) + 0.0722 * channel(colour.b())
}

/// The WCAG 2.1 contrast ratio of two opaque colours, from 1 to 21.
#[must_use]
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// `colour` as seen over `background` (egui blends in gamma space).
#[must_use]
pub fn over(colour: Color32, background: Color32) -> Color32 {
    let alpha = f32::from(colour.a()) / 255.0;
    let mix = |c: u8, b: u8| {
        // Premultiplied: the colour's channel already carries its alpha.
        (f32::from(c) + f32::from(b) * (1.0 - alpha))
            .round()
            .clamp(0.0, 255.0) as u8
    };
    Color32::from_rgb(
        mix(colour.r(), background.r()),
        mix(colour.g(), background.g()),
        mix(colour.b(), background.b()),
    )
}

/// `colour`, darkened on a light background or lightened on a dark one just enough to reach
/// `minimum` contrast against `background`; unchanged when it already does. The shared
/// palette (also in the report, on white paper) stays one; the window adapts it per theme.
#[must_use]
pub fn readable(colour: Color32, background: Color32, minimum: f32) -> Color32 {
    let colour = over(colour, background);
    let toward = if luminance(background) > 0.18 {
        Color32::BLACK
    } else {
        Color32::WHITE
    };
    let mut adjusted = colour;
    for step in 0..=40_u8 {
        adjusted = lerp(colour, toward, f32::from(step) / 40.0);
        if contrast(adjusted, background) >= minimum {
            break;
        }
    }
    adjusted
}

/// `colour` for text in a window of `visuals`: 4.5:1 against every background text stands
/// on (panels, windows, text fields and plots, table stripes).
#[must_use]
pub fn text_on(visuals: &Visuals, colour: Color32) -> Color32 {
    on_every(visuals, colour, TEXT)
}

/// `colour` for a chart line, mark or swatch in a window of `visuals`: 3:1 against the
/// plot and the panel.
#[must_use]
pub fn graphic_on(visuals: &Visuals, colour: Color32) -> Color32 {
    on_every(visuals, colour, GRAPHIC)
}

fn on_every(visuals: &Visuals, colour: Color32, minimum: f32) -> Color32 {
    // Every background of a theme is on one side (all light or all dark): making the
    // colour readable on one after the other only moves it further from all of them.
    backgrounds(visuals)
        .into_iter()
        .fold(colour, |colour, (_, background)| {
            readable(colour, background, minimum)
        })
}

/// Every background text and charts stand on in `v`: panels, windows, text fields and
/// plots, and the stripes of striped tables.
fn backgrounds(v: &Visuals) -> [(&'static str, Color32); 4] {
    [
        ("panel", v.panel_fill),
        ("window", v.window_fill),
        ("text field", v.extreme_bg_color),
        ("stripe", over(v.faint_bg_color, v.panel_fill)),
    ]
}

fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lernstadt_core::model::MeasureStage;
    use lernstadt_core::model::traffic_light::TrafficLight;

    fn check(
        failures: &mut Vec<String>,
        theme: Theme,
        what: &str,
        colour: Color32,
        background: (&str, Color32),
        minimum: f32,
    ) {
        let ratio = contrast(over(colour, background.1), background.1);
        if ratio < minimum {
            failures.push(format!(
                "{theme:?}: {what} {colour:?} on {} {:?} is {ratio:.2}:1, below {minimum}:1",
                background.0, background.1
            ));
        }
    }

    #[test]
    fn contrast_of_black_on_white_is_21_and_of_equal_colours_1() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::GRAY, Color32::GRAY) - 1.0).abs() < 0.001);
        // The W3C's own example: #767676 on white is the lightest grey that passes 4.5:1.
        assert!(contrast(Color32::from_gray(0x76), Color32::WHITE) >= 4.5);
        assert!(contrast(Color32::from_gray(0x77), Color32::WHITE) < 4.5);
    }

    #[test]
    fn every_theme_meets_wcag_aa_contrast() {
        let mut failures = Vec::new();
        for theme in Theme::ALL {
            let v = visuals(theme);
            let f = &mut failures;
            for background in backgrounds(&v) {
                check(f, theme, "text", v.text_color(), background, TEXT);
                check(f, theme, "weak text", v.weak_text_color(), background, TEXT);
                check(f, theme, "link", v.hyperlink_color, background, TEXT);
                check(f, theme, "warning", v.warn_fg_color, background, TEXT);
                check(f, theme, "error", v.error_fg_color, background, TEXT);
                for &status in TrafficLight::ALL {
                    let colour = crate::ui::status_colour(&v, status);
                    check(f, theme, status.label(), colour, background, TEXT);
                }
                for &stage in MeasureStage::ALL {
                    let colour = crate::ui::stage_colour(&v, stage);
                    check(f, theme, stage.label(), colour, background, TEXT);
                }
            }
            // Text on a selection, and on buttons in each of their states.
            let selected = ("selection", v.selection.bg_fill);
            let selected_text = v.override_text_color.unwrap_or(v.selection.stroke.color);
            check(f, theme, "selected text", selected_text, selected, TEXT);
            for (state, widget) in [
                ("inactive", v.widgets.inactive),
                ("hovered", v.widgets.hovered),
                ("active", v.widgets.active),
                ("open", v.widgets.open),
            ] {
                let text = v.override_text_color.unwrap_or(widget.fg_stroke.color);
                let button = (state, over(widget.weak_bg_fill, v.panel_fill));
                check(f, theme, "button text", text, button, TEXT);
            }
            // The focus ring: a focused button's outline, a focused text field's frame.
            let panel = ("panel", v.panel_fill);
            let field = ("text field", v.extreme_bg_color);
            check(
                f,
                theme,
                "focus ring",
                v.widgets.active.bg_stroke.color,
                panel,
                GRAPHIC,
            );
            check(
                f,
                theme,
                "text field focus",
                v.selection.stroke.color,
                field,
                GRAPHIC,
            );
            // Chart lines and marks against the plot.
            // Chart lines and marks against the plot: the palette, muted as on screen, and
            // the greys of totals, baselines, bands and gaps.
            let plot = ("plot", v.extreme_bg_color);
            for (n, hex) in lernstadt_core::render::palette::SERIES.iter().enumerate() {
                let colour = crate::ui::colour(hex);
                for (what, colour) in [("series", colour), ("muted", colour.gamma_multiply(0.45))] {
                    let drawn = graphic_on(&v, colour);
                    check(f, theme, &format!("{what} {n}"), drawn, plot, GRAPHIC);
                }
            }
            for grey in [110, 130, 140, 150] {
                let drawn = graphic_on(&v, Color32::from_gray(grey));
                check(f, theme, &format!("grey {grey}"), drawn, plot, GRAPHIC);
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn readable_changes_only_what_fails() {
        let orange = Color32::from_rgb(0xe0, 0xa0, 0x10);
        assert_eq!(readable(orange, Color32::BLACK, TEXT), orange);
        let on_white = readable(orange, Color32::WHITE, TEXT);
        assert!(contrast(on_white, Color32::WHITE) >= TEXT);
        assert!(
            contrast(on_white, Color32::WHITE) < TEXT + 0.5,
            "no darker than needed"
        );
    }

    /// The ratios before and after the fixes, for the record:
    /// `cargo test --lib theme::tests::ratios -- --ignored --nocapture`.
    #[test]
    #[ignore = "prints the measured ratios; asserts nothing"]
    fn ratios() {
        let pairs = |name: &str, egui: &Visuals, ours: &Visuals| {
            let bg = ours.panel_fill;
            let plot = ours.extreme_bg_color;
            let rows = [
                ("text", egui.text_color(), ours.text_color(), bg),
                (
                    "weak text",
                    egui.weak_text_color(),
                    ours.weak_text_color(),
                    bg,
                ),
                ("link", egui.hyperlink_color, ours.hyperlink_color, bg),
                ("warning", egui.warn_fg_color, ours.warn_fg_color, bg),
                ("error", egui.error_fg_color, ours.error_fg_color, bg),
                (
                    "focus ring",
                    egui.widgets.active.bg_stroke.color,
                    ours.widgets.active.bg_stroke.color,
                    bg,
                ),
            ];
            for (what, before, after, bg) in rows {
                println!(
                    "{name:13} {what:24} {:5.2} -> {:5.2}",
                    contrast(over(before, bg), bg),
                    contrast(over(after, bg), bg)
                );
            }
            for &status in TrafficLight::ALL {
                let before = crate::ui::colour(lernstadt_core::render::palette::status(status));
                let after = crate::ui::status_colour(ours, status);
                println!(
                    "{name:13} status {:17} {:5.2} -> {:5.2}",
                    status.code(),
                    contrast(before, bg),
                    contrast(after, bg)
                );
            }
            for &stage in MeasureStage::ALL {
                let before = crate::ui::colour(lernstadt_core::render::palette::measure(stage));
                let after = crate::ui::stage_colour(ours, stage);
                println!(
                    "{name:13} measure {:16} {:5.2} -> {:5.2}",
                    stage.code(),
                    contrast(before, bg),
                    contrast(after, bg)
                );
            }
            for hex in lernstadt_core::render::palette::SERIES {
                let before = crate::ui::colour(hex);
                let after = graphic_on(ours, before);
                let muted = before.gamma_multiply(0.45);
                println!(
                    "{name:13} series {hex} {:5.2} -> {:5.2}   muted {:5.2} -> {:5.2}",
                    contrast(before, plot),
                    contrast(after, plot),
                    contrast(over(muted, plot), plot),
                    contrast(graphic_on(ours, muted), plot)
                );
            }
            for grey in [110, 130, 140, 150] {
                let before = Color32::from_gray(grey);
                println!(
                    "{name:13} grey {grey:<19} {:5.2} -> {:5.2}",
                    contrast(before, plot),
                    contrast(graphic_on(ours, before), plot)
                );
            }
        };
        pairs("light", &Visuals::light(), &visuals(Theme::Light));
        pairs("dark", &Visuals::dark(), &visuals(Theme::Dark));
        pairs(
            "high contrast",
            &high_contrast_before(),
            &visuals(Theme::HighContrast),
        );
    }

    /// The high-contrast theme as it was before the contrast was measured.
    fn high_contrast_before() -> Visuals {
        let mut v = high_contrast();
        v.weak_text_color = None;
        v.warn_fg_color = Visuals::dark().warn_fg_color;
        v.error_fg_color = Visuals::dark().error_fg_color;
        v.widgets.active.bg_stroke = Stroke::new(1.0, Color32::WHITE);
        v
    }
}
