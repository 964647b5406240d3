//! Deciding a spreadsheet's roles from its first rows where the header leaves them open:
//! which columns hold values (members of one breakdown, or indicators), which column holds
//! the region keys, which columns say nothing.

use super::roles::{Role, Roles};

/// What the first rows of a file hold in one column, for deciding its role.
#[derive(Clone, Debug, Default)]
pub struct ColumnSample {
    /// Cells holding a number or a statistics symbol.
    pub values: usize,
    /// Cells holding anything else.
    pub texts: usize,
    /// The first text seen, and whether another one followed.
    pub first_text: Option<String>,
    /// Whether the texts differ.
    pub varied: bool,
    /// The first non-empty cells, for matching them with the project's region keys.
    pub cells: Vec<String>,
}

impl ColumnSample {
    /// Counts one cell; a number is read in the file's notation, as the import will.
    pub fn add(&mut self, cell: &str, decimal: super::values::Decimal) {
        let cell = cell.trim();
        if cell.is_empty() {
            return;
        }
        if self.cells.len() < SAMPLE_CELLS {
            self.cells.push(cell.to_owned());
        }
        let symbol = matches!(cell, "-" | "." | "x" | "/" | "..." | "…" | "()");
        let number = super::values::parse_number(cell, decimal).is_some();
        if symbol || number {
            self.values += 1;
            return;
        }
        self.texts += 1;
        match &self.first_text {
            None => self.first_text = Some(cell.to_owned()),
            Some(first) if first != cell => self.varied = true,
            Some(_) => {}
        }
    }
}

/// How many cells of a column are kept for matching with region keys.
const SAMPLE_CELLS: usize = 50;

/// Without a region column by name: the column whose cells are, for the most part (four
/// in five), keys of the project's regions holds the regions (`Schlüssel`, `code`, …).
pub fn region_by_values<S: std::hash::BuildHasher>(
    roles: &mut Roles,
    samples: &[ColumnSample],
    known_keys: &std::collections::HashSet<String, S>,
) {
    if roles.region.is_some() || known_keys.is_empty() {
        return;
    }
    let matching = |sample: &ColumnSample| {
        let known = sample
            .cells
            .iter()
            .filter(|c| known_keys.contains(*c))
            .count();
        !sample.cells.is_empty() && known * 5 >= sample.cells.len() * 4
    };
    if let Some(position) = roles
        .breakdowns
        .iter()
        .position(|&column| samples.get(column).is_some_and(matching))
    {
        let column = roles.breakdowns.remove(position);
        roles.region = Some(column);
    }
}

/// Decides, from the first rows, the roles the header alone left open in a sheet without
/// a value column and without periods as headers: numeric columns hold the values —
/// members of one dimension when an indicator column names the indicator, else one
/// indicator each; empty columns and a text that never changes are left out. Columns named
/// in `map` keep their role.
pub fn complete_roles(
    roles: &mut Roles,
    header: &[String],
    samples: &[ColumnSample],
    map: &[(Role, String)],
) {
    if roles.value.is_some() || !roles.period_columns.is_empty() {
        return;
    }
    let mapped = |column: usize| {
        map.iter()
            .any(|(_, name)| header[column].trim().eq_ignore_ascii_case(name.trim()))
    };
    let mut values = Vec::new();
    let mut kept = Vec::new();
    for &column in &roles.breakdowns {
        let sample = samples.get(column).cloned().unwrap_or_default();
        if mapped(column) {
            kept.push(column);
        } else if sample.values == 0 && sample.texts == 0 {
            roles.ignored.push(column);
        } else if sample.texts == 0 {
            values.push(column);
        } else if !sample.varied && sample.values == 0 {
            roles.ignored.push(column);
        } else {
            kept.push(column);
        }
    }
    roles.breakdowns = kept;
    if values.is_empty() {
        return;
    }
    if roles.indicator.is_some() {
        roles.member_dimension = roles
            .named_dimension
            .clone()
            .unwrap_or_else(|| member_dimension(values.iter().map(|&c| header[c].as_str())));
        roles.members = values;
    } else {
        roles.indicator_columns = values;
    }
}

/// The name of a dimension from its members' headers: age groups are `Altersgruppe`.
#[must_use]
pub fn member_dimension<'a>(mut members: impl Iterator<Item = &'a str>) -> String {
    let age = |h: &str| {
        let h = h.to_lowercase();
        h.contains("bis unter")
            || h.contains("jahre")
            || h.contains("und älter")
            || h.contains("und aelter")
    };
    if members.any(age) {
        "Altersgruppe".to_owned()
    } else {
        "Merkmal".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::values::Decimal;

    /// Numbers count as values the way the import reads them; dates and a city's own
    /// district keys (`05999-01`) do not, though they are made of digits and dashes.
    #[test]
    fn a_sample_counts_values_as_the_import_reads_them() {
        let mut sample = ColumnSample::default();
        for cell in ["1.234,5", "-3", "x", "2023-12-31", "05999-01"] {
            sample.add(cell, Decimal::Comma);
        }
        assert_eq!((sample.values, sample.texts), (3, 2));
    }
}
