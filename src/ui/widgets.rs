//! Small pieces every view draws with: a labelled choice, a dialog window, the palette's
//! colours, and an indicator's status as a coloured mark with its word (never by colour
//! alone).

use egui::RichText;

use lernstadt_core::t;

/// A choice among `options` in a drop-down, labelled by `label` (for screen readers and
/// tests). Returns true when the user picked another option.
pub fn choice_ui<T: PartialEq + Copy>(
    ui: &mut egui::Ui,
    id: impl egui::AsIdSalt,
    label: &str,
    value: &mut T,
    options: impl IntoIterator<Item = T>,
    text: impl Fn(T) -> String,
) -> bool {
    let label = ui.label(label);
    let before = *value;
    egui::ComboBox::from_id_salt(id)
        .selected_text(text(*value))
        .show_ui(ui, |ui| {
            for option in options {
                ui.selectable_value(value, option, text(option));
            }
        })
        .response
        .labelled_by(label.id);
    *value != before
}

/// A dialog in `window`, open while `open` holds: it grows with its content as far as the
/// screen's bottom edge and scrolls beyond that (large text on a small screen keeps every
/// control reachable), and Esc closes it when it is the window on top — unless Esc is
/// meant for a text field or an open menu first.
pub fn dialog<R>(
    ctx: &egui::Context,
    window: egui::Window<'_>,
    open: &mut bool,
    add_contents: impl FnOnce(&mut egui::Ui) -> R,
) -> Option<egui::InnerResponse<Option<R>>> {
    let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape))
        && !ctx.egui_wants_keyboard_input()
        && !egui::Popup::is_any_open(ctx);
    let shown = window
        .open(open)
        .show(ctx, |ui| fitted_ui(ui, add_contents));
    if escape
        && let Some(shown) = &shown
        && ctx.memory(|m| m.areas().top_layer_id(egui::Order::Middle))
            == Some(shown.response.layer_id)
    {
        *open = false;
    }
    shown
}

/// A dialog's content: drawn as it is while it fits above the screen's bottom edge, in a
/// scroll area as high as the room left once it did not fit in the last frame. (A scroll
/// area always would fix the dialog at egui's small default height, or, bounded by the
/// room, would take clicks that press and release in one frame.)
fn fitted_ui<R>(ui: &mut egui::Ui, add_contents: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let top = ui.cursor().top();
    let room = ui.ctx().content_rect().bottom() - top - 24.0;
    let key = ui.scope_id().with("dialog_content_height");
    let last: f32 = ui.data(|d| d.get_temp(key)).unwrap_or(0.0);
    let (inner, height) = if last > room {
        let shown = egui::ScrollArea::vertical()
            .max_height(room.max(120.0))
            .show(ui, add_contents);
        (shown.inner, shown.content_size.y)
    } else {
        let inner = add_contents(ui);
        (inner, ui.min_rect().bottom() - top)
    };
    ui.data_mut(|d| d.insert_temp(key, height));
    inner
}

/// A colour of [`lernstadt_core::render::palette`] for the window.
#[must_use]
pub fn colour(hex: &str) -> egui::Color32 {
    egui::Color32::from_hex(hex).unwrap_or(egui::Color32::GRAY)
}

/// A status's colour in a window of `visuals`, readable as text (4.5:1); always shown
/// together with its word.
#[must_use]
pub fn status_colour(
    visuals: &egui::Visuals,
    status: lernstadt_core::model::traffic_light::TrafficLight,
) -> egui::Color32 {
    super::theme::text_on(
        visuals,
        colour(lernstadt_core::render::palette::status(status)),
    )
}

/// A measure's stage's colour on the timeline and in the table, readable as text (4.5:1)
/// in a window of `visuals`.
#[must_use]
pub fn stage_colour(
    visuals: &egui::Visuals,
    stage: lernstadt_core::model::MeasureStage,
) -> egui::Color32 {
    super::theme::text_on(
        visuals,
        colour(lernstadt_core::render::palette::measure(stage)),
    )
}

