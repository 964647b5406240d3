//! Every user-visible string, in German and English.
//!
//! The catalogues are `assets/i18n/de.txt` and `assets/i18n/en.txt`: one `key = text` a line,
//! `{name}` marks a value filled in by [`trf`]. Both hold the same keys; a test fails when a
//! key is missing from one of them or when the code uses a key neither has.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Display;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// A language of the user interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// German.
    De,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the order the language switch offers them.
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// `de` or `en`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the language switch.
    #[must_use]
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::De => "Deutsch",
            Lang::En => "English",
        }
    }

    /// The language for a code like `de`, `en`, `de_DE.UTF-8` or `en-GB`.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        if code.starts_with("de") {
            Some(Lang::De)
        } else if code.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(1);

thread_local! {
    /// This thread's language, when it was set for the thread.
    static THREAD: Cell<Option<Lang>> = const { Cell::new(None) };
}

fn encode(lang: Lang) -> u8 {
    match lang {
        Lang::De => 0,
        Lang::En => 1,
    }
}

/// Sets the language of everything translated from now on: the process's, and this
/// thread's.
pub fn set_lang(lang: Lang) {
    CURRENT.store(encode(lang), Ordering::Relaxed);
    set_thread_lang(lang);
}

/// Sets the language of everything this thread translates from now on, whatever other
/// threads speak: a worker takes the window's, and each test its own, so tests in other
/// languages can run side by side.
pub fn set_thread_lang(lang: Lang) {
    THREAD.with(|thread| thread.set(Some(lang)));
}

/// Runs `f` with this thread translating into `lang`, then as before: for text that is
/// stored in the project (an indicator's source, a social index's method), which is written
/// in the project's language whatever the window speaks.
pub fn in_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let before = THREAD.with(|thread| thread.replace(Some(lang)));
    let value = f();
    THREAD.with(|thread| thread.set(before));
    value
}

/// The current language: this thread's if it was set, else the process's.
#[must_use]
pub fn lang() -> Lang {
    if let Some(lang) = THREAD.with(Cell::get) {
        return lang;
    }
    if CURRENT.load(Ordering::Relaxed) == 0 {
        Lang::De
    } else {
        Lang::En
    }
}

/// The user's language from the environment: `LC_ALL`, `LC_MESSAGES`, `LANG` (the first one
/// set, as POSIX has it), else the operating system's locale; English when none is German
/// or English.
#[must_use]
pub fn detect_lang() -> Lang {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(value) = std::env::var(var)
            && !value.is_empty()
        {
            return lang_from_locale(&value);
        }
    }
    sys_locale::get_locale().map_or(Lang::En, |locale| lang_from_locale(&locale))
}

fn lang_from_locale(locale: &str) -> Lang {
    Lang::from_code(locale).unwrap_or(Lang::En)
}

/// Whether the system writes numbers with a decimal comma (a German or Austrian regional
/// format, and most of Europe's): a spreadsheet there (Excel) reads a CSV with `;` between
/// fields and `,` as the decimal mark. From `LC_ALL`, `LC_NUMERIC`, `LANG` (the first one
/// set), else the operating system's locale — on Windows the user's regional format, which
/// may differ from the language (`en-DE`: English with German formats).
#[must_use]
pub fn decimal_comma() -> bool {
    for var in ["LC_ALL", "LC_NUMERIC", "LANG"] {
        if let Ok(value) = std::env::var(var)
            && !value.is_empty()
        {
            return locale_decimal_comma(&value);
        }
    }
    sys_locale::get_locale().is_some_and(|locale| locale_decimal_comma(&locale))
}

/// Whether numbers are written with a decimal comma in `locale` (`de_DE.UTF-8`, `de-AT`,
/// `en-DE`, `de`): by its region where it names one, else by its language.
fn locale_decimal_comma(locale: &str) -> bool {
    /// Regions whose numbers have a decimal comma (Switzerland and Liechtenstein write
    /// a point).
    const REGIONS: &[&str] = &[
        "DE", "AT", "LU", "BE", "NL", "FR", "IT", "ES", "PT", "DK", "SE", "NO", "FI", "IS", "PL",
        "CZ", "SK", "HU", "SI", "HR", "RO", "BG", "GR", "TR", "RU", "UA", "BR", "AR", "CL", "CO",
        "ID", "VN", "ZA",
    ];
    /// Languages that write a decimal comma where no region is named.
    const LANGUAGES: &[&str] = &[
        "de", "fr", "nl", "it", "es", "pt", "da", "sv", "nb", "nn", "no", "fi", "pl", "cs", "sk",
        "hu", "sl", "hr", "ro", "bg", "el", "tr", "ru", "uk",
    ];
    let name = locale.split(['.', '@']).next().unwrap_or_default();
    let mut parts = name.split(['_', '-']);
    let language = parts.next().unwrap_or_default().to_ascii_lowercase();
    // The region is the part of two capital letters (`sr-Latn-RS`: after the script).
    match parts.find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic())) {
        Some(region) => REGIONS.contains(&region.to_ascii_uppercase().as_str()),
        None => LANGUAGES.contains(&language.as_str()),
    }
}

