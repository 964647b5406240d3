//! The stakeholder grid as a slide: influence over interest, each organisation a dot in
//! its cell. A name sits beside its dot where it fits without touching another name or
//! dot; where it does not, the dot carries a number and the name stands in a numbered
//! list beside the grid. No name is shortened, no text is smaller than a room can read.
//!
//! Nothing here draws personal data: organisations only, never contact persons.

use std::fmt::Write as _;

use super::super::esc;
use super::super::text::{width, wrap};
use super::Page;
use crate::snapshot::Snapshot;
use crate::t;

/// A rectangle: left, top, right, bottom.
pub type Rect = [f64; 4];

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Where the grid's parts went.
#[derive(Clone, Debug, Default)]
pub struct GridLayout {
    /// The square: left, top, side.
    pub square: [f64; 3],
    /// Each organisation's dot: centre, radius, and its number when its name is listed.
    pub dots: Vec<([f64; 2], f64, Option<usize>)>,
    /// Names beside their dots: the box they take, the lines, the text size.
    pub labels: Vec<(Rect, Vec<String>, f64)>,
    /// The numbered list: the box each entry takes, its lines, the text size.
    pub legend: Vec<(Rect, Vec<String>, f64)>,
    /// Organisations that found no room even in the list.
    pub hidden: usize,
}

/// Lays the grid out on `page` below its heading.
#[must_use]
pub fn layout(data: &Snapshot, page: &Page) -> GridLayout {
    let font = page.px(24.0);
    let line = font * 1.2;
    let top = page.y + page.px(20.0);
    let axis = page.px(60.0);
    let edge = (page.bottom() - top - axis).min(page.inner_width() * 0.52);
    let left = page.margin + axis;
    let cell = edge / 5.0;
    let radius = page.px(9.0);
    let marker = page.px(17.0);
    let mut out = GridLayout {
        square: [left, top, edge],
        ..GridLayout::default()
    };
    // The quadrants' names sit in the corners; nothing goes over them.
    let taken: Vec<Rect> = quadrant_labels(&out.square, font * 0.95)
        .into_iter()
        .map(|(rect, _)| rect)
        .collect();
    // Most influential first: they get the first choice of places.
    let mut order: Vec<usize> = (0..data.stakeholders.len()).collect();
    order.sort_by_key(|&n| {
        let s = &data.stakeholders[n];
        (-s.influence, -s.interest, s.name.to_lowercase())
    });
    // Each cell's organisations spread over a small grid of places inside the cell.
    let mut in_cell: std::collections::HashMap<(i64, i64), Vec<usize>> =
        std::collections::HashMap::new();
    for &n in &order {
        let s = &data.stakeholders[n];
        in_cell
            .entry((s.interest.clamp(1, 5), s.influence.clamp(1, 5)))
            .or_default()
            .push(n);
    }
    let mut centre = vec![[0.0, 0.0]; data.stakeholders.len()];
    for ((interest, influence), members) in &in_cell {
        let columns = (members.len() as f64).sqrt().ceil().max(1.0);
        let rows = (members.len() as f64 / columns).ceil().max(1.0);
        let (x0, y0) = (
            left + (*interest - 1) as f64 * cell,
            top + (5 - *influence) as f64 * cell,
        );
        for (k, &n) in members.iter().enumerate() {
            let (column, row) = ((k as f64 % columns), (k as f64 / columns).floor());
            centre[n] = [
                x0 + cell * (column + 0.5) / columns,
                y0 + cell * (row + 0.5) / rows,
            ];
        }
    }
    let dot_box = |c: [f64; 2], r: f64| [c[0] - r, c[1] - r, c[0] + r, c[1] + r];
    let bounds = [left, top, left + edge, top + edge];
    // Names are placed with every dot kept clear; a dot whose name finds no place becomes
    // a larger numbered marker, so the names are placed again with those kept clear, until
    // no further name moves to the list (the list only grows, so this ends).
    let mut listed: std::collections::HashSet<usize> = std::collections::HashSet::new();
    let placed = loop {
        let mut taken = taken.clone();
        taken.extend(order.iter().map(|&n| {
            let r = if listed.contains(&n) { marker } else { radius };
            dot_box(centre[n], r + page.px(2.0))
        }));
        let mut placed: Vec<(usize, Option<Rect>, Vec<String>)> = Vec::new();
        for &n in &order {
            let lines = wrap(&data.stakeholders[n].name, font, page.px(230.0));
            let spot = if listed.contains(&n) || lines.len() > 2 {
                // A name that needs more than two lines beside a dot goes to the list.
                None
            } else {
                label_spot(
                    centre[n],
                    radius + page.px(6.0),
                    &lines,
                    font,
                    &bounds,
                    &taken,
                )
            };
            if let Some(rect) = spot {
                taken.push(rect);
            }
            placed.push((n, spot, lines));
        }
        let before = listed.len();
        listed.extend(placed.iter().filter(|p| p.1.is_none()).map(|p| p.0));
        if listed.len() == before {
            break placed;
        }
    };
    let mut numbered: Vec<usize> = Vec::new();
    for (n, spot, lines) in placed {
        if let Some(rect) = spot {
            out.labels.push((rect, lines, font));
            out.dots.push((centre[n], radius, None));
        } else {
            numbered.push(n);
            out.dots.push((centre[n], marker, Some(numbered.len())));
        }
    }
    // The list of numbered names, in one or two columns right of the grid.
    let list_left = left + edge + page.px(40.0);
    let list_width = page.width - page.margin - list_left;
    let one_column: f64 = numbered
        .iter()
        .enumerate()
        .map(|(k, &n)| {
            let text = format!("{}. {}", k + 1, data.stakeholders[n].name);
            wrap(&text, font, list_width).len() as f64 * line + page.px(4.0)
        })
        .sum();
    let columns = if top + one_column > page.bottom() {
        2.0
    } else {
        1.0
    };
    let column_width = (list_width - page.px(30.0) * (columns - 1.0)) / columns;
    let (mut column, mut y) = (0.0, top);
    for (k, &n) in numbered.iter().enumerate() {
        let text = format!("{}. {}", k + 1, data.stakeholders[n].name);
        let lines = wrap(&text, font, column_width);
        let height = lines.len() as f64 * line + page.px(4.0);
        if y + height > page.bottom() {
            if column + 1.0 < columns {
                column += 1.0;
                y = top;
            } else {
                out.hidden = numbered.len() - k;
                break;
            }
        }
        let x = list_left + column * (column_width + page.px(30.0));
        out.legend
            .push(([x, y, x + column_width, y + height], lines, font));
        y += height;
    }
    out
}

