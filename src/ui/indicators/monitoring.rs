//! What ties an indicator into the monitoring, on its definition page: the goals it
//! measures (linked and unlinked here or from the goal) and its targets (a value for a
//! region by a year — my region unless another is chosen; the year's period is made when
//! the project lacks it). Each change is one undo step.

use egui::RichText;
use uuid::Uuid;

use crate::command::{Commands, Edit};
use lernstadt_core::model::Indicator;
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

/// The target being typed on an indicator's page.
#[derive(Debug, Default)]
pub struct TargetDraft {
    /// The value as typed (decimal comma or point, as the window's language writes it).
    pub value: String,
    /// The year (or any period code) as typed.
    pub period: String,
    /// The region chosen; `None`: my region.
    pub region: Option<Uuid>,
    /// What the goal picker is searched for.
    pub goal_search: String,
    /// The baseline's year (or period) as typed.
    pub baseline_period: String,
    /// The baseline's value as typed; empty: my region's value in that period.
    pub baseline_value: String,
    /// The regions a target can be set for, in the order offered, for a data generation
    /// (hundreds of Kreise are not sorted every frame).
    order: Option<(Option<u64>, Vec<Uuid>)>,
}

/// The good direction (what a target is judged by), changed as one step.
pub fn direction_ui(ui: &mut egui::Ui, indicator: &Indicator, edits: &mut Commands) {
    ui.horizontal_wrapped(|ui| {
        let mut polarity = indicator.polarity;
        if super::super::choice_ui(
            ui,
            "monitoring_polarity",
            t!("indicators.direction"),
            &mut polarity,
            lernstadt_core::model::Polarity::ALL.iter().copied(),
            |p| p.label().to_owned(),
        ) {
            let after = Indicator {
                polarity,
                ..indicator.clone()
            };
            edits.push(Edit::update("indicator", &indicator.name, indicator, after));
        }
        if indicator.polarity == lernstadt_core::model::Polarity::Neutral {
            ui.label(RichText::new(t!("indicators.direction_needed")).weak());
        }
    });
}

/// The baseline (a period and its value) shown, and a row to set it: the year typed makes
/// its period; without a value typed, my region's value in that period is taken.
pub fn baseline_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    shown: &lernstadt_core::snapshot::IndicatorSnapshot,
    indicator: &Indicator,
    draft: &mut TargetDraft,
    edits: &mut Commands,
) {
    let decimals = indicator.decimals.clamp(0, 6) as usize;
    ui.label(RichText::new(t!("indicators.baseline_heading")).strong());
    match (&indicator.baseline_period, indicator.baseline_value) {
        (Some(period), Some(value)) => ui.label(format!(
            "{}: {} {}",
            lernstadt_core::i18n::format_period(period),
            lernstadt_core::i18n::format_decimal(value, decimals),
            indicator.unit
        )),
        _ => ui.label(RichText::new(t!("indicators.no_baseline")).weak()),
    };
    let period = draft.baseline_period.trim().to_owned();
    // My region's value in the period typed, offered when no value is typed.
    let mine = data
        .my_region
        .and_then(|r| data.region(r))
        .and_then(|r| {
            shown
                .series(&r.key, "")
                .iter()
                .find(|o| o.period_code == period)
        })
        .and_then(|o| o.value);
    // My region's value in the year typed, else an example, in the window's language.
    let hint = mine.map_or_else(
        || lernstadt_core::i18n::format_decimal(9.9, 1),
        |v| lernstadt_core::i18n::format_decimal(v, decimals),
    );
    let mut clicked = false;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(t!("indicators.baseline_year"));
        ui.add(
            egui::TextEdit::singleline(&mut draft.baseline_period)
                .hint_text("2023")
                .desired_width(80.0),
        )
        .labelled_by(label.id);
        let label = ui.label(t!("indicators.baseline_value"));
        ui.add(
            egui::TextEdit::singleline(&mut draft.baseline_value)
                .hint_text(hint)
                .desired_width(80.0),
        )
        .labelled_by(label.id);
        clicked = ui.button(t!("indicators.baseline_set")).clicked();
    });
    if period.is_empty() {
        return;
    }
    let value = if draft.baseline_value.trim().is_empty() {
        mine.ok_or_else(|| t!("indicators.baseline_no_value", period = period))
    } else {
        parse_typed(&draft.baseline_value)
    };
    let known = data.typed_period(&period).is_some();
    let checked = if known {
        value
    } else {
        Err(t!("periods.error.typed", code = period))
    };
    match checked {
        Err(problem) => {
            ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
        }
        Ok(value) if clicked => {
            let after = Indicator {
                baseline_period: Some(period.clone()),
                baseline_value: Some(value),
                ..indicator.clone()
            };
            let label = t!(
                "indicators.baseline_done",
                name = indicator.name,
                period = period
            );
            edits.push(Edit::update_indicator(label, after));
            draft.baseline_period.clear();
            draft.baseline_value.clear();
        }
        Ok(_) => {}
    }
}

