//! An entity list as a workbook: one sheet, the same columns as its CSV.

use std::collections::BTreeSet;
use std::path::Path;

use rusqlite::Connection;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value as Json;

use super::cells::{Formats, Widths, header, save, sheet_name, text};
use crate::export::{ExportError, Written};
use crate::model::meta::{EntityDef, FieldType};

/// Exports every entity of a kind as a one-sheet workbook: `id` and every field, numbers
/// typed, everything else as text the importer reads back.
pub(crate) fn export_entities(
    conn: &Connection,
    def: &EntityDef,
    path: &Path,
) -> Result<Written, ExportError> {
    let rows = crate::store::entity::read_all(conn, def)?;
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let sheet = workbook.add_worksheet_with_low_memory();
    sheet.set_name(sheet_name(
        crate::export::list_name(def),
        &mut BTreeSet::new(),
    ))?;
    let mut widths = Widths::default();
    let mut columns = vec!["id"];
    columns.extend(def.fields.iter().map(|field| field.name));
    header(sheet, &columns, &formats, &mut widths)?;
    let general = Format::new();
    let mut at_row = 0;
    for row in &rows {
        at_row += 1;
        let id = row
            .get(def.identity)
            .and_then(Json::as_str)
            .unwrap_or_default();
        text(sheet, at_row, 0, id, &mut widths)?;
        for (index, field) in def.fields.iter().enumerate() {
            let column = (index + 1) as u16;
            match (field.ty, row.get(field.name).unwrap_or(&Json::Null)) {
                (_, Json::Null) => {}
                (FieldType::Real | FieldType::Int, Json::Number(number)) => {
                    if let Some(number) = number.as_f64() {
                        sheet.write_number_with_format(at_row, column, number, &general)?;
                        widths.number(column, number, 2);
                    }
                }
                (FieldType::Bool, Json::Bool(flag)) => {
                    sheet.write_number_with_format(
                        at_row,
                        column,
                        f64::from(u8::from(*flag)),
                        &general,
                    )?;
                    widths.note(column, 1);
                }
                (FieldType::List, Json::Array(items)) => {
                    let joined = items
                        .iter()
                        .map(|item| {
                            item.as_str()
                                .map_or_else(|| item.to_string(), str::to_owned)
                        })
                        .collect::<Vec<_>>()
                        .join("; ");
                    text(sheet, at_row, column, &joined, &mut widths)?;
                }
                (_, Json::String(value)) => text(sheet, at_row, column, value, &mut widths)?,
                (_, other) => text(sheet, at_row, column, &other.to_string(), &mut widths)?,
            }
        }
    }
    widths.finish(sheet, at_row)?;
    save(workbook, path, rows.len() as u64)
}
