//! Editing: the edits views ask for (applied by the app, each as one transaction and one
//! undo step), drafts of the entity being edited, and labelled form fields that show their
//! problem beside them.

use egui::RichText;

use crate::command::Commands;
use lernstadt_core::model::validate::Problems;
use lernstadt_core::t;

pub use crate::command::Edit;
pub use lernstadt_core::model::meta::{describe_update, field_label, value_text};

/// A draft of one entity: what is stored and what the user has typed so far.
#[derive(Clone, Debug)]
pub struct Draft<T> {
    pub stored: T,
    pub draft: T,
}

impl<T: Clone + PartialEq> Draft<T> {
    #[must_use]
    pub fn new(stored: &T) -> Draft<T> {
        Draft {
            stored: stored.clone(),
            draft: stored.clone(),
        }
    }

    /// Whether the user changed something not saved yet.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.stored != self.draft
    }

    /// Keeps the draft in `slot` for the entity `stored` (matched by `key`): a new draft for
    /// another entity, none when nothing is selected, else [`Draft::follow`].
    pub fn sync(slot: &mut Option<Draft<T>>, stored: Option<&T>, key: impl Fn(&T) -> uuid::Uuid) {
        match (stored, slot.as_mut()) {
            (Some(stored), Some(draft)) if key(&draft.stored) == key(stored) => {
                draft.follow(stored);
            }
            (Some(stored), _) => *slot = Some(Draft::new(stored)),
            (None, _) => *slot = None,
        }
    }

    /// Follows the stored entity when it changed elsewhere (undo, import) and the user has
    /// not typed anything; a draft with unsaved changes is kept.
    pub fn follow(&mut self, stored: &T) {
        if &self.stored != stored && !self.is_dirty() {
            *self = Draft::new(stored);
        } else if &self.stored != stored {
            self.stored = stored.clone();
        }
    }
}

impl<T> Draft<T>
where
    T: Clone + PartialEq + crate::command::Entity + 'static,
{
    /// Save and Discard under the form: a save becomes an edit of the stored entity (named
    /// `name` in the history), a discard restores what is stored.
    pub fn save_ui(
        &mut self,
        ui: &mut egui::Ui,
        problems: &Problems,
        table: &str,
        name: &str,
        edits: &mut Commands,
    ) {
        let (save, discard) = save_bar(ui, self.is_dirty(), problems);
        if save {
            edits.push(Edit::update(table, name, &self.stored, self.draft.clone()));
            self.stored = self.draft.clone();
        }
        if discard {
            self.draft = self.stored.clone();
        }
    }
}

/// Labelled fields in a two-column grid; each shows its problem beside it in red.
pub struct Form<'a> {
    pub problems: &'a Problems,
}

