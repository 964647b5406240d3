//! Indicators: a searchable list; for the selected one its definition (editable), its data
//! table (regions × periods, symbols shown as symbols with a legend) and its charts — over
//! time per region with baseline and target, districts compared in one period, a
//! breakdown over time. A value a symbol stands in for is a gap in a line, explained on
//! hover, and never a bar or a zero.

use std::collections::BTreeSet;

use egui::{Color32, RichText};
use uuid::Uuid;

use super::form::{Draft, Form};
use super::tables::{ListState, matches};
use crate::command::Commands;
use lernstadt_core::model::{Indicator, Polarity, UpdateFrequency, validate};
use lernstadt_core::snapshot::{IndicatorSnapshot, Snapshot};
use lernstadt_core::t;

mod bars;
mod charts;
mod completion;
mod map;
mod monitoring;
pub use monitoring::{link_goal_edit, unlink_goal_edit};
mod over_time;
pub mod social;
mod table;

use charts::ChartLine;
use charts::chart_ui;
use map::MapPicture;
use table::{TableRow, table_ui};

/// The indicator's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    Definition,
    /// The goals it measures and its targets.
    Monitoring,
    Table,
    #[default]
    Chart,
    /// A social index's districts by need.
    Ranking,
}

/// The charts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChartKind {
    #[default]
    OverTime,
    Districts,
    Breakdown,
    Map,
}

/// What the indicator view remembers.
#[derive(Debug, Default)]
pub struct State {
    pub list: ListState,
    pub selected: Option<Uuid>,
    pub tab: Tab,
    pub chart: ChartKind,
    pub draft: Option<Draft<Indicator>>,
    /// The first values of the formula being written: for which formula, and the lines to
    /// show (or why there are none).
    pub preview: Option<(String, Vec<String>)>,
    /// The breakdown the table and the time chart show (empty: total).
    pub breakdown: String,
    /// The period the district comparison shows (None: the latest).
    pub period: Option<String>,
    /// The region the breakdown chart shows (None: the reference region).
    pub region: Option<String>,
    /// The dimension the breakdown chart splits by (None: the first).
    pub dimension: Option<String>,
    /// Regions hidden from the time chart.
    pub hidden: BTreeSet<String>,
    /// With many regions: the comparison regions chosen for the time chart (keys).
    pub chosen: Vec<String>,
    /// With many regions: what the region list is searched for.
    pub region_search: String,
    /// The bars show every region, not only the highest and lowest ten.
    pub all_bars: bool,
    /// The data table shows only regions of this level.
    pub table_level: Option<lernstadt_core::model::RegionLevel>,
    /// The data table shows only regions below this one.
    pub table_parent: Option<Uuid>,
    /// The data table's filter choices: levels and regions with regions below them, for a
    /// data generation.
    table_choices: Option<(
        Option<u64>,
        Vec<lernstadt_core::model::RegionLevel>,
        Vec<Uuid>,
    )>,
    /// A chart the user asked to save as PNG (the app asks where, then writes it).
    pub export_png: Option<lernstadt_core::render::figure::Request>,
    /// The map's classes.
    pub classes: lernstadt_core::render::map::Classes,
    /// The map as drawn: what for, the picture, and where the map lies in it.
    map: Option<MapPicture>,
    /// The table's rows (region index, cell per period), for `table_for`.
    table: Option<(String, Vec<TableRow>)>,
    /// Which observations the project's protection rule hides when published (by index
    /// into the indicator's observations), for the data table's marks.
    protected: Option<(String, Vec<bool>)>,
    /// The time chart's series, for `lines_for`.
    lines: Option<(String, Vec<ChartLine>)>,
    /// The regions (indices into the snapshot) with a series of the shown breakdown.
    with_series: Option<(String, Vec<usize>)>,
    /// The bars: what they compare, computed once per change (see `bars.rs`).
    bars: Option<(String, bars::Compared)>,
    /// The time chart's band of the other regions, for `lines_for`.
    band: Option<(String, Option<over_time::Band>)>,
    /// The indicator's regions that no longer report, with their last period with a
    /// number: found once per change of the data.
    historical: Option<(String, lernstadt_core::render::focus::Historical)>,
    /// The social index dialog.
    pub social: social::Dialog,
    /// A new indicator being written (shown instead of the selected one until created or
    /// cancelled).
    pub creating: Option<Indicator>,
    /// The target being typed, and the goal picker's search.
    pub target: monitoring::TargetDraft,
    /// The shown social index's ranking, worked out by the app once per change.
    pub ranking: Option<social::Computed>,
    /// The level whose regions the ranking shows (None: the one with the most).
    pub ranking_level: Option<lernstadt_core::model::RegionLevel>,
}

