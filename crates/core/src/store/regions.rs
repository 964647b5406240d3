//! Queries over regions.

use rusqlite::Connection;

use super::Result;
use crate::model::Region;

/// Every one, ordered for display.
pub fn list(conn: &Connection) -> Result<Vec<Region>> {
    let mut all: Vec<Region> = super::entity::list(conn)?;
    all.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(all)
}

/// The name of the project's region as the project's regions know it (`None` while no
/// region has its key: before the first import).
pub fn region_name(conn: &Connection, region_key: &str) -> Result<Option<String>> {
    let regions = list(conn)?;
    Ok(crate::model::my_region(&regions, region_key)
        .and_then(|uuid| regions.into_iter().find(|r| r.uuid == uuid))
        .map(|r| r.name))
}

/// The project's comparison regions, in their order (none in a file older than version 9,
/// looked at without upgrading it).
pub fn comparison(conn: &Connection) -> Result<Vec<crate::model::ComparisonRegion>> {
    let there: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'comparison_region')",
        [],
        |row| row.get(0),
    )?;
    if !there {
        return Ok(Vec::new());
    }
    let mut all: Vec<crate::model::ComparisonRegion> = super::entity::list(conn)?;
    all.sort_by_key(|c| c.position);
    Ok(all)
}

/// Makes `regions`, in this order, the project's comparison regions, and `name` (when
/// given) the list's name, inside the running action: regions no longer in the list leave
/// it, new ones join, the order is written anew; each change logged, so one undo takes
/// the whole list back.
pub fn set_comparison(
    tx: &super::Tx<'_>,
    regions: &[uuid::Uuid],
    name: Option<&str>,
) -> Result<()> {
    let before = comparison(tx.conn())?;
    for gone in before.iter().filter(|c| !regions.contains(&c.region)) {
        tx.delete(
            crate::model::meta::EntityKind::ComparisonRegion,
            &gone.uuid.to_string(),
        )?;
    }
    for (position, region) in regions.iter().enumerate() {
        let position = position as i64;
        match before.iter().find(|c| c.region == *region) {
            Some(kept) if kept.position == position => {}
            Some(kept) => {
                tx.update(&crate::model::ComparisonRegion {
                    position,
                    ..kept.clone()
                })?;
            }
            None => tx.insert(&crate::model::ComparisonRegion {
                uuid: crate::model::new_uuid(),
                region: *region,
                position,
            })?,
        }
    }
    if let Some(name) = name {
        let mut project = super::project::get(tx.conn())?.project;
        if project.comparison_name != name.trim() {
            name.trim().clone_into(&mut project.comparison_name);
            tx.update(&project)?;
        }
    }
    Ok(())
}

