//! One value row as every file shape gives it: indicator, region, period, breakdown, value.

use crate::model::RegionLevel;

/// One value row, whatever the file's shape.
#[derive(Clone, Debug, Default)]
pub struct RowSpec {
    pub line: u64,
    pub indicator_code: String,
    pub indicator_name: String,
    pub unit: String,
    pub source: String,
    pub region_key: String,
    pub region_name: String,
    pub region_level: Option<RegionLevel>,
    pub period: String,
    /// Slots for the breakdown's parts; the first `parts` are this row's (reused, so a row
    /// allocates nothing once warmed up).
    pub(super) breakdown: Vec<Part>,
    pub(super) parts: usize,
    pub value: String,
    /// The value's column (1-based), for problems.
    pub value_column: usize,
    pub symbol: String,
    pub quality: String,
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

    pub(super) fn clear(&mut self) {
        self.indicator_code.clear();
        self.indicator_name.clear();
        self.unit.clear();
        self.source.clear();
        self.region_key.clear();
        self.region_name.clear();
        self.region_level = None;
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
    pub dimension: String,
    pub dimension_label: String,
    pub member: String,
    pub member_label: String,
}