/// Where a name of `lines` goes beside its dot at `centre`: right, left, above or below,
/// inside `bounds` and clear of everything `taken`.
fn label_spot(
    centre: [f64; 2],
    gap: f64,
    lines: &[String],
    font: f64,
    bounds: &Rect,
    taken: &[Rect],
) -> Option<Rect> {
    let text_w = lines.iter().map(|l| width(l, font)).fold(0.0, f64::max);
    let text_h = lines.len() as f64 * font * 1.2;
    let [cx, cy] = centre;
    [
        [cx + gap, cy - text_h / 2.0],
        [cx - gap - text_w, cy - text_h / 2.0],
        [cx - text_w / 2.0, cy - gap - text_h],
        [cx - text_w / 2.0, cy + gap],
    ]
    .into_iter()
    .map(|[x, y]| [x, y, x + text_w, y + text_h])
    .filter(|r| r[0] >= bounds[0] && r[1] >= bounds[1] && r[2] <= bounds[2] && r[3] <= bounds[3])
    .find(|r| !taken.iter().any(|t| overlaps(r, t)))
}

/// The quadrants' names in the square's corners: their boxes and texts.
fn quadrant_labels(square: &[f64; 3], font: f64) -> Vec<(Rect, String)> {
    let [left, top, edge] = *square;
    [
        (0.0, 0.0, "stakeholders.quadrant.satisfy"),
        (1.0, 0.0, "stakeholders.quadrant.manage"),
        (0.0, 1.0, "stakeholders.quadrant.monitor"),
        (1.0, 1.0, "stakeholders.quadrant.inform"),
    ]
    .into_iter()
    .map(|(column, row, key)| {
        let text = crate::i18n::tr(key).to_owned();
        let w = width(&text, font);
        let x = left + column * edge / 2.0 + edge / 4.0 - w / 2.0;
        let y = top + row * edge / 2.0 + font * 0.3;
        ([x, y, x + w, y + font * 1.2], text)
    })
    .collect()
}