/// A number as typed in the window's language, or what is wrong with it.
fn parse_typed(text: &str) -> Result<f64, String> {
    crate::ui::form::typed_number(text).ok_or_else(|| t!("form.not_a_number", value = text.trim()))
}

/// The goals the indicator measures, each with *Unlink*, and a picker to link another.
pub fn goals_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    indicator: &Indicator,
    search: &mut String,
    edits: &mut Commands,
) {
    ui.label(RichText::new(t!("indicators.goals")).strong());
    let linked: Vec<Uuid> = data
        .indicator_goals
        .iter()
        .filter(|l| l.indicator == indicator.uuid)
        .map(|l| l.goal)
        .collect();
    if linked.is_empty() {
        ui.label(RichText::new(t!("indicators.no_goals")).weak());
    }
    for goal in linked.iter().filter_map(|g| data.goal(*g)) {
        ui.horizontal(|ui| {
            ui.label(&goal.title);
            if ui
                .small_button(t!("links.unlink"))
                .on_hover_text(t!("links.unlink_hover"))
                .clicked()
            {
                edits.push(unlink_goal_edit(indicator, goal));
            }
        });
    }
    let choices: Vec<(Uuid, String)> = data
        .goals
        .iter()
        .filter(|g| !linked.contains(&g.uuid))
        .map(|g| (g.uuid, g.title.clone()))
        .collect();
    if choices.is_empty() {
        if data.goals.is_empty() {
            ui.label(RichText::new(t!("indicators.no_goals_yet")).weak());
        }
        return;
    }
    if let Some(goal) =
        super::super::form::picker_ui(ui, t!("indicators.link_goal"), search, &choices, 8)
            .and_then(|g| data.goal(g))
    {
        edits.push(link_goal_edit(indicator, goal));
        search.clear();
    }
}

/// Links an indicator to a goal, as one step.
#[must_use]
pub fn link_goal_edit(indicator: &Indicator, goal: &lernstadt_core::model::Goal) -> Edit {
    Edit::link_indicator_goal(
        t!(
            "links.indicator_linked",
            indicator = indicator.name,
            goal = goal.title
        ),
        indicator.uuid,
        goal.uuid,
    )
}

/// Takes an indicator off a goal, as one step.
#[must_use]
pub fn unlink_goal_edit(indicator: &Indicator, goal: &lernstadt_core::model::Goal) -> Edit {
    Edit::unlink_indicator_goal(
        t!(
            "links.indicator_unlinked",
            indicator = indicator.name,
            goal = goal.title
        ),
        indicator.uuid,
        goal.uuid,
    )
}

/// The indicator's targets, each with *Remove*, and a row to set one: value, year, region.
pub fn targets_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    indicator: &Indicator,
    draft: &mut TargetDraft,
    edits: &mut Commands,
) {
    ui.label(RichText::new(t!("indicators.targets")).strong());
    let decimals = indicator.decimals.clamp(0, 6) as usize;
    let mut any = false;
    for target in data
        .targets
        .iter()
        .filter(|t| t.indicator == indicator.uuid)
    {
        any = true;
        ui.horizontal(|ui| {
            ui.label(format!(
                "{}, {}: {} {}",
                data.region_name(Some(target.region)),
                lernstadt_core::i18n::format_period(&target.period),
                lernstadt_core::i18n::format_decimal(target.value, decimals),
                indicator.unit
            ));
            if ui.small_button(t!("indicators.target_remove")).clicked() {
                let uuid = target.uuid.to_string();
                edits.push(Edit::new(
                    t!(
                        "indicators.target_removed",
                        name = indicator.name,
                        period = target.period
                    ),
                    move |tx| {
                        tx.delete(
                            lernstadt_core::model::meta::EntityKind::IndicatorTarget,
                            &uuid,
                        )
                    },
                ));
            }
        });
    }
    if !any {
        ui.label(RichText::new(t!("indicators.no_targets")).weak());
    }
    new_target_ui(ui, data, indicator, draft, edits);
}

