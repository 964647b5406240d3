//! Comparing two copies of a project: entities added, removed and changed field by field
//! (matched by UUID or natural key), and data values added, removed and changed (matched
//! by indicator × region × period × breakdown).

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value as Json;

use crate::model::meta::{self, EntityDef};
use crate::progress::Progress;
use crate::store::changelog::label_of;
use crate::store::{Result, Store, entity};

/// An entity named in a comparison or a merge.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityRef {
    /// The entity kind's table name (`stakeholder`, `goal`, …).
    pub kind: &'static str,
    /// Its UUID or natural key.
    pub key: String,
    /// Its name or title.
    pub name: String,
}

impl EntityRef {
    /// The entity of `def` with `key` and fields `row`, named as the copy `conn` (where the
    /// row was read) names it.
    pub(crate) fn new(
        conn: &rusqlite::Connection,
        def: &EntityDef,
        key: &str,
        row: &entity::Row,
    ) -> EntityRef {
        EntityRef {
            kind: def.table,
            key: key.to_owned(),
            name: label_of(conn, def, row),
        }
    }
}

/// One field that differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldDiff {
    /// The field's name (as in the entity's table).
    pub field: String,
    /// Its value in copy A.
    pub a: Json,
    /// Its value in copy B.
    pub b: Json,
}

/// An entity in both copies whose fields differ.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Changed {
    /// The entity, named as in copy B.
    pub entity: EntityRef,
    /// The fields that differ, in the entity kind's field order.
    pub fields: Vec<FieldDiff>,
}

/// Data values that differ, counted; the first few listed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ObservationDiff {
    /// Data values in B, not in A.
    pub added: u64,
    /// Data values in A, not in B.
    pub removed: u64,
    /// Data values in both whose value, symbol, quality or note differs.
    pub changed: u64,
    /// Up to [`LISTED`] keys (`indicator|region|period|breakdown`) of each.
    pub examples: Vec<(String, String)>,
}

/// How many data values a comparison lists by key.
pub const LISTED: usize = 20;

/// The differences from copy A to copy B.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Diff {
    /// Whether both are copies of the same project (same project UUID).
    pub same_project: bool,
    /// In B, not in A.
    pub added: Vec<EntityRef>,
    /// In A, not in B.
    pub removed: Vec<EntityRef>,
    /// In both, with fields that differ.
    pub changed: Vec<Changed>,
    /// Data values that differ.
    pub observations: ObservationDiff,
}

impl Diff {
    /// Whether nothing differs: no entity added, removed or changed, no data value.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.observations == ObservationDiff::default()
    }
}

/// One line of a comparison in words, indented by `indent` levels; level 0 is a heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Indentation level: 0 a heading, 1 an entity, 2 one of its fields.
    pub indent: usize,
    /// The line's text, in the user's language.
    pub text: String,
}

impl Diff {
    /// The comparison in words, for the command line and the window alike.
    #[must_use]
    pub fn lines(&self) -> Vec<Line> {
        let line = |indent: usize, text: String| Line { indent, text };
        let mut lines = Vec::new();
        if !self.same_project {
            lines.push(line(0, crate::t!("cli.diff.other_project").to_owned()));
        }
        if self.is_empty() {
            lines.push(line(0, crate::t!("cli.diff.same").to_owned()));
            return lines;
        }
        let kind = super::kind_label;
        for (title, list) in [
            (
                crate::t!("cli.diff.added", count = self.added.len()),
                &self.added,
            ),
            (
                crate::t!("cli.diff.removed", count = self.removed.len()),
                &self.removed,
            ),
        ] {
            if !list.is_empty() {
                lines.push(line(0, title));
                for entity in list {
                    lines.push(line(
                        1,
                        format!("{}: {} ({})", kind(entity.kind), entity.name, entity.key),
                    ));
                }
            }
        }
        if !self.changed.is_empty() {
            lines.push(line(
                0,
                crate::t!("cli.diff.changed", count = self.changed.len()),
            ));
            for changed in &self.changed {
                lines.push(line(
                    1,
                    format!("{}: {}", kind(changed.entity.kind), changed.entity.name),
                ));
                for field in &changed.fields {
                    lines.push(line(
                        2,
                        format!(
                            "{}: {} -> {}",
                            meta::field_label(&field.field),
                            meta::value_text(changed.entity.kind, &field.field, &field.a),
                            meta::value_text(changed.entity.kind, &field.field, &field.b)
                        ),
                    ));
                }
            }
        }
        let o = &self.observations;
        if o.added + o.removed + o.changed > 0 {
            lines.push(line(
                0,
                crate::t!(
                    "cli.diff.observations",
                    added = crate::i18n::format_int(o.added as i64),
                    removed = crate::i18n::format_int(o.removed as i64),
                    changed = crate::i18n::format_int(o.changed as i64)
                ),
            ));
        }
        lines
    }
}

