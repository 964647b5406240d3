//! Random user actions on a copy: what each step does, decided by its seed against the
//! copy as it is when the step runs.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use lernstadt_core::export::{Dialect, export_entities};
use lernstadt_core::import::{Options, Progress, import_file};
use lernstadt_core::model::meta::{self, EntityDef, EntityKind, FieldDef, FieldType};
use lernstadt_core::store::entity::{self, Row};
use lernstadt_core::store::{ActionKind, Host, Store, TrustCache, inspect};
use serde_json::Value as Json;

/// A small, seeded generator (`SplitMix64`): the same seed gives the same case everywhere.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

/// One user action; its seed decides the details against the copy as it is then.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Step {
    Add(u64),
    Edit(u64),
    Delete(u64),
    Move(u64),
    /// An indicator's formula, code or unit: what two copies must not mix.
    Indicator(u64),
    Import(u64),
    ImportList(u64),
    Undo,
    Redo,
}

pub(crate) fn steps(rng: &mut Rng) -> Vec<Step> {
    let count = rng.below(9);
    (0..count)
        .map(|_| {
            let seed = rng.next();
            match rng.below(23) {
                0..=4 => Step::Edit(seed),
                5..=7 => Step::Add(seed),
                8..=10 => Step::Delete(seed),
                11..=13 => Step::Move(seed),
                14..=15 => Step::Import(seed),
                16 => Step::ImportList(seed),
                17..=18 => Step::Undo,
                19 => Step::Redo,
                _ => Step::Indicator(seed),
            }
        })
        .collect()
}

pub(crate) fn host() -> Host {
    Host::new("model", TrustCache::none())
}

pub(crate) fn key_of(def: &EntityDef, row: &Row) -> String {
    row.get(def.identity)
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_owned()
}

pub(crate) fn keys(conn: &rusqlite::Connection, kind: EntityKind) -> Vec<String> {
    let def = kind.def();
    entity::read_all(conn, def)
        .unwrap_or_default()
        .iter()
        .map(|row| key_of(def, row))
        .collect()
}

/// A value a person could give the field, or `None` for fields no one types (geometry,
/// slide settings, saved roles).
pub(crate) fn value_for(
    rng: &mut Rng,
    conn: &rusqlite::Connection,
    field: &FieldDef,
) -> Option<Json> {
    if let Some(codes) = field.codes {
        let all = (codes.all)();
        return Some(match field.ty {
            FieldType::List => Json::Array(
                all.into_iter()
                    .filter(|_| rng.chance(30))
                    .map(Json::from)
                    .collect(),
            ),
            _ => Json::from(*rng.pick(&all)?),
        });
    }
    Some(match field.ty {
        FieldType::Text => match field.name {
            "geometry" | "settings" | "roles" | "header" => return None,
            // A formula that reads what the copy has (it may make a loop, which the store
            // refuses), and units from a short list, so both sides can pick the same or not.
            "formula" => Json::from(formula_for(rng, conn)?),
            "unit" => Json::from(*rng.pick(&["%", "EUR", "Anzahl", "je 1.000"])?),
            name if name.ends_with("date") => Json::from(format!(
                "2025-{:02}-{:02}",
                1 + rng.below(12),
                1 + rng.below(28)
            )),
            name => Json::from(format!("{name} {}", rng.below(1000))),
        },
        FieldType::Int => Json::from(match field.name {
            "influence" | "interest" => 1 + rng.below(5),
            "target_year" => 2025 + rng.below(10),
            "decimals" => rng.below(3),
            "dots" => rng.below(6),
            _ => rng.below(30),
        }),
        FieldType::Real => Json::from(rng.below(10_000) as f64 / 10.0),
        FieldType::Bool => Json::Bool(rng.chance(50)),
        FieldType::List => Json::Array(vec![Json::from(format!("tag {}", rng.below(5)))]),
        FieldType::Ref(kind) => {
            if rng.chance(20) {
                Json::Null
            } else {
                Json::from(rng.pick(&keys(conn, kind))?.clone())
            }
        }
    })
}

/// A formula reading one or two of the copy's indicators.
fn formula_for(rng: &mut Rng, conn: &rusqlite::Connection) -> Option<String> {
    let codes: Vec<String> = entity::read_all(conn, &meta::INDICATOR)
        .ok()?
        .iter()
        .filter_map(|row| row.get("code").and_then(Json::as_str).map(str::to_owned))
        .collect();
    let first = rng.pick(&codes)?.clone();
    Some(match rng.below(3) {
        0 => format!("2 * [{first}]"),
        1 => format!("[{first}] + [{}]", rng.pick(&codes)?),
        _ => format!("100 * [{first}] / ([{}] + 1)", rng.pick(&codes)?),
    })
}

pub(crate) fn random_row(
    rng: &mut Rng,
    conn: &rusqlite::Connection,
    def: &EntityDef,
) -> Option<Row> {
    let rows = entity::read_all(conn, def).ok()?;
    rng.pick(&rows).cloned()
}