/// Makes `parts` the parts of `total` (their parent), inside the running action: what a
/// found [`crate::published::UnknownSum`] offers, so that the protection sees the sum. Each
/// part must still be without a parent and must not hold the total; otherwise nothing is
/// changed and the refusal names the region (the regions changed since the finding).
pub fn make_parts(tx: &super::Tx<'_>, total: uuid::Uuid, parts: &[uuid::Uuid]) -> Result<()> {
    let regions = list(tx.conn())?;
    let find = |uuid: uuid::Uuid| {
        regions
            .iter()
            .find(|r| r.uuid == uuid)
            .ok_or_else(|| super::StoreError::NotFoundEntity {
                kind: "region",
                key: uuid.to_string(),
            })
    };
    let whole = find(total)?;
    let above: Vec<uuid::Uuid> = std::iter::successors(Some(whole), |r| {
        r.parent.and_then(|p| regions.iter().find(|x| x.uuid == p))
    })
    .take(regions.len())
    .map(|r| r.uuid)
    .collect();
    for &uuid in parts {
        let part = find(uuid)?;
        let refusal = if above.contains(&uuid) {
            Some(crate::t!(
                "protect.sum.holds_total",
                part = part.name,
                total = whole.name
            ))
        } else if let Some(parent) = part.parent {
            let parent = regions
                .iter()
                .find(|r| r.uuid == parent)
                .map_or_else(|| parent.to_string(), |r| r.name.clone());
            Some(crate::t!(
                "protect.sum.has_parent",
                part = part.name,
                total = whole.name,
                parent = parent
            ))
        } else {
            None
        };
        if let Some(message) = refusal {
            return Err(super::StoreError::Invalid { message });
        }
        tx.update(&Region {
            parent: Some(total),
            ..part.clone()
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RegionLevel, new_uuid};
    use crate::store::{ActionKind, Store};

    #[test]
    fn the_comparison_regions_are_one_undoable_list_in_order() {
        let mut store = Store::in_memory("Kreis").unwrap();
        let regions: Vec<Region> = ["03151", "03152", "03153"]
            .iter()
            .map(|key| Region {
                uuid: new_uuid(),
                key: (*key).into(),
                name: format!("Kreis {key}"),
                level: RegionLevel::County,
                parent: None,
            })
            .collect();
        store
            .transact(ActionKind::Edit, "regions", |tx| {
                regions.iter().try_for_each(|r| tx.insert(r))
            })
            .unwrap();
        let uuids: Vec<uuid::Uuid> = regions.iter().map(|r| r.uuid).collect();
        let set = |store: &mut Store, list: Vec<uuid::Uuid>, name: Option<&'static str>| {
            store
                .transact(ActionKind::Edit, "compare", |tx| {
                    set_comparison(tx, &list, name)
                })
                .unwrap();
        };
        set(
            &mut store,
            vec![uuids[2], uuids[0]],
            Some("Vergleichskreise"),
        );
        let order = |store: &Store| -> Vec<uuid::Uuid> {
            comparison(store.conn())
                .unwrap()
                .iter()
                .map(|c| c.region)
                .collect()
        };
        assert_eq!(order(&store), [uuids[2], uuids[0]]);
        set(&mut store, vec![uuids[0], uuids[1]], None);
        assert_eq!(order(&store), [uuids[0], uuids[1]]);
        let project = crate::store::project::get(store.conn()).unwrap().project;
        assert_eq!(
            project.comparison_name, "Vergleichskreise",
            "kept without a new name"
        );
        store.undo().unwrap();
        assert_eq!(
            order(&store),
            [uuids[2], uuids[0]],
            "one undo, the whole list"
        );
    }

    /// The whole city and its districts side by side: made its parts in one step, taken
    /// back in one; a district that has a parent meanwhile is refused and nothing changes.
    #[test]
    fn parts_are_made_in_one_undoable_step_or_not_at_all() {
        let mut store = Store::in_memory("Stadt").unwrap();
        let region = |key: &str, parent| Region {
            uuid: new_uuid(),
            key: key.into(),
            name: format!("Gebiet {key}"),
            level: RegionLevel::District,
            parent,
        };
        let city = region("0", None);
        let districts: Vec<Region> = ["1", "2", "3"].iter().map(|k| region(k, None)).collect();
        let other = region("9", None);
        store
            .transact(ActionKind::Edit, "regions", |tx| {
                std::iter::once(&city)
                    .chain(&districts)
                    .chain([&other])
                    .try_for_each(|r| tx.insert(r))
            })
            .unwrap();
        let parts: Vec<uuid::Uuid> = districts.iter().map(|d| d.uuid).collect();
        let parents = |store: &Store| -> Vec<Option<uuid::Uuid>> {
            list(store.conn())
                .unwrap()
                .iter()
                .filter(|r| parts.contains(&r.uuid))
                .map(|r| r.parent)
                .collect()
        };
        store
            .transact(ActionKind::Edit, "link", |tx| {
                make_parts(tx, city.uuid, &parts)
            })
            .unwrap();
        assert_eq!(parents(&store), [Some(city.uuid); 3]);
        assert_eq!(store.undo().unwrap().unwrap().label, "link");
        assert_eq!(parents(&store), [None; 3]);

        // District 2 was placed elsewhere since: refused by name, district 1 left as it was.
        store
            .transact(ActionKind::Edit, "move", |tx| {
                tx.update(&Region {
                    parent: Some(other.uuid),
                    ..districts[1].clone()
                })
            })
            .unwrap();
        let refused = store
            .transact(ActionKind::Edit, "link", |tx| {
                make_parts(tx, city.uuid, &parts)
            })
            .unwrap_err()
            .to_string();
        assert!(
            refused.contains("Gebiet 2") && refused.contains("Gebiet 9"),
            "{refused}"
        );
        assert_eq!(parents(&store), [None, Some(other.uuid), None]);
        // A region cannot become a part of what lies within it.
        let refused = store
            .transact(ActionKind::Edit, "link", |tx| {
                make_parts(tx, districts[1].uuid, &[other.uuid])
            })
            .unwrap_err()
            .to_string();
        assert!(refused.contains("Gebiet 9"), "{refused}");
    }
}