/// A status as a coloured dot and its word.
pub fn status_badge(ui: &mut egui::Ui, status: lernstadt_core::model::traffic_light::TrafficLight) {
    status_word_ui(ui, status, status.label(), t!("status.unassessed_hover"));
}

/// An indicator's status as a coloured dot and its word, saying when a single value is
/// why it is not assessed.
pub fn summary_badge(ui: &mut egui::Ui, summary: &lernstadt_core::snapshot::Summary) {
    let word = summary.status_word();
    let hover = if word == summary.status.label() {
        t!("status.unassessed_hover")
    } else {
        t!("status.unassessed_one_hover")
    };
    status_word_ui(ui, summary.status, &word, hover);
}

fn status_word_ui(
    ui: &mut egui::Ui,
    status: lernstadt_core::model::traffic_light::TrafficLight,
    word: &str,
    hover: &str,
) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter().extend(status_mark(
        rect,
        status,
        status_colour(ui.visuals(), status),
    ));
    let word = ui.label(RichText::new(word).color(status_colour(ui.visuals(), status)));
    if status == lernstadt_core::model::traffic_light::TrafficLight::Unassessed {
        word.on_hover_text(hover);
    }
}

/// A status's mark in `rect`: a shape of its own for each status, so that the status is
/// told by shape as well as by colour (where no word stands beside it, as in the indicator
/// list): a tick on track, a triangle at risk, a cross off track, a ring not assessed, a
/// dash for no data.
#[must_use]
pub fn status_mark(
    rect: egui::Rect,
    status: lernstadt_core::model::traffic_light::TrafficLight,
    colour: egui::Color32,
) -> Vec<egui::Shape> {
    use lernstadt_core::model::traffic_light::TrafficLight;
    let c = rect.center();
    let r = 0.45 * rect.width().min(rect.height());
    let stroke = egui::Stroke::new((0.35 * r).max(1.5), colour);
    let at = |x: f32, y: f32| c + egui::vec2(x * r, y * r);
    match status {
        TrafficLight::OnTrack => vec![egui::Shape::line(
            vec![at(-0.9, 0.0), at(-0.25, 0.7), at(0.95, -0.75)],
            stroke,
        )],
        TrafficLight::AtRisk => vec![egui::Shape::convex_polygon(
            vec![at(0.0, -1.0), at(1.0, 0.85), at(-1.0, 0.85)],
            colour,
            egui::Stroke::NONE,
        )],
        TrafficLight::OffTrack => vec![
            egui::Shape::line_segment([at(-0.8, -0.8), at(0.8, 0.8)], stroke),
            egui::Shape::line_segment([at(-0.8, 0.8), at(0.8, -0.8)], stroke),
        ],
        TrafficLight::Unassessed => vec![egui::Shape::circle_stroke(c, 0.8 * r, stroke)],
        TrafficLight::NoData => vec![egui::Shape::line_segment(
            [at(-0.8, 0.0), at(0.8, 0.0)],
            stroke,
        )],
    }
}

#[cfg(test)]
mod tests {
    use lernstadt_core::model::traffic_light::TrafficLight;

    /// Each status has a mark of its own shape: two statuses told apart by colour alone
    /// would fail a reader who cannot see the colour.
    #[test]
    fn each_status_has_a_shape_of_its_own() {
        let rect = egui::Rect::from_center_size(egui::Pos2::ZERO, egui::vec2(10.0, 10.0));
        let shapes: Vec<String> = TrafficLight::ALL
            .iter()
            .map(|status| {
                format!(
                    "{:?}",
                    super::status_mark(rect, *status, egui::Color32::BLACK)
                )
            })
            .collect();
        for (i, a) in shapes.iter().enumerate() {
            for b in &shapes[i + 1..] {
                assert_ne!(a, b, "two statuses share a mark");
            }
        }
    }
}
