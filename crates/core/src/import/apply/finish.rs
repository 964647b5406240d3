//! What an import does at its end, inside its one action: regions it created linked into
//! the official tree (or under the whole city), one warning for names that differ, and the
//! file's data date and licence added to the source of the indicators it created.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::Importer;
use crate::model::{Indicator, Region};
use crate::t;

/// The keys an official region key may have above it, nearest first: an ARS (12 digits:
/// Land 2, Regierungsbezirk 1, Kreis 2, Verband 4, Gemeinde 3) lies in its Gemeindeverband
/// (9), every Gemeinde (an AGS, 8 digits: Land, Regierungsbezirk, Kreis, Gemeinde), Verband
/// and Kreis in its Kreis (5), Regierungsbezirk (3) and Land (2), and every Land and both
/// parts of Germany (`DF`, `DN`) in Germany (`DG`). A Gemeinde the shipped list holds lies
/// in its Gemeindeverband first, by its AGS as by its ARS.
#[must_use]
pub fn official_ancestors(key: &str) -> Vec<String> {
    if crate::model::is_germany_part(key) {
        return vec!["DG".to_owned()];
    }
    if key == "DG" || !crate::model::is_region_key(key) {
        return Vec::new();
    }
    // The shipped list knows a Gemeinde's Gemeindeverband by its AGS too; the key's
    // prefixes stand for a region the list no longer holds.
    let mut ancestors: Vec<String> = crate::model::official_regions::parents(key)
        .into_iter()
        .map(str::to_owned)
        .collect();
    for prefix in [9, 5, 3, 2]
        .into_iter()
        .filter(|&len| len < key.len())
        .map(|len| key[..len].to_owned())
        .chain(["DG".to_owned()])
    {
        if !ancestors.contains(&prefix) {
            ancestors.push(prefix);
        }
    }
    // Nearest first: the longer key lies inside the shorter, Germany last.
    ancestors.sort_by_key(|k| std::cmp::Reverse(if k == "DG" { 0 } else { k.len() }));
    ancestors
}

/// The region an official region with `ancestors` (nearest first, see
/// [`official_ancestors`]) goes under: the nearest the project holds; with `create`, the
/// ancestors below it that the project lacks are created from the shipped official list —
/// its name and level, each under the next — and their keys added to `created`. Germany
/// (`DG`) is not created: a Land stands at the top unless the project holds Germany. A
/// prefix the list does not hold (Schleswig-Holstein has no Regierungsbezirk `010`) is
/// passed over.
fn official_parent(
    tx: &crate::store::Tx<'_>,
    ancestors: &[String],
    create: bool,
    created: &mut Vec<String>,
) -> crate::store::Result<Option<Uuid>> {
    let mut missing = Vec::new();
    let mut parent = None;
    for ancestor in ancestors {
        let held: Option<String> = rusqlite::OptionalExtension::optional(tx.conn().query_row(
            "SELECT uuid FROM region WHERE key = ?1",
            [ancestor],
            |r| r.get(0),
        ))?;
        if let Some(uuid) = held.and_then(|u| Uuid::parse_str(&u).ok()) {
            parent = Some(uuid);
            break;
        }
        if ancestor == "DG" || !create {
            continue;
        }
        if let Some(official) = crate::model::official_regions::lookup(ancestor) {
            missing.push(official);
        }
    }
    for official in missing.into_iter().rev() {
        let region = Region {
            uuid: crate::model::new_uuid(),
            key: official.listed_key.to_owned(),
            name: official.name.to_owned(),
            level: official.level,
            parent,
        };
        tx.insert(&region)?;
        created.push(region.key);
        parent = Some(region.uuid);
    }
    Ok(parent)
}

