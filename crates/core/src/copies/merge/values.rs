//! Data values in a merge: matched by indicator × region × period × breakdown, the
//! indicator and region found by their UUIDs (a code or key renamed on one side still
//! matches), what a value refers to brought along (`references`).

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value as Json;

use super::named::Named;
use super::{Conflict, MergeOptions, MergeReport, Side};
use crate::copies::diff::EntityRef;
use crate::store::observations::{self, Content, StoredRow};
use crate::store::{Result, Store, Tx};

/// A data value's content by its key.
fn observation_at(conn: &Connection, identity: &[String; 4]) -> Result<Option<Content>> {
    Ok(conn
        .prepare_cached(
            "SELECT o.value, o.symbol, o.quality, o.note FROM observation o
             WHERE o.indicator_id = (SELECT id FROM indicator WHERE code = ?1)
               AND o.region_id = (SELECT id FROM region WHERE key = ?2)
               AND o.period_id = (SELECT id FROM period WHERE code = ?3)
               AND o.breakdown_id = (SELECT id FROM breakdown WHERE key = ?4)",
        )?
        .query_row(
            [&identity[0], &identity[1], &identity[2], &identity[3]],
            |row| {
                Ok(Content {
                    value: row.get(0)?,
                    symbol: row.get(1)?,
                    quality: row.get(2)?,
                    note: row.get(3)?,
                })
            },
        )
        .optional()?)
}

fn content_json(content: Option<&Content>) -> Json {
    content.map_or(Json::Null, |c| {
        serde_json::json!({ "value": c.value, "symbol": c.symbol, "quality": c.quality, "note": c.note })
    })
}

/// Brings the other copy's data values across: first those its imports wrote, in bulk
/// (`bulk`), then one by one those its log records and those the bulk pass left. `held`
/// names the indicators (by the target's code) whose values wait for a conflict on their
/// meaning; returns how many values of each waited.
#[expect(
    clippy::too_many_lines,
    reason = "one value's way: named in both copies, compared, held, in conflict or written — each step uses what the one before found"
)]
pub(super) fn merge(
    tx: &mut Tx<'_>,
    other: &Store,
    (ours, theirs): (&BTreeSet<String>, &BTreeSet<Named>),
    (their_actions, held): (&[i64], &HashSet<String>),
    bases: &HashMap<String, Json>,
    options: &MergeOptions,
    report: &mut MergeReport,
) -> Result<HashMap<String, u64>> {
    let mut references = crate::copies::references::References::new(other.conn())?;
    let progress = options.progress.clone().unwrap_or_default();
    let bulk = super::bulk::merge(
        tx,
        other.conn(),
        (their_actions, held),
        ours,
        &mut references,
        &progress,
    )?;
    report.observations_applied += bulk.inserted;
    let mut waiting = bulk.held;
    let mut names = Names {
        other: other.conn(),
        by_uuid: HashMap::new(),
        target_uuids: HashMap::new(),
    };
    let theirs: BTreeSet<&Named> = theirs.iter().chain(&bulk.left).collect();
    progress.start(theirs.len() as u64);
    for (at, named) in theirs.into_iter().enumerate() {
        let original = &named.key;
        if at % 1024 == 1023 {
            progress.advance(1024);
            progress.check()?;
        }
        let parts: Vec<&str> = original.splitn(4, '|').collect();
        let [indicator, region, period, breakdown] = parts.as_slice() else {
            continue;
        };
        // The value's indicator and region as the other copy names them now (its log may
        // name them by a code since renamed, or by one another row bears now) and as the
        // target does; `None` where the other copy no longer has the row.
        let (their_indicator, our_indicator) = names.resolve(
            tx.conn(),
            ("indicator", "code"),
            indicator,
            named.indicator.as_deref(),
        )?;
        let (their_region, our_region) = names.resolve(
            tx.conn(),
            ("region", "key"),
            region,
            named.region.as_deref(),
        )?;
        // Where the target has no counterpart of the row the other copy's value was of, it
        // has no value there either.
        let counterpart = our_indicator.is_some() && our_region.is_some();
        let identity = [
            our_indicator.unwrap_or_else(|| (*indicator).to_owned()),
            our_region.unwrap_or_else(|| (*region).to_owned()),
            (*period).to_owned(),
            (*breakdown).to_owned(),
        ];
        let key = &identity.join("|");
        let theirs_now = match (their_indicator, their_region) {
            (Some(indicator), Some(region)) => observation_at(
                other.conn(),
                &[
                    indicator,
                    region,
                    (*period).to_owned(),
                    (*breakdown).to_owned(),
                ],
            )?,
            _ => None,
        };
        let target_now = if counterpart {
            observation_at(tx.conn(), &identity)?
        } else {
            None
        };
        if theirs_now == target_now || (!counterpart && theirs_now.is_none()) {
            continue;
        }
        // The other copy's actions left the value as it was when the copies parted (an
        // import undone and redone, a value changed and changed back): it changed nothing,
        // and the target's own value — or its lack of one — stays.
        if bases
            .get(original)
            .is_some_and(|base| *base == content_json(theirs_now.as_ref()))
        {
            continue;
        }
        if held.contains(&identity[0]) {
            *waiting.entry(identity[0].clone()).or_default() += 1;
            continue;
        }
        let reference = EntityRef {
            kind: "observation",
            key: key.clone(),
            name: identity
                .iter()
                .filter(|part| !part.is_empty())
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" · "),
        };
        let conflict = Conflict {
            entity: reference.clone(),
            field: "value".to_owned(),
            base: bases
                .get(key)
                .or_else(|| bases.get(original))
                .cloned()
                .unwrap_or(Json::Null),
            ours: content_json(target_now.as_ref()),
            theirs: content_json(theirs_now.as_ref()),
        };
        if !counterpart {
            // Not written by name onto another row the target has under it.
            report.conflicts.push(Conflict {
                theirs: Json::String(crate::t!(
                    "merge.refers_to_missing",
                    name = indicator,
                    kind = crate::model::meta::EntityKind::Indicator.label()
                )),
                ..conflict
            });
            continue;
        }
        let by_uuid = [
            names.uuid_in_target(tx.conn(), "indicator", "code", &identity[0])?,
            names.uuid_in_target(tx.conn(), "region", "key", &identity[1])?,
        ];
        let ours_key = format!(
            "{}|{}|{period}|{breakdown}",
            by_uuid[0].as_deref().unwrap_or(&identity[0]),
            by_uuid[1].as_deref().unwrap_or(&identity[1])
        );
        if ours.contains(&ours_key)
            && options.resolutions.get(&conflict.key()) != Some(&Side::Theirs)
        {
            report.conflicts.push(conflict);
            continue;
        }
        let stored = |content: Option<Content>| {
            content.map(|content| StoredRow {
                content,
                import_id: None,
                import_line: None,
            })
        };
        let before = stored(target_now).map(|row| observations::log_row(&identity, &row));
        let after_row = stored(theirs_now);
        let after = after_row
            .as_ref()
            .map(|row| observations::log_row(&identity, row));
        let Some(any) = before.as_ref().or(after.as_ref()) else {
            continue;
        };
        let result = tx.savepoint(|tx| {
            // In the savepoint: a value that cannot be applied leaves no period behind.
            if let Some(row) = &after_row {
                references.bring(tx, period, breakdown, row.content.symbol.as_deref())?;
            }
            let (ids, _) = observations::from_log_row(tx.conn(), any)?;
            observations::restore(tx.conn(), ids, after_row.as_ref())?;
            tx.log_observation(before.as_ref(), after.as_ref())
        });
        match result {
            Ok(()) => report.observations_applied += 1,
            Err(error) => {
                references.forget();
                report.conflicts.push(Conflict {
                    theirs: Json::String(error.to_string()),
                    ..conflict
                });
            }
        }
    }
    Ok(waiting)
}

