//! Whether an indicator's source was written by a formula ("Berechnet: …") or by someone.

/// Whether an indicator's `source` only says how it is computed from `formula` ("Berechnet:
/// …", in either language), or is empty: then a new formula may write its own, and a
/// source someone wrote stays. The language it is in, or `None` for a source of its own.
#[must_use]
pub fn source_follows(source: &str, formula: &str) -> Option<crate::i18n::Lang> {
    let lang = crate::i18n::lang();
    if source.trim().is_empty() {
        return Some(lang);
    }
    crate::i18n::Lang::ALL.iter().copied().find(|lang| {
        source == crate::i18n::tr_in(*lang, "derive.source").replace("{formula}", formula.trim())
    })
}
