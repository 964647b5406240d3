//! What a row names, found or made: its indicator (by code, else by the name the file
//! gives), its region (by key, a stripped leading zero restored, else by name; made in the
//! level its key says), its period and its breakdown — each id remembered for the rows
//! that follow.

use std::collections::HashMap;

use super::{Importer, OTHER_NAMES_LISTED};
use crate::import::row::{Part, RowSpec};
use crate::model::{Indicator, Polarity, Region, RegionLevel, UpdateFrequency};
use crate::store::observations;
use crate::t;

/// Ids already resolved during an import, by key. The last key asked for is checked
/// first: rows of one file mostly repeat it, and comparing is cheaper than hashing.
pub(in crate::import) struct KeyCache<V> {
    last: Option<(String, V)>,
    all: HashMap<String, V>,
}

impl<V: Copy> Default for KeyCache<V> {
    fn default() -> Self {
        KeyCache {
            last: None,
            all: HashMap::new(),
        }
    }
}

impl<V: Copy> KeyCache<V> {
    pub(in crate::import) fn get(&mut self, key: &str) -> Option<V> {
        if let Some((last, value)) = &self.last
            && last == key
        {
            return Some(*value);
        }
        let value = *self.all.get(key)?;
        self.remember(key, value);
        Some(value)
    }

    pub(in crate::import) fn insert(&mut self, key: &str, value: V) {
        self.all.insert(key.to_owned(), value);
        self.remember(key, value);
    }

    /// Keeps `key` as the last one, reusing the buffer (no allocation per row).
    pub(in crate::import) fn remember(&mut self, key: &str, value: V) {
        match &mut self.last {
            Some((last, last_value)) => {
                key.clone_into(last);
                *last_value = value;
            }
            None => self.last = Some((key.to_owned(), value)),
        }
    }
}

