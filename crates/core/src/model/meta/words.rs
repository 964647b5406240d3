//! The change log in words: a field's label, a value as text, and what an edit changed
//! ("Interest of Jugendamt: 3 → 5").

use super::EntityKind;

/// A field's label in the current language.
#[must_use]
pub fn field_label(field: &str) -> &'static str {
    crate::i18n::tr(&format!("field.{field}"))
}

/// The readable name of a change: one field → "Field of Name: old → new", else "Name: n
/// fields changed".
pub fn describe_update<T: serde::Serialize>(
    table: &str,
    name: &str,
    before: &T,
    after: &T,
) -> String {
    let (Ok(serde_json::Value::Object(before)), Ok(serde_json::Value::Object(after))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return name.to_owned();
    };
    let changed: Vec<&String> = after
        .iter()
        .filter(|(field, value)| before.get(*field) != Some(value))
        .map(|(field, _)| field)
        .collect();
    let personal = |field: &str| {
        EntityKind::from_code(table).is_some_and(|kind| {
            kind.def()
                .fields
                .iter()
                .any(|f| f.name == field && f.personal)
        })
    };
    match changed.as_slice() {
        // Personal values stay out of the history's names (they travel with copies).
        [field] if personal(field) => crate::t!(
            "edit.personal_changed",
            field = field_label(field),
            name = name
        ),
        [field] => crate::t!(
            "edit.field_changed",
            field = field_label(field),
            name = name,
            before = value_text(
                table,
                field,
                before.get(*field).unwrap_or(&serde_json::Value::Null)
            ),
            after = value_text(table, field, &after[*field])
        ),
        _ => crate::t!("edit.fields_changed", name = name, count = changed.len()),
    }
}

/// A stored value as a person reads it: enumeration codes become their labels.
#[must_use]
pub fn value_text(table: &str, field: &str, value: &serde_json::Value) -> String {
    let codes = EntityKind::from_code(table)
        .and_then(|kind| kind.def().fields.iter().find(|f| f.name == field))
        .and_then(|f| f.codes);
    match (value, codes) {
        (serde_json::Value::Null, _) => "–".to_owned(),
        (serde_json::Value::String(code), Some(codes)) => codes.label(code).to_owned(),
        (serde_json::Value::String(text), None) => text.clone(),
        (serde_json::Value::Number(n), _) => n
            .as_f64()
            .map_or_else(|| n.to_string(), crate::i18n::format_number),
        (serde_json::Value::Bool(flag), _) => if *flag {
            crate::t!("form.yes")
        } else {
            crate::t!("form.no")
        }
        .to_owned(),
        // A data value in a merge: its number (or symbol) as the tables show it.
        (serde_json::Value::Object(content), _) if table == "observation" => {
            let text = |name: &str| content.get(name).and_then(serde_json::Value::as_str);
            let number = content
                .get("value")
                .and_then(serde_json::Value::as_f64)
                .map(crate::i18n::format_number);
            let mut shown = match (number, text("symbol")) {
                (Some(number), Some(symbol)) => format!("{number} {symbol}"),
                (Some(number), None) => number,
                (None, Some(symbol)) => symbol.to_owned(),
                (None, None) => "–".to_owned(),
            };
            if let Some(note) = text("note") {
                shown = format!("{shown} ({note})");
            }
            shown
        }
        (other, _) => other.to_string(),
    }
}
