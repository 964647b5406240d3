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
}

impl Default for ListState {
    fn default() -> Self {
        ListState {
            search: String::new(),
            sort: (0, true),
        }
    }
}

fn matches(search: &str, texts: &[&str]) -> bool {
    let search = search.trim().to_lowercase();
    search.is_empty()
        || texts
            .iter()
            .any(|text| text.to_lowercase().contains(&search))
}

fn search_ui(ui: &mut egui::Ui, state: &mut ListState) {
    ui.horizontal(|ui| {
        let label = ui.label(t!("view.search"));
        let response = ui
            .add(egui::TextEdit::singleline(&mut state.search).desired_width(260.0))
            .labelled_by(label.id);
        if ui.input_mut(|i| {
            i.consume_shortcut(&egui::KeyboardShortcut::new(
                egui::Modifiers::COMMAND,
                egui::Key::F,
            ))
        }) {
            response.request_focus();
        }
    });
}

/// The stakeholder table: sortable by any column, searchable; contact data marked personal.
/// Returns true when the user asks to export the list.
pub fn stakeholders_ui(ui: &mut egui::Ui, lists: &Lists, state: &mut ListState) -> bool {
    let mut export = false;
    ui.horizontal(|ui| {
        ui.heading(t!("view.stakeholders"));
        export = ui.button(t!("export.window.open")).clicked();
    });
    search_ui(ui, state);
    let mut rows: Vec<&Stakeholder> = lists
        .stakeholders
        .iter()
        .filter(|s| {
            matches(
                &state.search,
                &[&s.name, s.kind.label(), &s.description, &s.tags.join(" ")],
            )
        })
        .collect();
    let (column, ascending) = state.sort;
    rows.sort_by(|a, b| {
        let order = match column {
            1 => a.kind.label().cmp(b.kind.label()),
            2 => a.influence.cmp(&b.influence),
            3 => a.interest.cmp(&b.interest),
            4 => a.engagement.cmp(&b.engagement),
            _ => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
        };
        if ascending { order } else { order.reverse() }
    });
    let headings = [
        t!("field.name"),
        t!("field.kind"),
        t!("field.influence"),
        t!("field.interest"),
        t!("field.engagement"),
    ];
    TableBuilder::new(ui)
        .striped(true)
        .column(Column::initial(260.0).resizable(true))
        .column(Column::initial(190.0).resizable(true))
        .columns(Column::initial(80.0), 2)
        .column(Column::initial(120.0))
        .column(Column::remainder())
        .header(22.0, |mut header| {
            for (index, heading) in headings.iter().enumerate() {
                header.col(|ui| {
                    let arrow = match state.sort {
                        (c, true) if c == index => " ^",
                        (c, false) if c == index => " v",
                        _ => "",
                    };
                    if ui
                        .button(RichText::new(format!("{heading}{arrow}")).strong())
                        .clicked()
                    {
                        state.sort = (
                            index,
                            if state.sort.0 == index {
                                !state.sort.1
                            } else {
                                true
                            },
                        );
                    }
                });
            }
            header.col(|ui| {
                ui.label(RichText::new(t!("field.contact")).strong())
                    .on_hover_text(t!("field.personal_hint"));
            });
        })
        .body(|body| {
            body.rows(20.0, rows.len(), |mut row| {
                let stakeholder = rows[row.index()];
                row.col(|ui| {
                    ui.add(egui::Label::new(&stakeholder.name).truncate());
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(stakeholder.kind.label()).truncate());
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(stakeholder.influence.to_string()).truncate());
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(stakeholder.interest.to_string()).truncate());
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(stakeholder.engagement.label()).truncate());
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(RichText::new(&stakeholder.contact_person).italics())
                            .truncate(),
                    );
                });
            });
        });
    export
}

/// The regions: key, name, level and parent.
pub fn regions_ui(ui: &mut egui::Ui, lists: &Lists, state: &mut ListState) -> bool {
    let mut export = false;
    ui.horizontal(|ui| {
        ui.heading(t!("view.regions"));
        export = ui.button(t!("export.window.open")).clicked();
    });
    search_ui(ui, state);
    let rows: Vec<&Region> = lists
        .regions
        .iter()
        .filter(|r| matches(&state.search, &[&r.key, &r.name]))
        .collect();
    TableBuilder::new(ui)
        .striped(true)
        .column(Column::initial(140.0))
        .column(Column::initial(260.0).resizable(true))
        .column(Column::initial(140.0))
        .column(Column::remainder())
        .header(22.0, |mut header| {
            for heading in [
                t!("field.key"),
                t!("field.name"),
                t!("field.level"),
                t!("field.parent"),
            ] {
                header.col(|ui| {
                    ui.label(RichText::new(heading).strong());
                });
            }
        })
        .body(|body| {
            body.rows(20.0, rows.len(), |mut row| {
                let region = rows[row.index()];
                row.col(|ui| {
                    ui.add(egui::Label::new(RichText::new(&region.key).monospace()).truncate());
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(&region.name).truncate());
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(region.level.label()).truncate());
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(
                            region
                                .parent
                                .and_then(|p| lists.region_names.get(&p))
                                .map_or("", String::as_str),
                        )
                        .truncate(),
                    );
                });
            });
        });
    export
}

/// The history: every action, newest first.
pub fn history_ui(ui: &mut egui::Ui, lists: &Lists, state: &mut ListState) {
    ui.heading(t!("view.history"));
    search_ui(ui, state);
    let rows: Vec<&ActionSummary> = lists
        .history
        .iter()
        .filter(|a| matches(&state.search, &[&a.label, &a.author]))
        .collect();
    TableBuilder::new(ui)
        .striped(true)
        .column(Column::initial(190.0))
        .column(Column::initial(140.0))
        .column(Column::initial(120.0))
        .column(Column::remainder())
        .header(22.0, |mut header| {
            for heading in [
                t!("field.when"),
                t!("field.who"),
                t!("field.what"),
                t!("field.action"),
            ] {
                header.col(|ui| {
                    ui.label(RichText::new(heading).strong());
                });
            }
        })
        .body(|body| {
            body.rows(20.0, rows.len(), |mut row| {
                let action = rows[row.index()];
                row.col(|ui| {
                    ui.add(egui::Label::new(crate::i18n::format_timestamp(&action.at)).truncate());
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(&action.author).truncate());
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(crate::i18n::tr(&format!(
                            "action.{}",
                            action.kind.code()
                        )))
                        .truncate(),
                    );
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(&action.label).truncate());
                });
            });
        });
}
