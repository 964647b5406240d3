//! Planners' own spreadsheets: column roles from header names (German and English) or
//! from `--map role=Column,…`.

use serde::Serialize;

pub use super::columns::{ColumnSample, complete_roles, member_dimension, region_by_values};
use super::values::any_period_code;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The indicator's code (or name).
    Indicator,
    /// The indicator's name, for indicators the import creates.
    IndicatorName,
    /// The indicator's unit, for indicators the import creates.
    Unit,
    /// The region's key (or name).
    Region,
    /// The region's name, for regions the import creates.
    RegionName,
    /// The period's code (a long sheet; a wide sheet has periods as column headers).
    Period,
    /// One breakdown dimension: the header names it, a cell names the member (empty or
    /// "insgesamt"/"total": the dimension's total).
    Breakdown,
    /// A canonical breakdown key (`GES=GESW;ALT=A25`), as Lernstadt exports it.
    BreakdownKey,
    /// Where the data comes from, for indicators the import creates.
    Source,
    /// The value: a number, a statistics symbol, or a number with a quality flag.
    Value,
    /// A statistics symbol for the value (`.`, `x`, `-` …).
    Symbol,
    /// A quality flag for the value (`p`, `r`, `e`, `s`).
    Quality,
    /// A note kept with the value.
    Note,
    /// A value column whose header names a member of one breakdown dimension (age groups
    /// as columns: `0 bis unter 3`, `3 bis unter 6`, …).
    Member,
    /// A value column whose header names an indicator (`places`, `daycare_centers`).
    IndicatorColumn,
    /// A column the import leaves out (coordinates, the city's name on every row).
    Ignore,
    /// The key of a region above the row's region, one level of the city's tree (Berlin's
    /// `BEZ` → `PGR` → `BZR` above a planning area): the columns in order, top down.
    Level,
    /// Not a column: the name of the dimension the member columns belong to
    /// (`member_dimension=Altersgruppe`).
    MemberDimension,
}

impl Role {
    /// Every role a user can give a column.
    pub const ALL: &'static [Role] = &[
        Role::Indicator,
        Role::IndicatorName,
        Role::Unit,
        Role::Region,
        Role::RegionName,
        Role::Period,
        Role::Breakdown,
        Role::Value,
        Role::Symbol,
        Role::Quality,
        Role::Note,
        Role::BreakdownKey,
        Role::Source,
        Role::Member,
        Role::IndicatorColumn,
        Role::Level,
        Role::Ignore,
    ];

    /// The role's name on the command line.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Role::Indicator => "indicator",
            Role::IndicatorName => "indicator_name",
            Role::Unit => "unit",
            Role::Region => "region",
            Role::RegionName => "region_name",
            Role::Period => "period",
            Role::Breakdown => "breakdown",
            Role::BreakdownKey => "breakdown_key",
            Role::Source => "source",
            Role::Value => "value",
            Role::Symbol => "symbol",
            Role::Quality => "quality",
            Role::Note => "note",
            Role::Member => "member",
            Role::IndicatorColumn => "indicator_column",
            Role::Ignore => "ignore",
            Role::Level => "level",
            Role::MemberDimension => "member_dimension",
        }
    }

    /// The role for its name on the command line.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Role> {
        if code == Role::MemberDimension.code() {
            return Some(Role::MemberDimension);
        }
        Role::ALL.iter().copied().find(|role| role.code() == code)
    }

    /// The role a header name suggests.
    #[must_use]
    pub fn from_header(header: &str) -> Option<Role> {
        let name = header.trim().to_lowercase().replace(['-', ' '], "_");
        Some(match name.as_str() {
            "indikator" | "kennzahl" | "indicator" | "indikatorcode" | "indikator_code"
            | "kennziffer" | "indicator_code" | "merkmal" | "variable" => Role::Indicator,
            "indikatorname" | "indikator_name" | "kennzahlname" | "bezeichnung"
            | "indicator_name" => Role::IndicatorName,
            "einheit" | "unit" | "maßeinheit" => Role::Unit,
            "gebiet" | "region" | "stadtteil" | "bezirk" | "district" | "regionalschlüssel"
            | "gebietsschlüssel" | "ags" | "ars" | "region_key" | "gebietskennziffer"
            | "stadtbezirk" | "raum" | "ortsteil" | "planungsraum" | "raumid" | "raum_id"
            | "sozialraum" | "quartier" => Role::Region,
            // `Stadtteilnummer`, `Bezirksnummer`, `Ortsteilnr`: a region's key.
            key if is_region_key_header(key) => Role::Region,
            "gebietsname" | "region_name" | "stadtteilname" | "bezirksname" | "district_name"
            | "name_des_gebiets" | "plr_name" | "planungsraum_name" => Role::RegionName,
            "jahr" | "zeitraum" | "stichtag" | "year" | "period" | "schuljahr" | "zeit"
            | "berichtsjahr" | "date" | "datum" => Role::Period,
            "wert" | "value" | "werte" | "anzahl_wert" | "anzahl" => Role::Value,
            "breakdown" | "untergliederung" | "aufgliederung" | "breakdown_key" => {
                Role::BreakdownKey
            }
            "quelle" | "source" | "datenquelle" => Role::Source,
            "zeichen" | "symbol" => Role::Symbol,
            // The levels of Berlin's planning areas (LOR) and their like.
            "bez" | "pgr" | "bzr" | "plr" | "prognoseraum" | "bezirksregion" | "stadtraum"
            | "bezirksregion_id" | "prognoseraum_id" => Role::Level,
            "qualität" | "qualitaet" | "quality" | "value_q" | "kennzeichen" => Role::Quality,
            "anmerkung" | "fußnote" | "fussnote" | "note" | "bemerkung" | "comment"
            | "kommentar" | "hinweis" => Role::Note,
            _ => return None,
        })
    }
}

