//! The classic GENESIS table CSV (GENESIS-Online, Regionaldatenbank, state offices):
//!
//! ```text
//! GENESIS-Tabelle: 12411-01-01-4                      ← title lines
//! Bevölkerung nach Geschlecht - Stichtag 31.12. -;;;;
//! ;;Bevölkerungsstand;;                               ← header rows: the value variable,
//! ;;Insgesamt;männlich;weiblich                       ←   the breakdown (or periods),
//! ;;Anzahl;Anzahl;Anzahl                              ←   the unit
//! 31.12.2022;;;;                                      ← a period row
//! 01001;      Flensburg, Kreisfreie Stadt;92550;…     ← region key, indented name, values
//! __________                                          ← footer: the end of the data
//! ```
//!
//! Header rows stack: a label spans the empty cells to its right. The lowest header row
//! that is not units names the columns' breakdown members (matched to known dimension
//! members by label, so a table and a flat export of one statistic meet), or the columns'
//! periods; the rows above it name the value variable, which becomes the indicator.

use super::RowSpec;
use crate::model::RegionLevel;

/// Where the reader is in the file.
#[derive(Debug, Default)]
pub struct Table {
    /// The table code from the first line.
    pub code: String,
    /// The first title line after the code.
    pub title: String,
    header_rows: Vec<Vec<String>>,
    columns: Vec<Column>,
    period: Option<String>,
    finished: bool,
}

#[derive(Clone, Debug, Default)]
struct Column {
    indicator: String,
    member: String,
    period: Option<String>,
    unit: String,
}

