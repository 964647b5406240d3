//! What one cell of a classic table says: a period (`31.12.2022`, `2023/24`), a region
//! key's level, a value or a symbol, a unit, the footer's data date; and the members every
//! statistic shares, by which a header row is known as a dimension's.

use crate::import::values::official_period_code;
use crate::model::RegionLevel;

pub(super) const UNITS: &[&str] = &[
    "anzahl",
    "%",
    "prozent",
    "tsd.",
    "1000",
    "eur",
    "tsd. eur",
    "euro",
    "personen",
    "jahre",
    "ha",
    "km²",
    "qkm",
    "je 1000 einwohner",
    "je 1.000 einwohner",
    "stunden",
    "number",
    "percent",
];

/// Header labels that only say "the row below holds periods".
pub(super) const PERIOD_CAPTIONS: &[&str] = &[
    "stichtag",
    "jahr",
    "jahre",
    "schuljahr",
    "berichtsjahr",
    "zeit",
    "zeitraum",
    "monat",
    "quartal",
    "semester",
    "stand",
    "date",
    "year",
];

/// The members of the sex dimension every statistic shares; a header row of them is a
/// dimension even without a total in it, and it is called `Geschlecht`.
pub(super) const SEX_MEMBERS: &[&str] = &[
    "männlich",
    "weiblich",
    "divers",
    "ohne angabe",
    "male",
    "female",
];

/// Other members every table shares, so a header row of them is a dimension.
pub(super) const KNOWN_MEMBERS: &[&str] = &["deutsche", "ausländer", "ausländer/-innen"];

pub(super) fn is_unit_row(row: &[String], first_value: usize) -> bool {
    let cells: Vec<&str> = row
        .iter()
        .skip(first_value)
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    !cells.is_empty()
        && cells
            .iter()
            .all(|c| UNITS.contains(&c.to_lowercase().as_str()))
}

/// The level a region key suggests.
#[must_use]
pub fn level_of_key(key: &str) -> RegionLevel {
    match key.len() {
        _ if key == "DG" => RegionLevel::Country,
        2 => RegionLevel::State,
        3 => RegionLevel::AdministrativeDistrict,
        5 => RegionLevel::County,
        _ => RegionLevel::Municipality,
    }
}

/// Whether a cell holds a value: a number (either notation) or a statistics symbol.
pub(super) fn is_value(cell: &str) -> bool {
    let cell = cell.trim();
    matches!(cell, "-" | "." | "x" | "/" | "..." | "…")
        || (!cell.is_empty()
            && cell
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | ' ' | '(' | ')'))
            && cell.chars().any(|c| c.is_ascii_digit()))
}

/// `Stand: 13.03.2025 / 16:40:08` → `2025-03-13`.
pub(super) fn stand_date(cell: &str) -> Option<String> {
    let rest = cell.trim().strip_prefix("Stand:")?.trim();
    let date = rest.split_whitespace().next()?;
    official_period_code(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::is_region_key;

    #[test]
    fn keys_suggest_levels() {
        assert_eq!(level_of_key("DG"), RegionLevel::Country);
        assert_eq!(level_of_key("05"), RegionLevel::State);
        assert_eq!(level_of_key("05315"), RegionLevel::County);
        assert_eq!(level_of_key("05315000"), RegionLevel::Municipality);
    }

    #[test]
    fn official_keys_are_recognised() {
        for key in [
            "DG",
            "01",
            "091",
            "01001",
            "11001001",
            "010015412",
            "010010000000",
        ] {
            assert!(is_region_key(key), "{key}");
        }
        for key in [
            "",
            "1",
            "91",
            "2023",
            "Deutschland",
            "0100a",
            "1234567",
            "99001",
        ] {
            assert!(!is_region_key(key), "{key}");
        }
    }

    #[test]
    fn values_symbols_and_names_are_told_apart() {
        for value in ["1059", "1.022", "3,5", "-", ".", "x", "/", "...", "(12)"] {
            assert!(is_value(value), "{value}");
        }
        for text in ["Grundschulen", "", "Insgesamt"] {
            assert!(!is_value(text), "{text}");
        }
    }
}
