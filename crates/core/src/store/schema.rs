//! The schema: creating it, checking a file against it, and upgrading older files.
//!
//! `schema.sql` at the root of this crate is the one source of the current schema. An older
//! version's schema is the current one without the objects later upgrade steps add (see
//! [`STEPS`]); a step that changes an existing table must add that table's old text here.
//!
//! The upgrade is tested on projects as the older versions wrote them, frozen as SQL dumps
//! in `tests/fixtures/version-N.sql` (see `upgrade_tests`): a new version's step comes with a
//! dump of the version before it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rusqlite::Connection;
use rusqlite::config::DbConfig;

use super::{APPLICATION_ID, Result, StoreError};

/// The schema this build creates.
pub const SCHEMA: &str = include_str!("../../schema.sql");

/// The schema version this build writes.
pub const CURRENT_VERSION: i32 = 10;

/// One upgrade step from `from` to `from + 1`. A step adds objects exactly as `schema.sql`
/// creates them, so their SQL is taken from there and never written twice; a step that
/// only widens a table's constraints (a CHECK that allows one more value) gives the table's
/// SQL before it, and the upgrade writes the new SQL in place, as SQLite documents for
/// changes that leave the stored rows valid.
pub struct Step {
    /// The version the step upgrades from.
    pub from: i32,
    /// The objects (tables, indexes) the step creates, in the order to create them
    /// (tables before their indexes); absent from older files.
    pub adds: &'static [&'static str],
    /// The tables whose constraints the step widens, each with its SQL before the step.
    pub widens: &'static [(&'static str, &'static str)],
    /// What the step does to the rows once its objects are in place.
    pub then: Option<fn(&Connection) -> Result<()>>,
}

/// Every upgrade step, oldest first.
pub const STEPS: &[Step] = &[
    // Version 2 keeps the statistics symbols as data, so other offices' signs can be added.
    Step {
        from: 1,
        adds: &["symbol"],
        widens: &[],
        then: Some(super::symbols::insert_defaults),
    },
    // Version 3 adds region boundaries for maps, and workshop mode: presentations, slides,
    // ideas and votes.
    Step {
        from: 2,
        adds: &[
            "region_shape",
            "presentation",
            "slide",
            "slide_by_presentation",
            "idea",
            "idea_by_slide",
            "vote",
        ],
        widens: &[],
        then: None,
    },
    // Version 4 keeps planners' saved column roles (`mapping`), so next year's file imports
    // in one step, and an official table's data date and licence with its import.
    Step {
        from: 3,
        adds: &["mapping", "import_source"],
        widens: &[],
        then: None,
    },
    // Version 5 adds the Regierungsbezirk as a region level (`administrative_district`).
    Step {
        from: 4,
        adds: &[],
        widens: &[("region", REGION_BEFORE_5)],
        then: Some(regierungsbezirke),
    },
    // Version 6 records which of another copy's actions a merge absorbed (re-merging is a
    // no-op).
    Step {
        from: 5,
        adds: &["absorbed"],
        widens: &[],
        then: None,
    },
    // Version 7 adds computed indicators (`indicator.formula`), marks indicators whose
    // values are counts (`indicator.counts`) and keeps the project's rule for protecting
    // small counts (`project.protect_min_count`). The columns come last with a default (or
    // NULL), which is what ALTER TABLE ADD COLUMN does: the stored rows stay valid and read
    // the default.
    Step {
        from: 6,
        adds: &[],
        widens: &[
            ("project", PROJECT_BEFORE_7),
            ("indicator", INDICATOR_BEFORE_7),
        ],
        then: None,
    },
    // Version 8 undoes an import in bulk: the values it wrote go onto a shelf (`shelved`,
    // `shelf_ref`, `shelf_use`) instead of into the change log one by one.
    Step {
        from: 7,
        adds: &["shelved", "shelf_ref", "shelf_use"],
        widens: &[],
        then: None,
    },
    // Version 9 keeps the project's comparison regions (`comparison_region`) and the name of
    // their list (`project.comparison_name`, last, with a default).
    Step {
        from: 8,
        adds: &["comparison_region"],
        widens: &[("project", PROJECT_BEFORE_9)],
        then: None,
    },
    // Version 10 remembers where each imported table came from (`table_source`): the
    // statistics offices' web service and what was asked of it, so `refresh` fetches it
    // again (issue 28).
    Step {
        from: 9,
        adds: &["table_source"],
        widens: &[],
        then: None,
    },
];

