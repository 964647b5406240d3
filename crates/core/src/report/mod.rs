//! The education report (Bildungsbericht): one self-contained HTML file — CSS and SVG
//! charts inline, no script, nothing from the network — that opens offline in any browser
//! and prints to A4 with a page per chapter (the rules are in `report.css`).
//!
//! Every text from the project is escaped. No personal data is written: stakeholders appear
//! as organisations (name and kind), never with contact persons, e-mail addresses or
//! telephone numbers.

mod alternative;
mod docx;
mod docx_package;
mod html;
mod model;

pub use model::TABLE_ROWS;

use std::path::{Path, PathBuf};

use serde::Serialize;
use uuid::Uuid;

use crate::error::Result;
use crate::model::{EducationArea, Goal};
use crate::snapshot::Snapshot;
use crate::store::Store;
use crate::t;

/// How the report's chapters follow each other.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReportOrder {
    /// Along the goal tree.
    #[default]
    Goals,
    /// By education area along the life course (early childhood, school, vocational, higher
    /// education, adult and continuing, non-formal, cross-cutting), as many municipal
    /// education reports are organised; each area's goals in tree order.
    Areas,
}

/// What to put in the report.
#[derive(Clone, Debug, Default)]
pub struct ReportOptions {
    /// Only these goals (and the goals below them); all when empty.
    pub goals: Vec<Uuid>,
    /// Only goals of these education areas; all when empty.
    pub areas: Vec<EducationArea>,
    /// The order of the chapters.
    pub order: ReportOrder,
    /// Leave the list of stakeholders out.
    pub without_stakeholders: bool,
    /// A chapter of district profiles: each district against its city for the report's
    /// indicators.
    pub profiles: bool,
    /// Every region's values in an appendix (tables in the text show my region, its
    /// parents and a summary of its level when there are more than [`model::TABLE_ROWS`]).
    pub all_regions: bool,
    /// Where to count the goals written, and the user's cancel (nothing is written then).
    pub progress: Option<std::sync::Arc<crate::progress::Progress>>,
}

/// What was written.
#[derive(Clone, Debug, Serialize)]
pub struct ReportSummary {
    /// The HTML file written.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Goals in the report, each with its own section.
    pub goals: usize,
    /// Indicator entries under the goals (an indicator of two goals counts twice).
    pub indicators: usize,
    /// Charts drawn: one per indicator entry with data values (without breakdown).
    pub charts: usize,
}

/// The report's style sheet, for the screen and for print (A4 portrait).
const CSS: &str = include_str!("report.css");

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

/// The file the report is written as, by its name's extension (another is refused).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// One self-contained HTML page (`.html`, `.htm`).
    #[default]
    Html,
    /// An editable Word document (`.docx`).
    Docx,
}

impl Format {
    /// The extensions the report is written under.
    pub const EXTENSIONS: [&'static str; 3] = ["html", "htm", "docx"];

    /// The format a file name asks for.
    #[must_use]
    pub fn of(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("docx") => Format::Docx,
            _ => Format::Html,
        }
    }
}

/// A chapter heading or a goal's section, in the order the report writes them.
enum Part<'a> {
    Area(EducationArea),
    Goal(&'a Goal, usize),
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

#[cfg(test)]
mod tests {
    use crate::render::{esc, plain};

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("1")</script> & Co's"#),
            "&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; Co&#39;s"
        );
    }

    /// Characters XML cannot hold become spaces; tabs, line breaks and umlauts stay.
    #[test]
    fn control_characters_are_left_out() {
        assert_eq!(esc("Nord\u{1}stadt\u{1b}"), "Nord stadt ");
        assert_eq!(plain("Süd\u{8}\u{FFFF}"), "Süd  ");
        assert_eq!(plain("a\tb\nc"), "a\tb\nc");
        assert!(matches!(plain("Mitte"), std::borrow::Cow::Borrowed(_)));
    }
}
