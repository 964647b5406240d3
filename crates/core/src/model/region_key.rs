//! Official region keys (AGS/ARS) and the project's own region found by its key.

use uuid::Uuid;

use super::Region;

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
#[must_use]
pub fn is_official(key: &str, name: &str) -> bool {
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
    }
}
