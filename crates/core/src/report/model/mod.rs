//! The report's content, once, as blocks — title page, contents, chapters and goals,
//! indicators with numbered figures and tables, measures, stakeholders, sources — that the
//! HTML and the Word writer each lay out in their own way.

use super::ReportOrder;
use crate::error::Result;
use crate::model::Goal;
use crate::model::traffic_light::TrafficLight;
use crate::snapshot::Snapshot;
use crate::store::Store;
use crate::t;

mod chapters;
mod front;
mod goals;
mod indicator;
mod measures;
mod ranking;
mod regions;

pub use regions::TABLE_ROWS;
use regions::region_row;

/// What kind of section a heading opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// The one goal above all others (a vision, a Leitbild), when there is one: it opens the
    /// report's body, and the first chapter follows it on the same page.
    Lead,
    /// Starts a page: a top-level goal (by goal tree; below the lead when there is one), an
    /// area, stakeholders, sources.
    Chapter,
    /// A top-level goal within an area's chapter.
    Goal,
    /// A goal below another.
    Sub,
}

/// A figure's kind (how it is sized in print).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureKind {
    Chart,
    Map,
    Timeline,
    Profile,
}

impl FigureKind {
    /// The CSS class.
    #[must_use]
    pub fn class(self) -> &'static str {
        match self {
            FigureKind::Chart => "chart",
            FigureKind::Map => "map",
            FigureKind::Timeline => "timeline",
            FigureKind::Profile => "profile",
        }
    }
}

/// A table cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    /// A number: right-aligned.
    pub numeric: bool,
    /// A row's heading (the region) or a bold total.
    pub strong: bool,
    /// Columns it spans.
    pub span: usize,
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            numeric: false,
            strong: false,
            span: 1,
        }
    }

    fn number(text: impl Into<String>) -> Cell {
        Cell {
            numeric: true,
            ..Cell::text(text)
        }
    }

    fn strong(self) -> Cell {
        Cell {
            strong: true,
            ..self
        }
    }
}

/// One part of the report, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// The title page.
    Title {
        kind: String,
        name: String,
        municipality: String,
        description: String,
        date: String,
        authors: String,
    },
    /// The table of contents: level (0 = chapter), text, the anchor it links to.
    Contents(Vec<(usize, String, String)>),
    /// A section's heading; the section runs until the next `Open` or `End`.
    Open {
        section: Section,
        anchor: String,
        title: String,
    },
    /// Closes the section opened last (HTML nesting; Word needs nothing).
    Close,
    /// An indicator's heading.
    Indicator { name: String },
    /// The indicator's status word, with the rest of its line.
    Status { status: TrafficLight, text: String },
    /// A paragraph of text.
    Text(String),
    /// Small grey text under a heading (a goal's level).
    Muted(String),
    /// A note under a table or indicator (symbols, source).
    Note(String),
    /// A sub-heading inside a section (the measures).
    Subheading(String),
    /// A picture with its numbered caption.
    Figure {
        kind: FigureKind,
        svg: String,
        caption: String,
        source: String,
    },
    /// A table: numbered caption (if any), header row, rows.
    Table {
        caption: Option<String>,
        header: Vec<String>,
        rows: Vec<Vec<Cell>>,
    },
    /// A list.
    List(Vec<String>),
}

/// Which chapters follow the goals, for the contents.
#[derive(Clone, Copy, Debug, Default)]
#[allow(clippy::struct_excessive_bools)] // Reason: each says whether one chapter is there.
pub(super) struct Closing {
    /// The indicators no goal is measured by.
    pub unlinked: bool,
    /// District profiles.
    pub profiles: bool,
    /// The stakeholders.
    pub stakeholders: bool,
    /// Every region's values.
    pub appendix: bool,
}

/// The whole report as blocks, and what it counted.
pub struct Document {
    pub blocks: Vec<Block>,
    pub charts: usize,
    pub indicators: usize,
}

/// Builds the blocks.
pub(super) struct Builder<'a> {
    pub store: &'a Store,
    pub data: &'a Snapshot,
    pub order: ReportOrder,
    /// The depth of the goals that are chapters: 1 when one goal stands above all others.
    chapter_depth: usize,
    /// The project's rule for small counts, if it has one.
    rule: Option<crate::published::Rule>,
    pub blocks: Vec<Block>,
    pub charts: usize,
    pub indicators: usize,
    /// Figures and tables numbered so far (captions count them, as a printed report does).
    figures: usize,
    tables: usize,
    /// Every region's values in an appendix, for tables cut to my region and a summary.
    pub all_regions: bool,
    /// The appendix's tables, gathered as the indicators are written.
    appendix: Vec<Block>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(
        store: &'a Store,
        data: &'a Snapshot,
        order: ReportOrder,
        goals: &[(&Goal, usize)],
    ) -> Result<Builder<'a>> {
        let roots = goals.iter().filter(|(_, depth)| *depth == 0).count();
        let below = goals.iter().any(|(_, depth)| *depth == 1);
        Ok(Builder {
            store,
            data,
            order,
            chapter_depth: usize::from(roots == 1 && below),
            rule: crate::published::rule(store.conn())?,
            blocks: Vec::new(),
            charts: 0,
            indicators: 0,
            figures: 0,
            tables: 0,
            all_regions: false,
            appendix: Vec::new(),
        })
    }

    pub(super) fn finish(self) -> Document {
        Document {
            blocks: self.blocks,
            charts: self.charts,
            indicators: self.indicators,
        }
    }

    /// "Figure 3: …", counting on.
    pub(super) fn figure_caption(&mut self, text: &str) -> String {
        self.figures += 1;
        t!("report.figure", n = self.figures, text = text)
    }

    /// "Table 2: …", counting on.
    pub(super) fn table_caption(&mut self, text: &str) -> String {
        self.tables += 1;
        t!("report.table", n = self.tables, text = text)
    }
}
