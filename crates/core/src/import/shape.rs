//! Turning records into value rows, whatever the file's shape: a GENESIS flat export, a
//! classic table, a long or a wide spreadsheet.

use super::row::RowSpec;
use super::sheet::Roles;
use super::sniff::{Detected, Shape};
use super::{ImportError, Options, genesis, genesis_table, sheet, values};
use crate::t;
use std::path::Path;

/// Turns records into value rows, whatever the file's shape.
pub(super) struct Shaper {
    shape: Shape,
    layout: Option<genesis::Layout>,
    pub(super) roles: Roles,
    pub(super) header: Vec<String>,
    pub(super) table: genesis_table::Table,
    spec: RowSpec,
    table_rows: Vec<RowSpec>,
}

/// A reason a record gives no row: the column (1-based) where known, and the message.
pub(super) type RowError = (Option<usize>, String);

/// How many records the roles of a sheet's undecided columns are judged by.
const SAMPLE_RECORDS: usize = 200;

/// What the first records hold in each column.
fn sample_columns(
    path: &Path,
    detected: Detected,
    width: usize,
) -> Result<Vec<sheet::ColumnSample>, ImportError> {
    let mut samples = vec![sheet::ColumnSample::default(); width];
    let mut records = super::records::Records::open(path, detected, std::sync::Arc::default())?;
    for _ in 0..SAMPLE_RECORDS {
        match records.next() {
            super::records::Next::Row(_) => {
                for (sample, cell) in samples.iter_mut().zip(records.cells().iter()) {
                    sample.add(cell, detected.decimal);
                }
            }
            super::records::Next::Unreadable { fatal: false, .. } => {}
            super::records::Next::Unreadable { .. } | super::records::Next::End => break,
        }
    }
    Ok(samples)
}

/// Where a spreadsheet row's value stands.
#[derive(Clone, Copy, Debug)]
pub(super) enum ValueFrom {
    /// The value column (a long sheet).
    Value,
    /// A column whose header is the period (wide by periods).
    Period(usize),
    /// A column whose header is a member of the member dimension (wide by members).
    Member(usize),
    /// A column whose header is the indicator (wide by indicators).
    Indicator(usize),
}

impl Shaper {
    pub(super) fn new(
        path: &Path,
        detected: Detected,
        header: Vec<String>,
        options: &Options,
        known_keys: &std::collections::HashSet<String>,
    ) -> Result<Shaper, ImportError> {
        let setup = |message| ImportError::Setup {
            path: path.to_owned(),
            message,
        };
        let mut roles = sheet::roles_with_map(&header, &options.map).map_err(setup)?;
        roles.fixed_period.clone_from(&options.period);
        roles.keep_region_cells = options.keep_region_cells;
        if matches!(detected.shape, Shape::Long | Shape::Wide) {
            let samples = sample_columns(path, detected, header.len())?;
            sheet::region_by_values(&mut roles, &samples, known_keys);
            sheet::complete_roles(&mut roles, &header, &samples, &options.map);
        }
        let layout = match detected.shape {
            Shape::GenesisFlat => {
                let mut layout = genesis::Layout::from_header(&header).map_err(setup)?;
                layout.note_units(path, detected)?;
                Some(layout)
            }
            _ => None,
        };
        let mut table = genesis_table::Table::default();
        if let Some((_, code)) = header.first().and_then(|h| h.split_once(':')) {
            code.trim().clone_into(&mut table.code);
        }
        Ok(Shaper {
            shape: detected.shape,
            layout,
            roles,
            header,
            table,
            spec: RowSpec::default(),
            table_rows: Vec::new(),
        })
    }

    /// Calls `each` with every value row of one record (a wide sheet's row and a table's
    /// region row hold several), or with why the record gives none.
    pub(super) fn rows<E>(
        &mut self,
        line: u64,
        cells: &csv::StringRecord,
        mut each: impl FnMut(Result<&RowSpec, RowError>) -> Result<(), E>,
    ) -> Result<(), E> {
        let Shaper {
            shape,
            layout,
            roles,
            header,
            table,
            spec,
            table_rows,
        } = self;
        match (layout.as_ref(), *shape) {
            (Some(layout), _) if layout.value_columns().is_empty() => {
                each(genesis::row(layout, None, line, cells, spec).map(|()| &*spec))
            }
            (Some(layout), _) => {
                // The legacy layout: a value per value variable (an empty cell is counted by
                // the importer, as in every file).
                for column in layout.value_columns() {
                    each(genesis::row(layout, Some(column), line, cells, spec).map(|()| &*spec))?;
                }
                Ok(())
            }
            (None, Shape::GenesisTable) => match table.record(line, cells, table_rows) {
                Ok(()) => table_rows.iter().try_for_each(|row| each(Ok(row))),
                Err(error) => each(Err(error)),
            },
            (None, Shape::Wide) => {
                for column in &roles.period_columns {
                    let from = ValueFrom::Period(*column);
                    each(sheet_row(roles, header, line, cells, from, spec).map(|()| &*spec))?;
                }
                Ok(())
            }
            (None, _) if !roles.members.is_empty() => {
                for column in &roles.members {
                    let from = ValueFrom::Member(*column);
                    each(sheet_row(roles, header, line, cells, from, spec).map(|()| &*spec))?;
                }
                Ok(())
            }
            (None, _) if !roles.indicator_columns.is_empty() => {
                for column in &roles.indicator_columns {
                    let from = ValueFrom::Indicator(*column);
                    each(sheet_row(roles, header, line, cells, from, spec).map(|()| &*spec))?;
                }
                Ok(())
            }
            (None, _) => {
                let from = ValueFrom::Value;
                each(sheet_row(roles, header, line, cells, from, spec).map(|()| &*spec))
            }
        }
    }
}