/// Whether a header names a region's key: a region word with `nummer`, `nr` or `id`.
fn is_region_key_header(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "stadtteil",
        "stadtbezirk",
        "bezirk",
        "ortsteil",
        "gebiet",
        "raum",
        "planungsraum",
        "sozialraum",
        "quartier",
        "district",
    ];
    ["nummer", "_nummer", "nr", "_nr", "_id", "id", "schlüssel"]
        .iter()
        .filter_map(|suffix| name.strip_suffix(suffix))
        .any(|stem| WORDS.contains(&stem.trim_end_matches('_')))
}

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

/// Which column has which role.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Roles {
    /// The column (0-based) of [`Role::Indicator`].
    pub indicator: Option<usize>,
    /// The column of [`Role::IndicatorName`].
    pub indicator_name: Option<usize>,
    /// The column of [`Role::Unit`].
    pub unit: Option<usize>,
    /// The column of [`Role::Region`].
    pub region: Option<usize>,
    /// The column of [`Role::RegionName`].
    pub region_name: Option<usize>,
    /// The column of [`Role::Period`].
    pub period: Option<usize>,
    /// The column of [`Role::Value`]; without one, columns named like periods hold the
    /// values (a wide sheet).
    pub value: Option<usize>,
    /// The column of [`Role::Symbol`].
    pub symbol: Option<usize>,
    /// The column of [`Role::Quality`].
    pub quality: Option<usize>,
    /// The column of [`Role::Note`].
    pub note: Option<usize>,
    /// The column of [`Role::BreakdownKey`].
    pub breakdown_key: Option<usize>,
    /// The column of [`Role::Source`].
    pub source: Option<usize>,
    /// Every other column (but period columns of a wide sheet) is a breakdown dimension.
    pub breakdowns: Vec<usize>,
    /// Wide sheets: the columns whose header is a period code.
    pub period_columns: Vec<usize>,
    /// Wide sheets: value columns whose headers are members of one dimension.
    pub members: Vec<usize>,
    /// The dimension the member columns belong to.
    pub member_dimension: String,
    /// The dimension's name as the planner gave it (`member_dimension=…`), over the one
    /// guessed from the headers.
    pub named_dimension: Option<String>,
    /// Wide sheets: value columns whose headers are indicators.
    pub indicator_columns: Vec<usize>,
    /// Columns left out.
    pub ignored: Vec<usize>,
    /// The keys of the regions above the row's region, top down ([`Role::Level`]).
    pub levels: Vec<usize>,
    /// The column naming each level's region (`BZR_NAME` beside `BZR`), when there is one.
    pub level_names: Vec<Option<usize>>,
    /// The period of every row, when the file has no period column (`--period`).
    pub fixed_period: Option<String>,
    /// Region cells are kept whole, not split into key and name (`--keep-region-cells`).
    pub keep_region_cells: bool,
}

