//! Choropleth maps of the districts: one indicator, one period, classes by quantiles or
//! equal intervals, a legend with the class limits and the unit. A district with a symbol
//! or without a value is hatched grey — never the colour of a number.
//!
//! Boundaries are stored in WGS84; the map projects them with a local equirectangular
//! projection (longitude scaled by the cosine of the middle latitude), which keeps shapes
//! and the aspect true to the ground at the size of a city.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use geo::Simplify;
use uuid::Uuid;

use super::esc;
use crate::model::Observation;
use crate::snapshot::Snapshot;
use crate::t;

/// How values fall into classes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Classes {
    /// Each class holds about as many districts as the next.
    #[default]
    Quantiles,
    /// Each class spans an equal part of the range from the lowest value to the highest.
    EqualIntervals,
}

/// The colours of the classes, light to dark (`ColorBrewer` Blues).
pub const COLOURS: [&str; 5] = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];

/// The map's drawing area (SVG units); the legend sits to its right.
pub const VIEW_W: f64 = 760.0;
/// The height of that drawing area (SVG units).
pub const VIEW_H: f64 = 520.0;
const MAP_W: f64 = 540.0;
const MARGIN: f64 = 10.0;

/// Where the map lies in its drawing area: longitude/latitude ↔ SVG units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    min_lon: f64,
    max_lat: f64,
    /// Cosine of the middle latitude.
    k: f64,
    scale: f64,
    dx: f64,
    dy: f64,
}

impl Layout {
    fn fit(shapes: &[&(Uuid, geo::MultiPolygon<f64>)]) -> Option<Layout> {
        use geo::BoundingRect;
        let mut rect: Option<geo::Rect<f64>> = None;
        for (_, shape) in shapes {
            if let Some(r) = shape.bounding_rect() {
                rect = Some(match rect {
                    None => r,
                    Some(all) => geo::Rect::new(
                        geo::coord! { x: all.min().x.min(r.min().x), y: all.min().y.min(r.min().y) },
                        geo::coord! { x: all.max().x.max(r.max().x), y: all.max().y.max(r.max().y) },
                    ),
                });
            }
        }
        let rect = rect?;
        let k = f64::midpoint(rect.min().y, rect.max().y).to_radians().cos();
        let (w, h) = ((rect.width() * k).max(1e-9), rect.height().max(1e-9));
        let scale = ((MAP_W - 2.0 * MARGIN) / w).min((VIEW_H - 2.0 * MARGIN) / h);
        Some(Layout {
            min_lon: rect.min().x,
            max_lat: rect.max().y,
            k,
            scale,
            dx: MARGIN + ((MAP_W - 2.0 * MARGIN) - w * scale) / 2.0,
            dy: MARGIN + ((VIEW_H - 2.0 * MARGIN) - h * scale) / 2.0,
        })
    }

    /// SVG units of a longitude/latitude.
    #[must_use]
    pub fn to_view(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.dx + (lon - self.min_lon) * self.k * self.scale,
            self.dy + (self.max_lat - lat) * self.scale,
        )
    }

    /// Longitude/latitude of a point in SVG units.
    #[must_use]
    pub fn to_lonlat(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.min_lon + (x - self.dx) / (self.k * self.scale),
            self.max_lat - (y - self.dy) / self.scale,
        )
    }
}

/// Class limits for `values` (sorted inside): up to five classes.
#[must_use]
pub fn limits(values: &[f64], classes: Classes) -> Vec<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let (Some(&low), Some(&high)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    let count = sorted.len().clamp(1, COLOURS.len());
    let mut limits: Vec<f64> = match classes {
        Classes::EqualIntervals => (0..=count)
            .map(|i| low + (high - low) * i as f64 / count as f64)
            .collect(),
        Classes::Quantiles => (0..=count)
            .map(|i| {
                let position = (sorted.len() - 1) as f64 * i as f64 / count as f64;
                sorted[position.round() as usize]
            })
            .collect(),
    };
    limits.dedup_by(|a, b| (*a - *b).abs() < f64::EPSILON);
    if limits.len() == 1 {
        limits.push(limits[0]);
    }
    limits
}

/// The class of a value: index into [`COLOURS`] spread over the classes there are.
fn class_of(value: f64, limits: &[f64]) -> usize {
    let classes = limits.len().saturating_sub(1).max(1);
    let index = limits[1..]
        .iter()
        .position(|limit| value <= *limit)
        .unwrap_or(classes - 1);
    // Fewer classes than colours: spread them over the ramp.
    index * (COLOURS.len() - 1) / (classes - 1).max(1)
}