pub(super) fn check_sheet_roles(
    path: &Path,
    roles: &Roles,
    shape: Shape,
) -> Result<(), ImportError> {
    let missing = |role: &str| ImportError::Setup {
        path: path.to_owned(),
        message: t!("import.sheet.missing_role", role = role),
    };
    if roles.indicator.is_none() && roles.indicator_columns.is_empty() {
        return Err(missing("indicator"));
    }
    if roles.region.is_none() {
        return Err(missing("region"));
    }
    if shape == Shape::Long && roles.period.is_none() && roles.fixed_period.is_none() {
        return Err(ImportError::Setup {
            path: path.to_owned(),
            message: t!("import.sheet.missing_period").to_owned(),
        });
    }
    if shape == Shape::Long
        && roles.value.is_none()
        && roles.members.is_empty()
        && roles.indicator_columns.is_empty()
    {
        return Err(missing("value"));
    }
    Ok(())
}

/// One row of a spreadsheet (for a wide sheet: the value in `period_column`).
pub(super) fn sheet_row(
    roles: &Roles,
    header: &[String],
    line: u64,
    cells: &csv::StringRecord,
    from: ValueFrom,
    out: &mut RowSpec,
) -> Result<(), (Option<usize>, String)> {
    let cell = |index: Option<usize>| {
        index
            .and_then(|i| cells.get(i))
            .map_or("", |c| crate::export::unneutralise(c.trim()))
    };
    out.clear();
    out.line = line;
    out.has_notes = roles.note.is_some();
    cell(roles.source).clone_into(&mut out.source);
    cell(roles.indicator).clone_into(&mut out.indicator_code);
    cell(roles.indicator_name).clone_into(&mut out.indicator_name);
    cell(roles.unit).clone_into(&mut out.unit);
    cell(roles.region).clone_into(&mut out.region_key);
    cell(roles.region_name).clone_into(&mut out.region_name);
    // `91 Berg Fidel`: key and name in one cell.
    if roles.region_name.is_none()
        && !roles.keep_region_cells
        && let Some((key, name)) = sheet::split_key_name(&out.region_key)
    {
        let (key, name) = (key.to_owned(), name.to_owned());
        out.region_key = key;
        out.region_name = name;
    }
    let (period, value_column) = match from {
        ValueFrom::Period(column) => (header[column].clone(), column),
        ValueFrom::Value => (
            cell(roles.period).to_owned(),
            roles.value.unwrap_or_default(),
        ),
        ValueFrom::Member(column) | ValueFrom::Indicator(column) => {
            (cell(roles.period).to_owned(), column)
        }
    };
    // A file without a period column: the period given for all its rows.
    let period = match (&roles.fixed_period, roles.period, from) {
        (Some(fixed), None, ValueFrom::Value | ValueFrom::Member(_) | ValueFrom::Indicator(_)) => {
            fixed.clone()
        }
        _ => period,
    };
    if let ValueFrom::Indicator(column) = from {
        header[column].trim().clone_into(&mut out.indicator_code);
    }
    // Dates as cities write them (`2023_12_31`, `31.12.2023`, `202012`); an impossible
    // date stays as it is, and the importer reports it by line.
    out.period = values::any_period_code(&period).unwrap_or(period);
    cell(Some(value_column)).clone_into(&mut out.value);
    out.value_column = value_column + 1;
    cell(roles.symbol).clone_into(&mut out.symbol);
    cell(roles.quality).clone_into(&mut out.quality);
    cell(roles.note).clone_into(&mut out.note);
    for pair in cell(roles.breakdown_key)
        .split(';')
        .filter(|pair| !pair.trim().is_empty())
    {
        let Some((dimension, member)) = pair.split_once('=') else {
            return Err((
                roles.breakdown_key.map(|c| c + 1),
                t!("store.error.breakdown_key", key = pair),
            ));
        };
        out.push_part(
            dimension.trim(),
            dimension.trim(),
            member.trim(),
            member.trim(),
        );
    }
    for (index, &column) in roles.levels.iter().enumerate() {
        let key = cell(Some(column));
        if !key.is_empty() {
            let name = cell(roles.level_names.get(index).copied().flatten());
            out.levels.push((
                header[column].trim().to_owned(),
                key.to_owned(),
                name.to_owned(),
            ));
        }
    }
    for column in &roles.breakdowns {
        let member = cell(Some(*column));
        if values::is_total(member) {
            continue;
        }
        out.push_part(&header[*column], &header[*column], member, member);
    }
    if let ValueFrom::Member(column) = from {
        let member = header[column].trim();
        if !values::is_total(member) {
            let dimension = roles.member_dimension.as_str();
            out.push_part(dimension, dimension, member, member);
        }
    }
    let needed = [roles.indicator, roles.region, Some(value_column)]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0);
    if cells.len() <= needed {
        return Err((
            None,
            t!(
                "import.row.too_few_fields",
                found = cells.len(),
                expected = needed + 1
            ),
        ));
    }
    if out.indicator_code.is_empty() {
        return Err((
            roles.indicator.map(|c| c + 1),
            t!("import.row.no_indicator").to_owned(),
        ));
    }
    if out.region_key.is_empty() {
        return Err((
            roles.region.map(|c| c + 1),
            t!("import.row.no_region").to_owned(),
        ));
    }
    Ok(())
}
