//! What makes an entity valid, field by field, in words a planner can act on. The window
//! shows each message beside its field and saves nothing while any remains; the file's
//! CHECK constraints refuse the same things again underneath.

use super::{Goal, Indicator, Measure, Stakeholder, WorkingGroup};
use crate::t;

/// One field's problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    /// The field's name, as in [`crate::model::meta`].
    pub field: &'static str,
    /// What is wrong and how to put it right, in the current language.
    pub message: String,
}

/// The problems found, in field order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Invalid>);

impl Problems {
    fn check(&mut self, ok: bool, field: &'static str, message: impl FnOnce() -> String) {
        if !ok {
            self.0.push(Invalid {
                field,
                message: message(),
            });
        }
    }

    /// The message for `field`, if it has a problem.
    #[must_use]
    pub fn of(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message.as_str())
    }

    /// Whether no field has a problem, so the entity may be saved.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn not_empty(&mut self, text: &str, field: &'static str) {
        self.check(!text.trim().is_empty(), field, || {
            t!("validate.empty").to_owned()
        });
    }

    fn scale(&mut self, value: i64, field: &'static str) {
        self.check((1..=5).contains(&value), field, || {
            t!("validate.scale", value = value)
        });
    }

    fn date(&mut self, date: Option<&str>, field: &'static str) -> Option<chrono::NaiveDate> {
        let date = date.filter(|d| !d.is_empty())?;
        let parsed = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
        self.check(parsed.is_some(), field, || {
            t!("validate.date", value = date)
        });
        parsed
    }

    fn not_negative(&mut self, value: Option<f64>, field: &'static str) {
        self.check(value.is_none_or(|v| v >= 0.0), field, || {
            t!("validate.not_negative").to_owned()
        });
    }
}

/// What is wrong with a region key typed for the project (my region), if anything: it is
/// taken as it is — an official key of any level or a city's own — but it is one word of
/// at most 32 letters, digits, `-`, `_` or `.`. Empty means "not set".
#[must_use]
pub fn region_key(key: &str) -> Option<String> {
    let key = key.trim();
    let fits = key.chars().count() <= 32
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    (!fits).then(|| t!("validate.region_key", key = key))
}

/// A stakeholder needs a name; influence and interest are 1 to 5.
#[must_use]
pub fn stakeholder(s: &Stakeholder) -> Problems {
    let mut problems = Problems::default();
    problems.not_empty(&s.name, "name");
    problems.scale(s.influence, "influence");
    problems.scale(s.interest, "interest");
    problems.check(s.email.is_empty() || s.email.contains('@'), "email", || {
        t!("validate.email", value = s.email)
    });
    problems
}

/// A working group needs a name.
#[must_use]
pub fn working_group(g: &WorkingGroup) -> Problems {
    let mut problems = Problems::default();
    problems.not_empty(&g.name, "name");
    problems
}

/// A goal needs a title; a target year lies between 1900 and 2200.
#[must_use]
pub fn goal(g: &Goal) -> Problems {
    let mut problems = Problems::default();
    problems.not_empty(&g.title, "title");
    problems.check(
        g.target_year.is_none_or(|y| (1900..=2200).contains(&y)),
        "target_year",
        || t!("validate.year", value = g.target_year.unwrap_or_default()),
    );
    problems
}

/// A measure needs a title; dates are dates and the end is not before the start; budgets
/// are not negative.
#[must_use]
pub fn measure(m: &Measure) -> Problems {
    let mut problems = Problems::default();
    problems.not_empty(&m.title, "title");
    let start = problems.date(m.start_date.as_deref(), "start_date");
    let end = problems.date(m.end_date.as_deref(), "end_date");
    if let (Some(start), Some(end)) = (start, end) {
        problems.check(end >= start, "end_date", || {
            t!("validate.end_before_start").to_owned()
        });
    }
    problems.not_negative(m.budget_planned_eur, "budget_planned_eur");
    problems.not_negative(m.budget_spent_eur, "budget_spent_eur");
    problems
}

/// An indicator needs a code and a name; 0 to 6 decimals; a band's top not below its bottom.
#[must_use]
pub fn indicator(i: &Indicator) -> Problems {
    let mut problems = Problems::default();
    problems.not_empty(&i.code, "code");
    problems.not_empty(&i.name, "name");
    problems.check((0..=6).contains(&i.decimals), "decimals", || {
        t!("validate.decimals", value = i.decimals)
    });
    if let (Some(low), Some(high)) = (i.band_low, i.band_high) {
        problems.check(high >= low, "band_high", || t!("validate.band").to_owned());
    }
    problems
}

