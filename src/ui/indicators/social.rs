//! The social index in the window: a dialog to build one (indicators, weights, which way
//! means need; the method written out as it is chosen) and, for an index, a ranking tab —
//! the districts by need in the latest period with each indicator's z-score beside, the
//! method above, and the way to its map.

use egui::RichText;
use egui_extras::Column;
use uuid::Uuid;

use super::{ChartKind, State, Tab};
use crate::command::{Command, Commands};
use lernstadt_core::model::Indicator;
use lernstadt_core::model::formula::Formula;
use lernstadt_core::model::formula::social::{Need, SocialIndex, Term};
use lernstadt_core::snapshot::Ranking;
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

/// The dialog's choices.
#[derive(Debug, Default)]
pub struct Dialog {
    pub open: bool,
    /// The index being changed (`None`: a new one).
    pub editing: Option<Uuid>,
    pub code: String,
    pub name: String,
    /// Per indicator (by code): chosen, weight, which way means need (`None`: not said).
    pub rows: Vec<(String, bool, f64, Option<Need>)>,
    pub search: String,
    /// The indicators with values for districts (asked of the app when the dialog opens);
    /// the others are offered greyed, an index of them would stay empty.
    pub with_districts: Option<std::collections::BTreeSet<String>>,
}

/// A social index's ranking, worked out once per change of the data.
pub type Computed = (Uuid, Option<u64>, Result<Option<Ranking>, String>);

/// The social index an indicator is, if it is one.
#[must_use]
pub fn index_of(indicator: &Indicator) -> Option<SocialIndex> {
    if indicator.formula.is_empty() {
        return None;
    }
    SocialIndex::read(&Formula::parse(&indicator.formula).ok()?)
}

impl Dialog {
    /// Opens the dialog for a new index, or to change `editing`'s parts.
    pub fn open(&mut self, data: &Snapshot, editing: Option<&Indicator>) {
        let index = editing.and_then(index_of).unwrap_or_default();
        self.rows = data
            .indicators
            .iter()
            .filter(|i| editing.is_none_or(|e| e.uuid != i.uuid) && index_of(i).is_none())
            .map(|i| {
                let term = index.terms.iter().find(|t| t.code == i.code);
                (
                    i.code.clone(),
                    term.is_some(),
                    term.map_or(1.0, |t| t.weight),
                    term.map_or_else(|| Need::of(i.polarity), |t| Some(t.need)),
                )
            })
            .collect();
        self.editing = editing.map(|e| e.uuid);
        self.code = editing.map_or_else(|| "SOZIALINDEX".to_owned(), |e| e.code.clone());
        self.name =
            editing.map_or_else(|| t!("social.default_name").to_owned(), |e| e.name.clone());
        self.search.clear();
        self.with_districts = None;
        self.open = true;
    }

    /// The index as chosen, or what is missing.
    fn index(&self, data: &Snapshot) -> Result<SocialIndex, String> {
        let mut index = SocialIndex::default();
        for (code, chosen, weight, need) in &self.rows {
            if !chosen {
                continue;
            }
            let Some(need) = need else {
                let name = data
                    .indicators
                    .iter()
                    .find(|i| i.code == *code)
                    .map_or(code.as_str(), |i| i.name.as_str());
                return Err(t!("social.window.no_direction", name = name));
            };
            index.terms.push(Term {
                code: code.clone(),
                weight: *weight,
                need: *need,
            });
        }
        if index.terms.len() < 2 {
            return Err(t!("social.window.too_few").to_owned());
        }
        if self.code.trim().is_empty() || self.name.trim().is_empty() {
            return Err(t!("social.window.needs_name").to_owned());
        }
        if data
            .indicators
            .iter()
            .any(|i| i.code == self.code.trim() && Some(i.uuid) != self.editing)
        {
            return Err(t!("social.window.code_taken", code = self.code.trim()));
        }
        Ok(index)
    }
}

