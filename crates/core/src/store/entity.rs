//! Reading and writing any entity as a JSON object of its fields, driven by
//! [`crate::model::meta`]. References appear as the referenced entity's identity (UUID or
//! natural key), never as the file's integer ids, so that rows compare across copies.

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use serde_json::{Map, Value as Json};

use serde::Serialize;

use super::{Result, StoreError};
use crate::model::meta::{EntityDef, EntityKind, FieldDef, FieldType};

/// An entity's fields as JSON, with its identity under the identity column's name.
pub type Row = Map<String, Json>;

/// The fields of `def` the file's table has: an older file looked at without upgrading it
/// lacks the columns later versions added (they read as absent, and take their defaults).
fn present(conn: &Connection, def: &EntityDef) -> Result<Vec<bool>> {
    let mut statement = conn.prepare_cached("SELECT name FROM pragma_table_info(?1)")?;
    let columns: std::collections::HashSet<String> = statement
        .query_map([def.table], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(def
        .fields
        .iter()
        .map(|field| columns.contains(field.column().as_str()))
        .collect())
}

fn select_list(def: &EntityDef, present: &[bool]) -> String {
    let mut columns = vec![format!("t.\"{}\"", def.identity)];
    for (field, &there) in def.fields.iter().zip(present) {
        if !there {
            columns.push("NULL".to_owned());
            continue;
        }
        columns.push(match field.ty {
            FieldType::Ref(kind) => {
                let target = kind.def();
                format!(
                    "(SELECT r.\"{}\" FROM \"{}\" r WHERE r.id = t.\"{}\")",
                    target.identity,
                    target.table,
                    field.column()
                )
            }
            _ => format!("t.\"{}\"", field.column()),
        });
    }
    columns.join(", ")
}

fn to_json(field: &FieldDef, value: ValueRef<'_>) -> Result<Json> {
    Ok(match (field.ty, value) {
        (_, ValueRef::Null | ValueRef::Blob(_)) => Json::Null,
        (FieldType::Bool, ValueRef::Integer(i)) => Json::Bool(i != 0),
        (FieldType::List, ValueRef::Text(text)) => serde_json::from_slice(text)?,
        (_, ValueRef::Integer(i)) => Json::from(i),
        (_, ValueRef::Real(r)) => Json::from(r),
        (_, ValueRef::Text(text)) => Json::String(String::from_utf8_lossy(text).into_owned()),
    })
}

/// Reads one entity by identity.
pub fn read(conn: &Connection, def: &EntityDef, key: &str) -> Result<Option<Row>> {
    let present = present(conn, def)?;
    let sql = format!(
        "SELECT {} FROM \"{}\" t WHERE t.\"{}\" = ?1",
        select_list(def, &present),
        def.table,
        def.identity
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let row = statement
        .query_row([key], |row| {
            let mut values = Vec::with_capacity(def.fields.len() + 1);
            for index in 0..=def.fields.len() {
                values.push(row.get::<_, Value>(index)?);
            }
            Ok(values)
        })
        .optional()?;
    let Some(values) = row else { return Ok(None) };
    let mut object = Map::new();
    object.insert(def.identity.to_owned(), Json::String(key.to_owned()));
    for ((field, value), there) in def.fields.iter().zip(values.iter().skip(1)).zip(&present) {
        // A column the file does not have yet is left out: the type's default stands in.
        if *there {
            object.insert(
                field.name.to_owned(),
                to_json(field, ValueRef::from(value))?,
            );
        }
    }
    Ok(Some(object))
}

/// Reads every entity of a kind, ordered by identity.
pub fn read_all(conn: &Connection, def: &EntityDef) -> Result<Vec<Row>> {
    let sql = format!(
        "SELECT \"{}\" FROM \"{}\" ORDER BY 1",
        def.identity, def.table
    );
    let mut statement = conn.prepare(&sql)?;
    let keys = statement
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut rows = Vec::with_capacity(keys.len());
    for key in keys {
        if let Some(row) = read(conn, def, &key)? {
            rows.push(row);
        }
    }
    Ok(rows)
}

/// The integer id of an entity by identity.
pub fn id_of(conn: &Connection, kind: EntityKind, key: &str) -> Result<Option<i64>> {
    let def = kind.def();
    let sql = format!(
        "SELECT id FROM \"{}\" WHERE \"{}\" = ?1",
        def.table, def.identity
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([key], |row| row.get(0))
        .optional()?)
}

fn to_sql(conn: &Connection, field: &FieldDef, value: &Json) -> Result<Value> {
    let invalid = |what: &str| StoreError::Invalid {
        message: crate::t!(
            "store.error.field_type",
            field = field.name,
            expected = what
        ),
    };
    Ok(match (field.ty, value) {
        (_, Json::Null) => Value::Null,
        (FieldType::Text, Json::String(text)) => Value::Text(text.clone()),
        (FieldType::Int, Json::Number(number)) => {
            Value::Integer(number.as_i64().ok_or_else(|| invalid("integer"))?)
        }
        (FieldType::Real, Json::Number(number)) => {
            Value::Real(number.as_f64().ok_or_else(|| invalid("number"))?)
        }
        (FieldType::Bool, Json::Bool(flag)) => Value::Integer(i64::from(*flag)),
        (FieldType::List, Json::Array(_)) => Value::Text(value.to_string()),
        (FieldType::Ref(kind), Json::String(key)) => match id_of(conn, kind, key)? {
            Some(id) => Value::Integer(id),
            None => {
                return Err(StoreError::NotFoundEntity {
                    kind: kind.code(),
                    key: key.clone(),
                });
            }
        },
        (FieldType::Text, _) => return Err(invalid("text")),
        (FieldType::Int, _) => return Err(invalid("integer")),
        (FieldType::Real, _) => return Err(invalid("number")),
        (FieldType::Bool, _) => return Err(invalid("true/false")),
        (FieldType::List, _) => return Err(invalid("list")),
        (FieldType::Ref(_), _) => return Err(invalid("reference")),
    })
}

/// The identity of a row object.
pub fn key_of(def: &EntityDef, row: &Row) -> Result<String> {
    match row.get(def.identity) {
        Some(Json::String(key)) if !key.is_empty() => Ok(key.clone()),
        _ => Err(StoreError::Invalid {
            message: crate::t!(
                "store.error.no_identity",
                kind = def.kind.code(),
                field = def.identity
            ),
        }),
    }
}

/// Inserts an entity from a row object; fields it lacks take the schema's defaults.
pub fn insert(conn: &Connection, def: &EntityDef, row: &Row) -> Result<()> {
    let key = key_of(def, row)?;
    let mut columns = vec![format!("\"{}\"", def.identity)];
    let mut values = vec![Value::Text(key)];
    for field in def.fields {
        let Some(value) = row.get(field.name) else {
            continue;
        };
        columns.push(format!("\"{}\"", field.column()));
        values.push(to_sql(conn, field, value)?);
    }
    let placeholders: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO \"{}\" ({}) VALUES ({})",
        def.table,
        columns.join(", "),
        placeholders.join(", ")
    );
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(values.iter().map(value_ref)))?;
    Ok(())
}