/// What the indicator's charts draw from: the snapshot, the indicator's observations, the
/// indicator and its index in the snapshot.
#[derive(Clone, Copy)]
pub(super) struct Shown<'a> {
    pub(super) data: &'a Snapshot,
    pub(super) observations: &'a IndicatorSnapshot,
    pub(super) indicator: &'a Indicator,
    pub(super) index: usize,
}

impl State {
    /// The level whose other regions the time chart draws as a band, when it draws one.
    #[must_use]
    pub fn band_level(&self) -> Option<&str> {
        self.band
            .as_ref()
            .and_then(|(_, band)| band.as_ref())
            .map(|band| band.level.as_str())
    }

    /// The lines the time chart draws, as (name, emphasised, muted).
    #[must_use]
    pub fn line_styles(&self) -> Vec<(&str, bool, bool)> {
        self.lines
            .as_ref()
            .map(|(_, lines)| {
                lines
                    .iter()
                    .map(|line| (line.name.as_str(), line.emphasised, line.muted))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The names of the lines the time chart draws.
    #[must_use]
    pub fn line_names(&self) -> Vec<&str> {
        self.lines
            .as_ref()
            .map(|(_, lines)| lines.iter().map(|line| line.name.as_str()).collect())
            .unwrap_or_default()
    }
}

/// The regions of the shown indicator that no longer report (see
/// [`lernstadt_core::render::focus::historical`]), worked out once per change of the data.
pub(super) fn historical<'s>(
    data: &Snapshot,
    observations: &IndicatorSnapshot,
    state: &'s mut State,
) -> &'s lernstadt_core::render::focus::Historical {
    let key = format!("{:?}{:?}", observations.generation, observations.indicator);
    if state.historical.as_ref().is_none_or(|(k, _)| *k != key) {
        let found = lernstadt_core::render::focus::historical(data, &observations.observations);
        state.historical = Some((key.clone(), found));
    }
    &state
        .historical
        .get_or_insert_with(|| (key, lernstadt_core::render::focus::Historical::default()))
        .1
}

/// The chart colour of the `n`th line.
pub(super) fn series_colour(n: usize) -> Color32 {
    super::colour(
        lernstadt_core::render::palette::SERIES[n % lernstadt_core::render::palette::SERIES.len()],
    )
}

/// Draws the view; returns what the user asks to export (the indicators or their data).
pub fn indicators_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    observations: &IndicatorSnapshot,
    state: &mut State,
    edits: &mut Commands,
) -> Option<&'static str> {
    let mut export = None;
    social::dialog_ui(ui.ctx(), data, state, edits);
    if state.selected.is_none() && state.creating.is_none() {
        state.selected = data.indicators.first().map(|i| i.uuid);
    }
    egui::Panel::left("indicator_list")
        .resizable(true)
        .default_size(300.0)
        .max_size(420.0)
        .show(ui, |ui| {
            if list_ui(ui, data, state) {
                export = Some("indicators");
            }
        });
    if state.creating.is_some() {
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE.inner_margin(egui::Margin::symmetric(12, 0)))
            .show(ui, |ui| create_ui(ui, data, state, edits));
        return export;
    }
    let Some(index) = state
        .selected
        .and_then(|uuid| data.indicators.iter().position(|i| i.uuid == uuid))
    else {
        egui::CentralPanel::default().show(ui, |ui| {
            let text = if data.indicators.is_empty() {
                t!("indicators.none_yet")
            } else {
                t!("indicators.choose")
            };
            ui.label(RichText::new(text).weak());
        });
        return export;
    };
    let indicator = &data.indicators[index];
    Draft::sync(&mut state.draft, Some(indicator), |i| i.uuid);
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE.inner_margin(egui::Margin::symmetric(12, 0)))
        .show(ui, |ui| {
            ui.heading(&indicator.name);
            ui.horizontal_wrapped(|ui| {
                // No status where the whole area has no value (a social index).
                if data.summaries[index].elsewhere.is_none() {
                    super::summary_badge(ui, &data.summaries[index]);
                }
                ui.label(RichText::new(format!("{} · {}", indicator.code, indicator.unit)).weak());
            });
            ui.horizontal(|ui| {
                ui.selectable_value(&mut state.tab, Tab::Definition, t!("indicators.definition"));
                ui.selectable_value(&mut state.tab, Tab::Monitoring, t!("indicators.monitoring"));
                ui.selectable_value(&mut state.tab, Tab::Table, t!("indicators.table"));
                ui.selectable_value(&mut state.tab, Tab::Chart, t!("indicators.chart"));
                if social::index_of(indicator).is_some() {
                    ui.selectable_value(&mut state.tab, Tab::Ranking, t!("indicators.ranking"));
                } else if state.tab == Tab::Ranking {
                    state.tab = Tab::Definition;
                }
            });
            ui.separator();
            if observations.indicator != Some(indicator.uuid) {
                return;
            }
            // An indicator without a total opens on its first breakdown.
            if !observations.breakdowns.is_empty()
                && !observations.breakdowns.contains(&state.breakdown)
            {
                state.breakdown.clone_from(&observations.breakdowns[0]);
            }
            match state.tab {
                Tab::Definition => {
                    definition_ui(ui, data, observations.observations.len(), state, edits);
                }
                Tab::Table => {
                    if table_ui(ui, data, observations, indicator, state) {
                        export = Some("observations");
                    }
                }
                Tab::Chart => {
                    let shown = Shown {
                        data,
                        observations,
                        indicator,
                        index,
                    };
                    chart_ui(ui, shown, state);
                }
                Tab::Ranking => social::ranking_ui(ui, data, indicator, state, edits),
                Tab::Monitoring => {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        monitoring::direction_ui(ui, indicator, edits);
                        ui.add_space(8.0);
                        monitoring::goals_ui(
                            ui,
                            data,
                            indicator,
                            &mut state.target.goal_search,
                            edits,
                        );
                        ui.add_space(12.0);
                        monitoring::targets_ui(ui, data, indicator, &mut state.target, edits);
                        ui.add_space(12.0);
                        monitoring::baseline_ui(
                            ui,
                            data,
                            observations,
                            indicator,
                            &mut state.target,
                            edits,
                        );
                    });
                }
            }
        });
    export
}

