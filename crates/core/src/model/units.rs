//! What an indicator's unit says about its values.

/// A unit that says its values are counts of people or cases ("Anzahl", "Personen",
/// "Kinder", "persons" …): such indicators are proposed for protecting small counts.
#[must_use]
pub fn is_count_unit(unit: &str) -> bool {
    let unit = unit.trim().to_lowercase();
    // A rate is no count: "Schüler je Klasse", "per 1,000", "%".
    if unit.contains(" je ") || unit.contains(" per ") || unit.contains('%') || unit.contains('/') {
        return false;
    }
    [
        "anzahl",
        "personen",
        "person",
        "fälle",
        "kinder",
        "schüler",
        "schülerinnen und schüler",
        "teilnehmende",
        "count",
        "number",
        "persons",
        "people",
        "cases",
    ]
    .iter()
    .any(|word| unit == *word || unit.starts_with(&format!("{word} ")))
}

#[cfg(test)]
mod tests {
    use super::is_count_unit;

    #[test]
    fn counts_are_recognised_by_their_unit() {
        for unit in [
            "Anzahl",
            "Personen",
            "anzahl der Fälle",
            "persons",
            "Kinder",
        ] {
            assert!(is_count_unit(unit), "{unit}");
        }
        for unit in [
            "%",
            "Anteil in %",
            "je 1.000 Einw.",
            "Euro",
            "",
            "Schüler je Klasse",
            "Kinder per 1,000",
        ] {
            assert!(!is_count_unit(unit), "{unit}");
        }
    }
}