impl Importer<'_, '_, '_> {
    pub(in crate::import) fn indicator_id(&mut self, row: &RowSpec) -> crate::store::Result<i64> {
        if let Some(id) = self.indicators.get(&row.indicator_code) {
            return Ok(id);
        }
        let conn = self.tx.conn();
        // By code; else by the name the file gives as its code, or (a classic table) by
        // the code an older Lernstadt gave it (its label, up to 80 characters), or by its
        // label where a flat export of the same statistic brought it (`21111:SCH001`
        // "Schüler/-innen" for table `21111-01-03-4`) — never by another statistic's label,
        // which can be the same (`Absolvierende/Abgehende`).
        let existing: Option<i64> = if row.match_name {
            let statistic = row
                .indicator_code
                .split_once('-')
                .map(|(statistic, _)| format!("{statistic}:%"))
                .unwrap_or_default();
            rusqlite::OptionalExtension::optional(conn.query_row(
                "SELECT id FROM indicator WHERE code = ?1 OR ((code = ?2 OR code = substr(?2, 1, 80) OR (name = ?2 AND ?3 <> '' AND code LIKE ?3)) AND NOT EXISTS (SELECT 1 FROM indicator WHERE code = ?1)) ORDER BY code = ?1 DESC LIMIT 1",
                [&row.indicator_code, &row.indicator_name, &statistic],
                |r| r.get(0),
            ))?
        } else {
            rusqlite::OptionalExtension::optional(conn.query_row(
                "SELECT id FROM indicator WHERE code = ?1 OR (name = ?1 AND NOT EXISTS (SELECT 1 FROM indicator WHERE code = ?1)) ORDER BY code = ?1 DESC LIMIT 1",
                [&row.indicator_code],
                |r| r.get(0),
            ))?
        };
        let id = if let Some(id) = existing {
            id
        } else {
            let name = if row.indicator_name.is_empty() {
                row.indicator_code.clone()
            } else {
                row.indicator_name.clone()
            };
            let uuid = crate::model::new_uuid();
            self.created_indicators.push(uuid);
            self.tx.insert(&Indicator {
                uuid,
                code: row.indicator_code.clone(),
                name,
                definition: String::new(),
                unit: row.unit.clone(),
                // Counts are whole numbers: "1.157.624", not "1.157.624,0".
                decimals: i64::from(!crate::model::is_count_unit(&row.unit)),
                polarity: Polarity::Neutral,
                band_low: None,
                band_high: None,
                source: row.source.clone(),
                update_frequency: UpdateFrequency::Yearly,
                baseline_period: None,
                baseline_value: None,
                formula: String::new(),
                // A unit that says "how many" proposes protecting small counts.
                counts: crate::model::is_count_unit(&row.unit),
            })?;
            self.tx.conn().query_row(
                "SELECT id FROM indicator WHERE code = ?1",
                [&row.indicator_code],
                |r| r.get(0),
            )?
        };
        // A computed indicator's values come from its formula, never from a file; the
        // computed indicators that read this one are computed again before the import
        // commits.
        let (code, formula): (String, String) = self.tx.conn().query_row(
            "SELECT code, formula FROM indicator WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if formula.is_empty() {
            self.tx.touch(&code);
        } else {
            self.computed.insert(id, (code, formula));
        }
        self.indicators.insert(&row.indicator_code, id);
        Ok(id)
    }

    pub(in crate::import) fn region_id(&mut self, row: &RowSpec) -> crate::store::Result<i64> {
        if let Some(id) = self.regions.get(&row.region_key) {
            return Ok(id);
        }
        let level_parent = if row.levels.is_empty() {
            None
        } else {
            self.level_parent(row)?
        };
        let conn = self.tx.conn();
        let find = |sql: &str, key: &str| -> crate::store::Result<Option<i64>> {
            Ok(rusqlite::OptionalExtension::optional(conn.query_row(
                sql,
                [key],
                |r| r.get(0),
            ))?)
        };
        // A city file's whole-city row (`Münster gesamt`, `Gesamtstadt`) is my region.
        let whole_city = row.region_level.is_none()
            && (crate::import::sheet::is_whole_city(&row.region_key)
                || crate::import::sheet::is_whole_city(&row.region_name));
        let mine: Option<(String, String)> = if whole_city {
            let project = crate::store::project::get(conn)?.project;
            let key = project.region_key.trim().to_owned();
            (!key.is_empty()).then(|| {
                let name = [&project.municipality, &row.region_name]
                    .into_iter()
                    .find(|n| !n.trim().is_empty())
                    .map_or_else(|| key.clone(), |n| n.trim().to_owned());
                (key, name)
            })
        } else {
            None
        };
        let key = mine
            .as_ref()
            .map_or(row.region_key.as_str(), |(key, _)| key);
        let mut id = find("SELECT id FROM region WHERE key = ?1", key)?;
        // Each key is resolved once per import (then cached), so this runs once per region.
        if id.is_some() && !row.region_name.is_empty() && mine.is_none() {
            let stored: String =
                conn.query_row("SELECT name FROM region WHERE key = ?1", [key], |r| {
                    r.get(0)
                })?;
            if stored != row.region_name {
                self.other_names_count += 1;
                if self.other_names.len() < OTHER_NAMES_LISTED {
                    self.other_names.push((
                        row.line,
                        key.to_owned(),
                        stored,
                        row.region_name.clone(),
                    ));
                }
            }
        }
        // A spreadsheet may have stripped the leading zero of an official key.
        let mut restored = None;
        if id.is_none()
            && key.bytes().all(|b| b.is_ascii_digit())
            && matches!(key.len(), 1 | 4 | 7 | 11)
        {
            let padded = format!("0{key}");
            id = find("SELECT id FROM region WHERE key = ?1", &padded)?;
            restored = id.map(|_| padded);
        }
        // A Zensus ARS (`031590016016`) and the Gemeinde's AGS (`03159016`) name one
        // Gemeinde: a project keeps the key it had first.
        if id.is_none() && key.len() == 12 && crate::model::is_region_key(key) {
            id = find(
                "SELECT id FROM region WHERE key = ?1",
                &format!("{}{}", &key[..5], &key[9..]),
            )?;
        }
        if id.is_none() && key.len() == 8 && crate::model::is_region_key(key) {
            id = rusqlite::OptionalExtension::optional(conn.query_row(
                "SELECT id FROM region WHERE length(key) = 12 AND substr(key, 1, 5) = ?1 AND substr(key, 10, 3) = ?2",
                [&key[..5], &key[5..]],
                |r| r.get(0),
            ))?;
        }
        if id.is_none() {
            id = find("SELECT id FROM region WHERE lower(name) = lower(?1)", key)?;
        }
        if let Some(padded) = restored
            && self.warned_regions.insert(key.to_owned())
        {
            self.problem(
                row.line,
                None,
                t!("import.region.leading_zero", key = key, padded = padded),
                true,
            );
        }
        let id = if let Some(id) = id {
            id
        } else {
            // A city file's key is official only where the shipped list holds it (with
            // the file's name, if any); the list names a region the file gives no name.
            let listed =
                row.region_level.is_none() && crate::model::is_listed(key, &row.region_name);
            let name = if let Some((_, name)) = &mine {
                name.clone()
            } else if row.region_name.is_empty() || row.region_name == key {
                crate::model::official_regions::name(key)
                    .map_or_else(|| key.to_owned(), str::to_owned)
            } else {
                row.region_name.clone()
            };
            let uuid = crate::model::new_uuid();
            self.tx.insert(&Region {
                uuid,
                key: key.to_owned(),
                name,
                // An office's file says the level. In a city's file, a key the list holds
                // says its level (my region's too); a five-digit official key the list no
                // longer holds is a Kreis dissolved since; the whole city is a
                // municipality; any other key is the city's own district.
                level: row.region_level.unwrap_or_else(|| {
                    let official = crate::model::official_regions::lookup(key)
                        .filter(|_| listed || mine.is_some())
                        .map(|official| official.level);
                    if let Some(level) = official {
                        level
                    } else if level_parent.is_some() {
                        RegionLevel::Neighbourhood
                    } else if mine.is_none()
                        && key.len() == 5
                        && crate::model::is_official(key, &row.region_name)
                    {
                        RegionLevel::County
                    } else if mine.is_some() || crate::import::sheet::is_whole_city(key) {
                        crate::model::level_of_official_key(key)
                            .unwrap_or(RegionLevel::Municipality)
                    } else {
                        RegionLevel::District
                    }
                }),
                parent: level_parent,
            })?;
            self.created_regions.push((key.to_owned(), uuid));
            self.tx
                .conn()
                .query_row("SELECT id FROM region WHERE key = ?1", [key], |r| r.get(0))?
        };
        self.regions.insert(&row.region_key, id);
        Ok(id)
    }

    pub(in crate::import) fn period_id(&mut self, code: &str) -> crate::store::Result<Option<i64>> {
        if let Some(id) = self.periods.get(code) {
            return Ok(id);
        }
        let id = match crate::store::periods::parse_code(code) {
            Some(period) => Some(crate::store::periods::ensure(self.tx, &period)?),
            None => None,
        };
        self.periods.insert(code, id);
        Ok(id)
    }

    /// The member codes a classic table's labels stand for in an indicator a flat export of
    /// the same statistic brought (`männlich` → `GES`/`GESM`): the members of that
    /// indicator's own breakdowns whose label is unique among them. Empty for an indicator
    /// the table names by its own code.
    pub(in crate::import) fn member_codes(
        &mut self,
        indicator: i64,
        row: &RowSpec,
    ) -> crate::store::Result<&HashMap<String, (String, String)>> {
        if !self.member_codes.contains_key(&indicator) {
            let code: String = self.tx.conn().query_row(
                "SELECT code FROM indicator WHERE id = ?1",
                [indicator],
                |r| r.get(0),
            )?;
            let mut codes: HashMap<String, (String, String)> = HashMap::new();
            if row.match_name && code != row.indicator_code && code.contains(':') {
                let mut statement = self.tx.conn().prepare(
                    "SELECT DISTINCT lower(m.label), d.code, m.code FROM observation o
                     JOIN breakdown_member bm ON bm.breakdown_id = o.breakdown_id
                     JOIN dimension_member m ON m.id = bm.member_id
                     JOIN dimension d ON d.id = m.dimension_id
                     WHERE o.indicator_id = ?1",
                )?;
                let rows = statement.query_map([indicator], |r| {
                    Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?)))
                })?;
                let mut twice: Vec<String> = Vec::new();
                for found in rows {
                    let (label, pair) = found?;
                    if codes.insert(label.clone(), pair).is_some() {
                        twice.push(label);
                    }
                }
                for label in twice {
                    codes.remove(&label);
                }
            }
            self.member_codes.insert(indicator, codes);
        }
        Ok(&self.member_codes[&indicator])
    }

    pub(in crate::import) fn breakdown_id(&mut self, parts: &[Part]) -> crate::store::Result<i64> {
        let mut pairs: Vec<(&str, &str)> = parts
            .iter()
            .map(|p| (p.dimension.as_str(), p.member.as_str()))
            .collect();
        pairs.sort_unstable();
        // A part named twice is one part (its breakdown member once).
        pairs.dedup();
        self.key_buffer.clear();
        for (index, (dimension, member)) in pairs.iter().enumerate() {
            if index > 0 {
                self.key_buffer.push(';');
            }
            self.key_buffer.push_str(dimension);
            self.key_buffer.push('=');
            self.key_buffer.push_str(member);
        }
        if let Some(id) = self.breakdowns.get(&self.key_buffer) {
            return Ok(id);
        }
        let conn = self.tx.conn();
        for part in parts {
            let dimension =
                observations::ensure_dimension(conn, &part.dimension, &part.dimension_label)?;
            observations::ensure_member(conn, dimension, &part.member, &part.member_label)?;
        }
        let id = observations::ensure_breakdown(conn, &self.key_buffer)?;
        self.breakdowns.insert(&self.key_buffer, id);
        Ok(id)
    }
}
