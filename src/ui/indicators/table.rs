//! The indicator's data table: regions × periods, symbols and flags, with their legend.

use egui::RichText;
use egui_extras::Column;

use super::{State, breakdown_choice};
use lernstadt_core::model::Indicator;
use lernstadt_core::snapshot::{IndicatorSnapshot, Snapshot};
use lernstadt_core::t;
use std::collections::BTreeSet;

/// A table row: the region's index in the data, and per period the observation's index.
pub(super) type TableRow = (usize, Vec<Option<usize>>);

pub(super) fn table_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    observations: &IndicatorSnapshot,
    indicator: &Indicator,
    state: &mut State,
) -> bool {
    let mut export = false;
    ui.horizontal_wrapped(|ui| {
        breakdown_choice(ui, data, observations, state);
        export = ui.button(t!("export.window.open")).clicked();
    });
    let key = format!(
        "{:?}{}{}",
        observations.generation, indicator.uuid, state.breakdown
    );
    if state.table.as_ref().is_none_or(|(k, _)| *k != key) {
        let rows = data
            .regions
            .iter()
            .enumerate()
            .filter_map(|(index, region)| {
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
                Some((index, cells))
            })
            .collect();
        state.table = Some((key, rows));
    }
    let Some((_, rows)) = &state.table else {
        return export;
    };
    if rows.is_empty() {
        super::over_time::empty_ui(ui, observations, &state.breakdown, data);
        return export;
    }
    let decimals = indicator.decimals.clamp(0, 6) as usize;
    let used: BTreeSet<&str> = rows
        .iter()
        .flat_map(|(_, cells)| cells.iter().flatten())
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
            let (region, cells) = &rows[row];
            if column == 0 {
                return RichText::new(&data.regions[*region].name);
            }
            match cells[column - 1] {
                Some(index) => {
                    let observation = &observations.observations[index];
                    let text = RichText::new(observation.display(decimals)).monospace();
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
