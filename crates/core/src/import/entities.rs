//! Entity lists in the shape `export` writes them (`id` and the fields): a planner edits a
//! list in a spreadsheet and brings it back. Rows are matched by `id` where given, else by
//! name (or code, key, title); a row with an empty `id` and no match is new. Every change
//! goes through the change log, so it can be undone and merged like an edit in the window.

use std::collections::HashMap;

use serde_json::{Map, Value as Json};

use super::Report;
use super::values::{Decimal, parse_number};
use crate::model::meta::{EntityDef, EntityKind, FieldType};
use crate::store::{Result, StoreError, Tx};
use crate::t;

/// The allowed codes of the fields that hold an enumeration.
fn allowed_codes(def: &EntityDef, field: &str) -> Option<Vec<&'static str>> {
    let codes = def.fields.iter().find(|f| f.name == field)?.codes?;
    Some((codes.all)())
}

/// The field a row without `id` is matched by.
fn match_field(def: &EntityDef) -> &'static str {
    match def.kind {
        EntityKind::Indicator | EntityKind::Period => "code",
        EntityKind::Region => "key",
        _ => def.label_field,
    }
}

/// Reads an entity list's rows into the project.
pub struct EntityImporter<'t, 'c> {
    tx: &'t Tx<'c>,
    def: &'static EntityDef,
    /// Column index of each known field, and of `id`.
    columns: Vec<(usize, &'static crate::model::meta::FieldDef)>,
    id_column: Option<usize>,
    nullable: HashMap<String, bool>,
    decimal: Decimal,
}

impl<'t, 'c> EntityImporter<'t, 'c> {
    /// Maps the header; unknown columns are reported once as warnings by the caller.
    pub fn new(
        tx: &'t Tx<'c>,
        def: &'static EntityDef,
        header: &[String],
        decimal: Decimal,
    ) -> Result<(Self, Vec<String>)> {
        let mut columns = Vec::new();
        let mut unknown = Vec::new();
        let mut id_column = None;
        for (index, name) in header.iter().enumerate() {
            let name = name.trim();
            if name == "id" || name == def.identity && def.identity != "code" {
                id_column = Some(index);
            } else if let Some(field) = def.fields.iter().find(|f| f.name == name) {
                columns.push((index, field));
            } else if !(def.identity == "code" && name == "code") {
                unknown.push(name.to_owned());
            }
            if def.identity == "code" && name == "code" {
                id_column = Some(index);
            }
        }
        let mut nullable = HashMap::new();
        let mut statement = tx
            .conn()
            .prepare(&format!("PRAGMA table_info(\"{}\")", def.table))?;
        for row in statement.query_map([], |row| {
            Ok((row.get::<_, String>(1)?, row.get::<_, i64>(3)?))
        })? {
            let (column, not_null) = row?;
            nullable.insert(column, not_null == 0);
        }
        Ok((
            EntityImporter {
                tx,
                def,
                columns,
                id_column,
                nullable,
                decimal,
            },
            unknown,
        ))
    }

    fn cell_to_json(
        &self,
        field: &crate::model::meta::FieldDef,
        cell: &str,
    ) -> std::result::Result<Json, String> {
        let cell = crate::export::unneutralise(cell.trim());
        let nullable = self.nullable.get(&field.column()).copied().unwrap_or(true);
        if cell.is_empty() {
            return Ok(match field.ty {
                FieldType::Text if !nullable => Json::String(String::new()),
                FieldType::List => Json::Array(Vec::new()),
                FieldType::Bool => Json::Bool(false),
                _ => Json::Null,
            });
        }
        let allowed = allowed_codes(self.def, field.name);
        let check = |code: &str| -> std::result::Result<(), String> {
            match &allowed {
                Some(allowed) if !allowed.contains(&code) => Err(t!(
                    "import.entity.bad_code",
                    value = code,
                    field = field.name,
                    allowed = allowed.join(", ")
                )),
                _ => Ok(()),
            }
        };
        Ok(match field.ty {
            FieldType::Text | FieldType::Ref(_) => {
                check(cell)?;
                Json::String(cell.to_owned())
            }
            FieldType::Int => match cell.parse::<i64>() {
                Ok(number) => Json::from(number),
                Err(_) => {
                    return Err(t!(
                        "import.entity.not_integer",
                        value = cell,
                        field = field.name
                    ));
                }
            },
            FieldType::Real => match parse_number(cell, self.decimal) {
                Some(number) => Json::from(number),
                None => {
                    return Err(t!(
                        "import.entity.not_number",
                        value = cell,
                        field = field.name
                    ));
                }
            },
            FieldType::Bool => match cell.to_lowercase().as_str() {
                "1" | "true" | "ja" | "yes" | "x" => Json::Bool(true),
                "0" | "false" | "nein" | "no" => Json::Bool(false),
                _ => {
                    return Err(t!(
                        "import.entity.not_bool",
                        value = cell,
                        field = field.name
                    ));
                }
            },
            FieldType::List => {
                let mut items = Vec::new();
                for item in cell
                    .split(';')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                {
                    check(item)?;
                    items.push(Json::String(item.to_owned()));
                }
                Json::Array(items)
            }
        })
    }

