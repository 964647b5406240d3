//! One value row as every file shape gives it: indicator, region, period, breakdown, value.

use std::borrow::Cow;

use crate::model::RegionLevel;
use crate::model::validate::{TextKind, clean_text};

/// One value row, whatever the file's shape.
#[derive(Clone, Debug, Default)]
pub struct RowSpec {
    /// The physical line in the file (1-based).
    pub line: u64,
    /// The indicator's code as the file gives it; matched by code, else by name.
    pub indicator_code: String,
    /// The indicator's name, for an indicator the import creates (empty: its code).
    pub indicator_name: String,
    /// The indicator is also found by this name when no indicator has its code: a classic
    /// table's label is what a flat export of the same statistic (or an older import of
    /// the table, which used it as the code) names it.
    pub match_name: bool,
    /// The indicator's unit, for an indicator the import creates.
    pub unit: String,
    /// Where the data comes from, for an indicator the import creates.
    pub source: String,
    /// The region's key as the file gives it; matched by key (a leading zero a spreadsheet
    /// stripped restored), else by name.
    pub region_key: String,
    /// The region's name, for a region the import creates (empty: its key).
    pub region_name: String,
    /// The region's level, for a region the import creates (`None`: a district).
    pub region_level: Option<RegionLevel>,
    /// The regions above the row's region, top down, as a city file's level columns give
    /// them: (the column's header, the cell's key, the region's name or empty).
    pub levels: Vec<(String, String, String)>,
    /// The period's code (`2023`, `2023/24`, `2024-Q1` …).
    pub period: String,
    /// Slots for the breakdown's parts; the first `parts` are this row's (reused, so a row
    /// allocates nothing once warmed up).
    pub(super) breakdown: Vec<Part>,
    pub(super) parts: usize,
    /// The value cell's text, read by `values::parse_value` when the row is applied.
    pub value: String,
    /// The value's column (1-based), for problems.
    pub value_column: usize,
    /// A symbol column's text; read as the value when the value cell is empty.
    pub symbol: String,
    /// A quality column's text; it comes before a flag in the value cell.
    pub quality: String,
    /// A note column's text, kept with the value.
    pub note: String,
    /// Whether the file has a note column; without one, notes already kept stay.
    pub has_notes: bool,
}

impl RowSpec {
    /// This row's breakdown.
    #[must_use]
    pub fn breakdown(&self) -> &[Part] {
        &self.breakdown[..self.parts]
    }

    /// Adds a part to the breakdown.
    pub fn push_part(
        &mut self,
        dimension: &str,
        dimension_label: &str,
        member: &str,
        member_label: &str,
    ) {
        if self.parts == self.breakdown.len() {
            self.breakdown.push(Part::default());
        }
        let part = &mut self.breakdown[self.parts];
        dimension.clone_into(&mut part.dimension);
        dimension_label.clone_into(&mut part.dimension_label);
        member.clone_into(&mut part.member);
        member_label.clone_into(&mut part.member_label);
        self.parts += 1;
    }

    /// This row with its labels cleaned of the control characters their fields do not take
    /// (see [`clean_text`]: a line break in a region's name becomes a space, a note keeps
    /// its line breaks); `None` when none has any. The value cell stays as it is: a value
    /// with a control character is refused as no number.
    #[must_use]
    pub fn cleaned(&self) -> Option<RowSpec> {
        let needs = |kind, text: &String| matches!(clean_text(kind, text), Cow::Owned(_));
        let lines = [
            &self.indicator_code,
            &self.indicator_name,
            &self.unit,
            &self.region_key,
            &self.region_name,
            &self.period,
            &self.symbol,
            &self.quality,
        ];
        let parts = self
            .breakdown()
            .iter()
            .flat_map(|p| [&p.dimension, &p.dimension_label, &p.member, &p.member_label]);
        let levels = self.levels.iter().flat_map(|(a, b, c)| [a, b, c]);
        let dirty = lines
            .into_iter()
            .chain(parts)
            .chain(levels)
            .any(|text| needs(TextKind::Line, text))
            || [&self.source, &self.note]
                .into_iter()
                .any(|text| needs(TextKind::Prose, text));
        if !dirty {
            return None;
        }
        let clean = |kind, text: &mut String| {
            if let Cow::Owned(cleaned) = clean_text(kind, text) {
                *text = cleaned;
            }
        };
        let mut row = self.clone();
        for text in [
            &mut row.indicator_code,
            &mut row.indicator_name,
            &mut row.unit,
            &mut row.region_key,
            &mut row.region_name,
            &mut row.period,
            &mut row.symbol,
            &mut row.quality,
        ] {
            clean(TextKind::Line, text);
        }
        for part in &mut row.breakdown[..row.parts] {
            for text in [
                &mut part.dimension,
                &mut part.dimension_label,
                &mut part.member,
                &mut part.member_label,
            ] {
                clean(TextKind::Line, text);
            }
        }
        for (a, b, c) in &mut row.levels {
            for text in [a, b, c] {
                clean(TextKind::Line, text);
            }
        }
        clean(TextKind::Prose, &mut row.source);
        clean(TextKind::Prose, &mut row.note);
        Some(row)
    }

    pub(super) fn clear(&mut self) {
        self.indicator_code.clear();
        self.indicator_name.clear();
        self.match_name = false;
        self.unit.clear();
        self.source.clear();
        self.region_key.clear();
        self.region_name.clear();
        self.region_level = None;
        self.levels.clear();
        self.period.clear();
        self.parts = 0;
        self.value.clear();
        self.symbol.clear();
        self.quality.clear();
        self.note.clear();
    }
}

/// One dimension member of a row's breakdown.
#[derive(Clone, Debug, Default)]
pub struct Part {
    /// The dimension's code (a GENESIS variable such as `GES`, or a column's header).
    pub dimension: String,
    /// The dimension's name as people read it.
    pub dimension_label: String,
    /// The member's code within the dimension (a GENESIS attribute such as `GESW`).
    pub member: String,
    /// The member's name as people read it.
    pub member_label: String,
}

/// A dimension `parts` names with two different members (`Geschlecht=weiblich` and
/// `Geschlecht=männlich`), which no value can be: the dimension and both members.
#[must_use]
pub fn dimension_twice(parts: &[Part]) -> Option<(&str, &str, &str)> {
    parts.iter().enumerate().find_map(|(i, a)| {
        parts[i + 1..]
            .iter()
            .find(|b| b.dimension == a.dimension && b.member != a.member)
            .map(|b| (a.dimension.as_str(), a.member.as_str(), b.member.as_str()))
    })
}