fn list_ui(ui: &mut egui::Ui, data: &Snapshot, state: &mut State) -> bool {
    let mut export = false;
    ui.horizontal_wrapped(|ui| {
        ui.heading(t!("view.indicators"));
        if ui
            .button(t!("indicators.new"))
            .on_hover_text(t!("indicators.new_hover"))
            .clicked()
            && !state.draft.as_ref().is_some_and(Draft::is_dirty)
        {
            state.creating = Some(Indicator::new("", ""));
        }
        export = ui.button(t!("export.window.open")).clicked();
        if ui
            .button(t!("social.open"))
            .on_hover_text(t!("social.window.intro"))
            .clicked()
        {
            state.social.open(data, None);
        }
    });
    super::tables::search_ui(ui, &mut state.list);
    let indicators = &data.indicators;
    let rows = state.list.visible(data.generation, "", |search, _| {
        (0..indicators.len())
            .filter(|i| matches(search, &[&indicators[*i].name, &indicators[*i].code]))
            .collect()
    });
    let rows = rows.to_vec();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, 22.0, rows.len(), |ui, range| {
            for &index in &rows[range] {
                let indicator = &indicators[index];
                ui.horizontal(|ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                    let status = data.summaries[index].status;
                    ui.painter()
                        .circle_filled(rect.center(), 4.5, super::status_colour(status));
                    let response = ui
                        .add(
                            egui::Button::selectable(
                                state.selected == Some(indicator.uuid),
                                &indicator.name,
                            )
                            .truncate(),
                        )
                        .on_hover_text(format!("{} · {}", indicator.code, status.label()));
                    if response.clicked() && !state.draft.as_ref().is_some_and(Draft::is_dirty) {
                        state.selected = Some(indicator.uuid);
                    }
                });
            }
        });
    export
}