pub(crate) fn fail(message: &str) -> lernstadt_core::store::StoreError {
    lernstadt_core::store::StoreError::Invalid {
        message: message.to_owned(),
    }
}

/// Applies one step to a copy; returns whether it took effect. A step the store refuses (a
/// constraint, a cycle, a formula that cannot be computed, nothing to undo) leaves the copy
/// as it was, which the properties cover as well.
pub(crate) fn apply(store: &mut Store, step: Step, dir: &Path) -> bool {
    let kinds: Vec<&EntityDef> = meta::ALL[1..].to_vec();
    let before = store.generation();
    let outcome = match step {
        Step::Add(seed) => {
            let mut rng = Rng(seed);
            let def = *rng.pick(&kinds).expect("kinds");
            if def.identity != "uuid" {
                return false;
            }
            let Some(mut row) = random_row(&mut rng, store.conn(), def) else {
                return false;
            };
            row.insert(
                "uuid".to_owned(),
                Json::from(lernstadt_core::model::new_uuid().to_string()),
            );
            for name in ["name", "title", "key", "code", "role", "text"] {
                if let Some(Json::String(text)) = row.get(name) {
                    let text = format!("{text} {}", seed % 100_000);
                    row.insert(name.to_owned(), Json::from(text));
                }
            }
            store.transact(ActionKind::Edit, "add", |tx| tx.insert_row(def, &row))
        }
        Step::Edit(seed) => {
            let mut rng = Rng(seed);
            let def = *rng.pick(meta::ALL).expect("kinds");
            let Some(row) = random_row(&mut rng, store.conn(), def) else {
                return false;
            };
            let Some(field) = rng.pick(def.fields) else {
                return false;
            };
            if matches!(field.name, "parent") {
                return false;
            }
            let Some(value) = value_for(&mut rng, store.conn(), field) else {
                return false;
            };
            let mut fields = Row::new();
            fields.insert(field.name.to_owned(), value.clone());
            store.transact(ActionKind::Edit, "edit", |tx| {
                tx.update_fields(def, &key_of(def, &row), &fields)?;
                // A code renamed as the window renames it: the formulas reading it follow.
                if def.kind == EntityKind::Indicator
                    && field.name == "code"
                    && let (Some(old), Some(new)) =
                        (row.get("code").and_then(Json::as_str), value.as_str())
                {
                    lernstadt_core::store::indicators::rewrite_readers(tx, old, new)?;
                }
                Ok(())
            })
        }
        Step::Delete(seed) => {
            let mut rng = Rng(seed);
            let def = *rng.pick(&kinds).expect("kinds");
            let Some(row) = random_row(&mut rng, store.conn(), def) else {
                return false;
            };
            store.transact(ActionKind::Edit, "delete", |tx| {
                tx.delete(def.kind, &key_of(def, &row))
            })
        }
        Step::Move(seed) => {
            let mut rng = Rng(seed);
            let (def, table, label) = if rng.chance(60) {
                (&meta::GOAL, "goal", "title")
            } else {
                (&meta::REGION, "region", "name")
            };
            let Some(row) = random_row(&mut rng, store.conn(), def) else {
                return false;
            };
            let parent = if rng.chance(15) {
                Json::Null
            } else {
                let Some(parent) = random_row(&mut rng, store.conn(), def) else {
                    return false;
                };
                Json::from(key_of(def, &parent))
            };
            let mut fields = Row::new();
            fields.insert("parent".to_owned(), parent);
            // As the window does: a move under one's own descendant is refused.
            store.transact(ActionKind::Edit, "move", |tx| {
                tx.update_fields(def, &key_of(def, &row), &fields)?;
                if inspect::tree_cycles(tx.conn(), table, label)?.is_empty() {
                    Ok(())
                } else {
                    Err(fail("cycle"))
                }
            })
        }
        Step::Indicator(seed) => match edit_indicator(store, seed) {
            Some(outcome) => outcome,
            None => return false,
        },
        Step::Import(seed) => {
            let path = dir.join(format!("import-{seed}.csv"));
            std::fs::write(&path, import_csv(&mut Rng(seed), store.conn())).expect("write");
            import_file(
                store,
                &path,
                &Options::default(),
                &Arc::new(Progress::default()),
            )
            .map(|_| ())
            .map_err(|e| fail(&e.to_string()))
        }
        Step::ImportList(seed) => {
            import_list(store, &mut Rng(seed), dir);
            Ok(())
        }
        Step::Undo => store.undo().map(|_| ()),
        Step::Redo => store.redo().map(|_| ()),
    };
    outcome.is_ok() && store.generation() != before
}