/// How long a text field may be, in characters, stated in one place: a key 64, a code 200,
/// a name or title 500, any other text 100,000; `None` for what is no prose (a boundary's
/// geometry, stored settings, a mapping's header).
#[must_use]
pub fn text_limit(field: &str) -> Option<usize> {
    match field {
        "geometry" | "settings" | "header" | "roles" => None,
        "key" | "region_key" => Some(64),
        "code" => Some(200),
        "name" | "title" | "municipality" | "unit" | "role" | "contact_person" | "email"
        | "phone" | "comparison_name" | "symbol" | "quality" => Some(500),
        _ => Some(100_000),
    }
}

/// The first text field of `row` longer than its limit: its name, its length and the
/// limit.
#[must_use]
pub fn too_long(row: &serde_json::Map<String, serde_json::Value>) -> Option<(&str, usize, usize)> {
    row.iter().find_map(|(field, value)| {
        let text = value.as_str()?;
        let limit = text_limit(field)?;
        let chars = text.chars().count();
        (chars > limit).then_some((field.as_str(), chars, limit))
    })
}

/// What a text field may hold besides printable characters, stated beside its length
/// limit ([`text_limit`]) and applied to every text on its way in (an edit, an entity list,
/// a table's labels, a boundary file's names): see [`clean_text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// One line: a key, a code, a name, a title, a unit, a date, a choice, a list's item.
    /// No control character at all, line breaks and tabs included.
    Line,
    /// Prose: a description, a definition, a source, notes, a slide's body, an idea, a
    /// formula. Line breaks and tabs belong to it; no other control character.
    Prose,
    /// No prose: a boundary's geometry, stored settings, a mapping's header and roles
    /// (written by Lernstadt itself), kept as they are.
    Data,
}

/// The kind of the text field `field` (see [`TextKind`]); a field not named here is one
/// line, so a new name or key never takes a line break by accident.
#[must_use]
pub fn text_kind(field: &str) -> TextKind {
    match field {
        "geometry" | "settings" | "header" | "roles" => TextKind::Data,
        "description" | "purpose" | "definition" | "source" | "formula" | "body" | "text"
        | "note" | "authors" => TextKind::Prose,
        _ => TextKind::Line,
    }
}

