//! Which region a feature is: its key property (named, or the one whose values name the
//! most regions), its key matched to the project's regions, its name, and the water areas
//! of the offices' files left out beside their land.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::model::validate::{TextKind, clean_text};
use crate::t;

/// A property value as a key: text as it is (one line, see
/// [`crate::model::validate::clean_text`]), a whole number without decimals.
pub(super) fn key_text(value: &Json) -> Option<String> {
    match value {
        Json::String(text) => Some(clean_text(TextKind::Line, text.trim()).into_owned()),
        Json::Number(number) => Some(
            number
                .as_i64()
                .map_or_else(|| number.to_string(), |n| n.to_string()),
        ),
        _ => None,
    }
}

/// A feature's name: a property whose name says so (`name`, `PLR_NAME`, `GEN`,
/// `bezeichnung`), not the key `property`; one line, as a region's name is.
pub(super) fn feature_name<'a>(feature: &'a Json, property: Option<&str>) -> Cow<'a, str> {
    let name = feature
        .get("properties")
        .and_then(Json::as_object)
        .and_then(|all| {
            all.iter()
                .filter(|(name, _)| Some(name.as_str()) != property)
                .find(|(name, value)| {
                    let name = name.to_lowercase();
                    value.is_string()
                        && (name.contains("name") || name == "gen" || name.contains("bezeichnung"))
                })
                .and_then(|(_, value)| value.as_str())
        })
        .map_or("", str::trim);
    clean_text(TextKind::Line, name)
}

/// A feature as a problem names it: its key and its name, where it has them.
pub(super) fn feature_subject(feature: &Json, property: Option<&str>) -> String {
    let properties = feature.get("properties").and_then(Json::as_object);
    let key = property
        .and_then(|p| properties.and_then(|all| all.get(p)))
        .and_then(key_text)
        .unwrap_or_default();
    let name = feature_name(feature, property);
    match (key.is_empty(), name.is_empty()) {
        (true, true) => t!("boundaries.subject_unnamed").to_owned(),
        (false, true) => t!("boundaries.subject_key", key = key),
        (true, false) => t!("boundaries.subject_name", name = name),
        (false, false) => t!("boundaries.subject", key = key, name = name),
    }
}

/// The project's region keys, as written and without their leading zeros.
pub(super) struct Keys {
    exact: BTreeMap<String, uuid::Uuid>,
    bare: BTreeMap<String, uuid::Uuid>,
}

impl Keys {
    pub(super) fn new(regions: &[crate::model::Region]) -> Keys {
        let exact: BTreeMap<String, uuid::Uuid> =
            regions.iter().map(|r| (r.key.clone(), r.uuid)).collect();
        let mut bare = BTreeMap::new();
        for (key, uuid) in &exact {
            let trimmed = key.trim_start_matches('0');
            if !trimmed.is_empty() {
                bare.entry(trimmed.to_owned()).or_insert(*uuid);
            }
        }
        Keys { exact, bare }
    }
}

/// Matches a key to a region, also when a spreadsheet dropped leading zeros.
pub(super) fn region_for(keys: &Keys, key: &str) -> Option<uuid::Uuid> {
    if let Some(uuid) = keys.exact.get(key) {
        return Some(*uuid);
    }
    let bare = key.trim_start_matches('0');
    if bare.is_empty() {
        return None;
    }
    if let Some(uuid) = keys.bare.get(bare) {
        return Some(*uuid);
    }
    // An official key whose last parts are zeros is also the region above it, when the
    // project knows only that one: Hamburg's Kreis `02000` and Gemeinde `020000000000`
    // are the Land `02`, as the Regionaldatenbank lists the city-states.
    if key.bytes().all(|b| b.is_ascii_digit()) {
        for length in [9, 5, 3, 2] {
            if key.len() > length
                && key[length..].bytes().all(|b| b == b'0')
                && let Some(uuid) = keys.exact.get(&key[..length])
            {
                return Some(*uuid);
            }
        }
    }
    None
}

/// The property names a boundary file of the offices keys its regions by, in the order
/// they are tried when no property's values match a region of the project.
const KEY_NAMES: [&str; 3] = ["ARS", "AGS", "RS"];

/// The key property: the one named, else the one whose values name the most regions.
pub(super) fn key_property_of(
    features: &[Json],
    keys: &Keys,
    key_property: Option<&str>,
) -> Option<String> {
    if let Some(name) = key_property {
        Some(name.to_owned())
    } else {
        // The regions each property's values name: the key names the most regions (a
        // Kreis file's Land column names each Land many times, its ARS each Kreis once);
        // of equals, ARS, then AGS, then RS.
        let mut named: BTreeMap<String, std::collections::BTreeSet<uuid::Uuid>> = BTreeMap::new();
        for feature in features {
            if let Some(properties) = feature.get("properties").and_then(Json::as_object) {
                for (name, value) in properties {
                    if let Some(region) = key_text(value).and_then(|k| region_for(keys, &k)) {
                        named.entry(name.clone()).or_default().insert(region);
                    }
                }
            }
        }
        let preference = |name: &str| {
            KEY_NAMES
                .iter()
                .position(|k| k.eq_ignore_ascii_case(name))
                .map_or(0, |p| KEY_NAMES.len() - p)
        };
        named
            .into_iter()
            .max_by_key(|(name, regions)| (regions.len(), preference(name)))
            .map(|(name, _)| name)
            .or_else(|| {
                // No value matches: the offices' key column, so each feature says which
                // key it has that the project lacks.
                let properties = features
                    .first()
                    .and_then(|f| f.get("properties"))
                    .and_then(Json::as_object)?;
                KEY_NAMES.iter().find_map(|wanted| {
                    properties
                        .keys()
                        .find(|name| name.eq_ignore_ascii_case(wanted))
                        .cloned()
                })
            })
    }
}

/// The features of a BKG file (VG250, VG5000) that are water areas — `GF` 1 or 2 in
/// VG250, 8 in VG5000: the sea before a coast, the Bodensee — beside a land area of the same
/// key: the land area is the region's boundary, the water would be a second one.
pub(super) fn water_beside_land(
    features: &[Json],
    property: Option<&str>,
) -> std::collections::BTreeSet<usize> {
    let Some(property) = property else {
        return std::collections::BTreeSet::new();
    };
    let gf = |feature: &Json| {
        feature
            .get("properties")
            .and_then(|p| p.get("GF"))
            .and_then(Json::as_i64)
    };
    let key = |feature: &Json| {
        feature
            .get("properties")
            .and_then(|p| p.get(property))
            .and_then(key_text)
    };
    let is_water = |feature: &Json| matches!(gf(feature), Some(1 | 2 | 8));
    let land: std::collections::BTreeSet<String> = features
        .iter()
        .filter(|f| gf(f).is_some() && !is_water(f))
        .filter_map(key)
        .collect();
    features
        .iter()
        .enumerate()
        .filter(|(_, f)| is_water(f) && key(f).is_some_and(|k| land.contains(&k)))
        .map(|(n, _)| n)
        .collect()
}
