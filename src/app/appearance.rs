//! How the window looks: its theme and type size (twice the size while presenting), and
//! its title.

use super::{LernstadtApp, Project};

impl LernstadtApp {
    /// Sets the theme and font size when they changed.
    pub(super) fn style(&mut self, ctx: &egui::Context) {
        // Presenting: high contrast, type twice the size.
        let wanted = if self.presenting.is_some() {
            (
                crate::settings::Theme::HighContrast,
                Some(self.settings.font_size.unwrap_or(13.0) * 2.0),
            )
        } else {
            (self.settings.theme, self.settings.font_size)
        };
        if self.styled == Some(wanted) {
            return;
        }
        self.styled = Some(wanted);
        let mut visuals = crate::ui::theme::visuals(wanted.0);
        visuals.striped = true;
        let body = wanted.1.unwrap_or(13.0);
        ctx.all_styles_mut(|style| {
            style.visuals = visuals.clone();
            let defaults = egui::Style::default().text_styles;
            for (text_style, font) in &mut style.text_styles {
                if let Some(default) = defaults.get(text_style) {
                    font.size = default.size * body / 13.0;
                }
            }
        });
    }

    /// The window's title: the project's name (or the refused file's), then "Lernstadt";
    /// sent only when it changes.
    pub(super) fn title(&mut self, ctx: &egui::Context) {
        // The name the title is made of; compared without building the title each frame.
        let name = match &self.project {
            Project::Open { overview, .. } => match overview.as_ref() {
                Some(overview) => std::borrow::Cow::Borrowed(overview.info.project.name.as_str()),
                None => return,
            },
            Project::Refused { path, .. } => path
                .file_name()
                .map_or(std::borrow::Cow::Borrowed(""), |n| n.to_string_lossy()),
        };
        if self.titled.as_deref() != Some(&*name) {
            let title = if name.is_empty() {
                "Lernstadt".to_owned()
            } else {
                format!("{name} – Lernstadt")
            };
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title));
            self.titled = Some(name.into_owned());
        }
    }
}
