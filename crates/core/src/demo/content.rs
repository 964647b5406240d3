//! The demo's people and plans: its stakeholders, working groups, goal tree and measures
//! with their milestones, partners, goals and districts.
//!
//! They are entity lists under `assets/demo/`, one file per kind, named as `export` names
//! the list and with the columns it writes (`id`, then every field; references by UUID;
//! RFC 4180 with a decimal point). Building the demo reads them with the entity importer a
//! planner's edited list goes through, so every demo build exercises it; a row the importer
//! would reject (or only report on) stops the build.

use std::collections::HashMap;
use std::path::PathBuf;

use rusqlite::Connection;
use uuid::Uuid;

use crate::import::Report;
use crate::import::entities::EntityImporter;
use crate::import::values::Decimal;
use crate::model::meta::EntityDef;
use crate::store::{Result, StoreError, Tx};
use crate::t;

use super::ids::Refs;

/// One asset table: an entity list, with the list's name (`stakeholders`, …) and its text.
struct Table {
    name: &'static str,
    text: &'static str,
}

/// The table `assets/demo/NAME.csv`, embedded.
macro_rules! table {
    ($name:literal) => {
        Table {
            name: $name,
            text: include_str!(concat!("../../assets/demo/", $name, ".csv")),
        }
    };
}

/// Every table, in the order they are read: what a row refers to is read before it (the
/// regions, which the measures' districts refer to, are generated before all of them).
const TABLES: &[Table] = &[
    table!("stakeholders"),
    table!("working_groups"),
    table!("working_group_members"),
    table!("goals"),
    table!("measures"),
    table!("milestones"),
    table!("measure_partners"),
    table!("measure_goals"),
    table!("measure_regions"),
];

impl Table {
    /// Where the table lies, as a report names it.
    fn path(&self) -> PathBuf {
        PathBuf::from(format!("assets/demo/{}.csv", self.name))
    }

    /// The entity kind the table's name stands for.
    fn def(&self) -> Result<&'static EntityDef> {
        crate::export::entity_by_name(self.name).ok_or_else(|| StoreError::Invalid {
            message: format!("demo table {} names no entity list", self.name),
        })
    }

    /// Reads the table into the project as an entity-list import does, row by row; what
    /// the importer finds wrong goes to the returned report.
    fn read(&self, tx: &Tx<'_>) -> Result<Report> {
        let mut report = Report {
            file: self.path(),
            ..Report::default()
        };
        let mut reader = csv::Reader::from_reader(self.text.as_bytes());
        let header: Vec<String> = match reader.headers() {
            Ok(header) => header.iter().map(str::to_owned).collect(),
            Err(error) => {
                report.problem(1, None, error.to_string(), false);
                return Ok(report);
            }
        };
        let (importer, unknown) = EntityImporter::new(tx, self.def()?, &header, Decimal::Point)?;
        if !unknown.is_empty() {
            let columns = unknown.join(", ");
            let message = t!("import.entity.unknown_columns", columns = columns);
            report.problem(1, None, message, true);
        }
        for record in reader.records() {
            match record {
                Ok(record) => {
                    let line = record.position().map_or(0, csv::Position::line);
                    importer.row(line, &record, &mut report)?;
                }
                Err(error) => {
                    let line = error.position().map_or(0, csv::Position::line);
                    report.problem(line, None, error.to_string(), false);
                }
            }
        }
        Ok(report)
    }
}

/// Reads every table into the project; one report per table, in the order of [`TABLES`].
fn read_all(tx: &Tx<'_>) -> Result<Vec<Report>> {
    TABLES.iter().map(|table| table.read(tx)).collect()
}

/// Whether a table was read as it should be: every row new, nothing to report.
fn is_clean(report: &Report) -> bool {
    report.problems.is_empty()
        && report.more_problems == 0
        && report.rejected == 0
        && report.updated == 0
        && report.unchanged == 0
}

