//! Slides that are words: the title slide, a goal's indicators, the ideas collected, a
//! vote — drawn as pictures for the presentation and the slide export alike. Text wraps at
//! the slide's edge; what does not fit says how much more there is.

use std::fmt::Write as _;

use uuid::Uuid;

use super::super::text::wrap;
use super::Page;
use crate::error::Result;
use crate::i18n;
use crate::model::Slide;
use crate::slides::Settings;
use crate::snapshot::Snapshot;
use crate::store::Store;
use crate::t;

/// The title slide: the title large and centred, the body's lines below.
pub(super) fn title_slide(slide: &Slide, page: &mut Page) {
    let size = page.px(84.0);
    let lines = wrap(&slide.title, size, page.inner_width());
    let body: Vec<(String, f64)> = slide
        .body
        .lines()
        .flat_map(|line| wrap(line, page.px(40.0), page.inner_width()))
        .map(|line| (line, page.px(40.0)))
        .collect();
    let height =
        lines.len() as f64 * size * 1.15 + page.px(40.0) + body.len() as f64 * page.px(52.0);
    page.y = ((page.height - height) / 2.0).max(page.px(60.0));
    for line in &lines {
        page.y += size;
        page.centred(line, size, "#111");
        page.y += size * 0.15;
    }
    page.y += page.px(40.0);
    for (line, size) in &body {
        page.y += page.px(52.0);
        page.centred(line, *size, "#444");
    }
}

/// A goal (or all goals) with each indicator's status and latest value — the latest that
/// may be published: on the wall, values follow the protection rule (the status is judged
/// on every value, and tells no count).
pub(super) fn goal_slide(
    store: &Store,
    data: &Snapshot,
    slide: &Slide,
    page: &mut Page,
) -> Result<()> {
    page.heading(&slide.title);
    let rule = crate::published::rule(store.conn())?;
    let settings = Settings::of(slide);
    let goals: Vec<&crate::model::Goal> = match settings.goal.and_then(|g| data.goal(g)) {
        Some(goal) => std::iter::once(goal)
            .chain(data.child_goals(Some(goal.uuid)))
            .collect(),
        None => data.goals.iter().collect(),
    };
    let mut rows: Vec<Row> = Vec::new();
    for goal in goals {
        let indicators: Vec<usize> = data.indicators_of_goal(goal.uuid).map(|(i, _)| i).collect();
        if indicators.is_empty() {
            continue;
        }
        rows.push(Row::Heading(goal.title.clone()));
        for index in indicators {
            let indicator = &data.indicators[index];
            let summary = &data.summaries[index];
            let region_key = summary
                .region
                .and_then(|r| data.region(r))
                .map_or("", |r| r.key.as_str());
            let series = crate::published::series(
                store.conn(),
                rule.as_ref(),
                &indicator.code,
                region_key,
                &summary.series,
            )?;
            let latest = series
                .iter()
                .rev()
                .find_map(|v| Some((v.period_code.clone(), v.value?)));
            let value = latest.map_or_else(String::new, |(period, value)| {
                format!(
                    " – {period}: {} {}",
                    i18n::format_decimal(value, indicator.decimals.clamp(0, 6) as usize),
                    indicator.unit
                )
            });
            rows.push(Row::Status(
                summary.status,
                format!("{} · {}{value}", summary.status.label(), indicator.name),
            ));
        }
    }
    let total = rows.iter().filter(|r| matches!(r, Row::Status(..))).count();
    let mut shown = 0;
    let size = page.px(32.0);
    let dot = page.px(11.0);
    for (n, row) in rows.iter().enumerate() {
        let (text, size, colour, indent) = match row {
            Row::Heading(text) => (text.as_str(), page.px(36.0), "#1f4e79", 0.0),
            Row::Status(_, text) => (text.as_str(), size, "#222", page.px(40.0)),
        };
        let lines = wrap(text, size, page.inner_width() - indent);
        let needed = lines.len() as f64 * size * 1.3 + if n > 0 { size * 0.3 } else { 0.0 };
        // Room for this row and the line that says how many more there are.
        if page.y + needed + page.px(32.0) * 1.4 > page.bottom() {
            page.more(&t!("present.more_indicators", count = total - shown));
            return Ok(());
        }
        if matches!(row, Row::Heading(_)) && n > 0 {
            page.y += size * 0.4;
        }
        if let Row::Status(status, _) = row {
            shown += 1;
            let _ = write!(
                page.svg,
                r#"<circle cx="{:.1}" cy="{:.1}" r="{dot:.1}" fill="{}"/>"#,
                page.margin + dot + page.px(4.0),
                page.y + size * 1.3 - size * 0.35,
                super::super::palette::status(*status)
            );
        }
        for line in lines {
            page.y += size * 1.3;
            page.text(page.margin + indent, &line, size, colour);
        }
    }
    Ok(())
}

enum Row {
    Heading(String),
    Status(crate::model::traffic_light::TrafficLight, String),
}

