//! A social index in the report: its regions ranked by need in the latest period, each
//! indicator's z-score beside — the table a council paper on school funding shows.

use super::{Block, Builder, Cell};
use crate::error::Result;
use crate::model::Indicator;
use crate::model::formula::Formula;
use crate::model::formula::social::SocialIndex;
use crate::t;

impl Builder<'_> {
    /// The ranking of `indicator` when it is a social index (the level with the most
    /// regions); the z-scores are left out when the protection rule covers one of its
    /// indicators (they would show what the rule hides).
    pub(in crate::report) fn ranking(&mut self, indicator: &Indicator) -> Result<()> {
        let Some(index) = Formula::parse(&indicator.formula)
            .ok()
            .and_then(|formula| SocialIndex::read(&formula))
        else {
            return Ok(());
        };
        let Some(ranking) =
            crate::store::social::ranking(self.store.conn(), &indicator.code, &index, None)?
        else {
            return Ok(());
        };
        let Some(level) = ranking.levels().first().copied() else {
            return Ok(());
        };
        let data = self.data;
        let parts = self.rule.is_none()
            || !index.terms.iter().any(|term| {
                data.indicators
                    .iter()
                    .any(|i| i.code == term.code && i.counts)
            });
        let caption = self.table_caption(&t!(
            "report.ranking_caption",
            name = indicator.name,
            level = level.label(),
            period = ranking.period
        ));
        let mut header = vec![
            t!("social.window.rank").to_owned(),
            t!("social.window.district").to_owned(),
            indicator.code.clone(),
        ];
        if parts {
            header.extend(index.terms.iter().map(|term| format!("z {}", term.code)));
        }
        let rows = ranking
            .rows
            .iter()
            .filter(|row| row.level == level)
            .map(|row| {
                let mut cells = vec![
                    Cell::number(row.rank.map_or_else(|| "–".to_owned(), |r| r.to_string())),
                    Cell::text(row.name.clone()).strong(),
                    Cell::number(row.value.text(2)),
                ];
                if parts {
                    cells.extend(row.parts.iter().map(|z| {
                        Cell::number(
                            z.map_or_else(|| "–".to_owned(), |z| crate::i18n::format_decimal(z, 2)),
                        )
                    }));
                }
                cells
            })
            .collect();
        self.blocks.push(Block::Table {
            caption: Some(caption),
            header,
            rows,
        });
        Ok(())
    }
}
