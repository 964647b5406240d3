//! Entity lists: every kind by its plural name, written with `id` and every field, enumeration
//! codes and lists as the importer reads them back.

use std::path::Path;

use rusqlite::Connection;
use serde_json::Value as Json;

use super::{Dialect, ExportError, Written, neutralise, write_file};
use crate::model::meta::{self, EntityDef, FieldType};

/// What can be exported as a list: every entity kind by its plural name, and observations.
#[must_use]
pub fn entity_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = meta::ALL.iter().map(|def| list_name(def)).collect();
    names.push("observations");
    names
}

/// The name of an entity kind's list, as `export` and `import --entity` take it (`goals`).
#[must_use]
pub fn list_name(def: &EntityDef) -> &'static str {
    match def.table {
        "project" => "project",
        "region" => "regions",
        "stakeholder" => "stakeholders",
        "working_group" => "working_groups",
        "working_group_member" => "working_group_members",
        "goal" => "goals",
        "measure" => "measures",
        "measure_milestone" => "milestones",
        "measure_partner" => "measure_partners",
        "measure_goal" => "measure_goals",
        "measure_region" => "measure_regions",
        "comparison_region" => "comparison_regions",
        "period" => "periods",
        "indicator" => "indicators",
        "indicator_goal" => "indicator_goals",
        "indicator_target" => "indicator_targets",
        "region_shape" => "region_shapes",
        "presentation" => "presentations",
        "slide" => "slides",
        "idea" => "ideas",
        "vote" => "votes",
        "mapping" => "mappings",
        other => other,
    }
}

/// The definition behind a plural name (`stakeholders`, `working-groups` …).
#[must_use]
pub fn entity_by_name(name: &str) -> Option<&'static EntityDef> {
    let name = name.replace('-', "_");
    meta::ALL.iter().copied().find(|def| list_name(def) == name)
}

fn cell_text(field: &meta::FieldDef, value: &Json, dialect: Dialect) -> String {
    match (field.ty, value) {
        (_, Json::Null) => String::new(),
        (FieldType::Real, Json::Number(n)) => {
            n.as_f64().map(|v| dialect.number(v)).unwrap_or_default()
        }
        (FieldType::Bool, Json::Bool(flag)) => {
            if *flag {
                "1".into()
            } else {
                "0".into()
            }
        }
        (FieldType::List, Json::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map_or_else(|| item.to_string(), str::to_owned)
            })
            .collect::<Vec<_>>()
            .join("; "),
        (_, Json::String(text)) => neutralise(text).into_owned(),
        (_, other) => other.to_string(),
    }
}

/// Exports every entity of a kind: `id` (its identity) and every field.
pub fn export_entities(
    conn: &Connection,
    def: &EntityDef,
    path: &Path,
    dialect: Dialect,
) -> Result<Written, ExportError> {
    let rows = crate::store::entity::read_all(conn, def)?;
    write_file(path, dialect, |writer| {
        let mut header = vec!["id"];
        header.extend(def.fields.iter().map(|field| field.name));
        writer.write_record(&header)?;
        for row in &rows {
            let mut record = vec![
                row.get(def.identity)
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            ];
            record.extend(def.fields.iter().map(|field| {
                cell_text(field, row.get(field.name).unwrap_or(&Json::Null), dialect)
            }));
            writer.write_record(&record)?;
        }
        Ok(rows.len() as u64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_has_a_name() {
        for def in crate::model::meta::ALL {
            assert_eq!(
                entity_by_name(list_name(def)).map(|d| d.table),
                Some(def.table)
            );
        }
    }
}
