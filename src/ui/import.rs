//! The import wizard: choose or drop a file → detected format and the first rows → the
//! mapping, editable → check (a dry run with the full report) → import, off the UI thread
//! with a progress bar and a cancel button → the report, with problem lines copyable.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use egui::RichText;

use crate::command::{Command, Commands, Edit};
use crate::ui::choice_ui;
use lernstadt_core::import::boundaries::BoundaryOptions;
use lernstadt_core::import::sniff::{Detected, Encoding, delimiter_name};
use lernstadt_core::import::values::Decimal;
use lernstadt_core::import::{Options, Progress, Report};
use lernstadt_core::model::Mapping;
use lernstadt_core::t;

/// What the wizard shows and has chosen; no SQL in here, the work runs on a thread.
#[derive(Default)]
pub struct ImportWizard {
    pub open: bool,
    pub path: Option<PathBuf>,
    pub detected: Option<Detected>,
    /// The first values as they will be stored.
    pub preview: Vec<lernstadt_core::import::PreviewRow>,
    /// The header and the role of each column (spreadsheets only).
    pub columns: Vec<(String, Option<lernstadt_core::import::sheet::Role>)>,
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    pub decimal: Option<Decimal>,
    pub map: String,
    /// The name the roles are to be saved under.
    pub mapping_name: String,
    /// The name of the member columns' dimension, as typed.
    pub member_dimension: String,
    /// The period of every row, for a file without a period column.
    pub period: String,
    /// Region cells are kept whole instead of split into key and name.
    pub keep_region_cells: bool,
    /// A workbook's sheets, in order (empty for a text file).
    pub sheets: Vec<String>,
    /// The sheet chosen (`None`: the first, or every sheet of values of a workbook
    /// Lernstadt exported).
    pub sheet: Option<String>,
    /// How many sheets of values a workbook Lernstadt exported holds, imported together
    /// when no sheet is chosen (a `--wide` export's sheet per indicator); 0 for any other.
    pub export_sheets: usize,
    /// A boundary file's layers, when it holds several (a `GeoPackage`, a `.zip`).
    pub layers: Vec<String>,
    /// The layer chosen of those.
    pub layer: Option<String>,
    /// The property holding the region key in a boundary file, as typed (empty: detect).
    pub key_property: String,
    /// Whether the chosen file holds boundaries, found when it is chosen (a `.zip` is
    /// opened to see), not every frame.
    boundary_file: bool,
    pub error: Option<String>,
    pub running: Option<Running>,
    pub report: Option<Report>,
    /// The web service's windows: a table fetched by its code, the remembered tables
    /// updated from their source (issue 28).
    pub web: crate::ui::fetch::WebWindows,
    /// The report's summary and problem lines, written once per report and language
    /// rather than every frame.
    report_text: Option<(lernstadt_core::i18n::Lang, String, Vec<String>)>,
}

/// An import or dry run in progress.
pub struct Running {
    pub progress: Arc<Progress>,
    /// What the run waits for before it can start (another program holds the project).
    pub waiting: Arc<std::sync::Mutex<Option<String>>>,
    pub dry_run: bool,
    receiver: Receiver<anyhow::Result<Report>>,
}

impl Running {
    /// A run whose worker reports its progress in `progress`, what it waits for in
    /// `waiting`, and its result to `receiver`.
    #[must_use]
    pub fn new(
        progress: Arc<Progress>,
        waiting: Arc<std::sync::Mutex<Option<String>>>,
        dry_run: bool,
        receiver: Receiver<anyhow::Result<Report>>,
    ) -> Running {
        Running {
            progress,
            waiting,
            dry_run,
            receiver,
        }
    }
}

impl ImportWizard {
    /// Opens the wizard on a file (chosen or dropped): detects its format.
    pub fn choose(&mut self, path: PathBuf) {
        self.open = true;
        self.path = Some(path);
        self.encoding = None;
        self.delimiter = None;
        self.decimal = None;
        self.map.clear();
        self.layers.clear();
        self.layer = None;
        self.key_property.clear();
        self.report = None;
        self.sheet = None;
        self.sheets.clear();
        self.export_sheets = 0;
        if let Some(path) = &self.path
            && lernstadt_core::import::workbook::is_workbook(path)
        {
            match lernstadt_core::import::workbook::sheet_names(path) {
                Ok(sheets) => self.sheets = sheets,
                Err(error) => {
                    self.error = Some(error.to_string());
                    return;
                }
            }
            let count = lernstadt_core::import::workbook::export_sheets(path)
                .map_or(0, |sheets| sheets.len());
            self.export_sheets = if count > 1 { count } else { 0 };
        }
        self.detect();
    }

