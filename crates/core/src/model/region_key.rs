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