fn value_ref(value: &Value) -> ToSqlOutput<'_> {
    ToSqlOutput::Borrowed(ValueRef::from(value))
}

/// Sets the given fields of an entity.
pub fn update(conn: &Connection, def: &EntityDef, key: &str, fields: &Row) -> Result<()> {
    let mut assignments = Vec::new();
    let mut values = Vec::new();
    for field in def.fields {
        if let Some(value) = fields.get(field.name) {
            values.push(to_sql(conn, field, value)?);
            assignments.push(format!("\"{}\" = ?{}", field.column(), values.len()));
        }
    }
    if assignments.is_empty() {
        return Ok(());
    }
    values.push(Value::Text(key.to_owned()));
    let sql = format!(
        "UPDATE \"{}\" SET {} WHERE \"{}\" = ?{}",
        def.table,
        assignments.join(", "),
        def.identity,
        values.len()
    );
    let changed = conn
        .prepare_cached(&sql)?
        .execute(params_from_iter(values.iter().map(value_ref)))?;
    if changed == 0 {
        return Err(StoreError::NotFoundEntity {
            kind: def.kind.code(),
            key: key.to_owned(),
        });
    }
    Ok(())
}

/// Deletes one entity (nothing else; see [`dependents`]).
pub fn delete(conn: &Connection, def: &EntityDef, key: &str) -> Result<()> {
    let sql = format!(
        "DELETE FROM \"{}\" WHERE \"{}\" = ?1",
        def.table, def.identity
    );
    conn.prepare_cached(&sql)?.execute([key])?;
    Ok(())
}