impl Roles {
    fn set(&mut self, role: Role, column: usize) {
        let slot = match role {
            Role::Indicator => &mut self.indicator,
            Role::IndicatorName => &mut self.indicator_name,
            Role::Unit => &mut self.unit,
            Role::Region => &mut self.region,
            Role::RegionName => &mut self.region_name,
            Role::Period => &mut self.period,
            Role::Value => &mut self.value,
            Role::Symbol => &mut self.symbol,
            Role::Quality => &mut self.quality,
            Role::Note => &mut self.note,
            Role::BreakdownKey => &mut self.breakdown_key,
            Role::Source => &mut self.source,
            Role::Breakdown => {
                if !self.breakdowns.contains(&column) {
                    self.breakdowns.push(column);
                }
                return;
            }
            Role::Member => {
                if !self.members.contains(&column) {
                    self.members.push(column);
                }
                return;
            }
            Role::IndicatorColumn => {
                if !self.indicator_columns.contains(&column) {
                    self.indicator_columns.push(column);
                }
                return;
            }
            Role::Ignore => {
                if !self.ignored.contains(&column) {
                    self.ignored.push(column);
                }
                return;
            }
            Role::Level => {
                if !self.levels.contains(&column) {
                    self.levels.push(column);
                }
                return;
            }
            // Names a dimension, not a column: handled by `roles_with_map`.
            Role::MemberDimension => return,
        };
        if slot.is_none() {
            *slot = Some(column);
        }
    }

    /// The role of a column; `None` for a period column of a wide sheet.
    #[must_use]
    pub fn role_of(&self, column: usize) -> Option<Role> {
        let slots = [
            (self.indicator, Role::Indicator),
            (self.indicator_name, Role::IndicatorName),
            (self.unit, Role::Unit),
            (self.region, Role::Region),
            (self.region_name, Role::RegionName),
            (self.period, Role::Period),
            (self.value, Role::Value),
            (self.symbol, Role::Symbol),
            (self.quality, Role::Quality),
            (self.note, Role::Note),
            (self.breakdown_key, Role::BreakdownKey),
            (self.source, Role::Source),
        ];
        if let Some((_, role)) = slots.iter().find(|(slot, _)| *slot == Some(column)) {
            return Some(*role);
        }
        if self.members.contains(&column) {
            return Some(Role::Member);
        }
        if self.indicator_columns.contains(&column) {
            return Some(Role::IndicatorColumn);
        }
        if self.ignored.contains(&column) {
            return Some(Role::Ignore);
        }
        if self.levels.contains(&column) {
            return Some(Role::Level);
        }
        (!self.period_columns.contains(&column)).then_some(Role::Breakdown)
    }

    fn assigned(&self, column: usize) -> bool {
        [
            self.indicator,
            self.indicator_name,
            self.unit,
            self.region,
            self.region_name,
            self.period,
            self.value,
            self.symbol,
            self.quality,
            self.note,
            self.breakdown_key,
            self.source,
        ]
        .contains(&Some(column))
            || self.breakdowns.contains(&column)
            || self.period_columns.contains(&column)
            || self.members.contains(&column)
            || self.indicator_columns.contains(&column)
            || self.ignored.contains(&column)
            || self.levels.contains(&column)
    }
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
