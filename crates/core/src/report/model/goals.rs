//! The report's body, chapter by chapter: an education area's heading, a goal with its
//! indicators and measures, the indicators no goal is measured by.

use super::{Block, Builder, Section};
use crate::error::Result;
use crate::model::{EducationArea, Goal};
use crate::report::ReportOrder;
use crate::t;

impl Builder<'_> {
    /// has no goals at all, else "Further indicators".
    pub(super) fn unlinked_title(&self) -> &'static str {
        if self.data.goals.is_empty() {
            t!("report.indicators")
        } else {
            t!("report.unlinked")
        }
    }

    /// A chapter of the indicators no goal is measured by (`indicators`, indices into the
    /// snapshot), each as under a goal: so a project's data is never left out of its
    /// report — a county that has imported its tables but set no goals yet gets them all.
    pub(in crate::report) fn unlinked(&mut self, indicators: &[usize]) -> Result<()> {
        if indicators.is_empty() {
            return Ok(());
        }
        self.blocks.push(Block::Open {
            section: Section::Chapter,
            anchor: "indicators".to_owned(),
            title: self.unlinked_title().to_owned(),
        });
        self.blocks
            .push(Block::Text(t!("report.unlinked_intro").to_owned()));
        for &index in indicators {
            self.indicator(index)?;
        }
        self.blocks.push(Block::Close);
        Ok(())
    }

    /// A chapter for an education area: its heading; its goals follow.
    pub(in crate::report) fn area(&mut self, area: EducationArea) {
        self.blocks.push(Block::Open {
            section: Section::Chapter,
            anchor: format!("area-{}", area.code()),
            title: area.label().to_owned(),
        });
        self.blocks.push(Block::Close);
    }

    pub(in crate::report) fn goal(&mut self, goal: &Goal, depth: usize) -> Result<()> {
        self.blocks.push(Block::Open {
            section: match self.order {
                ReportOrder::Goals if depth < self.chapter_depth => Section::Lead,
                ReportOrder::Goals if depth == self.chapter_depth => Section::Chapter,
                _ if depth == 0 => Section::Goal,
                _ => Section::Sub,
            },
            anchor: format!("goal-{}", goal.uuid),
            title: goal.title.clone(),
        });
        self.blocks.push(Block::Muted(format!(
            "{}{}{}",
            "· ".repeat(depth),
            goal.level.label(),
            goal.sdg_target
                .map_or_else(String::new, |s| format!(" · SDG {}", s.label()))
        )));
        if !goal.description.is_empty() {
            self.blocks.push(Block::Text(goal.description.clone()));
        }
        let indicators: Vec<usize> = self
            .data
            .indicators_of_goal(goal.uuid)
            .map(|(index, _)| index)
            .collect();
        for index in indicators {
            self.indicator(index)?;
        }
        self.measures(goal);
        self.blocks.push(Block::Close);
        Ok(())
    }
}
