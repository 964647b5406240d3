//! Where imported tables came from (`table_source`): written with an import, in its
//! transaction, so that undoing the import forgets it too; read by `refresh` to fetch each
//! remembered table again.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::Result;

/// Where one import's table came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TableSource {
    /// The table's code at the statistics office (`12411-01-01-4`).
    pub table_code: String,
    /// The web service's name (`regionalstatistik`); empty for a downloaded file.
    pub service: String,
    /// The web service's base address (`https://…/genesisws/rest/2020/`); empty for a
    /// downloaded file.
    pub endpoint: String,
    /// What was asked for, as JSON (years, regional variable and keys, language).
    pub parameters: String,
    /// The table's title, as the service or the file names it.
    pub title: String,
    /// The edition's data date (`Stand`), as the service or the file's footer gives it.
    pub data_date: String,
    /// When it was fetched or imported: RFC 3339 in UTC.
    pub fetched_at: String,
}

/// A remembered table: its latest import not undone, and where that came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Remembered {
    /// The import that brought the table's latest edition.
    pub import_id: i64,
    /// Where it came from.
    pub source: TableSource,
}

/// Records the source of import `import_id` (inside the import's transaction).
pub fn insert(conn: &Connection, import_id: i64, source: &TableSource) -> Result<()> {
    conn.execute(
        "INSERT INTO table_source (import_id, table_code, service, endpoint, parameters, title, data_date, fetched_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            import_id,
            source.table_code,
            source.service,
            source.endpoint,
            source.parameters,
            source.title,
            source.data_date,
            source.fetched_at
        ],
    )?;
    Ok(())
}

/// Whether the file has the table (older files before their upgrade do not).
pub fn has_table(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'table_source')",
        [],
        |row| row.get(0),
    )?)
}

/// The source of import `import_id`, if it has one (a merge copies it with the import).
pub fn of_import(conn: &Connection, import_id: i64) -> Result<Option<TableSource>> {
    if !has_table(conn)? {
        return Ok(None);
    }
    Ok(rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT table_code, service, endpoint, parameters, title, data_date, fetched_at
         FROM table_source WHERE import_id = ?1",
        [import_id],
        |row| {
            Ok(TableSource {
                table_code: row.get(0)?,
                service: row.get(1)?,
                endpoint: row.get(2)?,
                parameters: row.get(3)?,
                title: row.get(4)?,
                data_date: row.get(5)?,
                fetched_at: row.get(6)?,
            })
        },
    ))?)
}

/// Every remembered table, by code: the source of its latest import whose action is done
/// (an undone import is forgotten with its values; a copy without history has no actions,
/// and its imports count as done).
pub fn remembered(conn: &Connection) -> Result<Vec<Remembered>> {
    if !has_table(conn)? {
        return Ok(Vec::new());
    }
    let mut statement = conn.prepare(
        "SELECT s.import_id, s.table_code, s.service, s.endpoint, s.parameters, s.title, s.data_date, s.fetched_at
         FROM table_source s
         JOIN import i ON i.id = s.import_id
         LEFT JOIN action a ON a.id = i.action_id
         WHERE coalesce(a.state, 'done') = 'done'
           AND s.import_id = (
             SELECT max(s2.import_id) FROM table_source s2
             JOIN import i2 ON i2.id = s2.import_id
             LEFT JOIN action a2 ON a2.id = i2.action_id
             WHERE coalesce(a2.state, 'done') = 'done' AND s2.table_code = s.table_code)
         ORDER BY s.table_code",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(Remembered {
            import_id: row.get(0)?,
            source: TableSource {
                table_code: row.get(1)?,
                service: row.get(2)?,
                endpoint: row.get(3)?,
                parameters: row.get(4)?,
                title: row.get(5)?,
                data_date: row.get(6)?,
                fetched_at: row.get(7)?,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The imports (not undone) of the table `table_code`: the values they wrote are the
/// table's values in the project.
pub fn imports_of(conn: &Connection, table_code: &str) -> Result<Vec<i64>> {
    if !has_table(conn)? {
        return Ok(Vec::new());
    }
    let mut statement = conn.prepare(
        "SELECT s.import_id FROM table_source s
         JOIN import i ON i.id = s.import_id
         LEFT JOIN action a ON a.id = i.action_id
         WHERE coalesce(a.state, 'done') = 'done' AND s.table_code = ?1
         ORDER BY s.import_id",
    )?;
    let ids = statement.query_map([table_code], |row| row.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::store;

    #[test]
    fn a_file_without_sources_remembers_nothing() {
        let store = store();
        assert!(remembered(store.conn()).unwrap().is_empty());
        assert!(imports_of(store.conn(), "12411-0001").unwrap().is_empty());
    }
}