/// Every entity of a kind by identity.
pub(crate) fn rows_by_key(
    conn: &Connection,
    def: &EntityDef,
) -> Result<BTreeMap<String, entity::Row>> {
    let mut rows = BTreeMap::new();
    for row in entity::read_all(conn, def)? {
        let key = entity::key_of(def, &row)?;
        rows.insert(key, row);
    }
    Ok(rows)
}

/// The fields in which two rows of one entity differ.
pub(crate) fn field_diffs(def: &EntityDef, a: &entity::Row, b: &entity::Row) -> Vec<FieldDiff> {
    def.fields
        .iter()
        .filter_map(|field| {
            let (x, y) = (
                a.get(field.name).unwrap_or(&Json::Null),
                b.get(field.name).unwrap_or(&Json::Null),
            );
            (!same(x, y)).then(|| FieldDiff {
                field: field.name.to_owned(),
                a: x.clone(),
                b: y.clone(),
            })
        })
        .collect()
}

/// Equal values; numbers compare as numbers (`3` and `3.0` are the same).
#[allow(clippy::float_cmp)] // Exact on purpose: a stored number changed or it did not.
pub(crate) fn same(a: &Json, b: &Json) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Compares copy `a` with copy `b`.
pub fn diff(a: &Store, b: &Store) -> Result<Diff> {
    diff_with(a, b, &Progress::default())
}

/// Compares copy `a` with copy `b`, counting the data values read on `progress` and
/// stopping when it is cancelled.
pub fn diff_with(a: &Store, b: &Store, progress: &Progress) -> Result<Diff> {
    super::refuse_newer(b)?;
    let project = |store: &Store| crate::store::project::get(store.conn()).map(|p| p.project.uuid);
    let mut diff = Diff {
        same_project: project(a)? == project(b)?,
        ..Diff::default()
    };
    let mut matches = super::matching::Matches::default();
    for def in meta::ALL {
        if def.kind == meta::EntityKind::Project && !diff.same_project {
            continue;
        }
        let (rows_a, rows_b) = (rows_by_key(a.conn(), def)?, rows_by_key(b.conn(), def)?);
        // A row only `b` has that is the same as one only `a` has by its key or code
        // (both copies imported the same region) is that row: compared, not added.
        let mut same_as: BTreeMap<&str, String> = BTreeMap::new();
        for (key, row) in &rows_b {
            if !rows_a.contains_key(key)
                && let Some(found) = matches.find((a.conn(), b.conn()), def, key, row)?
                && !rows_b.contains_key(&found)
            {
                same_as.insert(key, found);
            }
        }
        for (key, row) in &rows_b {
            let row = &matches.alias_row(def, row);
            match same_as.get(key.as_str()).unwrap_or(key).as_str() {
                found if !rows_a.contains_key(found) => {
                    diff.added.push(EntityRef::new(b.conn(), def, key, row));
                }
                found => {
                    let fields = field_diffs(def, &rows_a[found], row);
                    if !fields.is_empty() {
                        diff.changed.push(Changed {
                            entity: EntityRef::new(b.conn(), def, key, row),
                            fields,
                        });
                    }
                }
            }
        }
        let taken: std::collections::HashSet<&String> = same_as.values().collect();
        for (key, row) in &rows_a {
            if !rows_b.contains_key(key) && !taken.contains(key) {
                diff.removed.push(EntityRef::new(a.conn(), def, key, row));
            }
        }
    }
    let counted = |store: &Store| -> Result<u64> {
        Ok(crate::store::counts::counts(store.conn())?
            .observations
            .max(0) as u64)
    };
    progress.start(counted(a)? + counted(b)?);
    diff.observations = diff_observations(a.conn(), b.conn(), progress)?;
    Ok(diff)
}