/// The project table as versions 7 and 8 created it.
const PROJECT_BEFORE_9: &str = "CREATE TABLE project (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL CHECK (name <> ''),
    municipality TEXT NOT NULL DEFAULT '',
    region_key TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    default_language TEXT NOT NULL DEFAULT 'de' CHECK (default_language IN ('de', 'en')),
    authors TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT '',
    modified_at TEXT NOT NULL DEFAULT '',
    modified_by TEXT NOT NULL DEFAULT '',
    -- Small counts protected when published (version 7): counts above zero and below this
    -- (and what would reveal them) are not shown; NULL: no rule.
    protect_min_count INTEGER CHECK (protect_min_count IS NULL OR protect_min_count >= 2)
) STRICT";

/// The project table as versions 1 to 6 created it.
const PROJECT_BEFORE_7: &str = "CREATE TABLE project (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL CHECK (name <> ''),
    municipality TEXT NOT NULL DEFAULT '',
    region_key TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    default_language TEXT NOT NULL DEFAULT 'de' CHECK (default_language IN ('de', 'en')),
    authors TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT '',
    modified_at TEXT NOT NULL DEFAULT '',
    modified_by TEXT NOT NULL DEFAULT ''
) STRICT";

/// The indicator table as versions 1 to 6 created it.
const INDICATOR_BEFORE_7: &str = "CREATE TABLE indicator (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL UNIQUE CHECK (code <> ''),
    name TEXT NOT NULL CHECK (name <> ''),
    definition TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    decimals INTEGER NOT NULL DEFAULT 0 CHECK (decimals BETWEEN 0 AND 6),
    polarity TEXT NOT NULL DEFAULT 'neutral' CHECK (polarity IN ('higher_is_better', 'lower_is_better', 'neutral', 'target_band')),
    -- The band a target-band indicator should stay in.
    band_low REAL,
    band_high REAL,
    source TEXT NOT NULL DEFAULT '',
    update_frequency TEXT NOT NULL DEFAULT 'yearly' CHECK (update_frequency IN ('yearly', 'school_yearly', 'half_yearly', 'quarterly', 'monthly', 'irregular')),
    baseline_period_id INTEGER REFERENCES period (id),
    baseline_value REAL,
    CHECK (band_low IS NULL OR band_high IS NULL OR band_high >= band_low)
) STRICT";

/// Official 3-digit keys, imported as counties before version 5: they are Regierungsbezirke.
fn regierungsbezirke(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "UPDATE region SET level = 'administrative_district' \
         WHERE level = 'county' AND key GLOB '[0-9][0-9][0-9]' \
         AND CAST(substr(key, 1, 2) AS INTEGER) BETWEEN 1 AND 16",
    )?;
    Ok(())
}

/// The region table as versions 1 to 4 created it.
const REGION_BEFORE_5: &str = "CREATE TABLE region (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE CHECK (key <> ''),
    name TEXT NOT NULL CHECK (name <> ''),
    level TEXT NOT NULL DEFAULT 'district' CHECK (level IN ('country', 'state', 'county', 'municipality', 'district', 'neighbourhood')),
    parent_id INTEGER REFERENCES region (id)
) STRICT";