impl Form<'_> {
    fn row(
        &self,
        ui: &mut egui::Ui,
        field: &str,
        label: &str,
        personal: bool,
        add: impl FnOnce(&mut egui::Ui, egui::Id) -> egui::Response,
    ) -> egui::Response {
        let text = if personal {
            RichText::new(format!("{label} *")).italics()
        } else {
            RichText::new(label)
        };
        let label = ui.label(text);
        if personal {
            label.clone().on_hover_text(t!("field.personal_hint"));
        }
        let response = ui
            .vertical(|ui| {
                let response = add(ui, label.id).labelled_by(label.id);
                if let Some(problem) = self.problems.of(field) {
                    ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
                }
                response
            })
            .inner;
        ui.end_row();
        response
    }

    /// A one-line text field.
    pub fn text(&self, ui: &mut egui::Ui, field: &str, value: &mut String) -> egui::Response {
        self.text_with(ui, field, value, false)
    }

    /// A one-line text field holding personal data (marked, and explained on hover).
    pub fn personal(&self, ui: &mut egui::Ui, field: &str, value: &mut String) -> egui::Response {
        self.text_with(ui, field, value, true)
    }

    fn text_with(
        &self,
        ui: &mut egui::Ui,
        field: &str,
        value: &mut String,
        personal: bool,
    ) -> egui::Response {
        self.row(ui, field, field_label(field), personal, |ui, _| {
            ui.add(egui::TextEdit::singleline(value).desired_width(320.0))
        })
    }

    /// A text field of several lines.
    pub fn multiline(&self, ui: &mut egui::Ui, field: &str, value: &mut String) -> egui::Response {
        self.row(ui, field, field_label(field), false, |ui, _| {
            ui.add(
                egui::TextEdit::multiline(value)
                    .desired_width(320.0)
                    .desired_rows(3),
            )
        })
    }

    /// A whole number; out-of-range values are allowed here and reported by validation.
    pub fn integer(&self, ui: &mut egui::Ui, field: &str, value: &mut i64) -> egui::Response {
        self.row(ui, field, field_label(field), false, |ui, _| {
            ui.add(egui::DragValue::new(value).speed(0.05))
        })
    }

    /// An optional number: empty means none.
    pub fn optional_number(
        &self,
        ui: &mut egui::Ui,
        field: &str,
        value: &mut Option<f64>,
    ) -> egui::Response {
        self.optional_text(
            ui,
            field,
            value,
            |v| lernstadt_core::i18n::format_number(*v),
            typed_number,
        )
    }

    /// An optional whole number: empty means none.
    pub fn optional_integer(
        &self,
        ui: &mut egui::Ui,
        field: &str,
        value: &mut Option<i64>,
    ) -> egui::Response {
        self.optional_text(ui, field, value, ToString::to_string, |text| {
            text.trim().parse().ok()
        })
    }

    /// An optional date as `YYYY-MM-DD` text: empty means none; validation judges the text.
    pub fn optional_date(
        &self,
        ui: &mut egui::Ui,
        field: &str,
        value: &mut Option<String>,
    ) -> egui::Response {
        self.optional_line(ui, field, value, "2025-09-01")
    }

    /// An optional short text (a date, a period's code) with an example as its hint: empty
    /// means none; validation judges the text.
    pub fn optional_line(
        &self,
        ui: &mut egui::Ui,
        field: &str,
        value: &mut Option<String>,
        hint: &str,
    ) -> egui::Response {
        let mut text = value.clone().unwrap_or_default();
        let response = self.row(ui, field, field_label(field), false, |ui, _| {
            ui.add(
                egui::TextEdit::singleline(&mut text)
                    .hint_text(hint)
                    .desired_width(120.0),
            )
        });
        if response.changed() {
            *value = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        }
        response
    }

    /// A typed value edited as text kept between frames, so that "12," can be typed on
    /// the way to "12,5"; text that does not parse keeps the last value and says so.
    fn optional_text<V: Clone + PartialEq + Send + Sync + 'static>(
        &self,
        ui: &mut egui::Ui,
        field: &str,
        value: &mut Option<V>,
        show: impl Fn(&V) -> String,
        parse: impl Fn(&str) -> Option<V>,
    ) -> egui::Response {
        let id = ui.scope_id().with(("optional", field));
        let shown = value.as_ref().map(&show).unwrap_or_default();
        let (mut text, for_value): (String, Option<V>) = ui
            .data(|d| d.get_temp::<(String, Option<V>)>(id))
            .filter(|(_, for_value)| for_value == value)
            .unwrap_or((shown, value.clone()));
        let _ = for_value;
        let mut failed = false;
        let response = self.row(ui, field, field_label(field), false, |ui, _| {
            let response = ui.add(egui::TextEdit::singleline(&mut text).desired_width(120.0));
            let trimmed = text.trim();
            failed = !trimmed.is_empty() && parse(trimmed).is_none();
            if failed {
                ui.label(
                    RichText::new(t!("form.not_a_number", value = trimmed))
                        .color(ui.visuals().error_fg_color),
                );
            }
            response
        });
        if response.changed() && !failed {
            *value = parse(text.trim());
        }
        ui.data_mut(|d| d.insert_temp(id, (text, value.clone())));
        response
    }

    /// A choice among the values of an enumeration (or any list).
    pub fn choice<T: PartialEq + Copy>(
        &self,
        ui: &mut egui::Ui,
        field: &str,
        value: &mut T,
        options: impl IntoIterator<Item = T>,
        text: impl Fn(T) -> String,
    ) -> egui::Response {
        self.row(ui, field, field_label(field), false, |ui, label| {
            let before = *value;
            let mut response = egui::ComboBox::from_id_salt(("choice", field))
                .selected_text(text(*value))
                .width(240.0)
                .show_ui(ui, |ui| {
                    for option in options {
                        ui.selectable_value(value, option, text(option));
                    }
                })
                .response
                .labelled_by(label);
            if *value != before {
                response.mark_changed();
            }
            response
        })
    }

    /// A yes/no field.
    pub fn flag(&self, ui: &mut egui::Ui, field: &str, value: &mut bool) -> egui::Response {
        self.row(ui, field, field_label(field), false, |ui, _| {
            ui.checkbox(value, "")
        })
    }
}

