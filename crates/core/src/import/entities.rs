//! Entity lists in the shape `export` writes them (`id` and the fields): a planner edits a
//! list in a spreadsheet and brings it back, or writes one from scratch. Rows are matched by
//! `id` where given, else by code (indicators), key (regions), title or name, or for a link
//! by the entities it links; a row with an empty (or no) `id` and no match is new. A cell
//! that refers to another entity takes its UUID or its human key (see [`references`]).
//! Every change goes through the change log, so it can be undone and merged like an edit in
//! the window.

use std::collections::HashMap;

use serde_json::{Map, Value as Json};

use super::Report;
use super::references::{self, Lookup};
use super::values::{Decimal, parse_number};
use crate::model::Period;
use crate::model::meta::{EntityDef, EntityKind, FieldDef, FieldType};
use crate::model::validate::{clean_text, text_kind};
use crate::store::{Result, StoreError, Tx};
use crate::t;

/// The allowed codes of the fields that hold an enumeration.
fn allowed_codes(def: &EntityDef, field: &str) -> Option<Vec<&'static str>> {
    let codes = def.fields.iter().find(|f| f.name == field)?.codes?;
    Some((codes.all)())
}

/// The fields a row without `id` is matched by: a link by the entities it links (the
/// file holds one link of each pair), anything else by its first key (code, key, title or
/// name, as references name it).
fn match_fields(def: &EntityDef) -> Vec<&'static str> {
    match def.kind {
        EntityKind::WorkingGroupMember => vec!["working_group", "stakeholder"],
        EntityKind::MeasurePartner => vec!["measure", "stakeholder"],
        EntityKind::MeasureGoal => vec!["measure", "goal"],
        EntityKind::MeasureRegion => vec!["measure", "region"],
        EntityKind::IndicatorGoal => vec!["indicator", "goal"],
        EntityKind::IndicatorTarget => vec!["indicator", "region", "period"],
        EntityKind::RegionShape | EntityKind::ComparisonRegion => vec!["region"],
        EntityKind::Vote => vec!["slide", "measure"],
        _ => references::key_fields(def).into_iter().take(1).collect(),
    }
}

