//! What the header rows above a classic table's values say of each value column, as the
//! office meant it:
//!
//! ```text
//! ;;;Absolvierende/Abgehende;Absolvierende/Abgehende;…;nachrichtl.: …  ← the value variable
//! ;;;Geschlecht;Geschlecht;davon mit;davon mit;…;Geschlecht             ← captions: a row naming
//! ;;;Insgesamt;weiblich;mit Hauptschulabschluss;…;Insgesamt             ←   the dimension of the
//! ;;;;;Geschlecht;Geschlecht;…;;                                        ←   row below it, at
//! ;;;;;Insgesamt;weiblich;…;;                                           ←   any depth
//! ;;;Anzahl;Anzahl;…                                                    ← the unit
//! ```
//!
//! The first label row names the value variable (each `nachrichtl.` column its own); a row
//! with a total (`Insgesamt`) or a known member (`weiblich`) holds a dimension's members;
//! a row above one, filled in exactly the same columns and holding no member, is its
//! caption and names the dimension in those columns. A member row without a caption, or
//! under a caption that only says "of which" (`davon mit`), is named by the table title's
//! "nach A und B" (what the captions and the classification columns have not named), the
//! sexes `Geschlecht`. An empty cell continues the label to its left only where a row
//! below has a label in that column: a column whose header ends early (the `nachrichtl.`
//! ones above) has no deeper dimensions. `Insgesamt` is the total, never a member.

use super::cells::{KNOWN_MEMBERS, PERIOD_CAPTIONS, SEX_MEMBERS, is_unit_row};
use crate::import::values::{is_total, official_period_code};

/// One value column as the header describes it.
#[derive(Clone, Debug, Default)]
pub(super) struct Column {
    /// Whether the header describes the column at all (a spreadsheet leaves empty ones at
    /// the end).
    pub used: bool,
    /// The value variable's label; empty when the title names it.
    pub indicator: String,
    /// The indicator's short code (see `indicator_codes`).
    pub code: String,
    /// The (dimension, member) pairs of the column, totals left out.
    pub members: Vec<(String, String)>,
    pub period: Option<String>,
    pub unit: String,
}

/// Dimension names a caption row may carry in its first row (where a value variable
/// usually stands).
const KNOWN_DIMENSIONS: &[&str] = &[
    "geschlecht",
    "nationalität",
    "altersgruppen",
    "altersgruppe",
    "schularten",
    "schulart",
    "abschlussarten",
    "abschlussart",
    "sex",
    "nationality",
];

