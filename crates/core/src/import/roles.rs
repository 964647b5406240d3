//! What a spreadsheet's columns hold: each column's [`Role`] and the [`Roles`] of a sheet,
//! which the header (`sheet`) and the first rows (`columns`) decide.

use serde::Serialize;

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
    pub(super) fn set(&mut self, role: Role, column: usize) {
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

    pub(super) fn assigned(&self, column: usize) -> bool {
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

/// Whether a header names a region's key: a region word with `nummer`, `nr` or `id`.
pub(super) fn is_region_key_header(name: &str) -> bool {
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