    /// The import's options as chosen in the wizard.
    pub fn options(&self, dry_run: bool) -> Result<Options, String> {
        let map = if self.map.trim().is_empty() {
            Vec::new()
        } else {
            lernstadt_core::import::sheet::parse_map(&self.map)?
        };
        Ok(Options {
            encoding: self.encoding,
            delimiter: self.delimiter,
            decimal: self.decimal,
            map,
            dry_run,
            entity: None,
            save_mapping: None,
            period: Some(self.period.trim().to_owned()).filter(|p| !p.is_empty()),
            keep_region_cells: self.keep_region_cells,
            sheet: self.sheet.clone(),
            source: None,
        })
    }

    /// Gives a column a role: every column with a role is then named in the mapping, so
    /// the choice is explicit; the preview is read again.
    pub fn set_role(&mut self, index: usize, role: lernstadt_core::import::sheet::Role) {
        let Some(column) = self.columns.get_mut(index) else {
            return;
        };
        column.1 = Some(role);
        self.map = self.roles_text();
        self.detect();
    }

    /// The roles as `--map` writes them: each column with a role, then the member columns'
    /// dimension when one is named.
    fn roles_text(&self) -> String {
        let columns = self
            .columns
            .iter()
            .filter_map(|(name, role)| role.map(|role| format!("{}={}", role.code(), name.trim())))
            .collect::<Vec<_>>()
            .join(",");
        with_member_dimension(&columns, &self.member_dimension)
    }

    /// Detects the format with the current overrides and reads the first rows.
    pub fn detect(&mut self) {
        self.error = None;
        self.detected = None;
        self.preview.clear();
        self.boundary_file = false;
        let Some(path) = self.path.clone() else {
            return;
        };
        if lernstadt_core::import::boundaries::is_boundaries(&path) {
            self.boundary_file = true;
            // Boundaries: no rows to preview; the check (dry run) reports every feature.
            match lernstadt_core::import::boundaries::layers(&path) {
                Ok(layers) => {
                    self.layer = self
                        .layer
                        .take()
                        .filter(|l| layers.contains(l))
                        .or_else(|| layers.first().cloned());
                    self.layers = layers;
                }
                Err(error) => self.error = Some(error.to_string()),
            }
            return;
        }
        let options = match self.options(true) {
            Ok(options) => options,
            Err(message) => {
                self.error = Some(message);
                return;
            }
        };
        match lernstadt_core::import::preview(&path, &options, 10) {
            Ok(preview) => {
                self.preview = preview.rows;
                self.detected = Some(preview.detected);
                self.columns = preview.columns;
            }
            Err(error) => self.error = Some(error.to_string()),
        }
    }

    /// Whether the chosen file holds boundaries (GeoJSON, a Shapefile, a `GeoPackage`)
    /// rather than a table.
    #[must_use]
    pub fn is_boundaries(&self) -> bool {
        self.path.is_some() && self.boundary_file
    }

    /// How to read the chosen boundary file: its layer and key property as chosen.
    #[must_use]
    pub fn boundary_options(&self, dry_run: bool) -> BoundaryOptions {
        let key = self.key_property.trim();
        BoundaryOptions {
            key_property: (!key.is_empty()).then(|| key.to_owned()),
            layer: self.layer.clone(),
            dry_run,
        }
    }

    /// Shows a dry run or an import the app started on a worker.
    pub fn begin(&mut self, running: Running) {
        self.report = None;
        self.error = None;
        self.running = Some(running);
    }

    /// Collects a finished run; returns true when an import changed the project.
    pub fn poll(&mut self) -> bool {
        let Some(running) = &self.running else {
            return false;
        };
        let Ok(result) = running.receiver.try_recv() else {
            return false;
        };
        let dry_run = running.dry_run;
        self.running = None;
        match result {
            Ok(report) => {
                let applied = report.applied;
                self.report = Some(report);
                self.report_text = None;
                applied && !dry_run
            }
            Err(message) => {
                self.error = Some(message.to_string());
                false
            }
        }
    }
}

fn role_label(role: Option<lernstadt_core::import::sheet::Role>) -> String {
    match role {
        Some(role) => lernstadt_core::i18n::tr(&format!("import.role.{}", role.code())).to_owned(),
        None => t!("import.role.period_column").to_owned(),
    }
}