/// Captions that name no dimension, only say "of which".
fn is_phrase(caption: &str) -> bool {
    let lower = caption.to_lowercase();
    [
        "davon",
        "darunter",
        "dar.",
        "und zwar",
        "nachr",
        "zusammen",
        "insgesamt",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

fn is_member(cell: &str) -> bool {
    let lower = cell.to_lowercase();
    (!cell.is_empty() && is_total(cell))
        || SEX_MEMBERS.contains(&lower.as_str())
        || KNOWN_MEMBERS.contains(&lower.as_str())
}

/// The dimensions a title names: `Bevölkerung nach Geschlecht und Altersgruppen - Stichtag`
/// → `Geschlecht`, `Altersgruppen`.
pub(super) fn title_dimensions(titles: &[String]) -> Vec<String> {
    let text = titles.join(" ");
    let Some((_, after)) = text.split_once(" nach ") else {
        return Vec::new();
    };
    let list = after.split(" - ").next().unwrap_or_default();
    list.split(" und ")
        .flat_map(|part| part.split(", "))
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty() && name.chars().next().is_some_and(char::is_uppercase))
        .collect()
}

/// `Name (Einheit)` → (`Name`, `Einheit`).
pub(super) fn split_unit(text: &str) -> (String, String) {
    let text = text.trim();
    if let Some(open) = text.rfind(" (")
        && let Some(inner) = text[open + 2..].strip_suffix(')')
    {
        return (text[..open].trim().to_owned(), inner.trim().to_owned());
    }
    (text.to_owned(), String::new())
}

/// Names handed out to dimensions nothing in the header names, in the title's order.
struct Names {
    from_title: Vec<String>,
    unnamed: usize,
}

impl Names {
    fn new(titles: &[String], taken: &[String]) -> Self {
        let taken: Vec<String> = taken.iter().map(|t| t.to_lowercase()).collect();
        Names {
            from_title: title_dimensions(titles)
                .into_iter()
                .filter(|name| !taken.contains(&name.to_lowercase()))
                .collect(),
            unnamed: 0,
        }
    }

    fn take(&mut self, sexes: bool) -> String {
        if sexes {
            self.from_title.retain(|n| n != "Geschlecht");
            return "Geschlecht".to_owned();
        }
        if let Some(index) = self.from_title.iter().position(|n| n != "Geschlecht") {
            return self.from_title.remove(index);
        }
        self.unnamed += 1;
        "Merkmal".to_owned()
    }
}

/// The header read: every value column, and the dimension each classification column
/// names.
pub(super) struct Reading {
    pub columns: Vec<Column>,
    pub classes: Vec<String>,
}

fn cell(row: &[String], i: usize) -> &str {
    row.get(i).map_or("", |c| c.trim())
}

/// The label rows' value cells (spans filled), which of them are captions, and where the
/// dimensions start (the rows above name the value variable).
struct Labels {
    grid: Vec<Vec<String>>,
    is_caption: Vec<bool>,
    first_dimension: usize,
}

impl Labels {
    fn new(grid: Vec<Vec<String>>, titles: &[String], title_unit: &str) -> Labels {
        let count = grid.len();
        let support = |k: usize| -> Vec<bool> { grid[k].iter().map(|c| !c.is_empty()).collect() };
        let member_row = |k: usize| grid[k].iter().any(|c| is_member(c));
        let title_names: Vec<String> = title_dimensions(titles)
            .iter()
            .map(|n| n.to_lowercase())
            .collect();
        // A caption row: no member in it, filled in the very columns of the row below; in
        // the first row (where the value variable stands) only a known dimension name.
        let is_caption: Vec<bool> = (0..count)
            .map(|k| {
                if member_row(k) || k + 1 >= count || support(k) != support(k + 1) {
                    return false;
                }
                k > 0
                    || grid[k].iter().filter(|c| !c.is_empty()).all(|c| {
                        let lower = c.to_lowercase();
                        KNOWN_DIMENSIONS.contains(&lower.as_str()) || title_names.contains(&lower)
                    })
            })
            .collect();
        let first_dimension = (0..count)
            .find(|&k| is_caption[k] || member_row(k))
            .unwrap_or_else(|| {
                // Without a member row, when the title names the value (`Kinder (Anzahl)`),
                // a lowest row whose labels differ is its breakdown (`unter 3 Jahre`, …).
                let varies = |row: &Vec<String>| {
                    let mut labels = row.iter().filter(|c| !c.is_empty());
                    let first = labels.next();
                    labels.any(|l| Some(l) != first)
                };
                match grid.last() {
                    Some(last) if !title_unit.is_empty() && varies(last) => count - 1,
                    _ => count,
                }
            });
        Labels {
            grid,
            is_caption,
            first_dimension,
        }
    }

    /// The rows that hold members.
    fn member_rows(&self) -> impl Iterator<Item = usize> + '_ {
        (self.first_dimension..self.grid.len()).filter(|&k| !self.is_caption[k])
    }

    /// The caption over member cell (`k`, `c`) when a caption row stands right above it
    /// and names a dimension.
    fn caption_of(&self, k: usize, c: usize) -> Option<&str> {
        (k > 0 && self.is_caption[k - 1])
            .then(|| self.grid[k - 1][c].as_str())
            .filter(|caption| !caption.is_empty() && !is_phrase(caption))
    }

    /// Every dimension name the captions give.
    fn captions(&self) -> Vec<String> {
        self.member_rows()
            .flat_map(|k| (0..self.grid[k].len()).filter_map(move |c| self.caption_of(k, c)))
            .map(str::to_owned)
            .collect()
    }

    /// A name for each member row whose cells (some of them) have no caption: the sexes
    /// `Geschlecht`, else the next from `names`.
    fn row_names(&self, names: &mut Names) -> Vec<Option<String>> {
        (0..self.grid.len())
            .map(|k| {
                if k < self.first_dimension || self.is_caption[k] {
                    return None;
                }
                let uncaptioned: Vec<String> = (0..self.grid[k].len())
                    .filter(|&c| !self.grid[k][c].is_empty() && self.caption_of(k, c).is_none())
                    .map(|c| self.grid[k][c].to_lowercase())
                    .collect();
                if uncaptioned.is_empty() {
                    return None;
                }
                let members: Vec<&String> = uncaptioned.iter().filter(|m| !is_total(m)).collect();
                let sexes = !members.is_empty()
                    && members.iter().all(|m| SEX_MEMBERS.contains(&m.as_str()));
                Some(names.take(sexes))
            })
            .collect()
    }

    /// The value variable of value column `c` (`None` when no row names it).
    fn variable(&self, c: usize) -> Option<String> {
        let variables: Vec<&str> = self.grid[..self.first_dimension]
            .iter()
            .map(|row| row[c].as_str())
            .filter(|l| !l.is_empty())
            .collect();
        (!variables.is_empty()).then(|| variables.join(" – "))
    }

    /// The (dimension, member) pairs of value column `c`, totals left out; a dimension
    /// named twice in one column (or by a classification column) is numbered.
    fn members(
        &self,
        c: usize,
        row_names: &[Option<String>],
        classes: &[String],
    ) -> Vec<(String, String)> {
        let mut members: Vec<(String, String)> = Vec::new();
        for k in self.member_rows() {
            let member = &self.grid[k][c];
            let Some(name) = self
                .caption_of(k, c)
                .map(str::to_owned)
                .or_else(|| row_names[k].clone())
                .filter(|_| !member.is_empty())
            else {
                continue;
            };
            let mut dimension = name.clone();
            let mut n = 2;
            while members.iter().any(|(d, _)| *d == dimension) || classes.contains(&dimension) {
                dimension = format!("{name} ({n})");
                n += 1;
            }
            // The total is no member, but it holds the dimension's name in the column.
            members.push((
                dimension,
                if is_total(member) {
                    String::new()
                } else {
                    member.clone()
                },
            ));
        }
        members.retain(|(_, member)| !member.is_empty());
        members
    }
}

