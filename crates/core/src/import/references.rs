//! References in an entity list by what people call things. A cell that refers to another
//! entity may hold its UUID, as `export` writes it, or its human key: an indicator's code
//! (or name), a region's key (or name), a period's code — a year such as `2030` included,
//! the period made when the project lacks it — or the label of anything else (a goal's
//! title, a stakeholder's name) where that names one entity. A key that names several, or
//! none, is refused with the candidates or the similar names, so the user can write it out.

use rusqlite::Connection;

use crate::model::Period;
use crate::model::meta::{EntityDef, EntityKind, FieldDef, FieldType};
use crate::store::Result;
use crate::t;

/// How many entities an ambiguous key names one by one before `…`.
const CANDIDATES_NAMED: usize = 5;

/// How many similar names an unknown key suggests.
const NEAREST_NAMED: usize = 3;

/// An entity a key names: its identity and its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Its UUID (or natural key).
    pub identity: String,
    /// What it is called (its title, name …).
    pub label: String,
}

/// What a cell that refers to another entity stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The entity with this identity.
    Found(String),
    /// A period the project does not have yet, made from its code (`2030`).
    NewPeriod(Period),
    /// Several entities have the key in this field.
    Ambiguous {
        /// The field that holds the key (`title`).
        field: &'static str,
        /// Every entity with the key, in the order they were made.
        candidates: Vec<Candidate>,
    },
    /// No entity has the key; the most similar keys there are, best first.
    Unknown {
        /// Up to three similar keys.
        nearest: Vec<String>,
    },
}

/// The text fields an entity is known by besides its identity, the most specific first: an
/// indicator's code, then its name; a region's key, then its name; else its label field
/// (none for periods, which are known by their identity, the code, and for links).
#[must_use]
pub fn key_fields(def: &EntityDef) -> Vec<&'static str> {
    let first = match def.kind {
        EntityKind::Indicator => Some("code"),
        EntityKind::Region => Some("key"),
        _ => None,
    };
    first
        .into_iter()
        .chain([def.label_field])
        .filter(|name| {
            def.fields
                .iter()
                .any(|field| field.name == *name && field.ty == FieldType::Text)
        })
        .collect()
}

/// The entity of `kind` that `value` names: by identity, then by each key field in turn,
/// then (for a period) as a period code to be created.
pub fn resolve(conn: &Connection, kind: EntityKind, value: &str) -> Result<Lookup> {
    let def = kind.def();
    if crate::store::entity::id_of(conn, kind, value)?.is_some() {
        return Ok(Lookup::Found(value.to_owned()));
    }
    for name in key_fields(def) {
        let Some(field) = def.fields.iter().find(|field| field.name == name) else {
            continue;
        };
        let mut candidates = matching(conn, def, &[(field, value)])?;
        if candidates.len() > 1 {
            return Ok(Lookup::Ambiguous {
                field: name,
                candidates,
            });
        }
        if let Some(found) = candidates.pop() {
            return Ok(Lookup::Found(found.identity));
        }
    }
    if kind == EntityKind::Period
        && let Some(period) = crate::store::periods::parse_code(value)
    {
        return Ok(Lookup::NewPeriod(period));
    }
    Ok(Lookup::Unknown {
        nearest: nearest(conn, def, value)?,
    })
}

