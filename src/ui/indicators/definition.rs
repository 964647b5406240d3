//! An indicator's definition, edited: its fields (a formula checked, previewed and
//! completed as it is typed), Save and Discard, a new indicator's form, and Delete — each
//! refused beside the field or button when it cannot be done.

use egui::RichText;
use uuid::Uuid;

use super::{State, Tab, completion};
use crate::command::Commands;
use crate::ui::form::{Draft, Form};
use lernstadt_core::model::{Indicator, Polarity, UpdateFrequency, validate};
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

/// The indicator's fields; `own` is how many values it holds (a formula may not replace
/// values of its own).
pub(super) fn definition_ui(
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
            if i.formula != before {
                i.follow_formula(&before, data.language());
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
        && data.typed_period(period).is_none()
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
    preview: Option<&(String, Result<Vec<String>, String>)>,
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
            match lines {
                Ok(lines) => {
                    for line in lines {
                        ui.label(line);
                    }
                }
                Err(why) => {
                    ui.colored_label(ui.visuals().error_fg_color, why);
                }
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
pub(super) fn create_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    state: &mut State,
    edits: &mut Commands,
) {
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
    let formula_ok = problems.of("formula").is_none();
    // A formula that computes no value anywhere (or names a dimension its inputs lack) is
    // refused, with why, as the command line refuses it.
    if formula_ok
        && let Some((shown, Err(why))) = state.preview.as_ref()
        && shown == draft.formula.trim()
    {
        problems.0.push(validate::Invalid {
            field: "formula",
            message: why.clone(),
        });
    }
    let none = validate::Problems::default();
    let form = Form {
        problems: if untouched { &none } else { &problems },
    };
    let (mut create, mut cancel) = (false, false);
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
            edits.push(crate::command::Edit::insert_indicator(label, indicator));
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
        let (save, discard) = crate::ui::form::save_bar(ui, draft.is_dirty(), problems);
        if save {
            let label =
                crate::ui::form::describe_update("indicator", &name, &draft.stored, &draft.draft);
            let after = draft.draft.clone();
            edits.push(crate::ui::form::Edit::update_indicator(label, after));
            draft.stored = draft.draft.clone();
        }
        if discard {
            draft.draft = draft.stored.clone();
        }
    } else {
        // A computed indicator is computed as it is saved: on a worker, with a cancel.
        // The draft stays until the saved row comes back (a cancel keeps what was typed).
        let (save, discard) = crate::ui::form::save_bar(ui, draft.is_dirty(), problems);
        if save {
            edits.push(crate::command::Command::SaveComputed {
                indicator: Box::new(draft.draft.clone()),
                insert: false,
                label: crate::ui::form::describe_update(
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
