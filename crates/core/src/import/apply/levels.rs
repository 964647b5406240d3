//! A city file's level columns (Berlin's `BEZ` → `PGR` → `BZR` above its planning areas):
//! each level's region found or made, the one above it its parent, the lowest the parent
//! of the row's region.

use uuid::Uuid;

use super::Importer;
use crate::import::row::RowSpec;
use crate::model::{Region, RegionLevel};

impl Importer<'_, '_, '_> {
    /// The region the row's level columns put its region in (the lowest level), each level's
    /// region found or made: its key the cell's, joined to the key above when it is not
    /// already its prefix (`PGR` `01` in Bezirk `01` is `0101`), named by its column
    /// (`BEZ 01`) when no column (`BEZ_NAME`) names it; a cell that is a name (`Innenstadt`), not a key, is no level of the tree.
    pub(super) fn level_parent(&mut self, row: &RowSpec) -> crate::store::Result<Option<Uuid>> {
        let mut parent: Option<Uuid> = None;
        let mut above = String::new();
        for (depth, (header, value, name)) in row.levels.iter().enumerate() {
            // `Innenstadt` names a grouping; a level's key has digits and no spaces.
            if value.chars().any(char::is_whitespace) || !value.chars().any(|c| c.is_ascii_digit())
            {
                continue;
            }
            let key =
                if above.is_empty() || (value.starts_with(&above) && value.len() > above.len()) {
                    value.clone()
                } else {
                    format!("{above}{value}")
                };
            if key == row.region_key {
                break;
            }
            let uuid = if let Some(uuid) = self.level_regions.get(&key) {
                *uuid
            } else {
                let existing: Option<String> =
                    rusqlite::OptionalExtension::optional(self.tx.conn().query_row(
                        "SELECT uuid FROM region WHERE key = ?1",
                        [&key],
                        |r| r.get(0),
                    ))?;
                let uuid = if let Some(uuid) = existing.and_then(|u| Uuid::parse_str(&u).ok()) {
                    uuid
                } else {
                    let region = Region {
                        uuid: crate::model::new_uuid(),
                        key: key.clone(),
                        name: if name.is_empty() {
                            format!("{header} {value}")
                        } else {
                            name.clone()
                        },
                        level: if depth == 0 {
                            RegionLevel::District
                        } else {
                            RegionLevel::Neighbourhood
                        },
                        parent,
                    };
                    self.tx.insert(&region)?;
                    if parent.is_none() {
                        // The top level lies in my region, placed at the end.
                        self.created_regions.push((key.clone(), region.uuid));
                    }
                    region.uuid
                };
                self.level_regions.insert(key.clone(), uuid);
                uuid
            };
            parent = Some(uuid);
            above = key;
        }
        Ok(parent)
    }
}
