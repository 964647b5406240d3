//! The indicator's data table: regions × periods, symbols and flags, with their legend.

use egui::RichText;
use egui_extras::Column;

use super::{State, breakdown_choice};
use lernstadt_core::model::Indicator;
use lernstadt_core::snapshot::{IndicatorSnapshot, Snapshot};
use lernstadt_core::t;
use std::collections::BTreeSet;

/// A table row: the region's index in the data, its depth in the region tree, and per
/// period the observation's index.
pub(super) type TableRow = (usize, usize, Vec<Option<usize>>);

/// The regions in tree order (each under its parent, children by key), with their depth.
fn tree_order(data: &Snapshot) -> Vec<(usize, usize)> {
    let regions = &data.regions;
    let mut children: std::collections::HashMap<Option<uuid::Uuid>, Vec<usize>> =
        std::collections::HashMap::new();
    for (index, region) in regions.iter().enumerate() {
        let parent = region.parent.filter(|p| data.region(*p).is_some());
        children.entry(parent).or_default().push(index);
    }
    let mut order = Vec::with_capacity(regions.len());
    let mut stack: Vec<(usize, usize)> = children
        .get(&None)
        .map(|tops| tops.iter().rev().map(|&i| (i, 0)).collect())
        .unwrap_or_default();
    while let Some((index, depth)) = stack.pop() {
        if order.len() > regions.len() {
            break; // A cycle: never loop.
        }
        order.push((index, depth));
        if let Some(below) = children.get(&Some(regions[index].uuid)) {
            stack.extend(below.iter().rev().map(|&i| (i, depth + 1)));
        }
    }
    order
}

/// Whether `region` lies below `ancestor` in the tree.
fn lies_below(
    data: &Snapshot,
    region: &lernstadt_core::model::Region,
    ancestor: uuid::Uuid,
) -> bool {
    std::iter::successors(region.parent, |p| data.region(*p)?.parent)
        .take(data.regions.len())
        .any(|p| p == ancestor)
}

