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
mod write;

pub use model::TABLE_ROWS;
pub use write::write_report;

use std::path::{Path, PathBuf};

use serde::Serialize;
use uuid::Uuid;

use crate::model::{EducationArea, Goal};

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