/// Draws the dialog when it is open; on "Compute" the index is saved (one undoable step,
/// computed in it) and selected on its ranking tab.
pub fn dialog_ui(ctx: &egui::Context, data: &Snapshot, state: &mut State, edits: &mut Commands) {
    let dialog = &mut state.social;
    if !dialog.open {
        return;
    }
    if dialog.with_districts.is_none() {
        edits.push(Command::FindSocialCandidates);
    }
    let mut open = true;
    let mut saved = None;
    crate::ui::widgets::dialog(
        ctx,
        egui::Window::new(t!("social.window.title")).default_size([620.0, 560.0]),
        &mut open,
        |ui| {
            ui.label(t!("social.window.intro"));
            egui::Grid::new("social_names")
                .num_columns(2)
                .show(ui, |ui| {
                    let label = ui.label(t!("field.code"));
                    ui.text_edit_singleline(&mut dialog.code)
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(t!("field.name"));
                    ui.add(egui::TextEdit::singleline(&mut dialog.name).desired_width(320.0))
                        .labelled_by(label.id);
                    ui.end_row();
                });
            ui.horizontal(|ui| {
                let label = ui.label(t!("social.window.search"));
                ui.text_edit_singleline(&mut dialog.search)
                    .labelled_by(label.id);
            });
            egui::ScrollArea::vertical()
                .max_height(280.0)
                .show(ui, |ui| {
                    egui::Grid::new("social_terms")
                        .num_columns(3)
                        .striped(true)
                        .show(ui, |ui| {
                            let search = dialog.search.to_lowercase();
                            for (n, (code, chosen, weight, need)) in
                                dialog.rows.iter_mut().enumerate()
                            {
                                let Some(indicator) =
                                    data.indicators.iter().find(|i| i.code == *code)
                                else {
                                    continue;
                                };
                                if !search.is_empty()
                                    && !indicator.name.to_lowercase().contains(&search)
                                    && !code.to_lowercase().contains(&search)
                                {
                                    continue;
                                }
                                let usable = dialog
                                    .with_districts
                                    .as_ref()
                                    .is_none_or(|codes| codes.contains(code.as_str()));
                                let checkbox = ui.add_enabled(
                                    usable || *chosen,
                                    egui::Checkbox::new(chosen, &indicator.name),
                                );
                                if usable {
                                    checkbox.on_hover_text(format!("{code} · {}", indicator.unit));
                                } else {
                                    checkbox
                                        .on_disabled_hover_text(t!("social.window.no_districts"));
                                }
                                ui.add_enabled_ui(*chosen, |ui| {
                                    let label = ui.label(t!("social.window.weight"));
                                    ui.add(
                                        egui::DragValue::new(weight).range(0.1..=10.0).speed(0.1),
                                    )
                                    .labelled_by(label.id);
                                });
                                ui.add_enabled_ui(*chosen, |ui| {
                                    super::super::choice_ui(
                                        ui,
                                        ("social_need", n),
                                        t!("social.window.direction"),
                                        need,
                                        [None, Some(Need::Higher), Some(Need::Lower)],
                                        |need| match need {
                                            None => t!("social.window.choose").to_owned(),
                                            Some(need) => need.describe(),
                                        },
                                    );
                                });
                                ui.end_row();
                            }
                        });
                });
            ui.separator();
            match dialog.index(data) {
                Ok(index) => {
                    let name = |code: &str| Indicator::name_of(&data.indicators, code);
                    ui.label(index.method(name));
                    ui.label(RichText::new(index.formula()).monospace().weak());
                    if ui.button(t!("social.window.compute")).clicked() {
                        saved = Some(save(data, dialog, &index, edits));
                    }
                }
                Err(missing) => {
                    ui.label(RichText::new(missing).color(ui.visuals().warn_fg_color));
                    ui.add_enabled(false, egui::Button::new(t!("social.window.compute")));
                }
            }
        },
    );
    state.social.open = open && saved.is_none();
    if let Some(uuid) = saved {
        state.selected = Some(uuid);
        state.tab = Tab::Ranking;
    }
}