    /// Applies one row; problems go to the report.
    pub fn row(&self, line: u64, cells: &csv::StringRecord, report: &mut Report) -> Result<()> {
        let mut fields = Map::new();
        let mut given = Map::new();
        for (index, field) in &self.columns {
            let cell = cells.get(*index).unwrap_or_default();
            match self.cell_to_json(field, cell) {
                Ok(value) => {
                    if !cell.trim().is_empty() {
                        given.insert(field.name.to_owned(), value.clone());
                    }
                    fields.insert(field.name.to_owned(), value);
                }
                Err(message) => {
                    report.problem(line, Some(index + 1), message, false);
                    return Ok(());
                }
            }
        }
        let id = self
            .id_column
            .and_then(|index| cells.get(index))
            .map(|c| c.trim().to_owned())
            .unwrap_or_default();
        let key = if id.is_empty() {
            self.find_by_match_field(&fields)?
        } else {
            Some(id.clone())
        };
        let existing = match &key {
            Some(key) => crate::store::entity::read(self.tx.conn(), self.def, key)?,
            None => None,
        };
        let outcome = self.tx.savepoint(|tx| {
            if existing.is_some() {
                let key = key.clone().unwrap_or_default();
                tx.update_fields(self.def, &key, &fields).map(|changed| {
                    if changed {
                        Done::Updated
                    } else {
                        Done::Unchanged
                    }
                })
            } else {
                // A new row: empty cells take the defaults.
                let mut row = given.clone();
                if self.def.kind == EntityKind::Period
                    && let Some(period) = crate::store::periods::parse_code(&id)
                    && let Ok(Json::Object(derived)) = serde_json::to_value(&period)
                {
                    for (name, value) in derived {
                        row.entry(name).or_insert(value);
                    }
                }
                let key = if id.is_empty() {
                    if self.def.identity == "uuid" {
                        crate::model::new_uuid().to_string()
                    } else {
                        String::new()
                    }
                } else {
                    id.clone()
                };
                row.insert(self.def.identity.to_owned(), Json::String(key));
                tx.insert_row(self.def, &row).map(|()| Done::Inserted)
            }
        });
        match outcome {
            Ok(Done::Inserted) => report.inserted += 1,
            Ok(Done::Updated) => report.updated += 1,
            Ok(Done::Unchanged) => report.unchanged += 1,
            Err(StoreError::Sql(error)) => report.problem(
                line,
                None,
                t!("import.entity.refused", error = error),
                false,
            ),
            Err(error @ (StoreError::Invalid { .. } | StoreError::NotFoundEntity { .. })) => {
                report.problem(line, None, error.to_string(), false);
            }
            Err(error) => return Err(error),
        }
        Ok(())
    }

    fn find_by_match_field(&self, fields: &Map<String, Json>) -> Result<Option<String>> {
        let field = match_field(self.def);
        let Some(Json::String(value)) = fields.get(field) else {
            return Ok(None);
        };
        if value.is_empty() {
            return Ok(None);
        }
        let sql = format!(
            "SELECT \"{}\" FROM \"{}\" WHERE \"{field}\" = ?1 LIMIT 2",
            self.def.identity, self.def.table
        );
        let mut statement = self.tx.conn().prepare(&sql)?;
        let keys: Vec<String> = statement
            .query_map([value], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(if keys.len() == 1 {
            keys.into_iter().next()
        } else {
            None
        })
    }
}

enum Done {
    Inserted,
    Updated,
    Unchanged,
}
