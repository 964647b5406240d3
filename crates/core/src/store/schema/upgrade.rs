//! Upgrading an older file: one small step per version, each adding objects as
//! `schema.sql` creates them or widening a table's constraints in place, all in one
//! transaction after a backup copy; an older version's schema is the current one without
//! what later steps add.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rusqlite::config::DbConfig;

use super::CURRENT_VERSION;
use super::initialise::finish;
use super::objects::{Object, current_objects, normalise_sql};
use crate::store::integrity::quick_check;
use crate::store::{Result, StoreError};

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
        then: Some(crate::store::symbols::insert_defaults),
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

/// The objects a file of `version` must have.
pub(super) fn objects_for(version: i32) -> BTreeMap<String, Object> {
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
    let mut candidate = dir.join(format!(
        "{stem}.v{version}-backup.{}",
        crate::store::EXTENSION
    ));
    let mut number = 2;
    while candidate.exists() {
        candidate = dir.join(format!(
            "{stem}.v{version}-backup-{number}.{}",
            crate::store::EXTENSION
        ));
        number += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    //! The migration test: projects as older versions of Lernstadt wrote them, frozen as SQL
    //! dumps in `crates/core/tests/fixtures/`, opened with [`Store::open`] so that the real
    //! upgrade steps run on them.
    //!
    //! The old files do not come from this build's schema or steps (that could not catch a
    //! wrong step): each dump holds its version's own CREATE statements and rows. For each one
    //! the test checks that the upgraded file has exactly the schema of a new file, that every
    //! row of the old file is still there with its values, that the backup is the old file,
    //! and that opening again upgrades nothing.

    use std::collections::BTreeMap;
    use std::path::Path;

    use rusqlite::types::Value;
    use rusqlite::{Connection, OpenFlags};

    use super::step_sql;
    use crate::store::schema::objects::current_objects;
    use crate::store::schema::{CURRENT_VERSION, Object, STEPS, objects};
    use crate::store::{
        APPLICATION_ID, Host, OpenMode, Store, inspect, observations, stakeholders, symbols,
    };

    /// A project file of an older version, as SQL.
    struct Fixture {
        version: i32,
        sql: &'static str,
    }

    /// One dump per older version: a new version's release adds the dump of the one before.
    const FIXTURES: &[Fixture] = &[
        Fixture {
            version: 1,
            sql: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/version-1.sql"
            )),
        },
        Fixture {
            version: 2,
            sql: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/version-2.sql"
            )),
        },
        Fixture {
            version: 3,
            sql: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/version-3.sql"
            )),
        },
        Fixture {
            version: 4,
            sql: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/version-4.sql"
            )),
        },
        Fixture {
            version: 5,
            sql: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/version-5.sql"
            )),
        },
        Fixture {
            version: 6,
            sql: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/version-6.sql"
            )),
        },
        Fixture {
            version: 7,
            sql: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/version-7.sql"
            )),
        },
        Fixture {
            version: 8,
            sql: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/version-8.sql"
            )),
        },
        Fixture {
            version: 9,
            sql: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/version-9.sql"
            )),
        },
    ];

    /// The rows of the fixture project, table by table (the same in every dump; a version-2
    /// file has the 11 default symbols as well).
    const ROWS: &[(&str, usize)] = &[
        ("project", 1),
        ("region", 3),
        ("stakeholder", 3),
        ("working_group", 1),
        ("working_group_member", 2),
        ("goal", 3),
        ("measure", 1),
        ("measure_milestone", 2),
        ("measure_partner", 1),
        ("measure_goal", 1),
        ("measure_region", 1),
        ("period", 4),
        ("indicator", 2),
        ("indicator_goal", 1),
        ("indicator_target", 2),
        ("dimension", 1),
        ("dimension_member", 2),
        ("breakdown", 3),
        ("breakdown_member", 2),
        ("import", 2),
        ("observation", 9),
        ("counter", 1),
        ("action", 21),
        ("change", 33),
    ];

    /// The fixture's rows the test looks at one by one.
    const JUGENDAMT: &str = "018c0a10-0102-7000-8000-000000000102";
    const FOERDERVEREIN: &str = "018c0a10-0103-7000-8000-000000000103";

    /// Writes a dump into a new file at `path`, as the older Lernstadt left it.
    fn load(path: &Path, fixture: &Fixture) {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch(fixture.sql)
            .unwrap_or_else(|e| panic!("version-{}.sql does not load: {e}", fixture.version));
        assert_eq!(header(&conn), (APPLICATION_ID, fixture.version));
        conn.close().unwrap();
    }

    /// `PRAGMA application_id` and `user_version` of a database.
    fn header(conn: &Connection) -> (i32, i32) {
        let pragma =
            |name: &str| -> i32 { conn.pragma_query_value(None, name, |r| r.get(0)).unwrap() };
        (pragma("application_id"), pragma("user_version"))
    }

    fn open_plain(path: &Path) -> Connection {
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
    }

    /// The tables of a database, each with its column names.
    fn tables(conn: &Connection) -> BTreeMap<String, Vec<String>> {
        objects(conn)
            .unwrap()
            .into_iter()
            .filter(|(_, object)| object.kind == "table")
            .map(|(name, _)| {
                let mut statement = conn
                    .prepare(&format!("SELECT name FROM pragma_table_info('{name}')"))
                    .unwrap();
                let columns = statement
                    .query_map([], |row| row.get(0))
                    .unwrap()
                    .collect::<rusqlite::Result<Vec<String>>>()
                    .unwrap();
                (name, columns)
            })
            .collect()
    }

    /// Every row of `table`, the given columns, in a fixed order.
    fn rows(conn: &Connection, table: &str, columns: &[String]) -> Vec<Vec<Value>> {
        let list = columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let mut statement = conn
            .prepare(&format!("SELECT {list} FROM \"{table}\" ORDER BY {list}"))
            .unwrap();
        statement
            .query_map([], |row| {
                (0..columns.len())
                    .map(|i| row.get::<_, Value>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap()
    }

    fn schema_of(path: &Path) -> BTreeMap<String, Object> {
        objects(&open_plain(path)).unwrap()
    }

    /// The files in a folder, by name.
    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Every older version has its dump, so that every upgrade step is tested.
    #[test]
    fn every_older_version_has_a_fixture() {
        let versions: Vec<i32> = FIXTURES.iter().map(|fixture| fixture.version).collect();
        assert_eq!(versions, (1..CURRENT_VERSION).collect::<Vec<_>>());
        let froms: Vec<i32> = STEPS.iter().map(|step| step.from).collect();
        assert_eq!(froms, versions);
    }

    #[test]
    fn an_older_project_is_upgraded_by_the_real_steps_and_keeps_everything() {
        let host = Host::default();
        for fixture in FIXTURES {
            let version = fixture.version;
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("beispielstadt.lernstadt");
            load(&path, fixture);
            let old_bytes = std::fs::read(&path).unwrap();

            // The fixture as written, for comparing rows: a database of its own, in memory.
            let reference = Connection::open_in_memory().unwrap();
            reference.execute_batch(fixture.sql).unwrap();
            let old_tables = tables(&reference);
            let mut expected_rows: BTreeMap<&str, usize> = ROWS.iter().copied().collect();
            if version >= 2 {
                // The defaults of the time, frozen with the dump.
                expected_rows.insert("symbol", 11);
            }
            if version >= 3 {
                // Version 3's boundaries and workshop tables, empty in the dump.
                for table in ["region_shape", "presentation", "slide", "idea", "vote"] {
                    expected_rows.insert(table, 0);
                }
            }
            if version >= 4 {
                // Version 4's saved mappings and import sources, empty in the dump.
                for table in ["mapping", "import_source"] {
                    expected_rows.insert(table, 0);
                }
            }
            if version >= 6 {
                // Version 6's record of what merges absorbed, empty in the dump.
                expected_rows.insert("absorbed", 0);
            }
            if version >= 8 {
                // Version 8's shelves of undone imports, empty in the dump.
                for table in ["shelved", "shelf_ref", "shelf_use"] {
                    expected_rows.insert(table, 0);
                }
            }
            if version >= 9 {
                // Version 9's comparison regions, empty in the dump.
                expected_rows.insert("comparison_region", 0);
            }
            assert_eq!(
                old_tables.keys().map(String::as_str).collect::<Vec<_>>(),
                expected_rows.keys().copied().collect::<Vec<_>>(),
                "version {version}: the dump has exactly the tables the test checks"
            );

            // Opening for writing upgrades, after a backup.
            let store = Store::open(&path, OpenMode::ReadWrite, &host)
                .unwrap_or_else(|e| panic!("version {version} does not open: {e}"));
            assert_eq!(store.file_version(), CURRENT_VERSION);
            assert_eq!(store.notes().migrated_from, Some(version));
            let backup = dir
                .path()
                .join(format!("beispielstadt.v{version}-backup.lernstadt"));
            assert_eq!(store.notes().backup.as_deref(), Some(backup.as_path()));
            store.close().unwrap();

            // (1) The schema is exactly that of a new file, and so is the header.
            let fresh = dir.path().join("neu.lernstadt");
            Store::create(&fresh, "Neu", &host)
                .unwrap()
                .close()
                .unwrap();
            assert_eq!(
                schema_of(&path),
                schema_of(&fresh),
                "version {version}: the upgraded schema differs from a new file's"
            );
            assert_eq!(
                header(&open_plain(&path)),
                (APPLICATION_ID, CURRENT_VERSION)
            );

            // (2) Every row of the old file is there with its values; the tables the steps
            // added are empty, but for the symbols the step from 1 fills in.
            let conn = open_plain(&path);
            for (table, columns) in &old_tables {
                let kept = rows(&conn, table, columns);
                assert_eq!(
                    kept.len(),
                    expected_rows[table.as_str()],
                    "version {version}: rows of {table}"
                );
                assert_eq!(
                    kept,
                    rows(&reference, table, columns),
                    "version {version}: values of {table}"
                );
            }
            let fresh_conn = open_plain(&fresh);
            for (table, columns) in tables(&conn) {
                if old_tables.contains_key(&table) {
                    continue;
                }
                let added = rows(&conn, &table, &columns);
                if table == "symbol" {
                    assert_eq!(added, rows(&fresh_conn, &table, &columns));
                    assert_eq!(added.len(), symbols::DEFAULTS.len());
                } else {
                    assert!(added.is_empty(), "version {version}: {table} is not empty");
                }
            }
            drop((conn, fresh_conn));
            spot_values(&path, version);
            let report = inspect::check(&path, &host).unwrap();
            assert!(report.ok, "version {version}: {:?}", report.problems);
            assert_eq!(report.counts.observations, 9);

            // (3) The backup is the file as it was, still of the old version.
            assert_eq!(std::fs::read(&backup).unwrap(), old_bytes);
            let backup_conn = open_plain(&backup);
            assert_eq!(header(&backup_conn), (APPLICATION_ID, version));
            assert_eq!(objects(&backup_conn).unwrap(), objects(&reference).unwrap());
            drop(backup_conn);

            // (4) Opening again upgrades nothing: no migration, no second backup, no change.
            let files = files_in(dir.path());
            let upgraded_bytes = std::fs::read(&path).unwrap();
            let store = Store::open(&path, OpenMode::ReadWrite, &host).unwrap();
            assert_eq!(store.notes().migrated_from, None);
            assert_eq!(store.notes().backup, None);
            assert_eq!(store.file_version(), CURRENT_VERSION);
            store.close().unwrap();
            assert_eq!(files_in(dir.path()), files);
            assert_eq!(std::fs::read(&path).unwrap(), upgraded_bytes);

            // The history still works: the undone edit can be redone, and undone again.
            let mut store = Store::open(&path, OpenMode::ReadWrite, &host).unwrap();
            assert_eq!(store.redo().unwrap().map(|action| action.id), Some(20));
            assert_eq!(phone(&store, JUGENDAMT), "0998 100-399");
            assert_eq!(store.undo().unwrap().map(|action| action.id), Some(20));
            assert_eq!(phone(&store, JUGENDAMT), "0998 100-300");
        }
    }

    fn phone(store: &Store, uuid: &str) -> String {
        stakeholders::list(store.conn())
            .unwrap()
            .into_iter()
            .find(|s| s.uuid.to_string() == uuid)
            .map(|s| s.phone)
            .unwrap()
    }

    /// Values read back through the store's own reading code, after the upgrade.
    fn spot_values(path: &Path, version: i32) {
        let store = Store::open(path, OpenMode::ReadOnly, &Host::default()).unwrap();
        let conn = store.conn();

        let project = crate::store::project::get(conn).unwrap();
        assert_eq!(project.project.name, "Bildungsmonitoring Beispielstadt");
        assert_eq!(project.modified_by, "Jana Krüger");

        // Personal fields, filled and empty.
        let people = stakeholders::list(conn).unwrap();
        let jugendamt = people
            .iter()
            .find(|s| s.uuid.to_string() == JUGENDAMT)
            .unwrap();
        assert_eq!(jugendamt.contact_person, "Ömer Yıldız");
        assert_eq!(jugendamt.email, "oemer.yildiz@beispielstadt.example");
        assert_eq!(jugendamt.phone, "0998 100-300");
        let verein = people
            .iter()
            .find(|s| s.uuid.to_string() == FOERDERVEREIN)
            .unwrap();
        assert_eq!(verein.contact_person, "Marie Lehmann");
        assert_eq!(verein.phone, "");

        // The goal tree and the measure.
        let goals = crate::store::goals::list(conn).unwrap();
        let operational = goals
            .iter()
            .find(|g| g.title == "Kita-Plätze für alle Kinder unter drei Jahren")
            .unwrap();
        let strategic = goals
            .iter()
            .find(|g| Some(g.uuid) == operational.parent)
            .unwrap();
        assert_eq!(strategic.title, "Gut aufwachsen: früh gute Bildungschancen");
        let measures = crate::store::measures::list(conn).unwrap();
        assert_eq!(measures.len(), 1);
        assert_eq!(measures[0].budget_spent_eur, Some(1_250_000.5));

        // Observations with symbols, flags and notes.
        let values = observations::for_indicator(conn, "U3Q").unwrap();
        let cell = |region: &str, period: &str| {
            values
                .iter()
                .find(|o| o.region_key == region && o.period_code == period)
                .unwrap()
        };
        let secret = cell("05998000-01", "2023");
        assert_eq!(
            (
                secret.value,
                secret.symbol.as_deref(),
                secret.note.as_deref()
            ),
            (None, Some("."), Some("geheim gehalten"))
        );
        let zero = cell("05998000-02", "2023");
        assert_eq!((zero.value, zero.symbol.as_deref()), (Some(0.0), Some("-")));
        let provisional = cell("05998000", "2023");
        assert_eq!(
            (provisional.value, provisional.quality.as_deref()),
            (Some(36.4), Some("p"))
        );
        let sga = observations::for_indicator(conn, "SGA").unwrap();
        assert!(sga.iter().any(|o| o.quality.as_deref() == Some("()")));
        assert!(
            sga.iter()
                .any(|o| o.breakdown_key == "GES=GESW" && o.value == Some(5.1))
        );

        // The change log: every action, the undone edit and its undo, an observation's update.
        let history = store.history(100).unwrap();
        assert_eq!(history.len(), 21, "version {version}");
        assert_eq!(
            history[0].label,
            "Telefon von Jugendamt Beispielstadt geändert"
        );
        assert_eq!(
            store.redo_target().unwrap().map(|action| action.id),
            Some(20)
        );
        let undo = store.changes_of(21).unwrap();
        assert_eq!(undo.len(), 1);
        assert_eq!(undo[0].entity_key, JUGENDAMT);
        assert_eq!(
            undo[0].after.as_ref().and_then(|after| after.get("phone")),
            Some(&serde_json::json!("0998 100-300"))
        );
        let update = store.changes_of(18).unwrap();
        assert_eq!(update[0].entity_key, "U3Q|05998000|2023|");
        assert_eq!(
            update[0]
                .before
                .as_ref()
                .and_then(|before| before.get("value")),
            Some(&serde_json::json!(36.1))
        );
        store.close().unwrap();
    }

    /// Version 5 widens the region levels by the Regierungsbezirk: a version-4 file takes the new
    /// level after the upgrade, and its official 3-digit keys, imported as counties, become
    /// Regierungsbezirke (a district key of the city's own stays what it was).
    #[test]
    fn version_5_knows_the_regierungsbezirk() {
        let fixture = FIXTURES.iter().find(|f| f.version == 4).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kreise.lernstadt");
        load(&path, fixture);
        let old = Connection::open(&path).unwrap();
        let insert = |conn: &Connection, id: i64, key: &str, level: &str| {
            conn.execute(
                "INSERT INTO region (id, uuid, key, name, level) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![id, format!("u-{id}"), key, format!("Gebiet {key}"), level],
            )
        };
        insert(&old, 10, "051", "county").unwrap();
        insert(&old, 11, "999", "county").unwrap();
        insert(&old, 12, "05111", "county").unwrap();
        assert!(
            insert(&old, 13, "052", "administrative_district").is_err(),
            "version 4 does not know the level"
        );
        old.close().unwrap();

        let store = Store::open(&path, OpenMode::ReadWrite, &Host::default()).unwrap();
        drop(store);
        let new = Connection::open(&path).unwrap();
        let level = |key: &str| -> String {
            new.query_row("SELECT level FROM region WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .unwrap()
        };
        assert_eq!(level("051"), "administrative_district");
        assert_eq!(level("999"), "county", "no official key");
        assert_eq!(level("05111"), "county");
        insert(&new, 13, "052", "administrative_district").unwrap();
        assert_eq!(
            crate::store::integrity::integrity_check(&new).unwrap(),
            Vec::<String>::new()
        );
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
}