/// Changes an indicator's formula (a computed one's), code (its readers follow) or unit;
/// `None` when there is none to change.
fn edit_indicator(store: &mut Store, seed: u64) -> Option<lernstadt_core::store::Result<()>> {
    let mut rng = Rng(seed);
    let def = &meta::INDICATOR;
    let rows = entity::read_all(store.conn(), def).unwrap_or_default();
    // A formula only where one can go: a computed indicator (one with values of
    // its own would lose them).
    let computed: Vec<&Row> = rows
        .iter()
        .filter(|row| {
            row.get("formula")
                .and_then(Json::as_str)
                .is_some_and(|f| !f.is_empty())
        })
        .collect();
    let (row, field) = match rng.below(10) {
        0..=3 => ((*rng.pick(&computed)?).clone(), "formula"),
        4..=6 => (rng.pick(&rows)?.clone(), "code"),
        _ => (rng.pick(&rows)?.clone(), "unit"),
    };
    let value = match field {
        "formula" => formula_for(&mut rng, store.conn()),
        "code" => Some(format!("K{}", rng.below(50))),
        _ => rng
            .pick(&["%", "EUR", "Anzahl", "je 1.000"])
            .map(|u| (*u).to_owned()),
    };
    let value = value?;
    let old = row
        .get("code")
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_owned();
    let mut fields = Row::new();
    fields.insert(field.to_owned(), Json::from(value.clone()));
    Some(store.transact(ActionKind::Edit, "indicator", |tx| {
        tx.update_fields(def, &key_of(def, &row), &fields)?;
        if field == "code" {
            lernstadt_core::store::indicators::rewrite_readers(tx, &old, &value)?;
        }
        Ok(())
    }))
}

/// A long table of data values: known and new indicators, regions, periods and
/// breakdown members; numbers and statistics symbols.
pub(crate) fn import_csv(rng: &mut Rng, conn: &rusqlite::Connection) -> String {
    let indicators: Vec<String> = entity::read_all(conn, &meta::INDICATOR)
        .unwrap_or_default()
        .iter()
        .filter_map(|row| row.get("name").and_then(Json::as_str).map(str::to_owned))
        .collect();
    let regions: Vec<String> = entity::read_all(conn, &meta::REGION)
        .unwrap_or_default()
        .iter()
        .filter_map(|row| row.get("key").and_then(Json::as_str).map(str::to_owned))
        .collect();
    let mut csv = String::from("indicator,district,year,sex,value\n");
    for _ in 0..=rng.below(6) {
        let indicator = match rng.pick(&indicators) {
            Some(name) if rng.chance(60) => name.clone(),
            _ => format!("Model indicator {}", rng.below(3)),
        };
        let region = match rng.pick(&regions) {
            Some(key) if rng.chance(70) => key.clone(),
            _ => format!("R9{:02}", rng.below(5)),
        };
        let year = 2019 + rng.below(8);
        let sex = *rng
            .pick(&["", "female", "male", "diverse"])
            .expect("members");
        let value = if rng.chance(20) {
            (*rng.pick(&[".", "x", "-", "/"]).expect("symbols")).to_owned()
        } else {
            format!("{}", rng.below(5000))
        };
        let _ = writeln!(csv, "\"{indicator}\",{region},{year},{sex},{value}");
    }
    csv
}

/// Exports an entity list, renames one row and adds one, imports it back.
pub(crate) fn import_list(store: &mut Store, rng: &mut Rng, dir: &Path) {
    let def = *rng
        .pick(&[
            &meta::STAKEHOLDER,
            &meta::WORKING_GROUP,
            &meta::MEASURE,
            &meta::INDICATOR,
            &meta::GOAL,
            &meta::REGION,
        ])
        .expect("kinds");
    let path = dir.join(format!("list-{}.csv", rng.next()));
    if export_entities(store.conn(), def, &path, Dialect::Rfc4180).is_err() {
        return;
    }
    let mut reader = csv::Reader::from_path(&path).expect("read back");
    let header = reader.headers().expect("header").clone();
    let mut records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let Some(label) = header.iter().position(|h| h == def.label_field) else {
        return;
    };
    let number = rng.below(1000);
    if !records.is_empty() {
        let at = rng.below(records.len());
        let mut cells: Vec<String> = records[at].iter().map(str::to_owned).collect();
        cells[label] = format!("{} (list {number})", cells[label]);
        records[at] = csv::StringRecord::from(cells.clone());
        if rng.chance(50) {
            cells[0] = String::new();
            cells[label] = format!("New from list {number}");
            if let Some(code) = header.iter().position(|h| h == "code") {
                cells[code] = format!("LIST-{number}");
            }
            records.push(csv::StringRecord::from(cells));
        }
        // A goal or region put under another row of the list — its own descendant, or
        // itself, at times: the store must refuse a cycle, however the list comes.
        if let Some(parent) = header.iter().position(|h| h == "parent")
            && rng.chance(60)
        {
            let (child, under) = (rng.below(records.len()), rng.below(records.len()));
            let mut cells: Vec<String> = records[child].iter().map(str::to_owned).collect();
            records[under][0].clone_into(&mut cells[parent]);
            records[child] = csv::StringRecord::from(cells);
        }
    }
    let mut writer = csv::Writer::from_path(&path).expect("write");
    writer.write_record(&header).expect("write");
    for record in &records {
        writer.write_record(record).expect("write");
    }
    writer.flush().expect("flush");
    let options = Options {
        entity: Some(def),
        ..Options::default()
    };
    let _ = import_file(store, &path, &options, &Arc::new(Progress::default()));
}