/// Where a region's name goes, as `[x, y, width, height]` in SVG units: centred on the
/// region's largest part, when that part's box is wide and tall enough for the name at 11
/// units and the place is clear of the names placed before; `None` where it does not fit.
/// The largest part, not the whole: an island far out (Pinneberg's Helgoland) would make
/// a small Kreis's box as large as a Land's and put its name in the sea.
fn label_place(
    shape: &geo::MultiPolygon<f64>,
    layout: &Layout,
    name: &str,
    placed: &[[f64; 4]],
    font: f64,
) -> Option<[f64; 4]> {
    use geo::{Area, BoundingRect, Centroid};
    let shape = shape
        .0
        .iter()
        .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
    let height = font * 1.2;
    let rect = shape.bounding_rect()?;
    let (x1, y1) = layout.to_view(rect.min().x, rect.max().y);
    let (x2, y2) = layout.to_view(rect.max().x, rect.min().y);
    let width = super::text::width(name, font) + font * 0.4;
    if (x2 - x1).abs() < width || (y2 - y1).abs() < height * 1.5 {
        return None;
    }
    let centre = shape.centroid()?;
    let (cx, cy) = layout.to_view(centre.x(), centre.y());
    let place = [cx - width / 2.0, cy - height / 2.0, width, height];
    let overlaps = |other: &[f64; 4]| {
        place[0] < other[0] + other[2]
            && other[0] < place[0] + place[2]
            && place[1] < other[1] + other[3]
            && other[1] < place[1] + place[3]
    };
    (!placed.iter().any(overlaps)).then_some(place)
}

/// How much of the country a map shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Extent {
    /// My region and its surroundings (the default).
    #[default]
    Around,
    /// Every region of the level the map shows, across the country.
    Country,
}

/// Of `uuids`, those at one level: the level with the most regions that have a value in
/// `valued` (region keys), else the one with the most regions.
fn one_level<S: std::hash::BuildHasher>(
    data: &Snapshot,
    uuids: Vec<Uuid>,
    valued: &HashSet<&str, S>,
) -> Vec<Uuid> {
    let mut by_level: HashMap<crate::model::RegionLevel, (usize, usize)> = HashMap::new();
    for region in uuids.iter().filter_map(|u| data.region(*u)) {
        let counts = by_level.entry(region.level).or_default();
        counts.0 += usize::from(valued.contains(region.key.as_str()));
        counts.1 += 1;
    }
    let Some(level) = by_level
        .into_iter()
        .max_by_key(|(level, counts)| (*counts, *level))
        .map(|(level, _)| level)
    else {
        return Vec::new();
    };
    let (chosen, coarser): (Vec<Uuid>, Vec<Uuid>) = uuids
        .into_iter()
        .filter(|u| data.region(*u).is_some_and(|r| r.level <= level))
        .partition(|u| data.region(*u).is_some_and(|r| r.level == level));
    // A region above that level with a value and nothing of its own below it on the map
    // fills its place: Hamburg and Berlin, which a Kreis table lists only as Länder.
    let fills: Vec<Uuid> = coarser
        .into_iter()
        .filter(|u| {
            data.region(*u).is_some_and(|above| {
                valued.contains(above.key.as_str())
                    && !chosen.iter().any(|c| {
                        data.region(*c)
                            .is_some_and(|below| lies_in(data, below, above.uuid))
                    })
            })
        })
        .collect();
    chosen.into_iter().chain(fills).collect()
}

/// Whether `region` lies below `ancestor` (through its parents, a few levels up).
fn lies_in(data: &Snapshot, region: &crate::model::Region, ancestor: Uuid) -> bool {
    let mut parent = region.parent;
    for _ in 0..8 {
        match parent {
            Some(p) if p == ancestor => return true,
            Some(p) => parent = data.region(p).and_then(|r| r.parent),
            None => return false,
        }
    }
    false
}