pub(super) fn table_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    observations: &IndicatorSnapshot,
    indicator: &Indicator,
    state: &mut State,
) -> bool {
    let mut export = false;
    if !indicator.formula.is_empty() {
        // Computed values: said once above the table, with the formula they come from.
        ui.label(
            RichText::new(t!("indicators.computed", formula = indicator.formula))
                .italics()
                .weak(),
        );
    }
    ui.horizontal_wrapped(|ui| {
        breakdown_choice(ui, data, observations, state);
        filters_ui(ui, data, state);
        export = ui.button(t!("export.window.open")).clicked();
    });
    let key = format!(
        "{:?}{}{}{:?}{:?}",
        observations.generation,
        indicator.uuid,
        state.breakdown,
        state.table_level,
        state.table_parent
    );
    if state.table.as_ref().is_none_or(|(k, _)| *k != key) {
        let rows = tree_order(data)
            .into_iter()
            .filter_map(|(index, depth)| {
                let region = &data.regions[index];
                if state.table_level.is_some_and(|level| region.level != level)
                    || state
                        .table_parent
                        .is_some_and(|parent| !lies_below(data, region, parent))
                {
                    return None;
                }
                let range = observations.series_range(&region.key, &state.breakdown)?;
                let series = &observations.observations[range.clone()];
                let cells = observations
                    .periods
                    .iter()
                    .map(|period| {
                        series
                            .iter()
                            .position(|o| &o.period_code == period)
                            .map(|p| range.start + p)
                    })
                    .collect();
                Some((index, depth, cells))
            })
            .collect();
        state.table = Some((key, rows));
    }
    let Some((_, rows)) = &state.table else {
        return export;
    };
    if rows.is_empty() {
        super::plot::empty_ui(ui, observations, &state.breakdown, data);
        return export;
    }
    let decimals = indicator.decimals.clamp(0, 6) as usize;
    // The true values, with those a publication would hide marked (once per change).
    let rule = data
        .project
        .as_ref()
        .and_then(|p| p.protect_min_count)
        .filter(|_| indicator.counts);
    let protected_key = format!("{:?}{}{rule:?}", observations.generation, indicator.uuid);
    if state
        .protected
        .as_ref()
        .is_none_or(|(k, _)| *k != protected_key)
    {
        let hidden = rule.map_or_else(Vec::new, |min| {
            let parents: std::collections::HashMap<String, String> = data
                .regions
                .iter()
                .filter_map(|r| Some((r.key.clone(), data.region(r.parent?)?.key.clone())))
                .collect();
            lernstadt_core::published::hidden(&observations.observations, &parents, min)
        });
        state.protected = Some((protected_key, hidden));
    }
    let hidden: &[bool] = state.protected.as_ref().map_or(&[], |(_, h)| h);
    let mark = ui.visuals().warn_fg_color.gamma_multiply(0.25);
    if let Some(min) = rule
        && hidden.iter().any(|h| *h)
    {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("  ").background_color(mark));
            ui.label(RichText::new(t!("protect.marked", min = min)).weak());
        });
    }
    let used: BTreeSet<&str> = rows
        .iter()
        .flat_map(|(_, _, cells)| cells.iter().flatten())
        .filter_map(|i| observations.observations[*i].symbol.as_deref())
        .collect();
    if !used.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(t!("indicators.legend")).strong());
            for symbol in &used {
                ui.label(format!("{symbol} = {}", data.symbol_label(symbol)));
            }
        });
    }
    let mut headings = vec![t!("field.region")];
    headings.extend(observations.periods.iter().map(String::as_str));
    let mut columns = vec![Column::initial(200.0).resizable(true)];
    columns.extend(observations.periods.iter().map(|_| Column::initial(78.0)));
    let indices: Vec<usize> = (0..rows.len()).collect();
    crate::ui::tables::table_ui(
        ui,
        &columns,
        &headings,
        None,
        &indices,
        |_| false,
        |row, column| {
            let (region, depth, cells) = &rows[row];
            if column == 0 {
                // Levels indented, unless one level is chosen.
                let indent = if state.table_level.is_some() {
                    0
                } else {
                    *depth
                };
                return RichText::new(format!(
                    "{}{}",
                    "    ".repeat(indent),
                    data.regions[*region].name
                ));
            }
            match cells[column - 1] {
                Some(index) => {
                    let observation = &observations.observations[index];
                    let mut text = RichText::new(observation.display(decimals)).monospace();
                    if hidden.get(index).copied().unwrap_or(false) {
                        text = text.background_color(mark);
                    }
                    if observation.value.is_none() {
                        text.weak()
                    } else {
                        text
                    }
                }
                None => RichText::new(""),
            }
        },
    );
    export
}

/// The table's filters: one level, and the regions below one region (a Land, the city).
fn filters_ui(ui: &mut egui::Ui, data: &Snapshot, state: &mut State) {
    // The levels there are and the regions with regions below them, once per change.
    if state
        .table_choices
        .as_ref()
        .is_none_or(|(generation, ..)| *generation != data.generation)
    {
        let mut levels: Vec<lernstadt_core::model::RegionLevel> =
            data.regions.iter().map(|r| r.level).collect();
        levels.sort();
        levels.dedup();
        let with_children: std::collections::HashSet<uuid::Uuid> =
            data.regions.iter().filter_map(|r| r.parent).collect();
        let parents = data
            .regions
            .iter()
            .filter(|r| with_children.contains(&r.uuid))
            .map(|r| r.uuid)
            .collect();
        state.table_choices = Some((data.generation, levels, parents));
    }
    let Some((_, levels, parents)) = state.table_choices.clone() else {
        return;
    };
    if levels.len() > 1 {
        crate::ui::choice_ui(
            ui,
            "indicator_table_level",
            t!("indicators.table_level"),
            &mut state.table_level,
            std::iter::once(None).chain(levels.iter().copied().map(Some)),
            |level| level.map_or_else(|| t!("indicators.all").to_owned(), |l| l.label().to_owned()),
        );
    }
    if !parents.is_empty() {
        crate::ui::choice_ui(
            ui,
            "indicator_table_parent",
            t!("indicators.table_parent"),
            &mut state.table_parent,
            std::iter::once(None).chain(parents.iter().copied().map(Some)),
            |parent| {
                parent
                    .and_then(|p| data.region(p))
                    .map_or_else(|| t!("indicators.all").to_owned(), |r| r.name.clone())
            },
        );
    }
}
