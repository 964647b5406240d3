//! Workshop mode in the window: stepping, blanking, ideas and votes, no personal data on
//! any slide, slides whose target is gone.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use lernstadt::app::{LernstadtApp, Project};

use super::{Start, open, setup};

/// Every text the harness can read (labels, values) in the current frame.
fn screen_text(harness: &Harness<'_, LernstadtApp>) -> String {
    let mut text = String::new();
    for node in harness.root().children_recursive() {
        let accesskit = node.accesskit_node();
        if let Some(label) = accesskit.label() {
            text.push_str(&label);
            text.push('\n');
        }
        if let Some(value) = accesskit.value() {
            text.push_str(&value);
            text.push('\n');
        }
    }
    text
}

fn press(harness: &mut Harness<'_, LernstadtApp>, key: egui::Key) {
    harness.key_press(key);
    harness.run();
}

fn presenting_index(harness: &Harness<'_, LernstadtApp>) -> Option<(usize, bool)> {
    harness
        .state()
        .presenting
        .as_ref()
        .map(|p| (p.index, p.blank))
}

/// The clicker steps through the demo presentation, blanks the screen and leaves; F5
/// starts it again.
#[test]
fn presenting_steps_blanks_and_leaves() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    press(&mut harness, egui::Key::F5);
    assert_eq!(presenting_index(&harness), Some((0, false)));
    // The slide is a picture whose text alternative holds its words.
    harness.get_by_label_contains("Bildungskonferenz Musterstadt 2025");
    let count = harness.state().data.slides.len();
    assert!(count >= 6);
    for (key, expected) in [
        (egui::Key::PageDown, 1),
        (egui::Key::ArrowRight, 2),
        (egui::Key::Space, 3),
        (egui::Key::PageUp, 2),
        (egui::Key::ArrowLeft, 1),
        (egui::Key::End, count - 1),
        (egui::Key::PageDown, count - 1),
        (egui::Key::Home, 0),
    ] {
        press(&mut harness, key);
        assert_eq!(
            presenting_index(&harness),
            Some((expected, false)),
            "{key:?}"
        );
    }
    press(&mut harness, egui::Key::B);
    assert_eq!(presenting_index(&harness), Some((0, true)));
    assert!(
        harness
            .query_by_label_contains("Bildungskonferenz Musterstadt 2025")
            .is_none()
    );
    press(&mut harness, egui::Key::Period);
    assert_eq!(presenting_index(&harness), Some((0, false)));
    press(&mut harness, egui::Key::Escape);
    assert!(harness.state().presenting.is_none());
    // Back in the workbench.
    harness.get_by_role_and_label(egui::accesskit::Role::Button, "Overview");
}

/// Ideas typed on the ideas slide and dots given by number keys are saved in the project.
#[test]
fn ideas_and_votes_are_saved_in_the_project() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    press(&mut harness, egui::Key::F5);
    press(&mut harness, egui::Key::End);
    press(&mut harness, egui::Key::PageUp);
    assert_eq!(
        harness.state().data.slides[presenting_index(&harness).unwrap().0].kind,
        lernstadt_core::model::SlideKind::Ideas
    );
    for idea in ["Mehr Praktika in Betrieben", "Mentoring durch Azubis"] {
        let field = harness.get_by_label("Idea:");
        field.focus();
        field.type_text(idea);
        harness.run();
        press(&mut harness, egui::Key::Enter);
        harness.run();
    }
    // Typing does not step the slides: still on the ideas slide.
    assert_eq!(
        harness.state().data.slides[presenting_index(&harness).unwrap().0].kind,
        lernstadt_core::model::SlideKind::Ideas
    );
    harness.get_by_label_contains("Mehr Praktika in Betrieben");
    press(&mut harness, egui::Key::PageDown);
    // The vote slide: 2 dots for idea 2, one for idea 1.
    for key in [egui::Key::Num2, egui::Key::Num2, egui::Key::Num1] {
        press(&mut harness, key);
    }
    harness.run();
    drop(harness);
    let store = lernstadt_core::store::Store::open(
        &setup.path,
        lernstadt_core::store::OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let ideas: Vec<lernstadt_core::model::Idea> =
        lernstadt_core::store::entity::list(store.conn()).unwrap();
    let dots = |text: &str| ideas.iter().find(|i| i.text == text).map(|i| i.dots);
    assert_eq!(dots("Mehr Praktika in Betrieben"), Some(1));
    assert_eq!(dots("Mentoring durch Azubis"), Some(2));
}

