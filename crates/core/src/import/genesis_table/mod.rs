//! The classic GENESIS table CSV (GENESIS-Online, Regionaldatenbank, state offices), in
//! every layout the offices write:
//!
//! ```text
//! GENESIS-Tabelle: 21111-02-06-4                        ← the code (or `Tabelle: CODE`)
//! Absolvierende/Abgehende … nach Abschlussarten;;;;     ← title lines; the last one often
//! Absolvierende/Abgehende (Anzahl);;;;                  ←   names the unit in parentheses
//! ;;;Absolvierende/Abgehende …;…                        ← 1 to 6 header rows: the value
//! ;;;Insgesamt;Insgesamt;ohne Hauptschulabschluss;…     ←   variable, then a row per
//! ;;;Insgesamt;weiblich;Insgesamt;weiblich;…            ←   dimension (its members)
//! 2023;DG;Deutschland;782423;381434;…                   ← period; key; name; values
//! 2023;01001;      Flensburg, kreisfreie Stadt;1059;…
//! __________                                            ← footer: footnotes, licence,
//! Stand: 13.03.2025 / 16:40:08                          ←   the data date
//! ```
//!
//! The leading columns are found on the first data row: the region key (`DG`, or 2, 3, 5,
//! 8, 9 or 12 digits) and its name, a period column before them when there is one, and
//! classification columns between the name and the values (`2023;DG;Deutschland;
//! Grundschulen;…`), each a dimension named by its header cell or the title. The period
//! stands in that column, in a header row per value column (`Stichtag` / `31.12.2018`), or
//! in period rows between blocks (`2022;;;;`). What the header rows say of each value
//! column (value variable, dimensions and members, unit) is read in [`header`], what one
//! cell says in [`cells`], the indicators' short codes are made in [`codes`]; [`reader`]
//! reads the file record by record.

mod cells;
mod codes;
mod header;
mod reader;

pub use cells::level_of_key;
pub use codes::short_code;
pub use reader::Table;
