//! The list views: navigation, and virtualised tables of stakeholders, regions and the
//! history. Their rows come from [`Lists`], read once per store generation — never a query
//! while drawing.

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use crate::model::{Region, Stakeholder};
use crate::store::{ActionSummary, Store};
use crate::t;

/// A view of the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Overview,
    Stakeholders,
    Regions,
    History,
}

impl View {
    /// The views in navigation order.
    pub const ALL: [View; 4] = [
        View::Overview,
        View::Stakeholders,
        View::Regions,
        View::History,
    ];

    /// The navigation label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            View::Overview => t!("view.overview"),
            View::Stakeholders => t!("view.stakeholders"),
            View::Regions => t!("view.regions"),
            View::History => t!("view.history"),
        }
    }
}

/// Query results for the list views, for one store generation.
#[derive(Debug, Default)]
pub struct Lists {
    pub generation: Option<u64>,
    pub stakeholders: Vec<Stakeholder>,
    pub regions: Vec<Region>,
    /// Region UUID → name, for the parent column.
    pub region_names: std::collections::HashMap<uuid::Uuid, String>,
    pub history: Vec<ActionSummary>,
}

impl Lists {
    /// Reads the lists again when the store's data changed.
    pub fn refresh(&mut self, store: &Store) -> crate::store::Result<()> {
        if self.generation == Some(store.generation()) {
            return Ok(());
        }
        self.stakeholders = crate::store::stakeholders::list(store.conn())?;
        self.regions = crate::store::regions::list(store.conn())?;
        self.region_names = self
            .regions
            .iter()
            .map(|r| (r.uuid, r.name.clone()))
            .collect();
        self.history = store.history(10_000)?;
        self.generation = Some(store.generation());
        Ok(())
    }
}

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
    fn visible(
        &mut self,
        generation: Option<u64>,
        choose: impl FnOnce(&str, (usize, bool)) -> Vec<usize>,
    ) -> &[usize] {
        let stale = self.visible.as_ref().is_none_or(|v| {
            v.generation != generation || v.search != self.search || v.sort != self.sort
        });
        if stale {
            let rows = choose(&self.search.trim().to_lowercase(), self.sort);
            self.visible = Some(Visible {
                generation,
                search: self.search.clone(),
                sort: self.sort,
                rows,
            });
        }
        self.visible.as_ref().map_or(&[], |v| &v.rows)
    }
}

/// Whether any of `texts` contains `search` (already lower case; empty matches all).
fn matches(search: &str, texts: &[&str]) -> bool {
    search.is_empty()
        || texts
            .iter()
            .any(|text| text.to_lowercase().contains(search))
}

/// A view's heading, with an export button when `export` is given; returns whether it was
/// clicked. Then the search field.
fn heading_ui(ui: &mut egui::Ui, state: &mut ListState, title: &str, export: bool) -> bool {
    let mut clicked = false;
    ui.horizontal(|ui| {
        ui.heading(title);
        clicked = export && ui.button(t!("export.window.open")).clicked();
    });
    ui.horizontal(|ui| {
        let label = ui.label(t!("view.search"));
        let response = ui
            .add(egui::TextEdit::singleline(&mut state.search).desired_width(260.0))
            .labelled_by(label.id);
        let find = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::F);
        if ui.input_mut(|i| i.consume_shortcut(&find)) {
            response.request_focus();
        }
    });
    clicked
}

/// A virtualised table: `headings` over `columns`, one row per entry of `rows`, each cell
/// the text `cell(row, column)` gives (truncated to keep rows even). A heading is a sort
/// button when `sort` is given.
fn table_ui(
    ui: &mut egui::Ui,
    columns: &[Column],
    headings: &[&str],
    mut sort: Option<&mut (usize, bool)>,
    rows: &[usize],
    cell: impl Fn(usize, usize) -> RichText,
) {
    let mut builder = TableBuilder::new(ui).striped(true);
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
                for column in 0..headings.len() {
                    row.col(|ui| {
                        ui.add(egui::Label::new(cell(index, column)).truncate());
                    });
                }
            });
        });
}

