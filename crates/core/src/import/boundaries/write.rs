//! The features read from any format stored as one import: each linked to its region and
//! checked, the bad ones reported by index, the good ones written in one action.

use std::collections::BTreeMap;

use super::crs::Crs;
use super::features::Features;
use super::keys::{Keys, feature_name, feature_subject, key_property_of, water_beside_land};
use super::shape::feature_shape;
use crate::import::{ImportError, Report};
use crate::model::RegionShape;
use crate::store::{ActionKind, Store};
use crate::t;

/// What importing a file of boundaries comes to.
type Result<T> = std::result::Result<T, ImportError>;

/// One warning listing the project's regions, at the levels the file gave boundaries for,
/// that have none after the import.
fn note_regions_without_boundary(
    report: &mut Report,
    regions: &[crate::model::Region],
    given_by: &BTreeMap<uuid::Uuid, usize>,
    store: &Store,
) -> Result<()> {
    if given_by.is_empty() {
        return Ok(());
    }
    let with_shape: Vec<RegionShape> = crate::store::entity::list(store.conn())?;
    let levels: Vec<crate::model::RegionLevel> = regions
        .iter()
        .filter(|r| given_by.contains_key(&r.uuid))
        .map(|r| r.level)
        .collect();
    // A region the shipped official boundaries draw has a boundary too.
    let official = crate::snapshot::official_shapes(regions, &[]);
    let missing: Vec<&crate::model::Region> = regions
        .iter()
        .filter(|r| levels.contains(&r.level))
        .filter(|r| !given_by.contains_key(&r.uuid))
        .filter(|r| !with_shape.iter().any(|s| s.region == r.uuid))
        .filter(|r| !official.contains(&r.uuid))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut listed = missing
        .iter()
        .take(10)
        .map(|r| format!("{} {}", r.key, r.name))
        .collect::<Vec<_>>()
        .join(", ");
    if missing.len() > 10 {
        listed.push_str(", …");
    }
    report.problem(
        0,
        None,
        t!(
            "boundaries.without",
            count = missing.len(),
            regions = listed
        ),
        true,
    );
    Ok(())
}

/// How a boundary file was read, for the report: its coordinate system, the attributes'
/// encoding where the file has one of its own, and the property that holds the keys —
/// what a planner checks when a map comes out empty or in the wrong place.
fn read_as(
    crs: &std::result::Result<Option<Crs>, String>,
    encoding: Option<&str>,
    property: Option<&str>,
) -> String {
    let crs = match crs {
        Ok(Some(crs)) => crs.describe(),
        Ok(None) => t!("boundaries.crs_default").to_owned(),
        Err(name) => name.clone(),
    };
    let key = property.map_or_else(|| "–".to_owned(), |p| format!("\"{p}\""));
    match encoding {
        Some(encoding) => t!(
            "boundaries.read_as_encoding",
            crs = crs,
            encoding = encoding,
            key = key
        ),
        None => t!("boundaries.read_as", crs = crs, key = key),
    }
}

/// Imports features as one action: each linked to a region by its key property, reprojected,
/// checked; a bad feature is reported by its index, key and name and left out.
pub(super) fn import_features(
    store: &mut Store,
    read: Features<'_>,
    key_property: Option<&str>,
    dry_run: bool,
) -> Result<Report> {
    let Features {
        path,
        sha256,
        features,
        crs: file_crs,
        unreadable,
        encoding,
    } = read;
    let regions = crate::store::regions::list(store.conn())?;
    let keys = Keys::new(&regions);
    let property = key_property_of(&features, &keys, key_property);
    let mut report = Report {
        file: path.to_owned(),
        sha256,
        dry_run,
        values: Some(read_as(&file_crs, encoding.as_deref(), property.as_deref())),
        ..Report::default()
    };
    let water = water_beside_land(&features, property.as_deref());
    if !water.is_empty() {
        let listed: Vec<String> = water
            .iter()
            .take(10)
            .map(|&n| format!("{n} {}", feature_subject(&features[n], property.as_deref())))
            .collect();
        report.problem(
            0,
            None,
            t!(
                "boundaries.water_left_out",
                count = water.len(),
                features = listed.join(", ")
            ),
            true,
        );
    }
    // The region each good feature gave, with the feature's index.
    let mut shapes: Vec<(uuid::Uuid, String)> = Vec::new();
    let mut given_by: BTreeMap<uuid::Uuid, usize> = BTreeMap::new();
    // The name each feature gives its region, for regions known only by their key.
    let mut names: Vec<(uuid::Uuid, String)> = Vec::new();
    for (index, feature) in features.iter().enumerate() {
        if water.contains(&index) {
            continue;
        }
        let subject = feature_subject(feature, property.as_deref());
        let shape = match unreadable.get(&index) {
            Some(why) => Err(why.clone()),
            None => feature_shape(feature, &file_crs, property.as_deref(), &keys),
        };
        match shape {
            Ok((region, geometry)) => {
                if let Some(&other) = given_by.get(&region) {
                    let region_text = regions
                        .iter()
                        .find(|r| r.uuid == region)
                        .map_or_else(String::new, |r| format!("{} {}", r.key, r.name));
                    let message = t!(
                        "boundaries.duplicate",
                        other = other,
                        other_subject = feature_subject(&features[other], property.as_deref()),
                        region = region_text
                    );
                    report.feature_problem(index, format!("{subject}: {message}"));
                } else {
                    given_by.insert(region, index);
                    shapes.push((region, geometry));
                    let name = feature_name(feature, property.as_deref());
                    if !name.is_empty() {
                        names.push((region, name.into_owned()));
                    }
                }
            }
            Err(message) => report.feature_problem(index, format!("{subject}: {message}")),
        }
    }
    note_regions_without_boundary(&mut report, &regions, &given_by, store)?;
    let label = t!(
        "boundaries.label",
        file = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    );
    let existing: Vec<RegionShape> = crate::store::entity::list(store.conn())?;
    let (inserted, updated, unchanged) =
        store.transact_with(ActionKind::Import, &label, !dry_run, |tx| {
            let (mut inserted, mut updated, mut unchanged) = (0, 0, 0);
            for (region, geometry) in &shapes {
                match existing.iter().find(|s| s.region == *region) {
                    Some(shape) if &shape.geometry == geometry => unchanged += 1,
                    Some(shape) => {
                        tx.update(&RegionShape {
                            geometry: geometry.clone(),
                            ..shape.clone()
                        })?;
                        updated += 1;
                    }
                    None => {
                        tx.insert(&RegionShape {
                            uuid: crate::model::new_uuid(),
                            region: *region,
                            geometry: geometry.clone(),
                        })?;
                        inserted += 1;
                    }
                }
            }
            // A region an import knew only by its key (a planning area `01011101`) takes
            // the name the boundary file gives it.
            for (uuid, name) in &names {
                if let Some(region) = regions.iter().find(|r| r.uuid == *uuid)
                    && (region.name.trim().is_empty() || region.name == region.key)
                {
                    tx.update(&crate::model::Region {
                        name: name.clone(),
                        ..region.clone()
                    })?;
                }
            }
            Ok((inserted, updated, unchanged))
        })?;
    report.inserted = inserted;
    report.updated = updated;
    report.unchanged = unchanged;
    report.applied = !dry_run && inserted + updated > 0;
    Ok(report)
}