/// Saves the index as a computed indicator (new, or the one being changed).
fn save(data: &Snapshot, dialog: &Dialog, index: &SocialIndex, edits: &mut Commands) -> Uuid {
    let existing = dialog
        .editing
        .and_then(|uuid| data.indicators.iter().find(|i| i.uuid == uuid).cloned());
    let mut indicator = existing.clone().unwrap_or_else(|| Indicator::new("", ""));
    dialog.code.trim().clone_into(&mut indicator.code);
    dialog.name.trim().clone_into(&mut indicator.name);
    // The method and source are stored: in the project's language.
    lernstadt_core::i18n::in_lang(data.language(), || {
        index.apply_to(&mut indicator, |code: &str| {
            Indicator::name_of(&data.indicators, code)
        });
    });
    let uuid = indicator.uuid;
    let label = t!("derive.action", code = indicator.code);
    edits.push(Command::SaveComputed {
        indicator: Box::new(indicator),
        insert: existing.is_none(),
        label,
    });
    uuid
}

/// The ranking tab of an index: the method, the districts by need with each indicator's
/// z-score, and buttons to its map and to change it.
pub fn ranking_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    indicator: &Indicator,
    state: &mut State,
    edits: &mut Commands,
) {
    let Some(index) = index_of(indicator) else {
        return;
    };
    // The method in the window's language, from the formula (the stored definition is in
    // the project's).
    ui.label(index.method(|code: &str| Indicator::name_of(&data.indicators, code)));
    ui.horizontal(|ui| {
        if ui.button(t!("social.window.map")).clicked() {
            state.tab = Tab::Chart;
            state.chart = ChartKind::Map;
        }
        if ui.button(t!("social.window.change")).clicked() {
            state.social.open(data, Some(indicator));
        }
    });
    let ranking = match &state.ranking {
        Some((uuid, generation, ranking))
            if *uuid == indicator.uuid && *generation == data.generation =>
        {
            ranking
        }
        _ => {
            edits.push(Command::RankSocialIndex(indicator.uuid));
            ui.ctx().request_repaint();
            return;
        }
    };
    let ranking = match ranking {
        Ok(Some(ranking)) => ranking,
        Ok(None) => {
            ui.label(t!("social.window.no_values"));
            return;
        }
        Err(error) => {
            ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
            return;
        }
    };
    // Ranked within each level: one level at a time, the one with the most regions first.
    let levels = ranking.levels();
    let mut level = state
        .ranking_level
        .filter(|l| levels.contains(l))
        .or_else(|| levels.first().copied());
    if levels.len() > 1
        && super::super::choice_ui(
            ui,
            "social_level",
            t!("social.window.level"),
            &mut level,
            levels.iter().copied().map(Some),
            |l| l.map_or("", |l| l.label()).to_owned(),
        )
    {
        state.ranking_level = level;
    }
    ui.label(
        RichText::new(t!(
            "social.ranking",
            level = level.map_or("", |l| l.label()),
            period = ranking.period
        ))
        .strong(),
    );
    let mut headings = vec![
        t!("social.window.rank").to_owned(),
        t!("social.window.district").to_owned(),
        indicator.code.clone(),
    ];
    headings.extend(index.terms.iter().map(|term| format!("z {}", term.code)));
    let headings: Vec<&str> = headings.iter().map(String::as_str).collect();
    let mut columns = vec![
        Column::exact(48.0),
        Column::initial(180.0).at_least(100.0),
        Column::exact(80.0),
    ];
    columns.extend(
        index
            .terms
            .iter()
            .map(|_| Column::initial(90.0).at_least(60.0)),
    );
    let rows: Vec<usize> = (0..ranking.rows.len())
        .filter(|n| Some(ranking.rows[*n].level) == level)
        .collect();
    super::super::tables::table_ui(
        ui,
        &columns,
        &headings,
        None,
        &rows,
        |_| false,
        |row, column| {
            let row = &ranking.rows[row];
            RichText::new(match column {
                0 => row.rank.map_or_else(|| "–".to_owned(), |r| r.to_string()),
                1 => row.name.clone(),
                2 => row.value.text(2),
                n => row.parts[n - 3].map_or_else(
                    || "–".to_owned(),
                    |z| lernstadt_core::i18n::format_decimal(z, 2),
                ),
            })
        },
    );
}
