//! One row applied: its period and value read, its keys and names checked against their
//! limits, its breakdown's members mapped, and its value queued for the next batch (a
//! computed indicator's value compared, never stored).

use super::{BATCH, Importer, Pending};
use crate::import::row::{Part, RowSpec};
use crate::import::values;
use crate::store::observations::{self, Content, Ids, StoredRow};
use crate::t;

impl Importer<'_, '_, '_> {
    /// Applies one row; problems with the row are reported, only store failures return.
    pub(in crate::import) fn row(&mut self, row: &RowSpec) -> crate::store::Result<()> {
        // Labels are cleaned of control characters before anything is matched by them.
        let cleaned = row.cleaned();
        let row = cleaned.as_ref().unwrap_or(row);
        let line = row.line;
        let Some(period) = self.period_id(&row.period)? else {
            // A wide row holds several values of one period: one message per line.
            if self.period_problem_line == Some(line) {
                self.report.rejected += 1;
            } else {
                self.period_problem_line = Some(line);
                self.problem(
                    line,
                    None,
                    crate::import::sheet::period_problem(&row.period),
                    false,
                );
            }
            return Ok(());
        };
        let cell = if row.value.is_empty() {
            row.symbol.as_str()
        } else {
            row.value.as_str()
        };
        let value = match values::parse_value(cell, self.decimal, &self.symbols) {
            Ok(Some(value)) => value,
            Ok(None) => {
                // An empty cell is no observation: counted, named in one warning.
                self.report.empty_value(line);
                return Ok(());
            }
            Err(values::ValueError(message)) => {
                self.problem(line, Some(row.value_column), message, false);
                return Ok(());
            }
        };
        let quality = if row.quality.is_empty() {
            value.quality.clone()
        } else {
            Some(row.quality.clone())
        };
        let symbol = value
            .symbol
            .clone()
            .or_else(|| (!row.symbol.is_empty() && row.symbol != cell).then(|| row.symbol.clone()));
        // A key or name too long to keep is refused by its line, not the import whole.
        // (What the row calls it, the field it becomes.)
        let limited = [
            ("region_key", "key", &row.region_key),
            ("region_name", "name", &row.region_name),
            ("indicator_code", "code", &row.indicator_code),
            ("indicator_name", "name", &row.indicator_name),
            ("unit", "unit", &row.unit),
        ];
        for (what, field, text) in limited {
            if let Some(limit) = crate::model::validate::text_limit(field)
                && text.chars().count() > limit
            {
                let message = crate::t!(
                    "import.error.too_long",
                    what = what,
                    chars = crate::i18n::format_int(text.chars().count() as i64),
                    limit = crate::i18n::format_int(limit as i64)
                );
                self.problem(line, None, message, false);
                return Ok(());
            }
        }
        let indicator = self.indicator_id(row)?;
        // A classic table joining a flat export's indicator speaks of its members by label.
        let codes = self.member_codes(indicator, row)?;
        let mapped: Option<Vec<Part>> = (!codes.is_empty()).then(|| {
            row.breakdown()
                .iter()
                .map(|part| match codes.get(&part.member_label.to_lowercase()) {
                    Some((dimension, member)) => Part {
                        dimension: dimension.clone(),
                        member: member.clone(),
                        ..part.clone()
                    },
                    None => part.clone(),
                })
                .collect()
        });
        let parts = mapped.as_deref().unwrap_or(row.breakdown());
        if let Some((dimension, first, second)) = crate::import::row::dimension_twice(parts) {
            let message = crate::t!(
                "import.error.dimension_twice",
                dimension = dimension,
                first = first,
                second = second
            );
            self.problem(line, Some(row.value_column), message, false);
            return Ok(());
        }
        let ids = Ids {
            indicator,
            region: self.region_id(row)?,
            period,
            breakdown: self.breakdown_id(parts)?,
        };
        let new = StoredRow {
            content: Content {
                value: value.number,
                symbol,
                quality,
                note: (!row.note.is_empty()).then(|| row.note.clone()),
            },
            import_id: Some(self.import_id),
            import_line: Some(line as i64),
        };
        if let Some((code, formula)) = self.computed.get(&ids.indicator) {
            let stored = observations::read_ids(self.tx.conn(), ids)?;
            if stored.is_some_and(|old| {
                old.content.value == new.content.value
                    && old.content.symbol == new.content.symbol
                    && old.content.quality == new.content.quality
            }) {
                self.report.unchanged += 1;
            } else {
                let message = t!("derive.no_import", code = code, formula = formula);
                self.problem(line, Some(row.value_column), message, false);
            }
            return Ok(());
        }
        if let Some(seen) = self.seen.as_deref_mut() {
            seen.insert(ids);
        }
        if self.conflicted.contains(&ids) {
            self.problem(
                line,
                Some(row.value_column),
                t!("import.row.conflict_again"),
                false,
            );
            return Ok(());
        }
        self.pending.push(Pending {
            ids,
            new,
            line,
            column: row.value_column,
            has_notes: row.has_notes,
        });
        if self.pending.len() == BATCH {
            self.flush()?;
        }
        Ok(())
    }
}
