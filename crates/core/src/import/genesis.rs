//! GENESIS-Online and Regionaldatenbank "flat" CSV:
//! `statistics_code;statistics_label;time_code;time_label;time;` then N groups
//! `k_variable_code;k_variable_label;k_variable_attribute_code;k_variable_attribute_label`,
//! then `value;value_unit;value_variable_code;value_variable_label`, optionally `value_q`.
//!
//! The legacy flat layout many planners still have on disk names the same columns in
//! German (`Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;`,
//! `k_Merkmal_Code;k_Merkmal_Label;k_Auspraegung_Code;k_Auspraegung_Label`) and has one
//! value column per value variable, named `CODE__Label__Unit`
//! (`ERW006__Arbeitslose__Anzahl`): each is an indicator; a column `CODE__Label__q` is the
//! quality flag of the value column of the same code.
//!
//! The Zensus 2022 database gives some value variables in two units per cell (a share in `%`
//! and a count in `Anzahl`, two rows alike but for `value_unit`): each unit is an indicator
//! of its own, its code the usual one with a short unit suffix (`3000G:GEB001_pct`).

use std::collections::{HashMap, HashSet};
use std::path::Path;

pub use super::genesis_columns::ValueColumn;
use super::records::{Next, Records};
use super::sniff::Detected;
use super::{ImportError, RowSpec};
use crate::model::{RegionLevel, level_of_official_key};

/// The table code in a flat file's name as the offices name their downloads and the web
/// service its files: `12411-01-01-4_de_flat.csv`, `12411-0001_1749623349088_de_flat.csv`
/// (code, an optional number, the language, `flat`). `None` for any other name.
#[must_use]
pub fn table_code_of_file_name(file_name: &str) -> Option<String> {
    let stem = file_name
        .strip_suffix(".csv")
        .or_else(|| file_name.strip_suffix(".CSV"))?;
    let stem = stem.strip_suffix("_flat")?;
    let (rest, language) = stem.rsplit_once('_')?;
    if !(language.len() == 2 && language.bytes().all(|b| b.is_ascii_lowercase())) {
        return None;
    }
    let code = match rest.rsplit_once('_') {
        Some((code, number))
            if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) =>
        {
            code
        }
        _ => rest,
    };
    let plausible = code.len() >= 5
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && code.as_bytes()[0].is_ascii_alphanumeric();
    plausible.then(|| code.to_owned())
}

/// The columns of a flat file, found from its header.
#[derive(Clone, Debug)]
pub struct Layout {
    statistics_code: usize,
    statistics_label: usize,
    time: usize,
    /// `(code, label, attribute code, attribute label)` columns of each variable group.
    variables: Vec<[usize; 4]>,
    value: usize,
    unit: Option<usize>,
    value_code: Option<usize>,
    value_label: Option<usize>,
    quality: Option<usize>,
    /// The legacy layout's value columns; empty for the current layout.
    legacy: Vec<ValueColumn>,
    /// The value variables that come in more than one unit in this file: their indicator
    /// codes get a unit suffix (found by [`Layout::note_units`]).
    split_units: HashSet<String>,
}

impl Layout {
    /// The layout of a header, or what is missing.
    pub fn from_header(header: &[String]) -> Result<Layout, String> {
        if header.first().is_some_and(|h| {
            h.trim_start_matches('\u{feff}')
                .trim()
                .eq_ignore_ascii_case("Statistik_Code")
        }) {
            return Self::legacy(header);
        }
        let find = |name: &str| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let need = |name: &str| {
            find(name).ok_or_else(|| crate::t!("import.genesis.missing_column", column = name))
        };
        let mut variables = Vec::new();
        for group in 1.. {
            let Some(code) = find(&format!("{group}_variable_code")) else {
                break;
            };
            let column = |suffix: &str| find(&format!("{group}_variable_{suffix}"));
            let (Some(label), Some(attribute), Some(attribute_label)) = (
                column("label"),
                column("attribute_code"),
                column("attribute_label"),
            ) else {
                return Err(crate::t!(
                    "import.genesis.missing_column",
                    column = format!("{group}_variable_attribute_code")
                ));
            };
            variables.push([code, label, attribute, attribute_label]);
        }
        Ok(Layout {
            statistics_code: need("statistics_code")?,
            statistics_label: need("statistics_label")?,
            time: need("time")?,
            variables,
            value: need("value")?,
            unit: find("value_unit"),
            value_code: find("value_variable_code"),
            value_label: find("value_variable_label"),
            quality: find("value_q"),
            legacy: Vec::new(),
            split_units: HashSet::new(),
        })
    }

