//! The built-in demo project: the fictional city of Musterstadt.
//!
//! Musterstadt is a county-free city (kreisfreie Stadt) of about 160,000 people with ten
//! districts of different size and social profile. The demo holds its education
//! stakeholders, working groups, goal tree, measures and indicators, and fifteen years
//! (2010–2024) of observations for the city and every district: plausible levels, smooth
//! trends with a little noise, districts that differ the way real ones do, and the
//! statistics symbols official data would carry (secret cells, true zeros, provisional and
//! late figures).
//!
//! The people and plans (stakeholders, working groups, goals, measures and their links) are
//! entity lists under `assets/demo/`, read through the entity importer (`content`); the
//! city, its indicators and their data are generated in code: `city` (districts, people,
//! boundaries), `indicators` (what each indicator is and the parameters of its data),
//! `series` (how the data are made) and `presentation`.
//!
//! Generation is deterministic: a fixed-seed generator makes the noise and the UUIDs (the
//! entity lists hold the UUIDs it made for them), so two demo files hold the same content;
//! only the project row's own UUID and the change log's timestamps differ. All names,
//! people, addresses and numbers are invented; e-mail addresses use reserved example
//! domains and phone numbers a fictional area code.

mod analysis;
mod build;
mod city;
mod content;
mod dimensions;
mod ids;
mod indicators;
mod presentation;
mod random;
mod series;
mod spec;
#[cfg(test)]
mod workbook_tests;

pub use build::{create, fill};

/// The demo project's name.
pub const NAME: &str = "Bildungsmonitoring Musterstadt";

/// The city's name.
const MUNICIPALITY: &str = "Musterstadt";
/// Regional key (ARS) of the city: state 05, a fictional county code 999.
const REGION_KEY: &str = "059990000000";
/// Municipality key (AGS) of the city; district keys append `-` and two digits.
const CITY_KEY: &str = "05999000";
/// The project's description: what the demo is.
const DESCRIPTION: &str = "Fiktives Beispielprojekt: kommunales Bildungsmanagement und \
     Bildungsmonitoring der kreisfreien Stadt Musterstadt mit zehn Stadtteilen. Alle Namen, \
     Personen und Zahlen sind erfunden.";
/// Who the demo says wrote it.
const AUTHORS: &str = "Bildungsbüro Musterstadt";

/// The first year with data.
const FIRST_YEAR: i32 = 2010;
/// The last year with data.
const LAST_YEAR: i32 = 2024;
/// How many years have data.
const YEARS: usize = (LAST_YEAR - FIRST_YEAR + 1) as usize;
/// Key of the city in the region references; districts go by their two-digit code.
const CITY: &str = "stadt";