/// The indicator's fields; `own` is how many values it holds (a formula may not replace
/// values of its own).
fn definition_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    own: usize,
    state: &mut State,
    edits: &mut Commands,
) {
    let Some(draft) = state.draft.as_mut() else {
        return;
    };
    let mut problems = validate::indicator(&draft.draft);
    problems
        .0
        .extend(typed_problems(data, &draft.draft, Some(draft.stored.uuid)));
    if draft.stored.formula.trim().is_empty() && !draft.draft.formula.trim().is_empty() && own > 0 {
        problems.0.push(validate::Invalid {
            field: "formula",
            message: t!(
                "derive.own_values",
                code = draft.stored.code,
                count = lernstadt_core::i18n::format_int(own as i64)
            ),
        });
    }
    // A formula is checked as it is typed: syntax, codes, loops through other formulas.
    let formula_ok = draft.draft.formula.trim().is_empty()
        || match lernstadt_core::model::formula::check_in(
            &data.indicators,
            &draft.draft.code,
            &draft.draft.formula,
        ) {
            Ok(_) => true,
            Err(error) => {
                problems.0.push(validate::Invalid {
                    field: "formula",
                    message: error.to_string(),
                });
                false
            }
        };
    let form = Form {
        problems: &problems,
    };
    let mut deleted = false;
    egui::ScrollArea::vertical().show(ui, |ui| {
        fields_ui(ui, data, &mut draft.draft, &form);
        rename_hint(ui, data, draft);
        if formula_ok {
            preview_ui(ui, state.preview.as_ref(), &draft.draft, edits);
        }
        ui.add_space(8.0);
        save_ui(ui, draft, &problems, edits);
        ui.add_space(12.0);
        ui.separator();
        let stored = draft.stored.clone();
        deleted = delete_ui(ui, data, &stored, own, edits);
    });
    if deleted {
        state.selected = None;
        state.draft = None;
    }
}

/// The indicator's fields in a grid, each with its problem beside it. A formula typed into
/// a source that only said the old formula makes the source follow.
fn fields_ui(ui: &mut egui::Ui, data: &Snapshot, i: &mut Indicator, form: &Form<'_>) {
    egui::Grid::new("indicator_form")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            form.text(ui, "code", &mut i.code);
            form.text(ui, "name", &mut i.name);
            form.multiline(ui, "definition", &mut i.definition);
            form.text(ui, "unit", &mut i.unit);
            form.integer(ui, "decimals", &mut i.decimals);
            form.choice(
                ui,
                "polarity",
                &mut i.polarity,
                Polarity::ALL.iter().copied(),
                |p| p.label().to_owned(),
            );
            form.optional_number(ui, "band_low", &mut i.band_low);
            form.optional_number(ui, "band_high", &mut i.band_high);
            form.text(ui, "source", &mut i.source);
            form.choice(
                ui,
                "update_frequency",
                &mut i.update_frequency,
                UpdateFrequency::ALL.iter().copied(),
                |f| f.label().to_owned(),
            );
            // A year typed makes its period when saved.
            form.optional_line(ui, "baseline_period", &mut i.baseline_period, "2020");
            form.optional_number(ui, "baseline_value", &mut i.baseline_value);
            form.flag(ui, "counts", &mut i.counts)
                .on_hover_text(t!("indicators.counts_help"));
            let before = i.formula.clone();
            let field = form
                .text(ui, "formula", &mut i.formula)
                .on_hover_text(t!("indicators.formula_help"));
            // What the open reference can go on with: codes, then total, previous and
            // the project's dimension=member pairs; a click goes on typing after it.
            if completion::completion_row(ui, data, &mut i.formula) {
                completion::type_on(ui.ctx(), &field, i.formula.chars().count());
            }
            // The source says how a computed indicator's values come about, unless
            // someone wrote one of their own. (In either language: the file may have
            // been saved in the other.)
            let said_by_formula =
                lernstadt_core::model::formula::source_follows(&i.source, &before).is_some();
            if i.formula != before && said_by_formula {
                i.source = if i.formula.trim().is_empty() {
                    String::new()
                } else {
                    lernstadt_core::i18n::in_lang(data.language(), || {
                        t!("derive.source", formula = i.formula.trim())
                    })
                };
            }
        });
}