/// The boundaries a map shows, centred on my region when the project has one: the regions
/// of its level in the region above it (the Kreise of its Land, my region among them), or
/// the regions below it (a Landkreis's Gemeinden, a city's districts) when these have more
/// values in `valued` (the keys of the regions with a value) or my region has no boundary
/// of its own — a county's map is its Land, not all of Germany. Without my region, or for
/// [`Extent::Country`], every boundary of one level (the one with the most values).
#[must_use]
pub fn shown_shapes<'a, S: std::hash::BuildHasher>(
    data: &'a Snapshot,
    valued: &HashSet<&str, S>,
    extent: Extent,
) -> Vec<&'a (Uuid, geo::MultiPolygon<f64>)> {
    let with_shape: HashSet<Uuid> = data.shapes.iter().map(|(uuid, _)| *uuid).collect();
    let pick = |keep: &dyn Fn(&crate::model::Region) -> bool| -> Vec<Uuid> {
        data.regions
            .iter()
            .filter(|r| with_shape.contains(&r.uuid) && keep(r))
            .map(|r| r.uuid)
            .collect()
    };
    let valued_in = |uuids: &[Uuid]| {
        uuids
            .iter()
            .filter_map(|u| data.region(*u))
            .filter(|r| valued.contains(r.key.as_str()))
            .count()
    };
    let mine = data.my_region.and_then(|uuid| data.region(uuid));
    let chosen: Vec<Uuid> = match mine {
        Some(mine) => {
            let siblings = pick(&|r| r.level == mine.level && r.parent == mine.parent);
            let below = one_level(data, pick(&|r| lies_in(data, r, mine.uuid)), valued);
            let around = if with_shape.contains(&mine.uuid)
                && siblings.len() >= 2
                && (below.is_empty() || valued_in(&siblings) >= valued_in(&below))
            {
                siblings
            } else if !below.is_empty() {
                below
            } else {
                one_level(data, pick(&|_| true), valued)
            };
            match extent {
                Extent::Around => around,
                Extent::Country => {
                    let level = around
                        .first()
                        .and_then(|u| data.region(*u))
                        .map(|r| r.level);
                    pick(&|r| Some(r.level) == level)
                }
            }
        }
        None => one_level(data, pick(&|_| true), valued),
    };
    let chosen: HashSet<Uuid> = chosen.into_iter().collect();
    data.shapes
        .iter()
        .filter(|(uuid, _)| chosen.contains(uuid))
        .collect()
}

/// The keys of the regions with a value (total, not a breakdown) in `period`.
#[must_use]
pub fn valued_keys<'a>(observations: &'a [Observation], period: &str) -> HashSet<&'a str> {
    observations
        .iter()
        .filter(|o| o.breakdown_key.is_empty() && o.period_code == period && o.value.is_some())
        .map(|o| o.region_key.as_str())
        .collect()
}

/// A boundary as an SVG path in the map's units, without detail finer than `epsilon`
/// degrees.
fn svg_path(shape: &geo::MultiPolygon<f64>, layout: &Layout, epsilon: f64) -> String {
    let simplified = shape.simplify(&epsilon);
    let mut path = String::new();
    for polygon in &simplified.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            for (n, c) in ring.coords().enumerate() {
                let (x, y) = layout.to_view(c.x, c.y);
                let _ = write!(path, "{}{x:.1},{y:.1} ", if n == 0 { "M" } else { "L" });
            }
            path.push('Z');
        }
    }
    path
}

/// The map and its legend as an `<svg>` of [`VIEW_W`] × [`VIEW_H`], with its layout for
/// hit-testing; `None` when no region has a boundary. Text is `text_scale` times the size
/// of a figure's (slides use more).
#[must_use]
pub fn map_svg(
    data: &Snapshot,
    index: usize,
    observations: &[Observation],
    period: &str,
    classes: Classes,
    text_scale: f64,
) -> Option<(String, Layout)> {
    map_svg_of(
        data,
        index,
        observations,
        period,
        (classes, Extent::Around),
        text_scale,
    )
}