impl Importer<'_, '_, '_> {
    /// Finishes: counts, the import row; returns whether anything changed.
    pub(in crate::import) fn finish(mut self) -> crate::store::Result<bool> {
        self.flush()?;
        self.link_official_parents()?;
        self.note_other_names();
        let report = &*self.report;
        let conn = self.tx.conn();
        let net_inserted = report.inserted as i64;
        crate::store::counts::add(conn, crate::store::counts::OBSERVATIONS, net_inserted)?;
        conn.execute(
            "UPDATE import SET inserted = ?1, updated = ?2, unchanged = ?3, rejected = ?4 WHERE id = ?5",
            rusqlite::params![report.inserted as i64, report.updated as i64, report.unchanged as i64, report.rejected as i64, self.import_id],
        )?;
        let changed = report.inserted + report.updated;
        self.tx
            .count_bulk_changes(usize::try_from(report.inserted).unwrap_or(usize::MAX));
        Ok(changed > 0)
    }

    /// Links each region this import created under the nearest official region above it
    /// that the project holds (`01001` under `010` or `01`, `01` under `DG`), as part of
    /// the import's one action; for a Gemeinde the official regions between it and that one
    /// are created from the shipped list (see [`official_parent`]), so that the Gemeinden
    /// of a table that brings only them (the Gemeindeverzeichnis, a Zensus table) stand in
    /// the official tree. A project's own keys (`05999-01`) and regions that were there
    /// before are left as they are.
    pub(super) fn link_official_parents(&mut self) -> crate::store::Result<()> {
        let conn = self.tx.conn();
        let created = std::mem::take(&mut self.created_regions);
        // A whole-city row (`Gesamtstadt`) is the parent of the districts the file brings.
        let city = created
            .iter()
            .find(|(key, _)| crate::import::sheet::is_whole_city(key))
            .map(|(_, uuid)| *uuid);
        let mut orphans: Vec<Uuid> = Vec::new();
        let mut new_official: Vec<String> = Vec::new();
        // A city's own keys show their tree by their prefixes (Stadtbezirk `1`, Stadtteil
        // `11`): among every own key the project holds, those the import brought too.
        let regions = crate::store::regions::list(conn)?;
        let own: Vec<&Region> = regions
            .iter()
            .filter(|r| {
                matches!(
                    r.level,
                    crate::model::RegionLevel::District | crate::model::RegionLevel::Neighbourhood
                ) && !crate::import::sheet::is_whole_city(&r.key)
            })
            .collect();
        let by_prefix = super::districts::prefix_parents(own.iter().map(|r| r.key.as_str()));
        for (key, uuid) in created {
            let Some(mut region) = crate::store::entity::get::<Region>(conn, &uuid.to_string())?
            else {
                continue;
            };
            if region.parent.is_some() {
                continue; // Placed by the file's level columns.
            }
            // A city's own district (`10` Schreventeich) has no official region above it.
            let official = crate::model::is_official(&key, &region.name)
                && region.level != crate::model::RegionLevel::District;
            if let Some(parent) = by_prefix
                .get(&key)
                .and_then(|parent| own.iter().find(|r| r.key == *parent))
            {
                region.parent = Some(parent.uuid);
                if parent.level == crate::model::RegionLevel::District {
                    region.level = crate::model::RegionLevel::Neighbourhood;
                }
                self.tx.update(&region)?;
                continue;
            }
            let by_city = city.filter(|city| *city != uuid && !official);
            let ancestors = if official {
                official_ancestors(&key)
            } else {
                Vec::new()
            };
            // A Gemeinde of the shipped list gets the official regions above it; a Kreis,
            // Regierungsbezirk or Land goes under those the project holds, as a table of
            // them lists them.
            let gemeinde =
                matches!(key.len(), 8 | 12) && crate::model::official_regions::is_current(&key);
            let parent = match by_city {
                Some(city) => Some(city),
                None => official_parent(self.tx, &ancestors, gemeinde, &mut new_official)?,
            };
            if official {
                new_official.push(key);
            }
            let Some(parent) = parent else {
                if !official {
                    orphans.push(uuid);
                }
                continue;
            };
            region.parent = Some(parent);
            self.tx.update(&region)?;
        }
        self.move_under_nearer(&new_official)?;
        self.place_under_my_region(&orphans)
    }

    /// Official regions that were there before and sit where the official tree put them
    /// (at the top, or under an official region farther up) move under a nearer one this
    /// import brought: Gemeinden imported before their Kreise or Gemeindeverbände end up
    /// under them all the same. A region someone placed elsewhere stays where it is.
    fn move_under_nearer(&mut self, new_official: &[String]) -> crate::store::Result<()> {
        if new_official.is_empty() {
            return Ok(());
        }
        let regions = crate::store::regions::list(self.tx.conn())?;
        let by_key: HashMap<&str, &Region> = regions.iter().map(|r| (r.key.as_str(), r)).collect();
        let key_of: HashMap<Uuid, &str> =
            regions.iter().map(|r| (r.uuid, r.key.as_str())).collect();
        let new: HashSet<&str> = new_official.iter().map(String::as_str).collect();
        let mut moves = Vec::new();
        for region in &regions {
            if new.contains(region.key.as_str()) {
                continue; // Placed above.
            }
            let ancestors = official_ancestors(&region.key);
            let Some(nearest) = ancestors.iter().find_map(|a| by_key.get(a.as_str())) else {
                continue;
            };
            if Some(nearest.uuid) == region.parent || !new.contains(nearest.key.as_str()) {
                continue;
            }
            let placed_by_tree = region.parent.is_none_or(|parent| {
                key_of
                    .get(&parent)
                    .is_some_and(|key| ancestors.iter().any(|a| a == key))
            });
            if placed_by_tree && crate::model::is_official(&region.key, &region.name) {
                moves.push(Region {
                    parent: Some(nearest.uuid),
                    ..region.clone()
                });
            }
        }
        for region in moves {
            self.tx.update(&region)?;
        }
        Ok(())
    }

    /// A city's own districts (keys of its own, nothing above them in the file) belong to
    /// the project's region: they are placed under my region, which is made from the
    /// project's key and municipality when the project does not hold it yet (a city's
    /// district file has no row for the whole city).
    fn place_under_my_region(&mut self, orphans: &[Uuid]) -> crate::store::Result<()> {
        let conn = self.tx.conn();
        let districts: Vec<Region> = orphans
            .iter()
            .filter_map(|uuid| {
                crate::store::entity::get::<Region>(conn, &uuid.to_string())
                    .ok()
                    .flatten()
            })
            .filter(|r| r.parent.is_none() && r.level == crate::model::RegionLevel::District)
            .collect();
        if districts.is_empty() {
            return Ok(());
        }
        let project = crate::store::project::get(conn)?.project;
        let key = project.region_key.trim();
        if key.is_empty() {
            return Ok(());
        }
        let regions = crate::store::regions::list(conn)?;
        let mine = if let Some(mine) = crate::model::my_region(&regions, key) {
            mine
        } else {
            let name = [&project.municipality, &project.name]
                .into_iter()
                .find(|n| !n.trim().is_empty())
                .map_or_else(|| key.to_owned(), |n| n.trim().to_owned());
            let level = if crate::model::is_region_key(key) {
                crate::import::genesis_table::level_of_key(key)
            } else {
                crate::model::RegionLevel::Municipality
            };
            let parent = official_ancestors(key)
                .into_iter()
                .find_map(|ancestor| regions.iter().find(|r| r.key == ancestor).map(|r| r.uuid));
            let region = Region {
                uuid: crate::model::new_uuid(),
                key: key.to_owned(),
                name,
                level,
                parent,
            };
            self.tx.insert(&region)?;
            region.uuid
        };
        for district in districts {
            if district.uuid != mine {
                self.tx.update(&Region {
                    parent: Some(mine),
                    ..district
                })?;
            }
        }
        Ok(())
    }

    /// One warning naming regions whose name in the file differs from the project's.
    pub(super) fn note_other_names(&mut self) {
        let Some(&(line, ..)) = self.other_names.first() else {
            return;
        };
        let mut listed = self
            .other_names
            .iter()
            .map(|(_, key, ours, theirs)| {
                t!(
                    "import.region.other_name_pair",
                    key = key,
                    ours = ours,
                    theirs = theirs
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        if self.other_names_count > self.other_names.len() as u64 {
            listed.push_str("; …");
        }
        let message = t!(
            "import.region.other_name",
            count = crate::i18n::format_int(self.other_names_count as i64),
            regions = listed
        );
        self.report.problem(line, None, message, true);
    }

    /// Adds the file's data date (`Stand`) and licence to the source of the indicators
    /// this import created, so charts and the report name them.
    pub(in crate::import) fn note_source(
        &mut self,
        stand: Option<&str>,
        licence: Option<&str>,
    ) -> crate::store::Result<()> {
        let mut parts = Vec::new();
        if let Some(stand) = stand {
            // Stored text: in the project's language.
            let lang = crate::store::project::language(self.tx.conn())?;
            parts.push(crate::i18n::in_lang(lang, || {
                t!(
                    "import.source.stand",
                    date = crate::i18n::format_period(stand)
                )
            }));
        }
        if let Some(licence) = licence {
            parts.push(licence.to_owned());
        }
        if parts.is_empty() {
            return Ok(());
        }
        for uuid in std::mem::take(&mut self.created_indicators) {
            let Some(mut indicator) =
                crate::store::entity::get::<Indicator>(self.tx.conn(), &uuid.to_string())?
            else {
                continue;
            };
            indicator.source = std::iter::once(indicator.source.clone())
                .chain(parts.iter().cloned())
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            self.tx.update(&indicator)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::official_ancestors;
    use crate::import::{Options, Progress, import_file};
    use crate::model::RegionLevel;

    /// Each region's key, name, level and its parent's key, by key.
    fn tree(store: &crate::store::Store) -> Vec<(String, String, RegionLevel, String)> {
        let regions = crate::store::regions::list(store.conn()).unwrap();
        let key_of = |uuid| {
            regions
                .iter()
                .find(|r| Some(r.uuid) == uuid)
                .map(|r| r.key.clone())
                .unwrap_or_default()
        };
        regions
            .iter()
            .map(|r| (r.key.clone(), r.name.clone(), r.level, key_of(r.parent)))
            .collect()
    }

    /// Gemeinden imported into an empty project stand in the official tree: their
    /// Gemeindeverband, Kreis, Regierungsbezirk (where the Land has one) and Land are
    /// created from the shipped list, named and levelled, once; a Land goes under Germany
    /// where the project holds it.
    #[test]
    fn imported_gemeinden_stand_in_the_official_tree() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        let first = write(
            "gemeinden.csv",
            "region;region_name;indicator;period;value\n\
             031590016016;Göttingen, Stadt;EW;2022;118946\n\
             010010000000;Flensburg, Stadt;EW;2022;92550\n",
        );
        let mut store = crate::store::testing::store();
        let progress = std::sync::Arc::new(Progress::default());
        let report = import_file(&mut store, &first, &Options::default(), &progress).unwrap();
        assert_eq!(report.rejected, 0, "{:#?}", report.problems);
        let expected = [
            ("01", "Schleswig-Holstein", RegionLevel::State, ""),
            (
                "01001",
                "Flensburg, kreisfreie Stadt",
                RegionLevel::County,
                "01",
            ),
            (
                "010010000",
                "Flensburg, Stadt",
                RegionLevel::Municipality,
                "01001",
            ),
            (
                "010010000000",
                "Flensburg, Stadt",
                RegionLevel::Municipality,
                "010010000",
            ),
            ("03", "Niedersachsen", RegionLevel::State, ""),
            (
                "031",
                "Statistische Region Braunschweig",
                RegionLevel::AdministrativeDistrict,
                "03",
            ),
            ("03159", "Göttingen, Landkreis", RegionLevel::County, "031"),
            (
                "031590016",
                "Göttingen, Stadt",
                RegionLevel::Municipality,
                "03159",
            ),
            (
                "031590016016",
                "Göttingen, Stadt",
                RegionLevel::Municipality,
                "031590016",
            ),
        ];
        let official = |key: &str| crate::model::official_regions::lookup(key).unwrap();
        for (key, name, level, _) in &expected {
            assert_eq!(official(key).name, *name, "the shipped list names {key}");
            assert_eq!(official(key).level, *level);
        }
        let as_owned = |rows: &[(&str, &str, RegionLevel, &str)]| {
            rows.iter()
                .map(|(k, n, l, p)| ((*k).to_owned(), (*n).to_owned(), *l, (*p).to_owned()))
                .collect::<Vec<_>>()
        };
        assert_eq!(tree(&store), as_owned(&expected));

        // Another Gemeinde of the Kreis: under the Kreis already there, nothing twice; with
        // Germany in the project, the new Land goes under it.
        let adelebsen = crate::model::official_regions::search("Adelebsen", 5)
            .into_iter()
            .map(|found| found.key)
            .find(|key| key.len() == 12)
            .unwrap();
        let second = write(
            "mehr.csv",
            &format!(
                "region;region_name;indicator;period;value\n\
                 DG;Deutschland;EW;2022;84358845\n\
                 {adelebsen};Adelebsen;EW;2022;6351\n\
                 091620000000;München, Landeshauptstadt;EW;2022;1512491\n"
            ),
        );
        let report = import_file(&mut store, &second, &Options::default(), &progress).unwrap();
        assert_eq!(report.rejected, 0, "{:#?}", report.problems);
        let tree = tree(&store);
        let parent = |key: &str| {
            tree.iter()
                .find(|(k, ..)| k == key)
                .map(|(.., parent)| parent.clone())
                .unwrap()
        };
        assert_eq!(parent(adelebsen), adelebsen[..9]);
        assert_eq!(parent(&adelebsen[..9]), "03159");
        assert_eq!(parent("09162"), "091");
        assert_eq!(parent("091"), "09");
        assert_eq!(parent("09"), "DG");
        assert_eq!(
            tree.iter().filter(|(k, ..)| k == "03159").count(),
            1,
            "{tree:#?}"
        );
    }

    #[test]
    fn official_keys_know_what_lies_above_them() {
        assert_eq!(
            official_ancestors("010015412000"),
            ["010015412", "01001", "010", "01", "DG"]
        );
        assert_eq!(official_ancestors("11001001"), ["11001", "110", "11", "DG"]);
        assert_eq!(official_ancestors("01001"), ["010", "01", "DG"]);
        assert_eq!(official_ancestors("01"), ["DG"]);
        assert_eq!(official_ancestors("031590016016")[0], "031590016");
        // Göttingen's AGS: the list knows its Gemeindeverband (Göttingen, Stadt) too.
        assert_eq!(
            official_ancestors("03159016"),
            ["031590016", "03159", "031", "03", "DG"]
        );
        assert_eq!(official_ancestors("DF"), ["DG"]);
        assert_eq!(official_ancestors("DN"), ["DG"]);
        assert!(
            official_ancestors("DLANDU-17").is_empty(),
            "no official key"
        );
        assert!(official_ancestors("DG").is_empty());
        assert!(
            official_ancestors("05999-01").is_empty(),
            "a project's own key"
        );
    }
}
