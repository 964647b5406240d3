//! Official region keys (AGS/ARS) and the project's own region found by its key.

use uuid::Uuid;

use super::{Region, RegionLevel};

/// Whether a cell is an official region key: `DG` (Germany) or the digits of a Land (2),
/// Regierungsbezirk (3), Kreis (5), Gemeinde (8), Gemeindeverband (9) or ARS (12), which
/// all begin with the Land's number (01 to 16).
#[must_use]
pub fn is_region_key(cell: &str) -> bool {
    let cell = cell.trim();
    // Every official key starts with its Land: 01 (Schleswig-Holstein) to 16 (Thüringen).
    let land = cell.get(..2).and_then(|l| l.parse::<u8>().ok());
    cell == "DG"
        || (matches!(cell.len(), 2 | 3 | 5 | 8 | 9 | 12)
            && cell.bytes().all(|b| b.is_ascii_digit())
            && land.is_some_and(|land| (1..=16).contains(&land)))
}

/// Whether a key names one of the two parts of Germany GENESIS reports on (its legacy
/// variable `DINSGF`): `DF`, the former Bundesgebiet, and `DN`, the Neue Länder. They lie
/// in Germany (`DG`) beside the Länder; they are no AGS, so [`is_region_key`] says no.
#[must_use]
pub fn is_germany_part(key: &str) -> bool {
    matches!(key.trim(), "DF" | "DN")
}

/// The level an official key says: Germany and its parts (`DG`, `DF`, `DN`) the country,
/// then Land (2 digits), Regierungsbezirk (3), Kreis (5), and Gemeinde, Gemeindeverband or
/// ARS (8, 9, 12) the municipality; `None` for any other key.
#[must_use]
pub fn level_of_official_key(key: &str) -> Option<RegionLevel> {
    let key = key.trim();
    if key == "DG" || is_germany_part(key) {
        return Some(RegionLevel::Country);
    }
    if !is_region_key(key) {
        return None;
    }
    Some(match key.len() {
        2 => RegionLevel::State,
        3 => RegionLevel::AdministrativeDistrict,
        5 => RegionLevel::County,
        _ => RegionLevel::Municipality,
    })
}

/// The Länder by their two-digit key, as the statistical offices name them.
const LAENDER: [&str; 16] = [
    "Schleswig-Holstein",
    "Hamburg",
    "Niedersachsen",
    "Bremen",
    "Nordrhein-Westfalen",
    "Hessen",
    "Rheinland-Pfalz",
    "Baden-Württemberg",
    "Bayern",
    "Saarland",
    "Berlin",
    "Brandenburg",
    "Mecklenburg-Vorpommern",
    "Sachsen",
    "Sachsen-Anhalt",
    "Thüringen",
];

/// Whether a region from a file is an official one: its key is an official key, and a
/// two-digit key comes with its Land's name (or none) — a city's own districts are often
/// numbered `1` to `30`, and its Stadtteil `12` named Gaarden-Ost is no Brandenburg.
/// Germany (`DG`) and its parts (`DF`, `DN`) are official whatever their name.
#[must_use]
pub fn is_official(key: &str, name: &str) -> bool {
    if key.trim() == "DG" || is_germany_part(key) {
        return true;
    }
    if !is_region_key(key) {
        return false;
    }
    let key = key.trim();
    if key.len() != 2 || name.trim().is_empty() {
        return true;
    }
    let plain = |text: &str| -> String {
        text.to_lowercase()
            .replace('ä', "ae")
            .replace('ö', "oe")
            .replace('ü', "ue")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect()
    };
    key.parse::<usize>()
        .ok()
        .and_then(|n| LAENDER.get(n.wrapping_sub(1)))
        .is_some_and(|land| plain(name).contains(&plain(land)))
}

/// Whether a city file's region is the official one the shipped list holds under its key:
/// the key is in the list and the file's name (when it gives one) is that region's —
/// Münster's Stadtteil `11` Altstadt is no Berlin, a Berlin planning area `01011101` no
/// Gemeinde. A city file's keys are its own otherwise.
#[must_use]
pub fn is_listed(key: &str, name: &str) -> bool {
    let Some(official) = super::official_regions::name(key) else {
        return false;
    };
    let plain = |text: &str| -> String {
        text.split(',')
            .next()
            .unwrap_or_default()
            .to_lowercase()
            .replace('ä', "ae")
            .replace('ö', "oe")
            .replace('ü', "ue")
            .replace('ß', "ss")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect()
    };
    let (theirs, ours) = (plain(name), plain(official));
    theirs.is_empty() || ours.contains(&theirs) || theirs.contains(&ours)
}

/// The region a project's region key names: the same key, or for a 12-digit ARS the
/// Gemeinde's 8-digit AGS (Land, Regierungsbezirk, Kreis and the last three digits).
#[must_use]
pub fn my_region(regions: &[Region], key: &str) -> Option<Uuid> {
    let key = key.trim();
    if key.is_empty() {
        return None;
    }
    let ags = (key.len() == 12).then(|| format!("{}{}", &key[..5], &key[9..]));
    regions
        .iter()
        .find(|r| r.key == key)
        .or_else(|| ags.and_then(|ags| regions.iter().find(|r| r.key == ags)))
        .map(|r| r.uuid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_city_s_district_twelve_is_no_land() {
        assert!(is_official("12", "Brandenburg"));
        assert!(is_official("08", "  Baden-Wuerttemberg"));
        assert!(is_official("12", ""), "without a name the key decides");
        assert!(!is_official("12", "Gaarden-Ost"));
        assert!(!is_official("1", "Altstadt"));
        assert!(is_official("03159", "Göttingen, Landkreis"));
        assert!(is_official("DF", "Früheres Bundesgebiet"));
        assert!(
            is_official("DG", "Deutschland"),
            "no Land's name, yet official"
        );
        assert!(
            !is_region_key("DF"),
            "no AGS: a classic table's rows stay as they are"
        );
    }

    #[test]
    fn an_official_key_says_its_level() {
        let level = level_of_official_key;
        assert_eq!(level("DG"), Some(RegionLevel::Country));
        assert_eq!(level("DN"), Some(RegionLevel::Country));
        assert_eq!(level("09"), Some(RegionLevel::State));
        assert_eq!(level("091"), Some(RegionLevel::AdministrativeDistrict));
        assert_eq!(level("03159"), Some(RegionLevel::County));
        assert_eq!(level("03241001"), Some(RegionLevel::Municipality));
        assert_eq!(level("031590016"), Some(RegionLevel::Municipality));
        assert_eq!(level("031590016016"), Some(RegionLevel::Municipality));
        assert_eq!(level("17"), None, "DLANDU's Stadtstaaten are no Land");
        assert_eq!(level("DLANDU-17"), None);
        assert_eq!(level(""), None);
    }
}