const UNITS: &[&str] = &[
    "anzahl",
    "%",
    "prozent",
    "tsd.",
    "1000",
    "eur",
    "tsd. eur",
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

fn is_unit_row(row: &[String]) -> bool {
    row.iter()
        .skip(2)
        .filter(|c| !c.trim().is_empty())
        .all(|c| UNITS.contains(&c.trim().to_lowercase().as_str()))
        && row.iter().skip(2).any(|c| !c.trim().is_empty())
}

/// A period code from a table cell: `31.12.2022` → `2022-12-31`; years, school years and
/// ISO dates as they are.
#[must_use]
pub fn period_code(cell: &str) -> Option<String> {
    let cell = cell.trim();
    if let Some((day, rest)) = cell.split_once('.')
        && let Some((month, year)) = rest.split_once('.')
        && day.len() == 2
        && month.len() == 2
        && year.len() == 4
    {
        let code = format!("{year}-{month}-{day}");
        return crate::store::periods::parse_code(&code).map(|_| code);
    }
    let cell = cell.strip_prefix("Jahr ").unwrap_or(cell);
    crate::store::periods::parse_code(cell).map(|_| cell.to_owned())
}

/// The level a region key suggests.
#[must_use]
pub fn level_of_key(key: &str) -> RegionLevel {
    match key.len() {
        _ if key == "DG" => RegionLevel::Country,
        2 => RegionLevel::State,
        3 | 5 => RegionLevel::County,
        _ => RegionLevel::Municipality,
    }
}

impl Table {
    /// Whether the footer was reached.
    #[must_use]
    pub fn finished(&self) -> bool {
        self.finished
    }

    fn build_columns(&mut self) {
        let rows: Vec<&Vec<String>> = self.header_rows.iter().collect();
        let unit_row = rows.iter().rposition(|row| is_unit_row(row));
        let label_rows: Vec<&Vec<String>> = rows
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != unit_row)
            .map(|(_, r)| *r)
            .collect();
        let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
        // Spanning labels: a label fills the empty cells to its right.
        let filled: Vec<Vec<String>> = label_rows
            .iter()
            .map(|row| {
                let mut current = String::new();
                (0..width)
                    .map(|i| {
                        let cell = row.get(i).map_or("", |c| c.trim());
                        if i >= 2 && !cell.is_empty() {
                            cell.clone_into(&mut current);
                        }
                        if i < 2 {
                            String::new()
                        } else {
                            current.clone()
                        }
                    })
                    .collect()
            })
            .collect();
        self.columns = (0..width)
            .map(|i| {
                let mut column = Column::default();
                if i < 2 {
                    return column;
                }
                column.unit = unit_row
                    .and_then(|r| rows[r].get(i))
                    .map_or(String::new(), |c| c.trim().to_owned());
                let labels: Vec<&str> = filled
                    .iter()
                    .map(|row| row[i].as_str())
                    .filter(|l| !l.is_empty())
                    .collect();
                match labels.as_slice() {
                    [] => {}
                    [only] => match period_code(only) {
                        Some(period) => column.period = Some(period),
                        None => (*only).clone_into(&mut column.indicator),
                    },
                    [upper @ .., last] => {
                        column.indicator = upper.join(" – ");
                        match period_code(last) {
                            Some(period) => column.period = Some(period),
                            None => (*last).clone_into(&mut column.member),
                        }
                    }
                }
                column
            })
            .collect();
    }

    /// Reads one record. Returns the value rows it holds (none for title, header and
    /// period rows), or what is wrong with it.
    pub fn record(
        &mut self,
        line: u64,
        cells: &csv::StringRecord,
        members: &dyn Fn(&str) -> Option<(String, String)>,
        out: &mut Vec<RowSpec>,
    ) -> Result<(), (Option<usize>, String)> {
        out.clear();
        if self.finished {
            return Ok(());
        }
        let cell = |i: usize| cells.get(i).map_or("", str::trim);
        let first = cell(0);
        if first.starts_with("__________") {
            self.finished = true;
            return Ok(());
        }
        if let Some(code) = first.strip_prefix("GENESIS-Tabelle:") {
            code.trim().clone_into(&mut self.code);
            return Ok(());
        }
        let rest_empty = cells.iter().skip(1).all(|c| c.trim().is_empty());
        if self.columns.is_empty() {
            if first.is_empty()
                && cell(1).is_empty()
                && cells.iter().skip(2).any(|c| !c.trim().is_empty())
            {
                self.header_rows
                    .push(cells.iter().map(str::to_owned).collect());
                return Ok(());
            }
            if self.header_rows.is_empty() {
                if self.title.is_empty() && !first.is_empty() {
                    first.clone_into(&mut self.title);
                }
                return Ok(()); // A title line.
            }
            self.build_columns();
        }
        if rest_empty {
            if let Some(period) = period_code(first) {
                self.period = Some(period);
            }
            return Ok(()); // A period row or a remark.
        }
        if first.is_empty() {
            return Ok(()); // A header row after the data began: a remark.
        }
        let name = cells.get(1).unwrap_or_default().trim();
        for (index, column) in self.columns.iter().enumerate().skip(2) {
            let value = cell(index);
            if value.is_empty() {
                continue;
            }
            let Some(period) = column.period.clone().or_else(|| self.period.clone()) else {
                return Err((
                    Some(index + 1),
                    crate::t!("import.table.no_period").to_owned(),
                ));
            };
            let mut row = RowSpec {
                line,
                value_column: index + 1,
                ..RowSpec::default()
            };
            let indicator = if column.indicator.is_empty() {
                self.title.clone()
            } else {
                column.indicator.clone()
            };
            row.indicator_code.clone_from(&indicator);
            row.indicator_name = indicator;
            row.unit.clone_from(&column.unit);
            row.source = format!("GENESIS {} {}", self.code, self.title);
            first.clone_into(&mut row.region_key);
            name.clone_into(&mut row.region_name);
            row.region_level = Some(level_of_key(first));
            row.period = period;
            value.clone_into(&mut row.value);
            if !column.member.is_empty() && !super::sheet::is_total(&column.member) {
                match members(&column.member) {
                    Some((dimension, member)) => {
                        row.push_part(&dimension, &dimension, &member, &column.member);
                    }
                    None => {
                        row.push_part("Merkmal", "Merkmal", &column.member, &column.member);
                    }
                }
            }
            out.push(row);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_cells_become_codes() {
        assert_eq!(period_code("31.12.2022").as_deref(), Some("2022-12-31"));
        assert_eq!(period_code("2021").as_deref(), Some("2021"));
        assert_eq!(period_code("2021/22").as_deref(), Some("2021/22"));
        assert_eq!(period_code("Insgesamt"), None);
        assert_eq!(period_code("31.02.2022"), None);
    }

    #[test]
    fn keys_suggest_levels() {
        assert_eq!(level_of_key("DG"), RegionLevel::Country);
        assert_eq!(level_of_key("05"), RegionLevel::State);
        assert_eq!(level_of_key("05315"), RegionLevel::County);
        assert_eq!(level_of_key("05315000"), RegionLevel::Municipality);
    }
}
