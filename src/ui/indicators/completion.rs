//! The formula field goes on with what can follow: inside an open `[`, the indicators by
//! code or name; after its `;`, `total`, `previous` and the project's `Dimension=Member`
//! pairs — so nobody types a table's code or a member's label by heart.

use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

/// How many suggestions are shown at once.
const SHOWN: usize = 8;

/// What the open reference at the end of `formula` could go on with: where the part typed
/// so far starts, and the suggestions (text to put there, text to show).
fn suggestions(data: &Snapshot, formula: &str) -> Option<(usize, Vec<(String, String)>)> {
    let open = formula.rfind('[')?;
    let inside = &formula[open + 1..];
    if inside.contains(']') {
        return None;
    }
    let matches = |text: &str, typed: &str| text.to_lowercase().contains(&typed.to_lowercase());
    if let Some(semicolon) = inside.rfind(';') {
        let after = &inside[semicolon + 1..];
        let typed = after.trim_start();
        let start = open + 1 + semicolon + 1 + (after.len() - typed.len());
        let mut pairs: Vec<&str> = data
            .breakdown_labels
            .keys()
            .flat_map(|key| key.split(';'))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let found = ["total", "previous"]
            .into_iter()
            .chain(pairs)
            .filter(|pair| matches(pair, typed) && *pair != typed)
            .map(|pair| (pair.to_owned(), pair.to_owned()))
            .collect();
        return Some((start, found));
    }
    let typed = inside.trim_start();
    let start = open + 1 + (inside.len() - typed.len());
    let found = data
        .indicators
        .iter()
        .filter(|i| (matches(&i.code, typed) || matches(&i.name, typed)) && i.code != typed)
        .map(|i| (i.code.clone(), format!("{} – {}", i.code, i.name)))
        .collect();
    Some((start, found))
}

/// A row of the form's grid under the field, when there is something to go on with: the
/// suggestions as buttons; a click puts one in place of what was typed. Returns whether
/// the formula changed.
pub(super) fn completion_row(ui: &mut egui::Ui, data: &Snapshot, formula: &mut String) -> bool {
    let Some((start, found)) = suggestions(data, formula) else {
        return false;
    };
    if found.is_empty() {
        return false;
    }
    let mut changed = false;
    ui.label("");
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(t!("indicators.completion")).weak());
        for (insert, shown) in found.iter().take(SHOWN) {
            if ui.small_button(shown).clicked() {
                formula.replace_range(start.., insert);
                changed = true;
            }
        }
        if found.len() > SHOWN {
            ui.label(
                egui::RichText::new(t!("form.more_found", count = found.len() - SHOWN)).weak(),
            );
        }
    });
    ui.end_row();
    changed
}

/// Gives the field the keyboard again with the cursor at its end (after a suggestion was
/// put in), so typing goes on where it stopped.
pub(super) fn type_on(ctx: &egui::Context, field: &egui::Response, end: usize) {
    field.request_focus();
    if let Some(mut state) = egui::TextEdit::load_state(ctx, field.id) {
        let at = egui::text::CCursor::new(end);
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::one(at)));
        state.store(ctx, field.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> Snapshot {
        let mut data = Snapshot {
            indicators: vec![lernstadt_core::model::Indicator::new(
                "21111-02-06-4",
                "Absolvierende/Abgehende",
            )],
            ..Snapshot::default()
        };
        data.breakdown_labels.insert(
            "Abschlussarten=ohne Hauptschulabschluss;Geschlecht=weiblich".into(),
            String::new(),
        );
        data
    }

    #[test]
    fn an_open_reference_goes_on_with_codes_then_members() {
        let data = project();
        let (start, found) = suggestions(&data, "100 * [absolv").unwrap();
        assert_eq!(start, 7);
        assert_eq!(found[0].0, "21111-02-06-4");
        let (start, found) = suggestions(&data, "100 * [21111-02-06-4; ohne").unwrap();
        assert_eq!(&"100 * [21111-02-06-4; ohne"[start..], "ohne");
        assert_eq!(found[0].0, "Abschlussarten=ohne Hauptschulabschluss");
        assert!(
            suggestions(&data, "100 * [X] / 2").is_none(),
            "nothing open"
        );
    }
}
