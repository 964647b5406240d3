//! Lists: the search field, the rows chosen for search, filter and sort (kept until one
//! of them or the data changes), and the virtualised table every list view draws.

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use lernstadt_core::t;

/// What the list views remember between frames.
#[derive(Debug)]
pub struct ListState {
    pub search: String,
    /// Sort column and whether ascending, for the stakeholder table.
    pub sort: (usize, bool),
    /// The rows shown (indices into the list) and what they were chosen for: search and
    /// sort run when the data, the search or the sort change, not every frame.
    visible: Option<Visible>,
}

/// Row indices and the generation, search and sort they were chosen for.
#[derive(Debug)]
struct Visible {
    generation: Option<u64>,
    filter: String,
    search: String,
    sort: (usize, bool),
    rows: Vec<usize>,
}

impl Default for ListState {
    fn default() -> Self {
        ListState {
            search: String::new(),
            sort: (0, true),
            visible: None,
        }
    }
}

impl ListState {
    /// The indices of the rows to show, chosen again only when something they depend on
    /// changed. `choose` gets the search text (lower case) and the sort.
    /// `filter` names any further choice the rows depend on (a kind chosen, an entity).
    pub fn visible(
        &mut self,
        generation: Option<u64>,
        filter: &str,
        choose: impl FnOnce(&str, (usize, bool)) -> Vec<usize>,
    ) -> &[usize] {
        let stale = self.visible.as_ref().is_none_or(|v| {
            v.generation != generation
                || v.search != self.search
                || v.sort != self.sort
                || v.filter != filter
        });
        if stale {
            let rows = choose(&self.search.trim().to_lowercase(), self.sort);
            self.visible = Some(Visible {
                generation,
                filter: filter.to_owned(),
                search: self.search.clone(),
                sort: self.sort,
                rows,
            });
        }
        self.visible.as_ref().map_or(&[], |v| &v.rows)
    }
}

/// Whether any of `texts` contains `search` (already lower case; empty matches all).
#[must_use]
pub fn matches(search: &str, texts: &[&str]) -> bool {
    search.is_empty()
        || texts
            .iter()
            .any(|text| text.to_lowercase().contains(search))
}

/// A view's heading, with an export button when `export` is given; returns whether it was
/// clicked. Then the search field.
pub fn heading_ui(ui: &mut egui::Ui, state: &mut ListState, title: &str, export: bool) -> bool {
    let mut clicked = false;
    ui.horizontal_wrapped(|ui| {
        ui.heading(title);
        clicked = export && ui.button(t!("export.window.open")).clicked();
    });
    search_ui(ui, state);
    clicked
}

/// The search field; Ctrl+F puts the cursor in it.
pub fn search_ui(ui: &mut egui::Ui, state: &mut ListState) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(t!("view.search"));
        let response = ui
            .add(egui::TextEdit::singleline(&mut state.search).desired_width(260.0))
            .labelled_by(label.id);
        let find = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::F);
        if ui.input_mut(|i| i.consume_shortcut(&find)) {
            response.request_focus();
        }
    });
}

/// A virtualised table: `headings` over `columns`, one row per entry of `rows`, each cell
/// the text `cell(row, column)` gives (truncated to keep rows even). A heading is a sort
/// button when `sort` is given. The row for which `selected` is true is highlighted;
/// returns the entry clicked, if any.
pub fn table_ui(
    ui: &mut egui::Ui,
    columns: &[Column],
    headings: &[&str],
    mut sort: Option<&mut (usize, bool)>,
    rows: &[usize],
    selected: impl Fn(usize) -> bool,
    cell: impl Fn(usize, usize) -> RichText,
) -> Option<usize> {
    let mut clicked = None;
    // Wider than the space left (an editor beside it): scroll sideways, never overlap.
    egui::ScrollArea::horizontal().show(ui, |ui| {
        // A click anywhere on a row chooses it; the keyboard reaches each row once, by its
        // first cell (a cell of its own is no stop for Tab, and would have no name).
        let mut builder = TableBuilder::new(ui)
            .striped(true)
            .sense(egui::Sense::CLICK);
        for column in columns {
            builder = builder.column(*column);
        }
        builder
            .header(22.0, |mut header| {
                for (index, heading) in headings.iter().enumerate() {
                    header.col(|ui| match sort.as_deref_mut() {
                        Some(sort) => {
                            let arrow = match *sort {
                                (c, true) if c == index => " ^",
                                (c, false) if c == index => " v",
                                _ => "",
                            };
                            if ui
                                .button(RichText::new(format!("{heading}{arrow}")).strong())
                                .clicked()
                            {
                                *sort = (index, if sort.0 == index { !sort.1 } else { true });
                            }
                        }
                        None => {
                            ui.label(RichText::new(*heading).strong());
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(20.0, rows.len(), |mut row| {
                    let index = rows[row.index()];
                    row.set_selected(selected(index));
                    let mut pressed = false;
                    for column in 0..headings.len() {
                        row.col(|ui| {
                            if column == 0 {
                                pressed = ui
                                    .add(
                                        egui::Button::selectable(
                                            selected(index),
                                            cell(index, column),
                                        )
                                        .truncate(),
                                    )
                                    .clicked();
                            } else {
                                ui.add(
                                    egui::Label::new(cell(index, column))
                                        .truncate()
                                        .selectable(false),
                                );
                            }
                        });
                    }
                    if pressed || row.response().clicked() {
                        clicked = Some(index);
                    }
                });
            });
    });
    clicked
}
