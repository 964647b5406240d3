//! GENESIS-Online and Regionaldatenbank "flat" CSV:
//! `statistics_code;statistics_label;time_code;time_label;time;` then N groups
//! `k_variable_code;k_variable_label;k_variable_attribute_code;k_variable_attribute_label`,
//! then `value;value_unit;value_variable_code;value_variable_label`, optionally `value_q`.
//!
//! The legacy flat layout many planners still have on disk names the same columns in
//! German (`Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;`,
//! `k_Merkmal_Code;k_Merkmal_Label;k_Auspraegung_Code;k_Auspraegung_Label`) and has one
//! value column per value variable, named `CODE__Label__Unit`
//! (`ERW006__Arbeitslose__Anzahl`): each is an indicator.

use super::RowSpec;
use crate::model::RegionLevel;

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
}

/// A legacy flat file's value column `CODE__Label__Unit`: one value variable.
#[derive(Clone, Debug)]
pub struct ValueColumn {
    index: usize,
    code: String,
    label: String,
    unit: String,
}

impl ValueColumn {
    /// The column of a header cell `CODE__Label__Unit` (the unit may be missing).
    fn from_header(index: usize, header: &str) -> Option<ValueColumn> {
        let mut parts = header.trim().split("__");
        let code = parts.next()?.trim();
        let label = parts.next()?.trim();
        if code.is_empty() || label.is_empty() {
            return None;
        }
        Some(ValueColumn {
            index,
            code: code.to_owned(),
            label: label.to_owned(),
            unit: parts.next().unwrap_or_default().trim().to_owned(),
        })
    }
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
        let legacy: Vec<ValueColumn> = header
            .iter()
            .enumerate()
            .filter_map(|(index, h)| ValueColumn::from_header(index, h))
            .collect();
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
        })
    }

    /// The legacy layout's value columns, each an indicator; empty for the current layout,
    /// whose one value column names its value variable in every row.
    #[must_use]
    pub fn value_columns(&self) -> &[ValueColumn] {
        &self.legacy
    }
}

/// The level of a GENESIS regional variable, `None` for any other variable.
#[must_use]
pub fn regional_level(variable_code: &str) -> Option<RegionLevel> {
    Some(match variable_code {
        "DINSG" | "GEODL1" | "STAAT" => RegionLevel::Country,
        "DLAND" | "GEOLA1" => RegionLevel::State,
        "REGBEZ" | "GEORB1" => RegionLevel::AdministrativeDistrict,
        "KREISE" | "GEOKR1" => RegionLevel::County,
        "GEMEIN" | "GEOGM1" | "GEMVB" => RegionLevel::Municipality,
        // The Zensus 2022 tables name their regional variables GEO + level + number.
        code if code.starts_with("GEO") => match code.get(3..5) {
            Some("DL") => RegionLevel::Country,
            Some("BL" | "LA" | "LD") => RegionLevel::State,
            Some("RB") => RegionLevel::AdministrativeDistrict,
            Some("KR") => RegionLevel::County,
            Some("GM" | "GE" | "VB") => RegionLevel::Municipality,
            _ => return None,
        },
        _ => return None,
    })
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
    let value_code = value.map_or_else(|| layout.value_code.map_or("", cell), |v| v.code.as_str());
    let statistics = cell(layout.statistics_code);
    out.indicator_code = if value_code.is_empty() {
        statistics.to_owned()
    } else {
        format!("{statistics}:{value_code}")
    };
    let value_label =
        value.map_or_else(|| layout.value_label.map_or("", cell), |v| v.label.as_str());
    let statistics_label = cell(layout.statistics_label);
    out.indicator_name = if value_label.is_empty() {
        statistics_label.to_owned()
    } else {
        value_label.to_owned()
    };
    value
        .map_or_else(|| layout.unit.map_or("", cell), |v| v.unit.as_str())
        .clone_into(&mut out.unit);
    out.source = format!("GENESIS {statistics} {statistics_label}");
    let mut period = cell(layout.time).to_owned();
    let mut region_level = None;
    for [code, label, attribute, attribute_label] in &layout.variables {
        let variable = cell(*code);
        let member = cell(*attribute);
        if let Some(level) = regional_level(variable).filter(|_| region_level.is_none()) {
            region_level = Some(level);
            out.region_key = if member.is_empty() && level == RegionLevel::Country {
                "DG".to_owned()
            } else {
                member.to_owned()
            };
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
        return Err((None, crate::t!("import.genesis.no_region").to_owned()));
    }
    out.period = period;
    cell(value_index).clone_into(&mut out.value);
    out.value_column = value_index + 1;
    layout.quality.map_or("", cell).clone_into(&mut out.quality);
    Ok(())
}