/// The entities whose fields hold the values given (a reference by the referred entity's
/// identity), in the order they were made.
pub fn matching(
    conn: &Connection,
    def: &EntityDef,
    wanted: &[(&FieldDef, &str)],
) -> Result<Vec<Candidate>> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let clauses: Vec<String> = wanted
        .iter()
        .enumerate()
        .map(|(index, (field, _))| {
            let number = index + 1;
            match field.ty {
                FieldType::Ref(kind) => {
                    let target = kind.def();
                    format!(
                        "\"{}\" = (SELECT id FROM \"{}\" WHERE \"{}\" = ?{number})",
                        field.column(),
                        target.table,
                        target.identity
                    )
                }
                _ => format!("\"{}\" = ?{number}", field.column()),
            }
        })
        .collect();
    let sql = format!(
        "SELECT \"{}\", {} FROM \"{}\" WHERE {} ORDER BY id",
        def.identity,
        label_column(def),
        def.table,
        clauses.join(" AND ")
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let values = rusqlite::params_from_iter(wanted.iter().map(|(_, value)| *value));
    statement
        .query_map(values, |row| {
            Ok(Candidate {
                identity: row.get(0)?,
                label: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()
        .map_err(Into::into)
}

/// The column that names an entity to a person: its label field where that is text, else
/// its identity.
fn label_column(def: &EntityDef) -> String {
    let text = def
        .fields
        .iter()
        .any(|field| field.name == def.label_field && field.ty == FieldType::Text);
    format!("\"{}\"", if text { def.label_field } else { def.identity })
}

/// The keys of `def` most like `value`: the same but for case, a few letters apart, or
/// one holding the other.
fn nearest(conn: &Connection, def: &EntityDef, value: &str) -> Result<Vec<String>> {
    let wanted = value.to_lowercase();
    let mut scored = Vec::new();
    for field in key_fields(def) {
        let sql = format!(
            "SELECT DISTINCT \"{field}\" FROM \"{}\" WHERE \"{field}\" <> ''",
            def.table
        );
        let mut statement = conn.prepare_cached(&sql)?;
        for key in statement.query_map([], |row| row.get::<_, String>(0))? {
            let key = key?;
            if let Some(score) = likeness(&wanted, &key.to_lowercase()) {
                scored.push((score, key));
            }
        }
    }
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    Ok(scored
        .into_iter()
        .take(NEAREST_NAMED)
        .map(|(_, key)| key)
        .collect())
}

/// How far apart two lowercase keys are (letters to change), when they are close enough to
/// suggest one for the other.
fn likeness(wanted: &str, key: &str) -> Option<usize> {
    let distance = edit_distance(wanted, key);
    let close = distance <= (wanted.chars().count() / 4).max(2);
    let long_enough = wanted.chars().count().min(key.chars().count()) >= 3;
    let contained = long_enough && (key.contains(wanted) || wanted.contains(key));
    (close || contained).then_some(distance)
}

/// The Levenshtein distance between two texts, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// `"title" (id …), "title" (id …)`, the first [`CANDIDATES_NAMED`] of them.
#[must_use]
pub fn candidates_text(candidates: &[Candidate]) -> String {
    let mut named: Vec<String> = candidates
        .iter()
        .take(CANDIDATES_NAMED)
        .map(|c| t!("import.ref.candidate", label = c.label, id = c.identity))
        .collect();
    if candidates.len() > CANDIDATES_NAMED {
        named.push("…".to_owned());
    }
    named.join(", ")
}

/// What is wrong with the reference `value` in `column` to an entity of `kind`, and what to
/// write instead; `None` when the lookup found (or makes) the entity.
#[must_use]
pub fn problem(column: &str, kind: EntityKind, value: &str, lookup: &Lookup) -> Option<String> {
    let def = kind.def();
    let list = crate::export::list_name(def);
    Some(match lookup {
        Lookup::Found(_) | Lookup::NewPeriod(_) => return None,
        Lookup::Ambiguous { field, candidates } => t!(
            "import.ref.ambiguous",
            column = column,
            value = value,
            key = field,
            count = candidates.len(),
            list = list,
            candidates = candidates_text(candidates)
        ),
        Lookup::Unknown { .. } if kind == EntityKind::Period => {
            t!("import.ref.period", column = column, value = value)
        }
        Lookup::Unknown { nearest } if nearest.is_empty() => t!(
            "import.ref.unknown",
            column = column,
            value = value,
            list = list,
            keys = keys_text(def)
        ),
        Lookup::Unknown { nearest } => t!(
            "import.ref.unknown_near",
            column = column,
            value = value,
            list = list,
            keys = keys_text(def),
            nearest = quoted(nearest)
        ),
    })
}

/// `id, code or name`: the columns a reference to `def` is looked up in.
fn keys_text(def: &EntityDef) -> String {
    let mut keys = vec!["id"];
    keys.extend(key_fields(def));
    match keys.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} {} {last}", rest.join(", "), t!("import.ref.or"))
        }
        _ => keys.join(""),
    }
}

/// `"a", "b"` in the current language's quotation marks.
fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|name| t!("import.ref.quoted", name = name))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PeriodKind;
    use crate::store::Store;

    /// A project with two districts, an indicator, a period, two goals of one title and
    /// one of its own.
    fn project() -> Store {
        let store = Store::in_memory("Teststadt").unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO region (uuid, key, name, level) VALUES
                     ('01941f29-0000-7000-8000-0000000000a1', '01', 'Nord', 'district'),
                     ('01941f29-0000-7000-8000-0000000000a2', '02', 'Süd', 'district');
                 INSERT INTO indicator (uuid, code, name) VALUES
                     ('01941f29-0000-7000-8000-0000000000b1', 'KITA_U3', 'Betreuungsquote U3');
                 INSERT INTO period (code, kind, start_date, end_date) VALUES
                     ('2024', 'year', '2024-01-01', '2024-12-31');
                 INSERT INTO goal (uuid, title) VALUES
                     ('01941f29-0000-7000-8000-000000000001', 'Sprache fördern'),
                     ('01941f29-0000-7000-8000-000000000002', 'Sprache fördern'),
                     ('01941f29-0000-7000-8000-000000000003', 'Gut aufwachsen');",
            )
            .unwrap();
        store
    }

    fn uuid_of(store: &Store, table: &str, column: &str, value: &str) -> String {
        store
            .conn()
            .query_row(
                &format!("SELECT uuid FROM {table} WHERE {column} = ?1"),
                [value],
                |row| row.get(0),
            )
            .unwrap()
    }

    #[test]
    fn a_unique_key_names_its_entity() {
        let store = project();
        let conn = store.conn();
        let nord = uuid_of(&store, "region", "key", "01");
        let kita = uuid_of(&store, "indicator", "code", "KITA_U3");
        let (nord, kita) = (nord.as_str(), kita.as_str());
        let goal = "01941f29-0000-7000-8000-000000000003";
        for (kind, value, identity) in [
            (EntityKind::Region, "01", nord),
            (EntityKind::Region, "Nord", nord),
            (EntityKind::Region, nord, nord),
            (EntityKind::Indicator, "KITA_U3", kita),
            (EntityKind::Indicator, "Betreuungsquote U3", kita),
            (EntityKind::Goal, "Gut aufwachsen", goal),
            (EntityKind::Goal, goal, goal),
            (EntityKind::Period, "2024", "2024"),
        ] {
            assert_eq!(
                resolve(conn, kind, value).unwrap(),
                Lookup::Found(identity.to_owned()),
                "{kind:?} {value}"
            );
        }
    }

    #[test]
    fn a_key_of_two_entities_names_both() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        let store = project();
        let lookup = resolve(store.conn(), EntityKind::Goal, "Sprache fördern").unwrap();
        let Lookup::Ambiguous { field, candidates } = &lookup else {
            panic!("{lookup:?}");
        };
        assert_eq!(*field, "title");
        let ids: Vec<&str> = candidates.iter().map(|c| c.identity.as_str()).collect();
        assert_eq!(
            ids,
            [
                "01941f29-0000-7000-8000-000000000001",
                "01941f29-0000-7000-8000-000000000002"
            ]
        );
        let message = problem("goal", EntityKind::Goal, "Sprache fördern", &lookup).unwrap();
        assert_eq!(
            message,
            "goal: \"Sprache fördern\" is the title of 2 entries of the list goals: \
             \"Sprache fördern\" (id 01941f29-0000-7000-8000-000000000001), \
             \"Sprache fördern\" (id 01941f29-0000-7000-8000-000000000002). \
             Write the id of the one you mean instead"
        );
    }

    #[test]
    fn an_unknown_key_is_named_with_the_nearest() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        let store = project();
        let conn = store.conn();
        let lookup = resolve(conn, EntityKind::Goal, "gut aufwachsn").unwrap();
        assert_eq!(
            lookup,
            Lookup::Unknown {
                nearest: vec!["Gut aufwachsen".to_owned()]
            }
        );
        assert_eq!(
            problem("parent", EntityKind::Goal, "gut aufwachsn", &lookup).unwrap(),
            "parent: no entry of the list goals has \"gut aufwachsn\" as its id or title; \
             similar: \"Gut aufwachsen\". Write it exactly as it is there (or the entry's \
             id), or import the list goals first"
        );
        let lookup = resolve(conn, EntityKind::Region, "Westend").unwrap();
        assert_eq!(lookup, Lookup::Unknown { nearest: vec![] });
        let message = problem("region", EntityKind::Region, "Westend", &lookup).unwrap();
        assert!(
            message.contains("\"Westend\" as its id, key or name"),
            "{message}"
        );
        let lookup = resolve(conn, EntityKind::Period, "20x0").unwrap();
        let message = problem("period", EntityKind::Period, "20x0", &lookup).unwrap();
        assert!(message.contains("Write a year (2030)"), "{message}");
    }

    #[test]
    fn a_year_the_project_lacks_is_a_new_period() {
        let store = project();
        let lookup = resolve(store.conn(), EntityKind::Period, "2030").unwrap();
        let Lookup::NewPeriod(period) = lookup else {
            panic!("{lookup:?}");
        };
        assert_eq!(
            (
                period.code.as_str(),
                period.kind,
                period.start_date.as_str()
            ),
            ("2030", PeriodKind::Year, "2030-01-01")
        );
    }

    #[test]
    fn near_keys_are_a_few_letters_apart_or_inside_each_other() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("fördern", "foerdern"), 2);
        assert!(likeness("sprache", "sprache fördern").is_some());
        assert!(likeness("nord", "süd").is_none());
    }
}