/// Whether `c` is a control character (Unicode's `Cc`: U+0000–U+001F, U+007F–U+009F) or
/// a line or paragraph separator (U+2028, U+2029).
fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `text` as a field of `kind` keeps it; borrowed when it is so already.
///
/// In one line ([`TextKind::Line`]) each run of control characters (a line break, a tab,
/// `\r\n` …) becomes one space, and is dropped at either end — a name pasted over two
/// lines of a spreadsheet cell reads as one line. In prose ([`TextKind::Prose`]) `\r\n`,
/// `\r` and the separators become `\n`, line breaks and tabs stay, and every other control
/// character is dropped. Data ([`TextKind::Data`]) stays as it is.
#[must_use]
pub fn clean_text(kind: TextKind, text: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let dirty = match kind {
        TextKind::Data => false,
        TextKind::Line => text.chars().any(is_control),
        TextKind::Prose => text
            .chars()
            .any(|c| is_control(c) && !matches!(c, '\n' | '\t')),
    };
    if !dirty {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (kind, c) {
            (_, c) if !is_control(c) => out.push(c),
            (TextKind::Line, _) => {
                while chars.next_if(|&next| is_control(next)).is_some() {}
                if !out.is_empty() && chars.peek().is_some() {
                    out.push(' ');
                }
            }
            (_, '\r') => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            (_, '\n' | '\u{2028}' | '\u{2029}') => out.push('\n'),
            (_, '\t') => out.push('\t'),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// `row` with every text cleaned for its field (see [`clean_text`]; a list's items are
/// each one line); `None` when nothing needed cleaning.
#[must_use]
pub fn clean_row(
    row: &serde_json::Map<String, serde_json::Value>,
) -> Option<serde_json::Map<String, serde_json::Value>> {
    use serde_json::Value;
    let cleaned = |field: &str, value: &Value| -> Option<Value> {
        match value {
            Value::String(text) => match clean_text(text_kind(field), text) {
                std::borrow::Cow::Owned(text) => Some(Value::String(text)),
                std::borrow::Cow::Borrowed(_) => None,
            },
            Value::Array(items)
                if items
                    .iter()
                    .any(|item| item.as_str().is_some_and(|t| t.chars().any(is_control))) =>
            {
                Some(Value::Array(
                    items
                        .iter()
                        .map(|item| match item {
                            Value::String(text) => {
                                Value::String(clean_text(TextKind::Line, text).into_owned())
                            }
                            other => other.clone(),
                        })
                        .collect(),
                ))
            }
            _ => None,
        }
    };
    let mut out: Option<serde_json::Map<String, Value>> = None;
    for (field, value) in row {
        if let Some(value) = cleaned(field, value) {
            out.get_or_insert_with(|| row.clone())
                .insert(field.clone(), value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Engagement, MeasureStage, StakeholderKind, new_uuid};

    fn stakeholder_named(name: &str) -> Stakeholder {
        Stakeholder {
            uuid: new_uuid(),
            name: name.into(),
            kind: StakeholderKind::School,
            education_areas: vec![],
            description: String::new(),
            influence: 3,
            interest: 3,
            engagement: Engagement::Inform,
            tags: vec![],
            contact_person: String::new(),
            email: String::new(),
            phone: String::new(),
        }
    }

    #[test]
    fn stakeholder_scale_and_name() {
        let mut s = stakeholder_named("Jugendamt");
        assert!(stakeholder(&s).is_empty());
        s.influence = 6;
        s.interest = 0;
        s.name = "  ".into();
        let problems = stakeholder(&s);
        assert!(problems.of("name").is_some());
        assert!(problems.of("influence").is_some());
        assert!(problems.of("interest").is_some());
        assert!(problems.of("engagement").is_none());
    }

    #[test]
    fn measure_end_before_start_is_refused() {
        let mut m = Measure {
            uuid: new_uuid(),
            title: "Leseclub".into(),
            description: String::new(),
            status: MeasureStage::Planned,
            start_date: Some("2025-01-01".into()),
            end_date: Some("2024-12-31".into()),
            budget_planned_eur: Some(1000.0),
            budget_spent_eur: None,
            funding_source: String::new(),
            lead_stakeholder: None,
            target_groups: vec![],
        };
        assert!(measure(&m).of("end_date").is_some());
        m.end_date = Some("2025-13-01".into());
        assert!(measure(&m).of("end_date").is_some(), "not a date");
        m.end_date = Some("2026-06-30".into());
        m.budget_spent_eur = Some(-1.0);
        let problems = measure(&m);
        assert!(problems.of("end_date").is_none());
        assert!(problems.of("budget_spent_eur").is_some());
    }
    #[test]
    fn a_line_loses_its_control_characters_and_prose_keeps_its_breaks() {
        let line = |text| clean_text(text_kind("name"), text).into_owned();
        assert_eq!(line("Grundschule\r\nAm Markt"), "Grundschule Am Markt");
        assert_eq!(line("\tA\u{7}\u{0}B\n"), "A B");
        assert_eq!(line("Kita\u{2028}Nord\u{85}"), "Kita Nord");
        assert!(matches!(
            clean_text(TextKind::Line, "Jugendamt"),
            std::borrow::Cow::Borrowed(_)
        ));
        for field in [
            "key",
            "code",
            "title",
            "unit",
            "tags",
            "region_key",
            "level",
        ] {
            assert_eq!(text_kind(field), TextKind::Line, "{field}");
        }

        let prose = |text| clean_text(text_kind("description"), text).into_owned();
        assert_eq!(
            prose("Zeile 1\r\nZeile 2\rZeile 3"),
            "Zeile 1\nZeile 2\nZeile 3"
        );
        assert_eq!(prose("a\tb\u{1b}[31m\u{0}c\n"), "a\tb[31mc\n");
        for field in ["description", "definition", "note", "body", "formula"] {
            assert_eq!(text_kind(field), TextKind::Prose, "{field}");
        }
        assert_eq!(clean_text(text_kind("geometry"), "a\u{0}b"), "a\u{0}b");
    }

    #[test]
    fn a_row_is_cleaned_field_by_field() {
        let row = serde_json::json!({
            "name": "A\tB",
            "description": "x\r\ny",
            "tags": ["eins\nzwei", "drei"],
            "influence": 3,
        });
        let serde_json::Value::Object(row) = row else {
            unreachable!()
        };
        let cleaned = clean_row(&row).expect("something to clean");
        assert_eq!(cleaned["name"], "A B");
        assert_eq!(cleaned["description"], "x\ny");
        assert_eq!(cleaned["tags"], serde_json::json!(["eins zwei", "drei"]));
        assert_eq!(cleaned["influence"], 3);
        assert_eq!(clean_row(&cleaned), None);
    }
}