/// A name in the other copy and in the target; `None` where a copy has no such row.
type TheirsAndOurs = (Option<String>, Option<String>);

/// The target's codes and keys for the other copy's indicators and regions, found by UUID.
struct Names<'a> {
    other: &'a Connection,
    by_uuid: HashMap<(&'static str, String, String), TheirsAndOurs>,
    target_uuids: HashMap<(&'static str, String), Option<String>>,
}

impl Names<'_> {
    /// The UUID of the target's `table` row whose `column` is `name` now.
    fn uuid_in_target(
        &mut self,
        target: &Connection,
        table: &'static str,
        column: &str,
        name: &str,
    ) -> Result<Option<String>> {
        let address = (table, name.to_owned());
        if let Some(found) = self.target_uuids.get(&address) {
            return Ok(found.clone());
        }
        let found: Option<String> = target
            .prepare_cached(&format!("SELECT uuid FROM {table} WHERE {column} = ?1"))?
            .query_row([name], |row| row.get(0))
            .optional()?;
        self.target_uuids.insert(address, found.clone());
        Ok(found)
    }

    /// The other copy's (`None`: it no longer has the row) and the target's `column` of the
    /// `table` row the other copy's log called `name` — the row with `uuid` where the log
    /// tells which row bore the name then, else `name` itself in both.
    fn resolve(
        &mut self,
        target: &Connection,
        (table, column): (&'static str, &str),
        name: &str,
        uuid: Option<&str>,
    ) -> Result<TheirsAndOurs> {
        // No row bore the name in the other copy's log or bears it now: both copies name
        // it alike, and the value's lookup says what is missing.
        let Some(uuid) = uuid else {
            return Ok((Some(name.to_owned()), Some(name.to_owned())));
        };
        let address = (table, name.to_owned(), uuid.to_owned());
        if let Some(found) = self.by_uuid.get(&address) {
            return Ok(found.clone());
        }
        let name_in = |conn: &Connection| -> Result<Option<String>> {
            Ok(conn
                .prepare_cached(&format!("SELECT {column} FROM {table} WHERE uuid = ?1"))?
                .query_row([uuid], |row| row.get(0))
                .optional()?)
        };
        // A row the target lacks under that UUID (made on both sides, matched by its
        // name) is the target's row of that name — unless the other copy has that row too
        // (it deleted this one and made that one under the name: another row, which the
        // target has no counterpart of here), or no longer has this one either (both
        // deleted it: what the other copy did to its values concerns no row of the
        // target's, even one made since under the name).
        let theirs = name_in(self.other)?;
        let ours = if let Some(ours) = name_in(target)? {
            Some(ours)
        } else if theirs.is_none() {
            None
        } else {
            let holder: Option<String> = target
                .prepare_cached(&format!("SELECT uuid FROM {table} WHERE {column} = ?1"))?
                .query_row([name], |row| row.get(0))
                .optional()?;
            let theirs_too = match &holder {
                Some(holder) => self
                    .other
                    .prepare_cached(&format!(
                        "SELECT EXISTS (SELECT 1 FROM {table} WHERE uuid = ?1)"
                    ))?
                    .query_row([holder], |row| row.get::<_, bool>(0))?,
                None => false,
            };
            (!theirs_too).then(|| name.to_owned())
        };
        let found = (theirs, ours);
        self.by_uuid.insert(address, found.clone());
        Ok(found)
    }
}
