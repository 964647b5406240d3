//! The Presentation view: presentations made, slides added, reordered, edited, removed.

use egui::RichText;
use uuid::Uuid;

use crate::command::{Command as AppCommand, Commands};
use crate::ui::form::Edit;
use lernstadt_core::model::{Presentation, Slide, SlideKind};
use lernstadt_core::slides::{self, Settings};
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

/// What the presentation editor remembers.
#[derive(Debug, Default)]
pub struct EditorState {
    pub selected: Option<Uuid>,
    pub new_kind: Option<SlideKind>,
}

/// The view where presentations are made: slides added, reordered, edited, removed.
/// Returns true when the user asks to start presenting.
pub fn editor_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    state: &mut EditorState,
    edits: &mut Commands,
) -> bool {
    let mut start = false;
    ui.horizontal_wrapped(|ui| {
        ui.heading(t!("view.presentation"));
        start = ui.button(t!("present.start")).clicked();
        if let Some(presentation) = data.presentations.first()
            && ui.button(t!("present.save_pictures")).clicked()
            && let Some(dir) = rfd::FileDialog::new().pick_folder()
        {
            edits.push(AppCommand::SaveSlides {
                presentation: presentation.uuid,
                dir,
            });
        }
    });
    let Some(presentation) = data.presentations.first() else {
        if ui.button(t!("present.new")).clicked() {
            let presentation = Presentation {
                uuid: lernstadt_core::model::new_uuid(),
                title: t!("present.new_title").to_owned(),
            };
            edits.push(Edit::new(t!("present.new"), move |tx| {
                tx.insert(&presentation)
            }));
        }
        return false;
    };
    let slides: Vec<&Slide> = data.slides_of(presentation.uuid).collect();
    ui.label(RichText::new(&presentation.title).strong());
    ui.add_space(6.0);
    egui::Grid::new("slides")
        .num_columns(4)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (n, slide) in slides.iter().enumerate() {
                let missing = slides::missing(data, slide);
                let text = format!("{}. {}", n + 1, slide.title);
                if ui
                    .selectable_label(state.selected == Some(slide.uuid), text)
                    .clicked()
                {
                    state.selected = Some(slide.uuid);
                }
                ui.label(RichText::new(slide.kind.label()).weak());
                ui.label(
                    RichText::new(missing.unwrap_or_default()).color(ui.visuals().warn_fg_color),
                );
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        let mut kind = state.new_kind.unwrap_or(SlideKind::Title);
        crate::ui::choice_ui(
            ui,
            "new_slide_kind",
            t!("present.kind"),
            &mut kind,
            SlideKind::ALL.iter().copied(),
            |k| k.label().to_owned(),
        );
        state.new_kind = Some(kind);
        if ui.button(t!("present.add")).clicked() {
            let slide = Slide {
                uuid: lernstadt_core::model::new_uuid(),
                presentation: presentation.uuid,
                position: slides.iter().map(|s| s.position + 1).max().unwrap_or(0),
                kind,
                title: kind.label().to_owned(),
                body: String::new(),
                settings: "{}".to_owned(),
            };
            state.selected = Some(slide.uuid);
            edits.push(Edit::new(
                t!("present.added", title = slide.title),
                move |tx| tx.insert(&slide),
            ));
        }
    });
    let Some(slide) = state
        .selected
        .and_then(|uuid| slides.iter().find(|s| s.uuid == uuid))
        .copied()
    else {
        return start;
    };
    ui.separator();
    slide_editor(ui, data, slide, &slides, state, edits);
    start
}