/// No slide of the demo presentation shows a contact person, an e-mail address or a
/// telephone number: not in the text on screen, not in the pictures' text.
#[test]
fn no_slide_shows_personal_data() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    let private: Vec<String> = harness
        .state()
        .data
        .stakeholders
        .iter()
        .flat_map(|s| [s.contact_person.clone(), s.email.clone(), s.phone.clone()])
        .filter(|v| !v.is_empty())
        .collect();
    assert!(private.len() > 40);
    press(&mut harness, egui::Key::F5);
    let count = harness.state().data.slides.len();
    for index in 0..count {
        let text = screen_text(&harness);
        let app = harness.state();
        let slide = &app.data.slides[index];
        let picture = match &app.project {
            Project::Open { store, .. } => {
                lernstadt_core::render::slide::slide_svg(store, &app.data, slide, 1280, 720)
                    .transpose()
                    .unwrap()
                    .unwrap_or_default()
            }
            Project::Refused { .. } => unreachable!(),
        };
        assert!(
            text.contains(&slide.title) || picture.contains(&slide.title),
            "slide {index}'s title is on screen: the check sees the slide"
        );
        for value in &private {
            assert!(
                !text.contains(value.as_str()),
                "slide {index} shows {value}"
            );
            assert!(
                !picture.contains(value.as_str()),
                "slide {index}'s picture shows {value}"
            );
        }
        press(&mut harness, egui::Key::PageDown);
    }
}

/// A slide whose indicator is gone is skipped, with a small notice instead of a failure;
/// the ideas export as CSV like every list.
#[test]
fn a_slide_without_its_indicator_is_skipped_with_a_notice() {
    let setup = setup("demo.lernstadt", Start::Demo);
    {
        let mut store = lernstadt_core::store::Store::open(
            &setup.path,
            lernstadt_core::store::OpenMode::ReadWrite,
            &lernstadt_core::store::Host::default(),
        )
        .unwrap();
        let slides: Vec<lernstadt_core::model::Slide> =
            lernstadt_core::store::entity::list(store.conn()).unwrap();
        let mut chart = slides
            .into_iter()
            .find(|s| s.kind == lernstadt_core::model::SlideKind::IndicatorChart)
            .unwrap();
        chart.settings = r#"{"indicator":"GONE"}"#.into();
        store
            .transact(lernstadt_core::store::ActionKind::Edit, "test", |tx| {
                tx.update(&chart).map(|_| ())
            })
            .unwrap();
        store.close().unwrap();
    }
    let mut harness = open(&setup.path);
    press(&mut harness, egui::Key::F5);
    harness.get_by_label_contains("its indicator GONE no longer exists");
    let count = harness.state().data.slides.len();
    press(&mut harness, egui::Key::End);
    assert_eq!(presenting_index(&harness), Some((count - 2, false)));
}

