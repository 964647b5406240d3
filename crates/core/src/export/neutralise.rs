//! Text cells safe from being run as a formula by a spreadsheet (a leading `'`), and the
//! `'` removed again when a cell is read back.

/// Makes a text cell safe from being run as a formula by a spreadsheet.
#[must_use]
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if runs_as_formula(text) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Whether a spreadsheet would run `text` as a formula: it starts with `=`, `+`, `-`, `@`,
/// tab or CR — but a lone statistics symbol (`-`, a true zero) and a signed number
/// (`-3,5`) are read as what they are.
fn runs_as_formula(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(['=', '+', '-', '@', '\t', '\r']) else {
        return false;
    };
    if text.starts_with(['-', '+']) {
        let plain = rest.chars().all(|c| c == '-')
            || (rest.starts_with(|c: char| c.is_ascii_digit())
                && rest
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ','));
        return !plain;
    }
    true
}

/// Undoes [`neutralise`] for a cell read back.
#[must_use]
pub fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_read_back() {
        for text in [
            "=SUM(A1)",
            "+49 30 1234",
            "-2+3+cmd|' /C calc'!A0",
            "-A1",
            "@home",
            "\tx",
            "\rx",
        ] {
            let safe = neutralise(text);
            assert!(safe.starts_with('\''), "{text}");
            assert_eq!(unneutralise(&safe), text);
        }
        // A lone symbol and a signed number are what they are, and an older export's `'-`
        // still reads back as `-`.
        for text in ["-", "--", "-3,5", "+12", "-1.234,5"] {
            assert_eq!(neutralise(text), text);
        }
        assert_eq!(unneutralise("'-"), "-");
        assert_eq!(neutralise("Jugendamt"), "Jugendamt");
        assert_eq!(unneutralise("'Zitat'"), "'Zitat'");
    }
}
