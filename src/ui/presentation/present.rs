//! A presentation running full screen: clicker keys, ideas typed live, dots by number
//! keys or clicks; slide pictures drawn by the app on request.

use egui::{Color32, RichText};
use uuid::Uuid;

use crate::command::{Command as AppCommand, Commands};
use crate::ui::form::Edit;
use lernstadt_core::i18n::Lang;
use lernstadt_core::model::{Idea, Slide, SlideKind, Vote};
use lernstadt_core::slides;
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

use super::showable;

/// A presentation running.
pub struct Presenting {
    pub presentation: Uuid,
    /// Position among the slides that can be shown.
    pub index: usize,
    /// The screen is black (B or `.`).
    pub blank: bool,
    /// The idea being typed.
    pub input: String,
    /// A small neutral notice (a skipped slide, a failure).
    pub notice: Option<String>,
    picture: Option<(PictureKey, egui::TextureHandle)>,
    /// A picture that could not be drawn.
    failed: Option<PictureKey>,
}

impl std::fmt::Debug for Presenting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Presenting")
            .field("presentation", &self.presentation)
            .field("index", &self.index)
            .field("blank", &self.blank)
            .finish_non_exhaustive()
    }
}

/// What a slide's picture was rendered for: the slide, its size in pixels, the data and the
/// language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PictureKey {
    pub slide: Uuid,
    pub size: [u32; 2],
    pub generation: Option<u64>,
    pub lang: Lang,
}

impl Presenting {
    /// Starts at the first slide; `notice` names a slide that is skipped.
    #[must_use]
    pub fn new(presentation: Uuid, notice: Option<String>) -> Presenting {
        Presenting {
            presentation,
            index: 0,
            blank: false,
            input: String::new(),
            notice,
            picture: None,
            failed: None,
        }
    }

    /// The size the slide's picture on screen was drawn at, in pixels.
    #[must_use]
    pub fn picture_size(&self) -> Option<[u32; 2]> {
        self.picture.as_ref().map(|(key, _)| key.size)
    }

    /// The picture drawn for a slide at a size, or a failure to draw it (shown as a small
    /// neutral notice, and not tried again for the same slide, size and data).
    pub fn set_picture(
        &mut self,
        key: PictureKey,
        picture: Result<Option<egui::TextureHandle>, String>,
    ) {
        if let Ok(texture) = picture {
            self.picture = texture.map(|t| (key, t));
            self.failed = None;
        } else {
            self.notice = Some(t!("present.failed").to_owned());
            self.picture = None;
            self.failed = Some(key);
        }
    }
}

/// The clicker's and keyboard's commands.
enum Command {
    Next,
    Previous,
    First,
    Last,
    Blank,
    Leave,
    Dot(usize),
}

fn commands(ctx: &egui::Context) -> Vec<Command> {
    use egui::Key as K;
    let typing = ctx.egui_wants_keyboard_input();
    ctx.input(|input| {
        let mut out = Vec::new();
        for event in &input.events {
            let egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } = event
            else {
                continue;
            };
            if modifiers.command || modifiers.alt {
                continue;
            }
            let command = match key {
                K::PageDown => Some(Command::Next),
                K::PageUp => Some(Command::Previous),
                K::Escape => Some(Command::Leave),
                _ if typing => None,
                K::ArrowRight | K::Space => Some(Command::Next),
                K::ArrowLeft => Some(Command::Previous),
                K::Home => Some(Command::First),
                K::End => Some(Command::Last),
                K::B | K::Period => Some(Command::Blank),
                K::Num1 => Some(Command::Dot(0)),
                K::Num2 => Some(Command::Dot(1)),
                K::Num3 => Some(Command::Dot(2)),
                K::Num4 => Some(Command::Dot(3)),
                K::Num5 => Some(Command::Dot(4)),
                K::Num6 => Some(Command::Dot(5)),
                K::Num7 => Some(Command::Dot(6)),
                K::Num8 => Some(Command::Dot(7)),
                K::Num9 => Some(Command::Dot(8)),
                _ => None,
            };
            out.extend(command);
        }
        out
    })
}

/// A dot for a vote option: on an idea, or on a measure (a vote row, made when new).
fn dot_edit(data: &Snapshot, slide: &Slide, option: Uuid, text: &str) -> Edit {
    let label = t!("present.dot_given", option = text);
    if let Some(idea) = data.ideas.iter().find(|i| i.uuid == option) {
        let idea = Idea {
            dots: idea.dots + 1,
            ..idea.clone()
        };
        return Edit::new(label, move |tx| tx.update(&idea).map(|_| ()));
    }
    let existing = data
        .votes
        .iter()
        .find(|v| v.slide == slide.uuid && v.measure == option)
        .cloned();
    let slide = slide.uuid;
    Edit::new(label, move |tx| match existing {
        Some(vote) => tx
            .update(&Vote {
                dots: vote.dots + 1,
                ..vote
            })
            .map(|_| ()),
        None => tx.insert(&Vote {
            uuid: lernstadt_core::model::new_uuid(),
            slide,
            measure: option,
            dots: 1,
        }),
    })
}