/// What the window checks beyond [`validate::indicator`]: the code not another's (`own`:
/// the indicator being edited), readable by formulas, and the baseline a period.
fn typed_problems(data: &Snapshot, i: &Indicator, own: Option<Uuid>) -> Vec<validate::Invalid> {
    let mut problems = Vec::new();
    let code = i.code.trim();
    if data
        .indicators
        .iter()
        .any(|other| other.code == code && Some(other.uuid) != own)
    {
        problems.push(validate::Invalid {
            field: "code",
            message: t!("indicators.error.code_taken", code = code),
        });
    } else if code.contains(['[', ']', ';']) || code != i.code {
        problems.push(validate::Invalid {
            field: "code",
            message: t!("indicators.error.code_chars").to_owned(),
        });
    }
    if let Some(period) = i.baseline_period.as_deref()
        && !data.periods.iter().any(|p| p.code == period)
        && lernstadt_core::store::periods::parse_code(period).is_none()
    {
        problems.push(validate::Invalid {
            field: "baseline_period",
            message: t!("periods.error.typed", code = period),
        });
    }
    problems
}

/// The first values of the formula being written (asked of the app once per formula, not
/// per frame), or why it gives none.
fn preview_ui(
    ui: &mut egui::Ui,
    preview: Option<&(String, Vec<String>)>,
    indicator: &Indicator,
    edits: &mut Commands,
) {
    let formula = indicator.formula.trim();
    if formula.is_empty() {
        return;
    }
    match preview {
        Some((shown, lines)) if shown == formula => {
            ui.label(RichText::new(t!("indicators.preview")).strong());
            for line in lines {
                ui.label(line);
            }
        }
        _ => edits.push(crate::command::Command::PreviewFormula {
            formula: formula.to_owned(),
            decimals: indicator.decimals.clamp(0, 6) as usize,
        }),
    }
}

/// A new indicator's fields, *Create* and *Cancel*. Created plain (one step), or, with a
/// formula, computed on a worker as it is created.
fn create_ui(ui: &mut egui::Ui, data: &Snapshot, state: &mut State, edits: &mut Commands) {
    let Some(draft) = state.creating.as_mut() else {
        return;
    };
    ui.heading(t!("indicators.new_heading"));
    ui.label(RichText::new(t!("indicators.new_intro")).weak());
    ui.add_space(6.0);
    let mut problems = validate::indicator(draft);
    problems.0.extend(typed_problems(data, draft, None));
    // Nothing typed yet: nothing to mark (Create waits all the same).
    let untouched = draft.code.is_empty() && draft.name.is_empty() && draft.formula.is_empty();
    if !draft.formula.trim().is_empty()
        && let Err(error) =
            lernstadt_core::model::formula::check_in(&data.indicators, &draft.code, &draft.formula)
    {
        problems.0.push(validate::Invalid {
            field: "formula",
            message: error.to_string(),
        });
    }
    let none = validate::Problems::default();
    let form = Form {
        problems: if untouched { &none } else { &problems },
    };
    let (mut create, mut cancel) = (false, false);
    let formula_ok = problems.of("formula").is_none();
    egui::ScrollArea::vertical().show(ui, |ui| {
        fields_ui(ui, data, draft, &form);
        if formula_ok {
            preview_ui(ui, state.preview.as_ref(), draft, edits);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            create = ui
                .add_enabled(
                    problems.is_empty(),
                    egui::Button::new(t!("indicators.create")),
                )
                .clicked();
            cancel = ui.button(t!("form.cancel")).clicked();
            if !problems.is_empty() && !untouched {
                ui.label(RichText::new(t!("form.fix_first")).color(ui.visuals().error_fg_color));
            }
        });
    });
    if cancel {
        state.creating = None;
    } else if create && let Some(indicator) = state.creating.take() {
        // (A code with spaces around it is refused above.)
        let label = t!("indicators.created", name = indicator.name);
        state.selected = Some(indicator.uuid);
        state.tab = Tab::Monitoring;
        if indicator.formula.trim().is_empty() {
            edits.push(crate::command::Edit::new(label, move |tx| {
                lernstadt_core::store::indicators::insert(tx, &indicator)
            }));
        } else {
            edits.push(crate::command::Command::SaveComputed {
                indicator: Box::new(indicator),
                insert: true,
                label,
            });
        }
    }
}

