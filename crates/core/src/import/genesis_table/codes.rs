//! Short, plain codes for a classic table's indicators: the table's code, with a short
//! form of the value variable where a table has several; the labels stay their names.

/// Short, plain codes for a table's indicators (the labels stay their names): the table's
/// code when it has one value variable, else the table's code and a short form of each
/// label (`21111-02-06-4:Absolvierende`), made unique with a number; at most 32 letters,
/// digits and `_ - . :`.
pub(super) fn indicator_codes(
    table: &str,
    labels: &[String],
) -> std::collections::HashMap<String, String> {
    let mut distinct: Vec<&String> = Vec::new();
    for label in labels {
        if !distinct.contains(&label) {
            distinct.push(label);
        }
    }
    let base = short_code(table, 20);
    let mut codes = std::collections::HashMap::new();
    let mut taken: Vec<String> = Vec::new();
    for label in distinct {
        let wanted = match (base.is_empty(), labels.iter().all(|l| l == label)) {
            (false, true) => base.clone(),
            // Room for the suffix `_N` within 32.
            (false, false) => format!(
                "{base}:{}",
                short_code(first_word(label), 28 - base.chars().count())
            ),
            (true, _) => short_code(label, 28),
        };
        let mut code = wanted.clone();
        let mut n = 2;
        while taken.contains(&code) {
            code = format!("{wanted}_{n}");
            n += 1;
        }
        taken.push(code.clone());
        codes.insert(label.clone(), code);
    }
    codes
}

/// The first word of a label (letters and digits, umlauts and ß kept as such).
fn first_word(label: &str) -> &str {
    label
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
}

/// `text` as a code of at most `chars` characters: letters and digits (umlauts written
/// out: ä → ae, ß → ss), `_ - . :` kept, anything else becomes `_`, runs of `_` one.
#[must_use]
pub fn short_code(text: &str, chars: usize) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        let piece: &str = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'Ä' => "Ae",
            'Ö' => "Oe",
            'Ü' => "Ue",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':') => {
                out.push(c);
                continue;
            }
            _ => "_",
        };
        if piece == "_" && (out.is_empty() || out.ends_with('_')) {
            continue;
        }
        out.push_str(piece);
    }
    let mut out: String = out.trim_end_matches('_').chars().take(chars).collect();
    while out.ends_with('_') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicators_get_short_plain_codes_from_the_table_code() {
        let one = indicator_codes(
            "21111-02-06-4",
            &vec!["Absolvierende/Abgehende".to_owned(); 3],
        );
        assert_eq!(one["Absolvierende/Abgehende"], "21111-02-06-4");
        let labels = [
            "Bevölkerung – Insgesamt".to_owned(),
            "Bevölkerung – männlich".to_owned(),
            "Fläche (km²)".to_owned(),
        ];
        let codes = indicator_codes("12411-01-01-4", &labels);
        assert_eq!(codes[&labels[0]], "12411-01-01-4:Bevoelkerung");
        assert_eq!(codes[&labels[1]], "12411-01-01-4:Bevoelkerung_2");
        assert_eq!(codes[&labels[2]], "12411-01-01-4:Flaeche");
        let plain = |c: char| c.is_ascii_alphanumeric() || "_-.:".contains(c);
        for code in codes.values() {
            assert!(
                code.chars().count() <= 32 && code.chars().all(plain),
                "{code}"
            );
        }
        // Without a table code: the label, shortened.
        let codes = indicator_codes(
            "",
            &["Schüler/innen an Gymnasien (Anzahl) – weiblich".to_owned()],
        );
        assert_eq!(
            codes.values().next().map(String::as_str),
            Some("Schueler_innen_an_Gymnasien")
        );
    }
}
