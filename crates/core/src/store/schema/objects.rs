//! A schema's objects (tables, indexes) as SQLite keeps them, with their SQL normalised
//! so that two schemas compare by meaning; the current version's, made once from
//! `schema.sql`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rusqlite::Connection;

use super::SCHEMA;

/// One object of a schema: its type and its SQL with comments and spacing normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    /// SQLite's type of the object (`table`, `index`, `trigger`, `view`).
    pub kind: String,
    /// Its SQL, normalised by [`normalise_sql`]; `None` when `sqlite_schema` holds none.
    pub sql: Option<String>,
}

/// Object name → object, for the current version.
pub(super) fn current_objects() -> &'static BTreeMap<String, Object> {
    static OBJECTS: OnceLock<BTreeMap<String, Object>> = OnceLock::new();
    OBJECTS.get_or_init(|| {
        let conn = Connection::open_in_memory().expect("an in-memory database opens");
        conn.execute_batch(SCHEMA)
            .expect("schema.sql is valid SQL (tested)");
        objects(&conn).expect("the schema of an in-memory database can be read")
    })
}

/// Strips `--` comments and collapses white space, so that SQL text compares by meaning.
#[must_use]
pub fn normalise_sql(sql: &str) -> String {
    sql.lines()
        .map(|line| line.split_once("--").map_or(line, |(code, _)| code))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("( ", "(")
        .replace(" )", ")")
}

/// The user-visible objects of a database (SQLite's internal ones left out).
pub fn objects(conn: &Connection) -> rusqlite::Result<BTreeMap<String, Object>> {
    let mut statement = conn.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY name")?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut objects = BTreeMap::new();
    for row in rows {
        let (kind, name, sql) = row?;
        if name.starts_with("sqlite_autoindex_")
            || matches!(
                name.as_str(),
                "sqlite_sequence" | "sqlite_stat1" | "sqlite_stat4"
            )
        {
            continue;
        }
        objects.insert(
            name,
            Object {
                kind,
                sql: sql.as_deref().map(normalise_sql),
            },
        );
    }
    Ok(objects)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_strict_and_complete() {
        let objects = current_objects();
        for table in [
            "project",
            "region",
            "stakeholder",
            "working_group",
            "working_group_member",
            "goal",
            "measure",
            "measure_milestone",
            "measure_partner",
            "measure_goal",
            "measure_region",
            "period",
            "indicator",
            "indicator_goal",
            "indicator_target",
            "dimension",
            "dimension_member",
            "breakdown",
            "breakdown_member",
            "symbol",
            "region_shape",
            "presentation",
            "slide",
            "idea",
            "vote",
            "mapping",
            "import",
            "import_source",
            "table_source",
            "observation",
            "counter",
            "action",
            "change",
        ] {
            let object = objects
                .get(table)
                .unwrap_or_else(|| panic!("no table {table}"));
            assert!(
                object.sql.as_deref().unwrap().contains("STRICT"),
                "{table} is not STRICT"
            );
        }
        assert!(objects.contains_key("goal_by_parent"));
    }

    #[test]
    fn normalising_ignores_comments_and_spacing() {
        assert_eq!(
            normalise_sql("CREATE TABLE t (\n  a -- x\n  INTEGER\n)"),
            "CREATE TABLE t (a INTEGER)"
        );
    }
}