/// [`map_svg`] for an extent of the map: my region's surroundings or the whole country.
#[must_use]
pub fn map_svg_of(
    data: &Snapshot,
    index: usize,
    observations: &[Observation],
    period: &str,
    (classes, extent): (Classes, Extent),
    text_scale: f64,
) -> Option<(String, Layout)> {
    let (label_font, legend_font) = (11.0 * text_scale, 13.0 * text_scale);
    let (row, swatch) = (26.0 * text_scale, 18.0 * text_scale);
    let shapes = shown_shapes(data, &valued_keys(observations, period), extent);
    let layout = Layout::fit(&shapes)?;
    let indicator = &data.indicators[index];
    let decimals = indicator.decimals.clamp(0, 6) as usize;
    let value_of: HashMap<&str, &Observation> = observations
        .iter()
        .filter(|o| o.breakdown_key.is_empty() && o.period_code == period)
        .map(|o| (o.region_key.as_str(), o))
        .collect();
    let values: Vec<f64> = shapes
        .iter()
        .filter_map(|(r, _)| data.region(*r))
        .filter_map(|r| value_of.get(r.key.as_str()).and_then(|o| o.value))
        .collect();
    let limits = limits(&values, classes);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg class="map" data-indicator="{}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_W} {VIEW_H}" role="img"><defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="8" height="8"><rect width="8" height="8" fill="#d9d9d9"/><path d="M0,8 L8,0" stroke="#8c8c8c" stroke-width="1.2"/></pattern></defs><rect width="{VIEW_W}" height="{VIEW_H}" fill="#ffffff"/>"##,
        esc(&indicator.code)
    );
    // Half a unit of the screen, in degrees: finer detail is not drawn.
    let epsilon = 0.5 / layout.scale;
    let mut labels = String::new();
    let mut placed: Vec<[f64; 4]> = Vec::new();
    let mut mine = String::new();
    for (region_uuid, shape) in shapes.iter().copied() {
        let Some(region) = data.region(*region_uuid) else {
            continue;
        };
        let observation = value_of.get(region.key.as_str());
        let (fill, text) = match observation.and_then(|o| o.value) {
            Some(value) if !limits.is_empty() => (
                COLOURS[class_of(value, &limits)].to_owned(),
                format!(
                    "{}: {} {}",
                    region.name,
                    crate::i18n::format_decimal(value, decimals),
                    indicator.unit
                ),
            ),
            _ => (
                "url(#hatch)".to_owned(),
                format!(
                    "{}: {}",
                    region.name,
                    observation.and_then(|o| o.symbol.as_deref()).map_or_else(
                        || t!("map.no_value").to_owned(),
                        |s| format!("{s} = {}", data.symbol_label(s))
                    )
                ),
            ),
        };
        let path = svg_path(shape, &layout, epsilon);
        let _ = write!(
            svg,
            r##"<g><title>{}</title><path d="{path}" fill="{fill}" fill-rule="evenodd" stroke="#ffffff" stroke-width="1.5"/></g>"##,
            esc(&text)
        );
        // My region outlined over its neighbours.
        if data.my_region == Some(region.uuid) {
            let _ = write!(
                mine,
                r##"<path class="mine" d="{path}" fill="none" stroke="#111111" stroke-width="3"/>"##
            );
        }
        // A name where it fits: inside its region's box, clear of the names placed so far
        // (a map of 400 Kreise labels the large ones, not a blot of text).
        if let Some(place) = label_place(shape, &layout, &region.name, &placed, label_font) {
            placed.push(place);
            let (x, y) = (place[0] + place[2] / 2.0, place[1] + place[3] - 2.0);
            let _ = write!(
                labels,
                r##"<text x="{x:.1}" y="{y:.1}" text-anchor="middle" font-size="{label_font:.1}" fill="#000" stroke="#fff" stroke-width="3" paint-order="stroke">{}</text>"##,
                esc(&region.name)
            );
        }
    }
    // My region outlined around the regions below it (a Landkreis around its Gemeinden).
    if mine.is_empty()
        && let Some((_, shape)) = data
            .shapes
            .iter()
            .find(|(uuid, _)| Some(*uuid) == data.my_region)
    {
        let _ = write!(
            mine,
            r##"<path class="mine" d="{}" fill="none" stroke="#111111" stroke-width="3"/>"##,
            svg_path(shape, &layout, epsilon)
        );
    }
    svg.push_str(&mine);
    svg.push_str(&labels);
    // The licence of the shipped boundaries asks for its attribution beside the map.
    if shapes
        .iter()
        .any(|(uuid, _)| data.official_shapes.contains(uuid))
    {
        let attribution = &crate::model::official_boundaries::shipped().attribution;
        // As large as the names on the map: the smallest text a slide or report page has.
        let size = label_font;
        let _ = write!(
            svg,
            r##"<text class="attribution" x="{MARGIN}" y="{:.1}" font-size="{size:.1}" fill="#555" stroke="#fff" stroke-width="2" paint-order="stroke">{}</text>"##,
            VIEW_H - 3.0,
            esc(attribution)
        );
    }
    // Legend.
    let x = MAP_W + 20.0;
    let _ = write!(
        svg,
        r##"<text x="{x}" y="30" font-size="{legend_font:.1}" fill="#222">{}</text>"##,
        esc(&indicator.unit)
    );
    let classes_drawn = limits.len().saturating_sub(1);
    for n in 0..classes_drawn {
        let y = 44.0 + n as f64 * row;
        let colour = COLOURS[n * (COLOURS.len() - 1) / (classes_drawn.max(2) - 1)];
        let _ = write!(
            svg,
            r##"<rect x="{x}" y="{y}" width="{:.1}" height="{swatch:.1}" fill="{colour}" stroke="#999"/><text x="{:.1}" y="{:.1}" font-size="{legend_font:.1}" fill="#222">{} – {}</text>"##,
            swatch * 1.2,
            x + swatch * 1.2 + 8.0,
            y + swatch * 0.8,
            esc(&crate::i18n::format_decimal(limits[n], decimals)),
            esc(&crate::i18n::format_decimal(limits[n + 1], decimals))
        );
    }
    let y = 44.0 + classes_drawn as f64 * row + 8.0;
    let _ = write!(
        svg,
        r##"<rect x="{x}" y="{y}" width="{:.1}" height="{swatch:.1}" fill="url(#hatch)" stroke="#999"/><text x="{:.1}" y="{:.1}" font-size="{legend_font:.1}" fill="#222">{}</text></svg>"##,
        swatch * 1.2,
        x + swatch * 1.2 + 8.0,
        y + swatch * 0.8,
        esc(t!("map.no_value"))
    );
    Some((svg, layout))
}