/// Draws the running presentation over the whole window.
pub fn present_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    presenting: &mut Presenting,
    edits: &mut Commands,
) {
    let ctx = ui.ctx().clone();
    let (slides, _) = showable(data, presenting.presentation);
    let slides: Vec<Slide> = slides.into_iter().cloned().collect();
    let count = slides.len();
    let mut leave = false;
    {
        for command in commands(&ctx) {
            match command {
                Command::Next => {
                    presenting.index = (presenting.index + 1).min(count.saturating_sub(1));
                }
                Command::Previous => presenting.index = presenting.index.saturating_sub(1),
                Command::First => presenting.index = 0,
                Command::Last => presenting.index = count.saturating_sub(1),
                Command::Blank => presenting.blank = !presenting.blank,
                Command::Leave => leave = true,
                Command::Dot(n) => {
                    if let Some(slide) = slides
                        .get(presenting.index)
                        .filter(|s| s.kind == SlideKind::Vote)
                        && let Some((option, text, _)) = slides::vote_options(data, slide).get(n)
                    {
                        edits.push(dot_edit(data, slide, *option, text));
                    }
                }
            }
        }
        presenting.index = presenting.index.min(count.saturating_sub(1));
    }
    if leave {
        edits.push(AppCommand::StopPresentation);
        return;
    }
    let fill = if presenting.blank {
        Color32::BLACK
    } else {
        ui.visuals().panel_fill
    };
    egui::CentralPanel::default()
        .frame(
            egui::Frame::NONE
                .fill(fill)
                .inner_margin(egui::Margin::same(32)),
        )
        .show(ui, |ui| {
            if presenting.blank {
                return;
            }
            let Some(slide) = slides.get(presenting.index) else {
                ui.centered_and_justified(|ui| ui.heading(t!("present.empty")));
                return;
            };
            egui::Panel::bottom("present_footer")
                .frame(egui::Frame::NONE)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(
                            RichText::new(format!("{} / {count}", presenting.index + 1)).weak(),
                        );
                        if let Some(notice) = &presenting.notice {
                            ui.label(RichText::new(notice).weak().small());
                        }
                    });
                });
            egui::CentralPanel::default()
                .frame(egui::Frame::NONE)
                .show(ui, |ui| {
                    slide_ui(ui, data, slide, presenting, edits);
                });
        });
}

fn slide_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    slide: &Slide,
    presenting: &mut Presenting,
    edits: &mut Commands,
) {
    // Every slide is one picture, drawn by the same code as the slide export; the ideas
    // slide adds the field to type into, the vote slide answers clicks on its rows.
    if slide.kind == SlideKind::Ideas {
        idea_input(ui, data, slide, presenting, edits);
    }
    let shown = picture_slide(ui, data, slide, presenting, edits);
    if slide.kind == SlideKind::Vote
        && let Some((response, size)) = shown
        && response.clicked()
        && let Some(pointer) = response.interact_pointer_pos()
    {
        let y = f64::from((pointer.y - response.rect.top()) / response.rect.height())
            * f64::from(size[1]);
        let (rows, _) = lernstadt_core::render::slide::vote_layout(data, slide, size[0], size[1]);
        if let Some(row) = rows.iter().find(|r| (r.top..r.bottom).contains(&y))
            && let Some((option, text, _)) = slides::vote_options(data, slide)
                .into_iter()
                .find(|(o, ..)| *o == row.option)
        {
            edits.push(dot_edit(data, slide, option, &text));
        }
    }
}

/// The field where ideas are typed during the workshop, below the ideas slide.
fn idea_input(
    ui: &mut egui::Ui,
    data: &Snapshot,
    slide: &Slide,
    presenting: &mut Presenting,
    edits: &mut Commands,
) {
    egui::Panel::bottom("idea_input")
        .frame(egui::Frame::NONE)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label(RichText::new(t!("present.idea_input")).size(22.0));
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut presenting.input)
                            .font(egui::FontId::proportional(22.0))
                            .desired_width(ui.available_width() - 20.0),
                    )
                    .labelled_by(label.id);
                let entered =
                    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let text = presenting.input.trim().to_owned();
                if entered && !text.is_empty() {
                    let idea = Idea {
                        uuid: lernstadt_core::model::new_uuid(),
                        slide: slide.uuid,
                        position: data
                            .ideas_of(slide.uuid)
                            .map(|i| i.position + 1)
                            .max()
                            .unwrap_or(0),
                        text: text.clone(),
                        dots: 0,
                    };
                    edits.push(Edit::new(
                        t!("present.idea_added", text = text),
                        move |tx| tx.insert(&idea),
                    ));
                    presenting.input.clear();
                    response.request_focus();
                }
            });
        });
}

/// The slide's picture, fitted to the room there is; drawn by the app after the first frame
/// it is asked for. Returns the picture's response and the size it was drawn at.
fn picture_slide(
    ui: &mut egui::Ui,
    data: &Snapshot,
    slide: &Slide,
    presenting: &mut Presenting,
    commands: &mut Commands,
) -> Option<(egui::Response, [u32; 2])> {
    let size = ui.available_size() * ui.ctx().pixels_per_point();
    let size = [
        (size.x as u32).clamp(320, 3840),
        (size.y as u32).clamp(200, 2160),
    ];
    let key = PictureKey {
        slide: slide.uuid,
        size,
        generation: data.generation,
        lang: lernstadt_core::i18n::lang(),
    };
    let drawn = presenting.picture.as_ref().is_some_and(|(k, _)| *k == key);
    if !drawn && presenting.failed != Some(key) {
        // The app draws it after this frame; it shows in the next one.
        commands.push(AppCommand::RenderSlide {
            slide: slide.uuid,
            size,
        });
        ui.ctx().request_repaint();
    }
    let (drawn_for, texture) = presenting.picture.as_ref()?;
    // What the picture says, for screen readers (and the tests).
    let words = lernstadt_core::render::slide::slide_words(data, slide);
    let response = ui.add(
        egui::Image::new(texture)
            .fit_to_exact_size(ui.available_size())
            .alt_text(words)
            .sense(egui::Sense::click()),
    );
    // A click counts only on the picture of this slide (the last one shows until it is
    // drawn).
    (drawn_for.slide == slide.uuid).then_some((response, drawn_for.size))
}
