//! What an import does at its end, inside its one action: regions it created linked into
//! the official tree (or under the whole city), one warning for names that differ, and the
//! file's data date and licence added to the source of the indicators it created.

use uuid::Uuid;

use super::Importer;
use crate::model::{Indicator, Region};
use crate::t;

/// The keys an official region key may have above it, nearest first: an ARS (12 digits)
/// lies in its Gemeindeverband (9), every Gemeinde, Verband and Kreis in its Kreis (5),
/// Regierungsbezirk (3) and Land (2), and every Land in Germany (`DG`).
#[must_use]
pub fn official_ancestors(key: &str) -> Vec<String> {
    if key == "DG" || !crate::import::genesis_table::is_region_key(key) {
        return Vec::new();
    }
    let mut ancestors: Vec<String> = [9, 5, 3, 2]
        .into_iter()
        .filter(|&len| len < key.len())
        .map(|len| key[..len].to_owned())
        .collect();
    ancestors.push("DG".to_owned());
    ancestors
}

impl Importer<'_, '_, '_> {
    /// Links each region this import created under the nearest official region above it
    /// that the project holds (`01001` under `010` or `01`, `01` under `DG`), as part of the
    /// import's one action. A project's own keys (`05999-01`) and regions that were there
    /// before are left as they are.
    pub(super) fn link_official_parents(&mut self) -> crate::store::Result<()> {
        let conn = self.tx.conn();
        let created = std::mem::take(&mut self.created_regions);
        // A whole-city row (`Gesamtstadt`) is the parent of the districts the file brings.
        let city = created
            .iter()
            .find(|(key, _)| crate::import::sheet::is_whole_city(key))
            .map(|(_, uuid)| *uuid);
        for (key, uuid) in created {
            let by_city = city
                .filter(|city| *city != uuid && !crate::import::genesis_table::is_region_key(&key));
            let parent = by_city.map(|c| c.to_string()).or_else(|| {
                official_ancestors(&key).into_iter().find_map(|ancestor| {
                    rusqlite::OptionalExtension::optional(conn.query_row(
                        "SELECT uuid FROM region WHERE key = ?1",
                        [&ancestor],
                        |r| r.get::<_, String>(0),
                    ))
                    .ok()
                    .flatten()
                })
            });
            let Some(parent) = parent.and_then(|p| Uuid::parse_str(&p).ok()) else {
                continue;
            };
            let Some(mut region) = crate::store::entity::get::<Region>(conn, &uuid.to_string())?
            else {
                continue;
            };
            region.parent = Some(parent);
            self.tx.update(&region)?;
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

    #[test]
    fn official_keys_know_what_lies_above_them() {
        assert_eq!(
            official_ancestors("010015412000"),
            ["010015412", "01001", "010", "01", "DG"]
        );
        assert_eq!(official_ancestors("11001001"), ["11001", "110", "11", "DG"]);
        assert_eq!(official_ancestors("01001"), ["010", "01", "DG"]);
        assert_eq!(official_ancestors("01"), ["DG"]);
        assert!(official_ancestors("DG").is_empty());
        assert!(
            official_ancestors("05999-01").is_empty(),
            "a project's own key"
        );
    }
}
