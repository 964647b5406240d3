//! The classic table read record by record: the title lines, the header rows, the
//! first data row's layout, the values, the footer.

use super::super::RowSpec;
use super::super::values::{is_total, official_period_code};
use super::cells::{is_value, level_of_key, stand_date};
use super::codes::{indicator_codes, short_code};
use super::header::{self, Column};
use crate::model::is_region_key;

/// Where the reader is in the file, and what it learnt from the title, header and footer.
#[derive(Debug, Default)]
pub struct Table {
    /// The table code from the first line.
    pub code: String,
    /// The first title line after the code.
    pub title: String,
    /// Every title line, in order.
    titles: Vec<String>,
    header_rows: Vec<Vec<String>>,
    layout: Option<Layout>,
    columns: Vec<Column>,
    /// What the values' source says: the table code and its title.
    source: String,
    period: Option<String>,
    finished: bool,
    /// The data date from the footer's `Stand: DD.MM.YYYY`, as `YYYY-MM-DD`.
    pub stand: Option<String>,
    /// The footer's licence line (`© … Datenlizenz Deutschland …`).
    pub licence: Option<String>,
}

/// Which columns hold what, learnt from the first data row.
#[derive(Clone, Debug, Default)]
struct Layout {
    period: Option<usize>,
    key: usize,
    name: usize,
    /// Classification columns and the dimension each names.
    classes: Vec<(usize, String)>,
    first_value: usize,
}

impl Table {
    /// The layout of a data row, when `cells` is one: a region key with its name, after a
    /// period when the table has a period column.
    fn layout_of(cells: &csv::StringRecord) -> Option<Layout> {
        let cell = |i: usize| cells.get(i).map_or("", str::trim);
        let (period, key) = if is_region_key(cell(0)) && !cell(1).is_empty() {
            (None, 0)
        } else if official_period_code(cell(0)).is_some()
            && is_region_key(cell(1))
            && !cell(2).is_empty()
        {
            (Some(0), 1)
        } else {
            return None;
        };
        let name = key + 1;
        let first_value = (name + 1..cells.len()).find(|&i| is_value(cell(i)))?;
        Some(Layout {
            period,
            key,
            name,
            classes: (name + 1..first_value)
                .map(|i| (i, String::new()))
                .collect(),
            first_value,
        })
    }

    /// Reads the header (see [`header`]) into value columns and names the classification
    /// columns; gives each indicator its short code.
    fn build_columns(&mut self, mut layout: Layout) {
        let class_indices: Vec<usize> = layout.classes.iter().map(|(i, _)| *i).collect();
        let reading = header::read(
            &self.header_rows,
            &self.titles,
            layout.first_value,
            &class_indices,
        );
        for ((_, name), read) in layout.classes.iter_mut().zip(reading.classes) {
            *name = read;
        }
        self.columns = reading.columns;
        // The columns that stand for values (not the empty ones a spreadsheet leaves at the
        // end of the header) name the indicators.
        let label_of = |column: &Column| {
            if column.indicator.is_empty() {
                self.title.clone()
            } else {
                column.indicator.clone()
            }
        };
        let labels: Vec<String> = self
            .columns
            .iter()
            .filter(|c| c.used)
            .map(label_of)
            .collect();
        let codes = indicator_codes(&self.code, &labels);
        let codes: Vec<String> = self
            .columns
            .iter()
            .map(|c| codes.get(&label_of(c)).cloned().unwrap_or_default())
            .collect();
        for (column, code) in self.columns.iter_mut().zip(codes) {
            column.code = code;
        }
        // The title lines read as one sentence; a last line `Name (Unit)` is the value's.
        let sentence = match self.titles.split_last() {
            Some((last, rest)) if !rest.is_empty() && !header::split_unit(last).1.is_empty() => {
                rest
            }
            _ => &self.titles[..],
        };
        self.source = format!("GENESIS {}: {}", self.code, sentence.join(" "));
        self.layout = Some(layout);
    }

