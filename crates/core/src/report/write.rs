//! Writing the report: the goals chosen and put in order (by the goal tree or by
//! education area), the blocks built once, written as HTML or Word beside and renamed.

use std::path::Path;

use uuid::Uuid;

use super::{Format, Part, ReportOptions, ReportOrder, ReportSummary, docx, html, model};
use crate::error::Result;
use crate::model::{EducationArea, Goal};
use crate::snapshot::Snapshot;
use crate::store::Store;
use crate::t;

/// Writes the report of the open project to `out` (written beside, then renamed).
pub fn write_report(store: &Store, out: &Path, options: &ReportOptions) -> Result<ReportSummary> {
    crate::store::output::check_extension(out, &Format::EXTENSIONS)?;
    // A file with a cycle in a tree would lose those goals from the report without a word.
    store.refuse_damaged()?;
    let mut data = Snapshot::default();
    data.refresh(store)?;
    let info = crate::store::project::get(store.conn())?;
    let goals: Vec<(&Goal, usize)> = chosen_goals(&data, &options.goals)
        .into_iter()
        .filter(|(goal, _)| {
            options.areas.is_empty() || options.areas.contains(&goal.education_area)
        })
        .collect();
    let parts = parts(&goals, options.order);
    let mut report = model::Builder::new(store, &data, options.order, &goals)?;
    report.all_regions = options.all_regions;
    // No chapter with nothing to say: without stakeholders, none about them.
    let stakeholders = !options.without_stakeholders && !data.stakeholders.is_empty();
    // The indicators no goal is measured by, when the whole project is reported.
    let unlinked: Vec<usize> = if options.goals.is_empty() && options.areas.is_empty() {
        (0..data.indicators.len())
            .filter(|&n| {
                let uuid = data.indicators[n].uuid;
                !data.indicator_goals.iter().any(|l| l.indicator == uuid)
            })
            .collect()
    } else {
        Vec::new()
    };
    report.title(&info, &html::today_text());
    report.contents(
        &parts,
        model::Closing {
            unlinked: !unlinked.is_empty(),
            profiles: options.profiles,
            stakeholders,
            appendix: options.all_regions,
        },
    );
    let progress = options.progress.clone().unwrap_or_default();
    progress.start(goals.len() as u64);
    for part in &parts {
        match part {
            Part::Area(area) => report.area(*area),
            Part::Goal(goal, depth) => {
                progress.check()?;
                progress.advance(1);
                report.goal(goal, *depth)?;
            }
        }
    }
    report.unlinked(&unlinked)?;
    if options.profiles {
        let mut indicators: Vec<usize> = unlinked.clone();
        for (goal, _) in &goals {
            for (index, _) in data.indicators_of_goal(goal.uuid) {
                if !indicators.contains(&index) {
                    indicators.push(index);
                }
            }
        }
        report.profiles(&indicators)?;
    }
    if stakeholders {
        report.stakeholders();
    }
    report.appendix();
    report.sources(store)?;
    let document = report.finish();
    let title = t!("report.title", name = info.project.name);
    let bytes = match Format::of(out) {
        Format::Html => html::render(&document.blocks, &title).into_bytes(),
        Format::Docx => docx::render(&document.blocks, &title)?,
    };
    crate::render::raster::write_beside(out, &bytes)?;
    let (charts, indicators) = (document.charts, document.indicators);
    Ok(ReportSummary {
        path: out.to_owned(),
        bytes: bytes.len() as u64,
        goals: goals.len(),
        indicators,
        charts,
    })
}

/// The report's parts: the goals in tree order, or grouped by education area.
fn parts<'a>(goals: &[(&'a Goal, usize)], order: ReportOrder) -> Vec<Part<'a>> {
    match order {
        ReportOrder::Goals => goals.iter().map(|(g, d)| Part::Goal(g, *d)).collect(),
        ReportOrder::Areas => EducationArea::ALL
            .iter()
            .flat_map(|area| {
                let within: Vec<Part<'a>> = goals
                    .iter()
                    .filter(|(goal, _)| goal.education_area == *area)
                    .map(|(goal, depth)| Part::Goal(goal, *depth))
                    .collect();
                let heading = (!within.is_empty()).then_some(Part::Area(*area));
                heading.into_iter().chain(within)
            })
            .collect(),
    }
}

/// The goals in tree order with their depth: the chosen ones and everything below them.
fn chosen_goals<'a>(data: &'a Snapshot, chosen: &[Uuid]) -> Vec<(&'a Goal, usize)> {
    fn walk<'a>(
        data: &'a Snapshot,
        parent: Option<Uuid>,
        depth: usize,
        out: &mut Vec<(&'a Goal, usize)>,
    ) {
        if depth > data.goals.len() {
            return;
        }
        for goal in data.child_goals(parent) {
            out.push((goal, depth));
            walk(data, Some(goal.uuid), depth + 1, out);
        }
    }
    let mut all = Vec::new();
    walk(data, None, 0, &mut all);
    if chosen.is_empty() {
        return all;
    }
    all.into_iter()
        .filter(|(goal, _)| chosen.iter().any(|c| data.goal_is_within(goal.uuid, *c)))
        .collect()
}