    /// The legacy layout: German column names, one value column per value variable.
    fn legacy(header: &[String]) -> Result<Layout, String> {
        let find = |name: &str| {
            header.iter().position(|h| {
                h.trim_start_matches('\u{feff}')
                    .trim()
                    .eq_ignore_ascii_case(name)
            })
        };
        let need = |name: &str| {
            find(name).ok_or_else(|| crate::t!("import.genesis.missing_column", column = name))
        };
        let mut variables = Vec::new();
        for group in 1.. {
            let Some(code) = find(&format!("{group}_Merkmal_Code")) else {
                break;
            };
            let column = |name: &str| need(&format!("{group}_{name}"));
            variables.push([
                code,
                column("Merkmal_Label")?,
                column("Auspraegung_Code")?,
                column("Auspraegung_Label")?,
            ]);
        }
        let (quality, mut legacy): (Vec<ValueColumn>, Vec<ValueColumn>) = header
            .iter()
            .enumerate()
            .filter_map(|(index, h)| ValueColumn::from_header(index, h))
            .partition(ValueColumn::is_quality);
        for column in &mut legacy {
            column.quality = quality
                .iter()
                .find(|q| q.code == column.code)
                .map(|q| q.index);
        }
        // A value variable in two units (`GEB001__Gebäude__%`, `GEB001__Gebäude__Anzahl`):
        // an indicator per unit.
        let split: HashSet<String> = legacy
            .iter()
            .filter(|c| legacy.iter().any(|o| o.code == c.code && o.unit != c.unit))
            .map(|c| c.code.clone())
            .collect();
        for column in legacy.iter_mut().filter(|c| split.contains(&c.code)) {
            column.code = code_in_unit(&column.code, &column.unit);
            column.label = format!("{} ({})", column.label, column.unit);
        }
        let Some(first) = legacy.first() else {
            return Err(crate::t!(
                "import.genesis.missing_column",
                column = "CODE__Label__Unit"
            ));
        };
        Ok(Layout {
            statistics_code: need("Statistik_Code")?,
            statistics_label: need("Statistik_Label")?,
            time: need("Zeit")?,
            variables,
            value: first.index,
            unit: None,
            value_code: None,
            value_label: None,
            quality: None,
            legacy,
            split_units: HashSet::new(),
        })
    }

    /// The legacy layout's value columns, each an indicator; empty for the current layout,
    /// whose one value column names its value variable in every row.
    #[must_use]
    pub fn value_columns(&self) -> &[ValueColumn] {
        &self.legacy
    }

    /// Reads the file once for the value variables that come in more than one unit
    /// (`GEB001` in `%` and in `Anzahl`), whose rows become one indicator per unit. A
    /// variable in one unit keeps its plain code, as before.
    pub(super) fn note_units(
        &mut self,
        path: &Path,
        detected: Detected,
    ) -> Result<(), ImportError> {
        let (Some(code_column), Some(unit_column)) = (self.value_code, self.unit) else {
            return Ok(());
        };
        let mut first_unit: HashMap<String, String> = HashMap::new();
        let mut records = Records::open(path, detected, std::sync::Arc::default())?;
        loop {
            match records.next() {
                Next::Row(_) => {
                    let cells = records.cells();
                    let code = cells.get(code_column).map_or("", str::trim);
                    let unit = cells.get(unit_column).map_or("", str::trim);
                    match first_unit.get(code) {
                        None => {
                            first_unit.insert(code.to_owned(), unit.to_owned());
                        }
                        Some(first) if first != unit && !self.split_units.contains(code) => {
                            self.split_units.insert(code.to_owned());
                        }
                        Some(_) => {}
                    }
                }
                // The import reports unreadable records by line; here they only count less.
                Next::Unreadable { fatal: false, .. } => {}
                Next::Unreadable { .. } | Next::End => break,
            }
        }
        Ok(())
    }
}