/// The stakeholder table: sortable by any column, searchable; contact data marked personal.
/// Returns true when the user asks to export the list.
pub fn stakeholders_ui(ui: &mut egui::Ui, lists: &Lists, state: &mut ListState) -> bool {
    let export = heading_ui(ui, state, t!("view.stakeholders"), true);
    let stakeholders = &lists.stakeholders;
    let mut sort = state.sort;
    let rows = state.visible(lists.generation, |search, (column, ascending)| {
        let mut rows: Vec<usize> = (0..stakeholders.len())
            .filter(|i| {
                let s = &stakeholders[*i];
                matches(
                    search,
                    &[&s.name, s.kind.label(), &s.description, &s.tags.join(" ")],
                )
            })
            .collect();
        rows.sort_by(|a, b| {
            let (a, b) = (&stakeholders[*a], &stakeholders[*b]);
            let order = match column {
                1 => a.kind.label().cmp(b.kind.label()),
                2 => a.influence.cmp(&b.influence),
                3 => a.interest.cmp(&b.interest),
                4 => a.engagement.cmp(&b.engagement),
                _ => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            };
            if ascending { order } else { order.reverse() }
        });
        rows
    });
    let headings = [
        t!("field.name"),
        t!("field.kind"),
        t!("field.influence"),
        t!("field.interest"),
        t!("field.engagement"),
        t!("field.contact"),
    ];
    let columns = [
        Column::initial(260.0).resizable(true),
        Column::initial(190.0).resizable(true),
        Column::initial(80.0),
        Column::initial(80.0),
        Column::initial(120.0),
        Column::remainder(),
    ];
    table_ui(
        ui,
        &columns,
        &headings,
        Some(&mut sort),
        rows,
        |index, column| {
            let s = &stakeholders[index];
            match column {
                0 => RichText::new(&s.name),
                1 => RichText::new(s.kind.label()),
                2 => RichText::new(s.influence.to_string()),
                3 => RichText::new(s.interest.to_string()),
                4 => RichText::new(s.engagement.label()),
                _ => RichText::new(&s.contact_person).italics(),
            }
        },
    );
    state.sort = sort;
    export
}

/// The regions: key, name, level and parent. Returns true when the user asks to export.
pub fn regions_ui(ui: &mut egui::Ui, lists: &Lists, state: &mut ListState) -> bool {
    let export = heading_ui(ui, state, t!("view.regions"), true);
    let regions = &lists.regions;
    let rows = state.visible(lists.generation, |search, _| {
        (0..regions.len())
            .filter(|i| matches(search, &[&regions[*i].key, &regions[*i].name]))
            .collect()
    });
    let headings = [
        t!("field.key"),
        t!("field.name"),
        t!("field.level"),
        t!("field.parent"),
    ];
    let columns = [
        Column::initial(140.0),
        Column::initial(260.0).resizable(true),
        Column::initial(140.0),
        Column::remainder(),
    ];
    table_ui(ui, &columns, &headings, None, rows, |index, column| {
        let region = &regions[index];
        match column {
            0 => RichText::new(&region.key).monospace(),
            1 => RichText::new(&region.name),
            2 => RichText::new(region.level.label()),
            _ => RichText::new(
                region
                    .parent
                    .and_then(|p| lists.region_names.get(&p))
                    .map_or("", String::as_str),
            ),
        }
    });
    export
}

/// The history: every action, newest first.
pub fn history_ui(ui: &mut egui::Ui, lists: &Lists, state: &mut ListState) {
    heading_ui(ui, state, t!("view.history"), false);
    let history = &lists.history;
    let rows = state.visible(lists.generation, |search, _| {
        (0..history.len())
            .filter(|i| matches(search, &[&history[*i].label, &history[*i].author]))
            .collect()
    });
    let headings = [
        t!("field.when"),
        t!("field.who"),
        t!("field.what"),
        t!("field.action"),
    ];
    let columns = [
        Column::initial(190.0),
        Column::initial(140.0),
        Column::initial(120.0),
        Column::remainder(),
    ];
    table_ui(ui, &columns, &headings, None, rows, |index, column| {
        let action = &history[index];
        match column {
            0 => RichText::new(crate::i18n::format_timestamp(&action.at)),
            1 => RichText::new(&action.author),
            2 => RichText::new(crate::i18n::tr(&format!("action.{}", action.kind.code()))),
            _ => RichText::new(&action.label),
        }
    });
}