const DE: &str = include_str!("../assets/i18n/de.txt");
const EN: &str = include_str!("../assets/i18n/en.txt");

fn parse(catalogue: &'static str) -> HashMap<&'static str, &'static str> {
    catalogue
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once(" = "))
        .map(|(key, text)| (key.trim(), text))
        .collect()
}

fn catalogue(lang: Lang) -> &'static HashMap<&'static str, &'static str> {
    static DE_MAP: OnceLock<HashMap<&str, &str>> = OnceLock::new();
    static EN_MAP: OnceLock<HashMap<&str, &str>> = OnceLock::new();
    match lang {
        Lang::De => DE_MAP.get_or_init(|| parse(DE)),
        Lang::En => EN_MAP.get_or_init(|| parse(EN)),
    }
}

/// The text for `key` in the current language; the key itself if no catalogue has it (a
/// test makes sure that never happens for keys in the code).
#[must_use]
pub fn tr(key: &str) -> &'static str {
    tr_in(lang(), key)
}

/// The text for `key`, if it is a key of the catalogues (names stored as keys, such as the
/// history's "project.create", show translated; other text is shown as it is).
#[must_use]
pub fn lookup(key: &str) -> Option<&'static str> {
    catalogue(lang()).get(key).copied()
}

/// The text for `key` in `lang`.
#[must_use]
pub fn tr_in(lang: Lang, key: &str) -> &'static str {
    // A missing key shows as itself, leaked once: better than an empty label.
    static MISSING: OnceLock<std::sync::Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    if let Some(text) = catalogue(lang).get(key) {
        return text;
    }
    let missing = MISSING.get_or_init(Default::default);
    let Ok(mut missing) = missing.lock() else {
        return "?";
    };
    missing
        .entry(key.to_owned())
        .or_insert_with(|| Box::leak(key.to_owned().into_boxed_str()))
}

/// The text for `key` with each `{name}` replaced by its value.
#[must_use]
pub fn trf(key: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut text = tr(key).to_owned();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), &value.to_string());
    }
    text
}

/// `t!("key")` or `t!("key", name = value, …)`: the translated text.
#[macro_export]
macro_rules! t {
    ($key:literal) => {
        $crate::i18n::tr($key)
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::trf($key, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+])
    };
}

/// Whether `key` is a key of the catalogues (both hold the same keys, a test makes sure).
#[must_use]
pub fn is_key(key: &str) -> bool {
    catalogue(Lang::De).contains_key(key)
}

/// Every `t!("…")` key in the Rust sources under `dir`, with its file: each crate's
/// catalogue test checks its own sources and the keys it asks for by a dynamic name, so
/// that no string shows as its key at run time.
#[must_use]
pub fn keys_in_sources(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut used = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.filter_map(|entry| entry.ok().map(|e| e.path())) {
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let Ok(source) = std::fs::read_to_string(&path) else {
                    continue;
                };
                for (index, _) in source.match_indices("t!(\"") {
                    let before = source[..index].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue; // `format!(`, `print!(` and the like.
                    }
                    let rest = &source[index + 4..];
                    let Some(end) = rest.find('"') else { continue };
                    let key = &rest[..end];
                    let looks_like_key = key.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'
                    });
                    if key == "key" || !looks_like_key {
                        continue; // The macro's own documentation and the tests.
                    }
                    used.push((path.display().to_string(), key.to_owned()));
                }
            }
        }
    }
    used
}

/// Every text of both catalogues with its language and key, for the test that the window's
/// fonts can draw them all.
#[must_use]
pub fn all_texts() -> Vec<(Lang, &'static str, &'static str)> {
    Lang::ALL
        .into_iter()
        .flat_map(|lang| {
            catalogue(lang)
                .iter()
                .map(move |(key, text)| (lang, *key, *text))
        })
        .collect()
}

/// An integer with the current language's thousands separator: `10.500` or `10,500`.
#[must_use]
pub fn format_int(value: i64) -> String {
    let separator = match lang() {
        Lang::De => '.',
        Lang::En => ',',
    };
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    if value < 0 {
        out.insert(0, '-');
    }
    out
}

/// A number with `decimals` decimals, the current language's decimal mark and thousands
/// separator: `12.345,6` or `12,345.6`.
#[must_use]
pub fn format_decimal(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let whole: i64 = whole.parse().unwrap_or(0);
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    let mark = match lang() {
        Lang::De => ',',
        Lang::En => '.',
    };
    if fraction.is_empty() {
        format!("{sign}{}", format_int(whole))
    } else {
        format!("{sign}{}{mark}{fraction}", format_int(whole))
    }
}