/// The code of a value variable in one of its units: `GEB001` in `%` → `GEB001_pct`, in
/// `Anzahl` (or `number`, as the English export says) → `GEB001_anzahl`, in `1000 t` →
/// `GEB001_1000t`: letters and digits only, short, the same in both languages.
#[must_use]
pub fn code_in_unit(code: &str, unit: &str) -> String {
    let suffix: String = match unit.trim().to_lowercase().as_str() {
        "%" | "prozent" | "percent" => "pct".to_owned(),
        "anzahl" | "number" => "anzahl".to_owned(),
        "" => return code.to_owned(),
        other => other
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(8)
            .collect(),
    };
    let suffix = if suffix.is_empty() {
        "unit".to_owned()
    } else {
        suffix
    };
    format!("{code}_{suffix}")
}

/// The level of a GENESIS regional variable, `None` for any other variable: the codes of
/// GENESIS-Online (`DINSG`, `DLAND` and its variants with the rest, the sea ports or abroad,
/// `REGBEZ`, `KREISE`), of the Regionaldatenbank (`GEMEIN`, the `F…` and `P…` selections,
/// `FAMTGEM`, `GRSTADT`, `NUTS-2`), of the legacy export (`DINSGF`: Germany, the former
/// Bundesgebiet and the Neue Länder) and of the Zensus database (`GEO` + level + number:
/// `GEODL1`, `GEOBL3`, `GEOLK4`, `GEOVB4`, `GEOGM4` …).
///
/// `FDINSG` (the Flächenländer together) is none: it is no region with a key of its own.
#[must_use]
pub fn regional_level(variable_code: &str) -> Option<RegionLevel> {
    Some(match variable_code.trim() {
        "DINSG" | "DINSGF" | "DG" | "STAAT" => RegionLevel::Country,
        "DLAND" | "DLANDR" | "DLANDS" | "DLANDU" | "DLANDX" | "FDLAND" => RegionLevel::State,
        "REGBEZ" | "FREGBEZ" | "NUTS-2" => RegionLevel::AdministrativeDistrict,
        "KREISE" | "FKREISE" => RegionLevel::County,
        "GEMEIN" | "FGEMEIN" | "PGEMEIN" | "PGEM-2DI" | "FAMTGEM" | "GEMVB" | "GRSTADT" => {
            RegionLevel::Municipality
        }
        // The Zensus database names its regional variables GEO + level + number.
        code if code.starts_with("GEO") && code.len() <= 7 => match code.get(3..5) {
            Some("DL") => RegionLevel::Country,
            Some("BL" | "LA" | "LD") => RegionLevel::State,
            Some("RB") => RegionLevel::AdministrativeDistrict,
            Some("KR" | "LK") => RegionLevel::County,
            // Gemeinden, Gemeindeverbände and the Bezirke of Berlin and Hamburg.
            Some("GM" | "GE" | "VB" | "BZ") => RegionLevel::Municipality,
            _ => return None,
        },
        _ => return None,
    })
}

/// The region a regional variable's member names: its key and level. An empty member of
/// a country-wide variable is Germany (`DG`); an official key says its own level (a
/// Gemeinde `03241001` listed among the Kreise is a Gemeinde); `DF` and `DN` (the former
/// Bundesgebiet, the Neue Länder) are parts of Germany. A numbered member that is no
/// official key (`17` Stadtstaaten, `18` Summe der Länder in `DLANDU`) is keyed with its
/// variable (`DLANDU-17`), so that it never meets a city's district 17.
fn region_of(variable: &str, member: &str, level: RegionLevel) -> (String, RegionLevel) {
    if member.is_empty() && level == RegionLevel::Country {
        return ("DG".to_owned(), RegionLevel::Country);
    }
    if let Some(own) = level_of_official_key(member) {
        return (member.to_owned(), own);
    }
    if !member.is_empty() && member.bytes().all(|b| b.is_ascii_digit()) {
        return (format!("{variable}-{member}"), level);
    }
    (member.to_owned(), level)
}