#[expect(
    clippy::too_many_lines,
    reason = "one egui form whose fields depend on the slide's kind"
)]
fn slide_editor(
    ui: &mut egui::Ui,
    data: &Snapshot,
    slide: &Slide,
    slides: &[&Slide],
    state: &mut EditorState,
    edits: &mut Commands,
) {
    let mut changed = slide.clone();
    let mut settings = Settings::of(slide);
    egui::Grid::new("slide_form")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label(crate::ui::form::field_label("title"));
            ui.add(egui::TextEdit::singleline(&mut changed.title).desired_width(420.0))
                .labelled_by(label.id);
            ui.end_row();
            if slide.kind == SlideKind::Title {
                let label = ui.label(crate::ui::form::field_label("body"));
                ui.add(egui::TextEdit::multiline(&mut changed.body).desired_width(420.0))
                    .labelled_by(label.id);
                ui.end_row();
            }
            match slide.kind {
                SlideKind::IndicatorChart => {
                    let label = ui.label(crate::ui::form::field_label("indicator"));
                    let mut code = settings.indicator.clone().unwrap_or_default();
                    egui::ComboBox::from_id_salt("slide_indicator")
                        .selected_text(
                            data.indicators
                                .iter()
                                .find(|i| i.code == code)
                                .map_or(code.as_str(), |i| i.name.as_str())
                                .to_owned(),
                        )
                        .show_ui(ui, |ui| {
                            for indicator in &data.indicators {
                                ui.selectable_value(
                                    &mut code,
                                    indicator.code.clone(),
                                    &indicator.name,
                                );
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    settings.indicator = Some(code).filter(|c| !c.is_empty());
                    ui.end_row();
                    let label = ui.label(t!("present.chart_kind"));
                    let mut chart = settings.chart.clone().unwrap_or_else(|| "line".to_owned());
                    ui.horizontal(|ui| {
                        for (code, text) in [
                            ("line", t!("indicators.over_time")),
                            ("bars", t!("indicators.districts")),
                            ("breakdown", t!("indicators.by_breakdown")),
                        ] {
                            ui.selectable_value(&mut chart, code.to_owned(), text)
                                .labelled_by(label.id);
                        }
                    });
                    settings.chart = Some(chart);
                    ui.end_row();
                }
                SlideKind::Goal => {
                    let label = ui.label(crate::ui::form::field_label("goal"));
                    let mut goal = settings.goal;
                    egui::ComboBox::from_id_salt("slide_goal")
                        .selected_text(
                            goal.and_then(|g| data.goal(g))
                                .map_or_else(|| t!("filter.all").to_owned(), |g| g.title.clone()),
                        )
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut goal, None, t!("filter.all"));
                            for g in &data.goals {
                                ui.selectable_value(&mut goal, Some(g.uuid), &g.title);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    settings.goal = goal;
                    ui.end_row();
                }
                SlideKind::Vote => {
                    let label = ui.label(t!("present.vote_on"));
                    let mut ideas = settings.ideas_slide;
                    egui::ComboBox::from_id_salt("slide_vote_on")
                        .selected_text(
                            ideas
                                .and_then(|i| slides.iter().find(|s| s.uuid == i))
                                .map_or_else(
                                    || t!("view.measures").to_owned(),
                                    |s| s.title.clone(),
                                ),
                        )
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut ideas, None, t!("view.measures"));
                            for s in slides.iter().filter(|s| s.kind == SlideKind::Ideas) {
                                ui.selectable_value(&mut ideas, Some(s.uuid), &s.title);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    settings.ideas_slide = ideas;
                    ui.end_row();
                }
                _ => {}
            }
        });
    let new_settings = settings.to_json();
    if new_settings != Settings::of(slide).to_json() {
        changed.settings = new_settings;
    }
    ui.horizontal_wrapped(|ui| {
        let dirty = changed != *slide;
        if ui
            .add_enabled(
                dirty && !changed.title.trim().is_empty(),
                egui::Button::new(t!("form.save")),
            )
            .clicked()
        {
            edits.push(Edit::update("slide", &slide.title, slide, changed.clone()));
        }
        let position = slides
            .iter()
            .position(|s| s.uuid == slide.uuid)
            .unwrap_or(0);
        for (text, by) in [(t!("goals.up"), -1_isize), (t!("goals.down"), 1)] {
            if ui.button(text).clicked()
                && let Some(to) = position
                    .checked_add_signed(by)
                    .filter(|t| *t < slides.len())
            {
                let mut order: Vec<Slide> = slides.iter().map(|s| (*s).clone()).collect();
                order.swap(position, to);
                let renumbered: Vec<Slide> = order
                    .into_iter()
                    .enumerate()
                    .filter(|(n, s)| s.position != *n as i64)
                    .map(|(n, s)| Slide {
                        position: n as i64,
                        ..s
                    })
                    .collect();
                edits.push(Edit::new(
                    t!("present.moved", title = slide.title),
                    move |tx| {
                        for s in &renumbered {
                            tx.update(s)?;
                        }
                        Ok(())
                    },
                ));
            }
        }
        if ui.button(t!("present.remove")).clicked() {
            let key = slide.uuid.to_string();
            edits.push(Edit::new(
                t!("present.removed", title = slide.title),
                move |tx| tx.delete(lernstadt_core::model::meta::EntityKind::Slide, &key),
            ));
            state.selected = None;
        }
    });
    if slide.kind == SlideKind::Ideas || slide.kind == SlideKind::Vote {
        ui.add_space(8.0);
        ui.label(RichText::new(t!("present.results")).strong());
        for (_, text, dots) in if slide.kind == SlideKind::Vote {
            slides::vote_options(data, slide)
        } else {
            data.ideas_of(slide.uuid)
                .map(|i| (i.uuid, i.text.clone(), i.dots))
                .collect()
        } {
            ui.label(format!("{dots} · {text}"));
        }
    }
}