/// The map as a whole figure: title, unit and period, the map, source, data date and the
/// symbols it shows. `None` when no region has a boundary.
#[must_use]
pub fn map_figure(
    data: &Snapshot,
    index: usize,
    observations: &[Observation],
    period: Option<&str>,
    canvas: super::canvas::Canvas,
    title: Option<&str>,
) -> Option<String> {
    let period = period
        .map(str::to_owned)
        .or_else(|| crate::snapshot::latest_period(data, observations))?;
    let (map, _) = map_svg(
        data,
        index,
        observations,
        &period,
        Classes::Quantiles,
        canvas.text_scale,
    )?;
    let indicator = &data.indicators[index];
    let symbols = data.symbols_shown(
        observations
            .iter()
            .filter(|o| o.breakdown_key.is_empty() && o.period_code == period),
    );
    let subtitle = format!("{} · {period}", indicator.unit);
    let (title, subtitle) = super::canvas::titles(title, &indicator.name, &subtitle);
    Some(super::canvas::compose(
        canvas,
        &title,
        &subtitle,
        &map,
        &[
            t!(
                "report.source",
                source = indicator.cited_source(&data.indicators)
            ),
            t!(
                "figure.data_date",
                period = crate::i18n::format_period(&period)
            ),
        ],
        &symbols,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, side: f64) -> geo::MultiPolygon<f64> {
        geo::MultiPolygon(vec![geo::Polygon::new(
            geo::LineString::from(vec![
                (x, y),
                (x + side, y),
                (x + side, y + side),
                (x, y + side),
                (x, y),
            ]),
            vec![],
        )])
    }

    /// A name goes where its region is large enough and no other name stands.
    #[test]
    fn names_go_only_where_they_fit() {
        let big = square(7.0, 51.0, 0.5);
        let tiny = square(7.6, 51.0, 0.005);
        let shapes = [(Uuid::nil(), big.clone()), (Uuid::max(), tiny.clone())];
        let layout = Layout::fit(&shapes.iter().collect::<Vec<_>>()).unwrap();
        let first = label_place(&big, &layout, "Altstadt", &[], 11.0).expect("a large region");
        assert!(
            label_place(&tiny, &layout, "Kirchfeld", &[], 11.0).is_none(),
            "too small"
        );
        assert!(
            label_place(&big, &layout, "Altstadt", &[first], 11.0).is_none(),
            "the place is taken"
        );
        // A small region with an island far out: its box is large, its land is not.
        let mut with_island = square(7.2, 51.2, 0.01);
        with_island.0.extend(square(7.49, 50.5, 0.005).0);
        assert!(
            label_place(&with_island, &layout, "Pinneberg", &[], 11.0).is_none(),
            "an island far out makes no room for a name"
        );
    }

    #[test]
    fn quantiles_and_intervals() {
        let values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        assert_eq!(
            limits(&values, Classes::EqualIntervals),
            vec![1.0, 2.8, 4.6, 6.4, 8.2, 10.0]
        );
        let q = limits(&values, Classes::Quantiles);
        assert_eq!(q.first(), Some(&1.0));
        assert_eq!(q.last(), Some(&10.0));
        assert_eq!(q.len(), 6);
        assert_eq!(class_of(1.0, &q), 0);
        assert_eq!(class_of(10.0, &q), 4);
        // One value: one class, the darkest colour never stands for "no value".
        assert_eq!(limits(&[3.0], Classes::Quantiles), vec![3.0, 3.0]);
    }

    /// A county's map is its Land's Kreise with it outlined, not every Kreis the project
    /// holds; a city without a boundary of its own shows its districts; no region of mine,
    /// every boundary.
    #[test]
    fn the_map_is_centred_on_my_region() {
        use crate::model::{Region, RegionLevel};
        let region = |key: &str, level, parent: Option<Uuid>| Region {
            uuid: crate::model::new_uuid(),
            key: key.into(),
            name: format!("R{key}"),
            level,
            parent,
        };
        let land = region("03", RegionLevel::State, None);
        let other = region("05", RegionLevel::State, None);
        let mut regions = vec![land.clone(), other.clone()];
        for (n, key) in ["03151", "03153", "03159", "05111", "05113"]
            .iter()
            .enumerate()
        {
            let parent = if n < 3 { land.uuid } else { other.uuid };
            regions.push(region(key, RegionLevel::County, Some(parent)));
        }
        let shapes: Vec<(Uuid, geo::MultiPolygon<f64>)> = regions[2..]
            .iter()
            .enumerate()
            .map(|(n, r)| (r.uuid, square(7.0 + n as f64, 51.0, 0.5)))
            .collect();
        let mut data = Snapshot {
            my_region: Some(regions[4].uuid),
            shapes,
            ..Snapshot::default()
        };
        data.region_index = regions
            .iter()
            .enumerate()
            .map(|(n, r)| (r.uuid, n))
            .collect();
        data.regions = regions;
        let keys = |data: &Snapshot| -> Vec<String> {
            shown_shapes(data, &HashSet::new(), Extent::Around)
                .iter()
                .filter_map(|(uuid, _)| data.region(*uuid).map(|r| r.key.clone()))
                .collect()
        };
        assert_eq!(keys(&data), ["03151", "03153", "03159"]);
        data.my_region = None;
        assert_eq!(keys(&data).len(), 5);
        // A Land with a value and no Kreis of its own (Hamburg in a Kreis table) fills its
        // place on the Kreis map; a Land with Kreise does not.
        let hamburg = region("02", RegionLevel::State, None);
        data.shapes.push((hamburg.uuid, square(20.0, 51.0, 0.5)));
        data.shapes.push((land.uuid, square(30.0, 51.0, 0.5)));
        data.region_index.insert(hamburg.uuid, data.regions.len());
        data.regions.push(hamburg);
        let valued: HashSet<&str> = ["02", "03", "03151", "03153", "03159"]
            .into_iter()
            .collect();
        let shown: Vec<String> = shown_shapes(&data, &valued, Extent::Around)
            .iter()
            .filter_map(|(uuid, _)| data.region(*uuid).map(|r| r.key.clone()))
            .collect();
        assert_eq!(shown, ["03151", "03153", "03159", "05111", "05113", "02"]);
    }

    #[test]
    fn the_layout_round_trips() {
        let square = geo::MultiPolygon(vec![geo::Polygon::new(
            geo::LineString::from(vec![
                (7.0, 51.0),
                (7.1, 51.0),
                (7.1, 51.1),
                (7.0, 51.1),
                (7.0, 51.0),
            ]),
            vec![],
        )]);
        let layout = Layout::fit(&[&(Uuid::nil(), square)]).unwrap();
        let (x, y) = layout.to_view(7.05, 51.05);
        let (lon, lat) = layout.to_lonlat(x, y);
        assert!((lon - 7.05).abs() < 1e-9 && (lat - 51.05).abs() < 1e-9);
        // True to the ground: 0.1° of longitude is narrower than 0.1° of latitude here.
        let (x0, _) = layout.to_view(7.0, 51.0);
        let (x1, _) = layout.to_view(7.1, 51.0);
        let (_, y0) = layout.to_view(7.0, 51.0);
        let (_, y1) = layout.to_view(7.0, 51.1);
        let ratio = (x1 - x0) / (y0 - y1);
        assert!(
            (ratio - 51.05_f64.to_radians().cos()).abs() < 0.01,
            "{ratio}"
        );
    }
}