/// Reads every table into the project and returns how many rows they held; a problem with
/// any row is an error that names the table, the line and the problem.
pub(super) fn insert(tx: &Tx<'_>) -> Result<u64> {
    let reports = read_all(tx)?;
    let mut problems = Vec::new();
    for report in reports.iter().filter(|report| !is_clean(report)) {
        let file = report.file.display();
        problems.extend(
            report
                .problems
                .iter()
                .map(|problem| format!("{file}: {}", problem.describe())),
        );
        if report.updated + report.unchanged > 0 {
            problems.push(format!("{file}: a row repeats the id of an earlier one"));
        }
    }
    if !problems.is_empty() {
        return Err(StoreError::Invalid {
            message: format!("demo tables: {}", problems.join("; ")),
        });
    }
    Ok(reports.iter().map(|report| report.inserted).sum())
}

/// The goals by their number in the tree: below the vision (the root, without a number) the
/// strategic goals are `1`, `2`, …, the operational goals below the first `1.1`, `1.2`, …
/// (positions count from 0, numbers from 1).
pub(super) fn goal_numbers(conn: &Connection) -> Result<Refs> {
    let goals = crate::store::goals::list(conn)?;
    let by_uuid: HashMap<Uuid, _> = goals.iter().map(|goal| (goal.uuid, goal)).collect();
    let mut refs = Refs::new("goal");
    for goal in &goals {
        let mut parts = Vec::new();
        let mut current = goal;
        // A parent was inserted before its child, so the chain ends; the bound is a guard.
        for _ in 0..goals.len() {
            let Some(parent) = current.parent.and_then(|uuid| by_uuid.get(&uuid)) else {
                break;
            };
            parts.push((current.position + 1).to_string());
            current = parent;
        }
        if !parts.is_empty() {
            parts.reverse();
            refs.add(parts.join("."), goal.uuid)?;
        }
    }
    Ok(refs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Problem;
    use crate::store::ActionKind;

    /// Bad data in an asset table fails here, with the table, line and problem, rather than
    /// in a demo that lacks a row.
    #[test]
    fn the_asset_tables_import_without_problems() {
        let mut store = crate::store::testing::store();
        let reports = store
            .transact(ActionKind::Create, "demo tables", |tx| {
                super::super::city::insert_regions(tx, &mut super::super::ids::Ids::new())?;
                read_all(tx)
            })
            .unwrap();
        assert_eq!(reports.len(), TABLES.len());
        for (table, report) in TABLES.iter().zip(&reports) {
            let described: Vec<String> = report.problems.iter().map(Problem::describe).collect();
            assert!(
                is_clean(report),
                "{}: {report:?}\n{}",
                table.name,
                described.join("\n")
            );
            // Every line but the header is a row (no cell spans lines).
            let rows = table.text.lines().count() as u64 - 1;
            assert_eq!(report.inserted, rows, "{}", table.name);
        }
    }

    #[test]
    fn every_table_names_an_entity_list_with_its_columns() {
        for table in TABLES {
            let def = table.def().unwrap();
            let header = table.text.lines().next().unwrap();
            let mut expected = vec!["id"];
            expected.extend(def.fields.iter().map(|field| field.name));
            assert_eq!(header, expected.join(","), "{}", table.name);
        }
    }

    #[test]
    fn goals_are_numbered_by_their_place_in_the_tree() {
        let mut store = crate::store::testing::store();
        let numbers = store
            .transact(ActionKind::Create, "demo tables", |tx| {
                super::super::city::insert_regions(tx, &mut super::super::ids::Ids::new())?;
                insert(tx)?;
                goal_numbers(tx.conn())
            })
            .unwrap();
        let goals = crate::store::goals::list(store.conn()).unwrap();
        let title = |number: &str| {
            let uuid = numbers.get(number).unwrap();
            goals
                .iter()
                .find(|goal| goal.uuid == uuid)
                .unwrap()
                .title
                .clone()
        };
        assert_eq!(
            title("3"),
            "Gelingende Übergänge in Ausbildung, Studium und Beruf"
        );
        assert_eq!(
            title("5.3"),
            "Ab 2025 erscheint jährlich ein kleinräumiger Bildungsbericht"
        );
        assert!(numbers.get("6").is_err());
    }
}
