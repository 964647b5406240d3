//! Planners' own spreadsheets: column roles from header names (German and English) or
//! from `--map role=Column,…`.

pub use super::columns::{ColumnSample, complete_roles, member_dimension, region_by_values};
use super::roles::is_region_key_header;
pub use super::roles::{Role, Roles};
use super::values::any_period_code;

/// The levels of a city's tree that level columns name, top down (Berlin's LOR).
const LEVEL_RANKS: &[&[&str]] = &[
    &["bez", "bezirk"],
    &["pgr", "prognoseraum", "prognoseraum_id"],
    &["bzr", "bezirksregion", "bezirksregion_id"],
    &["plr", "planungsraum"],
];

/// Where a level column stands in [`LEVEL_RANKS`]; other groupings (`STADTRAUM`) after.
fn level_rank(header: &str) -> usize {
    let name = header.trim().to_lowercase().replace(['-', ' '], "_");
    LEVEL_RANKS
        .iter()
        .position(|names| names.contains(&name.as_str()))
        .unwrap_or(LEVEL_RANKS.len())
}

/// Whether a header names a key without saying of what (`Nr`, `Schlüssel`): a region's
/// key when it stands beside a column naming regions.
fn is_plain_key_header(header: &str) -> bool {
    matches!(
        header.trim().to_lowercase().trim_end_matches('.'),
        "nr" | "nummer" | "schlüssel" | "schluessel" | "kennziffer" | "key" | "code" | "no"
    )
}

/// Whether a header names regions by name (`Stadtteil`, `Gebiet`): the region's name when
/// another column holds its key.
fn is_region_word(name: &str) -> bool {
    matches!(
        name.trim().to_lowercase().replace(['-', ' '], "_").as_str(),
        "gebiet"
            | "stadtteil"
            | "stadtbezirk"
            | "bezirk"
            | "ortsteil"
            | "raum"
            | "planungsraum"
            | "sozialraum"
            | "quartier"
            | "district"
            | "region"
    )
}

/// Roles from the header alone.
#[must_use]
pub fn roles_from_header(header: &[String]) -> Roles {
    roles_with_map(header, &[]).unwrap_or_default()
}