/// The row that sets a target; what is wrong with it is said beside it, and nothing is
/// pushed until it is right.
fn new_target_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    indicator: &Indicator,
    draft: &mut TargetDraft,
    edits: &mut Commands,
) {
    if data.regions.is_empty() {
        ui.label(RichText::new(t!("indicators.target_no_regions")).weak());
        return;
    }
    let region = draft
        .region
        .or(data.my_region)
        .or_else(|| data.regions.first().map(|r| r.uuid));
    let mut clicked = false;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(t!("indicators.target_value"));
        ui.add(
            egui::TextEdit::singleline(&mut draft.value)
                .hint_text(lernstadt_core::i18n::format_decimal(42.5, 1))
                .desired_width(80.0),
        )
        .labelled_by(label.id);
        let label = ui.label(t!("indicators.target_year"));
        ui.add(
            egui::TextEdit::singleline(&mut draft.period)
                .hint_text("2030")
                .desired_width(80.0),
        )
        .labelled_by(label.id);
        let mut chosen = region;
        if draft
            .order
            .as_ref()
            .is_none_or(|(generation, _)| *generation != data.generation)
        {
            draft.order = Some((data.generation, region_order(data)));
        }
        let order = draft.order.as_ref().map(|(_, order)| order.as_slice());
        if super::super::choice_ui(
            ui,
            "target_region",
            t!("indicators.target_region"),
            &mut chosen,
            order.unwrap_or_default().iter().copied().map(Some),
            |r| data.region_label(r),
        ) {
            draft.region = chosen;
        }
        clicked = ui.button(t!("indicators.target_set")).clicked();
    });
    let typed = draft.value.trim().is_empty() && draft.period.trim().is_empty();
    let checked = check_target(data, indicator, &draft.value, &draft.period);
    if let (Err(problem), false) = (&checked, typed) {
        ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
    }
    if let (true, Ok((value, period)), Some(region)) = (clicked, checked, region) {
        let after = indicator.clone();
        let label = t!(
            "indicators.target_set_done",
            name = indicator.name,
            region = data.region_name(Some(region)),
            period = period
        );
        edits.push(Edit::set_target(label, after, region, period, value));
        draft.value.clear();
        draft.period.clear();
    }
}

/// The regions a target can be set for: my region, its parents, then the others by name.
fn region_order(data: &Snapshot) -> Vec<Uuid> {
    let mut order: Vec<Uuid> = std::iter::successors(data.my_region, |r| data.region(*r)?.parent)
        .take(data.regions.len())
        .collect();
    let mut others: Vec<&lernstadt_core::model::Region> = data
        .regions
        .iter()
        .filter(|r| !order.contains(&r.uuid))
        .collect();
    others.sort_by(|a, b| a.name.cmp(&b.name).then(a.key.cmp(&b.key)));
    order.extend(others.into_iter().map(|r| r.uuid));
    order
}

/// The value and period of a target as typed, or what is wrong with them.
fn check_target(
    data: &Snapshot,
    indicator: &Indicator,
    value: &str,
    period: &str,
) -> Result<(f64, String), String> {
    let number = parse_typed(value)?;
    let period = period.trim();
    if period.is_empty() {
        return Err(t!("indicators.target_year_missing").to_owned());
    }
    let start = data
        .typed_period(period)
        .ok_or_else(|| t!("periods.error.typed", code = period))?
        .start_date;
    let baseline = indicator
        .baseline_period
        .as_deref()
        .and_then(|code| data.typed_period(code));
    if let Some(baseline) = baseline.filter(|b| start < b.start_date) {
        return Err(t!(
            "indicators.error.target_before_baseline",
            period = period,
            baseline = baseline.code
        ));
    }
    Ok((number, period.to_owned()))
}
