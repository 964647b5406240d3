//! The indicator on a map of the districts, with a period slider and the value on hover.

use super::Shown;
use super::State;
use lernstadt_core::t;
use uuid::Uuid;

/// What a map picture was drawn for.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct MapKey {
    generation: Option<u64>,
    indicator: Uuid,
    period: String,
    classes: lernstadt_core::render::map::Classes,
    extent: lernstadt_core::render::map::Extent,
    size: [u32; 2],
    lang: lernstadt_core::i18n::Lang,
}

/// A map picture and where the map lies in it.
pub(super) struct MapPicture {
    key: MapKey,
    texture: egui::TextureHandle,
    layout: lernstadt_core::render::map::Layout,
    /// The regions the picture shows (it is centred on my region), for hovering.
    shown: std::collections::HashSet<Uuid>,
}

impl std::fmt::Debug for MapPicture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MapPicture")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// The districts on a map for one period (a slider moves through the periods), classes
/// by quantiles or equal intervals; hovering names the district with its value or symbol.
pub(super) fn map_ui(
    ui: &mut egui::Ui,
    shown: Shown<'_>,
    state: &mut State,
) -> Option<egui::Response> {
    let Shown {
        data,
        observations,
        indicator,
        index,
    } = shown;
    // Read once per change of the data (not per frame): the periods and the latest one.
    let periods: Vec<&String> = observations.total_periods.iter().collect();
    let latest = observations.map_period.clone();
    let mut position = state
        .period
        .as_ref()
        .or(latest.as_ref())
        .and_then(|p| periods.iter().position(|q| *q == p))
        .unwrap_or(periods.len().saturating_sub(1));
    controls_ui(ui, &periods, &mut position, state);
    let period = periods.get(position).map(|p| (*p).clone())?;
    state.period = Some(period.clone());
    // The picture keeps the map's aspect inside the space there is.
    let available = ui.available_size();
    let aspect = (lernstadt_core::render::map::VIEW_W / lernstadt_core::render::map::VIEW_H) as f32;
    let size = if available.x / available.y.max(1.0) > aspect {
        egui::vec2(available.y * aspect, available.y)
    } else {
        egui::vec2(available.x, available.x / aspect)
    };
    let pixels = size * ui.ctx().pixels_per_point();
    let key = MapKey {
        generation: observations.generation,
        indicator: indicator.uuid,
        period: period.clone(),
        classes: state.classes,
        extent: state.extent,
        size: [
            (pixels.x as u32).clamp(64, 4096),
            (pixels.y as u32).clamp(64, 4096),
        ],
        lang: lernstadt_core::i18n::lang(),
    };
    if state.map.as_ref().is_none_or(|m| m.key != key) {
        state.map = None;
        if let Some((svg, layout)) = lernstadt_core::render::map::map_svg_of(
            data,
            index,
            &observations.observations,
            &period,
            (state.classes, state.extent),
            1.0,
        ) {
            let sized = svg.replacen(
                "<svg ",
                &format!(r#"<svg width="{}" height="{}" "#, key.size[0], key.size[1]),
                1,
            );
            if let Ok(pixmap) = lernstadt_core::render::raster::render(&sized) {
                let image = egui::ColorImage::from_rgba_premultiplied(
                    [pixmap.width() as usize, pixmap.height() as usize],
                    pixmap.data(),
                );
                let texture =
                    ui.ctx()
                        .load_texture("indicator-map", image, egui::TextureOptions::LINEAR);
                state.map = Some(MapPicture {
                    key,
                    texture,
                    layout,
                    shown: lernstadt_core::render::map::shown_shapes(
                        data,
                        &lernstadt_core::render::map::valued_keys(
                            &observations.observations,
                            &period,
                        ),
                        state.extent,
                    )
                    .iter()
                    .map(|(uuid, _)| *uuid)
                    .collect(),
                });
            }
        }
    }
    describe(shown, &period, state);
    let MapPicture {
        texture,
        layout,
        shown,
        ..
    } = state.map.as_ref()?;
    let response = ui.add(
        egui::Image::new(texture)
            .fit_to_exact_size(size)
            .sense(egui::Sense::click())
            .alt_text(format!("{} {period}", indicator.name)),
    );
    if let Some(pointer) = response.hover_pos() {
        let view_x = f64::from((pointer.x - response.rect.left()) / response.rect.width())
            * lernstadt_core::render::map::VIEW_W;
        let view_y = f64::from((pointer.y - response.rect.top()) / response.rect.height())
            * lernstadt_core::render::map::VIEW_H;
        let (lon, lat) = layout.to_lonlat(view_x, view_y);
        // Only a region the map shows (it is centred on my region).
        if let Some(region) = lernstadt_core::snapshot::region_at(data, lon, lat, Some(shown))
            .and_then(|r| data.region(r))
        {
            let text = observations
                .series(&region.key, "")
                .iter()
                .find(|o| o.period_code == period)
                .map_or_else(
                    || t!("map.no_value").to_owned(),
                    |o| match (o.value, o.symbol.as_deref()) {
                        (Some(value), _) => {
                            let flags: Vec<&str> = o.flags().collect();
                            format!(
                                "{} {} {}",
                                lernstadt_core::i18n::format_decimal(
                                    value,
                                    indicator.decimals.clamp(0, 6) as usize
                                ),
                                indicator.unit,
                                flags.join(" ")
                            )
                            .trim_end()
                            .to_owned()
                        }
                        (None, Some(symbol)) => format!("{symbol} = {}", data.symbol_label(symbol)),
                        (None, None) => t!("map.no_value").to_owned(),
                    },
                );
            response
                .clone()
                .on_hover_text_at_pointer(format!("{}\n{period}: {text}", region.name));
        }
    }
    Some(response)
}

/// The map's controls: the period slider, the classes, and the whole country or my region's
/// surroundings.
fn controls_ui(ui: &mut egui::Ui, periods: &[&String], position: &mut usize, state: &mut State) {
    ui.horizontal_wrapped(|ui| {
        if !periods.is_empty() {
            let label = ui.label(t!("field.period"));
            let last = periods.len() - 1;
            ui.add(
                egui::Slider::new(position, 0..=last)
                    .custom_formatter(|n, _| {
                        periods
                            .get(n as usize)
                            .map_or_else(String::new, |p| (*p).clone())
                    })
                    .step_by(1.0),
            )
            .labelled_by(label.id);
        }
        ui.separator();
        ui.selectable_value(
            &mut state.classes,
            lernstadt_core::render::map::Classes::Quantiles,
            t!("map.quantiles"),
        );
        ui.selectable_value(
            &mut state.classes,
            lernstadt_core::render::map::Classes::EqualIntervals,
            t!("map.equal_intervals"),
        );
        ui.separator();
        let mut country = state.extent == lernstadt_core::render::map::Extent::Country;
        if ui.checkbox(&mut country, t!("map.whole_country")).changed() {
            state.extent = if country {
                lernstadt_core::render::map::Extent::Country
            } else {
                lernstadt_core::render::map::Extent::Around
            };
        }
    });
}

/// The map in words and as a table: the regions it shows and their values in `period`.
fn describe(shown: Shown<'_>, period: &str, state: &mut State) {
    let Shown {
        data,
        observations,
        indicator,
        index,
    } = shown;
    let described = format!(
        "map{:?}{}{period}{:?}",
        observations.generation, indicator.uuid, state.extent
    );
    state.describe_chart(described, |state| {
        let mine = data.summaries[index].region;
        let mut values: Vec<(String, Option<f64>, bool)> = state
            .map
            .iter()
            .flat_map(|m| m.shown.iter())
            .filter_map(|uuid| data.region(*uuid))
            .map(|region| {
                let value = observations
                    .series(&region.key, "")
                    .iter()
                    .find(|o| o.period_code == period)
                    .and_then(|o| o.value);
                (region.name.clone(), value, Some(region.uuid) == mine)
            })
            .collect();
        values.sort_by(|a, b| a.0.cmp(&b.0));
        let reference = super::alternative::reference_value(data, index, period);
        super::alternative::of_values(
            indicator,
            t!("indicators.map"),
            period,
            &values,
            reference.as_ref().map(|(n, v)| (n.as_str(), *v)),
        )
    });
}