/// What refers to an entity: `(kind, field, identity)` of every row with a reference to it.
pub fn dependents(
    conn: &Connection,
    kind: EntityKind,
    key: &str,
) -> Result<Vec<(EntityKind, &'static FieldDef, String)>> {
    let Some(id) = id_of(conn, kind, key)? else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    for def in crate::model::meta::ALL {
        for field in def.fields {
            if field.ty == FieldType::Ref(kind) {
                let sql = format!(
                    "SELECT \"{}\" FROM \"{}\" WHERE \"{}\" = ?1 ORDER BY 1",
                    def.identity,
                    def.table,
                    field.column()
                );
                let mut statement = conn.prepare_cached(&sql)?;
                for row in statement.query_map([id], |row| row.get::<_, String>(0))? {
                    found.push((def.kind, field, row?));
                }
            }
        }
    }
    Ok(found)
}

/// Every entity of a kind as its model struct, ordered by identity.
pub fn list<T: Entity + serde::de::DeserializeOwned>(conn: &Connection) -> Result<Vec<T>> {
    read_all(conn, T::def())?
        .into_iter()
        .map(|row| Ok(serde_json::from_value(Json::Object(row))?))
        .collect()
}

/// One entity as its model struct.
pub fn get<T: Entity + serde::de::DeserializeOwned>(
    conn: &Connection,
    key: &str,
) -> Result<Option<T>> {
    match read(conn, T::def(), key)? {
        Some(row) => Ok(Some(serde_json::from_value(Json::Object(row))?)),
        None => Ok(None),
    }
}

/// A model struct the store can write: it serialises to its definition's fields.
pub trait Entity: Serialize {
    /// The definition of its entity kind: table, identity and fields.
    fn def() -> &'static EntityDef;
}

macro_rules! entity {
    ($type:ty, $def:ident) => {
        impl Entity for $type {
            fn def() -> &'static EntityDef {
                &crate::model::meta::$def
            }
        }
    };
}

entity!(crate::model::Project, PROJECT);
entity!(crate::model::Region, REGION);
entity!(crate::model::Stakeholder, STAKEHOLDER);
entity!(crate::model::WorkingGroup, WORKING_GROUP);
entity!(crate::model::WorkingGroupMember, WORKING_GROUP_MEMBER);
entity!(crate::model::Goal, GOAL);
entity!(crate::model::Measure, MEASURE);
entity!(crate::model::Milestone, MILESTONE);
entity!(crate::model::MeasurePartner, MEASURE_PARTNER);
entity!(crate::model::MeasureGoal, MEASURE_GOAL);
entity!(crate::model::MeasureRegion, MEASURE_REGION);
entity!(crate::model::ComparisonRegion, COMPARISON_REGION);
entity!(crate::model::Period, PERIOD);
entity!(crate::model::Indicator, INDICATOR);
entity!(crate::model::IndicatorGoal, INDICATOR_GOAL);
entity!(crate::model::IndicatorTarget, INDICATOR_TARGET);
entity!(crate::model::RegionShape, REGION_SHAPE);
entity!(crate::model::Presentation, PRESENTATION);
entity!(crate::model::Slide, SLIDE);
entity!(crate::model::Idea, IDEA);
entity!(crate::model::Vote, VOTE);
entity!(crate::model::Mapping, MAPPING);

pub(super) fn to_row<T: Entity>(entity: &T) -> Result<Row> {
    match serde_json::to_value(entity)? {
        Json::Object(row) => Ok(row),
        _ => Err(StoreError::Invalid {
            message: "entity did not serialise to an object".to_owned(),
        }),
    }
}
