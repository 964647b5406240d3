//! Lists: the search field, the rows chosen for search, filter and sort (kept until one
//! of them or the data changes), and the virtualised table every list view draws; plus
//! the region tree and the history.

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use lernstadt_core::snapshot::Snapshot;
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
        let mut builder = TableBuilder::new(ui)
            .striped(true)
            .sense(egui::Sense::click());
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
                    for column in 0..headings.len() {
                        row.col(|ui| {
                            ui.add(
                                egui::Label::new(cell(index, column))
                                    .truncate()
                                    .selectable(false),
                            );
                        });
                    }
                    if row.response().clicked() {
                        clicked = Some(index);
                    }
                });
            });
    });
    clicked
}

/// The regions as a tree: key, name (indented under its parent) and level. Returns true
/// when the user asks to export.
pub fn regions_ui(ui: &mut egui::Ui, data: &Snapshot, state: &mut ListState) -> bool {
    let export = heading_ui(ui, state, t!("view.regions"), true);
    let regions = &data.regions;
    let rows = state.visible(data.generation, "", |search, _| {
        // Depth-first from the top regions, children by key.
        let mut order = Vec::with_capacity(regions.len());
        let mut stack: Vec<(usize, usize)> = regions
            .iter()
            .enumerate()
            .filter(|(_, r)| r.parent.is_none_or(|p| data.region(p).is_none()))
            .map(|(i, _)| (i, 0))
            .rev()
            .collect();
        while let Some((index, depth)) = stack.pop() {
            if order.len() > regions.len() {
                break;
            }
            order.push((index, depth));
            let uuid = regions[index].uuid;
            stack.extend(
                regions
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.parent == Some(uuid))
                    .map(|(i, _)| (i, depth + 1))
                    .rev(),
            );
        }
        order
            .into_iter()
            .filter(|(i, _)| matches(search, &[&regions[*i].key, &regions[*i].name]))
            .map(|(i, _)| i)
            .collect()
    });
    let headings = [t!("field.key"), t!("field.name"), t!("field.level")];
    let columns = [
        Column::initial(160.0),
        Column::initial(320.0).resizable(true),
        Column::remainder(),
    ];
    table_ui(
        ui,
        &columns,
        &headings,
        None,
        rows,
        |_| false,
        |index, column| {
            let region = &regions[index];
            let depth = std::iter::successors(region.parent, |p| data.region(*p)?.parent)
                .take(regions.len())
                .count();
            match column {
                0 => RichText::new(&region.key).monospace(),
                1 => RichText::new(format!("{}{}", "    ".repeat(depth), region.name)),
                _ => RichText::new(region.level.label()),
            }
        },
    );
    export
}
