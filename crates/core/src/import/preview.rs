//! What the import wizard shows before anything is applied: the first values as they will
//! be stored, and the columns' roles.

use super::records::{Next, Records, detect};
use super::row::RowSpec;
use super::shape::Shaper;
use super::sheet::Role;
use super::sniff::{Detected, Shape};
use super::values::{Decimal, Symbols};
use super::{ImportError, Options, values};
use crate::t;
use serde::Serialize;
use std::path::Path;

/// One row of the preview: a value as it will be stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PreviewRow {
    /// The physical line in the file (1-based).
    pub line: u64,
    /// The indicator's name as the file gives it, else its code.
    pub indicator: String,
    /// The region's key as the file gives it (not yet matched to the project's regions).
    pub region: String,
    /// The region's name, where the file gives one.
    pub region_name: String,
    /// The period's code as the file gives it.
    pub period: String,
    /// `DIMENSION=member` pairs, `;`-separated; empty for the total.
    pub breakdown: String,
    /// The number; `None` for a symbol that stands for a missing number, or a row that
    /// would be rejected.
    pub value: Option<f64>,
    /// The statistics symbol stored with the value (`.`, `x`, `-`, `()` …).
    pub symbol: Option<String>,
    /// The quality flag (`p`, `r`, `e`, `s`), from the value cell or the quality column.
    pub quality: Option<String>,
    /// Why the row would be rejected.
    pub problem: Option<String>,
}

impl PreviewRow {
    /// A value row as it will be stored, with the reason it would be rejected.
    pub(super) fn of(spec: &RowSpec, decimal: Decimal, symbols: &Symbols) -> PreviewRow {
        let cell = if spec.value.is_empty() {
            spec.symbol.as_str()
        } else {
            spec.value.as_str()
        };
        let mut row = PreviewRow {
            line: spec.line,
            indicator: if spec.indicator_name.is_empty() {
                spec.indicator_code.clone()
            } else {
                spec.indicator_name.clone()
            },
            region: spec.region_key.clone(),
            region_name: spec.region_name.clone(),
            period: spec.period.clone(),
            breakdown: spec
                .breakdown()
                .iter()
                .map(|p| format!("{}={}", p.dimension_label, p.member_label))
                .collect::<Vec<_>>()
                .join("; "),
            ..PreviewRow::default()
        };
        match values::parse_value(cell, decimal, symbols) {
            Ok(Some(value)) => {
                row.value = value.number;
                row.symbol = value.symbol;
                row.quality = if spec.quality.is_empty() {
                    value.quality
                } else {
                    Some(spec.quality.clone())
                };
            }
            Ok(None) => row.problem = Some(t!("import.row.empty_value").to_owned()),
            Err(values::ValueError(message)) => row.problem = Some(message),
        }
        if crate::store::periods::parse_code(&spec.period).is_none() {
            row.problem = Some(super::sheet::period_problem(&spec.period));
        }
        row
    }
}

/// What the import wizard shows before anything is applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    /// How the file is written, as detected (or set in the options).
    pub detected: Detected,
    /// The first values as they will be stored.
    pub rows: Vec<PreviewRow>,
    /// Spreadsheets only: each column's header and role (`None`: a period column).
    pub columns: Vec<(String, Option<Role>)>,
    /// The workbook's sheet shown; `None` for a text file.
    pub sheet: Option<String>,
}

/// The preview of a text file.
pub(super) fn preview_text(
    path: &Path,
    options: &Options,
    limit: usize,
) -> Result<Preview, ImportError> {
    let (detected, header) = detect(path, options)?;
    // Without a project the preview cannot match region keys.
    let mut shaper = Shaper::new(
        path,
        detected,
        header,
        options,
        &std::collections::HashSet::new(),
    )?;
    let mut records = Records::open(path, detected, std::sync::Arc::default())?;
    let symbols = Symbols::defaults();
    let mut rows = Vec::new();
    while rows.len() < limit {
        let line = match records.next() {
            Next::Row(line) => line,
            Next::Unreadable { line, message, .. } => {
                rows.push(PreviewRow {
                    line,
                    problem: Some(message),
                    ..PreviewRow::default()
                });
                continue;
            }
            Next::End => break,
        };
        shaper
            .rows(line, records.cells(), |row| {
                rows.push(match row {
                    // An empty cell is no observation: nothing to show.
                    Ok(spec) if spec.value.is_empty() && spec.symbol.is_empty() => return Ok(()),
                    Ok(spec) => PreviewRow::of(spec, detected.decimal, &symbols),
                    Err((_, message)) => PreviewRow {
                        line,
                        problem: Some(message),
                        ..PreviewRow::default()
                    },
                });
                Ok::<(), std::convert::Infallible>(())
            })
            .unwrap_or_else(|never| match never {});
    }
    rows.truncate(limit);
    let columns = match detected.shape {
        Shape::Long | Shape::Wide => shaper
            .header
            .iter()
            .enumerate()
            .map(|(index, name)| (name.clone(), shaper.roles.role_of(index)))
            .collect(),
        _ => Vec::new(),
    };
    Ok(Preview {
        detected,
        rows,
        columns,
        sheet: None,
    })
}
