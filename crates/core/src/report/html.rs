//! The report's HTML: a writer that appends each part — title page, contents, chapters
//! with their goals, indicators (chart, map and table as numbered figures and tables with
//! captions), measures, stakeholders and sources — to one string.

use std::fmt::Write as _;

use super::{CSS, Part, ReportOrder};
use crate::i18n::{self, Lang};
use crate::model::traffic_light::TrafficLight;
use crate::model::{EducationArea, Goal, Indicator, Observation, StakeholderKind};
use crate::render::esc;
use crate::snapshot::Snapshot;
use crate::store::{Result, Store};
use crate::t;
use uuid::Uuid;

pub(super) fn today_text() -> String {
    let today = chrono::Local::now().date_naive();
    match i18n::lang() {
        Lang::De => today.format("%d.%m.%Y").to_string(),
        Lang::En => today.format("%-d %B %Y").to_string(),
    }
}

fn status_class(status: TrafficLight) -> &'static str {
    status.code()
}

pub(super) struct Report<'a> {
    pub store: &'a Store,
    pub data: &'a Snapshot,
    pub order: ReportOrder,
    pub html: String,
    pub charts: usize,
    pub indicators: usize,
    /// Figures and tables numbered so far (captions count them, as a printed report does).
    pub figures: usize,
    pub tables: usize,
}

/// Text made safe inside a CSS string: backslashes, quotes and line breaks escaped, and
/// nothing that could close the style element.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' | '"' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push_str("\\A "),
            '<' => out.push_str("\\3C "),
            '>' => out.push_str("\\3E "),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Report<'_> {
    pub(super) fn head(&mut self, info: &crate::store::project::ProjectInfo) {
        let _ = write!(
            self.html,
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>{}</title><style>{CSS}@page {{ @top-left {{ content: {}; font: 9pt Arial, sans-serif; color: #666; }} }}</style></head><body>",
            i18n::lang().code(),
            esc(&t!("report.title", name = info.project.name)),
            css_string(&t!("report.title", name = info.project.name))
        );
    }

    pub(super) fn title(&mut self, info: &crate::store::project::ProjectInfo) {
        let p = &info.project;
        let _ = write!(
            self.html,
            "<section class=\"title\"><p class=\"muted kind\">{}</p><h1>{}</h1><p>{}</p>",
            esc(t!("report.kind")),
            esc(&p.name),
            esc(&p.municipality)
        );
        if !p.description.is_empty() {
            let _ = write!(self.html, "<p>{}</p>", esc(&p.description));
        }
        let _ = write!(
            self.html,
            "<div class=\"imprint\"><p class=\"muted\">{}</p>",
            esc(&t!("report.date", date = today_text()))
        );
        if !p.authors.is_empty() {
            let _ = write!(
                self.html,
                "<p class=\"muted\">{}</p>",
                esc(&t!("report.authors", authors = p.authors))
            );
        }
        self.html.push_str("</div></section>");
    }

    pub(super) fn contents(&mut self, parts: &[Part<'_>], stakeholders: bool) {
        let _ = write!(
            self.html,
            "<nav><h2>{}</h2><ol>",
            esc(t!("report.contents"))
        );
        for part in parts {
            let _ = match part {
                Part::Area(area) => write!(
                    self.html,
                    "<li class=\"area\"><a href=\"#area-{}\">{}</a></li>",
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
    pub(super) fn area(&mut self, area: EducationArea) {
        let _ = write!(
            self.html,
            "<section class=\"area chapter\" id=\"area-{}\"><h2>{}</h2></section>",
            area.code(),
            esc(area.label())
        );
    }

    pub(super) fn goal(&mut self, goal: &Goal, depth: usize) -> Result<()> {
        let _ = write!(
            self.html,
            "<section class=\"goal{}\" id=\"goal-{}\"><h2>{}</h2><p class=\"muted\">{}{}{}</p>",
            match (self.order, depth) {
                (ReportOrder::Goals, 0) => " chapter",
                (_, 0) => "",
                _ => " sub",
            },
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
            let source = t!("report.source", source = indicator.source);
            let chart = self.chart(indicator, summary.region, &total);
            let years = span(data, &total);
            let caption = self.figure_caption(&t!(
                "report.chart_caption",
                name = indicator.name,
                unit = indicator.unit,
                years = years
            ));
            let _ = write!(
                self.html,
                "<figure class=\"chart\">{chart}<figcaption>{} {}</figcaption></figure>",
                esc(&caption),
                esc(&source)
            );
            if let Some(period) = crate::snapshot::latest_period(data, &observations)
                && let Some((map, _)) = crate::render::map::map_svg(
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
                let _ = write!(
                    self.html,
                    "<figure class=\"map\">{map}<figcaption>{} {}</figcaption></figure>",
                    esc(&caption),
                    esc(&source)
                );
            }
            self.table(indicator, &total, &years);
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

    fn chart(
        &mut self,
        indicator: &Indicator,
        reference: Option<Uuid>,
        total: &[&Observation],
    ) -> String {
        self.charts += 1;
        let regions = self.regions_with_data(reference, total);
        crate::render::figure::line_chart(
            self.data, indicator, &regions, reference, total, 1.0, None,
        )
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

    fn table(&mut self, indicator: &Indicator, total: &[&Observation], years: &str) {
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
        let regions = self.regions_with_data(None, total);
        let mut html = String::new();
        let _ = write!(
            html,
            "<div class=\"table-wrap\"><table><caption>{}</caption><thead><tr><th>{}</th>",
            esc(&caption),
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
            "<div class=\"measures\"><h3>{}</h3><div class=\"table-wrap\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
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
        let timeline = crate::render::chart::timeline(&rows, crate::snapshot::today_fraction());
        let caption = self.figure_caption(&t!("report.timeline_caption", goal = goal.title));
        let _ = write!(
            self.html,
            "<figure class=\"timeline\">{timeline}<figcaption>{}</figcaption></figure></div>",
            esc(&caption)
        );
    }

    pub(super) fn stakeholders(&mut self) {
        let data = self.data;
        let _ = write!(
            self.html,
            "<section class=\"goal chapter\" id=\"stakeholders\"><h2>{}</h2><p>{}</p><table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
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

    pub(super) fn sources(&mut self, store: &Store) -> Result<()> {
        let data = self.data;
        let _ = write!(
            self.html,
            "<section class=\"chapter\" id=\"sources\"><h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
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

#[cfg(test)]
mod tests {
    use super::css_string;

    #[test]
    fn a_css_string_cannot_end_early_or_close_the_style() {
        assert_eq!(css_string("Kita \"Nord\""), r#""Kita \"Nord\"""#);
        assert_eq!(css_string(r"a\b"), r#""a\\b""#);
        assert_eq!(css_string("x</style>"), r#""x\3C /style\3E ""#);
        assert_eq!(css_string("eins\nzwei"), r#""eins\A zwei""#);
    }
}
