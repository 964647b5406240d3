//! Lernstadt's window and command line, on top of [`lernstadt_core`].
//!
//! `main.rs` hands over to [`cli`]; without a subcommand it opens the window ([`app`]).
//! The window's views and dialogs ([`ui`]) read a snapshot and push [`command`]s, which
//! the app applies after each frame; [`settings`] is what Lernstadt remembers on this
//! computer; [`logging`] keeps a log of each run. Modules, lowest first: `settings`,
//! `logging`, `command`, `ui`, `app`, `cli` — a module
//! uses only those before it (`tests/layers.rs` keeps it so, reading
//! `docs/ARCHITECTURE.md`).

pub mod app;
pub mod cli;
pub mod command;
pub mod logging;
pub mod settings;
pub mod ui;

#[cfg(test)]
mod tests {
    use lernstadt_core::i18n;

    /// Every key the window and the command line use (by name in the code, or through the
    /// command line's help) is in the catalogues.
    #[test]
    fn every_key_the_code_uses_exists() {
        let used = i18n::keys_in_sources(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        )));
        assert!(
            used.len() > 20,
            "the scan found too few keys: {}",
            used.len()
        );
        for (file, key) in &used {
            assert!(
                i18n::is_key(key),
                "{file} uses {key}, which no catalogue has"
            );
        }
        for key in crate::cli::help_keys() {
            assert!(i18n::is_key(&key), "no catalogue has {key}");
        }
    }

    /// A character the window's fonts cannot draw shows as a box (and fails the UI tests).
    #[test]
    fn every_text_can_be_drawn_with_the_window_fonts() {
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let font = egui::FontId::proportional(14.0);
        for (lang, key, text) in i18n::all_texts() {
            let missing: Vec<char> = ctx.fonts_mut(|fonts| {
                text.chars()
                    .filter(|c| !fonts.has_glyph(&font, *c))
                    .collect()
            });
            assert!(
                missing.is_empty(),
                "{lang:?} {key}: no glyph for {missing:?}"
            );
        }
    }
}