/// Each value column's period from the period rows (a period repeats to its right).
fn periods(rows: &[&Vec<String>], first_value: usize, width: usize) -> Vec<Option<String>> {
    let mut periods: Vec<Option<String>> = vec![None; width.saturating_sub(first_value)];
    for row in rows {
        let mut current = None;
        for (i, slot) in (first_value..width).zip(periods.iter_mut()) {
            if let Some(period) = official_period_code(cell(row, i)) {
                current = Some(period);
            }
            if current.is_some() {
                slot.clone_from(&current);
            }
        }
    }
    periods
}

/// Reads the header `rows` (cells left of `first_value` belong to the key, name and
/// classification columns `classes`).
pub(super) fn read(
    rows: &[Vec<String>],
    titles: &[String],
    first_value: usize,
    classes: &[usize],
) -> Reading {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let value_cells = |row: &Vec<String>| -> Vec<String> {
        (first_value..width)
            .map(|i| cell(row, i).to_owned())
            .collect()
    };
    let unit_row = rows.iter().rposition(|row| is_unit_row(row, first_value));
    let is_period_row = |row: &&Vec<String>| {
        value_cells(row).iter().filter(|c| !c.is_empty()).all(|c| {
            official_period_code(c).is_some()
                || PERIOD_CAPTIONS.contains(&c.to_lowercase().as_str())
        })
    };
    let (period_rows, label_rows): (Vec<&Vec<String>>, Vec<&Vec<String>>) = rows
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != unit_row)
        .map(|(_, row)| row)
        .partition(is_period_row);
    let periods = periods(&period_rows, first_value, width);
    let mut grid: Vec<Vec<String>> = label_rows.iter().map(|row| value_cells(row)).collect();
    fill_spans(&mut grid);
    let (title_name, title_unit) = titles.last().map(|t| split_unit(t)).unwrap_or_default();
    let labels = Labels::new(grid, titles, &title_unit);

    // Classification columns: named by their header cell, else by the title; then the
    // member rows without caption, by what the title names and nothing else has.
    let named_classes: Vec<Option<String>> = classes
        .iter()
        .map(|&index| {
            label_rows
                .iter()
                .rev()
                .map(|row| cell(row, index))
                .find(|c| !c.is_empty())
                .map(str::to_owned)
        })
        .collect();
    let mut taken = labels.captions();
    taken.extend(named_classes.iter().flatten().cloned());
    let mut names = Names::new(titles, &taken);
    let class_names: Vec<String> = named_classes
        .into_iter()
        .map(|name| name.unwrap_or_else(|| names.take(false)))
        .collect();
    let row_names = labels.row_names(&mut names);
    // `Merkmal` is numbered when several dimensions have no name.
    let mut unnamed = 0;
    let mut number = |name: String| {
        if name == "Merkmal" && names.unnamed > 1 {
            unnamed += 1;
            format!("Merkmal {unnamed}")
        } else {
            name
        }
    };
    let class_names: Vec<String> = class_names.into_iter().map(&mut number).collect();
    let row_names: Vec<Option<String>> =
        row_names.into_iter().map(|n| n.map(&mut number)).collect();

    let columns = (0..width)
        .map(|i| {
            let Some(c) = i.checked_sub(first_value) else {
                return Column::default();
            };
            Column {
                used: labels.grid.iter().any(|row| !row[c].is_empty()),
                // Without a value variable row, the title's last line names the value
                // (`Bevölkerungsstand (Anzahl)`).
                indicator: labels.variable(c).unwrap_or_else(|| title_name.clone()),
                code: String::new(),
                members: labels.members(c, &row_names, &class_names),
                period: periods[c].clone(),
                unit: unit_row
                    .map(|r| cell(&rows[r], i).to_owned())
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| title_unit.clone()),
            }
        })
        .collect();
    Reading {
        columns,
        classes: class_names,
    }
}