/// Text cut to at most `chars` characters, ending in `…` when cut.
#[must_use]
pub fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_owned()
    } else {
        format!(
            "{}…",
            text.chars()
                .take(chars.saturating_sub(1))
                .collect::<String>()
        )
    }
}

/// A period's code as the current language writes it: a reporting date `2018-12-31` is
/// `31.12.2018` in German; years, school years and the other codes stay as they are.
#[must_use]
pub fn format_period(code: &str) -> String {
    match (lang(), chrono::NaiveDate::parse_from_str(code, "%Y-%m-%d")) {
        (Lang::De, Ok(date)) => date.format("%d.%m.%Y").to_string(),
        _ => code.to_owned(),
    }
}

/// A number with the current language's decimal mark, as many decimals as it has.
#[must_use]
pub fn format_number(value: f64) -> String {
    let text = format!("{value}");
    match lang() {
        Lang::De => text.replace('.', ","),
        Lang::En => text,
    }
}

/// An RFC 3339 timestamp (stored in UTC) as the current language writes a date and time in
/// this computer's time zone: `23.11.2026, 20:33` or `2026-11-23 20:33`.
#[must_use]
pub fn format_timestamp(timestamp: &str) -> String {
    let Ok(parsed) = chrono::DateTime::parse_from_rfc3339(timestamp) else {
        return timestamp.to_owned();
    };
    let local = parsed.with_timezone(&chrono::Local);
    match lang() {
        Lang::De => local.format("%d.%m.%Y, %H:%M").to_string(),
        Lang::En => local.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// An RFC 3339 timestamp (stored in UTC) in this computer's time zone, with its offset
/// (`2026-11-23T20:33:05.120+01:00`), for machine-readable output.
#[must_use]
pub fn local_rfc3339(timestamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(timestamp).map_or_else(
        |_| timestamp.to_owned(),
        |parsed| {
            parsed
                .with_timezone(&chrono::Local)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, false)
        },
    )
}

/// A file size in bytes, kB or MB, with the current language's decimal mark.
#[must_use]
pub fn format_bytes(bytes: u64) -> String {
    let (value, unit) = if bytes >= 1_000_000 {
        (bytes as f64 / 1_000_000.0, "MB")
    } else if bytes >= 1_000 {
        (bytes as f64 / 1_000.0, "kB")
    } else {
        return format!("{bytes} B");
    };
    let text = format!("{value:.1} {unit}");
    match lang() {
        Lang::De => text.replace('.', ","),
        Lang::En => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::collections::BTreeSet;

    fn keys(lang: Lang) -> BTreeSet<&'static str> {
        catalogue(lang).keys().copied().collect()
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let de = keys(Lang::De);
        let en = keys(Lang::En);
        let only_de: Vec<_> = de.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&de).collect();
        assert!(only_de.is_empty(), "keys without English text: {only_de:?}");
        assert!(only_en.is_empty(), "keys without German text: {only_en:?}");
        for lang in Lang::ALL {
            for (key, text) in catalogue(lang) {
                assert!(!text.trim().is_empty(), "{key} is empty in {lang:?}");
            }
        }
    }

    #[test]
    fn every_line_of_the_catalogues_is_a_key_and_a_text() {
        for (name, text) in [("de", DE), ("en", EN)] {
            for (number, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                assert!(
                    line.contains(" = "),
                    "{name}.txt line {}: no ` = `",
                    number + 1
                );
            }
            let count = text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.trim().starts_with('#'))
                .count();
            assert_eq!(count, parse(text).len(), "{name}.txt has a key twice");
        }
    }

    #[test]
    fn placeholders_are_filled() {
        set_lang(Lang::En);
        let text = t!("store.error.not_found", path = "x.lernstadt");
        assert!(text.contains("x.lernstadt"), "{text}");
        assert!(!text.contains('{'));
    }

    #[test]
    fn a_decimal_comma_follows_the_region_then_the_language() {
        for (locale, comma) in [
            ("de_DE.UTF-8", true),
            ("de-AT", true),
            ("en-DE", true),
            ("de_CH.UTF-8", false),
            ("de", true),
            ("en_US.UTF-8", false),
            ("en-GB", false),
            ("C", false),
            ("C.UTF-8", false),
            ("POSIX", false),
            ("fr_FR@euro", true),
            ("zh-Hans-CN", false),
            ("pt-Latn-BR", true),
            ("", false),
        ] {
            assert_eq!(locale_decimal_comma(locale), comma, "{locale}");
        }
    }

    #[test]
    fn locale_names_map_to_languages() {
        assert_eq!(lang_from_locale("de_DE.UTF-8"), Lang::De);
        assert_eq!(lang_from_locale("en_GB.UTF-8"), Lang::En);
        assert_eq!(lang_from_locale("C"), Lang::En);
        assert_eq!(lang_from_locale("fr_FR"), Lang::En);
    }
}
