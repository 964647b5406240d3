//! A goal's measures in the report: their table (status, lead, budget) and timeline.

use super::{Block, Builder, Cell, FigureKind};
use crate::i18n;
use crate::model::Goal;
use crate::t;

impl Builder<'_> {
    pub(super) fn measures(&mut self, goal: &Goal) {
        let data = self.data;
        let measures: Vec<&crate::model::Measure> = data.measures_of_goal(goal.uuid).collect();
        if measures.is_empty() {
            return;
        }
        self.blocks
            .push(Block::Subheading(t!("goals.measures").to_owned()));
        let euro = |v: Option<f64>| {
            v.map_or_else(String::new, |v| format!("{} €", i18n::format_decimal(v, 0)))
        };
        let (mut planned, mut spent) = (0.0, 0.0);
        let mut rows: Vec<Vec<Cell>> = measures
            .iter()
            .map(|m| {
                planned += m.budget_planned_eur.unwrap_or(0.0);
                spent += m.budget_spent_eur.unwrap_or(0.0);
                vec![
                    Cell::text(m.title.clone()),
                    Cell::text(m.status.label()),
                    Cell::text(m.start_date.clone().unwrap_or_default()),
                    Cell::text(m.end_date.clone().unwrap_or_default()),
                    Cell::text(data.stakeholder_name(m.lead_stakeholder)),
                    Cell::number(euro(m.budget_planned_eur)),
                    Cell::number(euro(m.budget_spent_eur)),
                ]
            })
            .collect();
        rows.push(vec![
            Cell {
                span: 5,
                ..Cell::text(t!("report.total")).strong()
            },
            Cell::number(euro(Some(planned))).strong(),
            Cell::number(euro(Some(spent))).strong(),
        ]);
        self.blocks.push(Block::Table {
            caption: None,
            header: [
                "field.title",
                "field.status",
                "field.start_date",
                "field.end_date",
                "field.lead_stakeholder",
                "field.budget_planned_eur",
                "field.budget_spent_eur",
            ]
            .iter()
            .map(|key| i18n::tr(key).to_owned())
            .collect(),
            rows,
        });
        let timeline = crate::render::timeline::timeline(
            &crate::render::timeline::measure_rows(measures.iter().copied()),
            crate::snapshot::today_fraction(),
        );
        let caption = self.figure_caption(&t!("report.timeline_caption", goal = goal.title));
        self.blocks.push(Block::Figure {
            kind: FigureKind::Timeline,
            svg: timeline,
            caption,
            source: String::new(),
        });
    }
}