/// Roles from `--map` first, then from header names; the rest are breakdowns (or, in a
/// sheet without a value column, period columns). An unknown column in the map is an error
/// naming the columns there are.
pub fn roles_with_map(header: &[String], map: &[(Role, String)]) -> Result<Roles, String> {
    let mut roles = Roles::default();
    let mut dimension = None;
    for (role, name) in map {
        if *role == Role::MemberDimension {
            dimension = Some(name.trim().to_owned()).filter(|n| !n.is_empty());
            continue;
        }
        let Some(column) = header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
        else {
            return Err(crate::t!(
                "import.map.unknown_column",
                column = name,
                columns = header.join(", ")
            ));
        };
        roles.set(*role, column);
    }
    if !roles.members.is_empty() {
        roles.member_dimension =
            member_dimension(roles.members.iter().map(|&c| header[c].as_str()));
    }
    if let Some(name) = dimension {
        roles.member_dimension.clone_from(&name);
        roles.named_dimension = Some(name);
    }
    // A column named for a region's key wins the region role; a column naming regions
    // (`Stadtteil` beside `Stadtteilnummer`) then holds their names.
    for (column, name) in header.iter().enumerate() {
        let key = name.trim().to_lowercase().replace(['-', ' '], "_");
        if !roles.assigned(column) && roles.region.is_none() && is_region_key_header(&key) {
            roles.set(Role::Region, column);
        }
    }
    // A plain key column (`Nr`, `Schlüssel`, `Kennziffer`) right beside a column naming
    // regions (`Stadtteil`) keys them; that column then holds their names.
    if roles.region.is_none()
        && let Some(word) = header
            .iter()
            .position(|h| is_region_word(h) && Role::from_header(h) == Some(Role::Region))
        && let Some(column) = [word.checked_sub(1), Some(word + 1)]
            .into_iter()
            .flatten()
            .find(|&c| header.get(c).is_some_and(|h| is_plain_key_header(h)))
        && !roles.assigned(column)
    {
        roles.set(Role::Region, column);
    }
    // A bare `id` column keys the regions when nothing else does (`id,places,…`).
    if roles.region.is_none()
        && !header
            .iter()
            .any(|h| Role::from_header(h) == Some(Role::Region))
        && let Some(column) = header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case("id"))
        && !roles.assigned(column)
    {
        roles.set(Role::Region, column);
    }
    for (column, name) in header.iter().enumerate() {
        if roles.assigned(column) {
            continue;
        }
        match Role::from_header(name) {
            Some(Role::Region) if roles.region.is_some() && is_region_word(name) => {
                roles.set(Role::RegionName, column);
            }
            Some(role) => roles.set(role, column),
            None => {}
        }
    }
    for (column, name) in header.iter().enumerate() {
        if roles.assigned(column) || name.trim().is_empty() {
            continue;
        }
        if roles.value.is_none() && any_period_code(name).is_some() {
            roles.period_columns.push(column);
        } else {
            roles.breakdowns.push(column);
        }
    }
    // Levels top down (Berlin's Bezirk, Prognoseraum, Bezirksregion, Planungsraum), and
    // without a key column of their own the lowest is the row's region.
    roles
        .levels
        .sort_by_key(|&column| level_rank(&header[column]));
    if roles.region.is_none()
        && let Some(lowest) = roles
            .levels
            .iter()
            .rposition(|&column| level_rank(&header[column]) < LEVEL_RANKS.len())
    {
        roles.region = Some(roles.levels.remove(lowest));
    }
    // A level's names beside it (`BZR_NAME`) name its regions; they are no breakdown.
    let normal = |h: &str| h.trim().to_lowercase().replace(['-', ' '], "_");
    roles.level_names = roles
        .levels
        .iter()
        .map(|&level| {
            let wanted = format!("{}_name", normal(&header[level]));
            let column = header.iter().position(|h| normal(h) == wanted)?;
            roles.breakdowns.retain(|&c| c != column);
            Some(column)
        })
        .collect();
    Ok(roles)
}

/// The roles as `--map` writes them (`indicator=Merkmal,region=Raum,member=0 bis unter 3`),
/// every column with a role named, so that a saved mapping gives the same roles whatever
/// detection would guess next time. Columns headed by periods need no name: they are found
/// on their own.
#[must_use]
pub fn roles_text(header: &[String], roles: &Roles) -> String {
    (0..header.len())
        .filter_map(|column| {
            let role = roles.role_of(column)?;
            if header[column].trim().is_empty() {
                return None;
            }
            Some(format!("{}={}", role.code(), header[column].trim()))
        })
        .chain(
            roles
                .named_dimension
                .iter()
                .map(|name| format!("{}={name}", Role::MemberDimension.code())),
        )
        .collect::<Vec<_>>()
        .join(",")
}

/// Where the values stand, in words, when not in one value column: columns that are
/// members of one breakdown, or indicators.
#[must_use]
pub fn values_note(roles: &Roles) -> Option<String> {
    if !roles.members.is_empty() {
        return Some(crate::t!(
            "import.values.members",
            count = roles.members.len(),
            dimension = roles.member_dimension
        ));
    }
    (!roles.indicator_columns.is_empty()).then(|| {
        crate::t!(
            "import.values.indicators",
            count = roles.indicator_columns.len()
        )
    })
}

/// Parses `indicator=Kennzahl,value=Wert,breakdown=Geschlecht`.
pub fn parse_map(text: &str) -> Result<Vec<(Role, String)>, String> {
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let Some((role, column)) = part.split_once('=') else {
                return Err(crate::t!("import.map.syntax", part = part));
            };
            let Some(role) = Role::from_code(role.trim()) else {
                return Err(crate::t!("import.map.unknown_role", role = role.trim()));
            };
            Ok((role, column.trim().to_owned()))
        })
        .collect()
}

