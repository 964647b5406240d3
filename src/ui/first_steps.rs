//! The first steps of the job, on the overview of a project that is not set up yet: set my
//! region, bring data in, create a goal and an indicator, link them, set a target, write the
//! report — each a button that leads there, ticked off when done.

use egui::RichText;

use super::{View, Views, export, import};
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

/// Where a step's button leads.
#[derive(Clone, Copy)]
enum Go {
    Regions,
    Import,
    Goals,
    NewIndicator,
    Targets,
    Report,
}

/// The steps as (done, what, button, where); `observations` is how many data values the
/// project holds.
fn steps(data: &Snapshot, observations: i64) -> [(bool, &'static str, &'static str, Go); 7] {
    let key_set = data
        .project
        .as_ref()
        .is_some_and(|p| !p.region_key.is_empty());
    [
        (
            key_set,
            t!("steps.region"),
            t!("steps.region_go"),
            Go::Regions,
        ),
        (
            observations > 0,
            t!("steps.import"),
            t!("steps.import_go"),
            Go::Import,
        ),
        (
            !data.goals.is_empty(),
            t!("steps.goal"),
            t!("steps.goal_go"),
            Go::Goals,
        ),
        (
            !data.indicators.is_empty(),
            t!("steps.indicator"),
            t!("steps.indicator_go"),
            Go::NewIndicator,
        ),
        (
            !data.indicator_goals.is_empty(),
            t!("steps.link"),
            t!("steps.link_go"),
            Go::Goals,
        ),
        (
            !data.targets.is_empty(),
            t!("steps.target"),
            t!("steps.target_go"),
            Go::Targets,
        ),
        (false, t!("steps.report"), t!("steps.report_go"), Go::Report),
    ]
}

/// Whether the project still lacks one of the steps that can be ticked off.
#[must_use]
pub fn unfinished(data: &Snapshot, observations: i64) -> bool {
    steps(data, observations)
        .iter()
        .take(6)
        .any(|(done, ..)| !done)
}

/// The steps, each ticked when done and with its button.
pub fn first_steps_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    observations: i64,
    views: &mut Views,
    view: &mut View,
    import: &mut import::ImportWizard,
    export: &mut export::ExportDialog,
) {
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.label(RichText::new(t!("steps.title")).strong().size(16.0));
            ui.label(RichText::new(t!("steps.intro")).weak());
            ui.add_space(4.0);
            egui::Grid::new("first_steps")
                .num_columns(3)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    for (n, (done, what, button, go)) in
                        steps(data, observations).into_iter().enumerate()
                    {
                        ui.horizontal(|ui| {
                            mark_ui(ui, done);
                            ui.label(RichText::new(format!("{}.", n + 1)).strong());
                        })
                        .response
                        .on_hover_text(if done {
                            t!("steps.done")
                        } else {
                            t!("steps.open")
                        });
                        let text = RichText::new(what);
                        ui.label(if done { text.weak() } else { text });
                        if ui.button(button).clicked() {
                            follow(go, data, views, view, import, export);
                        }
                        ui.end_row();
                    }
                });
        });
}

/// A tick in a filled circle for a step done, an empty circle for one still open (drawn:
/// the window's font has no such signs).
fn mark_ui(ui: &mut egui::Ui, done: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
    let painter = ui.painter();
    let colour = super::status_colour(
        ui.visuals(),
        lernstadt_core::model::traffic_light::TrafficLight::OnTrack,
    );
    if done {
        painter.circle_filled(rect.center(), 6.5, colour);
        let c = rect.center();
        painter.line(
            vec![
                c + egui::vec2(-3.0, 0.0),
                c + egui::vec2(-0.8, 2.5),
                c + egui::vec2(3.2, -2.5),
            ],
            egui::Stroke::new(1.8, egui::Color32::WHITE),
        );
    } else {
        painter.circle_stroke(
            rect.center(),
            6.0,
            egui::Stroke::new(1.5, ui.visuals().weak_text_color()),
        );
    }
}

fn follow(
    go: Go,
    data: &Snapshot,
    views: &mut Views,
    view: &mut View,
    import: &mut import::ImportWizard,
    export: &mut export::ExportDialog,
) {
    match go {
        Go::Regions => *view = View::Regions,
        Go::Import => import.open = true,
        Go::Goals => {
            if views.goals.selected.is_none() {
                views.goals.selected = data.goals.first().map(|g| g.uuid);
            }
            *view = View::Goals;
        }
        Go::NewIndicator => {
            views.indicators.creating = Some(lernstadt_core::model::Indicator::new("", ""));
            *view = View::Indicators;
        }
        Go::Targets => {
            views.indicators.tab = super::indicators::Tab::Monitoring;
            *view = View::Indicators;
        }
        Go::Report => export.report.open = true,
    }
}