/// *Delete indicator*: refused beside the button while formulas read it or it holds data
/// values of its own (a computed one's values go with it).
fn delete_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    indicator: &Indicator,
    own: usize,
    edits: &mut Commands,
) -> bool {
    let mut deleted = false;
    let readers: Vec<&str> = data
        .indicators
        .iter()
        .filter(|other| {
            other.uuid != indicator.uuid
                && lernstadt_core::model::formula::Formula::parse(&other.formula)
                    .is_ok_and(|f| f.codes().contains(&indicator.code))
        })
        .map(|other| other.code.as_str())
        .collect();
    let why_not = if !readers.is_empty() {
        Some(t!("indicators.delete_read", codes = readers.join(", ")))
    } else if own > 0 && indicator.formula.trim().is_empty() {
        Some(t!(
            "indicators.delete_data",
            count = lernstadt_core::i18n::format_int(own as i64)
        ))
    } else {
        None
    };
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(
                why_not.is_none(),
                egui::Button::new(t!("indicators.delete")),
            )
            .clicked()
        {
            let uuid = indicator.uuid.to_string();
            edits.push(crate::command::Edit::new(
                t!("indicators.deleted", name = indicator.name),
                move |tx| tx.delete(lernstadt_core::model::meta::EntityKind::Indicator, &uuid),
            ));
            deleted = true;
        }
        if let Some(why) = why_not {
            ui.label(RichText::new(why).weak());
        }
    });
    deleted
}

/// Under the fields, when the code was changed: which formulas read the old one (saving
/// rewrites them).
fn rename_hint(ui: &mut egui::Ui, data: &Snapshot, draft: &Draft<Indicator>) {
    // A new code: the formulas that read the old one are rewritten as it is saved.
    if draft.draft.code != draft.stored.code {
        let readers: Vec<&str> = data
            .indicators
            .iter()
            .filter(|other| {
                other.uuid != draft.stored.uuid
                    && lernstadt_core::model::formula::Formula::parse(&other.formula)
                        .is_ok_and(|f| f.codes().contains(&draft.stored.code))
            })
            .map(|other| other.code.as_str())
            .collect();
        if !readers.is_empty() {
            ui.label(
                RichText::new(if readers.len() == 1 {
                    t!(
                        "indicators.rename_reader",
                        codes = readers[0],
                        code = draft.stored.code
                    )
                } else {
                    t!(
                        "indicators.rename_readers",
                        codes = readers.join(", "),
                        code = draft.stored.code
                    )
                })
                .weak(),
            );
        }
    }
}

/// Save and Discard: a computed indicator is computed as it is saved (on a worker, with a
/// cancel); any other is written with the formulas that read it rewritten when its code
/// changed (one undo step).
fn save_ui(
    ui: &mut egui::Ui,
    draft: &mut Draft<Indicator>,
    problems: &validate::Problems,
    edits: &mut Commands,
) {
    let name = draft.stored.name.clone();
    if draft.draft.formula.trim().is_empty() {
        // A renamed indicator's readers are rewritten with it (one undo step).
        let (save, discard) = super::form::save_bar(ui, draft.is_dirty(), problems);
        if save {
            let label =
                super::form::describe_update("indicator", &name, &draft.stored, &draft.draft);
            let after = draft.draft.clone();
            edits.push(super::form::Edit::new(label, move |tx| {
                lernstadt_core::store::indicators::update(tx, &after).map(|_| ())
            }));
            draft.stored = draft.draft.clone();
        }
        if discard {
            draft.draft = draft.stored.clone();
        }
    } else {
        // A computed indicator is computed as it is saved: on a worker, with a cancel.
        // The draft stays until the saved row comes back (a cancel keeps what was typed).
        let (save, discard) = super::form::save_bar(ui, draft.is_dirty(), problems);
        if save {
            edits.push(crate::command::Command::SaveComputed {
                indicator: Box::new(draft.draft.clone()),
                insert: false,
                label: super::form::describe_update(
                    "indicator",
                    &name,
                    &draft.stored,
                    &draft.draft,
                ),
            });
        }
        if discard {
            draft.draft = draft.stored.clone();
        }
    }
}

fn breakdown_choice(
    ui: &mut egui::Ui,
    data: &Snapshot,
    observations: &IndicatorSnapshot,
    state: &mut State,
) {
    let keys = &observations.breakdowns;
    let mut chosen = keys.iter().position(|k| *k == state.breakdown);
    if super::choice_ui(
        ui,
        "indicator_breakdown",
        t!("indicators.breakdown"),
        &mut chosen,
        (0..keys.len()).map(Some),
        |n| n.map_or("", |n| data.breakdown_label(&keys[n])).to_owned(),
    ) {
        state.breakdown = chosen.map(|n| keys[n].clone()).unwrap_or_default();
    }
}