/// What is wrong with a period cell no period was read from: a date that does not exist
/// (`2020_12_32`, `31.02.2023`) is named as such, with the day, month and year read; else
/// the forms Lernstadt reads are listed.
#[must_use]
pub fn period_problem(text: &str) -> String {
    let parts: Vec<&str> = text
        .trim()
        .split(['-', '_', '.', '/'])
        .filter(|p| !p.is_empty())
        .collect();
    let number = |p: &str| {
        (p.bytes().all(|b| b.is_ascii_digit()) && p.len() <= 4)
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let date = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => number(y).zip(number(m)).zip(number(d)),
        [d, m, y] if y.len() == 4 => number(y).zip(number(m)).zip(number(d)),
        _ => None,
    };
    match date {
        Some(((year, month), day)) => crate::t!(
            "import.row.impossible_date",
            period = text.trim(),
            day = day,
            month = month,
            year = year
        ),
        None => crate::t!("import.row.period", period = text),
    }
}

/// A region cell holding key and name (`91 Berg Fidel`, `1 Münster-Mitte`): the two parts.
#[must_use]
pub fn split_key_name(cell: &str) -> Option<(&str, &str)> {
    let (key, name) = cell.trim().split_once(' ')?;
    let name = name.trim();
    (key.len() <= 12
        && key.bytes().all(|b| b.is_ascii_digit())
        && name.chars().any(char::is_alphabetic))
    .then_some((key, name))
}

/// Whether a region cell names the whole city (`Gesamtstadt`, `Stadt insgesamt`,
/// `Münster. Gesamtstadt`): the region above the districts of the file.
#[must_use]
pub fn is_whole_city(cell: &str) -> bool {
    let lower = cell.trim().to_lowercase();
    lower.ends_with("gesamtstadt")
        || lower == "stadt insgesamt"
        || lower == "stadt gesamt"
        || lower == "gesamt"
        || lower == "insgesamt"
        || lower.ends_with("stadt insgesamt")
        || lower.ends_with(" gesamt")
        || lower.ends_with(" insgesamt")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn german_and_english_headers_get_roles() {
        let roles = roles_from_header(&header(&[
            "Kennzahl",
            "Stadtteil",
            "Jahr",
            "Geschlecht",
            "Wert",
            "Anmerkung",
        ]));
        assert_eq!(
            (
                roles.indicator,
                roles.region,
                roles.period,
                roles.value,
                roles.note
            ),
            (Some(0), Some(1), Some(2), Some(4), Some(5))
        );
        assert_eq!(roles.breakdowns, vec![3]);
        let roles = roles_from_header(&header(&["indicator", "district", "year", "value"]));
        assert_eq!(
            (roles.indicator, roles.region, roles.period, roles.value),
            (Some(0), Some(1), Some(2), Some(3))
        );
    }

    #[test]
    fn an_impossible_date_is_named_as_one() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        for (cell, day) in [
            ("2020_12_32", "day 32, month 12 of 2020"),
            ("31.02.2023", "day 31, month 2 of 2023"),
            ("2023-13-01", "day 1, month 13 of 2023"),
        ] {
            assert!(any_period_code(cell).is_none(), "{cell}");
            let message = period_problem(cell);
            assert!(message.contains(day), "{cell}: {message}");
        }
        for cell in ["Jahr 2020", "2020-Q5", "12/2020/x"] {
            assert!(period_problem(cell).contains("Write a year"), "{cell}");
        }
    }

    #[test]
    fn a_wide_sheet_has_period_columns() {
        let roles = roles_from_header(&header(&["Indikator", "Gebiet", "2019", "2020", "2021/22"]));
        assert_eq!(roles.period_columns, vec![2, 3, 4]);
        assert!(roles.breakdowns.is_empty());
    }

    #[test]
    fn the_map_overrides_headers() {
        let map = parse_map("indicator=KZ, value=Zahl, breakdown=Alter").unwrap();
        let roles =
            roles_with_map(&header(&["KZ", "Gebiet", "Jahr", "Alter", "Zahl"]), &map).unwrap();
        assert_eq!(
            (roles.indicator, roles.value, roles.breakdowns.clone()),
            (Some(0), Some(4), vec![3])
        );
        assert!(roles_with_map(&header(&["a"]), &parse_map("value=b").unwrap()).is_err());
        assert!(parse_map("wert=b").is_err());
        assert!(parse_map("value").is_err());
    }
}
