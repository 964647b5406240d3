//! The education report (Bildungsbericht): one self-contained HTML file — CSS and SVG
//! charts inline, no script, nothing from the network — that opens offline in any browser
//! and prints to PDF with a page per goal.
//!
//! Every text from the project is escaped. No personal data is written: stakeholders appear
//! as organisations (name and kind), never with contact persons, e-mail addresses or
//! telephone numbers.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use uuid::Uuid;

use crate::i18n::{self, Lang};
use crate::model::traffic_light::TrafficLight;
use crate::model::{EducationArea, Goal, Indicator, Observation, StakeholderKind};
use crate::render::esc;
use crate::snapshot::Snapshot;
use crate::store::{Result, Store, StoreError};
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

const CSS: &str = r#"
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #222; max-width: 62rem; margin: 0 auto; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 2.2rem; margin-bottom: .2rem; } h2 { border-bottom: 2px solid #1f4e79; padding-bottom: .2rem; color: #1f4e79; }
h3 { margin-bottom: .3rem; } .muted { color: #666; } .title { min-height: 60vh; }
nav ol { line-height: 1.8; } table { border-collapse: collapse; font-size: .8rem; margin: .5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: .15rem .4rem; text-align: left; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; } svg { width: 100%; height: auto; } .status { font-weight: bold; padding: 0 .4rem; border-radius: .3rem; color: #fff; }
.on_track { background: #2e7d32; } .at_risk { background: #b26a00; } .off_track { background: #c62828; } .no_data { background: #757575; }
.indicator { break-inside: avoid; margin-bottom: 1.5rem; } .legend { font-size: .8rem; color: #444; }
section.goal, section.area { break-before: page; } section.area + section.goal { break-before: avoid; } footer { margin-top: 3rem; font-size: .8rem; color: #666; }
@media print { body { max-width: none; padding: 0; } nav { break-after: page; } }
"#;

/// Writes the report of the open project to `out` (written beside, then renamed).
pub fn write_report(store: &Store, out: &Path, options: &ReportOptions) -> Result<ReportSummary> {
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
    let mut report = Report {
        store,
        data: &data,
        html: String::with_capacity(1 << 20),
        charts: 0,
        indicators: 0,
    };
    report.head(&info);
    report.title(&info);
    report.contents(&parts, !options.without_stakeholders);
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
    if !options.without_stakeholders {
        report.stakeholders();
    }
    report.sources(store)?;
    let _ = writeln!(
        report.html,
        "<footer>{}</footer></body></html>",
        esc(&t!("report.footer", date = today_text()))
    );
    let (charts, indicators) = (report.charts, report.indicators);
    let html = report.html;
    let mut temporary = out.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let io = |source| StoreError::Io {
        path: out.to_owned(),
        source,
    };
    std::fs::write(&temporary, html.as_bytes()).map_err(io)?;
    if let Err(error) = std::fs::rename(&temporary, out) {
        let _ = std::fs::remove_file(&temporary);
        return Err(io(error));
    }
    Ok(ReportSummary {
        path: out.to_owned(),
        bytes: html.len() as u64,
        goals: goals.len(),
        indicators,
        charts,
    })
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

fn today_text() -> String {
    let today = chrono::Local::now().date_naive();
    match i18n::lang() {
        Lang::De => today.format("%d.%m.%Y").to_string(),
        Lang::En => today.format("%-d %B %Y").to_string(),
    }
}

fn status_class(status: TrafficLight) -> &'static str {
    status.code()
}

struct Report<'a> {
    store: &'a Store,
    data: &'a Snapshot,
    html: String,
    charts: usize,
    indicators: usize,
}

impl Report<'_> {
    fn head(&mut self, info: &crate::store::project::ProjectInfo) {
        let _ = write!(
            self.html,
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>{}</title><style>{CSS}</style></head><body>",
            i18n::lang().code(),
            esc(&t!("report.title", name = info.project.name))
        );
    }

    fn title(&mut self, info: &crate::store::project::ProjectInfo) {
        let p = &info.project;
        let _ = write!(
            self.html,
            "<section class=\"title\"><p class=\"muted\">{}</p><h1>{}</h1><p>{}</p>",
            esc(t!("report.kind")),
            esc(&p.name),
            esc(&p.municipality)
        );
        if !p.description.is_empty() {
            let _ = write!(self.html, "<p>{}</p>", esc(&p.description));
        }
        let _ = write!(
            self.html,
            "<p class=\"muted\">{}</p>",
            esc(&t!("report.date", date = today_text()))
        );
        if !p.authors.is_empty() {
            let _ = write!(
                self.html,
                "<p class=\"muted\">{}</p>",
                esc(&t!("report.authors", authors = p.authors))
            );
        }
        self.html.push_str("</section>");
    }

    fn contents(&mut self, parts: &[Part<'_>], stakeholders: bool) {
        let _ = write!(
            self.html,
            "<nav><h2>{}</h2><ol>",
            esc(t!("report.contents"))
        );
        for part in parts {
            let _ = match part {
                Part::Area(area) => write!(
                    self.html,
                    "<li><a href=\"#area-{}\"><strong>{}</strong></a></li>",
                    area.code(),
                    esc(area.label())
                ),
                Part::Goal(goal, depth) => write!(
                    self.html,
                    "<li style=\"margin-left:{}rem\"><a href=\"#goal-{}\">{}</a></li>",
                    depth * 2,
                    goal.uuid,
                    esc(&goal.title)
                ),
            };
        }
        if stakeholders {
            let _ = write!(
                self.html,
                "<li><a href=\"#stakeholders\">{}</a></li>",
                esc(t!("report.stakeholders"))
            );
        }
        let _ = write!(
            self.html,
            "<li><a href=\"#sources\">{}</a></li></ol></nav>",
            esc(t!("report.sources"))
        );
    }

    /// A chapter for an education area: its heading; its goals follow.
    fn area(&mut self, area: EducationArea) {
        let _ = write!(
            self.html,
            "<section class=\"area\" id=\"area-{}\"><h2>{}</h2></section>",
            area.code(),
            esc(area.label())
        );
    }

    fn goal(&mut self, goal: &Goal, depth: usize) -> Result<()> {
        let _ = write!(
            self.html,
            "<section class=\"goal\" id=\"goal-{}\"><h2>{}</h2><p class=\"muted\">{}{}{}</p>",
            goal.uuid,
            esc(&goal.title),
            "· ".repeat(depth),
            esc(goal.level.label()),
            goal.sdg_target
                .map_or_else(String::new, |s| format!(" · SDG {}", esc(s.label())))
        );
        if !goal.description.is_empty() {
            let _ = write!(self.html, "<p>{}</p>", esc(&goal.description));
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
        self.html.push_str("</section>");
        Ok(())
    }

    fn indicator(&mut self, index: usize) -> Result<()> {
        let data = self.data;
        let indicator = &data.indicators[index];
        let summary = &data.summaries[index];
        self.indicators += 1;
        let decimals = indicator.decimals.clamp(0, 6) as usize;
        let _ = write!(
            self.html,
            "<div class=\"indicator\"><h3>{}</h3><p><span class=\"status {}\">{}</span> ",
            esc(&indicator.name),
            status_class(summary.status),
            esc(summary.status.label())
        );
        let latest = summary
            .series
            .iter()
            .rev()
            .find_map(|v| Some((v.period_code.as_str(), v.value?)));
        if let Some((period, value)) = latest {
            let _ = write!(
                self.html,
                "{}",
                esc(&t!(
                    "report.latest",
                    period = period,
                    value = i18n::format_decimal(value, decimals),
                    unit = indicator.unit
                ))
            );
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
            let trend = if slope.abs() <= mean * 0.005 {
                t!("report.trend.flat")
            } else if slope > 0.0 {
                t!("report.trend.rising")
            } else {
                t!("report.trend.falling")
            };
            let _ = write!(self.html, " · {}", esc(trend));
        }
        match summary.target {
            Some(crate::model::traffic_light::Target::Value { value, year }) => {
                let _ = write!(
                    self.html,
                    " · {}",
                    esc(&t!(
                        "report.target",
                        value = i18n::format_decimal(value, decimals),
                        unit = indicator.unit,
                        year = year.map_or_else(String::new, |y| format!("{y:.0}"))
                    ))
                );
            }
            Some(crate::model::traffic_light::Target::Band { low, high }) => {
                let _ = write!(
                    self.html,
                    " · {}",
                    esc(&t!(
                        "report.band",
                        low = i18n::format_decimal(low, decimals),
                        high = i18n::format_decimal(high, decimals),
                        unit = indicator.unit
                    ))
                );
            }
            None => {}
        }
        self.html.push_str("</p>");
        if !indicator.definition.is_empty() {
            let _ = write!(self.html, "<p>{}</p>", esc(&indicator.definition));
        }
        let observations =
            crate::store::observations::for_indicator(self.store.conn(), &indicator.code)?;
        let total: Vec<&Observation> = observations
            .iter()
            .filter(|o| o.breakdown_key.is_empty())
            .collect();
        if !total.is_empty() {
            self.chart(indicator, summary.region, &total);
            if let Some(period) = crate::snapshot::latest_period(data, &observations)
                && let Some((map, _)) = crate::render::map::map_svg(
                    data,
                    index,
                    &observations,
                    &period,
                    crate::render::map::Classes::Quantiles,
                )
            {
                let _ = write!(
                    self.html,
                    "<p class=\"legend\">{}</p>{map}",
                    esc(&t!("report.map", period = period))
                );
            }
            self.table(indicator, &total);
        }
        let _ = write!(
            self.html,
            "<p class=\"legend\">{}</p></div>",
            esc(&t!("report.source", source = indicator.source))
        );
        Ok(())
    }

    /// The regions with data for an indicator, in the order of the region list, with the
    /// indicator's reference region first.
    fn regions_with_data<'b>(
        &'b self,
        reference: Option<Uuid>,
        total: &[&Observation],
    ) -> Vec<&'b crate::model::Region> {
        let mut regions: Vec<&crate::model::Region> = self
            .data
            .regions
            .iter()
            .filter(|r| total.iter().any(|o| o.region_key == r.key))
            .collect();
        regions.sort_by_key(|r| Some(r.uuid) != reference);
        regions
    }

    fn chart(&mut self, indicator: &Indicator, reference: Option<Uuid>, total: &[&Observation]) {
        let regions = self.regions_with_data(reference, total);
        let chart = crate::render::figure::line_chart(
            self.data, indicator, &regions, reference, total, 1.0,
        );
        self.html.push_str(&chart);
        self.charts += 1;
    }

    fn table(&mut self, indicator: &Indicator, total: &[&Observation]) {
        let data = self.data;
        let decimals = indicator.decimals.clamp(0, 6) as usize;
        let periods: Vec<&str> = data
            .periods
            .iter()
            .filter(|p| total.iter().any(|o| o.period_code == p.code))
            .map(|p| p.code.as_str())
            .collect();
        let regions = self.regions_with_data(None, total);
        let mut html = String::new();
        let _ = write!(
            html,
            "<div class=\"table-wrap\"><table><thead><tr><th>{}</th>",
            esc(t!("field.region"))
        );
        for period in &periods {
            let _ = write!(html, "<th>{}</th>", esc(period));
        }
        html.push_str("</tr></thead><tbody>");
        let symbols = data.symbols_shown(total.iter().copied());
        for region in regions {
            let _ = write!(html, "<tr><th>{}</th>", esc(&region.name));
            for period in &periods {
                let cell = total
                    .iter()
                    .find(|o| o.region_key == region.key && o.period_code == *period);
                let text = cell.map_or_else(String::new, |o| o.display(decimals));
                let _ = write!(html, "<td class=\"n\">{}</td>", esc(&text));
            }
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table></div>");
        if !symbols.is_empty() {
            let legend: Vec<String> = symbols
                .iter()
                .map(|(symbol, meaning)| format!("{} = {}", esc(symbol), esc(meaning)))
                .collect();
            let _ = write!(
                html,
                "<p class=\"legend\">{} {}</p>",
                esc(t!("indicators.legend")),
                legend.join("; ")
            );
        }
        self.html.push_str(&html);
    }

    fn measures(&mut self, goal: &Goal) {
        let data = self.data;
        let measures: Vec<&crate::model::Measure> = data.measures_of_goal(goal.uuid).collect();
        if measures.is_empty() {
            return;
        }
        let _ = write!(
            self.html,
            "<h3>{}</h3><div class=\"table-wrap\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(t!("goals.measures")),
            esc(t!("field.title")),
            esc(t!("field.status")),
            esc(t!("field.start_date")),
            esc(t!("field.end_date")),
            esc(t!("field.lead_stakeholder")),
            esc(t!("field.budget_planned_eur")),
            esc(t!("field.budget_spent_eur"))
        );
        let euro = |v: Option<f64>| {
            v.map_or_else(String::new, |v| format!("{} €", i18n::format_decimal(v, 0)))
        };
        let (mut planned, mut spent) = (0.0, 0.0);
        for m in &measures {
            planned += m.budget_planned_eur.unwrap_or(0.0);
            spent += m.budget_spent_eur.unwrap_or(0.0);
            let _ = write!(
                self.html,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&m.title),
                esc(m.status.label()),
                esc(m.start_date.as_deref().unwrap_or("")),
                esc(m.end_date.as_deref().unwrap_or("")),
                esc(data.stakeholder_name(m.lead_stakeholder)),
                esc(&euro(m.budget_planned_eur)),
                esc(&euro(m.budget_spent_eur))
            );
        }
        let _ = write!(
            self.html,
            "<tr><th colspan=\"5\">{}</th><td class=\"n\"><b>{}</b></td><td class=\"n\"><b>{}</b></td></tr></tbody></table></div>",
            esc(t!("report.total")),
            esc(&euro(Some(planned))),
            esc(&euro(Some(spent)))
        );
        let rows = crate::render::chart::measure_rows(measures.iter().copied());
        self.html.push_str(&crate::render::chart::timeline(
            &rows,
            crate::snapshot::today_fraction(),
        ));
    }

    fn stakeholders(&mut self) {
        let data = self.data;
        let _ = write!(
            self.html,
            "<section class=\"goal\" id=\"stakeholders\"><h2>{}</h2><p>{}</p><table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(t!("report.stakeholders")),
            esc(t!("report.stakeholders_intro")),
            esc(t!("field.kind")),
            esc(t!("report.organisations"))
        );
        for kind in StakeholderKind::ALL {
            let names: Vec<String> = data
                .stakeholders
                .iter()
                .filter(|s| s.kind == *kind)
                .map(|s| esc(&s.name))
                .collect();
            if names.is_empty() {
                continue;
            }
            let _ = write!(
                self.html,
                "<tr><td>{} ({})</td><td>{}</td></tr>",
                esc(kind.label()),
                names.len(),
                names.join("; ")
            );
        }
        self.html.push_str("</tbody></table></section>");
    }

    fn sources(&mut self, store: &Store) -> Result<()> {
        let data = self.data;
        let _ = write!(
            self.html,
            "<section id=\"sources\"><h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(t!("report.sources")),
            esc(t!("field.indicator")),
            esc(t!("field.source"))
        );
        for indicator in &data.indicators {
            let _ = write!(
                self.html,
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(&indicator.name),
                esc(&indicator.source)
            );
        }
        self.html.push_str("</tbody></table>");
        let mut statement = store
            .conn()
            .prepare("SELECT file_name, format, imported_at FROM import ORDER BY id")?;
        let imports = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if !imports.is_empty() {
            let _ = write!(self.html, "<h3>{}</h3><ul>", esc(t!("report.imports")));
            for (file, format, at) in imports {
                let _ = write!(
                    self.html,
                    "<li>{} ({}), {}</li>",
                    esc(&file),
                    esc(&format),
                    esc(&i18n::format_timestamp(&at))
                );
            }
            self.html.push_str("</ul>");
        }
        self.html.push_str("</section>");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("1")</script> & Co's"#),
            "&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; Co&#39;s"
        );
    }
}
