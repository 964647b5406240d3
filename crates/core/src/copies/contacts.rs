//! Contact data in free text — an e-mail address or a telephone number typed into a
//! description, a note or an imported file's name — found and left out of a copy without
//! personal data. Personal fields are emptied whole (see `share`); these are the words
//! inside other text.

use rusqlite::Transaction;

use crate::model::meta::{ALL, FieldType};
use crate::store::Result;

/// The fields people write prose into (never a key, a code, a date or a formula).
const FREE_TEXT: &[&str] = &[
    "description",
    "note",
    "text",
    "body",
    "purpose",
    "definition",
    "source",
    "role",
    "authors",
    "funding_source",
];

/// What stands where contact data was.
const REMOVED: &str = "[…]";

/// Whether a word is an e-mail address: something, `@`, a domain with a dot.
fn is_email(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    let Some((local, domain)) = word.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
}

/// Where a telephone number stands in `chars` from `start`: `+` or `0` (maybe in a bracket)
/// then at least seven
/// digits among spaces, `/`, `-` and brackets, with at least one of those (or the `+`) —
/// so a region key (`05999000`), a year or an amount is none.
fn phone_at(chars: &[char], start: usize) -> Option<usize> {
    let first = chars[start];
    let opens = |c: char| c == '+' || c == '0';
    if !(opens(first) || (first == '(' && chars.get(start + 1).is_some_and(|c| opens(*c)))) {
        return None;
    }
    if start > 0 && chars[start - 1].is_alphanumeric() {
        return None;
    }
    let mut end = start;
    let (mut digits, mut separated) = (0, first == '+');
    while end < chars.len() {
        let c = chars[end];
        if c.is_ascii_digit() {
            digits += 1;
        } else if matches!(c, ' ' | '/' | '-' | '(' | ')' | '+') {
            // A space ends the number unless a digit or a bracket follows.
            if c == ' '
                && !chars
                    .get(end + 1)
                    .is_some_and(|n| n.is_ascii_digit() || *n == '(')
            {
                break;
            }
            if end > start {
                separated = true;
            }
        } else {
            break;
        }
        end += 1;
    }
    (digits >= 7 && separated && !chars.get(end).is_some_and(|c| c.is_alphanumeric()))
        .then_some(end)
}

/// `text` with every e-mail address and telephone number replaced by `[…]`; `None` when
/// there is none.
#[must_use]
pub fn without_contacts(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for (n, word) in text.split(' ').enumerate() {
        if n > 0 {
            out.push(' ');
        }
        if is_email(word) {
            // Keep what surrounds the address (`<…>`, a comma).
            let start = word.find(|c: char| c.is_alphanumeric()).unwrap_or(0);
            let end = word
                .rfind(|c: char| c.is_alphanumeric())
                .map_or(word.len(), |i| {
                    i + word[i..].chars().next().map_or(1, char::len_utf8)
                });
            out.push_str(&word[..start]);
            out.push_str(REMOVED);
            out.push_str(&word[end..]);
            changed = true;
        } else {
            out.push_str(word);
        }
    }
    let chars: Vec<char> = out.chars().collect();
    let mut cleaned = String::with_capacity(out.len());
    let mut at = 0;
    while at < chars.len() {
        if let Some(end) = phone_at(&chars, at) {
            cleaned.push_str(REMOVED);
            at = end;
            changed = true;
        } else {
            cleaned.push(chars[at]);
            at += 1;
        }
    }
    changed.then_some(cleaned)
}

/// Removes contact data from every free-text field of every entity and from imported
/// files' names; returns how many texts changed.
pub(super) fn remove(tx: &Transaction<'_>) -> Result<u64> {
    let mut columns: Vec<(String, String)> = vec![("import".into(), "file_name".into())];
    for def in ALL {
        for field in def
            .fields
            .iter()
            .filter(|f| f.ty == FieldType::Text && FREE_TEXT.contains(&f.name))
        {
            columns.push((def.table.to_owned(), field.column()));
        }
    }
    let mut changed = 0;
    for (table, column) in columns {
        let rows: Vec<(i64, String)> = tx
            .prepare(&format!(
                "SELECT rowid, \"{column}\" FROM \"{table}\" WHERE \"{column}\" LIKE '%@%' OR \"{column}\" GLOB '*[0-9][0-9][0-9]*'"
            ))?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (rowid, text) in rows {
            if let Some(clean) = without_contacts(&text) {
                tx.execute(
                    &format!("UPDATE \"{table}\" SET \"{column}\" = ?1 WHERE rowid = ?2"),
                    rusqlite::params![clean, rowid],
                )?;
                changed += 1;
            }
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_numbers_go_keys_and_years_stay() {
        let cases = [
            (
                "Ansprechpartnerin: Frau Beispiel, beispiel@stadt-musterstadt.de, Tel. 0551 400-1234.",
                Some("Ansprechpartnerin: Frau Beispiel, […], Tel. […]."),
            ),
            (
                "Rückfragen an <info@kreis.example> oder +49 (551) 400 12 34",
                Some("Rückfragen an <[…]> oder […]"),
            ),
            ("daten_max.mustermann@stadt.de.csv", Some("[…]")),
            ("Gebiet 05999000, Schuljahr 2023/24, 12.500 EUR", None),
            ("Berechnet aus (12411-01-01-4: Bevölkerung) und 0,5", None),
            ("Kita-Ausbau 2024-2026 in 3 Stadtteilen", None),
            ("@home und a@b", None),
        ];
        for (text, want) in cases {
            assert_eq!(without_contacts(text).as_deref(), want, "{text}");
        }
    }
}