/// Turns one record into a row, or says what is wrong (with the column, 1-based). In the
/// legacy layout `value` names the value column the row is for.
pub fn row(
    layout: &Layout,
    value: Option<&ValueColumn>,
    line: u64,
    cells: &csv::StringRecord,
    out: &mut RowSpec,
) -> Result<(), (Option<usize>, String)> {
    let cell = |index: usize| cells.get(index).map_or("", |c| c.trim());
    let value_index = value.map_or(layout.value, |v| v.index);
    if cells.len() <= value_index {
        return Err((
            None,
            crate::t!(
                "import.row.too_few_fields",
                found = cells.len(),
                expected = value_index + 1
            ),
        ));
    }
    out.clear();
    out.line = line;
    let unit = value.map_or_else(|| layout.unit.map_or("", cell), |v| v.unit.as_str());
    let value_code = value.map_or_else(|| layout.value_code.map_or("", cell), |v| v.code.as_str());
    let split = layout.split_units.contains(value_code);
    let value_code = if split {
        code_in_unit(value_code, unit)
    } else {
        value_code.to_owned()
    };
    let statistics = cell(layout.statistics_code);
    out.indicator_code = if value_code.is_empty() {
        statistics.to_owned()
    } else {
        format!("{statistics}:{value_code}")
    };
    let value_label =
        value.map_or_else(|| layout.value_label.map_or("", cell), |v| v.label.as_str());
    let statistics_label = cell(layout.statistics_label);
    out.indicator_name = match (value_label.is_empty(), split) {
        (true, _) => statistics_label.to_owned(),
        (false, true) => format!("{value_label} ({unit})"),
        (false, false) => value_label.to_owned(),
    };
    unit.clone_into(&mut out.unit);
    out.source = format!("GENESIS {statistics} {statistics_label}");
    out.period = breakdown(layout, &cell, out)?;
    cell(value_index).clone_into(&mut out.value);
    out.value_column = value_index + 1;
    value
        .map_or(layout.quality, |v| v.quality)
        .map_or("", cell)
        .clone_into(&mut out.quality);
    Ok(())
}

