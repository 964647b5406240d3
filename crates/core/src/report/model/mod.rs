//! The report's content, once, as blocks — title page, contents, chapters and goals,
//! indicators with numbered figures and tables, measures, stakeholders, sources — that the
//! HTML and the Word writer each lay out in their own way.

use uuid::Uuid;

use super::{Part, ReportOrder};
use crate::i18n;
use crate::model::traffic_light::TrafficLight;
use crate::model::{EducationArea, Goal, Indicator, Observation};
use crate::snapshot::Snapshot;
use crate::store::{Result, Store};
use crate::t;

mod chapters;
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

    pub(super) fn title(&mut self, info: &crate::store::project::ProjectInfo, date: &str) {
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

    pub(super) fn contents(&mut self, parts: &[Part<'_>], closing: Closing) {
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

    /// The chapter of the indicators no goal is measured by: "Indicators" when the project
    /// has no goals at all, else "Further indicators".
    fn unlinked_title(&self) -> &'static str {
        if self.data.goals.is_empty() {
            t!("report.indicators")
        } else {
            t!("report.unlinked")
        }
    }

    /// A chapter of the indicators no goal is measured by (`indicators`, indices into the
    /// snapshot), each as under a goal: so a project's data is never left out of its
    /// report — a county that has imported its tables but set no goals yet gets them all.
    pub(super) fn unlinked(&mut self, indicators: &[usize]) -> Result<()> {
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
    pub(super) fn area(&mut self, area: EducationArea) {
        self.blocks.push(Block::Open {
            section: Section::Chapter,
            anchor: format!("area-{}", area.code()),
            title: area.label().to_owned(),
        });
        self.blocks.push(Block::Close);
    }

    pub(super) fn goal(&mut self, goal: &Goal, depth: usize) -> Result<()> {
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

    /// The indicator's line: latest value, trend, target.
    fn status_line(&self, index: usize) -> String {
        let data = self.data;
        let indicator = &data.indicators[index];
        let summary = &data.summaries[index];
        let decimals = indicator.decimals.clamp(0, 6) as usize;
        let mut parts: Vec<String> = Vec::new();
        let latest = summary
            .series
            .iter()
            .rev()
            .find_map(|v| Some((v.period_code.as_str(), v.value?)));
        if let Some((period, value)) = latest {
            parts.push(t!(
                "report.latest",
                period = period,
                value = i18n::format_decimal(value, decimals),
                unit = indicator.unit
            ));
        }
        let points: Vec<(f64, f64)> = summary
            .series
            .iter()
            .filter_map(|v| Some((data.x(&v.period_code), v.value?)))
            .collect();
        let recent = &points[points
            .len()
            .saturating_sub(crate::model::traffic_light::TREND_POINTS)..];
        if let Some(slope) = crate::model::traffic_light::slope(recent) {
            let mean = recent.iter().map(|p| p.1.abs()).sum::<f64>() / recent.len() as f64;
            parts.push(
                if slope.abs() <= mean * 0.005 {
                    t!("report.trend.flat")
                } else if slope > 0.0 {
                    t!("report.trend.rising")
                } else {
                    t!("report.trend.falling")
                }
                .to_owned(),
            );
        }
        match summary.target {
            Some(crate::model::traffic_light::Target::Value { value, year }) => {
                parts.push(t!(
                    "report.target",
                    value = i18n::format_decimal(value, decimals),
                    unit = indicator.unit,
                    year = year.map_or_else(String::new, |y| format!("{y:.0}"))
                ));
            }
            Some(crate::model::traffic_light::Target::Band { low, high }) => {
                parts.push(t!(
                    "report.band",
                    low = i18n::format_decimal(low, decimals),
                    high = i18n::format_decimal(high, decimals),
                    unit = indicator.unit
                ));
            }
            None => {}
        }
        parts.join(" · ")
    }

    fn indicator(&mut self, index: usize) -> Result<()> {
        let data = self.data;
        let indicator = &data.indicators[index];
        let summary = &data.summaries[index];
        self.indicators += 1;
        self.blocks.push(Block::Indicator {
            name: indicator.name.clone(),
        });
        self.blocks.push(Block::Status {
            status: summary.status,
            text: self.status_line(index),
        });
        if !indicator.definition.is_empty() {
            self.blocks.push(Block::Text(indicator.definition.clone()));
        }
        // Values as the project's protection rule lets them be published.
        let observations =
            crate::published::observations(self.store.conn(), &indicator.code, self.rule.as_ref())?;
        let total: Vec<&Observation> = observations
            .iter()
            .filter(|o| o.breakdown_key.is_empty())
            .collect();
        let source = t!(
            "report.source",
            source = indicator.cited_source(&data.indicators)
        );
        if !total.is_empty() {
            let years = span(data, &total);
            self.charts += 1;
            // My region first, its parents, and with many regions the rest of its level
            // as a band — never the first regions of the file.
            let regions = self.regions_with_data(summary.region, &total);
            let historical = crate::render::focus::historical(data, &observations);
            let focus = crate::render::focus::focus(
                data,
                summary.region,
                &regions,
                &data.comparison_keys(),
                &historical,
                indicator.counts,
            );
            let band = crate::render::figure::band_of(data, &focus.band, &total);
            let svg = crate::render::figure::line_chart(
                data,
                indicator,
                &focus.lines,
                summary.region,
                &total,
                1.0,
                band,
            );
            let caption = self.figure_caption(&t!(
                "report.chart_caption",
                name = indicator.name,
                unit = indicator.unit,
                years = years
            ));
            self.blocks.push(Block::Figure {
                kind: FigureKind::Chart,
                svg,
                caption,
                source: source.clone(),
            });
            if let Some(period) = crate::snapshot::latest_period(data, &observations)
                && let Some((svg, _)) = crate::render::map::map_svg(
                    data,
                    index,
                    &observations,
                    &period,
                    crate::render::map::Classes::Quantiles,
                    1.0,
                )
            {
                let caption = self.figure_caption(&t!(
                    "report.map_caption",
                    name = indicator.name,
                    period = period
                ));
                self.blocks.push(Block::Figure {
                    kind: FigureKind::Map,
                    svg,
                    caption,
                    source: source.clone(),
                });
            }
            self.table(indicator, summary.region, &total, &years);
            self.ranking(indicator)?;
        }
        self.blocks.push(Block::Note(source));
        Ok(())
    }

    /// The regions with data for an indicator, in the order of the region list, with the
    /// indicator's reference region first.
    fn regions_with_data(
        &self,
        reference: Option<Uuid>,
        total: &[&Observation],
    ) -> Vec<&'a crate::model::Region> {
        let mut regions: Vec<&crate::model::Region> = self
            .data
            .regions
            .iter()
            .filter(|r| total.iter().any(|o| o.region_key == r.key))
            .collect();
        regions.sort_by_key(|r| Some(r.uuid) != reference);
        regions
    }

    /// "Figure 3: …", counting on.
    fn figure_caption(&mut self, text: &str) -> String {
        self.figures += 1;
        t!("report.figure", n = self.figures, text = text)
    }

    /// "Table 2: …", counting on.
    fn table_caption(&mut self, text: &str) -> String {
        self.tables += 1;
        t!("report.table", n = self.tables, text = text)
    }

    fn table(
        &mut self,
        indicator: &Indicator,
        reference: Option<Uuid>,
        total: &[&Observation],
        years: &str,
    ) {
        let data = self.data;
        let decimals = indicator.decimals.clamp(0, 6) as usize;
        let periods: Vec<&str> = data
            .periods
            .iter()
            .filter(|p| total.iter().any(|o| o.period_code == p.code))
            .map(|p| p.code.as_str())
            .collect();
        let caption = self.table_caption(&t!(
            "report.table_caption",
            name = indicator.name,
            unit = indicator.unit,
            years = years
        ));
        let header: Vec<String> = std::iter::once(t!("field.region").to_owned())
            .chain(periods.iter().map(|p| (*p).to_owned()))
            .collect();
        let regions = self.regions_with_data(reference, total);
        let rows = self.table_rows(&regions, reference, total, &periods, decimals);
        if self.all_regions && regions.len() > TABLE_ROWS {
            let all = regions
                .iter()
                .map(|region| region_row(data, region, total, &periods, decimals))
                .collect();
            self.appendix
                .push(Block::Subheading(indicator.name.clone()));
            self.appendix.push(Block::Table {
                caption: None,
                header: header.clone(),
                rows: all,
            });
        }
        self.blocks.push(Block::Table {
            caption: Some(caption),
            header,
            rows,
        });
        // Protected values: said in words under the table.
        if let Some(rule) = &self.rule
            && total
                .iter()
                .any(|o| o.note.as_deref() == Some(crate::published::note(rule).as_str()))
        {
            self.blocks
                .push(Block::Note(t!("protect.legend", min = rule.min)));
        }
        let symbols = data.symbols_shown(total.iter().copied());
        if !symbols.is_empty() {
            let legend: Vec<String> = symbols
                .iter()
                .map(|(symbol, meaning)| format!("{symbol} = {meaning}"))
                .collect();
            self.blocks.push(Block::Note(format!(
                "{} {}",
                t!("indicators.legend"),
                legend.join("; ")
            )));
        }
    }

    fn measures(&mut self, goal: &Goal) {
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
        let timeline = crate::render::chart::timeline(
            &crate::render::chart::measure_rows(measures.iter().copied()),
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

/// The first and last period of some observations, as "2010–2024" (one period alone).
fn span(data: &Snapshot, observations: &[&Observation]) -> String {
    let codes: Vec<&str> = data
        .periods
        .iter()
        .filter(|p| observations.iter().any(|o| o.period_code == p.code))
        .map(|p| p.code.as_str())
        .collect();
    match (codes.first(), codes.last()) {
        (Some(first), Some(last)) if first != last => format!("{first}–{last}"),
        (Some(first), _) => (*first).to_owned(),
        _ => String::new(),
    }
}
