//! *New project …*: the project's name and its region (my region) asked first, then where
//! to save it (a native dialog). The region is searched among the official regions by name
//! or key and picked from a list; a key typed in is taken as it is: an official key of any
//! level (Gemeinde, Kreis, Land) or a city's own.

use egui::RichText;
use lernstadt_core::model::official_regions::{self, Found};

use crate::command::{Command, Commands};
use lernstadt_core::t;

/// How many official regions the search lists.
const FOUND_MAX: usize = 8;

/// What the dialog remembers while it is open.
#[derive(Debug, Default)]
pub struct Dialog {
    pub open: bool,
    pub name: String,
    /// The region's key as typed or picked, or the text searched for.
    pub region: String,
    /// The municipality's name as typed.
    pub municipality: String,
    /// The official regions found for `searched`.
    found: Vec<Found>,
    /// The text `found` was searched for (searched again when `region` changes).
    searched: String,
}

impl Dialog {
    /// The project the dialog would create, when its fields are right.
    fn checked(&self) -> Result<crate::command::NewProject, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(t!("new_project.name_missing").to_owned());
        }
        let region = self.region.trim();
        if let Some(problem) = lernstadt_core::model::validate::region_key(region) {
            return Err(problem);
        }
        Ok(crate::command::NewProject {
            name: name.to_owned(),
            region_key: region.to_owned(),
            municipality: self.municipality.trim().to_owned(),
        })
    }
}

/// Under the region's field: the official region its key names, or the official regions
/// its text finds (a click takes the key), or that a key of one's own is taken as typed.
fn region_ui(ui: &mut egui::Ui, dialog: &mut Dialog) {
    let typed = dialog.region.trim();
    if dialog.searched != typed {
        dialog.found = official_regions::search(typed, FOUND_MAX);
        typed.clone_into(&mut dialog.searched);
    }
    let picked = ui
        .vertical(|ui| {
            if typed.is_empty() {
                return None;
            }
            if let Some(region) = official_regions::lookup(typed) {
                ui.label(t!(
                    "new_project.region_official",
                    name = region.name,
                    kind = region.kind.label()
                ));
                return None;
            }
            let mut picked = None;
            for found in &dialog.found {
                if ui.selectable_label(false, &found.label).clicked() {
                    picked = Some(found.key);
                }
            }
            if lernstadt_core::model::validate::region_key(typed).is_none() {
                ui.label(RichText::new(t!("new_project.region_own", key = typed)).weak());
            }
            picked
        })
        .inner;
    if let Some(key) = picked {
        key.clone_into(&mut dialog.region);
    }
}

/// Draws the dialog when it is open; *Create …* asks where to save and pushes the command.
pub fn dialog_ui(ctx: &egui::Context, dialog: &mut Dialog, commands: &mut Commands) {
    if !dialog.open {
        return;
    }
    let mut open = true;
    let mut create = false;
    crate::ui::widgets::dialog(
        ctx,
        egui::Window::new(t!("new_project.title"))
            .collapsible(false)
            .resizable(false),
        &mut open,
        |ui| {
            ui.label(t!("new_project.intro"));
            ui.add_space(6.0);
            egui::Grid::new("new_project")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    let label = ui.label(t!("new_project.name"));
                    ui.add(
                        egui::TextEdit::singleline(&mut dialog.name)
                            .hint_text(t!("new_project.name_hint"))
                            .desired_width(320.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(t!("new_project.region"));
                    ui.add(
                        egui::TextEdit::singleline(&mut dialog.region)
                            .hint_text(t!("new_project.region_search_hint"))
                            .desired_width(320.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                    ui.label("");
                    region_ui(ui, dialog);
                    ui.end_row();
                    let label = ui.label(t!("new_project.municipality"));
                    ui.add(
                        egui::TextEdit::singleline(&mut dialog.municipality)
                            .hint_text(t!("new_project.municipality_hint"))
                            .desired_width(320.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                });
            ui.label(RichText::new(t!("new_project.region_hint")).weak());
            ui.label(
                RichText::new(t!(
                    "new_project.region_source",
                    edition = official_regions::edition(),
                    attribution = official_regions::attribution()
                ))
                .weak()
                .small(),
            );
            ui.add_space(6.0);
            let checked = dialog.checked();
            ui.horizontal(|ui| {
                create = ui
                    .add_enabled(checked.is_ok(), egui::Button::new(t!("new_project.create")))
                    .clicked();
                if let Err(problem) = &checked
                    && !dialog.name.trim().is_empty()
                {
                    ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
                }
            });
        },
    );
    if !open {
        dialog.open = false;
    }
    if create && let Ok(project) = dialog.checked() {
        let file = format!("{}.{}", project.name, crate::command::EXTENSION);
        if let Some(path) = rfd::FileDialog::new()
            .add_filter(t!("menu.file_kind"), &[crate::command::EXTENSION])
            .set_file_name(file)
            .save_file()
        {
            commands.push(Command::NewProject { path, project });
            *dialog = Dialog::default();
        }
    }
}