/// An empty cell continues the label to its left when a lower row has a label in its
/// column (the office leaves spanning labels out; a column whose header ends early is
/// left as it is).
fn fill_spans(grid: &mut [Vec<String>]) {
    for k in 0..grid.len() {
        let (this, below) = grid.split_at_mut(k + 1);
        let row = &mut this[k];
        let mut current = String::new();
        for c in 0..row.len() {
            if !row[c].is_empty() {
                current.clone_from(&row[c]);
            } else if !current.is_empty() && below.iter().any(|r| !r[c].is_empty()) {
                row[c].clone_from(&current);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|line| line.split(';').map(str::to_owned).collect())
            .collect()
    }

    fn pairs(column: &Column) -> Vec<String> {
        column
            .members
            .iter()
            .map(|(d, m)| format!("{d}={m}"))
            .collect()
    }

    /// `21121-02-02-4`'s shape: captions at two depths, a `davon mit` caption, two
    /// `nachrichtl.` columns whose header ends after the sex.
    #[test]
    fn captions_at_any_depth_name_their_dimensions() {
        let header = rows(
            ";;;Abgehende;Abgehende;Abgehende;Abgehende;nachrichtl.: Teil;nachrichtl.: Teil\n\
             ;;;Geschlecht;Geschlecht;davon mit;davon mit;Geschlecht;Geschlecht\n\
             ;;;Insgesamt;weiblich;mit Abschluss;mit Abschluss;Insgesamt;weiblich\n\
             ;;;;;Geschlecht;Geschlecht;;\n\
             ;;;;;Insgesamt;weiblich;;\n\
             ;;;Anzahl;Anzahl;Anzahl;Anzahl;Anzahl;Anzahl",
        );
        let titles = [
            "Abgehende beruflicher Schulen nach Geschlecht und Abschlussarten - Schuljahr"
                .to_owned(),
        ];
        let reading = read(&header, &titles, 3, &[]);
        let columns = &reading.columns[3..];
        let got: Vec<(String, Vec<String>)> = columns
            .iter()
            .map(|c| (c.indicator.clone(), pairs(c)))
            .collect();
        let want = |indicator: &str, pairs: &[&str]| {
            (
                indicator.to_owned(),
                pairs.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            got,
            vec![
                want("Abgehende", &[]),
                want("Abgehende", &["Geschlecht=weiblich"]),
                want("Abgehende", &["Abschlussarten=mit Abschluss"]),
                want(
                    "Abgehende",
                    &["Abschlussarten=mit Abschluss", "Geschlecht=weiblich"]
                ),
                want("nachrichtl.: Teil", &[]),
                want("nachrichtl.: Teil", &["Geschlecht=weiblich"]),
            ]
        );
        assert!(columns.iter().all(|c| c.unit == "Anzahl" && c.used));
    }

    /// `21111-01-03-4`'s shape: a classification column without a header cell, named by
    /// the title; one caption per column.
    #[test]
    fn a_classification_column_is_named_by_the_title() {
        let header = rows(
            ";;;;Schulen;Schüler;Schüler;Schüler;Schüler\n\
             ;;;;;Geschlecht;Geschlecht;Nationalität;Klassenstufe\n\
             ;;;;;Insgesamt;weiblich;ausländisch;7. Klassenstufe\n\
             ;;;;Anzahl;Anzahl;Anzahl;Anzahl;Anzahl",
        );
        let titles = [
            "Schulen, Schülerinnen und Schüler nach Schularten -".to_owned(),
            "Stichtag: Schuljahresbeginn - regionale Tiefe: Kreise".to_owned(),
        ];
        let reading = read(&header, &titles, 4, &[3]);
        assert_eq!(reading.classes, ["Schularten"]);
        let got: Vec<(String, Vec<String>)> = reading.columns[4..]
            .iter()
            .map(|c| (c.indicator.clone(), pairs(c)))
            .collect();
        assert_eq!(got[0], ("Schulen".to_owned(), vec![]));
        assert_eq!(got[1], ("Schüler".to_owned(), vec![]));
        assert_eq!(got[2].1, ["Geschlecht=weiblich"]);
        assert_eq!(got[3].1, ["Nationalität=ausländisch"]);
        assert_eq!(got[4].1, ["Klassenstufe=7. Klassenstufe"]);
    }

    /// `21111-02-06-4`'s shape: no captions; the title names the certificates, the sexes
    /// name themselves, whatever their order.
    #[test]
    fn rows_without_captions_take_the_titles_names() {
        let header = rows(
            ";;;Abgehende;Abgehende;Abgehende;Abgehende\n\
             ;;;Insgesamt;Insgesamt;ohne Abschluss;ohne Abschluss\n\
             ;;;Insgesamt;weiblich;Insgesamt;weiblich",
        );
        let titles = ["Abgehende nach Geschlecht und Abschlussarten - Schuljahr".to_owned()];
        let reading = read(&header, &titles, 3, &[]);
        assert_eq!(
            pairs(&reading.columns[6]),
            ["Abschlussarten=ohne Abschluss", "Geschlecht=weiblich"]
        );
        assert!(reading.columns[3].members.is_empty());
    }

    /// Labels span the empty cells to their right where lower rows go on.
    #[test]
    fn spanning_labels_fill_only_over_deeper_headers() {
        let header = rows(";;Bevölkerung;;;Fläche\n;;Insgesamt;männlich;weiblich;");
        let reading = read(&header, &["Gebiet und Bevölkerung".to_owned()], 2, &[]);
        let names: Vec<&str> = reading.columns[2..]
            .iter()
            .map(|c| c.indicator.as_str())
            .collect();
        assert_eq!(
            names,
            ["Bevölkerung", "Bevölkerung", "Bevölkerung", "Fläche"]
        );
        assert_eq!(pairs(&reading.columns[4]), ["Geschlecht=weiblich"]);
        assert!(reading.columns[5].members.is_empty());
    }

    /// A header of periods and a caption of them is no label row.
    #[test]
    fn period_rows_give_each_column_its_period() {
        let header = rows(";;Stichtag;Stichtag\n;;31.12.2018;\n;;Insgesamt;weiblich");
        let reading = read(&header, &["Bevölkerungsstand (Anzahl)".to_owned()], 2, &[]);
        assert_eq!(reading.columns[3].period.as_deref(), Some("2018-12-31"));
        assert_eq!(reading.columns[3].unit, "Anzahl");
        assert_eq!(pairs(&reading.columns[3]), ["Geschlecht=weiblich"]);
    }
}
