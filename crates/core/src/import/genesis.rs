//! GENESIS-Online and Regionaldatenbank "flat" CSV:
//! `statistics_code;statistics_label;time_code;time_label;time;` then N groups
//! `k_variable_code;k_variable_label;k_variable_attribute_code;k_variable_attribute_label`,
//! then `value;value_unit;value_variable_code;value_variable_label`, optionally `value_q`.

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
}

impl Layout {
    /// The layout of a header, or what is missing.
    pub fn from_header(header: &[String]) -> Result<Layout, String> {
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
        })
    }
}

/// The level of a GENESIS regional variable, `None` for any other variable.
#[must_use]
pub fn regional_level(variable_code: &str) -> Option<RegionLevel> {
    Some(match variable_code {
        "DINSG" | "GEODL1" | "STAAT" => RegionLevel::Country,
        "DLAND" | "GEOLA1" => RegionLevel::State,
        "REGBEZ" | "GEORB1" | "KREISE" | "GEOKR1" => RegionLevel::County,
        "GEMEIN" | "GEOGM1" | "GEMVB" => RegionLevel::Municipality,
        // The Zensus 2022 tables name their regional variables GEO + level + number.
        code if code.starts_with("GEO") => match code.get(3..5) {
            Some("DL") => RegionLevel::Country,
            Some("BL" | "LA" | "LD") => RegionLevel::State,
            Some("RB" | "KR") => RegionLevel::County,
            Some("GM" | "GE" | "VB") => RegionLevel::Municipality,
            _ => return None,
        },
        _ => return None,
    })
}

/// Turns one record into a row, or says what is wrong (with the column, 1-based).
pub fn row(
    layout: &Layout,
    line: u64,
    cells: &csv::StringRecord,
    out: &mut RowSpec,
) -> Result<(), (Option<usize>, String)> {
    let cell = |index: usize| cells.get(index).map_or("", |c| c.trim());
    if cells.len() <= layout.value {
        return Err((
            None,
            crate::t!(
                "import.row.too_few_fields",
                found = cells.len(),
                expected = layout.value + 1
            ),
        ));
    }
    out.clear();
    out.line = line;
    let value_code = layout.value_code.map_or("", cell);
    let statistics = cell(layout.statistics_code);
    out.indicator_code = if value_code.is_empty() {
        statistics.to_owned()
    } else {
        format!("{statistics}:{value_code}")
    };
    let value_label = layout.value_label.map_or("", cell);
    let statistics_label = cell(layout.statistics_label);
    out.indicator_name = if value_label.is_empty() {
        statistics_label.to_owned()
    } else {
        value_label.to_owned()
    };
    layout.unit.map_or("", cell).clone_into(&mut out.unit);
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
    cell(layout.value).clone_into(&mut out.value);
    out.value_column = layout.value + 1;
    layout.quality.map_or("", cell).clone_into(&mut out.quality);
    Ok(())
}