/// Reads a row's variables: the region, the breakdown's parts and the period (quarters and
/// months folded into it), or says what is wrong.
fn breakdown<'c>(
    layout: &Layout,
    cell: &impl Fn(usize) -> &'c str,
    out: &mut RowSpec,
) -> Result<String, (Option<usize>, String)> {
    let mut period = cell(layout.time).to_owned();
    let mut region_level = None;
    for [code, label, attribute, attribute_label] in &layout.variables {
        let variable = cell(*code);
        let member = cell(*attribute);
        if let Some(level) = regional_level(variable).filter(|_| region_level.is_none()) {
            if member.is_empty() && level != RegionLevel::Country {
                return Err((
                    Some(attribute + 1),
                    crate::t!(
                        "import.genesis.no_region_key",
                        variable = variable,
                        label = cell(*label)
                    ),
                ));
            }
            let (key, level) = region_of(variable, member, level);
            region_level = Some(level);
            out.region_key = key;
            cell(*attribute_label).clone_into(&mut out.region_name);
            out.region_level = Some(level);
            continue;
        }
        // Quarters and months are folded into the period, as planners chart them.
        if let (true, Some(number)) = (variable == "QUARTG", member.strip_prefix("QUART"))
            && period.len() == 4
        {
            period = format!("{period}-Q{number}");
            continue;
        }
        if let (true, Some(number)) = (variable == "MONAT", member.strip_prefix("MONAT"))
            && period.len() == 4
        {
            period = format!("{period}-{number}");
            continue;
        }
        if member.is_empty() {
            continue; // The dimension's total.
        }
        out.push_part(variable, cell(*label), member, cell(*attribute_label));
    }
    if region_level.is_none() {
        let variables = layout
            .variables
            .iter()
            .map(|[code, ..]| cell(*code))
            .filter(|code| !code.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        return Err((
            None,
            crate::t!("import.genesis.no_region", variables = variables),
        ));
    }
    Ok(period)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Options, Progress, Report, import_file};
    use crate::store::Store;
    use std::fmt::Write as _;

    const HEADER_1: &str = "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label";

    fn layout(header: &str) -> Layout {
        let header: Vec<String> = header.split(';').map(str::to_owned).collect();
        Layout::from_header(&header).unwrap()
    }

    /// The row of one record of a one-variable file.
    fn read(record: &str) -> Result<RowSpec, (Option<usize>, String)> {
        let mut spec = RowSpec::default();
        let cells = csv::StringRecord::from(record.split(';').collect::<Vec<_>>());
        row(&layout(HEADER_1), None, 2, &cells, &mut spec).map(|()| spec)
    }

    fn region(variable: &str, member: &str) -> (String, Option<RegionLevel>) {
        let spec = read(&format!(
            "99999;Test;JAHR;Jahr;2022;{variable};Gebiet;{member};Name;1;Anzahl;X01;Wert"
        ))
        .unwrap();
        (spec.region_key, spec.region_level)
    }

    #[test]
    fn a_flat_file_name_gives_its_table_code() {
        let code = |name| table_code_of_file_name(name);
        assert_eq!(
            code("12411-01-01-4_de_flat.csv").as_deref(),
            Some("12411-01-01-4")
        );
        assert_eq!(
            code("11111-02-01-4_1749623349088_de_flat.csv").as_deref(),
            Some("11111-02-01-4")
        );
        assert_eq!(
            code("1000A-2022_en_flat.csv").as_deref(),
            Some("1000A-2022")
        );
        assert_eq!(code("bevoelkerung.csv"), None);
        assert_eq!(code("12411_flat.csv"), None);
        assert_eq!(code("a b_de_flat.csv"), None);
    }

    #[test]
    fn every_regional_variable_of_the_family_is_read_with_its_level() {
        use RegionLevel::{AdministrativeDistrict, Country, County, Municipality, State};
        for (code, level) in [
            ("DINSG", Country),
            ("DINSGF", Country),
            ("GEODL1", Country),
            ("GEODL3", Country),
            ("DLAND", State),
            ("DLANDU", State),
            ("DLANDR", State),
            ("DLANDX", State),
            ("FDLAND", State),
            ("GEOBL1", State),
            ("GEOBL3", State),
            ("GEOLA1", State),
            ("REGBEZ", AdministrativeDistrict),
            ("FREGBEZ", AdministrativeDistrict),
            ("GEORB1", AdministrativeDistrict),
            ("KREISE", County),
            ("FKREISE", County),
            ("GEOLK4", County),
            ("GEMEIN", Municipality),
            ("FGEMEIN", Municipality),
            ("GEOGM1", Municipality),
            ("GEOGM4", Municipality),
            ("GEOVB4", Municipality),
            ("GEOBZ1", Municipality),
        ] {
            assert_eq!(regional_level(code), Some(level), "{code}");
        }
        for code in ["GES", "HERKLD", "QUARTG", "FDINSG", "GEOGRAF", "GEBEN1", ""] {
            assert_eq!(regional_level(code), None, "{code}");
        }
    }

    #[test]
    fn a_member_s_key_says_its_region_and_level() {
        use RegionLevel::{Country, County, Municipality, State};
        assert_eq!(region("DLANDU", "08"), ("08".into(), Some(State)));
        assert_eq!(
            region("DLANDU", "DG"),
            ("DG".into(), Some(Country)),
            "Germany among the Länder"
        );
        assert_eq!(
            region("DLANDU", "17"),
            ("DLANDU-17".into(), Some(State)),
            "Stadtstaaten: no Land 17, and never a city's district 17"
        );
        assert_eq!(region("DINSGF", "DF"), ("DF".into(), Some(Country)));
        assert_eq!(region("DINSGF", "DN"), ("DN".into(), Some(Country)));
        assert_eq!(region("DINSG", ""), ("DG".into(), Some(Country)));
        assert_eq!(region("KREISE", "09178"), ("09178".into(), Some(County)));
        assert_eq!(
            region("KREISE", "03241001"),
            ("03241001".into(), Some(Municipality)),
            "a Gemeinde among the Kreise"
        );
        assert_eq!(
            region("GEOGM4", "031590016016"),
            ("031590016016".into(), Some(Municipality))
        );
    }

    #[test]
    fn a_row_without_a_region_says_why_and_where() {
        let (column, message) =
            read("99999;Test;JAHR;Jahr;2022;DLAND;Bundesländer;;Insgesamt;1;Anzahl;X01;Wert")
                .unwrap_err();
        assert_eq!(column, Some(8), "the attribute code's column");
        assert!(message.contains("DLAND"), "{message}");
        let (column, message) =
            read("99999;Test;JAHR;Jahr;2022;GES;Geschlecht;GESM;männlich;1;Anzahl;X01;Wert")
                .unwrap_err();
        assert_eq!(column, None);
        assert!(message.contains("GES"), "names what the row has: {message}");
    }

    #[test]
    fn the_decimal_mark_is_read_from_the_values_alone() {
        // Modelled on the English flat export of 51000-0010: labels with points, few
        // numbers among many `-`.
        let dir = tempfile::tempdir().unwrap();
        let mut text = format!("{HEADER_1}\n");
        for _ in 0..20 {
            text.push_str("51000;Foreign trade;JAHR;Year;2024;WAM4;Commodity Class. Foreign Trade Stat.(4-digit cod.;WA0101;Horses, asses;-;t;GEWA;Weight\n");
        }
        text.push_str("51000;Foreign trade;JAHR;Year;2024;WAM4;Commodity Class. Foreign Trade Stat.(4-digit cod.;WA0102;Bovine animals;19.6;t;GEWA;Weight\n");
        let path = dir.path().join("51000_en.csv");
        std::fs::write(&path, &text).unwrap();
        let (detected, _) = crate::import::detect(&path, &Options::default()).unwrap();
        assert_eq!(detected.decimal, crate::import::values::Decimal::Point);
        std::fs::write(&path, text.replace("19.6", "19,6")).unwrap();
        let (detected, _) = crate::import::detect(&path, &Options::default()).unwrap();
        assert_eq!(detected.decimal, crate::import::values::Decimal::Comma);
    }

    #[test]
    fn a_unit_makes_a_short_plain_suffix() {
        assert_eq!(code_in_unit("GEB001", "%"), "GEB001_pct");
        assert_eq!(code_in_unit("GEB001", "Anzahl"), "GEB001_anzahl");
        assert_eq!(
            code_in_unit("GEB001", "number"),
            "GEB001_anzahl",
            "the English export names the same unit"
        );
        assert_eq!(code_in_unit("ABFALL1A", "1000 t"), "ABFALL1A_1000t");
        assert_eq!(code_in_unit("X", "€"), "X_unit");
        assert_eq!(code_in_unit("X", ""), "X");
    }

    fn import(store: &mut Store, dir: &Path, name: &str, text: &str) -> Report {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let progress = std::sync::Arc::new(Progress::default());
        import_file(store, &path, &Options::default(), &progress).unwrap()
    }

    fn query<T: rusqlite::types::FromSql>(store: &Store, sql: &str) -> Vec<T> {
        let mut statement = store.conn().prepare(sql).unwrap();
        statement
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// Modelled on the Zensus 2022 database's table 3000G-1008: each cell twice, a share
    /// and a count (numbers made up).
    const TWO_UNITS: &str = "\u{feff}statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;2_variable_attribute_code;2_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label\n\
3000G;Gebäude;STAG;Stichtag;2022-05-15;GEODL1;Deutschland;DG;Deutschland;GEBEN1;Heizung;ENERG-GAS;Gas;50,5;%;GEB001;Gebäude mit Wohnraum\n\
3000G;Gebäude;STAG;Stichtag;2022-05-15;GEODL1;Deutschland;DG;Deutschland;GEBEN1;Heizung;ENERG-GAS;Gas;1010;Anzahl;GEB001;Gebäude mit Wohnraum\n\
3000G;Gebäude;STAG;Stichtag;2022-05-15;GEODL1;Deutschland;DG;Deutschland;GEBEN1;Heizung;;Insgesamt;100,0;%;GEB001;Gebäude mit Wohnraum\n\
3000G;Gebäude;STAG;Stichtag;2022-05-15;GEODL1;Deutschland;DG;Deutschland;GEBEN1;Heizung;;Insgesamt;2000;Anzahl;GEB001;Gebäude mit Wohnraum\n\
3000G;Gebäude;STAG;Stichtag;2022-05-15;GEODL1;Deutschland;DG;Deutschland;GEBEN1;Heizung;;Insgesamt;7;Anzahl;GEB002;Gebäude ohne Wohnraum\n";

    #[test]
    fn a_variable_in_two_units_is_two_indicators() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let report = import(&mut store, dir.path(), "3000G.csv", TWO_UNITS);
        assert_eq!(
            (report.inserted, report.rejected),
            (5, 0),
            "{:?}",
            report.problems
        );
        let indicators: Vec<String> = query(
            &store,
            "SELECT code || ' ' || name || ' ' || unit FROM indicator ORDER BY code",
        );
        assert_eq!(
            indicators,
            [
                "3000G:GEB001_anzahl Gebäude mit Wohnraum (Anzahl) Anzahl",
                "3000G:GEB001_pct Gebäude mit Wohnraum (%) %",
                "3000G:GEB002 Gebäude ohne Wohnraum Anzahl",
            ],
            "a variable in one unit keeps its code"
        );
        let gas: Vec<f64> = query(
            &store,
            "SELECT o.value FROM observation o JOIN indicator i ON i.id = o.indicator_id WHERE i.code LIKE '3000G:GEB001%' ORDER BY i.code, o.value",
        );
        assert_eq!(gas, [1010.0, 2000.0, 50.5, 100.0]);
    }

    #[test]
    fn the_same_cell_twice_in_one_unit_is_still_a_conflict() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let text = TWO_UNITS.replace(";1010;Anzahl;", ";1010;%;");
        let report = import(&mut store, dir.path(), "3000G.csv", &text);
        assert!(report.rejected >= 2, "{:?}", report.problems);
    }

    /// The legacy flat export: German column names, a value column per value variable with
    /// its quality column, and `DINSGF` for Germany and its two parts.
    const LEGACY_PARTS: &str = "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;ERW006__Arbeitslose__Anzahl;ERW006__Arbeitslose__q\n\
13211;Arbeitsmarkt;JAHR;Jahr;1995;DINSGF;Deutschland, Gebietsteile;DG;Deutschland;3600;p\n\
13211;Arbeitsmarkt;JAHR;Jahr;1995;DINSGF;Deutschland, Gebietsteile;DF;Früheres Bundesgebiet;2400;\n\
13211;Arbeitsmarkt;JAHR;Jahr;1995;DINSGF;Deutschland, Gebietsteile;DN;Neue Länder;1200;\n";

    #[test]
    fn germany_and_its_parts_from_the_legacy_export() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let report = import(&mut store, dir.path(), "13211.csv", LEGACY_PARTS);
        assert_eq!(
            (report.inserted, report.rejected),
            (3, 0),
            "{:?}",
            report.problems
        );
        let tree: Vec<String> = query(
            &store,
            "SELECT r.key || ' ' || r.level || ' ' || coalesce(p.key, '-') FROM region r LEFT JOIN region p ON p.id = r.parent_id ORDER BY r.key",
        );
        assert_eq!(tree, ["DF country DG", "DG country -", "DN country DG"]);
        let indicators: Vec<String> = query(&store, "SELECT code FROM indicator");
        assert_eq!(
            indicators,
            ["13211:ERW006"],
            "the quality column is no indicator"
        );
        let flag: Vec<String> = query(
            &store,
            "SELECT o.quality FROM observation o JOIN region r ON r.id = o.region_id WHERE r.key = 'DG'",
        );
        assert_eq!(flag, ["p"]);
    }

    fn flat(variable: &str, rows: &[(&str, &str)]) -> String {
        let mut text = format!("{HEADER_1}\n");
        for (key, name) in rows {
            writeln!(
                text,
                "1000A;Bevölkerung;STAG;Stichtag;2022-05-15;{variable};Gebiete;{key};{name};1;Anzahl;PRS001;Personen"
            )
            .unwrap();
        }
        text
    }

    fn parents(store: &Store) -> Vec<String> {
        query(
            store,
            "SELECT r.key || ' ' || coalesce(p.key, '-') FROM region r LEFT JOIN region p ON p.id = r.parent_id ORDER BY r.key",
        )
    }

    #[test]
    fn zensus_keys_build_the_tree_whichever_level_comes_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let gemeinden = flat(
            "GEOGM4",
            &[
                ("031590016016", "Göttingen, Stadt"),
                ("031595308001", "Adelebsen, Stadt"),
            ],
        );
        import(&mut store, dir.path(), "gemeinden.csv", &gemeinden);
        let kreise = flat("GEOLK4", &[("03159", "Göttingen, Landkreis")]);
        import(&mut store, dir.path(), "kreise.csv", &kreise);
        // Göttingen's Gemeindeverband, Kreis, statistical region and Land come from the
        // shipped list; Adelebsen's old key names a Verband the list no longer holds.
        assert_eq!(
            parents(&store),
            [
                "03 -",
                "031 03",
                "03159 031",
                "031590016 03159",
                "031590016016 031590016",
                "031595308001 03159"
            ],
            "the Gemeinden stand in the official tree"
        );
        let verbaende = flat("GEOVB4", &[("031595308", "Adelebsen, Flecken")]);
        import(&mut store, dir.path(), "verbaende.csv", &verbaende);
        let laender = flat("GEOBL1", &[("03", "Niedersachsen")]);
        import(&mut store, dir.path(), "laender.csv", &laender);
        assert_eq!(
            parents(&store),
            [
                "03 -",
                "031 03",
                "03159 031",
                "031590016 03159",
                "031590016016 031590016",
                "031595308 03159",
                "031595308001 031595308",
            ],
            "the Gemeinde imported first moves under its Verband"
        );
    }

    #[test]
    fn a_region_placed_by_hand_stays_where_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        import(
            &mut store,
            dir.path(),
            "a.csv",
            &flat(
                "GEOGM4",
                &[("031590016016", "Göttingen"), ("03", "Niedersachsen")],
            ),
        );
        // Someone put Göttingen under a planning region of their own.
        let own = import(
            &mut store,
            dir.path(),
            "own.csv",
            "Kennzahl;Gebiet;Jahr;Wert\nA;Planungsraum Süd;2020;1\n",
        );
        assert_eq!(own.rejected, 0);
        store
            .conn()
            .execute(
                "UPDATE region SET parent_id = (SELECT id FROM region WHERE key = 'Planungsraum Süd') WHERE key = '031590016016'",
                [],
            )
            .unwrap();
        import(
            &mut store,
            dir.path(),
            "b.csv",
            &flat("GEOLK4", &[("03159", "Göttingen, Landkreis")]),
        );
        let parent: Vec<String> = query(
            &store,
            "SELECT p.key FROM region r JOIN region p ON p.id = r.parent_id WHERE r.key = '031590016016'",
        );
        assert_eq!(parent, ["Planungsraum Süd"]);
    }

    #[test]
    fn an_ars_finds_the_gemeinde_the_project_holds_by_its_ags() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        import(
            &mut store,
            dir.path(),
            "gemein.csv",
            &flat("GEMEIN", &[("03159016", "Göttingen, Stadt")]),
        );
        let report = import(
            &mut store,
            dir.path(),
            "zensus.csv",
            &flat("GEOGM4", &[("031590016016", "Göttingen, Stadt")]),
        );
        assert_eq!(report.rejected, 0, "{:?}", report.problems);
        let gemeinden = "SELECT key FROM region WHERE length(key) IN (8, 12)";
        let keys: Vec<String> = query(&store, gemeinden);
        assert_eq!(
            keys,
            ["03159016"],
            "one Gemeinde, under the key it had first"
        );
        import(
            &mut store,
            dir.path(),
            "dg.csv",
            &flat("GEODL1", &[("DG", "Deutschland")]),
        );
        assert_eq!(
            parents(&store),
            [
                "03 DG",
                "031 03",
                "03159 031",
                "031590016 03159",
                "03159016 031590016",
                "DG -"
            ],
            "Germany, brought later, takes the Land in"
        );
        let mut store = crate::store::testing::store();
        import(
            &mut store,
            dir.path(),
            "zensus.csv",
            &flat("GEOGM4", &[("031590016016", "Göttingen, Stadt")]),
        );
        import(
            &mut store,
            dir.path(),
            "gemein.csv",
            &flat("GEMEIN", &[("03159016", "Göttingen, Stadt")]),
        );
        let keys: Vec<String> = query(&store, gemeinden);
        assert_eq!(keys, ["031590016016"]);
    }

    #[test]
    fn dlandu_s_sums_are_no_laender() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let text = flat(
            "DLANDU",
            &[
                ("DG", "Deutschland"),
                ("08", "Baden-Württemberg"),
                ("17", "Stadtstaaten"),
                ("18", "Summe der Länder"),
            ],
        );
        let report = import(&mut store, dir.path(), "86121.csv", &text);
        assert_eq!(
            (report.inserted, report.rejected),
            (4, 0),
            "{:?}",
            report.problems
        );
        assert_eq!(
            parents(&store),
            ["08 DG", "DG -", "DLANDU-17 -", "DLANDU-18 -"]
        );
    }
}