/// Draws the grid slide.
pub(super) fn grid_slide(data: &Snapshot, title: &str, page: &mut Page) {
    page.heading(title);
    let grid = layout(data, page);
    let [left, top, edge] = grid.square;
    let small = page.px(24.0);
    let _ = write!(
        page.svg,
        r##"<rect x="{left:.1}" y="{top:.1}" width="{edge:.1}" height="{edge:.1}" fill="#f4f6f8" stroke="#999"/><line x1="{:.1}" x2="{:.1}" y1="{top:.1}" y2="{:.1}" stroke="#bbb"/><line x1="{left:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#bbb"/>"##,
        left + edge / 2.0,
        left + edge / 2.0,
        top + edge,
        left + edge,
        top + edge / 2.0,
        top + edge / 2.0
    );
    for (rect, text) in quadrant_labels(&grid.square, small * 0.95) {
        page.text_at(rect[0], rect[1] + small * 0.95, &text, small * 0.95, "#777");
    }
    // The axes' names, each with an arrow drawn after it (the embedded font has no "→").
    let arrow = small * 1.6;
    let interest = t!("field.interest");
    let x = left + edge / 2.0 - f64::midpoint(width(interest, small), arrow);
    let y = top + edge + small * 1.5;
    page.text_at(x, y, interest, small, "#222");
    page.svg
        .push_str(&arrow_after(x + width(interest, small), y, small, arrow));
    let influence = t!("field.influence");
    let (x, y) = (
        left - small * 0.8,
        top + edge / 2.0 + f64::midpoint(width(influence, small), arrow),
    );
    let _ = write!(
        page.svg,
        r##"<g transform="rotate(-90 {x:.1} {y:.1})"><text x="{x:.1}" y="{y:.1}" font-size="{small:.1}" fill="#222">{}</text>{}</g>"##,
        esc(influence),
        arrow_after(x + width(influence, small), y, small, arrow)
    );
    for (centre, radius, number) in &grid.dots {
        let _ = write!(
            page.svg,
            r##"<circle cx="{:.1}" cy="{:.1}" r="{radius:.1}" fill="#1f77b4"/>"##,
            centre[0], centre[1]
        );
        if let Some(number) = number {
            let text = number.to_string();
            let digits = page.px(22.0);
            page.text_at(
                centre[0] - width(&text, digits) / 2.0,
                centre[1] + digits * 0.35,
                &text,
                digits,
                "#fff",
            );
        }
    }
    for (rect, lines, size) in grid.labels.iter().chain(&grid.legend) {
        for (k, line) in lines.iter().enumerate() {
            page.text_at(
                rect[0],
                rect[1] + size * (0.95 + 1.2 * k as f64),
                line,
                *size,
                "#222",
            );
        }
    }
    if grid.hidden > 0 {
        page.y = page.bottom() - small * 1.4;
        page.more(&t!("present.more_stakeholders", count = grid.hidden));
    }
}

/// An arrow pointing right, after text ending at `x` on the baseline `y`.
fn arrow_after(x: f64, y: f64, size: f64, length: f64) -> String {
    let (from, at) = (x + size * 0.3, y - size * 0.35);
    let to = from + length - size * 0.3;
    format!(
        r##"<path d="M{from:.1},{at:.1}H{to:.1}M{:.1},{:.1}L{to:.1},{at:.1}L{:.1},{:.1}" stroke="#222" stroke-width="{:.1}" fill="none"/>"##,
        to - size * 0.3,
        at - size * 0.25,
        to - size * 0.3,
        at + size * 0.25,
        size * 0.08
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names of every length, crowded into few cells: no two texts or dots overlap, every
    /// name is whole (beside its dot or in the list), no text below 22 px.
    #[test]
    fn no_label_overlaps_another_or_a_dot_and_every_name_is_whole() {
        for (count, seed) in [(3, 1_u64), (12, 2), (29, 3), (40, 4), (60, 5)] {
            let mut data = Snapshot::default();
            let mut state = seed;
            let mut next = |n: u64| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                (state >> 33) % n
            };
            for k in 0..count {
                let words = [
                    "Jugendamt",
                    "Ausschuss für Schule und Bildung",
                    "VHS",
                    "Kita-Träger Nord e. V.",
                    "Stadtbibliothek Musterstadt",
                ];
                data.stakeholders.push(crate::model::Stakeholder {
                    uuid: crate::model::new_uuid(),
                    name: format!("{} {k}", words[next(5) as usize]),
                    kind: crate::model::StakeholderKind::Business,
                    education_areas: vec![],
                    description: String::new(),
                    // Crowded: most in the upper right quarter.
                    influence: 3 + next(3) as i64,
                    interest: 3 + next(3) as i64,
                    engagement: crate::model::Engagement::Inform,
                    tags: vec![],
                    contact_person: String::new(),
                    email: String::new(),
                    phone: String::new(),
                });
            }
            let mut page = Page::new(1920, 1080);
            page.heading("Akteure");
            let grid = layout(&data, &page);
            let mut boxes: Vec<Rect> = grid
                .labels
                .iter()
                .chain(&grid.legend)
                .map(|l| l.0)
                .collect();
            boxes.extend(
                grid.dots
                    .iter()
                    .map(|(c, r, _)| [c[0] - r, c[1] - r, c[0] + r, c[1] + r]),
            );
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    assert!(!overlaps(a, b), "{count}: {a:?} and {b:?}");
                }
            }
            // Up to 40 all names are on the slide; beyond, the ones that find no room are
            // counted on it ("… and 17 more"), never silently left out.
            if count <= 40 {
                assert_eq!(grid.hidden, 0, "{count}");
            }
            let shown: Vec<String> = grid
                .labels
                .iter()
                .map(|l| l.1.join(" "))
                .chain(
                    grid.legend
                        .iter()
                        .map(|l| l.1.join(" ").split_once(". ").unwrap().1.to_owned()),
                )
                .collect();
            assert_eq!(shown.len() + grid.hidden, count);
            for name in &shown {
                assert!(
                    data.stakeholders.iter().any(|s| s.name == *name),
                    "{name} is a whole name"
                );
            }
            for (_, _, size) in grid.labels.iter().chain(&grid.legend) {
                assert!(*size >= 22.0);
            }
        }
    }
}