/// One data value by key, for comparing: key, then value, symbol, quality, note.
type Keyed = (
    String,
    (Option<f64>, Option<String>, Option<String>, Option<String>),
);

const ORDERED: &str = "SELECT i.code || '|' || r.key || '|' || p.code || '|' || b.key AS k,
        o.value, o.symbol, o.quality, o.note
     FROM observation o
     JOIN indicator i ON i.id = o.indicator_id
     JOIN region r ON r.id = o.region_id
     JOIN period p ON p.id = o.period_id
     JOIN breakdown b ON b.id = o.breakdown_id
     ORDER BY k";

/// Walks both copies' data values in key order at once: memory stays flat however many
/// there are.
fn diff_observations(
    a: &Connection,
    b: &Connection,
    progress: &Progress,
) -> Result<ObservationDiff> {
    let read = |row: &rusqlite::Row<'_>| -> rusqlite::Result<Keyed> {
        Ok((
            row.get(0)?,
            (row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?),
        ))
    };
    let mut statement_a = a.prepare(ORDERED)?;
    let mut statement_b = b.prepare(ORDERED)?;
    let mut rows_a = statement_a.query_map([], read)?.peekable();
    let mut rows_b = statement_b.query_map([], read)?.peekable();
    let mut out = ObservationDiff::default();
    let note = |out: &mut ObservationDiff, what: &str, key: &str| {
        if out.examples.len() < LISTED {
            out.examples.push((what.to_owned(), key.to_owned()));
        }
    };
    let mut read: u64 = 0;
    loop {
        read += 1;
        if read.is_multiple_of(8192) {
            progress.advance(8192);
            progress.check()?;
        }
        let order = match (rows_a.peek(), rows_b.peek()) {
            (None, None) => break,
            (Some(Err(_)), _) => {
                rows_a.next().transpose()?;
                continue;
            }
            (_, Some(Err(_))) => {
                rows_b.next().transpose()?;
                continue;
            }
            (Some(Ok(x)), Some(Ok(y))) => x.0.cmp(&y.0),
            (Some(Ok(_)), None) => std::cmp::Ordering::Less,
            (None, Some(Ok(_))) => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                let (key, _) = rows_a.next().transpose()?.unwrap_or_default();
                out.removed += 1;
                note(&mut out, "removed", &key);
            }
            std::cmp::Ordering::Greater => {
                let (key, _) = rows_b.next().transpose()?.unwrap_or_default();
                out.added += 1;
                note(&mut out, "added", &key);
            }
            std::cmp::Ordering::Equal => {
                let (key, x) = rows_a.next().transpose()?.unwrap_or_default();
                let (_, y) = rows_b.next().transpose()?.unwrap_or_default();
                #[allow(clippy::float_cmp)] // A stored number changed or it did not.
                let equal = x.0 == y.0 && x.1 == y.1 && x.2 == y.2 && x.3 == y.3;
                if !equal {
                    out.changed += 1;
                    note(&mut out, "changed", &key);
                }
            }
        }
    }
    Ok(out)
}