    /// Reads the footer: the data date and the licence.
    fn footer(&mut self, cells: &csv::StringRecord) {
        for cell in cells.iter().map(str::trim).filter(|c| !c.is_empty()) {
            if let Some(date) = stand_date(cell) {
                self.stand = Some(date);
            } else if cell.contains("Datenlizenz") || cell.starts_with('©') {
                self.licence = Some(cell.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
    }

    /// Reads one record. Returns the value rows it holds (none for title, header, period
    /// and footer rows), or what is wrong with it.
    pub fn record(
        &mut self,
        line: u64,
        cells: &csv::StringRecord,
        out: &mut Vec<RowSpec>,
    ) -> Result<(), (Option<usize>, String)> {
        out.clear();
        if self.finished {
            self.footer(cells);
            return Ok(());
        }
        let cell = |i: usize| cells.get(i).map_or("", str::trim);
        let first = cell(0);
        if first.starts_with("__________") {
            self.finished = true;
            return Ok(());
        }
        if let Some(code) = first
            .strip_prefix("GENESIS-Tabelle:")
            .or_else(|| first.strip_prefix("Tabelle:"))
        {
            code.trim().clone_into(&mut self.code);
            return Ok(());
        }
        let rest_empty = cells.iter().skip(1).all(|c| c.trim().is_empty());
        if rest_empty {
            match official_period_code(first) {
                Some(period) => self.period = Some(period),
                None if self.layout.is_none() && self.header_rows.is_empty() => {
                    if self.title.is_empty() {
                        first.clone_into(&mut self.title);
                    }
                    self.titles.push(first.to_owned());
                }
                None => {} // A remark.
            }
            return Ok(());
        }
        if self.layout.is_none() {
            match Self::layout_of(cells) {
                Some(layout) => self.build_columns(layout),
                None if first.is_empty() => {
                    self.header_rows
                        .push(cells.iter().map(str::to_owned).collect());
                    return Ok(());
                }
                None => return Ok(()), // A title line spread over cells, or a remark.
            }
        }
        let Some(layout) = &self.layout else {
            return Ok(());
        };
        let key = cell(layout.key);
        if !is_region_key(key) {
            return Ok(()); // A header row repeated further down, or a remark.
        }
        let row_period = layout.period.and_then(|i| official_period_code(cell(i)));
        let name = cell(layout.name);
        for (index, column) in self.columns.iter().enumerate().skip(layout.first_value) {
            let value = cell(index);
            if value.is_empty() {
                continue;
            }
            let Some(period) = row_period
                .clone()
                .or_else(|| column.period.clone())
                .or_else(|| self.period.clone())
            else {
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
            if column.code.is_empty() {
                row.indicator_code = short_code(&indicator, 32);
            } else {
                row.indicator_code.clone_from(&column.code);
            }
            row.indicator_name = indicator;
            row.match_name = true;
            row.unit.clone_from(&column.unit);
            row.source.clone_from(&self.source);
            key.clone_into(&mut row.region_key);
            name.clone_into(&mut row.region_name);
            row.region_level = Some(level_of_key(key));
            row.period = period;
            value.clone_into(&mut row.value);
            for (dimension, member) in &column.members {
                row.push_part(dimension, dimension, member, member);
            }
            for (class_index, dimension) in &layout.classes {
                let member = cell(*class_index);
                if !is_total(member) {
                    row.push_part(dimension, dimension, member, member);
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
    fn titles_name_dimensions() {
        let titles = [
            "Absolvierende/Abgehende allgemeinbildender Schulen nach".to_owned(),
            "Geschlecht und Abschlussarten - Schuljahr - regionale Tiefe:".to_owned(),
        ];
        assert_eq!(
            header::title_dimensions(&titles),
            ["Geschlecht", "Abschlussarten"]
        );
        assert!(header::title_dimensions(&["Bevölkerungsstand (Anzahl)".to_owned()]).is_empty());
    }

    #[test]
    fn the_footer_gives_date_and_unit_titles_split() {
        assert_eq!(
            stand_date("Stand: 13.03.2025 / 16:40:08").as_deref(),
            Some("2025-03-13")
        );
        assert_eq!(
            header::split_unit("Absolvierende/Abgehende (Anzahl)"),
            ("Absolvierende/Abgehende".to_owned(), "Anzahl".to_owned())
        );
        assert_eq!(
            header::split_unit("Schuljahr"),
            ("Schuljahr".to_owned(), String::new())
        );
    }
}
