//! The report's front: its title page and its contents.

use super::{Block, Builder, Closing};
use crate::report::{Part, ReportOrder};
use crate::t;

impl Builder<'_> {
    pub(in crate::report) fn title(
        &mut self,
        info: &crate::store::project::ProjectInfo,
        date: &str,
    ) {
        let p = &info.project;
        self.blocks.push(Block::Title {
            kind: t!("report.kind").to_owned(),
            name: p.name.clone(),
            municipality: p.municipality.clone(),
            description: p.description.clone(),
            date: t!("report.date", date = date),
            authors: if p.authors.is_empty() {
                String::new()
            } else {
                t!("report.authors", authors = p.authors)
            },
        });
    }

    pub(in crate::report) fn contents(&mut self, parts: &[Part<'_>], closing: Closing) {
        let Closing {
            unlinked,
            profiles,
            stakeholders,
            appendix,
        } = closing;
        let mut entries: Vec<(usize, String, String)> = parts
            .iter()
            .map(|part| match part {
                Part::Area(area) => (0, area.label().to_owned(), format!("area-{}", area.code())),
                Part::Goal(goal, depth) => {
                    let depth = depth + usize::from(self.order == ReportOrder::Areas);
                    (depth, goal.title.clone(), format!("goal-{}", goal.uuid))
                }
            })
            .collect();
        if unlinked {
            entries.push((0, self.unlinked_title().to_owned(), "indicators".to_owned()));
        }
        if profiles {
            entries.push((0, t!("report.profiles").to_owned(), "profiles".to_owned()));
        }
        if stakeholders {
            entries.push((
                0,
                t!("report.stakeholders").to_owned(),
                "stakeholders".to_owned(),
            ));
        }
        if appendix {
            entries.push((0, t!("report.appendix").to_owned(), "appendix".to_owned()));
        }
        entries.push((0, t!("report.sources").to_owned(), "sources".to_owned()));
        self.blocks.push(Block::Contents(entries));
    }
}