/// Draws the wizard window; `writable` says whether an import can go into the open project.
pub fn wizard_ui(
    ctx: &egui::Context,
    wizard: &mut ImportWizard,
    writable: bool,
    mappings: &[Mapping],
    commands: &mut Commands,
) {
    if wizard.running.is_some() {
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
    if !wizard.open {
        return;
    }
    let mut open = true;
    crate::ui::widgets::dialog(
        ctx,
        egui::Window::new(t!("import.wizard.title"))
            .default_width(720.0)
            .default_pos([60.0, 80.0]),
        &mut open,
        |ui| {
            body_ui(ui, wizard, writable, mappings, commands);
        },
    );
    if !open && wizard.running.is_none() {
        wizard.open = false;
    }
}

#[expect(
    clippy::too_many_lines,
    reason = "the wizard's body is one egui layout: file, detected format, overrides, columns, preview"
)]
fn body_ui(
    ui: &mut egui::Ui,
    wizard: &mut ImportWizard,
    writable: bool,
    mappings: &[Mapping],
    commands: &mut Commands,
) {
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                wizard.running.is_none(),
                egui::Button::new(t!("import.wizard.choose")),
            )
            .clicked()
            && let Some(path) = rfd::FileDialog::new()
                .add_filter("CSV", &["csv", "txt", "tsv"])
                .add_filter(
                    t!("import.wizard.workbooks"),
                    &lernstadt_core::import::workbook::EXTENSIONS,
                )
                .add_filter("GeoJSON", &["geojson", "json"])
                .add_filter("Shapefile", &["shp", "zip"])
                .add_filter("GeoPackage", &["gpkg"])
                .pick_file()
        {
            wizard.choose(path);
        }
        match &wizard.path {
            Some(path) => ui.label(RichText::new(path.display().to_string()).monospace()),
            None => ui.label(RichText::new(t!("import.wizard.drop_hint")).weak()),
        };
    });
    if let Some(error) = &wizard.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    if wizard.is_boundaries() {
        ui.separator();
        ui.label(t!("import.wizard.boundaries"));
        boundary_options_ui(ui, wizard);
        actions_ui(ui, wizard, writable, commands);
        return;
    }
    let Some(detected) = wizard.detected else {
        return;
    };
    ui.separator();
    if wizard.sheets.is_empty() {
        ui.label(detected.describe());
    } else {
        let all = t!("import.wizard.all_sheets", count = wizard.export_sheets);
        let first = if wizard.export_sheets > 0 {
            all.as_str()
        } else {
            &wizard.sheets[0]
        };
        ui.label(t!(
            "cli.import.detected_sheet",
            sheet = wizard.sheet.as_deref().unwrap_or(first),
            shape = detected.shape.label(),
            decimal = detected.decimal.label()
        ));
    }
    let mut redetect = false;
    egui::Grid::new("import_overrides")
        .num_columns(2)
        .show(ui, |ui| {
            if wizard.sheets.is_empty() {
                let mut encoding = wizard.encoding.unwrap_or(detected.encoding);
                if choice_ui(
                    ui,
                    "import_encoding",
                    t!("import.wizard.encoding"),
                    &mut encoding,
                    [Encoding::Utf8, Encoding::Windows1252],
                    |e| e.code().to_owned(),
                ) {
                    wizard.encoding = Some(encoding);
                    redetect = true;
                }
                ui.end_row();
                let mut delimiter = wizard.delimiter.unwrap_or(detected.delimiter);
                if choice_ui(
                    ui,
                    "import_delimiter",
                    t!("import.wizard.delimiter"),
                    &mut delimiter,
                    [b';', b',', b'\t', b'|'],
                    delimiter_name,
                ) {
                    wizard.delimiter = Some(delimiter);
                    redetect = true;
                }
                ui.end_row();
            } else {
                // A workbook: which sheet (each previewed when chosen), no text encoding;
                // a workbook Lernstadt exported offers all its sheets of values at once
                // (`None`), previewed by the first.
                let all = wizard.export_sheets;
                let mut index = wizard
                    .sheet
                    .as_ref()
                    .and_then(|s| wizard.sheets.iter().position(|n| n == s))
                    .or((all == 0).then_some(0));
                let sheets = wizard.sheets.clone();
                let options = (all > 0)
                    .then_some(None)
                    .into_iter()
                    .chain((0..sheets.len()).map(Some));
                if choice_ui(
                    ui,
                    "import_sheet",
                    t!("import.wizard.sheet"),
                    &mut index,
                    options,
                    |i| match i {
                        Some(i) => sheets[i].clone(),
                        None => t!("import.wizard.all_sheets", count = all),
                    },
                ) {
                    wizard.sheet = index.and_then(|i| sheets.get(i).cloned());
                    wizard.map.clear();
                    redetect = true;
                }
                ui.end_row();
            }
            let mut decimal = wizard.decimal.unwrap_or(detected.decimal);
            if choice_ui(
                ui,
                "import_decimal",
                t!("import.wizard.decimal"),
                &mut decimal,
                [Decimal::Comma, Decimal::Point],
                |d| d.label().to_owned(),
            ) {
                wizard.decimal = Some(decimal);
                redetect = true;
            }
            ui.end_row();
            let label = ui.label(t!("import.wizard.map"));
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut wizard.map)
                        .hint_text("indicator=Kennzahl,region=Stadtteil,period=Jahr,value=Wert")
                        .desired_width(420.0),
                )
                .labelled_by(label.id);
            if response.lost_focus() {
                redetect = true;
            }
            ui.end_row();
        });
    if !wizard.columns.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new(t!("import.wizard.roles")).strong());
        let mut changed = None;
        egui::ScrollArea::horizontal()
            .id_salt("roles")
            .show(ui, |ui| {
                egui::Grid::new("import_roles").show(ui, |ui| {
                    for (index, (name, role)) in wizard.columns.iter().enumerate() {
                        let mut chosen = *role;
                        let options = lernstadt_core::import::sheet::Role::ALL
                            .iter()
                            .copied()
                            .map(Some);
                        if choice_ui(ui, ("role", index), name, &mut chosen, options, role_label) {
                            changed = Some((index, chosen));
                        }
                        ui.end_row();
                    }
                });
            });
        if let Some((index, Some(role))) = changed {
            wizard.set_role(index, role);
            return;
        }
        redetect |= mapping_ui(ui, wizard, mappings, commands);
    }
    ui.add_space(6.0);
    ui.label(RichText::new(t!("import.wizard.first_rows")).strong());
    egui::ScrollArea::horizontal()
        .id_salt("preview")
        .show(ui, |ui| {
            egui::Grid::new("import_preview")
                .striped(true)
                .show(ui, |ui| {
                    for heading in [
                        "import.wizard.col.line",
                        "import.wizard.col.indicator",
                        "import.wizard.col.region",
                        "import.wizard.col.period",
                        "import.wizard.col.breakdown",
                        "import.wizard.col.value",
                        "import.wizard.col.symbol",
                    ] {
                        ui.label(RichText::new(lernstadt_core::i18n::tr(heading)).strong());
                    }
                    ui.end_row();
                    for row in &wizard.preview {
                        ui.label(row.line.to_string());
                        if let Some(problem) = &row.problem {
                            ui.colored_label(ui.visuals().error_fg_color, problem);
                            ui.end_row();
                            continue;
                        }
                        ui.label(&row.indicator);
                        ui.label(if row.region_name.is_empty() {
                            row.region.clone()
                        } else {
                            format!("{} {}", row.region, row.region_name)
                        });
                        ui.label(&row.period);
                        ui.label(&row.breakdown);
                        ui.label(
                            row.value
                                .map(lernstadt_core::i18n::format_number)
                                .unwrap_or_default(),
                        );
                        let flags = [row.symbol.clone(), row.quality.clone()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" ");
                        ui.label(flags);
                        ui.end_row();
                    }
                });
        });
    ui.separator();
    actions_ui(ui, wizard, writable, commands);
    // Detected again after the whole wizard is drawn: a field the focus leaves by Tab
    // asks for it, and the controls below must exist in this frame for the focus to
    // move on to them (an early return sent it back to the top of the window).
    if redetect {
        wizard.detect();
    }
}