/// The ideas collected, numbered; in two columns when one is full; the newest when even
/// two are not enough, with a line saying how many earlier ones there are.
pub(super) fn ideas_slide(data: &Snapshot, slide: &Slide, page: &mut Page) {
    page.heading(&slide.title);
    let ideas: Vec<String> = data
        .ideas_of(slide.uuid)
        .enumerate()
        .map(|(n, idea)| format!("{}. {}", n + 1, idea.text))
        .collect();
    if ideas.is_empty() {
        page.more(t!("present.ideas_empty"));
        return;
    }
    let size = page.px(32.0);
    let gap = page.px(40.0);
    let column_width = (page.inner_width() - gap) / 2.0;
    let top = page.y;
    let room = page.bottom() - top - size * 1.5;
    let wrapped = |width: f64| -> Vec<Vec<String>> {
        ideas.iter().map(|idea| wrap(idea, size, width)).collect()
    };
    let height = |items: &[Vec<String>]| -> f64 {
        items
            .iter()
            .map(|lines| (lines.len() as f64 + 0.3) * size * 1.25)
            .sum()
    };
    let one = wrapped(page.inner_width());
    if height(&one) <= room {
        for lines in &one {
            page.block(page.margin, lines, size);
        }
        return;
    }
    let two = wrapped(column_width);
    // The newest that fit in two columns, oldest first.
    let mut first = two.len();
    let mut used = 0.0;
    while first > 0 {
        let next = height(&two[first - 1..first]);
        if used + next > room * 2.0 - size * 2.0 {
            break;
        }
        used += next;
        first -= 1;
    }
    if first > 0 {
        page.more(&t!("present.earlier_ideas", count = first));
    }
    let start = page.y;
    let mut column = 0;
    for lines in &two[first..] {
        if column == 0 && page.y + height(std::slice::from_ref(lines)) > start + room {
            column = 1;
            page.y = start;
        }
        let x = page.margin + f64::from(column) * (column_width + gap);
        page.block(x, lines, size);
    }
}

/// One option of a vote as laid out: which, its text's lines, where its row is.
#[derive(Clone, Debug, PartialEq)]
pub struct VoteRow {
    /// The idea or measure.
    pub option: Uuid,
    /// The text, wrapped.
    pub lines: Vec<String>,
    /// Dots given.
    pub dots: i64,
    /// The row's top and bottom, in the slide's pixels.
    pub top: f64,
    /// See `top`.
    pub bottom: f64,
}

/// Where a vote's options go on a slide `width` × `height`: the rows that fit, and how
/// many did not. The window maps a click to an option by these rows.
#[must_use]
pub fn vote_layout(
    data: &Snapshot,
    slide: &Slide,
    width: u32,
    height: u32,
) -> (Vec<VoteRow>, usize) {
    let mut page = Page::new(width, height);
    page.heading(&slide.title);
    page.y += page.px(24.0) * 1.4;
    let options = crate::slides::vote_options(data, slide);
    let size = page.px(30.0);
    let text_width = page.inner_width() * 0.5 - page.px(50.0);
    let mut rows = Vec::new();
    for (n, (option, text, dots)) in options.iter().enumerate() {
        let lines = wrap(text, size, text_width);
        let row_height = lines.len() as f64 * size * 1.25 + size * 0.5;
        if page.y + row_height + size * 1.4 > page.bottom() {
            return (rows, options.len() - n);
        }
        rows.push(VoteRow {
            option: *option,
            lines,
            dots: *dots,
            top: page.y,
            bottom: page.y + row_height,
        });
        page.y += row_height;
    }
    (rows, 0)
}

/// The vote: a row per option — its number (the key that gives a dot), its text, a bar as
/// long as its dots.
pub(super) fn vote_slide(data: &Snapshot, slide: &Slide, page: &mut Page) {
    page.heading(&slide.title);
    let hint = page.px(24.0);
    page.y += hint * 1.2;
    page.text(page.margin, t!("present.vote_hint"), hint, "#555");
    let (rows, hidden) = vote_layout(data, slide, page.width as u32, page.height as u32);
    if rows.is_empty() && hidden == 0 {
        page.more(t!("present.vote_empty"));
        return;
    }
    let size = page.px(30.0);
    let most = rows.iter().map(|r| r.dots).max().unwrap_or(0).max(1);
    let bar_left = page.margin + page.inner_width() * 0.5;
    let bar_room = page.inner_width() * 0.5 - page.px(80.0);
    for (n, row) in rows.iter().enumerate() {
        let first = row.top + size * 1.25;
        // The number is the key that gives a dot: 1 to 9.
        if n < 9 {
            page.text_at(page.margin, first, &format!("{}", n + 1), size, "#1f4e79");
        }
        for (k, line) in row.lines.iter().enumerate() {
            page.text_at(
                page.margin + page.px(50.0),
                first + k as f64 * size * 1.25,
                line,
                size,
                "#222",
            );
        }
        let length = bar_room * row.dots as f64 / most as f64;
        let _ = write!(
            page.svg,
            r##"<rect x="{bar_left:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{:.1}" fill="#ffd700"/>"##,
            first - size * 0.85,
            length.max(page.px(4.0)),
            size,
            page.px(4.0)
        );
        page.text_at(
            bar_left + length.max(page.px(4.0)) + page.px(14.0),
            first,
            &row.dots.to_string(),
            size,
            "#222",
        );
    }
    page.y = rows.last().map_or(page.y, |r| r.bottom);
    if hidden > 0 {
        page.more(&t!("present.more_options", count = hidden));
    }
}