/// Writes a table's current SQL over the narrower one of an older file, in the open
/// transaction (SQLite's procedure for changes that do not touch the stored rows:
/// <https://sqlite.org/lang_altertable.html#otheralter>), then checks the file.
fn widen(conn: &Connection, table: &str, path: &Path) -> Result<()> {
    // The same (normalised) SQL the adding steps use, so an upgraded file reads like a new one.
    let sql = current_objects()
        .get(table)
        .and_then(|object| object.sql.clone())
        .expect("a widened table is in schema.sql (tested)");
    let version: i64 = conn.pragma_query_value(None, "schema_version", |r| r.get(0))?;
    // The store's connections are defensive (no writes to the schema); this one write of
    // our own SQL lifts that, and the guard is back before anything else runs.
    let written = conn
        .set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, false)
        .and_then(|_| conn.set_db_config(DbConfig::SQLITE_DBCONFIG_WRITABLE_SCHEMA, true))
        .and_then(|_| {
            conn.execute(
                "UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = ?2",
                rusqlite::params![sql, table],
            )
        })
        .and_then(|_| conn.execute_batch(&format!("PRAGMA schema_version = {};", version + 1)));
    // Whatever happened, the guard is back.
    let restored = conn
        .set_db_config(DbConfig::SQLITE_DBCONFIG_WRITABLE_SCHEMA, false)
        .and_then(|_| conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true));
    written?;
    restored?;
    let problems = quick_check(conn)?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: problems.join("; "),
        })
    }
}

/// The SQL of a step: the current schema's statements for the objects it adds.
fn step_sql(step: &Step) -> String {
    step.adds
        .iter()
        .filter_map(|name| current_objects().get(*name)?.sql.clone())
        .fold(String::new(), |mut all, sql| {
            all.push_str(&sql);
            all.push_str(";\n");
            all
        })
}

/// One object of a schema: its type and its SQL with comments and spacing normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    /// SQLite's type of the object (`table`, `index`, `trigger`, `view`).
    pub kind: String,
    /// Its SQL, normalised by [`normalise_sql`]; `None` when `sqlite_schema` holds none.
    pub sql: Option<String>,
}

/// Object name → object, for the current version.
fn current_objects() -> &'static BTreeMap<String, Object> {
    static OBJECTS: OnceLock<BTreeMap<String, Object>> = OnceLock::new();
    OBJECTS.get_or_init(|| {
        let conn = Connection::open_in_memory().expect("an in-memory database opens");
        conn.execute_batch(SCHEMA)
            .expect("schema.sql is valid SQL (tested)");
        objects(&conn).expect("the schema of an in-memory database can be read")
    })
}

/// The objects a file of `version` must have.
fn objects_for(version: i32) -> BTreeMap<String, Object> {
    let mut expected = current_objects().clone();
    // Newest step first, so that a table widened twice ends with its oldest SQL.
    for step in STEPS.iter().rev().filter(|step| step.from >= version) {
        for name in step.adds {
            expected.remove(*name);
        }
        for (name, before) in step.widens {
            expected.insert(
                (*name).to_owned(),
                Object {
                    kind: "table".to_owned(),
                    sql: Some(normalise_sql(before)),
                },
            );
        }
    }
    expected
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

/// Runs `PRAGMA quick_check`; returns the problems found (empty when sound).
pub fn quick_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    check_with(conn, "PRAGMA quick_check")
}

/// Runs `PRAGMA integrity_check` and a foreign-key check; returns the problems found.
pub fn integrity_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut problems = check_with(conn, "PRAGMA integrity_check")?;
    let mut statement = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = statement.query_map([], |row| {
        Ok(format!(
            "foreign key: {} row {} → {}",
            row.get::<_, String>(0)?,
            row.get::<_, Option<i64>>(1)?.unwrap_or_default(),
            row.get::<_, String>(2)?
        ))
    })?;
    for row in rows {
        problems.push(row?);
    }
    Ok(problems)
}

fn check_with(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare(pragma)?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
    let mut problems = Vec::new();
    for row in rows {
        let row = row?;
        if row != "ok" {
            problems.push(row);
        }
    }
    Ok(problems)
}