/// Reads an entity list's rows into the project.
pub struct EntityImporter<'t, 'c> {
    tx: &'t Tx<'c>,
    def: &'static EntityDef,
    /// Column index of each known field, and of `id`.
    columns: Vec<(usize, &'static FieldDef)>,
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

    fn cell_to_json(&self, field: &FieldDef, cell: &str) -> std::result::Result<Json, String> {
        let cell = crate::export::unneutralise(cell.trim());
        // A spreadsheet's cell may hold a line break a name does not take: cleaned before
        // the row is matched, so it finds the entity it names (see `text_kind`).
        let cell = clean_text(text_kind(field.name), cell);
        let cell = cell.as_ref();
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
        let Some(read) = self.read(line, cells, report)? else {
            return Ok(());
        };
        let id = self
            .id_column
            .and_then(|index| cells.get(index))
            .map(|c| c.trim().to_owned())
            .unwrap_or_default();
        let key = if id.is_empty() {
            match self.find_existing(&read.fields)? {
                Match::New => None,
                Match::Found(key) => Some(key),
                Match::Ambiguous { column, message } => {
                    report.problem(line, column, message, false);
                    return Ok(());
                }
            }
        } else {
            Some(id.clone())
        };
        let existing = match &key {
            Some(key) => crate::store::entity::read(self.tx.conn(), self.def, key)?,
            None => None,
        };
        let outcome = self.tx.savepoint(|tx| {
            // Periods the row names by a code the project lacks come with the row.
            for period in &read.new_periods {
                crate::store::periods::ensure(tx, period)?;
            }
            match (existing, key) {
                (Some(_), Some(key)) => {
                    tx.update_fields(self.def, &key, &read.fields)
                        .map(|changed| {
                            if changed {
                                Done::Updated
                            } else {
                                Done::Unchanged
                            }
                        })
                }
                _ => self.insert(tx, &id, read.given),
            }
        });
        count(line, outcome, report)
    }

    /// The row's cells as field values, references resolved; `None` (with the problem in
    /// the report) when a cell is refused.
    fn read(
        &self,
        line: u64,
        cells: &csv::StringRecord,
        report: &mut Report,
    ) -> Result<Option<Cells>> {
        let mut read = Cells::default();
        for (index, field) in &self.columns {
            let cell = cells.get(*index).unwrap_or_default();
            let value = match self.cell_to_json(field, cell) {
                Ok(Json::String(text)) if matches!(field.ty, FieldType::Ref(_)) => {
                    self.reference(field, &text, &mut read.new_periods)?
                }
                other => other,
            };
            let value = match value {
                Ok(value) => value,
                Err(message) => {
                    report.problem(line, Some(index + 1), message, false);
                    return Ok(None);
                }
            };
            if !cell.trim().is_empty() {
                read.given.insert(field.name.to_owned(), value.clone());
            }
            read.fields.insert(field.name.to_owned(), value);
        }
        Ok(Some(read))
    }

    /// The identity of the entity a reference cell names (a period to be made is added to
    /// `new_periods`), or what is wrong with it.
    fn reference(
        &self,
        field: &FieldDef,
        text: &str,
        new_periods: &mut Vec<Period>,
    ) -> Result<std::result::Result<Json, String>> {
        let FieldType::Ref(kind) = field.ty else {
            return Ok(Ok(Json::String(text.to_owned())));
        };
        let lookup = references::resolve(self.tx.conn(), kind, text)?;
        Ok(match lookup {
            Lookup::Found(identity) => Ok(Json::String(identity)),
            Lookup::NewPeriod(period) => {
                let code = Json::String(period.code.clone());
                new_periods.push(period);
                Ok(code)
            }
            miss => Err(references::problem(field.name, kind, text, &miss).unwrap_or_default()),
        })
    }

    /// Inserts a new row: empty cells take the defaults.
    fn insert(&self, tx: &Tx<'_>, id: &str, mut row: Map<String, Json>) -> Result<Done> {
        if self.def.kind == EntityKind::Period
            && let Some(period) = crate::store::periods::parse_code(id)
            && let Ok(Json::Object(derived)) = serde_json::to_value(&period)
        {
            for (name, value) in derived {
                row.entry(name).or_insert(value);
            }
        }
        let key = match (id.is_empty(), self.def.identity) {
            (false, _) => id.to_owned(),
            (true, "uuid") => crate::model::new_uuid().to_string(),
            (true, _) => String::new(),
        };
        row.insert(self.def.identity.to_owned(), Json::String(key));
        tx.insert_row(self.def, &row).map(|()| Done::Inserted)
    }

    /// The entity a row without `id` stands for, matched by its [`match_fields`].
    fn find_existing(&self, fields: &Map<String, Json>) -> Result<Match> {
        let mut wanted = Vec::new();
        for name in match_fields(self.def) {
            let Some(field) = self.def.fields.iter().find(|f| f.name == name) else {
                return Ok(Match::New);
            };
            match fields.get(name) {
                Some(Json::String(value)) if !value.is_empty() => {
                    wanted.push((field, value.as_str()));
                }
                _ => return Ok(Match::New),
            }
        }
        let mut found = references::matching(self.tx.conn(), self.def, &wanted)?;
        if found.len() <= 1 {
            return Ok(found.pop().map_or(Match::New, |c| Match::Found(c.identity)));
        }
        let Some(&(field, value)) = wanted.first() else {
            return Ok(Match::New);
        };
        let column = self
            .columns
            .iter()
            .find(|(_, f)| f.name == field.name)
            .map(|(index, _)| index + 1);
        let message = t!(
            "import.entity.ambiguous_row",
            value = value,
            key = field.name,
            count = found.len(),
            list = crate::export::list_name(self.def),
            candidates = references::candidates_text(&found)
        );
        Ok(Match::Ambiguous { column, message })
    }
}

/// What a row without `id` is matched to.
enum Match {
    /// Nothing: the row is new.
    New,
    /// The entity with this identity.
    Found(String),
    /// Several entities: the row is refused, with the column of the key and why.
    Ambiguous {
        column: Option<usize>,
        message: String,
    },
}

/// A row's cells read: every field's value, the values given (not empty), and the periods
/// its references name that the project does not have yet.
#[derive(Default)]
struct Cells {
    fields: Map<String, Json>,
    given: Map<String, Json>,
    new_periods: Vec<Period>,
}

/// Counts what applying a row did, or reports why it was refused.
fn count(line: u64, outcome: Result<Done>, report: &mut Report) -> Result<()> {
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

enum Done {
    Inserted,
    Updated,
    Unchanged,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{ActionKind, Store};

    /// Imports the CSV `text` as the list `list` (`goals`) in one action; the report.
    fn import(store: &mut Store, list: &str, text: &str) -> Report {
        let def = crate::export::entity_by_name(list).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let mut report = Report::default();
        store
            .transact(ActionKind::Import, "import", |tx| {
                let (importer, unknown) = EntityImporter::new(tx, def, &header, Decimal::Point)?;
                assert!(unknown.is_empty(), "{unknown:?}");
                for record in reader.records() {
                    let record = record.unwrap();
                    let line = record.position().unwrap().line();
                    importer.row(line, &record, &mut report)?;
                }
                Ok(())
            })
            .unwrap();
        report
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store.conn().query_row(sql, [], |row| row.get(0)).unwrap()
    }

    /// A plan written from scratch, every reference by what people call things: goals with
    /// a parent by title, links by code and title, targets by region key and a year that
    /// becomes a period.
    #[test]
    fn lists_refer_by_code_key_title_and_year() {
        let mut store = Store::in_memory("Teststadt").unwrap();
        for (list, text) in [
            ("regions", "key,name\n01,Nord\n"),
            (
                "goals",
                "title,parent\nGut aufwachsen,\nSprache fördern,Gut aufwachsen\n",
            ),
            ("indicators", "code,name\nKITA_U3,Betreuungsquote U3\n"),
            (
                "indicator_goals",
                "indicator,goal\nKITA_U3,Sprache fördern\n",
            ),
            (
                "indicator_targets",
                "indicator,region,period,value\nKITA_U3,01,2030,45\n",
            ),
        ] {
            let report = import(&mut store, list, text);
            assert_eq!(report.rejected, 0, "{list}: {report:?}");
            assert!(report.inserted > 0, "{list}: {report:?}");
        }
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM goal c JOIN goal p ON p.id = c.parent_id
                 WHERE c.title = 'Sprache fördern' AND p.title = 'Gut aufwachsen'"
            ),
            1
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM indicator_goal l JOIN indicator i ON i.id = l.indicator_id
                 JOIN goal g ON g.id = l.goal_id
                 WHERE i.code = 'KITA_U3' AND g.title = 'Sprache fördern'"
            ),
            1
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM indicator_target t JOIN period p ON p.id = t.period_id
                 WHERE p.code = '2030' AND p.kind = 'year' AND t.value = 45"
            ),
            1
        );
        // Again, with a target changed: the links are matched by what they link.
        let report = import(
            &mut store,
            "indicator_goals",
            "indicator,goal\nKITA_U3,Sprache fördern\n",
        );
        assert_eq!(
            (report.inserted, report.unchanged, report.rejected),
            (0, 1, 0)
        );
        let report = import(
            &mut store,
            "indicator_targets",
            "indicator,region,period,value\nKITA_U3,Nord,2030,50\n",
        );
        assert_eq!(
            (report.inserted, report.updated, report.rejected),
            (0, 1, 0)
        );
        assert_eq!(count(&store, "SELECT count(*) FROM period"), 1);
    }

    /// A row whose reference names two goals, or none, is rejected by line and column; the
    /// period a rejected row named is not made.
    #[test]
    fn a_reference_to_two_goals_or_none_is_rejected() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        let mut store = Store::in_memory("Teststadt").unwrap();
        import(
            &mut store,
            "goals",
            "id,title\n\
             01941f29-0000-7000-8000-000000000001,Sprache fördern\n\
             01941f29-0000-7000-8000-000000000002,Sprache fördern\n",
        );
        import(
            &mut store,
            "indicators",
            "code,name\nKITA_U3,Betreuungsquote U3\n",
        );
        import(&mut store, "regions", "key,name\n01,Nord\n");
        let report = import(
            &mut store,
            "indicator_goals",
            "indicator,goal\nKITA_U3,Sprache fördern\nKITA_U4,Sprache fördern\n",
        );
        assert_eq!((report.inserted, report.rejected), (0, 2));
        let places: Vec<(u64, Option<usize>)> =
            report.problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(places, [(2, Some(2)), (3, Some(1))]);
        let message = &report.problems[0].message;
        assert!(
            message.contains("01941f29-0000-7000-8000-000000000001"),
            "{message}"
        );
        assert!(
            message.contains("01941f29-0000-7000-8000-000000000002"),
            "{message}"
        );
        let message = &report.problems[1].message;
        assert!(message.contains("similar: \"KITA_U3\""), "{message}");
        // The period of a row refused (a target without its value) is not made.
        let report = import(
            &mut store,
            "indicator_targets",
            "indicator,region,period,value\nKITA_U3,01,2031,\n",
        );
        assert_eq!(report.rejected, 1, "{report:?}");
        assert_eq!(count(&store, "SELECT count(*) FROM period"), 0);
    }

    /// A row without `id` whose title two goals have changes neither and adds no third.
    #[test]
    fn a_row_without_id_matching_two_entities_is_rejected() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        let mut store = Store::in_memory("Teststadt").unwrap();
        import(
            &mut store,
            "goals",
            "id,title\n\
             01941f29-0000-7000-8000-000000000001,Sprache fördern\n\
             01941f29-0000-7000-8000-000000000002,Sprache fördern\n",
        );
        let report = import(
            &mut store,
            "goals",
            "title,priority\nSprache fördern,high\n",
        );
        assert_eq!(report.rejected, 1);
        assert_eq!(report.problems[0].column, Some(1));
        assert!(
            report.problems[0]
                .message
                .contains("Write the id of the one it changes"),
            "{:?}",
            report.problems
        );
        assert_eq!(count(&store, "SELECT count(*) FROM goal"), 2);
    }
}