/// A click on an option's row of the vote slide's picture gives that option a dot, found
/// through the same layout the picture is drawn with.
#[test]
fn a_click_on_a_vote_row_gives_a_dot() {
    let setup = setup("demo.lernstadt", Start::Demo);
    let mut harness = open(&setup.path);
    press(&mut harness, egui::Key::F5);
    press(&mut harness, egui::Key::End);
    press(&mut harness, egui::Key::PageUp);
    for idea in ["Mehr Praktika in Betrieben", "Mentoring durch Azubis"] {
        let field = harness.get_by_label("Idea:");
        field.focus();
        field.type_text(idea);
        harness.run();
        press(&mut harness, egui::Key::Enter);
        harness.run();
    }
    press(&mut harness, egui::Key::PageDown);
    // The app draws the picture after the frame that asks for it.
    for _ in 0..3 {
        harness.run();
    }
    let (slide, options) = {
        let app = harness.state();
        let slide = app.data.slides[presenting_index(&harness).unwrap().0].clone();
        let options = lernstadt_core::slides::vote_options(&app.data, &slide);
        (slide, options)
    };
    assert_eq!(slide.kind, lernstadt_core::model::SlideKind::Vote);
    assert_eq!(options.len(), 2);
    let label = format!("2. {}", options[1].1);
    let rect = harness.get_by_label_contains(&label).rect();
    let size = harness
        .state()
        .presenting
        .as_ref()
        .and_then(lernstadt::ui::presentation::Presenting::picture_size)
        .expect("the slide is drawn");
    let (rows, _) =
        lernstadt_core::render::slide::vote_layout(&harness.state().data, &slide, size[0], size[1]);
    let middle = f64::midpoint(rows[1].top, rows[1].bottom) / f64::from(size[1]);
    let position = egui::pos2(rect.center().x, rect.top() + middle as f32 * rect.height());
    harness.event(egui::Event::PointerMoved(position));
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: position,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.run();
    }
    harness.run();
    let dots: Vec<i64> = lernstadt_core::slides::vote_options(&harness.state().data, &slide)
        .into_iter()
        .map(|(_, _, dots)| dots)
        .collect();
    assert_eq!(dots, [0, 1], "the second option got the dot");
}

/// The presentation in the window shows only what the protection rule lets be published:
/// a goal slide quotes my region's latest value that may be shown (2023: 40), never the
/// hidden count of 2024, and the chart and map slides leave the hidden districts out —
/// each slide drawn as the window draws it, from the window's own data and at its size.
#[test]
fn no_slide_shows_a_protected_value() {
    use lernstadt_core::model::SlideKind;
    let env = crate::util::Env::new();
    let project = crate::protect::protected_presentation(&env);
    let mut harness = open(&project);
    let presentation = harness
        .state()
        .data
        .presentations
        .iter()
        .find(|p| p.title == "Geschützt")
        .unwrap()
        .uuid;
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .start_presentation(&ctx, Some(presentation));
    let mut kinds = Vec::new();
    for _ in 0..3 {
        // The app draws the picture after the frame that asks for it.
        for _ in 0..3 {
            harness.run();
        }
        let text = screen_text(&harness);
        assert!(!text.contains("2024: 2 "), "{text}");
        let app = harness.state();
        let index = presenting_index(&harness).unwrap().0;
        let slide = lernstadt_core::slides::showable(&app.data, presentation).0[index];
        let size = app
            .presenting
            .as_ref()
            .and_then(lernstadt::ui::presentation::Presenting::picture_size)
            .expect("the slide is drawn");
        let Project::Open { store, .. } = &app.project else {
            unreachable!()
        };
        let picture =
            lernstadt_core::render::slide::slide_svg(store, &app.data, slide, size[0], size[1])
                .unwrap()
                .unwrap();
        let words = crate::protect::svg_texts(&picture);
        match slide.kind {
            SlideKind::Goal => {
                assert!(
                    words.iter().any(|t| t.ends_with("WENIG – 2023: 40 Fälle")),
                    "{words:?}"
                );
                assert!(!words.iter().any(|t| t.contains("2024: 2 ")), "{words:?}");
            }
            SlideKind::IndicatorChart => {
                assert!(words.iter().any(|t| t == "Südviertel"), "{words:?}");
                assert!(
                    !words.iter().any(|t| t == "Altstadt" || t == "Nordstadt"),
                    "{words:?}"
                );
            }
            SlideKind::Map => {
                assert!(picture.contains("<title>Altstadt: . = unknown or confidential</title>"));
            }
            other => panic!("{other:?} is no slide of this presentation"),
        }
        kinds.push(slide.kind);
        press(&mut harness, egui::Key::PageDown);
    }
    assert_eq!(
        kinds,
        [SlideKind::IndicatorChart, SlideKind::Map, SlideKind::Goal]
    );
}