/// A number as typed in the window's language (`12,5` in German, `12.5` in English,
/// thousands separators allowed); `None` when it is none.
#[must_use]
pub fn typed_number(text: &str) -> Option<f64> {
    let decimal = match lernstadt_core::i18n::lang() {
        lernstadt_core::i18n::Lang::De => lernstadt_core::import::values::Decimal::Comma,
        lernstadt_core::i18n::Lang::En => lernstadt_core::import::values::Decimal::Point,
    };
    lernstadt_core::import::values::parse_number(text.trim(), decimal)
}

/// Save and Discard for a draft: Save is enabled when something changed and nothing is
/// invalid. Returns (save, discard).
pub fn save_bar(ui: &mut egui::Ui, dirty: bool, problems: &Problems) -> (bool, bool) {
    let mut save = false;
    let mut discard = false;
    ui.horizontal(|ui| {
        save = ui
            .add_enabled(
                dirty && problems.is_empty(),
                egui::Button::new(t!("form.save")),
            )
            .clicked();
        discard = ui
            .add_enabled(dirty, egui::Button::new(t!("form.discard")))
            .clicked();
        if dirty && !problems.is_empty() {
            ui.label(RichText::new(t!("form.fix_first")).color(ui.visuals().error_fg_color));
        }
    });
    let enter = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::S);
    if dirty && problems.is_empty() && ui.input_mut(|i| i.consume_shortcut(&enter)) {
        save = true;
    }
    (save, discard)
}

/// A search field over a list of choices (by every text of each), the matches below it as
/// buttons (at most `shown`, with how many more): returns the one clicked.
pub fn picker_ui<K: Copy>(
    ui: &mut egui::Ui,
    label: &str,
    search: &mut String,
    choices: &[(K, String)],
    shown: usize,
) -> Option<K> {
    let mut picked = None;
    ui.horizontal(|ui| {
        let label = ui.label(label);
        ui.add(
            egui::TextEdit::singleline(search)
                .hint_text(t!("form.search_hint"))
                .desired_width(260.0),
        )
        .labelled_by(label.id);
    });
    let needle = search.trim().to_lowercase();
    let matching: Vec<&(K, String)> = choices
        .iter()
        .filter(|(_, text)| super::tables::matches(&needle, &[text.as_str()]))
        .collect();
    if shown == 0 {
        return None;
    }
    if matching.is_empty() {
        ui.label(RichText::new(t!("form.nothing_found")).weak());
    }
    for (key, text) in matching.iter().take(shown) {
        if ui.button(format!("+ {text}")).clicked() {
            picked = Some(*key);
        }
    }
    if matching.len() > shown {
        ui.label(RichText::new(t!("form.more_found", count = matching.len() - shown)).weak());
    }
    picked
}
