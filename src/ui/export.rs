//! The export window: what (observations long or wide, or an entity list), as an Excel
//! workbook or CSV in which dialect, where (a native save dialog); the app writes it on a
//! worker thread through its own read-only connection, so the window stays responsive.

use std::sync::mpsc::Receiver;

use crate::command::{Command, Commands};
use crate::ui::choice_ui;
use lernstadt_core::export::{Dialect, Format};
use lernstadt_core::t;

/// The export window's state.
pub struct ExportDialog {
    pub open: bool,
    /// `observations` or an entity list's name.
    pub what: &'static str,
    pub wide: bool,
    /// Write the stored values even where the protection rule would hide them (for
    /// internal use).
    pub unprotected: bool,
    /// A workbook or CSV; the name chosen in the save dialog ends in its extension.
    pub format: Format,
    /// The CSV dialect.
    pub dialect: Dialect,
    pub result: Option<anyhow::Result<lernstadt_core::export::Written>>,
    running: Option<Receiver<anyhow::Result<lernstadt_core::export::Written>>>,
    /// The report window (the report is an export with choices of its own).
    pub report: crate::ui::report::ReportWindow,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            open: false,
            what: "observations",
            wide: false,
            unprotected: false,
            format: Format::Xlsx,
            // What the system's spreadsheet reads by double-click (the regional format, not
            // the display language).
            dialect: Dialect::for_system(),
            result: None,
            running: None,
            report: crate::ui::report::ReportWindow::default(),
        }
    }
}

impl ExportDialog {
    /// Shows an export the app started on a worker; its result comes through `receiver`.
    pub fn begin(&mut self, receiver: Receiver<anyhow::Result<lernstadt_core::export::Written>>) {
        self.result = None;
        self.running = Some(receiver);
    }

    /// Collects a finished export.
    pub fn poll(&mut self) {
        if let Some(receiver) = &self.running
            && let Ok(result) = receiver.try_recv()
        {
            self.result = Some(result);
            self.running = None;
        }
    }

    /// Whether an export is being written.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }
}

/// Draws the export window.
pub fn export_ui(
    ctx: &egui::Context,
    dialog: &mut ExportDialog,
    readable: bool,
    commands: &mut Commands,
) {
    if dialog.is_running() {
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
    if !dialog.open {
        return;
    }
    let mut open = true;
    crate::ui::widgets::dialog(
        ctx,
        egui::Window::new(t!("export.window.title")).default_pos([80.0, 100.0]),
        &mut open,
        |ui| {
            egui::Grid::new("export_options")
                .num_columns(2)
                .show(ui, |ui| {
                    choice_ui(
                        ui,
                        "export_what",
                        t!("export.window.what"),
                        &mut dialog.what,
                        lernstadt_core::export::entity_names(),
                        what_label,
                    );
                    ui.end_row();
                    choice_ui(
                        ui,
                        "export_format",
                        t!("export.window.dialect"),
                        &mut dialog.format,
                        [Format::Xlsx, Format::Csv],
                        |f| format_label(f).to_owned(),
                    );
                    ui.end_row();
                    if dialog.format == Format::Csv {
                        choice_ui(
                            ui,
                            "export_dialect",
                            t!("export.window.csv_dialect"),
                            &mut dialog.dialect,
                            [Dialect::ExcelDe, Dialect::Rfc4180],
                            |d| dialect_label(d).to_owned(),
                        );
                        ui.end_row();
                    }
                });
            if dialog.what == "observations" {
                ui.checkbox(&mut dialog.wide, t!("cli.export.wide"));
                ui.checkbox(&mut dialog.unprotected, t!("export.window.unprotected"))
                    .on_hover_text(t!("export.window.unprotected_help"));
            }
            ui.separator();
            match readable {
                true if !dialog.is_running() => {
                    if ui.button(t!("export.window.save")).clicked() {
                        let extension = dialog.format.extension();
                        let name = format!("{}.{extension}", dialog.what);
                        if let Some(out) = rfd::FileDialog::new()
                            .set_file_name(name)
                            .add_filter(format_label(dialog.format), &[extension])
                            .save_file()
                        {
                            commands.push(Command::StartExport(out));
                        }
                    }
                }
                true => {
                    ui.spinner();
                }
                false => {
                    ui.label(t!("import.wizard.no_project"));
                }
            }
            match &dialog.result {
                Some(Ok(written)) => {
                    ui.label(t!(
                        "cli.export.done",
                        rows = lernstadt_core::i18n::format_int(written.rows as i64),
                        path = written.path.display(),
                        size = lernstadt_core::i18n::format_bytes(written.bytes)
                    ));
                    if let Some(sources) = &written.sources {
                        ui.label(t!("export.sources_file", path = sources.display()));
                    }
                }
                Some(Err(message)) => {
                    ui.colored_label(ui.visuals().error_fg_color, message.to_string());
                }
                None => {}
            }
        },
    );
    if !open {
        dialog.open = false;
    }
}

fn what_label(name: &str) -> String {
    let key = match name {
        "observations" => "entity.observation".to_owned(),
        other => lernstadt_core::export::entity_by_name(other)
            .map_or_else(|| other.to_owned(), |def| format!("entity.{}", def.table)),
    };
    lernstadt_core::i18n::tr(&key).to_owned()
}

fn format_label(format: Format) -> &'static str {
    match format {
        Format::Xlsx => t!("export.window.xlsx"),
        Format::Csv => t!("export.window.csv"),
    }
}

fn dialect_label(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::ExcelDe => t!("export.window.excel_de"),
        Dialect::Rfc4180 => t!("export.window.rfc4180"),
    }
}