/// Checks that a file of `version` holds exactly the objects Lernstadt creates for that
/// version: no triggers, no views, no unknown tables or indexes, none missing or altered.
/// A file newer than this build may have more tables, but never triggers or views.
pub fn verify(conn: &Connection, version: i32, path: &Path) -> Result<()> {
    let found = objects(conn).map_err(|e| super::error::damaged_or_busy(path, &e))?;
    let tampered = |detail: String| StoreError::Tampered {
        path: path.to_owned(),
        detail,
    };
    for (name, object) in &found {
        match object.kind.as_str() {
            "trigger" => return Err(tampered(crate::t!("store.schema.trigger", name = name))),
            "view" => return Err(tampered(crate::t!("store.schema.view", name = name))),
            _ => {}
        }
    }
    if version < 1 {
        return Err(StoreError::NoUpgradePath {
            path: path.to_owned(),
            version,
        });
    }
    let expected = if version > CURRENT_VERSION {
        current_objects().clone()
    } else {
        objects_for(version)
    };
    for (name, object) in &expected {
        match found.get(name) {
            None => {
                return Err(StoreError::Corrupt {
                    path: path.to_owned(),
                    detail: crate::t!("store.schema.missing", kind = object.kind, name = name),
                });
            }
            Some(found_object) if version <= CURRENT_VERSION && found_object != object => {
                return Err(tampered(crate::t!(
                    "store.schema.altered",
                    kind = object.kind,
                    name = name
                )));
            }
            Some(_) => {}
        }
    }
    if version <= CURRENT_VERSION
        && let Some((name, object)) = found.iter().find(|(name, _)| !expected.contains_key(*name))
    {
        return Err(tampered(crate::t!(
            "store.schema.unknown",
            kind = object.kind,
            name = name
        )));
    }
    Ok(())
}

/// Creates the current schema in an empty database.
pub fn initialise(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA journal_mode = DELETE;")?;
    conn.execute_batch("BEGIN IMMEDIATE;")?;
    let result = (|| {
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {CURRENT_VERSION};"
        ))?;
        super::symbols::insert_defaults(conn)?;
        super::counts::initialise(conn)?;
        Ok(())
    })();
    finish(conn, result)
}

fn finish(conn: &Connection, result: Result<()>) -> Result<()> {
    match result {
        Ok(()) => {
            conn.execute_batch("COMMIT;")?;
            Ok(())
        }
        Err(error) => {
            let _ = conn.execute_batch("ROLLBACK;");
            Err(error)
        }
    }
}

/// Upgrades a file from `from` to the current version in one transaction.
pub fn migrate(conn: &Connection, from: i32, path: &Path) -> Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE;")?;
    let result = (|| {
        for version in from..CURRENT_VERSION {
            let Some(step) = STEPS.iter().find(|step| step.from == version) else {
                return Err(StoreError::NoUpgradePath {
                    path: path.to_owned(),
                    version: from,
                });
            };
            conn.execute_batch(&step_sql(step))?;
            for (table, _) in step.widens {
                widen(conn, table, path)?;
            }
            if let Some(then) = step.then {
                then(conn)?;
            }
        }
        conn.execute_batch(&format!("PRAGMA user_version = {CURRENT_VERSION};"))?;
        Ok(())
    })();
    finish(conn, result)
}

/// Where the copy of a file is kept before it is upgraded from `version`: beside it,
/// `NAME.v1-backup.lernstadt`, numbered if that exists.
#[must_use]
pub fn backup_path(path: &Path, version: i32) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = path.parent().unwrap_or_else(|| Path::new(""));
    let mut candidate = dir.join(format!("{stem}.v{version}-backup.{}", super::EXTENSION));
    let mut number = 2;
    while candidate.exists() {
        candidate = dir.join(format!(
            "{stem}.v{version}-backup-{number}.{}",
            super::EXTENSION
        ));
        number += 1;
    }
    candidate
}

#[cfg(test)]
mod upgrade_tests;

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
    fn each_step_creates_what_it_says() {
        for step in STEPS {
            let conn = Connection::open_in_memory().unwrap();
            conn.execute_batch(&step_sql(step)).unwrap();
            let created = objects(&conn).unwrap();
            for name in step.adds {
                assert_eq!(created.get(*name), current_objects().get(*name), "{name}");
            }
            for (name, _) in step.widens {
                assert!(current_objects().contains_key(*name), "{name}");
            }
        }
    }

    #[test]
    fn normalising_ignores_comments_and_spacing() {
        assert_eq!(
            normalise_sql("CREATE TABLE t (\n  a -- x\n  INTEGER\n)"),
            "CREATE TABLE t (a INTEGER)"
        );
    }
}
