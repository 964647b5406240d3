//! The report window: the order of the chapters (goal tree or education areas), which areas,
//! whether the stakeholder list is in it; then where to write it (a native save dialog). The
//! app writes it on a worker with these choices, as `lernstadt report` does.

use lernstadt_core::model::EducationArea;
use lernstadt_core::report::{Format, ReportOptions, ReportOrder};
use lernstadt_core::t;

use crate::command::{Command, Commands};

/// What the report window remembers.
#[derive(Debug, Default)]
#[allow(clippy::struct_excessive_bools)] // Reason: independent checkboxes of the dialog.
pub struct ReportWindow {
    pub open: bool,
    pub order: ReportOrder,
    /// The areas left out (all are in by default).
    pub left_out: Vec<EducationArea>,
    pub without_stakeholders: bool,
    /// A chapter of district profiles.
    pub profiles: bool,
    /// Every region's values in an appendix.
    pub all_regions: bool,
    /// A web page to print, or a Word document to edit.
    pub format: Format,
}

impl ReportWindow {
    /// The options these choices make (goals: all).
    #[must_use]
    pub fn options(&self) -> ReportOptions {
        let areas = if self.left_out.is_empty() {
            Vec::new()
        } else {
            EducationArea::ALL
                .iter()
                .copied()
                .filter(|a| !self.left_out.contains(a))
                .collect()
        };
        ReportOptions {
            areas,
            order: self.order,
            without_stakeholders: self.without_stakeholders,
            profiles: self.profiles,
            all_regions: self.all_regions,
            ..ReportOptions::default()
        }
    }
}

/// Draws the report window when it is open.
pub fn report_ui(
    ctx: &egui::Context,
    window: &mut ReportWindow,
    readable: bool,
    commands: &mut Commands,
) {
    if !window.open {
        return;
    }
    let mut open = true;
    crate::ui::widgets::dialog(
        ctx,
        egui::Window::new(t!("report.window.title")).default_pos([120.0, 120.0]),
        &mut open,
        |ui| {
            ui.label(t!("report.window.order"));
            ui.radio_value(
                &mut window.order,
                ReportOrder::Goals,
                t!("report.window.by_goals"),
            );
            ui.radio_value(
                &mut window.order,
                ReportOrder::Areas,
                t!("report.window.by_areas"),
            );
            ui.separator();
            ui.label(t!("report.window.areas"));
            for area in EducationArea::ALL {
                let mut included = !window.left_out.contains(area);
                if ui.checkbox(&mut included, area.label()).changed() {
                    if included {
                        window.left_out.retain(|a| a != area);
                    } else {
                        window.left_out.push(*area);
                    }
                }
            }
            ui.separator();
            ui.checkbox(
                &mut window.without_stakeholders,
                t!("report.window.without_stakeholders"),
            );
            ui.checkbox(&mut window.profiles, t!("report.window.profiles"));
            ui.checkbox(&mut window.all_regions, t!("report.window.all_regions"))
                .on_hover_text(t!(
                    "report.window.all_regions_hover",
                    rows = lernstadt_core::report::TABLE_ROWS
                ));
            ui.separator();
            ui.label(t!("report.window.format"));
            ui.radio_value(&mut window.format, Format::Html, t!("report.window.html"));
            ui.radio_value(&mut window.format, Format::Docx, t!("report.window.docx"));
            ui.separator();
            let all_left_out = window.left_out.len() == EducationArea::ALL.len();
            if ui
                .add_enabled(
                    readable && !all_left_out,
                    egui::Button::new(t!("report.window.write")),
                )
                .clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .add_filter(format_name(window.format), &[extension(window.format)])
                    .set_file_name(format!(
                        "{}.{}",
                        t!("report.kind"),
                        extension(window.format)
                    ))
                    .save_file()
            {
                // The format chosen decides, whatever the name typed ends with.
                let path = if Format::of(&path) == window.format {
                    path
                } else {
                    let mut name = path.into_os_string();
                    name.push(".");
                    name.push(extension(window.format));
                    name.into()
                };
                commands.push(Command::WriteReport(path));
            }
        },
    );
    window.open = open;
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Html => "html",
        Format::Docx => "docx",
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Html => "HTML",
        Format::Docx => "Word",
    }
}