/// Saved column roles: a saved mapping made for a file with this header is offered (its
/// roles replace the chosen ones); the roles chosen now can be saved under a name, for the
/// next file of this kind. Returns true when the roles changed.
fn mapping_ui(
    ui: &mut egui::Ui,
    wizard: &mut ImportWizard,
    mappings: &[Mapping],
    commands: &mut Commands,
) -> bool {
    let header: Vec<String> = wizard
        .columns
        .iter()
        .map(|(name, _)| name.clone())
        .collect();
    let mut changed = false;
    // No period column, and no periods as headers: the period of all rows.
    let role = |wanted: Option<lernstadt_core::import::sheet::Role>| {
        wizard.columns.iter().any(|(_, role)| *role == wanted)
    };
    if !role(Some(lernstadt_core::import::sheet::Role::Period)) && !role(None) {
        let period = (t!("import.wizard.period"), t!("import.wizard.period_hint"));
        changed |= labelled_field(ui, &period, &mut wizard.period, 120.0).lost_focus();
    }
    // Region cells with key and name (`91 Berg Fidel`): split, unless the user says no.
    let split_seen = !role(Some(lernstadt_core::import::sheet::Role::RegionName))
        && wizard.preview.iter().any(|row| !row.region_name.is_empty());
    if split_seen || wizard.keep_region_cells {
        let mut split = !wizard.keep_region_cells;
        if ui
            .checkbox(&mut split, t!("import.wizard.split_region"))
            .changed()
        {
            wizard.keep_region_cells = !split;
            changed = true;
        }
    }
    // Member columns: the name of their dimension, guessed, and changeable.
    if wizard
        .columns
        .iter()
        .any(|(_, role)| *role == Some(lernstadt_core::import::sheet::Role::Member))
    {
        let texts = (
            t!("import.wizard.member_dimension"),
            t!("import.wizard.member_dimension_hint"),
        );
        if labelled_field(ui, &texts, &mut wizard.member_dimension, 200.0).lost_focus() {
            wizard.map = with_member_dimension(&wizard.map, &wizard.member_dimension);
            changed = true;
        }
    }
    ui.horizontal_wrapped(|ui| {
        if let Some(saved) = Mapping::for_header(mappings, &header)
            && saved.roles != wizard.map
            && ui
                .button(t!("import.wizard.use_mapping", name = saved.name))
                .clicked()
        {
            wizard.map.clone_from(&saved.roles);
            wizard.member_dimension = member_dimension_of(&saved.roles);
            changed = true;
        }
        let label = ui.label(t!("import.wizard.save_mapping"));
        ui.add(
            egui::TextEdit::singleline(&mut wizard.mapping_name)
                .hint_text(t!("import.wizard.mapping_name"))
                .desired_width(200.0),
        )
        .labelled_by(label.id);
        let name = wizard.mapping_name.trim().to_owned();
        if ui
            .add_enabled(
                !name.is_empty() && wizard.columns.iter().any(|(_, role)| role.is_some()),
                egui::Button::new(t!("import.wizard.save")),
            )
            .clicked()
        {
            let existing = mappings.iter().find(|m| m.name == name).cloned();
            let mapping = Mapping {
                uuid: existing
                    .as_ref()
                    .map_or_else(lernstadt_core::model::new_uuid, |m| m.uuid),
                name: name.clone(),
                header: Mapping::header_text(&header),
                roles: wizard.roles_text(),
            };
            let label = t!("import.wizard.mapping_saved", name = name);
            commands.push(match existing {
                Some(before) => Edit::update("mapping", &name, &before, mapping),
                None => Edit::new(label, move |tx| tx.insert(&mapping)),
            });
            wizard.mapping_name.clear();
        }
    });
    changed
}

