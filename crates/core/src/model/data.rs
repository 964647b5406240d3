//! The data: periods, the statistics symbols, observations (a value or the symbol that
//! stands for it) and the planners' saved column roles for importing them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{PeriodKind, SymbolKind};

/// A period data is reported for; identified by its code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// `2023`, `2023/24`, `2023-10P6M`, `2024-12-31`, `2024-Q1`, `2024-03`.
    pub code: String,
    /// What the code stands for: a year, a school year, a semester, a reporting date, a
    /// quarter or a month.
    pub kind: PeriodKind,
    /// ISO 8601 date of the first day.
    pub start_date: String,
    /// ISO 8601 date of the last day.
    pub end_date: String,
}

/// A statistics symbol and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// The sign as a cell carries it, e.g. `.`, `-` or `p`.
    pub code: String,
    /// What it says about a value.
    pub kind: SymbolKind,
    /// Whether a number goes with the symbol.
    pub has_value: bool,
    /// What it means, in German.
    pub label_de: String,
    /// What it means, in English.
    pub label_en: String,
}

/// One value: indicator × region × period × breakdown, with its symbol and quality flag.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    /// The indicator's code.
    pub indicator_code: String,
    /// The region's key (AGS/ARS or the city's district code).
    pub region_key: String,
    /// The period's code, e.g. `2023` or `2023/24`.
    pub period_code: String,
    /// Canonical breakdown key (`GES=GESW;ALT=A25B34`); empty for the total.
    pub breakdown_key: String,
    /// `None` only when `symbol` says why.
    pub value: Option<f64>,
    /// A statistics symbol for the value, e.g. `.` unknown or `-` a true zero.
    pub symbol: Option<String>,
    /// A quality flag that goes with the number, e.g. `p` provisional.
    pub quality: Option<String>,
    /// A free-text remark on the value, e.g. a footnote from the imported file.
    pub note: Option<String>,
}

impl Observation {
    /// Its symbol and quality flag, those it has.
    pub fn flags(&self) -> impl Iterator<Item = &str> {
        [self.symbol.as_deref(), self.quality.as_deref()]
            .into_iter()
            .flatten()
            .filter(|flag| !flag.is_empty())
    }

    /// As a table shows it: the number with `decimals` decimals, then its symbol or quality
    /// flag; the symbol alone where there is no number.
    #[must_use]
    pub fn display(&self, decimals: usize) -> String {
        let flags: Vec<&str> = self.flags().collect();
        match self.value {
            Some(value) if flags.is_empty() => crate::i18n::format_decimal(value, decimals),
            Some(value) => format!(
                "{} {}",
                crate::i18n::format_decimal(value, decimals),
                flags.join(" ")
            ),
            None => flags.join(" "),
        }
    }
}

/// A planner's saved column roles for a kind of file: reused when the next file has the
/// same header, so next year's download imports in one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The name the planner gave it (`--mapping NAME`); unique, not empty.
    pub name: String,
    /// The header of the file it was made for, its cells joined by `;`.
    pub header: String,
    /// The roles as `--map` writes them: `indicator=Merkmal,region=Raum,…`.
    pub roles: String,
}

impl Mapping {
    /// A header as a mapping keeps it: its cells, trimmed, joined by `;`.
    #[must_use]
    pub fn header_text(header: &[String]) -> String {
        header
            .iter()
            .map(|cell| cell.trim_start_matches('\u{feff}').trim())
            .collect::<Vec<_>>()
            .join(";")
    }

    /// The first of `mappings` made for a file with this header.
    #[must_use]
    pub fn for_header<'a>(mappings: &'a [Mapping], header: &[String]) -> Option<&'a Mapping> {
        let text = Mapping::header_text(header);
        mappings.iter().find(|m| m.header == text)
    }
}

/// Builds the canonical breakdown key from `(dimension, member)` pairs.
#[must_use]
pub fn breakdown_key(pairs: &[(&str, &str)]) -> String {
    let mut sorted: Vec<_> = pairs.to_vec();
    sorted.sort_unstable();
    sorted
        .iter()
        .map(|(dimension, member)| format!("{dimension}={member}"))
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breakdown_key_is_sorted_and_total_is_empty() {
        assert_eq!(
            breakdown_key(&[("GES", "GESW"), ("ALT", "A25")]),
            "ALT=A25;GES=GESW"
        );
        assert_eq!(breakdown_key(&[]), "");
    }
}