/// Check and Import (or progress and Cancel while running), then the report.
/// A boundary file's layer (when it holds several) and the property holding the key.
fn boundary_options_ui(ui: &mut egui::Ui, wizard: &mut ImportWizard) {
    egui::Grid::new("boundary_options")
        .num_columns(2)
        .show(ui, |ui| {
            if wizard.layers.len() > 1 {
                let label = ui.label(t!("import.wizard.layer"));
                let chosen = wizard.layer.clone().unwrap_or_default();
                egui::ComboBox::from_id_salt("boundary_layer")
                    .selected_text(chosen)
                    .show_ui(ui, |ui| {
                        for layer in &wizard.layers {
                            ui.selectable_value(&mut wizard.layer, Some(layer.clone()), layer);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
            }
            let label = ui.label(t!("import.wizard.key_property"));
            ui.add(
                egui::TextEdit::singleline(&mut wizard.key_property)
                    .hint_text(t!("import.wizard.key_property_hint"))
                    .desired_width(200.0),
            )
            .labelled_by(label.id);
            ui.end_row();
        });
}

fn actions_ui(
    ui: &mut egui::Ui,
    wizard: &mut ImportWizard,
    writable: bool,
    commands: &mut Commands,
) {
    match (&wizard.running, writable) {
        (Some(running), _) => {
            let waiting = running.waiting.lock().ok().and_then(|w| w.clone());
            if let Some(waiting) = waiting {
                ui.horizontal_wrapped(|ui| {
                    ui.spinner();
                    ui.label(waiting);
                });
            }
            let total = running
                .progress
                .total_bytes
                .load(std::sync::atomic::Ordering::Relaxed)
                .max(1);
            let read = running
                .progress
                .bytes_read
                .load(std::sync::atomic::Ordering::Relaxed);
            ui.add(egui::ProgressBar::new(read as f32 / total as f32).show_percentage());
            if ui.button(t!("import.wizard.cancel")).clicked() {
                running
                    .progress
                    .cancel
                    .store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
        (None, true) => {
            ui.horizontal(|ui| {
                if ui.button(t!("import.wizard.check")).clicked() {
                    commands.push(Command::StartImport { dry_run: true });
                }
                if ui
                    .button(RichText::new(t!("import.wizard.apply")).strong())
                    .clicked()
                {
                    commands.push(Command::StartImport { dry_run: false });
                }
            });
        }
        (None, false) => {
            ui.label(t!("import.wizard.no_project"));
        }
    }
    if let Some(report) = &wizard.report {
        let lang = lernstadt_core::i18n::lang();
        if wizard
            .report_text
            .as_ref()
            .is_none_or(|(written, ..)| *written != lang)
        {
            let file = report
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let lines = report
                .problems
                .iter()
                .map(lernstadt_core::import::Problem::describe)
                .collect();
            // How the file was read (a boundary file's coordinates, encoding and key
            // property; a spreadsheet's value columns), then what came of it.
            let summary = match &report.values {
                Some(read) => format!("{read}\n{}", report.summary(&file)),
                None => report.summary(&file),
            };
            wizard.report_text = Some((lang, summary, lines));
        }
        if let Some((_, summary, lines)) = &wizard.report_text {
            report_ui(ui, summary, lines);
        }
    }
}

fn report_ui(ui: &mut egui::Ui, summary: &str, lines: &[String]) {
    ui.separator();
    ui.label(RichText::new(summary).strong());
    if lines.is_empty() {
        return;
    }
    if ui.button(t!("import.wizard.copy_problems")).clicked() {
        ui.ctx().copy_text(lines.join("\n"));
    }
    egui::ScrollArea::vertical()
        .id_salt("problems")
        .max_height(220.0)
        .show_rows(ui, 18.0, lines.len(), |ui, range| {
            for line in &lines[range] {
                ui.label(line);
            }
        });
}

/// A text field after its label (`(label, hint)`), named by it for screen readers.
fn labelled_field(
    ui: &mut egui::Ui,
    (label, hint): &(&str, &str),
    text: &mut String,
    width: f32,
) -> egui::Response {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(*label);
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text(*hint)
                .desired_width(width),
        )
        .labelled_by(label.id)
    })
    .inner
}

const MEMBER_DIMENSION: &str = "member_dimension=";

/// `map` with its `member_dimension=` part set to `dimension` (left out when empty).
fn with_member_dimension(map: &str, dimension: &str) -> String {
    let mut parts: Vec<&str> = map
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.starts_with(MEMBER_DIMENSION))
        .collect();
    let named = format!("{MEMBER_DIMENSION}{}", dimension.trim());
    if !dimension.trim().is_empty() {
        parts.push(&named);
    }
    parts.join(",")
}

/// The dimension a mapping names for its member columns, or "".
fn member_dimension_of(map: &str) -> String {
    map.split(',')
        .find_map(|p| p.trim().strip_prefix(MEMBER_DIMENSION))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lernstadt_core::import::sheet::Role;

    /// Choosing a role keeps the member columns' dimension the user named.
    #[test]
    fn a_role_choice_keeps_the_member_dimension() {
        let mut wizard = ImportWizard {
            columns: vec![("Stadtteil".into(), None), (" 0 bis 3".into(), None)],
            member_dimension: "Alter".into(),
            ..ImportWizard::default()
        };
        wizard.set_role(1, Role::Member);
        wizard.set_role(0, Role::Region);
        assert_eq!(
            wizard.map,
            "region=Stadtteil,member=0 bis 3,member_dimension=Alter"
        );
        assert_eq!(member_dimension_of(&wizard.map), "Alter");
        assert_eq!(
            with_member_dimension(&wizard.map, ""),
            "region=Stadtteil,member=0 bis 3"
        );
    }
}
